"""Painting a card: company, role, next step in words, overdue badge, days, initials.

Sizes come from the font metrics (so 200% scaling works) and colours from the
palette (so a dark palette stays readable); only the overdue badge has its own
red, with white text, which reads on light and dark backgrounds alike.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from followup_gui.services.board_cards import CardSummary, NextStep
from followup_gui.ui.board.model import CARD_ROLE

BADGE_RED = QColor("#c62828")
LINES = 5
#: Cards whose painted strings are kept (a few screens' worth; strings are small).
TEXT_CACHE_SIZE = 2048


class _Fonts(NamedTuple):
    key: str
    normal: QFont
    metrics: QFontMetrics
    bold: QFont
    bold_metrics: QFontMetrics
    small: QFont
    small_metrics: QFontMetrics


class _CardTexts(NamedTuple):
    """One card's painted strings (``card``: the summary they were made from)."""

    card: CardSummary
    company: str
    role: str
    action: str
    when: str
    badge: str
    chips: tuple[str, ...]
    days: str


def _tr(text: str) -> str:
    return QCoreApplication.translate("CardDelegate", text)


def step_words(step: NextStep | None, now: datetime | None = None) -> str:
    """The next follow-up in words, e.g. ``"Call Dana · Thu 10:00"``."""
    if step is None:
        return _tr("Nothing planned")
    who = step.contact_name
    with_name = {
        "call": _tr("Call {name}"),
        "thank_you_email": _tr("Thank {name} by email"),
        "thank_you_card": _tr("Card to {name}"),
        "status_email": _tr("Email {name}"),
        "feedback_request": _tr("Ask {name} for feedback"),
    }
    without = {
        "call": _tr("Call"),
        "thank_you_email": _tr("Thank-you email"),
        "thank_you_card": _tr("Thank-you card"),
        "status_email": _tr("Status email"),
        "feedback_request": _tr("Ask for feedback"),
        "move_on": _tr("Time to move on"),
    }
    if who and step.kind in with_name:
        action = with_name[step.kind].format(name=who)
    else:
        action = without.get(step.kind, step.kind.replace("_", " ").capitalize())
    return f"{action} · {when_words(step.due, now)}"


