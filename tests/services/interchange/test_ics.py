"""The .ics export: one event per pending follow-up, an alarm at its due time, stable UIDs."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from icalendar import Calendar

from followup_gui.app import main
from followup_gui.domain import Outcome
from followup_gui.services.followups import outcomes
from followup_gui.services.interchange.ics import calendar_bytes, event_uid, export_ics
from followup_gui.storage import Database
from tests.services.followups.outcome_data import NOW, S, first_of_kind, make_application, pending


def events(path: Path) -> dict[str, object]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_every_pending_follow_up_is_an_event_with_an_alarm(db: Database, tmp_path: Path) -> None:
    app_id = make_application(db)
    target = tmp_path / "plan.ics"
    assert export_ics(db, target, NOW) == 2
    cal = Calendar.from_ical(target.read_bytes())
    assert str(cal["PRODID"]).startswith("-//FollowUp")
    by_uid = events(target)
    plan = pending(db, app_id)
    assert set(by_uid) == {event_uid(app_id, key) for key in plan}
    for key, row in plan.items():
        event = by_uid[event_uid(app_id, key)]
        assert event.decoded("DTSTART") == row.due_at.astimezone(UTC)
        assert "Acme Robotics" in str(event["SUMMARY"])
        assert row.reason in str(event["DESCRIPTION"])
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(0)
    call = by_uid[event_uid(app_id, "call:1")]
    assert "Dana Whitfield" in str(call["SUMMARY"])
    assert "R5" in str(call["DESCRIPTION"])


def test_uids_are_stable_across_exports_and_follow_the_plan(db: Database, tmp_path: Path) -> None:
    app_id = make_application(db)
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    export_ics(db, first, NOW)
    call = first_of_kind(db, app_id, "call")
    outcomes.snooze(db, call.id, call.due_at + timedelta(days=1), NOW, S)
    export_ics(db, second, NOW + timedelta(minutes=5))
    a, b = events(first), events(second)
    assert set(a) == set(b)  # same UIDs: a re-import updates instead of duplicating
    uid = event_uid(app_id, call.key)
    assert b[uid].decoded("DTSTART") - a[uid].decoded("DTSTART") == timedelta(days=1)
    thanks = first_of_kind(db, app_id, "thank_you_email")
    outcomes.log_outcome(db, thanks.id, Outcome.SENT, NOW, S)
    content, count = calendar_bytes(db, NOW)
    assert count == 1 and event_uid(app_id, thanks.key).encode() not in content


def test_empty_plan_is_a_valid_calendar(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "empty.ics"
    assert export_ics(db, target) == 0
    assert Calendar.from_ical(target.read_bytes()).walk("VEVENT") == []


def test_cli_export_ics(db_path: Path, tmp_path: Path, capsys) -> None:
    db = Database.open(db_path)
    make_application(db)
    db.close()
    target = tmp_path / "cli.ics"
    assert main(["--db", str(db_path), "export", "ics", str(target)]) == 0
    assert "Exported 2 follow-ups" in capsys.readouterr().out
    assert len(events(target)) == 2
    assert main(["--db", str(db_path), "export", "ics", str(tmp_path / "no" / "x.ics")]) == 1


def test_followup_gui_export_ics_process_exits_zero(db_path: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    db = Database.open(db_path)
    make_application(db)
    db.close()
    target = tmp_path / "proc.ics"
    proc = subprocess.run(
        [sys.executable, "-m", "followup_gui", "--db", str(db_path), "export", "ics", str(target)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    assert len(events(target)) == 2
