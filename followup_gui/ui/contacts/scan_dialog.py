"""Scan card… from the application window's people list: the card in its own editor dialog.

The photo is read off the GUI thread; the card opens as a new, unsaved contact
(unsure fields highlighted, the straightened card as its picture, the name's
spelling not confirmed). A stored contact with the same email or phone is
offered as a merge. Only Save writes (one transaction); the caller then ticks
the person in the interview.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain.errors import FollowUpError
from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts.editing import ContactData
from followup_gui.services.contacts.region import default_region
from followup_gui.services.contacts.scan import CardScan
from followup_gui.ui.contacts import scanning
from followup_gui.ui.contacts.card import BusinessCardEditor, error_color
from followup_gui.ui.context import AppContext

Btn = QMessageBox.StandardButton


class ScanContactDialog(QDialog):
    """A scanned card to check and save as a contact.

    Attributes:
        saved: the contact as stored after Save (None until then).
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Scan a business card"))
        self.context = context
        self.region = default_region(context.settings)
        self.saved: ContactData | None = None
        self.card = BusinessCardEditor(self.region)
        self.card.photos_dropped.connect(self.start)
        self.card.card_image_requested.connect(self.choose_picture)
        self.note = QLabel(self.tr("Reading the card… (or drop its photo here)"))
        self.note.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.hide()
        flip = QPushButton(self.tr("Turn card over ⟲"))
        flip.clicked.connect(self.card.flip)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.card.edited.connect(self._on_edited)
        row = QHBoxLayout()
        row.addWidget(flip)
        row.addStretch(1)
        row.addWidget(self.buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.card, 1)
        lay.addWidget(self.problems)
        lay.addLayout(row)
        self.resize(620, 560)
        self._on_edited()

    def ask(self, title: str, text: str, buttons: QMessageBox.StandardButton) -> Btn:
        """Ask the user (tests replace this)."""
        return Btn(QMessageBox.question(self, title, text, buttons))

    def choose_picture(self) -> None:
        """The card's "Choose photo…": another picture of the card (kept, not scanned)."""
        from followup_gui.paths import default_data_dir
        from followup_gui.services.contacts.card_images import store_card_image

        paths = scanning.choose_photos(self)
        if paths:
            try:
                self.card.set_card_image(store_card_image(paths[0], default_data_dir()))
            except OSError as exc:
                self.ask(self.tr("Photo not added"), str(exc), Btn.Ok)

    def start(self, paths: list[Path]) -> None:
        """Scan ``paths`` (front, back) in a worker; the result fills the card."""
        scanning.start_scan(self.context, self, paths, self.region, self.show_scanned, self._failed)

    def _failed(self, reason: str) -> None:
        self.note.setText(reason)
        self.ask(self.tr("Card not read"), reason, Btn.Ok)

    def show_scanned(self, scan: CardScan) -> None:
        """Fill the card as a new draft, or as edits of the same person kept already."""
        from followup_gui.paths import default_data_dir

        keys = [
            contacts.duplicate_keys(c.id, c.full_name, c.company, c.emails, c.phones)
            for c in contacts.list_contacts(self.context.db)
            if c.id is not None
        ]
        draft = scanning.draft_of(scan, default_data_dir(), keys, scanning.keep_picture)
        self.note.setText(
            self.tr("Check the highlighted fields, then Save.")
            if draft.unsure
            else self.tr("Check the card, then Save.")
        )
        if draft.duplicates:
            same = draft.duplicates[0]
            question = scanning.merge_question(same)
            if self.ask(self.tr("Same person?"), question, Btn.Yes | Btn.No) == Btn.Yes:
                kept = contacts.get_contact(self.context.db, same.id)
                self.card.set_contact(kept)
                self.card.show_edits(scanning.merged_into(kept, draft), draft.unsure)
                return
        self.card.set_draft(draft.contact, draft.unsure)

    def _on_edited(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        problems = self.card.problems()
        save.setEnabled(self.card.is_modified() and not problems)
        if problems and self.card.is_modified():
            self.problems.setStyleSheet(f"color: {error_color(self)};")
            self.problems.setText("\n".join("• " + p for p in problems))
        self.problems.setVisible(bool(problems) and self.card.is_modified())

    def save(self) -> bool:
        """Save the contact (one transaction) and close; False if it could not be saved."""
        if self.card.problems():
            return False
        try:
            result = contacts.save_contact(self.context.db, self.card.values(), self.region)
        except FollowUpError as exc:
            self.ask(self.tr("Not saved"), str(exc), Btn.Ok)
            return False
        self.saved = result.value
        self.context.notify(result.changes, self)
        self.accept()
        return True


def scan_new_person(context: AppContext, parent: QWidget) -> ContactData | None:
    """Ask for a card's photo, scan it, let the user check and save it; the saved contact."""
    paths = scanning.choose_photos(parent)
    if not paths:
        return None
    dialog = ScanContactDialog(context, parent)
    dialog.start(paths)
    dialog.exec()
    return dialog.saved
