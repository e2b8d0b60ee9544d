"""The JSON export as it was written before it streamed: the reference for byte identity.

It loads the ORM graph of everything and dumps one document; the streaming
writer (``services/interchange/json/export.py``) must give the same bytes.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup_gui.services.interchange.json.format import (
    APPLICATION_TEXT_FIELDS,
    CONTACT_TEXT_FIELDS,
    FORMAT,
    VERSION,
)
from followup_gui.services.plans.planning import load_for_planning
from followup_gui.storage import models as m


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


def old_export_text(session: Session, settings: dict[str, Any] | None = None) -> str:
    """What ``export json`` wrote before it streamed."""
    doc = export_document(session)
    if settings:
        doc["settings"] = dict(settings)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
