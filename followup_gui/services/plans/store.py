"""Re-planning many applications with column queries instead of ORM objects.

Loading a few thousand applications with their interviews, attempts, contacts and
follow-ups as ORM objects costs seconds; the same columns read with Core
``select`` statements cost tens of milliseconds. This module builds the planner's
:class:`ApplicationFacts` from such rows, exactly as
:func:`followup_gui.services.plans.planning.application_facts` does from ORM objects;
``reconcile`` writes the planner's answer back.

Every query is read as the driver's own tuples, without SQLAlchemy's result
processing: a ``Row`` and a processor call per value cost more than building the
facts themselves. Instants and dates are converted here, by the functions
:mod:`followup_gui.storage.types` gives for the dialect, to the same values. The
facts are built without the dataclasses' own ``__init__`` (see ``frozen``), and
rows are few: an application's done and skipped keys come in its own row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import bindparam, case, select
from sqlalchemy.orm import Session

from followup_gui.domain import (
    ApplicationFacts,
    AttemptFacts,
    ContactFacts,
    FollowUpStatus,
    InterviewFacts,
    InterviewFormat,
    PlaybookName,
)
from followup_gui.gc_tuning import collector_paused
from followup_gui.services.plans.frozen import positional_factory
from followup_gui.services.plans.row_facts import ContactIds, ContactRows, attempt_facts
from followup_gui.storage import models as m
from followup_gui.storage.types import (
    day_parser,
    instant_parser,
    raw_instant,
    text_list,
    text_list_parser,
)

#: Ids per ``IN (...)`` list: far below every database's bound-parameter limit.
CHUNK = 500

_DONE = FollowUpStatus.DONE.value
_SKIPPED = FollowUpStatus.SKIPPED.value
_PENDING = FollowUpStatus.PENDING.value
_RESOLVED = (_DONE, _SKIPPED)
# The other statuses (stored statuses are always FollowUpStatus values: the JSON
# import checks them). ``IN`` lets SQLite read only these rows through the status
# index; ``NOT IN`` would scan the whole table, done and skipped rows included.
_OPEN = tuple(s.value for s in FollowUpStatus if s.value not in _RESOLVED)
# Enum lookups by value through a dict: calling the enum class costs 3x more.
_FORMATS = {f.value: f for f in InterviewFormat}
_PLAYBOOKS = {p.value: p for p in PlaybookName}
# Built as ``AttemptFacts(...)`` etc. would be, at half the cost (see ``frozen``).
_new_interview = positional_factory(InterviewFacts)
_new_application = positional_factory(ApplicationFacts)
_STARTS = attrgetter("starts_at")
_NONE: tuple[Any, ...] = ()
_EMPTY: frozenset[str] = frozenset()


class StoredStep(NamedTuple):
    """The planned columns of one stored open (pending or cancelled) follow-up row."""

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


def _plain(session: Session, stmt: Any, params: dict[str, Any] | None = None) -> list[Any]:
    """The rows of a select as the driver's own tuples (no result processing).

    Integers and strings are what SQLAlchemy would return; instants and dates
    are the driver's values, for :func:`instant_parser` and :func:`day_parser`.
    """
    result = session.execute(stmt, params)
    rows: list[Any] = result.cursor.fetchall()  # type: ignore[attr-defined]
    result.close()
    return rows


#: The ids a select is restricted to (a list, expanded when run).
_IDS: Any = bindparam("ids", expanding=True)
#: Built selects by (dialect, what, restricted to ids, stages without details).
_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _statement(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """The select for ``key``, built once.

    Building a select costs about as much as running it on a few rows, and a
    card move re-plans one application: its seven selects are built only the
    first time.
    """
    stmt = _STATEMENTS.get(key)
    if stmt is None:
        stmt = _STATEMENTS[key] = build()
    return stmt


def _contacts(session: Session, ids: set[int] | None) -> ContactRows:
    """Contact facts of the given ids (of every contact when None).

    All of them are read in one query when most are wanted: cheaper than id lists.
    """
    c = m.Contact.__table__.c

    def build() -> Any:
        return select(
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

    dialect = session.get_bind().dialect.name
    if ids is None:
        return ContactRows(_plain(session, _statement((dialect, "contacts", False), build)))
    by_id = _statement((dialect, "contacts", True), lambda: build().where(c.id.in_(_IDS)))
    rows: list[Any] = []
    for batch in _chunks(sorted(ids)):
        rows.extend(_plain(session, by_id, {"ids": batch}))
    return ContactRows(rows)


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
            ``no_response``): in a load of all applications, their facts hold
            only the application's own columns, no interviews, attempts,
            contacts, snoozes or resolved keys. Their stored follow-ups are
            loaded all the same.

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


def _load_chunk(
    session: Session, ids: list[int] | None, without_details: frozenset[str]
) -> list[PlanInput]:
    a = m.Application.__table__.c
    iv = m.Interview.__table__.c
    ip = m.interview_participants.c
    at = m.Attempt.__table__.c
    fu = m.FollowUp.__table__.c

    dialect = session.get_bind().dialect
    instant = instant_parser(dialect)
    day = day_parser(dialect)
    texts = text_list_parser(dialect)
    params = None if ids is None else {"ids": ids}

    def rows(name: str, build: Callable[[], Any], column: Any, details: bool = True) -> list[Any]:
        """Run one select, built once per dialect and kind of load (see ``_statement``)."""
        # Applied only to a whole load: for given ids the ``NOT IN`` sub-select costs
        # more (it lists every application of those stages) than the few details
        # of the given ids that the planner then does not read.
        skip = without_details if details and ids is None else frozenset()

        def complete() -> Any:
            stmt = build()
            if ids is not None:
                stmt = stmt.where(column.in_(_IDS))
            if skip:
                skipped = select(a.id).where(a.stage_key.in_(sorted(skip)))
                stmt = stmt.where(column.not_in(skipped))
            return stmt

        key = (dialect.name, name, ids is not None, skip)
        return _plain(session, _statement(key, complete), params)

    def apps_select() -> Any:
        stage_table = m.Base.metadata.tables["stage"]
        # Done and skipped steps are only ever looked up by key: each application's
        # keys come as one JSON array in its own row (cheaper than a row per key).
        resolved_keys: Any = (
            select(text_list(fu.key, dialect))
            .where(fu.application_id == a.id, fu.status.in_(_RESOLVED))
            .scalar_subquery()
        )
        if without_details:
            resolved_keys = case((a.stage_key.not_in(sorted(without_details)), resolved_keys))
        return select(
            a.id,
            a.company,
            a.role,
            a.stage_key,
            a.timezone,
            a.playbook,
            a.decision_expected,
            a.primary_contact_id,
            resolved_keys,
            raw_instant(a.created_at, dialect),
            select(stage_table.c.terminal)
            .where(stage_table.c.key == a.stage_key)
            .scalar_subquery(),
        ).order_by(a.id)

    apps = rows(f"apps {sorted(without_details)}", apps_select, a.id, details=False)
    names = ContactIds()
    participants: defaultdict[int, list[str]] = defaultdict(list)
    for interview_id, contact_id in rows(
        "participants",
        lambda: (
            select(ip.interview_id, ip.contact_id)
            .join(m.Interview.__table__, iv.id == ip.interview_id)
            .order_by(ip.interview_id, ip.contact_id)
        ),
        iv.application_id,
    ):
        participants[interview_id].append(names[contact_id])
    # Facts are built straight from the rows, read in id order; each application's
    # list is then sorted stably by time (the ORM relationships' order), so equal
    # times keep id order. Sorting per application in Python beats ORDER BY in SQL.
    interviews: defaultdict[int, list[InterviewFacts]] = defaultdict(list)
    for app_id, iv_id, starts, ends, fmt, location in rows(
        "interviews",
        lambda: select(
            iv.application_id,
            iv.id,
            raw_instant(iv.starts_at, dialect),
            raw_instant(iv.ends_at, dialect),
            iv.format,
            iv.location,
        ).order_by(iv.id),
        iv.application_id,
    ):
        interviews[app_id].append(
            _new_interview(
                str(iv_id),
                instant(starts),
                instant(ends),
                tuple(participants.get(iv_id, _NONE)),
                _FORMATS[fmt],
                location,
            )
        )
    for group in interviews.values():
        group.sort(key=_STARTS)
    attempts = attempt_facts(
        rows(
            "attempts",
            lambda: select(
                at.application_id,
                at.contact_id,
                at.kind,
                raw_instant(at.at, dialect),
                at.outcome,
                at.notes,
                at.decision_date,
            ).order_by(at.id),
            at.application_id,
        ),
        names,
        instant,
        day,
    )
    # Open steps by application: (key, stored columns, driver ``snoozed_until``).
    steps: defaultdict[int, list[tuple[str, StoredStep, Any]]] = defaultdict(list)
    for app_id, fid, key, kind, cid, due, end, status, until, rules, reason in rows(
        "steps",
        lambda: select(
            fu.application_id,
            fu.id,
            fu.key,
            fu.kind,
            fu.contact_id,
            raw_instant(fu.due_at, dialect),
            raw_instant(fu.window_end, dialect),
            fu.status,
            raw_instant(fu.snoozed_until, dialect),
            fu.rules,
            fu.reason,
        ).where(fu.status.in_(_OPEN)),
        fu.application_id,
        details=False,
    ):
        steps[app_id].append(
            (
                key,
                StoredStep(fid, kind, cid, instant(due), instant(end), status, rules, reason),
                until,
            )
        )
    if ids is None:
        contacts = _contacts(session, None)
    else:
        wanted = {int(cid) for cids in participants.values() for cid in cids}
        wanted.update(
            int(f.contact_id)
            for group in attempts.values()
            for f in group
            if f.contact_id is not None
        )
        wanted.update(r[7] for r in apps if r[7] is not None and r[3] not in without_details)
        contacts = _contacts(session, wanted)
    return [
        _input(
            r,
            (interviews.get(r[0], _NONE), attempts.get(r[0], _NONE), steps.get(r[0], _NONE)),
            contacts,
            names,
            _EMPTY if r[8] is None else frozenset(texts(r[8])),
            instant,
            day,
            r[3] not in without_details,
        )
        for r in apps
    ]


def _input(
    app: Any,
    rows: tuple[
        Sequence[InterviewFacts], Sequence[AttemptFacts], Sequence[tuple[str, StoredStep, Any]]
    ],
    contacts: dict[str, ContactFacts],
    names: dict[int, str],
    resolved: frozenset[str],
    instant: Callable[[Any], datetime],
    day: Callable[[Any], date],
    details: bool = True,
) -> PlanInput:
    """Assemble one application's facts exactly as ``planning.application_facts`` does.

    Args:
        app: the application's driver row.
        rows: its interview and attempt facts (in time order) and its open
            (pending or cancelled) follow-ups as ``(key, columns, driver
            snoozed_until)``.
        contacts: contact facts by ``str`` id.
        names: ``str`` ids by contact id.
        resolved: keys of its done or skipped follow-ups (none without details).
        instant: reads a non-null driver ``snoozed_until`` or ``created_at``.
        day: reads a non-null driver ``decision_expected``.
        details: False for a stage in ``without_details`` (primary contact,
            snoozes and resolved keys are left out too).
    """
    app_id, company, role, stage, timezone, playbook, decision, primary, _keys, created = app[:10]
    terminal = bool(app[10])
    interviews, attempts, step_rows = rows
    # Contacts in the order ``application_facts`` meets them: interviewers, people
    # called or written to, then the primary contact.
    known: dict[str, ContactFacts] = {}
    for interview in interviews:
        for cid in interview.participant_ids:
            known[cid] = contacts[cid]
    for called in dict.fromkeys([attempt.contact_id for attempt in attempts]):
        if called is not None:
            known[called] = contacts[called]
    primary_id = None if primary is None else names[primary]
    if primary_id is not None and details:
        known[primary_id] = contacts[primary_id]
    stored: dict[str, StoredStep] = {}
    snoozes: dict[str, datetime] = {}
    for key, step, until in step_rows:
        stored[key] = step
        if until is not None and details and step.status == _PENDING:
            snoozes[key] = instant(until)
    # Every field, in ``ApplicationFacts``' order.
    facts = _new_application(
        str(app_id),
        company,
        role,
        stage,
        timezone,
        _PLAYBOOKS[playbook],
        None if decision is None else day(decision),
        tuple(interviews),
        tuple(attempts),
        known,
        primary_id,
        snoozes,
        resolved,
        None if created is None else instant(created),
        terminal,
    )
    return PlanInput(facts, stored)
