"""Tabs whose part is built the first time it is needed, not at start-up.

With thousands of applications the contacts list and the insights load for
seconds; nobody sees them until their tab is opened, so the board should not
wait for them. A :class:`LazyTabs` puts a placeholder page in the tab widget and
swaps in the real part when the tab is selected or the part is asked for, so
``tabs.currentWidget() is window.contacts`` holds as before.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTabs(QObject):
    """Builds the parts of placeholder tabs on demand.

    Args:
        tabs: the tab widget (its ``currentChanged`` triggers a build).
    """

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self._builders: dict[QWidget, Callable[[], QWidget]] = {}
        self._parts: dict[str, QWidget] = {}
        self._names: dict[QWidget, str] = {}
        tabs.currentChanged.connect(self._on_current)

    def add(self, name: str, title: str, build: Callable[[], QWidget]) -> None:
        """Add a tab called ``title`` whose part ``build()`` makes when first needed."""
        placeholder = QWidget()
        placeholder.setAccessibleName(title)
        self._builders[placeholder] = build
        self._names[placeholder] = name
        self.tabs.addTab(placeholder, title)

    def part(self, name: str) -> QWidget:
        """The part called ``name``, built (and put in its tab) now if it was not yet."""
        if name not in self._parts:
            page = next(p for p, n in self._names.items() if n == name)
            self._build(page)
        return self._parts[name]

    def _on_current(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page in self._builders:
            self._build(page)

    def _build(self, page: QWidget) -> None:
        build = self._builders.pop(page)
        name = self._names.pop(page)
        part = build()
        self._parts[name] = part
        index = self.tabs.indexOf(page)
        current = self.tabs.currentIndex() == index
        blocked = self.tabs.blockSignals(True)
        self.tabs.insertTab(index, part, self.tabs.tabText(index))
        self.tabs.removeTab(index + 1)
        if current:
            self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(blocked)
        page.deleteLater()
