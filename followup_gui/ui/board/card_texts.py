"""A card's strings, elided once, and its lines, laid out once: the caches of card text.

:class:`CardTextCache` keeps each card's elided strings (:class:`CardTexts`),
measures once what cards share (roles, next steps, initials) and lays each line
out once as a :class:`QStaticText`, shared by the cards showing the same string
and drawn (:func:`draw_line`) at the place ``drawText`` would put it.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QFontMetricsF, QPainter, QStaticText

from followup_gui.services.board.cards import CardSummary
from followup_gui.services.board.cards import initials as initials_of
from followup_gui.ui.board.card_look import CardLook, Chip
from followup_gui.ui.board.card_waiting import waiting_words
from followup_gui.ui.board.card_words import action_words, days_words, when_words

#: Cards whose strings, rectangles and laid-out company names are kept: eight
#: screenfuls of eighty cards, about 2.5 KiB each (a miss costs ~20 us).
TEXT_CACHE_SIZE = 640
#: Shared strings kept (elided lines, label widths): roles, next steps,
#: "n days since" and initials repeat across cards.
SHARED_TEXT_CACHE_SIZE = 4096
#: Laid-out texts shared by cards kept (about 1.4 KiB each).
STATIC_TEXTS_KEPT = 1024

# Flags as plain values, computed once: enum arithmetic in Python costs about a
# microsecond per operation, and a card is painted with a dozen of them.
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ELIDE = Qt.TextElideMode.ElideRight
_PLAIN_TEXT = Qt.TextFormat.PlainText
_INTERSECT = Qt.ClipOperation.IntersectClip


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


class CardLine(NamedTuple):
    """How one line of one card is drawn.

    ``static`` at ``point`` (clipped to ``clip`` if set) or, without ``static``,
    with ``drawText``.
    """

    static: QStaticText | None
    point: QPointF
    clip: QRect | None


#: A line drawn with ``drawText``.
_AS_TEXT = CardLine(None, QPointF(), None)
#: The lines of a card drawn without static texts (see ``CardDelegate._draw_card``).
NO_LINES: list[CardLine | None] = [_AS_TEXT] * 5


class CardTexts(NamedTuple):
    """One card's painted strings and where the movable ones go.

    ``card`` is the summary they were made from. Line 5 ends before the initials
    chips, so its rectangle depends on the card; the rectangles are relative to
    the card's top-left, like :class:`~followup_gui.ui.board.card_look.CardLook`'s.
    ``late``: the next step is overdue (lines 3 and 4 are drawn in the overdue
    colour, and line 4 says so in words, as everywhere).
    """

    card: CardSummary
    company: str
    role: str
    action: str
    when: str
    when_rect: QRect
    late: bool
    #: Right to left.
    chips: tuple[Chip, ...]
    days: str
    days_rect: QRect
    #: How company, role, action, when and days are drawn, filled in as they
    #: are (see :meth:`CardTextCache.line`).
    lines: list[CardLine | None]


class CardTextCache:
    """Cards' elided strings and laid-out lines, worked out once and kept."""

    def __init__(self) -> None:
        self._text_cache: OrderedDict[tuple[object, ...], CardTexts] = OrderedDict()
        self._elide_cache: dict[tuple[str, int, str], str] = {}
        self._advance_cache: dict[tuple[str, str], int] = {}
        self._initials: dict[str, str] = {}
        self._chip_rows: dict[tuple[object, ...], tuple[tuple[Chip, ...], QRect]] = {}
        self._statics: OrderedDict[tuple[str, str, int], _SharedLine] = OrderedDict()
        self._statics_seen: set[tuple[str, str, int]] = set()

    def texts(
        self, card: CardSummary, look: CardLook, now: datetime | None, minute: datetime | None
    ) -> CardTexts:
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
        inner = look.inner_width
        step = card.next_step
        if step is None:
            action, when = waiting_words(card.stage_key, card.days_since_interview), ""
        else:
            action, when = action_words(step.kind, step.contact_name), when_words(step, now)
        when_rect = look.row4
        chips, days_rect = self._chips(card.people, look)
        texts = CardTexts(
            card=card,
            # Company names are mostly one of a kind: not worth an entry.
            company=fonts.bold_metrics.elidedText(card.company, _ELIDE, inner),
            role=self._elided(fm, normal, card.role, inner),
            action=self._elided(fm, normal, action, inner),
            when=self._elided(fm, normal, when, when_rect.width()),
            when_rect=when_rect,
            late=step is not None and step.overdue,
            chips=chips,
            days=self._elided(sfm, small, days_words(card.days_since_interview), days_rect.width()),
            days_rect=days_rect,
            lines=[None] * 5,
        )
        self._text_cache[key] = texts
        if len(self._text_cache) > TEXT_CACHE_SIZE:
            self._text_cache.popitem(last=False)
        return texts

    def _chips(self, people: tuple[str, ...], look: CardLook) -> tuple[tuple[Chip, ...], QRect]:
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
                chip = Chip(right - chip_width + 1, top, chip_width, label)
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

    def line(
        self,
        texts: CardTexts,
        slot: int,
        font_key: str,
        metrics: QFontMetricsF,
        look: CardLook,
        rect: QRect,
    ) -> CardLine:
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
            line = CardLine(shared.static, point, rect if clips else None)
        texts.lines[slot] = line
        return line


def draw_line(painter: QPainter, line: CardLine, rect: QRect, text: str) -> None:
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
