"""A view's read-only load in a worker thread, its result shown in the GUI thread.

For views whose data takes longer to read and compute than a frame or two at
thousands of applications (the insights): the window stays responsive while
they load, and a view says so meanwhile. Unlike :mod:`followup_gui.ui.common.background`
there is no progress dialog: nothing is written, and a newer request simply
supersedes an older one.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from followup_gui.ui.common.background import _Worker

#: Every loader alive (see :func:`wait_for_loads`).
_LOADERS: weakref.WeakSet[BackgroundLoad] = weakref.WeakSet()


def wait_for_loads() -> None:
    """Let every load under way end (before the database file is replaced)."""
    for loader in list(_LOADERS):
        loader.wait()


class BackgroundLoad(QObject):
    """Runs ``load()`` in a worker thread and hands its result to ``show`` (GUI thread).

    A request while a load runs is kept and run once that load ended, so the
    view always ends up showing the latest data, and never two loads at once.

    Args:
        load: the work (it must not touch widgets); returns what ``show`` gets.
        show: called in the GUI thread with the result.
        failed: called in the GUI thread with the exception if ``load`` raised.
        parent: the view (the loader lives and dies with it).
    """

    def __init__(
        self,
        load: Callable[[], Any],
        show: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._load, self._show, self._failed = load, show, failed
        self._worker: _Worker | None = None
        self._again = False
        _LOADERS.add(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.wait)  # no thread outlives the application

    @property
    def running(self) -> bool:
        """Whether a load is under way."""
        return self._worker is not None

    def request(self) -> None:
        """Load now, or right after the load under way."""
        if self._worker is not None:
            self._again = True
            return
        load = self._load
        self._worker = _Worker(lambda _progress: load(), self)
        self._worker.succeeded.connect(self._succeeded)
        self._worker.failed.connect(self._failed_in_worker)
        self._worker.start()

    def wait(self) -> None:
        """Block until the load under way ended (quitting, tests)."""
        if self._worker is not None:
            self._worker.wait()

    def _ended(self) -> None:
        if self._worker is not None:
            self._worker.wait()
            self._worker.deleteLater()
        self._worker = None
        if self._again:
            self._again = False
            self.request()

    def _succeeded(self, result: object) -> None:
        self._ended()  # a newer request starts here; meanwhile this is the newest data
        self._show(result)

    def _failed_in_worker(self, exc: object) -> None:
        self._ended()
        assert isinstance(exc, BaseException)
        self._failed(exc)
