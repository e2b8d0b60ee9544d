"""Contacts use cases: list, save (with optimistic locking), delete and restore, duplicates.

Every function is one unit of work on the :class:`Database`. The GUI sees contacts
only as :class:`ContactData` values; undo is built from the values these functions
return (a saved version, a snapshot of a deleted contact).

Deleting a contact keeps the history readable: each attempt that named the person
gets ``Deleted contact: <name>.`` put in front of its notes before the link is
cleared, and restoring the contact (undo) takes the prefix away again.

Every write returns what it changed (:class:`~followup_gui.services.changes.Changes`):
the contacts, and the applications whose interviews, attempts, planned follow-ups
or primary contact named them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime

from sqlalchemy import ColumnElement, Text, cast, delete, insert, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from followup_gui.domain.errors import FollowUpError
from followup_gui.domain.validation import (
    SIMILAR_NAME_RATIO,
    FieldProblem,
    check_contact_values,
    fold_name,
    name_similarity,
    phone_key,
)
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.changes import Changes, WithChanges
from followup_gui.services.plans.planning import applications_naming, contact_facts, replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.limits import value_problems

DELETED_PREFIX = "Deleted contact: {name}. "


@dataclass(frozen=True, slots=True)
class ContactData:
    """A contact as the GUI edits it: the stored fields plus id and version.

    ``id`` is None for a contact not saved yet; ``version`` is the version the
    values were read at (optimistic locking).
    """

    full_name: str = ""
    preferred_name: str = ""
    pronunciation: str = ""
    title: str = ""
    company: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    postal_address: str = ""
    linkedin: str = ""
    website: str = ""
    met_how: str = ""
    notes: str = ""
    name_confirmed: bool = False
    card_image: str = ""
    vcard_uid: str = ""
    id: int | None = field(default=None, compare=False)
    version: int = field(default=0, compare=False)


#: The stored fields of a contact (everything but id and version).
FIELD_NAMES: tuple[str, ...] = tuple(
    f.name for f in fields(ContactData) if f.name not in ("id", "version")
)


class ContactNotFoundError(FollowUpError):
    """The contact was deleted (perhaps in another window)."""


class InvalidContactError(FollowUpError):
    """A contact holds malformed values; nothing was saved.

    Attributes:
        problems: each malformed value and why.
    """

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p}" for p in problems))
        self.problems = problems


class StaleContactError(FollowUpError):
    """The contact was changed elsewhere since it was read; nothing was saved.

    Attributes:
        current: the contact as it is stored now.
    """

    def __init__(self, current: ContactData) -> None:
        super().__init__(
            f"{current.full_name} was changed elsewhere since you opened it "
            f"(now version {current.version})."
        )
        self.current = current


@dataclass(frozen=True, slots=True)
class DeletedContact:
    """Everything needed to bring a deleted contact back (undo).

    Attributes:
        data: the contact's values, with its former id.
        interview_ids: interviews they took part in.
        attempt_ids: attempts made to reach them.
        follow_up_ids: planned follow-ups addressed to them.
        application_ids: applications where they were the primary contact.
    """

    data: ContactData
    interview_ids: tuple[int, ...] = ()
    attempt_ids: tuple[int, ...] = ()
    follow_up_ids: tuple[int, ...] = ()
    application_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Another contact that may be the same person.

    Attributes:
        id: the other contact.
        full_name: their name, to show.
        company: their company.
        reason: why they look the same, e.g. ``same email a@b.org``.
    """

    id: int
    full_name: str
    company: str
    reason: str


def to_data(contact: m.Contact) -> ContactData:
    """The value of a stored contact."""
    values = {name: getattr(contact, name) for name in FIELD_NAMES}
    values["emails"] = tuple(contact.emails or ())
    values["phones"] = tuple(contact.phones or ())
    return ContactData(**values, id=contact.id, version=contact.version)


def apply_data(contact: m.Contact, data: ContactData) -> None:
    """Copy every stored field of ``data`` onto ``contact``."""
    for name in FIELD_NAMES:
        value = getattr(data, name)
        setattr(contact, name, list(value) if isinstance(value, tuple) else value)


