"""One board column: a header (title, count, collapse) over a card list view.

The drop target owns a move: :class:`CardListView` turns a drop into
:attr:`CardListView.cards_dropped` and the board asks the service. The source view
must not also remove rows after a ``MoveAction``, so :meth:`CardListView.startDrag`
runs the drag itself and never calls Qt's ``clearOrRemove``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDrag,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QRegion,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.services.board.cards import StageInfo
from followup_gui.ui.board.delegate import CardDelegate, CardPaint
from followup_gui.ui.board.model import StageColumnModel, decode_ids
from followup_gui.ui.board.scroll_bar_style import scroll_bar_style

#: Average characters a card's line shows in full (see :meth:`StageColumn.least_width`).
CARD_CHARS = 26


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
        self.setObjectName(f"stage:{model.stage_key}")
        self.setAccessibleName(self.tr("{stage} cards").format(stage=title))
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
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
        if self.state() == QAbstractItemView.State.DraggingState:
            # No card intersects an empty region: Qt only adds the drop indicator.
            super().paintEvent(QPaintEvent(QRegion()))

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
        self.exec_drag(drag, supportedActions)
        # Deliberately no row removal here (QAbstractItemView would remove the
        # rows after a MoveAction): the board reloads from the service instead.

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


class ElidedLabel(QLabel):
    """A label that elides its text instead of growing or clipping."""

    def minimumSizeHint(self) -> QSize:
        """Allow shrinking to a few characters."""
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance("Mmm…"), fm.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the text elided to the width."""
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(
            self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
        )


class VerticalTitle(QWidget):
    """A collapsed column's title, written bottom to top."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        """One line wide, the title long."""
        fm = self.fontMetrics()
        return QSize(fm.lineSpacing() + 4, fm.horizontalAdvance(self.text) + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the title rotated by -90 degrees."""
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.translate(0, self.height())
        painter.rotate(-90)
        painter.drawText(
            QRect(4, 0, self.height() - 8, self.width()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            self.text,
        )


class StageColumn(QFrame):
    """A column: title with the number of cards, a collapse button, the card view."""

    def __init__(self, stage: StageInfo, model: StageColumnModel, delegate: CardDelegate) -> None:
        super().__init__()
        self.stage = stage
        self.model = model
        self.setObjectName(f"column:{stage.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setProperty("terminal", stage.terminal)
        description = self.tr("final stage") if stage.terminal else ""
        self.setAccessibleName(self.tr("{stage} column").format(stage=stage.title))
        self.setAccessibleDescription(description)
        self._tinting = False
        self._tint()

        self.collapse_button = QToolButton()
        self.collapse_button.setCheckable(True)
        self.collapse_button.setAutoRaise(True)
        self.collapse_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.collapse_button.setToolTip(self.tr("Collapse or expand this column"))
        self.collapse_button.setAccessibleName(
            self.tr("Collapse {stage}").format(stage=stage.title)
        )
        self.title = ElidedLabel()
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Number of cards"))
        font = QFont(self.title.font())
        font.setBold(True)
        font.setItalic(stage.terminal)
        self.title.setFont(font)
        self.count.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.vertical = VerticalTitle(stage.title)
        self.vertical.hide()
        self.view = CardListView(model, delegate, stage.title)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.count)
        header.addWidget(self.collapse_button)
        layout = QVBoxLayout(self)
        m = self.fontMetrics().height() // 3
        layout.setContentsMargins(m, m, m, m)
        layout.setSpacing(m)
        layout.addLayout(header)
        layout.addWidget(self.vertical, 1, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.view, 1)
        self.collapse_button.toggled.connect(self.set_collapsed)
        model.modelReset.connect(self.update_title)
        self.set_collapsed(False)
        self.update_title()

    def _tint(self) -> None:
        """Terminal stages sit on a darker (or, in a dark palette, lighter) shade."""
        if not self.stage.terminal or self._tinting:
            return
        parent = self.parentWidget()
        window = (parent.palette() if parent else QApplication.palette()).color(
            QPalette.ColorRole.Window
        )
        tint = window.darker(112) if window.lightness() >= 128 else window.lighter(135)
        if self.palette().color(QPalette.ColorRole.Window) == tint:
            return
        self._tinting = True
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, tint)
        self.setPalette(pal)
        self._tinting = False

    def changeEvent(self, event: QEvent) -> None:
        """Tint again when the theme changes; size again when the font does."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ParentChange):
            self._tint()
        elif event.type() == QEvent.Type.FontChange:
            self.set_collapsed(self.collapsed)  # widths follow the font

    def update_title(self) -> None:
        """Title and count ("Applied 3", or "Applied 1/3" while filtering)."""
        shown, total = self.model.rowCount(), self.model.total()
        count = str(total) if shown == total else f"{shown}/{total}"
        self.title.setText(self.stage.title)
        self.title.setVisible(not self.collapse_button.isChecked())
        self.count.setText(count)
        self.vertical.text = self.stage.title
        tip = self.tr("{stage}: {n} cards").format(stage=self.stage.title, n=total)
        if tip != self.title.toolTip():  # a search keystroke changes only the count
            self.title.setToolTip(tip)

    def set_collapsed(self, collapsed: bool) -> None:
        """Fold the column to a narrow strip with a vertical title (or unfold it)."""
        self.collapse_button.setChecked(collapsed)
        self.view.setVisible(not collapsed)
        self.vertical.setVisible(collapsed)
        self.collapse_button.setArrowType(
            Qt.ArrowType.RightArrow if collapsed else Qt.ArrowType.LeftArrow
        )
        fm = self.fontMetrics()
        if collapsed:
            self.setFixedWidth(fm.horizontalAdvance("999") + fm.height() * 3)
        else:
            least = self.least_width()
            self.setMinimumWidth(least)
            self.setMaximumWidth(max(least, fm.horizontalAdvance("M") * 30))
        self.update_title()

    def least_width(self) -> int:
        """The narrowest this column may be: its whole title, and a card that reads.

        A card fits :data:`CARD_CHARS` average characters on a line (a company,
        a role like "Senior Python Developer", a next step like "Thank Marcus by
        email"); the header fits the bold title, a filtered count ("12/120") and
        the collapse button. The board scrolls sideways when the columns need
        more than the window (as Trello and Huntr do), so nothing is cut.
        """
        fm = self.fontMetrics()
        bold = QFontMetrics(self.title.font())
        margins = 2 * (fm.height() // 3)  # the column's layout margins
        header = (
            bold.horizontalAdvance(self.stage.title)
            + bold.horizontalAdvance(" 999/999 ")
            + self.collapse_button.sizeHint().width()
            + 2 * fm.height() // 3  # the header's spacing
        )
        card_margin = max(4, fm.height() // 3)
        card = fm.averageCharWidth() * CARD_CHARS + 3 * card_margin
        scroll_bar = self.view.verticalScrollBar().sizeHint().width()
        return max(header, card + scroll_bar) + margins + 2 * self.frameWidth()

    @property
    def collapsed(self) -> bool:
        """Whether the column is folded."""
        return self.collapse_button.isChecked()
