"""Concurrent use: the window open while the command line writes, two writers at once,
and an edit of a record changed elsewhere (another machine) is detected and asked about."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from followup_gui.demo.example import fill_demo
from followup_gui.domain.errors import ConcurrentEditError
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.applications import editing as apps
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.common.refresh import install_refresh
from followup_gui.ui.shell.main_window import MainWindow

CHILD = Path(__file__).with_name("writer_child.py")
SAMPLE = Path(__file__).parents[1] / "fixtures" / "sample.json"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
ROOT = Path(__file__).parents[2]


def _cli(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followup_gui", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def _same_machine(db: Database) -> Database:
    """A second connection to the same database, as another program or computer has."""
    return Database.open(db.path or db.engine.url.render_as_string(hide_password=False))


def test_two_processes_writing_at_once_lose_nothing_and_never_see_locked(db_path: Path) -> None:
    Database.open(db_path).close()
    writers = [
        subprocess.Popen(
            [sys.executable, str(CHILD), str(db_path), str(start), "80"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for start in (0, 1000)
    ]
    results = [w.communicate() for w in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert "locked" not in err and "busy" not in err
        assert len(out.split()) == 81  # "ready" and 80 acknowledgements
    database = Database.open(db_path)
    try:
        with database.read() as s:
            names = set(s.scalars(select(m.Application.company)))
            people = s.scalar(select(func.count()).select_from(m.Contact))
    finally:
        database.close()
    assert names == {f"w-{i}" for i in [*range(80), *range(1000, 1080)]}
    assert people == 160


def test_window_shows_what_the_command_line_imported_while_it_was_open(qtbot, db: Database):
    window = MainWindow(db)
    qtbot.addWidget(window)
    watcher = install_refresh(window.context)
    window.show()
    assert not window.board.board.snapshot.cards
    result = _cli(db.path, "import", "json", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    with qtbot.waitSignal(window.context.changed):
        assert watcher.check()
    companies = {c.company for c in window.board.board.snapshot.cards}
    assert "Acme Robotics" in companies
    shown = window.contacts.model
    assert "Dana Whitfield" in {shown.contact(r).full_name for r in range(shown.rowCount())}
    # The window's own edits are not announced again (its views already reloaded).
    with db.write() as s:
        s.add(m.Contact(full_name="Typed in the window"))
    assert not watcher.check()
    window.close()


def test_window_writes_while_a_command_line_writer_runs_without_errors(qtbot, db: Database):
    window = MainWindow(db)
    qtbot.addWidget(window)
    writer = subprocess.Popen(
        [sys.executable, str(CHILD), str(db.path), "0", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for i in range(30):
        with db.write() as s:
            s.add(m.Contact(full_name=f"window-{i}"))
    _out, err = writer.communicate()
    assert writer.returncode == 0, err
    with db.read() as s:
        names = list(s.scalars(select(m.Contact.full_name)))
    assert sum(n.startswith("window-") for n in names) == 30
    assert sum(n.startswith("w-") for n in names) == 60
    window.close()


# -- optimistic versions: another machine changed the record -------------------------


def _draft(details: apps.ApplicationDetails, **changes: object) -> apps.ApplicationDraft:
    return apps.ApplicationDraft(**{**details.draft.__dict__, **changes})


@pytest.mark.backends
def test_saving_over_a_change_made_elsewhere_is_refused(db: Database) -> None:
    fill_demo(db, NOW)
    with db.read() as s:
        app_id = s.scalars(select(m.Application.id).order_by(m.Application.id)).first()
    mine = apps.load_details(db, app_id)
    other = _same_machine(db)
    try:
        theirs = apps.load_details(other, app_id)
        apps.update_application(
            other, app_id, _draft(theirs, notes="theirs"), theirs.version, NOW, PlannerSettings()
        )
    finally:
        other.close()
    with pytest.raises(apps.StaleApplicationError, match="changed elsewhere") as caught:
        apps.update_application(
            db, app_id, _draft(mine, notes="mine"), mine.version, NOW, PlannerSettings()
        )
    assert apps.load_details(db, app_id).draft.notes == "theirs"
    # Overwriting on purpose (the user said so) passes the version now stored.
    apps.update_application(
        db, app_id, _draft(mine, notes="mine"), caught.value.current_version, NOW, PlannerSettings()
    )
    assert apps.load_details(db, app_id).draft.notes == "mine"


@pytest.mark.backends
def test_a_change_committed_during_a_save_is_not_overwritten(db: Database) -> None:
    if db.path is not None:
        pytest.skip("SQLite writers queue (BEGIN IMMEDIATE): this race needs a server")
    fill_demo(db, NOW)
    with db.read() as s:
        app_id = s.scalars(select(m.Application.id).order_by(m.Application.id)).first()
    other = _same_machine(db)
    try:
        with pytest.raises(ConcurrentEditError, match="changed elsewhere"), db.write() as s:
            row = s.get(m.Application, app_id)
            assert row is not None
            with other.write() as s2:  # the other machine commits first
                s2.get(m.Application, app_id).notes = "theirs"
            row.notes = "mine"
            s.flush()
        with other.read() as s2:
            assert s2.get(m.Application, app_id).notes == "theirs"
    finally:
        other.close()


def test_board_asks_before_overwriting_and_can_load_the_stored_version(qtbot, db: Database):
    fill_demo(db, NOW)
    window = MainWindow(db)
    qtbot.addWidget(window)
    board = window.board
    board.set_clock(lambda: NOW)
    card = board.board.snapshot.cards[0]
    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save])
    board.resolve_conflict = lambda company: asked.append(company) or next(answers)

    def edit_elsewhere(notes: str) -> None:
        other = _same_machine(db)
        try:
            fresh = apps.load_details(other, card.id)
            apps.update_application(
                other, card.id, _draft(fresh, notes=notes), fresh.version, NOW, PlannerSettings()
            )
        finally:
            other.close()

    dialog = board.open_details(card.id)
    dialog.notes.setPlainText("typed in the window")
    edit_elsewhere("typed on the laptop")
    dialog.accept()  # Cancel: nothing saved, the dialog stays with the typing
    assert asked == [card.company]
    assert apps.load_details(db, card.id).draft.notes == "typed on the laptop"
    assert dialog.isVisible() and dialog.notes.toPlainText() == "typed in the window"
    dialog.accept()  # Save: the user chose to overwrite
    assert apps.load_details(db, card.id).draft.notes == "typed in the window"

    board.resolve_conflict = lambda company: QMessageBox.StandardButton.Discard
    dialog = board.open_details(card.id)
    dialog.notes.setPlainText("second try")
    edit_elsewhere("laptop again")
    dialog.accept()  # Discard: the stored version is shown in a fresh dialog
    assert apps.load_details(db, card.id).draft.notes == "laptop again"
    assert board.dialog is not None and board.dialog.notes.toPlainText() == "laptop again"
    board.dialog.close()
    window.close()


@pytest.mark.backends
def test_change_marker_moves_when_another_program_commits(db: Database) -> None:
    """What the window's refresh watches, on SQLite and on a PostgreSQL server."""
    before = db.change_marker()
    assert db.change_marker() == before  # reading changes nothing
    other = _same_machine(db)
    try:
        with other.write() as s:
            s.add(m.Contact(full_name="Added on the laptop"))
    finally:
        other.close()
    assert db.change_marker() != before
