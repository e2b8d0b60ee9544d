"""The agenda's item model: day groups, each with the follow-ups due that day.

With hundreds of follow-ups due, building an item per cell (its text, tooltip,
brush and formatted time) cost tens of milliseconds at every reload, most of
it for rows nobody scrolls to. :class:`AgendaModel` keeps the groups as
:func:`~followup_gui.services.followups.agenda.group_agenda` returns them and computes a
cell's text, colour and tooltip when a view asks for it (the rows on screen).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QGuiApplication

from followup_gui.domain.timing import StepState, step_state
from followup_gui.services.followups.agenda import AgendaEntry, AgendaGroup, Section
from followup_gui.ui.common.when import day_text, overdue_colour, when_text
from followup_gui.ui.common.why import plain_reason, why_text
from followup_gui.ui.followups.labels import kind_colour, kind_label

_Index = QModelIndex | QPersistentModelIndex

#: The custom role holding a follow-up's id (on every column of its row).
ID_ROLE = Qt.ItemDataRole.UserRole + 1

# Plain ints: the roles are dictionary keys looked up for every cell painted.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ID = int(ID_ROLE)
#: Roles not in a cell's look (see ``AgendaModel._look``): rarely asked, made when they are.
_ASKED_APART = frozenset({_TOOLTIP, _ID})
#: A group row's internal id; a follow-up's is its group's row + 1.
_GROUP = 0
# Combined once: the view asks for the flags of every row at each layout.
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled
_ENTRY_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class AgendaModel(QAbstractItemModel):
    """The agenda as a two-level tree: day groups (top level) and their follow-ups.

    A group row shows its title and count in the first column (bold, in the
    overdue colour when overdue) and cannot be selected; a follow-up row shows
    when it is due (:func:`~followup_gui.ui.common.when.when_text`, as the cards
    and the panel say it), what, who, the application and why (a sentence; the
    tooltip quotes the rules), with the id in :data:`ID_ROLE`. The "Today" group is
    always there: an empty day reads as good news, not as a gap.

    Args:
        local_tz: the user's zone (groups and due times are in it).
        parent: the owning object.
    """

    DUE, WHAT, WHO, APPLICATION, WHY = range(5)

    def __init__(self, local_tz: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.local_tz = local_tz
        self._groups: list[AgendaGroup] = []
        self._today = date.min
        self._now = datetime.min
        self._zones: list[tuple[tzinfo | None, int, StepState]] = []  # of each due, as shown
        self._headers = [
            self.tr("Due"),
            self.tr("What"),
            self.tr("Who"),
            self.tr("Application"),
            self.tr("Why"),
        ]
        self._bold = QFont()
        self._bold.setBold(True)
        self._overdue = QBrush(overdue_colour(QGuiApplication.palette()))
        self._kind_labels: dict[str, str] = {}
        self._kind_brushes: dict[str, QBrush] = {}
        # "Due" texts by (due, fold, employer zone, window end, state, today):
        # formatting is most of a row's cost, and a reload after one change shows
        # nearly the same times. The fold tells apart the two 01:30s of a night
        # the clocks go back.
        self._due_texts: dict[tuple[object, ...], str] = {}
        self._rows: dict[int, tuple[int, int]] | None = None  # by follow-up id, built on use

    # -- contents -------------------------------------------------------------
    def set_agenda(self, groups: Sequence[AgendaGroup], now: datetime) -> bool:
        """Show ``groups`` (as ``group_agenda`` made them at ``now``) with one model reset.

        Returns:
            False if they show exactly what is shown already: then nothing is reset
            (the timer's reload each minute and most changes elsewhere leave the
            agenda as it was; the view keeps its scroll position and collapsed groups).
        """
        today = now.astimezone(self.local_tz).date()
        shown = list(groups)
        if not any(g.section == Section.TODAY for g in shown):
            at = 1 if shown and shown[0].section == Section.OVERDUE else 0
            shown.insert(at, AgendaGroup(Section.TODAY, today, ()))
        # Equal datetimes can still read differently (another zone, the other
        # side of a DST fold), and a step reads otherwise once it is due: all
        # are part of what is compared.
        zones = [
            (e.due.tzinfo, e.due.fold, step_state(e.due, e.window_end, now))
            for g in shown
            for e in g.entries
        ]
        if (shown, today, zones) == (self._groups, self._today, self._zones):
            self._now = now
            return False
        self.beginResetModel()
        self._groups, self._today, self._zones, self._rows = shown, today, zones, None
        self._now = now
        if len(self._due_texts) > 4 * len(zones) + 64:
            self._due_texts.clear()  # bounded: times long gone from the agenda
        self.endResetModel()
        return True

    @property
    def groups(self) -> list[AgendaGroup]:
        """The groups shown, top to bottom (with the "Today" one added if it was empty)."""
        return self._groups

    def entry(self, index: _Index) -> AgendaEntry | None:
        """The follow-up of a row, or None for a group row or an invalid index."""
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        return self._groups[index.internalId() - 1].entries[index.row()]

    def index_of(self, follow_up_id: int) -> QModelIndex | None:
        """The first-column index of a follow-up's row, or None if it is not listed."""
        if self._rows is None:
            self._rows = {
                e.follow_up_id: (g, r)
                for g, group in enumerate(self._groups)
                for r, e in enumerate(group.entries)
            }
        at = self._rows.get(follow_up_id)
        return None if at is None else self.createIndex(at[1], 0, at[0] + 1)

    def entry_texts(self, column: int) -> list[str]:
        """Every follow-up's text in ``column``, top to bottom (what sizes the column)."""
        if column == self.DUE:
            due = self._due_text
            return [due(e) for g in self._groups for e in g.entries]
        entries = [e for g in self._groups for e in g.entries]
        if column == self.WHAT:
            label = self._kind_label
            return [label(e.kind) for e in entries]
        text = (_who, _application, _why)[column - self.WHO]
        return [text(e) for e in entries]

    def entry_index(self, position: int, column: int = 0) -> QModelIndex:
        """The index of the follow-up at ``position`` of :meth:`entry_texts`."""
        for g, group in enumerate(self._groups):
            if position < len(group.entries):
                return self.createIndex(position, column, g + 1)
            position -= len(group.entries)
        return QModelIndex()

    # -- QAbstractItemModel ---------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """A group's index (no parent) or a follow-up's (its group as parent)."""
        if not 0 <= column < len(self._headers) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row < len(self._groups):
                return self.createIndex(row, column, _GROUP)
        elif parent.internalId() == _GROUP and row < len(self._groups[parent.row()].entries):
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    # QObject.parent() is the overload without an index: mypy sees one signature only.
    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """A follow-up's group; nothing for a group."""
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Groups at the top; a group's follow-ups under its first column."""
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() != _GROUP or parent.column() != 0:
            return 0
        return len(self._groups[parent.row()].entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Due, what, who, application, why."""
        return len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self._headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Follow-ups are selectable; groups only enabled (a click on one selects nothing)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _GROUP_FLAGS if index.internalId() == _GROUP else _ENTRY_FLAGS

    def data(self, index: _Index, role: int = _DISPLAY) -> object:
        """Text, bold group titles, the overdue and kind colours, tooltips and ``ID_ROLE``."""
        if not index.isValid():
            return None
        if role in _ASKED_APART:
            entry = self.entry(index)
            if entry is None:
                return None
            if role == _ID:
                return entry.follow_up_id
            return _why_tip(entry)
        return self._look(index).get(role)

    def multiData(self, index: _Index, span: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role a delegate asks for, in one call per cell painted (not seven)."""
        if isinstance(span, QModelRoleData):
            roles: Sequence[QModelRoleData] = (span,)
        else:  # PySide's span has len() and [] (its type stubs leave them out)
            roles = cast("Sequence[QModelRoleData]", span)
        look = self._look(index) if index.isValid() else {}
        for k in range(len(roles)):
            role_data = roles[k]
            role = role_data.role()
            value = self.data(index, role) if role in _ASKED_APART else look.get(role)
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    # -- cells ----------------------------------------------------------------
    def _look(self, index: _Index) -> dict[int, object]:
        """What a cell shows, by role: its text, font and colour (tooltips are asked apart)."""
        at, column = index.internalId(), index.column()
        if at == _GROUP:
            if column != 0:
                return {}
            group = self._groups[index.row()]
            look: dict[int, object] = {_DISPLAY: self._group_text(group), _FONT: self._bold}
            if group.section == Section.OVERDUE:
                look[_FOREGROUND] = self._overdue
            return look
        group = self._groups[at - 1]
        entry = group.entries[index.row()]
        look = {_DISPLAY: self._entry_text(entry, group.section, column)}
        if column == self.DUE and group.section == Section.OVERDUE:
            look[_FOREGROUND] = self._overdue
        elif column == self.WHAT:
            look[_FOREGROUND] = self._kind_brush(entry.kind)
        return look

    def _group_text(self, group: AgendaGroup) -> str:
        if not group.entries:
            return self.tr("{title} – nothing due").format(title=self._group_title(group))
        return f"{self._group_title(group)} ({len(group.entries)})"

    def _group_title(self, group: AgendaGroup) -> str:
        day = day_text(group.day, self._today)
        if group.section == Section.OVERDUE:
            return self.tr("Overdue")
        if group.section == Section.TODAY:
            return self.tr("Today · {day}").format(day=day)
        if group.day == self._today + timedelta(days=1):
            return self.tr("Tomorrow · {day}").format(day=day)
        return day

    def _entry_text(self, entry: AgendaEntry, section: Section, column: int) -> str:
        if column == self.DUE:
            return self._due_text(entry)
        if column == self.WHAT:
            return self._kind_label(entry.kind)
        return (_who, _application, _why)[column - self.WHO](entry)

    def _kind_label(self, kind: str) -> str:
        label = self._kind_labels.get(kind)
        if label is None:
            label = self._kind_labels[kind] = kind_label(kind)
        return label

    def _due_text(self, entry: AgendaEntry) -> str:
        due, end, now = entry.due, entry.window_end, self._now
        key = (due, due.fold, due.tzinfo, end, step_state(due, end, now), self._today)
        text = self._due_texts.get(key)
        if text is None:
            text = self._due_texts[key] = when_text(due, now, end, self.local_tz, day_shown=True)
        return text

    def _kind_brush(self, kind: str) -> QBrush:
        brush = self._kind_brushes.get(kind)
        if brush is None:
            brush = self._kind_brushes[kind] = QBrush(kind_colour(kind).darker(120))
        return brush


def _who(entry: AgendaEntry) -> str:
    return entry.contact or "—"


def _application(entry: AgendaEntry) -> str:
    return entry.application + (f" · {entry.role}" if entry.role else "")


def _why(entry: AgendaEntry) -> str:
    return plain_reason(entry.reason)


def _why_tip(entry: AgendaEntry) -> str:
    """The reason, then the rules behind it quoted with their sources."""
    rules = why_text(entry.rules)
    return _why(entry) + (f"\n\n{rules}" if rules else "")
