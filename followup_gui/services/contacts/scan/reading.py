"""Scan a business card: the photo in, the contact's fields (each with a confidence) out.

QR first: a vCard or MECARD QR code wins for the fields it has. Otherwise, and
for what the code lacks, Tesseract reads the straightened card. Nothing is
stored here; :func:`keep_card_picture` stores the straightened picture when the
editor is filled. Every step reports progress; the caller's progress function
may raise to cancel (Tesseract is then stopped).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtGui import QImage, QPainter

from followup_gui.services.contacts.card_images import store_card_bytes
from followup_gui.services.contacts.editing import ContactData
from followup_gui.services.contacts.scan import ocr, qr
from followup_gui.services.contacts.scan.fields import (
    LOW_CONFIDENCE,
    CardFields,
    Found,
    card_language,
    combine,
    from_contact,
    parse_lines,
)
from followup_gui.services.contacts.scan.image import (
    ScanError,
    encode,
    find_card,
    load_image,
    straighten,
)

Report = Callable[[int, int], None]
#: Steps of one side: read, find and straighten, QR, OCR.
STEPS_PER_SIDE = 4
#: Below this mean confidence (or a name below LOW_CONFIDENCE) the text is checked
#: for a script Tesseract has no data for (a Cyrillic card reads as unsure Latin).
UNSURE_TEXT = 0.8


@dataclass(frozen=True, slots=True)
class CardScan:
    """What a scan found: the fields and the straightened card, front and back."""

    fields: CardFields
    front: QImage
    back: QImage | None = None

    def contact(self, card_image: str = "") -> ContactData:
        """The fields as a new, unsaved contact (the spelling of the name not confirmed)."""
        f = self.fields
        return ContactData(
            full_name=f.name.value,
            title=f.title.value,
            company=f.company.value,
            emails=tuple(e.value for e in f.emails),
            phones=tuple(p.value for p in f.phones),
            website=f.website.value,
            linkedin=f.linkedin.value,
            postal_address=f.address.value,
            card_image=card_image,
            name_confirmed=False,
        )

    def as_json(self) -> dict[str, object]:
        """The fields as the command line prints them: each value with its confidence."""
        f = self.fields

        def one(found: Found) -> dict[str, object]:
            return {"value": found.value, "confidence": found.confidence}

        return {
            "name": one(f.name),
            "title": one(f.title),
            "company": one(f.company),
            "emails": [one(e) for e in f.emails],
            "phones": [one(p) for p in f.phones],
            "website": one(f.website),
            "address": one(f.address),
            "linkedin": one(f.linkedin),
            "read_from": list(f.sources),
            "low_confidence": f.low_confidence(),
        }


class NoTextError(ScanError):
    """The picture holds no text that could be read."""


def _nothing_read(fields: CardFields) -> bool:
    return not (fields.name.value or fields.emails or fields.phones or fields.company.value)


def read_fields(
    image: bytes, region: str | None, keep_going: Callable[[], None]
) -> tuple[list[ocr.TextLine], CardFields]:
    """OCR a straightened card and parse its fields.

    Read English first; when the card turns out German or Spanish (its country
    code or domain, its words), take each word from the surer of that reading
    and one in the card's language alone (accents: "Jürgen", not "Jurgen").
    The readings in German and in Spanish alone run alongside the first (the
    machine has two cores); the one not needed is stopped.
    """
    first = ocr.start_reading(image)
    alone: dict[str, ocr.Run] = {}
    try:
        program = ocr.tesseract_program() or ""
        for language in ("deu", "spa"):
            if language in ocr.installed_languages(program):
                alone[language] = ocr.start_reading(image, language, only=True)
        words = ocr.words_of(first, keep_going)
        lines = ocr.lines_of(words)
        fields = parse_lines(lines, region)
        language = card_language(fields, lines)
        if language in alone:
            again = ocr.words_of(alone[language], keep_going)
            lines = ocr.lines_of(ocr.fuse(again, words))
            fields = parse_lines(lines, region)
    finally:
        first.stop()
        for run in alone.values():
            run.stop()
    return lines, fields


def read_side(
    path: Path, region: str | None, report: Report, offset: int, total: int
) -> tuple[CardFields, QImage]:
    """Scan one side of a card: its fields and the straightened picture.

    Raises:
        ScanError: a bad picture, no text, or text in a script Tesseract cannot read.
    """
    report(offset, total)
    photo = load_image(path)
    report(offset + 1, total)
    card = straighten(photo, find_card(photo))
    report(offset + 2, total)
    texts = qr.qr_texts(card)  # (the card alone: reading all 12 MP of the photo is slow)
    from_qr = qr.contact_from_qr(texts, region)
    report(offset + 3, total)
    if from_qr is not None and ocr.tesseract_program() is None:
        return from_contact(from_qr), card
    gray = card.convertToFormat(QImage.Format.Format_Grayscale8)
    image = encode(gray, "BMP")
    try:
        lines, fields = read_fields(image, region, lambda: report(offset + 3, total))
    except ScanError:
        if from_qr is None:
            raise
        return from_contact(from_qr), card
    if from_qr is not None:
        return combine(from_contact(from_qr), fields), card
    confidence = sum(ln.confidence for ln in lines) / len(lines) if lines else 0.0
    if _nothing_read(fields) or confidence < UNSURE_TEXT or fields.name.confidence < LOW_CONFIDENCE:
        script = ocr.detect_script(image, lambda: report(offset + 3, total))
        if script and script not in ("Latin", "Common"):
            raise ScanError(
                f"{path.name}: the card seems to be written in {script} script, which "
                "FollowUp cannot read yet (it reads English, German and Spanish)"
            )
        if _nothing_read(fields):
            raise NoTextError(
                f"{path.name}: no text could be read; is it a sharp, well-lit photo of a card?"
            )
    return fields, card


def scan_card(
    front: Path,
    back: Path | None = None,
    region: str | None = None,
    report: Report = lambda done, total: None,
) -> CardScan:
    """Scan a card's front (and back): see the module docstring.

    Args:
        front: the photo of the front.
        back: the photo of the back, if any: it fills what the front lacks.
        region: the user's country for phone numbers without ``+`` (the last resort).
        report: called with (steps done, steps in all); may raise to cancel.

    Raises:
        ScanError: a picture is bad or nothing could be read (nothing is changed).
    """
    total = STEPS_PER_SIDE * (2 if back else 1)
    fields, front_card = read_side(front, region, report, 0, total)
    back_card = None
    if back is not None:
        try:
            back_fields, back_card = read_side(back, region, report, STEPS_PER_SIDE, total)
        except NoTextError:  # a blank back: its picture is still kept
            back_card = straighten(photo := load_image(back), find_card(photo))
        else:
            fields = replace(combine(fields, back_fields), sources=fields.sources)
    report(total, total)
    return CardScan(fields, front_card, back_card)


def card_picture(scan: CardScan) -> QImage:
    """The straightened front, with the back under it when there is one."""
    if scan.back is None:
        return scan.front
    width = max(scan.front.width(), scan.back.width())
    gap = 16
    out = QImage(width, scan.front.height() + gap + scan.back.height(), QImage.Format.Format_RGB32)
    out.fill(0xFFFFFFFF)
    painter = QPainter(out)
    painter.drawImage(0, 0, scan.front)
    painter.drawImage(0, scan.front.height() + gap, scan.back)
    painter.end()
    return out


def keep_card_picture(scan: CardScan, data_dir: Path) -> str:
    """Store the card's picture (front and back) in the data folder; its path.

    Raises:
        OSError: it cannot be written.
    """
    return store_card_bytes(encode(card_picture(scan), "JPEG", 85), ".jpg", data_dir)
