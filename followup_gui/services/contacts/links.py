"""Contacts and the rest of the search: merging, history, interviews, scripts.

Merging two contacts keeps everything: emails and phones are unioned; a text
field both contacts fill differently keeps the primary's value and the other's
goes into the notes; every interview, attempt, planned follow-up and primary-contact
link of the other contact moves to the primary. One transaction; undoable with
:func:`unmerge_contacts`. Both report the two contacts and the applications
whose links moved as changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from followup_gui.domain import Profile
from followup_gui.domain.errors import FollowUpError
from followup_gui.domain.validation import fold_name, phone_key
from followup_gui.scripts import RenderedScript, ScriptKind, render, scripts_for
from followup_gui.scripts.context import ScriptContext
from followup_gui.services import changes as ch
from followup_gui.services.changes import NOTHING, Changes, WithChanges
from followup_gui.services.contacts.editing import (
    DELETED_PREFIX,
    ContactData,
    DeletedContact,
    StaleContactError,
    _get,
    apply_data,
    detach_links,
    linked_applications,
    reattach,
    to_data,
)
from followup_gui.services.plans.planning import application_facts, contact_facts
from followup_gui.storage import Database
from followup_gui.storage import models as m

#: Text fields merged "primary wins, the other's value goes to the notes".
_MERGED_TEXT = {
    "full_name": "Name",
    "preferred_name": "Preferred name",
    "pronunciation": "Pronunciation",
    "title": "Title",
    "company": "Company",
    "postal_address": "Postal address",
    "linkedin": "LinkedIn",
    "website": "Website",
    "met_how": "Met",
    "card_image": "Card photo",
}


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What a merge did, so it can be undone.

    Attributes:
        primary_before: the primary contact before the merge.
        primary_after: the primary contact after it.
        other: the merged-away contact and its links.
        added_interview_ids: interviews the primary was added to.
    """

    primary_before: ContactData
    primary_after: ContactData
    other: DeletedContact
    added_interview_ids: tuple[int, ...]


def merged_values(primary: ContactData, other: ContactData) -> ContactData:
    """The primary's values with the other's merged in (nothing is lost)."""
    values: dict[str, object] = {}
    extra: list[str] = []
    for name, label in _MERGED_TEXT.items():
        mine, theirs = getattr(primary, name).strip(), getattr(other, name).strip()
        if not mine:
            values[name] = theirs
        elif theirs and fold_name(theirs) != fold_name(mine):
            extra.append(f"{label}: {theirs}")
    emails = list(primary.emails)
    for e in other.emails:
        if e.casefold() not in {x.casefold() for x in emails}:
            emails.append(e)
    phones = list(primary.phones)
    for p in other.phones:
        if phone_key(p) not in {phone_key(x) for x in phones}:
            phones.append(p)
    notes = [primary.notes.strip()] if primary.notes.strip() else []
    if other.notes.strip() and other.notes.strip() not in primary.notes:
        notes.append(other.notes.strip())
    if extra:
        notes.append(f"Merged from {other.full_name}:\n" + "\n".join(extra))
    same_name = primary.full_name.strip() == other.full_name.strip()
    return replace(
        primary,
        emails=tuple(emails),
        phones=tuple(phones),
        notes="\n\n".join(notes),
        name_confirmed=primary.name_confirmed or (other.name_confirmed and same_name),
        vcard_uid=primary.vcard_uid or other.vcard_uid,
        **values,  # type: ignore[arg-type]
    )


