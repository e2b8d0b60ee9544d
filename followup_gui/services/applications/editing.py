"""Creating, editing and deleting applications, with snapshots for undo.

Every write re-plans the application in the same transaction. Undo of an edit or
a delete restores a :class:`ApplicationSnapshot` (the application, its interviews
with participants, attempts and follow-ups, with their ids), then re-plans, which
changes nothing when no time has passed and brings the plan up to date otherwise.
Contacts created on the spot are kept by an undo: they are people the user met.

Every write returns what it changed (:class:`~followup_gui.services.changes.Changes`):
the application, and the contacts whose links to it (interviews, attempts, primary
contact) were made or undone, since the contacts' history lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, inspect, select
from sqlalchemy.orm import Session

from followup_gui.domain.checks import quoted, year_problem
from followup_gui.domain.timezones import is_valid_timezone
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.board.columns import BoardError
from followup_gui.services.changes import Changes, WithChanges
from followup_gui.services.plans.planning import load_for_planning, replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.limits import value_problems


class StaleApplicationError(BoardError):
    """The application was changed elsewhere since the user opened it; nothing was saved.

    Attributes:
        current_version: the version stored now (pass it to overwrite on purpose).
    """

    def __init__(self, current_version: int) -> None:
        super().__init__(
            "This application was changed elsewhere (another window, program or "
            "computer) since you opened it."
        )
        self.current_version = current_version


@dataclass(frozen=True)
class NewContact:
    """A person met, created on the spot while entering an interview."""

    full_name: str
    title: str = ""


@dataclass(frozen=True)
class InterviewDraft:
    """An interview as a form holds it (``id`` is ``None`` for a new one)."""

    starts_at: datetime
    ends_at: datetime
    format: str = "video"
    contact_ids: tuple[int, ...] = ()
    new_contacts: tuple[NewContact, ...] = ()
    id: int | None = None
    location: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ApplicationDraft:
    """The fields of an application a form edits."""

    company: str
    role: str
    timezone: str
    playbook: str = "balanced"
    stage_key: str = "applied"
    decision_expected: date | None = None
    notes: str = ""
    location: str = ""
    posting_url: str = ""
    interviews: tuple[InterviewDraft, ...] = ()
    primary_contact_id: int | None = None


@dataclass(frozen=True)
class ParticipantInfo:
    """A contact as pickers show it."""

    id: int
    full_name: str
    title: str
    company: str


@dataclass(frozen=True)
class ApplicationDetails:
    """An application loaded for the details dialog.

    Attributes:
        version: pass it back to :func:`update_application` to detect a change
            made elsewhere meanwhile.
        participants: every contact named by the interviews, by id.
    """

    id: int
    version: int
    draft: ApplicationDraft
    participants: dict[int, ParticipantInfo] = field(default_factory=dict)


@dataclass(frozen=True)
class ApplicationSnapshot:
    """Everything stored about one application, to put it back exactly."""

    application: dict[str, Any]
    interviews: tuple[tuple[dict[str, Any], tuple[int, ...]], ...]
    attempts: tuple[dict[str, Any], ...]
    follow_ups: tuple[dict[str, Any], ...]

    @property
    def id(self) -> int:
        """The application's id."""
        return int(self.application["id"])

    @property
    def stage_key(self) -> str:
        """The stage the application was in."""
        return str(self.application["stage_key"])

    def contact_links(self) -> frozenset[tuple[str, int, int]]:
        """Each link to a contact the contacts' history shows: ``(what, its id, contact id)``."""
        links = {("interview", int(iv["id"]), c) for iv, people in self.interviews for c in people}
        links |= {
            ("attempt", int(a["id"]), int(a["contact_id"]))
            for a in self.attempts
            if a.get("contact_id") is not None
        }
        primary = self.application.get("primary_contact_id")
        if primary is not None:
            links.add(("primary", self.id, int(primary)))
        return frozenset(links)


