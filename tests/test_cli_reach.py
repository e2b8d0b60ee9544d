"""Through the command line: who is reached how, what is missing, and what the scripts say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_gui.app import main

# Noah (an email address only), Raj (a phone and an email), Maria (nothing but her name).
DOC = {
    "format": "followup-gui",
    "version": 1,
    "profile": {"name": "Sam Rivera", "phone": "+1 555 0199", "email": "sam@example.org"},
    "contacts": [
        {"id": "noah", "name": "Noah Becker", "email": "noah@acme.example"},
        {"id": "raj", "name": "Raj Patel", "email": "raj@acme.example", "phone": "+1 212 555 0110"},
        {"id": "maria", "name": "Maria Lopez"},
    ],
    "applications": [
        {
            "id": "a1",
            "company": "Acme Robotics",
            "role": "Backend Engineer",
            "stage": "interviewed",
            "timezone": "America/New_York",
            "primary_contact": "noah",
            "interviews": [
                # Round 1: two sessions with Noah on Tuesday 10 November.
                {
                    "starts_at": "2026-11-10T10:00:00-05:00",
                    "ends_at": "2026-11-10T11:00:00-05:00",
                    "contacts": ["noah", "maria"],
                },
                {
                    "starts_at": "2026-11-10T14:00:00-05:00",
                    "ends_at": "2026-11-10T15:00:00-05:00",
                    "contacts": ["noah"],
                },
                # Round 2: Thursday 19 November.
                {
                    "starts_at": "2026-11-19T10:00:00-05:00",
                    "ends_at": "2026-11-19T11:00:00-05:00",
                    "contacts": ["noah", "raj"],
                },
            ],
        }
    ],
}


def run(*args: str) -> int:
    return main(list(args))


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path, doc = str(tmp_path / "a.sqlite3"), tmp_path / "doc.json"
    doc.write_text(json.dumps(DOC), encoding="utf-8")
    assert run("--db", path, "--now", "2026-11-19T12:00:00-05:00", "import", "json", str(doc)) == 0
    capsys.readouterr()
    return path


def agenda(db: str, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    now = "2026-11-09T12:00:00-05:00"
    assert run("--db", db, "--now", now, "agenda", "--days", "60", "--json") == 0
    return json.loads(capsys.readouterr().out)


def script(db: str, capsys: pytest.CaptureFixture[str], step: dict) -> str:
    assert run("--db", db, "script", str(step["follow_up_id"]), "--json") == 0
    return json.loads(capsys.readouterr().out)["scripts"][0]["body"]


def test_noah_without_a_phone_is_not_called_raj_is(db: str, capsys) -> None:
    [call] = [i for i in agenda(db, capsys) if i["kind"] == "call"]
    assert call["contact"] == "Raj Patel" and call["missing_phone"] is False
    assert "Add Noah's phone number to call them" in call["reason"]
    # Thu 19 Nov + 3 business days: Tuesday 24 November (R5, R6).
    assert call["due"].startswith("2026-11-24T09:00")


def test_maria_without_an_email_gets_no_email_and_is_asked_for(db: str, capsys) -> None:
    items = agenda(db, capsys)
    maria = [i for i in items if i["contact"] == "Maria Lopez"]
    assert [i["kind"] for i in maria] == ["thank_you_card"]
    assert maria[0]["missing_email"] is True and maria[0]["missing_address"] is True
    assert maria[0]["reason"].startswith("Add Maria's email address")
    emails = [i for i in items if i["kind"] in ("thank_you_email", "status_email")]
    assert all(i["missing_email"] is False for i in emails)


def test_one_thank_you_per_person_per_day_quoting_its_own_round(db: str, capsys) -> None:
    noah = [
        i
        for i in agenda(db, capsys)
        if i["contact"] == "Noah Becker" and i["kind"] == "thank_you_email"
    ]
    assert [i["due"][:10] for i in noah] == ["2026-11-10", "2026-11-19"]  # not three
    round_1, round_2 = (script(db, capsys, step) for step in noah)
    assert "meet with me on Tuesday, November 10 at 10:00 AM and 2:00 PM about" in round_1
    assert "meet with me on Thursday, November 19" not in round_1
    # Round 1 promises round 2; round 2 promises the call as planned, by its date.
    assert "I look forward to the next interview on Thursday, November 19." in round_1
    assert "meet with me on Thursday, November 19 at 10:00 AM about" in round_2
    assert "I will follow up by phone on Tuesday, November 24." in round_2
    assert "about a week" not in round_1 + round_2


def test_a_late_decision_date_is_what_the_thank_you_promises(db: str, capsys, tmp_path) -> None:
    doc = json.loads(json.dumps(DOC))
    doc["applications"][0]["decision_expected"] = "2026-12-18"  # five weeks out
    doc["applications"][0]["primary_contact"] = "raj"
    path, file = str(tmp_path / "late.sqlite3"), tmp_path / "late.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    assert run("--db", path, "--now", "2026-11-19T12:00:00-05:00", "import", "json", str(file)) == 0
    capsys.readouterr()
    [raj] = [
        i
        for i in agenda(path, capsys)
        if i["contact"] == "Raj Patel" and i["kind"] == "thank_you_email"
    ]
    body = script(path, capsys, raj)
    # Friday 18 December + 2 business days = Tuesday 22 December.
    assert (
        "As you expect to decide by Friday, December 18, "
        "I will call you on Tuesday, December 22 to follow up." in body
    )
