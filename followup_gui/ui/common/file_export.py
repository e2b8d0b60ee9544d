"""Exports to a file the user picked, off the GUI thread, that a cancel or a failure cannot spoil.

The job writes a hidden file next to the target (``.<name>.<random>.part``, mode
0600, through the service's own atomic write); only when it succeeded does the
GUI thread rename it over the target, which is one quick step. So a cancel -
even one that comes after the job's last progress report - or a failure leaves
the target exactly as it was, and no partial file behind.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from followup_gui.domain.errors import FollowUpError
from followup_gui.ui.common.background import BackgroundTask, Progress, run_in_background


def _tr(text: str) -> str:
    return QApplication.translate("FileExport", text)


def part_path(target: Path) -> Path:
    """The hidden file an export of ``target`` is written to first (same folder)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")


def failure_text(target: Path, exc: BaseException) -> str:
    """What went wrong writing ``target``, for the user (no traceback, no temporary name)."""
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return _tr("{file} could not be written: {reason}.").format(file=target, reason=reason)
    return _tr("{file} could not be written:\n\n{error}").format(file=target, error=exc)


def export_in_background(
    parent: QWidget,
    title: str,
    target: Path,
    write: Callable[[Path, Progress], int],
    on_written: Callable[[int], None],
    on_cancel: Callable[[], None] | None = None,
    failure_title: str | None = None,
) -> BackgroundTask:
    """Run ``write(part, progress)`` in a worker thread, then put the file in place.

    Args:
        parent: the window the progress dialog and any error message belong to.
        title: the progress dialog's title (and, with "failed", the error's).
        target: the file the user picked.
        write: the service call; writes the whole file to the path it is given
            and returns how many records it wrote.
        on_written: called in the GUI thread with that number once ``target``
            holds the new content.
        on_cancel: called in the GUI thread after a cancel (``target`` unchanged).
        failure_title: the title of the message a failure shows ("Export failed").

    Returns:
        The running task.
    """
    target = target.expanduser().resolve()  # replace what a link points to, not the link
    part = part_path(target)

    def done(count: int) -> None:
        if task.progress.cancelled:  # Cancel came after the last report
            cancelled()
            return
        try:
            os.replace(part, target)
        except OSError as exc:
            failed(exc)
            return
        on_written(count)

    def failed(exc: BaseException) -> None:
        part.unlink(missing_ok=True)
        if not isinstance(exc, FollowUpError | OSError):
            raise exc  # a bug: the crash dialog shows it
        QMessageBox.warning(
            parent, failure_title or _tr("Export failed"), failure_text(target, exc)
        )

    def cancelled() -> None:
        part.unlink(missing_ok=True)
        if on_cancel is not None:
            on_cancel()

    task = run_in_background(
        parent,
        title,
        _tr("Exporting to {file}…").format(file=target.name),
        lambda progress: write(part, progress),
        on_done=done,
        on_error=failed,
        on_cancel=cancelled,
    )
    return task
