"""The timeline of one application with its zoom buttons and the action panel.

The board's details dialog mounts it in its ``timeline_slot`` placeholder::

    mount_timeline(slot, context, application_id)
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain import FollowUpError
from followup_gui.services.changes import Changes
from followup_gui.services.followups.timeline import load_timeline
from followup_gui.ui.context import AppContext
from followup_gui.ui.followups.timeline.action_panel import ActionPanel
from followup_gui.ui.followups.timeline.actions import OutcomeActions
from followup_gui.ui.followups.timeline.labels import KIND_COLOURS, kind_label, local_zone
from followup_gui.ui.followups.timeline.view import TimelineView

if TYPE_CHECKING:
    pass


class TimelineWidget(QWidget):
    """Timeline, zoom controls and action panel for one application.

    Args:
        context: the app context (database, settings, clock, undo stack, changes).
        application_id: whose timeline.
        parent: the parent widget.
    """

    def __init__(
        self, context: AppContext, application_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.db, self.application_id, self.clock = context.db, application_id, context.now
        self.undo_stack = context.undo_stack
        self.outcome_actions = OutcomeActions(context, self)
        context.changed.connect(self._changed)
        self.view = TimelineView(local_zone())
        self.panel = ActionPanel(self.outcome_actions)
        self.view.follow_up_clicked.connect(self.panel.show_follow_up)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._make_toolbar())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.reload()

    def _make_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        buttons = (
            ("zoom_in", "+", self.tr("Zoom in (towards hours)"), lambda: self.view.zoom(1.5)),
            (
                "zoom_out",
                "−",
                self.tr("Zoom out (towards months)"),
                lambda: self.view.zoom(1 / 1.5),
            ),
            ("today", self.tr("Today"), self.tr("Show now"), self._show_now),
        )
        for name, text, tip, slot in buttons:
            button = QToolButton()
            button.setObjectName(name)
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
        legend = " ".join(
            f"<span style='color:{colour}'>■</span> {kind_label(kind)}"
            for kind, colour in KIND_COLOURS.items()
        )
        hint = QLabel(legend + "  ·  " + self.tr("wheel: zoom, drag: pan, click or arrows: act"))
        hint.setTextFormat(Qt.TextFormat.RichText)
        bar.addWidget(hint, 1)
        return bar

    def _show_now(self) -> None:
        self.view.center_on_time(self.clock())

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if changes.application_ids and self.application_id not in changes.application_ids:
            return  # another application's plan
        if changes.board or changes.contacts:
            self.reload()

    def reload(self) -> None:
        """Reload the application's data (after any change) and redraw."""
        now: datetime = self.clock()
        try:
            data = load_timeline(self.db, self.application_id, now)
        except FollowUpError as exc:
            self.panel.clear(str(exc))
            return
        self.view.set_data(data, now)
        if self.panel.detail is not None and all(
            p.id != self.panel.detail.id for p in data.planned
        ):
            self.panel.clear()
        if self.view.selected_id not in {p.id for p in data.planned}:
            self.view.select(None)


def mount_timeline(slot: QWidget, context: AppContext, application_id: int) -> TimelineWidget:
    """Put a :class:`TimelineWidget` into a placeholder widget (e.g. ``timeline_slot``).

    Returns:
        The timeline, a child of ``slot``.
    """
    layout = slot.layout()
    if layout is None:
        layout = QVBoxLayout(slot)
        layout.setContentsMargins(0, 0, 0, 0)
    widget = TimelineWidget(context, application_id, slot)
    layout.addWidget(widget)
    return widget
