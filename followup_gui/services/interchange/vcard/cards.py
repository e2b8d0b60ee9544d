"""vCard in and out: versions 2.1, 3.0 and 4.0 are read (vobject); 4.0 is written.

Reading is all or nothing. The file is first checked line by line (UTF-8, each
card opened and closed, each content line readable, every email, phone, web
address and photo well formed); the first problem is reported with the card's
number, its name when known, and the line, and nothing is imported.

Mapping: FN (else N) -> name, NICKNAME -> preferred name, TITLE, ORG, every EMAIL
and TEL, ADR (else LABEL) -> postal address, URL on linkedin.com -> LinkedIn, other
URL -> website, NOTE -> notes, PHOTO -> the card photo (stored in the data
folder's ``cards``), ``X-FOLLOWUP-PRONUNCIATION`` (else Apple's
``X-PHONETIC-FIRST/LAST-NAME``), ``X-FOLLOWUP-MET`` and
``X-FOLLOWUP-NAME-CONFIRMED`` for what vCard has no property for. UID is kept
with the contact (importing the card again updates it) and written back.

Importing files (each all or nothing, in one transaction that a
cancel rolls back) is :mod:`followup_gui.services.interchange.vcard.importing`;
writing them is :mod:`followup_gui.services.interchange.vcard.writing` (its
``contact_to_vcard`` and ``export_vcards`` are re-exported here).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup_gui.domain.checks import quoted, shorten
from followup_gui.domain.errors import ImportFileError
from followup_gui.domain.validation import check_email, check_phone, check_url
from followup_gui.services.contacts.editing import ContactData
from followup_gui.services.interchange.vcard.photos import fit_photo

VERSIONS = ("2.1", "3.0", "4.0")
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The longest content line (unfolded): a photo as big as the file (a bigger photo
#: than :data:`MAX_PHOTO_BYTES` is scaled down by :func:`fit_photo`, not refused).
MAX_LINE_CHARS = MAX_FILE_BYTES
#: Continuations of one line joined into one string every so many (bounds their overhead).
_COMPACT_EVERY = 4096
#: Lines are split from a block of about this many characters at a time.
_BLOCK_CHARS = 1024 * 1024
#: More cards than this in one file is not an address book (counted while splitting).
MAX_CARDS = 50_000
_IMAGE_TYPES = {"jpeg": ".jpg", "jpg": ".jpg", "png": ".png", "gif": ".gif", "webp": ".webp"}


@dataclass
class _Line:
    """One logical (unfolded) content line and the physical line it starts on."""

    number: int
    text: str
    #: Continuations not yet joined (joined once: adding to a long text each time is quadratic).
    more: list[str] = field(default_factory=list)
    #: Continuations already joined, :data:`_COMPACT_EVERY` at a time.
    blocks: list[str] = field(default_factory=list)
    size: int = 0

    def extend(self, part: str) -> None:
        """Add a continuation; refuse a line longer than any card needs."""
        self.more.append(part)
        self.size += len(part)
        if len(self.more) >= _COMPACT_EVERY:  # a 60 MB photo is 800,000 small strings else
            self.blocks.append("".join(self.more))
            self.more.clear()
        if self.size > MAX_LINE_CHARS:
            raise ImportFileError(
                f"line {self.number}",
                f"is longer than {MAX_LINE_CHARS:,} characters",
            )

    def close(self) -> None:
        """Join the continuations (after the last one)."""
        if self.more or self.blocks:
            self.text = "".join([self.text, *self.blocks, *self.more])  # one copy, not two
            self.blocks.clear()
            self.more.clear()

    @property
    def name(self) -> str:
        head = re.split(r"[;:]", self.text, maxsplit=1)[0]
        return head.rsplit(".", 1)[-1].strip().upper()


@dataclass
class RawCard:
    """One card of a file, split but not yet parsed: its number, first line and content."""

    index: int
    begin: int
    lines: list[_Line] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How errors name the card: its number, and its name when it has one."""
        name = next((ln.text.split(":", 1)[-1] for ln in self.lines if ln.name == "FN"), "")
        name = name.replace("\\,", ",").replace("\\;", ";").strip()
        return f"card {self.index} ({shorten(name, 40)})" if name else f"card {self.index}"


