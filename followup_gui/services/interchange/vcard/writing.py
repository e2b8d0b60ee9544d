"""Writing vCard 4.0: one contact per card, CRLF lines folded at 75 octets, the photo embedded."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from followup_gui.domain.errors import ImportFileError
from followup_gui.services.contacts.editing import ContactData, to_data
from followup_gui.services.interchange.files import write_private
from followup_gui.storage import Database
from followup_gui.storage import models as m

#: Cards written between two progress reports of an export.
REPORT_EVERY = 50
_SUFFIX_MIME = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
}


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
