"""Re-planning keeps the user's state (done, skipped, snoozed) attached to each step."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from followup_gui.scheduling import DEFAULT_SETTINGS, PlannerSettings
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m

# Storage-backed: these run on SQLite and PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.backends

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 20, 20, tzinfo=UTC)


def _make(db: Database, starts: datetime, now: datetime = NOW) -> int:
    with db.write() as s:
        dana = m.Contact(
            full_name="Dana Whitfield",
            title="Engineering Manager",
            emails=["dana@acme.example"],
            phones=["+1 212 555 0101"],
        )
        app = m.Application(
            company="Acme", role="Backend", stage_key="interviewed", timezone="America/New_York"
        )
        app.interviews.append(
            m.Interview(starts_at=starts, ends_at=starts + timedelta(hours=1), participants=[dana])
        )
        s.add(app)
        s.flush()
        app_id = app.id
        replan_all(s, now, PlannerSettings(), [app_id])
        return app_id


def _steps(db: Database, app_id: int) -> dict[str, m.FollowUp]:
    with db.read() as s:
        return {
            f.key: f
            for f in s.scalars(select(m.FollowUp).where(m.FollowUp.application_id == app_id))
        }


def _replan(
    db: Database, app_id: int, settings: PlannerSettings = DEFAULT_SETTINGS, now: datetime = NOW
) -> None:
    with db.write() as s:
        replan_all(s, now, settings, [app_id])


def test_plan_is_stored_with_rules_and_reason(db: Database) -> None:
    app_id = _make(db, datetime(2026, 11, 19, 14, tzinfo=NY))
    steps = _steps(db, app_id)
    kinds = sorted(f.kind for f in steps.values())
    assert kinds == ["call", "thank_you_email"]
    call = next(f for f in steps.values() if f.kind == "call")
    assert call.due_at.astimezone(NY).weekday() in (1, 2, 3, 4)
    assert "R6" in call.rules.split(",") and "Dana Whitfield" in call.reason


def test_replan_keeps_snooze_and_skips(db: Database) -> None:
    app_id = _make(db, datetime(2026, 11, 19, 14, tzinfo=NY))
    steps = _steps(db, app_id)
    thanks = next(k for k, f in steps.items() if f.kind == "thank_you_email")
    call = next(k for k, f in steps.items() if f.kind == "call")
    later = steps[call].due_at + timedelta(days=2)
    with db.write() as s:
        row = s.scalars(select(m.FollowUp).where(m.FollowUp.key == thanks)).one()
        row.status = "skipped"
        row2 = s.scalars(select(m.FollowUp).where(m.FollowUp.key == call)).one()
        row2.snoozed_until = later
    _replan(db, app_id)
    after = _steps(db, app_id)
    assert after[thanks].status == "skipped"
    assert after[call].status == "pending" and after[call].due_at >= later


def test_moving_to_offer_cancels_and_moving_back_revives(db: Database) -> None:
    app_id = _make(db, datetime(2026, 11, 19, 14, tzinfo=NY))
    with db.write() as s:
        s.get(m.Application, app_id).stage_key = "offer"
    _replan(db, app_id)
    assert {f.status for f in _steps(db, app_id).values()} == {"cancelled"}
    with db.write() as s:
        s.get(m.Application, app_id).stage_key = "interviewed"
    _replan(db, app_id)
    assert {f.status for f in _steps(db, app_id).values()} == {"pending"}


def test_holidays_of_the_employers_country(db: Database) -> None:
    # Interview Mon Nov 23 2026: balanced's 3 business days lands on Thanksgiving (Thu 26).
    later = datetime(2026, 11, 24, 12, tzinfo=UTC)
    app_id = _make(db, datetime(2026, 11, 23, 10, tzinfo=NY), later)

    def call_day() -> date:
        return (
            next(f for f in _steps(db, app_id).values() if f.kind == "call")
            .due_at.astimezone(NY)
            .date()
        )

    _replan(db, app_id, PlannerSettings(holidays_country=None), later)
    assert call_day() == date(2026, 11, 26)
    # On by default ("auto": New York, so US): Thanksgiving and the Friday after it
    # (a bridge day) do not count, nor does Monday (R6).
    _replan(db, app_id, PlannerSettings(holidays_country="auto"), later)
    assert call_day() == date(2026, 12, 1)
    _replan(db, app_id, PlannerSettings(), later)
    assert call_day() == date(2026, 12, 1)
