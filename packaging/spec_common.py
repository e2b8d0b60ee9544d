"""What the PyInstaller specs for Linux, Windows and macOS share.

Each spec adds this folder to ``sys.path`` and imports it, so the list of hidden
imports, data files and exclusions is written once.
"""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path
from typing import Any

from elfdeps import needed_libs
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
            # ijson picks its parser (the C one, else pure Python) by name (issue 24).
            *collect_submodules("ijson.backends"),
            "dateutil.rrule",
            "dateutil.relativedelta",
            "dateutil.tz",
            # The business-card scan reads QR codes (imported when a card is scanned).
            "zxingcpp",
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


# Qt modules in pyside6-essentials that Qt's own plugins can drag in (QtNetwork via
# the vnc platform, QtOpenGL via the GL integrations...): kept only if the app's
# source names them.
QT_OPTIONAL = [
    "QtConcurrent",
    "QtNetwork",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPrintSupport",
    "QtSql",
    "QtSvgWidgets",
    "QtTest",
    "QtXml",
]


def qt_modules_named_in_source() -> set[str]:
    """Every ``Qt...`` word in the app's source (over-inclusive on purpose)."""
    words: set[str] = set()
    for path in (ROOT / "followup_gui").rglob("*.py"):
        words |= set(re.findall(r"\bQt[A-Z][A-Za-z0-9]*\b", path.read_text(encoding="utf-8")))
    return words


def excludes() -> list[str]:
    """Modules kept out of the bundle."""
    named = qt_modules_named_in_source()
    unused = QT_UNUSED + [m for m in QT_OPTIONAL if m not in named]
    return DEV_EXCLUDES + [f"PySide6.{name}" for name in unused]


# Shared libraries that must come from the user's system, never from the build
# machine: the desktop stack (GTK, X11/xcb, Wayland, GL, fonts, D-Bus, GLib) must
# match the running session, and a bundled libstdc++ older than the system's breaks
# the GL drivers that Qt loads. The .deb declares them as dependencies instead.
SYSTEM_LIBS = re.compile(
    r"""^lib(
        gtk|gdk|gdk_pixbuf|atk|atk-bridge|atspi|cairo|cairo-gobject|pango|pangocairo|pangoft2
        |epoxy|gio|glib|gobject|gmodule|gthread|dbus|fontconfig|freetype
        |X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|Xi|Xfixes|Xrandr|Xcursor|Xinerama|Xcomposite|Xdamage
        |xcb[-\w]*|xkbcommon[-\w]*|wayland[-\w]*|drm|gbm|EGL|GL|GLX|GLdispatch|OpenGL|ICE|SM
        |stdc\+\+|gcc_s
    )[-.0-9]*\.so(\..*)?$""",
    re.VERBOSE,
)

# Qt plugins a desktop app does not load: the GTK theme (needs GTK), and the
# platforms and input plugins for embedded/kiosk use (eglfs, linuxfb, vnc, evdev).
# Kept: xcb, wayland, offscreen and minimal platforms, xdg-desktop-portal theme.
UNWANTED_PLUGINS = re.compile(
    r"""/plugins/(
        platformthemes/libqgtk3
        |platforms/libq(eglfs|linuxfb|minimalegl|vnc|vkkhrdisplay)
        |egldeviceintegrations/.*
        |generic/.*
    )\.so$""",
    re.VERBOSE,
)


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def _is_plugin(dest: str) -> bool:
    return "/plugins/" in _posix(dest)


def prune(analysis: Any) -> None:
    """Trim a PyInstaller ``Analysis`` in place (Linux only).

    Drops the system libraries and unwanted plugins, then any shared library that no
    longer has a user: the roots are the Python extensions, libpython and the kept Qt
    plugins, and a library stays only if a root needs it, directly or not. Symbolic
    links to dropped libraries (SYMLINK entries, which sit among the data files) go
    too. If a file cannot be read as ELF, nothing beyond the first step is done.
    """
    if not sys.platform.startswith("linux"):
        return
    binaries = analysis.binaries
    kept = [
        entry
        for entry in binaries
        if not UNWANTED_PLUGINS.search("/" + _posix(entry[0]))
        and not ("/" not in entry[0] and SYSTEM_LIBS.match(entry[0]))
    ]
    by_name: dict[str, list[tuple[str, str, str]]] = {}
    for entry in kept:
        by_name.setdefault(Path(entry[0]).name, []).append(entry)
    roots = [
        e
        for e in kept
        if e[2] == "EXTENSION" or _is_plugin(e[0]) or Path(e[0]).name.startswith("libpython")
    ]
    reached = {id(e) for e in roots}
    todo = list(roots)
    while todo:
        entry = todo.pop()
        names = needed_libs(entry[1]) if entry[2] != "SYMLINK" else []
        if names is None:
            print(f"spec: cannot read {entry[1]} as ELF; not pruning libraries")
            reached = {id(e) for e in kept}
            break
        for name in names:
            for dep in by_name.get(name, []):
                if id(dep) not in reached:
                    reached.add(id(dep))
                    todo.append(dep)
    pruned = [e for e in kept if id(e) in reached or e[2] not in ("BINARY", "EXTENSION")]
    present = {_posix(e[0]) for e in [*pruned, *analysis.datas] if e[2] != "SYMLINK"}

    def link_ok(entry: tuple[str, str, str]) -> bool:
        # A SYMLINK entry's source is its target, relative to the link's folder.
        if entry[2] != "SYMLINK":
            return True
        folder = posixpath.dirname(_posix(entry[0]))
        return posixpath.normpath(posixpath.join(folder, _posix(entry[1]))) in present

    analysis.binaries = [e for e in pruned if link_ok(e)]
    analysis.datas = [e for e in analysis.datas if link_ok(e)]
    dropped = sorted(
        {Path(e[0]).name for e in binaries} - {Path(e[0]).name for e in analysis.binaries}
    )
    print(f"spec: left out {len(dropped)} libraries and plugins: {' '.join(dropped)}")
