"""The app's look: View > Theme (System, Light, Dark), one style for every control.

The choice is kept in the settings (:data:`~followup_gui.settings.THEME`).
"System" follows the desktop's colour scheme (``QStyleHints.colorScheme``) and
changes with it. Both palettes are drawn by Fusion through :class:`ThemeStyle`,
which gives every check box and radio button an outline that reads on the
palette's background (Fusion's own outline is the window colour darkened, which
a dark window swallows) and draws keyboard focus as a clear highlight-coloured
frame on every control, tool buttons included. ``FOLLOWUP_DARK=1`` still forces
the dark palette (to check contrast without touching the settings).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

from followup_gui.settings import THEME, Settings

SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEMES = (SYSTEM, LIGHT, DARK)

_PE = QStyle.PrimitiveElement
_CHECKS = (_PE.PE_IndicatorCheckBox, _PE.PE_IndicatorItemViewItemCheck)


def dark_palette() -> QPalette:
    """A neutral dark palette with readable text and a blue highlight."""
    pal = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: "#2b2d30",
        role.WindowText: "#e6e6e6",
        role.Base: "#1f2023",
        role.AlternateBase: "#2b2d30",
        role.ToolTipBase: "#3a3c40",
        role.ToolTipText: "#f0f0f0",
        role.PlaceholderText: "#a0a4aa",
        role.Text: "#e6e6e6",
        role.Button: "#3a3c40",
        role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b",
        role.Light: "#4a4c50",
        role.Midlight: "#3f4145",
        role.Mid: "#5a5d62",
        role.Dark: "#18191b",
        role.Shadow: "#000000",
        role.Highlight: "#3d7bd9",
        role.HighlightedText: "#ffffff",
        role.Link: "#7fb2ff",
    }
    for r, colour in colours.items():
        pal.setColor(r, QColor(colour))
    for r in (role.Text, role.WindowText, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, r, QColor("#7a7d82"))
    return pal


def light_palette() -> QPalette:
    """Fusion's own light palette."""
    fusion = QStyleFactory.create("Fusion")
    return fusion.standardPalette()


def is_dark(pal: QPalette) -> bool:
    """Whether a palette draws light text on a dark window."""
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


class ThemeStyle(QProxyStyle):
    """Fusion with check boxes outlined in the text colour and a visible focus frame."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """Fusion's drawing, then an outline that reads on any background."""
        if element == _PE.PE_FrameFocusRect:
            _focus_frame(painter, option, 2)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in _CHECKS or element == _PE.PE_IndicatorRadioButton:
            colour = QColor(option.palette.color(QPalette.ColorRole.Text))
            colour.setAlpha(170)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(colour, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
            if element == _PE.PE_IndicatorRadioButton:
                painter.drawEllipse(box)
            else:
                painter.drawRoundedRect(box, 2, 2)
            painter.restore()

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """Fusion's drawing; a tool button with keyboard focus gets the focus frame."""
        super().drawComplexControl(control, option, painter, widget)
        if control == QStyle.ComplexControl.CC_ToolButton and (
            option.state & QStyle.StateFlag.State_HasFocus
        ):
            _focus_frame(painter, option, 2)


def _focus_frame(painter: QPainter, option: QStyleOption, width: int) -> None:
    """A rounded frame in the highlight colour just inside ``option.rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), width))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = width / 2
    painter.drawRoundedRect(QRectF(option.rect).adjusted(half, half, -half, -half), 3, 3)
    painter.restore()


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def palette_for(theme: str) -> QPalette:
    """The palette a theme choice means now ("system": the desktop's scheme)."""
    if os.environ.get("FOLLOWUP_DARK") == "1":
        return dark_palette()
    dark = theme == DARK or (theme not in (LIGHT, DARK) and system_is_dark())
    return dark_palette() if dark else light_palette()


#: The switch that applied the app's theme last (the app has one palette).
_current: ThemeSwitch | None = None


class ThemeSwitch(QObject):
    """Applies the chosen theme to the whole app and follows the desktop for "System".

    The palette is the application's: the switch that applied it last is the
    one that follows the desktop.
    """

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.styleHints().colorSchemeChanged.connect(self._desktop_changed)

    @property
    def theme(self) -> str:
        """The chosen theme (one of :data:`THEMES`)."""
        value = self.settings.get(THEME)
        return value if value in THEMES else SYSTEM

    def choose(self, theme: str) -> None:
        """Remember ``theme`` and apply it now."""
        self.settings.set(THEME, theme if theme in THEMES else SYSTEM)
        self.apply()

    def apply(self) -> None:
        """Give the app the style and the chosen theme's palette."""
        global _current
        _current = self
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        if not isinstance(app.style(), ThemeStyle):
            app.setStyle(ThemeStyle())
        app.setPalette(palette_for(self.theme))

    def _desktop_changed(self, _scheme: Qt.ColorScheme) -> None:
        if _current is self and self.theme == SYSTEM:
            self.apply()
