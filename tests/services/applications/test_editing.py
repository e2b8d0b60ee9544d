"""Applications' writes report what they changed: the application and the contacts it names."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.applications import editing as apps
from followup_gui.storage import Database
from followup_gui.storage import models as m

NOW = datetime(2024, 5, 15, 14, 0, tzinfo=UTC)
S = PlannerSettings()


def contact(db: Database, name: str) -> int:
    with db.write() as s:
        row = m.Contact(full_name=name)
        s.add(row)
        s.flush()
        return row.id


def draft(*contact_ids: int, stage: str = "interviewed") -> apps.ApplicationDraft:
    start = NOW - timedelta(days=2)
    iv = apps.InterviewDraft(start, start + timedelta(hours=1), contact_ids=contact_ids)
    return apps.ApplicationDraft(
        "Analytical Engines", "Engineer", "UTC", stage_key=stage, interviews=(iv,)
    )


def test_creating_reports_the_new_application_and_the_people_it_names(db: Database) -> None:
    ada = contact(db, "Ada Lovelace")
    with_new = replace(
        draft(ada),
        interviews=(replace(draft(ada).interviews[0], new_contacts=(apps.NewContact("Bob"),)),),
    )
    created = apps.create_application(db, with_new, NOW, S)
    with db.read() as s:
        bob = s.scalar(select(m.Contact.id).where(m.Contact.full_name == "Bob"))
    changes = created.changes
    assert changes.cards and changes.plans and changes.contacts
    assert changes.application_ids == {created.value.id}
    assert changes.contact_ids == {ada, bob}
    assert not changes.stage_moves and not changes.stages


def test_editing_reports_a_stage_move_and_only_the_people_added_or_removed(
    db: Database,
) -> None:
    ada, bob, cy = contact(db, "Ada"), contact(db, "Bob"), contact(db, "Cy")
    shot = apps.create_application(db, draft(ada, bob), NOW, S).value
    details = apps.load_details(db, shot.id)
    iv = replace(details.draft.interviews[0], contact_ids=(ada, cy))
    edited = replace(details.draft, stage_key="offer", interviews=(iv,))
    saved = apps.update_application(db, shot.id, edited, details.version, NOW, S)
    assert saved.changes == ch.applications([shot.id], stage_moves=True) | ch.contacts([bob, cy])
    before, _after = saved.value
    # Undo moves the card back and gives Bob his interview again.
    assert apps.restore_application(db, before, NOW, S) == ch.applications(
        [shot.id], stage_moves=True
    ) | ch.contacts([bob, cy])


def test_an_edit_of_notes_reports_the_application_alone(db: Database) -> None:
    ada = contact(db, "Ada")
    shot = apps.create_application(db, draft(ada), NOW, S).value
    details = apps.load_details(db, shot.id)
    edited = replace(details.draft, notes="ask about Babbage")
    saved = apps.update_application(db, shot.id, edited, details.version, NOW, S)
    assert saved.changes == ch.applications([shot.id])


@pytest.mark.parametrize("primary", [False, True])
def test_deleting_and_restoring_report_the_application_and_its_people(
    db: Database, primary: bool
) -> None:
    ada, bob = contact(db, "Ada"), contact(db, "Bob")
    made = replace(draft(ada), primary_contact_id=bob if primary else None)
    shot = apps.create_application(db, made, NOW, S).value
    people = [ada, bob] if primary else [ada]
    gone = apps.delete_application(db, shot.id)
    assert gone.changes == ch.applications([shot.id]) | ch.contacts(people)
    assert apps.restore_application(db, gone.value, NOW, S) == gone.changes
