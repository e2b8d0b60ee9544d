"""A board column's card list: drag source, drop target, keyboard moves.

The drop target owns a move: :class:`CardListView` turns a drop into
:attr:`CardListView.cards_dropped` and the board asks the service. The source view
must not also remove rows after a ``MoveAction``, so :meth:`CardListView.startDrag`
runs the drag itself and never calls Qt's ``clearOrRemove``.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QCursor,
    QDrag,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QStyle,
    QStyleOptionViewItem,
)

from followup_gui.ui.board.delegate import CardDelegate, CardPaint
from followup_gui.ui.board.model import StageColumnModel, decode_ids
from followup_gui.ui.board.scroll_bar_style import scroll_bar_style


class CardListView(QListView):
    """The cards of one stage; drag source and drop target.

    Signals:
        cards_dropped(list, str, object): card ids were dropped here, to land
            before the card id given (``None``: at the end).
        stage_step_requested(list, int): Ctrl+Shift+Left/Right asked to move the
            selected cards one stage left (-1) or right (+1).
        reorder_requested(list, int): Ctrl+Shift+Up/Down asked to move them up/down.
        neighbour_requested(int): Left/Right asked to move the focus to a column.
        open_requested(int): a card was double-clicked or Enter pressed on it.
        delete_requested(list): Delete pressed on the selected cards.
        menu_requested(list, QPoint): a context menu is wanted for these cards.
    """

    cards_dropped = Signal(list, str, object)
    stage_step_requested = Signal(list, int)
    reorder_requested = Signal(list, int)
    neighbour_requested = Signal(int)
    open_requested = Signal(int)
    delete_requested = Signal(list)
    menu_requested = Signal(list, QPoint)

    def __init__(self, model: StageColumnModel, delegate: CardDelegate, title: str) -> None:
        super().__init__()
        self._delegate = delegate
        self._model = model
        #: Where dragged cards would land (the viewport's y), while a drag is over.
        self.landing_y: int | None = None
        self.setObjectName(f"stage:{model.stage_key}")
        self.setAccessibleName(self.tr("{stage} cards").format(stage=title))
        self.setModel(model)
        # A card read again (a step logged on it) must stay selected: the board keeps
        # one selection, and the next-step panel beside it still shows that card.
        self._kept: list[int] = []
        model.modelAboutToBeReset.connect(self._keep_selection)
        model.modelReset.connect(self._reselect)
        self.setItemDelegate(delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)  # the view draws its own (see landing_line)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # The column's colour behind the cards, filled by the viewport itself:
        # the same look as letting the column show through, and it tells the
        # delegate what lies under a card (it stamps cards over that colour).
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.viewport().setAutoFillBackground(True)
        style = scroll_bar_style()
        if style is not None:
            bar = self.verticalScrollBar()
            # The same colour as the column behind it; the cached pieces are
            # drawn over it (see CachedScrollBarStyle).
            bar.setAutoFillBackground(True)
            bar.setStyle(style)
        self.doubleClicked.connect(
            lambda index: self.open_requested.emit(index.data(Qt.ItemDataRole.UserRole))
        )

    def doItemsLayout(self) -> None:
        """Lay the cards out on a grid one card high (the same places, found faster).

        Without a grid, ``QListView`` asks the model for an index per card to
        learn its size, which with a Python model means a call per card; with
        a grid as high as a card (its size does not vary) it does not. A search
        keystroke lays out every changed column again, up to all 2,000 cards.
        The height is checked here because every font or screen change that
        could change it lays the view out again.
        """
        height = self._delegate.card_height(self.fontMetrics())  # what sizeHint() says
        if self.gridSize().height() != height:
            # One pixel wide: cards are as wide as the viewport anyway.
            self.setGridSize(QSize(1, height))
        super().doItemsLayout()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the cards the event covers, in one call to the delegate.

        ``QListView`` would call the delegate once per card, copying a style
        option into Python each time and asking the model for the card and its
        flags: a fifth of a card's painting time, and a search keystroke repaints
        about eighty. The states are the ones it would give (selected; focused:
        the current card of a focused view; the palette's normal colour group
        unless the view is disabled). Qt still draws the drop indicator.
        """
        viewport = self.viewport()
        delegate = self._delegate
        delegate.begin(viewport)
        model = self._model
        count = model.rowCount()
        if count:
            area = event.rect()
            top = self.indexAt(QPoint(0, area.top()))
            if top.isValid():
                bottom = self.indexAt(QPoint(0, area.bottom()))
                last = bottom.row() if bottom.isValid() else count - 1
                option = QStyleOptionViewItem()
                self.initViewItemOption(option)
                if self.isEnabled():
                    option.palette.setCurrentColorGroup(QPalette.ColorGroup.Normal)
                selection = self.selectionModel()
                current = self.currentIndex()
                focused_row = (
                    current.row()
                    if current.isValid() and (self.hasFocus() or viewport.hasFocus())
                    else -1
                )
                # As QListView does: no wider than the viewport or the contents.
                widest = max(viewport.width(), self.contentsSize().width()) - 2 * self.spacing()
                cards = []
                for row in range(top.row(), last + 1):
                    index = model.index(row, 0)
                    rect = self.visualRect(index)
                    if rect.width() > widest:
                        rect.setWidth(widest)
                    cards.append(
                        CardPaint(
                            rect,
                            model.card_at(row),
                            selection.isSelected(index),
                            row == focused_row,
                        )
                    )
                painter = QPainter(viewport)
                delegate.paint_cards(painter, cards, option)
                painter.end()
        if self.landing_y is not None:
            # Where a dragged card will land: a bar between cards, or after the last.
            painter = QPainter(viewport)
            colour = self.palette().color(QPalette.ColorRole.Highlight)
            thick = max(3, self.fontMetrics().height() // 5)
            painter.fillRect(
                QRect(2, self.landing_y - thick // 2, viewport.width() - 4, thick), colour
            )
            painter.end()

    @property
    def column_model(self) -> StageColumnModel:
        """The column's model (typed)."""
        model = self.model()
        assert isinstance(model, StageColumnModel)
        return model

    def selected_ids(self) -> list[int]:
        """Ids of the selected cards, top to bottom."""
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes())
        return [self.column_model.card_at(r).id for r in rows]

    def _keep_selection(self) -> None:
        self._kept = self.selected_ids()

    def _reselect(self) -> None:
        kept, self._kept = self._kept, []
        if kept and not self.selectionModel().hasSelection():
            self.select_ids(kept)

    def select_ids(self, ids: list[int]) -> None:
        """Select the cards with these ids (those shown) and focus the first."""
        sel = self.selectionModel()
        sel.clearSelection()
        first = None
        for card_id in ids:
            row = self.column_model.row_of(card_id)
            if row >= 0:
                index = self.column_model.index(row)
                sel.select(index, sel.SelectionFlag.Select)
                first = first or index
        if first is not None:
            sel.setCurrentIndex(first, sel.SelectionFlag.NoUpdate)
            self.scrollTo(first)

    # -- drag and drop --------------------------------------------------------
    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N803
        """Drag the selected cards' ids; the drop target moves them, not this view."""
        indexes = [i for i in self.selectionModel().selectedIndexes() if i.isValid()]
        if not indexes:
            return
        drag = QDrag(self)
        drag.setMimeData(self.column_model.mimeData(indexes))
        first = min(indexes, key=lambda i: i.row())
        rect = self.visualRect(first)
        drag.setPixmap(self.card_pixmap(first.row(), rect.size()))
        where = self.viewport().mapFromGlobal(QCursor.pos()) - rect.topLeft()
        if not QRect(QPoint(), rect.size()).contains(where):
            where = QPoint(rect.width() // 2, rect.height() // 2)
        drag.setHotSpot(where)
        self.exec_drag(drag, supportedActions)
        # Deliberately no row removal here (QAbstractItemView would remove the
        # rows after a MoveAction): the board reloads from the service instead.

    def card_pixmap(self, row: int, size: QSize) -> QPixmap:
        """The card of ``row`` as a picture (what the mouse carries in a drag)."""
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = QRect(QPoint(), size)
        option.state |= QStyle.StateFlag.State_Selected
        painter = QPainter(pixmap)
        self._delegate.paint(painter, option, self._model.index(row, 0))
        painter.end()
        return pixmap

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Accept card ids and show where they will land (also after the last card)."""
        super().dragMoveEvent(event)
        if not decode_ids(event.mimeData()):
            self._set_landing(None)
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self._set_landing(self.landing_line(self.drop_before_id(event.position().toPoint())))

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        """No landing place once the drag has left."""
        super().dragLeaveEvent(event)
        self._set_landing(None)

    def landing_line(self, before_id: int | None) -> int:
        """The viewport's y between the cards where cards dropped before ``before_id`` go."""
        model = self._model
        if before_id is not None:
            row = model.row_of(before_id)
            if row >= 0:
                return self.visualRect(model.index(row, 0)).top()
        if model.rowCount():
            return self.visualRect(model.index(model.rowCount() - 1, 0)).bottom() + 1
        return self.fontMetrics().height() // 2

    def _set_landing(self, y: int | None) -> None:
        if y != self.landing_y:
            self.landing_y = y
            self.viewport().update()

    def exec_drag(self, drag: QDrag, actions: Qt.DropAction) -> Qt.DropAction:
        """Run the drag (a seam for tests, where ``QDrag.exec`` returns at once)."""
        return drag.exec(actions, Qt.DropAction.MoveAction)

    def drop_before_id(self, pos: QPoint) -> int | None:
        """The card a drop at ``pos`` lands in front of (``None``: the end)."""
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        row = index.row()
        if pos.y() >= self.visualRect(index).center().y():
            row += 1
        model = self.column_model
        return model.card_at(row).id if row < model.rowCount() else None

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand the dropped ids to the board; Qt's own row insertion is not used."""
        ids = decode_ids(event.mimeData())
        self._set_landing(None)
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()
        if not ids:
            event.ignore()
            return
        before = self.drop_before_id(event.position().toPoint())
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.cards_dropped.emit(ids, self.column_model.stage_key, before)

    # -- keyboard and menu ----------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Shift+arrows move cards; Left/Right change column; Enter opens; Delete."""
        key = event.key()
        mods = event.modifiers()
        ids = self.selected_ids()
        both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if mods & both == both and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            if ids:
                self.stage_step_requested.emit(ids, -1 if key == Qt.Key.Key_Left else 1)
            return
        if mods & both == both and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            if ids:
                self.reorder_requested.emit(ids, -1 if key == Qt.Key.Key_Up else 1)
            return
        if not mods and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.neighbour_requested.emit(-1 if key == Qt.Key.Key_Left else 1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex().data(Qt.ItemDataRole.UserRole))
            return
        if key == Qt.Key.Key_Delete and ids:
            self.delete_requested.emit(ids)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Ask the board for the card menu (it knows the stages)."""
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.selectionModel().select(index, self.selectionModel().SelectionFlag.ClearAndSelect)
            self.setCurrentIndex(index)
        ids = self.selected_ids()
        if ids:
            self.menu_requested.emit(ids, event.globalPos())
