"""Automatic backups: made when something changed, private, verified, rotated, restorable;
a damaged database found after an unclean shutdown offers the newest good backup."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from followup_gui.storage import Database
from followup_gui.storage import backups as bk
from followup_gui.storage import models as m

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)  # a Monday
KEEP = bk.Retention(daily=7, weekly=4)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _add(db: Database, company: str) -> None:
    with db.write() as s:
        s.add(m.Application(company=company, stage_key="applied", timezone="UTC"))


def _companies(db: Database) -> list[str]:
    with db.read() as s:
        return sorted(s.scalars(select(m.Application.company)))


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _damage(path: Path) -> None:
    """Overwrite table pages (not the header): the file opens but fails quick_check."""
    with open(path, "r+b") as fh:
        fh.seek(4096 * 2)
        fh.write(b"\xa5" * 4096 * 6)


def test_a_backup_is_made_only_when_something_changed(db: Database) -> None:
    _add(db, "Acme")
    first = bk.backup_if_changed(db, T0, KEEP)
    assert first is not None and first.applications == 1
    assert bk.backup_if_changed(db, T0 + timedelta(hours=1), KEEP) is None
    _add(db, "Zephyr")
    second = bk.backup_if_changed(db, T0 + timedelta(days=1), KEEP)
    assert second is not None and second.applications == 2
    assert _mode(second.path) == 0o600 and _mode(second.path.parent) == 0o700
    assert second.path.parent == db.path.parent / "backups"
    assert [i.path for i in bk.good_backups(db.path)] == [second.path, first.path]


def test_daily_backup_waits_a_day(db: Database) -> None:
    _add(db, "Acme")
    assert bk.daily_backup(db, T0, KEEP) is not None
    _add(db, "Zephyr")
    assert bk.daily_backup(db, T0 + timedelta(hours=23), KEEP) is None
    assert bk.daily_backup(db, T0 + timedelta(hours=24), KEEP) is not None


def test_rotation_keeps_seven_days_and_four_weeks(db: Database) -> None:
    for day in range(60):
        _add(db, f"day {day}")
        bk.make_backup(db, T0 + timedelta(days=day))
    bk.prune(db.path, KEEP)
    kept = [t for t, _ in bk.list_backups(db.path)]
    newest = T0 + timedelta(days=59)
    assert kept[:7] == [newest - timedelta(days=d) for d in range(7)]
    # Plus the newest of each of the four latest weeks (two of which are already kept).
    assert len(kept) == 9
    assert {t.isocalendar()[1] for t in kept} == {
        (newest - timedelta(weeks=w)).isocalendar()[1] for w in range(4)
    }


def test_a_damaged_backup_is_skipped_and_never_offered(db: Database) -> None:
    _add(db, "Acme")
    good = bk.backup_if_changed(db, T0, KEEP)
    _add(db, "Zephyr")
    bad = bk.backup_if_changed(db, T0 + timedelta(days=1), KEEP)
    assert good is not None and bad is not None
    _damage(bad.path)
    latest = bk.latest_good_backup(db.path)
    assert latest is not None and latest.path == good.path


def test_restore_replaces_the_data_and_first_backs_up_the_current_content(db: Database) -> None:
    _add(db, "Acme")
    old = bk.backup_if_changed(db, T0, KEEP)
    assert old is not None
    _add(db, "Typed after the backup")
    before = _digest(old.path.parent)
    safety = bk.restore_from(db, old.path, T0 + timedelta(hours=1))
    assert _companies(db) == ["Acme"]
    _add(db, "After the restore")  # the reopened database works
    assert _digest(old.path.parent).items() >= before.items()  # backups untouched
    with sqlite3.connect(safety.path) as raw:
        names = sorted(r[0] for r in raw.execute("SELECT company FROM application"))
    assert names == ["Acme", "Typed after the backup"]
    assert _mode(db.path) == 0o600


def _start(db_path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FOLLOWUP_NO_DIALOGS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "followup_gui", "--db", str(db_path), "--smoke-test"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=tmp_path,
    )


def test_damage_after_an_unclean_shutdown_offers_the_backup_and_changes_nothing(
    db: Database, tmp_path: Path
) -> None:
    for i in range(300):  # enough rows for several pages
        _add(db, f"Company {i} " + "x" * 200)
    good = bk.backup_if_changed(db, T0, KEEP)
    assert good is not None
    path = db.path
    db.close()
    bk.mark_open(path)  # the window was open when the machine went down
    _damage(path)
    backups_before = _digest(good.path.parent)
    damaged_before = path.read_bytes()
    result = _start(path, tmp_path)
    assert result.returncode == 1
    assert "damaged" in result.stderr and str(good.path) in result.stderr
    assert _digest(good.path.parent) == backups_before
    assert path.read_bytes() == damaged_before
    # The user restores it (what the dialog's "Yes" does); the damaged file is kept.
    kept = bk.restore_damaged(path, good.path, T0)
    assert kept.read_bytes() == damaged_before
    restored = Database.open(path)
    try:
        assert len(_companies(restored)) == 300
    finally:
        restored.close()


def test_a_clean_exit_leaves_no_marker(db: Database, tmp_path: Path) -> None:
    path = db.path
    db.close()
    assert _start(path, tmp_path).returncode == 0
    assert not bk.was_unclean(path)


def test_file_menu_restore_lists_backups_and_reloads_the_board(qtbot, db: Database) -> None:
    from followup_gui.ui.shell.main_window import MainWindow

    _add(db, "Acme")
    bk.backup_if_changed(db, T0, KEEP)
    _add(db, "Zephyr")
    bk.backup_if_changed(db, T0 + timedelta(days=1), KEEP)
    _add(db, "Typed today")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()  # the board the user sees is reloaded (a hidden one waits to be shown)
    qtbot.waitExposed(window)
    items = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()]
    assert "Restore from backup…" in items
    dialog = window.restore_backup()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)  # checked off the GUI thread
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["2", "1"]
    dialog.table.selectRow(1)
    dialog.confirm = lambda info: True
    with qtbot.waitSignal(window.context.changed):
        assert dialog.restore_selected()
    assert {c.company for c in window.board.board.snapshot.cards} == {"Acme"}
    assert len(bk.list_backups(db.path)) == 3  # plus the copy made before restoring
    window.close()