def when_words(due: datetime, now: datetime | None = None) -> str:
    """``"Thu 10:00"`` within a week of ``now``, else ``"12 Jun 10:00"``."""
    from PySide6.QtCore import QLocale

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
    """Paints one card per row of a :class:`StageColumnModel`."""

    def __init__(
        self, clock: Callable[[], datetime] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._font_cache: dict[str, _Fonts] = {}
        self._text_cache: OrderedDict[tuple[object, ...], _CardTexts] = OrderedDict()

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
        m = self._margin(fm)
        height = LINES * fm.lineSpacing() + 4 * m
        return QSize(max(fm.horizontalAdvance("M") * 12, 1), height)

    def _fonts(self, font: QFont) -> _Fonts:
        """The normal, bold and small fonts and their metrics, built once per font."""
        key = font.key()
        fonts = self._font_cache.get(key)
        if fonts is None:
            font = QFont(font)  # a copy: the option's font dies with the option
            bold = QFont(font)
            bold.setBold(True)
            small = QFont(font)
            small.setPointSizeF(max(1.0, small.pointSizeF() * 0.85))
            fonts = _Fonts(
                key, font, QFontMetrics(font), bold, QFontMetrics(bold), small, QFontMetrics(small)
            )
            self._font_cache[key] = fonts
        return fonts

    def _texts(self, card: CardSummary, fonts: _Fonts, width: int, m: int) -> _CardTexts:
        """The card's elided lines for a column ``width``, cached per card and minute.

        Repaints (a search keystroke, a move, scrolling) mostly show cards painted
        before: their strings are looked up instead of formatted and elided again.
        """
        now = self._now()
        minute = None if now is None else now.replace(second=0, microsecond=0)
        key = (card.id, width, fonts.key, minute)
        hit = self._text_cache.get(key)
        # A move re-creates the summaries of every shifted card with a new position
        # only: what is painted is compared, not the object.
        if hit is not None and (hit.card is card or _shown(hit.card) == _shown(card)):
            self._text_cache.move_to_end(key)
            return hit
        fm, sfm = fonts.metrics, fonts.small_metrics
        elide = Qt.TextElideMode.ElideRight
        action, _sep, when = step_words(card.next_step, now).partition(" · ")
        badge = ""
        if card.overdue:
            badge = _tr("Overdue")
            room = width - fm.horizontalAdvance(when) - m
            if sfm.horizontalAdvance(badge) + m * 2 > room:
                badge = "!"
        chips = list(card.initials[:4])
        if len(card.initials) > 4:
            chips[-1] = f"+{len(card.initials) - 3}"
        texts = _CardTexts(
            card=card,
            company=fonts.bold_metrics.elidedText(card.company, elide, width),
            role=fm.elidedText(card.role, elide, width),
            action=fm.elidedText(action, elide, max(0, width)),
            when=when,
            badge=badge,
            chips=tuple(chips),
            days=days_words(card.days_since_interview),
        )
        self._text_cache[key] = texts
        if len(self._text_cache) > TEXT_CACHE_SIZE:
            self._text_cache.popitem(last=False)
        return texts

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
        pal: QPalette = option.palette
        rect: QRect = option.rect
        state = option.state
        fonts = self._fonts(option.font)
        fm, sfm = fonts.metrics, fonts.small_metrics
        m = self._margin(fm)
        box = rect.adjusted(m // 2, m // 2, -m // 2, -m // 2)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
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
        painter.setPen(QPen(border, 2 if (selected or focused) else 1))
        painter.setBrush(background)
        radius = m * 0.8
        painter.drawRoundedRect(box, radius, radius)

        inner = box.adjusted(m, m, -m, -m)
        texts = self._texts(card, fonts, inner.width(), m)
        line = fm.lineSpacing()
        text = pal.color(QPalette.ColorRole.Text)
        dim = pal.color(QPalette.ColorRole.PlaceholderText)
        left_middle = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        # Line 1: company (bold).
        row1 = QRect(inner.left(), inner.top(), inner.width(), line)
        painter.setFont(fonts.bold)
        painter.setPen(text)
        painter.drawText(row1, left_middle, texts.company)
        painter.setFont(fonts.normal)
        # Line 2: role.
        row2 = QRect(inner.left(), inner.top() + line, inner.width(), line)
        painter.drawText(row2, left_middle, texts.role)
        # Lines 3 and 4: the next step in words, then when (and the overdue badge).
        row3 = QRect(inner.left(), inner.top() + 2 * line + m // 2, inner.width(), line)
        row4 = QRect(inner.left(), inner.top() + 3 * line + m // 2, inner.width(), line)
        colour = text
        if texts.badge:
            colour = BADGE_RED.lighter(160) if _dark(pal) else BADGE_RED
            width = max(line, sfm.horizontalAdvance(texts.badge) + m * 2)
            badge = QRect(row4.right() - width + 1, row4.top(), width, line)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BADGE_RED)
            painter.drawRoundedRect(badge, line / 2, line / 2)
            painter.setPen(QColor("white"))
            painter.setFont(fonts.small)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, texts.badge)
            painter.setFont(fonts.normal)
            row4.setRight(badge.left() - m)
        painter.setPen(colour)
        painter.drawText(row3, left_middle, texts.action)
        painter.drawText(
            row4,
            left_middle,
            fm.elidedText(texts.when, Qt.TextElideMode.ElideRight, max(0, row4.width())),
        )
        # Line 5: days since the interview (left), initials of the people met (right).
        row5 = QRect(inner.left(), inner.top() + 4 * line + m // 2, inner.width(), line)
        chips_right = row5.right()
        painter.setFont(fonts.small)
        for chip in reversed(texts.chips):
            width = max(line, sfm.horizontalAdvance(chip) + m)
            r = QRect(chips_right - width + 1, row5.top(), width, line)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Button))
            painter.drawRoundedRect(r, line / 2, line / 2)
            painter.setPen(pal.color(QPalette.ColorRole.ButtonText))
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, chip)
            chips_right = r.left() - m // 2
        row5.setRight(chips_right - m // 2)
        painter.setPen(dim)
        painter.drawText(
            row5,
            left_middle,
            sfm.elidedText(texts.days, Qt.TextElideMode.ElideRight, max(0, row5.width())),
        )
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


def _dark(pal: QPalette) -> bool:
    return pal.color(QPalette.ColorRole.Base).lightness() < 128