def merge_contacts(
    db: Database,
    primary_id: int,
    other_id: int,
    versions: tuple[int, int] | None = None,
) -> WithChanges[MergeResult]:
    """Merge ``other_id`` into ``primary_id`` in one transaction (see module docstring).

    Args:
        db: the database.
        primary_id: the contact that stays.
        other_id: the contact merged away (deleted after its links moved).
        versions: the versions of (primary, other) the user saw; None skips the check.

    Returns:
        What :func:`unmerge_contacts` needs, and the changes: both contacts and
        the applications whose links moved.

    Raises:
        StaleContactError: one of them changed since the user saw it.
        FollowUpError: the two ids are the same.
    """
    if primary_id == other_id:
        raise FollowUpError("A contact cannot be merged with itself.")
    with db.write() as session:
        primary, other = _get(session, primary_id), _get(session, other_id)
        if versions is not None:
            for row, seen in zip((primary, other), versions, strict=True):
                if row.version != seen:
                    raise StaleContactError(to_data(row))
        before = to_data(primary)
        merged = merged_values(before, to_data(other))
        part = m.interview_participants
        theirs = set(
            session.scalars(select(part.c.interview_id).where(part.c.contact_id == other_id))
        )
        mine = set(
            session.scalars(select(part.c.interview_id).where(part.c.contact_id == primary_id))
        )
        added = tuple(sorted(theirs - mine))
        attempt_ids = tuple(
            session.scalars(select(m.Attempt.id).where(m.Attempt.contact_id == other_id))
        )
        snapshot = detach_links(session, other)
        # detach_links marked the attempts as "deleted contact"; they move instead.
        for attempt in session.scalars(select(m.Attempt).where(m.Attempt.id.in_(attempt_ids))):
            prefix = DELETED_PREFIX.format(name=other.full_name)
            attempt.notes = attempt.notes.removeprefix(prefix)
            attempt.contact_id = primary_id
        _move(session, snapshot, None, primary_id)
        if added:
            session.execute(
                insert(part), [{"interview_id": i, "contact_id": primary_id} for i in added]
            )
        changes = ch.contacts([primary_id, other_id]) | linked_applications(session, snapshot)
        session.delete(other)
        apply_data(primary, merged)
        session.flush()
        return WithChanges(MergeResult(before, to_data(primary), snapshot, added), changes)


def _move(session: Session, snap: DeletedContact, holder: int | None, to: int) -> None:
    """Point follow-ups and applications recorded in ``snap`` from ``holder`` to ``to``."""
    fu, app = m.FollowUp, m.Application
    held_fu = fu.contact_id.is_(None) if holder is None else fu.contact_id == holder
    held_app = (
        app.primary_contact_id.is_(None) if holder is None else app.primary_contact_id == holder
    )
    session.execute(update(fu).where(fu.id.in_(snap.follow_up_ids), held_fu).values(contact_id=to))
    session.execute(
        update(app).where(app.id.in_(snap.application_ids), held_app).values(primary_contact_id=to)
    )


def unmerge_contacts(
    db: Database, result: MergeResult
) -> WithChanges[tuple[ContactData, ContactData]]:
    """Undo a merge: the other contact comes back with its links, the primary as it was.

    Returns:
        The primary and the restored other contact, and the changes: both
        contacts and the applications whose links moved back.
    """
    primary_id = result.primary_before.id
    assert primary_id is not None
    with db.write() as session:
        primary = _get(session, primary_id)
        apply_data(primary, result.primary_before)
        part = m.interview_participants
        if result.added_interview_ids:
            session.execute(
                delete(part).where(
                    part.c.contact_id == primary_id,
                    part.c.interview_id.in_(result.added_interview_ids),
                )
            )
        session.flush()
        other = reattach(session, result.other, primary_id)
        assert other.id is not None
        changes = ch.contacts([primary_id, other.id]) | linked_applications(session, result.other)
        return WithChanges((to_data(_get(session, primary_id)), other), changes)


@dataclass(frozen=True, slots=True)
class InterviewLine:
    """An interview, as listed for a contact or offered for linking."""

    id: int
    application_id: int
    company: str
    role: str
    starts_at: datetime
    format: str
    timezone: str


@dataclass(frozen=True, slots=True)
class AttemptLine:
    """One attempt to reach a contact."""

    id: int
    application_id: int
    company: str
    kind: str
    at: datetime
    outcome: str
    notes: str


@dataclass(frozen=True, slots=True)
class ApplicationLine:
    """An application a contact was part of."""

    id: int
    company: str
    role: str
    stage: str


@dataclass(frozen=True, slots=True)
class ContactHistory:
    """Everything a contact took part in."""

    applications: tuple[ApplicationLine, ...]
    interviews: tuple[InterviewLine, ...]
    attempts: tuple[AttemptLine, ...]


def _interview_line(iv: m.Interview) -> InterviewLine:
    app = iv.application
    return InterviewLine(
        iv.id, app.id, app.company, app.role, iv.starts_at, iv.format, app.timezone
    )


