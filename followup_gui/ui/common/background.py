"""Long work off the GUI thread, with a progress dialog and a Cancel button.

Import, export, backup and a big re-plan can take seconds with thousands of
applications. :func:`run_in_background` runs such a job in a :class:`QThread`
while a window-modal :class:`QProgressDialog` shows how far it got.

The job gets a :class:`Progress` and reports through it; when the user cancels,
the next report raises :class:`Cancelled` inside the job. A job that writes does
so in one ``Database.write()`` unit of work, so the exception rolls the whole
transaction back: a cancelled job changes nothing. SQLite connections belong to
one thread, so the job opens its own session through the same
:class:`~followup_gui.storage.Database` (its engine hands each thread its own
pooled connection; ``check_same_thread=False`` only lets the pool close them).

A job may report thousands of times a second; each report that crossed to the
GUI thread would have to win the interpreter back from the busy worker, so the
window stalled. Reports are therefore relayed (:class:`_ProgressRelay`): the
worker only keeps its newest one, and the GUI thread takes it at most every
:data:`PROGRESS_INTERVAL_MS`, and once more at the end. Cancel is still checked
at every report, in the worker.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

#: The shortest time between two progress updates the GUI thread shows.
PROGRESS_INTERVAL_MS = 100


class Cancelled(Exception):  # noqa: N818 - it is not an error, the user asked for it
    """Raised inside a job at its next progress report after the user cancelled."""


class Progress:
    """What a job uses to report progress; thread-safe.

    Args:
        report: called (in the job's thread) with ``(done, total)``.
    """

    def __init__(self, report: Callable[[int, int], None]) -> None:
        self._report = report
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next report."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """Whether the user asked to stop."""
        return self._cancelled.is_set()

    def __call__(self, done: int, total: int) -> None:
        """Report ``done`` of ``total`` steps (``total`` 0: unknown).

        Raises:
            Cancelled: the user cancelled; let it propagate to roll back.
        """
        if self._cancelled.is_set():
            raise Cancelled
        self._report(done, total)


class _ProgressRelay(QObject):
    """Hands a job's reports to the GUI thread, at most one per interval.

    :meth:`report` (in the worker) keeps the newest report and wakes the GUI
    thread only if no wake-up is on its way: however often the job reports, one
    queued event at a time crosses. The GUI thread then shows the newest report
    once the interval since it last showed one is over (a timer takes it there
    if it came too early), and :meth:`flush` shows what is left at the end.

    Args:
        clock: monotonic seconds (tests pass a fake one).
        parent: the task that owns the relay (it lives in the GUI thread).

    Signals:
        posted: a report is waiting (emitted in the worker, queued to the GUI).
        delivered(int, int): show ``(done, total)`` now (in the GUI thread).
    """

    posted = Signal()
    delivered = Signal(int, int)

    def __init__(self, clock: Callable[[], float], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._lock = threading.Lock()
        self._latest: tuple[int, int] | None = None
        self._waiting = False  # a wake-up or the timer will take ``_latest``
        self._next_at = -math.inf  # when the GUI may show the next report
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._take)
        self.posted.connect(self._take)

    def report(self, done: int, total: int) -> None:
        """Keep ``(done, total)`` as the newest report (in the job's thread)."""
        with self._lock:
            self._latest = (done, total)
            if self._waiting:
                return
            self._waiting = True
        self.posted.emit()

    def _take(self) -> None:
        wait = self._next_at - self._clock()
        if wait > 0:
            self._timer.start(max(1, math.ceil(wait * 1000)))
        else:
            self.flush()

    def take_last(self) -> tuple[int, int] | None:
        """The newest report not yet shown, taken: nothing more is shown (GUI thread)."""
        self._timer.stop()
        with self._lock:
            latest, self._latest = self._latest, None
            self._waiting = False
        return latest

    def flush(self) -> None:
        """Show the newest report now, if there is one not yet shown (GUI thread)."""
        latest = self.take_last()
        if latest is not None:
            self._next_at = self._clock() + PROGRESS_INTERVAL_MS / 1000
            self.delivered.emit(*latest)


class _Worker(QThread):
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        job: Callable[[Progress], Any],
        parent: QObject | None = None,
        report: Callable[[int, int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.job = job
        self.progress = Progress(report or (lambda _done, _total: None))

    def run(self) -> None:
        try:
            result = self.job(self.progress)
        except BaseException as exc:  # handed to the GUI thread, which decides
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """A job running in a worker thread with a progress dialog.

    Args:
        parent: the window the dialog is modal to.
        title: the dialog's title.
        label: what is being done, in words.
        job: the work (see :func:`run_in_background`).
        minimum_duration_ms: how long the job runs before the dialog appears.
        clock: monotonic seconds, for spacing the progress updates (tests fake it).

    Signals:
        progressed(int, int): ``(done, total)`` goes to the dialog now; at most one
            about every :data:`PROGRESS_INTERVAL_MS`, and the job's last report at the end.
        finished(object): the job returned this value.
        cancelled: the user cancelled and the job stopped (nothing was changed).
        failed(object): the job raised this exception.
        ended: after any of the above (the dialog is closed).
    """

    progressed = Signal(int, int)
    finished = Signal(object)
    cancelled = Signal()
    failed = Signal(object)
    ended = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        label: str,
        job: Callable[[Progress], Any],
        minimum_duration_ms: int = 200,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(minimum_duration_ms)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self._relay = _ProgressRelay(clock, self)
        self._relay.delivered.connect(self._on_progress)
        self.worker = _Worker(job, self, self._relay.report)
        self.worker.succeeded.connect(self._on_success)
        self.worker.failed.connect(self._on_failure)
        self.dialog.canceled.connect(self.worker.progress.cancel)
        self.done = False

    @property
    def progress(self) -> Progress:
        """The job's progress reporter (tests cancel through it too)."""
        return self.worker.progress

    def start(self) -> BackgroundTask:
        """Start the job; the dialog appears if it takes longer than a moment."""
        self.dialog.setValue(0)
        _RUNNING.add(self)
        _finish_at_quit()
        self.worker.start()
        return self

    def wait(self, ms: int = -1) -> bool:
        """Block until the worker thread ended (tests, and closing the window)."""
        return self.worker.wait() if ms < 0 else self.worker.wait(ms)

    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(max(0, total))
        # Before ``setValue``: a modal dialog handles events in it, newer reports too.
        self.progressed.emit(done, total)
        if total:
            self.dialog.setValue(min(done, total))

    def _end(self) -> None:
        _RUNNING.discard(self)
        self.done = True
        # Closing the dialog emits ``canceled``: that is not the user's Cancel.
        self.dialog.canceled.disconnect(self.worker.progress.cancel)
        # The job's last report may still wait for its turn: the bar ends where the
        # job did (after the disconnect: a click on Cancel now cancels nothing). A
        # cancelled job's is dropped: the reset dialog would show itself again.
        if self.worker.progress.cancelled:
            self._relay.take_last()
        else:
            self._relay.flush()
        self.dialog.reset()
        self.dialog.close()
        self.worker.wait()
        self.ended.emit()

    def _on_success(self, result: object) -> None:
        # A job that returned did its work, even if Cancel came after its last
        # report (an import committed): say so. What is not yet final in the GUI
        # thread (an export's rename) checks ``progress.cancelled`` itself.
        self._end()
        self.finished.emit(result)

    def _on_failure(self, exc: object) -> None:
        self._end()
        if isinstance(exc, Cancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(exc)


#: The tasks whose worker thread may still run (see :func:`finish_running_tasks`).
_RUNNING: set[BackgroundTask] = set()


def finish_running_tasks() -> int:
    """Cancel every running task and wait for its worker; returns how many there were.

    Called when the application quits (the tray's Quit works while a progress
    dialog is open): a worker thread must not outlive its ``QThread`` object, and
    a cancelled job rolls its transaction back, so quitting mid-import changes
    nothing. A job between two reports (a file copy) is waited for.
    """
    from PySide6.QtCore import QCoreApplication

    tasks = list(_RUNNING)
    for task in tasks:
        task.progress.cancel()
    for task in tasks:
        task.worker.wait()
        _RUNNING.discard(task)
    # The event loop has stopped: deliver the jobs' endings now, so what they
    # leave to the GUI thread still happens (an export's temporary file removed,
    # settings put back after a cancelled re-plan).
    QCoreApplication.sendPostedEvents()
    return len(tasks)


@cache
def _finish_at_quit() -> None:
    """Connect :func:`finish_running_tasks` to the application's quit, once.

    A task's progress dialog needs the application, so it exists here.
    """
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    assert app is not None
    app.aboutToQuit.connect(finish_running_tasks)


def run_in_background(
    parent: QWidget | None,
    title: str,
    label: str,
    job: Callable[[Progress], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
) -> BackgroundTask:
    """Run ``job(progress)`` in a worker thread with a progress dialog.

    Args:
        parent: the window the dialog is modal to.
        title: the dialog's title.
        label: what is being done, in words.
        job: the work; it must not touch widgets and should call ``progress``
            often (each call may raise :class:`Cancelled`).
        on_done: called in the GUI thread with the job's result.
        on_error: called in the GUI thread with the job's exception.
        on_cancel: called in the GUI thread after a cancel.

    Returns:
        The running task (keep it if you want to wait for it).
    """
    task = BackgroundTask(parent, title, label, job)
    if on_done is not None:
        task.finished.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
    if on_cancel is not None:
        task.cancelled.connect(on_cancel)
    task.ended.connect(task.deleteLater)
    return task.start()
