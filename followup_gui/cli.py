"""The command line: arguments, and the subcommands that run without a window.

``export``/``import``/``backup``/``agenda`` work while the window is open on the
same database: they are not GUI launches and take no single-instance lock.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from followup_gui import __version__
from followup_gui.domain.errors import FollowUpError, ImportFileError

if TYPE_CHECKING:  # the window starts through this module: json, datetime and storage load late
    from datetime import datetime

    from followup_gui.storage import Database

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    """The ``followup-gui`` argument parser."""
    p = argparse.ArgumentParser(
        prog="followup-gui",
        description="FollowUp: plan who to thank, when to call and when to stop after interviews.",
    )
    p.add_argument("--version", action="version", version=f"FollowUp {__version__}")
    p.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="database file or SQLAlchemy URL (default: $FOLLOWUP_DB, else the data folder)",
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
    exp = sub.add_parser("export", help="write everything to a file")
    exp.add_argument("format", choices=["json", "ics", "vcard", "pdf"])
    exp.add_argument("file", type=Path)
    exp.add_argument(
        "--contact", type=int, action="append", metavar="ID", help="vcard: only this contact"
    )
    exp.add_argument("--application", type=int, metavar="ID", help="pdf: the application to print")
    imp = sub.add_parser("import", help="add a file's content (all or nothing)")
    imp.add_argument("format", choices=["json", "vcard"])
    imp.add_argument("file", type=Path)
    bak = sub.add_parser("backup", help="write a consistent copy of the database")
    bak.add_argument("file", type=Path)
    ag = sub.add_parser("agenda", help="list what is overdue or due soon")
    ag.add_argument("--now", help="ISO 8601 instant with offset (default: now)")
    ag.add_argument("--days", type=int, default=7, help="how many days ahead (default 7)")
    ag.add_argument("--json", action="store_true", help="print JSON instead of a table")
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


def parse_now(text: str | None) -> datetime:
    """``--now`` as an aware instant.

    Raises:
        ImportFileError: it is not an ISO 8601 time with an offset.
    """
    from datetime import UTC, datetime

    if not text:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ImportFileError("--now", f"'{text}' is not an ISO 8601 date and time") from None
    if value.tzinfo is None:
        raise ImportFileError("--now", f"'{text}' needs a UTC offset, e.g. {text}+00:00")
    return value


def run_scale_demo(args: argparse.Namespace) -> int:
    """``--demo --scale N``: fill the database with N generated applications, no window."""
    if not args.demo or args.scale < 1:
        print("followup-gui: error: --scale N needs --demo and N >= 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    from followup_gui.demo.scale import fill_scaled
    from followup_gui.storage import Database

    try:
        db = Database.open(database_target(args))
    except FollowUpError as exc:
        print(f"followup-gui: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        report = fill_scaled(db, args.scale)
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
    try:
        return _dispatch(args)
    except ImportFileError as exc:
        print(f"followup-gui: error: {exc}", file=sys.stderr)
        print("followup-gui: nothing was changed.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except FollowUpError as exc:
        print(f"followup-gui: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(f"followup-gui: error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED


def _dispatch(args: argparse.Namespace) -> int:
    from followup_gui.settings import Settings
    from followup_gui.storage import Database

    now = parse_now(getattr(args, "now", None))
    db = Database.open(database_target(args))
    try:
        if args.command in ("import", "export") and args.format == "vcard":
            _vcard_command(db, args)
        elif args.command == "import":
            from followup_gui.services.interchange.json.backup import import_json

            report = import_json(db, args.file, now, Settings().planner_settings())
            print(
                f"Imported {report.applications} applications, {report.contacts} contacts, "
                f"{report.interviews} interviews and {report.attempts} attempts."
            )
        elif args.command == "export" and args.format == "json":
            from followup_gui.services.interchange.json.backup import export_json

            n = export_json(db, args.file)
            print(f"Exported {n} applications to {args.file}.")
        elif args.command == "export" and args.format == "ics":
            from followup_gui.services.interchange.ics import export_ics

            n = export_ics(db, args.file, now)
            print(f"Exported {n} follow-ups to {args.file}.")
        elif args.command == "export" and args.format == "pdf":
            _pdf_command(db, args, now)
        elif args.command == "backup":
            target = db.backup_to(args.file)
            print(f"Backed up to {target}.")
        elif args.command == "agenda":
            _print_agenda(db, now, args.days, as_json=args.json)
    finally:
        db.close()
    return EXIT_OK


def _vcard_command(db: Database, args: argparse.Namespace) -> None:
    from followup_gui.services.contacts.region import default_region
    from followup_gui.services.interchange.vcard.cards import export_vcards
    from followup_gui.services.interchange.vcard.importing import import_vcards
    from followup_gui.storage import default_data_dir

    if args.command == "import":
        added = import_vcards(db, args.file, default_data_dir(), default_region()).value
        print(f"Imported {len(added)} contacts from {args.file}.")
    else:
        n = export_vcards(db, args.file, args.contact)
        print(f"Exported {n} contacts to {args.file}.")


def _pdf_command(db: Database, args: argparse.Namespace, now: datetime) -> None:
    from followup_gui.services.interchange.pdf import export_report_pdf
    from followup_gui.storage import default_data_dir

    if args.application is None:
        raise ImportFileError("--application", "say which application to print (its id)")
    target = export_report_pdf(db, args.application, args.file, now, default_data_dir() / "scripts")
    print(f"Wrote the report of application {args.application} to {target}.")


def _print_agenda(db: Database, now: datetime, days: int, *, as_json: bool) -> None:
    from followup_gui.services.followups.agenda import agenda

    with db.read() as session:
        entries = agenda(session, now, days)
    if as_json:
        import json

        print(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        print(f"Nothing due in the next {days} days.")
        return
    rows = [
        (
            ("OVERDUE " if e.overdue else "") + e.due.strftime("%a %Y-%m-%d %H:%M %Z"),
            e.kind.replace("_", " "),
            e.contact or "-",
            f"{e.application} ({e.role})" if e.role else e.application,
            ", ".join(e.rules),
        )
        for e in entries
    ]
    header = ("Due", "What", "Who", "Application", "Rules")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
