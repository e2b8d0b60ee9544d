"""The "Today" agenda: overdue, today and the next 7 days across all applications.

Entries are grouped by the user's own calendar day (see
:func:`~followup_gui.services.agenda.group_agenda`) in a tree model; selecting one
opens the same action panel as the timeline. It is what the tray opens
(:meth:`MainWindow.show_agenda`).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, SignalInstance
from PySide6.QtGui import QBrush, QFont, QStandardItem, QStandardItemModel, QUndoStack
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTreeView, QVBoxLayout, QWidget

from followup_gui.services.agenda import AgendaEntry, AgendaGroup, Section, agenda, group_agenda
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.ui.timeline.action_panel import ActionPanel
from followup_gui.ui.timeline.actions import Clock, OutcomeActions, system_clock
from followup_gui.ui.timeline.labels import OVERDUE_COLOUR, kind_colour, kind_label, local_zone
from followup_gui.ui.visible_refresh import refresh_when_shown

if TYPE_CHECKING:
    from followup_gui.ui.main_window import MainWindow

DAYS_AHEAD = 7
ID_ROLE = Qt.ItemDataRole.UserRole + 1
REFRESH_MS = 60_000


class AgendaView(QWidget):
    """The agenda tab: a grouped list on the left, the action panel on the right.

    Args:
        db: the database.
        settings: the user's settings.
        undo_stack: where logged outcomes go.
        data_changed: a long-lived signal emitted after each change and reloaded on.
        clock: the current time (tests pass a fixed one).
        local_tz: the user's zone (default: the system's).
    """

    def __init__(
        self,
        db: Database,
        settings: Settings,
        undo_stack: QUndoStack,
        data_changed: SignalInstance,
        clock: Clock = system_clock,
        local_tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.clock = db, clock
        self.local_tz = local_tz or local_zone()
        self.setAccessibleName(self.tr("Agenda"))
        self.outcome_actions = OutcomeActions(
            db, settings, undo_stack, data_changed.emit, clock, self
        )
        # A hidden agenda reloads when shown, not at every card move.
        self.refresh_gate = refresh_when_shown(self, self.reload, [data_changed])
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(self.tr("Follow-ups due"))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.selectionModel().selectionChanged.connect(self._selected)
        self.summary = QLabel()
        self.panel = ActionPanel(self.outcome_actions)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.tree, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
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
        """Re-read the agenda and rebuild the list, keeping the selection if it is still due."""
        now = self.clock()
        with self.db.read() as session:
            entries = agenda(session, now, DAYS_AHEAD + 2)
        self.groups = group_agenda(entries, now, self.local_tz, DAYS_AHEAD)
        selected = self.selected_id()
        self.model.clear()
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Due"),
                self.tr("What"),
                self.tr("Who"),
                self.tr("Application"),
                self.tr("Why"),
            ]
        )
        today = now.astimezone(self.local_tz).date()
        groups = list(self.groups)
        if not any(g.section == Section.TODAY for g in groups):
            # "Today" is always there, so an empty day reads as good news, not as a gap.
            at = 1 if groups and groups[0].section == Section.OVERDUE else 0
            groups.insert(at, AgendaGroup(Section.TODAY, today, ()))
        for group in groups:
            self.model.appendRow(self._group_row(group, now))
        self.tree.expandAll()
        header = self.tree.header()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        overdue = sum(len(g.entries) for g in self.groups if g.section == Section.OVERDUE)
        total = sum(len(g.entries) for g in self.groups)
        self.summary.setText(
            self.tr("Nothing due in the next 7 days.")
            if not total
            else self.tr("{n} follow-ups due, {o} overdue.").format(n=total, o=overdue)
        )
        if selected is not None and not self.select_follow_up(selected) and self.panel.detail:
            self.panel.clear()

    def _group_title(self, group: AgendaGroup, now: datetime) -> str:
        today = now.astimezone(self.local_tz).date()
        day = group.day.strftime("%a %d %b")
        if group.section == Section.OVERDUE:
            return self.tr("Overdue")
        if group.section == Section.TODAY:
            return self.tr("Today · {day}").format(day=day)
        if group.day == today + timedelta(days=1):
            return self.tr("Tomorrow · {day}").format(day=day)
        return day

    def _group_row(self, group: AgendaGroup, now: datetime) -> list[QStandardItem]:
        title = QStandardItem(f"{self._group_title(group, now)} ({len(group.entries)})")
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        title.setSelectable(False)
        if group.section == Section.OVERDUE:
            title.setForeground(QBrush(OVERDUE_COLOUR))
        for entry in group.entries:
            title.appendRow(self._entry_row(entry, group.section))
        if not group.entries:
            title.setText(
                self.tr("{title} – nothing due").format(title=self._group_title(group, now))
            )
        rest = [QStandardItem() for _ in range(4)]
        for item in rest:
            item.setSelectable(False)
        return [title, *rest]

    def _entry_row(self, entry: AgendaEntry, section: Section) -> list[QStandardItem]:
        mine = entry.due.astimezone(self.local_tz)
        when = mine.strftime("%a %d %b %H:%M" if section == Section.OVERDUE else "%H:%M")
        if entry.due.utcoffset() != mine.utcoffset():
            when += self.tr(" (their {t})").format(t=entry.due.strftime("%H:%M %Z"))
        what = QStandardItem(kind_label(entry.kind))
        what.setForeground(QBrush(kind_colour(entry.kind).darker(120)))
        app = entry.application + (f" · {entry.role}" if entry.role else "")
        why = f"{entry.reason} [{', '.join(entry.rules)}]"
        items = [QStandardItem(when), what, QStandardItem(entry.contact or "—")]
        items += [QStandardItem(app), QStandardItem(why)]
        tip = why + (self.tr("\nOVERDUE") if entry.overdue else "")
        for item in items:
            item.setData(entry.follow_up_id, ID_ROLE)
            item.setToolTip(tip)
        if section == Section.OVERDUE:
            items[0].setForeground(QBrush(OVERDUE_COLOUR))
        return items

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
        for g in range(self.model.rowCount()):
            group = self.model.item(g)
            for r in range(group.rowCount()):
                child = group.child(r)
                if child is not None and child.data(ID_ROLE) == follow_up_id:
                    return child.index()
        return None

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


def agenda_tab(window: MainWindow) -> AgendaView:
    """Build the agenda for the main window, wired to its database, undo stack and signal."""
    view = AgendaView(window.db, window.settings, window.undo_stack, window.data_changed)
    # A card moved on the board changes what is due (an offer cancels the calls).
    window.board.board_changed.connect(view.refresh_gate.changed)
    return view
