"""Read models for the timeline and the action panel: what happened, what is next, and why.

The GUI never opens a session: it asks for a :class:`TimelineData` (one
application's interviews, attempts, decision date and pending follow-ups) or a
:class:`FollowUpDetail` (one pending step with its scripts rendered).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from followup_gui.domain import (
    ApplicationFacts,
    FollowUpError,
    FollowUpKind,
    FollowUpStatus,
    Outcome,
    Profile,
)
from followup_gui.domain.timing import is_overdue
from followup_gui.scheduling import DEFAULT_SETTINGS, PlannerSettings
from followup_gui.scripts import RenderedScript, ScriptContext, render, scripts_for
from followup_gui.services.followups.outcomes import OUTCOMES_FOR
from followup_gui.services.plans.planning import contact_facts
from followup_gui.services.plans.store import load_plan_inputs
from followup_gui.storage import Database
from followup_gui.storage import models as m


@dataclass(frozen=True)
class InterviewMark:
    """An interview on the timeline."""

    starts_at: datetime
    ends_at: datetime
    people: tuple[str, ...]
    format: str


@dataclass(frozen=True)
class AttemptMark:
    """Something the user did, and how it went."""

    id: int
    kind: str
    at: datetime
    outcome: str
    contact: str | None
    notes: str


@dataclass(frozen=True)
class PlannedMark:
    """A pending follow-up drawn as its due window.

    Attributes:
        overdue: its window had ended at the ``now`` the data was loaded at
            (see :mod:`followup_gui.domain.timing`).
    """

    id: int
    key: str
    kind: str
    due: datetime
    window_end: datetime
    contact: str | None
    rules: tuple[str, ...]
    reason: str
    overdue: bool


@dataclass(frozen=True)
class TimelineData:
    """One application's history and plan, times in the employer's zone."""

    application_id: int
    company: str
    role: str
    stage: str
    timezone: str
    decision_expected: date | None
    interviews: tuple[InterviewMark, ...]
    attempts: tuple[AttemptMark, ...]
    planned: tuple[PlannedMark, ...]


@dataclass(frozen=True)
class FollowUpDetail:
    """One pending step as the action panel shows it.

    Attributes:
        scripts: the scripts that help with it, rendered, most useful first.
        outcomes: the outcome buttons that fit its kind.
    """

    id: int
    application_id: int
    company: str
    role: str
    kind: str
    contact: str | None
    due: datetime
    window_end: datetime
    rules: tuple[str, ...]
    reason: str
    decision_expected: date | None
    scripts: tuple[RenderedScript, ...]
    outcomes: tuple[Outcome, ...]


def _rules(text: str) -> tuple[str, ...]:
    return tuple(r for r in text.split(",") if r)


def load_timeline(db: Database, application_id: int, now: datetime) -> TimelineData:
    """Load what the timeline of one application shows.

    Raises:
        FollowUpError: the application no longer exists.
    """
    now_utc = now.astimezone(UTC)
    with db.read() as session:
        app = session.scalar(
            select(m.Application)
            .where(m.Application.id == application_id)
            .options(
                selectinload(m.Application.interviews).selectinload(m.Interview.participants),
                selectinload(m.Application.attempts).selectinload(m.Attempt.contact),
                selectinload(m.Application.follow_ups).selectinload(m.FollowUp.contact),
            )
        )
        if app is None:
            raise FollowUpError("This application no longer exists.")
        return TimelineData(
            application_id=app.id,
            company=app.company,
            role=app.role,
            stage=app.stage_key,
            timezone=app.timezone,
            decision_expected=app.decision_expected,
            interviews=tuple(
                InterviewMark(
                    i.starts_at, i.ends_at, tuple(p.full_name for p in i.participants), i.format
                )
                for i in app.interviews
            ),
            attempts=tuple(
                AttemptMark(
                    a.id,
                    a.kind,
                    a.at,
                    a.outcome,
                    None if a.contact is None else a.contact.full_name,
                    a.notes,
                )
                for a in app.attempts
            ),
            planned=tuple(
                PlannedMark(
                    f.id,
                    f.key,
                    f.kind,
                    f.due_at,
                    f.window_end,
                    None if f.contact is None else f.contact.full_name,
                    _rules(f.rules),
                    f.reason,
                    is_overdue(f.due_at, f.window_end, now_utc),
                )
                for f in app.follow_ups
                if f.status == FollowUpStatus.PENDING
            ),
        )


def load_follow_up(
    db: Database,
    follow_up_id: int,
    override_dir: Path | None = None,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> FollowUpDetail:
    """Load one pending follow-up with its scripts rendered for its person.

    Args:
        db: the database.
        follow_up_id: the step.
        override_dir: the user's own script templates, if any.
        settings: the planner's settings (the date a thank-you promises).

    Raises:
        FollowUpError: it no longer exists or is no longer pending.
    """
    with db.read() as session:
        row = session.get(m.FollowUp, follow_up_id)
        if row is None or row.status != FollowUpStatus.PENDING:
            raise FollowUpError("This follow-up was already dealt with; the plan has moved on.")
        # The planner's own load (plain rows): the ORM graph of a busy application
        # cost more than rendering its scripts.
        (source,) = load_plan_inputs(session, [row.application_id])
        facts = source.facts
        kind = FollowUpKind(row.kind)
        context = step_context(row, facts, stored_profile(session), settings)
        return FollowUpDetail(
            id=row.id,
            application_id=row.application_id,
            company=facts.company,
            role=facts.role,
            kind=row.kind,
            contact=None if row.contact is None else row.contact.full_name,
            due=row.due_at.astimezone(facts_zone(facts.timezone)),
            window_end=row.window_end.astimezone(facts_zone(facts.timezone)),
            rules=_rules(row.rules),
            reason=row.reason,
            decision_expected=facts.decision_expected,
            scripts=tuple(render(k, context, override_dir) for k in scripts_for(kind)),
            outcomes=OUTCOMES_FOR[kind],
        )


def stored_profile(session: Session) -> Profile:
    """The user's own details as the scripts use them (empty before the first run)."""
    prof = session.get(m.Profile, 1)
    return Profile(prof.name, prof.phone, prof.email, prof.signature) if prof else Profile()


def step_context(
    row: m.FollowUp,
    facts: ApplicationFacts,
    profile: Profile,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> ScriptContext:
    """Who, what and when the scripts of one planned step speak of."""
    if row.contact is not None and str(row.contact_id) not in facts.contacts:
        # A step may name someone not (or no longer) in an interview.
        extra = {str(row.contact_id): contact_facts(row.contact)}
        facts = replace(facts, contacts={**facts.contacts, **extra})
    return ScriptContext.for_application(
        facts,
        profile,
        contact_id=None if row.contact_id is None else str(row.contact_id),
        step_key=row.key,
        settings=settings,
    )


def next_pending_id(db: Database, application_id: int) -> int | None:
    """The application's next pending follow-up (the earliest due), or ``None``.

    It is the step its card shows as its next one (soonest first, then by id).
    """
    with db.read() as session:
        return session.scalar(
            select(m.FollowUp.id)
            .where(
                m.FollowUp.application_id == application_id,
                m.FollowUp.status == FollowUpStatus.PENDING,
            )
            .order_by(m.FollowUp.due_at, m.FollowUp.id)
            .limit(1)
        )


def facts_zone(name: str) -> tzinfo:
    """The employer's zone (UTC if the stored name is unknown to this machine)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC
