"""A vCard imported again updates the person it names (same UID, else same email).

Neither a second contact nor a second copy of the card's photo is stored.
"""

from __future__ import annotations

import base64
from pathlib import Path

from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts.card_images import CARDS_FOLDER, store_card_bytes
from followup_gui.services.contacts.links import merged_values
from followup_gui.services.interchange.vcard.cards import export_vcards, parse_vcards
from followup_gui.services.interchange.vcard.importing import import_vcard_files
from followup_gui.storage import Database

UID = "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
PICTURE = b"\xff\xd8\xff\xe0 a business card photo"


def vcf(folder: Path, name: str, *lines: str) -> Path:
    path = folder / name
    body = "".join(f"{line}\r\n" for line in lines)
    path.write_text(f"BEGIN:VCARD\r\nVERSION:4.0\r\n{body}END:VCARD\r\n", encoding="utf-8")
    return path


def photos(data_dir: Path) -> list[str]:
    folder = data_dir / CARDS_FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_the_same_uid_updates_the_contact_even_with_a_new_email(
    db: Database, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    first = vcf(tmp_path, "ann.vcf", "FN:Ann Lee", f"UID:{UID}", "EMAIL:ann@old.example")
    assert len(import_vcard_files(db, [first], data).added) == 1
    moved = vcf(tmp_path, "ann-new-job.vcf", "FN:Ann Lee", f"UID:{UID}", "EMAIL:ann@new.example")
    again = import_vcard_files(db, [moved], data)
    assert again.added == ()
    [ann] = contacts.list_contacts(db)
    assert [c.id for c in again.updated] == [ann.id]
    assert ann.emails == ("ann@old.example", "ann@new.example")
    assert ann.vcard_uid == UID


def test_a_card_without_email_imported_twice_is_one_contact(db: Database, tmp_path: Path) -> None:
    card = vcf(tmp_path, "bob.vcf", "FN:Bob Stone", f"UID:{UID}", "TITLE:CTO")
    import_vcard_files(db, [card], tmp_path / "data")
    import_vcard_files(db, [card], tmp_path / "data")
    assert [c.full_name for c in contacts.list_contacts(db)] == ["Bob Stone"]


def test_a_different_uid_with_no_shared_email_is_another_person(
    db: Database, tmp_path: Path
) -> None:
    one = vcf(tmp_path, "a.vcf", "FN:Sam Lee", f"UID:{UID}")
    other = vcf(tmp_path, "b.vcf", "FN:Sam Lee", "UID:urn:uuid:another")
    import_vcard_files(db, [one, other], tmp_path / "data")
    assert len(contacts.list_contacts(db)) == 2


def test_the_same_photo_imported_again_is_stored_once(db: Database, tmp_path: Path) -> None:
    data = tmp_path / "data"
    payload = base64.b64encode(PICTURE).decode()
    card = vcf(
        tmp_path,
        "ann.vcf",
        "FN:Ann Lee",
        f"UID:{UID}",
        f"PHOTO:data:image/jpeg;base64,{payload}",
    )
    import_vcard_files(db, [card], data)
    import_vcard_files(db, [card], data)
    assert len(photos(data)) == 1
    [ann] = contacts.list_contacts(db)
    assert Path(ann.card_image).read_bytes() == PICTURE


def test_an_exported_card_imported_back_keeps_one_contact_and_one_photo(
    db: Database, tmp_path: Path
) -> None:
    """The photo was kept as ``.jpeg``; the export says image/jpeg, read back as ``.jpg``."""
    data = tmp_path / "data"
    kept = store_card_bytes(PICTURE, ".jpeg", data)
    saved = contacts.save_contact(
        db,
        contacts.ContactData(full_name="Ann Lee", emails=("ann@example.com",), card_image=kept),
    )
    exported = tmp_path / "out.vcf"
    export_vcards(db, exported)
    report = import_vcard_files(db, [exported], data)
    assert report.added == ()
    [ann] = contacts.list_contacts(db)
    assert ann.id == saved.value.id
    assert ann.card_image == kept
    assert photos(data) == [Path(kept).name]


def test_the_uid_is_written_out_and_read_back(db: Database, tmp_path: Path) -> None:
    card = vcf(tmp_path, "ann.vcf", "FN:Ann Lee", f"UID:{UID}")
    import_vcard_files(db, [card], tmp_path / "data")
    out = tmp_path / "out.vcf"
    export_vcards(db, out)
    assert f"UID:{UID}\r\n" in out.read_bytes().decode("utf-8")
    [parsed] = parse_vcards(out.read_bytes(), None)
    assert parsed.contact.vcard_uid == UID


def test_a_merge_keeps_the_uid_of_either_contact() -> None:
    primary = contacts.ContactData(full_name="Ann Lee")
    other = contacts.ContactData(full_name="Ann Lee", vcard_uid=UID)
    assert merged_values(primary, other).vcard_uid == UID
    assert merged_values(other, primary).vcard_uid == UID
