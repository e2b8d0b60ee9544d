"""Managing the board's columns: add, rename, reorder, hide and delete stages.

Cards are never lost: a stage that holds cards can be neither deleted nor hidden
(the user is told to move the cards first), so every card is always on a visible
column and reachable with the mouse, the keyboard and the search box.

Every write returns what it changed: the stages (``Changes(stages=True)``), or
nothing when the stage was already as asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup_gui.services.board.cards import StageInfo
from followup_gui.services.board.columns import BoardError, list_stages, stage_info
from followup_gui.services.changes import NOTHING, Changes, WithChanges
from followup_gui.storage import Database
from followup_gui.storage import models as m


def _stage(session: Session, key: str) -> m.Stage:
    stage = session.scalar(select(m.Stage).where(m.Stage.key == key))
    if stage is None:
        raise BoardError(f"There is no stage '{key}'.")
    return stage


def _card_count(session: Session, key: str) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(m.Application).where(m.Application.stage_key == key)
        )
        or 0
    )


#: What every stage write that did something changed.
STAGES = Changes(stages=True)


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise BoardError("A stage needs a name.")
    return title


def stages(db: Database) -> list[StageInfo]:
    """Every stage, left to right, hidden ones included."""
    with db.read() as session:
        return list_stages(session)


def add_stage(db: Database, title: str, terminal: bool = False) -> WithChanges[StageInfo]:
    """Add a stage at the right end; its key is derived from the title.

    Returns:
        The new stage, and the stages as changed.

    Raises:
        BoardError: the title is empty.
    """
    title = _clean_title(title)
    base = re.sub(r"[^a-z0-9]+", "_", title.casefold()).strip("_") or "stage"
    with db.write() as session:
        taken = set(session.scalars(select(m.Stage.key)))
        key, n = base, 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        last = session.scalar(select(func.max(m.Stage.order))) or 0
        stage = m.Stage(key=key, title=title, order=last + 1, terminal=terminal, hidden=False)
        session.add(stage)
        session.flush()
        return WithChanges(stage_info(stage), STAGES)


def rename_stage(db: Database, key: str, title: str) -> WithChanges[StageInfo]:
    """Give a stage a new title (its key, stored with the cards, stays).

    Returns:
        The stage, and the stages as changed (nothing when the title is the same).

    Raises:
        BoardError: no such stage, or an empty title.
    """
    title = _clean_title(title)
    with db.write() as session:
        stage = _stage(session, key)
        changes = STAGES if stage.title != title else NOTHING
        stage.title = title
        return WithChanges(stage_info(stage), changes)


def reorder_stages(db: Database, keys: Sequence[str]) -> WithChanges[list[StageInfo]]:
    """Put the stages in the order of ``keys`` (which must name every stage once).

    Returns:
        Every stage in the new order, and the stages as changed (nothing when
        the order is the same).

    Raises:
        BoardError: ``keys`` is not a permutation of the stored stage keys.
    """
    with db.write() as session:
        rows = {s.key: s for s in session.scalars(select(m.Stage))}
        if sorted(keys) != sorted(rows):
            raise BoardError("The new order must list every stage exactly once.")
        before = [s.key for s in sorted(rows.values(), key=lambda s: s.order)]
        for order, key in enumerate(keys):
            rows[key].order = order
        session.flush()
        return WithChanges(list_stages(session), STAGES if before != list(keys) else NOTHING)


def set_stage_hidden(db: Database, key: str, hidden: bool) -> WithChanges[StageInfo]:
    """Hide or show a stage's column.

    Returns:
        The stage, and the stages as changed (nothing when it already was).

    Raises:
        BoardError: the stage holds cards (hiding it would hide them).
    """
    with db.write() as session:
        stage = _stage(session, key)
        n = _card_count(session, key)
        if hidden and n:
            raise BoardError(_holds(stage.title, n))
        changes = STAGES if stage.hidden != hidden else NOTHING
        stage.hidden = hidden
        return WithChanges(stage_info(stage), changes)


def delete_stage(db: Database, key: str) -> Changes:
    """Delete an empty stage.

    Returns:
        The stages as changed.

    Raises:
        BoardError: it holds cards, or it is the last stage.
    """
    with db.write() as session:
        stage = _stage(session, key)
        n = _card_count(session, key)
        if n:
            raise BoardError(_holds(stage.title, n))
        if (session.scalar(select(func.count()).select_from(m.Stage)) or 0) <= 1:
            raise BoardError("The board needs at least one stage.")
        session.delete(stage)
        return STAGES


def _holds(title: str, n: int) -> str:
    """Why a stage with cards cannot be hidden or deleted (a plural, not "card(s)")."""
    cards = "1 card; move it" if n == 1 else f"{n} cards; move them"
    return f"'{title}' holds {cards} to another stage first."
