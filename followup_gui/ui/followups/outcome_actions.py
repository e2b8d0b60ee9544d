"""Outcome actions as undoable commands: the one place the views log, snooze and skip.

:class:`OutcomeActions` calls the :mod:`~followup_gui.services.followups.outcomes` use case,
through a :class:`FollowUpCommand` (see ``ui/common/undo.py``) whose undo
restores the snapshot the service returned. The command keeps no widget: only the app context (a
long-lived object), so it stays valid after the dialog that made it closes; what
each step changed is notified on the context, and every view showing it reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from followup_gui.domain import Outcome
from followup_gui.services import changes as ch
from followup_gui.services.changes import Changes
from followup_gui.services.followups import outcomes
from followup_gui.services.followups.order import out_of_order
from followup_gui.services.followups.outcomes import OutcomeResult, SnoozePreset
from followup_gui.ui.common.undo import ServiceCommand, push
from followup_gui.ui.followups import order_question

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext


class FollowUpCommand(ServiceCommand):
    """One logged outcome, snooze or skip; undo restores what was before.

    No view is its initiator: every view that shows the plan (the agenda, an
    open timeline, the board's card) reloads from the changes. ``action`` gets
    the context and holds no view (the command outlives the dialog that made it).
    """

    def __init__(
        self, context: AppContext, text: str, action: Callable[[AppContext], OutcomeResult]
    ) -> None:
        super().__init__(context, text)
        self._action = action
        self._result: OutcomeResult | None = None

    def forward(self) -> Changes:
        """Log (snooze, skip) the step."""
        self._result = self._action(self.context)
        return self._result.changes

    def backward(self) -> Changes:
        """Delete the stored attempt and restore the step and the card, then re-plan."""
        assert self._result is not None
        c = self.context
        return outcomes.undo_log(c.db, self._result.before, c.now(), c.planner_settings()).changes


class OutcomeActions(QObject):
    """Acts on follow-ups for a view, with undo.

    Signals:
        failed(str): an action could not be done; the message is for the user.
        done(str): an action was stored and put on the undo stack; its undo text.
    """

    failed = Signal(str)
    done = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.db = context.db  # (the panel loads its step from it)

    def clock(self) -> datetime:
        """The context's clock."""
        return self.context.now()

    def _run(self, text: str, action: Callable[[AppContext], OutcomeResult]) -> bool:
        stored = push(FollowUpCommand(self.context, text, action), self._failed)
        if stored:
            self.done.emit(text)
        return stored

    def _failed(self, text: str) -> None:
        self.failed.emit(text)
        # The plan moved on elsewhere: every view shows what it is now.
        self.context.notify(ch.Changes(plans=True))

    def log(
        self,
        follow_up_id: int,
        outcome: Outcome | None,
        label: str,
        decision_date: date | None = None,
        notes: str = "",
    ) -> bool:
        """Log an outcome (``None`` for a "move on" step); returns True when stored.

        Logged out of order (a call before its day or the decision date, a
        thank-you before the interview ended), the user is asked first
        (:meth:`confirm`); nothing is stored on a no.
        """
        now = self.clock()
        found = out_of_order(self.db, follow_up_id, outcome, now)
        if found is not None:
            today = now.astimezone(found.planned.tzinfo).date()
            question = order_question.question_text(found, label, today)
            if not self.confirm(order_question.title(found), question):
                return False

        def action(c: AppContext) -> OutcomeResult:
            return outcomes.log_outcome(
                c.db,
                follow_up_id,
                outcome,
                c.now(),
                c.planner_settings(),
                notes=notes,
                decision_date=decision_date,
            )

        return self._run(self.tr("Log “{what}”").format(what=label), action)

    def confirm(self, title: str, question: str) -> bool:
        """Ask whether to log out of order (a method: tests replace it on an instance)."""
        parent = self.parent()
        return order_question.ask(parent if isinstance(parent, QWidget) else None, title, question)

    def snooze(self, follow_up_id: int, preset: SnoozePreset, label: str) -> bool:
        """Snooze a step by a preset; returns True when stored."""

        def action(c: AppContext) -> OutcomeResult:
            return outcomes.snooze(c.db, follow_up_id, preset, c.now(), c.planner_settings())

        return self._run(self.tr("Snooze {what}").format(what=label), action)

    def skip(self, follow_up_id: int) -> bool:
        """Skip a step; returns True when stored."""

        def action(c: AppContext) -> OutcomeResult:
            return outcomes.skip(c.db, follow_up_id, c.now(), c.planner_settings())

        return self._run(self.tr("Skip follow-up"), action)
