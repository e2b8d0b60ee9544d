"""Plans at the edges: feedback after a rejection (R11), a status email before interviews (X1)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_gui.domain.values import (
    AttemptFacts,
    AttemptKind,
    ContactFacts,
    FollowUpKind,
    Outcome,
)
from followup_gui.scheduling import PlannerSettings, is_business_day, plan
from tests.scheduling.facts import DANA, GOLDEN, SAM, application, at, interview, with_attempts
from tests.scheduling.test_properties import FAST, instants, zones

RITA = ContactFacts(
    "rita", "Rita Moreno", title="Recruiter", company="Acme", email="rita@acme.example"
)
PEOPLE = {"dana": DANA, "sam": SAM, "rita": RITA}


def feedback(items):
    [step] = [i for i in items if i.kind == FollowUpKind.FEEDBACK_REQUEST]
    return step


# -- feedback after a rejection (R11) -------------------------------------------


def test_card_dragged_to_rejected_weeks_later_is_not_asked_in_the_past():
    # The golden interview was Thu 19 Nov; the card is moved to Rejected on Tue 1 Dec.
    now = at(2026, 12, 1, 12)
    step = feedback(plan(application(stage="rejected"), now))
    assert step.due == at(2026, 12, 2, 9)  # the next business morning, not Fri 20 Nov
    assert step.floating  # counted from now: the re-plan keeps the first due time


def test_rejection_before_an_interview_waits_until_it_has_ended():
    # The case: moved to Rejected on Monday evening, before Tuesday's 10:00
    # interview with nobody entered; it used to plan "Ask for feedback Tue 09:00".
    tuesday = interview(at(2026, 11, 24, 10), participants=())
    app = application(tuesday, stage="rejected", contacts={})
    step = feedback(plan(app, at(2026, 11, 23, 18)))
    assert step.due == at(2026, 11, 25, 9)
    assert step.due > tuesday.ends_at
    assert not step.floating


def test_nobody_known_asks_the_hiring_team_and_says_so():
    app = application(interview(at(2026, 11, 19, 14), participants=()), stage="rejected")
    step = feedback(plan(app, at(2026, 11, 19, 18)))
    assert step.contact_id is None and step.contact_name is None
    assert "Nobody you met is on record" in step.reason
    assert "the hiring team at Acme" in step.reason


def test_feedback_goes_to_someone_met_not_the_recruiter_who_called():
    # Rita, the recruiter, gave the news on the phone; Dana and Sam were met.
    told = AttemptFacts("rita", AttemptKind.CALL, at(2026, 11, 24, 10), Outcome.REJECTED)
    app = with_attempts(application(contacts=PEOPLE, primary_contact_id="rita"), told)
    step = feedback(plan(app, at(2026, 11, 24, 11)))
    assert step.contact_id == "dana"
    assert "Dana Whitfield, whom you met" in step.reason
    assert step.due == at(2026, 11, 25, 9)


def test_the_primary_contact_is_asked_when_they_were_met():
    app = application(stage="rejected", primary_contact_id="sam")
    assert feedback(plan(app, at(2026, 11, 19, 18))).contact_id == "sam"


def test_without_anyone_met_the_person_who_gave_the_news_is_asked():
    told = AttemptFacts("rita", AttemptKind.STATUS_EMAIL, at(2026, 11, 24, 10), Outcome.REJECTED)
    app = with_attempts(application(interviews=(), contacts=PEOPLE, stage="applied"), told)
    step = feedback(plan(app, at(2026, 11, 24, 11)))
    assert step.contact_id == "rita"
    assert "whom you met" not in step.reason


def test_a_logged_rejection_keeps_its_due_time_and_shows_overdue():
    told = AttemptFacts("dana", AttemptKind.CALL, at(2026, 11, 24, 10), Outcome.REJECTED)
    app = with_attempts(application(), told)
    step = feedback(plan(app, at(2026, 12, 10, 12)))
    assert step.due == at(2026, 11, 25, 9)  # overdue: the news's time is on record
    assert not step.floating


@FAST
@given(
    zone=zones,
    start=instants,
    moved_after=st.integers(-10 * 24, 60 * 24),
    people=st.booleans(),
)
def test_feedback_is_never_due_before_an_open_interview_or_in_the_past(
    zone, start, moved_after, people
):
    """A card moved to Rejected (no outcome logged) at any hour around its interview."""
    iv = interview(start.astimezone(zone), participants=("dana",) if people else ())
    app = application(iv, stage="rejected", tz=zone.key)
    now = iv.starts_at + timedelta(hours=moved_after)
    step = feedback(plan(app, now))
    assert step.due >= now
    assert step.due >= iv.ends_at
    assert is_business_day(step.due.astimezone(zone).date())
    assert step.window_end >= step.due
    assert (step.contact_id == "dana") == people


# -- the status email before an interview (X1) ----------------------------------

APPLIED = at(2026, 11, 2, 10)  # a Monday


def applied_card(**changes):
    return application(interviews=(), stage="applied", applied_at=APPLIED, **changes)


def test_applied_card_gets_one_status_email_two_weeks_after_applying():
    [step] = plan(applied_card(), at(2026, 11, 5, 12))
    assert (step.key, step.kind) == ("status", FollowUpKind.STATUS_EMAIL)
    # Ten business days later, at opening: Veterans Day (11 Nov, a US holiday by
    # default for a New York employer) does not count.
    assert step.due == at(2026, 11, 17, 9)
    assert step.window_end == at(2026, 11, 24, 17)
    assert step.rules == ("X1",)
    assert "General practice, not one of the coaches' interview rules" in step.reason
    assert "the hiring team at Acme" in step.reason


def test_status_email_goes_to_the_primary_contact():
    [step] = plan(applied_card(contacts=PEOPLE, primary_contact_id="rita"), at(2026, 11, 5, 12))
    assert (step.contact_id, step.contact_name) == ("rita", "Rita Moreno")
    assert "Email Rita Moreno once" in step.reason


def test_status_email_can_be_switched_off():
    off = PlannerSettings(plan_status_check=False)
    assert plan(applied_card(), at(2026, 11, 5, 12), off) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"resolved": frozenset({"status"})},
        {
            "attempts": (
                AttemptFacts(None, AttemptKind.STATUS_EMAIL, at(2026, 11, 16, 10), Outcome.SENT),
            )
        },
        {"stage": "wishlist"},
        {"stage": "interview_scheduled"},
        {"interviews": (GOLDEN,)},
        {"applied_at": None},
    ],
    ids=["done or skipped", "sent", "not applied yet", "interview stage", "interview", "unknown"],
)
def test_status_email_only_once_and_only_before_any_interview(changes):
    app = dataclasses.replace(applied_card(), **changes)
    assert not [i for i in plan(app, at(2026, 11, 20, 12)) if i.kind == FollowUpKind.STATUS_EMAIL]


def test_status_email_stays_overdue_then_lapses_after_six_weeks():
    assert plan(applied_card(), at(2026, 12, 1, 12))[0].due == at(2026, 11, 17, 9)
    assert plan(applied_card(), APPLIED + timedelta(weeks=6, hours=1)) == []


def test_snoozed_status_email():
    until = at(2026, 11, 18, 14)
    [step] = plan(applied_card(snoozes={"status": until}), at(2026, 11, 16, 12))
    assert step.due == until
    assert step.reason.endswith("(snoozed)")


@FAST
@given(zone=zones, applied=instants, later=st.integers(0, 6 * 7 * 24))
def test_status_email_is_two_weeks_after_applying_on_a_business_day(zone, applied, later):
    app = dataclasses.replace(applied_card(), timezone=zone.key, applied_at=applied)
    steps = plan(app, applied + timedelta(hours=later))
    assert len(steps) == 1
    due = steps[0].due
    # Two working weeks: from a Sunday that is the second Friday, 11.5 days later.
    assert due - applied >= timedelta(days=11)
    assert due - applied <= timedelta(days=25)  # ... and not much later (holidays aside)
    assert is_business_day(due.astimezone(zone).date())
    assert due.astimezone(zone).time() == PlannerSettings().business_start
