"""Accepting "another interview": log that they answered, and put the next interview in.

A proposal that suggests another interview (a calendar invitation, "we'd like to
invite you to a second interview") is accepted with the interview's start time,
which the user can change first. The application's next step that takes Spoke is
logged Spoke (when there is one), and the interview is added through the
application editing service, which re-plans (the preparation, the thank-you after
it...). The two writes are one user action: if the second fails, the first is put
back, and nothing has changed. Undo restores the snapshot taken before both.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from followup_gui.domain import FollowUpError, Outcome
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.applications import editing
from followup_gui.services.applications.editing import ApplicationSnapshot, InterviewDraft
from followup_gui.services.changes import WithChanges
from followup_gui.services.followups import outcomes
from followup_gui.services.mail import proposals
from followup_gui.services.mail.proposals import ACCEPTED, ProposalError
from followup_gui.storage import Database

#: How long the new interview lasts until the user says otherwise.
LENGTH = timedelta(hours=1)


def application_timezone(db: Database, proposal_id: int) -> str:
    """The time zone of the proposal's application (interview times are entered in it).

    Raises:
        ProposalError: the proposal is not waiting.
    """
    row = proposals.waiting(db, proposal_id)
    return editing.load_details(db, row.application_id).draft.timezone


def accept_interview(
    db: Database,
    proposal_id: int,
    starts_at: datetime,
    now: datetime,
    settings: PlannerSettings,
    length: timedelta = LENGTH,
) -> WithChanges[tuple[ApplicationSnapshot, ApplicationSnapshot]]:
    """Log Spoke on the next step that takes it, add the interview, re-plan.

    Args:
        db: the database.
        proposal_id: the waiting proposal.
        starts_at: when the interview starts; a naive time is read in the
            application's time zone, as the interview form reads it.
        now: the clock.
        settings: the planner's settings.
        length: how long the interview lasts.

    Returns:
        The application's snapshots before and after (undo restores the first,
        redo the second) and what changed.

    Raises:
        ProposalError: the proposal is not waiting.
        FollowUpError: the application could not be saved; nothing changed.
    """
    row = proposals.waiting(db, proposal_id)
    app_id = row.application_id
    details = editing.load_details(db, app_id)
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=ZoneInfo(details.draft.timezone))
    starts_at = starts_at.astimezone(UTC)
    before = editing.snapshot(db, app_id)
    note = f"Invited by mail: {row.subject}".strip()[:500]
    try:
        step = proposals.step_for(db, app_id, Outcome.SPOKE)
    except ProposalError:
        step = None  # nothing planned takes Spoke: the interview alone is the news
    try:
        changes = ch.applications([app_id])
        if step is not None:
            logged = outcomes.log_outcome(db, step, Outcome.SPOKE, now, settings, notes=note)
            changes |= logged.changes
            details = editing.load_details(db, app_id)
        interview = InterviewDraft(
            starts_at=starts_at,
            ends_at=starts_at + length,
            contact_ids=() if row.contact_id is None else (row.contact_id,),
            notes=note,
        )
        draft = replace(details.draft, interviews=(*details.draft.interviews, interview))
        saved = editing.update_application(db, app_id, draft, details.version, now, settings)
    except FollowUpError:
        editing.restore_application(db, before, now, settings)
        raise
    proposals.forget(db, proposal_id, ACCEPTED)
    return WithChanges((before, saved.value[1]), changes | saved.changes)
