"""Command-line checks the issue named, each held by a test: FOLLOWUP_NOW, a repeated step key."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).parent / "fixtures" / "sample.json"


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followup_gui", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_followup_now_is_the_clock_of_every_command(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite3")
    now = {"FOLLOWUP_NOW": "2026-11-20T16:00:00-05:00"}
    assert cli("--db", db, "import", "json", str(SAMPLE), env=now).returncode == 0
    by_env = cli("--db", db, "agenda", "--days", "30", "--json", env=now)
    by_option = cli("--db", db, "--now", now["FOLLOWUP_NOW"], "agenda", "--days", "30", "--json")
    assert by_env.returncode == 0 and json.loads(by_env.stdout) == json.loads(by_option.stdout)
    # Planned at that clock: the thank-you of the 20 November interview is still open.
    assert any(i["kind"] == "thank_you_email" for i in json.loads(by_env.stdout))
    bad = cli("--db", db, "agenda", env={"FOLLOWUP_NOW": "tomorrow"})
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_a_step_key_listed_twice_is_refused_by_name_and_nothing_is_changed(tmp_path: Path) -> None:
    doc = copy.deepcopy(json.loads(SAMPLE.read_text(encoding="utf-8")))
    step = {
        "key": "call:1",
        "kind": "call",
        "contact": "c1",
        "due": "2026-11-24T09:00:00-05:00",
        "window_end": "2026-11-24T17:00:00-05:00",
        "status": "pending",
        "rules": ["R5", "R6"],
        "reason": "Call Dana",
    }
    doc["applications"][0]["follow_ups"] = [step, dict(step)]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    db = str(tmp_path / "a.sqlite3")
    proc = cli("--db", db, "import", "json", str(bad))
    assert proc.returncode == 2, proc.stderr
    assert "follow_ups[1].key" in proc.stderr and "used twice" in proc.stderr
    assert "Traceback" not in proc.stderr and "nothing was changed" in proc.stderr
    listed = cli("--db", db, "applications", "--json")
    assert json.loads(listed.stdout) == []
