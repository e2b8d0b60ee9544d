"""Outcome actions as undoable commands: the one place the views log, snooze and skip.

:class:`OutcomeActions` calls the :mod:`~followup_gui.services.followups.outcomes` use case,
then pushes a :class:`FollowUpCommand` whose undo restores the snapshot the
service returned. The command keeps no widget: only the database, the settings
and a ``notify`` callable of a long-lived object (the main window's
``data_changed.emit``), so it stays valid after the dialog that made it closes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from followup_gui.domain import FollowUpError, Outcome
from followup_gui.services.followups import outcomes
from followup_gui.services.followups.outcomes import OutcomeResult, SnoozePreset
from followup_gui.settings import Settings
from followup_gui.storage import Database

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The current instant (UTC)."""
    return datetime.now(UTC)


class FollowUpCommand(QUndoCommand):
    """One logged outcome, snooze or skip; undo restores what was before.

    The action already ran when the command is pushed, so the first ``redo``
    (which ``QUndoStack.push`` calls) does nothing; later redos run it again.
    """

    def __init__(
        self,
        text: str,
        db: Database,
        settings: Settings,
        action: Callable[[], OutcomeResult],
        changes: OutcomeResult,
        notify: Callable[[], None],
        clock: Clock,
    ) -> None:
        super().__init__(text)
        self._db, self._settings, self._action = db, settings, action
        self._changes, self._notify, self._clock = changes, notify, clock
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
        try:
            outcomes.undo_log(
                self._db, self._changes.before, self._clock(), self._settings.planner_settings()
            )
        except FollowUpError:
            log.warning("undo of %r failed", self.text(), exc_info=True)
            self.setObsolete(True)
        self._tell()

    def _tell(self) -> None:
        try:
            self._notify()
        except RuntimeError:
            # The view that pushed us was closed (its C++ side is gone); the data
            # changed all the same, and every live view reloads on its own signal.
            log.debug("notify target of %r is gone", self.text())


class OutcomeActions(QObject):
    """Acts on follow-ups for a view, with undo.

    Signals:
        failed(str): an action could not be done; the message is for the user.
        acted(int): an action was done on this application (before ``notify``).
    """

    failed = Signal(str)
    acted = Signal(int)

    def __init__(
        self,
        db: Database,
        settings: Settings,
        undo_stack: QUndoStack,
        notify: Callable[[], None],
        clock: Clock = system_clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.settings, self.undo_stack = db, settings, undo_stack
        self.notify, self.clock = notify, clock

    def _run(self, text: str, action: Callable[[], OutcomeResult]) -> bool:
        try:
            changes = action()
        except FollowUpError as exc:
            self.failed.emit(str(exc))
            self.notify()  # the plan moved on elsewhere: show what it is now
            return False
        self.undo_stack.push(
            FollowUpCommand(text, self.db, self.settings, action, changes, self.notify, self.clock)
        )
        self.acted.emit(changes.application_id)
        self.notify()
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