def _changes(before: ApplicationSnapshot | None, after: ApplicationSnapshot | None) -> Changes:
    """What changed from ``before`` to ``after`` (None: the application did not exist)."""
    shot = after or before
    assert shot is not None
    moved = before is not None and after is not None and before.stage_key != after.stage_key
    old = before.contact_links() if before is not None else frozenset()
    new = after.contact_links() if after is not None else frozenset()
    people = {contact for _what, _id, contact in old ^ new}
    changes = ch.applications([shot.id], stage_moves=moved)
    return changes | ch.contacts(people) if people else changes


def _columns(obj: m.Base) -> dict[str, Any]:
    mapper = inspect(obj.__class__)
    return {c.key: getattr(obj, c.key) for c in mapper.column_attrs}


def _participant(c: m.Contact) -> ParticipantInfo:
    return ParticipantInfo(c.id, c.full_name, c.title, c.company)


def list_contacts(db: Database) -> list[ParticipantInfo]:
    """Every contact, by name (for the interviewer pickers).

    Read as the four columns the pickers show, not as entities: with thousands
    of contacts that is most of the time the application dialog takes to open.
    """
    c = m.Contact.__table__.c
    stmt = select(c.id, c.full_name, c.title, c.company).order_by(func.lower(c.full_name), c.id)
    with db.read() as session:
        return [ParticipantInfo(*row) for row in session.execute(stmt)]


def _validate(draft: ApplicationDraft, session: Session) -> None:
    if not draft.company.strip():
        raise BoardError("Which company is it? The company name is needed.")
    if not is_valid_timezone(draft.timezone):
        raise BoardError(f"{quoted(draft.timezone)} is not a time zone this computer knows.")
    if session.scalar(select(m.Stage.id).where(m.Stage.key == draft.stage_key)) is None:
        raise BoardError(f"There is no stage {quoted(draft.stage_key)}.")
    for iv in draft.interviews:
        if iv.ends_at <= iv.starts_at:
            raise BoardError("An interview must end after it starts.")
        for person in iv.new_contacts:
            if not person.full_name.strip():
                raise BoardError("A new interviewer needs a name.")
    _check_values(draft)


#: How the form names a field in a message.
_FIELD_NAMES = {"posting_url": "link", "full_name": "name"}


def _check_values(draft: ApplicationDraft) -> None:
    """The same checks as every other way in (``domain.checks``): text and dates.

    Raises:
        BoardError: names the field, e.g. "The location contains the control character U+0007."
    """
    fields = ("company", "role", "notes", "location", "posting_url")
    checks: list[tuple[type[m.Base], dict[str, object]]] = [
        (m.Application, {k: getattr(draft, k) for k in fields})
    ]
    for iv in draft.interviews:
        checks.append((m.Interview, {"location": iv.location, "notes": iv.notes}))
        checks += [
            (m.Contact, {"full_name": p.full_name, "title": p.title}) for p in iv.new_contacts
        ]
    for model, values in checks:
        for key, _index, problem in value_problems(model, values):
            name = _FIELD_NAMES.get(key, key.replace("_", " "))
            raise BoardError(f"The {name} {problem}.")
    dates: list[date] = [d for d in (draft.decision_expected,) if d is not None]
    dates += [t for iv in draft.interviews for t in (iv.starts_at, iv.ends_at)]
    for day in dates:
        if problem := year_problem(day):
            raise BoardError(f"The date {day.isoformat()[:10]} {problem}.")


def _contacts_for(session: Session, draft: InterviewDraft, company: str) -> list[m.Contact]:
    people = list(session.scalars(select(m.Contact).where(m.Contact.id.in_(draft.contact_ids))))
    people.sort(key=lambda c: draft.contact_ids.index(c.id))
    for new in draft.new_contacts:
        contact = m.Contact(
            full_name=" ".join(new.full_name.split()), title=new.title.strip(), company=company
        )
        session.add(contact)
        people.append(contact)
    return people


