"""Adding the number the plan asked for turns the status email back into a call."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.contacts import editing as contacts
from followup_gui.services.interchange.json.backup import import_json
from followup_gui.storage import Database
from followup_gui.storage import models as m

NOW = datetime(2026, 11, 12, 15, tzinfo=UTC)
S = PlannerSettings()
DOC = {
    "format": "followup-gui",
    "version": 1,
    "contacts": [{"id": "noah", "name": "Noah Becker", "email": "noah@acme.example"}],
    "applications": [
        {
            "id": "a1",
            "company": "Acme Robotics",
            "role": "Backend Engineer",
            "stage": "interviewed",
            "timezone": "America/New_York",
            "primary_contact": "noah",
            "interviews": [
                {
                    "starts_at": "2026-11-10T10:00:00-05:00",
                    "ends_at": "2026-11-10T11:00:00-05:00",
                    "contacts": ["noah"],
                }
            ],
        }
    ],
}


def pending(db: Database) -> dict[str, tuple[str, str]]:
    with db.read() as s:
        rows = s.execute(
            select(m.FollowUp.key, m.FollowUp.kind, m.FollowUp.reason).where(
                m.FollowUp.status == "pending"
            )
        )
        return {key: (kind, reason) for key, kind, reason in rows}


def test_a_phone_number_added_to_a_contact_replans_the_call(tmp_path: Path) -> None:
    doc = tmp_path / "doc.json"
    doc.write_text(json.dumps(DOC))
    db = Database.open(tmp_path / "a.sqlite3")
    try:
        import_json(db, doc, NOW, S)
        before = pending(db)
        asked = [k for k, (_kind, why) in before.items() if "phone number" in why]
        assert asked, before  # the plan asks for Noah's number
        with db.read() as s:
            noah = s.scalar(select(m.Contact.id).where(m.Contact.full_name == "Noah Becker"))
        assert noah is not None
        data = replace(contacts.get_contact(db, noah), phones=("+1 212 555 0111",))
        saved = contacts.save_contact(db, data, "US", replan=(NOW, S))
        after = pending(db)
        assert after[asked[0]][0] == "call"
        assert "phone number" not in after[asked[0]][1]
        assert saved.changes.plans and saved.changes.application_ids
        # A save that changes nothing the planner reads re-plans nothing.
        again = contacts.save_contact(
            db, replace(saved.value, notes="met at the coffee machine"), replan=(NOW, S)
        )
        assert not again.changes.plans
    finally:
        db.close()
