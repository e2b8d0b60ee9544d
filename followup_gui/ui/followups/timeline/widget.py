"""The timeline of one application with its zoom buttons and the action panel.

The board's details dialog mounts it in its ``timeline_slot`` placeholder::

    mount_timeline(slot, db, application_id, undo_stack=window.undo_stack,
                   data_changed=window.data_changed)
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain import FollowUpError
from followup_gui.services.followups.timeline import load_timeline
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.ui.followups.timeline.action_panel import ActionPanel
from followup_gui.ui.followups.timeline.actions import Clock, OutcomeActions, system_clock
from followup_gui.ui.followups.timeline.labels import KIND_COLOURS, kind_label, local_zone
from followup_gui.ui.followups.timeline.view import TimelineView


class TimelineWidget(QWidget):
    """Timeline, zoom controls and action panel for one application.

    Args:
        db: the database.
        application_id: whose timeline.
        settings: the user's settings (planner knobs for re-plans).
        undo_stack: where logged outcomes go (the main window's); a private one
            when ``None``.
        data_changed: a long-lived signal (the main window's) emitted after each
            change and reloaded on; a private one when ``None``.
        clock: the current time (tests pass a fixed one).
    """

    def __init__(
        self,
        db: Database,
        application_id: int,
        settings: Settings | None = None,
        undo_stack: QUndoStack | None = None,
        data_changed: SignalInstance | None = None,
        clock: Clock = system_clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.application_id, self.clock = db, application_id, clock
        self.undo_stack = undo_stack or QUndoStack(self)
        notify = data_changed.emit if data_changed is not None else self.reload
        self.outcome_actions = OutcomeActions(
            db, settings or Settings(), self.undo_stack, notify, clock, self
        )
        if data_changed is not None:
            data_changed.connect(self.reload)
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


def mount_timeline(
    slot: QWidget,
    db: Database,
    application_id: int,
    *,
    settings: Settings | None = None,
    undo_stack: QUndoStack | None = None,
    data_changed: SignalInstance | None = None,
    clock: Clock = system_clock,
) -> TimelineWidget:
    """Put a :class:`TimelineWidget` into a placeholder widget (e.g. ``timeline_slot``).

    Returns:
        The timeline, a child of ``slot``.
    """
    layout = slot.layout()
    if layout is None:
        layout = QVBoxLayout(slot)
        layout.setContentsMargins(0, 0, 0, 0)
    widget = TimelineWidget(db, application_id, settings, undo_stack, data_changed, clock, slot)
    layout.addWidget(widget)
    return widget
