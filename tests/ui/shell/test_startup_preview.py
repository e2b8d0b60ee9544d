"""Start-up: the board shows the peeked cards, then works on the opened database."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.applications import editing as apps
from followup_gui.services.board.cards import BoardSnapshot, peek_board
from followup_gui.storage import Database
from followup_gui.ui.shell.main_window import MainWindow


def _previewed(qtbot, path: Path) -> tuple[MainWindow, BoardSnapshot]:
    """A main window showing the start-up preview of ``path`` (no database yet)."""
    snapshot = peek_board(path, datetime.now(UTC))
    assert snapshot is not None
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_preview(snapshot)
    return window, snapshot


def _shown(window: MainWindow) -> dict[str, list[str]]:
    board = window.board
    return {
        key: [column.model.card_at(r).company for r in range(column.model.rowCount())]
        for key, column in board.columns.items()
    }


def test_preview_shows_the_cards_and_attach_keeps_them(qtbot, demo_file: Path) -> None:
    window, snapshot = _previewed(qtbot, demo_file)
    previewed = _shown(window)
    assert sum(len(v) for v in previewed.values()) == len(snapshot.cards) > 0
    assert window.board.pages.currentWidget() is window.board.columns_area

    db = Database.open(demo_file)
    try:
        window.attach(db)
        assert window.board.board.snapshot is snapshot  # nothing changed: no second load
        assert _shown(window) == previewed
        # The board works on the database now: a move is stored.
        card = window.board.view("applied").column_model.card_at(0)
        assert window.board.move_cards([card.id], "interviewed")
        assert apps.load_details(db, card.id).draft.stage_key == "interviewed"
    finally:
        window.close()
        db.close()


def test_a_change_made_after_the_peek_shows_once_attached(qtbot, demo_file: Path) -> None:
    window, _snapshot = _previewed(qtbot, demo_file)
    db = Database.open(demo_file)
    try:
        # Another program (the CLI, say) adds an application in between.
        apps.create_application(
            db,
            apps.ApplicationDraft(company="Late Arrival GmbH", role="QA", timezone="Europe/Berlin"),
            datetime.now(UTC),
            PlannerSettings(),
        )
        window.attach(db)
        assert "Late Arrival GmbH" in _shown(window)["applied"]
    finally:
        window.close()
        db.close()


def test_the_app_paints_the_board_before_it_opens_the_database(demo_file: Path) -> None:
    """Timed by the bench's probe, which the app runs from its start-up hook."""
    from bench.startup import probe_env

    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "FOLLOWUP_NO_DIALOGS": "1",
        **probe_env(),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "followup_gui", "--db", str(demo_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    moments = [line.split()[0] for line in proc.stdout.splitlines()]
    assert [m for m in moments if m != "peak_rss_kib"] == ["first_paint", "board_painted", "exit"]
    assert "Traceback" not in proc.stderr
