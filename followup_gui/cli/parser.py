"""The ``followup-gui`` arguments: global options, one subcommand per job, the clock.

Kept light (argparse only): the window starts through this module.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from followup_gui import __version__
from followup_gui.cli.mail_args import add_mail_commands
from followup_gui.cli.sync import add_sync_command
from followup_gui.domain.errors import ImportFileError

if TYPE_CHECKING:
    from datetime import datetime

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

#: The outcomes ``log`` takes (the window's buttons).
OUTCOMES = ("sent", "spoke", "voicemail", "no_answer", "rejected", "offer", "filled", "move_on")
MAX_DAYS = 3660  # ten years ahead is the most an agenda can usefully list


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days") from None
    if not 1 <= value <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"{value} is not between 1 and {MAX_DAYS}")
    return value


def _positive_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an id (a whole number)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not an id (ids start at 1)")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The ``followup-gui`` argument parser (``docs/cli.md`` describes every command)."""
    p = argparse.ArgumentParser(
        prog="followup-gui",
        description="FollowUp: plan who to thank, when to call and when to stop after interviews.",
        epilog="Every command prints JSON with --json; exit 0 on success, 2 on bad input.",
    )
    p.add_argument("--version", action="version", version=f"FollowUp {__version__}")
    p.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="database file or SQLAlchemy URL (default: $FOLLOWUP_DB, else the data folder)",
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="settings file (default: $FOLLOWUP_CONFIG, else ~/.config/FollowUp/followup.ini)",
    )
    p.add_argument(
        "--now",
        metavar="ISO",
        help="the clock for every command, e.g. 2026-11-26T12:00:00-05:00 "
        "(default: $FOLLOWUP_NOW, else the real time)",
    )
    p.add_argument("--demo", action="store_true", help="fill an empty database with an example")
    p.add_argument(
        "--scale",
        type=int,
        metavar="N",
        help="with --demo: add N generated applications (3N contacts, 4N interviews, "
        "~25N attempts and follow-ups; deterministic) and exit, for benchmarks",
    )
    p.add_argument(
        "--smoke-test", action="store_true", help="open the window, let it paint, exit 0"
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=text, description=text)
        c.add_argument("--json", action="store_true", help="print JSON")
        return c

    exp = command("export", "write everything to a file")
    exp.add_argument("format", choices=["json", "ics", "vcard", "pdf"])
    exp.add_argument("file", type=Path)
    exp.add_argument(
        "--contact", type=int, action="append", metavar="ID", help="vcard: only this contact"
    )
    exp.add_argument("--application", type=int, metavar="ID", help="pdf: the application to print")
    imp = command("import", "add a file's content (all or nothing)")
    imp.add_argument("format", choices=["json", "vcard"])
    imp.add_argument("file", type=Path)
    bak = command("backup", "write a consistent copy of the database")
    bak.add_argument("file", type=Path)
    ag = command("agenda", "list what is overdue or due soon")
    # Also accepted after the command (as before); the global --now is the same clock.
    ag.add_argument("--now", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    ag.add_argument("--days", type=_days, default=7, help="how many days ahead (default 7)")
    command("applications", "list the applications with their stage and next step")
    show = command("show", "one application with its plan and history")
    show.add_argument("application", type=_positive_id, metavar="APPLICATION_ID")
    script = command("script", "print a planned step's scripts (subject and body for emails)")
    script.add_argument("follow_up", type=_positive_id, metavar="FOLLOW_UP_ID")
    log = command("log", "log how a planned step went (as the window's outcome buttons)")
    log.add_argument("follow_up", type=_positive_id, metavar="FOLLOW_UP_ID")
    log.add_argument("outcome", choices=OUTCOMES, metavar="OUTCOME", help=", ".join(OUTCOMES))
    log.add_argument("--at", metavar="ISO", help="when it happened (default: --now)")
    log.add_argument("--decision-date", metavar="DATE", help="when they said they decide")
    log.add_argument("--note", default="", metavar="TEXT", help="what was said")
    snooze = command("snooze", "move a planned step to later")
    snooze.add_argument("follow_up", type=_positive_id, metavar="FOLLOW_UP_ID")
    snooze.add_argument("until", metavar="UNTIL", help="ISO date and time with an offset")
    skip = command("skip", "skip a planned step")
    skip.add_argument("follow_up", type=_positive_id, metavar="FOLLOW_UP_ID")
    move = command("move", "move an application to another stage (re-plans it)")
    move.add_argument("application", type=_positive_id, metavar="APPLICATION_ID")
    move.add_argument("stage", metavar="STAGE", help="a stage key, e.g. interviewed, offer")
    scan = command("scan-card", "read a business card's photo; print the fields (or --save)")
    scan.add_argument("image", type=Path, metavar="IMAGE", help="a photo of the card's front")
    scan.add_argument("--back", type=Path, metavar="IMAGE", help="a photo of its back")
    scan.add_argument("--save", action="store_true", help="add the contact (see docs/cli.md)")
    settings = command("settings", "list, read or change the planner and reminder settings")
    settings.add_argument("action", choices=["list", "get", "set"])
    settings.add_argument("key", nargs="?", metavar="KEY")
    settings.add_argument("value", nargs="?", metavar="VALUE")
    add_mail_commands(command)
    add_sync_command(command)
    return p


def database_target(args: argparse.Namespace) -> str:
    """The database the user asked for: ``--db``, then ``FOLLOWUP_DB``, then the default."""
    if args.db:
        return str(args.db)
    env = os.environ.get("FOLLOWUP_DB")
    if env:
        return env
    from followup_gui.paths import default_database

    return str(default_database())


def apply_config(args: argparse.Namespace) -> None:
    """``--config FILE``: every settings read of this process goes to that file."""
    config = getattr(args, "config", None)
    if config is not None:
        os.environ["FOLLOWUP_CONFIG"] = str(Path(config).expanduser().resolve())


def parse_instant(text: str, where: str) -> datetime:
    """An ISO 8601 instant with a UTC offset, in the years a plan can use.

    Raises:
        ImportFileError: naming ``where`` and saying what is wrong.
    """
    from datetime import datetime

    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ImportFileError(where, f"'{text}' is not an ISO 8601 date and time") from None
    if value.tzinfo is None:
        example = value.isoformat() if "T" in text else f"{value.date().isoformat()}T00:00:00"
        raise ImportFileError(where, f"'{text}' needs a UTC offset, e.g. {example}+00:00")
    if not 1970 <= value.year <= 2200:
        raise ImportFileError(where, f"'{text}' is not a year between 1970 and 2200")
    return value


def parse_now(text: str | None) -> datetime:
    """The clock: ``text`` (``--now``), else ``FOLLOWUP_NOW``, else the real time.

    Raises:
        ImportFileError: it is not an ISO 8601 time with an offset.
    """
    from datetime import UTC, datetime

    if text:
        return parse_instant(text, "--now")
    env = os.environ.get("FOLLOWUP_NOW")
    if env:
        return parse_instant(env, "FOLLOWUP_NOW")
    return datetime.now(UTC)
