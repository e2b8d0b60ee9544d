"""``followup-gui import vcard FILE`` and ``export vcard FILE [--contact ID]``: exit codes."""

from __future__ import annotations

from pathlib import Path

from followup_gui.app import main
from followup_gui.services.contacts import editing as contacts
from followup_gui.storage import Database

CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller\r\nTEL:+49 30 901820\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.com\r\nEND:VCARD\r\n"
)


def test_import_and_export_exit_zero(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "a.sqlite3")
    source = tmp_path / "in.vcf"
    source.write_text(CARDS, encoding="utf-8")
    assert main(["--db", db, "import", "vcard", str(source)]) == 0
    assert "Imported 2 contacts" in capsys.readouterr().out
    out = tmp_path / "out.vcf"
    assert main(["--db", db, "export", "vcard", str(out)]) == 0
    assert "Exported 2 contacts" in capsys.readouterr().out
    database = Database.open(db)
    try:
        ann = next(c for c in contacts.list_contacts(database) if c.full_name == "Ann Lee")
    finally:
        database.close()
    one = tmp_path / "one.vcf"
    assert main(["--db", db, "export", "vcard", str(one), "--contact", str(ann.id)]) == 0
    assert one.read_text(encoding="utf-8").count("BEGIN:VCARD") == 1


def test_bad_file_exits_2_without_traceback_and_imports_nothing(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "a.sqlite3")
    bad = tmp_path / "bad.vcf"
    bad.write_text(
        CARDS + "BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nEMAIL:bob\nEND:VCARD\n", encoding="utf-8"
    )
    assert main(["--db", db, "import", "vcard", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "card 3 (Bob), line 14" in err and "Traceback" not in err
    assert "nothing was changed" in err
    database = Database.open(db)
    try:
        assert contacts.list_contacts(database) == []
    finally:
        database.close()


def test_non_utf8_and_unknown_contact_exit_2(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "a.sqlite3")
    latin = tmp_path / "latin.vcf"
    latin.write_bytes("BEGIN:VCARD\nFN:Jürgen\nEND:VCARD\n".encode("latin-1"))
    assert main(["--db", db, "import", "vcard", str(latin)]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    out = tmp_path / "out.vcf"
    assert main(["--db", db, "export", "vcard", str(out), "--contact", "42"]) == 2
    assert "no contact with id 42" in capsys.readouterr().err
    assert not out.exists()


def test_missing_file_fails_cleanly(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "a.sqlite3")
    assert main(["--db", db, "import", "vcard", str(tmp_path / "nope.vcf")]) == 1
    assert "No such file" in capsys.readouterr().err
