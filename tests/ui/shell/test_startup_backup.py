"""The start-up backup runs in a worker thread and reports in the GUI thread."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage import backups as bk
from followup_gui.storage import models as m
from followup_gui.ui.shell.backups import BackupScheduler


def test_startup_backup_in_background_writes_a_good_backup(db_path: Path, qtbot: QtBot) -> None:
    db = Database.open(db_path)
    with db.write() as s:
        s.add(m.Contact(full_name="Dana Whitfield"))
    scheduler = BackupScheduler(db, Settings())
    made: list[str] = []
    scheduler.backup_made.connect(made.append)
    with qtbot.waitSignal(scheduler.backup_made, timeout=10_000):
        scheduler.at_start_in_background()
    scheduler.wait()
    assert made and Path(made[0]).exists()
    assert bk.latest_good_backup(db_path) is not None
    # Nothing changed since: the next start makes no new backup.
    assert scheduler.at_start() is None
    db.close()


def test_startup_backup_failure_is_reported(db_path: Path, qtbot: QtBot) -> None:
    db = Database.open(db_path)
    folder = bk.backup_folder(db_path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")
    scheduler = BackupScheduler(db, Settings())
    with qtbot.waitSignal(scheduler.backup_failed, timeout=10_000) as blocker:
        scheduler.at_start_in_background()
    scheduler.wait()
    assert "backup" in str(blocker.args[0]).lower()
    db.close()
