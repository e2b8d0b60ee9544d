"""One base for every undoable write: a service call forward, one back, each with its changes.

A :class:`ServiceCommand` does its first step in :func:`push` *before* it enters
the undo stack, so a user-facing error (the card was deleted meanwhile, a stale
version) is reported and leaves nothing on the stack. ``QUndoStack.push`` then
calls :meth:`~ServiceCommand.redo`, which only shows that first step. Every later
redo or undo runs the service again. After each step the command's view shows
the result (:meth:`~ServiceCommand.shown`) and the context tells every other part
what changed.

A command keeps its context and its view by weak reference: the context owns
the undo stack that owns the command, so a strong reference would make a cycle
through Qt's ownership that Python's collector cannot see through (and tears
down in the wrong order). The view (``initiator``) is only used while it is
alive.
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand
from shiboken6 import isValid

from followup_gui.domain.errors import FollowUpError
from followup_gui.services.changes import EVERYTHING, Changes

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QObject

    from followup_gui.ui.context import AppContext

log = logging.getLogger(__name__)


class ServiceCommand(QUndoCommand):
    """An undoable write made of service calls that return :class:`Changes`.

    Subclasses implement :meth:`forward` and :meth:`backward`, and may override
    :meth:`shown` to update their view.

    Args:
        context: the app context (database, clock, settings; changes go there).
        text: what the Edit menu shows ("Undo Move 1 card to Offer").
        initiator: the view that made the edit; it shows the result itself, so
            the context's other parts are told it was its change.
    """

    def __init__(self, context: AppContext, text: str, initiator: QObject | None = None) -> None:
        super().__init__(text)
        self._context = weakref.ref(context)
        self._initiator = None if initiator is None else weakref.ref(initiator)
        self._first: Changes | None = None

    @property
    def context(self) -> AppContext:
        """The app context (it outlives its undo stack's commands)."""
        context = self._context()
        if context is None:
            raise RuntimeError("the app context of an undo command is gone")
        return context

    @property
    def initiator(self) -> QObject | None:
        """The view that made the edit, while it is alive."""
        view = None if self._initiator is None else self._initiator()
        return view if view is not None and isValid(view) else None

    # -- to implement -----------------------------------------------------------
    def forward(self) -> Changes:
        """Do the edit (the first time, and at every redo); may raise a user-facing error."""
        raise NotImplementedError

    def backward(self) -> Changes:
        """Reverse the edit; may raise a user-facing error."""
        raise NotImplementedError

    def shown(self, changes: Changes, *, undone: bool, first: bool) -> None:
        """Show the step in the view that made it (default: the context's parts do).

        ``first``: the step :func:`push` did (the view may already show it).
        """

    # -- QUndoCommand --------------------------------------------------------------
    def redo(self) -> None:
        """Show the first step (already done by :func:`push`), else do it again."""
        if self._first is not None:
            changes, self._first = self._first, None
            self._finish(changes, undone=False, first=True)
        else:
            self._finish(self._step(self.forward), undone=False, first=False)

    def undo(self) -> None:
        """Reverse the edit and show it."""
        self._finish(self._step(self.backward), undone=True, first=False)

    def _step(self, step: Callable[[], Changes]) -> Changes:
        try:
            return step()
        except FollowUpError as exc:
            # The data moved on elsewhere (deleted, edited on another computer):
            # this step cannot be repeated; say so and show what there is now.
            log.warning("%s of %r failed: %s", step.__name__, self.text(), exc)
            self.setObsolete(True)
            self.context.post(str(exc))
            return EVERYTHING  # not known what: every part reads what there is now

    def _finish(self, changes: Changes, *, undone: bool, first: bool) -> None:
        initiator = self.initiator  # None once its view was closed: every live part reloads
        if initiator is not None:
            self.shown(changes, undone=undone, first=first)
        self.context.notify(changes, initiator)


def push(
    command: ServiceCommand, report: Callable[[str], None], done: Changes | None = None
) -> bool:
    """Do ``command``'s first step and put it on the undo stack.

    Args:
        command: the edit.
        report: shows a user-facing error (nothing is pushed then).
        done: what the first step changed, when the view made it itself because
            it had to ask the user between tries (overwrite a stale contact?);
            the command then starts from that step.

    Returns:
        Whether the edit was done.
    """
    if done is None:
        try:
            done = command.forward()
        except FollowUpError as exc:
            report(str(exc))
            return False
    command._first = done
    command.context.undo_stack.push(command)
    return True
