"""The card delegate: company, role, next step and when in words, days, initials.

A search keystroke repaints every visible card of the columns it changes (about
eighty on a full screen), so a card costs little more than its draw calls:

* a card's rectangles are worked out once per font and card size, its pens and
  brushes once per palette and state (:mod:`~followup_gui.ui.board.card_look`),
  its elided strings once per card; what cards share (roles, next steps,
  initials) is measured once (:mod:`~followup_gui.ui.board.card_texts`);
* its lines are drawn as texts laid out once (:class:`QStaticText`, shared by the
  cards showing the same string) at the place ``drawText`` would put them;
* the parts that look the same on many cards, the frame and the initials chips,
  are drawn once into opaque pixmaps ("stamps") and copied
  (:mod:`~followup_gui.ui.board.card_stamps`);
* the board's views paint their cards in one call (:meth:`CardDelegate.paint_cards`).

Each gives exactly the pixels of drawing the card directly, which is what
:meth:`CardDelegate.paint` does on any other device (a drag image); see
:meth:`CardDelegate.begin` for when the shortcuts apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from followup_gui.services.board.cards import CardSummary
from followup_gui.ui.board.card_look import LINES, CardColours, CardLook, CardLooks, card_margin
from followup_gui.ui.board.card_stamps import StampCache, Stamps, draw_frame, draw_pill
from followup_gui.ui.board.card_texts import NO_LINES, CardTextCache, draw_line
from followup_gui.ui.board.model import CARD_ROLE
from followup_gui.ui.board.scroll_bar_style import whole_pixel_scale

# Flags as plain values, computed once (see ``card_texts``).
_SELECTED = QStyle.StateFlag.State_Selected.value
_FOCUSED = QStyle.StateFlag.State_HasFocus.value
_ANTIALIASING = QPainter.RenderHint.Antialiasing


class CardPaint(NamedTuple):
    """One card for :meth:`CardDelegate.paint_cards`: where, which, and its state."""

    rect: QRect
    card: CardSummary
    selected: bool
    focused: bool


class _Setup(NamedTuple):
    """What the cards of one size and state share (see ``CardDelegate._setup``).

    ``stamps`` is ``None`` where cards are drawn directly, ``background`` where
    their frames are (see :meth:`CardDelegate.begin`).
    """

    look: CardLook
    colours: CardColours
    stamps: Stamps | None
    background: QColor | None


class _Stamping(NamedTuple):
    """A viewport where stamps and laid-out texts give exact pixels (see ``begin``)."""

    viewport: QWidget
    #: The device pixel ratio (a whole number).
    scale: int
    #: The viewport's own plain background, under the card frames; ``None``:
    #: frames are drawn, not stamped.
    background: QColor | None
    #: The clock at the paint, and to the minute (cards show no seconds).
    now: datetime | None
    minute: datetime | None


class CardDelegate(QStyledItemDelegate):
    """Paints one card per row of a :class:`StageColumnModel` (see the module notes)."""

    def __init__(
        self, clock: Callable[[], datetime] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        looks, texts, stamps = CardLooks(), CardTextCache(), StampCache()
        self._stamp_cache = stamps
        # The caches' methods, bound once: they run for every card, and cost no
        # more lookups than when they were this class's own.
        self._look = looks.look
        self._colours = looks.colours
        self._texts = texts.texts
        self._line = texts.line
        self._stamp_set = stamps.stamp_set
        self._frame = stamps.frame
        self._pill = stamps.pill
        self._stamping: _Stamping | None = None

    def _now(self) -> datetime | None:
        return self.clock() if self.clock is not None else None

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Five text lines plus padding; as wide as the column."""
        fm = option.fontMetrics
        return QSize(max(fm.horizontalAdvance("M") * 12, 1), self.card_height(fm))

    def card_height(self, fm: QFontMetrics) -> int:
        """A card's height in a font: five text lines plus padding."""
        return LINES * fm.lineSpacing() + 4 * card_margin(fm)

    def begin(self, viewport: QWidget) -> None:
        """Get ready to paint cards on ``viewport`` (its view calls this as it paints).

        Works out once per paint, not once per card, whether stamps and laid-out
        texts give the pixels direct drawing would: copies must be whole-pixel
        (a whole-number device pixel ratio, checked again against each painter)
        and fonts at the resolution of pixmaps and metrics (the primary
        screen's). Chips sit on the card's own fill; the frame
        also covers the gap around the card, so it needs a viewport that fills
        its own background with a plain colour (the board's card views do).
        Cards painted elsewhere (a drag image) are drawn directly. The clock is
        read once too: the cards of one paint show the same minute.
        """
        self._stamping = None
        dpr = viewport.devicePixelRatioF()
        if not dpr.is_integer() or viewport.logicalDpiY() != self._stamp_cache.dpi:
            return
        background = None
        if viewport.autoFillBackground():
            brush = viewport.palette().brush(viewport.backgroundRole())
            if brush.style() == Qt.BrushStyle.SolidPattern and brush.isOpaque():
                background = brush.color()
        now = self._now()
        self._stamping = _Stamping(viewport, int(dpr), background, now, _minute(now))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Draw the card (a rounded box) and its five lines."""
        card: CardSummary | None = index.data(CARD_ROLE)
        if card is None:
            return
        # The option as the view gives it: the model has no font, colour or icon
        # roles, so ``initStyleOption`` (eight ``data()`` calls) adds nothing.
        state = option.state.value
        selected = bool(state & _SELECTED)
        stamping = self._stamping
        if stamping is not None and (
            painter.device() is not stamping.viewport
            or whole_pixel_scale(painter) != stamping.scale
        ):
            stamping = None
        self._paint_card(
            painter,
            option.rect,
            card,
            selected,
            selected or bool(state & _FOCUSED),
            option.palette,
            option.font,
            stamping,
        )

    def paint_cards(
        self, painter: QPainter, cards: Iterable[CardPaint], option: QStyleOptionViewItem
    ) -> None:
        """Draw several cards on the viewport given to :meth:`begin` (its view's own loop).

        The same pixels as :meth:`paint` for each, without a trip through the
        view's C++ loop per card (a style option copied into Python, a model
        call for the summary, another for the flags): a fifth of a card's time.
        ``option`` carries the view's palette (in the colour group of its cards)
        and font.
        """
        pal, font, stamping = option.palette, option.font, self._stamping
        if stamping is not None and whole_pixel_scale(painter) != stamping.scale:
            stamping = None  # e.g. the view rendered into an image of another scale
        if stamping is not None:
            now, minute = stamping.now, stamping.minute
        else:
            now = self._now()
            minute = _minute(now)
        # The cards of a view have one size, and two or three states: their
        # look, colours and stamps are looked up once, not once per card.
        setups: dict[tuple[int, int, bool, bool], _Setup] = {}
        for rect, card, selected, focused in cards:
            framed = selected or focused
            key = (rect.width(), rect.height(), selected, framed)
            setup = setups.get(key)
            if setup is None:
                setup = setups[key] = self._setup(rect, selected, framed, pal, font, stamping)
            self._draw_card(painter, rect, card, setup, now, minute)

    def _paint_card(
        self,
        painter: QPainter,
        rect: QRect,
        card: CardSummary,
        selected: bool,
        framed: bool,
        pal: QPalette,
        font: QFont,
        stamping: _Stamping | None,
    ) -> None:
        """Draw one card in ``rect``; ``stamping``: the viewport set up by ``begin``."""
        if stamping is not None:
            now, minute = stamping.now, stamping.minute
        else:
            now = self._now()
            minute = _minute(now)
        setup = self._setup(rect, selected, framed, pal, font, stamping)
        self._draw_card(painter, rect, card, setup, now, minute)

    def _setup(
        self,
        rect: QRect,
        selected: bool,
        framed: bool,
        pal: QPalette,
        font: QFont,
        stamping: _Stamping | None,
    ) -> _Setup:
        """What cards of one size and state share: look, colours, stamps."""
        look = self._look(font, rect.width(), rect.height())
        colours = self._colours(pal, selected, framed)
        if stamping is None:
            return _Setup(look, colours, None, None)
        return _Setup(
            look, colours, self._stamp_set(look, colours, stamping.scale), stamping.background
        )

    def _draw_card(
        self,
        painter: QPainter,
        rect: QRect,
        card: CardSummary,
        setup: _Setup,
        now: datetime | None,
        minute: datetime | None,
    ) -> None:
        """Draw one card in ``rect`` (see :meth:`_setup`)."""
        look, colours, stamps, background = setup
        texts = self._texts(card, look, now, minute)
        fonts = look.fonts
        painter.save()
        painter.translate(rect.x(), rect.y())
        painter.setRenderHint(_ANTIALIASING)
        if stamps is not None and background is not None:
            painter.drawPixmap(0, 0, self._frame(stamps, look, colours, background))
        else:
            draw_frame(painter, look, colours)
        # Static texts only where stamps are: another device's fonts may differ.
        lines = texts.lines if stamps is not None else NO_LINES
        line_of = self._line
        # Lines 1 and 2: company (bold), role.
        painter.setFont(fonts.bold)
        painter.setPen(colours.text)
        line = lines[0] or line_of(texts, 0, fonts.bold_key, fonts.bold_metrics_f, look, look.row1)
        draw_line(painter, line, look.row1, texts.company)
        painter.setFont(fonts.normal)
        line = lines[1] or line_of(texts, 1, fonts.key, fonts.metrics_f, look, look.row2)
        draw_line(painter, line, look.row2, texts.role)
        # Lines 3 and 4: the next step in words, then when ("⚠ 2 days overdue" in
        # the overdue colour, as everywhere).
        painter.setPen(colours.late if texts.late else colours.text)
        line = lines[2] or line_of(texts, 2, fonts.key, fonts.metrics_f, look, look.row3)
        draw_line(painter, line, look.row3, texts.action)
        when = texts.when_rect
        line = lines[3] or line_of(texts, 3, fonts.key, fonts.metrics_f, look, when)
        draw_line(painter, line, when, texts.when)
        # Line 5: days since the interview (left), initials of the people met (right).
        for chip in texts.chips:
            stamp = None if stamps is None else self._pill(stamps, chip, look, colours)
            if stamp is None:
                draw_pill(painter, chip, look, colours)
            else:
                painter.drawPixmap(chip.x, chip.y, stamp)
        painter.setFont(fonts.small)
        painter.setPen(colours.dim)
        days = texts.days_rect
        line = lines[4] or line_of(texts, 4, fonts.small_key, fonts.small_metrics_f, look, days)
        draw_line(painter, line, days, texts.days)
        painter.restore()


def _minute(now: datetime | None) -> datetime | None:
    return None if now is None else now.replace(second=0, microsecond=0)
