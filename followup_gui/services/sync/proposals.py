"""What came back from the phone and waits for the user: proposals, never silent changes.

A to-do completed on the phone asks "Done on your phone: how did it go?" (a call;
an email step is logged Sent at once), one deleted there asks whether to skip
the step, a contact deleted from the address book asks whether to delete it
here, a contact changed on both sides asks which version to keep. Accepting
goes through the same services as the window's buttons; dismissing puts
FollowUp's version back on the server at the next sync.

Issue 20 (mail) has proposals of its own; these live in their own table until
the two are one list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup_gui.domain import FollowUpError, FollowUpStatus, Outcome
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.changes import Changes
from followup_gui.services.sync import contact_answers
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.sync_models import SyncCard, SyncItem, SyncProposal


class ProposalKind(StrEnum):
    """What the phone did."""

    COMPLETED = "completed"
    DELETED = "deleted"
    CONTACT_DELETED = "contact_deleted"
    CONTACT_CONFLICT = "contact_conflict"


TITLES = {
    ProposalKind.COMPLETED: "Done on your phone: how did it go?",
    ProposalKind.DELETED: "Deleted on your phone: skip this step?",
    ProposalKind.CONTACT_DELETED: "Deleted from your address book: delete here too?",
    ProposalKind.CONTACT_CONFLICT: "Changed here and on your phone: which to keep?",
}
OPEN, ACCEPTED, DISMISSED = "open", "accepted", "dismissed"


@dataclass(frozen=True, slots=True)
class Proposal:
    """One open proposal as the Agenda and ``sync proposals`` show it.

    Attributes:
        about: what it is about ("Call Dana Whitfield (Acme Robotics)", a name).
        detail: what answering needs (both versions of a contact in a conflict).
    """

    id: int
    kind: ProposalKind
    title: str
    about: str
    created_at: datetime
    application_id: int | None
    contact_id: int | None
    detail: dict[str, Any]


class ProposalError(FollowUpError):
    """The proposal cannot be answered (gone, already answered, the plan moved on)."""


def propose(
    session: Session,
    kind: ProposalKind,
    about: str,
    *,
    application_id: int | None = None,
    step_key: str = "",
    contact_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> bool:
    """Add an open proposal unless the same one is already open; True when added."""
    query = select(SyncProposal.id).where(
        SyncProposal.status == OPEN,
        SyncProposal.kind == kind.value,
        SyncProposal.application_id.is_(None)
        if application_id is None
        else SyncProposal.application_id == application_id,
        SyncProposal.contact_id.is_(None)
        if contact_id is None
        else SyncProposal.contact_id == contact_id,
    )
    for existing in session.scalars(select(SyncProposal).where(SyncProposal.id.in_(query))):
        if existing.detail.get("step_key", "") == step_key:
            return False
    session.add(
        SyncProposal(
            kind=kind.value,
            title=TITLES[kind],
            application_id=application_id,
            contact_id=contact_id,
            detail={"about": about, "step_key": step_key, **(detail or {})},
            status=OPEN,
        )
    )
    return True


def open_step_keys(session: Session) -> set[tuple[int, str]]:
    """The steps (application id, key) that wait for an answer: the sync leaves them be."""
    rows = session.scalars(
        select(SyncProposal).where(
            SyncProposal.status == OPEN, SyncProposal.application_id.is_not(None)
        )
    )
    return {(r.application_id or 0, str(r.detail.get("step_key", ""))) for r in rows}


def open_contact_ids(session: Session) -> set[int]:
    """The contacts that wait for an answer (a conflict or a deletion)."""
    rows = session.scalars(
        select(SyncProposal.contact_id).where(
            SyncProposal.status == OPEN, SyncProposal.contact_id.is_not(None)
        )
    )
    return {int(r) for r in rows if r is not None}


def list_proposals(db: Database) -> list[Proposal]:
    """Every open proposal, oldest first."""
    with db.read() as session:
        rows = session.scalars(
            select(SyncProposal)
            .where(SyncProposal.status == OPEN)
            .order_by(SyncProposal.created_at, SyncProposal.id)
        )
        return [
            Proposal(
                id=r.id,
                kind=ProposalKind(r.kind),
                title=r.title,
                about=str(r.detail.get("about", "")),
                created_at=r.created_at,
                application_id=r.application_id,
                contact_id=r.contact_id,
                detail=dict(r.detail),
            )
            for r in rows
        ]


def _open(session: Session, proposal_id: int) -> SyncProposal:
    row = session.get(SyncProposal, proposal_id)
    if row is None:
        raise ProposalError(f"proposal {proposal_id}: there is no such proposal")
    if row.status != OPEN:
        raise ProposalError(f"proposal {proposal_id}: it was already {row.status}")
    return row


def _pending_step(session: Session, row: SyncProposal) -> int | None:
    step = session.scalar(
        select(m.FollowUp.id).where(
            m.FollowUp.application_id == row.application_id,
            m.FollowUp.key == row.detail.get("step_key", ""),
            m.FollowUp.status == FollowUpStatus.PENDING.value,
        )
    )
    return None if step is None else int(step)


def _close(db: Database, proposal_id: int, status: str) -> None:
    with db.write() as session:
        row = session.get(SyncProposal, proposal_id)
        if row is not None:
            row.status = status


def accept(
    db: Database,
    proposal_id: int,
    now: datetime,
    settings: PlannerSettings,
    *,
    outcome: Outcome | None = None,
    keep: str = "",
) -> Changes:
    """Do what a proposal proposes, through the window's own services.

    Args:
        db: the database.
        proposal_id: the open proposal.
        now: the clock.
        settings: the planner's settings.
        outcome: for a completed call, how it went (default: spoke).
        keep: for a contact conflict, ``phone`` or ``here``.

    Raises:
        ProposalError: no such open proposal, the step was dealt with (the
            proposal is then closed), or the answer does not fit it.
    """
    from followup_gui.services.followups import outcomes

    with db.read() as session:
        row = _open(session, proposal_id)
        kind = ProposalKind(row.kind)
        step = _pending_step(session, row)
        contact_id, detail = row.contact_id, dict(row.detail)
    if kind in (ProposalKind.COMPLETED, ProposalKind.DELETED):
        if step is None:
            _close(db, proposal_id, DISMISSED)
            raise ProposalError(
                f"proposal {proposal_id}: this step was already dealt with; the proposal is closed"
            )
        if kind == ProposalKind.COMPLETED:
            changes = outcomes.log_outcome(
                db, step, outcome or Outcome.SPOKE, now, settings
            ).changes
        else:
            changes = outcomes.skip(db, step, now, settings).changes
    else:
        if kind == ProposalKind.CONTACT_CONFLICT and keep not in ("phone", "here"):
            raise ProposalError(f"proposal {proposal_id}: say which to keep (phone or here)")
        delete = kind == ProposalKind.CONTACT_DELETED
        changes = contact_answers.answer(db, contact_id, detail, delete=delete, keep=keep)
    _close(db, proposal_id, ACCEPTED)
    return changes


def dismiss(db: Database, proposal_id: int) -> Changes:
    """Forget a proposal: FollowUp's version goes back to the server at the next sync."""
    with db.write() as session:
        row = _open(session, proposal_id)
        row.status = DISMISSED
        key = str(row.detail.get("step_key", ""))
        if row.application_id is not None:
            for item in session.scalars(
                select(SyncItem).where(
                    SyncItem.application_id == row.application_id, SyncItem.step_key == key
                )
            ):
                if item.state == "gone":
                    session.delete(item)  # written again as new
                else:
                    item.fingerprint = ""  # written again over the phone's version
            return ch.plans([row.application_id])
        for card in session.scalars(select(SyncCard).where(SyncCard.contact_id == row.contact_id)):
            if card.state == "gone":
                session.delete(card)
            else:
                card.fingerprint = ""
        return ch.contacts([row.contact_id] if row.contact_id else [])
