"""The mail password: in the system keyring, never in a file or the database.

The keyring is the Secret Service, macOS Keychain or Windows Credential Locker,
through the ``keyring`` package.

Without a usable keyring (a bare window manager with no Secret Service), the
password is kept in this process's memory only: the window asks once per session.
The command line reads ``FOLLOWUP_MAIL_PASSWORD`` or ``--password-stdin`` instead.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from dataclasses import dataclass

from followup_gui.services.mail.account import MailAccount

SERVICE = "FollowUp mail"
log = logging.getLogger(__name__)

#: Passwords given this session when no keyring could keep them (never written anywhere).
_SESSION: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Stored:
    """Where a password was kept.

    Attributes:
        in_keyring: True in the system keyring; False only in memory until the app quits.
        why_not: why the keyring could not keep it (empty when it did).
    """

    in_keyring: bool
    why_not: str = ""


def _keyring_error(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return f"the system keyring is not available ({text})"


def store_password(account: MailAccount, password: str) -> Stored:
    """Keep ``password`` for ``account``: in the keyring if there is one, else this session."""
    import keyring
    from keyring.errors import KeyringError

    _SESSION[account.key] = password
    try:
        keyring.set_password(SERVICE, account.key, password)
    except (KeyringError, RuntimeError, OSError) as exc:
        # Not a secret in the message: only the backend's complaint.
        log.warning("mail password kept for this session only: %s", _keyring_error(exc))
        return Stored(False, _keyring_error(exc))
    return Stored(True)


def saved_password(account: MailAccount) -> str | None:
    """The password for ``account`` from the keyring or this session, or ``None``."""
    import keyring
    from keyring.errors import KeyringError

    if account.key in _SESSION:
        return _SESSION[account.key]
    try:
        found = keyring.get_password(SERVICE, account.key)
    except (KeyringError, RuntimeError, OSError):
        return None
    if found is not None:
        _SESSION[account.key] = found
    return found


def forget_password(account: MailAccount) -> None:
    """Remove the password from the keyring and this session."""
    import keyring
    from keyring.errors import KeyringError

    _SESSION.pop(account.key, None)
    with suppress(KeyringError, RuntimeError, OSError):  # not there, or no keyring
        keyring.delete_password(SERVICE, account.key)


def forget_session() -> None:
    """Forget what this process remembered (tests; a new session)."""
    _SESSION.clear()
