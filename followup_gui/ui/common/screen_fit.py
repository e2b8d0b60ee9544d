"""Windows that fit the screen they open on, and content that scrolls instead of squashing.

A dialog sized from its contents can be taller than a laptop's screen (the
application window once opened at 977x908 on a 1366x768 screen, Save and Cancel
below its bottom edge). :func:`fit_to_screen` caps a window at the available
area of its screen (the desktop's panels excluded), and :func:`scrolled` puts a
long part in a scroll area, so a short window scrolls inside rather than
squeezing buttons into slivers.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QWidget

#: What a title bar and frame add around a window's client area (logical px), kept
#: free so the frame fits too.
FRAME_ALLOWANCE = QSize(16, 48)


def available_size(widget: QWidget) -> QSize:
    """The client size a top-level window can have on ``widget``'s screen."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry().size()
    return QSize(
        max(200, area.width() - FRAME_ALLOWANCE.width()),
        max(200, area.height() - FRAME_ALLOWANCE.height()),
    )


def fit_to_screen(window: QWidget, wanted: QSize) -> QSize:
    """Resize ``window`` to ``wanted``, capped at its screen's free area; returns the size.

    The window's minimum size is capped too, so the window manager never has to
    choose between the minimum and the screen.
    """
    room = available_size(window)
    size = wanted.boundedTo(room)
    window.setMinimumSize(window.minimumSize().boundedTo(room))
    window.resize(size)
    return size


class _FocusFollowingArea(QScrollArea):
    """A scroll area that scrolls to the field given focus, however it got it.

    Qt's own scroll area follows Tab only: a mnemonic (Alt+N for Notes) or a click
    would leave the user typing into a field out of view. One application-wide
    handler (:func:`_follow_focus`) does it: it only touches the widget gaining
    focus and its ancestors, never an area being destroyed.
    """


_following = False


def _follow_focus(_old: QWidget | None, new: QWidget | None) -> None:
    """Scroll the nearest following area around ``new`` to it, once laid out."""
    parent = new.parentWidget() if new is not None else None
    while parent is not None and not isinstance(parent, _FocusFollowingArea):
        parent = parent.parentWidget()
    if new is not None and parent is not None:
        area = parent
        QTimer.singleShot(0, new, lambda: area.ensureWidgetVisible(new))


def scrolled(content: QWidget, name: str = "") -> QScrollArea:
    """``content`` in a frameless scroll area that only scrolls when it must.

    The content keeps at least its minimum size hint (no squashed buttons); the
    scroll bars appear when the window is smaller than that. The field with the
    keyboard focus is always scrolled into view.
    """
    global _following
    app = QApplication.instance()
    if not _following and isinstance(app, QApplication):
        app.focusChanged.connect(_follow_focus)
        _following = True
    area = _FocusFollowingArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(content)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
    if name:
        area.setAccessibleName(name)
    return area