def _apply_draft(session: Session, app: m.Application, draft: ApplicationDraft) -> None:
    app.company = draft.company.strip()
    app.role = draft.role.strip()
    app.timezone = draft.timezone
    app.playbook = draft.playbook
    app.decision_expected = draft.decision_expected
    app.notes = draft.notes
    app.location = draft.location
    app.posting_url = draft.posting_url
    # Who receives the calls (R7: someone who was at the interview); None = the first
    # interviewer, the planner's default.
    app.primary_contact_id = draft.primary_contact_id
    if app.stage_key != draft.stage_key:
        app.stage_key = draft.stage_key
    kept = {iv.id for iv in draft.interviews if iv.id is not None}
    for old in list(app.interviews):
        if old.id not in kept:
            app.interviews.remove(old)
    existing = {iv.id: iv for iv in app.interviews}
    for iv in draft.interviews:
        row = existing.get(iv.id) if iv.id is not None else None
        if row is None:
            row = m.Interview(starts_at=iv.starts_at, ends_at=iv.ends_at)
            app.interviews.append(row)
        row.starts_at, row.ends_at = iv.starts_at, iv.ends_at
        row.format, row.location, row.notes = iv.format, iv.location, iv.notes
        row.participants = _contacts_for(session, iv, app.company)


def create_application(
    db: Database, draft: ApplicationDraft, now: datetime, settings: PlannerSettings
) -> WithChanges[ApplicationSnapshot]:
    """Create an application at the end of its stage's column, and plan it.

    Returns:
        The snapshot of what was stored (redo restores it with the same ids), and
        the changes: the new application, and the contacts it names.

    Raises:
        BoardError: a field is missing or invalid.
    """
    with db.write() as session:
        _validate(draft, session)
        last = session.scalar(
            select(func.max(m.Application.position)).where(
                m.Application.stage_key == draft.stage_key
            )
        )
        app = m.Application(
            company=draft.company.strip(),
            stage_key=draft.stage_key,
            timezone=draft.timezone,
            position=(last + 1) if last is not None else 0,
        )
        session.add(app)
        _apply_draft(session, app, draft)
        session.flush()
        app_id = app.id
        replan_all(session, now, settings, [app_id])
        shot = _snapshot(session, app_id)
        return WithChanges(shot, _changes(None, shot))


def load_details(db: Database, app_id: int) -> ApplicationDetails:
    """The application's editable fields, interviews and participants.

    Raises:
        BoardError: it was deleted.
    """
    with db.read() as session:
        apps = load_for_planning(session, [app_id])
        if not apps:
            raise BoardError("This application was deleted.")
        app = apps[0]
        people: dict[int, ParticipantInfo] = {}
        interviews = []
        for iv in app.interviews:
            for c in iv.participants:
                people[c.id] = _participant(c)
            interviews.append(
                InterviewDraft(
                    starts_at=iv.starts_at,
                    ends_at=iv.ends_at,
                    format=iv.format,
                    contact_ids=tuple(c.id for c in iv.participants),
                    id=iv.id,
                    location=iv.location,
                    notes=iv.notes,
                )
            )
        draft = ApplicationDraft(
            company=app.company,
            role=app.role,
            timezone=app.timezone,
            playbook=app.playbook,
            stage_key=app.stage_key,
            decision_expected=app.decision_expected,
            notes=app.notes,
            location=app.location,
            posting_url=app.posting_url,
            interviews=tuple(interviews),
            primary_contact_id=app.primary_contact_id,
        )
        if app.primary_contact is not None:
            people.setdefault(app.primary_contact.id, _participant(app.primary_contact))
        return ApplicationDetails(app.id, app.version, draft, people)


def update_application(
    db: Database,
    app_id: int,
    draft: ApplicationDraft,
    expected_version: int | None,
    now: datetime,
    settings: PlannerSettings,
) -> WithChanges[tuple[ApplicationSnapshot, ApplicationSnapshot]]:
    """Save edits and re-plan, in one transaction.

    Returns:
        The snapshots before and after, for undo and redo, and the changes: the
        application (with a stage move when its stage changed), and the contacts
        added to or taken off its interviews or made or no longer its primary contact.

    Raises:
        BoardError: invalid fields, or the application is gone.
        StaleApplicationError: it was changed elsewhere since ``expected_version``
            was loaded (nothing saved).
        ConcurrentEditError: it was changed elsewhere during this very save.
    """
    with db.write() as session:
        _validate(draft, session)
        apps = load_for_planning(session, [app_id])
        if not apps:
            raise BoardError("This application was deleted meanwhile.")
        app = apps[0]
        if expected_version is not None and app.version != expected_version:
            raise StaleApplicationError(app.version)
        before = _snapshot(session, app_id)
        _apply_draft(session, app, draft)
        replan_all(session, now, settings, [app_id])
        after = _snapshot(session, app_id)
        return WithChanges((before, after), _changes(before, after))


