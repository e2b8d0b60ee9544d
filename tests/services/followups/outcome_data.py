"""A small stored application with an interview and a plan, for outcome and UI tests."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m

NY = ZoneInfo("America/New_York")
# The day after a Thursday 14:00-15:00 interview in New York.
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=NY)
S = PlannerSettings()


def make_application(
    db: Database, now: datetime = NOW, company: str = "Acme Robotics", stage: str = "interviewed"
) -> int:
    """Store Acme with one interview (Dana Whitfield), re-planned at ``now``; return its id."""
    with db.write() as s:
        dana = m.Contact(full_name="Dana Whitfield", title="Engineering Manager", company=company)
        dana.phones = ["+1 212 555 0100"]
        dana.emails = ["dana@acme.example"]
        app = m.Application(
            company=company,
            role="Backend Engineer",
            stage_key=stage,
            timezone="America/New_York",
            playbook="balanced",
            decision_expected=date(2026, 11, 27),
        )
        app.interviews.append(
            m.Interview(
                starts_at=datetime(2026, 11, 19, 14, tzinfo=NY),
                ends_at=datetime(2026, 11, 19, 15, tzinfo=NY),
                participants=[dana],
            )
        )
        s.add(app)
        s.flush()
        app_id = app.id
        replan_all(s, now, S, [app_id])
    return app_id


def pending(db: Database, app_id: int) -> dict[str, m.FollowUp]:
    """The pending follow-ups of an application by key."""
    with db.read() as s:
        rows = s.scalars(
            select(m.FollowUp).where(
                m.FollowUp.application_id == app_id, m.FollowUp.status == "pending"
            )
        )
        return {f.key: f for f in rows}


def first_of_kind(db: Database, app_id: int, kind: str) -> m.FollowUp:
    """The soonest pending follow-up of a kind."""
    rows = sorted(
        (f for f in pending(db, app_id).values() if f.kind == kind), key=lambda f: f.due_at
    )
    assert rows, f"no pending {kind}"
    return rows[0]
