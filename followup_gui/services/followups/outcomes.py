"""Acting on a planned follow-up: log how it went, snooze it, skip it, and undo that.

Each use case is one transaction that changes the stored facts and re-plans the
application in the same unit of work ("Outcomes drive the plan" in DOMAIN.md). It
returns an :class:`OutcomeResult`: a :class:`FollowUpSnapshot` holding exactly
what an undo must restore, and the :class:`~followup_gui.services.changes.Changes`
(the application, with a stage move when the card changed column, and the contact
an attempt names).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup_gui.domain import FollowUpError, FollowUpKind, FollowUpStatus, Outcome, require_aware
from followup_gui.scheduling import PlannerSettings, local_instant, next_call_slot
from followup_gui.services import changes as ch
from followup_gui.services.changes import Changes
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m

#: The stage a card moves to when an outcome decides the application.
OUTCOME_STAGES: dict[Outcome, str] = {
    Outcome.REJECTED: "rejected",
    Outcome.FILLED: "rejected",
    Outcome.OFFER: "offer",
}
#: Where a card goes when the user follows the "move on" suggestion (R10).
MOVE_ON_STAGE = "no_response"

#: Which outcomes make sense for each kind of follow-up, in button order.
OUTCOMES_FOR: dict[FollowUpKind, tuple[Outcome, ...]] = {
    FollowUpKind.THANK_YOU_EMAIL: (Outcome.SENT, Outcome.REJECTED, Outcome.OFFER),
    FollowUpKind.THANK_YOU_CARD: (Outcome.SENT,),
    FollowUpKind.CALL: (
        Outcome.SPOKE,
        Outcome.VOICEMAIL,
        Outcome.NO_ANSWER,
        Outcome.REJECTED,
        Outcome.OFFER,
    ),
    FollowUpKind.STATUS_EMAIL: (Outcome.SENT, Outcome.REJECTED, Outcome.OFFER),
    FollowUpKind.FEEDBACK_REQUEST: (Outcome.SENT, Outcome.SPOKE),
    FollowUpKind.MOVE_ON: (),
}


class OutcomeError(FollowUpError):
    """The follow-up cannot be acted on (message says why)."""


class SnoozePreset(StrEnum):
    """The snooze buttons."""

    HOUR = "hour"
    TOMORROW = "tomorrow"
    NEXT_WEEK = "next_week"


@dataclass(frozen=True)
class FollowUpSnapshot:
    """What an undo restores: the follow-up's state and the card's, before the change.

    Attributes:
        attempt_id: the attempt the change stored (deleted by the undo), if any.
    """

    follow_up_id: int
    application_id: int
    status: str
    snoozed_until: datetime | None
    stage_key: str
    position: int
    decision_expected: date | None
    attempt_id: int | None = None


@dataclass(frozen=True)
class OutcomeResult:
    """What a use case did.

    Attributes:
        before: the state to restore on undo.
        changes: the application whose facts or plan changed (``stage_moves``
            when the card moved to another column), and the contact named by
            the attempt stored or deleted.
    """

    before: FollowUpSnapshot
    changes: Changes

    @property
    def application_id(self) -> int:
        """The card whose facts and plan changed."""
        return self.before.application_id


def _outcome_changes(app_id: int, moved: bool, contact_id: int | None) -> Changes:
    changes = ch.applications([app_id], stage_moves=moved)
    return changes if contact_id is None else changes | ch.contacts([contact_id])


def _pending(session: Session, follow_up_id: int) -> m.FollowUp:
    row = session.get(m.FollowUp, follow_up_id)
    if row is None:
        raise OutcomeError("This follow-up no longer exists; the plan may have changed.")
    if row.status != FollowUpStatus.PENDING:
        raise OutcomeError("This follow-up was already dealt with; the plan has moved on.")
    return row


def _snapshot(row: m.FollowUp, app: m.Application, attempt_id: int | None) -> FollowUpSnapshot:
    return FollowUpSnapshot(
        follow_up_id=row.id,
        application_id=app.id,
        status=row.status,
        snoozed_until=row.snoozed_until,
        stage_key=app.stage_key,
        position=app.position,
        decision_expected=app.decision_expected,
        attempt_id=attempt_id,
    )


def _move_to(session: Session, app: m.Application, stage_key: str) -> bool:
    if app.stage_key == stage_key:
        return False
    last = session.scalar(
        select(func.max(m.Application.position)).where(m.Application.stage_key == stage_key)
    )
    app.stage_key = stage_key
    app.position = 0 if last is None else last + 1
    return True


def _replan(
    session: Session, application_id: int, now: datetime, settings: PlannerSettings
) -> None:
    # It expires the session's objects: the callers take ids from their snapshots.
    replan_all(session, now, settings, [application_id])


def log_outcome(
    db: Database,
    follow_up_id: int,
    outcome: Outcome | None,
    now: datetime,
    settings: PlannerSettings,
    *,
    notes: str = "",
    decision_date: date | None = None,
) -> OutcomeResult:
    """Record how a planned follow-up went, mark it done and re-plan.

    The attempt's kind is the follow-up's kind. ``rejected``/``filled`` move the
    card to Rejected (R11), ``offer`` to Offer; ``spoke`` with ``decision_date``
    records the employer's new date on the attempt and the application (R5, R9).
    A ``move_on`` suggestion (R10) stores no attempt and moves the card to No
    response; ``outcome`` is ignored for it.

    Args:
        db: the database.
        follow_up_id: the pending follow-up.
        outcome: how it went; ``None`` only for ``move_on``.
        now: when it happened (aware).
        settings: the planner's settings.
        notes: kept with the attempt.
        decision_date: a new decision date the employer gave.

    Returns:
        The snapshot :func:`undo_log` restores, and what changed: the
        application (a stage move when the card changed column) and the
        contact the attempt names.

    Raises:
        OutcomeError: the follow-up is gone or no longer pending, or the outcome
            does not fit it.
    """
    require_aware(now, "now")
    with db.write() as session:
        row = _pending(session, follow_up_id)
        app = row.application
        kind = FollowUpKind(row.kind)
        attempt: m.Attempt | None = None
        if kind == FollowUpKind.MOVE_ON:
            before = _snapshot(row, app, None)
            moved = _move_to(session, app, MOVE_ON_STAGE)
        else:
            if outcome is None:
                raise OutcomeError("Say how it went before marking it done.")
            attempt = m.Attempt(
                application_id=app.id,
                contact_id=row.contact_id,
                kind=kind.value,  # the AttemptKind of the same name
                at=now,
                outcome=outcome.value,
                notes=notes,
                decision_date=decision_date if outcome == Outcome.SPOKE else None,
            )
            session.add(attempt)
            session.flush()
            before = _snapshot(row, app, attempt.id)
            if attempt.decision_date is not None:
                app.decision_expected = attempt.decision_date
            stage = OUTCOME_STAGES.get(outcome)
            moved = _move_to(session, app, stage) if stage is not None else False
        row.status = FollowUpStatus.DONE.value
        contact_id = attempt.contact_id if attempt is not None else None
        _replan(session, app.id, now, settings)
    return OutcomeResult(before, _outcome_changes(before.application_id, moved, contact_id))


def undo_log(
    db: Database, before: FollowUpSnapshot, now: datetime, settings: PlannerSettings
) -> OutcomeResult:
    """Undo :func:`log_outcome`, :func:`snooze` or :func:`skip` and re-plan.

    Deletes the attempt that was stored, and puts back the follow-up's status and
    snooze and the card's stage, position and decision date.

    Returns:
        The snapshot a redo's undo restores, and what changed (as for
        :func:`log_outcome`).

    Raises:
        OutcomeError: the application or the follow-up was deleted meanwhile.
    """
    with db.write() as session:
        app = session.get(m.Application, before.application_id)
        row = session.get(m.FollowUp, before.follow_up_id)
        if app is None or row is None:
            raise OutcomeError("This application changed since; there is nothing to undo.")
        redo = _snapshot(row, app, before.attempt_id)
        contact_id = None
        if before.attempt_id is not None:
            attempt = session.get(m.Attempt, before.attempt_id)
            if attempt is not None:
                contact_id = attempt.contact_id
                session.delete(attempt)
        row.status = before.status
        row.snoozed_until = before.snoozed_until
        moved = app.stage_key != before.stage_key
        app.stage_key = before.stage_key
        app.position = before.position
        app.decision_expected = before.decision_expected
        _replan(session, app.id, now, settings)
    return OutcomeResult(redo, _outcome_changes(redo.application_id, moved, contact_id))


def snooze_until(
    preset: SnoozePreset,
    kind: FollowUpKind | str,
    now: datetime,
    tz: str,
    settings: PlannerSettings,
) -> datetime:
    """When a snooze button puts a follow-up back.

    "Tomorrow" and "next week" mean the start of business hours that day in the
    employer's time zone; a call never lands outside a call slot (R6), so it moves
    on to the next one (never a Monday).
    """
    zone = ZoneInfo(tz)
    here = require_aware(now, "now").astimezone(zone)
    if preset == SnoozePreset.HOUR:
        until = here + timedelta(hours=1)
    else:
        days = 1 if preset == SnoozePreset.TOMORROW else 7
        until = local_instant(here.date() + timedelta(days=days), settings.business_start, zone)
    if FollowUpKind(kind) == FollowUpKind.CALL:
        until = next_call_slot(until, zone, settings)
    return until


def snooze(
    db: Database,
    follow_up_id: int,
    until: datetime | SnoozePreset,
    now: datetime,
    settings: PlannerSettings,
) -> OutcomeResult:
    """Put a pending follow-up off until ``until`` (an instant or a preset) and re-plan.

    Returns:
        The snapshot :func:`undo_log` restores, and the application's plan as changed.

    Raises:
        OutcomeError: the follow-up is gone, no longer pending, or ``until`` is past.
    """
    with db.write() as session:
        row = _pending(session, follow_up_id)
        app = row.application
        if isinstance(until, SnoozePreset):
            until = snooze_until(until, row.kind, now, app.timezone, settings)
        if require_aware(until, "until") <= now:
            raise OutcomeError("A snooze must end in the future.")
        before = _snapshot(row, app, None)
        row.snoozed_until = until
        _replan(session, app.id, now, settings)
    return OutcomeResult(before, ch.plans([before.application_id]))


def skip(
    db: Database, follow_up_id: int, now: datetime, settings: PlannerSettings
) -> OutcomeResult:
    """Mark a pending follow-up skipped (the user chose not to do it) and re-plan.

    Returns:
        The snapshot :func:`undo_log` restores, and the application's plan as changed.

    Raises:
        OutcomeError: the follow-up is gone or no longer pending.
    """
    with db.write() as session:
        row = _pending(session, follow_up_id)
        app = row.application
        before = _snapshot(row, app, None)
        row.status = FollowUpStatus.SKIPPED.value
        _replan(session, app.id, now, settings)
    return OutcomeResult(before, ch.plans([before.application_id]))
