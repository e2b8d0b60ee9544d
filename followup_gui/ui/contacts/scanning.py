"""Scan a business card into a contact editor: a photo picked, dropped or pasted, read in a worker.

The scan itself is :func:`followup_gui.services.contacts.scan.scan_card` (pure);
this module asks for the photos, runs the scan in a worker with progress and
Cancel, stores the straightened card as the contact's picture, and hands the
result to the editor as a new, unsaved draft. Nothing reaches the database
until the user saves.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QWidget

from followup_gui.services.contacts.editing import (
    ContactData,
    Duplicate,
    DuplicateKeys,
    duplicates_among,
)
from followup_gui.services.contacts.scan import CardScan, ScanError, keep_card_picture, scan_card
from followup_gui.ui.context import AppContext

if TYPE_CHECKING:
    from followup_gui.ui.common.background import BackgroundTask

#: The picture files a drop or the file dialog accepts.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif", ".tif", ".tiff")


def _tr(text: str) -> str:
    return QCoreApplication.translate("CardScan", text)


@dataclass(frozen=True, slots=True)
class ScannedDraft:
    """A scan as the editor shows it: the new contact, what to check, who it may be already."""

    contact: ContactData
    unsure: tuple[str, ...]
    duplicates: tuple[Duplicate, ...]
    read_from: tuple[str, ...]


def image_paths(mime: QMimeData) -> list[Path]:
    """The local picture files in a drop (or the clipboard), front first."""
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in IMAGE_SUFFIXES][:2]


def clipboard_photo() -> list[Path]:
    """The clipboard's picture as a file to scan (a copied file or copied pixels); [] if none."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None:
        return []
    files = image_paths(mime)
    if files:
        return files
    if not mime.hasImage():
        return []
    image = QGuiApplication.clipboard().image()
    if image.isNull():
        return []
    return [save_temporary(image)]


def save_temporary(image: QImage) -> Path:
    """Write pasted pixels to a temporary PNG (the scan reads files)."""
    folder = Path(tempfile.mkdtemp(prefix="followup-paste-"))
    path = folder / "pasted-card.png"
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]  # (stub: bytes)
        raise ScanError(
            _tr("The pasted picture could not be written to {folder}").format(folder=folder)
        )
    return path


def choose_photos(parent: QWidget) -> list[Path]:
    """Ask for the card's photo (a second file selected is its back)."""
    names, _ = QFileDialog.getOpenFileNames(
        parent,
        _tr("Scan a business card: choose its photo (and the back's)"),
        "",
        _tr("Images ({patterns})").format(patterns=" ".join(f"*{s}" for s in IMAGE_SUFFIXES)),
    )
    return [Path(n) for n in names[:2]]


def draft_of(
    scan: CardScan,
    data_dir: Path,
    others: Iterable[DuplicateKeys],
    keep: Callable[[CardScan, Path], str],
) -> ScannedDraft:
    """The editor's draft from a scan: the picture stored, the unsure fields, same email/phone.

    Args:
        scan: what was read.
        data_dir: where the card picture is kept.
        others: the stored contacts' duplicate keys.
        keep: stores the picture and returns its path.
    """
    try:
        picture = keep(scan, data_dir)
    except OSError:
        picture = ""  # the fields are still worth having; the photo can be added later
    contact = scan.contact(picture)
    same = [
        d
        for d in duplicates_among(contact, others)
        if d.reason.startswith(("same email", "same phone"))
    ]
    return ScannedDraft(
        contact, tuple(scan.fields.low_confidence()), tuple(same), scan.fields.sources
    )


def merge_question(same: Duplicate) -> str:
    """Asks whether the scanned card is ``same``, kept already (same email or phone)."""
    return _tr(
        "{name} ({company}) is already kept with the {reason}. Merge this card into "
        "{name}? (Nothing is saved until you press Save.)"
    ).format(name=same.full_name, company=same.company or "-", reason=same.reason)


def merged_into(kept: ContactData, draft: ScannedDraft) -> ContactData:
    """``kept`` with the scanned card's values added (to show as unsaved edits).

    The stored name stays (its spelling may be confirmed), and so does a
    picture they already have; emails and phones are combined; the card's other
    values replace the stored ones.
    """
    from followup_gui.services.interchange.vcard.importing import merged

    card = replace(
        draft.contact,
        full_name=kept.full_name,
        card_image=kept.card_image or draft.contact.card_image,
    )
    return merged(kept, card)


def start_scan(
    context: AppContext,
    parent: QWidget,
    paths: list[Path],
    region: str | None,
    on_scanned: Callable[[CardScan], None],
    on_failed: Callable[[str], None],
) -> BackgroundTask | None:
    """Scan ``paths`` (front, back) in a worker with progress and Cancel; then ``on_scanned``.

    A picture that cannot be scanned is explained through ``on_failed`` (its
    reason, one line); nothing changes. Cancel stops Tesseract at once.

    Returns:
        The running task (None when there was nothing to scan).
    """
    if not paths:
        return None
    front, back = paths[0], (paths[1] if len(paths) > 1 else None)

    def job(progress: Callable[[int, int], None]) -> CardScan:
        return scan_card(front, back, region, progress)

    def failed(error: BaseException) -> None:
        if not isinstance(error, ScanError):
            raise error
        on_failed(str(error))

    return context.run_in_background(
        parent,
        _tr("Scan card"),
        _tr("Reading {name}…").format(name=front.name),
        job,
        on_done=on_scanned,
        on_error=failed,
    )


def keep_picture(scan: CardScan, data_dir: Path) -> str:
    """Store the straightened card (front and back) in the data folder; its path."""
    return keep_card_picture(scan, data_dir)
