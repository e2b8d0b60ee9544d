"""Proposals: news from mail, waiting for the user. Accept logs the outcome; dismiss forgets.

Nothing in the plan changes before the user accepts. Accepting logs the
suggested outcome (or the one the user picked) on the application's next
pending step that takes it, through the outcome service (one transaction that
re-plans), and returns what changed. Accepted or dismissed, a proposal's text
is forgotten; only its Message-ID stays, so the next sync does not propose it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update

from followup_gui.domain import FollowUpError, FollowUpKind, FollowUpStatus, Outcome
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.changes import Changes
from followup_gui.services.followups import outcomes
from followup_gui.services.followups.outcomes import OUTCOMES_FOR, OutcomeResult
from followup_gui.services.mail.rules import Suggestion
from followup_gui.storage import Database
from followup_gui.storage import models as m

NEW, ACCEPTED, DISMISSED = "new", "accepted", "dismissed"


class ProposalError(FollowUpError):
    """A proposal cannot be accepted or dismissed (the message says why)."""


@dataclass(frozen=True, slots=True)
class ProposalView:
    """A proposal as the agenda and the command line show it."""

    id: int
    application_id: int
    company: str
    role: str
    sender: str
    received_at: datetime
    subject: str
    snippet: str
    suggestion: Suggestion
    matched_by: str

    def as_json(self) -> dict[str, object]:
        """The proposal for ``--json``."""
        return {
            "id": self.id,
            "application_id": self.application_id,
            "company": self.company,
            "role": self.role,
            "from": self.sender,
            "received_at": self.received_at.isoformat(),
            "subject": self.subject,
            "snippet": self.snippet,
            "suggestion": self.suggestion.value,
            "matched_by": self.matched_by,
        }


def _view(row: m.MailProposal, app: m.Application) -> ProposalView:
    return ProposalView(
        row.id,
        app.id,
        app.company,
        app.role,
        row.sender,
        row.received_at,
        row.subject,
        row.snippet,
        Suggestion(row.suggestion),
        row.matched_by,
    )


def list_proposals(db: Database, ids: list[int] | None = None) -> list[ProposalView]:
    """The proposals waiting for the user (or those of ``ids``), newest first."""
    with db.read() as session:
        query = (
            select(m.MailProposal, m.Application)
            .join(m.Application, m.Application.id == m.MailProposal.application_id)
            .where(m.MailProposal.status == NEW)
            .order_by(m.MailProposal.received_at.desc(), m.MailProposal.id.desc())
        )
        if ids is not None:
            query = query.where(m.MailProposal.id.in_(ids))
        return [_view(p, a) for p, a in session.execute(query).tuples()]


def unannounced(db: Database) -> list[ProposalView]:
    """New proposals the tray has not told of yet; they count as told from now on."""
    with db.write() as session:
        ids = list(
            session.scalars(
                select(m.MailProposal.id).where(
                    m.MailProposal.status == NEW, m.MailProposal.notified.is_(False)
                )
            )
        )
        if ids:
            session.execute(
                update(m.MailProposal).where(m.MailProposal.id.in_(ids)).values(notified=True)
            )
    return list_proposals(db, ids) if ids else []


def forget(db: Database, proposal_id: int, status: str) -> None:
    """Mark a proposal accepted or dismissed and forget its text (its Message-ID stays)."""
    with db.write() as session:
        row = session.get(m.MailProposal, proposal_id)
        if row is not None:
            row.status, row.subject, row.snippet, row.sender = status, "", "", ""


def waiting(db: Database, proposal_id: int) -> m.MailProposal:
    """The stored proposal, detached.

    Raises:
        ProposalError: it is not waiting (accepted, dismissed or unknown).
    """
    with db.read() as session:
        row = session.get(m.MailProposal, proposal_id)
        if row is None or row.status != NEW:
            raise ProposalError(f"Proposal {proposal_id} is not waiting (accepted or dismissed).")
        session.expunge(row)
        return row


def step_for(db: Database, application_id: int, outcome: Outcome) -> int:
    """The application's next pending step that takes ``outcome``.

    Raises:
        ProposalError: none does.
    """
    with db.read() as session:
        rows = session.execute(
            select(m.FollowUp.id, m.FollowUp.kind)
            .where(
                m.FollowUp.application_id == application_id,
                m.FollowUp.status == FollowUpStatus.PENDING,
            )
            .order_by(m.FollowUp.due_at, m.FollowUp.id)
        ).tuples()
        for follow_up_id, kind in rows:
            if outcome in OUTCOMES_FOR[FollowUpKind(kind)]:
                return follow_up_id
    raise ProposalError(
        f"No planned step of this application takes “{outcome.value}”: log it from its "
        "timeline, or dismiss the proposal."
    )


def accept(
    db: Database,
    proposal_id: int,
    now: datetime,
    settings: PlannerSettings,
    *,
    outcome: Outcome | None = None,
    decision_date: date | None = None,
) -> OutcomeResult:
    """Log the proposal's outcome on the application's next step that takes it, and re-plan.

    Args:
        db: the database.
        proposal_id: the proposal.
        now: the clock.
        settings: the planner's settings.
        outcome: another outcome than the suggested one (the user's pick).
        decision_date: the employer's decision date (or next interview's day), for Spoke.

    Returns:
        The outcome service's result: its undo snapshot and what changed.

    Raises:
        ProposalError: it is not waiting, or no planned step takes the outcome.
    """
    row = waiting(db, proposal_id)
    suggestion = Suggestion(row.suggestion)
    chosen = outcome or suggestion.outcome
    step = step_for(db, row.application_id, chosen)
    note = f"From mail: {row.subject}".strip()
    if suggestion == Suggestion.INTERVIEW and chosen == Outcome.SPOKE:
        note = f"Invited to another interview (mail: {row.subject})"
    result = outcomes.log_outcome(
        db, step, chosen, now, settings, notes=note[:500], decision_date=decision_date
    )
    forget(db, proposal_id, ACCEPTED)
    return result


def dismiss(db: Database, proposal_id: int) -> Changes:
    """Forget a proposal (its Message-ID stays, so it is not proposed again).

    Raises:
        ProposalError: it is not waiting.
    """
    row = waiting(db, proposal_id)
    forget(db, proposal_id, DISMISSED)
    return ch.plans([row.application_id])
