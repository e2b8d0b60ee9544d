"""The board's item models: one shared :class:`BoardModel`, one list model per column.

:class:`BoardModel` holds the last loaded :class:`~followup_gui.services.board.cards.BoardSnapshot`
and the filter; each :class:`StageColumnModel` shows the filtered cards of one stage.
Drag and drop carries only card ids, in the vendor MIME type :data:`CARD_MIME`.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from operator import is_
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from followup_gui.services.board.cards import (
    BoardPatch,
    BoardSnapshot,
    CardSummary,
    StageInfo,
    card_order,
    search_words,
    still_current,
)
from followup_gui.ui.common.when import when_text

if TYPE_CHECKING:
    # storage and the board service pull in SQLAlchemy: the board can paint a
    # start-up preview (``BoardModel(None, ...)`` over a peeked snapshot) before.
    from followup_gui.services.changes import Changes
    from followup_gui.storage import Database

CARD_MIME = "application/x-followup-card-ids"
#: Role holding the whole :class:`CardSummary` (``Qt.UserRole`` holds the id).
CARD_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def encode_ids(ids: Sequence[int]) -> QMimeData:
    """Mime data carrying card ids (and nothing else)."""
    mime = QMimeData()
    mime.setData(CARD_MIME, QByteArray(json.dumps([int(i) for i in ids]).encode()))
    return mime


def decode_ids(mime: QMimeData) -> list[int]:
    """The card ids of a drag, or ``[]`` when it carries something else."""
    if not mime.hasFormat(CARD_MIME):
        return []
    try:
        ids = json.loads(bytes(mime.data(CARD_MIME).data()).decode())
    except ValueError:
        return []
    return [int(i) for i in ids if isinstance(i, int)]


class BoardModel(QObject):
    """The board's state: every stage and card, and what the filter lets through.

    Signals:
        reloaded: a new snapshot was loaded (stages may have changed).
        filter_changed: the search text or a quick filter changed.
    """

    reloaded = Signal()
    filter_changed = Signal()

    def __init__(
        self,
        db: Database | None,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
        snapshot: BoardSnapshot | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.clock = clock
        self.snapshot = snapshot or BoardSnapshot((), ())
        self.text = ""
        self.only_overdue = False
        self.only_due_soon = False

    def reload(self, only: Collection[int] | None = None) -> None:
        """Load the board again from the database.

        Args:
            only: after the board's own edits, just these cards need loading
                again (the others only move); ``None`` loads everything.
        """
        if self.db is None:
            return  # a start-up preview: the data comes with :meth:`attach`
        from followup_gui.services.board.columns import load_board, refresh_snapshot

        if only is None or not self.snapshot.cards:
            self.snapshot = load_board(self.db, self.clock())
        else:
            self.snapshot = refresh_snapshot(self.db, self.snapshot, self.clock(), only)
        self.reloaded.emit()

    def show_changes(self, changes: Changes) -> None:
        """Load again what another part changed: only the cards it names when it can.

        Contacts edited by id (the Contacts tab) change only the cards that show
        them; any other change without ids (an import, another program) reloads all.
        """
        if self.db is None:
            return
        from followup_gui.services.board.columns import cards_naming

        cards = changes.cards or changes.plans
        if changes.stages or (cards and not changes.application_ids):
            self.reload()
            return
        only = set(changes.application_ids) if cards else set()
        if changes.contacts:
            if not changes.contact_ids:
                self.reload()
                return
            only |= cards_naming(self.db, changes.contact_ids)
        if only:
            self.reload(only=sorted(only))

    def apply(self, patch: BoardPatch, only: Collection[int]) -> None:
        """Update the snapshot from a move's own result (no read).

        When the patch does not fit (another process changed those columns
        meanwhile), the cards ``only`` and their columns are loaded again instead.
        """
        snapshot = self.snapshot.patched(patch)
        if snapshot is None:
            self.reload(only)
            return
        self.snapshot = snapshot
        self.reloaded.emit()

    def attach(self, db: Database) -> None:
        """Read from ``db`` from now on; load everything unless the preview still holds.

        A start-up preview read from the same file with nothing committed since
        is what a load would give; it is kept (saving a second load at start-up).
        """
        self.db = db
        if not still_current(self.snapshot, db.path):
            self.reload()

    def set_filter(
        self, text: str | None = None, overdue: bool | None = None, due_soon: bool | None = None
    ) -> None:
        """Change the search text and/or the quick filters (``None`` keeps a value)."""
        if text is not None:
            self.text = text
        if overdue is not None:
            self.only_overdue = overdue
        if due_soon is not None:
            self.only_due_soon = due_soon
        self.filter_changed.emit()

    @property
    def filtering(self) -> bool:
        """Whether some cards may be hidden by the filter."""
        return bool(self.text.strip()) or self.only_overdue or self.only_due_soon

    def accepts(self, card: CardSummary) -> bool:
        """Whether the filter lets ``card`` through."""
        if self.only_overdue and not card.overdue:
            return False
        if self.only_due_soon and not card.due_soon:
            return False
        return card.matches(self.text)

    def visible_stages(self) -> list[StageInfo]:
        """The stages shown as columns, left to right."""
        return sorted((s for s in self.snapshot.stages if not s.hidden), key=lambda s: s.order)

    def cards(self, stage_key: str) -> list[CardSummary]:
        """The filtered cards of one stage, in board order."""
        column = self.snapshot.column(stage_key)
        if not self.filtering:
            return column
        # The text is split once per column, not once per card, and each word is
        # a plain comprehension: a keystroke filters every card of every column,
        # and a method call per card costs more than the test itself.
        words = search_words(self.text)
        overdue, soon = self.only_overdue, self.only_due_soon
        if overdue or soon:
            column = [c for c in column if (not overdue or c.overdue) and (not soon or c.due_soon)]
        for word in words:  # each word narrows the last word's result
            column = [c for c in column if word in c.search_text]
        return column

    def card(self, card_id: int) -> CardSummary | None:
        """The card with ``card_id`` from the last load."""
        return self.snapshot.card(card_id)


#: A run of replaced rows up to this long is repainted in place; longer: a reset.
_CHANGED_ROWS = 8


def _same_prefix(old: Sequence[CardSummary], new: Sequence[CardSummary]) -> int:
    """How many cards at the start of both lists are the very same objects.

    Compared in blocks (a C-level ``is`` over each) and then one by one in the
    first block that differs: a column of thousands costs a few list slices.
    """
    n, block, i = min(len(old), len(new)), 256, 0
    while i < n:
        j = min(n, i + block)
        if all(map(is_, old[i:j], new[i:j])):
            i = j
            continue
        while old[i] is new[i]:
            i += 1
        return i
    return n


class StageColumnModel(QAbstractListModel):
    """The filtered cards of one stage, for one :class:`QListView`."""

    def __init__(self, board: BoardModel, stage_key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.board = board
        self.stage_key = stage_key
        self._cards = board.cards(stage_key)
        board.reloaded.connect(self.refresh)
        board.filter_changed.connect(self.refresh)

    def refresh(self) -> None:
        """Take the cards again from the board state, telling the view only what changed.

        A move takes a card out of one column and puts it into another; a search
        keystroke often changes no column at all. The unchanged cards at both ends
        (the same objects) are skipped, and the view hears of the rows between as
        removed, inserted or changed: it lays out and repaints only those, never
        the whole column (a reset would, and its cost grows with the column).
        """
        old, new = self._cards, self.board.cards(self.stage_key)
        if len(old) == len(new) and all(map(is_, old, new)):
            return
        head = _same_prefix(old, new)
        tail = _same_prefix(old[head:][::-1], new[head:][::-1])
        gone, came = len(old) - head - tail, len(new) - head - tail
        if came == 0:
            self.beginRemoveRows(QModelIndex(), head, head + gone - 1)
            self._cards = new
            self.endRemoveRows()
        elif gone == 0:
            self.beginInsertRows(QModelIndex(), head, head + came - 1)
            self._cards = new
            self.endInsertRows()
        elif gone == came and gone <= _CHANGED_ROWS:
            self._cards = new
            self.dataChanged.emit(self.index(head), self.index(head + came - 1))
        elif gone == came and self._moved_one(old, new, head, gone):
            pass
        else:
            self.beginResetModel()
            self._cards = new
            self.endResetModel()

    def _moved_one(
        self, old: list[CardSummary], new: list[CardSummary], head: int, rows: int
    ) -> bool:
        """Tell the view of one card moved within the column (its summary may be new).

        The ``rows`` rows from ``head`` differ between ``old`` and ``new``. Returns
        whether they are one card moved from one end of them to the other (then
        ``new`` is taken and the view told); otherwise nothing is done.
        """
        end = head + rows
        if all(map(is_, old[head + 1 : end], new[head : end - 1])):  # first row went last
            source, target, row = head, end, end - 1
        elif all(map(is_, old[head : end - 1], new[head + 1 : end])):  # last row went first
            source, target, row = end - 1, head, head
        else:
            return False
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), target)
        self._cards = new
        self.endMoveRows()
        self.dataChanged.emit(self.index(row), self.index(row))
        return True

    def total(self) -> int:
        """Cards in this stage, whatever the filter."""
        return len(self.board.snapshot.column(self.stage_key))

    def card_at(self, row: int) -> CardSummary:
        """The card shown in ``row``."""
        return self._cards[row]

    def row_of(self, card_id: int) -> int:
        """The row showing ``card_id``, or -1 (found by board order, not by a scan)."""
        card = self.board.card(card_id)
        if card is None or card.stage_key != self.stage_key:
            return -1
        row = bisect_left(self._cards, (card.position, card.id), key=card_order)
        if row < len(self._cards) and self._cards[row].id == card_id:
            return row
        return -1

    # -- QAbstractItemModel ---------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of shown cards (a list has no children)."""
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Id under ``Qt.UserRole``; the summary under :data:`CARD_ROLE`."""
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return card.id
        if role == CARD_ROLE:
            return card
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"{card.company} — {card.role}" if card.role else card.company
            if role == Qt.ItemDataRole.AccessibleTextRole and card.overdue:
                text += " — " + self.tr("overdue")
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"<b>{card.company}</b>", card.role]
            if card.people:
                lines.append(self.tr("Met: {names}").format(names=", ".join(card.people)))
            step = card.next_step
            if step is not None:  # the card says it short; here in full, their time too
                when = when_text(step.due, self.board.clock(), step.window_end)
                lines.append(self.tr("Next step: {when}").format(when=when))
            lines.append(self.tr("Employer time zone: {tz}").format(tz=card.timezone))
            return "<br>".join(line for line in lines if line)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Cards drag; the list (not a card) takes drops, so the indicator goes between."""
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def mimeTypes(self) -> list[str]:
        """Only card ids travel."""
        return [CARD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged cards' ids, in board order."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_ids([self._cards[r].id for r in rows])

    def supportedDragActions(self) -> Qt.DropAction:
        """Cards are moved, never copied."""
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        """Cards are moved, never copied."""
        return Qt.DropAction.MoveAction

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Never used: the view hands drops to the board, which asks the service."""
        return False
