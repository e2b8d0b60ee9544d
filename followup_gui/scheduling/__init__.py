"""The follow-up planner: pure Python, no Qt, no database; the clock is passed in.

Public API:

- :func:`plan` turns an :class:`~followup_gui.domain.values.ApplicationFacts`
  into the open :class:`~followup_gui.domain.values.PlannedFollowUp` steps.
- :class:`PlannerSettings` holds business hours, holidays and thank-you options;
  holidays and bridge days (``closures``) are on by default for the employer's
  country (``for_zone``).
- ``reach`` decides who is reached how: calls only to a phone, emails only to an
  address.
- :class:`Playbook` and :data:`PLAYBOOKS` hold each playbook's timing and limits.
- :func:`next_call_slot` and :func:`is_call_slot` answer "when may I call?" (R6).
"""

from __future__ import annotations

from followup_gui.scheduling.calendar import (
    add_business_days,
    is_business_day,
    is_call_day,
    is_call_slot,
    is_holiday,
    local_instant,
    next_call_slot,
)
from followup_gui.scheduling.planner import plan
from followup_gui.scheduling.playbooks import PLAYBOOKS, Playbook
from followup_gui.scheduling.settings import DEFAULT_SETTINGS, PlannerSettings

__all__ = [
    "DEFAULT_SETTINGS",
    "PLAYBOOKS",
    "PlannerSettings",
    "Playbook",
    "add_business_days",
    "is_business_day",
    "is_call_day",
    "is_call_slot",
    "is_holiday",
    "local_instant",
    "next_call_slot",
    "plan",
]