def normalized(data: ContactData, region: str | None = None) -> ContactData:
    """Return ``data`` checked and normalised.

    Raises:
        InvalidContactError: a value is malformed, or the name is missing.
    """
    values, problems = check_contact_values(
        list(data.emails), list(data.phones), data.website, data.linkedin, region
    )
    if not data.full_name.strip():
        problems.insert(0, FieldProblem("full_name", 0, "", "a contact needs a name"))
    # The same text checks as every other way in (``domain.checks``).
    stored = {name: getattr(data, name) for name in FIELD_NAMES if name != "card_image"}
    for key, index, problem in value_problems(m.Contact, stored):
        problems.append(FieldProblem(key, index or 0, "", problem))
    if problems:
        raise InvalidContactError(problems)
    return replace(
        data,
        full_name=data.full_name.strip(),
        emails=tuple(values.emails),
        phones=tuple(values.phones),
        website=values.website,
        linkedin=values.linkedin,
    )


def list_contacts(db: Database) -> list[ContactData]:
    """Every contact, by name.

    Read as columns, not entities, and the email and phone lists (JSON) as text
    parsed in one go: with thousands of contacts the list is several times
    faster to load (it reloads after every change it shows).
    """
    c = m.Contact.__table__.c
    lists = ("emails", "phones")
    names = tuple(n for n in (*FIELD_NAMES, "id", "version") if n not in lists)
    texts = [cast(c[name], Text) for name in lists]
    stmt = select(*(c[name] for name in names), *texts).order_by(c.full_name, c.id)
    with db.read() as session:
        rows = session.execute(stmt).all()
    width = len(names)
    # One JSON array of every row's lists: one parse instead of two per contact.
    parsed = json.loads("[" + ",".join(t or "[]" for r in rows for t in r[width:]) + "]")
    out = []
    for i, row in enumerate(rows):
        values = dict(zip(names, row[:width], strict=True))
        emails, phones = parsed[2 * i], parsed[2 * i + 1]
        out.append(ContactData(**values, emails=tuple(emails or ()), phones=tuple(phones or ())))
    return out


def contact_ids(db: Database) -> set[int]:
    """The ids of every contact (whether the list still holds the same people)."""
    with db.read() as session:
        return set(session.scalars(select(m.Contact.id)))


def _get(session: Session, contact_id: int) -> m.Contact:
    contact = session.get(m.Contact, contact_id)
    if contact is None:
        raise ContactNotFoundError("This contact no longer exists; it was deleted elsewhere.")
    return contact


def get_contact(db: Database, contact_id: int) -> ContactData:
    """One contact's current values.

    Raises:
        ContactNotFoundError: there is no such contact.
    """
    with db.read() as session:
        return to_data(_get(session, contact_id))


def save_contact(
    db: Database,
    data: ContactData,
    region: str | None = None,
    *,
    force: bool = False,
    replan: tuple[datetime, PlannerSettings] | None = None,
) -> WithChanges[ContactData]:
    """Create (``data.id`` None) or update a contact, in one transaction.

    Args:
        db: the database.
        data: the values; ``version`` must be the stored one unless ``force``.
        region: default country for phone numbers typed without ``+``.
        force: overwrite even if the contact changed since ``data`` was read.
        replan: the clock and the planner's settings: the applications whose
            plan reads this contact (met at an interview, primary contact, a
            logged attempt) are re-planned in the same transaction when what
            the planner reads changed (a number added turns "Add Noah's phone
            number" back into a call).

    Returns:
        The stored values with the new id and version, and the contact as changed
        (with the re-planned applications).

    Raises:
        InvalidContactError: a value is malformed (nothing saved).
        StaleContactError: the contact changed elsewhere (nothing saved).
        ContactNotFoundError: it was deleted elsewhere.
    """
    clean = normalized(data, region)
    with db.write() as session:
        if clean.id is None:
            contact = m.Contact(full_name=clean.full_name)
            session.add(contact)
        else:
            contact = _get(session, clean.id)
            if not force and contact.version != clean.version:
                raise StaleContactError(to_data(contact))
        before = None if clean.id is None else contact_facts(contact)
        apply_data(contact, clean)
        session.flush()
        changes = ch.contacts([contact.id])
        if replan is not None and before is not None and contact_facts(contact) != before:
            ids = applications_naming(session, [contact.id], attempts=True, pending_steps=False)
            if ids:
                replan_all(session, *replan, sorted(ids))
                changes |= ch.plans(ids)
        return WithChanges(to_data(contact), changes)


