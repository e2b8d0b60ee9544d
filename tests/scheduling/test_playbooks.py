"""The playbook table of DOMAIN.md, as numbers the planner uses."""

from __future__ import annotations

import subprocess
import sys

import pytest

from followup_gui.domain.values import PlaybookName
from followup_gui.scheduling import PLAYBOOKS


@pytest.mark.parametrize(
    ("name", "first", "spacing", "voicemail_wait", "attempts", "voicemails", "card"),
    [
        (PlaybookName.GENTLE, 2, 2, 5, 2, 2, False),
        (PlaybookName.BALANCED, 3, 5, 5, 3, 2, False),
        (PlaybookName.PERSISTENT, 5, 5, 10, 3, 3, True),
    ],
)
def test_playbook_table(name, first, spacing, voicemail_wait, attempts, voicemails, card):
    book = PLAYBOOKS[name]
    assert book.name == name
    assert (
        book.first_call_business_days,
        book.spacing_business_days,
        book.voicemail_wait_business_days,
        book.max_attempts,
        book.max_voicemails,
        book.thank_you_card,
    ) == (first, spacing, voicemail_wait, attempts, voicemails, card)
    assert book.decision_grace_business_days == 2


def test_every_playbook_is_defined_and_read_only():
    assert set(PLAYBOOKS) == set(PlaybookName)
    with pytest.raises(TypeError):
        PLAYBOOKS[PlaybookName.GENTLE] = PLAYBOOKS[PlaybookName.BALANCED]  # type: ignore[index]


def test_holidays_package_is_loaded_only_when_holidays_are_on():
    script = """
import sys
from datetime import datetime, timezone
from followup_gui.scheduling import PlannerSettings, next_call_slot
now = datetime(2026, 11, 25, 18, tzinfo=timezone.utc)
next_call_slot(now, "America/New_York", PlannerSettings(holidays_country=None))
assert "holidays" not in sys.modules, "loaded without being asked"
next_call_slot(now, "America/New_York", PlannerSettings(holidays_country="US"))
assert "holidays" in sys.modules
"""
    subprocess.run([sys.executable, "-c", script], check=True)
