"""Board settings: add, rename, reorder, hide and delete stages.

Changes apply at once (each is one small transaction) and are not on the undo
stack: they change the board's shape, not a card. A stage holding cards cannot be
hidden or deleted, so no card is ever out of sight.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain import FollowUpError
from followup_gui.services.board import stages as board_stages
from followup_gui.services.changes import Changes, WithChanges
from followup_gui.ui.context import AppContext


class StagesDialog(QDialog):
    """Manage the board's columns.

    Args:
        context: the app context; every successful change is notified on it
            (the board reloads its columns).
        parent: the parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.db = context.db
        self.setWindowTitle(self.tr("Board stages"))
        self.setAccessibleName(self.windowTitle())
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Stages; uncheck to hide"))
        self.list.itemChanged.connect(self._item_changed)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        buttons = QVBoxLayout()
        for text, slot in (
            (self.tr("&Add…"), self.add),
            (self.tr("&Rename…"), self.rename),
            (self.tr("Move &up"), lambda: self.shift(-1)),
            (self.tr("Move &down"), lambda: self.shift(1)),
            (self.tr("&Delete"), self.delete),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Uncheck a stage to hide its column. A stage that "
                    "holds cards can be neither hidden nor deleted."
                )
            )
        )
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """List the stages again."""
        self.list.blockSignals(True)
        self.list.clear()
        for stage in board_stages.stages(self.db):
            item = QListWidgetItem(stage.title + (self.tr(" (final)") if stage.terminal else ""))
            item.setData(Qt.ItemDataRole.UserRole, stage.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if stage.hidden else Qt.CheckState.Checked)
            self.list.addItem(item)
            if stage.key == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def _key(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _do(self, action: Callable[[], WithChanges[Any] | Changes], select: str | None) -> None:
        try:
            done = action()
        except FollowUpError as exc:
            self.message.setText(str(exc))
        else:
            self.message.clear()
            self.context.notify(done if isinstance(done, Changes) else done.changes, self)
        self.refresh(select)

    def _item_changed(self, item: QListWidgetItem) -> None:
        key = str(item.data(Qt.ItemDataRole.UserRole))
        hidden = item.checkState() != Qt.CheckState.Checked
        self._do(lambda: board_stages.set_stage_hidden(self.db, key, hidden), key)

    def add(self) -> None:
        """Ask for a title and add a stage at the right end."""
        title, ok = QInputDialog.getText(self, self.tr("Add stage"), self.tr("Name:"))
        if ok and title.strip():
            self._do(lambda: board_stages.add_stage(self.db, title), None)

    def rename(self) -> None:
        """Rename the selected stage."""
        key, item = self._key(), self.list.currentItem()
        if key is None:
            return
        title, ok = QInputDialog.getText(
            self, self.tr("Rename stage"), self.tr("Name:"), text=item.text()
        )
        if ok:
            self._do(lambda: board_stages.rename_stage(self.db, key, title), key)

    def shift(self, step: int) -> None:
        """Move the selected stage left (-1) or right (+1) on the board."""
        key = self._key()
        if key is None:
            return
        keys = [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]
        i = keys.index(key)
        j = i + step
        if 0 <= j < len(keys):
            keys[i], keys[j] = keys[j], keys[i]
            self._do(lambda: board_stages.reorder_stages(self.db, keys), key)

    def delete(self) -> None:
        """Delete the selected stage (refused while it holds cards)."""
        key = self._key()
        if key is not None:
            self._do(lambda: board_stages.delete_stage(self.db, key), None)
