"""Storage: pragmas, time zones, file modes, migrations, transactions."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from followup_gui.domain.errors import NewerSchemaError, StorageError
from followup_gui.storage import Database, default_database
from followup_gui.storage import models as m
from followup_gui.storage.migrate import head_revision


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_pragmas_are_set_on_every_connection(db: Database) -> None:
    with db.read() as s:
        values = {
            p: s.execute(text(f"PRAGMA {p}")).scalar()
            for p in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
        }
    assert values == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "synchronous": 2,
        "busy_timeout": 15000,
    }


def test_new_database_is_private_and_stamped(db_path: Path) -> None:
    database = Database.open(db_path)
    try:
        assert _mode(db_path) == 0o600
        assert _mode(db_path.parent) == 0o700
        with sqlite3.connect(db_path) as raw:
            assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
                head_revision()
            )
        with database.read() as s:
            keys = list(s.scalars(select(m.Stage.key).order_by(m.Stage.order)))
        assert keys == [
            "wishlist",
            "applied",
            "interview_scheduled",
            "interviewed",
            "following_up",
            "offer",
            "rejected",
            "no_response",
        ]
    finally:
        database.close()


def test_default_database_lives_in_a_private_data_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FOLLOWUP_DATA_DIR", str(tmp_path / "appdata"))
    path = default_database()
    assert path == tmp_path / "appdata" / "followup.sqlite3"
    assert _mode(path.parent) == 0o700


def _add_app(db: Database, **kw) -> int:
    with db.write() as s:
        app = m.Application(company="Acme", stage_key="applied", timezone="UTC", **kw)
        s.add(app)
        s.flush()
        return app.id


@pytest.mark.backends
def test_instants_round_trip_as_the_same_instant(db: Database) -> None:
    berlin = datetime(2026, 3, 29, 3, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    app_id = _add_app(db)
    with db.write() as s:
        s.add(
            m.Interview(
                application_id=app_id, starts_at=berlin, ends_at=berlin + timedelta(hours=1)
            )
        )
    with db.read() as s:
        iv = s.scalars(select(m.Interview)).one()
    assert iv.starts_at == berlin
    assert iv.starts_at.tzinfo is not None
    assert iv.starts_at.utcoffset() == timedelta(0)


@pytest.mark.backends
def test_naive_datetime_is_refused_and_nothing_is_written(db: Database) -> None:
    app_id = _add_app(db)
    with pytest.raises(StatementError, match="naive datetime"), db.write() as s:
        s.add(
            m.Interview(
                application_id=app_id,
                starts_at=datetime(2026, 1, 1, 9),
                ends_at=datetime(2026, 1, 1, 10, tzinfo=UTC),
            )
        )
    with db.read() as s:
        assert s.scalars(select(m.Interview)).all() == []


@pytest.mark.backends
def test_a_failed_write_rolls_back_all_of_it(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as s:
        s.add(m.Application(company="Half", stage_key="applied", timezone="UTC"))
        s.flush()
        raise RuntimeError("crash in the middle")
    with db.read() as s:
        assert s.scalars(select(m.Application)).all() == []


@pytest.mark.backends
def test_rolled_back_savepoint_really_rolls_back(db: Database) -> None:
    with db.write() as s:
        s.add(m.Application(company="Kept", stage_key="applied", timezone="UTC"))
        nested = s.begin_nested()
        s.add(m.Application(company="Dropped", stage_key="applied", timezone="UTC"))
        s.flush()
        nested.rollback()
    with db.read() as s:
        assert [a.company for a in s.scalars(select(m.Application))] == ["Kept"]


@pytest.mark.backends
def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(Exception, match=r"(?i)foreign key"), db.write() as s:
        s.add(m.Application(company="X", stage_key="no-such-stage", timezone="UTC"))
        s.flush()


def test_newer_schema_is_refused_without_a_write(db_path: Path) -> None:
    Database.open(db_path).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = db_path.read_bytes()
    mtime = db_path.stat().st_mtime_ns
    with pytest.raises(NewerSchemaError, match="newer version of FollowUp"):
        Database.open(db_path)
    assert db_path.read_bytes() == before
    assert db_path.stat().st_mtime_ns == mtime


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StorageError, match="cannot be read as a database"):
        Database.open(bogus)
    assert bogus.read_text().startswith("these are my notes")


def test_a_foreign_sqlite_database_is_not_touched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as raw:
        raw.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StorageError, match="not a FollowUp database"):
        Database.open(other)


def test_older_schema_is_backed_up_then_upgraded(db_path: Path, monkeypatch) -> None:
    """An upgrade keeps a private copy of the old file next to it, then migrates."""
    Database.open(db_path).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute(
            "INSERT INTO application (company, role, stage_key, position, posting_url,"
            " location, salary_notes, timezone, playbook, notes, created_at, updated_at,"
            " version) VALUES ('Acme','', 'applied', 0, '', '', '', 'UTC', 'balanced', '',"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
        )
    # Pretend this file is at an older known revision that needs an upgrade.
    from followup_gui.storage import migrate

    monkeypatch.setattr(migrate, "head_revision", lambda: "0002_future_head")
    known = migrate.known_revisions() | {"0002_future_head"}
    monkeypatch.setattr(migrate, "known_revisions", lambda: known)
    monkeypatch.setattr(migrate, "upgrade", lambda engine: None)
    database = Database.open(db_path)
    try:
        backup = database.pre_upgrade_backup
        assert backup is not None and backup.exists()
        assert _mode(backup) == 0o600
        with sqlite3.connect(backup) as raw:
            assert raw.execute("SELECT company FROM application").fetchall() == [("Acme",)]
    finally:
        database.close()


def test_backup_is_consistent_and_private(db: Database, tmp_path: Path) -> None:
    _add_app(db)
    target = db.backup_to(tmp_path / "copy.sqlite3")
    assert _mode(target) == 0o600
    with sqlite3.connect(target) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("SELECT company FROM application").fetchall() == [("Acme",)]


def test_url_and_path_forms_open_the_same_file(db_path: Path) -> None:
    Database.open(db_path).close()
    database = Database.open(f"sqlite:///{db_path}")
    try:
        assert database.path == db_path.resolve()
    finally:
        database.close()


def test_other_offsets_are_stored_as_utc(db: Database) -> None:
    app_id = _add_app(db)
    tokyo = datetime(2026, 5, 1, 9, tzinfo=timezone(timedelta(hours=9)))
    with db.write() as s:
        s.add(m.Interview(application_id=app_id, starts_at=tokyo, ends_at=tokyo))
    with sqlite3.connect(db.path) as raw:
        stored = raw.execute("SELECT starts_at FROM interview").fetchone()[0]
    assert stored.startswith("2026-05-01 00:00:00")
