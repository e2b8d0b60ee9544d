"""Undoable board edits: each command calls a service, then the board reloads.

Undo of a move applies the layout from before the move through the same service,
which re-plans the moved cards: follow-ups the move cancelled come back. Undo of
an edit, a creation or a deletion restores a snapshot of the application.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.applications import editing as apps
from followup_gui.services.board.cards import BoardPatch
from followup_gui.services.board.columns import apply_layout, move_cards

if TYPE_CHECKING:
    from followup_gui.storage import Database


class BoardContext(Protocol):
    """What commands need from the board."""

    @property
    def db(self) -> Database:
        """The open database."""

    def now(self) -> datetime:
        """The clock."""

    def planner_settings(self) -> PlannerSettings:
        """The planner's knobs."""

    def changed(self, select: Sequence[int] = (), patch: BoardPatch | None = None) -> None:
        """Reload the board (or apply ``patch``) and select these cards."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("BoardCommands", text)


class MoveCardsCommand(QUndoCommand):
    """Move cards to a stage (before a card or at the end); undo moves them back."""

    def __init__(
        self,
        board: BoardContext,
        ids: Sequence[int],
        stage_key: str,
        before_id: int | None,
        text: str,
    ) -> None:
        super().__init__(text)
        self.board = board
        self.ids = list(ids)
        self.stage_key = stage_key
        self.before_id = before_id
        self._before: dict[str, tuple[int, ...]] | None = None
        self._after: dict[str, tuple[int, ...]] | None = None
        self._patch: BoardPatch | None = None

    def execute(self) -> None:
        """Do the move (before the command is pushed; may raise a user-facing error)."""
        b = self.board
        result = move_cards(
            b.db, self.ids, self.stage_key, self.before_id, b.now(), b.planner_settings()
        )
        self._before, self._after, self._patch = result.before, result.after, result.patch

    def redo(self) -> None:
        """Re-apply the layout after the move (the first redo only refreshes)."""
        b = self.board
        if _first(self):
            # The move's own result updates the board; no need to read it back.
            patch, self._patch = self._patch, None
            b.changed(self.ids, patch)
            return
        assert self._after is not None
        apply_layout(b.db, self._after, b.now(), b.planner_settings())
        b.changed(self.ids)

    def undo(self) -> None:
        """Put every affected column back as it was; moved cards are re-planned."""
        assert self._before is not None
        b = self.board
        apply_layout(b.db, self._before, b.now(), b.planner_settings())
        b.changed(self.ids)


class CreateApplicationCommand(QUndoCommand):
    """Create an application; undo deletes it, redo restores it with the same id."""

    def __init__(self, board: BoardContext, draft: apps.ApplicationDraft) -> None:
        super().__init__(_tr("New application {company}").format(company=draft.company))
        self.board = board
        self.draft = draft
        self.shot: apps.ApplicationSnapshot | None = None

    def execute(self) -> None:
        """Create it (before the command is pushed; may raise a user-facing error)."""
        b = self.board
        self.shot = apps.create_application(b.db, self.draft, b.now(), b.planner_settings()).value

    def redo(self) -> None:
        """Restore what was created (the first redo only refreshes)."""
        b = self.board
        assert self.shot is not None
        if not _first(self):
            apps.restore_application(b.db, self.shot, b.now(), b.planner_settings())
        b.changed([self.shot.id])

    def undo(self) -> None:
        """Delete the created application."""
        assert self.shot is not None
        self.shot = apps.delete_application(self.board.db, self.shot.id).value
        self.board.changed()


class EditApplicationCommand(QUndoCommand):
    """Save edits made in the details dialog; undo restores the previous state."""

    def __init__(
        self, board: BoardContext, app_id: int, draft: apps.ApplicationDraft, version: int | None
    ) -> None:
        super().__init__(_tr("Edit {company}").format(company=draft.company))
        self.board = board
        self.app_id = app_id
        self.draft = draft
        self.version = version
        self.before: apps.ApplicationSnapshot | None = None
        self.after: apps.ApplicationSnapshot | None = None

    def execute(self) -> None:
        """Save (before the command is pushed; may raise a user-facing error)."""
        b = self.board
        self.before, self.after = apps.update_application(
            b.db, self.app_id, self.draft, self.version, b.now(), b.planner_settings()
        ).value

    def redo(self) -> None:
        """Restore the saved state (the first redo only refreshes)."""
        b = self.board
        if not _first(self):
            assert self.after is not None
            apps.restore_application(b.db, self.after, b.now(), b.planner_settings())
        b.changed([self.app_id])

    def undo(self) -> None:
        """Restore the application as it was before the edit."""
        assert self.before is not None
        b = self.board
        apps.restore_application(b.db, self.before, b.now(), b.planner_settings())
        b.changed([self.app_id])


class DeleteApplicationsCommand(QUndoCommand):
    """Delete applications; undo restores them with their plans."""

    def __init__(self, board: BoardContext, ids: Sequence[int], text: str) -> None:
        super().__init__(text)
        self.board = board
        self.ids = list(ids)
        self.shots: list[apps.ApplicationSnapshot] = []

    def execute(self) -> None:
        """Delete (before the command is pushed; may raise a user-facing error)."""
        self.shots = [apps.delete_application(self.board.db, i).value for i in self.ids]

    def redo(self) -> None:
        """Delete again (the first redo only refreshes)."""
        if not _first(self):
            self.shots = [apps.delete_application(self.board.db, i).value for i in self.ids]
        self.board.changed()

    def undo(self) -> None:
        """Restore the deleted applications."""
        b = self.board
        for shot in self.shots:
            apps.restore_application(b.db, shot, b.now(), b.planner_settings())
        b.changed(self.ids)


def _first(command: QUndoCommand) -> bool:
    """True exactly once per command: its first redo, right after :func:`run`."""
    fresh = bool(getattr(command, "_fresh", False))
    command._fresh = False  # type: ignore[attr-defined]
    return fresh


def run(
    push: Callable[[QUndoCommand], None], command: QUndoCommand, report: Callable[[str], None]
) -> bool:
    """Execute ``command`` and push it on the undo stack.

    The work is done *before* pushing so a user-facing error (e.g. the card was
    deleted meanwhile) is reported and leaves nothing on the stack.

    Returns:
        Whether the command was done.
    """
    from followup_gui.domain import FollowUpError

    try:
        command.execute()  # type: ignore[attr-defined]
    except FollowUpError as exc:
        report(str(exc))
        return False
    command._fresh = True  # type: ignore[attr-defined]
    push(command)
    return True
