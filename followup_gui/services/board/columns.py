"""The board's reads: its stages and what the columns hold.

Moving cards between the columns is :mod:`followup_gui.services.board.moves`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup_gui.domain import FollowUpError
from followup_gui.gc_tuning import collector_paused
from followup_gui.services.board.cards import (
    BoardSnapshot,
    CardSummary,
    StageInfo,
    assemble_cards,
)
from followup_gui.services.plans.planning import applications_naming
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.board_rows import card_rows, stage_rows


class BoardError(FollowUpError):
    """A board change the user asked for cannot be made (message says why)."""


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


def cards_naming(db: Database, contact_ids: Collection[int]) -> set[int]:
    """The applications whose cards can show one of these contacts' names.

    A card names the people met at its interviews, its primary contact and
    whom its pending steps address; after an edit of a few contacts, only those
    cards need loading again, not the whole board.
    """
    with db.read() as session:
        return applications_naming(session, contact_ids, attempts=False, pending_steps=True)
