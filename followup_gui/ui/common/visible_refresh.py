"""Reload a view when its data changed, but only while someone can see it.

The agenda, the contacts and the insights each reload when anything changes
(a card moved, an outcome logged, an import). With thousands of applications a
reload costs from a tenth of a second to seconds; a tab nobody looks at must not
make every card move wait for it. :func:`refresh_when_shown` connects the change
signals so that a visible view reloads at once, as before, and a hidden one only
notes that it is stale and reloads when it is next shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, SignalInstance
from PySide6.QtWidgets import QWidget


class RefreshWhenShown(QObject):
    """Runs ``reload`` for changes while ``widget`` is visible, else when it is shown.

    Attributes:
        stale: a change came while the widget was hidden; it reloads when shown.
    """

    def __init__(self, widget: QWidget, reload: Callable[[], object]) -> None:
        super().__init__(widget)
        self.widget = widget
        self._reload = reload
        self.stale = False
        widget.installEventFilter(self)

    def changed(self, *_args: object) -> None:
        """The data changed: reload now if the widget is visible, else later."""
        if self.widget.isVisible():
            self.stale = False
            self._reload()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Reload a stale widget as it is shown (before it paints)."""
        if watched is self.widget and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._reload()
        return False


def refresh_when_shown(
    widget: QWidget, reload: Callable[[], object], signals: Iterable[SignalInstance]
) -> RefreshWhenShown:
    """Connect ``signals`` to ``reload`` through a :class:`RefreshWhenShown` (returned)."""
    gate = RefreshWhenShown(widget, reload)
    for signal in signals:
        signal.connect(gate.changed)
    return gate
