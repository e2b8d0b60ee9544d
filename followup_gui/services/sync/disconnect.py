"""Disconnecting the sync account: FollowUp forgets the server; the server keeps its items.

By default nothing on the server is touched: the follow-ups stay on the phone's
calendar and the people in its address book, as the user may still want them.
With ``remove_items`` FollowUp first deletes what it put there itself: every
follow-up item, and every card it created (a card the phone already had and
FollowUp only linked to stays: it is the user's). Then the account's settings,
its password (keyring and this session) and FollowUp's record of the server's
items are removed, so a later connection starts afresh. Open proposals stay:
they are about what the user did on the phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from followup_gui.services.sync.account import (
    SyncError,
    forget_account,
    load_account,
    password_for,
)
from followup_gui.services.sync.dav import Server, href_key
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage.sync_models import SyncCard, SyncItem


@dataclass(frozen=True, slots=True)
class Disconnected:
    """What disconnecting did.

    Attributes:
        removed_items: follow-up items deleted from the calendar.
        removed_cards: FollowUp's own cards deleted from the address book.
    """

    removed_items: int = 0
    removed_cards: int = 0


def disconnect(db: Database, settings: Settings, *, remove_items: bool = False) -> Disconnected:
    """Forget the sync account; with ``remove_items`` delete FollowUp's items on the server first.

    Raises:
        SyncError: no account is set up; or, with ``remove_items``, the server could
            not be reached or refused a deletion (then nothing here is forgotten,
            so the user can try again).
    """
    account = load_account(settings)
    if account is None:
        raise SyncError("Sync is not set up: there is no account to disconnect.")
    collections = [c for c in (account.calendar_url, account.address_book_url) if c]
    with db.read() as session:
        items = list(session.scalars(select(SyncItem).where(SyncItem.collection.in_(collections))))
        cards = list(
            session.scalars(
                select(SyncCard).where(
                    SyncCard.collection.in_(collections), SyncCard.state != "linked"
                )
            )
        )
    result = Disconnected()
    if remove_items and (items or cards):
        server = Server(account, password_for(account))
        try:
            result = Disconnected(
                _remove(server, account.calendar_url, [i.href for i in items]),
                _remove(server, account.address_book_url, [c.href for c in cards]),
            )
        finally:
            server.close()
    with db.write() as session:
        session.execute(delete(SyncItem).where(SyncItem.collection.in_(collections)))
        session.execute(delete(SyncCard).where(SyncCard.collection.in_(collections)))
    forget_account(settings, account)
    return result


def _remove(server: Server, collection: str, hrefs: list[str]) -> int:
    """Delete ``hrefs`` from ``collection`` as they are now (a phone's edit included)."""
    if not collection or not hrefs:
        return 0
    listed = server.list(collection)
    removed = 0
    for href in hrefs:
        found = listed.get(href_key(href))
        if found is None:
            continue  # already gone
        if not server.delete(href, found.etag):
            raise SyncError(f"{href} changed on the server while disconnecting; try again.")
        removed += 1
    return removed
