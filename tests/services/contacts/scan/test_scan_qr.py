"""QR codes on cards (zxing-cpp): vCard and MECARD win over the printed text for what they hold."""

from __future__ import annotations

import pytest

from bench.cards import CardSpec, Shot, write_photo
from followup_gui.services.contacts.scan import ScanError, scan_card
from followup_gui.services.contacts.scan.qr import parse_mecard

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Siobhán Ní Dhomhnaill\r\nN:Ní Dhomhnaill;Siobhán;;;\r\n"
    "TITLE:Talent Acquisition Lead\r\nORG:Cliffside Games\r\nEMAIL:siobhan@cliffside.ie\r\n"
    "TEL:+353 21 456 7890\r\nURL:https://cliffside.ie\r\nEND:VCARD\r\n"
)


def test_a_vcard_qr_wins_over_the_printed_text(tesseract, photo_dir):
    # The printed name lacks its accent (as OCR would read it): the QR code's is kept.
    spec = CardSpec("Siobhan Ni Dhomhnaill", "Talent Lead", "Cliffside Games", qr=VCARD)
    scan = scan_card(
        write_photo(spec, Shot(rotation=6, keystone=0.06, seed=5), photo_dir / "qr.jpg")
    )
    f = scan.fields
    assert f.name.value == "Siobhán Ní Dhomhnaill"
    assert f.title.value == "Talent Acquisition Lead"
    assert [p.value for p in f.phones] == ["+353 21 456 7890"]
    assert [e.value for e in f.emails] == ["siobhan@cliffside.ie"]
    assert f.name.confidence >= 0.99
    assert scan.as_json()["read_from"] == ["qr", "ocr"]


def test_a_mecard_qr_is_read_without_tesseract(qapp, photo_dir, monkeypatch):
    mecard = (
        "MECARD:N:Schulz,Petra;TEL:+4940123456;EMAIL:petra@schulz-design.de;ORG:Schulz Design;;"
    )
    spec = CardSpec("Petra Schulz", "", "Schulz Design", qr=mecard)
    path = write_photo(spec, Shot(rotation=-5, seed=6), photo_dir / "mecard.jpg")
    monkeypatch.setenv("PATH", "/nonexistent")  # no tesseract program to be found
    scan = scan_card(path)
    f = scan.fields
    assert f.name.value == "Petra Schulz"
    assert f.company.value == "Schulz Design"
    assert [e.value for e in f.emails] == ["petra@schulz-design.de"]
    assert f.phones[0].value.replace(" ", "") == "+4940123456"
    assert scan.as_json()["read_from"] == ["qr"]


def test_without_tesseract_a_card_without_qr_says_how_to_install_it(qapp, photo_dir, monkeypatch):
    path = write_photo(
        CardSpec("Petra Schulz", "Designerin", "Schulz Design GmbH"),
        Shot(seed=8),
        photo_dir / "noqr.jpg",
    )
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ScanError, match="apt install tesseract-ocr"):
        scan_card(path)


def test_mecard_escapes_and_name_order():
    data = parse_mecard(r"MECARD:N:García\, Jr.,Ana;ADR:Calle Mayor 5\;1º,Madrid;EMAIL:ana@x.es;;")
    assert data is not None
    assert data.full_name == "Ana García, Jr."
    assert data.emails == ("ana@x.es",)
    assert "Calle Mayor 5;1º" in data.postal_address
