"""Calls only to a phone, emails only to an address; the step says what is missing (R2, R4)."""

from __future__ import annotations

import dataclasses

from followup_gui.domain.values import (
    AttemptFacts,
    AttemptKind,
    ContactFacts,
    FollowUpKind,
    Outcome,
    PlaybookName,
)
from followup_gui.scheduling import PlannerSettings, plan
from tests.scheduling.facts import application, at, interview, only

NOW = at(2026, 11, 20, 12)  # the day after the golden interview (Thu 19 Nov)
NOAH = ContactFacts("noah", "Noah Becker", email="noah@acme.example")
RAJ = ContactFacts("raj", "Raj Patel", phone="+1 212 555 0110", email="raj@acme.example")
MARIA = ContactFacts("maria", "Maria Lopez", phone="+1 212 555 0120")


def app_with(*people: ContactFacts, primary: str | None = None, **changes: object):
    iv = interview(at(2026, 11, 19, 14), participants=tuple(p.id for p in people))
    base = application(iv, contacts={p.id: p for p in people}, primary_contact_id=primary)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def follow_up(items):
    [step] = [i for i in items if i.key.startswith("call:")]
    return step


def test_the_chosen_person_is_called_when_they_have_a_phone():
    step = follow_up(plan(app_with(RAJ, NOAH, primary="raj"), NOW))
    assert (step.kind, step.contact_id) == (FollowUpKind.CALL, "raj")
    assert "Add" not in step.reason


def test_another_interviewer_with_a_phone_is_called_and_the_step_says_what_is_missing():
    step = follow_up(plan(app_with(NOAH, RAJ, primary="noah"), NOW))
    assert (step.kind, step.contact_id) == (FollowUpKind.CALL, "raj")
    assert step.reason.startswith("Call Raj Patel to ask where they are in the process")
    assert "Add Noah's phone number to call them" in step.reason


def test_nobody_with_a_phone_turns_the_call_into_a_status_email():
    step = follow_up(plan(app_with(NOAH, primary="noah"), NOW))
    assert (step.kind, step.contact_id) == (FollowUpKind.STATUS_EMAIL, "noah")
    assert step.reason.startswith("Email Noah Becker to ask where they are in the process")
    assert "Nobody you met has a phone number on record" in step.reason
    assert "Add Noah's phone number to call them" in step.reason
    # The cadence is the call's: a logged email counts like a call without an answer.
    assert step.due == at(2026, 11, 24, 9)


def test_nobody_with_a_phone_or_an_email_writes_to_the_hiring_team_and_asks_for_both():
    nobody = ContactFacts("noah", "Noah Becker")
    step = follow_up(plan(app_with(nobody, primary="noah"), NOW))
    assert (step.kind, step.contact_id) == (FollowUpKind.STATUS_EMAIL, None)
    assert "Email the hiring team at Acme" in step.reason
    assert "Add Noah's phone number to call them, or their email address" in step.reason


def test_adding_the_phone_number_turns_the_same_step_back_into_a_call():
    before = follow_up(plan(app_with(NOAH, primary="noah"), NOW))
    reachable = dataclasses.replace(NOAH, phone="+1 212 555 0130")
    after = follow_up(plan(app_with(reachable, primary="noah"), NOW))
    assert (before.key, after.key) == ("call:1", "call:1")  # snoozes and reminders stay
    assert (after.kind, after.contact_id) == (FollowUpKind.CALL, "noah")


def test_a_status_email_sent_instead_of_a_call_counts_as_an_attempt():
    app = app_with(NOAH, primary="noah", resolved=frozenset({"call:1"}))
    step = follow_up(plan(app, at(2026, 11, 24, 12)))
    # A week of business days after Tue 24 Nov: Thanksgiving and the Friday after skipped.
    assert (step.key, step.kind, step.due) == (
        "call:2",
        FollowUpKind.STATUS_EMAIL,
        at(2026, 12, 3, 9),
    )


def test_a_thank_you_goes_by_email_when_there_is_an_address():
    items = plan(app_with(RAJ), NOW)
    [thanks] = [i for i in items if i.key.startswith("thanks:")]
    assert (thanks.kind, thanks.contact_id) == (FollowUpKind.THANK_YOU_EMAIL, "raj")


