"""Building a script context: time zones, human dates, picking the person and interview."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from followup_gui.domain.values import ApplicationFacts, ContactFacts, InterviewFacts, Profile
from followup_gui.scripts import ScriptContext, ScriptKind, format_day, format_time, render

from .conftest import INTERVIEW_UTC


def test_interview_time_is_shown_in_the_employers_time_zone(
    full_context: ScriptContext,
) -> None:
    tokyo = dataclasses.replace(full_context, timezone="Asia/Tokyo")

    assert full_context.values()["interview_when"] == "Thursday, November 19 at 2:00 PM"
    # 20:00 UTC is 5:00 AM the next day in Tokyo.
    assert tokyo.values()["interview_when"] == "Friday, November 20 at 5:00 AM"


def test_unknown_time_zone_keeps_stored_time_and_warns(full_context: ScriptContext) -> None:
    context = dataclasses.replace(full_context, timezone="Mars/Olympus_Mons")

    script = render(ScriptKind.CALL, context)

    assert "Thursday, November 19 at 8:00 PM" in script.body
    assert any("Mars/Olympus_Mons" in w for w in script.warnings)


def test_clock_times_around_noon_and_midnight() -> None:
    base = datetime(2026, 1, 5, tzinfo=UTC)

    assert format_time(base) == "12:00 AM"
    assert format_time(base + timedelta(hours=12, minutes=5)) == "12:05 PM"
    assert format_time(base + timedelta(hours=9, minutes=30)) == "9:30 AM"
    assert format_day(date(2026, 1, 5)) == "Monday, January 5"


def _application(**changes: object) -> ApplicationFacts:
    dana = ContactFacts(id="c1", full_name="Dana Whitfield", title="Engineering Manager")
    sam = ContactFacts(id="c2", full_name="Sam Ortiz", title="Recruiter")
    first = InterviewFacts(
        id="i1",
        starts_at=INTERVIEW_UTC,
        ends_at=INTERVIEW_UTC + timedelta(hours=1),
        participant_ids=("c1", "c2"),
    )
    second = InterviewFacts(
        id="i2",
        starts_at=INTERVIEW_UTC + timedelta(days=6),
        ends_at=INTERVIEW_UTC + timedelta(days=6, hours=1),
        participant_ids=("c2",),
    )
    application = ApplicationFacts(
        id="a1",
        company="Acme Analytics",
        role="Data Analyst",
        stage="interviewed",
        timezone="America/Chicago",
        decision_expected=date(2026, 12, 1),
        interviews=(second, first),
        contacts={"c1": dana, "c2": sam},
    )
    return dataclasses.replace(application, **changes)  # type: ignore[arg-type]


def test_for_application_defaults_to_first_interviewer_and_their_interview() -> None:
    context = ScriptContext.for_application(_application(), Profile(name="Alex Kim"))

    values = context.values()
    assert values["contact_name"] == "Dana Whitfield"
    assert values["interview_when"] == "Thursday, November 19 at 2:00 PM"
    assert values["decision_date"] == "Tuesday, December 1"
    assert values["company"] == "Acme Analytics"


def test_for_application_uses_chosen_contacts_latest_interview() -> None:
    context = ScriptContext.for_application(
        _application(), Profile(name="Alex Kim"), contact_id="c2", discussed="the team"
    )

    values = context.values()
    assert values["contact_name"] == "Sam Ortiz"
    assert values["contact_title"] == "Recruiter"
    assert values["interview_when"] == "Wednesday, November 25 at 2:00 PM"
    assert values["discussed"] == "the team"


def test_for_application_primary_contact_wins_over_first_interviewer() -> None:
    context = ScriptContext.for_application(
        _application(primary_contact_id="c2"), Profile(name="Alex Kim")
    )

    assert context.values()["contact_name"] == "Sam Ortiz"


def test_for_application_without_interviews_marks_the_gaps(tmp_path: Path) -> None:
    context = ScriptContext.for_application(
        _application(interviews=(), decision_expected=None), Profile(name="Alex Kim")
    )
    # A user's own call script that names the interview and the decision date.
    (tmp_path / "call.txt").write_text(
        "Dear {salutation_name}, about {interview_when}, by {decision_date}?", encoding="utf-8"
    )

    script = render(ScriptKind.CALL, context, override_dir=tmp_path)

    assert "[day and time of the interview]" in script.body
    assert "[date they expected to decide]" in script.body
    assert {"interview_when", "decision_date", "contact_name"} <= set(script.missing)
