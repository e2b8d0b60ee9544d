"""The interviews part of the application form: a tab per interview, added only on request.

A new application starts with no interview: one is added with "Add interview"
(Alt+A), so nobody gets an interview they never entered.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from followup_gui.domain.timezones import is_valid_timezone
from followup_gui.services.applications.editing import InterviewDraft
from followup_gui.ui.applications.interview_editor import InterviewEditor
from followup_gui.ui.applications.people_model import PeopleList


class InterviewsSection(QWidget):
    """Zero or more interviews, each in a tab, with Add and Remove.

    Args:
        people: every contact (shared by the interviews' pickers).
        tz: the employer's zone the times are read in.
        now: the form's clock (a new interview starts tomorrow at 10:00).

    Signals:
        edited: an interview was added, removed or changed.
        scan_requested(object): an interview's editor asked to add a person from a card.
    """

    edited = Signal()
    scan_requested = Signal(object)

    def __init__(self, people: PeopleList, tz: str, now: datetime) -> None:
        super().__init__()
        self.people, self.tz, self.now = people, tz, now
        self.editors: list[InterviewEditor] = []
        self.add_button = QPushButton(self.tr("&Add interview"))
        self.add_button.setObjectName("add_interview")
        self.add_button.clicked.connect(lambda: self.add())
        self.remove_button = QPushButton(self.tr("Remove interview"))
        self.remove_button.setObjectName("remove_interview")
        self.remove_button.clicked.connect(self.remove_current)
        title = QLabel(self.tr("<b>Interviews</b>"))
        row = QHBoxLayout()
        row.addWidget(title, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        self.none_yet = QLabel(
            self.tr("No interview yet. Add one when it is arranged, or one you already had.")
        )
        self.none_yet.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Interviews"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.none_yet)
        layout.addWidget(self.tabs, 1)
        self._show_count()

    def add(self, draft: InterviewDraft | None = None) -> InterviewEditor:
        """Add an interview (a stored one, or a new one tomorrow at 10:00) and show it."""
        editor = InterviewEditor(self.people, self.tz, self.now)
        if draft is not None:
            editor.load(draft)
        editor.edited.connect(self.edited)
        editor.scan_requested.connect(lambda: self.scan_requested.emit(editor))
        self.editors.append(editor)
        self.tabs.addTab(editor, self.tr("Interview {n}").format(n=len(self.editors)))
        self.tabs.setCurrentWidget(editor)
        self._show_count()
        if draft is None:
            editor.starts.setFocus(Qt.FocusReason.OtherFocusReason)
            self.edited.emit()
        return editor

    def remove_current(self) -> None:
        """Remove the interview shown."""
        editor = self.tabs.currentWidget()
        if isinstance(editor, InterviewEditor):
            self.editors.remove(editor)
            self.tabs.removeTab(self.tabs.indexOf(editor))
            editor.deleteLater()
            for n in range(self.tabs.count()):
                self.tabs.setTabText(n, self.tr("Interview {n}").format(n=n + 1))
            self._show_count()
            self.edited.emit()

    def set_timezone(self, tz: str) -> None:
        """Read every interview's wall time in ``tz`` from now on (a known zone only)."""
        if not is_valid_timezone(tz):
            return
        self.tz = tz
        for editor in self.editors:
            editor.set_timezone(tz)

    def drafts(self) -> tuple[InterviewDraft, ...]:
        """The interviews as entered."""
        return tuple(e.draft() for e in self.editors)

    def _show_count(self) -> None:
        some = bool(self.editors)
        self.tabs.setVisible(some)
        self.none_yet.setVisible(not some)
        self.remove_button.setEnabled(some)
