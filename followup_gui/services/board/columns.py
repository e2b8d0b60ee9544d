"""The board's use cases: what the columns hold, and moving cards between them.

A move is one transaction: cards change stage and position, and every card whose
stage changed is re-planned in the same unit of work (so "to Rejected" turns the
calls into a feedback request, "to Offer" cancels what was pending, and moving
back revives it: :func:`~followup_gui.services.plans.planning.replan_all` is deterministic
from the stored facts).

Undo works on *layouts*: the ordered card ids of each affected column. A move
returns the layout before and after; applying the "before" layout through the same
service moves the cards back and re-plans them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from followup_gui.domain import FollowUpError
from followup_gui.gc_tuning import collector_paused
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.board.cards import (
    BoardPatch,
    BoardSnapshot,
    CardSummary,
    StageInfo,
    assemble_cards,
)
from followup_gui.services.board.positions import new_positions
from followup_gui.services.changes import Changes
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.board_rows import card_rows, shift_positions, stage_rows

#: Ordered card ids per stage key.
Layout = Mapping[str, tuple[int, ...]]


class BoardError(FollowUpError):
    """A board change the user asked for cannot be made (message says why)."""


@dataclass(frozen=True)
class MoveResult:
    """What a move changed: layouts for undo/redo, and the cards changed.

    ``changes`` names every card whose stage or position was written (a stage
    move re-plans the card, so it names its plan too, with ``stage_moves``).
    """

    before: dict[str, tuple[int, ...]]
    after: dict[str, tuple[int, ...]]
    moved: tuple[int, ...]
    changes: Changes
    #: For the board's snapshot (``None``: load the touched cards again).
    patch: BoardPatch | None = None


def stage_info(stage: m.Stage) -> StageInfo:
    """The GUI's view of a stored stage."""
    return StageInfo(stage.key, stage.title, stage.order, stage.terminal, stage.hidden)


def list_stages(session: Session) -> list[StageInfo]:
    """Every stage, left to right (hidden ones included)."""
    return [StageInfo(*row) for row in stage_rows(session)]


def load_cards(
    session: Session, now: datetime, ids: Collection[int] | None = None
) -> list[CardSummary]:
    """Card summaries as of ``now``, in board order (all cards, or only ``ids``).

    Four column queries, no ORM objects: at thousands of cards, building
    entities and relationship collections costs far more than the SQL. Their SQL
    is the start-up peek's (:mod:`followup_gui.storage.board_sql`).
    """
    rows = card_rows(session, now, ids)
    return assemble_cards(now, rows.people, rows.last_ended, rows.pending, rows.applications)


def load_board(db: Database, now: datetime) -> BoardSnapshot:
    """Every stage and card summary, as of ``now``."""
    with db.read() as session, collector_paused():
        stages = list_stages(session)
        cards = tuple(load_cards(session, now))
    return BoardSnapshot(tuple(stages), cards)


def load_layout(db: Database) -> dict[int, tuple[str, int]]:
    """Every card's stage and position (cheap: to patch a snapshot after a change)."""
    with db.read() as session:
        rows = session.execute(
            select(m.Application.id, m.Application.stage_key, m.Application.position)
        )
        return {app_id: (key, position) for app_id, key, position in rows}


def refresh_snapshot(
    db: Database, snapshot: BoardSnapshot, now: datetime, ids: Collection[int]
) -> BoardSnapshot:
    """The snapshot with the cards ``ids`` loaded again and every card where it now is.

    Cards deleted since drop out, new ones are loaded, the others keep their
    summary (their stage and position are updated). Used after the board's own
    edits, which change only the cards they name; a full :func:`load_board` is
    for everything else (imports, stage edits, another process's changes).
    """
    known = snapshot.by_id()
    with db.read() as session:
        fresh = {c.id: c for c in load_cards(session, now, ids)} if ids else {}
        # Only the columns the named cards left or entered can have changed.
        stages = {known[i].stage_key for i in ids if i in known}
        stages |= {c.stage_key for c in fresh.values()}
        stmt = select(m.Application.id, m.Application.stage_key, m.Application.position)
        if ids:
            stmt = stmt.where(m.Application.stage_key.in_(stages))
        layout = {app_id: (key, position) for app_id, key, position in session.execute(stmt)}
        missing = set(layout) - known.keys() - fresh.keys()
        if missing:  # created by someone else meanwhile
            fresh.update({c.id: c for c in load_cards(session, now, missing)})
    cards = [c for c in snapshot.cards if ids and c.stage_key not in stages and c.id not in fresh]
    for app_id, (key, position) in layout.items():
        card = fresh.get(app_id) or known[app_id]
        if (card.stage_key, card.position) != (key, position):
            card = replace(card, stage_key=key, position=position)
        cards.append(card)
    cards.sort(key=lambda c: (c.position, c.id))
    return BoardSnapshot(snapshot.stages, tuple(cards))


#: Each card's stage and position, by id.
Where = dict[int, tuple[str, int]]


def _columns(session: Session, keys: Iterable[str]) -> tuple[dict[str, list[int]], Where]:
    """The ordered card ids of these stages, and where each of those cards is."""
    keys = set(keys)
    columns: dict[str, list[int]] = {k: [] for k in keys}
    where: Where = {}
    rows = session.execute(_move_queries().columns, {"keys": list(keys)})
    for app_id, key, position in rows:
        columns[key].append(app_id)
        where[app_id] = (key, position)
    return columns, where


