"""Entry point and staged start-up.

arguments -> (command line subcommand, no Qt widgets) or
QApplication -> single-instance check -> storage open/migrate -> main window.
Heavy modules are imported inside the stage that needs them.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from followup_gui.cli import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    apply_config,
    build_parser,
    database_target,
    parse_now,
    run_command,
    run_scale_demo,
)

if TYPE_CHECKING:  # Qt and the window are imported in the stage that needs them
    import argparse
    from collections.abc import Callable
    from datetime import datetime

    from followup_gui.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    """Run FollowUp; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if args.scale is not None:
        return run_scale_demo(args)
    if args.command:
        return run_command(args)
    return run_gui(args)


#: Names a ``module:function`` called once with the main window before it shows:
#: ``make bench`` times the start-up with it (``bench/startup_probe.py``).
STARTUP_HOOK_ENV = "FOLLOWUP_STARTUP_HOOK"


def _run_startup_hook(window: MainWindow) -> None:
    """Call the start-up hook named by :data:`STARTUP_HOOK_ENV`, if there is one."""
    import os

    spec = os.environ.get(STARTUP_HOOK_ENV)
    if spec:
        import importlib

        module, _sep, name = spec.partition(":")
        getattr(importlib.import_module(module), name)(window)


def _clock(args: argparse.Namespace) -> Callable[[], datetime] | None:
    """``--now`` (or ``FOLLOWUP_NOW``) for the window: that moment, then time runs on.

    ``None`` when neither is given: the window uses the real clock.
    """
    import os

    if not (args.now or os.environ.get("FOLLOWUP_NOW")):
        return None
    import time
    from datetime import timedelta

    start, started = parse_now(args.now), time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - started)


def _preview_board(window: MainWindow, target: str) -> bool:
    """Paint the board from a read-only peek at an SQLite file, before storage opens.

    Importing SQLAlchemy and opening the database take longer than the window
    itself; the user's cards can be on screen meanwhile. User input waits until
    the database is attached (it is not processed here). Returns whether a
    preview was shown (not for a server database, a new, upgraded or uncleanly
    closed file: those are opened, checked or migrated first).
    """
    from pathlib import Path

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from followup_gui.services.board.cards import peek_board

    if "://" in target:
        return False
    snapshot = peek_board(Path(target), window.context.now())
    if snapshot is None:
        return False
    window.show_preview(snapshot)
    # Lay out without handling input, then paint now: a scheduled repaint
    # would wait for the event loop, which starts after the database is open.
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    window.repaint()
    return True


def run_gui(args: argparse.Namespace) -> int:
    """Start the desktop app (see the module docstring for the stages)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from followup_gui import APP_ID, APP_NAME, __version__
    from followup_gui.logs import log_path, setup_logging
    from followup_gui.ui.shell.crash import install_excepthook, interactive, show_error

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    from followup_gui.paths import default_data_dir

    data_dir = default_data_dir()
    # The log file's handler (logging.handlers pulls in sockets and pickle) is
    # added right after the first paint; until then records go to stderr.
    install_excepthook(log_path(data_dir))

    from followup_gui.domain.errors import FollowUpError
    from followup_gui.ui.shell.single_instance import SingleInstance

    apply_config(args)  # before any setting is read
    try:
        target = database_target(args)
        clock = _clock(args)
    except FollowUpError as exc:
        show_error(app.tr("FollowUp cannot start"), str(exc))
        return EXIT_BAD_INPUT
    instance = SingleInstance(target)
    if not instance.acquire(listen=False):
        if instance.problem:  # held, but nobody answered: never stop silently
            show_error(app.tr("FollowUp cannot start"), instance.problem)
            return EXIT_FAILED
        # Another window is open on this database: it was asked to come forward.
        return EXIT_OK

    from followup_gui.ui.shell.main_window import MainWindow

    # The window paints before SQLAlchemy is imported and the database opened
    # (those take longer than Qt itself); its parts arrive with the data.
    window = MainWindow()
    if clock is not None:
        window.context.clock = clock
    instance.activation_requested.connect(window.bring_to_front)
    _run_startup_hook(window)
    window.show()
    app.processEvents()
    _preview_board(window, target)
    install_excepthook(setup_logging(data_dir))  # None: the folder is not writable
    instance.listen()

    from followup_gui.ui.shell.backups import open_database_safely

    # Checked after an unclean shutdown; a damaged file is never opened.
    db = open_database_safely(target, interactive())
    if db is None:
        window.close()
        instance.release()
        return EXIT_FAILED

    if args.demo:
        from followup_gui.demo.example import fill_demo

        fill_demo(db, window.context.now())
    window.attach(db)
    from followup_gui.ui.shell.warm_up import settle_after_start_up

    settle_after_start_up()
    from followup_gui.ui.common.refresh import install_refresh

    install_refresh(window.context)  # show what the CLI or another machine changed
    if not args.smoke_test:
        from followup_gui.ui.shell.backups import install_backups

        install_backups(window.context)
        from followup_gui.ui.followups.tray import install_tray

        # Parented to the window; a tray (when there is one) keeps the app running.
        # Not in a smoke test: it would mark the user's due reminders as shown.
        tray = install_tray(window.context, window)
        from followup_gui.ui.mail.poller import install_mail_poller

        install_mail_poller(window.context, tray.notifier)  # only with a mail account
        from followup_gui.ui.sync.scheduler import start_sync

        start_sync(window.context).teller = tray.notifier  # phone proposals: the same notice
    if args.smoke_test:
        QTimer.singleShot(0, window.repaint)
        QTimer.singleShot(200, app.quit)
    elif interactive():
        QTimer.singleShot(0, window.offer_first_run_setup)
    code = app.exec()
    window.close()
    db.close()
    if db.path is not None:
        from followup_gui.storage.backups import mark_closed

        mark_closed(db.path)  # a clean exit: no check needed at the next start
    instance.release()
    return code
