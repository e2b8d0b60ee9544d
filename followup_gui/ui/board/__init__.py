"""The kanban board: item models, the card delegate, column views, dialogs, undo commands."""

from __future__ import annotations

from followup_gui.ui.board.board_widget import BoardWidget
from followup_gui.ui.board.model import CARD_MIME, CARD_ROLE, BoardModel, StageColumnModel

__all__ = ["CARD_MIME", "CARD_ROLE", "BoardModel", "BoardWidget", "StageColumnModel"]
