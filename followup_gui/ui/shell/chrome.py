"""The window's chrome: the application count in the status bar and View > Theme."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from followup_gui.services.board.counts import count_applications
from followup_gui.services.changes import Changes
from followup_gui.ui.common import theme
from followup_gui.ui.context import AppContext


def _tr(text: str) -> str:
    return QCoreApplication.translate("Chrome", text)


class ApplicationCount(QLabel):
    """The number of applications, always current: counted again after any change of cards.

    A permanent status-bar widget: messages posted on the left never hide it.
    The database's file is its tooltip.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName(self.tr("Number of applications"))
        context.changed.connect(self._changed)
        self.recount()

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if changes.cards or changes.external:
            self.recount()

    def recount(self) -> None:
        """Count the applications again."""
        db = self.context.db
        n = count_applications(db)
        text = self.tr("1 application") if n == 1 else self.tr("{n} applications").format(n=n)
        self.setText(text)
        self.setToolTip(str(db.path) if db.path else self.tr("server database"))


def theme_menu(parent: QMenu, switch: theme.ThemeSwitch) -> dict[str, QAction]:
    """Add Theme > System, Light, Dark to ``parent`` (one checked); returns the actions."""
    menu = parent.addMenu(_tr("&Theme"))
    group = QActionGroup(menu)
    names = {
        theme.SYSTEM: _tr("&System (follow the desktop)"),
        theme.LIGHT: _tr("&Light"),
        theme.DARK: _tr("&Dark"),
    }
    actions: dict[str, QAction] = {}
    for key, text in names.items():
        action = QAction(text, group)
        action.setCheckable(True)
        action.setChecked(switch.theme == key)
        action.triggered.connect(lambda _=False, k=key: switch.choose(k))
        menu.addAction(action)
        actions[key] = action
    return actions
