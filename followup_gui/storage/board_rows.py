"""The board's rows through SQLAlchemy: the SQL of :mod:`followup_gui.storage.board_sql`.

The start-up peek runs the same text with :mod:`sqlite3`; here it is a
``text()`` statement with typed parameters and result columns, so instants are
bound and read as :class:`~followup_gui.storage.types.UTCDateTime` on every
database. The statements are built once: a move reads its few cards with them,
and building them again each time cost as much as running them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Integer, String, bindparam, column, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from followup_gui.storage.board_sql import SHIFT_POSITION, STAGES, card_queries
from followup_gui.storage.types import UTCDateTime


class CardRows(NamedTuple):
    """The rows of the board's cards (shapes as in ``board_sql.CardQueries``)."""

    people: Sequence[Any]
    last_ended: dict[int, datetime]
    pending: Sequence[Any]
    applications: Sequence[Any]


class _Statements(NamedTuple):
    people: Any
    last_ended: Any
    pending: Any
    applications: Any


@cache
def _statements(by_id: bool) -> _Statements:
    """The four selects as ``text()`` statements, for every card or for ``:ids``."""
    sql = card_queries(by_id)
    instant = UTCDateTime()

    def prepared(stmt: TextClause, *params: str) -> TextClause:
        binds = [bindparam("now", type_=instant)] if "now" in params else []
        if by_id:
            binds.append(bindparam("ids", expanding=True))
        return stmt.bindparams(*binds) if binds else stmt

    return _Statements(
        people=prepared(text(sql.people)).columns(
            column("application_id", Integer), column("id", Integer), column("full_name", String)
        ),
        last_ended=prepared(text(sql.last_ended), "now").columns(
            column("application_id", Integer), column("last_ended", instant)
        ),
        pending=prepared(text(sql.pending)).columns(
            column("application_id", Integer),
            column("kind", String),
            column("due_at", instant),
            column("preferred_name", String),
            column("full_name", String),
            column("window_end", instant),
        ),
        applications=prepared(text(sql.applications)),
    )


def card_rows(session: Session, now: datetime, ids: Collection[int] | None = None) -> CardRows:
    """The rows of every card, or of the cards ``ids``, as of ``now``.

    Args:
        session: an open session.
        now: "last interview over by" is measured from it (aware).
        ids: the applications to read; all of them when None.
    """
    stmts = _statements(ids is not None)
    params: dict[str, Any] = {"now": now}
    if ids is not None:
        params["ids"] = list(ids)
    # ``.all()``: fetching in one go is several times faster than row by row.
    return CardRows(
        session.execute(stmts.people, params).all(),
        dict(session.execute(stmts.last_ended, params).tuples().all()),
        session.execute(stmts.pending, params).all(),
        session.execute(stmts.applications, params).all(),
    )


@cache
def _stages() -> TextClause:
    return text(STAGES)


def stage_rows(session: Session) -> list[tuple[str, str, int, bool, bool]]:
    """Every stage, left to right: key, title, order, terminal, hidden.

    Pending ORM changes are flushed first (a text statement does not flush them).
    """
    session.flush()
    rows = session.execute(_stages())
    return [(k, t, o, bool(term), bool(h)) for k, t, o, term, h in rows]


@cache
def _shift() -> TextClause:
    return text(SHIFT_POSITION)


def shift_positions(session: Session, positions: Sequence[dict[str, int]]) -> None:
    """Give cards new positions in their column, in one ``executemany``.

    Args:
        session: the caller's transaction.
        positions: ``{"b_id": card id, "b_position": new position}`` each.
    """
    if positions:
        session.execute(_shift(), list(positions))
