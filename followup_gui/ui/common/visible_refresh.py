"""Hand a view the changes it cares about, but only while someone can see it.

The agenda, the contacts and the insights each reload when something they show
changed (a card moved, an outcome logged, an import). With thousands of
applications a reload costs from a tenth of a second to seconds; a tab nobody
looks at must not make every card move wait for it. A :class:`ChangeGate`
listens to the context's ``changed`` signal: a visible view gets the change at
once; a hidden one keeps the changes, united into one
:class:`~followup_gui.services.changes.Changes`, and gets them when it is next
shown, so it decides once, from everything that happened, what to read again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from followup_gui.services.changes import Changes
from followup_gui.ui.context import AppContext


def _always(_changes: Changes) -> bool:
    return True


class ChangeGate(QObject):
    """Runs ``reload(changes)`` while ``widget`` is visible, else when it is shown.

    Args:
        widget: the view.
        context: whose ``changed`` signal is listened to.
        reload: what the view does with the changes.
        wants: which changes concern the view (others are ignored).
        skip_own: changes the widget itself initiated are ignored (it already
            shows them).

    Attributes:
        pending: changes that came while the widget was hidden, or ``None``.
    """

    def __init__(
        self,
        widget: QWidget,
        context: AppContext,
        reload: Callable[[Changes], object],
        wants: Callable[[Changes], bool] = _always,
        *,
        skip_own: bool = True,
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self._reload = reload
        self._wants = wants
        self._skip_own = skip_own
        self.pending: Changes | None = None
        widget.installEventFilter(self)
        context.changed.connect(self.changed)

    @property
    def stale(self) -> bool:
        """Whether changes wait for the widget to be shown."""
        return self.pending is not None

    def changed(self, changes: Changes, initiator: object = None) -> None:
        """The data changed: hand it over now if the widget is visible, else later."""
        if self._skip_own and initiator is not None and initiator is self.widget:
            return
        if not self._wants(changes):
            return
        if self.widget.isVisible():
            pending, self.pending = self.pending, None
            self._reload(changes if pending is None else pending | changes)
        else:
            self.pending = changes if self.pending is None else self.pending | changes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hand the kept changes to a stale widget as it is shown (before it paints)."""
        if watched is self.widget and event.type() == QEvent.Type.Show and self.pending:
            pending, self.pending = self.pending, None
            self._reload(pending)
        return False
