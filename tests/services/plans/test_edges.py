"""Stored plans at the edges: a card dragged to Rejected, an Applied card left without news."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.board.moves import move_cards
from followup_gui.services.plans.planning import application_facts, load_for_planning, replan_all
from followup_gui.services.plans.store import load_plan_inputs
from followup_gui.storage import Database
from followup_gui.storage import models as m

pytestmark = pytest.mark.backends

NY = ZoneInfo("America/New_York")
SETTINGS = PlannerSettings()


def _interviewed(db: Database, now: datetime) -> int:
    """An application interviewed with Dana on Thu 19 Nov 2026, 14:00-15:00 New York."""
    starts = datetime(2026, 11, 19, 14, tzinfo=NY)
    with db.write() as s:
        dana = m.Contact(full_name="Dana Whitfield", emails=["dana@acme.example"])
        app = m.Application(
            company="Acme", role="Backend", stage_key="interviewed", timezone="America/New_York"
        )
        app.interviews.append(
            m.Interview(starts_at=starts, ends_at=starts + timedelta(hours=1), participants=[dana])
        )
        s.add(app)
        s.flush()
        replan_all(s, now, SETTINGS, [app.id])
        return app.id


def _pending(db: Database, app_id: int) -> dict[str, m.FollowUp]:
    with db.read() as s:
        rows = s.scalars(
            select(m.FollowUp).where(
                m.FollowUp.application_id == app_id, m.FollowUp.status == "pending"
            )
        )
        return {f.key: f for f in rows}


def test_a_card_dragged_to_rejected_is_asked_about_from_the_drag_on(db: Database) -> None:
    moved_at = datetime(2026, 12, 1, 17, tzinfo=UTC)  # Tue 1 Dec, noon in New York
    app_id = _interviewed(db, datetime(2026, 11, 30, tzinfo=UTC))
    move_cards(db, [app_id], "rejected", None, moved_at, SETTINGS)
    ask = _pending(db, app_id)["feedback"]
    first_due = datetime(2026, 12, 2, 9, tzinfo=NY)
    assert ask.due_at == first_due  # not Fri 20 Nov, the morning after the interview
    with db.read() as s:
        dana = s.scalar(select(m.Contact.id).where(m.Contact.full_name == "Dana Whitfield"))
    assert ask.contact_id == dana
    # Re-planned a week later (an edit, a settings change): the request stays where
    # it was and shows as overdue, instead of moving on to the next morning again.
    with db.write() as s:
        replan_all(s, moved_at + timedelta(days=7), SETTINGS, [app_id])
    assert _pending(db, app_id)["feedback"].due_at == first_due


def test_moving_back_and_again_counts_from_the_new_move(db: Database) -> None:
    app_id = _interviewed(db, datetime(2026, 11, 30, tzinfo=UTC))
    move_cards(db, [app_id], "rejected", None, datetime(2026, 12, 1, 17, tzinfo=UTC), SETTINGS)
    move_cards(db, [app_id], "interviewed", None, datetime(2026, 12, 1, 18, tzinfo=UTC), SETTINGS)
    assert "feedback" not in _pending(db, app_id)
    move_cards(db, [app_id], "rejected", None, datetime(2026, 12, 8, 17, tzinfo=UTC), SETTINGS)
    assert _pending(db, app_id)["feedback"].due_at == datetime(2026, 12, 9, 9, tzinfo=NY)


def test_an_applied_card_gets_a_status_email_from_its_applied_date(db: Database) -> None:
    applied = datetime(2026, 11, 2, 15, tzinfo=UTC)  # Mon 2 Nov
    with db.write() as s:
        app = m.Application(
            company="Acme", role="Backend", stage_key="applied", timezone="America/New_York"
        )
        app.created_at = applied
        s.add(app)
        s.flush()
        app_id = app.id
        replan_all(s, applied + timedelta(days=1), SETTINGS, [app_id])
    status = _pending(db, app_id)["status"]
    assert status.kind == "status_email"
    # Ten business days: Veterans Day (11 Nov, a US holiday) does not count.
    assert status.due_at == datetime(2026, 11, 17, 9, tzinfo=NY)
    assert status.rules == "X1"
    with db.read() as s:
        # The column loader reads the applied date as the ORM definition does.
        [loaded] = load_plan_inputs(s, [app_id])
        [orm] = load_for_planning(s, [app_id])
        assert loaded.facts == application_facts(orm)
        assert loaded.facts.applied_at == applied
    off = PlannerSettings(plan_status_check=False)
    with db.write() as s:
        replan_all(s, applied + timedelta(days=2), off, [app_id])
    assert "status" not in _pending(db, app_id)
