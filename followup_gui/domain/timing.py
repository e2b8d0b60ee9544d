"""When a planned step is "planned", "due" or "overdue": one rule for every screen.

A step is *due* from its due time until the end of its window (the latest good
moment the planner gave it) and *overdue* only after that: a call planned for
09:00 with a window until 17:00 is not late at 10:00. The board, the agenda, the
timeline and the reminders all ask here, so they cannot disagree.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum


class StepState(StrEnum):
    """Where a pending step stands at an instant."""

    PLANNED = "planned"
    DUE = "due"
    OVERDUE = "overdue"


def step_state(due: datetime, window_end: datetime, now: datetime) -> StepState:
    """Whether a step is still ahead, due now (inside its window) or overdue.

    Args:
        due: when the step becomes due (aware).
        window_end: the end of its window (aware; a window that ends before
            ``due`` is read as ending at ``due``).
        now: the instant asked about (aware).
    """
    if now < due:
        return StepState.PLANNED
    if now < max(window_end, due):
        return StepState.DUE
    return StepState.OVERDUE


def is_overdue(due: datetime, window_end: datetime, now: datetime) -> bool:
    """Whether a step's window has ended by ``now`` (see :func:`step_state`)."""
    return step_state(due, window_end, now) is StepState.OVERDUE
