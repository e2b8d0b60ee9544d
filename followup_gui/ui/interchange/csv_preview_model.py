"""The CSV import dialog's result table: every row of the file as it will be imported.

A table model over the :class:`~followup_gui.services.interchange.csv.importing.ImportPreview`,
so a file of thousands of rows is shown without building an item per cell: each
mapping change re-plans the rows and resets the model, and the view asks only
for the cells it paints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from followup_gui.services.interchange.csv.importing import RowAction, RowPlan
from followup_gui.services.interchange.csv.presets import CsvField
from followup_gui.ui.common.when import full_day_text

Index = QModelIndex | QPersistentModelIndex

#: The date fields shown, in column order after the text columns.
DATE_FIELDS = (CsvField.APPLIED_ON, CsvField.INTERVIEW_ON, CsvField.DECISION_ON)


def day_text(value: object) -> str:
    """A parsed date as the preview shows it, always with its year: ``Tue, 3 Nov 2026``."""
    return full_day_text(value) if isinstance(value, date) else ""


class PreviewModel(QAbstractTableModel):
    """Line, action, company, role, stage, note and the three dates of every row.

    Args:
        headers: the column titles (translated by the dialog).
        action_text: the words for an action ("Import", "Merge", "Skip").
        stage_titles: stage key -> the title the user knows it by.
        skip_colour: the text colour of rows that will be skipped.
    """

    def __init__(
        self,
        headers: list[str],
        action_text: Callable[[RowAction], str],
        stage_titles: Mapping[str, str],
        skip_colour: QColor,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers = headers
        self.action_text = action_text
        self.stage_titles = stage_titles
        self.skip_colour = skip_colour
        self.plans: list[RowPlan] = []

    def set_rows(self, plans: list[RowPlan]) -> None:
        """Show these rows (a reset: the view lays out once)."""
        self.beginResetModel()
        self.plans = plans
        self.endResetModel()

    def cell(self, row: int, column: int) -> str:
        """The text of one cell."""
        plan = self.plans[row]
        if column == 0:
            return str(plan.line)
        if column == 1:
            return self.action_text(plan.action)
        if column == 2:
            return plan.company
        if column == 3:
            return plan.role
        if column == 4:
            return self.stage_titles.get(plan.stage, plan.stage).capitalize() if plan.stage else ""
        if column == 5:
            return plan.note
        return day_text(plan.values.get(DATE_FIELDS[column - 6]))

    # -- QAbstractItemModel -------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per row of the file (a table has no children)."""
        return 0 if parent.isValid() else len(self.plans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The fixed columns."""
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The cell's text, the row's note as tooltip, skipped rows dimmed."""
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.plans[row].note or None
        if role == Qt.ItemDataRole.ForegroundRole and self.plans[row].action == RowAction.SKIP:
            return self.skip_colour
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """The column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None
