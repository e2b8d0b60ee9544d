"""Stamps: a card's frame and initials chips, drawn once into pixmaps.

These parts look the same on many cards: each is drawn once into an opaque
pixmap (a "stamp") and copied, which gives exactly the pixels of drawing it
directly (:func:`draw_frame`, :func:`draw_pill`) where copies are whole-pixel
(see ``CardDelegate.begin``). :class:`StampCache` keeps them within a budget.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

from followup_gui.ui.board.card_look import CardColours, CardLook, Chip

#: Device-pixel bytes of stamps kept: card frames (64 KiB each at 100 %, one per
#: column width and state) and chips (about 1 KiB each).
STAMP_CACHE_BYTES = 2 * 1024 * 1024

# Flags as plain values, computed once (see ``card_texts``).
_CENTER = Qt.AlignmentFlag.AlignCenter
_NO_PEN = Qt.PenStyle.NoPen
_ANTIALIASING = QPainter.RenderHint.Antialiasing


class Stamps:
    """The stamps of one look, colour set and scale."""

    __slots__ = ("frames", "pills", "scale", "seen")

    def __init__(self, scale: int) -> None:
        self.scale = scale
        #: By background colour (``QColor.rgba()``).
        self.frames: dict[int, QPixmap] = {}
        #: By label and width.
        self.pills: dict[tuple[str, int], QPixmap] = {}
        #: Pills drawn once, stamped when seen again.
        self.seen: set[tuple[str, int]] = set()


class StampCache:
    """The stamps of every look, colour set and scale in use, within :data:`STAMP_CACHE_BYTES`."""

    def __init__(self) -> None:
        self._stamps: dict[tuple[int, int, int], Stamps] = {}
        self._pill_sets: dict[tuple[str, int, int], Stamps] = {}
        self._stamp_bytes = 0
        self._pixmap_dpi: int | None = None

    @property
    def dpi(self) -> int:
        """The logical DPI fonts are drawn at in a pixmap (the primary screen's)."""
        if self._pixmap_dpi is None:
            self._pixmap_dpi = QPixmap(1, 1).logicalDpiY()
        return self._pixmap_dpi

    def stamp_set(self, look: CardLook, colours: CardColours, scale: int) -> Stamps:
        """The stamps of cards with ``look`` and ``colours`` at a device pixel ratio."""
        key = (look.id, colours.id, scale)
        stamps = self._stamps.get(key)
        if stamps is None:
            stamps = self._stamps[key] = Stamps(scale)
            # Chips do not depend on the card's width: columns of
            # other widths share them.
            pills_key = (look.fonts.key, colours.id, scale)
            shared = self._pill_sets.get(pills_key)
            if shared is None:
                self._pill_sets[pills_key] = stamps
            else:
                stamps.pills, stamps.seen = shared.pills, shared.seen
        return stamps

    def frame(
        self, stamps: Stamps, look: CardLook, colours: CardColours, background: QColor
    ) -> QPixmap:
        """The card's rounded box over the viewport's background, the card's whole size."""
        rgba = background.rgba()
        stamp = stamps.frames.get(rgba)
        if stamp is None:
            stamp = self._new_stamp(look.size.width(), look.size.height(), stamps.scale)
            stamp.fill(background)
            p = QPainter(stamp)
            p.setRenderHint(_ANTIALIASING)
            draw_frame(p, look, colours)
            p.end()
            stamps.frames[rgba] = stamp
        return stamp

    def pill(
        self,
        stamps: Stamps,
        chip: Chip,
        look: CardLook,
        colours: CardColours,
    ) -> QPixmap | None:
        """An initials chip over the card's fill.

        ``None`` the first time a label is seen: making a stamp costs a few
        drawings of it, and many initials are seen once, so a stamp is made the
        second time.
        """
        key = (chip.label, chip.width)
        stamp = stamps.pills.get(key)
        if stamp is None:
            if key not in stamps.seen:
                stamps.seen.add(key)
                return None
            stamp = self._new_stamp(chip.width, look.line, stamps.scale)
            stamp.fill(colours.background)
            p = QPainter(stamp)
            p.setRenderHint(_ANTIALIASING)
            draw_pill(p, chip._replace(x=0, y=0), look, colours)
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


def draw_frame(painter: QPainter, look: CardLook, colours: CardColours) -> None:
    """The card's rounded box (the painter at the card's top-left)."""
    painter.setPen(colours.frame)
    painter.setBrush(colours.background)
    painter.drawRoundedRect(look.box, look.radius, look.radius)


def draw_pill(painter: QPainter, chip: Chip, look: CardLook, colours: CardColours) -> None:
    """An initials chip (button colours) with its label centred."""
    rect = QRect(chip.x, chip.y, chip.width, look.line)
    painter.setPen(_NO_PEN)
    painter.setBrush(colours.chip)
    painter.drawRoundedRect(rect, look.pill_radius, look.pill_radius)
    painter.setPen(colours.chip_text)
    painter.setFont(look.fonts.small)
    painter.drawText(rect, _CENTER, chip.label)
