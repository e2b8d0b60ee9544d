"""Logging out of order: a call before the planned day or the decision date, thanks too soon."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from followup_gui.domain import Outcome
from followup_gui.services.followups.order import Problem, out_of_order
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m
from tests.services.followups.outcome_data import NY, S, first_of_kind, make_application

pytestmark = pytest.mark.backends


def test_a_voicemail_a_week_before_the_call_and_the_decision_date_asks(db: Database) -> None:
    app_id = make_application(db)  # decision expected Fri 27 Nov: the call is Tue 1 Dec
    call = first_of_kind(db, app_id, "call")
    assert call.due_at == datetime(2026, 12, 1, 9, tzinfo=NY)
    found = out_of_order(db, call.id, Outcome.VOICEMAIL, datetime(2026, 11, 24, 10, tzinfo=NY))
    assert found is not None
    assert found.problem == Problem.BEFORE_DECISION
    assert found.decision == date(2026, 11, 27)
    assert (found.who, found.days_early) == ("Dana Whitfield", 7)
    assert found.planned == datetime(2026, 12, 1, 9, tzinfo=NY)


def test_a_call_after_the_decision_but_before_the_planned_day_asks(db: Database) -> None:
    call = first_of_kind(db, make_application(db), "call")
    found = out_of_order(db, call.id, Outcome.NO_ANSWER, datetime(2026, 11, 30, 15, tzinfo=NY))
    assert found is not None
    assert (found.problem, found.days_early) == (Problem.EARLY, 1)


@pytest.mark.parametrize(
    ("when", "outcome"),
    [
        (datetime(2026, 12, 1, 8, tzinfo=NY), Outcome.SPOKE),  # the planned day, early morning
        (datetime(2026, 12, 3, 11, tzinfo=NY), Outcome.VOICEMAIL),  # late: never asked
        (datetime(2026, 11, 24, 10, tzinfo=NY), Outcome.REJECTED),  # news comes when it comes
        (datetime(2026, 11, 24, 10, tzinfo=NY), Outcome.OFFER),
    ],
)
def test_in_order_or_news_is_not_asked(db: Database, when: datetime, outcome: Outcome) -> None:
    call = first_of_kind(db, make_application(db), "call")
    assert out_of_order(db, call.id, outcome, when) is None


def test_a_thank_you_before_the_interview_has_ended_asks(db: Database) -> None:
    app_id = make_application(db, now=datetime(2026, 11, 18, 12, tzinfo=NY))
    thanks = first_of_kind(db, app_id, "thank_you_email")
    during = out_of_order(db, thanks.id, Outcome.SENT, datetime(2026, 11, 19, 14, 30, tzinfo=NY))
    assert during is not None
    assert during.problem == Problem.BEFORE_INTERVIEW
    assert during.interview_end == datetime(2026, 11, 19, 15, tzinfo=NY)
    # Right after it, before the evening it is planned for, is fine.
    assert (
        out_of_order(db, thanks.id, Outcome.SENT, datetime(2026, 11, 19, 15, 5, tzinfo=NY)) is None
    )


def test_a_status_email_days_early_asks(db: Database) -> None:
    applied = datetime(2026, 11, 2, 10, tzinfo=NY)
    with db.write() as s:
        app = m.Application(company="Acme", stage_key="applied", timezone="America/New_York")
        app.created_at = applied
        s.add(app)
        s.flush()
        app_id = app.id
        replan_all(s, applied, S, [app_id])
    status = first_of_kind(db, app_id, "status_email")
    early = out_of_order(db, status.id, Outcome.SENT, applied + timedelta(days=3))
    assert early is not None
    # Due Tue 17 Nov: ten business days, Veterans Day (a US holiday) not counted.
    assert (early.problem, early.days_early) == (Problem.EARLY, 12)
    assert out_of_order(db, status.id, Outcome.SENT, applied + timedelta(days=15)) is None


def test_a_step_that_is_gone_is_left_to_the_log_to_report(db: Database) -> None:
    assert out_of_order(db, 999, Outcome.SENT, datetime(2026, 11, 24, tzinfo=NY)) is None
