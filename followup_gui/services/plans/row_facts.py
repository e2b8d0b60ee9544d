"""Planner facts built straight from driver rows, for the column loader (``store``).

A re-plan of thousands of applications builds tens of thousands of these: each
is built with the dataclass's fields in order (see ``frozen``), and enums are
looked up by value in a dict (calling the enum class costs 3x more).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from followup_gui.domain import AttemptFacts, AttemptKind, ContactFacts, Outcome
from followup_gui.services.plans.frozen import positional_factory

_ATTEMPT_KINDS = {k.value: k for k in AttemptKind}
_OUTCOMES = {o.value: o for o in Outcome}
# Built as ``AttemptFacts(...)`` etc. would be, at half the cost (see ``frozen``).
_new_attempt = positional_factory(AttemptFacts)
_new_contact = positional_factory(ContactFacts)
_AT = attrgetter("at")


class ContactIds(dict[int, str]):
    """``str(id)`` of each contact id, one string per contact.

    A contact is named by many rows: sharing its string saves building it again,
    and its hash is computed once for all the lookups by id.
    """

    def __missing__(self, key: int) -> str:
        text = self[key] = str(key)
        return text


class ContactRows(dict[str, ContactFacts]):
    """Contact facts by ``str`` id, each built from its row when first asked for.

    Only the contacts some application refers to become facts, without a pass to
    find out which ones those are first.
    """

    def __init__(self, rows: Sequence[Any]) -> None:
        super().__init__()
        self._rows = {row[0]: row for row in rows}

    def __missing__(self, key: str) -> ContactFacts:
        _id, name, title, company, preferred, email, phone, postal, confirmed = self._rows[int(key)]
        # Every field, in ``ContactFacts``' order.
        person = _new_contact(
            key, name, title, company, preferred, email or "", phone or "", postal, bool(confirmed)
        )
        self[key] = person
        return person


def attempt_facts(
    rows: Sequence[Any],
    names: dict[int, str],
    instant: Callable[[Any], datetime],
    day: Callable[[Any], date],
) -> dict[int, list[AttemptFacts]]:
    """Attempt facts by application id, each list in time order (ties in row order).

    Args:
        rows: ``(application_id, contact_id, kind, at, outcome, notes,
            decision_date)`` driver tuples, in id order.
        names: ``str`` ids by contact id.
        instant: reads the driver's ``at``.
        day: reads a non-null driver ``decision_date``.
    """
    groups: defaultdict[int, list[AttemptFacts]] = defaultdict(list)
    # Every field, in AttemptFacts' order: the hottest loop of a load.
    for app_id, cid, kind, when, outcome, notes, decided in rows:
        groups[app_id].append(
            _new_attempt(
                None if cid is None else names[cid],
                _ATTEMPT_KINDS[kind],
                instant(when),
                _OUTCOMES[outcome],
                notes,
                None if decided is None else day(decided),
            )
        )
    for group in groups.values():
        group.sort(key=_AT)
    return groups