def delete_contact(
    db: Database, contact_id: int, version: int | None = None
) -> WithChanges[DeletedContact]:
    """Delete a contact, keeping every attempt readable (see the module docstring).

    Args:
        db: the database.
        contact_id: who to delete.
        version: the version the user saw; None skips the check.

    Returns:
        A snapshot for :func:`restore_contact`, and the changes: the contact and
        the applications that named them.

    Raises:
        StaleContactError: the contact changed since the user saw it.
    """
    with db.write() as session:
        contact = _get(session, contact_id)
        if version is not None and contact.version != version:
            raise StaleContactError(to_data(contact))
        snapshot = detach_links(session, contact)
        changes = ch.contacts([contact_id]) | linked_applications(session, snapshot)
        session.delete(contact)
        return WithChanges(snapshot, changes)


def detach_links(session: Session, contact: m.Contact) -> DeletedContact:
    """Clear every link to ``contact`` (inside the caller's transaction) and say what they were."""
    cid = contact.id
    part = m.interview_participants
    interview_ids = tuple(
        session.scalars(select(part.c.interview_id).where(part.c.contact_id == cid))
    )
    attempts = list(session.scalars(select(m.Attempt).where(m.Attempt.contact_id == cid)))
    prefix = DELETED_PREFIX.format(name=contact.full_name)
    for attempt in attempts:
        attempt.notes = prefix + attempt.notes
        attempt.contact_id = None
    follow_up_ids = tuple(
        session.scalars(select(m.FollowUp.id).where(m.FollowUp.contact_id == cid))
    )
    app_ids = tuple(
        session.scalars(select(m.Application.id).where(m.Application.primary_contact_id == cid))
    )
    session.execute(update(m.FollowUp).where(m.FollowUp.contact_id == cid).values(contact_id=None))
    session.execute(
        update(m.Application)
        .where(m.Application.primary_contact_id == cid)
        .values(primary_contact_id=None)
    )
    session.execute(delete(part).where(part.c.contact_id == cid))
    session.flush()
    return DeletedContact(
        to_data(contact), interview_ids, tuple(a.id for a in attempts), follow_up_ids, app_ids
    )


def linked_applications(session: Session, snapshot: DeletedContact) -> Changes:
    """The applications whose interviews, attempts, follow-ups or primary contact named someone.

    Returns:
        Those applications as changed (nothing when there are none).
    """
    ids = set(snapshot.application_ids)
    for model, rows in (
        (m.Interview, snapshot.interview_ids),
        (m.Attempt, snapshot.attempt_ids),
        (m.FollowUp, snapshot.follow_up_ids),
    ):
        if rows:
            ids.update(session.scalars(select(model.application_id).where(model.id.in_(rows))))
    return ch.applications(ids) if ids else ch.NOTHING


def restore_contact(db: Database, snapshot: DeletedContact) -> WithChanges[ContactData]:
    """Bring a deleted contact back with its links (the undo of a delete).

    Returns:
        The contact as stored again, and the changes: the contact and the
        applications that name them again.
    """
    with db.write() as session:
        restored = reattach(session, snapshot, None)
        assert restored.id is not None
        changes = ch.contacts([restored.id]) | linked_applications(session, snapshot)
        return WithChanges(restored, changes)


