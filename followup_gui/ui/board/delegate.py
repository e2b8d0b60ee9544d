"""Painting a card: company, role, next step in words, overdue badge, days, initials.

Sizes come from the font metrics (so 200% scaling works) and colours from the
palette (so a dark palette stays readable); only the overdue badge has its own
red, with white text, which reads on light and dark backgrounds alike.

A search keystroke repaints every visible card of the columns it changes (about
eighty on a full screen), so a card costs little more than its draw calls:

* a card's rectangles are worked out once per font and card size (:class:`_Look`),
  its pens and brushes once per palette and state (:class:`_Colours`), its elided
  strings once per card (:class:`_CardTexts`); what cards share (roles, next
  steps, initials) is measured once;
* its lines are drawn as texts laid out once (:class:`QStaticText`, shared by the
  cards showing the same string) at the place ``drawText`` would put them;
* the parts that look the same on many cards, the frame, the initials chips and
  the overdue badge, are drawn once into opaque pixmaps ("stamps") and copied;
* the board's views paint their cards in one call (:meth:`CardDelegate.paint_cards`).

Each gives exactly the pixels of drawing the card directly, which is what
:meth:`CardDelegate.paint` does on any other device (a drag image); see
:meth:`CardDelegate.begin` for when the shortcuts apply.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime
from itertools import count
from typing import NamedTuple

from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QStaticText,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from followup_gui.services.board_cards import CardSummary, NextStep
from followup_gui.services.board_cards import initials as initials_of
from followup_gui.ui.board.model import CARD_ROLE
from followup_gui.ui.board.scroll_bar_style import whole_pixel_scale

BADGE_RED = QColor("#c62828")
LINES = 5
#: Cards whose strings, rectangles and laid-out company names are kept: eight
#: screenfuls of eighty cards, about 2.5 KiB each (a miss costs ~20 us).
TEXT_CACHE_SIZE = 640
#: Shared strings kept (elided lines, label widths): roles, next steps,
#: "n days since" and initials repeat across cards.
SHARED_TEXT_CACHE_SIZE = 4096
#: Laid-out texts shared by cards kept (about 1.4 KiB each).
STATIC_TEXTS_KEPT = 1024
#: Device-pixel bytes of stamps kept: card frames (64 KiB each at 100 %, one per
#: column width and state) and chips and badges (about 1 KiB each).
STAMP_CACHE_BYTES = 2 * 1024 * 1024

# Flags as plain values, computed once: enum arithmetic in Python costs about a
# microsecond per operation, and a card is painted with a dozen of them.
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
_ELIDE = Qt.TextElideMode.ElideRight
_SELECTED = QStyle.StateFlag.State_Selected.value
_FOCUSED = QStyle.StateFlag.State_HasFocus.value
_NO_PEN = Qt.PenStyle.NoPen
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_WHITE = QColor("white")
_PLAIN_TEXT = Qt.TextFormat.PlainText
_INTERSECT = Qt.ClipOperation.IntersectClip
#: Numbers for looks and colour sets, so stamp keys are small.
_ids = count()


class CardPaint(NamedTuple):
    """One card for :meth:`CardDelegate.paint_cards`: where, which, and its state."""

    rect: QRect
    card: CardSummary
    selected: bool
    focused: bool


class _Fonts(NamedTuple):
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


class _SharedLine(NamedTuple):
    """A string laid out once (:class:`QStaticText`) for a font and line height.

    ``drawText(rect, AlignLeft | AlignVCenter, text)`` lays the text out again at
    each call, most of a card's painting time; a static text draws the same
    glyphs at the same place for a fraction of that. ``static`` is ``None`` for
    text ``drawText`` would not start at the left (right-to-left layouts); ``y``
    is the text's top below the line's top, ``width`` its advance, ``clips``
    whether its box is taller than the line (``drawText`` then clips to it).
    """

    static: QStaticText | None
    y: float
    width: float
    clips: bool


class _Line(NamedTuple):
    """How one line of one card is drawn.

    ``static`` at ``point`` (clipped to ``clip`` if set) or, without ``static``,
    with ``drawText``.
    """

    static: QStaticText | None
    point: QPointF
    clip: QRect | None


#: A line drawn with ``drawText``.
_AS_TEXT = _Line(None, QPointF(), None)


class _Look(NamedTuple):
    """Where a card's parts go for one font and card size.

    Rectangles are relative to the card's top-left corner: the painter is moved
    there, so one set serves every row of a column.
    """

    id: int
    fonts: _Fonts
    size: QSize
    margin: int
    line: int
    box: QRect
    radius: float
    #: Half a line: the corner radius of the badge and of the initials chips.
    pill_radius: float
    inner_width: int
    row1: QRect
    row2: QRect
    row3: QRect
    row4: QRect
    row5: QRect
    #: Where laid-out texts are drawn, by line (0-4) and offset (see ``_line``).
    points: dict[tuple[int, float], QPointF]


class _Colours(NamedTuple):
    """A card's pens and brushes for one palette and selection/focus state."""

    id: int
    frame: QPen
    background: QColor
    text: QColor
    dim: QColor
    #: Lines 3 and 4 of an overdue card.
    late: QColor
    chip: QColor
    chip_text: QColor


