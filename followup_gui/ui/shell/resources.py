"""Finding the shipped resources (icons, script templates) in a checkout or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from followup_gui import APP_ID

if TYPE_CHECKING:  # QtGui's icon class loads with the first icon, after the first paint
    from PySide6.QtGui import QIcon


def resources_dir() -> Path:
    """The ``resources/`` folder: inside a PyInstaller bundle or next to the package."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def app_icon() -> QIcon:
    """FollowUp's icon: the installed theme icon, else the shipped SVG."""
    from PySide6.QtGui import QIcon

    icon = QIcon.fromTheme(APP_ID)
    if icon.isNull():
        svg = resources_dir() / "icons" / f"{APP_ID}.svg"
        icon = QIcon(str(svg)) if svg.exists() else QIcon()
    return icon
