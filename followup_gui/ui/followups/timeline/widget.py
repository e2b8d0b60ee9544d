"""The timeline of one application with its zoom buttons and the next-step panel.

The application window mounts it in its ``timeline_slot`` placeholder, the next
pending step selected::

    mount_timeline(slot, context, application_id, select_next=True)

The next-step panel comes first (left), the timeline beside it: what to do now is
what the window is opened for; the timeline shows it in context.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from followup_gui.domain import FollowUpError
from followup_gui.services.changes import Changes
from followup_gui.services.followups.timeline import load_timeline
from followup_gui.ui.context import AppContext
from followup_gui.ui.followups.labels import KIND_COLOURS, kind_label, local_zone
from followup_gui.ui.followups.next_step import NextStepPanel, next_step_area
from followup_gui.ui.followups.outcome_actions import OutcomeActions
from followup_gui.ui.followups.timeline.view import TimelineView

if TYPE_CHECKING:
    pass


class TimelineWidget(QWidget):
    """Timeline, zoom controls and next-step panel for one application.

    Args:
        context: the app context (database, settings, clock, undo stack, changes).
        application_id: whose timeline.
        parent: the parent widget.
        select_next: keep the next pending step selected in the panel (at first,
            and after the step shown was logged, snoozed or skipped).
    """

    def __init__(
        self,
        context: AppContext,
        application_id: int,
        parent: QWidget | None = None,
        select_next: bool = False,
    ) -> None:
        super().__init__(parent)
        self.select_next = select_next
        self._shown_once = False
        self.context = context
        self.db, self.application_id, self.clock = context.db, application_id, context.now
        self.undo_stack = context.undo_stack
        self.outcome_actions = OutcomeActions(context, self)
        context.changed.connect(self._changed)
        self.view = TimelineView(local_zone())
        self.panel = NextStepPanel(self.outcome_actions)
        self.view.follow_up_clicked.connect(self.panel.show_follow_up)
        timeline = QWidget()
        timeline.setAccessibleName(self.tr("Timeline"))
        timeline_layout = QVBoxLayout(timeline)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        timeline_layout.addLayout(self._make_toolbar())
        timeline_layout.addWidget(self.view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(next_step_area(self.panel))
        splitter.addWidget(timeline)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
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
        hint.setWordWrap(True)  # a narrow window wraps the legend, it does not widen
        bar.addWidget(hint, 1)
        return bar

    def _show_now(self) -> None:
        self.view.center_on_time(self.clock())

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if not isValid(self.view):
            return  # the window is being torn down
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
        if self.select_next and self.panel.detail is None:
            if self._shown_once:
                # After the shown step was logged: once the panel has said so.
                QTimer.singleShot(0, self._keep_a_step_shown)
            else:
                self.show_next_step()
        self._shown_once = True

    def _keep_a_step_shown(self) -> None:
        # Deferred: the window may have closed meanwhile.
        if isValid(self) and isValid(self.view) and self.panel.detail is None:
            self.show_next_step()

    def show_next_step(self) -> bool:
        """Select the next pending step (the earliest due) and show it in the panel."""
        order = self.view.planned_order()
        if not order:
            self.view.select(None)
            self.panel.clear(self.tr("Nothing is planned for this application right now."))
            return False
        self.view.select(order[0])
        self.view.ensureVisible(self.view.planned_items[order[0]], 40, 20)
        return self.panel.show_follow_up(order[0])


def mount_timeline(
    slot: QWidget, context: AppContext, application_id: int, select_next: bool = False
) -> TimelineWidget:
    """Put a :class:`TimelineWidget` into a placeholder widget (e.g. ``timeline_slot``).

    Returns:
        The timeline, a child of ``slot``.
    """
    layout = slot.layout()
    if layout is None:
        layout = QVBoxLayout(slot)
        layout.setContentsMargins(0, 0, 0, 0)
    widget = TimelineWidget(context, application_id, slot, select_next)
    layout.addWidget(widget)
    return widget
