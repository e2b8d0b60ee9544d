"""One board column: a header (title, count, collapse) over its card view."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.services.board.cards import StageInfo
from followup_gui.ui.board.delegate import CardDelegate
from followup_gui.ui.board.model import StageColumnModel
from followup_gui.ui.board.view import CardListView
from followup_gui.ui.common.counts import counted

#: Average characters a card's line shows in full (see :meth:`StageColumn.least_width`).
CARD_CHARS = 26


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
        # The count follows every way the column changes (a move inserts or
        # removes a row; a search or a reload may reset the column).
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.update_title)
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
        tip = counted(
            total, self.tr("{stage}: 1 card"), self.tr("{stage}: {n} cards"), stage=self.stage.title
        )
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
