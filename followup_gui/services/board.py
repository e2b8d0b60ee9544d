"""The board's use cases: what the columns hold, and moving cards between them.

A move is one transaction: cards change stage and position, and every card whose
stage changed is re-planned in the same unit of work (so "to Rejected" turns the
calls into a feedback request, "to Offer" cancels what was pending, and moving
back revives it: :func:`~followup_gui.services.planning.replan` is deterministic
from the stored facts).

Undo works on *layouts*: the ordered card ids of each affected column. A move
returns the layout before and after; applying the "before" layout through the same
service moves the cards back and re-plans them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from followup_gui.domain import FollowUpError, FollowUpStatus
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.planning import PlanChanges, load_for_planning, replan
from followup_gui.storage import Database
from followup_gui.storage import models as m

#: Ordered card ids per stage key.
Layout = Mapping[str, tuple[int, ...]]

#: How far ahead "due this week" looks.
SOON = timedelta(days=7)


class BoardError(FollowUpError):
    """A board change the user asked for cannot be made (message says why)."""


@dataclass(frozen=True)
class StageInfo:
    """One column of the board, as the GUI sees it."""

    key: str
    title: str
    order: int
    terminal: bool
    hidden: bool


@dataclass(frozen=True)
class NextStep:
    """The soonest pending follow-up of a card.

    Attributes:
        kind: a :class:`~followup_gui.domain.FollowUpKind` value.
        contact_name: who it is for, when the plan names someone.
        due: in the employer's time zone ("Thu 10:00" is their Thursday).
        overdue: due before the ``now`` the board was loaded at.
    """

    kind: str
    contact_name: str | None
    due: datetime
    overdue: bool


@dataclass(frozen=True)
class CardSummary:
    """What one card shows, and what the search box and quick filters look at.

    Attributes:
        people: full names of everyone met in the application's interviews.
        days_since_interview: whole days since the last interview ended, or
            ``None`` when no interview is over yet.
        overdue: some pending follow-up is overdue.
        due_soon: some pending follow-up is due within :data:`SOON` (not overdue).
        search_text: lower-case company, role, people and notes.
    """

    id: int
    company: str
    role: str
    stage_key: str
    position: int
    timezone: str
    next_step: NextStep | None
    overdue: bool
    due_soon: bool
    days_since_interview: int | None
    people: tuple[str, ...]
    search_text: str

    @property
    def initials(self) -> tuple[str, ...]:
        """Initials of the people met, e.g. ``("DW", "PR")``."""
        return tuple(initials(name) for name in self.people)

    def matches(self, text: str) -> bool:
        """Whether every word of ``text`` occurs in the card's searchable text."""
        return all(word in self.search_text for word in text.casefold().split())


@dataclass(frozen=True)
class BoardSnapshot:
    """Every stage and every card, loaded at one instant."""

    stages: tuple[StageInfo, ...]
    cards: tuple[CardSummary, ...]

    def column(self, stage_key: str) -> list[CardSummary]:
        """The cards of one stage in board order."""
        return sorted(
            (c for c in self.cards if c.stage_key == stage_key), key=lambda c: (c.position, c.id)
        )

    def stage(self, key: str) -> StageInfo | None:
        """The stage with ``key``, if there is one."""
        return next((s for s in self.stages if s.key == key), None)


@dataclass(frozen=True)
class MoveResult:
    """What a move changed: layouts for undo/redo and the re-plan's effect."""

    before: dict[str, tuple[int, ...]]
    after: dict[str, tuple[int, ...]]
    moved: tuple[int, ...]
    plan: PlanChanges


def initials(name: str) -> str:
    """First letters of the first and last word of a name (``"Zoë Å-N"`` -> ``"ZÅ"``)."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    last = next((w for w in reversed(name.split()) if w[:1].isalpha()), words[-1])
    return (words[0][0] + last[0]).upper()


def stage_info(stage: m.Stage) -> StageInfo:
    """The GUI's view of a stored stage."""
    return StageInfo(stage.key, stage.title, stage.order, stage.terminal, stage.hidden)


def list_stages(session: Session) -> list[StageInfo]:
    """Every stage, left to right (hidden ones included)."""
    return [stage_info(s) for s in session.scalars(select(m.Stage).order_by(m.Stage.order))]


