"""Migration 0005 (calendar and contacts sync): a schema-0002 database upgrades, keeps its rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from followup_gui.storage import Database, migrate
from followup_gui.storage.engine import make_engine
from followup_gui.storage.sync_models import SyncItem, SyncProposal
from tests.storage.test_migration_0002 import make_0001_database

NEW_TABLES = {"sync_item", "sync_card", "sync_proposal"}


def _to(path: Path, revision: str, downgrade: bool = False) -> None:
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            cfg = migrate._config()
            cfg.attributes["connection"] = conn
            (command.downgrade if downgrade else command.upgrade)(cfg, revision)
    finally:
        engine.dispose()


def test_upgrade_from_0002_adds_the_sync_tables_and_keeps_every_row(db_path: Path) -> None:
    make_0001_database(db_path)
    _to(db_path, "0002")
    database = Database.open(db_path)
    try:
        with sqlite3.connect(db_path) as raw:
            tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
            assert tables >= NEW_TABLES
            assert raw.execute("SELECT count(*) FROM application").fetchone() == (2,)
        with database.write() as s:
            s.add(
                SyncItem(collection="c", uid="u", href="/c/u.ics", application_id=1, step_key="k")
            )
            s.add(SyncProposal(kind="deleted", title="t", detail={"step_key": "k"}))
        with database.read() as s:
            assert s.get(SyncProposal, 1).detail == {"step_key": "k"}
    finally:
        database.close()


def test_downgrade_to_0002_drops_only_the_sync_tables(db_path: Path) -> None:
    make_0001_database(db_path)
    Database.open(db_path).close()
    _to(db_path, "0002", downgrade=True)
    with sqlite3.connect(db_path) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert not NEW_TABLES & tables
        assert "attachment" in tables
        assert raw.execute("SELECT count(*) FROM application").fetchone() == (2,)
