"""The sync account: where the server is, which calendar and address book, the password.

The URL, the user and the chosen collections are settings (the INI file); the
password is kept only in the system keyring (``keyring``: Secret Service, macOS
Keychain, Windows Credential Locker), or read from ``FOLLOWUP_SYNC_PASSWORD`` for
the command line and tests. Without a usable keyring the window asks once per
session and keeps the answer in this process's memory only (never in a file).
Plain ``http://`` is refused except to this machine.
"""

from __future__ import annotations

import os
from contextlib import suppress
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
#: Every setting of the account (``disconnect`` removes them all).
ACCOUNT_OPTIONS = (SYNC_URL, SYNC_USER, SYNC_CALENDAR, SYNC_COMPONENT, SYNC_ADDRESS_BOOK)

#: Passwords given this session that no keyring could keep (never written anywhere).
_SESSION: dict[str, str] = {}


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


class LoginRefusedError(SyncError):
    """The server refused the user and password."""


class NoPasswordError(SyncError):
    """No password for the account: none in the environment, the keyring or this session."""


def store_password(account: SyncAccount, password: str) -> bool:
    """Keep the password in the system keyring; False when there is no usable keyring.

    Either way it is kept in this process's memory too, so a window without a
    keyring syncs until it quits.
    """
    import keyring
    import keyring.errors

    _SESSION[account.keyring_key] = password
    try:
        keyring.set_password(KEYRING_SERVICE, account.keyring_key, password)
    except (keyring.errors.KeyringError, RuntimeError, OSError):
        return False
    return True


def remember_for_session(account: SyncAccount, password: str) -> None:
    """Keep a password typed in the window in memory only, until FollowUp quits."""
    _SESSION[account.keyring_key] = password


def forget_for_session(account: SyncAccount) -> None:
    """Drop the password this session remembered (the server refused it)."""
    _SESSION.pop(account.keyring_key, None)


def known_password(account: SyncAccount) -> str | None:
    """The password from ``FOLLOWUP_SYNC_PASSWORD``, this session or the keyring, or ``None``."""
    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    if account.keyring_key in _SESSION:
        return _SESSION[account.keyring_key]
    import keyring
    import keyring.errors

    try:
        stored = keyring.get_password(KEYRING_SERVICE, account.keyring_key)
    except (keyring.errors.KeyringError, RuntimeError, OSError):
        stored = None
    return stored or None


def password_for(account: SyncAccount) -> str:
    """The account's password: ``FOLLOWUP_SYNC_PASSWORD``, this session, or the keyring.

    Raises:
        NoPasswordError: none of them holds one.
    """
    found = known_password(account)
    if not found:
        raise NoPasswordError(
            "No password for the sync account in the system keyring; run "
            f"`followup-gui sync setup` again or set {PASSWORD_ENV}."
        )
    return found


def forget_account(settings: Settings, account: SyncAccount) -> None:
    """Remove the account's settings and its password (keyring and this session)."""
    import keyring
    import keyring.errors

    _SESSION.pop(account.keyring_key, None)
    with suppress(keyring.errors.KeyringError, RuntimeError, OSError):  # not there, no keyring
        keyring.delete_password(KEYRING_SERVICE, account.keyring_key)
    for option in ACCOUNT_OPTIONS:
        settings.set(option, option.default)


def forget_session() -> None:
    """Forget the passwords this process remembered (tests; a new session)."""
    _SESSION.clear()
