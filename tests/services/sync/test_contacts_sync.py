"""The people met in the phone's address book (CardDAV on Radicale): links, changes, conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from followup_gui.services.sync import proposals
from followup_gui.services.sync.account import load_account
from followup_gui.services.sync.dav import Server
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage import models as m
from tests.conftest import make_demo_file
from tests.services.sync.conftest import PASSWORD, DavServer
from tests.services.sync.helpers import NOW, PLANNER, set_up, sync


@pytest.fixture
def demo(db_path: Path) -> Database:
    database = Database.open(make_demo_file(db_path))
    yield database
    database.close()


def cards(server: Server, book: str) -> dict[str, str]:
    return {r.href: server.get(r.href)[0].decode() for r in server.list(book).values()}


def contact(db: Database, name: str) -> m.Contact:
    with db.read() as s:
        return s.scalars(select(m.Contact).where(m.Contact.full_name == name)).one()


def test_contacts_go_up_once_link_by_email_and_come_back(
    radicale: DavServer, demo: Database
) -> None:
    account = set_up(radicale.url, address_book=True)
    server = Server(load_account(Settings()), PASSWORD)
    try:
        dana = contact(demo, "Dana Whitfield")
        # The phone already knows Dana (same email), with a birthday FollowUp has no field for.
        mine = (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-dana\r\nFN:Dana W.\r\n"
            f"EMAIL:{dana.emails[0]}\r\nTEL:+1 415 555 0199\r\nBDAY:1980-02-03\r\nEND:VCARD\r\n"
        )
        assert server.put(
            account.address_book_url + "phone-dana.vcf", mine.encode(), "text/vcard", None
        )
        report = sync(demo)
        with demo.read() as s:
            total = s.query(m.Contact).count()
        assert report.linked == 1
        assert report.cards_up == total  # every contact once, Dana into her own card
        on_phone = cards(server, account.address_book_url)
        assert len(on_phone) == total  # no second Dana
        dana_card = next(v for v in on_phone.values() if "phone-dana" in v)
        assert "BDAY:1980-02-03" in dana_card and "CATEGORIES:FollowUp" in dana_card
        phones = contact(demo, "Dana Whitfield").phones
        assert [p.replace("-", " ") for p in phones] == ["+1 415 555 0199", "+1 212 555 0100"]
        assert sync(demo).cards_up == 0  # nothing changed: nothing written
        # A change on the phone comes back.
        href = next(h for h, v in on_phone.items() if "phone-dana" in v)
        body, etag = server.get(href)
        changed = (
            body.decode().replace("TITLE:", "TITLE:Chief ")
            if "TITLE:" in body.decode()
            else (body.decode().replace("END:VCARD", "TITLE:Chief Robot Officer\r\nEND:VCARD"))
        )
        assert server.put(href, changed.encode(), "text/vcard", etag)
        assert sync(demo).cards_back == 1
        assert contact(demo, "Dana Whitfield").title.startswith("Chief")
    finally:
        server.close()


def test_a_conflict_asks_and_a_deletion_on_the_phone_is_a_proposal(
    radicale: DavServer, demo: Database
) -> None:
    account = set_up(radicale.url, address_book=True)
    sync(demo)
    server = Server(load_account(Settings()), PASSWORD)
    try:
        dana = contact(demo, "Dana Whitfield")
        on_phone = cards(server, account.address_book_url)
        href = next(h for h, v in on_phone.items() if "Dana Whitfield" in v)
        body, etag = server.get(href)
        server.put(href, body.decode().replace("END:VCARD", "NOTE:phone\r\nEND:VCARD").encode(),
                   "text/vcard", etag)  # fmt: skip
        with demo.write() as s:
            s.get(m.Contact, dana.id).notes = "desk"
        report = sync(demo)
        assert report.contact_proposals == 1
        (conflict,) = proposals.list_proposals(demo)
        assert conflict.detail["here"]["notes"] == "desk"
        assert conflict.detail["phone"]["notes"] == "phone"
        proposals.accept(demo, conflict.id, NOW, PLANNER, keep="phone")
        sync(demo)
        assert contact(demo, "Dana Whitfield").notes == "phone"
        # Deleted on the phone: a proposal, the contact stays until the user says so.
        other = next(
            h for h, v in cards(server, account.address_book_url).items() if "Dana" not in v
        )
        server.delete(other, "")
        assert sync(demo).contact_proposals == 1
        (deleted,) = proposals.list_proposals(demo)
        with demo.read() as s:
            assert s.get(m.Contact, deleted.contact_id) is not None
        proposals.dismiss(demo, deleted.id)
        sync(demo)
        assert len(cards(server, account.address_book_url)) == len(on_phone)  # put back
    finally:
        server.close()


def test_a_contact_imported_from_a_vcard_goes_up_with_one_uid(
    radicale: DavServer, demo: Database, tmp_path: Path
) -> None:
    """The UID of the file a contact came from stays with it; the card carries the sync's."""
    from followup_gui.services.interchange.vcard.importing import import_vcard_files
    from followup_gui.services.sync.contacts_sync import card_uid

    card = tmp_path / "lena.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Lena Vogt\r\nUID:urn:uuid:lena\r\n"
        "EMAIL:lena@vogt.example\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    import_vcard_files(demo, [card], tmp_path / "data")
    account = set_up(radicale.url, address_book=True)
    server = Server(load_account(Settings()), PASSWORD)
    try:
        sync(demo)
        lena = next(v for v in cards(server, account.address_book_url).values() if "Lena" in v)
        uids = [ln for ln in lena.splitlines() if ln.startswith("UID:")]
        assert uids == [f"UID:{card_uid(contact(demo, 'Lena Vogt').id)}"], lena
        assert "urn:uuid:lena" not in lena
        assert contact(demo, "Lena Vogt").vcard_uid == "urn:uuid:lena"
        assert sync(demo).cards_up == 0  # nothing changed: nothing sent again
    finally:
        server.close()
