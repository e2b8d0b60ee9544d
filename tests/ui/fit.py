"""What every window must hold on a laptop screen: it fits, and its controls are big enough.

Use :func:`assert_fits` on each window or dialog a test opens. It checks the
window against the smaller of its screen's free area and a 1366x768 laptop (the
same logical size as 2732x1536 at 200%), and that no visible button, field or
box is drawn under 18 px high (the bug this guards against: outcome buttons
squeezed into 5 px slivers). It also names focusable controls without an
accessible name or a label pointing at them.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

#: The smallest laptop screen the app is made for (logical pixels).
LAPTOP = QSize(1366, 768)
#: What a window manager's title bar and borders take (the frame must fit as well).
FRAME = QSize(16, 48)
#: The least height of a control a person can hit and read.
MIN_CONTROL_HEIGHT = 18

_CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)


def room(window: QWidget) -> QSize:
    """The client size a window may have: its screen's free area and a laptop's, less a frame."""
    screen = window.screen().availableGeometry().size().boundedTo(LAPTOP)
    return QSize(screen.width() - FRAME.width(), screen.height() - FRAME.height())


def small_controls(window: QWidget) -> list[str]:
    """Visible controls drawn under :data:`MIN_CONTROL_HEIGHT` px high."""
    found = []
    for control in window.findChildren(QWidget):
        if isinstance(control.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the editor inside a box: the box is measured
        if not isinstance(control, _CONTROLS) or not control.isVisibleTo(window):
            continue
        if control.height() < MIN_CONTROL_HEIGHT:
            what = control.accessibleName() or getattr(control, "text", lambda: "")()
            found.append(f"{type(control).__name__} {what!r}: {control.height()} px")
    return found


def unnamed_controls(window: QWidget) -> list[str]:
    """Visible focusable controls with neither an accessible name, a text nor a label."""
    labelled = {
        id(label.buddy()) for label in window.findChildren(QLabel) if label.buddy() is not None
    }
    found = []
    for control in window.findChildren(QWidget):
        if not isinstance(control, _CONTROLS) or not control.isVisibleTo(window):
            continue
        if control.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(control.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the editor inside a box: the box carries the name
        text = control.text() if isinstance(control, QAbstractButton) else ""
        if not (control.accessibleName() or text or id(control) in labelled):
            found.append(f"{type(control).__name__} {control.objectName()!r}")
    return found


def assert_fits(window: QWidget) -> None:
    """Assert ``window`` fits the screen and a laptop's, with no squeezed or unnamed control."""
    limit = room(window)
    size = window.size()
    assert size.width() <= limit.width() and size.height() <= limit.height(), (
        f"{window.windowTitle()!r} is {size.width()}x{size.height()}, "
        f"more than the {limit.width()}x{limit.height()} a screen leaves it"
    )
    assert window.minimumSize().boundedTo(limit) == window.minimumSize(), (
        f"{window.windowTitle()!r} cannot shrink to the screen: minimum {window.minimumSize()}"
    )
    small = small_controls(window)
    assert not small, f"squeezed controls in {window.windowTitle()!r}: {small}"
    unnamed = unnamed_controls(window)
    assert not unnamed, f"controls without a name in {window.windowTitle()!r}: {unnamed}"
