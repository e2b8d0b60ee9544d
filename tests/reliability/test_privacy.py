"""Privacy: the database, its WAL and shared-memory files and the backups are readable
by the user only; the log file never holds names, emails or phone numbers; a CSV
export cannot run formulas in a spreadsheet."""

from __future__ import annotations

import csv
import logging
import os
import stat
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from followup_gui.demo.example import fill_demo
from followup_gui.domain.errors import ImportFileError
from followup_gui.logs import setup_logging
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.json.backup import import_json
from followup_gui.storage import Database
from followup_gui.storage import backups as bk
from followup_gui.storage import models as m

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
NAME, EMAIL, PHONE = "Zoë Kowalczyk-Brandt", "zoe.kowalczyk@example.org", "+1 212 555 0187"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)  # what most desktops use: new files world-readable by default
    yield
    os.umask(old)


def test_database_wal_shm_and_backups_are_private(db_path: Path, loose_umask: None) -> None:
    db = Database.open(db_path)
    try:
        with db.write() as s:
            s.add(m.Contact(full_name=NAME, emails=[EMAIL], phones=[PHONE]))
        with db.read():
            files = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]
            assert all(f.exists() for f in files)
            assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
        backup = bk.make_backup(db, NOW)
        assert _mode(backup.path) == 0o600 and _mode(backup.path.parent) == 0o700
        bk.restore_from(db, backup.path, NOW)
        assert _mode(db_path) == 0o600
    finally:
        db.close()


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before = list(root.handlers)
    path = setup_logging(tmp_path / "data")
    assert path is not None
    yield path
    for handler in root.handlers[:]:
        if handler not in before:
            handler.close()
            root.removeHandler(handler)


def test_logs_hold_no_names_emails_or_phone_numbers(
    qtbot, db: Database, tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_gui.ui.shell.crash import install_excepthook

    fill_demo(db, NOW)
    with db.write() as s:
        s.add(m.Contact(full_name=NAME, emails=[EMAIL], phones=[PHONE], notes=f"call {PHONE}"))
    # A refused import that names the person.
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "followup-gui", "version": 1, "contacts": '
        f'[{{"id": "c1", "name": "{NAME}", "email": "{EMAIL}", "phones": [7]}}]}}'
    )
    with pytest.raises(ImportFileError):
        import_json(db, bad, NOW, PlannerSettings())
    # Backups, a restore, and a failed automatic backup (its folder is a file).
    first = bk.make_backup(db, NOW)
    bk.restore_from(db, first.path, NOW)
    from followup_gui.settings import Settings
    from followup_gui.ui.shell.backups import BackupScheduler

    folder = bk.backup_folder(db.path)
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    folder.write_text("not a folder")
    scheduler = BackupScheduler(db, Settings())
    assert scheduler.at_start() is None
    # An unexpected database error reaches the crash handler (values are hidden).
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(log_file)
    try:
        with db.write() as s:
            s.add(m.Contact(id=1, full_name=NAME, emails=[EMAIL], phones=[PHONE]))
    except IntegrityError:
        sys.excepthook(*sys.exc_info())
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "automatic backup failed" in text and "IntegrityError" in text
    digits = "".join(ch for ch in PHONE if ch.isdigit())
    for secret in (NAME, "Zoë", "Kowalczyk", EMAIL, PHONE, digits, "Dana Whitfield"):
        assert secret not in text and secret not in "".join(ch for ch in text if ch.isdigit())


def test_csv_export_neutralises_formulas(db: Database, tmp_path: Path) -> None:
    from followup_gui.services.interchange.csv.exporting import export_contacts_csv

    with db.write() as s:
        s.add(m.Contact(full_name='=HYPERLINK("http://x")', notes="+SUM(A1)", company="@cmd"))
    target = tmp_path / "contacts.csv"
    export_contacts_csv(db, target)
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'+SUM(A1)" in cells and "'@cmd" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert _mode(target) == 0o600
