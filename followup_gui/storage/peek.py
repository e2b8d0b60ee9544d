"""A read-only look at an SQLite file with the standard library, for the first board.

Importing SQLAlchemy and opening the storage layer takes longer than Qt itself
needs to show a window. :func:`board_rows` reads just what the board's cards
show with :mod:`sqlite3`, so the board can paint the user's cards at once; the
window then opens the database properly and loads the board again through
:func:`followup_gui.services.board.columns.load_board`. Both run the same SQL
(:mod:`followup_gui.storage.board_sql`) and feed
:func:`followup_gui.services.board.cards.assemble_cards`; a test holds the two
equal.

It reads nothing unless the file can be trusted as it is: it exists, its last
window closed cleanly (else it is checked first), and its schema is the one this
version writes (else it is upgraded first). Any SQLite error means "no preview".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from followup_gui.storage.board_sql import STAGES, card_queries
from followup_gui.storage.file_facts import HEAD_REVISION, open_marker

#: A file's state: device, inode, size and modification time of the database,
#: and size and modification time of its write-ahead log (``None``: absent/empty).
FileStamp = tuple[int, int, int, int, tuple[int, int] | None]


def file_stamp(path: Path) -> FileStamp:
    """The state of an SQLite file: any commit since changes it.

    A commit either grows the write-ahead log or (at a checkpoint) rewrites the
    file itself; opening the file, reading it, or an empty log does not count.

    Raises:
        OSError: the file cannot be looked at.
    """
    st = path.stat()
    wal = Path(f"{path}-wal")
    log = wal.stat() if wal.exists() else None
    wal_state = (log.st_size, log.st_mtime_ns) if log is not None and log.st_size else None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, wal_state)


def unchanged_since(path: Path, stamp: FileStamp) -> bool:
    """Whether nothing was committed to ``path`` since ``stamp`` was taken."""
    try:
        return file_stamp(path) == stamp
    except OSError:
        return False


class BoardRows(NamedTuple):
    """What the board's cards are made of (row shapes as in ``board_cards``).

    ``stamp`` is the file's state before the read (see :func:`unchanged_since`).
    """

    stamp: FileStamp
    stages: list[tuple[str, str, int, bool, bool]]
    people: list[tuple[int, int, str]]
    last_ended: dict[int, datetime]
    pending: list[tuple[int, str, datetime, str | None, str | None, datetime]]
    applications: list[tuple[int, str, str, str, int, str, str, str | None]]


def _instant(text: str) -> datetime:
    """A stored UTC instant (``YYYY-MM-DD HH:MM:SS.ffffff``, as SQLAlchemy writes it)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _stored(instant: datetime) -> str:
    """``instant`` in the stored text form, for comparisons in SQL."""
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def board_rows(path: Path, now: datetime) -> BoardRows | None:
    """The board's rows from the SQLite file ``path`` as of ``now``, or ``None``.

    ``None`` when the file should not (or cannot) be read before the database is
    opened properly: missing or empty, not closed cleanly, another schema
    revision, or any SQLite error (locked, damaged, not a database).
    """
    try:
        if not path.is_file() or path.stat().st_size == 0 or open_marker(path).exists():
            return None
        stamp = file_stamp(path)
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = _read(conn, now, stamp)
        # Written to while it was read: the snapshot is fine, but not its stamp.
        return rows if rows is None or unchanged_since(path, stamp) else None
    except (OSError, sqlite3.Error, ValueError):
        return None


def _read(conn: sqlite3.Connection, now: datetime, stamp: FileStamp) -> BoardRows | None:
    def query(sql: str, params: Mapping[str, object] | None = None) -> list[Any]:
        return conn.execute(sql, params or {}).fetchall()

    conn.execute("BEGIN")  # one snapshot for every query
    revision = query("SELECT version_num FROM alembic_version")
    if revision != [(HEAD_REVISION,)]:
        return None
    sql = card_queries()
    params = {"now": _stored(now)}
    stages = query(STAGES)
    people = query(sql.people)
    ended = query(sql.last_ended, params)
    pending = query(sql.pending)
    applications = query(sql.applications)
    conn.rollback()
    return BoardRows(
        stamp=stamp,
        stages=[(k, t, o, bool(term), bool(h)) for k, t, o, term, h in stages],
        people=people,
        last_ended={a: _instant(e) for a, e in ended},
        pending=[(a, k, _instant(d), p, f, _instant(w)) for a, k, d, p, f, w in pending],
        applications=applications,
    )
