"""Moving cards between the board's columns, and undoing it.

A move is one transaction: cards change stage and position, and every card whose
stage changed is re-planned in the same unit of work (so "to Rejected" turns the
calls into a feedback request, "to Offer" cancels what was pending, and moving
back revives it: :func:`~followup_gui.services.plans.planning.replan_all` is
deterministic from the stored facts).

Its cost follows the cards moved, not the cards stored: positions are sparse
(:mod:`~followup_gui.services.board.positions`), so the free positions between the
two cards the moved ones land between are found with two indexed look-ups, and
only the moved cards are written. Only when there is no room left there is the
target column read whole and renumbered.

Undo works on *placements*: the stage and position of every card a move wrote,
before and after. Writing the "before" placements back through the same service
moves the cards back exactly where they were and re-plans them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.board.cards import BoardPatch
from followup_gui.services.board.columns import BoardError, load_cards
from followup_gui.services.board.positions import new_positions, spread
from followup_gui.services.changes import Changes
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.board_rows import shift_positions

#: Each card's stage and position, by id.
Placements = dict[int, tuple[str, int]]


@dataclass(frozen=True)
class MoveResult:
    """What a move changed: placements for undo/redo, and the cards changed.

    Attributes:
        before: every card the move wrote, with its stage and position before.
        after: the same cards, with their stage and position after.
        moved: the cards whose stage changed (they were re-planned).
        changes: every card whose stage or position was written (a stage move
            re-plans the card, so it names its plan too, with ``stage_moves``).
        patch: for the board's snapshot (``None``: load the touched cards again).
    """

    before: Placements
    after: Placements
    moved: tuple[int, ...]
    changes: Changes
    patch: BoardPatch | None = None


class _Queries(NamedTuple):
    stage: Any  # the id of the stage ``key``
    found: Any  # id, stage, position of the cards ``ids``
    above: Any  # the card just above (``hp``, ``hid``) in stage ``key``, not one of ``ids``
    last: Any  # the last card of stage ``key`` that is not one of ``ids``
    column: Any  # id and position of every card of stage ``key``, in order
    tally: Any  # per stage of ``keys``: how many cards, and the sum of their ids
    move: Any  # new ``b_stage`` and ``b_position`` of card ``b_id`` (executemany)


@cache
def _queries() -> _Queries:
    """The statements of a move, built once (a move runs each of them once)."""
    a = m.Application
    table = m.Base.metadata.tables["application"]
    ids: Any = bindparam("ids", expanding=True)
    in_stage = and_(a.stage_key == bindparam("key"), a.id.not_in(ids))
    return _Queries(
        stage=select(m.Stage.id).where(m.Stage.key == bindparam("key")),
        found=select(a.id, a.stage_key, a.position).where(a.id.in_(ids)),
        above=select(a.position)
        .where(
            in_stage,
            or_(
                a.position < bindparam("hp"),
                and_(a.position == bindparam("hp"), a.id < bindparam("hid")),
            ),
        )
        .order_by(a.position.desc(), a.id.desc())
        .limit(1),
        last=select(a.position).where(in_stage).order_by(a.position.desc(), a.id.desc()).limit(1),
        column=select(a.id, a.position)
        .where(a.stage_key == bindparam("key"))
        .order_by(a.position, a.id),
        tally=select(a.stage_key, func.count(), func.sum(a.id))
        .where(a.stage_key.in_(bindparam("keys", expanding=True)))
        .group_by(a.stage_key),
        # ``updated_at`` follows its ``onupdate``, the version moves on as for any edit.
        move=update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(
            stage_key=bindparam("b_stage"),
            position=bindparam("b_position"),
            version=table.c.version + 1,
        ),
    )


def _landing(
    session: Session,
    stage_key: str,
    moving: list[int],
    before: tuple[int, int] | None,
) -> list[int] | None:
    """Free positions for ``moving`` in ``stage_key``: before ``before``, or at the end.

    ``before``: the position and id of the card they land in front of. ``None``
    when there is no whole number left between the two neighbours.
    """
    q = _queries()
    if before is None:
        return spread(session.scalar(q.last, {"key": stage_key, "ids": moving}), None, len(moving))
    high, high_id = before
    params = {"key": stage_key, "ids": moving, "hp": high, "hid": high_id}
    return spread(session.scalar(q.above, params), high, len(moving))


def _renumbered(
    session: Session, stage_key: str, moving: list[int], before_id: int | None
) -> Placements:
    """The target column read whole, the cards put in, and the positions to write."""
    rows = session.execute(_queries().column, {"key": stage_key}).all()
    stored = {app_id: position for app_id, position in rows if app_id not in moving}
    column = [app_id for app_id, _ in rows if app_id not in moving]
    index = column.index(before_id) if before_id in column else len(column)
    column[index:index] = moving
    return {i: (stage_key, p) for i, p in new_positions(column, stored).items()}


def tally(session: Session, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Per stage: how many cards it holds and the sum of their ids (empty: ``(0, 0)``).

    The board compares this with its snapshot's columns to see that nobody else
    added or removed a card there since it loaded them.
    """
    keys = sorted(set(keys))
    found = {
        key: (int(count), int(total or 0))
        for key, count, total in session.execute(_queries().tally, {"keys": keys})
    }
    return {key: found.get(key, (0, 0)) for key in keys}


