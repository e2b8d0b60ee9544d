"""Dialogs of the Contacts tab: a follow-up script, an interview to add, a merge."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.scripts import RenderedScript, ScriptKind
from followup_gui.services.contacts.editing import ContactData, Duplicate
from followup_gui.services.contacts.links import ApplicationLine, InterviewLine
from followup_gui.ui.common.screen_fit import available_size, fit_to_screen
from followup_gui.ui.common.when import moment_text, their_time

_SCRIPT_TITLES = {
    ScriptKind.THANK_YOU_EMAIL: "Thank-you email",
    ScriptKind.THANK_YOU_CARD: "Thank-you card",
    ScriptKind.CALL: "Follow-up call",
    ScriptKind.VOICEMAIL: "Voicemail",
    ScriptKind.STATUS_EMAIL: "Status email",
    ScriptKind.FEEDBACK_REQUEST: "Feedback request",
}


def interview_when(line: InterviewLine, now: datetime | None = None) -> str:
    """When an interview begins or began (the user's time, the employer's beside) and its format.

    An interview still to come says so: "Tue, 1 Dec 10:00 (video) · upcoming".
    """
    moment = line.starts_at
    with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
        moment = moment.astimezone(ZoneInfo(line.timezone))
    now = now or datetime.now(UTC)
    text = f"{moment_text(moment, now)}{their_time(moment)} ({line.format})"
    if moment > now:
        text += " · " + QCoreApplication.translate("ContactsPanel", "upcoming")
    return text


def interview_text(line: InterviewLine, now: datetime | None = None) -> str:
    """An interview as one line: company, role, day and format."""
    role = f" – {line.role}" if line.role else ""
    return f"{line.company}{role}: {interview_when(line, now)}"


class ScriptDialog(QDialog):
    """Shows a rendered script with its warnings and a Copy button.

    Args:
        render: renders (application id, script kind) for this contact.
        applications: the contact's applications, the first one preselected.
        kind: the script to show first.
    """

    def __init__(
        self,
        parent: QWidget | None,
        render: Callable[[int, ScriptKind], RenderedScript],
        applications: tuple[ApplicationLine, ...],
        kind: ScriptKind,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Follow-up script"))
        self.resize(620, 520)
        self._render = render
        self.application = QComboBox()
        self.application.setAccessibleName(self.tr("Application"))
        for app in applications:
            role = f" – {app.role}" if app.role else ""
            self.application.addItem(f"{app.company}{role} ({app.stage})", app.id)
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Script"))
        for k in _SCRIPT_TITLES:  # (the status email picks its wording after applying itself)
            self.kind.addItem(self.tr(_SCRIPT_TITLES[k]), k.value)
        self.kind.setCurrentIndex(self.kind.findData(kind.value))
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName(self.tr("Check before sending"))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Script text"))
        copy = QPushButton(self.tr("&Copy"))
        copy.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Application"), self.application)
        form.addRow(self.tr("Script"), self.kind)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.warnings)
        lay.addWidget(self.text, 1)
        lay.addWidget(buttons)
        self.application.currentIndexChanged.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Render the chosen script for the chosen application."""
        app_id = self.application.currentData()
        if app_id is None:
            return
        script = self._render(int(app_id), ScriptKind(self.kind.currentData()))
        self.text.setPlainText(script.text)
        notes = list(script.warnings)
        if script.missing:
            notes.append(
                self.tr("Fill in the marked gaps: {names}.").format(names=", ".join(script.missing))
            )
        self.warnings.setText("\n".join("⚠ " + n for n in notes))
        self.warnings.setVisible(bool(notes))

    def copy(self) -> None:
        """Put the script on the clipboard."""
        QGuiApplication.clipboard().setText(self.text.toPlainText())


class InterviewPickerDialog(QDialog):
    """Choose an interview (of any application) to add the contact to."""

    def __init__(self, parent: QWidget | None, name: str, choices: list[InterviewLine]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add {name} to an interview").format(name=name))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Interviews"))
        for line in choices:
            item = QListWidgetItem(interview_text(line))
            item.setData(Qt.ItemDataRole.UserRole, line.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Who is in which interview?")))
        lay.addWidget(self.list)
        lay.addWidget(buttons)

    def interview_id(self) -> int | None:
        """The chosen interview."""
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


class MergeDialog(QDialog):
    """Choose the contact to merge with, and which of the two is kept as primary."""

    def __init__(
        self, parent: QWidget | None, current: ContactData, candidates: list[Duplicate]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge contacts"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Contact to merge with"))
        for dup in candidates:
            item = QListWidgetItem(f"{dup.full_name} – {dup.company} ({dup.reason})")
            item.setData(Qt.ItemDataRole.UserRole, dup.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.keep_current = QRadioButton(
            self.tr("Keep {name}'s details first").format(name=current.full_name)
        )
        self.keep_current.setChecked(True)
        self.keep_other = QRadioButton(self.tr("Keep the other contact's details first"))
        note = QLabel(
            self.tr(
                "Nothing is lost: emails and phones are combined, interviews and attempts "
                "move to the kept contact, and differing details go into its notes."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Merge"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.list)
        lay.addWidget(self.keep_current)
        lay.addWidget(self.keep_other)
        lay.addWidget(note)
        lay.addWidget(buttons)
        self._fit_to_content()

    def _fit_to_content(self) -> None:
        """Wide enough for every candidate's line and the choices, tall enough for the list.

        (Sized from its hints alone it opened 278 px wide, every line cut.)
        """
        metrics = self.list.fontMetrics()
        texts = [self.list.item(i).text() for i in range(self.list.count())]
        widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        list_width = widest + 2 * self.list.frameWidth() + 24
        self.list.setMinimumWidth(min(list_width, available_size(self).width() - 40))
        rows = min(max(self.list.count(), 2), 6)
        row = max(self.list.sizeHintForRow(0), metrics.height() + 4)
        self.list.setMinimumHeight(rows * row + 2 * self.list.frameWidth())
        for radio in (self.keep_current, self.keep_other):
            radio.setMinimumWidth(radio.sizeHint().width())
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        width = max(self.list.minimumWidth(), 440) + margins.left() + margins.right()
        height = max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())
        fit_to_screen(self, QSize(width, height))

    def other_id(self) -> int | None:
        """The contact chosen in the list."""
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))
