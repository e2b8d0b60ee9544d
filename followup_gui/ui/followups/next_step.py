"""The next-step panel: one step, ready to do and to log, wherever a step is shown.

The application window opens on it (its next pending step already selected) and
the agenda shows it beside its list. It is the action panel
(:class:`~followup_gui.ui.followups.action_panel.ActionPanel`: what to do,
for whom, when and why; the script to copy; the outcome buttons that fit the
step; Snooze, Skip) plus what makes it work in a small window:

- it is meant to sit in a scroll area (:func:`next_step_area`), so a short window
  scrolls it instead of squeezing its buttons into slivers;
- it says how it saves: an outcome is stored as soon as it is clicked, and an
  Undo button next to what was just logged takes it back (the main window's
  Ctrl+Z cannot reach a dialog in front of it).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from followup_gui.ui.followups.action_panel import ActionPanel
from followup_gui.ui.followups.outcome_actions import OutcomeActions


class NextStepPanel(ActionPanel):
    """The action panel with its save model stated and an Undo for the last step logged.

    Args:
        actions: logs, snoozes and skips (undoably) for the view showing the panel.
        parent: the parent widget.
    """

    def __init__(self, actions: OutcomeActions, parent: QWidget | None = None) -> None:
        super().__init__(actions, parent)
        self.setObjectName("next_step")
        self.setAccessibleName(self.tr("Next step"))
        self.script.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.notice = QLabel()
        self.notice.setObjectName("logged_notice")
        self.notice.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("&Undo"))
        self.undo_button.setObjectName("undo_logged")
        self.undo_button.setAccessibleName(self.tr("Undo what was just logged"))
        self.undo_button.clicked.connect(self.undo_last)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.undo_button)
        self.notice_box = QWidget()
        self.notice_box.setLayout(notice_row)
        notice_row.setContentsMargins(0, 0, 0, 0)
        self.notice_box.hide()
        self.save_model = QLabel(
            self.tr(
                "Outcomes are saved as soon as you click them; Undo (Ctrl+Z in the main "
                "window) takes one back."
            )
        )
        self.save_model.setObjectName("save_model")
        self.save_model.setWordWrap(True)
        self.save_model.setEnabled(False)  # drawn as a quiet hint
        layout = self.layout()
        assert isinstance(layout, QBoxLayout)
        # What was just saved goes first, where the eye is after a click, with its Undo.
        layout.insertWidget(0, self.notice_box)
        layout.addWidget(self.save_model)
        self._last_done = ""
        actions.done.connect(self._logged)

    def _logged(self, undo_text: str) -> None:
        """Say what was stored and offer to take it back."""
        self._last_done = undo_text
        self.notice.setText(self.tr("Saved: {what}.").format(what=undo_text))
        self.undo_button.setEnabled(True)
        self.notice_box.show()
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:  # scrolled down to the buttons: bring the notice into view
            area.ensureWidgetVisible(self.notice_box)

    def undo_last(self) -> None:
        """Take back what was just logged, if it is still the last thing done."""
        stack = self.outcome_actions.context.undo_stack
        if stack.canUndo() and stack.undoText() == self._last_done:
            stack.undo()
            self.notice.setText(self.tr("Undone: {what}.").format(what=self._last_done))
        self.undo_button.setEnabled(False)
        self._last_done = ""


class _StepArea(QScrollArea):
    """Scrolls the panel up and down; as wide as the panel needs, and no wider."""

    def _width(self) -> int:
        content = self.widget()
        need = content.minimumSizeHint().width() if content is not None else 0
        return need + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def minimumSizeHint(self) -> QSize:
        """The panel's least width (its buttons whole), a few lines high."""
        return QSize(self._width(), self.fontMetrics().lineSpacing() * 6)

    def sizeHint(self) -> QSize:
        """The least width: the list or timeline beside it gets the rest."""
        return QSize(self._width(), super().sizeHint().height())


def next_step_area(panel: NextStepPanel) -> QScrollArea:
    """The panel in a scroll area: scrolled in a small window, never squeezed."""
    area = _StepArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(panel)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the panel's buttons
    area.setAccessibleName(panel.tr("Next step"))
    return area
