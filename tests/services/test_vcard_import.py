"""Several vCard files at once: each file all or nothing, one transaction, cancellable."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from followup_gui.domain.errors import ImportFileError
from followup_gui.services import contacts
from followup_gui.services.vcard_import import import_vcard_files
from followup_gui.storage import Database

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
    assert names(db) == ["Ann Lee", "Bob Stone", "Eve Moss"]  # nothing of broken.vcf
    assert [f.path for f in report.failures] == [bad, missing]
    broken = report.failures[0]
    assert isinstance(broken.error, ImportFileError)
    assert broken.message.startswith("broken.vcf: card 2 (Dan Roe), line 8: email")
    assert report.failures[1].message.startswith("gone.vcf: ")
    assert seen[-1][0] == seen[-1][1] == 6  # 3 good cards parsed, then written


def test_a_cancel_while_writing_imports_nothing_and_removes_new_photos(
    db: Database, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    kept = contacts.store_card_bytes(OLD_PHOTO, ".png", data)
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
