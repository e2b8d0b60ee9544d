"""Outcome actions as undoable commands: the one place the views log, snooze and skip.

:class:`OutcomeActions` calls the :mod:`~followup_gui.services.followups.outcomes` use case,
then pushes a :class:`FollowUpCommand` whose undo restores the snapshot the
service returned. The command keeps no widget: only the app context (a
long-lived object), so it stays valid after the dialog that made it closes; what
each step changed is notified on the context, and every view showing it reloads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from followup_gui.domain import FollowUpError, Outcome
from followup_gui.services import changes as ch
from followup_gui.services.followups import outcomes
from followup_gui.services.followups.outcomes import OutcomeResult, SnoozePreset

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext

log = logging.getLogger(__name__)


class FollowUpCommand(QUndoCommand):
    """One logged outcome, snooze or skip; undo restores what was before.

    The action already ran when the command is pushed, so the first ``redo``
    (which ``QUndoStack.push`` calls) does nothing; later redos run it again.
    """

    def __init__(
        self,
        text: str,
        context: AppContext,
        action: Callable[[], OutcomeResult],
        changes: OutcomeResult,
    ) -> None:
        super().__init__(text)
        self._context, self._action, self._changes = context, action, changes
        self._pushed = False

    def redo(self) -> None:
        """Run the action again (not on push: it already ran)."""
        if not self._pushed:
            self._pushed = True
            return
        try:
            self._changes = self._action()
        except FollowUpError:
            log.warning("redo of %r failed", self.text(), exc_info=True)
            self.setObsolete(True)
        self._tell()

    def undo(self) -> None:
        """Delete the stored attempt and restore the step and the card, then re-plan."""
        c = self._context
        try:
            outcomes.undo_log(c.db, self._changes.before, c.now(), c.planner_settings())
        except FollowUpError:
            log.warning("undo of %r failed", self.text(), exc_info=True)
            self.setObsolete(True)
        self._tell()

    def _tell(self) -> None:
        self._context.notify(self._changes.changes)


class OutcomeActions(QObject):
    """Acts on follow-ups for a view, with undo.

    Signals:
        failed(str): an action could not be done; the message is for the user.
        acted(int): an action was done on this application (before ``notify``).
    """

    failed = Signal(str)
    acted = Signal(int)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.db, self.settings = context.db, context.settings

    def clock(self) -> datetime:
        """The context's clock."""
        return self.context.now()

    def _run(self, text: str, action: Callable[[], OutcomeResult]) -> bool:
        try:
            result = action()
        except FollowUpError as exc:
            self.failed.emit(str(exc))
            # The plan moved on elsewhere: every view shows what it is now.
            self.context.notify(ch.Changes(plans=True), self)
            return False
        self.context.undo_stack.push(FollowUpCommand(text, self.context, action, result))
        self.acted.emit(result.application_id)
        self.context.notify(result.changes, self)
        return True

    def log(
        self,
        follow_up_id: int,
        outcome: Outcome | None,
        label: str,
        decision_date: date | None = None,
        notes: str = "",
    ) -> bool:
        """Log an outcome (``None`` for a "move on" step); returns True when stored."""

        def action() -> OutcomeResult:
            return outcomes.log_outcome(
                self.db,
                follow_up_id,
                outcome,
                self.clock(),
                self.settings.planner_settings(),
                notes=notes,
                decision_date=decision_date,
            )

        return self._run(self.tr("Log “{what}”").format(what=label), action)

    def snooze(self, follow_up_id: int, preset: SnoozePreset, label: str) -> bool:
        """Snooze a step by a preset; returns True when stored."""

        def action() -> OutcomeResult:
            return outcomes.snooze(
                self.db, follow_up_id, preset, self.clock(), self.settings.planner_settings()
            )

        return self._run(self.tr("Snooze {what}").format(what=label), action)

    def skip(self, follow_up_id: int) -> bool:
        """Skip a step; returns True when stored."""

        def action() -> OutcomeResult:
            return outcomes.skip(
                self.db, follow_up_id, self.clock(), self.settings.planner_settings()
            )

        return self._run(self.tr("Skip follow-up"), action)
