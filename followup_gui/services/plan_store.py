"""Re-planning many applications with column queries instead of ORM objects.

Loading a few thousand applications with their interviews, attempts, contacts and
follow-ups as ORM objects costs seconds; the same columns read with Core
``select`` statements cost tens of milliseconds. This module builds the planner's
:class:`ApplicationFacts` from such rows, exactly as
:func:`followup_gui.services.planning.application_facts` does from ORM objects;
``plan_reconcile`` writes the planner's answer back.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

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
from followup_gui.storage import models as m
from followup_gui.storage.types import fast_instant

#: Ids per ``IN (...)`` list: far below every database's bound-parameter limit.
CHUNK = 500

_DONE = FollowUpStatus.DONE.value
_SKIPPED = FollowUpStatus.SKIPPED.value
_PENDING = FollowUpStatus.PENDING.value
_RESOLVED = (_DONE, _SKIPPED)
# Enum lookups by value through a dict: calling the enum class costs 3x more.
_ATTEMPT_KINDS = {k.value: k for k in AttemptKind}
_OUTCOMES = {o.value: o for o in Outcome}
_FORMATS = {f.value: f for f in InterviewFormat}


class StoredStep(Protocol):
    """The planned columns of one stored follow-up row (the result row itself)."""

    id: int
    kind: str
    contact_id: int | None
    due_at: datetime
    window_end: datetime
    status: str
    rules: str
    reason: str


@dataclass(slots=True)
class PlanInput:
    """One application as the planner sees it, with its open stored follow-ups by key.

    Done and skipped steps are not in ``stored``: their keys are ``facts.resolved``.
    """

    facts: ApplicationFacts
    stored: dict[str, StoredStep] = field(default_factory=dict)

    @property
    def app_id(self) -> int:
        """The application's database id."""
        return int(self.facts.id)


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _plain(session: Session, stmt: Any) -> list[Any]:
    """The rows of a select of integer and string columns (no result processing).

    The driver's own tuples, without building a SQLAlchemy ``Row`` for each.
    """
    result = session.execute(stmt)
    rows: list[Any] = result.cursor.fetchall()  # type: ignore[attr-defined]
    result.close()
    return rows


def _contacts(session: Session, ids: set[int], query_all: bool) -> dict[int, ContactFacts]:
    """Contact facts of the given ids.

    ``query_all`` reads the whole table in one query (cheaper than id lists when
    most contacts are wanted) and keeps only the wanted ones.
    """
    c = m.Contact.__table__.c
    stmt = select(
        c.id,
        c.full_name,
        c.title,
        c.company,
        c.preferred_name,
        # Only the first address and number are facts: let the database pick them.
        c.emails[0].as_string(),
        c.phones[0].as_string(),
        c.postal_address,
        c.name_confirmed,
    )
    batches = [stmt] if query_all else [stmt.where(c.id.in_(b)) for b in _chunks(sorted(ids))]
    found: dict[int, ContactFacts] = {}
    for batch in batches:
        for (
            cid,
            name,
            title,
            company,
            preferred,
            emails,
            phones,
            postal,
            confirmed,
        ) in _plain(session, batch):
            if cid not in ids:
                continue
            found[cid] = ContactFacts(
                id=str(cid),
                full_name=name,
                title=title,
                company=company,
                preferred_name=preferred,
                email=emails or "",
                phone=phones or "",
                postal_address=postal,
                name_confirmed=bool(confirmed),
            )
    return found


def load_plan_inputs(
    session: Session,
    ids: Sequence[int] | None = None,
    *,
    without_details: frozenset[str] = frozenset(),
) -> list[PlanInput]:
    """Everything the planner reads about many applications, in a few queries per chunk.

    Args:
        session: the caller's session (pending ORM changes are flushed first).
        ids: the applications to load; all of them when None.
        without_details: stages whose applications the caller plans without
            reading their details (the planner plans nothing in ``offer`` and
            ``no_response``): their facts hold only the application's own
            columns, no interviews, attempts, contacts, snoozes or resolved
            keys. Their stored follow-ups are loaded all the same.

    Returns:
        One input per application, ordered by id.
    """
    session.flush()
    with collector_paused():
        if ids is None:
            return _load_chunk(session, None, without_details)
        out: list[PlanInput] = []
        for chunk in _chunks(sorted(set(ids))):
            out.extend(_load_chunk(session, chunk, without_details))
        return out


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Tens of thousands of rows and facts (none of them in a reference cycle) would
    otherwise trigger repeated full collections that cost more than the loading.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _grouped(rows: Sequence[Any], *order: int) -> defaultdict[int, list[Any]]:
    """Rows by their first column (an application id), each group sorted by ``order``."""
    if order:
        rows = sorted(rows, key=itemgetter(*order))
    groups: defaultdict[int, list[Any]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row)
    return groups


