"""Where a card's parts go and in which colours, worked out once per font, size and palette.

Sizes come from the font metrics (so 200% scaling works) and colours from the
palette (so a dark palette stays readable); only overdue text has its own red,
the one of every screen (:func:`followup_gui.ui.common.when.overdue_colour`).
:class:`CardLooks` keeps what it worked out: a card of a known size and state
costs two dictionary lookups.
"""

from __future__ import annotations

from itertools import count
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRect, QSize
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPalette, QPen

from followup_gui.ui.common.when import overdue_colour

LINES = 5
#: Numbers for looks and colour sets, so the keys of the caches using them are small.
_ids = count()


class CardFonts(NamedTuple):
    """The card's normal, bold and small fonts with their metrics."""

    key: str
    #: The keys of :attr:`bold` and :attr:`small` (for the caches of shared texts).
    bold_key: str
    small_key: str
    normal: QFont
    metrics: QFontMetrics
    bold: QFont
    bold_metrics: QFontMetrics
    small: QFont
    small_metrics: QFontMetrics
    #: Exact (fractional) metrics, to place laid-out texts as ``drawText`` would.
    metrics_f: QFontMetricsF
    bold_metrics_f: QFontMetricsF
    small_metrics_f: QFontMetricsF


class CardLook(NamedTuple):
    """Where a card's parts go for one font and card size.

    Rectangles are relative to the card's top-left corner: the painter is moved
    there, so one set serves every row of a column.
    """

    id: int
    fonts: CardFonts
    size: QSize
    margin: int
    line: int
    box: QRect
    radius: float
    #: Half a line: the corner radius of the initials chips.
    pill_radius: float
    inner_width: int
    row1: QRect
    row2: QRect
    row3: QRect
    row4: QRect
    row5: QRect
    #: Where laid-out texts are drawn, by line (0-4) and offset (see
    #: :meth:`~followup_gui.ui.board.card_texts.CardTextCache.line`).
    points: dict[tuple[int, float], QPointF]


class CardColours(NamedTuple):
    """A card's pens and brushes for one palette and selection/focus state."""

    id: int
    frame: QPen
    background: QColor
    text: QColor
    dim: QColor
    #: Lines 3 and 4 of an overdue card (the overdue colour of every screen).
    late: QColor
    chip: QColor
    chip_text: QColor


class Chip(NamedTuple):
    """An initials chip: where it goes, relative to the card, and its label."""

    x: int
    y: int
    width: int
    label: str


def card_margin(fm: QFontMetrics) -> int:
    """The padding around a card and inside it, for the font of ``fm``."""
    return max(4, fm.height() // 3)


class CardLooks:
    """The fonts, rectangles and colours of cards, each built once and kept."""

    def __init__(self) -> None:
        self._font_cache: dict[str, CardFonts] = {}
        self._look_cache: dict[tuple[str, int, int], CardLook] = {}
        self._colour_cache: dict[tuple[int, object, bool, bool], CardColours] = {}
        self._colour_sets: dict[tuple[int, ...], CardColours] = {}
        # The font of the last paint: comparing fonts is cheap, ``QFont.key()`` is not.
        self._last_font: QFont | None = None
        self._last_fonts: CardFonts | None = None

    def fonts(self, font: QFont) -> CardFonts:
        """The normal, bold and small fonts and their metrics, built once per font."""
        if self._last_fonts is not None and font == self._last_font:
            return self._last_fonts
        key = font.key()
        fonts = self._font_cache.get(key)
        if fonts is None:
            font = QFont(font)  # a copy: the option's font dies with the option
            bold = QFont(font)
            bold.setBold(True)
            small = QFont(font)
            small.setPointSizeF(max(1.0, small.pointSizeF() * 0.85))
            fonts = CardFonts(
                key,
                bold.key(),
                small.key(),
                font,
                QFontMetrics(font),
                bold,
                QFontMetrics(bold),
                small,
                QFontMetrics(small),
                QFontMetricsF(font),
                QFontMetricsF(bold),
                QFontMetricsF(small),
            )
            self._font_cache[key] = fonts
        self._last_font, self._last_fonts = fonts.normal, fonts
        return fonts

    def look(self, font: QFont, width: int, height: int) -> CardLook:
        """The card's rectangles for a font and card size (cached)."""
        fonts = self.fonts(font)
        key = (fonts.key, width, height)
        look = self._look_cache.get(key)
        if look is None:
            fm = fonts.metrics
            m = card_margin(fm)
            line = fm.lineSpacing()
            # ``-m // 2`` rounds away from zero: the box keeps that extra pixel.
            box = QRect(0, 0, width, height).adjusted(m // 2, m // 2, -m // 2, -m // 2)
            inner = box.adjusted(m, m, -m, -m)
            left, top, w = inner.left(), inner.top(), inner.width()
            look = CardLook(
                id=next(_ids),
                fonts=fonts,
                size=QSize(width, height),
                margin=m,
                line=line,
                box=box,
                radius=m * 0.8,
                pill_radius=line / 2,
                inner_width=w,
                row1=QRect(left, top, w, line),
                row2=QRect(left, top + line, w, line),
                row3=QRect(left, top + 2 * line + m // 2, w, line),
                row4=QRect(left, top + 3 * line + m // 2, w, line),
                row5=QRect(left, top + 4 * line + m // 2, w, line),
                points={},
            )
            self._look_cache[key] = look
        return look

    def colours(self, pal: QPalette, selected: bool, framed: bool) -> CardColours:
        """The card's pens and brushes for a palette and state (cached).

        A palette's ``cacheKey`` changes whenever a colour of it does (a dark
        scheme, a theme change); the colour group is not part of it. Each column
        has its own palette (terminal stages are tinted), with its own key but
        mostly the same card colours: equal sets are one object, so the columns
        share their stamps.
        """
        key = (pal.cacheKey(), pal.currentColorGroup(), selected, framed)
        colours = self._colour_cache.get(key)
        if colours is None:
            background = pal.color(QPalette.ColorRole.Base)
            border = pal.color(QPalette.ColorRole.Mid)
            if selected:
                highlight = pal.color(QPalette.ColorRole.Highlight)
                background = QColor(background)
                mix = 0.22
                background.setRgbF(
                    background.redF() * (1 - mix) + highlight.redF() * mix,
                    background.greenF() * (1 - mix) + highlight.greenF() * mix,
                    background.blueF() * (1 - mix) + highlight.blueF() * mix,
                )
                border = highlight
            colours = CardColours(
                id=0,
                frame=QPen(border, 2 if framed else 1),
                background=background,
                text=pal.color(QPalette.ColorRole.Text),
                dim=pal.color(QPalette.ColorRole.PlaceholderText),
                late=overdue_colour(pal),
                chip=pal.color(QPalette.ColorRole.Button),
                chip_text=pal.color(QPalette.ColorRole.ButtonText),
            )
            content = (
                border.rgba(),
                2 if framed else 1,
                *(c.rgba() for c in colours[2:]),  # background to chip text
            )
            same = self._colour_sets.get(content)
            if same is None:
                same = self._colour_sets[content] = colours._replace(id=next(_ids))
            colours = same
            if len(self._colour_cache) > 64:  # palettes come and go with themes
                self._colour_cache.clear()
                self._colour_sets.clear()
            self._colour_cache[key] = colours
        return colours


def _dark(pal: QPalette) -> bool:
    return pal.color(QPalette.ColorRole.Base).lightness() < 128
