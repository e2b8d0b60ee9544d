"""The one engine factory: connection pragmas and correct SQLite transactions.

Every SQLite connection runs with ``foreign_keys=ON``, ``journal_mode=WAL``,
``synchronous=FULL`` and a busy timeout. pysqlite's own transaction handling is
switched off and SQLAlchemy emits ``BEGIN`` itself (SQLAlchemy's documented recipe),
so savepoints and rollbacks behave as SQL says. Sessions that will write ask for
``BEGIN IMMEDIATE`` so two processes never deadlock upgrading a read lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import ConnectionPoolEntry

BUSY_TIMEOUT_MS = 15_000
IMMEDIATE = "followup_immediate"


def is_sqlite(url: str | URL) -> bool:
    """Whether ``url`` names an SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str | URL) -> Engine:
    """Create the engine for ``url`` with the project's connection settings.

    Args:
        url: any SQLAlchemy URL; SQLite gets the durability pragmas.

    Returns:
        An engine whose errors never include bound parameters (personal data).
    """
    url = make_url(url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, hide_parameters=True, pool_pre_ping=True)
    engine = create_engine(
        url,
        hide_parameters=True,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    _install_sqlite_recipe(engine)
    return engine


def _install_sqlite_recipe(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Take transaction control away from pysqlite (SQLAlchemy recipe).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        on_busy = options.get(ON_BUSY)
        if not options.get(IMMEDIATE, False):
            conn.exec_driver_sql("BEGIN")
        elif on_busy is None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            _begin_telling(conn.connection.dbapi_connection, on_busy)


#: Execution option: called (no arguments) when a write has to wait for another program.
ON_BUSY = "followup_on_busy"
#: How long a write tries before it says it waits.
NOTICE_AFTER_MS = 300


def _begin_telling(raw: sqlite3.Connection, on_busy: Callable[[], None]) -> None:
    """``BEGIN IMMEDIATE``; when another program holds the write lock, call ``on_busy`` and wait.

    The first attempt waits :data:`NOTICE_AFTER_MS`, so a user sees "waiting for
    another FollowUp program…" instead of a frozen window; the second waits the
    rest of :data:`BUSY_TIMEOUT_MS`.
    """
    raw.execute(f"PRAGMA busy_timeout={NOTICE_AFTER_MS}")
    try:
        raw.execute("BEGIN IMMEDIATE")
        return
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    on_busy()
    raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS - NOTICE_AFTER_MS}")
    try:
        raw.execute("BEGIN IMMEDIATE")
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