def _load_chunk(
    session: Session, ids: list[int] | None, without_details: frozenset[str]
) -> list[PlanInput]:
    a = m.Application.__table__.c
    iv = m.Interview.__table__.c
    ip = m.interview_participants.c
    at = m.Attempt.__table__.c
    fu = m.FollowUp.__table__.c

    dialect = session.get_bind().dialect

    def instant(column: Any) -> Any:
        return fast_instant(column, dialect)

    skipped = select(a.id).where(a.stage_key.in_(sorted(without_details)))

    def rows(stmt: Any, column: Any, details: bool = True, plain: bool = False) -> Sequence[Any]:
        if ids is not None:
            stmt = stmt.where(column.in_(ids))
        if details and without_details:
            stmt = stmt.where(column.not_in(skipped))
        if plain:
            return _plain(session, stmt)
        # ``all()`` fetches in one go: iterating a result fetches row by row, 3x slower.
        return session.execute(stmt).all()

    apps = rows(
        select(
            a.id,
            a.company,
            a.role,
            a.stage_key,
            a.timezone,
            a.playbook,
            a.decision_expected,
            a.primary_contact_id,
        ).order_by(a.id),
        a.id,
        details=False,
    )
    participants: dict[int, list[int]] = defaultdict(list)
    joined = select(ip.interview_id, ip.contact_id).join(
        m.Interview.__table__, iv.id == ip.interview_id
    )
    for interview_id, contact_id in rows(
        joined.order_by(ip.interview_id, ip.contact_id), iv.application_id, plain=True
    ):
        participants[interview_id].append(contact_id)
    # Sorted in Python (by the ORM relationships' order, ties by id): cheaper than in SQL.
    interviews = _grouped(
        rows(
            select(
                iv.application_id,
                iv.id,
                instant(iv.starts_at),
                instant(iv.ends_at),
                iv.format,
                iv.location,
            ),
            iv.application_id,
        ),
        2,
        1,
    )
    attempts = _grouped(
        rows(
            select(
                at.application_id,
                at.id,
                at.contact_id,
                at.kind,
                instant(at.at),
                at.outcome,
                at.notes,
                at.decision_date,
            ),
            at.application_id,
        ),
        4,
        1,
    )
    steps = _grouped(
        rows(
            select(
                fu.application_id,
                fu.id,
                fu.key,
                fu.kind,
                fu.contact_id,
                instant(fu.due_at),
                instant(fu.window_end),
                fu.status,
                fu.snoozed_until,
                fu.rules,
                fu.reason,
            ).where(fu.status.not_in(_RESOLVED)),
            fu.application_id,
            details=False,
        ),
    )
    # Done and skipped rows are only ever looked up by key: no need for their instants.
    resolved: dict[int, set[str]] = defaultdict(set)
    for app_id, key in rows(
        select(fu.application_id, fu.key).where(fu.status.in_(_RESOLVED)),
        fu.application_id,
        plain=True,
    ):
        resolved[app_id].add(key)
    wanted_contacts = {cid for cids in participants.values() for cid in cids}
    wanted_contacts.update(r[2] for group in attempts.values() for r in group if r[2] is not None)
    wanted_contacts.update(r[7] for r in apps if r[7] is not None and r[3] not in without_details)
    contacts = _contacts(session, wanted_contacts, query_all=ids is None)
    return [
        _input(
            r,
            (interviews[r[0]], attempts[r[0]], steps[r[0]]),
            participants,
            contacts,
            resolved,
            r[3] not in without_details,
        )
        for r in apps
    ]


def _input(
    app: Any,
    rows: tuple[list[Any], list[Any], list[Any]],
    participants: dict[int, list[int]],
    contacts: dict[int, ContactFacts],
    resolved_keys: dict[int, set[str]],
    details: bool = True,
) -> PlanInput:
    """Assemble one application's facts exactly as ``planning.application_facts`` does.

    Args:
        app: the application's row.
        rows: its interview, attempt and open (pending or cancelled) follow-up rows.
        participants: contact ids by interview id.
        contacts: contact facts by id.
        resolved_keys: keys of done or skipped follow-ups by application id.
        details: False for a stage in ``without_details`` (primary contact,
            snoozes and resolved keys are left out too).
    """
    app_id, company, role, stage, timezone, playbook, decision, primary = app
    interview_rows, attempt_rows, step_rows = rows
    known: dict[str, ContactFacts] = {}
    interviews = []
    for _app, iv_id, starts, ends, fmt, location in interview_rows:
        people = [contacts[cid] for cid in participants.get(iv_id, ())]
        for person in people:
            known[person.id] = person  # ``ContactFacts.id`` is ``str(cid)``
        interviews.append(
            InterviewFacts(
                str(iv_id),
                starts,
                ends,
                tuple([person.id for person in people]),
                _FORMATS[fmt],
                location,
            )
        )
    # Positional arguments, in AttemptFacts' field order: the hottest loop of a load.
    attempts = tuple(
        [
            AttemptFacts(
                None if cid is None else str(cid),
                _ATTEMPT_KINDS[kind],
                when,
                _OUTCOMES[outcome],
                notes,
                decision_date,
            )
            for _app, _id, cid, kind, when, outcome, notes, decision_date in attempt_rows
        ]
    )
    for cid in dict.fromkeys([row[2] for row in attempt_rows]):
        if cid is not None:
            person = contacts[cid]
            known[person.id] = person
    if primary is not None and details:
        person = contacts[primary]
        known[person.id] = person
    stored: dict[str, StoredStep] = {}
    snoozes: dict[str, datetime] = {}
    # By position (see the select in ``_load_chunk``): cheaper than by name.
    for row in step_rows:
        key, until = row[2], row[8]
        stored[key] = row
        if until is not None and details and row[7] == _PENDING:
            snoozes[key] = until
    facts = ApplicationFacts(
        id=str(app_id),
        company=company,
        role=role,
        stage=stage,
        timezone=timezone,
        playbook=PlaybookName(playbook),
        decision_expected=decision,
        interviews=tuple(interviews),
        attempts=attempts,
        contacts=known,
        primary_contact_id=None if primary is None else str(primary),
        snoozes=snoozes,
        resolved=frozenset(resolved_keys.get(app_id, ())),
    )
    return PlanInput(facts, stored)
