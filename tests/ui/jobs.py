"""Helpers for tests of actions that run in the background (``ui/background.py``)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from followup_gui.ui.common.background import Progress

Report = Callable[[int, int], None]


class Gate:
    """Holds a background job at one progress report until the test lets it go.

    Args:
        at: which report to hold at (the first one for which it is true).
        after: hold once that report went through (a Cancel meanwhile then comes
            too late for the job to notice), instead of before it.
    """

    def __init__(
        self, at: Callable[[int, int], bool] = lambda _done, _total: True, after: bool = False
    ) -> None:
        self.at = at
        self.after = after
        self.reached = threading.Event()
        self.go = threading.Event()

    def hold(self, progress: Progress | Report | None) -> Report:
        """Wrap the job's ``progress``: the chosen report waits for :attr:`go`."""

        def report(done: int, total: int) -> None:
            held = not self.reached.is_set() and self.at(done, total)
            if held and not self.after:
                self._wait()
            if progress is not None:
                progress(done, total)
            if held and self.after:
                self._wait()

        return report

    def _wait(self) -> None:
        self.reached.set()
        self.go.wait(30)


def last_report(done: int, total: int) -> bool:
    """The last report of a job (everything is done but the final write or commit)."""
    return total > 0 and done == total
