"""The three playbooks of DOMAIN.md: how soon, how often and how persistently to call.

The sources disagree on timing (DOMAIN "Where the sources disagree"), so each
number below names the rule and source it was taken from. Every interval counts
*business days* (Monday-Friday, minus the holidays and bridge days of the
employer's country, on by default: ``closures``); a call that lands on a Monday
moves to Tuesday (R6). Five business days is "one week": from a Wednesday it
reaches the next Wednesday.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from followup_gui.domain.values import PlaybookName


@dataclass(frozen=True, slots=True)
class Playbook:
    """Timing and limits of one playbook.

    Attributes:
        name: which playbook this is.
        first_call_business_days: business days between the last interview and
            the first call (R5).
        spacing_business_days: wait before the next call after a call that
            brought no news (spoke without a new date, or marked done without an
            outcome) (R9).
        voicemail_wait_business_days: wait after leaving a voicemail (R8, R9).
        max_attempts: calls without movement before moving on (R9, R10).
        max_voicemails: voicemails without movement before moving on (R8, R10).
        decision_grace_business_days: the "reasonable period" after the
            employer's decision date before calling (R3, R5).
        thank_you_card: always plan a mailed card besides the email (R4).
        sources: DOMAIN sources the playbook follows.
    """

    name: PlaybookName
    first_call_business_days: int
    spacing_business_days: int
    voicemail_wait_business_days: int
    max_attempts: int
    max_voicemails: int
    decision_grace_business_days: int
    thank_you_card: bool
    sources: tuple[str, ...]


# Gentle (S1, S2): S2 says call 2-3 days after the interview; we take the
# earlier end (2) because the Monday rule (R6) often pushes it a day later anyway.
# "A couple of days" between attempts = 2. At most 2 attempts and 2 voicemails
# (playbook table). A voicemail still waits a week ("Outcomes drive the plan").
GENTLE = Playbook(
    name=PlaybookName.GENTLE,
    first_call_business_days=2,
    spacing_business_days=2,
    voicemail_wait_business_days=5,
    max_attempts=2,
    max_voicemails=2,
    decision_grace_business_days=2,
    thank_you_card=False,
    sources=("S1", "S2"),
)

# Balanced, the default (S3, S4): S3 says 3-5 days; we take 3, the start of the
# range, so the call still falls in the week of a Thursday/Friday interview
# where possible. One week between attempts (R9, S5/S1), at most 3 attempts
# (R9) and 2 voicemails (R8: "one or two"). After a named decision date we wait
# 2 business days as the "reasonable period" (R5) - long enough for the
# employer to slip a day, short enough that the seeker hears in the same week.
BALANCED = Playbook(
    name=PlaybookName.BALANCED,
    first_call_business_days=3,
    spacing_business_days=5,
    voicemail_wait_business_days=5,
    max_attempts=3,
    max_voicemails=2,
    decision_grace_business_days=2,
    thank_you_card=False,
    sources=("S3", "S4"),
)

# Persistent (S5): first call one week after (S5) = 5 business days; one week
# between attempts, two weeks (10 business days) after a voicemail-only week
# (R9); 3 attempts and 3 voicemails (playbook table); always a mailed card (R4).
PERSISTENT = Playbook(
    name=PlaybookName.PERSISTENT,
    first_call_business_days=5,
    spacing_business_days=5,
    voicemail_wait_business_days=10,
    max_attempts=3,
    max_voicemails=3,
    decision_grace_business_days=2,
    thank_you_card=True,
    sources=("S5",),
)

PLAYBOOKS: Mapping[PlaybookName, Playbook] = MappingProxyType(
    {p.name: p for p in (GENTLE, BALANCED, PERSISTENT)}
)