def _summary(app: m.Application, now: datetime) -> CardSummary:
    tz = ZoneInfo(app.timezone)
    people: dict[int, str] = {}
    for interview in app.interviews:
        for person in interview.participants:
            people.setdefault(person.id, person.full_name)
    pending = sorted(
        (f for f in app.follow_ups if f.status == FollowUpStatus.PENDING.value),
        key=lambda f: (f.due_at, f.id),
    )
    next_step = None
    if pending:
        first = pending[0]
        name = None
        if first.contact is not None:
            name = first.contact.preferred_name or first.contact.full_name.split()[0]
        next_step = NextStep(first.kind, name, first.due_at.astimezone(tz), first.due_at < now)
    ended = [iv.ends_at for iv in app.interviews if iv.ends_at <= now]
    days = None
    if ended:
        days = (now.astimezone(tz).date() - max(ended).astimezone(tz).date()).days
    words = [app.company, app.role, app.notes, *people.values()]
    if app.primary_contact is not None:
        words.append(app.primary_contact.full_name)
    return CardSummary(
        id=app.id,
        company=app.company,
        role=app.role,
        stage_key=app.stage_key,
        position=app.position,
        timezone=app.timezone,
        next_step=next_step,
        overdue=any(f.due_at < now for f in pending),
        due_soon=any(now <= f.due_at < now + SOON for f in pending),
        days_since_interview=days,
        people=tuple(people.values()),
        search_text=" ".join(words).casefold(),
    )


def load_board(db: Database, now: datetime) -> BoardSnapshot:
    """Every stage and card summary, as of ``now``."""
    with db.read() as session:
        stages = list_stages(session)
        apps = session.scalars(
            select(m.Application)
            .options(
                selectinload(m.Application.interviews).selectinload(m.Interview.participants),
                selectinload(m.Application.follow_ups).selectinload(m.FollowUp.contact),
                selectinload(m.Application.primary_contact),
            )
            .order_by(m.Application.position, m.Application.id)
        )
        cards = tuple(_summary(app, now) for app in apps)
    return BoardSnapshot(tuple(stages), cards)


def _columns(session: Session, keys: Iterable[str]) -> dict[str, list[int]]:
    keys = set(keys)
    columns: dict[str, list[int]] = {k: [] for k in keys}
    rows = session.execute(
        select(m.Application.id, m.Application.stage_key)
        .where(m.Application.stage_key.in_(keys))
        .order_by(m.Application.position, m.Application.id)
    )
    for app_id, key in rows:
        columns[key].append(app_id)
    return columns


def _apply_layout(
    session: Session, layout: Layout, now: datetime, settings: PlannerSettings
) -> PlanChanges:
    """Give every listed card its stage and position; re-plan those whose stage changed."""
    known = set(session.scalars(select(m.Stage.key)))
    unknown = set(layout) - known
    if unknown:
        raise BoardError(f"There is no stage '{sorted(unknown)[0]}' any more.")
    ids = [i for ids in layout.values() for i in ids]
    apps = {a.id: a for a in load_for_planning(session, ids)}
    changes = PlanChanges()
    for key, column in layout.items():
        for position, app_id in enumerate(column):
            app = apps.get(app_id)
            if app is None:  # deleted since; nothing to put back
                continue
            if app.position != position:
                app.position = position
            if app.stage_key != key:
                app.stage_key = key
                session.flush()
                step = replan(session, app, now, settings)
                changes.application_ids |= step.application_ids
                changes.added += step.added
                changes.updated += step.updated
                changes.cancelled += step.cancelled
    session.flush()
    return changes


def move_cards(
    db: Database,
    ids: Sequence[int],
    stage_key: str,
    before_id: int | None,
    now: datetime,
    settings: PlannerSettings,
) -> MoveResult:
    """Move cards (in the given order) into a stage, before another card or at the end.

    Args:
        db: the database.
        ids: the cards to move; their order is kept in the target column.
        stage_key: the target stage.
        before_id: the card they land in front of, or ``None`` for the end.
        now: the clock, for the re-plan.
        settings: the planner's knobs.

    Raises:
        BoardError: the stage or one of the cards does not exist.
    """
    moving = list(dict.fromkeys(ids))
    with db.write() as session:
        if session.scalar(select(m.Stage.id).where(m.Stage.key == stage_key)) is None:
            raise BoardError(f"There is no stage '{stage_key}'.")
        found = session.execute(
            select(m.Application.id, m.Application.stage_key).where(m.Application.id.in_(moving))
        )
        rows = {app_id: key for app_id, key in found}
        if len(rows) != len(moving):
            raise BoardError("A card was deleted meanwhile; nothing was moved.")
        columns = _columns(session, {stage_key, *rows.values()})
        before = {k: tuple(v) for k, v in columns.items()}
        for key in columns:
            columns[key] = [i for i in columns[key] if i not in rows]
        target = columns[stage_key]
        index = target.index(before_id) if before_id in target else len(target)
        target[index:index] = moving
        after = {k: tuple(v) for k, v in columns.items()}
        changes = _apply_layout(session, after, now, settings)
    return MoveResult(before, after, tuple(moving), changes)


def apply_layout(
    db: Database, layout: Layout, now: datetime, settings: PlannerSettings
) -> MoveResult:
    """Put cards back where a layout says (undo/redo of a move), in one transaction."""
    with db.write() as session:
        before = {k: tuple(v) for k, v in _columns(session, layout).items()}
        changes = _apply_layout(session, layout, now, settings)
    after = {k: tuple(v) for k, v in layout.items()}
    moved = tuple(i for k, v in after.items() for i in v if i not in before.get(k, ()))
    return MoveResult(before, after, moved, changes)
