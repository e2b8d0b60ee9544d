"""The "Today" agenda: overdue, today and the next 7 days across all applications.

Entries are grouped by the user's own calendar day (see
:func:`~followup_gui.services.followups.agenda.group_agenda`) in a tree model
(:class:`~followup_gui.ui.followups.agenda.model.AgendaModel`); selecting one opens the
same next-step panel as the application window. It is what the tray opens
(:meth:`MainWindow.show_agenda`).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from followup_gui.services.followups.agenda import AgendaGroup, Section, group_agenda, read_agenda
from followup_gui.ui.common.visible_refresh import ChangeGate
from followup_gui.ui.context import AppContext
from followup_gui.ui.followups.agenda.model import ID_ROLE, AgendaModel
from followup_gui.ui.followups.agenda.proposals_area import ProposalsArea
from followup_gui.ui.followups.agenda.widths import ColumnFitter
from followup_gui.ui.followups.labels import local_zone
from followup_gui.ui.followups.next_step import NextStepPanel, next_step_area
from followup_gui.ui.followups.outcome_actions import OutcomeActions

if TYPE_CHECKING:
    pass

DAYS_AHEAD = 7
REFRESH_MS = 60_000


class AgendaView(QWidget):
    """The agenda tab: a grouped list on the left, the next-step panel on the right.

    Args:
        context: the app context (database, settings, clock, undo stack, changes).
        local_tz: the user's zone (default: the system's).
        parent: the parent widget.
    """

    def __init__(
        self,
        context: AppContext,
        local_tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.db, self.clock = context.db, context.now
        self.local_tz = local_tz or local_zone()
        self.setAccessibleName(self.tr("Agenda"))
        self.outcome_actions = OutcomeActions(context, self)
        # A hidden agenda reloads when shown, not at every card move; any change
        # may change what is due (an offer cancels the calls, a contact's name).
        self.refresh_gate = ChangeGate(self, context, lambda _changes: self.reload())
        self.model = AgendaModel(self.local_tz, self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(self.tr("Follow-ups due"))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.selectionModel().selectionChanged.connect(self._selected)
        # Widths from the widest texts: measuring every row at each layout was
        # most of the time the tab took to open.
        # The application gives way first: the reason (with its rules) stays in view.
        self.column_widths = ColumnFitter(
            self.tree, AgendaModel.WHY, squeeze=AgendaModel.APPLICATION
        )
        self.tree.header().setSectionResizeMode(AgendaModel.WHY, QHeaderView.ResizeMode.Stretch)
        # Cut in the middle: the rule ids at the end of a reason stay in view.
        self.summary = QLabel()
        self.panel = NextStepPanel(self.outcome_actions)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        # One "Proposals" area above the due list: news from mail first, then the phone's.
        self.proposals_area = ProposalsArea(context)
        self.proposals = self.proposals_area.mail
        left_layout.addWidget(self.proposals_area)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.tree, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(next_step_area(self.panel))
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)  # overdue is a matter of time passing
        self.timer.timeout.connect(self.reload)
        self.timer.start()
        self.groups: list[AgendaGroup] = []
        self.reload()

    def reload(self) -> None:
        """Re-read the agenda and show it, keeping the selection if it is still due.

        The list is rebuilt (one model reset) only if what it shows changed.
        """
        now = self.clock()
        entries = read_agenda(self.db, now, DAYS_AHEAD + 2)
        self.groups = group_agenda(entries, now, self.local_tz, DAYS_AHEAD)
        selected = self.selected_id()
        if self.model.set_agenda(self.groups, now):
            self.column_widths.fit(self.model)  # before the layout, which then sees them
            self.tree.expandAll()
        overdue = sum(len(g.entries) for g in self.groups if g.section == Section.OVERDUE)
        total = sum(len(g.entries) for g in self.groups)
        due = (
            self.tr("%n follow-up due", "", total)
            if total == 1
            else self.tr("%n follow-ups due", "", total)
        )
        self.summary.setText(
            self.tr("Nothing due in the next 7 days.")
            if not total
            else self.tr("{due}, {o} overdue.").format(due=due, o=overdue)
        )
        if selected is not None and not self.select_follow_up(selected) and self.panel.detail:
            self.panel.clear()

    def changeEvent(self, event: QEvent) -> None:
        """Fit the columns to a new font or style (the texts' widths changed)."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.column_widths.fit(self.model)

    # -- selection ----------------------------------------------------------
    def selected_id(self) -> int | None:
        """The follow-up of the selected row, if any."""
        rows = self.tree.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(ID_ROLE)
        return int(value) if value is not None else None

    def index_of(self, follow_up_id: int) -> QModelIndex | None:
        """The first-column index of a follow-up's row."""
        return self.model.index_of(follow_up_id)

    def select_follow_up(self, follow_up_id: int) -> bool:
        """Select a follow-up's row (which shows it in the panel); False if not listed."""
        index = self.index_of(follow_up_id)
        if index is None:
            return False
        self.tree.setCurrentIndex(index)
        return True

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        follow_up_id = self.selected_id()
        if follow_up_id is not None and (
            self.panel.detail is None or self.panel.detail.id != follow_up_id
        ):
            self.panel.show_follow_up(follow_up_id)
