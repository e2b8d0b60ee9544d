"""The optional mail account: where to read (IMAP) and send (SMTP) from, and who the user is.

It lives in the settings file (hosts, ports, security, user, address); its
password never does: it is kept in the system keyring (:mod:`.passwords`). Plain
(unencrypted) connections are refused unless the server is this machine (tests,
a local bridge such as ProtonMail Bridge or DavMail).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from followup_gui.domain.errors import ImportFileError
from followup_gui.domain.validation import check_email
from followup_gui.settings import Option, Settings

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

IMAP_HOST = Option("mail/imap_host", "")
IMAP_PORT = Option("mail/imap_port", 993)
SMTP_HOST = Option("mail/smtp_host", "")
SMTP_PORT = Option("mail/smtp_port", 465)
SECURITY = Option("mail/security", "tls")
USER = Option("mail/user", "")
ADDRESS = Option("mail/address", "")


class MailSetupError(ImportFileError):
    """A mail setting is not usable; the message names the field."""


class Security(StrEnum):
    """How the connections are protected."""

    TLS = "tls"  # TLS from the first byte (IMAPS 993, SMTPS 465)
    STARTTLS = "starttls"  # plain first, then STARTTLS (IMAP 143, SMTP submission 587)
    PLAIN = "plain"  # no encryption: only to this machine


@dataclass(frozen=True, slots=True)
class MailAccount:
    """One IMAP + SMTP account.

    Attributes:
        imap_host: the IMAP server's name.
        imap_port: its port.
        smtp_host: the SMTP (submission) server's name.
        smtp_port: its port.
        security: TLS, STARTTLS or plain (plain only to this machine).
        user: the login name (often the address).
        address: the address emails are sent from.
    """

    imap_host: str
    imap_port: int
    smtp_host: str
    smtp_port: int
    security: Security
    user: str
    address: str

    @property
    def key(self) -> str:
        """The name its password has in the keyring."""
        return f"{self.user}@{self.imap_host}:{self.imap_port}"


def parse_server(text: str, where: str) -> tuple[str, int]:
    """``HOST:PORT`` as a host and a port.

    Raises:
        MailSetupError: naming ``where``.
    """
    host, sep, port = text.strip().rpartition(":")
    if not sep or not host:
        raise MailSetupError(where, f"'{text}' is not HOST:PORT, e.g. imap.example.com:993")
    return host.strip("[]"), _port(port, where)


def _port(text: str, where: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise MailSetupError(where, f"'{text}' is not a port number") from None
    if not 1 <= value <= 65535:
        raise MailSetupError(where, f"{value} is not a port between 1 and 65535")
    return value


def make_account(
    imap: tuple[str, int],
    smtp: tuple[str, int],
    security: str,
    user: str,
    address: str,
) -> MailAccount:
    """A checked account.

    Raises:
        MailSetupError: a field is empty or wrong, or a plain connection would
            leave this machine.
    """
    for where, (host, port) in (("IMAP server", imap), ("SMTP server", smtp)):
        if not host.strip():
            raise MailSetupError(where, "is empty; give the server's name")
        _port(str(port), where)
    try:
        kind = Security(security)
    except ValueError:
        raise MailSetupError(
            "security", f"'{security}' is not one of tls, starttls, plain"
        ) from None
    if kind == Security.PLAIN:
        for where, (host, _port_number) in (("IMAP server", imap), ("SMTP server", smtp)):
            if host.strip().lower() not in LOCAL_HOSTS:
                raise MailSetupError(
                    where,
                    f"a plain (unencrypted) connection to {host} would send your password "
                    "in the clear; use tls or starttls (plain is only for this machine)",
                )
    if not user.strip():
        raise MailSetupError("user", "is empty; give the login name (often your address)")
    if not address.strip() or not check_email(address.strip()).ok:
        raise MailSetupError("address", f"'{address}' is not an email address")
    return MailAccount(
        imap[0].strip(), imap[1], smtp[0].strip(), smtp[1], kind, user.strip(), address.strip()
    )


def load_account(settings: Settings) -> MailAccount | None:
    """The account set up, or ``None`` (no mail account: "Open in mail program" only)."""
    if not settings.get(IMAP_HOST) or not settings.get(USER):
        return None
    try:
        return make_account(
            (settings.get(IMAP_HOST), settings.get(IMAP_PORT)),
            (settings.get(SMTP_HOST), settings.get(SMTP_PORT)),
            settings.get(SECURITY),
            settings.get(USER),
            settings.get(ADDRESS),
        )
    except MailSetupError:
        return None  # an edited file: the settings page shows the fields to fix


def save_account(settings: Settings, account: MailAccount) -> None:
    """Store the account (never its password) in the settings file."""
    for option, value in (
        (IMAP_HOST, account.imap_host),
        (SMTP_HOST, account.smtp_host),
        (SECURITY, account.security.value),
        (USER, account.user),
        (ADDRESS, account.address),
    ):
        settings.set(option, value)
    settings.set(IMAP_PORT, account.imap_port)
    settings.set(SMTP_PORT, account.smtp_port)


def remove_account(settings: Settings) -> None:
    """Forget the account (the settings page's "Remove")."""
    for option in (IMAP_HOST, SMTP_HOST, USER, ADDRESS):
        settings.set(option, "")
