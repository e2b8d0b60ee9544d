"""``followup-gui scan-card``: print what a card says, ``--save`` adds it, bad input exits 2."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench.card_set import CARDS, SHOTS
from bench.cards import write_photo
from followup_gui.app import main
from followup_gui.services.contacts import editing as contacts
from followup_gui.storage import Database
from tests.services.contacts.scan.conftest import need_tesseract


@pytest.fixture
def photo(qapp, tmp_path) -> Path:
    need_tesseract()
    return write_photo(CARDS[2], SHOTS[2], tmp_path / "garcia.jpg")


def test_json_prints_every_field_with_its_confidence_and_saves_nothing(photo, tmp_path, capsys):
    db = tmp_path / "a.sqlite3"
    assert main(["--db", str(db), "scan-card", str(photo), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["name"] == {"value": "María José García", "confidence": out["name"]["confidence"]}
    assert 0.8 <= out["name"]["confidence"] <= 1
    for key in ("title", "company", "website", "address"):
        assert set(out[key]) == {"value", "confidence"}
    assert [e["value"] for e in out["emails"]] == ["mjgarcia@solucionesibericas.es"]
    assert len(out["phones"]) == 2
    assert not db.exists()  # not even the database was opened


def test_text_output_lists_the_fields(photo, capsys):
    assert main(["scan-card", str(photo)]) == 0
    out = capsys.readouterr().out
    assert "María José García" in out
    assert "+34 612 34 56 78" in out


def test_save_adds_the_contact_with_the_card_picture(photo, tmp_path, capsys):
    db = tmp_path / "a.sqlite3"
    assert main(["--db", str(db), "scan-card", str(photo), "--save", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    database = Database.open(str(db))
    try:
        saved = contacts.get_contact(database, out["contact_id"])
    finally:
        database.close()
    assert saved.full_name == "María José García"
    assert saved.name_confirmed is False
    assert saved.emails == ("mjgarcia@solucionesibericas.es",)
    picture = Path(saved.card_image)
    assert picture.is_file() and picture.parent == Path(os.environ["FOLLOWUP_DATA_DIR"]) / "cards"


def test_bad_input_exits_2_with_one_line_and_changes_nothing(tmp_path, capsys):
    db = tmp_path / "a.sqlite3"
    text = tmp_path / "card.jpg"
    text.write_text("not a photo")
    assert main(["--db", str(db), "scan-card", str(text), "--save"]) == 2
    err = capsys.readouterr().err
    assert "card.jpg is not a picture" in err
    assert "nothing was changed" in err
    assert "Traceback" not in err
    assert not db.exists()
