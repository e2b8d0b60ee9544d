"""vCard import (2.1, 3.0, 4.0) and 4.0 export: round trip, and every kind of bad file."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from followup_gui.domain.errors import ImportFileError
from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts.editing import FIELD_NAMES, ContactData
from followup_gui.services.interchange.vcard.cards import export_vcards, parse_vcards
from followup_gui.services.interchange.vcard.importing import import_vcards
from followup_gui.storage import Database

PHOTO = base64.b64encode(b"\x89PNG fake image bytes").decode()

V21 = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Müller;Jürgen\r\nFN:Jürgen Müller\r\n"
    "TITLE:Head of Platform\r\nORG:Nordlicht GmbH\r\n"
    "TEL;WORK;VOICE:+49 30 901820\r\nTEL;CELL:+49 170 1234567\r\n"
    "EMAIL;INTERNET:j.mueller@example.de\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE:Met at the=0D=0Aonsite =\r\nday\r\n"
    "PHOTO;ENCODING=BASE64;TYPE=PNG:\r\n " + PHOTO[:12] + "\r\n " + PHOTO[12:] + "\r\n\r\n"
    "END:VCARD\r\n"
)

# Storage-backed: these run on SQLite and PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.backends
V30 = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Zoë Ångström-Nuñez\nN:Ångström-Nuñez;Zoë;;;\n"
    "NICKNAME:Zo\nEMAIL;TYPE=INTERNET,WORK:zoe@example.com\nEMAIL;TYPE=HOME:zoe@home.example\n"
    "item1.URL:https://www.linkedin.com/in/zoe\nURL:nordlicht.example\n"
    "ADR;TYPE=WORK:;;Friedrichstraße 1;Berlin;;10117;Germany\n"
    "NOTE:A very long note that goes on and on so that the line is folded at seventy\n"
    " -five octets as the standard says.\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Tomás Ruiz\nTEL;TYPE=CELL:(415) 555-0178\nEND:VCARD\n"
)
V40 = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Siobhán Kavanagh\r\n"
    "TEL;VALUE=uri;TYPE=work:tel:+1-415-555-0177;ext=12\r\n"
    f"PHOTO:data:image/png;base64,{PHOTO}\r\nEND:VCARD\r\n"
)


def test_reads_2_1_with_quoted_printable_folding_and_photo() -> None:
    [card] = parse_vcards(V21.encode())
    c = card.contact
    assert c.full_name == "Jürgen Müller"
    assert (c.title, c.company) == ("Head of Platform", "Nordlicht GmbH")
    assert c.phones == ("+49 30 901820", "+49 170 1234567")
    assert c.emails == ("j.mueller@example.de",)
    assert c.notes == "Met at the\nonsite day"
    assert card.photo == base64.b64decode(PHOTO) and card.photo_suffix == ".png"


def test_reads_several_3_0_cards_with_utf8_and_folded_lines() -> None:
    zoe, tomas = (c.contact for c in parse_vcards(V30.encode(), "US"))
    assert zoe.full_name == "Zoë Ångström-Nuñez" and zoe.preferred_name == "Zo"
    assert zoe.emails == ("zoe@example.com", "zoe@home.example")
    assert zoe.linkedin == "https://www.linkedin.com/in/zoe"
    assert zoe.website == "https://nordlicht.example"
    assert zoe.postal_address == "Friedrichstraße 1\nBerlin, 10117\nGermany"
    assert "seventy-five octets" in zoe.notes
    assert tomas.phones == ("+1 415-555-0178",)


def test_reads_4_0_tel_uri_and_data_uri_photo() -> None:
    [card] = parse_vcards(V40.encode())
    assert card.contact.phones == ("+1 415-555-0177 ext. 12",)
    assert card.photo == base64.b64decode(PHOTO)


@pytest.mark.parametrize(
    ("content", "where", "what"),
    [
        (b"", "", "empty"),
        (b"\r\n  \n", "", "empty"),
        ("BEGIN:VCARD\nFN:Jürgen\nEND:VCARD\n".encode("latin-1"), "line 2", "not UTF-8"),
        (b"BEGIN:VCARD\nVERSION:3.0\nFN:Ann\n", "card 1 (Ann), line 1", "no END:VCARD"),
        (
            b"BEGIN:VCARD\nFN:Ann\nEND:VCARD\nBEGIN:VCARD\nFN:Bob\nBEGIN:VCARD\nEND:VCARD\n",
            "card 2 (Bob), line 6",
            "before this one ends",
        ),
        (b"hello\nBEGIN:VCARD\nFN:A\nEND:VCARD\n", "line 1", "outside any card"),
        (
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD\n"
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nthis line is broken\nEND:VCARD\n",
            "card 2 (Bob), line 8",
            "cannot be read",
        ),
        (
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL:ann-at-x\nEND:VCARD",
            "card 1 (Ann), line 4",
            "@-sign",
        ),
        (b"BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nTEL:12\nEND:VCARD", "card 1 (Ann), line 4", "phone"),
        (b"BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nURL:a b\nEND:VCARD", "card 1 (Ann), line 4", "spaces"),
        (
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nPHOTO;ENCODING=b;TYPE=JPEG:@@@\nEND:VCARD",
            "card 1 (Ann), line 4",
            "base64",
        ),
        (b"BEGIN:VCARD\nVERSION:5.0\nFN:Ann\nEND:VCARD", "card 1 (Ann), line 2", "not 2.1"),
        (b"BEGIN:VCARD\nVERSION:3.0\nTITLE:CTO\nEND:VCARD", "card 1, line 1", "no name"),
    ],
)
def test_bad_file_names_card_and_line(content: bytes, where: str, what: str) -> None:
    with pytest.raises(ImportFileError) as info:
        parse_vcards(content, "US")
    assert info.value.where == where
    assert what in info.value.what


def test_bad_file_imports_nothing(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "mixed.vcf"
    path.write_bytes(V30.encode() + b"BEGIN:VCARD\nVERSION:3.0\nFN:Bad\nEMAIL:nope\nEND:VCARD\n")
    with pytest.raises(ImportFileError, match="card 3 \\(Bad\\)"):
        import_vcards(db, path, tmp_path / "data", "US")
    assert contacts.list_contacts(db) == []


def _fields(c: ContactData) -> dict[str, object]:
    return {name: getattr(c, name) for name in FIELD_NAMES}


def test_export_then_import_gives_the_same_contacts(db: Database, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    source = tmp_path / "in.vcf"
    source.write_text(V21 + V30 + V40, encoding="utf-8")
    first = import_vcards(db, source, data_dir, "US").value
    extra = contacts.save_contact(
        db,
        ContactData(
            full_name="Dana; Whitfield, Jr.",
            pronunciation="DAY-nuh",
            met_how="Panel interview\nroom 4",
            name_confirmed=True,
            postal_address="1 Main St\\Suite 5\nSpringfield",
            notes="Semicolons; commas, backslashes \\ and\nnew lines",
        ),
    ).value
    exported = tmp_path / "out.vcf"
    assert export_vcards(db, exported) == len(first) + 1
    text = exported.read_bytes().decode("utf-8")
    assert text.count("VERSION:4.0") == len(first) + 1
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    again = import_vcards(db, exported, data_dir, "US").value
    by_name = {c.full_name: _fields(c) for c in again}
    for original in [*first, extra]:
        assert by_name[original.full_name] == _fields(original)
    assert next(c for c in first if c.full_name == "Jürgen Müller").card_image


def test_export_one_contact_and_unknown_id(db: Database, tmp_path: Path) -> None:
    a = contacts.save_contact(db, ContactData(full_name="Ann")).value
    contacts.save_contact(db, ContactData(full_name="Bob"))
    assert export_vcards(db, tmp_path / "a.vcf", [a.id or 0]) == 1
    assert "FN:Ann" in (tmp_path / "a.vcf").read_text(encoding="utf-8")
    with pytest.raises(ImportFileError, match="no contact with id 999"):
        export_vcards(db, tmp_path / "b.vcf", [999])
