"""Decode a QR code on a card (``zxing-cpp``) and read the vCard or MECARD it holds."""

from __future__ import annotations

import re

from PySide6.QtGui import QImage

from followup_gui.domain.errors import FollowUpError
from followup_gui.services.contacts.editing import ContactData


def qr_texts(image: QImage) -> list[str]:
    """The text of every QR code found in ``image`` (empty when there is none)."""
    import zxingcpp

    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    found = zxingcpp.read_barcodes(
        gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return [b.text for b in found if b.valid and b.text]


def _unescape(value: str) -> str:
    r"""A MECARD value with ``\\;``, ``\\:``, ``\\,`` and ``\\\\`` unescaped."""
    return re.sub(r"\\([\\;:,])", r"\1", value).strip()


def _mecard_fields(text: str) -> list[tuple[str, str]]:
    """MECARD's ``KEY:value;`` pairs, values still escaped."""
    body = text[len("MECARD:") :]
    out: list[tuple[str, str]] = []
    for part in re.split(r"(?<!\\);", body):
        key, sep, value = part.partition(":")
        if sep:
            out.append((key.strip().upper(), value.strip()))
    return out


def parse_mecard(text: str) -> ContactData | None:
    """A MECARD (``MECARD:N:Doe,John;TEL:…;EMAIL:…;;``) as contact values; None if not one."""
    if not text.upper().startswith("MECARD:"):
        return None
    values: dict[str, list[str]] = {}
    raw_name = ""
    for key, value in _mecard_fields(text):
        if key == "N" and not raw_name:
            raw_name = value
        if value:
            values.setdefault(key, []).append(_unescape(value))
    parts = re.split(r"(?<!\\),", raw_name, maxsplit=1)  # "Family,Given"
    name = " ".join(_unescape(p) for p in reversed(parts)).strip()
    return ContactData(
        full_name=name,
        title=(values.get("TITLE") or [""])[0],
        company=(values.get("ORG") or [""])[0],
        emails=tuple(values.get("EMAIL", ())),
        phones=tuple(values.get("TEL", ())),
        website=(values.get("URL") or [""])[0],
        postal_address=(values.get("ADR") or [""])[0].replace(",", ", ").replace("  ", " "),
        notes=(values.get("NOTE") or [""])[0],
    )


def parse_vcard_text(text: str, region: str | None) -> ContactData | None:
    """A vCard (``BEGIN:VCARD`` … ``END:VCARD``) as contact values; None if not one or broken."""
    if not text.lstrip().upper().startswith("BEGIN:VCARD"):
        return None
    from followup_gui.services.interchange.vcard.cards import parse_vcards

    try:
        cards = parse_vcards(text.encode("utf-8"), region)
    except FollowUpError:
        return None
    return cards[0].contact if cards else None


def contact_from_qr(texts: list[str], region: str | None) -> ContactData | None:
    """The first QR text that is a vCard or MECARD, as contact values."""
    for text in texts:
        data = parse_vcard_text(text, region) or parse_mecard(text)
        if data is not None and (data.full_name or data.emails or data.phones):
            return data
    return None
