"""The streaming JSON export writes the very bytes the whole-document writer wrote."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from followup_gui.demo.example import fill_demo
from followup_gui.demo.scale import fill_scaled
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.json import export
from followup_gui.services.interchange.json.backup import export_json
from followup_gui.storage import Database
from followup_gui.storage import models as m
from tests.services.interchange.json.old_writer import old_export_text

NOW = datetime(2026, 11, 20, 20, tzinfo=UTC)
SETTINGS = PlannerSettings()
CARRIED: dict[str, str | int | bool] = {
    "planner/business_start": "09:00",
    "planner/plan_thank_you_cards": True,
}


def _old(db: Database, settings: dict[str, str | int | bool] | None = None) -> bytes:
    with db.read() as session:
        return old_export_text(session, settings).encode("utf-8")


def _awkward(db: Database) -> None:
    """Text JSON escapes, a contact without email or phone, ties in time, shared people."""
    at = datetime(2026, 3, 1, 15, tzinfo=UTC)
    with db.write() as s:
        people = [
            m.Contact(full_name='Zoë "Z" Ångström\\', emails=[], phones=[]),
            m.Contact(full_name="李雷 🙂", emails=["a@x.example", "b@x.example"], phones=["1"]),
            m.Contact(full_name="Line\nbreak\ttab", notes="\u2028 and \u00e9"),
        ]
        s.add_all(people)
        app = m.Application(
            company="Ünïcode </script> & Co",
            stage_key="interviewed",
            timezone="Asia/Kolkata",
            notes="two\nlines",
            decision_expected=date(2027, 1, 2),
            primary_contact=people[1],
        )
        s.add(app)
        s.flush()
        for offset in (0, 0, 1):  # two interviews at the same moment
            interview = m.Interview(
                application_id=app.id,
                starts_at=at + timedelta(hours=offset),
                ends_at=at + timedelta(hours=offset + 1),
                participants=[people[2], people[0]],
            )
            s.add(interview)
        for outcome in ("voicemail", "spoke"):  # two attempts at the same moment
            s.add(m.Attempt(application_id=app.id, kind="call", at=at, outcome=outcome))
        s.add(m.Application(company="Bare", stage_key="wishlist", timezone="UTC"))


def test_export_is_byte_identical_to_the_whole_document_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small batches, so applications, interviews and contacts cross batch boundaries.
    monkeypatch.setattr(export, "BATCH", 7)
    db = Database.open(tmp_path / "source.sqlite3")
    fill_demo(db, NOW, SETTINGS)
    fill_scaled(db, 60, seed=3, now=NOW, settings=SETTINGS)
    _awkward(db)
    target = tmp_path / "export.json"

    written = export_json(db, target, settings=CARRIED)

    assert target.read_bytes() == _old(db, CARRIED)
    with db.read() as s:
        assert written == s.query(m.Application).count() > 60
    export_json(db, target)
    assert target.read_bytes() == _old(db)
    db.close()


def test_export_of_an_empty_database_is_the_old_writers(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "empty.sqlite3")
    target = tmp_path / "export.json"

    assert export_json(db, target) == 0

    assert target.read_bytes() == _old(db)
    db.close()


def test_dump_writes_what_json_dumps_writes() -> None:
    import json

    value = {"a": [], "b": {}, "c": [{"d": None, "e": True, "f": False, "g": -12}], "h": 'é\n"'}
    assert export.dump(value) == json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        export.dump(1.5)
