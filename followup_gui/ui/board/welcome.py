"""The board's first-run panel: create the first application, or load the example search."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("BoardWidget", text)


def welcome_panel(on_create: Callable[[], object], on_demo: Callable[[], object]) -> QWidget:
    """The panel an empty board shows instead of its columns."""
    panel = QWidget()
    panel.setObjectName("board_empty")
    panel.setAccessibleName(_tr("Getting started"))
    title = QLabel(_tr("<h2>Welcome to FollowUp</h2>"))
    text = QLabel(
        _tr(
            "Add the job you applied for or interviewed at, and FollowUp plans who to "
            "thank, when to call and when to move on.<br>Or look around with an example "
            "search first; you can delete it later."
        )
    )
    text.setWordWrap(True)
    first = QPushButton(_tr("Create your first application…"))
    first.setObjectName("empty_create")
    first.clicked.connect(on_create)
    demo = QPushButton(_tr("Load the example search"))
    demo.setObjectName("empty_demo")
    demo.clicked.connect(on_demo)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    buttons.addWidget(first)
    buttons.addWidget(demo)
    buttons.addStretch(1)
    box = QVBoxLayout()
    for label in (title, text):
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(label)
    box.addLayout(buttons)
    outer = QVBoxLayout(panel)
    outer.addStretch(1)
    holder = QHBoxLayout()
    holder.addStretch(1)
    holder.addLayout(box, 3)
    holder.addStretch(1)
    outer.addLayout(holder)
    outer.addStretch(2)
    return panel
