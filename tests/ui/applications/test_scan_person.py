"""Scan card… in the application window's people list: the card is checked, saved, ticked."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from bench.card_set import CARDS, SHOTS
from bench.cards import write_photo
from followup_gui.services.contacts import editing as contacts
from followup_gui.ui.contacts.scan_dialog import ScanContactDialog
from tests.services.contacts.scan.conftest import need_tesseract

Btn = QMessageBox.StandardButton


def test_a_scanned_card_becomes_a_ticked_interviewer_once_saved(qtbot, window, db, tmp_path):
    need_tesseract()
    photo = write_photo(CARDS[3], SHOTS[3], tmp_path / "whitfield.jpg")
    window.new_application()
    dialog = window.board.dialog
    assert dialog.scan_person is not None  # the board wires the scan in
    editor = dialog.interview_section.add()
    before = len(contacts.list_contacts(db))
    seen = {}

    def scan_person(parent):
        scan = ScanContactDialog(window.board.context, parent)
        scan.ask = lambda *_: Btn.No  # not the demo's Dana Whitfield: a new contact
        scan.start([photo])
        qtbot.waitUntil(lambda: scan.card.full_name.text() != "", timeout=60_000)
        seen["name_confirmed"] = scan.card.name_confirmed.isChecked()
        seen["stored_before_save"] = len(contacts.list_contacts(db))
        assert scan.save()
        return scan.saved

    dialog.scan_person = scan_person
    editor.scan_button.click()
    assert seen == {"name_confirmed": False, "stored_before_save": before}
    saved = [c for c in contacts.list_contacts(db) if c.company == "Northwind Labs Inc."]
    assert [c.full_name for c in saved] == ["Dana Whitfield"]
    assert editor.people.checked_ids() == [saved[0].id]
    assert "Dana Whitfield" in editor.ticked.text()


def test_the_scan_dialog_offers_the_person_kept_with_the_same_email(qtbot, db, tmp_path):
    from followup_gui.settings import Settings
    from followup_gui.ui.context import AppContext

    need_tesseract()
    kept = contacts.save_contact(
        db, contacts.ContactData(full_name="Priya Raman", emails=("priya@lumenhealth.co.uk",))
    ).value
    context = AppContext(Settings(), db)
    dialog = ScanContactDialog(context)
    qtbot.addWidget(dialog)
    asked = []
    dialog.ask = lambda _title, text, _buttons: asked.append(text) or Btn.Yes
    dialog.start([write_photo(CARDS[5], SHOTS[0], tmp_path / "priya.jpg")])
    qtbot.waitUntil(lambda: dialog.card.title.text() != "", timeout=60_000)
    assert "Priya Raman (-) is already kept with the same email" in asked[0]
    assert dialog.card.values().id == kept.id
    assert contacts.get_contact(db, kept.id).title == ""  # nothing saved before Save
    assert dialog.save()
    assert dialog.saved.id == kept.id
    stored = contacts.get_contact(db, kept.id)
    assert stored.title == "Head of Product"
    assert stored.phones == ("+44 20 7946 0321",)
