"""A believable example search, for a first look (``--demo``) and for screenshots.

The example is built as a JSON document relative to "now" and goes through the
same validated import as a user's file.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select, update

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.json.backup import write_profile_and_stages
from followup_gui.services.interchange.json.format import FORMAT, VERSION, parse_document
from followup_gui.services.interchange.json.insert import insert_document
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m

PEOPLE = [
    ("c1", "Dana Whitfield", "Engineering Manager", "Acme Robotics", "+1 212 555 0100"),
    ("c2", "Priya Raman", "Senior Backend Engineer", "Acme Robotics", "+1 212 555 0101"),
    ("c3", "Jürgen Müller", "Head of Platform", "Nordlicht GmbH", "+49 30 901820"),
    ("c4", "Zoë Ångström-Nuñez", "Talent Partner", "Nordlicht GmbH", "+49 30 901821"),
    ("c5", "Marcus O'Neill", "CTO", "Brightwave Health", "+1 617 555 0142"),
    ("c6", "Aiko Tanaka", "Product Lead", "Brightwave Health", "+1 617 555 0143"),
    ("c7", "François Lefèvre", "Recruiter", "Lumen Analytics", "+33 1 42 68 53 00"),
    ("c8", "Siobhán Kavanagh", "Director of Engineering", "Harbor & Finch", "+1 415 555 0177"),
    ("c9", "Tomás Ruiz", "Staff Engineer", "Harbor & Finch", "+1 415 555 0178"),
    ("c10", "Olu Adeyemi", "Hiring Manager", "Cobalt Freight", "+1 312 555 0190"),
    ("c11", "Małgorzata Nowak", "Team Lead", "Quillstone", "+48 22 555 0101"),
    ("c12", "Hannah Berg", "People Operations", "Quillstone", "+48 22 555 0102"),
    ("c13", "Ravi Shankar", "VP Engineering", "Tessellate AI", "+1 646 555 0111"),
]

# company, role, stage, tz, playbook, interview day offset (None: no interview), people
APPLICATIONS = [
    (
        "Acme Robotics",
        "Backend Engineer",
        "following_up",
        "America/New_York",
        "balanced",
        -6,
        ["c1", "c2"],
    ),
    (
        "Nordlicht GmbH",
        "Platform Engineer",
        "interviewed",
        "Europe/Berlin",
        "persistent",
        -1,
        ["c3", "c4"],
    ),
    (
        "Brightwave Health",
        "Senior Python Developer",
        "interview_scheduled",
        "America/New_York",
        "gentle",
        3,
        ["c5", "c6"],
    ),
    ("Lumen Analytics", "Data Engineer", "applied", "Europe/Paris", "balanced", None, ["c7"]),
    (
        "Harbor & Finch",
        "Engineering Lead",
        "offer",
        "America/Los_Angeles",
        "balanced",
        -20,
        ["c8", "c9"],
    ),
    (
        "Cobalt Freight",
        "Software Engineer II",
        "rejected",
        "America/Chicago",
        "balanced",
        -15,
        ["c10"],
    ),
    (
        "Quillstone",
        "Full-stack Developer",
        "no_response",
        "Europe/Warsaw",
        "gentle",
        -40,
        ["c11", "c12"],
    ),
    (
        "Tessellate AI",
        "ML Platform Engineer",
        "wishlist",
        "America/New_York",
        "balanced",
        None,
        ["c13"],
    ),
    (
        "Pinecrest Labs",
        "Site Reliability Engineer",
        "applied",
        "America/Denver",
        "balanced",
        None,
        [],
    ),
    ("Acme Robotics", "Tools Engineer", "interviewed", "America/New_York", "balanced", 0, ["c2"]),
]


def _ascii(text: str) -> str:
    """``Zoë`` -> ``zoe``, ``Małgorzata`` -> ``malgorzata``: plain addresses for the example."""
    text = text.replace("ł", "l").replace("'", "")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def demo_document(now: datetime) -> dict[str, Any]:
    """The example search as a JSON document, with interviews placed around ``now``."""
    contacts = [
        {
            "id": ref,
            "name": name,
            "title": title,
            "company": company,
            "phone": phone,
            "email": _ascii(name.split()[0].lower()) + "@example.com",
            "name_confirmed": ref in {"c1", "c3", "c8"},
        }
        for ref, name, title, company, phone in PEOPLE
    ]
    apps = []
    for company, role, stage, tz_name, playbook, offset, people in APPLICATIONS:
        tz = ZoneInfo(tz_name)
        app: dict[str, Any] = {
            "company": company,
            "role": role,
            "stage": stage,
            "timezone": tz_name,
            "playbook": playbook,
            "interviews": [],
            "attempts": [],
        }
        if offset is not None:
            day = (now.astimezone(tz) + timedelta(days=offset)).date()
            start = datetime.combine(day, time(10, 0), tz)
            app["interviews"].append(
                {
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(hours=1)).isoformat(),
                    "contacts": people,
                    "format": "onsite" if offset < -10 else "video",
                }
            )
            app["decision_expected"] = (day + timedelta(days=10)).isoformat()
            if offset < 0 and people:
                sent = start + timedelta(hours=6)
                app["attempts"].append(
                    {
                        "contact": people[0],
                        "kind": "thank_you_email",
                        "at": sent.isoformat(),
                        "outcome": "sent",
                    }
                )
            if stage == "rejected":
                app["attempts"].append(
                    {
                        "contact": people[0],
                        "kind": "call",
                        "at": (start + timedelta(days=8)).isoformat(),
                        "outcome": "rejected",
                    }
                )
            if stage == "offer":
                app["attempts"].append(
                    {
                        "contact": people[0],
                        "kind": "call",
                        "at": (start + timedelta(days=9)).isoformat(),
                        "outcome": "offer",
                    }
                )
        apps.append(app)
    return {
        "format": FORMAT,
        "version": VERSION,
        "profile": {"name": "Sam Rivera", "phone": "+1 212 555 0199", "email": "sam@example.org"},
        "contacts": contacts,
        "applications": apps,
    }


def fill_demo(
    db: Database, now: datetime | None = None, settings: PlannerSettings | None = None
) -> bool:
    """Fill an EMPTY database with the example search.

    Returns:
        False (and changes nothing) when the database already holds applications.
    """
    now = now or datetime.now(UTC)
    with db.write() as session:
        if session.scalar(select(func.count()).select_from(m.Application)):
            return False
        known = set(session.scalars(select(m.Stage.key)))
        doc = parse_document(demo_document(now), known, "UTC")
        write_profile_and_stages(session, doc)
        _interviews, _attempts, app_ids = insert_document(session, doc)
        added = []
        for record, app_id in zip(doc.applications, app_ids, strict=True):
            # A search that started weeks ago: each card was added a while before
            # its first interview (or, without one, some weeks back).
            first = min((iv.starts_at for iv in record.interviews), default=now)
            when = min(first, now) - timedelta(days=7 + 3 * (app_id % 5))
            added.append({"b_id": app_id, "b_created_at": when})
        table = m.Base.metadata.tables["application"]
        # An edit like any other: ``updated_at`` follows its ``onupdate``, the
        # version moves on.
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(created_at=bindparam("b_created_at"), version=table.c.version + 1),
            added,
        )
        replan_all(session, now, settings or PlannerSettings(), app_ids)
    return True
