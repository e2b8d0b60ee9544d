"""Waiting for new mail with IMAP IDLE (RFC 2177), for the window's background check.

:func:`watch_inbox` holds one connection in IDLE on INBOX and calls back as soon
as the server says a message arrived; the caller then runs the usual sync pass
(:func:`~followup_gui.services.mail.sync.sync_mail`), so a reply becomes a
proposal within seconds instead of at the next poll. The IDLE is renewed every
:data:`RENEW_SECONDS` (servers may end one after 29 minutes) and ``stop`` is
looked at every :data:`STOP_CHECK_SECONDS`, so the caller's thread ends soon
after it asks. A server without IDLE is told apart at once: the caller keeps
polling. Nothing of a message is read or logged here: only the fact that one came.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from followup_gui.services.mail.account import MailAccount
from followup_gui.services.mail.connect import (
    TIMEOUT,
    Failure,
    MailConnectionError,
    imap_session,
)

if TYPE_CHECKING:
    from imapclient import IMAPClient

#: Seconds one IDLE lasts before it is ended and started again (RFC 2177: under 29 min).
RENEW_SECONDS = 9 * 60
#: Seconds between two looks at the stop flag while idling.
STOP_CHECK_SECONDS = 1.0


def _arrived(responses: list[object]) -> bool:
    """Whether the server's untagged responses say a message came (``* n EXISTS``)."""
    return any(isinstance(r, tuple) and len(r) >= 2 and r[1] == b"EXISTS" for r in responses)


def _idle_once(
    client: IMAPClient, stop: threading.Event, renew: float, idling: threading.Event | None
) -> bool:
    """One IDLE, until mail comes, ``stop`` is set or it is time to renew; True if mail came."""
    client.idle()
    if idling is not None:
        idling.set()
    started = time.monotonic()
    came = False
    try:
        while not stop.is_set() and not came and time.monotonic() - started < renew:
            asked = time.monotonic()
            responses = client.idle_check(timeout=STOP_CHECK_SECONDS)
            came = _arrived(responses)
            if not responses and time.monotonic() - asked < STOP_CHECK_SECONDS / 2:
                # The socket was readable but held no response: the server closed the
                # connection. Ending the IDLE below raises, and the caller hears of it.
                break
    finally:
        _text, more = client.idle_done()
    return came or _arrived(list(more))


def watch_inbox(
    account: MailAccount,
    password: str,
    stop: threading.Event,
    arrived: Callable[[], None],
    *,
    idling: threading.Event | None = None,
    renew: float = RENEW_SECONDS,
    timeout: float = TIMEOUT,
) -> bool:
    """Wait in IDLE on INBOX until ``stop`` is set, calling ``arrived`` when mail comes.

    Args:
        account: the mail account.
        password: its password.
        stop: set it to end the wait (looked at every second).
        arrived: called (in this thread) each time the server says a message came;
            the IDLE is started again when it returns.
        idling: set once the first IDLE is under way (for tests and status).
        renew: seconds before an IDLE is ended and started again.
        timeout: seconds to wait for the server when connecting.

    Returns:
        False at once when the server has no IDLE (the caller polls instead);
        True when ``stop`` ended the wait.

    Raises:
        MailConnectionError: the connection could not be opened, or it dropped.
    """
    from imapclient.exceptions import IMAPClientError

    with imap_session(account, password, timeout) as client:
        if not client.has_capability("IDLE"):
            return False
        try:
            client.select_folder("INBOX", readonly=True)
            while not stop.is_set():
                came = _idle_once(client, stop, renew, idling)
                if came and not stop.is_set():
                    arrived()
        except (OSError, EOFError, IMAPClientError) as exc:
            raise MailConnectionError(
                Failure.UNREACHABLE,
                f"The IMAP server {account.imap_host} ended the wait for new mail ({exc}); "
                "mail is checked every few minutes until it answers again.",
            ) from None
    return True
