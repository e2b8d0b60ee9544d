"""The command line contract: JSON export/import, backup, agenda, exit codes."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from followup_gui import __version__
from followup_gui.app import main

SAMPLE = Path(__file__).parent / "fixtures" / "sample.json"


def run(*args: str) -> int:
    return main(list(args))


def test_version_prints_and_exits_zero() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "followup_gui", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0
    assert __version__ in out.stdout


def test_import_then_agenda_json(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "a.sqlite3")
    assert run("--db", db, "import", "json", str(SAMPLE)) == 0
    assert "Imported 1 application, 1 contact," in capsys.readouterr().out
    assert (
        run("--db", db, "agenda", "--now", "2026-11-26T12:00:00-05:00", "--days", "14", "--json")
        == 0
    )
    items = json.loads(capsys.readouterr().out)
    assert items, "a voicemail on Nov 25 must leave a next call planned"
    call = next(i for i in items if i["kind"] == "call")
    assert call["application"] == "Acme Robotics"
    assert call["role"] == "Backend Engineer"
    assert call["contact"] == "Dana Whitfield"
    assert call["rules"] and all(r.startswith("R") for r in call["rules"])
    assert call["reason"]
    # ISO 8601 with an offset
    assert call["due"][-6] in "+-" and call["due"][10] == "T"
    dues = [i["due"] for i in items]
    from datetime import datetime

    assert [datetime.fromisoformat(d) for d in dues] == sorted(
        datetime.fromisoformat(d) for d in dues
    )


def test_agenda_table_is_readable(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "a.sqlite3")
    run("--db", db, "import", "json", str(SAMPLE))
    capsys.readouterr()
    assert run("--db", db, "agenda", "--now", "2026-11-26T12:00:00-05:00", "--days", "14") == 0
    out = capsys.readouterr().out
    # The id first: it is what `log`, `snooze`, `skip` and `script` take.
    assert out.splitlines()[0].split()[:4] == ["Id", "Due", "What", "Who"]
    assert "Dana Whitfield" in out and "Acme Robotics (Backend Engineer)" in out
    first_row = out.splitlines()[1].split()
    assert first_row[0].isdigit()


def test_export_import_export_round_trip(tmp_path: Path) -> None:
    first, second = tmp_path / "1.sqlite3", tmp_path / "2.sqlite3"
    out1, out2 = tmp_path / "one.json", tmp_path / "two.json"
    assert run("--db", str(first), "import", "json", str(SAMPLE)) == 0
    assert run("--db", str(first), "export", "json", str(out1)) == 0
    assert stat.S_IMODE(out1.stat().st_mode) == 0o600
    assert run("--db", str(second), "import", "json", str(out1)) == 0
    assert run("--db", str(second), "export", "json", str(out2)) == 0
    one, two = json.loads(out1.read_text()), json.loads(out2.read_text())
    assert one == two
    app = one["applications"][0]
    assert app["company"] == "Acme Robotics" and app["decision_expected"] == "2026-12-04"
    assert app["attempts"][0]["outcome"] == "voicemail"
    assert one["contacts"][0]["name"] == "Dana Whitfield"
    assert one["profile"]["name"] == "Sam Rivera"


def _bad(doc_change, tmp_path: Path) -> Path:
    doc = json.loads(SAMPLE.read_text())
    doc_change(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    return path


def _set(path, value):
    def change(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BAD_FILES = {
    "unknown stage": (
        _set(["applications", 0, "stage"], "hired"),
        "applications[0] (Acme Robotics).stage",
    ),
    "missing contact": (
        _set(["applications", 0, "interviews", 0, "contacts"], ["c9"]),
        "applications[0] (Acme Robotics).interviews[0].contacts[0]",
    ),
    "attempt contact": (
        _set(["applications", 0, "attempts", 0, "contact"], "c2"),
        "applications[0] (Acme Robotics).attempts[0].contact",
    ),
    "not a date": (
        _set(["applications", 0, "decision_expected"], "next Friday"),
        "applications[0] (Acme Robotics).decision_expected",
    ),
    "naive time": (
        _set(["applications", 0, "interviews", 0, "starts_at"], "2026-11-20T14:00:00"),
        "applications[0] (Acme Robotics).interviews[0].starts_at",
    ),
    "bad outcome": (
        _set(["applications", 0, "attempts", 0, "outcome"], "ghosted"),
        "applications[0] (Acme Robotics).attempts[0].outcome",
    ),
    "bad zone": (
        _set(["applications", 0, "timezone"], "Mars/Olympus"),
        "applications[0] (Acme Robotics).timezone",
    ),
    "wrong format": (_set(["format"], "trello"), "format"),
}


def _snapshot(db: Path) -> list:
    with sqlite3.connect(db) as raw:
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(t, raw.execute(f'SELECT * FROM "{t}"').fetchall()) for t in sorted(tables)]


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_invalid_file_names_the_field_and_changes_nothing(case: str, tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    assert run("--db", str(db), "import", "json", str(SAMPLE)) == 0
    before = _snapshot(db)
    change, where = BAD_FILES[case]
    bad = _bad(change, tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "followup_gui", "--db", str(db), "import", "json", str(bad)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 2, proc.stderr
    assert where in proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert "nothing was changed" in proc.stderr
    assert _snapshot(db) == before


def test_broken_json_names_the_line(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.sqlite3"
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "followup-gui",\n "version": 1,\n "contacts": [,]}')
    assert run("--db", str(db), "import", "json", str(bad)) == 2
    err = capsys.readouterr().err
    assert "line 3" in err and "not valid JSON" in err


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert (
        run("--db", str(tmp_path / "a.sqlite3"), "import", "json", str(tmp_path / "nope.json")) == 2
    )
    assert "does not exist" in capsys.readouterr().err


def test_optional_fields_take_defaults(tmp_path: Path, capsys) -> None:
    doc = copy.deepcopy(json.loads(SAMPLE.read_text()))
    app = doc["applications"][0]
    for key in ("playbook", "decision_expected", "timezone", "attempts", "interviews"):
        app.pop(key)
    path = tmp_path / "minimal.json"
    path.write_text(json.dumps(doc))
    db = tmp_path / "a.sqlite3"
    assert run("--db", str(db), "import", "json", str(path)) == 0
    out = tmp_path / "out.json"
    assert run("--db", str(db), "export", "json", str(out)) == 0
    exported = json.loads(out.read_text())["applications"][0]
    assert exported["playbook"] == "balanced"
    assert exported["timezone"]  # the user's zone


def test_backup_command_writes_a_private_consistent_copy(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    run("--db", str(db), "import", "json", str(SAMPLE))
    target = tmp_path / "b.sqlite3"
    assert run("--db", str(db), "backup", str(target)) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with sqlite3.connect(target) as raw:
        assert raw.execute("SELECT company FROM application").fetchall() == [("Acme Robotics",)]


def test_followup_db_environment_variable_picks_the_database(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    db = tmp_path / "env.sqlite3"
    monkeypatch.setenv("FOLLOWUP_DB", str(db))
    assert run("import", "json", str(SAMPLE)) == 0
    assert db.exists()


def test_bad_now_is_rejected(tmp_path: Path, capsys) -> None:
    assert run("--db", str(tmp_path / "a.sqlite3"), "agenda", "--now", "2026-11-26T12:00") == 2
    assert "needs a UTC offset" in capsys.readouterr().err


NO_UI = """
import sys
from followup_gui.app import main
code = main(sys.argv[1:])
ui = sorted(m for m in sys.modules if m.startswith(("followup_gui.ui", "PySide6.QtWidgets")))
print(code, ui)
"""


def test_the_command_line_loads_nothing_of_the_window(tmp_path: Path) -> None:
    # A vCard import needs the phone region (a setting): it must not bring the UI along.
    card = tmp_path / "ann.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n", encoding="utf-8")
    db = str(tmp_path / "db.sqlite3")
    out = subprocess.run(
        [sys.executable, "-c", NO_UI, "--db", db, "import", "vcard", str(card)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Imported 1 contact from" in out.stdout
    assert out.stdout.strip().endswith("0 []"), out.stdout
