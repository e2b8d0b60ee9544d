"""Migration 0004 (mail, after 0005): databases at 0002 and at 0005 upgrade, keep every row,
and it downgrades to 0005."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from followup_gui.storage import Database, migrate
from followup_gui.storage import models as m
from followup_gui.storage.engine import make_engine
from tests.storage.test_migration_0002 import make_0001_database

MAIL_TABLES = {"mail_sent", "mail_folder", "mail_proposal"}


def _alembic(path: Path, action: str, revision: str) -> None:
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            cfg = migrate._config()
            cfg.attributes["connection"] = conn
            getattr(command, action)(cfg, revision)
    finally:
        engine.dispose()


def make_0002_database(path: Path, revision: str = "0002") -> None:
    make_0001_database(path)
    _alembic(path, "upgrade", "0002")
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO attachment (application_id, kind, label, stored_name, original_name,"
            " added_at) VALUES (1, 'resume', 'CV', 'a.pdf', 'cv.pdf', '2026-01-02 00:00:00')"
        )
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    if revision != "0002":
        _alembic(path, "upgrade", revision)


@pytest.mark.parametrize("start", ["0002", "0005"])
def test_upgrade_keeps_every_row_and_adds_the_mail_tables(db_path: Path, start: str) -> None:
    make_0002_database(db_path, start)
    database = Database.open(db_path)
    try:
        assert database.pre_upgrade_backup is not None
        with sqlite3.connect(db_path) as raw:
            assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (
                migrate.head_revision(),
            )
            tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
            assert tables >= MAIL_TABLES
        with database.read() as s:
            assert [a.company for a in s.scalars(select(m.Application))] == ["Acme", "Globex"]
            assert len(s.scalars(select(m.Attachment)).all()) == 1
        with database.write() as s:
            s.add(m.MailSent(message_id="<a@b>", application_id=1, status="sent"))
            s.add(
                m.MailProposal(
                    message_id="<c@d>",
                    application_id=1,
                    received_at=datetime(2026, 1, 3, tzinfo=UTC),
                    suggestion="rejected",
                    matched_by="contact",
                )
            )
        with database.write() as s:
            s.delete(s.get(m.Application, 1))
        with database.read() as s:  # both go with their application
            assert s.scalars(select(m.MailSent)).all() == []
            assert s.scalars(select(m.MailProposal)).all() == []
    finally:
        database.close()


def test_downgrade_to_0005_drops_only_the_mail_tables(db_path: Path) -> None:
    make_0002_database(db_path)
    Database.open(db_path).close()
    _alembic(db_path, "downgrade", "0005")
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT count(*) FROM application").fetchone() == (2,)
        assert raw.execute("SELECT count(*) FROM attachment").fetchone() == (1,)
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert not tables & MAIL_TABLES
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)
