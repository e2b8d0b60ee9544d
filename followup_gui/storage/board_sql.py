"""The board's SQL, written once: the start-up peek and the storage load both run it.

Plain text and the standard library only: the start-up preview
(:mod:`followup_gui.storage.peek`) runs these statements with :mod:`sqlite3`
before SQLAlchemy is imported; :mod:`followup_gui.storage.board_rows` runs the
very same text through SQLAlchemy on SQLite and PostgreSQL. So the statements
are portable SQL, and their parameters are named (``:now``, ``:ids``), a style
both :mod:`sqlite3` and SQLAlchemy's ``text()`` read.

Row shapes are those of :mod:`followup_gui.services.board.cards` (``PersonRow``,
``PendingRow``, ``ApplicationRow``).
"""

from __future__ import annotations

from typing import NamedTuple

#: Every stage, left to right: key, title, order, terminal, hidden.
STAGES = 'SELECT "key", title, sort_order, terminal, hidden FROM stage ORDER BY sort_order'

#: A new ``:b_position`` for the card ``:b_id`` (for ``executemany``). Only the
#: position changes; the version moves on, as for any other edit.
SHIFT_POSITION = (
    "UPDATE application SET position = :b_position, version = version + 1 WHERE id = :b_id"
)


class CardQueries(NamedTuple):
    """The four selects the board's cards are made of."""

    #: Who was met: application id, contact id, full name; by application,
    #: interview start, contact.
    people: str
    #: The end of each application's last interview over by ``:now``:
    #: application id, end.
    last_ended: str
    #: Pending follow-ups: application id, kind, due, the contact's preferred and
    #: full names, the end of the step's window; by application, due time, id.
    pending: str
    #: The cards: id, company, role, stage key, position, time zone, notes, the
    #: primary contact's name; in board order (position, id).
    applications: str


def _query(head: str, where: list[str], tail: str, ids_of: str, by_id: bool) -> str:
    """``head`` with the conditions ``where`` (and ``ids_of IN :ids`` when ``by_id``)."""
    conditions = [*where, f"{ids_of} IN :ids"] if by_id else where
    clause = f"\nWHERE {' AND '.join(conditions)}" if conditions else ""
    return f"{head}{clause}\n{tail}"


def card_queries(by_id: bool = False) -> CardQueries:
    """The selects of every card, or (``by_id``) of the cards in the list ``:ids``.

    ``:ids`` is an expanding list parameter: SQLAlchemy writes one placeholder
    per id (the start-up peek reads every card, without it). ``:now`` is a
    stored instant.
    """
    return CardQueries(
        people=_query(
            "SELECT i.application_id, c.id, c.full_name\n"
            "FROM interview i\n"
            "JOIN interview_participant p ON p.interview_id = i.id\n"
            "JOIN contact c ON c.id = p.contact_id",
            [],
            "ORDER BY i.application_id, i.starts_at, c.id",
            "i.application_id",
            by_id,
        ),
        last_ended=_query(
            "SELECT application_id, max(ends_at) AS last_ended\nFROM interview",
            ["ends_at <= :now"],
            "GROUP BY application_id",
            "application_id",
            by_id,
        ),
        pending=_query(
            "SELECT f.application_id, f.kind, f.due_at, c.preferred_name, c.full_name,\n"
            "       f.window_end\n"
            "FROM follow_up f LEFT OUTER JOIN contact c ON c.id = f.contact_id",
            ["f.status = 'pending'"],
            "ORDER BY f.application_id, f.due_at, f.id",
            "f.application_id",
            by_id,
        ),
        applications=_query(
            "SELECT a.id, a.company, a.role, a.stage_key, a.position, a.timezone, a.notes,\n"
            "       c.full_name\n"
            "FROM application a LEFT OUTER JOIN contact c ON c.id = a.primary_contact_id",
            [],
            "ORDER BY a.position, a.id",
            "a.id",
            by_id,
        ),
    )
