"""Running a subcommand: the clock, the database, and one clear line for every user error.

Exit codes: 0 on success; 2 on bad input (the message names the field); 1 when
the database cannot be opened or written. A traceback is a bug, never an answer.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from followup_gui.cli.parser import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    apply_config,
    database_target,
    parse_now,
)
from followup_gui.domain.errors import FollowUpError, ImportFileError, StorageError

if TYPE_CHECKING:  # the window starts through this package: datetime and storage load late
    from collections.abc import Callable
    from datetime import datetime

    from followup_gui.storage import Database


def _fail(message: str, code: int) -> int:
    print(f"followup-gui: error: {message}", file=sys.stderr)
    if code == EXIT_BAD_INPUT:
        print("followup-gui: nothing was changed.", file=sys.stderr)
    return code


def run_scale_demo(args: argparse.Namespace) -> int:
    """``--demo --scale N``: fill the database with N generated applications, no window."""
    if not args.demo or args.scale < 1:
        return _fail("--scale N needs --demo and N >= 1", EXIT_BAD_INPUT)
    from followup_gui.demo.scale import fill_scaled
    from followup_gui.storage import Database

    apply_config(args)
    try:
        now = parse_now(args.now)
        db = Database.open(database_target(args))
    except ImportFileError as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    except FollowUpError as exc:
        return _fail(str(exc), EXIT_FAILED)
    try:
        report = fill_scaled(db, args.scale, now=now)
    finally:
        db.close()
    print(
        f"Generated {report.applications} applications, {report.contacts} contacts, "
        f"{report.interviews} interviews, {report.attempts} attempts and "
        f"{report.follow_ups} follow-ups."
    )
    return EXIT_OK


def run_command(args: argparse.Namespace) -> int:
    """Run a subcommand; user errors print one clear line and return a non-zero code."""
    apply_config(args)
    try:
        return _dispatch(args)
    except StorageError as exc:
        return _fail(str(exc), EXIT_FAILED)
    except FollowUpError as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    except OSError as exc:
        return _fail(f"{exc.filename or ''}: {exc.strerror}", EXIT_FAILED)


def _dispatch(args: argparse.Namespace) -> int:
    now = parse_now(getattr(args, "now", None))
    if args.command == "settings":
        from followup_gui.cli.config import settings_command

        settings_command(args, now)
        return EXIT_OK
    if args.command == "scan-card":
        from followup_gui.cli.scan import scan_card_command
        from followup_gui.storage import Database

        scan_card_command(args, lambda: Database.open(database_target(args)))
        return EXIT_OK
    from followup_gui.cli import files, mail, plan
    from followup_gui.cli.sync import sync_command
    from followup_gui.storage import Database

    commands: dict[str, Callable[[Database, argparse.Namespace, datetime], None]] = {
        "import": files.import_file,
        "export": files.export_file,
        "backup": files.backup,
        "agenda": plan.agenda,
        "applications": plan.applications,
        "show": plan.show,
        "script": plan.script,
        "log": plan.act,
        "snooze": plan.act,
        "skip": plan.act,
        "move": plan.act,
        **dict.fromkeys(mail.COMMANDS, mail.run),
        "sync": sync_command,
    }
    db = Database.open(database_target(args))
    try:
        commands[args.command](db, args, now)
    finally:
        db.close()
    return EXIT_OK
