"""Scan card… in the Contacts tab: drop, paste or pick a photo; the card fills as a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QMessageBox, QPushButton

from bench.card_set import CARDS, SHOTS
from bench.cards import CardSpec, Shot, write_photo
from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts.editing import ContactData
from followup_gui.ui.contacts.card import UNSURE_STYLE
from tests.services.contacts.scan.conftest import need_tesseract
from tests.ui.contacts.conftest import drop_files

Btn = QMessageBox.StandardButton


@pytest.fixture
def panel(panel):
    """The Contacts panel (tests/ui/contacts/conftest.py), with Tesseract installed."""
    need_tesseract()
    return panel


def test_a_dropped_photo_fills_a_new_unsaved_draft(qtbot, panel, db, tmp_path):
    before = contacts.list_contacts(db)
    photo = write_photo(CARDS[0], SHOTS[0], tmp_path / "card.jpg")
    drop_files(panel.card, [photo])
    qtbot.waitUntil(lambda: panel.card.full_name.text() != "", timeout=60_000)
    card = panel.card
    assert card.full_name.text() == "Jürgen Müller-Lüdenscheidt"
    assert card.values().id is None  # a new contact
    assert not card.name_confirmed.isChecked()
    assert card.emails.values() == ("j.mueller@acme-robotics.de",)
    assert Path(card.values().card_image).is_file()
    assert panel.save_button.isEnabled()
    assert contacts.list_contacts(db) == before  # nothing saved yet
    assert panel.save()
    assert [c.full_name for c in contacts.list_contacts(db)].count(
        "Jürgen Müller-Lüdenscheidt"
    ) == 1


def test_fields_read_with_low_confidence_are_highlighted_until_edited(qtbot, panel, tmp_path):
    # No legal form, no domain to match: the company is a guess.
    spec = CardSpec("Dana Lee", "Engineering Manager", "Blue Harbor", ("dana@example.com",))
    drop_files(panel.card, [write_photo(spec, Shot(rotation=3, seed=21), tmp_path / "c.jpg")])
    qtbot.waitUntil(lambda: panel.card.full_name.text() != "", timeout=60_000)
    company = panel.card.company
    assert company.text() == "Blue Harbor"
    assert company.styleSheet() == UNSURE_STYLE
    assert panel.card.full_name.styleSheet() == ""  # read with confidence
    company.setText("Blue Harbor Ltd")
    assert company.styleSheet() == ""


def test_a_card_of_someone_kept_with_the_same_email_is_offered_as_a_merge(
    qtbot, panel, db, tmp_path
):
    kept = contacts.save_contact(
        db,
        ContactData(
            full_name="María José García",
            name_confirmed=True,
            emails=("mjgarcia@solucionesibericas.es",),
        ),
    ).value
    panel.reload()
    stored = contacts.get_contact(db, kept.id)
    drop_files(panel.card, [write_photo(CARDS[2], SHOTS[2], tmp_path / "garcia.jpg")])
    qtbot.waitUntil(lambda: any("Merge this card" in q for q in panel.asked), timeout=60_000)
    qtbot.waitUntil(lambda: panel.card.title.text() != "", timeout=5_000)
    card = panel.card
    assert card.values().id == kept.id
    assert card.name_confirmed.isChecked()  # the stored, confirmed spelling stays
    assert len(card.phones.values()) == 2  # added from the card
    assert panel.save_button.isEnabled()
    assert contacts.get_contact(db, kept.id) == stored  # nothing saved before Save
    assert panel.save()
    assert contacts.get_contact(db, kept.id).title == "Gerente de Recursos Humanos"


def test_a_pasted_picture_is_scanned(qtbot, panel, tmp_path):
    photo = write_photo(CARDS[5], SHOTS[0], tmp_path / "card.jpg")
    QGuiApplication.clipboard().setImage(QImage(str(photo)))
    panel.scan_from_clipboard()
    qtbot.waitUntil(lambda: panel.card.full_name.text() != "", timeout=60_000)
    assert panel.card.full_name.text() == "Priya Raman"


def test_a_bad_picture_is_explained_and_changes_nothing(qtbot, panel, db, tmp_path):
    before = contacts.list_contacts(db)
    panel.card.full_name.setText("")
    bad = tmp_path / "card.jpg"
    bad.write_text("not a photo")
    drop_files(panel.card, [bad])
    qtbot.waitUntil(lambda: bool(panel.asked), timeout=10_000)
    assert "card.jpg is not a picture" in panel.asked[-1]
    assert panel.card.full_name.text() == ""
    assert contacts.list_contacts(db) == before


def test_cancel_stops_the_scan_and_leaves_the_card_as_it_was(qtbot, panel, db, tmp_path):
    panel.new_contact()
    photo = write_photo(CARDS[1], SHOTS[1], tmp_path / "card.jpg")
    drop_files(panel.card, [photo])
    task = panel.scan_task
    with qtbot.waitSignal(task.cancelled, timeout=30_000):
        task.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel
    qtbot.wait(200)
    assert panel.card.full_name.text() == ""
    assert not panel.save_button.isEnabled()
    assert panel.asked == []  # cancelling is not an error
