"""Shared steps of the sync tests: an account on a test server, a second client (the phone)."""

from __future__ import annotations

from datetime import UTC, datetime

import caldav

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.sync.account import SyncAccount, save_account, store_password
from followup_gui.services.sync.dav import Server
from followup_gui.services.sync.run import SyncReport, sync_now
from followup_gui.settings import Settings
from followup_gui.storage import Database
from tests.services.sync.conftest import PASSWORD, USER

NOW = datetime(2024, 5, 15, 14, 0, tzinfo=UTC)
PLANNER = PlannerSettings()


def set_up(url: str, *, address_book: bool = False, password: str = PASSWORD) -> SyncAccount:
    """Discover, create the FollowUp calendar (and an address book), keep the password."""
    account = SyncAccount(url=url, user=USER)
    server = Server(account, password)
    try:
        calendar = server.make_calendar()
        book = ""
        if address_book:
            book = make_address_book(server)
    finally:
        server.close()
    account = SyncAccount(url=url, user=USER, calendar_url=calendar.url, address_book_url=book)
    save_account(Settings(), account)
    store_password(account, password)
    return account


def make_address_book(server: Server) -> str:
    """An address book named Contacts in the user's home (what a phone set up)."""
    found = server.discover()
    home = found.principal_url
    url = home + "contacts/"
    body = (
        '<?xml version="1.0"?><D:mkcol xmlns:D="DAV:" '
        'xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype>'
        "<D:collection/><C:addressbook/></D:resourcetype><D:displayname>Contacts"
        "</D:displayname></D:prop></D:set></D:mkcol>"
    )
    response = server.client.request(url, "MKCOL", body)
    assert response.status in (200, 201), response.status
    return url


def sync(db: Database, now: datetime = NOW) -> SyncReport:
    settings = Settings()
    return sync_now(db, settings, now, PLANNER)


#: The phone's connections, closed after each test (``close_phones`` in conftest).
PHONES: list[caldav.DAVClient] = []


def phone(account: SyncAccount, password: str = PASSWORD) -> caldav.Calendar:
    """The calendar as a second client (the phone) sees it."""
    client = caldav.DAVClient(account.url, username=USER, password=password)
    PHONES.append(client)
    return client.calendar(url=account.calendar_url)


def phone_items(account: SyncAccount) -> dict[str, caldav.CalendarObjectResource]:
    """Every item on the calendar by UID (to-dos, completed ones included, and events)."""
    cal = phone(account)
    out = {}
    for obj in cal.search(todo=True, include_completed=True) + cal.search(event=True):
        out[str(obj.icalendar_component["uid"])] = obj
    return out
