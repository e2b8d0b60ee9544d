"""Shared contexts for the script tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from followup_gui.domain.values import ContactFacts, Profile
from followup_gui.scripts import ScriptContext

# 20:00 UTC on Thursday 2026-11-19 is 2:00 PM in Chicago (CST, UTC-6).
INTERVIEW_UTC = datetime(2026, 11, 19, 20, 0, tzinfo=UTC)


@pytest.fixture
def profile() -> Profile:
    return Profile(name="Alex Kim", phone="+1 312 555 0100", email="alex.kim@example.com")


@pytest.fixture
def dana() -> ContactFacts:
    return ContactFacts(
        id="c1",
        full_name="Dana Whitfield",
        title="Engineering Manager",
        company="Acme Analytics",
        email="dana@acme.example",
        phone="+1 312 555 0199",
        postal_address="100 Lake Street\nChicago, IL 60601",
        name_confirmed=True,
    )


@pytest.fixture
def full_context(profile: Profile, dana: ContactFacts) -> ScriptContext:
    return ScriptContext(
        profile=profile,
        contact=dana,
        company="Acme Analytics",
        role="Data Analyst",
        interview_at=INTERVIEW_UTC,
        timezone="America/Chicago",
        discussed="your plans for the new reporting platform",
        decision_date=date(2026, 11, 27),
        promise="I will call you on Tuesday, November 24 to follow up.",
    )
