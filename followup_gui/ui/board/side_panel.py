"""The board's next-step panel: beside the columns, the selected card's next step.

Select a card, click how it went: a logged outcome is two clicks from the board.
It is the same :class:`~followup_gui.ui.followups.next_step.NextStepPanel` as the
agenda's and the application window's (what to do, for whom, when and why; the
script to copy; the outcome buttons at full size; Snooze, Skip; Undo), in a
scroll area at its least width, on the right of the columns, which scroll
sideways behind it. It follows the card, not the selection: after a step is
logged it shows the card's next one (the notice with its Undo stays), and a
card with nothing pending says what it is waiting for.

It can be hidden (View > Next step panel, the "Next step" button on the board's
bar, or its own Hide button); whether it is shown is remembered.

The panel itself needs the storage layer, so it is built once the board has a
database (:meth:`BoardSide.attach`): a start-up preview shows only its hint.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from followup_gui.services.changes import Changes
from followup_gui.settings import Option
from followup_gui.ui.board.card_waiting import waiting_words
from followup_gui.ui.context import AppContext

if TYPE_CHECKING:
    from followup_gui.ui.board.column import StageColumn
    from followup_gui.ui.board.model import BoardModel
    from followup_gui.ui.board.view import CardListView
    from followup_gui.ui.followups.next_step import NextStepPanel

#: Whether the board shows its next-step panel.
BOARD_NEXT_STEP = Option("window/board_next_step", True)


class BoardSide(QWidget):
    """The next-step panel of the board's selected card, with its show/hide switch.

    Args:
        context: the app context (its database once attached; settings; changes).
        board: the board's cards (what a card with nothing pending waits for).
        parent: the parent widget.

    Attributes:
        toggle_action: View > Next step panel (checked while shown).
        card_id: the card whose next step is shown, or ``None``.
    """

    def __init__(
        self, context: AppContext, board: BoardModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("board_next_step")
        self.context, self.board = context, board
        self.card_id: int | None = None
        self.panel: NextStepPanel | None = None
        self.area: QWidget | None = None
        self._columns_area: QScrollArea | None = None
        self._columns: Mapping[str, StageColumn] = {}
        self.setAccessibleName(self.tr("Next step of the selected card"))
        title = QLabel(self.tr("<b>Next step</b>"))
        self.hide_button = QToolButton()
        self.hide_button.setText(self.tr("Hide"))
        self.hide_button.setObjectName("hide_next_step")
        self.hide_button.setAccessibleName(self.tr("Hide the next-step panel"))
        self.hide_button.setToolTip(self.tr("Show it again with View > Next step panel"))
        self.hint = QLabel(self.tr("Select a card to see its next step here."))
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.hide_button)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addLayout(top)
        self.box.addWidget(self.hint, 1)

        self.toggle_action = QAction(self.tr("&Next step panel"), self)
        self.toggle_action.setCheckable(True)
        self.toggle_action.setToolTip(self.tr("The selected card's next step, beside the board"))
        shown = context.settings.get(BOARD_NEXT_STEP)
        self.toggle_action.setChecked(shown)
        self.setVisible(shown)
        self.toggle_action.toggled.connect(self._set_shown)
        self.hide_button.clicked.connect(lambda: self.toggle_action.setChecked(False))
        context.changed.connect(self._changed)

    def switch_button(self) -> QToolButton:
        """A button for the board's bar that shows and hides the panel."""
        button = QToolButton()
        button.setDefaultAction(self.toggle_action)
        button.setText(self.tr("Next step"))
        button.setAccessibleName(self.tr("Show the next-step panel"))
        return button

    def _set_shown(self, shown: bool) -> None:
        self.setVisible(shown)
        self.context.settings.set(BOARD_NEXT_STEP, shown)
        if shown and self.card_id is not None:
            self.refresh()

    def attach(self) -> None:
        """Build the panel over the context's (now open) database."""
        if self.panel is not None:
            return
        # Imported when first built, after the window has painted (start-up stays light).
        from followup_gui.ui.followups.next_step import NextStepPanel, next_step_area
        from followup_gui.ui.followups.outcome_actions import OutcomeActions

        actions = OutcomeActions(self.context, self)
        self.panel = NextStepPanel(actions)
        self.panel.clear(self.hint.text())
        self.hint.hide()
        self.area = next_step_area(self.panel)
        # As wide from the start as with a step's buttons: no jump at the first card.
        self.area.setMinimumWidth(self.fontMetrics().averageCharWidth() * 40)
        self.box.addWidget(self.area, 1)

    def follow(self, area: QScrollArea, columns: Mapping[str, StageColumn]) -> None:
        """Keep the shown card in ``area``'s view whenever the area's width changes.

        The panel grows for a step's buttons and the window may narrow: the column
        of the card being worked on scrolls back into sight (once laid out).
        """
        self._columns_area, self._columns = area, columns
        area.horizontalScrollBar().rangeChanged.connect(self.keep_in_sight)

    def keep_in_sight(self) -> None:
        """Scroll the shown card's column into the columns' view (after the layout)."""
        area = self._columns_area
        if area is None or self.card_id is None or not isValid(area):
            return
        for column in self._columns.values():
            view = column.view
            if isValid(view) and view.column_model.row_of(self.card_id) >= 0:
                QTimer.singleShot(0, area, lambda v=view: area.ensureWidgetVisible(v, 0, 0))

    # -- following the card ---------------------------------------------------
    def show_selected(self, view: CardListView) -> None:
        """Show the card just selected in a column (its current one, else its first)."""
        ids = view.selected_ids()
        if not ids:
            return
        current = view.currentIndex()
        here = view.column_model.card_at(current.row()).id if current.isValid() else -1
        self.show_card(here if here in ids else ids[0])

    def show_card(self, card_id: int) -> None:
        """Show a card's next pending step (the board's selection moved to it)."""
        if card_id != self.card_id:
            self.card_id = card_id
            if self.panel is not None:
                self.panel.notice_box.hide()  # what was logged was for another card
                self.panel.detail = None  # a new card: its own next step
        self.refresh()

    def refresh(self) -> None:
        """Show the card's next step unless it is already shown; say why when none is."""
        from followup_gui.services.followups.timeline import next_pending_id

        panel = self.panel
        if panel is None or self.card_id is None or not self.isVisible():
            return
        next_id = next_pending_id(self.context.db, self.card_id)
        if next_id is None:
            card = self.board.card(self.card_id)
            if card is None:
                self.card_id = None
                panel.clear(self.tr("Select a card to see its next step here."))
            else:
                words = waiting_words(card.stage_key, card.days_since_interview)
                panel.clear(
                    self.tr("<b>{company}</b><br>Nothing to do now: {waiting}.").format(
                        company=escape(card.company), waiting=words[:1].lower() + words[1:]
                    )
                )
        elif panel.detail is None or panel.detail.id != next_id:
            panel.show_follow_up(next_id)
        # The scroll area does not hear of its panel's new least width (its buttons):
        # it is set on it, never narrower than before (the panel does not jump).
        if self.area is not None:
            need = self.area.minimumSizeHint().width()
            self.area.setMinimumWidth(max(need, self.area.minimumWidth()))

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if self.card_id is None or not (changes.board or changes.external):
            return
        if changes.application_ids and self.card_id not in changes.application_ids:
            return
        # After the panel said what was logged, and the board read the card again.
        QTimer.singleShot(0, self._refresh_if_alive)

    def _refresh_if_alive(self) -> None:
        if isValid(self):  # the window may have closed meanwhile
            self.refresh()