def current_version(db: Database, app_id: int) -> int | None:
    """The stored version of an application, or None when it was deleted."""
    with db.read() as session:
        return session.scalar(select(m.Application.version).where(m.Application.id == app_id))


def _snapshot(session: Session, app_id: int) -> ApplicationSnapshot:
    app = load_for_planning(session, [app_id])[0]
    return ApplicationSnapshot(
        application=_columns(app),
        interviews=tuple(
            (_columns(iv), tuple(c.id for c in iv.participants)) for iv in app.interviews
        ),
        attempts=tuple(_columns(a) for a in app.attempts),
        follow_ups=tuple(_columns(f) for f in app.follow_ups),
    )


def snapshot(db: Database, app_id: int) -> ApplicationSnapshot:
    """Everything stored about one application.

    Raises:
        BoardError: it does not exist.
    """
    with db.read() as session:
        if session.get(m.Application, app_id) is None:
            raise BoardError("This application was deleted.")
        return _snapshot(session, app_id)


def delete_application(db: Database, app_id: int) -> WithChanges[ApplicationSnapshot]:
    """Delete an application with its interviews, attempts and plan.

    Returns:
        What was deleted, so an undo can restore it, and the changes: the
        application and the contacts it named.

    Raises:
        BoardError: it was already deleted.
    """
    with db.write() as session:
        if session.get(m.Application, app_id) is None:
            raise BoardError("This application was already deleted.")
        shot = _snapshot(session, app_id)
        session.execute(delete(m.Application).where(m.Application.id == app_id))
        return WithChanges(shot, _changes(shot, None))


def restore_application(
    db: Database,
    shot: ApplicationSnapshot,
    now: datetime,
    settings: PlannerSettings,
) -> Changes:
    """Put an application back exactly as ``shot`` recorded it (replacing what is stored).

    Contacts deleted since are left out of the interviews; a stage deleted since
    sends the card to the first stage.

    Returns:
        The application (with a stage move when it changes stage), and the
        contacts whose links to it change.
    """
    with db.write() as session:
        was = _snapshot(session, shot.id) if session.get(m.Application, shot.id) else None
        session.expunge_all()  # the rows are inserted again with the same ids
        session.execute(delete(m.Application).where(m.Application.id == shot.id))
        values = {k: v for k, v in shot.application.items() if k != "version"}
        stages = list(session.scalars(select(m.Stage.key).order_by(m.Stage.order)))
        if values["stage_key"] not in stages:
            values["stage_key"] = stages[0]
        known = set(session.scalars(select(m.Contact.id)))
        if values.get("primary_contact_id") not in known:
            values["primary_contact_id"] = None
        app = m.Application(**values)
        session.add(app)
        for iv_values, people in shot.interviews:
            iv = m.Interview(**iv_values)
            iv.participants = list(
                session.scalars(select(m.Contact).where(m.Contact.id.in_(set(people) & known)))
            )
            app.interviews.append(iv)
        for row in shot.attempts:
            app.attempts.append(m.Attempt(**_known_contact(row, known)))
        for row in shot.follow_ups:
            app.follow_ups.append(m.FollowUp(**_known_contact(row, known)))
        session.flush()
        replan_all(session, now, settings, [shot.id])
        return _changes(was, _snapshot(session, shot.id))


def _known_contact(row: dict[str, Any], known: set[int]) -> dict[str, Any]:
    if row.get("contact_id") is not None and row["contact_id"] not in known:
        return {**row, "contact_id": None}
    return row
