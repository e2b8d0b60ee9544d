"""The sync account: where the server is, which calendar and address book, the password.

The URL, the user and the chosen collections are settings (the INI file); the
password is kept only in the system keyring (``keyring``: Secret Service, macOS
Keychain, Windows Credential Locker), or read from ``FOLLOWUP_SYNC_PASSWORD`` for
the command line and tests. Plain ``http://`` is refused except to this machine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from followup_gui.domain.errors import FollowUpError
from followup_gui.settings import Option, Settings

SYNC_URL = Option("sync/url", "")
SYNC_USER = Option("sync/user", "")
SYNC_CALENDAR = Option("sync/calendar_url", "")
#: "VTODO", or "VEVENT" where the calendar takes no to-dos (Google's).
SYNC_COMPONENT = Option("sync/component", "VTODO")
SYNC_ADDRESS_BOOK = Option("sync/address_book_url", "")
#: Minutes between two background syncs of the window.
SYNC_EVERY = Option("sync/every_minutes", 5)

KEYRING_SERVICE = "FollowUp calendar and contacts"
PASSWORD_ENV = "FOLLOWUP_SYNC_PASSWORD"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class SyncError(FollowUpError):
    """Sync cannot go on: the server is unreachable, refused the login, or answered badly."""


@dataclass(frozen=True, slots=True)
class SyncAccount:
    """Where FollowUp syncs to.

    Attributes:
        url: the server as the user typed it (discovery starts there).
        user: the login name.
        calendar_url: the chosen calendar ("" until discovery picked one).
        component: ``VTODO``, or ``VEVENT`` where the calendar takes no to-dos.
        address_book_url: the chosen address book ("": contacts are not synced).
    """

    url: str
    user: str
    calendar_url: str = ""
    component: str = "VTODO"
    address_book_url: str = ""

    @property
    def configured(self) -> bool:
        """Whether a server and a calendar were chosen."""
        return bool(self.url and self.user and self.calendar_url)

    @property
    def keyring_key(self) -> str:
        """The keyring's user name for this account (one password per user and server)."""
        return f"{self.user}@{self.url}"


def check_url(url: str) -> str:
    """The server URL, checked: https, or http only to this machine (tests, a local Radicale).

    Raises:
        SyncError: not a web address, or plain http to another machine.
    """
    text = url.strip()
    parts = urlsplit(text if "://" in text else f"https://{text}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(f"URL: '{url}' is not a server address like https://dav.example.com")
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise SyncError(
            f"URL: '{url}' is not encrypted; use https:// (plain http only to 127.0.0.1)"
        )
    return parts.geturl()


def load_account(settings: Settings) -> SyncAccount | None:
    """The account the settings name, or ``None`` when sync is not set up."""
    url, user = settings.get(SYNC_URL), settings.get(SYNC_USER)
    if not url or not user:
        return None
    return SyncAccount(
        url=url,
        user=user,
        calendar_url=settings.get(SYNC_CALENDAR),
        component="VEVENT" if settings.get(SYNC_COMPONENT) == "VEVENT" else "VTODO",
        address_book_url=settings.get(SYNC_ADDRESS_BOOK),
    )


def save_account(settings: Settings, account: SyncAccount) -> None:
    """Store the account's settings (never its password)."""
    settings.set(SYNC_URL, account.url)
    settings.set(SYNC_USER, account.user)
    settings.set(SYNC_CALENDAR, account.calendar_url)
    settings.set(SYNC_COMPONENT, account.component)
    settings.set(SYNC_ADDRESS_BOOK, account.address_book_url)


def store_password(account: SyncAccount, password: str) -> bool:
    """Keep the password in the system keyring; False when there is no usable keyring."""
    import keyring
    import keyring.errors

    try:
        keyring.set_password(KEYRING_SERVICE, account.keyring_key, password)
    except keyring.errors.KeyringError:
        return False
    return True


def password_for(account: SyncAccount) -> str:
    """The account's password: ``FOLLOWUP_SYNC_PASSWORD``, else the system keyring.

    Raises:
        SyncError: neither holds one.
    """
    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    import keyring
    import keyring.errors

    try:
        stored = keyring.get_password(KEYRING_SERVICE, account.keyring_key)
    except keyring.errors.KeyringError:
        stored = None
    if not stored:
        raise SyncError(
            "No password for the sync account in the system keyring; run "
            f"`followup-gui sync setup` again or set {PASSWORD_ENV}."
        )
    return stored
