"""Fusion's scroll bar, copied from cached pixmaps: the same pixels, a fraction of the time.

Each filter keystroke changes the length of the columns it touches, so their
scroll bars repaint. Fusion draws the groove and the handle with gradients, row
by row: about a microsecond per row, close to a millisecond per bar, much of it
spent handing rows to Qt's raster thread pool and waiting for it.

:class:`CachedScrollBarStyle` draws the bar without its handle (background,
groove, arrows) once per size, state and palette into an opaque pixmap, over the
bar's own background colour (which is why it only serves bars that fill their
background). Around the handle it draws, once per place, the groove with the
handle and then the arrows over it, in Fusion's order. A new handle length is
not drawn by Fusion either: along its length a handle is two end caps around
identical rows, so a handle of any length is put together from the caps and
that row, once the pieces cut from one handle have rebuilt others exactly (see
:class:`_Stretch`). Copying an opaque pixmap stays on the painting thread and
takes a few microseconds.

It pays for itself (``make bench``'s window at N = 2,000, each style in turn in
one process, 4 rounds, medians): filter-as-you-type p95 10.8 ms, 21.3 ms with
Fusion drawing the bars, 13.4 ms with every new handle length drawn by Fusion
(pieces cached, no stretching); card move p50 8.1 ms, 10.2 ms with Fusion.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QWidget,
)

#: Rows of the repeated middle row kept, to stretch a handle in a few copies.
MIDDLE_ROWS = 64
#: Device-pixel bytes of pieces kept (a bar is 14 x 819 x 4 bytes at 100 %).
CACHE_BYTES = 2 * 1024 * 1024
#: Palettes, plain-row ranges and stretch models kept (small; a few per bar size).
MODELS_KEPT = 64
#: Handles of other lengths the pieces of a first one must rebuild before use.
MATCHES_TO_TRUST = 2
#: Pixels around the handle's rectangle that Fusion may draw into.
HANDLE_MARGIN = 2

_SCROLL_BAR = QStyle.ComplexControl.CC_ScrollBar
_HANDLE = QStyle.SubControl.SC_ScrollBarSlider
_ARROWS = QStyle.SubControl.SC_ScrollBarAddLine | QStyle.SubControl.SC_ScrollBarSubLine
_ALL = QStyle.SubControl.SC_All
#: Fusion draws the arrows after the handle, over its ends: the pieces are the
#: bar without its handle, the groove alone (under the handle), and the handle
#: with the arrows over it.
_BAR = _ALL & ~_HANDLE
_GROOVE = _ALL & ~_HANDLE & ~_ARROWS
_VERTICAL = Qt.Orientation.Vertical
_WINDOW = QPalette.ColorRole.Window
_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)
_ROLES = tuple(role for role in QPalette.ColorRole if role != QPalette.ColorRole.NColorRoles)


@dataclass
class _Stretch:
    """A handle cut into top cap, one repeated row and bottom cap (device pixels).

    Attributes:
        top: rows above the repeated one.
        middle: the repeated row, :data:`MIDDLE_ROWS` times over.
        bottom: rows below the repeated ones.
        matches: how many handles drawn by Fusion the pieces have rebuilt
            exactly; they are used from :data:`MATCHES_TO_TRUST` on.
    """

    top: QImage
    middle: QImage
    bottom: QImage
    matches: int = 0

    @classmethod
    def cut(cls, image: QImage) -> _Stretch | None:
        """The pieces of a drawn handle (with what is under it), if it has a middle."""
        first, last = _like_middle(image)
        if last - first < 2:
            return None
        width, height = image.width(), image.height()
        image = QImage(image)
        image.setDevicePixelRatio(1)  # pieces are placed in device pixels
        middle = image.copy(0, height // 2, width, 1).scaled(
            width, MIDDLE_ROWS, Qt.AspectRatioMode.IgnoreAspectRatio
        )
        return cls(
            image.copy(0, 0, width, first),
            middle,
            image.copy(0, last + 1, width, height - last - 1),
        )

    @property
    def trusted(self) -> bool:
        """Whether handles are built from the pieces instead of drawn by Fusion."""
        return self.matches >= MATCHES_TO_TRUST

    def fits(self, height: int) -> bool:
        """Whether a handle ``height`` device rows long has a middle to stretch."""
        return height > self.top.height() + self.bottom.height()

    def build(self, height: int) -> QImage:
        """The handle ``height`` device rows long (see :meth:`fits`)."""
        image = QImage(self.top.width(), height, self.top.format())
        painter = QPainter(image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawImage(0, 0, self.top)
        y, end = self.top.height(), height - self.bottom.height()
        while y < end:
            rows = min(MIDDLE_ROWS, end - y)
            painter.drawImage(0, y, self.middle, 0, 0, self.middle.width(), rows)
            y += rows
        painter.drawImage(0, end, self.bottom)
        painter.end()
        return image


class CachedScrollBarStyle(QProxyStyle):
    """Fusion, with a scroll bar copied from cached pieces (see the module notes)."""

    def __init__(self, base: QStyle) -> None:
        super().__init__(base)
        self._pieces: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self._bytes = 0
        #: Per palette key and colour group: its colours, and whether its
        #: window brush is a plain opaque colour (see :meth:`_colours`).
        self._palettes: dict[tuple[int, int], tuple[tuple[object, ...], bool]] = {}
        #: Per bar: the first and last of its rows that are all alike (logical).
        self._plain_rows: dict[tuple[object, ...], tuple[int, int]] = {}
        #: Per bar and handle end: how handles stretch (``None``: they do not).
        self._stretches: dict[tuple[object, ...], _Stretch | None] = {}
        self._transient: bool | None = None

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """Copy a scroll bar from the cache; anything else is drawn by Fusion."""
        if control != _SCROLL_BAR or widget is None or not isinstance(option, QStyleOptionSlider):
            super().drawComplexControl(control, option, painter, widget)
            return
        colours, plain = self._colours(option.palette)
        scale = whole_pixel_scale(painter)
        if (
            not plain
            or not scale
            or option.subControls != _ALL  # a scroll bar paints all its parts
            or not widget.autoFillBackground()
            or widget.backgroundRole() != _WINDOW
            or self._fading(option, widget)
        ):
            # The pieces are exact only for whole-pixel copies over a bar's own
            # plain background; fading (transient) bars change as they fade.
            super().drawComplexControl(control, option, painter, widget)
            return
        key = (
            option.rect.width(),
            option.rect.height(),
            option.orientation.value,
            option.direction.value,
            option.state.value,
            option.activeSubControls.value,
            colours,
            scale,
        )
        handle = self.subControlRect(_SCROLL_BAR, option, _HANDLE, widget)
        if not handle.isValid():  # a bar too short for one: rare, drawn by Fusion
            super().drawComplexControl(control, option, painter, widget)
            return
        painter.drawPixmap(option.rect.topLeft(), self._bar(option, widget, scale, key, _BAR))
        m = HANDLE_MARGIN
        area = handle.adjusted(-m, -m, m, m).intersected(option.rect)
        painter.drawPixmap(area.topLeft(), self._handle(option, widget, scale, key, area))

    def _fading(self, option: QStyleOptionSlider, widget: QWidget) -> bool:
        """Whether bars are transient (a platform setting, read once)."""
        if self._transient is None:
            hint = QStyle.StyleHint.SH_ScrollBar_Transient
            self._transient = bool(self.styleHint(hint, option, widget))
        return self._transient

    def _colours(self, pal: QPalette) -> tuple[tuple[object, ...], bool]:
        """The palette's colours, and whether its window is a plain opaque colour.

        Cached by the palette's key. Each board column has its own palette
        (terminal stages are tinted), so keys differ where colours do not: the
        pieces are shared by colours.
        """
        key = (pal.cacheKey(), pal.currentColorGroup().value)
        found = self._palettes.get(key)
        if found is None:
            brushes: list[object] = [key[1]]
            for group in _GROUPS:
                for role in _ROLES:
                    brush = pal.brush(group, role)
                    brushes.append((brush.style().value, brush.color().rgba()))
            window = pal.brush(_WINDOW)
            plain = window.style() == Qt.BrushStyle.SolidPattern and window.isOpaque()
            if len(self._palettes) >= MODELS_KEPT:
                self._palettes.clear()
            found = self._palettes[key] = (tuple(brushes), plain)
        return found

    def _bar(
        self,
        option: QStyleOptionSlider,
        widget: QWidget,
        scale: int,
        key: tuple[object, ...],
        parts: QStyle.SubControl,
    ) -> QPixmap:
        """The bar's background and ``parts`` (:data:`_BAR` or :data:`_GROOVE`) by Fusion."""
        piece_key = (parts.value, *key)
        pixmap = self._hit(piece_key)
        if pixmap is not None:
            return pixmap
        rect = option.rect
        pixmap = _pixmap(rect.width() * scale, rect.height() * scale, scale)
        pixmap.fill(option.palette.color(_WINDOW))
        alone = QStyleOptionSlider(option)
        alone.subControls = parts
        painter = QPainter(pixmap)
        painter.translate(-rect.x(), -rect.y())
        super().drawComplexControl(_SCROLL_BAR, alone, painter, widget)
        painter.end()
        if parts == _BAR and option.orientation == _VERTICAL:
            if len(self._plain_rows) >= MODELS_KEPT:
                self._plain_rows.clear()
            first, last = _like_middle(pixmap.toImage())
            self._plain_rows[key] = (-(-first // scale), (last + 1) // scale - 1)
        return self._keep(piece_key, pixmap)

    def _handle(
        self,
        option: QStyleOptionSlider,
        widget: QWidget,
        scale: int,
        key: tuple[object, ...],
        area: QRect,
    ) -> QPixmap:
        """The groove under ``area`` with the handle and arrows over it, as Fusion draws it."""
        piece_key = ("handle", *key, area.x(), area.y(), area.width(), area.height())
        pixmap = self._hit(piece_key)
        if pixmap is not None:
            return pixmap
        stretch_key: tuple[object, ...] | None = None
        stretch = None
        if option.orientation == _VERTICAL:
            stretch_key = (*key, *self._ends(key, option.rect, area))
            stretch = self._stretches.get(stretch_key)
            if stretch is not None and stretch.trusted and stretch.fits(area.height() * scale):
                image = stretch.build(area.height() * scale)
                return self._keep(piece_key, _from_image(image, scale))
        groove = self._bar(option, widget, scale, key, _GROOVE)
        pixmap = _pixmap(area.width() * scale, area.height() * scale, scale)
        alone = QStyleOptionSlider(option)
        alone.subControls = _HANDLE | _ARROWS
        painter = QPainter(pixmap)
        painter.translate(-area.x(), -area.y())
        under = area.translated(-option.rect.topLeft())
        painter.drawPixmap(area, groove, _device(under, scale))
        super().drawComplexControl(_SCROLL_BAR, alone, painter, widget)
        painter.end()
        if stretch_key is not None:
            self._learn(stretch_key, stretch, pixmap.toImage())
        return self._keep(piece_key, pixmap)

    def _ends(self, key: tuple[object, ...], rect: QRect, area: QRect) -> tuple[int, int]:
        """How the handle's ends sit on the bar, as far as its pixels tell.

        Over the bar's rows that are all alike (groove, no arrows), a handle
        looks the same wherever it is (``-1``); nearer the ends its place counts.
        """
        top = area.top() - rect.top()
        bottom = rect.bottom() - area.bottom()
        plain = self._plain_rows.get(key)
        if plain is None:
            return top, bottom
        first, last = plain
        return (
            top if top < first else -1,
            bottom if rect.height() - 1 - bottom > last else -1,
        )

    def _learn(
        self, stretch_key: tuple[object, ...], stretch: _Stretch | None, drawn: QImage
    ) -> None:
        """Cut a first handle into pieces; trust them once they rebuild others."""
        if stretch_key not in self._stretches:
            if len(self._stretches) >= MODELS_KEPT:
                self._stretches.clear()
            self._stretches[stretch_key] = _Stretch.cut(drawn)
        elif stretch is not None and not stretch.trusted and stretch.fits(drawn.height()):
            built = stretch.build(drawn.height())
            built.setDevicePixelRatio(drawn.devicePixelRatio())
            if built == drawn:
                stretch.matches += 1
            else:
                self._stretches[stretch_key] = None  # drawn by Fusion from now on

    def _hit(self, key: tuple[object, ...]) -> QPixmap | None:
        pixmap = self._pieces.get(key)
        if pixmap is not None:
            self._pieces.move_to_end(key)
        return pixmap

    def _keep(self, key: tuple[object, ...], pixmap: QPixmap) -> QPixmap:
        """Remember ``pixmap``, forgetting the least recently used beyond the budget."""
        self._pieces[key] = pixmap
        self._bytes += _bytes(pixmap)
        while self._bytes > CACHE_BYTES and len(self._pieces) > 1:
            _key, old = self._pieces.popitem(last=False)
            self._bytes -= _bytes(old)
        return pixmap


def whole_pixel_scale(painter: QPainter) -> int:
    """The painter's scale to device pixels if pixmaps can be copied exactly, else 0.

    Exact copies need a whole-number scale (the device pixel ratio, also when a
    widget is rendered elsewhere), no rotation or shear, and whole-pixel offsets.
    """
    t = painter.combinedTransform()
    scale = t.m11()
    if (
        scale < 1
        or not float(scale).is_integer()
        or t.m22() != scale
        or t.m12() != 0
        or t.m21() != 0
        or t.m13() != 0
        or t.m23() != 0
        or not float(t.dx()).is_integer()
        or not float(t.dy()).is_integer()
    ):
        return 0
    return int(scale)


def _like_middle(image: QImage) -> tuple[int, int]:
    """The first and last rows (device pixels) of ``image`` equal to its middle row."""
    height, stride, used = image.height(), image.bytesPerLine(), image.width() * 4
    data = bytes(cast(memoryview, image.constBits()))  # one copy, then slices

    def row(y: int) -> bytes:
        return data[y * stride : y * stride + used]

    middle = height // 2
    wanted = row(middle)
    first = middle
    while first > 0 and row(first - 1) == wanted:
        first -= 1
    last = middle
    while last < height - 1 and row(last + 1) == wanted:
        last += 1
    return first, last


def _pixmap(width: int, height: int, scale: int) -> QPixmap:
    pixmap = QPixmap(width, height)
    pixmap.setDevicePixelRatio(scale)
    return pixmap


def _from_image(image: QImage, scale: int) -> QPixmap:
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(scale)
    return pixmap


def _device(rect: QRect, scale: int) -> QRect:
    return QRect(rect.x() * scale, rect.y() * scale, rect.width() * scale, rect.height() * scale)


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4


_shared: CachedScrollBarStyle | None = None


def scroll_bar_style() -> QStyle | None:
    """The shared :class:`CachedScrollBarStyle`, or ``None`` unless the app uses Fusion.

    Other styles may animate their bars (hover fades, overlay bars): they are
    left to draw as they do.
    """
    global _shared
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    style = app.style()
    if isinstance(style, QProxyStyle):  # the app's theme style draws bars as Fusion does
        style = style.baseStyle()
    if style.name().lower() != "fusion":
        return None
    if _shared is None:
        base = QStyleFactory.create("Fusion")
        if base is None:
            return None
        _shared = CachedScrollBarStyle(base)
        # Owned by the application: deleted with it, not by Python's exit.
        _shared.setParent(app)
        _shared.destroyed.connect(_forget)
    return _shared


def _forget(_obj: QObject | None = None) -> None:
    global _shared
    _shared = None