@dataclass(frozen=True, slots=True)
class ParsedCard:
    """One card read from a file: the contact's values and its photo, if any."""

    contact: ContactData
    photo: bytes | None = None
    photo_suffix: str = ""


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"line {line}", "is not UTF-8 text; save the file as UTF-8 and try again"
        ) from None


def _logical_lines(text: str) -> list[_Line]:
    """Unfold continuation lines (RFC 6350 folding and 2.1 quoted-printable soft breaks)."""
    out: list[_Line] = []
    for number, raw in enumerate(_lines(text), start=1):
        if raw[:1] in (" ", "\t") and out:
            out[-1].extend(raw[1:])
        elif out and _soft_break(out[-1]):
            out[-1].close()
            out[-1].text = out[-1].text[:-1]
            out[-1].extend(raw)
        elif raw.strip():
            if out:
                out[-1].close()
            if len(raw) > MAX_LINE_CHARS:
                raise ImportFileError(
                    f"line {number}", f"is longer than {MAX_LINE_CHARS:,} characters"
                )
            out.append(_Line(number, raw.rstrip("\r")))
    if out:
        out[-1].close()
    return out


def _lines(text: str) -> Iterator[str]:
    r"""``text.splitlines()``, a block at a time (a big photo's 800,000 lines cost 100 MB).

    A block ends just after a ``\n``, which ends a line for ``splitlines`` too, so
    the lines are the same.
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start + _BLOCK_CHARS)
        end = len(text) if end < 0 else end + 1
        yield from text[start:end].splitlines()
        start = end


def _soft_break(line: _Line) -> bool:
    """Whether ``line`` ends in a quoted-printable soft line break (vCard 2.1)."""
    last = line.more[-1] if line.more else line.blocks[-1] if line.blocks else line.text
    return last.endswith("=") and "QUOTED-PRINTABLE" in line.text.upper()


def _split_cards(lines: list[_Line]) -> list[RawCard]:
    cards: list[RawCard] = []
    current: RawCard | None = None
    for line in lines:
        upper = line.text.strip().upper()
        if upper == "BEGIN:VCARD":
            if current is not None:
                raise ImportFileError(
                    f"{current.label}, line {line.number}",
                    "a new card begins before this one ends with END:VCARD",
                )
            if len(cards) >= MAX_CARDS:
                raise ImportFileError(
                    f"line {line.number}", f"the file holds more than {MAX_CARDS:,} cards"
                )
            current = RawCard(len(cards) + 1, line.number)
        elif upper == "END:VCARD":
            if current is None:
                raise ImportFileError(f"line {line.number}", "END:VCARD without BEGIN:VCARD")
            cards.append(current)
            current = None
        elif current is None:
            raise ImportFileError(
                f"line {line.number}", "is outside any card (BEGIN:VCARD … END:VCARD)"
            )
        else:
            current.lines.append(line)
    if current is not None:
        raise ImportFileError(
            f"{current.label}, line {current.begin}", "BEGIN:VCARD has no END:VCARD"
        )
    return cards


def split_vcards(content: bytes) -> list[RawCard]:
    """Split a vCard file into its cards (fast: the cards are parsed one by one later).

    Raises:
        ImportFileError: the file is empty, not UTF-8, or a card is not closed.
    """
    text = _decode(content)
    if not text.strip():
        raise ImportFileError("", "the file is empty: it holds no vCard")
    cards = _split_cards(_logical_lines(text))
    if not cards:
        raise ImportFileError("", "the file holds no vCard (no BEGIN:VCARD line)")
    return cards


def read_vcard_file(path: Path) -> list[RawCard]:
    """Read and split a vCard file.

    Raises:
        ImportFileError: the file is too big, empty, not UTF-8, or a card is not closed.
        OSError: the file cannot be read.
    """
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError("", f"{path} is too big for a vCard file (over 64 MB)")
    return split_vcards(path.read_bytes())


def parse_vcards(content: bytes, region: str | None = None) -> list[ParsedCard]:
    """Read every card of a vCard file.

    Args:
        content: the file's bytes (UTF-8).
        region: default country for phone numbers written without ``+``.

    Raises:
        ImportFileError: the file is empty, not UTF-8, or a card is malformed;
            ``where`` names the card (number and name) and the line.
    """
    return [parse_card(card, region) for card in split_vcards(content)]


def parse_card(card: RawCard, region: str | None) -> ParsedCard:
    """Read one card's values and photo.

    Raises:
        ImportFileError: the card is malformed (``where`` names it and the line).
    """
    import vobject
    from vobject.base import ParseError, parseLine

    raw: dict[str, list[tuple[_Line, list[Any], str]]] = {}
    for line in card.lines:
        try:
            if line.name == "PHOTO":  # megabytes: vobject's patterns are slow on them
                head, _, value = line.text.partition(":")
                _name, params, _value, _group = parseLine(f"{head}:", line.number)
            else:
                _name, params, value, _group = parseLine(line.text, line.number)
        except ParseError:
            snippet = line.text if len(line.text) <= 40 else line.text[:40] + "…"
            raise ImportFileError(
                f"{card.label}, line {line.number}", f"cannot be read: {snippet!r}"
            ) from None
        raw.setdefault(line.name, []).append((line, params, value))
    for line, _params, value in raw.get("VERSION", [])[:1]:
        if value.strip() not in VERSIONS:
            raise ImportFileError(
                f"{card.label}, line {line.number}",
                f"vCard version {quoted(value)} is not 2.1, 3.0 or 4.0",
            )
    # The photo is read from ``raw`` (``_photo``), not by vobject: kept out of its body.
    texts = (ln.text for ln in card.lines if ln.name != "PHOTO")
    body = "\r\n".join(["BEGIN:VCARD", *texts, "END:VCARD"])
    try:
        vcard = vobject.readOne(body)
    except (ParseError, ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        raise ImportFileError(
            f"{card.label}, line {card.begin}", f"cannot be read: {shorten(str(exc), 200)}"
        ) from None
    return _to_contact(card, vcard.contents, raw, region)


def _flat(value: Any, separator: str = ", ") -> str:
    """A property's value as one text: lists joined, ``;`` parts by ``, ``, ``,`` lists by ``,``.

    ``ORG:Acme, Inc.`` (an unescaped comma, as many address books write it) is
    ``[["Acme", " Inc."]]`` to vobject: it becomes ``Acme, Inc.`` again.
    """
    if isinstance(value, list | tuple):
        return separator.join(t for t in (_flat(v, ",") for v in value) if t)
    return "" if value is None else str(value)


def _texts(contents: dict[str, Any], key: str) -> list[str]:
    out = []
    for line in contents.get(key, []):
        text = _flat(line.value)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.strip():
            out.append(text.strip())
    return out


def _address(adr: Any) -> str:
    parts = [adr.box, adr.extended, adr.street]
    flat = [p if isinstance(p, str) else "\n".join(_flat(x) for x in p) for p in parts]
    city = " ".join(x for x in (_flat(adr.region), _flat(adr.code)) if x)
    locality = ", ".join(x for x in (_flat(adr.city), city) if x)
    country = _flat(adr.country)
    return "\n".join(x for x in (*flat, locality, country) if x.strip())


def _to_contact(
    card: RawCard,
    contents: dict[str, Any],
    raw: dict[str, list[tuple[_Line, list[Any], str]]],
    region: str | None,
) -> ParsedCard:
    def where(key: str, i: int) -> str:
        lines = raw.get(key.upper(), [])
        return f"{card.label}, line {lines[i][0].number if i < len(lines) else card.begin}"

    names = _texts(contents, "fn")
    if not names and "n" in contents:
        n = contents["n"][0].value
        parts = (n.prefix, n.given, n.additional, n.family)
        names = [" ".join(_flat(x).replace(",", "") for x in parts if _flat(x)).strip()]
    if not names or not names[0]:
        raise ImportFileError(f"{card.label}, line {card.begin}", "the card has no name (FN or N)")
    emails, phones = [], []
    for i, value in enumerate(_texts(contents, "email")):
        check = check_email(value)
        if check.error:
            raise ImportFileError(where("email", i), f"email {quoted(value)} {check.error}")
        emails.append(check.value)
    for i, value in enumerate(_texts(contents, "tel")):
        check = check_phone(value, region)
        if check.error:
            raise ImportFileError(where("tel", i), f"phone {quoted(value)} {check.error}")
        phones.append(check.value)
    website, linkedin, other_urls = "", "", []
    for i, value in enumerate(_texts(contents, "url")):
        is_linkedin = "linkedin.com" in value.lower()
        check = check_url(value, linkedin=is_linkedin)
        if check.error:
            raise ImportFileError(where("url", i), f"web address {quoted(value)} {check.error}")
        if is_linkedin and not linkedin:
            linkedin = check.value
        elif not is_linkedin and not website:
            website = check.value
        else:
            other_urls.append(check.value)
    for value in _texts(contents, "x-socialprofile"):
        if "linkedin.com" in value.lower() and not linkedin:
            linkedin = check_url(value, linkedin=True).value
    addresses = [_address(a.value) for a in contents.get("adr", [])] or _texts(contents, "label")
    notes = _texts(contents, "note") + [f"Web: {u}" for u in other_urls]
    phonetic = " ".join(
        _texts(contents, "x-phonetic-first-name") + _texts(contents, "x-phonetic-last-name")
    )
    confirmed = _texts(contents, "x-followup-name-confirmed")
    data = ContactData(
        full_name=names[0],
        preferred_name=(_texts(contents, "nickname") or [""])[0],
        pronunciation=(_texts(contents, "x-followup-pronunciation") or [phonetic])[0],
        title="; ".join(_texts(contents, "title")),
        company=(_texts(contents, "org") or [""])[0],
        emails=tuple(emails),
        phones=tuple(phones),
        postal_address="\n\n".join(a for a in addresses if a),
        linkedin=linkedin,
        website=website,
        met_how="\n".join(_texts(contents, "x-followup-met")),
        notes="\n\n".join(notes),
        name_confirmed=bool(confirmed) and confirmed[0].upper() in ("TRUE", "1", "YES"),
        vcard_uid=(_texts(contents, "uid") or [""])[0][:255],
    )
    photo, suffix = _photo(card, raw.get("PHOTO", []))
    return ParsedCard(data, photo, suffix)


def _photo(card: RawCard, lines: list[tuple[_Line, list[Any], str]]) -> tuple[bytes | None, str]:
    """Decode the first embedded PHOTO, scaled down when over the cap (a web link: not fetched)."""
    for line, params, value in lines:
        flat = {str(p[0]).upper(): [str(x).lower() for x in p[1:]] for p in params}
        types = flat.get("TYPE", []) + [str(p[0]).lower() for p in params if len(p) == 1]
        suffix = next((_IMAGE_TYPES[t] for t in types if t in _IMAGE_TYPES), ".jpg")
        payload: str | None = None
        if value.lower().startswith("data:"):
            head, _, payload = value.partition(",")
            if ";base64" not in head.lower():
                payload = None
            mime = head[5:].split(";")[0].lower()
            suffix = _IMAGE_TYPES.get(mime.rpartition("/")[2], suffix)
        elif set(flat.get("ENCODING", [])) & {"b", "base64"} or "base64" in types:
            payload = value
        if payload is None:
            continue
        if re.search(r"\s", payload):  # a search: copying a 60 MB photo costs 60 MB
            payload = re.sub(r"\s", "", payload)
        where = f"{card.label}, line {line.number}"
        try:
            photo = base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            raise ImportFileError(where, "the photo is not valid base64 data") from None
        del payload  # the decoded photo alone is kept; fit_photo copies it for Qt
        return fit_photo(where, photo, suffix)
    return None, ""


from followup_gui.services.interchange.vcard.writing import (  # noqa: E402 (after the reader)
    contact_to_vcard,
    export_vcards,
)

__all__ = ["ParsedCard", "RawCard", "contact_to_vcard", "export_vcards", "parse_card"]
