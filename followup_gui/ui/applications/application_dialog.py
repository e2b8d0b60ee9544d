"""The new-application dialog and the details dialog (one form, two modes).

The new dialog asks for one optional interview and places the card by it: no
interview -> Applied, an interview still ahead -> Interview scheduled, one already
over -> Interviewed. The details dialog edits every interview (a tab each), the
notes, and holds the empty ``timeline_slot`` widget the timeline will fill.
Errors show inline (no message box), so the dialog never stacks modal windows.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from followup_gui.services.applications.editing import (
    ApplicationDetails,
    ApplicationDraft,
    ParticipantInfo,
)
from followup_gui.ui.applications.interview_editor import InterviewEditor, TimeZoneBox
from followup_gui.ui.applications.people_model import PeopleList
from followup_gui.ui.common.playbook_words import fill_playbooks


class ApplicationDialog(QDialog):
    """Enter a new application, or edit one (``details`` given)."""

    def __init__(
        self,
        contacts: list[ParticipantInfo],
        now: datetime,
        default_playbook: str,
        details: ApplicationDetails | None = None,
        stage_title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.people = PeopleList.of(contacts)  # shared by every interview's picker
        self.now = now
        self.details = details
        editing = details is not None
        self.setWindowTitle(
            self.tr("Application details") if editing else self.tr("New application")
        )
        self.setAccessibleName(self.windowTitle())
        self.company = QLineEdit()
        self.company.setAccessibleName(self.tr("Company"))
        self.role = QLineEdit()
        self.role.setAccessibleName(self.tr("Role"))
        self.timezone = TimeZoneBox()
        self.playbook = QComboBox()
        self.playbook.setAccessibleName(self.tr("Follow-up style"))
        fill_playbooks(self.playbook, default_playbook)
        self.has_decision = QCheckBox(self.tr("Expected by"))
        self.has_decision.setAccessibleName(self.tr("The employer named a decision date"))
        self.decision = QDateEdit(QDate.currentDate().addDays(14))
        self.decision.setDisplayFormat("ddd d MMM yyyy")
        self.decision.setCalendarPopup(True)
        self.decision.setAccessibleName(self.tr("Decision date"))
        self.decision.setEnabled(False)
        self.has_decision.toggled.connect(self.decision.setEnabled)
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.has_decision)
        decision_row.addWidget(self.decision, 1)
        form = QFormLayout()
        form.addRow(self.tr("&Company:"), self.company)
        form.addRow(self.tr("&Role:"), self.role)
        decision_label = QLabel(self.tr("&Decision:"))
        decision_label.setBuddy(self.has_decision)
        form.addRow(decision_label, decision_row)
        form.addRow(self.tr("Employer &time zone:"), self.timezone)
        form.addRow(self.tr("&Follow-up style:"), self.playbook)
        self.calls_to = QComboBox()
        self.calls_to.setAccessibleName(self.tr("Who receives the follow-up calls"))
        self.calls_to.setToolTip(
            self.tr("Calls go to one person who was at the interview (R7), not to everyone.")
        )
        if editing:
            form.addRow(self.tr("&Calls go to:"), self.calls_to)
        self.stage_label = QLabel(stage_title)
        if editing:
            self.stage_label.setAccessibleName(self.tr("Stage"))
            form.addRow(self.tr("Stage:"), self.stage_label)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)

        self.interviews: list[InterviewEditor] = []
        if editing:
            self.tabs = QTabWidget()
            self.tabs.setAccessibleName(self.tr("Interviews"))
            add = QPushButton(self.tr("Add interview"))
            remove = QPushButton(self.tr("Remove interview"))
            add.clicked.connect(lambda: self._add_interview())
            remove.clicked.connect(self._remove_interview)
            row = QHBoxLayout()
            row.addWidget(QLabel(self.tr("<b>Interviews</b>")), 1)
            row.addWidget(add)
            row.addWidget(remove)
            layout.addLayout(row)
            layout.addWidget(self.tabs, 2)
            self.notes = QPlainTextEdit()
            self.notes.setAccessibleName(self.tr("Notes"))
            self.notes.setPlaceholderText(self.tr("Anything worth remembering…"))
            layout.addWidget(QLabel(self.tr("<b>Notes</b>")))
            layout.addWidget(self.notes, 1)
            self.timeline_slot = QWidget()
            self.timeline_slot.setObjectName("timeline_slot")
            self.timeline_slot.setAccessibleName(self.tr("Timeline"))
            QVBoxLayout(self.timeline_slot).setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.timeline_slot)
            self.attachments_slot = QWidget()  # filled by ui/attachments_panel.py
            self.attachments_slot.setObjectName("attachments_slot")
            QVBoxLayout(self.attachments_slot).setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.attachments_slot)
            assert details is not None
            self._load(details)
        else:
            self.interview_box = QGroupBox(self.tr("&Interview"))
            self.interview_box.setCheckable(True)
            self.interview_box.setChecked(True)
            self.interview_box.setAccessibleName(self.tr("Interview"))
            editor = InterviewEditor(self.people, self.timezone.zone(), now)
            QVBoxLayout(self.interview_box).addWidget(editor)
            self.interviews.append(editor)
            layout.addWidget(self.interview_box, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.timezone.currentTextChanged.connect(self._zone_changed)
        fm = self.fontMetrics()
        self.resize(fm.horizontalAdvance("M") * 46, fm.lineSpacing() * (40 if editing else 30))

    def _zone_changed(self, tz: str) -> None:
        for editor in self.interviews:
            editor.set_timezone(tz.strip())

    def _add_interview(self, draft: object = None) -> InterviewEditor:
        editor = InterviewEditor(self.people, self.timezone.zone(), self.now)
        if draft is not None:
            editor.load(draft)  # type: ignore[arg-type]
        self.interviews.append(editor)
        n = len(self.interviews)
        self.tabs.addTab(editor, self.tr("Interview {n}").format(n=n))
        self.tabs.setCurrentWidget(editor)
        return editor

    def _remove_interview(self) -> None:
        editor = self.tabs.currentWidget()
        if isinstance(editor, InterviewEditor):
            self.interviews.remove(editor)
            self.tabs.removeTab(self.tabs.indexOf(editor))
            editor.deleteLater()

    def _load(self, details: ApplicationDetails) -> None:
        d = details.draft
        self.company.setText(d.company)
        self.role.setText(d.role)
        self.timezone.set_zone(d.timezone)
        self.playbook.setCurrentIndex(max(0, self.playbook.findData(d.playbook)))
        if d.decision_expected is not None:
            self.has_decision.setChecked(True)
            self.decision.setDate(
                QDate(d.decision_expected.year, d.decision_expected.month, d.decision_expected.day)
            )
        self.notes.setPlainText(d.notes)
        for iv in d.interviews:
            self._add_interview(iv)
        self._fill_calls_to(details)

    def _fill_calls_to(self, details: ApplicationDetails) -> None:
        """List the people met; the stored choice selected, else the default."""
        self.calls_to.clear()
        self.calls_to.addItem(self.tr("The first interviewer (default)"), None)
        for person in sorted(details.participants.values(), key=lambda p: p.full_name):
            label = f"{person.full_name} — {person.title}" if person.title else person.full_name
            self.calls_to.addItem(label, person.id)
        chosen = self.calls_to.findData(details.draft.primary_contact_id)
        self.calls_to.setCurrentIndex(max(0, chosen))

    def rebase(self, details: ApplicationDetails, stage_title: str) -> None:
        """Take in a newer stored version (an outcome was logged from this dialog's timeline).

        The stage and version follow the stored record; the decision date follows it
        unless the user already changed it in this form. Other edits in progress stay.
        """
        assert self.details is not None
        typed_decision = self.draft().decision_expected
        old_decision = self.details.draft.decision_expected
        self.details = details
        self.stage_label.setText(stage_title)
        new = details.draft.decision_expected
        if typed_decision == old_decision:
            self.has_decision.setChecked(new is not None)
            if new is not None:
                self.decision.setDate(QDate(new.year, new.month, new.day))

    def draft(self) -> ApplicationDraft:
        """What the form holds, as a draft for the service."""
        interviews = tuple(e.draft() for e in self.interviews)
        if self.details is None and not self.interview_box.isChecked():
            interviews = ()
        decision: date | None = None
        if self.has_decision.isChecked():
            decision = self.decision.date().toPython()  # type: ignore[assignment]
        if self.details is not None:
            stage = self.details.draft.stage_key
            base = self.details.draft
            notes, location, url = self.notes.toPlainText(), base.location, base.posting_url
        else:
            notes, location, url = "", "", ""
            if not interviews:
                stage = "applied"
            elif all(iv.ends_at <= self.now for iv in interviews):
                stage = "interviewed"
            else:
                stage = "interview_scheduled"
        return ApplicationDraft(
            company=self.company.text().strip(),
            role=self.role.text().strip(),
            timezone=self.timezone.zone(),
            playbook=str(self.playbook.currentData()),
            stage_key=stage,
            decision_expected=decision,
            notes=notes,
            location=location,
            posting_url=url,
            interviews=interviews,
            primary_contact_id=self.calls_to.currentData() if self.details is not None else None,
        )

    def show_error(self, text: str) -> None:
        """Show what is wrong, in the dialog."""
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def accept(self) -> None:
        """Check the obvious before closing; the service checks the rest."""
        if not self.company.text().strip():
            self.show_error(self.tr("Which company is it? The company name is needed."))
            self.company.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not self.timezone.is_valid():
            self.show_error(self.tr("Pick a time zone from the list, e.g. Europe/Berlin."))
            return
        super().accept()
