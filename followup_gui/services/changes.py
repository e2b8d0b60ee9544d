"""What a write changed: one frozen :class:`Changes` value, as Anki's ``OpChanges``.

Every service that writes returns a :class:`Changes` (or a result that carries
one in ``changes``). The window does not guess what to reload: each view reads
the value and decides whether it must refresh now, later (when it is next
shown) or not at all. Changes made by another program or machine are reported
as :data:`EVERYTHING` with ``external`` set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Changes:
    """Which kinds of stored things a write changed, and which ids it touched.

    Attributes:
        cards: applications as the board shows them (company, role, stage,
            position, interviews, notes...), including created and deleted ones.
        plans: planned follow-ups (the agenda, the tray, the timeline).
        contacts: contacts (name, emails, phones, links to interviews).
        stages: the board's columns (added, renamed, reordered, hidden, deleted).
        profile: the user's own details used by the scripts.
        settings: the planner's and the app's settings.
        stage_moves: applications changed stage (the contact history lists stages).
        application_ids: the applications touched; empty with ``cards`` or
            ``plans`` set means "any of them".
        contact_ids: the contacts touched; empty with ``contacts`` set means
            "any of them".
        external: made by another program or machine (not by this window); an
            open editor must not take its version as its own.
    """

    cards: bool = False
    plans: bool = False
    contacts: bool = False
    stages: bool = False
    profile: bool = False
    settings: bool = False
    stage_moves: bool = False
    application_ids: frozenset[int] = field(default_factory=frozenset)
    contact_ids: frozenset[int] = field(default_factory=frozenset)
    external: bool = False

    def __bool__(self) -> bool:
        """Whether anything changed at all."""
        return any(
            (
                self.cards,
                self.plans,
                self.contacts,
                self.stages,
                self.profile,
                self.settings,
                self.stage_moves,
            )
        )

    def __or__(self, other: Changes) -> Changes:
        """Both changes, as one (ids are united; an "any" stays "any")."""
        return Changes(
            cards=self.cards or other.cards,
            plans=self.plans or other.plans,
            contacts=self.contacts or other.contacts,
            stages=self.stages or other.stages,
            profile=self.profile or other.profile,
            settings=self.settings or other.settings,
            stage_moves=self.stage_moves or other.stage_moves,
            application_ids=_united(
                self.application_ids,
                other.application_ids,
                any_left=(self.cards or self.plans) and not self.application_ids,
                any_right=(other.cards or other.plans) and not other.application_ids,
            ),
            contact_ids=_united(
                self.contact_ids,
                other.contact_ids,
                any_left=self.contacts and not self.contact_ids,
                any_right=other.contacts and not other.contact_ids,
            ),
            external=self.external or other.external,
        )

    @property
    def board(self) -> bool:
        """Whether the board must show something new (cards or columns)."""
        return self.cards or self.stages or self.plans

    @property
    def everything(self) -> bool:
        """Whether every kind changed with no ids named (an import, a restore)."""
        return self == replace(EVERYTHING, external=self.external)

    def as_external(self) -> Changes:
        """The same changes, marked as made by another program or machine."""
        return replace(self, external=True)


def _united(
    left: frozenset[int], right: frozenset[int], *, any_left: bool, any_right: bool
) -> frozenset[int]:
    """Ids of two changes together; empty ("any") when either side meant any."""
    if any_left or any_right:
        return frozenset()
    return left | right


def applications(ids: Iterable[int], *, stage_moves: bool = False) -> Changes:
    """Applications ``ids`` changed, and with them their cards and plans."""
    return Changes(cards=True, plans=True, stage_moves=stage_moves, application_ids=frozenset(ids))


def cards(ids: Iterable[int]) -> Changes:
    """The cards of applications ``ids`` changed, not their plans (an attachment, a participant)."""
    return Changes(cards=True, application_ids=frozenset(ids))


def plans(ids: Iterable[int]) -> Changes:
    """The plans of applications ``ids`` changed, not their cards (a snooze, a re-plan)."""
    return Changes(plans=True, application_ids=frozenset(ids))


def contacts(ids: Iterable[int] = ()) -> Changes:
    """Contacts ``ids`` changed (empty: any of them)."""
    return Changes(contacts=True, contact_ids=frozenset(ids))


@dataclass(frozen=True, slots=True)
class WithChanges(Generic[T]):
    """A write's result and what it changed, as Anki's ``OpChangesWithId``.

    Attributes:
        value: what the write returns besides its changes (a saved record, a
            snapshot for undo, a count).
        changes: what it changed.
    """

    value: T
    changes: Changes


NOTHING = Changes()
"""A write that changed nothing (a no-op move, a save of unchanged values)."""

EVERYTHING = Changes(
    cards=True,
    plans=True,
    contacts=True,
    stages=True,
    profile=True,
    settings=True,
    stage_moves=True,
)
"""Anything may have changed: an import, a restored backup, another program's write."""
