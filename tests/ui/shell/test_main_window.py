"""The window opens on a real database, with its menus, and the app starts end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from followup_gui.demo.example import fill_demo
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.shell.main_window import MainWindow


def test_window_has_title_menus_and_status(qtbot, db: Database) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "FollowUp"
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus[:4] == ["File", "Edit", "View", "Help"]
    file_items = [
        a.text().replace("&", "")
        for a in window.menuBar().actions()[0].menu().actions()
        if a.text()
    ]
    for wanted in ("New application…", "Import JSON…", "Export JSON…", "Back up database…", "Quit"):
        assert wanted in file_items
    assert window.count_label.text() == "0 applications"
    assert str(db.path) in window.count_label.toolTip()


def test_demo_fills_only_an_empty_database(db: Database) -> None:
    assert fill_demo(db)
    with db.read() as s:
        apps = s.scalar(select(func.count()).select_from(m.Application))
        contacts = list(s.scalars(select(m.Contact.full_name)))
        stages = set(s.scalars(select(m.Application.stage_key)))
        attempts = s.scalar(select(func.count()).select_from(m.Attempt))
    assert apps >= 8 and len(contacts) >= 12 and attempts > 0
    assert any(not name.isascii() for name in contacts)
    assert {"applied", "interviewed", "offer", "rejected"} <= stages
    assert not fill_demo(db)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Application)) == apps


def test_smoke_test_flag_opens_and_exits_zero(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup_gui",
            "--db",
            str(tmp_path / "s.sqlite3"),
            "--demo",
            "--smoke-test",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    # The log goes to the data folder the environment names (never the real one
    # during tests), and only the user can read it.
    log = Path(os.environ["FOLLOWUP_DATA_DIR"]) / "followup.log"
    assert log.exists()
    assert log.stat().st_mode & 0o777 == 0o600


def test_unopenable_database_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    bogus = tmp_path / "garbage.sqlite3"
    bogus.write_bytes(b"\x00garbage" * 500)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "followup_gui", "--db", str(bogus), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert proc.returncode == 1
    assert "cannot be read as a database" in proc.stderr
    assert "Traceback" not in proc.stderr
