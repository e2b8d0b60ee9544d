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
cancel rolls back) is :mod:`followup_gui.services.interchange.vcard.importing`.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from followup_gui.domain.errors import ImportFileError
from followup_gui.domain.validation import check_email, check_phone, check_url
from followup_gui.services.contacts.editing import ContactData, to_data
from followup_gui.services.interchange.files import write_private
from followup_gui.storage import Database
from followup_gui.storage import models as m

VERSIONS = ("2.1", "3.0", "4.0")
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Cards written between two progress reports of an export.
REPORT_EVERY = 50
_IMAGE_TYPES = {"jpeg": ".jpg", "jpg": ".jpg", "png": ".png", "gif": ".gif", "webp": ".webp"}
_SUFFIX_MIME = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
}


@dataclass
class _Line:
    """One logical (unfolded) content line and the physical line it starts on."""

    number: int
    text: str

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
        return f"card {self.index} ({name})" if name else f"card {self.index}"


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
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and out:
            out[-1].text += raw[1:]
        elif out and out[-1].text.endswith("=") and "QUOTED-PRINTABLE" in out[-1].text.upper():
            out[-1].text = out[-1].text[:-1] + raw
        elif raw.strip():
            out.append(_Line(number, raw.rstrip("\r")))
    return out


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
                f"vCard version {value!r} is not 2.1, 3.0 or 4.0",
            )
    body = "\r\n".join(["BEGIN:VCARD", *(ln.text for ln in card.lines), "END:VCARD"])
    try:
        vcard = vobject.readOne(body)
    except (ParseError, ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        raise ImportFileError(
            f"{card.label}, line {card.begin}", f"cannot be read: {exc}"
        ) from None
    return _to_contact(card, vcard.contents, raw, region)


def _texts(contents: dict[str, Any], key: str) -> list[str]:
    out = []
    for line in contents.get(key, []):
        value = line.value
        text = ", ".join(v for v in value if v) if isinstance(value, list) else str(value)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.strip():
            out.append(text.strip())
    return out


def _address(adr: Any) -> str:
    parts = [adr.box, adr.extended, adr.street]
    flat = [p if isinstance(p, str) else "\n".join(p) for p in parts]
    city = " ".join(x for x in (adr.region, adr.code) if isinstance(x, str) and x)
    locality = ", ".join(x for x in (adr.city if isinstance(adr.city, str) else "", city) if x)
    country = adr.country if isinstance(adr.country, str) else ""
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
        names = [" ".join(x for x in (n.prefix, n.given, n.additional, n.family) if x).strip()]
    if not names or not names[0]:
        raise ImportFileError(f"{card.label}, line {card.begin}", "the card has no name (FN or N)")
    emails, phones = [], []
    for i, value in enumerate(_texts(contents, "email")):
        check = check_email(value)
        if check.error:
            raise ImportFileError(where("email", i), f"email {value!r} {check.error}")
        emails.append(check.value)
    for i, value in enumerate(_texts(contents, "tel")):
        check = check_phone(value, region)
        if check.error:
            raise ImportFileError(where("tel", i), f"phone {value!r} {check.error}")
        phones.append(check.value)
    website, linkedin, other_urls = "", "", []
    for i, value in enumerate(_texts(contents, "url")):
        is_linkedin = "linkedin.com" in value.lower()
        check = check_url(value, linkedin=is_linkedin)
        if check.error:
            raise ImportFileError(where("url", i), f"web address {value!r} {check.error}")
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
    """Decode the first embedded PHOTO (a link to a photo on the web is not fetched)."""
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
        try:
            return base64.b64decode(re.sub(r"\s", "", payload), validate=True), suffix
        except (binascii.Error, ValueError):
            raise ImportFileError(
                f"{card.label}, line {line.number}", "the photo is not valid base64 data"
            ) from None
    return None, ""


# -- writing 4.0 ----------------------------------------------------------------


def _esc(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def _tel(phone: str) -> str:
    import phonenumbers

    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return f"TEL;TYPE=work:{_esc(phone)}"
    uri = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)
    return f"TEL;VALUE=uri;TYPE=work:{uri}"


def contact_to_vcard(data: ContactData) -> str:
    """One contact as a vCard 4.0 (CRLF lines, folded); the card photo is embedded."""
    given, _, family = data.full_name.strip().rpartition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{_esc(data.full_name)}",
        f"N:{_esc(family)};{_esc(given)};;;",
    ]
    if data.vcard_uid:
        lines.append(f"UID:{_esc(data.vcard_uid)}")
    simple = (
        ("NICKNAME", data.preferred_name),
        ("TITLE", data.title),
        ("ORG", data.company),
        ("URL", data.website),
        ("URL", data.linkedin),
        ("NOTE", data.notes),
        ("X-FOLLOWUP-PRONUNCIATION", data.pronunciation),
        ("X-FOLLOWUP-MET", data.met_how),
    )
    lines += [f"EMAIL;TYPE=work:{_esc(e)}" for e in data.emails]
    lines += [_tel(p) for p in data.phones]
    if data.postal_address.strip():
        lines.append(f"ADR;TYPE=work:;;{_esc(data.postal_address)};;;;")
    lines += [f"{key}:{_esc(value)}" for key, value in simple if value.strip()]
    if data.name_confirmed:
        lines.append("X-FOLLOWUP-NAME-CONFIRMED:TRUE")
    image = Path(data.card_image) if data.card_image else None
    if image is not None and image.is_file():
        mime = _SUFFIX_MIME.get(image.suffix.lower(), "image/jpeg")
        payload = base64.b64encode(image.read_bytes()).decode("ascii")
        lines.append(f"PHOTO:data:{mime};base64,{payload}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def export_vcards(
    db: Database,
    path: Path,
    contact_ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write contacts (all, or those in ``contact_ids``) to a vCard 4.0 file.

    Args:
        db: the database.
        path: the file to write (replaced in one step, mode 0600).
        contact_ids: only these contacts (all when None).
        progress: called with ``(done, total)`` cards every :data:`REPORT_EVERY`
            cards and once more before the file is written; an exception it
            raises (a cancel) leaves ``path`` as it was.

    Returns:
        How many cards were written.

    Raises:
        ImportFileError: a requested contact does not exist (nothing written).
        OSError: the file cannot be written.
    """
    with db.read() as session:
        stmt = select(m.Contact).order_by(m.Contact.full_name, m.Contact.id)
        if contact_ids is not None:
            stmt = stmt.where(m.Contact.id.in_(contact_ids))
        contacts = [to_data(c) for c in session.scalars(stmt)]
    if contact_ids is not None:
        missing = sorted(set(contact_ids) - {c.id for c in contacts})
        if missing:
            raise ImportFileError("--contact", f"there is no contact with id {missing[0]}")
    report = progress or (lambda _done, _total: None)
    cards: list[str] = []
    for done, contact in enumerate(contacts):
        if done % REPORT_EVERY == 0:
            report(done, len(contacts))
        cards.append(contact_to_vcard(contact))
    content = "".join(cards).encode("utf-8")
    report(len(contacts), len(contacts))  # the last chance to cancel
    write_private(path, content)
    return len(contacts)
