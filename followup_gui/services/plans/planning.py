"""Re-planning: stored facts -> the pure planner -> stored follow-ups.

The planner decides *what* is due; a re-plan keeps what the user did to the plan
(done, skipped, snoozed, reminded) attached to the step's stable key. There is one
re-plan, :func:`replan_all`: facts read with column queries (``store``), the
planner, and the changed rows written back (``reconcile``).

:func:`application_facts` is the plain definition of the facts, from ORM objects:
the views that show an application's steps use it, and the tests hold the column
loader equal to it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from followup_gui.domain import (
    ApplicationFacts,
    AttemptFacts,
    AttemptKind,
    ContactFacts,
    FollowUpStatus,
    InterviewFacts,
    InterviewFormat,
    Outcome,
    PlaybookName,
)
from followup_gui.gc_tuning import collector_paused
from followup_gui.scheduling import PlannerSettings, plan
from followup_gui.scheduling.planner import NOTHING_STAGES
from followup_gui.scheduling.settings import AUTO, for_zone
from followup_gui.services.plans.reconcile import reconcile
from followup_gui.services.plans.store import load_plan_inputs
from followup_gui.storage import models as m


@dataclass
class PlanChanges:
    """What a re-plan changed, so views refresh only what they must."""

    application_ids: set[int] = field(default_factory=set)
    added: int = 0
    updated: int = 0
    cancelled: int = 0


def contact_facts(contact: m.Contact) -> ContactFacts:
    """The planner's and scripts' view of a stored contact."""
    return ContactFacts(
        id=str(contact.id),
        full_name=contact.full_name,
        title=contact.title,
        company=contact.company,
        preferred_name=contact.preferred_name,
        email=contact.emails[0] if contact.emails else "",
        phone=contact.phones[0] if contact.phones else "",
        postal_address=contact.postal_address,
        name_confirmed=contact.name_confirmed,
    )


def application_facts(app: m.Application) -> ApplicationFacts:
    """Everything the planner needs about a stored application."""
    contacts: dict[str, ContactFacts] = {}
    interviews = []
    for iv in app.interviews:
        for person in iv.participants:
            contacts[str(person.id)] = contact_facts(person)
        interviews.append(
            InterviewFacts(
                id=str(iv.id),
                starts_at=iv.starts_at,
                ends_at=iv.ends_at,
                participant_ids=tuple(str(p.id) for p in iv.participants),
                format=InterviewFormat(iv.format),
                location=iv.location,
            )
        )
    attempts = []
    for at in app.attempts:
        if at.contact is not None:
            contacts[str(at.contact.id)] = contact_facts(at.contact)
        attempts.append(
            AttemptFacts(
                contact_id=None if at.contact_id is None else str(at.contact_id),
                kind=AttemptKind(at.kind),
                at=at.at,
                outcome=Outcome(at.outcome),
                notes=at.notes,
                decision_date=at.decision_date,
            )
        )
    if app.primary_contact is not None:
        contacts[str(app.primary_contact.id)] = contact_facts(app.primary_contact)
    snoozes = {
        f.key: f.snoozed_until
        for f in app.follow_ups
        if f.status == FollowUpStatus.PENDING and f.snoozed_until is not None
    }
    resolved = frozenset(
        f.key for f in app.follow_ups if f.status in (FollowUpStatus.DONE, FollowUpStatus.SKIPPED)
    )
    return ApplicationFacts(
        id=str(app.id),
        company=app.company,
        role=app.role,
        stage=app.stage_key,
        timezone=app.timezone,
        playbook=PlaybookName(app.playbook),
        decision_expected=app.decision_expected,
        interviews=tuple(interviews),
        attempts=tuple(attempts),
        contacts=contacts,
        primary_contact_id=None if app.primary_contact_id is None else str(app.primary_contact_id),
        snoozes=snoozes,
        resolved=resolved,
        applied_at=app.created_at,
        stage_terminal=_stage_terminal(app),
    )


def _stage_terminal(app: m.Application) -> bool:
    """Whether the card's column ends the search (read in the object's own session)."""
    session = object_session(app)
    if session is None:
        return False
    query = select(m.Stage.terminal).where(m.Stage.key == app.stage_key)
    return bool(session.scalar(query))


AUTO_COUNTRY = AUTO


def settings_for(timezone: str, settings: PlannerSettings) -> PlannerSettings:
    """Resolve ``holidays_country="auto"``: the employer's country, from their time zone."""
    return for_zone(settings, timezone)


