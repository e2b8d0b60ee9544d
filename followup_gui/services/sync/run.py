"""``sync now``: one pass over the calendar (and the address book), and what it did.

The window runs it off the GUI thread after each change (debounced) and every
few minutes; the command line runs it once. When the server cannot be reached
nothing changes here: the plan's changes wait and go out at the next pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.changes import Changes
from followup_gui.services.sync.account import (
    SyncAccount,
    SyncError,
    load_account,
    password_for,
    save_account,
    store_password,
)
from followup_gui.services.sync.calendar_sync import CalendarReport, sync_calendar
from followup_gui.services.sync.dav import Collection, Discovery, Server
from followup_gui.settings import Option, Settings
from followup_gui.storage import Database

LAST_SYNC = Option("sync/last_sync", "")
LAST_ERROR = Option("sync/last_error", "")


@dataclass
class SyncReport:
    """What one pass did: the calendar's part and the address book's.

    Attributes:
        cards_up: contacts written to the address book.
        cards_back: contacts changed here from the address book.
        linked: contacts linked to a card the address book already held.
    """

    calendar: CalendarReport = field(default_factory=CalendarReport)
    cards_up: int = 0
    cards_back: int = 0
    linked: int = 0
    contact_proposals: int = 0

    @property
    def changes(self) -> Changes:
        """What the pass changed here (the views reload that)."""
        return self.calendar.changes | self.contact_changes

    contact_changes: Changes = field(default_factory=Changes)


def connect(account: SyncAccount, password: str | None = None) -> Server:
    """A connection to the account's server (the password from the keyring when not given)."""
    return Server(account, password if password is not None else password_for(account))


def discover(account: SyncAccount, password: str) -> Discovery:
    """The calendars and address books the server offers (for setup)."""
    server = connect(account, password)
    try:
        return server.discover()
    finally:
        server.close()


def choose(
    settings: Settings,
    account: SyncAccount,
    password: str,
    calendar: Collection | None,
    address_book_url: str,
) -> tuple[SyncAccount, bool]:
    """Finish setting up: the calendar (``None``: create "FollowUp"), the password kept.

    The account is saved with the calendar's kind of item (to-dos where it takes
    them, else events); the password goes to the system keyring only.

    Returns:
        The saved account, and whether the keyring kept the password.

    Raises:
        SyncError: the calendar could not be created.
    """
    if calendar is None:
        server = connect(account, password)
        try:
            calendar = server.make_calendar()
        finally:
            server.close()
    account = replace(
        account,
        calendar_url=calendar.url,
        component="VTODO" if "VTODO" in calendar.components else "VEVENT",
        address_book_url=address_book_url,
    )
    kept = store_password(account, password)
    save_account(settings, account)
    return account, kept


def sync_now(
    db: Database,
    settings: Settings,
    now: datetime,
    planner: PlannerSettings,
    override_dir: Path | None = None,
) -> SyncReport:
    """One sync pass, both ways; the time and any failure are kept for ``sync status``.

    Raises:
        SyncError: not set up, no password, or the server failed (what was done is kept).
    """
    account = load_account(settings)
    if account is None or not account.configured:
        raise SyncError("Sync is not set up: run `followup-gui sync setup URL --user USER`.")
    report = SyncReport()
    try:
        server = connect(account)
        try:
            report.calendar = sync_calendar(db, server, account, now, planner, override_dir)
            if account.address_book_url:
                from followup_gui.services.sync.contacts_sync import sync_contacts

                sync_contacts(db, server, account, report)
        finally:
            server.close()
    except SyncError as exc:
        settings.set(LAST_ERROR, f"{now.isoformat()} {exc}")
        raise
    settings.set(LAST_SYNC, now.isoformat())
    settings.set(LAST_ERROR, "")
    return report
