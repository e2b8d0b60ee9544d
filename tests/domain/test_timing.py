"""A step is due from its due time until its window ends, overdue only after."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup_gui.domain.timing import StepState, is_overdue, step_state

DUE = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
END = DUE + timedelta(hours=8)


def test_a_step_inside_its_window_is_due_not_overdue() -> None:
    assert step_state(DUE, END, DUE - timedelta(minutes=1)) is StepState.PLANNED
    assert step_state(DUE, END, DUE) is StepState.DUE
    assert step_state(DUE, END, DUE + timedelta(hours=1)) is StepState.DUE
    assert not is_overdue(DUE, END, DUE + timedelta(hours=7, minutes=59))


def test_overdue_only_once_the_window_has_ended() -> None:
    assert step_state(DUE, END, END) is StepState.OVERDUE
    assert is_overdue(DUE, END, END + timedelta(days=6))


def test_a_window_ending_before_its_due_time_ends_at_it() -> None:
    assert step_state(DUE, DUE - timedelta(hours=1), DUE) is StepState.OVERDUE
    assert step_state(DUE, DUE - timedelta(hours=1), DUE - timedelta(seconds=1)) is (
        StepState.PLANNED
    )
