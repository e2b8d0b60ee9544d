"""What the PyInstaller specs for Linux, Windows and macOS share.

Each spec adds this folder to ``sys.path`` and imports it, so the list of hidden
imports, data files and exclusions is written once.
"""

from __future__ import annotations

import re
from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

APP_NAME = "FollowUp"
APP_ID = "org.followup.FollowUp"
EXE_NAME = "followup-gui"
BUNDLE_DIR = "followup"

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
ENTRY = PACKAGING / "followup_entry.py"
ICON_SVG = ROOT / "resources" / "icons" / f"{APP_ID}.svg"


def version() -> str:
    """Return ``followup_gui.__version__`` without importing the app (or Qt)."""
    text = (ROOT / "followup_gui" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("spec: no __version__ in followup_gui/__init__.py")
    return match.group(1)


def hiddenimports() -> list[str]:
    """Modules the app imports lazily, which PyInstaller's analysis cannot see."""
    return sorted(
        {
            *collect_submodules("followup_gui"),
            *collect_submodules("sqlalchemy.dialects.sqlite"),
            # Alembic: its operation implementations are looked up by dialect name.
            *collect_submodules("alembic", filter=lambda name: ".testing" not in name),
            # holidays loads each country's module by name when it is asked for.
            *collect_submodules("holidays"),
            "dateutil.rrule",
            "dateutil.relativedelta",
            "dateutil.tz",
        }
    )


def datas() -> list[tuple[str, str]]:
    """Data files: ``resources/`` (at ``sys._MEIPASS/resources``) and package data."""
    found: list[tuple[str, str]] = []
    if (ROOT / "resources").is_dir():
        found.append((str(ROOT / "resources"), "resources"))
    # Alembic loads env.py and the revision scripts from files (next to
    # followup_gui/storage/migrate.py), so the migrations folder is shipped as source.
    found += collect_data_files("followup_gui")
    found += collect_data_files(
        "followup_gui",
        subdir="storage/migrations",
        include_py_files=True,
        excludes=["**/__pycache__"],
    )
    found += collect_data_files("alembic")
    found += collect_data_files("holidays")
    found += collect_data_files("dateutil")
    return found


# Nothing from the test and dev tools belongs in the app.
DEV_EXCLUDES = [
    "tkinter",
    "_tkinter",
    "turtle",
    "idlelib",
    "pydoc_data",
    "lib2to3",
    "pytest",
    "_pytest",
    "pytestqt",
    "pluggy",
    "iniconfig",
    "hypothesis",
    "mypy",
    "mypyc",
    "mypy_extensions",
    "ruff",
    "pygments",
    "IPython",
    "PyInstaller",
    "setuptools",
    "pkg_resources",
    "pip",
    "test",
    "unittest",
    "alembic.testing",
    "sqlalchemy.testing",
]

# Qt modules the app does not use (most are not in pyside6-essentials anyway).
QT_UNUSED = [
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCharts",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNfc",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtStateMachine",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
]


def excludes() -> list[str]:
    """Modules kept out of the bundle."""
    return DEV_EXCLUDES + [f"PySide6.{name}" for name in QT_UNUSED]


# Shared libraries that must come from the user's system, never from the build
# machine: the desktop stack (GTK, X11/xcb, Wayland, fonts, D-Bus, GLib) must match
# the running session, and the .deb declares them as dependencies instead.
SYSTEM_LIBS = re.compile(
    r"""^lib(
        gtk|gdk|gdk_pixbuf|atk|atk-bridge|atspi|cairo|cairo-gobject|pango|pangocairo|pangoft2
        |epoxy|gio|glib|gobject|gmodule|gthread|dbus|fontconfig|freetype
        |X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|Xi|Xfixes|Xrandr|Xcursor|Xinerama|Xcomposite|Xdamage
        |xcb[-\w]*|xkbcommon[-\w]*|wayland[-\w]*|drm|gbm|EGL|GL|GLX|GLdispatch|OpenGL|ICE|SM
    )[-.0-9]*\.so(\..*)?$""",
    re.VERBOSE,
)

# Qt plugins that would drag in a toolkit the app does not need.
UNWANTED_PLUGINS = re.compile(r"plugins/platformthemes/libqgtk3\.so$")


def keep_binary(dest: str) -> bool:
    """True if a collected binary belongs in the bundle (TOC destination name)."""
    name = Path(dest).name
    if UNWANTED_PLUGINS.search(dest.replace("\\", "/")):
        return False
    # Only filter plain shared libraries that PyInstaller picked up from the system;
    # Qt's own libraries (libQt6*) and Python extensions never match.
    return not ("/" not in dest.replace("\\", "/") and SYSTEM_LIBS.match(name))
