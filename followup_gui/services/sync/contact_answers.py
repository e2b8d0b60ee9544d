"""Answering a contact proposal: delete here too, or keep one side of a conflict.

The kept side goes to the server at the next sync (its entity tag is the one
the proposal saw, so a newer change on the phone is not overwritten).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from followup_gui.services import changes as ch
from followup_gui.services.changes import Changes
from followup_gui.services.contacts.editing import ContactData, apply_data, delete_contact
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.sync_models import SyncCard


def answer(
    db: Database, contact_id: int | None, detail: dict[str, Any], *, delete: bool, keep: str
) -> Changes:
    """Accept a contact proposal: delete here too, or keep one side of a conflict.

    Args:
        db: the database.
        contact_id: the contact.
        detail: the proposal's detail (both versions and the server's tag).
        delete: the card was deleted on the server and the user deletes here too.
        keep: in a conflict, ``phone`` (take the address book's) or ``here``.
    """
    if contact_id is None:
        return ch.NOTHING
    if delete:
        with db.write() as session:
            for row in session.scalars(select(SyncCard).where(SyncCard.contact_id == contact_id)):
                session.delete(row)
        return delete_contact(db, contact_id).changes
    with db.write() as session:
        contact = session.get(m.Contact, contact_id)
        if contact is None:
            return ch.NOTHING
        if keep == "phone":
            phone = detail["phone"]
            values: dict[str, Any] = {
                k: tuple(v) if isinstance(v, list) else v for k, v in phone.items()
            }
            apply_data(contact, ContactData(**values))
        for row in session.scalars(select(SyncCard).where(SyncCard.contact_id == contact_id)):
            row.etag, row.fingerprint = str(detail.get("etag", "")), ""
    return ch.contacts([contact_id])
