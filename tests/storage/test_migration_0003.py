"""Migration 0003 (a contact's vCard UID): a schema-0002 database upgrades and keeps every row."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from followup_gui.services.contacts import editing as contacts
from followup_gui.services.interchange.vcard.importing import import_vcard_files
from followup_gui.storage import Database, migrate
from tests.storage.alembic_steps import downgrade_to, upgrade_to

FIXTURE = Path(__file__).parents[1] / "fixtures" / "schema" / "0002.sqlite3"


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "followup.sqlite3"
    shutil.copyfile(FIXTURE, copy)
    return copy


def test_upgrade_from_0002_gives_every_contact_an_empty_uid(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    database = Database.open(copy)
    try:
        assert database.pre_upgrade_backup is not None
        kept = contacts.list_contacts(database)
        assert [c.full_name for c in kept] == ["Ana Łukasiewicz", "Søren Kierkegaard-Müller"]
        assert [c.vcard_uid for c in kept] == ["", ""]
        # The upgraded file imports a card by UID, and a second time updates it.
        card = tmp_path / "ana.vcf"
        card.write_text(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Łukasiewicz\r\nUID:urn:uuid:ana\r\nEND:VCARD\r\n",
            encoding="utf-8",
        )
        assert len(import_vcard_files(database, [card], tmp_path / "data").added) == 1
        again = import_vcard_files(database, [card], tmp_path / "data")
        assert again.added == () and len(again.updated) == 1
    finally:
        database.close()
    with sqlite3.connect(copy) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (
            migrate.head_revision(),
        )
        indexes = {r[1] for r in raw.execute("PRAGMA index_list(contact)")}
        assert "ix_contact_vcard_uid" in indexes


def test_upgrade_from_the_previous_head_0004_works_too(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    upgrade_to(copy, "0004")  # a database of the release just before this one
    database = Database.open(copy)
    try:
        assert database.pre_upgrade_backup is not None
        assert [c.vcard_uid for c in contacts.list_contacts(database)] == ["", ""]
    finally:
        database.close()


def test_downgrade_to_0004_drops_only_the_new_column(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    Database.open(copy).close()
    downgrade_to(copy, "0004")
    with sqlite3.connect(copy) as raw:
        columns = {r[1] for r in raw.execute("PRAGMA table_info(contact)")}
        assert "vcard_uid" not in columns and "card_image" in columns
        assert raw.execute("SELECT count(*) FROM contact").fetchone() == (2,)
        assert raw.execute("SELECT count(*) FROM attachment").fetchone() == (1,)
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert "sync_item" in tables  # the earlier revisions' tables stay
