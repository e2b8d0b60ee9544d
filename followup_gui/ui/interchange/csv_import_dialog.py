"""The CSV import dialog: pick a preset, map each column, check the parsed rows, import.

Top: the preset and how to read ambiguous slash dates. Middle: the first rows of
the file under a field picker per column. Bottom: what will happen to every row
(import, merge, skip) with the dates as they were understood. Nothing is written
until Import is pressed, and then all of it or nothing: the rows are written in a
worker thread with a progress dialog whose Cancel rolls the whole import back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain import FollowUpError, ImportFileError
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.csv.importing import (
    CsvImportReport,
    ImportContext,
    ImportPreview,
    RowAction,
    import_csv,
    plan_rows,
)
from followup_gui.services.interchange.csv.presets import (
    PRESETS,
    CsvField,
    Mapping,
    auto_mapping,
    detect_preset,
    preset,
)
from followup_gui.services.interchange.csv.table import CsvTable
from followup_gui.ui.common.background import BackgroundTask, Progress, run_in_background
from followup_gui.ui.common.counts import counted
from followup_gui.ui.interchange.csv_preview_model import PreviewModel

if TYPE_CHECKING:
    from followup_gui.storage import Database

PREVIEW_ROWS = 6


class CsvImportDialog(QDialog):
    """Map a CSV file's columns and import it.

    Attributes:
        report: what the import did, once it succeeded.
        task: the import running in the background, while it runs.
    """

    def __init__(
        self,
        db: Database,
        table: CsvTable,
        context: ImportContext,
        settings: PlannerSettings,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.table, self.context = db, table, context
        self.settings, self.clock = settings, clock
        self.report: CsvImportReport | None = None
        self.preview: ImportPreview | None = None
        self.task: BackgroundTask | None = None
        self.setWindowTitle(self.tr("Import CSV: {name}").format(name=table.name))
        self.setAccessibleName(self.tr("Import CSV"))

        self.preset = QComboBox()
        self.preset.setAccessibleName(self.tr("Preset"))
        for p in PRESETS:
            self.preset.addItem(self.tr(p.title), p.key)
            self.preset.setItemData(self.preset.count() - 1, p.source, Qt.ItemDataRole.ToolTipRole)
        self.dates = QComboBox()
        self.dates.setAccessibleName(self.tr("Date order"))
        self.dates.addItem(self.tr("Decide per column (month first, unless a date says not)"), None)
        self.dates.addItem(self.tr("Month first (US): 03/04/2026 is March 4"), False)
        self.dates.addItem(self.tr("Day first (EU): 03/04/2026 is 3 April"), True)
        form = QFormLayout()
        form.addRow(self.tr("&Preset:"), self.preset)
        form.addRow(self.tr("Slash &dates:"), self.dates)

        self.columns = QTableWidget()
        self.columns.setObjectName("csv_columns")
        self.columns.setAccessibleName(self.tr("Columns of the file and their fields"))
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.result_model = PreviewModel(
            [
                self.tr("Line"),
                self.tr("Action"),
                self.tr("Company"),
                self.tr("Role"),
                self.tr("Stage"),
                self.tr("Note"),
                self.tr("Applied"),
                self.tr("Interview"),
                self.tr("Decision"),
            ],
            self._action_text,
            {key: title for title, key in context.stages.items()},
            self.palette().color(QPalette.ColorRole.PlaceholderText),
            self,
        )
        self.rows = QTableView()
        self.rows.setObjectName("csv_rows")
        self.rows.setAccessibleName(self.tr("What the import will do"))
        self.rows.setModel(self.result_model)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.setAlternatingRowColors(True)
        self.rows.verticalHeader().hide()
        header = self.rows.horizontalHeader()
        header.setStretchLastSection(True)
        # Column widths from the first rows: measuring thousands costs more than it shows.
        header.setResizeContentsPrecision(200)
        self.status = QLabel()
        self.status.setObjectName("csv_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel(self.tr("<b>Columns</b> — choose the field each one fills")))
        top_layout.addWidget(self.columns)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel(self.tr("<b>Result</b> — as it will be imported")))
        bottom_layout.addWidget(self.rows)
        split.addWidget(top)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.pickers: list[QComboBox] = []
        self._build_columns()
        chosen = detect_preset(table.headers)
        self.preset.setCurrentIndex(max(0, self.preset.findData(chosen.key)))
        self.apply_preset()
        self.preset.currentIndexChanged.connect(self.apply_preset)
        self.dates.currentIndexChanged.connect(self.refresh)
        fm = self.fontMetrics()
        self.resize(fm.horizontalAdvance("M") * 80, fm.lineSpacing() * 40)

    # -- field names ----------------------------------------------------------
    def field_names(self) -> dict[CsvField, str]:
        """What each field is called in the pickers."""
        return {
            CsvField.COMPANY: self.tr("Company"),
            CsvField.ROLE: self.tr("Role"),
            CsvField.STAGE: self.tr("Stage / status"),
            CsvField.LOCATION: self.tr("Location"),
            CsvField.POSTING_URL: self.tr("Posting link"),
            CsvField.SALARY: self.tr("Salary"),
            CsvField.NOTES: self.tr("Notes"),
            CsvField.APPLIED_ON: self.tr("Applied on (date)"),
            CsvField.INTERVIEW_ON: self.tr("Interview on (date)"),
            CsvField.DECISION_ON: self.tr("Decision expected (date)"),
            CsvField.TIMEZONE: self.tr("Employer time zone"),
            CsvField.PLAYBOOK: self.tr("Playbook"),
            CsvField.CONTACT_NAME: self.tr("Contact name"),
            CsvField.CONTACT_EMAIL: self.tr("Contact email"),
        }

    def _build_columns(self) -> None:
        headers = self.table.headers
        shown = self.table.rows[:PREVIEW_ROWS]
        self.columns.setColumnCount(len(headers))
        self.columns.setRowCount(1 + len(shown))
        self.columns.setHorizontalHeaderLabels(list(headers))
        self.columns.setVerticalHeaderLabels(
            [self.tr("Field"), *[str(line) for line in self.table.lines[:PREVIEW_ROWS]]]
        )
        names = self.field_names()
        for c, header in enumerate(headers):
            picker = QComboBox()
            picker.setAccessibleName(self.tr("Field for column {h}").format(h=header))
            picker.addItem(self.tr("— ignore —"), None)
            for fld, name in names.items():
                picker.addItem(name, fld.value)
            picker.currentIndexChanged.connect(self.refresh)
            self.pickers.append(picker)
            self.columns.setCellWidget(0, c, picker)
            for r, row in enumerate(shown, start=1):
                self.columns.setItem(r, c, QTableWidgetItem(row[c]))
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.columns.resizeColumnsToContents()
        for c in range(len(headers)):
            self.columns.setColumnWidth(c, max(self.columns.columnWidth(c), 150))

    # -- mapping --------------------------------------------------------------
    def mapping(self) -> Mapping:
        """The mapping the pickers show."""
        result: Mapping = {}
        for c, picker in enumerate(self.pickers):
            value = picker.currentData()
            if value:
                result[c] = CsvField(value)
        return result

    def set_mapping(self, mapping: Mapping) -> None:
        """Show a mapping in the pickers (and refresh the result once)."""
        for c, picker in enumerate(self.pickers):
            picker.blockSignals(True)
            fld = mapping.get(c)
            picker.setCurrentIndex(0 if fld is None else picker.findData(fld.value))
            picker.blockSignals(False)
        self.refresh()

    def apply_preset(self) -> None:
        """Map the columns the chosen preset recognises."""
        chosen = preset(str(self.preset.currentData()))
        self.set_mapping(auto_mapping(self.table.headers, chosen))

    # -- result ---------------------------------------------------------------
    def _action_text(self, action: RowAction) -> str:
        return {
            RowAction.IMPORT: self.tr("Import"),
            RowAction.MERGE: self.tr("Merge"),
            RowAction.SKIP: self.tr("Skip"),
        }[action]

    def refresh(self) -> None:
        """Re-plan every row with the current mapping and show the result."""
        chosen = preset(str(self.preset.currentData()))
        try:
            self.preview = plan_rows(
                self.table, self.mapping(), chosen, self.context, self.dates.currentData()
            )
        except ImportFileError as exc:
            self.preview = None
            self.result_model.set_rows([])
            self._show_status(self.tr("Choose the fields: {what}.").format(what=exc.what), True)
            return
        self.result_model.set_rows(self.preview.rows)
        self.rows.resizeColumnsToContents()
        p = self.preview
        counts = self.tr("{i} to import, {m} to merge, {s} to skip.").format(
            i=p.count(RowAction.IMPORT), m=p.count(RowAction.MERGE), s=p.count(RowAction.SKIP)
        )
        if p.errors:
            lines = "<br>".join(str(e) for e in p.errors[:8])
            more = len(p.errors) - 8
            extra = self.tr("<br>…and {n} more.").format(n=more) if more > 0 else ""
            self._show_status(
                self.tr("<b>Nothing can be imported until these are fixed:</b><br>{e}{x}").format(
                    e=lines, x=extra
                ),
                True,
            )
        else:
            self._show_status(counts, False)

    def _show_status(self, text: str, error: bool) -> None:
        self.status.setText(text)
        color = QColor("#c62828") if error else self.palette().color(QPalette.ColorRole.WindowText)
        self.status.setStyleSheet(f"color: {color.name()}")
        can = not error and self.preview is not None
        can = can and any(r.action != RowAction.SKIP for r in self.preview.rows)  # type: ignore[union-attr]
        self.import_button.setEnabled(can)

    def run_import(self) -> BackgroundTask | None:
        """Import everything (one transaction) off the GUI thread.

        The dialog closes (accepted) when the import succeeded; an invalid file
        or a cancel leaves it open with the reason below the rows.

        Returns:
            The running import (None when one is already running).
        """
        if self.task is not None:
            return None
        chosen = preset(str(self.preset.currentData()))
        db, table, mapping, context = self.db, self.table, self.mapping(), self.context
        now, settings, day_first = self.clock(), self.settings, self.dates.currentData()
        self.import_button.setEnabled(False)

        def job(progress: Progress) -> CsvImportReport:
            return import_csv(
                db, table, mapping, chosen, now, settings, context, day_first, progress
            )

        def cancelled() -> None:  # (a Cancel after the commit reports the import done)
            self._show_status(self.tr("Import cancelled; nothing was changed."), False)

        self.task = run_in_background(
            self,
            self.tr("Import CSV"),
            counted(
                len(table.rows),
                self.tr("Importing 1 row of {file}…"),
                self.tr("Importing {n} rows of {file}…"),
                file=table.name,
            ),
            job,
            on_done=self._imported,
            on_error=self._not_imported,
            on_cancel=cancelled,
        )
        self.task.ended.connect(self._task_ended)
        return self.task

    def _task_ended(self) -> None:
        self.task = None

    def _imported(self, report: CsvImportReport) -> None:
        self.report = report
        self.accept()

    def _not_imported(self, exc: BaseException) -> None:
        if not isinstance(exc, FollowUpError | OSError):
            raise exc  # a bug: the crash dialog shows it
        self._show_status(self.tr("Nothing was imported: {e}").format(e=exc), True)

    def reject(self) -> None:
        """Close without importing (not while an import runs: Cancel that first)."""
        if self.task is None:
            super().reject()
