"""A dark palette, forced with ``FOLLOWUP_DARK=1`` (to check the board's contrast)."""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


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


def apply_dark_palette_if_requested() -> bool:
    """Use :func:`dark_palette` for the whole app when ``FOLLOWUP_DARK=1``.

    Returns:
        Whether the dark palette was applied.
    """
    app = QApplication.instance()
    if os.environ.get("FOLLOWUP_DARK") != "1" or not isinstance(app, QApplication):
        return False
    app.setStyle("Fusion")
    app.setPalette(dark_palette())
    return True
