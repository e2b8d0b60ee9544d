"""Undoable board edits: a service call forward and one back (see ``ui/common/undo.py``).

Undo of a move applies the layout from before the move through the same service,
which re-plans the moved cards: follow-ups the move cancelled come back. Undo of
an edit, a creation or a deletion restores a snapshot of the application. After
each step the board shows the cards the step names; the other parts learn of it
through the context.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, cast

from PySide6.QtCore import QCoreApplication, QObject

from followup_gui.services.applications import editing as apps
from followup_gui.services.board.cards import BoardPatch
from followup_gui.services.board.moves import Placements, apply_placements, move_cards
from followup_gui.services.changes import Changes, united
from followup_gui.ui.common.undo import ServiceCommand
from followup_gui.ui.context import AppContext


class Board(Protocol):
    """What the commands need from the board: to show what a step changed."""

    def changed(self, select: Sequence[int] = (), patch: BoardPatch | None = None) -> None:
        """Reload the board (or apply ``patch``) and select these cards."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("BoardCommands", text)


class BoardCommand(ServiceCommand):
    """A board edit: after each step the board shows (and selects) ``select()``."""

    def __init__(self, context: AppContext, board: Board, text: str) -> None:
        assert isinstance(board, QObject)
        super().__init__(context, text, board)

    @property
    def board(self) -> Board:
        """The board that shows the steps (only asked while it is alive)."""
        board = self.initiator
        assert board is not None
        return cast(Board, board)

    def select(self, *, undone: bool) -> Sequence[int]:
        """The cards to reload and select after a step (none: reload all)."""
        return ()

    def shown(self, changes: Changes, *, undone: bool, first: bool) -> None:
        """Reload the cards the step changed and select them."""
        self.board.changed(self.select(undone=undone))


class MoveCardsCommand(BoardCommand):
    """Move cards to a stage (before a card or at the end); undo moves them back."""

    def __init__(
        self,
        context: AppContext,
        board: Board,
        ids: Sequence[int],
        stage_key: str,
        before_id: int | None,
        text: str,
    ) -> None:
        super().__init__(context, board, text)
        self.ids = list(ids)
        self.stage_key = stage_key
        self.before_id = before_id
        self._before: Placements | None = None
        self._after: Placements | None = None
        self._patch: BoardPatch | None = None

    def forward(self) -> Changes:
        """Do the move the first time; later, write its cards' placements after it again."""
        c = self.context
        if self._after is not None:
            result = apply_placements(c.db, self._after, c.now(), c.planner_settings())
        else:
            result = move_cards(
                c.db, self.ids, self.stage_key, self.before_id, c.now(), c.planner_settings()
            )
            self._before, self._after = result.before, result.after
        self._patch = result.patch
        return result.changes

    def backward(self) -> Changes:
        """Put every card the move wrote back where it was; moved cards are re-planned."""
        assert self._before is not None
        c = self.context
        result = apply_placements(c.db, self._before, c.now(), c.planner_settings())
        self._patch = result.patch
        return result.changes

    def shown(self, changes: Changes, *, undone: bool, first: bool) -> None:
        """Each step hands the board its patch: nothing is read back."""
        patch, self._patch = self._patch, None
        self.board.changed(self.ids, patch)


class CreateApplicationCommand(BoardCommand):
    """Create an application; undo deletes it, redo restores it with the same id."""

    def __init__(self, context: AppContext, board: Board, draft: apps.ApplicationDraft) -> None:
        super().__init__(
            context, board, _tr("New application {company}").format(company=draft.company)
        )
        self.draft = draft
        self.shot: apps.ApplicationSnapshot | None = None

    def forward(self) -> Changes:
        """Create it the first time; later, restore what was created."""
        c = self.context
        if self.shot is not None:
            return apps.restore_application(c.db, self.shot, c.now(), c.planner_settings())
        created = apps.create_application(c.db, self.draft, c.now(), c.planner_settings())
        self.shot = created.value
        return created.changes

    def backward(self) -> Changes:
        """Delete the created application."""
        assert self.shot is not None
        deleted = apps.delete_application(self.context.db, self.shot.id)
        self.shot = deleted.value
        return deleted.changes

    def select(self, *, undone: bool) -> Sequence[int]:
        """The created card (none after an undo: it is gone)."""
        return () if undone or self.shot is None else [self.shot.id]


class EditApplicationCommand(BoardCommand):
    """Save edits made in the details dialog; undo restores the previous state."""

    def __init__(
        self,
        context: AppContext,
        board: Board,
        app_id: int,
        draft: apps.ApplicationDraft,
        version: int | None,
    ) -> None:
        super().__init__(context, board, _tr("Edit {company}").format(company=draft.company))
        self.app_id = app_id
        self.draft = draft
        self.version = version
        self.before: apps.ApplicationSnapshot | None = None
        self.after: apps.ApplicationSnapshot | None = None

    def forward(self) -> Changes:
        """Save the first time; later, restore the saved state."""
        c = self.context
        if self.after is not None:
            return apps.restore_application(c.db, self.after, c.now(), c.planner_settings())
        saved = apps.update_application(
            c.db, self.app_id, self.draft, self.version, c.now(), c.planner_settings()
        )
        self.before, self.after = saved.value
        return saved.changes

    def backward(self) -> Changes:
        """Restore the application as it was before the edit."""
        assert self.before is not None
        c = self.context
        return apps.restore_application(c.db, self.before, c.now(), c.planner_settings())

    def select(self, *, undone: bool) -> Sequence[int]:
        """The edited card."""
        return [self.app_id]


class DeleteApplicationsCommand(BoardCommand):
    """Delete applications; undo restores them with their plans."""

    def __init__(self, context: AppContext, board: Board, ids: Sequence[int], text: str) -> None:
        super().__init__(context, board, text)
        self.ids = list(ids)
        self.shots: list[apps.ApplicationSnapshot] = []

    def forward(self) -> Changes:
        """Delete (again)."""
        deleted = [apps.delete_application(self.context.db, i) for i in self.ids]
        self.shots = [d.value for d in deleted]
        return united([d.changes for d in deleted])

    def backward(self) -> Changes:
        """Restore the deleted applications."""
        c = self.context
        return united(
            [
                apps.restore_application(c.db, shot, c.now(), c.planner_settings())
                for shot in self.shots
            ]
        )

    def select(self, *, undone: bool) -> Sequence[int]:
        """The restored cards after an undo."""
        return self.ids if undone else ()
