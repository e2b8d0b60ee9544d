"""Commands that read or write files: import, export, backup."""

from __future__ import annotations

import argparse
from datetime import datetime

from followup_gui.cli.output import emit
from followup_gui.domain.errors import ImportFileError
from followup_gui.paths import default_data_dir
from followup_gui.settings import Settings
from followup_gui.storage import Database


def _count(n: int, noun: str) -> str:
    """``"1 contact"``, ``"3 contacts"``: never "contact(s)", never "1 contacts"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def import_file(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``import json|vcard FILE``: all or nothing."""
    if args.format == "vcard":
        from followup_gui.services.contacts.region import default_region
        from followup_gui.services.interchange.vcard.importing import import_vcard_files

        vcards = import_vcard_files(db, [args.file], default_data_dir(), default_region())
        if vcards.failures:
            raise vcards.failures[0].error
        added, updated = len(vcards.added), len(vcards.updated)
        text = f"Imported {_count(added, 'contact')} from {args.file}."
        if updated:
            text += f" Updated {_count(updated, 'contact')} already kept (same card or email)."
        emit(
            args.json,
            {
                "contacts": [c.id for c in vcards.added],
                "updated": [c.id for c in vcards.updated],
            },
            text,
        )
        return
    from followup_gui.services.interchange.json.backup import import_json

    settings = Settings()
    report = import_json(db, args.file, now, settings.planner_settings())
    settings.store(report.settings)  # the plan was made with them
    emit(
        args.json,
        {
            "applications": report.applications,
            "contacts": report.contacts,
            "interviews": report.interviews,
            "attempts": report.attempts,
            "settings": dict(report.settings),
        },
        f"Imported {_count(report.applications, 'application')}, "
        f"{_count(report.contacts, 'contact')}, {_count(report.interviews, 'interview')} "
        f"and {_count(report.attempts, 'attempt')}.",
    )


def export_file(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``export json|ics|vcard|pdf FILE``."""
    if args.format == "json":
        from followup_gui.services.interchange.json.backup import export_json

        settings = Settings()
        n = export_json(db, args.file, settings=settings.travelling())
        emit(
            args.json,
            {"applications": n, "file": args.file},
            f"Exported {_count(n, 'application')} to {args.file}.",
        )
    elif args.format == "ics":
        from followup_gui.services.interchange.ics import export_ics

        n = export_ics(db, args.file, now)
        emit(
            args.json,
            {"follow_ups": n, "file": args.file},
            f"Exported {_count(n, 'follow-up')} to {args.file}.",
        )
    elif args.format == "vcard":
        from followup_gui.services.interchange.vcard.cards import export_vcards

        n = export_vcards(db, args.file, args.contact)
        emit(
            args.json,
            {"contacts": n, "file": args.file},
            f"Exported {_count(n, 'contact')} to {args.file}.",
        )
    else:
        from followup_gui.services.interchange.pdf import export_report_pdf

        if args.application is None:
            raise ImportFileError("--application", "say which application to print (its id)")
        target = export_report_pdf(
            db, args.application, args.file, now, default_data_dir() / "scripts"
        )
        emit(
            args.json,
            {"application": args.application, "file": target},
            f"Wrote the report of application {args.application} to {target}.",
        )


def backup(db: Database, args: argparse.Namespace, _now: datetime) -> None:
    """``backup FILE``: a consistent copy of the database."""
    target = db.backup_to(args.file)
    emit(args.json, {"file": target}, f"Backed up to {target}.")
