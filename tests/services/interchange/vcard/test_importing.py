"""Several vCard files at once: each file all or nothing, one transaction, cancellable."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from followup_gui.demo.scale import fill_scaled
from followup_gui.domain.errors import ImportFileError
from followup_gui.services import changes as ch
from followup_gui.services.changes import NOTHING
from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts.card_images import store_card_bytes
from followup_gui.services.interchange.vcard.cards import export_vcards
from followup_gui.services.interchange.vcard.importing import import_vcard_files, import_vcards
from followup_gui.storage import Database
from followup_gui.storage import models as m

PHOTO = base64.b64encode(b"\x89PNG a photo that is new").decode()
OLD_PHOTO = b"\x89PNG a photo already stored"


class Stop(Exception):
    """What a cancelled progress report raises in these tests."""


def card(name: str, extra: str = "") -> str:
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\n{extra}END:VCARD\r\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def names(db: Database) -> list[str]:
    return sorted(c.full_name for c in contacts.list_contacts(db))


def test_good_files_import_and_a_bad_one_is_named_with_card_and_line(
    db: Database, tmp_path: Path
) -> None:
    first = write(tmp_path, "team.vcf", card("Ann Lee") + card("Bob Stone"))
    bad = write(
        tmp_path,
        "broken.vcf",
        card("Cleo Park") + card("Dan Roe", "EMAIL:not an address\r\n"),
    )
    last = write(tmp_path, "more.vcf", card("Eve Moss"))
    missing = tmp_path / "gone.vcf"
    seen: list[tuple[int, int]] = []
    report = import_vcard_files(
        db,
        [first, bad, missing, last],
        tmp_path / "data",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert [c.full_name for c in report.added] == ["Ann Lee", "Bob Stone", "Eve Moss"]
    # The import reports exactly the contacts it created, and nothing of the board.
    assert report.changes == ch.contacts(c.id for c in contacts.list_contacts(db))
    assert report.changes.contact_ids == {c.id for c in report.added}
    assert not report.changes.board
    assert names(db) == ["Ann Lee", "Bob Stone", "Eve Moss"]  # nothing of broken.vcf
    assert [f.path for f in report.failures] == [bad, missing]
    broken = report.failures[0]
    assert isinstance(broken.error, ImportFileError)
    assert broken.message.startswith("broken.vcf: card 2 (Dan Roe), line 8: email")
    assert report.failures[1].message.startswith("gone.vcf: ")
    assert import_vcard_files(db, [bad], tmp_path / "data").changes == NOTHING
    assert seen[-1][0] == seen[-1][1] == 6  # 3 good cards parsed, then written


def test_a_cancel_while_writing_imports_nothing_and_removes_new_photos(
    db: Database, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    kept = store_card_bytes(OLD_PHOTO, ".png", data)
    photo_card = card("Ann Lee", f"PHOTO;ENCODING=b;TYPE=PNG:{PHOTO}\r\n")
    again = card(
        "Old Photo", f"PHOTO;ENCODING=b;TYPE=PNG:{base64.b64encode(OLD_PHOTO).decode()}\r\n"
    )
    files = [write(tmp_path, "a.vcf", photo_card + again), write(tmp_path, "b.vcf", card("Bob"))]
    total = 6

    def progress(done: int, of: int) -> None:
        if done == of == total:  # every row is written, nothing is committed yet
            raise Stop

    with pytest.raises(Stop):
        import_vcard_files(db, files, data, progress=progress)
    assert names(db) == []
    assert [p.name for p in (data / "cards").iterdir()] == [Path(kept).name]
    # The same files import once nobody cancels, photos included.
    report = import_vcard_files(db, files, data)
    assert names(db) == ["Ann Lee", "Bob", "Old Photo"]
    assert Path(report.added[0].card_image).read_bytes() == base64.b64decode(PHOTO)


def test_generated_contacts_go_through_a_vcard_round_trip(tmp_path: Path) -> None:
    # The --scale generator's contacts must look like real ones: the import checks
    # every number, and a fake one would refuse the whole file.

    source = Database.open(tmp_path / "source.sqlite3")
    target = Database.open(tmp_path / "target.sqlite3")
    try:
        fill_scaled(source, 40, now=datetime(2026, 11, 24, 12, tzinfo=UTC))
        written = export_vcards(source, tmp_path / "all.vcf")
        assert written == 120
        added = import_vcards(target, tmp_path / "all.vcf", tmp_path / "data", "US").value
        assert len(added) == 120
        with source.read() as s, target.read() as t:
            numbers = sorted(p for c in s.scalars(select(m.Contact)) for p in c.phones)
            imported = sorted(p for c in t.scalars(select(m.Contact)) for p in c.phones)
        assert len(set(numbers)) == 120  # one number each, no two alike
        assert len(imported) == 120
    finally:
        source.close()
        target.close()


def test_the_same_vcard_imported_twice_updates_instead_of_duplicating(
    db: Database, tmp_path: Path
) -> None:
    """A card whose email is already kept updates that contact: no second Ann."""
    first = tmp_path / "ann.vcf"
    first.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.com\r\n"
        "TITLE:Recruiter\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    report = import_vcard_files(db, [first], tmp_path / "data", "US")
    assert len(report.added) == 1 and report.updated == ()
    again = import_vcard_files(db, [first], tmp_path / "data", "US")
    assert again.added == () and [c.full_name for c in again.updated] == ["Ann Lee"]
    newer = tmp_path / "ann2.vcf"
    newer.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\nEMAIL:ANN@example.com\r\n"
        "TEL:+1 212 555 0100\r\nTITLE:Head of Talent\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    import_vcard_files(db, [newer], tmp_path / "data", "US")
    everyone = contacts.list_contacts(db)
    assert [c.full_name for c in everyone] == ["Ann Lee"]
    ann = everyone[0]
    assert ann.title == "Head of Talent"
    assert ann.phones == ("+1 212-555-0100",)
    assert [e.casefold() for e in ann.emails] == ["ann@example.com"]
