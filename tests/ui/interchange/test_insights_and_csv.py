"""Insights tab (live updates, nudge), CSV menu and mapping dialog, attachments panel."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtWidgets import QComboBox
from sqlalchemy import select

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.applications import attachments as att
from followup_gui.services.changes import EVERYTHING
from followup_gui.services.insights import figures as ins
from followup_gui.services.interchange.csv import presets as cp
from followup_gui.services.interchange.csv.importing import load_context
from followup_gui.services.interchange.csv.table import read_table
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.applications.attachments_panel import AttachmentsPanel
from followup_gui.ui.common.when import day_text, full_day_text, local_zone
from followup_gui.ui.interchange.csv_import_dialog import CsvImportDialog
from followup_gui.ui.shell.main_window import MainWindow

FIXTURES = Path(__file__).parents[2] / "fixtures" / "csv"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def add_app(db: Database, company: str, stage: str = "applied") -> int:
    with db.write() as s:
        app = m.Application(company=company, stage_key=stage, timezone="UTC")
        s.add(app)
        s.flush()
        return app.id


def test_insights_tab_updates_live_and_nudges(qtbot, db: Database, monkeypatch) -> None:
    first = add_app(db, "Acme")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1100, 750)
    window.show()
    qtbot.waitExposed(window)
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "Insights" in tabs
    view = window.insights
    window.tabs.setCurrentWidget(view)
    # The figures are read in a worker thread; the window stays responsive meanwhile.
    qtbot.waitUntil(lambda: view.data is not None and not view.loader.running)
    assert view.data is not None and view.data.active_now == 1
    assert not view.nudge.isHidden() and "1 application" in view.nudge.text()
    assert "Applied: 1" in view.funnel.accessibleDescription()
    assert "1</b> in all" in view.summary.text()
    for name in ("Globex", "Initech"):
        add_app(db, name)
    window.context.notify(EVERYTHING)  # shown: the charts follow
    qtbot.waitUntil(lambda: view.data.active_now == 3)
    assert view.nudge.isHidden() and "3</b> in all" in view.summary.text()

    # On the board, a move does not wait for the hidden charts...
    window.tabs.setCurrentWidget(window.board)
    reloads: list[int] = []
    real = ins.load_records
    monkeypatch.setattr(ins, "load_records", lambda db: (reloads.append(1), real(db))[1])
    shown_before = view.data
    assert window.board.move_cards([first], "rejected")
    assert reloads == [] and view.data is shown_before
    # ...and they are up to date as soon as the tab is opened again.
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.data.active_now == 2)
    assert reloads == [1] and not view.nudge.isHidden()
    view.grab()  # paints every chart without a warning


def test_insights_start_tab(qtbot, db: Database, monkeypatch) -> None:
    monkeypatch.setenv("FOLLOWUP_START_TAB", "insights")
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.tabs.currentWidget() is window.insights
    window.insights.loader.wait()  # the worker ends before the window goes


def test_csv_menu_entries(qtbot, db: Database) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    items = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()]
    for wanted in ("Import CSV…", "Export applications CSV…", "Export contacts CSV…"):
        assert wanted in items


def make_dialog(qtbot, db: Database, name: str) -> CsvImportDialog:
    table = read_table(FIXTURES / name)
    ctx = load_context(db, "UTC", "balanced", date(2026, 11, 24))
    dialog = CsvImportDialog(db, table, ctx, PlannerSettings(), lambda: NOW)
    qtbot.addWidget(dialog)
    return dialog


def shown(dialog: CsvImportDialog, row: int, column: int) -> str:
    """The text the result table shows in a cell."""
    return str(dialog.rows.model().index(row, column).data())


def test_import_dialog_picks_preset_shows_dates_and_imports(qtbot, db: Database) -> None:
    dialog = make_dialog(qtbot, db, "huntr.csv")
    assert dialog.preset.currentData() == "huntr"
    picker = dialog.columns.cellWidget(0, 2)
    assert isinstance(picker, QComboBox) and picker.currentData() == "stage"
    assert dialog.rows.model().rowCount() == 4
    assert shown(dialog, 0, 6) == full_day_text(date(2026, 11, 3))
    assert shown(dialog, 1, 6) == full_day_text(date(2026, 11, 20))
    assert "4 to import" in dialog.status.text()
    assert dialog.import_button.isEnabled()
    assert dialog.run_import() is not None  # the rows are written in a worker thread
    qtbot.waitUntil(lambda: dialog.result() == CsvImportDialog.DialogCode.Accepted)
    assert dialog.report is not None and dialog.report.imported == 4
    with db.read() as s:
        assert len(s.scalars(select(m.Application)).all()) == 4


def test_import_dialog_shows_errors_and_mapping_changes(qtbot, db: Database) -> None:
    dialog = make_dialog(qtbot, db, "bad_date.csv")
    assert not dialog.import_button.isEnabled()
    assert "line 3, applied_on" in dialog.status.text()
    dialog.columns.cellWidget(0, 2).setCurrentIndex(0)  # ignore the date column
    dialog.columns.cellWidget(0, 3).setCurrentIndex(0)  # and the time zones
    assert dialog.import_button.isEnabled() and "3 to import" in dialog.status.text()
    dialog.columns.cellWidget(0, 0).setCurrentIndex(0)  # no company column left
    assert not dialog.import_button.isEnabled() and "company" in dialog.status.text()
    day_first = make_dialog(qtbot, db, "day_first.csv")
    assert shown(day_first, 0, 6) == full_day_text(date(2026, 4, 3))  # not 4 March
    day_first.dates.setCurrentIndex(day_first.dates.findData(False))
    assert "25/03/2026" in day_first.status.text()
    day_first.preset.setCurrentIndex(day_first.preset.findData(cp.TEAL.key))
    assert day_first.mapping() == cp.auto_mapping(day_first.table.headers, cp.TEAL)


def test_attachments_panel(qtbot, db: Database, tmp_path: Path) -> None:
    app_id = add_app(db, "Acme")
    panel = AttachmentsPanel(db, app_id, lambda: NOW, data_dir=tmp_path / "data")
    qtbot.addWidget(panel)
    assert panel.items.count() == 1 and panel.selected_id() is None  # the placeholder
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(b"%PDF fake")
    assert panel.attach(cv, att.AttachmentKind.RESUME, "v2")
    assert panel.items.count() == 1 and "Resume: v2 (cv.pdf" in panel.items.item(0).text()
    [kept] = att.list_attachments(db, tmp_path / "data", app_id)
    here = local_zone()
    day = day_text(kept.added_at.astimezone(here).date(), NOW.astimezone(here).date())
    assert panel.items.item(0).text() == f"Resume: v2 (cv.pdf, {day})"  # the one way to write a day
    assert not panel.attach(tmp_path / "missing.pdf", att.AttachmentKind.POSTING)
    assert not panel.error.isHidden()
    panel.items.setCurrentRow(0)
    panel.remove_selected()
    assert att.list_attachments(db, tmp_path / "data", app_id) == []
    out = panel.write_report(tmp_path / "r.pdf")
    assert out is not None and out.stat().st_size > 0


def test_details_dialog_has_attachments(qtbot, db: Database) -> None:
    app_id = add_app(db, "Acme")
    window = MainWindow(db)
    qtbot.addWidget(window)
    dialog = window.board.open_details(app_id)
    assert dialog is not None
    panel = dialog.attachments_slot.findChild(AttachmentsPanel)
    assert panel is not None and panel.print_button.text() == "Print report (PDF)…"
    dialog.close()
