"""Logging outcomes, snoozing and skipping re-plan at once, and every one can be undone."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from followup_gui.domain import Outcome
from followup_gui.services import changes as ch
from followup_gui.services.followups import outcomes
from followup_gui.services.followups.outcomes import OutcomeError, SnoozePreset
from followup_gui.storage import Database
from followup_gui.storage import models as m
from tests.services.followups.outcome_data import (
    NOW,
    NY,
    S,
    first_of_kind,
    make_application,
    pending,
)


def attempts(db: Database, app_id: int) -> list[m.Attempt]:
    with db.read() as s:
        return list(s.scalars(select(m.Attempt).where(m.Attempt.application_id == app_id)))


def follow_up_count(db: Database, app_id: int) -> int:
    with db.read() as s:
        rows = s.scalars(select(m.FollowUp.id).where(m.FollowUp.application_id == app_id))
        return len(list(rows))


def app_row(db: Database, app_id: int) -> m.Application:
    with db.read() as s:
        row = s.get(m.Application, app_id)
        assert row is not None
        return row


def test_sent_thank_you_stores_attempt_and_marks_done(db: Database) -> None:
    app_id = make_application(db)
    thanks = first_of_kind(db, app_id, "thank_you_email")
    result = outcomes.log_outcome(db, thanks.id, Outcome.SENT, NOW, S)
    assert result.application_id == app_id
    # The card, its plan and the person thanked (their history lists the attempt).
    assert thanks.contact_id is not None
    assert result.changes == ch.applications([app_id]) | ch.contacts([thanks.contact_id])
    assert not result.changes.stage_moves
    (attempt,) = attempts(db, app_id)
    assert (attempt.kind, attempt.outcome, attempt.at) == ("thank_you_email", "sent", NOW)
    assert attempt.contact_id == thanks.contact_id
    assert thanks.key not in pending(db, app_id)
    with db.read() as s:
        assert s.get(m.FollowUp, thanks.id).status == "done"  # type: ignore[union-attr]


def test_voicemail_moves_the_next_call_a_week_later(db: Database) -> None:
    app_id = make_application(db)
    call = first_of_kind(db, app_id, "call")
    when = call.due_at + timedelta(hours=1)
    planned = follow_up_count(db, app_id)
    outcomes.log_outcome(db, call.id, Outcome.VOICEMAIL, when, S)
    assert follow_up_count(db, app_id) == planned + 1  # the re-plan added the next call
    nxt = first_of_kind(db, app_id, "call")
    assert nxt.key != call.key
    assert nxt.due_at.astimezone(NY).date() == date(2026, 12, 8)  # one week later (R8, R9)


def test_no_answer_retries_the_next_call_day(db: Database) -> None:
    app_id = make_application(db)
    call = first_of_kind(db, app_id, "call")  # Tue Dec 1
    outcomes.log_outcome(db, call.id, Outcome.NO_ANSWER, call.due_at + timedelta(hours=1), S)
    nxt = first_of_kind(db, app_id, "call")
    assert nxt.due_at.astimezone(NY).date() == date(2026, 12, 2)


def test_spoke_with_new_decision_date_sets_it_and_plans_after_it(db: Database) -> None:
    app_id = make_application(db)
    call = first_of_kind(db, app_id, "call")
    new_date = date(2026, 12, 11)  # a Friday
    outcomes.log_outcome(
        db, call.id, Outcome.SPOKE, call.due_at + timedelta(hours=1), S, decision_date=new_date
    )
    (attempt,) = attempts(db, app_id)
    assert attempt.decision_date == new_date
    assert app_row(db, app_id).decision_expected == new_date
    nxt = first_of_kind(db, app_id, "call")
    assert nxt.due_at.astimezone(NY).date() > new_date


@pytest.mark.parametrize(
    ("outcome", "stage", "left"),
    [
        (Outcome.REJECTED, "rejected", {"feedback_request"}),
        (Outcome.FILLED, "rejected", {"feedback_request"}),
        (Outcome.OFFER, "offer", set()),
    ],
)
def test_decisive_outcomes_move_the_card(
    db: Database, outcome: Outcome, stage: str, left: set[str]
) -> None:
    app_id = make_application(db)
    call = first_of_kind(db, app_id, "call")
    result = outcomes.log_outcome(db, call.id, outcome, call.due_at + timedelta(hours=1), S)
    # Logging an outcome that moves the card reports a stage move for that application.
    assert result.changes.stage_moves
    assert result.changes.application_ids == {app_id}
    assert result.changes.cards and result.changes.plans
    assert app_row(db, app_id).stage_key == stage
    assert {f.kind for f in pending(db, app_id).values()} == left


def test_undo_of_a_log_restores_attempts_status_stage_and_plan(db: Database) -> None:
    app_id = make_application(db)
    before_plan = {k: (f.kind, f.due_at) for k, f in pending(db, app_id).items()}
    call = first_of_kind(db, app_id, "call")
    when = call.due_at + timedelta(hours=1)
    changes = outcomes.log_outcome(
        db, call.id, Outcome.REJECTED, when, S, decision_date=date(2027, 1, 1)
    )
    assert app_row(db, app_id).stage_key == "rejected"
    undone = outcomes.undo_log(db, changes.before, NOW, S)
    # The card moves back and the person's attempt is gone.
    assert call.contact_id is not None
    assert undone.changes == ch.applications([app_id], stage_moves=True) | ch.contacts(
        [call.contact_id]
    )
    assert attempts(db, app_id) == []
    row = app_row(db, app_id)
    assert (row.stage_key, row.decision_expected) == ("interviewed", date(2026, 11, 27))
    assert {k: (f.kind, f.due_at) for k, f in pending(db, app_id).items()} == before_plan


def test_undo_of_spoke_restores_the_decision_date(db: Database) -> None:
    app_id = make_application(db)
    call = first_of_kind(db, app_id, "call")
    changes = outcomes.log_outcome(
        db, call.id, Outcome.SPOKE, call.due_at, S, decision_date=date(2026, 12, 18)
    )
    outcomes.undo_log(db, changes.before, NOW, S)
    assert app_row(db, app_id).decision_expected == date(2026, 11, 27)


def test_snooze_presets_and_undo(db: Database) -> None:
    app_id = make_application(db)
    thanks = first_of_kind(db, app_id, "thank_you_email")
    changes = outcomes.snooze(db, thanks.id, SnoozePreset.HOUR, NOW, S)
    assert changes.changes == ch.plans([app_id]), "a snooze changes the plan only"
    assert pending(db, app_id)[thanks.key].due_at == NOW + timedelta(hours=1)
    outcomes.undo_log(db, changes.before, NOW, S)
    assert pending(db, app_id)[thanks.key].due_at == thanks.due_at
    outcomes.snooze(db, thanks.id, SnoozePreset.TOMORROW, NOW, S)
    assert pending(db, app_id)[thanks.key].due_at == datetime(2026, 11, 21, 9, tzinfo=NY)


def test_snoozing_a_call_never_lands_on_a_monday(db: Database) -> None:
    # Friday evening + "tomorrow" is a Saturday; "next week" from Monday is a Monday.
    monday = datetime(2026, 11, 30, 10, tzinfo=NY)
    until = outcomes.snooze_until(SnoozePreset.NEXT_WEEK, "call", monday, "America/New_York", S)
    assert until == datetime(2026, 12, 8, 9, tzinfo=NY)
    friday = datetime(2026, 11, 27, 16, 30, tzinfo=NY)
    until = outcomes.snooze_until(SnoozePreset.HOUR, "call", friday, "America/New_York", S)
    assert until == datetime(2026, 12, 1, 9, tzinfo=NY)


def test_snooze_into_the_past_is_refused(db: Database) -> None:
    app_id = make_application(db)
    thanks = first_of_kind(db, app_id, "thank_you_email")
    with pytest.raises(OutcomeError):
        outcomes.snooze(db, thanks.id, NOW - timedelta(hours=1), NOW, S)


def test_skip_and_undo(db: Database) -> None:
    app_id = make_application(db)
    thanks = first_of_kind(db, app_id, "thank_you_email")
    changes = outcomes.skip(db, thanks.id, NOW, S)
    assert changes.changes == ch.plans([app_id]), "a skip changes the plan only"
    assert thanks.key not in pending(db, app_id)
    assert attempts(db, app_id) == []
    outcomes.undo_log(db, changes.before, NOW, S)
    assert thanks.key in pending(db, app_id)


def test_acting_twice_is_a_clear_error(db: Database) -> None:
    app_id = make_application(db)
    thanks = first_of_kind(db, app_id, "thank_you_email")
    outcomes.log_outcome(db, thanks.id, Outcome.SENT, NOW, S)
    with pytest.raises(OutcomeError, match="already"):
        outcomes.log_outcome(db, thanks.id, Outcome.SENT, NOW, S)
    with pytest.raises(OutcomeError, match="no longer exists"):
        outcomes.skip(db, 9999, NOW, S)


def test_move_on_moves_the_card_to_no_response(db: Database) -> None:
    app_id = make_application(db)
    when = NOW
    for _ in range(10):
        rows = [f for f in pending(db, app_id).values() if f.kind in ("call", "move_on")]
        if not rows:
            break
        step = min(rows, key=lambda f: f.due_at)
        when = max(when, step.due_at) + timedelta(hours=1)
        if step.kind == "move_on":
            changes = outcomes.log_outcome(db, step.id, None, when, S)
            assert changes.changes == ch.applications([app_id], stage_moves=True)
            assert app_row(db, app_id).stage_key == "no_response"
            assert pending(db, app_id) == {} or all(
                f.kind == "thank_you_email" for f in pending(db, app_id).values()
            )
            outcomes.undo_log(db, changes.before, when, S)
            assert app_row(db, app_id).stage_key == "interviewed"
            return
        outcomes.log_outcome(db, step.id, Outcome.NO_ANSWER, when, S)
    raise AssertionError("the planner never suggested moving on")
