"""``mailto:`` links (RFC 6068): the email opens, filled in, in the user's own mail program.

Plain Python: no Qt, no database. Every header value is UTF-8 and percent-encoded;
line breaks in the body become ``%0D%0A`` as the RFC asks. The body is never cut:
a long thank-you arrives whole (a mail program that cannot take a long link says so
itself, and the user still has "Copy script").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

# RFC 6068 ``qchar`` and ``some-delims`` minus "+" (some programs read "+" as a space)
# and minus "&", "=", "?", "#" and "%", which separate or escape.
_HFVALUE_SAFE = "!$'()*,;:@-._~"
# An address in the "to" part keeps its "@"; everything else not unreserved is escaped.
_ADDRESS_SAFE = "!$'*@-._~"


@dataclass(frozen=True, slots=True)
class Draft:
    """An email ready to send or to open in a mail program.

    Attributes:
        to: the addresses it goes to.
        cc: the addresses copied.
        subject: the subject line.
        body: the text, one line a line (plain newlines).
    """

    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    body: str


def split_script(text: str) -> tuple[str, str]:
    """A script as the panel shows it (``Subject: ...``, blank line, body) as subject and body.

    A text without a ``Subject:`` first line is all body.
    """
    first, sep, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return first[len("subject:") :].strip(), rest.lstrip("\n") if sep else ""
    return "", text


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def mailto_url(draft: Draft) -> str:
    """The ``mailto:`` link for ``draft`` (RFC 6068: UTF-8, percent-encoded, CRLF lines)."""
    to = ",".join(quote(a.strip(), safe=_ADDRESS_SAFE) for a in draft.to if a.strip())
    fields: list[tuple[str, str]] = []
    cc = [a.strip() for a in draft.cc if a.strip()]
    if cc:
        fields.append(("cc", ",".join(cc)))
    if draft.subject:
        fields.append(("subject", draft.subject))
    if draft.body:
        fields.append(("body", _crlf(draft.body)))
    query = "&".join(f"{name}={quote(value, safe=_HFVALUE_SAFE)}" for name, value in fields)
    return f"mailto:{to}" + (f"?{query}" if query else "")


def addresses(values: Sequence[str]) -> tuple[str, ...]:
    """Addresses without blanks and repeats (case-insensitive), in order."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        v = value.strip()
        if v and v.lower() not in seen:
            seen.add(v.lower())
            out.append(v)
    return tuple(out)
