"""Contacts services: save with optimistic locking, delete keeps history, duplicates, merge."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from followup_gui.demo.example import fill_demo
from followup_gui.services import changes as ch
from followup_gui.services.changes import NOTHING
from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts import links as contact_links
from followup_gui.services.contacts.editing import ContactData
from followup_gui.storage import Database
from followup_gui.storage import models as m

# Storage-backed: these run on SQLite and PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.backends

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def _add(db: Database, **values: object) -> ContactData:
    return contacts.save_contact(db, ContactData(**values), "US").value  # type: ignore[arg-type]


def test_save_normalises_and_reads_back(db: Database) -> None:
    saved = _add(
        db,
        full_name="  Dana Whitfield ",
        emails=("Dana@Example.COM", ""),
        phones=("212 555 0100",),
        website="acme.example.com",
    )
    assert saved.id is not None and saved.version == 1
    again = contacts.get_contact(db, saved.id)
    assert again == saved
    assert again.full_name == "Dana Whitfield"
    assert again.emails == ("Dana@example.com",)
    assert again.phones == ("+1 212-555-0100",)
    assert again.website == "https://acme.example.com"


def test_malformed_values_are_never_saved(db: Database) -> None:
    with pytest.raises(contacts.InvalidContactError) as info:
        _add(db, full_name="Dana", emails=("dana-at-acme",), phones=("12",))
    assert [p.field for p in info.value.problems] == ["emails", "phones"]
    assert "@-sign" in str(info.value)
    with pytest.raises(contacts.InvalidContactError, match="needs a name"):
        _add(db, full_name=" ")
    assert contacts.list_contacts(db) == []


def test_gaps_are_fine(db: Database) -> None:
    saved = _add(db, full_name="Priya Raman")
    assert saved.emails == () and saved.phones == ()


def test_save_over_a_stale_version_is_detected(db: Database) -> None:
    first = _add(db, full_name="Dana Whitfield")
    contacts.save_contact(db, ContactData(full_name="Dana W.", id=first.id, version=first.version))
    with pytest.raises(contacts.StaleContactError) as info:
        contacts.save_contact(db, ContactData(full_name="Dana Whitfeld", id=first.id, version=1))
    assert info.value.current.full_name == "Dana W."
    assert info.value.current.version == 2
    forced = contacts.save_contact(
        db, ContactData(full_name="Dana Whitfeld", id=first.id, version=1), force=True
    ).value
    assert forced.version == 3 and forced.full_name == "Dana Whitfeld"


def test_saving_reports_that_contact_changed_and_nothing_else(db: Database) -> None:
    saved = contacts.save_contact(db, ContactData(full_name="Dana Whitfield"))
    assert saved.value.id is not None
    assert saved.changes == ch.contacts([saved.value.id])
    assert not saved.changes.board
    edited = contacts.save_contact(db, replace(saved.value, title="CTO"))
    assert edited.changes == ch.contacts([saved.value.id])


def _applications_naming(db: Database, contact_id: int) -> set[int]:
    """Applications whose interviews, attempts, follow-ups or primary contact name someone."""
    part = m.interview_participants
    with db.read() as s:
        ids = set(
            s.scalars(
                select(m.Interview.application_id)
                .join(part, part.c.interview_id == m.Interview.id)
                .where(part.c.contact_id == contact_id)
            )
        )
        for model in (m.Attempt, m.FollowUp):
            named = model.contact_id == contact_id
            ids.update(s.scalars(select(model.application_id).where(named)))
        primary = m.Application.primary_contact_id == contact_id
        ids.update(s.scalars(select(m.Application.id).where(primary)))
    return ids


def _demo(db: Database) -> dict[str, int]:
    fill_demo(db, NOW)
    with db.read() as s:
        return {c.full_name: c.id for c in s.scalars(select(m.Contact))}


def test_delete_keeps_attempts_readable_and_undo_restores_links(db: Database) -> None:
    ids = _demo(db)
    dana = ids["Dana Whitfield"]
    before = contact_links.contact_history(db, dana)
    assert before.attempts and before.interviews
    named = _applications_naming(db, dana)
    assert named
    deleted = contacts.delete_contact(db, dana)
    # Deleting reports the contact and every application that named them.
    assert deleted.changes == ch.contacts([dana]) | ch.applications(named)
    snapshot = deleted.value
    with db.read() as s:
        attempts = list(s.scalars(select(m.Attempt).where(m.Attempt.id.in_(snapshot.attempt_ids))))
        assert all(a.contact_id is None for a in attempts)
        assert all(a.notes.startswith("Deleted contact: Dana Whitfield.") for a in attempts)
    restored = contacts.restore_contact(db, snapshot)
    assert restored.value.id == dana
    assert restored.changes == deleted.changes
    assert contact_links.contact_history(db, dana) == before


def test_duplicates_by_email_phone_and_similar_name(db: Database) -> None:
    dana = _add(db, full_name="Dana Whitfield", company="Acme", emails=("dana@acme.example",))
    _add(db, full_name="Priya Raman", company="Acme", phones=("+1 212 555 0101",))
    probe = ContactData(full_name="Someone", emails=("DANA@acme.example",))
    assert [d.id for d in contacts.find_duplicates(db, probe)] == [dana.id]
    by_phone = contacts.find_duplicates(db, ContactData(full_name="X", phones=("+1 212-555-0101",)))
    assert by_phone[0].full_name == "Priya Raman" and "same phone" in by_phone[0].reason
    typo = contacts.find_duplicates(db, ContactData(full_name="Dana Whitfeld", company="ACME"))
    assert [d.reason for d in typo] == ["similar name at Acme"]
    elsewhere = ContactData(full_name="Dana Whitfeld", company="Globex")
    assert contacts.find_duplicates(db, elsewhere) == []
    assert contacts.find_duplicates(db, dana) == []  # not a duplicate of itself


def test_merge_keeps_every_field_interview_and_attempt(db: Database) -> None:
    ids = _demo(db)
    dana, priya = ids["Dana Whitfield"], ids["Priya Raman"]
    contacts.save_contact(
        db,
        replace(
            contacts.get_contact(db, priya),
            emails=("priya@example.com", "p.raman@acme.example"),
            pronunciation="PREE-ya",
            notes="Loves Rust.",
        ),
    )
    hist_dana = contact_links.contact_history(db, dana)
    hist_priya = contact_links.contact_history(db, priya)
    before_dana = contacts.get_contact(db, dana)
    named = _applications_naming(db, priya)
    merging = contact_links.merge_contacts(db, dana, priya)
    # Both people changed, and every application whose links moved to Dana.
    assert merging.changes == ch.contacts([dana, priya]) | ch.applications(named)
    result = merging.value
    merged = contacts.get_contact(db, dana)
    with pytest.raises(contacts.ContactNotFoundError):
        contacts.get_contact(db, priya)
    assert merged.full_name == "Dana Whitfield"
    assert set(merged.emails) == set(before_dana.emails) | {
        "priya@example.com",
        "p.raman@acme.example",
    }
    assert "+1 212-555-0101" in merged.phones
    assert merged.pronunciation == "PREE-ya"  # a gap is filled
    assert "Loves Rust." in merged.notes
    assert "Name: Priya Raman" in merged.notes and "Title: Senior Backend Engineer" in merged.notes
    after = contact_links.contact_history(db, dana)
    iv_ids = {i.id for i in hist_dana.interviews} | {i.id for i in hist_priya.interviews}
    assert {i.id for i in after.interviews} == iv_ids
    at_ids = {a.id for a in hist_dana.attempts} | {a.id for a in hist_priya.attempts}
    assert {a.id for a in after.attempts} == at_ids
    assert not any(a.notes.startswith("Deleted contact") for a in after.attempts)
    # Undo: both come back exactly as they were.
    unmerged = contact_links.unmerge_contacts(db, result)
    assert unmerged.changes == merging.changes
    primary, other = unmerged.value
    assert primary == before_dana and other.id == priya
    assert contact_links.contact_history(db, dana) == hist_dana
    assert contact_links.contact_history(db, priya) == hist_priya


def test_merge_with_itself_or_stale_is_refused(db: Database) -> None:
    a = _add(db, full_name="A")
    b = _add(db, full_name="B")
    with pytest.raises(Exception, match="itself"):
        contact_links.merge_contacts(db, a.id or 0, a.id or 0)
    with pytest.raises(contacts.StaleContactError):
        contact_links.merge_contacts(db, a.id or 0, b.id or 0, versions=(a.version + 1, b.version))


def test_link_to_interview_and_script(db: Database) -> None:
    ids = _demo(db)
    hannah = ids["Hannah Berg"]
    choices = contact_links.interview_choices(db, hannah)
    target = next(c for c in choices if c.company == "Acme Robotics")
    linked = contact_links.set_interview_link(db, hannah, target.id, True)
    assert linked == ch.contacts([hannah]) | ch.cards([target.application_id])
    assert contact_links.set_interview_link(db, hannah, target.id, True) == NOTHING
    history = contact_links.contact_history(db, hannah)
    assert target.id in {i.id for i in history.interviews}
    app_id = target.application_id
    kind = contact_links.suggested_script(db, hannah, app_id)
    script = contact_links.render_contact_script(db, hannah, app_id, kind)
    assert "Hannah" in script.text
    thank_you = contact_links.render_contact_script(db, hannah, app_id, "thank_you_email")
    assert any("spelling of Hannah Berg" in w for w in thank_you.warnings)


def test_card_image_is_copied_once_into_the_data_folder(tmp_path) -> None:
    src = tmp_path / "card.JPG"
    src.write_bytes(b"\xff\xd8fake jpeg")
    first = contacts.store_card_image(src, tmp_path / "data")
    second = contacts.store_card_image(src, tmp_path / "data")
    assert first == second
    assert first.startswith(str(tmp_path / "data" / "cards"))
    assert first.endswith(".jpg")


def test_the_list_reads_every_field_and_every_email_and_phone(db: Database) -> None:
    full = _add(
        db,
        full_name="Jürgen Müller",
        title="Head of Platform",
        company="Nordlicht GmbH",
        emails=("j@example.de", "jm@example.com"),
        phones=("+49 30 901820", "212 555 0100"),
        notes='Says "hi"; likes [brackets], commas, and émoji 🙂',
        name_confirmed=True,
    )
    bare = _add(db, full_name="Ann Lee")
    with db.write() as s:  # a list stored as JSON null reads as empty
        s.execute(m.Contact.__table__.update().where(m.Contact.id == bare.id).values(phones=None))
    listed = contacts.list_contacts(db)
    assert [c.full_name for c in listed] == ["Ann Lee", "Jürgen Müller"]
    assert listed[1] == full and (listed[1].id, listed[1].version) == (full.id, full.version)
    assert listed[1].emails == ("j@example.de", "jm@example.com")
    assert listed[1].phones == ("+49 30 901820", "+1 212-555-0100")
    assert (listed[0].emails, listed[0].phones) == ((), ())
    assert listed == [contacts.get_contact(db, c.id) for c in listed if c.id is not None]