def _where(session: Session, layout: Layout) -> Where:
    """Where the cards of ``layout`` are now (after checking its stages exist)."""
    known = set(session.scalars(select(m.Stage.key)))
    unknown = set(layout) - known
    if unknown:
        raise BoardError(f"There is no stage '{sorted(unknown)[0]}' any more.")
    ids = [i for ids in layout.values() for i in ids]
    return {
        app_id: (key, position)
        for app_id, key, position in session.execute(
            select(m.Application.id, m.Application.stage_key, m.Application.position).where(
                m.Application.id.in_(ids)
            )
        )
    }


def _apply_layout(
    session: Session, layout: Layout, where: Where, now: datetime, settings: PlannerSettings
) -> tuple[Changes, Where]:
    """Give every listed card its stage and position; re-plan those whose stage changed.

    ``where``: each listed card's current stage and position (absent: deleted).

    Returns:
        What changed (the cards written; the moved ones with their plans and a
        stage move), and where every listed card (not deleted) is now.
    """
    moved: dict[int, tuple[str, int]] = {}
    shifted: list[dict[str, int]] = []
    after: Where = {}
    for key, column in layout.items():
        present = [app_id for app_id in column if app_id in where]  # deleted since: skipped
        stored = {i: where[i][1] for i in present if where[i][0] == key}
        after.update((i, (key, position)) for i, position in stored.items())
        # Sparse positions: usually only the cards that move are written.
        for app_id, position in new_positions(present, stored).items():
            after[app_id] = (key, position)
            if where[app_id][0] != key:
                moved[app_id] = (key, position)
            else:
                shifted.append({"b_id": app_id, "b_position": position})
    # Only positions change here: one executemany, not an ORM object per card
    # of the column (the version still moves on, as for any other edit).
    shift_positions(session, shifted)
    changes = ch.cards(i["b_id"] for i in shifted) if shifted else ch.NOTHING
    if not moved:
        return changes, after
    # The moved cards change stage with one executemany (``updated_at`` follows its
    # ``onupdate``, the version moves on as for any edit), then their re-plan.
    session.execute(
        _move_queries().move,
        [
            {"b_id": app_id, "b_stage": key, "b_position": position}
            for app_id, (key, position) in moved.items()
        ],
    )
    replan_all(session, now, settings, list(moved))
    return changes | ch.applications(moved, stage_moves=True), after


class _MoveQueries(NamedTuple):
    stage: Any  # the id of the stage ``key``
    found: Any  # id and stage of the cards ``ids``
    columns: Any  # id, stage, position of every card of the stages ``keys``, in order
    move: Any  # new ``b_stage`` and ``b_position`` of card ``b_id`` (executemany)


@cache
def _move_queries() -> _MoveQueries:
    """The statements of a move, built once (a move runs each of them once)."""
    a = m.Application
    table = m.Base.metadata.tables["application"]
    return _MoveQueries(
        stage=select(m.Stage.id).where(m.Stage.key == bindparam("key")),
        found=select(a.id, a.stage_key).where(a.id.in_(bindparam("ids", expanding=True))),
        columns=select(a.id, a.stage_key, a.position)
        .where(a.stage_key.in_(bindparam("keys", expanding=True)))
        .order_by(a.position, a.id),
        # ``updated_at`` follows its ``onupdate``, the version moves on as for any edit.
        move=update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(
            stage_key=bindparam("b_stage"),
            position=bindparam("b_position"),
            version=table.c.version + 1,
        ),
    )


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
        queries = _move_queries()
        if session.scalar(queries.stage, {"key": stage_key}) is None:
            raise BoardError(f"There is no stage '{stage_key}'.")
        found = session.execute(queries.found, {"ids": moving})
        rows = {app_id: key for app_id, key in found}
        if len(rows) != len(moving):
            raise BoardError("A card was deleted meanwhile; nothing was moved.")
        columns, where = _columns(session, {stage_key, *rows.values()})
        before = {k: tuple(v) for k, v in columns.items()}
        for key in columns:
            columns[key] = [i for i in columns[key] if i not in rows]
        target = columns[stage_key]
        index = target.index(before_id) if before_id in target else len(target)
        target[index:index] = moving
        after = {k: tuple(v) for k, v in columns.items()}
        changes, placed = _apply_layout(session, after, where, now, settings)
        # The columns were read whole, so ``placed`` is every card of them: the
        # board updates its snapshot from this, without reading them again.
        # The moved cards read afresh (a handful of rows): their new plan, and
        # whatever else changed since the board loaded them (the clock, an edit
        # made elsewhere).
        fresh = tuple(load_cards(session, now, moving))
    patch = BoardPatch(frozenset(after), placed, fresh)
    return MoveResult(before, after, tuple(moving), changes, patch)


def apply_layout(
    db: Database, layout: Layout, now: datetime, settings: PlannerSettings
) -> MoveResult:
    """Put cards back where a layout says (undo/redo of a move), in one transaction."""
    with db.write() as session:
        where = _where(session, layout)
        before = {k: tuple(v) for k, v in _columns(session, layout)[0].items()}
        changes, _placed = _apply_layout(session, layout, where, now, settings)
    after = {k: tuple(v) for k, v in layout.items()}
    moved = tuple(i for k, v in after.items() for i in v if i not in before.get(k, ()))
    return MoveResult(before, after, moved, changes)
