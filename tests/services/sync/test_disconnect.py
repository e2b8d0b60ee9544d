"""``sync disconnect [--remove-items]`` against a real Radicale: what stays and what goes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_gui.app import main
from followup_gui.services.sync.account import SyncAccount, load_account
from followup_gui.services.sync.dav import Server
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.sync_models import SyncCard, SyncItem
from tests.conftest import make_demo_file
from tests.services.sync.conftest import PASSWORD, DavServer, MemoryKeyring
from tests.services.sync.helpers import phone_items, set_up

NOW = "2024-05-15T14:00:00+00:00"


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), "--now", NOW, *args])


def _server_cards(account: SyncAccount) -> dict[str, str]:
    book = account.address_book_url
    server = Server(account, PASSWORD)
    try:
        return {r.href: server.get(r.href)[0].decode() for r in server.list(book).values()}
    finally:
        server.close()


def _rows(db_path: Path) -> int:
    db = Database.open(db_path)
    try:
        with db.read() as s:
            return s.query(SyncItem).count() + s.query(SyncCard).count()
    finally:
        db.close()


def test_disconnect_forgets_the_account_and_password_and_leaves_the_server_alone(
    radicale: DavServer,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
) -> None:
    make_demo_file(db_path)
    account = set_up(radicale.url, address_book=True)
    assert run(db_path, "sync", "now") == 0
    on_phone = len(phone_items(account))
    cards = _server_cards(account)
    assert on_phone > 0 and cards
    capsys.readouterr()
    assert run(db_path, "sync", "disconnect") == 0
    assert "left as they are" in capsys.readouterr().out
    assert load_account(Settings()) is None
    assert memory_keyring.secrets == {}  # the password is gone from the keyring
    assert _rows(db_path) == 0  # a later connection starts afresh
    assert len(phone_items(account)) == on_phone
    assert _server_cards(account) == cards
    assert run(db_path, "sync", "status", "--json") == 0
    capsys.readouterr()


def test_disconnect_remove_items_deletes_only_followups_own_items(
    radicale: DavServer,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
) -> None:
    make_demo_file(db_path)
    account = set_up(radicale.url, address_book=True)
    server = Server(account, PASSWORD)
    db = Database.open(db_path)
    try:
        with db.read() as s:
            dana = s.query(m.Contact).filter(m.Contact.full_name == "Dana Whitfield").one()
            email = dana.emails[0]
        # The phone's own Dana (linked by email, so the user's card) and an unrelated event.
        mine = (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-dana\r\nFN:Dana W.\r\n"
            f"EMAIL:{email}\r\nEND:VCARD\r\n"
        )
        assert server.put(
            account.address_book_url + "phone-dana.vcf", mine.encode(), "text/vcard", None
        )
        dentist = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\n"
            "UID:dentist\r\nDTSTAMP:20240501T000000Z\r\nDTSTART:20240520T090000Z\r\n"
            "SUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        assert server.put(
            account.calendar_url + "dentist.ics", dentist.encode(), "text/calendar", None
        )
    finally:
        db.close()
        server.close()
    assert run(db_path, "sync", "now") == 0
    followups = len(phone_items(account)) - 1
    assert followups > 0
    capsys.readouterr()
    assert run(db_path, "sync", "disconnect", "--remove-items", "--json") == 0
    done = json.loads(capsys.readouterr().out)
    assert done["removed_items"] == followups
    assert load_account(Settings()) is None and memory_keyring.secrets == {}
    assert list(phone_items(account)) == ["dentist"]  # nothing else on the calendar touched
    left = _server_cards(account)
    assert done["removed_cards"] > 0
    assert [text for text in left.values() if "phone-dana" in text] and len(left) == 1


def test_disconnect_without_an_account_is_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_demo_file(db_path)
    assert run(db_path, "sync", "disconnect") == 2
    err = capsys.readouterr().err
    assert "no account to disconnect" in err and "Traceback" not in err