def test_without_an_email_the_thank_you_is_a_card_when_there_is_a_postal_address():
    posted = dataclasses.replace(MARIA, postal_address="1 Main St, New York, NY 10001")
    items = plan(app_with(posted), NOW)
    [thanks] = [i for i in items if i.key.startswith("thanks:")]
    assert (thanks.key, thanks.kind) == ("thanks:card:maria:i1", FollowUpKind.THANK_YOU_CARD)
    assert "there is no email address on record (add Maria's email address" in thanks.reason
    assert only(items, FollowUpKind.THANK_YOU_EMAIL) == []


def test_without_an_email_or_an_address_the_thank_you_asks_for_the_address():
    items = plan(app_with(MARIA), NOW)
    [thanks] = [i for i in items if i.key.startswith("thanks:")]
    assert thanks.kind == FollowUpKind.THANK_YOU_CARD  # never an email without an address
    assert thanks.reason.startswith(
        "Add Maria's email address to thank them by email the same evening"
    )
    assert "postal address" in thanks.reason
    assert thanks.due == at(2026, 11, 19, 19)


def test_a_card_the_playbook_asks_for_says_the_postal_address_is_missing():
    items = plan(app_with(RAJ, playbook=PlaybookName.PERSISTENT), NOW)
    assert sorted(i.kind for i in items if i.key.startswith("thanks:")) == [
        FollowUpKind.THANK_YOU_CARD,
        FollowUpKind.THANK_YOU_EMAIL,
    ]
    [card] = only(items, FollowUpKind.THANK_YOU_CARD)
    assert "add Raj's postal address to post it" in card.reason


def test_two_sessions_with_one_person_on_one_day_get_one_thank_you():
    morning = interview(at(2026, 11, 19, 10), participants=("raj",), iid="i1")
    afternoon = interview(at(2026, 11, 19, 14), participants=("raj",), iid="i2")
    next_day = interview(at(2026, 11, 20, 10), participants=("raj",), iid="i3")
    app = application(morning, afternoon, next_day, contacts={"raj": RAJ})
    thanks = only(plan(app, at(2026, 11, 20, 12)), FollowUpKind.THANK_YOU_EMAIL)
    assert [(t.key, t.due) for t in thanks] == [
        # Named after the first session, due the evening after the last one.
        ("thanks:email:raj:i1", at(2026, 11, 19, 19)),
        ("thanks:email:raj:i3", at(2026, 11, 20, 19)),
    ]


def test_feedback_goes_to_someone_with_an_email_address():
    rejected = AttemptFacts("maria", AttemptKind.CALL, at(2026, 11, 24, 10), Outcome.REJECTED)
    app = app_with(MARIA, RAJ, primary="maria", attempts=(rejected,))
    [ask] = plan(app, at(2026, 11, 24, 11))
    assert (ask.kind, ask.contact_id) == (FollowUpKind.FEEDBACK_REQUEST, "raj")
    assert "Add Maria's email address to write to them" in ask.reason


def test_feedback_without_any_address_asks_the_hiring_team_and_says_whose_is_missing():
    rejected = AttemptFacts("maria", AttemptKind.CALL, at(2026, 11, 24, 10), Outcome.REJECTED)
    [ask] = plan(app_with(MARIA, primary="maria", attempts=(rejected,)), at(2026, 11, 24, 11))
    assert ask.contact_id is None
    assert ask.reason.startswith("Ask the hiring team at Acme for feedback")
    assert "Add Maria's email address" in ask.reason


def test_the_status_email_before_an_interview_needs_an_address_too():
    app = app_with(
        MARIA, primary="maria", interviews=(), stage="applied", applied_at=at(2026, 11, 2, 10)
    )
    [status] = plan(app, at(2026, 11, 5, 12), PlannerSettings(holidays_country=None))
    assert (status.kind, status.contact_id) == (FollowUpKind.STATUS_EMAIL, None)
    assert "Email the hiring team at Acme once" in status.reason
    assert "Add Maria's email address to write to them" in status.reason