class _Chip(NamedTuple):
    """An initials chip (or the badge): where it goes, relative to the card, and its label."""

    x: int
    y: int
    width: int
    label: str


class _CardTexts(NamedTuple):
    """One card's painted strings and where the movable ones go.

    ``card`` is the summary they were made from. Line 4 ends before the overdue
    badge and line 5 before the initials chips, so their rectangles depend on
    the card; the rectangles are relative to the card's top-left, like
    :class:`_Look`'s.
    """

    card: CardSummary
    company: str
    role: str
    action: str
    when: str
    when_rect: QRect
    badge: _Chip | None
    #: Right to left.
    chips: tuple[_Chip, ...]
    days: str
    days_rect: QRect
    #: How company, role, action, when and days are drawn, filled in as they
    #: are (see :meth:`CardDelegate._line`).
    lines: list[_Line | None]


class _Setup(NamedTuple):
    """What the cards of one size and state share (see ``CardDelegate._setup``).

    ``stamps`` is ``None`` where cards are drawn directly, ``background`` where
    their frames are (see :meth:`CardDelegate.begin`).
    """

    look: _Look
    colours: _Colours
    stamps: _Stamps | None
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


class _Stamps:
    """The stamps of one look, colour set and scale."""

    __slots__ = ("frames", "pills", "scale", "seen")

    def __init__(self, scale: int) -> None:
        self.scale = scale
        #: By background colour (``QColor.rgba()``).
        self.frames: dict[int, QPixmap] = {}
        #: By label, width and whether it is the badge.
        self.pills: dict[tuple[str, int, bool], QPixmap] = {}
        #: Pills drawn once, stamped when seen again.
        self.seen: set[tuple[str, int, bool]] = set()


def _tr(text: str) -> str:
    return QCoreApplication.translate("CardDelegate", text)


def step_words(step: NextStep | None, now: datetime | None = None) -> str:
    """The next follow-up in words, e.g. ``"Call Dana · Thu 10:00"``."""
    if step is None:
        return _tr("Nothing planned")
    return f"{_action_words(step.kind, step.contact_name)} · {when_words(step.due, now)}"


def _action_words(kind: str, who: str | None) -> str:
    """What to do, with the person's name when the plan names someone.

    Only the string needed is translated: this runs for every card painted
    for the first time, and a dozen lookups add up over a screenful.
    """
    if who:
        if kind == "call":
            return _tr("Call {name}").format(name=who)
        if kind == "thank_you_email":
            return _tr("Thank {name} by email").format(name=who)
        if kind == "thank_you_card":
            return _tr("Card to {name}").format(name=who)
        if kind == "status_email":
            return _tr("Email {name}").format(name=who)
        if kind == "feedback_request":
            return _tr("Ask {name} for feedback").format(name=who)
    if kind == "call":
        return _tr("Call")
    if kind == "thank_you_email":
        return _tr("Thank-you email")
    if kind == "thank_you_card":
        return _tr("Thank-you card")
    if kind == "status_email":
        return _tr("Status email")
    if kind == "feedback_request":
        return _tr("Ask for feedback")
    if kind == "move_on":
        return _tr("Time to move on")
    return kind.replace("_", " ").capitalize()


