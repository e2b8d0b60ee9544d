"""Builders of planner inputs shared by the scheduling tests."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from followup_gui.domain.values import (
    ApplicationFacts,
    AttemptFacts,
    AttemptKind,
    ContactFacts,
    FollowUpKind,
    InterviewFacts,
    Outcome,
    PlannedFollowUp,
    PlaybookName,
)

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")

# Both gave their card with an email address and a phone number (R2); the tests of
# what happens without them (``test_reach``) take them away.
DANA = ContactFacts(
    "dana",
    "Dana Whitfield",
    title="Engineering Manager",
    company="Acme",
    email="dana@acme.example",
    phone="+1 212 555 0101",
)
SAM = ContactFacts(
    "sam",
    "Sam Ortiz",
    title="Recruiter",
    company="Acme",
    email="sam@acme.example",
    phone="+1 212 555 0102",
)


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, tz: ZoneInfo = NY) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz)


def interview(
    start: datetime,
    minutes: int = 60,
    participants: tuple[str, ...] = ("dana", "sam"),
    iid: str = "i1",
) -> InterviewFacts:
    """An interview lasting ``minutes`` real minutes."""
    end = (start.astimezone(ZoneInfo("UTC")) + timedelta(minutes=minutes)).astimezone(start.tzinfo)
    return InterviewFacts(iid, start, end, participants)


# The golden interview: Thursday 2026-11-19 14:00-15:00 in New York.
GOLDEN = interview(at(2026, 11, 19, 14))


def application(
    *interviews: InterviewFacts,
    playbook: PlaybookName = PlaybookName.BALANCED,
    stage: str = "interviewed",
    tz: str = "America/New_York",
    **changes: object,
) -> ApplicationFacts:
    app = ApplicationFacts(
        id="app1",
        company="Acme",
        role="Backend Engineer",
        stage=stage,
        timezone=tz,
        playbook=playbook,
        interviews=interviews or (GOLDEN,),
        contacts={"dana": DANA, "sam": SAM},
    )
    return dataclasses.replace(app, **changes)  # type: ignore[arg-type]


def call(
    when: datetime, outcome: Outcome, decision: date | None = None, who: str | None = "dana"
) -> AttemptFacts:
    return AttemptFacts(who, AttemptKind.CALL, when, outcome, decision_date=decision)


def with_attempts(app: ApplicationFacts, *attempts: AttemptFacts) -> ApplicationFacts:
    return dataclasses.replace(app, attempts=app.attempts + attempts)


def only(items: list[PlannedFollowUp], kind: FollowUpKind) -> list[PlannedFollowUp]:
    return [i for i in items if i.kind == kind]


def the_call(items: list[PlannedFollowUp]) -> PlannedFollowUp:
    calls = only(items, FollowUpKind.CALL)
    assert len(calls) == 1, items
    return calls[0]
