"""Opening the mail connections, and one clear message for each way it can fail.

Every failure is a :class:`MailConnectionError` whose ``reason`` says which kind
it was (the settings page and the command line print its message as it is):
the host cannot be reached, its TLS certificate is not valid for the host, the
login was refused, it did not answer in time, or it is not an IMAP4rev1 server.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from followup_gui.domain.errors import FollowUpError
from followup_gui.services.mail.account import MailAccount, Security

if TYPE_CHECKING:
    from imapclient import IMAPClient

#: Seconds to wait for a server before saying it did not answer.
TIMEOUT = 20.0
APP_PASSWORD_HINT = (
    "Gmail, Outlook.com, iCloud and Fastmail need an app password here, not your usual one"
)
T = TypeVar("T")


class Failure(StrEnum):
    """Why a connection failed."""

    UNREACHABLE = "unreachable"
    CERTIFICATE = "certificate"
    LOGIN = "login"
    TIMEOUT = "timeout"
    NOT_IMAP4REV1 = "not_imap4rev1"
    TLS = "tls"
    SERVER = "server"


class MailConnectionError(FollowUpError):
    """A mail server could not be used; the message says why in plain words.

    Attributes:
        reason: which kind of failure.
    """

    def __init__(self, reason: Failure, message: str) -> None:
        super().__init__(message)
        self.reason = reason

    @classmethod
    def from_send(
        cls, account: MailAccount, timeout: float, exc: BaseException
    ) -> MailConnectionError:
        """The SMTP server failed while the message was being handed over."""
        where = f"SMTP server {account.smtp_host}:{account.smtp_port}"
        # smtplib reports a timed-out answer as a disconnection caused by the timeout.
        if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
            return cls(
                Failure.TIMEOUT,
                f"The {where} did not answer within {timeout:g} seconds; it may have "
                "taken the email (a retry checks your Sent folder first).",
            )
        if isinstance(exc, smtplib.SMTPResponseException):
            raw = exc.smtp_error
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
            return cls(Failure.SERVER, f"The {where} refused the email: {exc.smtp_code} {text}")
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            return cls(
                Failure.SERVER, f"The {where} refused the addresses {', '.join(exc.recipients)}."
            )
        return cls(Failure.UNREACHABLE, f"The connection to the {where} broke ({exc}).")


def tls_context() -> ssl.SSLContext:
    """Certificates checked against the system's trusted authorities and the host name."""
    return ssl.create_default_context()


def _translated(what: str, host: str, port: int, timeout: float, action: Callable[[], T]) -> T:
    """Run ``action``; turn every network failure into a :class:`MailConnectionError`."""
    from imapclient.exceptions import IMAPClientError, LoginError

    where = f"{what} server {host}:{port}"
    try:
        return action()
    except ssl.SSLCertVerificationError as exc:
        detail = exc.verify_message or str(exc)
        raise MailConnectionError(
            Failure.CERTIFICATE,
            f"The {where} showed a TLS certificate that is not valid for {host} ({detail}); "
            "nothing was sent to it. Check the host name.",
        ) from None
    except TimeoutError:
        raise MailConnectionError(
            Failure.TIMEOUT, f"The {where} did not answer within {timeout:g} seconds."
        ) from None
    except (LoginError, smtplib.SMTPAuthenticationError):
        raise MailConnectionError(
            Failure.LOGIN,
            f"The {where} refused the login: check the user and password ({APP_PASSWORD_HINT}).",
        ) from None
    except ssl.SSLError as exc:
        raise MailConnectionError(
            Failure.TLS,
            f"Could not start TLS with the {where} ({exc.reason or exc}); "
            "check the port and the security setting.",
        ) from None
    except socket.gaierror:
        raise MailConnectionError(
            Failure.UNREACHABLE, f"Cannot find the {where}: check the host name."
        ) from None
    except (smtplib.SMTPException, IMAPClientError) as exc:
        if "not IMAP4 compliant" in str(exc):  # imaplib's own check, before ours
            raise MailConnectionError(Failure.NOT_IMAP4REV1, _not_imap4rev1(host, port)) from None
        raise MailConnectionError(Failure.SERVER, f"The {where} said: {exc}") from None
    except OSError as exc:
        raise MailConnectionError(
            Failure.UNREACHABLE,
            f"Cannot reach the {where} ({exc.strerror or exc}): check the host, the port "
            "and your connection.",
        ) from None


def _not_imap4rev1(host: str, port: int) -> str:
    return (
        f"The IMAP server {host}:{port} does not speak IMAP4rev1; FollowUp cannot read mail "
        "from it."
    )


def open_imap(account: MailAccount, password: str, timeout: float = TIMEOUT) -> IMAPClient:
    """A logged-in IMAP connection (the caller logs out).

    Raises:
        MailConnectionError: it could not be opened; the message says why.
    """
    from imapclient import IMAPClient

    # imapclient logs the whole conversation (message text included) at DEBUG: mail
    # text is never logged, whatever level the rest of the app logs at.
    logging.getLogger("imapclient").setLevel(logging.WARNING)
    host, port = account.imap_host, account.imap_port

    def connect() -> IMAPClient:
        client = IMAPClient(
            host,
            port,
            ssl=account.security == Security.TLS,
            ssl_context=tls_context(),
            timeout=timeout,
        )
        try:
            if account.security == Security.STARTTLS:
                client.starttls(tls_context())
            if not client.has_capability("IMAP4REV1"):
                raise MailConnectionError(Failure.NOT_IMAP4REV1, _not_imap4rev1(host, port))
            client.login(account.user, password)
        except BaseException:
            _close_quietly(client)
            raise
        return client

    return _translated("IMAP", host, port, timeout, connect)


def _close_quietly(client: IMAPClient) -> None:
    with suppress(OSError):
        client.shutdown()


def open_smtp(account: MailAccount, password: str, timeout: float = TIMEOUT) -> smtplib.SMTP:
    """A logged-in SMTP connection (the caller quits).

    Raises:
        MailConnectionError: it could not be opened; the message says why.
    """
    host, port = account.smtp_host, account.smtp_port

    def connect() -> smtplib.SMTP:
        smtp: smtplib.SMTP
        if account.security == Security.TLS:
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=tls_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        try:
            if account.security == Security.STARTTLS:
                smtp.starttls(context=tls_context())
            if smtp.has_extn("auth") or account.security != Security.PLAIN:
                smtp.login(account.user, password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    return _translated("SMTP", host, port, timeout, connect)


@contextmanager
def imap_session(
    account: MailAccount, password: str, timeout: float = TIMEOUT
) -> Iterator[IMAPClient]:
    """An IMAP connection for a ``with`` block, logged out at its end."""
    client = open_imap(account, password, timeout)
    try:
        yield client
    finally:
        try:
            client.logout()
        except Exception:  # a dropped connection: nothing left to close
            _close_quietly(client)


def check_connection(account: MailAccount, password: str, timeout: float = TIMEOUT) -> str:
    """Log in to both servers and out again: the "Test connection" button.

    Returns:
        What worked, in one line.

    Raises:
        MailConnectionError: the first server that failed, and why.
    """
    with imap_session(account, password, timeout) as client:
        folders = len(client.list_folders())
    smtp = open_smtp(account, password, timeout)
    try:
        smtp.noop()
    finally:
        try:
            smtp.quit()
        except smtplib.SMTPException:
            smtp.close()
    return (
        f"Connected: IMAP {account.imap_host} ({folders} folders) and "
        f"SMTP {account.smtp_host} both accepted {account.user}."
    )
