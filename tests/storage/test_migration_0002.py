"""Migration 0002 (attachments): a schema-0001 database upgrades and keeps every row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import select

from followup_gui.storage import Database, migrate
from followup_gui.storage import models as m
from followup_gui.storage.engine import make_engine
from tests.storage.alembic_steps import downgrade_to


def make_0001_database(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            cfg = migrate._config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
    finally:
        engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO contact (id, full_name, preferred_name, pronunciation, title, company,"
            " emails, phones, postal_address, linkedin, website, met_how, notes, name_confirmed,"
            " card_image, created_at, updated_at, version) VALUES (1, 'Dana Smith', '', '', '',"
            " 'Acme', '[\"dana@acme.example\"]', '[]', '', '', '', '', '', 1, '',"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
        )
        for i, company in enumerate(("Acme", "Globex"), start=1):
            raw.execute(
                "INSERT INTO application (id, company, role, stage_key, position, posting_url,"
                " location, salary_notes, timezone, playbook, notes, primary_contact_id,"
                " created_at, updated_at, version) VALUES (?, ?, 'Dev', 'applied', ?, '', '',"
                " '', 'UTC', 'balanced', '', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)",
                (i, company, i),
            )
        raw.execute(
            "INSERT INTO interview (application_id, starts_at, ends_at, format, location, notes)"
            " VALUES (1, '2026-01-05 10:00:00', '2026-01-05 11:00:00', 'video', '', '')"
        )
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_upgrade_from_0001_keeps_every_row(db_path: Path) -> None:
    make_0001_database(db_path)
    database = Database.open(db_path)
    try:
        assert database.pre_upgrade_backup is not None
        with sqlite3.connect(db_path) as raw:
            assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (
                migrate.head_revision(),
            )
            tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
            assert "attachment" in tables
        with database.read() as s:
            apps = s.scalars(select(m.Application).order_by(m.Application.id)).all()
            assert [a.company for a in apps] == ["Acme", "Globex"]
            assert apps[0].primary_contact is not None
            assert apps[0].primary_contact.emails == ["dana@acme.example"]
            assert len(apps[0].interviews) == 1
            assert len(s.scalars(select(m.Stage)).all()) == 8
        with database.write() as s:
            s.add(m.Attachment(application_id=1, kind="resume", stored_name="x.pdf"))
        with database.write() as s:
            s.delete(s.get(m.Application, 1))
        with database.read() as s:
            assert s.scalars(select(m.Attachment)).all() == []  # cascades with its application
    finally:
        database.close()


def test_downgrade_to_0001_drops_only_the_new_table(db_path: Path) -> None:
    make_0001_database(db_path)
    Database.open(db_path).close()
    downgrade_to(db_path, "0001")
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT count(*) FROM application").fetchone() == (2,)
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert "attachment" not in tables
