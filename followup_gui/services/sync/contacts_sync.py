"""The people met, in the phone's address book (CardDAV), both ways, by entity tag.

Each contact is one vCard 4.0 (the export's, with a stable ``UID`` and
``CATEGORIES:FollowUp``). At the first sync a card the address book already
holds for the same person (same email) is linked, not added again: its values
are merged into the contact and the properties FollowUp has no field for
(a birthday, a second address...) are kept on the card. Afterwards a change on
one side is brought to the other; a change on both sides, or a card deleted on
the server, becomes a proposal (never a silent overwrite or delete).
"""

from __future__ import annotations

import hashlib
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from sqlalchemy import select

from followup_gui.domain.errors import FollowUpError
from followup_gui.services import changes as ch
from followup_gui.services.contacts.editing import (
    FIELD_NAMES,
    ContactData,
    apply_data,
    to_data,
)
from followup_gui.services.interchange.vcard.cards import (
    contact_to_vcard,
    parse_vcards,
    split_vcards,
)
from followup_gui.services.interchange.vcard.importing import check_storable, merged
from followup_gui.services.sync.account import SyncAccount
from followup_gui.services.sync.dav import Resource, Server, href_key
from followup_gui.services.sync.proposals import ProposalKind, open_contact_ids, propose
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.sync_models import SyncCard

if TYPE_CHECKING:
    from followup_gui.services.sync.run import SyncReport

VCARD = "text/vcard"
UID_DOMAIN = "followup.local"
#: Properties FollowUp writes; others on a linked card are the phone's and are kept.
OWN = frozenset(
    {
        "BEGIN", "END", "VERSION", "FN", "N", "NICKNAME", "TITLE", "ORG", "URL", "NOTE",
        "EMAIL", "TEL", "ADR", "PHOTO", "UID", "CATEGORIES", "PRODID", "REV",
        "X-FOLLOWUP-PRONUNCIATION", "X-FOLLOWUP-MET", "X-FOLLOWUP-NAME-CONFIRMED",
    }
)  # fmt: skip


def card_uid(contact_id: int) -> str:
    """A contact's stable vCard UID."""
    return f"followup-contact-{contact_id}@{UID_DOMAIN}"


def card_text(data: ContactData, uid: str, foreign: tuple[str, ...] = ()) -> str:
    """The contact as FollowUp writes it, with the phone's own properties kept."""
    text = contact_to_vcard(replace(data, vcard_uid=""))  # one UID: the sync's own
    head, _, tail = text.partition("VERSION:4.0\r\n")
    extra = "".join(f"{line}\r\n" for line in foreign)
    body, _, _ = tail.rpartition("END:VCARD")
    return f"{head}VERSION:4.0\r\nUID:{uid}\r\nCATEGORIES:FollowUp\r\n{body}{extra}END:VCARD\r\n"


def _print(data: ContactData) -> str:
    # The UID of the vCard the contact was imported from is never written here.
    values = [
        (name, getattr(data, name))
        for name in FIELD_NAMES
        if name not in ("card_image", "vcard_uid")
    ]
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()


def _read(content: bytes) -> tuple[ContactData, str, tuple[str, ...]] | None:
    """A server card: its values, its UID and the properties FollowUp does not write."""
    try:
        raws = split_vcards(content)
        parsed = parse_vcards(content)
        check_storable(parsed)  # the same checks as every way in (issue 24)
    except FollowUpError:
        return None
    if len(raws) != 1 or len(parsed) != 1:
        return None
    uid = next((ln.text.split(":", 1)[-1] for ln in raws[0].lines if ln.name == "UID"), "")
    foreign = tuple(ln.text for ln in raws[0].lines if ln.name not in OWN)
    return parsed[0].contact, uid.strip(), foreign


def sync_contacts(db: Database, server: Server, account: SyncAccount, report: SyncReport) -> None:
    """Sync the contacts with the account's address book (both ways)."""
    book = account.address_book_url
    remote = server.list(book)
    with db.read() as session:
        contacts = {c.id: to_data(c) for c in session.scalars(select(m.Contact))}
        cards = {
            c.contact_id: c
            for c in session.scalars(select(SyncCard).where(SyncCard.collection == book))
        }
        waiting = open_contact_ids(session)
    known = {href_key(c.href) for c in cards.values()}
    unlinked = [c for cid, c in contacts.items() if cid not in cards]
    if unlinked:
        _link_same_people(db, server, book, remote, known, unlinked, cards, report)
        with db.read() as session:
            contacts = {c.id: to_data(c) for c in session.scalars(select(m.Contact))}
    for cid, card in list(cards.items()):
        if cid in waiting or card.state == "gone":
            continue
        data = contacts.get(cid)
        listed = remote.get(href_key(card.href))
        if data is None:
            _deleted_here(db, server, card, listed)
            continue
        if listed is None:
            _deleted_on_phone(db, card, data, report)
        elif listed.etag != card.etag:
            _changed_on_phone(db, server, card, data, report)
        elif _print(data) != card.fingerprint:
            _put(db, server, card, data, card.etag, report)
    for data in unlinked:
        if data.id is not None and data.id not in cards:
            _create(db, server, book, data, report)


