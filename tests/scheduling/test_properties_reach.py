"""Invariants over random people, stages, histories and calendars (R2-R6, R11, X2).

- never a call to a person without a phone number;
- never an email step to a person without an email address;
- nothing planned in a terminal stage, built in or made by the user (a
  rejection leaves only the feedback request);
- the decision date the employer gave last wins: older ones change nothing;
- no call, status email, feedback request or move-on on a holiday or bridge
  day of the configured calendar (a thank-you follows its interview the same
  evening, R4, whatever the day; a snooze is the user's choice).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from followup_gui.domain.values import (
    ApplicationFacts,
    AttemptFacts,
    AttemptKind,
    ContactFacts,
    FollowUpKind,
    InterviewFacts,
    Outcome,
    PlaybookName,
)
from followup_gui.scheduling import PlannerSettings, is_holiday, plan
from followup_gui.scheduling.settings import for_zone
from tests.scheduling.test_properties import FAST

CALLS = {FollowUpKind.CALL}
EMAILS = {FollowUpKind.THANK_YOU_EMAIL, FollowUpKind.STATUS_EMAIL, FollowUpKind.FEEDBACK_REQUEST}
BUSINESS_STEPS = {
    FollowUpKind.CALL,
    FollowUpKind.STATUS_EMAIL,
    FollowUpKind.FEEDBACK_REQUEST,
    FollowUpKind.MOVE_ON,
}
ZONES = ["America/New_York", "Europe/Berlin", "Europe/London", "Asia/Tokyo", "Europe/Madrid"]
STAGES = ["applied", "interview_scheduled", "interviewed", "following_up", "rejected"]
IDS = ["p0", "p1", "p2", "p3"]

contacts = st.fixed_dictionaries(
    {
        "phone": st.sampled_from(["", "+1 212 555 0100"]),
        "email": st.sampled_from(["", "x@acme.example"]),
        "postal_address": st.sampled_from(["", "1 Main St"]),
    }
)
calendars = st.builds(
    PlannerSettings,
    holidays_country=st.sampled_from(["auto", None, "US", "DE", "GB", "FR", "JP", "DE-BY"]),
    bridge_days=st.sampled_from([("auto",), ("off",), ("12-23", "auto"), ("US:thanksgiving+1",)]),
    plan_thank_you_cards=st.booleans(),
)
outcomes = st.sampled_from(
    [Outcome.SPOKE, Outcome.VOICEMAIL, Outcome.NO_ANSWER, Outcome.SENT, Outcome.REJECTED]
)


@st.composite
def applications(draw: st.DrawFn) -> tuple[ApplicationFacts, datetime]:
    """An application with random people, interviews, stage and calls; and a ``now``."""
    tz = ZoneInfo(draw(st.sampled_from(ZONES)))
    # Late November to early January: Thanksgiving, Christmas and New Year's bridges.
    start = datetime(2026, 11, 16, 8, tzinfo=tz) + timedelta(
        days=draw(st.integers(0, 45)), minutes=15 * draw(st.integers(0, 40))
    )
    people = {
        cid: ContactFacts(cid, f"Person {cid[-1]} Example", **draw(contacts))
        for cid in IDS[: draw(st.integers(1, 4))]
    }
    ids = sorted(people)
    interviews = []
    for n in range(draw(st.integers(0, 3))):
        begins = start + timedelta(days=n * draw(st.integers(0, 6)), hours=n * 2)
        who = tuple(draw(st.lists(st.sampled_from(ids), max_size=3, unique=True)))
        interviews.append(InterviewFacts(f"i{n}", begins, begins + timedelta(hours=1), who))
    attempts = []
    at = start + timedelta(days=3)
    for _ in range(draw(st.integers(0, 4))):
        at += timedelta(days=draw(st.integers(1, 8)), hours=draw(st.integers(0, 8)))
        decision = draw(st.none() | st.integers(-10, 40))
        attempts.append(
            AttemptFacts(
                draw(st.sampled_from([None, *ids])),
                AttemptKind.CALL,
                at,
                draw(outcomes),
                decision_date=None if decision is None else at.date() + timedelta(days=decision),
            )
        )
    app = ApplicationFacts(
        id="a",
        company="Acme",
        role="Engineer",
        stage=draw(st.sampled_from(STAGES)),
        timezone=tz.key,
        playbook=draw(st.sampled_from(list(PlaybookName))),
        decision_expected=draw(st.none() | st.dates(start.date(), start.date() + timedelta(40))),
        interviews=tuple(interviews),
        attempts=tuple(attempts),
        contacts=people,
        primary_contact_id=draw(st.none() | st.sampled_from(ids)),
        applied_at=start - timedelta(days=draw(st.integers(0, 30))),
    )
    now = at + timedelta(hours=draw(st.integers(1, 24 * 20)))
    return app, now.astimezone(UTC)


@FAST
@given(case=applications(), settings=calendars)
def test_calls_only_to_a_phone_and_emails_only_to_an_address(case, settings):
    app, now = case
    for step in plan(app, now, settings):
        contact = app.contacts.get(step.contact_id) if step.contact_id else None
        if step.contact_id is not None:
            assert contact is not None, step
        if step.kind in CALLS and contact is not None:
            assert contact.phone, step
        if step.kind in EMAILS and contact is not None:
            assert contact.email, step
        if step.contact_id is None and step.kind in EMAILS | CALLS and app.contacts:
            # Written to the hiring team although people are known: it says whose
            # details to add, unless nobody met is on record (no interview people).
            met = {c for i in app.interviews for c in i.participant_ids}
            if met or app.primary_contact_id:
                assert "Add " in step.reason or "Nobody you met" in step.reason, step


@FAST
@given(
    case=applications(),
    settings=calendars,
    stage=st.sampled_from(["offer", "no_response", "withdrawn", "on_hold"]),
)
def test_a_terminal_stage_plans_nothing(case, settings, stage):
    app, now = case
    # "withdrawn" and "on_hold" are columns the user made and marked terminal.
    assert plan(dataclasses.replace(app, stage=stage, stage_terminal=True), now, settings) == []
    rejected = plan(dataclasses.replace(app, stage="rejected", stage_terminal=True), now, settings)
    assert {s.kind for s in rejected} <= {FollowUpKind.FEEDBACK_REQUEST}


@FAST
@given(case=applications(), settings=calendars)
def test_the_decision_date_given_last_wins(case, settings):
    app, now = case
    given = [a for a in app.attempts if a.decision_date is not None]
    if not given:
        return
    newest = max(given, key=lambda a: a.at)
    # Only the newest date counts: forgetting every older one (and the one the
    # application was entered with) changes nothing.
    forgotten = dataclasses.replace(
        app,
        decision_expected=None,
        attempts=tuple(
            a if a is newest else dataclasses.replace(a, decision_date=None) for a in app.attempts
        ),
    )
    assert plan(app, now, settings) == plan(forgotten, now, settings)


@FAST
@given(case=applications(), settings=calendars)
def test_no_business_step_on_a_holiday_or_bridge_day(case, settings):
    app, now = case
    calendar = for_zone(settings, app.timezone)
    for step in plan(app, now, settings):
        if step.kind in BUSINESS_STEPS and step.key not in app.snoozes:
            assert not is_holiday(step.due.date(), calendar), step
