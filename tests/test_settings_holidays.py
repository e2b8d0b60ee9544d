"""Holidays and bridge days as settings: on by default, settable in the file, the CLI and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_gui.app import main
from followup_gui.settings import BRIDGE_DAYS, HOLIDAYS_COUNTRY, Settings, parse_setting

SAMPLE = Path(__file__).parent / "fixtures" / "sample.json"


def run(*args: str) -> int:
    return main(list(args))


def test_holidays_and_bridge_days_are_on_by_default(tmp_path: Path) -> None:
    planner = Settings(tmp_path / "new.ini").planner_settings()
    assert planner.holidays_country == "auto"  # the employer's country, from the time zone
    assert planner.bridge_days == ("auto",)


def test_an_empty_country_written_by_an_older_version_means_the_default(tmp_path: Path) -> None:
    # The older window wrote "" for "ignore holidays", its default, which nobody chose.
    path = tmp_path / "old.ini"
    path.write_text("[planner]\nholidays_country=\n", encoding="utf-8")
    assert Settings(path).planner_settings().holidays_country == "auto"
    settings = Settings(path)
    settings.set(HOLIDAYS_COUNTRY, "off")
    assert Settings(path).planner_settings().holidays_country is None


@pytest.mark.parametrize(
    ("key", "text", "stored"),
    [
        (HOLIDAYS_COUNTRY.key, "de-by", "DE-BY"),
        (HOLIDAYS_COUNTRY.key, "", "auto"),
        (HOLIDAYS_COUNTRY.key, "none", "off"),
        (BRIDGE_DAYS.key, "auto; de:easter+40", "auto, DE:easter+40"),
        (BRIDGE_DAYS.key, "off", "off"),
    ],
)
def test_values_are_checked_and_normalised(key: str, text: str, stored: str) -> None:
    assert parse_setting(key, text) == stored


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        (HOLIDAYS_COUNTRY.key, "XX", "not a country code"),
        (HOLIDAYS_COUNTRY.key, "DE-ZZ", "no region ZZ"),
        (BRIDGE_DAYS.key, "12-32", "'12-32' is not a bridge day"),
    ],
)
def test_bad_values_are_refused_by_name(key: str, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_setting(key, text)


def test_the_command_line_sets_bridge_days_and_refuses_a_bad_one(tmp_path: Path, capsys) -> None:
    config = str(tmp_path / "p.ini")
    assert run("--config", config, "settings", "set", "planner/bridge_days", "12-23, auto") == 0
    assert Settings(Path(config)).planner_settings().bridge_days == ("12-23", "auto")
    capsys.readouterr()
    assert run("--config", config, "settings", "set", "planner/bridge_days", "xmas") == 2
    err = capsys.readouterr().err
    assert "planner/bridge_days" in err and "'xmas'" in err and "Traceback" not in err


def _first_call(tmp_path: Path, capsys, name: str, settings: dict[str, str] | None) -> str:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    del doc["applications"][0]["decision_expected"]
    if settings is not None:
        doc["settings"] = settings
    file = tmp_path / f"{name}.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    config, db = str(tmp_path / f"{name}.ini"), str(tmp_path / f"{name}.sqlite3")
    now = "2026-11-25T12:00:00-05:00"
    assert run("--config", config, "--db", db, "--now", now, "import", "json", str(file)) == 0
    capsys.readouterr()
    assert (
        run("--config", config, "--db", db, "--now", now, "agenda", "--days", "30", "--json") == 0
    )
    [call] = [i for i in json.loads(capsys.readouterr().out) if i["kind"] == "call"]
    return str(call["due"])[:10]


def test_bridge_days_travel_in_the_json_file_and_move_the_plan(tmp_path: Path, capsys) -> None:
    # The voicemail of Wed 25 Nov waits a week of business days: Thanksgiving never
    # counts; the Friday after it counts only with the bridge days off.
    assert _first_call(tmp_path, capsys, "default", None) == "2026-12-04"
    assert _first_call(tmp_path, capsys, "off", {"planner/bridge_days": "off"}) == "2026-12-03"
    assert Settings(tmp_path / "off.ini").get(BRIDGE_DAYS) == "off"
    out = tmp_path / "out.json"
    db = str(tmp_path / "off.sqlite3")
    assert run("--config", str(tmp_path / "off.ini"), "--db", db, "export", "json", str(out)) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["settings"]["planner/bridge_days"] == "off"