def when_words(due: datetime, now: datetime | None = None) -> str:
    """``"Thu 10:00"`` within a week of ``now``, else ``"12 Jun 10:00"``."""
    locale = QLocale()
    clock = f"{due.hour:02d}:{due.minute:02d}"
    today = (now or datetime.now(due.tzinfo)).astimezone(due.tzinfo).date()
    if abs((due.date() - today).days) < 7:
        day = locale.dayName(due.isoweekday(), QLocale.FormatType.ShortFormat)
        return f"{day} {clock}"
    month = locale.monthName(due.month, QLocale.FormatType.ShortFormat)
    return f"{due.day} {month} {clock}"


def days_words(days: int | None) -> str:
    """How long ago the last interview was."""
    if days is None:
        return ""
    if days == 0:
        return _tr("Interview today")
    if days == 1:
        return _tr("1 day since interview")
    return _tr("{n} days since interview").format(n=days)


class CardDelegate(QStyledItemDelegate):
    """Paints one card per row of a :class:`StageColumnModel` (see the module notes)."""

    def __init__(
        self, clock: Callable[[], datetime] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._font_cache: dict[str, _Fonts] = {}
        self._look_cache: dict[tuple[str, int, int], _Look] = {}
        self._colour_cache: dict[tuple[int, object, bool, bool], _Colours] = {}
        self._colour_sets: dict[tuple[int, ...], _Colours] = {}
        self._text_cache: OrderedDict[tuple[object, ...], _CardTexts] = OrderedDict()
        self._elide_cache: dict[tuple[str, int, str], str] = {}
        self._advance_cache: dict[tuple[str, str], int] = {}
        self._initials: dict[str, str] = {}
        self._chip_rows: dict[tuple[object, ...], tuple[tuple[_Chip, ...], QRect]] = {}
        self._stamps: dict[tuple[int, int, int], _Stamps] = {}
        self._pill_sets: dict[tuple[str, int, int], _Stamps] = {}
        self._statics: OrderedDict[tuple[str, str, int], _SharedLine] = OrderedDict()
        self._statics_seen: set[tuple[str, str, int]] = set()
        self._stamp_bytes = 0
        self._pixmap_dpi: int | None = None
        self._stamping: _Stamping | None = None
        # The font of the last paint: comparing fonts is cheap, ``QFont.key()`` is not.
        self._last_font: QFont | None = None
        self._last_fonts: _Fonts | None = None

    def _now(self) -> datetime | None:
        return self.clock() if self.clock is not None else None

    @staticmethod
    def _margin(fm: QFontMetrics) -> int:
        return max(4, fm.height() // 3)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Five text lines plus padding; as wide as the column."""
        fm = option.fontMetrics
        return QSize(max(fm.horizontalAdvance("M") * 12, 1), self.card_height(fm))

    def card_height(self, fm: QFontMetrics) -> int:
        """A card's height in a font: five text lines plus padding."""
        return LINES * fm.lineSpacing() + 4 * self._margin(fm)

    def begin(self, viewport: QWidget) -> None:
        """Get ready to paint cards on ``viewport`` (its view calls this as it paints).

        Works out once per paint, not once per card, whether stamps and laid-out
        texts give the pixels direct drawing would: copies must be whole-pixel
        (a whole-number device pixel ratio, checked again against each painter)
        and fonts at the resolution of pixmaps and metrics (the primary
        screen's). Chips and the badge sit on the card's own fill; the frame
        also covers the gap around the card, so it needs a viewport that fills
        its own background with a plain colour (the board's card views do).
        Cards painted elsewhere (a drag image) are drawn directly. The clock is
        read once too: the cards of one paint show the same minute.
        """
        self._stamping = None
        dpr = viewport.devicePixelRatioF()
        if not dpr.is_integer() or viewport.logicalDpiY() != self._stamp_dpi:
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
            _draw_frame(painter, look, colours)
        # Static texts only where stamps are: another device's fonts may differ.
        lines = texts.lines if stamps is not None else _NO_LINES
        line_of = self._line
        # Lines 1 and 2: company (bold), role.
        painter.setFont(fonts.bold)
        painter.setPen(colours.text)
        line = lines[0] or line_of(texts, 0, fonts.bold_key, fonts.bold_metrics_f, look, look.row1)
        _draw_line(painter, line, look.row1, texts.company)
        painter.setFont(fonts.normal)
        line = lines[1] or line_of(texts, 1, fonts.key, fonts.metrics_f, look, look.row2)
        _draw_line(painter, line, look.row2, texts.role)
        # Lines 3 and 4: the next step in words, then when (and the overdue badge).
        colour = colours.text
        badge = texts.badge
        if badge is not None:
            colour = colours.late
            stamp = None if stamps is None else self._pill(stamps, badge, look, colours, True)
            if stamp is None:
                _draw_pill(painter, badge, look, colours, True)
                painter.setFont(fonts.normal)
            else:
                painter.drawPixmap(badge.x, badge.y, stamp)
        painter.setPen(colour)
        line = lines[2] or line_of(texts, 2, fonts.key, fonts.metrics_f, look, look.row3)
        _draw_line(painter, line, look.row3, texts.action)
        when = texts.when_rect
        line = lines[3] or line_of(texts, 3, fonts.key, fonts.metrics_f, look, when)
        _draw_line(painter, line, when, texts.when)
        # Line 5: days since the interview (left), initials of the people met (right).
        for chip in texts.chips:
            stamp = None if stamps is None else self._pill(stamps, chip, look, colours)
            if stamp is None:
                _draw_pill(painter, chip, look, colours)
            else:
                painter.drawPixmap(chip.x, chip.y, stamp)
        painter.setFont(fonts.small)
        painter.setPen(colours.dim)
        days = texts.days_rect
        line = lines[4] or line_of(texts, 4, fonts.small_key, fonts.small_metrics_f, look, days)
        _draw_line(painter, line, days, texts.days)
        painter.restore()

    # -- what is worked out once ---------------------------------------------
    def _fonts(self, font: QFont) -> _Fonts:
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
            fonts = _Fonts(
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

    def _look(self, font: QFont, width: int, height: int) -> _Look:
        """The card's rectangles for a font and card size (cached)."""
        fonts = self._fonts(font)
        key = (fonts.key, width, height)
        look = self._look_cache.get(key)
        if look is None:
            fm = fonts.metrics
            m = self._margin(fm)
            line = fm.lineSpacing()
            # ``-m // 2`` rounds away from zero: the box keeps that extra pixel.
            box = QRect(0, 0, width, height).adjusted(m // 2, m // 2, -m // 2, -m // 2)
            inner = box.adjusted(m, m, -m, -m)
            left, top, w = inner.left(), inner.top(), inner.width()
            look = _Look(
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

    def _colours(self, pal: QPalette, selected: bool, framed: bool) -> _Colours:
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
            colours = _Colours(
                id=0,
                frame=QPen(border, 2 if framed else 1),
                background=background,
                text=pal.color(QPalette.ColorRole.Text),
                dim=pal.color(QPalette.ColorRole.PlaceholderText),
                late=BADGE_RED.lighter(160) if _dark(pal) else BADGE_RED,
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

    def _texts(
        self, card: CardSummary, look: _Look, now: datetime | None, minute: datetime | None
    ) -> _CardTexts:
        """The card's elided lines and their rectangles, cached per card, size and minute.

        Repaints (a search keystroke, a move, scrolling) mostly show cards painted
        before: their strings are looked up instead of formatted and elided again.
        A card painted for the first time reuses what it shares with others
        (roles, next steps, initials) through :meth:`_elided` and :meth:`_advance`.
        """
        fonts = look.fonts
        key = (card.id, look.id, minute)
        hit = self._text_cache.get(key)
        # A move re-creates the summaries of every shifted card with a new position
        # only: what is painted is compared, not the object.
        if hit is not None and (hit.card is card or _shown(hit.card) == _shown(card)):
            self._text_cache.move_to_end(key)
            return hit
        fm, sfm = fonts.metrics, fonts.small_metrics
        normal, small = fonts.key, fonts.small_key
        m, line, inner = look.margin, look.line, look.inner_width
        step = card.next_step
        if step is None:
            action, when = _tr("Nothing planned"), ""
        else:  # step_words() without joining the parts only to split them again
            action, when = _action_words(step.kind, step.contact_name), when_words(step.due, now)
        badge = None
        when_rect = look.row4
        if card.overdue:
            label = _tr("Overdue")
            room = inner - self._advance(fm, normal, when) - m
            if self._advance(sfm, small, label) + m * 2 > room:
                label = "!"
            badge_width = max(line, self._advance(sfm, small, label) + m * 2)
            badge = _Chip(when_rect.right() - badge_width + 1, when_rect.top(), badge_width, label)
            when_rect = QRect(when_rect)
            when_rect.setRight(badge.x - m)
        chips, days_rect = self._chips(card.people, look)
        texts = _CardTexts(
            card=card,
            # Company names are mostly one of a kind: not worth an entry.
            company=fonts.bold_metrics.elidedText(card.company, _ELIDE, inner),
            role=self._elided(fm, normal, card.role, inner),
            action=self._elided(fm, normal, action, inner),
            when=self._elided(fm, normal, when, when_rect.width()),
            when_rect=when_rect,
            badge=badge,
            chips=chips,
            days=self._elided(sfm, small, days_words(card.days_since_interview), days_rect.width()),
            days_rect=days_rect,
            lines=[None] * 5,
        )
        self._text_cache[key] = texts
        if len(self._text_cache) > TEXT_CACHE_SIZE:
            self._text_cache.popitem(last=False)
        return texts

    def _chips(self, people: tuple[str, ...], look: _Look) -> tuple[tuple[_Chip, ...], QRect]:
        """Line 5's initials chips, right to left, and the room left for the days.

        At most four chips, the last "+n". Cached by the initials: pairs of
        letters repeat across cards.
        """
        cache = self._initials
        initials = []
        for name in people:
            letters = cache.get(name)
            if letters is None:
                if len(cache) >= SHARED_TEXT_CACHE_SIZE:
                    cache.clear()
                letters = cache[name] = initials_of(name)
            initials.append(letters)
        labels = initials[:4]
        if len(initials) > 4:
            labels[-1] = f"+{len(initials) - 3}"
        key = (look.id, *labels)
        hit = self._chip_rows.get(key)
        if hit is None:
            sfm, small = look.fonts.small_metrics, look.fonts.small_key
            m, line, row5 = look.margin, look.line, look.row5
            right, top = row5.right(), row5.top()
            chips = []
            for label in reversed(labels):
                chip_width = max(line, self._advance(sfm, small, label) + m)
                chip = _Chip(right - chip_width + 1, top, chip_width, label)
                chips.append(chip)
                right = chip.x - m // 2
            days_rect = QRect(row5)
            days_rect.setRight(right - m // 2)
            if len(self._chip_rows) >= SHARED_TEXT_CACHE_SIZE:
                self._chip_rows.clear()
            hit = self._chip_rows[key] = (tuple(chips), days_rect)
        return hit

    def _elided(self, metrics: QFontMetrics, key: str, text: str, width: int) -> str:
        """``text`` elided to ``width`` with ``metrics`` (of the font ``key``), cached."""
        cache_key = (key, width, text)
        hit = self._elide_cache.get(cache_key)
        if hit is None:
            hit = metrics.elidedText(text, _ELIDE, max(0, width))
            if len(self._elide_cache) >= SHARED_TEXT_CACHE_SIZE:
                self._elide_cache.clear()
            self._elide_cache[cache_key] = hit
        return hit

    def _advance(self, metrics: QFontMetrics, key: str, text: str) -> int:
        """The width of ``text`` in ``metrics`` (of the font ``key``), cached."""
        cache_key = (key, text)
        hit = self._advance_cache.get(cache_key)
        if hit is None:
            hit = metrics.horizontalAdvance(text)
            if len(self._advance_cache) >= SHARED_TEXT_CACHE_SIZE:
                self._advance_cache.clear()
            self._advance_cache[cache_key] = hit
        return hit

    def _line(
        self,
        texts: _CardTexts,
        slot: int,
        font_key: str,
        metrics: QFontMetricsF,
        look: _Look,
        rect: QRect,
    ) -> _Line:
        """How line ``slot`` of a card is drawn, worked out the first time it is.

        A laid-out text is shared by every card showing the same string in the
        same font and line height (roles, next steps, "n days since"). A company
        name (line 0) is laid out the second time it is drawn: laying out costs
        a little more than drawing, and most names are on one card only. Only
        used where stamps are (the metrics then match the viewport's).
        """
        text = (texts.company, texts.role, texts.action, texts.when, texts.days)[slot]
        height = rect.height()
        key = (font_key, text, height)
        shared = self._statics.get(key)
        if shared is None:
            if slot == 0 and key not in self._statics_seen:
                if len(self._statics_seen) >= SHARED_TEXT_CACHE_SIZE:
                    self._statics_seen.clear()
                self._statics_seen.add(key)
                return _AS_TEXT  # not kept: laid out next time
            box = QRectF(0, 0, rect.width(), height)
            # Where ``drawText`` puts the text: the same computation (qt_format_text).
            bounds = metrics.boundingRect(box, _LEFT_MIDDLE, text)
            static = QStaticText(text)
            static.setTextFormat(_PLAIN_TEXT)
            shared = _SharedLine(
                static if bounds.x() == 0 else None,  # right to left: drawn as text
                bounds.y(),
                bounds.width(),
                bounds.top() < 0 or bounds.bottom() > height,
            )
            self._statics[key] = shared
            if len(self._statics) > STATIC_TEXTS_KEPT:
                self._statics.popitem(last=False)
        else:
            self._statics.move_to_end(key)
        if shared.static is None:
            line = _AS_TEXT
        else:
            # A line's rectangle starts where its row does: the point depends only
            # on the row and the text's offset (one per font), so cards share it.
            point_key = (slot, shared.y)
            point = look.points.get(point_key)
            if point is None:
                point = look.points[point_key] = QPointF(rect.x(), rect.y() + shared.y)
            clips = shared.clips or shared.width > rect.width()
            line = _Line(shared.static, point, rect if clips else None)
        texts.lines[slot] = line
        return line

    # -- stamps ----------------------------------------------------------------
    @property
    def _stamp_dpi(self) -> int:
        """The logical DPI fonts are drawn at in a pixmap (the primary screen's)."""
        if self._pixmap_dpi is None:
            self._pixmap_dpi = QPixmap(1, 1).logicalDpiY()
        return self._pixmap_dpi

    def _stamp_set(self, look: _Look, colours: _Colours, scale: int) -> _Stamps:
        key = (look.id, colours.id, scale)
        stamps = self._stamps.get(key)
        if stamps is None:
            stamps = self._stamps[key] = _Stamps(scale)
            # Chips and badges do not depend on the card's width: columns of
            # other widths share them.
            pills_key = (look.fonts.key, colours.id, scale)
            shared = self._pill_sets.get(pills_key)
            if shared is None:
                self._pill_sets[pills_key] = stamps
            else:
                stamps.pills, stamps.seen = shared.pills, shared.seen
        return stamps

    def _frame(
        self, stamps: _Stamps, look: _Look, colours: _Colours, background: QColor
    ) -> QPixmap:
        """The card's rounded box over the viewport's background, the card's whole size."""
        rgba = background.rgba()
        stamp = stamps.frames.get(rgba)
        if stamp is None:
            stamp = self._new_stamp(look.size.width(), look.size.height(), stamps.scale)
            stamp.fill(background)
            p = QPainter(stamp)
            p.setRenderHint(_ANTIALIASING)
            _draw_frame(p, look, colours)
            p.end()
            stamps.frames[rgba] = stamp
        return stamp

    def _pill(
        self,
        stamps: _Stamps,
        chip: _Chip,
        look: _Look,
        colours: _Colours,
        badge: bool = False,
    ) -> QPixmap | None:
        """An initials chip or the overdue badge over the card's fill.

        ``None`` the first time a label is seen: making a stamp costs a few
        drawings of it, and many initials are seen once, so a stamp is made the
        second time.
        """
        key = (chip.label, chip.width, badge)
        stamp = stamps.pills.get(key)
        if stamp is None:
            if key not in stamps.seen:
                stamps.seen.add(key)
                return None
            stamp = self._new_stamp(chip.width, look.line, stamps.scale)
            stamp.fill(colours.background)
            p = QPainter(stamp)
            p.setRenderHint(_ANTIALIASING)
            _draw_pill(p, chip._replace(x=0, y=0), look, colours, badge)
            p.end()
            stamps.pills[key] = stamp
        return stamp

    def _new_stamp(self, width: int, height: int, scale: int) -> QPixmap:
        """An empty stamp; all stamps are forgotten when they outgrow their budget."""
        self._stamp_bytes += width * height * scale * scale * 4
        if self._stamp_bytes > STAMP_CACHE_BYTES:
            self._stamps.clear()  # the few in use are redrawn at once
            self._pill_sets.clear()
            self._stamp_bytes = width * height * scale * scale * 4
        stamp = QPixmap(width * scale, height * scale)
        stamp.setDevicePixelRatio(scale)
        return stamp


#: The lines of a card drawn without static texts (see ``CardDelegate._draw_card``).
_NO_LINES: list[_Line | None] = [_AS_TEXT] * 5


def _draw_line(painter: QPainter, line: _Line, rect: QRect, text: str) -> None:
    """One line of a card in ``rect``: its static text if it has one, else as text."""
    static = line.static
    if static is None:
        painter.drawText(rect, _LEFT_MIDDLE, text)
    elif line.clip is None:
        painter.drawStaticText(line.point, static)
    else:
        painter.save()
        painter.setClipRect(line.clip, _INTERSECT)
        painter.drawStaticText(line.point, static)
        painter.restore()


def _draw_frame(painter: QPainter, look: _Look, colours: _Colours) -> None:
    """The card's rounded box (the painter at the card's top-left)."""
    painter.setPen(colours.frame)
    painter.setBrush(colours.background)
    painter.drawRoundedRect(look.box, look.radius, look.radius)


def _draw_pill(
    painter: QPainter, chip: _Chip, look: _Look, colours: _Colours, badge: bool = False
) -> None:
    """A chip (button colours) or the badge (white on red) with its label centred."""
    rect = QRect(chip.x, chip.y, chip.width, look.line)
    painter.setPen(_NO_PEN)
    painter.setBrush(BADGE_RED if badge else colours.chip)
    painter.drawRoundedRect(rect, look.pill_radius, look.pill_radius)
    painter.setPen(_WHITE if badge else colours.chip_text)
    painter.setFont(look.fonts.small)
    painter.drawText(rect, _CENTER, chip.label)


def _minute(now: datetime | None) -> datetime | None:
    return None if now is None else now.replace(second=0, microsecond=0)


def _shown(card: CardSummary) -> tuple[object, ...]:
    """The fields of a card that its painted strings depend on."""
    return (
        card.company,
        card.role,
        card.next_step,
        card.overdue,
        card.days_since_interview,
        card.people,
    )


def _dark(pal: QPalette) -> bool:
    return pal.color(QPalette.ColorRole.Base).lightness() < 128