def contact_history(db: Database, contact_id: int) -> ContactHistory:
    """The applications, interviews and attempts of one contact, oldest first."""
    part = m.interview_participants
    with db.read() as session:
        interviews = list(
            session.scalars(
                select(m.Interview)
                .join(part, part.c.interview_id == m.Interview.id)
                .where(part.c.contact_id == contact_id)
                .order_by(m.Interview.starts_at)
            )
        )
        attempts = list(
            session.scalars(
                select(m.Attempt).where(m.Attempt.contact_id == contact_id).order_by(m.Attempt.at)
            )
        )
        apps = {iv.application.id: iv.application for iv in interviews}
        apps.update({a.application.id: a.application for a in attempts})
        for app in session.scalars(
            select(m.Application).where(m.Application.primary_contact_id == contact_id)
        ):
            apps[app.id] = app
        stages = {s.key: s.title for s in session.scalars(select(m.Stage))}
        return ContactHistory(
            applications=tuple(
                ApplicationLine(a.id, a.company, a.role, stages.get(a.stage_key, a.stage_key))
                for a in sorted(apps.values(), key=lambda a: a.id)
            ),
            interviews=tuple(_interview_line(iv) for iv in interviews),
            attempts=tuple(
                AttemptLine(
                    a.id, a.application.id, a.application.company, a.kind, a.at, a.outcome, a.notes
                )
                for a in attempts
            ),
        )


def interview_choices(db: Database, contact_id: int) -> list[InterviewLine]:
    """Interviews the contact could be added to (those they are not in yet), newest first."""
    part = m.interview_participants
    with db.read() as session:
        taken = select(part.c.interview_id).where(part.c.contact_id == contact_id)
        rows = session.scalars(
            select(m.Interview)
            .where(m.Interview.id.not_in(taken))
            .order_by(m.Interview.starts_at.desc())
        )
        return [_interview_line(iv) for iv in rows]


def set_interview_link(db: Database, contact_id: int, interview_id: int, linked: bool) -> Changes:
    """Add the contact to an interview's participants, or take them off.

    Returns:
        The contact and the interview's card as changed; nothing (false) when the
        link was already as asked.
    """
    part = m.interview_participants
    with db.write() as session:
        _get(session, contact_id)
        interview = session.get(m.Interview, interview_id)
        if interview is None:
            raise FollowUpError("This interview no longer exists.")
        where = (part.c.contact_id == contact_id, part.c.interview_id == interview_id)
        present = session.execute(select(part).where(*where)).first() is not None
        if present == linked:
            return NOTHING
        if linked:
            session.execute(insert(part).values(contact_id=contact_id, interview_id=interview_id))
        else:
            session.execute(delete(part).where(*where))
        return ch.contacts([contact_id]) | ch.cards([interview.application_id])


def suggested_script(db: Database, contact_id: int, application_id: int) -> ScriptKind:
    """The script that fits what is planned next for this person in this application.

    The earliest pending follow-up for the contact (else for the application)
    decides; with nothing planned it is the thank-you email if none was sent yet,
    else the call script.
    """
    with db.read() as session:
        pending = list(
            session.scalars(
                select(m.FollowUp)
                .where(m.FollowUp.application_id == application_id, m.FollowUp.status == "pending")
                .order_by(m.FollowUp.due_at)
            )
        )
        pending.sort(key=lambda f: f.contact_id != contact_id)
        for follow_up in pending:
            kinds = scripts_for(follow_up.kind)
            if kinds:
                return kinds[0]
        thanked = session.scalar(
            select(m.Attempt.id).where(
                m.Attempt.application_id == application_id,
                m.Attempt.contact_id == contact_id,
                m.Attempt.kind.in_(("thank_you_email", "thank_you_card")),
            )
        )
    return ScriptKind.CALL if thanked else ScriptKind.THANK_YOU_EMAIL


def render_contact_script(
    db: Database,
    contact_id: int,
    application_id: int,
    kind: ScriptKind | str,
    override_dir: Path | None = None,
) -> RenderedScript:
    """Render a script for one contact of one application (with the R4 spelling warning)."""
    with db.read() as session:
        app = session.get(m.Application, application_id)
        if app is None:
            raise FollowUpError("This application no longer exists.")
        _get(session, contact_id)
        facts = application_facts(app)
        if str(contact_id) not in facts.contacts:
            facts = replace(
                facts,
                contacts={
                    **facts.contacts,
                    str(contact_id): contact_facts(_get(session, contact_id)),
                },
            )
        row = session.get(m.Profile, 1)
        profile = (
            Profile(row.name, row.phone, row.email, row.signature) if row is not None else Profile()
        )
    context = ScriptContext.for_application(facts, profile, contact_id=str(contact_id))
    return render(kind, context, override_dir)
