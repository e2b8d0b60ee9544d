"""What each ``sync`` action does (loaded only when a ``sync`` command runs)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime

from followup_gui.cli.output import emit, table
from followup_gui.cli.sync import read_password
from followup_gui.domain import Outcome
from followup_gui.domain.errors import ImportFileError
from followup_gui.paths import default_data_dir
from followup_gui.services.sync import proposals
from followup_gui.services.sync.account import (
    PASSWORD_ENV,
    SyncAccount,
    SyncError,
    check_url,
    load_account,
)
from followup_gui.services.sync.dav import CALENDAR_NAME, Collection, Discovery
from followup_gui.services.sync.run import LAST_ERROR, LAST_SYNC, choose, connect, sync_now
from followup_gui.settings import Settings
from followup_gui.storage import Database


def _count(n: int, noun: str) -> str:
    """``"1 card"``, ``"3 cards"``: never "card(s)"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _pick(found: tuple[Collection, ...], wanted: str) -> Collection | None:
    for c in found:
        if wanted in (c.url, c.name):
            return c
    return None


def setup(_db: Database, args: argparse.Namespace, _now: datetime) -> None:
    """Connect, discover, pick (or create) the calendar and the address book, keep the password."""
    account = SyncAccount(url=check_url(args.url), user=args.user)
    password = read_password(args)
    server = connect(account, password)
    try:
        found: Discovery = server.discover()
    finally:
        server.close()
    calendar = _pick(found.calendars, args.calendar or CALENDAR_NAME)
    if calendar is None and args.calendar and "://" in args.calendar:
        raise ImportFileError("--calendar", f"no calendar at {args.calendar}")
    book: Collection | None = None
    if args.address_book != "none":
        book = _pick(found.address_books, args.address_book) if args.address_book else None
        if args.address_book and book is None:
            names = ", ".join(b.name for b in found.address_books) or "none on this server"
            raise ImportFileError("--address-book", f"no such address book ({names})")
        if book is None and found.address_books:
            book = found.address_books[0]
    account, kept = choose(Settings(), account, password, calendar, book.url if book else "")
    where = "the system keyring" if kept else f"nowhere (no keyring: set {PASSWORD_ENV})"
    text = (
        f"Calendar: {calendar.name if calendar else CALENDAR_NAME} ({account.component})\n"
        f"Address book: {book.name if book else 'none'}\nPassword kept in {where}."
    )
    emit(args.json, {"account": account, "password_in_keyring": kept}, text)


def now(db: Database, args: argparse.Namespace, clock: datetime) -> None:
    """One sync pass: what went up, what came back."""
    settings = Settings()
    report = sync_now(
        db, settings, clock, settings.planner_settings(), default_data_dir() / "scripts"
    )
    cal = report.calendar
    lines = [
        f"Up: {cal.created} new, {cal.updated} updated, {cal.removed} removed"
        + (f", {cal.deferred} changed on the phone meanwhile (next sync)" if cal.deferred else ""),
        f"Contacts: {report.cards_up} up, {report.cards_back} back, {report.linked} linked",
        *(f"Back: {line}" for line in cal.came_back),
    ]
    waiting = cal.proposals + report.contact_proposals
    if waiting:
        proposals = "1 new proposal" if waiting == 1 else f"{waiting} new proposals"
        lines.append(f"{proposals}: see `followup-gui sync proposals`.")
    data = {
        "created": cal.created,
        "updated": cal.updated,
        "removed": cal.removed,
        "deferred": cal.deferred,
        "came_back": cal.came_back,
        "proposals": waiting,
        "cards_up": report.cards_up,
        "cards_back": report.cards_back,
        "linked": report.linked,
    }
    emit(args.json, data, "\n".join(lines))


def status(db: Database, args: argparse.Namespace, _now: datetime) -> None:
    """The account, the last sync and any failure."""
    settings = Settings()
    account = load_account(settings)
    waiting = len(proposals.list_proposals(db))
    data = {
        "configured": account is not None and account.configured,
        "account": account,
        "last_sync": settings.get(LAST_SYNC) or None,
        "last_error": settings.get(LAST_ERROR) or None,
        "proposals": waiting,
    }
    if account is None:
        text = "Sync is not set up (followup-gui sync setup URL --user USER)."
    else:
        text = "\n".join(
            (
                f"Server: {account.url} as {account.user}",
                f"Calendar: {account.calendar_url} ({account.component})",
                f"Address book: {account.address_book_url or 'none'}",
                f"Last sync: {data['last_sync'] or 'never'}",
                *([f"Last failure: {data['last_error']}"] if data["last_error"] else []),
                f"Open proposals: {waiting}",
            )
        )
    emit(args.json, data, text)


def disconnect(db: Database, args: argparse.Namespace, _now: datetime) -> None:
    """Forget the account and its password; with --remove-items, FollowUp's items on the server."""
    from followup_gui.services.sync.disconnect import disconnect as forget

    done = forget(db, Settings(), remove_items=args.remove_items)
    text = "Disconnected: the account and its password are forgotten."
    if args.remove_items:
        text += (
            f"\nRemoved from the server: {_count(done.removed_items, 'follow-up')}, "
            f"{_count(done.removed_cards, 'card')}."
        )
    else:
        text += "\nThe items on the server were left as they are."
    data = {"removed_items": done.removed_items, "removed_cards": done.removed_cards}
    emit(args.json, data, text)


def list_open(db: Database, args: argparse.Namespace, _now: datetime) -> None:
    """The open proposals."""
    found = proposals.list_proposals(db)
    rows = [(str(p.id), p.title, p.about) for p in found]
    text = table(("ID", "Proposal", "About"), rows) if rows else "No proposals."
    emit(args.json, found, text)


def accept(db: Database, args: argparse.Namespace, clock: datetime) -> None:
    """Do what a proposal proposes."""
    outcome = Outcome(args.outcome) if args.outcome else None
    proposals.accept(
        db,
        args.proposal,
        clock,
        Settings().planner_settings(),
        outcome=outcome,
        keep=args.keep or "",
    )
    emit(args.json, {"accepted": args.proposal}, f"Proposal {args.proposal} accepted.")


def dismiss(db: Database, args: argparse.Namespace, _now: datetime) -> None:
    """Forget a proposal; FollowUp's version goes back to the server at the next sync."""
    proposals.dismiss(db, args.proposal)
    emit(args.json, {"dismissed": args.proposal}, f"Proposal {args.proposal} dismissed.")


ACTIONS: dict[str, Callable[[Database, argparse.Namespace, datetime], None]] = {
    "setup": setup,
    "now": now,
    "status": status,
    "disconnect": disconnect,
    "proposals": list_open,
    "accept": accept,
    "dismiss": dismiss,
}
__all__ = ["ACTIONS", "SyncError"]
