"""Scan card… in the Contacts tab: a photo (chosen, dropped or pasted) fills the card as a draft.

A mixin of :class:`~followup_gui.ui.contacts.panel.ContactsPanel`. The draft is a
new contact, not saved: fields read with low confidence are highlighted, the
straightened card is its picture, "Name spelling confirmed" stays unticked.
When a stored contact has the same email or phone, the user is offered to
merge the card into it instead (still unsaved: Save decides).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton, QWidget

from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts.scan import ScanError
from followup_gui.ui.contacts import scanning

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from followup_gui.services.contacts.scan import CardScan
    from followup_gui.storage import Database
    from followup_gui.ui.contacts.card import BusinessCardEditor
    from followup_gui.ui.contacts.model import ContactTableModel
    from followup_gui.ui.context import AppContext

    _Base = QWidget
else:
    _Base = object

Btn = QMessageBox.StandardButton


class CardScanActions(_Base):
    """Scan card… (file, drop, clipboard) for the contacts panel."""

    if TYPE_CHECKING:
        context: AppContext
        db: Database
        card: BusinessCardEditor
        model: ContactTableModel
        table: QTableView
        region: str | None

        def ask(self, title: str, text: str, buttons: Btn) -> Btn: ...  # noqa: D102
        def show_contact(self, data: contacts.ContactData) -> None: ...  # noqa: D102
        def _on_edited(self, check_later: bool = True) -> None: ...
        def _go_to(self, row: int) -> None: ...

    def make_scan_button(self) -> QToolButton:
        """The "Scan card…" button: a click picks a photo; its menu also pastes one."""
        button = QToolButton()
        button.setText(self.tr("Scan card…"))
        button.setToolTip(
            self.tr("Read a business card from a photo (or drop the photo on the card)")
        )
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(button)
        menu.addAction(self.tr("From a photo…"), self.scan_from_file)
        menu.addAction(self.tr("From the clipboard"), self.scan_from_clipboard)
        button.setMenu(menu)
        button.clicked.connect(self.scan_from_file)
        self.card.photos_dropped.connect(self.scan_photos)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self.card)
        paste.activated.connect(self.scan_from_clipboard)
        return button

    def scan_from_file(self) -> None:
        """Ask for the card's photo(s) and scan them."""
        self.scan_photos(scanning.choose_photos(self))

    def scan_from_clipboard(self) -> None:
        """Scan the picture on the clipboard (copied pixels or a copied file)."""
        try:
            paths = scanning.clipboard_photo()
        except ScanError as exc:
            self.ask(self.tr("Card not read"), str(exc), Btn.Ok)
            return
        if not paths:
            self.ask(self.tr("Card not read"), self.tr("The clipboard holds no picture."), Btn.Ok)
            return
        self.scan_photos(paths)

    def scan_photos(self, paths: list[Path]) -> None:
        """Scan ``paths`` (front, back) off the GUI thread; the result fills the card."""
        if not paths:
            return
        if self.card.is_modified() and not self._may_replace():
            return
        #: The scan running (tests cancel it as the progress dialog's Cancel would).
        self.scan_task = scanning.start_scan(
            self.context, self, paths, self.region, self.show_scanned, self._scan_failed
        )

    def _scan_failed(self, reason: str) -> None:
        self.ask(self.tr("Card not read"), reason, Btn.Ok)

    def _may_replace(self) -> bool:
        text = self.tr("The card shows unsaved changes. Replace them with the scanned card?")
        return self.ask(self.tr("Unsaved changes"), text, Btn.Yes | Btn.No) == Btn.Yes

    def show_scanned(self, scan: CardScan) -> None:
        """Fill the card with a scan as a new draft, or merge it into the same person."""
        from followup_gui.paths import default_data_dir

        draft = scanning.draft_of(
            scan, default_data_dir(), self.model.duplicate_keys(), scanning.keep_picture
        )
        if draft.duplicates:
            same = draft.duplicates[0]
            question = scanning.merge_question(same)
            if self.ask(self.tr("Same person?"), question, Btn.Yes | Btn.No) == Btn.Yes:
                self._merge_draft(same.id, draft)
                return
        self.table.clearSelection()
        self.show_contact(contacts.ContactData())
        self.card.set_draft(draft.contact, draft.unsure)
        self._on_edited()

    def _merge_draft(self, contact_id: int, draft: scanning.ScannedDraft) -> None:
        """Select the stored contact and show the card's values added as unsaved edits."""
        kept = contacts.get_contact(self.db, contact_id)
        row = self.model.row_of(contact_id)
        if row >= 0:
            self._go_to(row)
        else:
            self.show_contact(kept)
        self.card.show_edits(scanning.merged_into(kept, draft), draft.unsure)
        self._on_edited()
