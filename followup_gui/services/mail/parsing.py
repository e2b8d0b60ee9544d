"""Reading what a proposal needs from a message's headers and the start of its text.

Plain Python. Mail is hostile input: broken MIME, unknown or lying charsets,
8-bit headers, truncated base64 (only the first few kilobytes are fetched).
Everything here reads as far as it can and never raises for a bad message; a
message with no usable sender or date is skipped by the caller. Nothing is logged.
"""

from __future__ import annotations

import email
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.header import Header, decode_header
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

#: How much of the text a proposal keeps.
SNIPPET_CHARS = 300
_SPACES = re.compile(r"\s+")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_QUOTE_START = re.compile(
    r"^(>|On .{0,80} wrote:|Am .{0,80} schrieb|El .{0,80} escribió:|-----Original Message)",
    re.M,
)


@dataclass(frozen=True, slots=True)
class MailFacts:
    """What FollowUp reads of one message.

    Attributes:
        message_id: its Message-ID (``<...>``); empty when it has none.
        sender_name: the From display name.
        sender: the From address, lower-case.
        recipients: the To and Cc addresses, lower-case.
        date: when it was sent (UTC); None when no date could be read.
        subject: the subject, decoded.
        in_reply_to: Message-IDs of In-Reply-To and References.
        text: the start of its first text part, spaces collapsed, quotes cut.
        invitation: it carries a calendar invitation (text/calendar).
    """

    message_id: str
    sender_name: str
    sender: str
    recipients: tuple[str, ...]
    date: datetime | None
    subject: str
    in_reply_to: tuple[str, ...]
    text: str
    invitation: bool

    @property
    def snippet(self) -> str:
        """The first ~300 characters a proposal shows."""
        if len(self.text) <= SNIPPET_CHARS:
            return self.text
        return self.text[: SNIPPET_CHARS - 1].rstrip() + "…"


def _bytes_text(data: bytes, charset: str | None) -> str:
    """Bytes of a header in their charset; unknown or 8-bit: UTF-8, else Windows-1252."""
    if charset and charset.lower() not in ("unknown-8bit", "us-ascii", "ascii"):
        try:
            return data.decode(charset, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _header(message: Message, name: str) -> str:
    """A header as text, whatever its encoding (encoded words, raw 8-bit bytes, junk)."""
    try:
        raw = message.get(name)
    except Exception:  # a header the parser chokes on: read as absent
        return ""
    if raw is None:
        return ""
    if isinstance(raw, str) and any("\udc80" <= c <= "\udcff" for c in raw):
        return _bytes_text(raw.encode("ascii", "surrogateescape"), None)
    try:
        parts = decode_header(raw) if isinstance(raw, Header) else decode_header(str(raw))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        return str(raw)
    return "".join(
        _bytes_text(data, charset) if isinstance(data, bytes) else data for data, charset in parts
    )


def _date(text: str) -> datetime | None:
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", errors="replace")


def _first_text(message: Message) -> tuple[str, bool]:
    """The first text/plain part (else text/html stripped) and whether there is a calendar."""
    plain, html, invitation = "", "", False
    try:
        parts = list(message.walk())
    except Exception:  # broken MIME: read the top part only
        parts = [message]
    for part in parts:
        try:
            kind = part.get_content_type()
        except Exception:
            continue
        if kind == "text/calendar":
            invitation = True
        elif kind == "text/plain" and not plain and not part.get_filename():
            plain = _decoded(part)
        elif kind == "text/html" and not html:
            html = re.sub(r"<[^>]*>", " ", _decoded(part))
    return plain or html, invitation


def _readable(text: str) -> str:
    found = _QUOTE_START.search(text)
    if found:
        text = text[: found.start()]
    return _SPACES.sub(" ", text).strip()


def parse_message(header: bytes, text: bytes = b"") -> MailFacts:
    """Read a message from its header block and the start of its body (may be cut short)."""
    try:
        message = email.message_from_bytes(header.rstrip(b"\r\n") + b"\r\n\r\n" + text,
                                           policy=policy.compat32)  # fmt: skip
    except Exception:  # the parser gave up: nothing readable
        message = Message()
    name, address = parseaddr(_header(message, "From"))
    recipients = tuple(
        a.lower() for _n, a in getaddresses([_header(message, "To"), _header(message, "Cc")]) if a
    )
    refs = _MESSAGE_ID.findall(
        _header(message, "In-Reply-To") + " " + _header(message, "References")
    )
    body, invitation = _first_text(message)
    subject = _SPACES.sub(" ", _header(message, "Subject")).strip()
    ids = _MESSAGE_ID.findall(_header(message, "Message-ID"))
    return MailFacts(
        message_id=ids[0] if ids else "",
        sender_name=name.strip(),
        sender=address.strip().lower(),
        recipients=recipients,
        date=_date(_header(message, "Date")),
        subject=subject,
        in_reply_to=tuple(dict.fromkeys(refs)),
        text=_readable(body)[: SNIPPET_CHARS * 4],
        invitation=invitation or "text/calendar" in _header(message, "Content-Type").lower(),
    )
