"""The command line does what the window does: see the plan, act on it, change settings."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from followup_gui.app import main

SAMPLE = Path(__file__).parent / "fixtures" / "sample.json"
NOW = "2026-11-26T12:00:00-05:00"


def run(*args: str) -> int:
    return main(list(args))


def out_json(capsys: pytest.CaptureFixture[str]) -> object:
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "a.sqlite3")
    assert (
        run("--db", path, "--now", "2026-11-20T16:00:00-05:00", "import", "json", str(SAMPLE)) == 0
    )
    capsys.readouterr()
    return path


def _agenda(db: str, capsys: pytest.CaptureFixture[str], now: str = NOW) -> list[dict]:
    assert run("--db", db, "--now", now, "agenda", "--days", "30", "--json") == 0
    items = out_json(capsys)
    assert isinstance(items, list)
    return items


def test_the_agenda_names_the_step_its_person_and_its_scripts(db: str, capsys) -> None:
    item = _agenda(db, capsys)[0]
    assert isinstance(item["follow_up_id"], int) and isinstance(item["contact_id"], int)
    assert item["scripts"]  # the kinds of script that help with the step
    assert item["missing_phone"] is False and item["missing_email"] is False


def test_a_step_s_script_prints_with_its_subject(db: str, capsys) -> None:
    thanks = next(i for i in _agenda(db, capsys) if i["kind"] == "thank_you_email")
    assert run("--db", db, "script", str(thanks["follow_up_id"]), "--json") == 0
    scripts = out_json(capsys)["scripts"]
    assert scripts[0]["subject"] and "Dana" in scripts[0]["body"]
    assert run("--db", db, "script", str(thanks["follow_up_id"])) == 0
    assert "Subject:" in capsys.readouterr().out


def test_logging_an_outcome_re_plans_as_the_window_does(db: str, capsys) -> None:
    thanks = next(i for i in _agenda(db, capsys) if i["kind"] == "thank_you_email")
    assert run("--db", db, "--now", NOW, "log", str(thanks["follow_up_id"]), "sent", "--json") == 0
    done = out_json(capsys)
    assert done["follow_up_id"] == thanks["follow_up_id"]
    assert thanks["follow_up_id"] not in [i["follow_up_id"] for i in _agenda(db, capsys)]
    # Logged twice: the step is no longer pending; one line, exit 2, nothing changed.
    assert run("--db", db, "log", str(thanks["follow_up_id"]), "sent") == 2
    err = capsys.readouterr().err
    assert "already" in err and "Traceback" not in err


def test_snooze_skip_and_move(db: str, capsys) -> None:
    steps = _agenda(db, capsys, "2026-12-20T12:00:00-05:00")
    first = steps[0]
    assert (
        run(
            "--db",
            db,
            "--now",
            NOW,
            "snooze",
            str(first["follow_up_id"]),
            "2027-01-05T10:00:00-05:00",
        )
        == 0
    )
    capsys.readouterr()
    later = {i["follow_up_id"]: i for i in _agenda(db, capsys, "2027-01-06T12:00:00-05:00")}
    assert later[first["follow_up_id"]]["due"].startswith("2027-01-05")
    assert run("--db", db, "--now", NOW, "skip", str(first["follow_up_id"])) == 0
    capsys.readouterr()
    assert first["follow_up_id"] not in {
        i["follow_up_id"] for i in _agenda(db, capsys, "2027-02-01T12:00:00-05:00")
    }
    app_id = first["application_id"]
    assert run("--db", db, "--now", NOW, "move", str(app_id), "offer", "--json") == 0
    assert out_json(capsys)["stage"] == "offer"
    assert not [i for i in _agenda(db, capsys, "2027-02-01T12:00:00-05:00") if i["kind"] == "call"]
    assert run("--db", db, "move", str(app_id), "no-such-stage") == 2
    assert "no-such-stage" in capsys.readouterr().err


def test_applications_and_show(db: str, capsys) -> None:
    assert run("--db", db, "--now", NOW, "applications", "--json") == 0
    (app,) = out_json(capsys)
    assert app["company"] == "Acme Robotics" and app["next_step"]["kind"]
    assert run("--db", db, "--now", NOW, "show", str(app["id"]), "--json") == 0
    shown = out_json(capsys)
    assert shown["company"] == "Acme Robotics" and shown["plan"] and shown["interviews"]
    assert run("--db", db, "show", "999") == 2
    assert "Traceback" not in capsys.readouterr().err


def test_settings_list_get_set_checked(tmp_path: Path, capsys) -> None:
    config = str(tmp_path / "profile.ini")
    assert run("--config", config, "settings", "set", "planner/business_start", "8:30") == 0
    capsys.readouterr()
    assert run("--config", config, "settings", "get", "planner/business_start") == 0
    assert capsys.readouterr().out.strip() == "08:30"
    assert run("--config", config, "settings", "set", "planner/holidays_country", "de") == 0
    assert run("--config", config, "settings", "list", "--json") == 0
    capsys.readouterr()
    assert run("--config", config, "settings", "set", "planner/business_start", "25:00") == 2
    err = capsys.readouterr().err
    assert "planner/business_start" in err and "09:30" in err
    assert run("--config", config, "settings", "set", "planner/nope", "1") == 2
    assert "planner/nope" in capsys.readouterr().err
    assert "business_start=08:30" in Path(config).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--now", "9999-12-31T12:00:00+00:00", "agenda"], "--now"),
        (["--now", "2026-11-05", "agenda"], "2026-11-05T00:00:00+00:00"),
        (["agenda", "--days", "99999999"], "--days"),
        (["log", "1", "perhaps"], "OUTCOME"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], names: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "followup_gui", "--db", str(tmp_path / "a.sqlite3"), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert names in proc.stderr and "Traceback" not in proc.stderr


def test_a_suggested_now_is_itself_accepted(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "a.sqlite3")
    assert run("--db", db, "--now", "2026-11-05T00:00:00+00:00", "agenda") == 0


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(version=True), "version"),
        (
            lambda d: d["applications"][0]["interviews"][0]["contacts"].append("c1"),
            "interviews[0].contacts[1]",
        ),
    ],
)
def test_a_file_with_a_repeated_record_is_refused_by_name(
    tmp_path: Path, capsys, change, where: str
) -> None:
    doc = copy.deepcopy(json.loads(SAMPLE.read_text(encoding="utf-8")))
    change(doc)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    assert run("--db", str(tmp_path / "a.sqlite3"), "import", "json", str(bad)) == 2
    err = capsys.readouterr().err
    assert where in err and "Traceback" not in err


def test_planner_settings_travel_in_the_json_file(tmp_path: Path, capsys) -> None:
    first, second = tmp_path / "first.ini", tmp_path / "second.ini"
    db1, db2, file = tmp_path / "1.sqlite3", tmp_path / "2.sqlite3", tmp_path / "all.json"
    assert run("--config", str(first), "settings", "set", "planner/business_start", "11:00") == 0
    assert run("--config", str(first), "settings", "set", "planner/holidays_country", "US") == 0
    assert run("--config", str(first), "--db", str(db1), "import", "json", str(SAMPLE)) == 0
    assert run("--config", str(first), "--db", str(db1), "export", "json", str(file)) == 0
    carried = json.loads(file.read_text(encoding="utf-8"))["settings"]
    assert carried["planner/business_start"] == "11:00"
    assert carried["planner/holidays_country"] == "US"
    capsys.readouterr()
    # Another machine, default settings: the file brings its settings, and plans with them.
    assert (
        run("--config", str(second), "--db", str(db2), "--now", NOW, "import", "json", str(file))
        == 0
    )
    capsys.readouterr()
    assert run("--config", str(second), "settings", "get", "planner/business_start") == 0
    assert capsys.readouterr().out.strip() == "11:00"
    calls = [
        i for i in _agenda(str(db2), capsys, "2027-03-01T12:00:00-05:00") if i["kind"] == "call"
    ]
    assert calls and all(int(c["due"][11:13]) >= 11 for c in calls)


def test_a_file_with_a_bad_setting_changes_nothing(tmp_path: Path, capsys) -> None:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["settings"] = {"planner/business_start": "25:00"}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    db = str(tmp_path / "a.sqlite3")
    assert run("--db", db, "import", "json", str(bad)) == 2
    assert "settings.planner/business_start" in capsys.readouterr().err
    assert run("--db", db, "applications", "--json") == 0
    assert out_json(capsys) == []
