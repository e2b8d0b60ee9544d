"""JSON backup and restore: export everything, import a file in one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup_gui.domain.timezones import local_timezone_name
from followup_gui.gc_tuning import collector_paused
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.files import write_private
from followup_gui.services.interchange.json.format import (
    APPLICATION_TEXT_FIELDS,
    CONTACT_TEXT_FIELDS,
    FORMAT,
    VERSION,
    load_document,
)
from followup_gui.services.interchange.json.insert import insert_document
from followup_gui.services.interchange.json.report import (
    ImportReport,
    check_lengths,
    write_profile_and_stages,
)
from followup_gui.services.plans.planning import load_for_planning, replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m


def import_json(
    db: Database,
    path: Path,
    now: datetime,
    settings: PlannerSettings,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Add a JSON file's content to the database, all of it or nothing.

    The whole file is validated before the transaction starts; the imported
    applications are then re-planned inside the same transaction.

    Args:
        db: the database.
        path: the JSON file.
        now: the clock, for the re-plan.
        settings: the planner's knobs.
        progress: called with ``(done, total)`` applications re-planned; an
            exception it raises (a cancel) rolls the whole import back.

    Raises:
        ImportFileError: the file is invalid (nothing was written).
    """
    with db.read() as session:
        known = set(session.scalars(select(m.Stage.key)))
    if _size(path) > STREAM_ABOVE:
        from followup_gui.services.interchange.json.stream import import_stream

        return import_stream(db, path, now, settings, known, progress)
    doc = load_document(path, known, local_timezone_name())
    check_lengths(doc)
    if doc.settings:
        from followup_gui.settings import with_values

        settings = with_values(settings, doc.settings)
    with db.write() as session:
        # Bulk inserts and a column-based re-plan: the ORM unit of work took
        # seconds for a few thousand applications.
        write_profile_and_stages(session, doc)
        interviews, attempts, app_ids = insert_document(session, doc)
        replan_all(session, now, settings, app_ids, progress)
        if progress is not None:
            progress(len(app_ids), len(app_ids))
    return ImportReport(
        len(doc.contacts), len(doc.applications), interviews, attempts, settings=doc.settings
    )


__all__ = [
    "STREAM_ABOVE",
    "ImportReport",
    "check_lengths",
    "export_document",
    "export_json",
    "import_json",
    "write_profile_and_stages",
]

#: Bigger files are read as a stream (``stream.py``): bounded memory at any size.
STREAM_ABOVE = 16 * 1024 * 1024


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # load_document says why it cannot be read


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def export_document(session: Session) -> dict[str, Any]:
    """Everything in the database as a version-1 JSON document."""
    profile = session.get(m.Profile, 1)
    contacts = list(session.scalars(select(m.Contact).order_by(m.Contact.id)))
    ref = {c.id: f"c{c.id}" for c in contacts}

    def cref(contact_id: int | None) -> str | None:
        return None if contact_id is None else ref[contact_id]

    apps = load_for_planning(session)
    apps.sort(key=lambda a: a.id)
    return {
        "format": FORMAT,
        "version": VERSION,
        "profile": {k: getattr(profile, k, "") for k in ("name", "phone", "email", "signature")},
        "stages": [
            {
                "key": s.key,
                "title": s.title,
                "order": s.order,
                "terminal": s.terminal,
                "hidden": s.hidden,
            }
            for s in session.scalars(select(m.Stage).order_by(m.Stage.order))
        ],
        "contacts": [
            {
                "id": ref[c.id],
                "name": c.full_name,
                "email": c.emails[0] if c.emails else "",
                "phone": c.phones[0] if c.phones else "",
                "emails": list(c.emails),
                "phones": list(c.phones),
                "name_confirmed": c.name_confirmed,
                **{k: getattr(c, k) for k in CONTACT_TEXT_FIELDS},
            }
            for c in contacts
        ],
        "applications": [
            {
                "id": f"a{a.id}",
                "company": a.company,
                "stage": a.stage_key,
                "position": a.position,
                "timezone": a.timezone,
                "playbook": a.playbook,
                "decision_expected": None
                if a.decision_expected is None
                else a.decision_expected.isoformat(),
                "applied_at": _iso(a.created_at),
                "primary_contact": cref(a.primary_contact_id),
                **{k: getattr(a, k) for k in APPLICATION_TEXT_FIELDS},
                "interviews": [
                    {
                        "starts_at": _iso(i.starts_at),
                        "ends_at": _iso(i.ends_at),
                        "contacts": [ref[p.id] for p in i.participants],
                        "format": i.format,
                        "location": i.location,
                        "notes": i.notes,
                    }
                    for i in a.interviews
                ],
                "attempts": [
                    {
                        "contact": cref(t.contact_id),
                        "kind": t.kind,
                        "at": _iso(t.at),
                        "outcome": t.outcome,
                        "notes": t.notes,
                        "decision_date": None
                        if t.decision_date is None
                        else t.decision_date.isoformat(),
                    }
                    for t in a.attempts
                ],
                "follow_ups": [
                    {
                        "key": f.key,
                        "kind": f.kind,
                        "contact": cref(f.contact_id),
                        "due": _iso(f.due_at),
                        "window_end": _iso(f.window_end),
                        "status": f.status,
                        "snoozed_until": _iso(f.snoozed_until),
                        "notified_at": _iso(f.notified_at),
                        "rules": [r for r in f.rules.split(",") if r],
                        "reason": f.reason,
                    }
                    for f in sorted(a.follow_ups, key=lambda f: (f.due_at, f.key))
                ],
            }
            for a in apps
        ],
    }


def export_json(
    db: Database,
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    settings: Mapping[str, str | int | bool] | None = None,
) -> int:
    """Write everything to ``path`` atomically (temp file, fsync, rename), mode 0600.

    Args:
        db: the database.
        path: the file to write.
        progress: called with ``(done, 3)`` steps; an exception it raises (a
            cancel) leaves no file behind and ``path`` untouched.
        settings: planner settings to carry in the file (``"settings"``).

    Returns:
        The number of applications written.
    """
    report = progress or (lambda _done, _total: None)
    report(0, 3)
    # Tens of thousands of ORM objects: without the collector's repeated full
    # passes over them the export takes half the time.
    with db.read() as session, collector_paused():
        doc = export_document(session)
    if settings:
        doc["settings"] = dict(settings)
    report(1, 3)
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    report(2, 3)  # the last chance to cancel: nothing is written yet
    write_private(path, text.encode("utf-8"))
    return len(doc["applications"])