def _write(
    session: Session,
    was: Mapping[int, tuple[str, int]],
    placements: Mapping[int, tuple[str, int]],
    now: datetime,
    settings: PlannerSettings,
) -> tuple[Changes, tuple[int, ...]]:
    """Write ``placements`` (cards ``was`` does not hold are skipped: deleted since).

    Cards that change stage are written with one ``executemany`` and re-planned;
    cards that only change position, with another.
    """
    moved = [i for i, (key, _) in placements.items() if i in was and was[i][0] != key]
    shifted = [
        {"b_id": i, "b_position": p}
        for i, (key, p) in placements.items()
        if i in was and was[i] != (key, p) and was[i][0] == key
    ]
    shift_positions(session, shifted)
    changes = ch.cards(i["b_id"] for i in shifted) if shifted else ch.NOTHING
    if moved:
        session.execute(
            _queries().move,
            [
                {"b_id": i, "b_stage": placements[i][0], "b_position": placements[i][1]}
                for i in moved
            ],
        )
        replan_all(session, now, settings, moved)
        changes = changes | ch.applications(moved, stage_moves=True)
    return changes, tuple(moved)


def _patch(
    session: Session, now: datetime, was: Placements, after: Placements, cards: Sequence[int]
) -> BoardPatch:
    """The board's patch: where the written cards are, ``cards`` read afresh, the tallies."""
    stages = {key for key, _ in was.values()} | {key for key, _ in after.values()}
    # The moved cards read afresh (a handful of rows): their new plan, and whatever
    # else changed since the board loaded them (the clock, an edit made elsewhere).
    fresh = tuple(load_cards(session, now, cards)) if cards else ()
    return BoardPatch(dict(after), fresh, tally(session, stages))


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
        before_id: the card they land in front of, or ``None`` for the end (also
            when that card is not in the target column, or is one of ``ids``).
        now: the clock, for the re-plan.
        settings: the planner's knobs.

    Raises:
        BoardError: the stage or one of the cards does not exist.
    """
    moving = list(dict.fromkeys(ids))
    q = _queries()
    with db.write() as session:
        if session.scalar(q.stage, {"key": stage_key}) is None:
            raise BoardError(f"There is no stage '{stage_key}'.")
        look = [*moving, before_id] if before_id is not None else moving
        found: Placements = {
            app_id: (key, position)
            for app_id, key, position in session.execute(q.found, {"ids": look})
        }
        if any(i not in found for i in moving):
            raise BoardError("A card was deleted meanwhile; nothing was moved.")
        was = {i: found[i] for i in moving}
        anchor = found.get(before_id) if before_id is not None else None
        slot: tuple[int, int] | None = None
        if before_id is None or before_id in was or anchor is None or anchor[0] != stage_key:
            before_id = None
        else:
            slot = (anchor[1], before_id)
        room = _landing(session, stage_key, moving, slot)
        if room is not None:
            after: Placements = {i: (stage_key, p) for i, p in zip(moving, room, strict=True)}
        else:
            after = _renumbered(session, stage_key, moving, before_id)
            extra = set(after) - set(was)
            if extra:
                was.update(
                    (app_id, (key, position))
                    for app_id, key, position in session.execute(q.found, {"ids": sorted(extra)})
                )
        changes, _moved = _write(session, was, after, now, settings)
        patch = _patch(session, now, was, after, moving)
    return MoveResult(was, after, tuple(moving), changes, patch)


def apply_placements(
    db: Database, placements: Placements, now: datetime, settings: PlannerSettings
) -> MoveResult:
    """Put cards where ``placements`` say (undo/redo of a move), in one transaction.

    Cards deleted since are skipped; a stage deleted since is refused.
    """
    with db.write() as session:
        known = set(session.scalars(select(m.Stage.key)))
        gone = {key for key, _ in placements.values()} - known
        if gone:
            raise BoardError(f"There is no stage '{sorted(gone)[0]}' any more.")
        was: Placements = {
            app_id: (key, position)
            for app_id, key, position in session.execute(
                _queries().found, {"ids": sorted(placements)}
            )
        }
        after = {i: p for i, p in placements.items() if i in was}
        changes, moved = _write(session, was, after, now, settings)
        patch = _patch(session, now, was, after, list(after))
    return MoveResult(was, after, moved, changes, patch)