def reattach(session: Session, snapshot: DeletedContact, holder: int | None) -> ContactData:
    """Re-create a contact and give it back the links now held by ``holder``.

    Args:
        session: the caller's transaction.
        snapshot: what :func:`detach_links` recorded.
        holder: who holds the links now: None after a delete, the primary's id
            after a merge.
    """
    data = snapshot.data
    contact = m.Contact(full_name=data.full_name)
    if data.id is not None and session.get(m.Contact, data.id) is None:
        contact.id = data.id
    apply_data(contact, data)
    session.add(contact)
    session.flush()
    cid = contact.id
    prefix = DELETED_PREFIX.format(name=data.full_name)
    for attempt in session.scalars(select(m.Attempt).where(m.Attempt.id.in_(snapshot.attempt_ids))):
        if attempt.contact_id == holder:
            attempt.contact_id = cid
            if holder is None and attempt.notes.startswith(prefix):
                attempt.notes = attempt.notes[len(prefix) :]
    session.execute(
        update(m.FollowUp)
        .where(m.FollowUp.id.in_(snapshot.follow_up_ids), _is(m.FollowUp.contact_id, holder))
        .values(contact_id=cid)
    )
    session.execute(
        update(m.Application)
        .where(
            m.Application.id.in_(snapshot.application_ids),
            _is(m.Application.primary_contact_id, holder),
        )
        .values(primary_contact_id=cid)
    )
    existing = set(
        session.scalars(select(m.Interview.id).where(m.Interview.id.in_(snapshot.interview_ids)))
    )
    rows = [{"interview_id": i, "contact_id": cid} for i in snapshot.interview_ids if i in existing]
    if rows:
        session.execute(insert(m.interview_participants), rows)
    session.flush()
    session.expire_all()
    return to_data(_get(session, cid))


def _is(column: InstrumentedAttribute[int | None], value: int | None) -> ColumnElement[bool]:
    """``column IS NULL`` or ``column = value``."""
    return column.is_(None) if value is None else column == value


@dataclass(frozen=True, slots=True)
class DuplicateKeys:
    """What :func:`duplicates_among` compares of one contact (computed once per contact)."""

    id: int
    full_name: str
    company: str
    folded_company: str
    emails: frozenset[str]  # case-folded
    phones: tuple[str, ...]
    phone_keys: tuple[str, ...]  # same order as ``phones``


def duplicate_keys(
    contact_id: int, full_name: str, company: str, emails: Iterable[str], phones: Iterable[str]
) -> DuplicateKeys:
    """The keys of one stored contact."""
    numbers = tuple(phones)
    return DuplicateKeys(
        contact_id,
        full_name,
        company,
        fold_name(company),
        frozenset(e.casefold() for e in emails),
        numbers,
        tuple(phone_key(p) for p in numbers),
    )


def duplicates_among(data: ContactData, others: Iterable[DuplicateKeys]) -> list[Duplicate]:
    """Which of ``others`` may be the same person as ``data`` (see :func:`find_duplicates`)."""
    emails = {e.strip().casefold() for e in data.emails if e.strip()}
    phones = {phone_key(p) for p in data.phones if phone_key(p)}
    company = fold_name(data.company)
    found: list[Duplicate] = []
    for other in others:
        if data.id is not None and other.id == data.id:
            continue
        reason = ""
        same_email = emails & other.emails
        same_phone = [p for p, k in zip(other.phones, other.phone_keys, strict=True) if k in phones]
        if same_email:
            reason = f"same email {sorted(same_email)[0]}"
        elif same_phone:
            reason = f"same phone {same_phone[0]}"
        elif (
            company
            and other.folded_company == company
            and name_similarity(data.full_name, other.full_name) >= SIMILAR_NAME_RATIO
        ):
            reason = f"similar name at {other.company}"
        if reason:
            found.append(Duplicate(other.id, other.full_name, other.company, reason))
    return found


def find_duplicates(db: Database, data: ContactData) -> list[Duplicate]:
    """Other contacts that may be the same person as ``data``, by id.

    Same email (any case), same phone number (same digits), or a very similar
    name (accents and case ignored, difflib ratio >= ``SIMILAR_NAME_RATIO``) at the
    same company. (The contacts list compares with the contacts it already
    holds, through :func:`duplicates_among`.)
    """
    c = m.Contact.__table__.c
    stmt = select(c.id, c.full_name, c.company, c.emails, c.phones).order_by(c.id)
    with db.read() as session:
        rows = session.execute(stmt).all()
    keys = (duplicate_keys(i, n, co, e or (), p or ()) for i, n, co, e, p in rows)
    return duplicates_among(data, keys)