def load_for_planning(session: Session, ids: list[int] | None = None) -> list[m.Application]:
    """Load applications with everything the planner reads, in few queries."""
    stmt = select(m.Application).options(
        selectinload(m.Application.interviews).selectinload(m.Interview.participants),
        selectinload(m.Application.attempts).selectinload(m.Attempt.contact),
        selectinload(m.Application.follow_ups),
        selectinload(m.Application.primary_contact),
    )
    if ids is not None:
        stmt = stmt.where(m.Application.id.in_(ids))
    return list(session.scalars(stmt))


def replan_all(
    session: Session,
    now: datetime,
    settings: PlannerSettings,
    ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PlanChanges:
    """Re-plan applications (all of them by default) inside the caller's transaction.

    Pending steps the planner no longer wants are cancelled (kept as history);
    steps it wants again are revived; done and skipped steps are never touched;
    a new due time clears the reminder already given. Pending ORM changes are
    flushed first; the rows are written with Core statements, so every ORM object
    of the session is expired afterwards: read again, it shows the new plan.

    Args:
        session: the caller's session.
        now: the clock.
        settings: the planner's knobs.
        ids: the applications to re-plan; all of them when None.
        progress: called with ``(done, total)``; an exception it raises (a
            cancel) propagates, so the caller's transaction rolls back.

    Returns:
        What the re-plan changed.
    """
    with collector_paused():
        # The planner plans nothing in these stages: their details are not loaded.
        inputs = load_plan_inputs(session, ids, without_details=NOTHING_STAGES)
        planned = []
        # Settings by time zone: resolving "auto" reads the zone table each time.
        by_zone: dict[str, PlannerSettings] = {}
        for i, source in enumerate(inputs):
            if progress is not None and i % 50 == 0:
                progress(i, len(inputs))
            facts = source.facts
            zone_settings = by_zone.get(facts.timezone)
            if zone_settings is None:
                zone_settings = by_zone[facts.timezone] = settings_for(facts.timezone, settings)
            planned.append((source, plan(facts, now, zone_settings)))
        writes = reconcile(session, planned)
        # Written past the session: what it holds is read again when next used.
        session.expire_all()
        app_ids = {source.app_id for source in inputs}
        # Freed by reference counting while the collector still sleeps: otherwise
        # its next run would first walk every one of these short-lived objects.
        del inputs, planned
    return PlanChanges(
        application_ids=app_ids,
        added=writes.added,
        updated=writes.updated,
        cancelled=writes.cancelled,
    )


def applications_naming(
    session: Session, contact_ids: Collection[int], *, attempts: bool, pending_steps: bool
) -> set[int]:
    """The applications that name one of these contacts.

    Always: met at one of its interviews, or its primary contact. With
    ``attempts``, also a logged attempt's person (its plan reads them); with
    ``pending_steps``, also whom a pending step addresses (its card shows them).
    """
    ids = sorted(contact_ids)
    if not ids:
        return set()
    part = m.interview_participants
    found = set(
        session.scalars(
            select(m.Interview.application_id)
            .join(part, part.c.interview_id == m.Interview.id)
            .where(part.c.contact_id.in_(ids))
        )
    )
    found.update(
        session.scalars(select(m.Application.id).where(m.Application.primary_contact_id.in_(ids)))
    )
    if attempts:
        found.update(
            session.scalars(select(m.Attempt.application_id).where(m.Attempt.contact_id.in_(ids)))
        )
    if pending_steps:
        found.update(
            session.scalars(
                select(m.FollowUp.application_id).where(
                    m.FollowUp.contact_id.in_(ids), m.FollowUp.status == "pending"
                )
            )
        )
    return found