def _link_same_people(
    db: Database,
    server: Server,
    book: str,
    remote: dict[str, Resource],
    known: set[str],
    unlinked: list[ContactData],
    cards: dict[int, SyncCard],
    report: SyncReport,
) -> None:
    by_email = {e.casefold(): c for c in unlinked for e in c.emails}
    for key, resource in remote.items():
        if key in known or not by_email:
            continue
        href = resource.href
        got = server.get(href)
        read = _read(got[0]) if got is not None else None
        if got is None or read is None:
            continue
        theirs, uid, foreign = read
        ours = next(
            (by_email[e.casefold()] for e in theirs.emails if e.casefold() in by_email), None
        )
        if ours is None or ours.id is None:
            continue
        for e in ours.emails:
            by_email.pop(e.casefold(), None)
        together = merged(theirs, ours)  # what FollowUp knows wins; numbers and emails add up
        with db.write() as session:
            contact = session.get(m.Contact, ours.id)
            if contact is None:
                continue
            apply_data(contact, together)
            card = SyncCard(
                collection=book, uid=uid or card_uid(ours.id), href=href,
                etag=got[1] or resource.etag, contact_id=ours.id, fingerprint="", state="linked",
            )  # fmt: skip
            session.add(card)
            session.flush()
            session.expunge(card)
        cards[ours.id] = card
        report.linked += 1
        report.contact_changes |= ch.contacts([ours.id])
        _put(db, server, card, together, card.etag, report, foreign)


def _put(
    db: Database,
    server: Server,
    card: SyncCard,
    data: ContactData,
    etag: str | None,
    report: SyncReport,
    foreign: tuple[str, ...] | None = None,
) -> bool:
    if foreign is None and card.state == "linked":
        got = server.get(card.href)
        read = _read(got[0]) if got is not None else None
        foreign = read[2] if read is not None else ()
    body = card_text(data, card.uid, foreign or ()).encode("utf-8")
    written = server.put(card.href, body, VCARD, etag)
    if written is None:
        return False  # changed on the phone since: the next sync reads it
    with db.write() as session:
        row = session.get(SyncCard, card.id)
        if row is not None:
            row.etag, row.fingerprint = written, _print(data)
    report.cards_up += 1
    return True


def _create(db: Database, server: Server, book: str, data: ContactData, report: SyncReport) -> None:
    assert data.id is not None
    uid = card_uid(data.id)
    href = urlsplit(urljoin(book, quote(uid, safe="") + ".vcf")).path
    body = card_text(data, uid).encode("utf-8")
    written = server.put(href, body, VCARD, None)
    if written is None:  # another FollowUp copy put it there: adopt it
        got = server.get(href)
        written = server.put(href, body, VCARD, got[1] if got is not None else None)
        if written is None:
            return
    with db.write() as session:
        session.add(
            SyncCard(
                collection=book, uid=uid, href=href, etag=written, contact_id=data.id,
                fingerprint=_print(data), state="synced",
            )
        )  # fmt: skip
    report.cards_up += 1


def _deleted_here(db: Database, server: Server, card: SyncCard, listed: Resource | None) -> None:
    """A contact deleted in FollowUp: its own card goes; a linked (the phone's) card stays."""
    if card.state == "synced" and listed is not None and not server.delete(card.href, listed.etag):
        return
    with db.write() as session:
        row = session.get(SyncCard, card.id)
        if row is not None:
            session.delete(row)


def _deleted_on_phone(db: Database, card: SyncCard, data: ContactData, report: SyncReport) -> None:
    with db.write() as session:
        row = session.get(SyncCard, card.id)
        if row is not None:
            row.state = "gone"
        added = propose(session, ProposalKind.CONTACT_DELETED, data.full_name, contact_id=data.id)
    report.contact_proposals += int(added)


def _changed_on_phone(
    db: Database, server: Server, card: SyncCard, data: ContactData, report: SyncReport
) -> None:
    got = server.get(card.href)
    read = _read(got[0]) if got is not None else None
    if got is None or read is None:
        return
    theirs = replace(read[0], card_image=data.card_image, vcard_uid=data.vcard_uid)
    if _print(data) == card.fingerprint or not card.fingerprint:
        with db.write() as session:
            contact = session.get(m.Contact, data.id)
            row = session.get(SyncCard, card.id)
            if contact is None or row is None:
                return
            apply_data(contact, theirs)
            row.etag, row.fingerprint = got[1], _print(theirs)
        report.cards_back += 1
        report.contact_changes |= ch.contacts([data.id] if data.id else [])
        return
    detail: dict[str, Any] = {
        "here": _plain(data),
        "phone": _plain(theirs),
        "etag": got[1],
    }
    with db.write() as session:
        added = propose(
            session,
            ProposalKind.CONTACT_CONFLICT,
            data.full_name,
            contact_id=data.id,
            detail=detail,
        )
    report.contact_proposals += int(added)


def _plain(data: ContactData) -> dict[str, Any]:
    return {
        f.name: list(v) if isinstance(v := getattr(data, f.name), tuple) else v
        for f in fields(data)
        if f.name not in ("id", "version")
    }
