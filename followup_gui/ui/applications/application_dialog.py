"""The new-application dialog and the application window (one form, two modes).

The new dialog has a stage chooser (Applied unless the user picks another) and
no interview until the user adds one; adding one suggests the interview stage
while the user has not picked a stage. The application window opens on its
**Next step** page (the ``timeline_slot`` the next-step panel and timeline fill)
and keeps the full form (every interview, the people, notes, attachments) on
its **Details** page.

One save model, stated in the window: the form's edits wait for Save, and
closing with unsaved edits (Escape, Cancel, the close button) asks Save /
Discard / Cancel (:attr:`ApplicationDialog.ask_unsaved`, replaceable in tests).
Outcomes on the Next step page are saved as soon as they are clicked, with an
Undo beside them, as the page says. Errors show inline (no message box), so
the dialog never stacks modal windows. Both modes scroll inside and open no
larger than the screen's free area.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from followup_gui.services.applications.editing import (
    ApplicationDetails,
    ApplicationDraft,
    ParticipantInfo,
)
from followup_gui.services.contacts.editing import ContactData
from followup_gui.ui.applications.interview_editor import InterviewEditor, TimeZoneBox
from followup_gui.ui.applications.interviews_section import InterviewsSection
from followup_gui.ui.applications.people_model import PeopleList, person_label
from followup_gui.ui.common.playbook_words import fill_playbooks
from followup_gui.ui.common.screen_fit import fit_to_screen, scrolled
from followup_gui.ui.common.when import date_edit_format

Answer = QMessageBox.StandardButton


class ApplicationDialog(QDialog):
    """Enter a new application, or edit one (``details`` given).

    Args:
        contacts: the people the interviewer pickers list.
        now: the form's clock.
        default_playbook: the playbook a new application starts with.
        details: the stored application (the application window), or None (new).
        stage_title: the stored application's stage, as the board names it.
        parent: the window it belongs to.
        stages: ``(key, title)`` of the stages a new application may start in.
    """

    def __init__(
        self,
        contacts: list[ParticipantInfo],
        now: datetime,
        default_playbook: str,
        details: ApplicationDetails | None = None,
        stage_title: str = "",
        parent: QWidget | None = None,
        stages: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.people = PeopleList.of(contacts)  # shared by every interview's picker
        self.now = now
        self.details = details
        editing = details is not None
        #: Asks what to do with unsaved edits; tests put an answer here.
        self.ask_unsaved: Callable[[], QMessageBox.StandardButton] = self._ask_unsaved
        self.setWindowTitle(
            (self.tr("Application details") if editing else self.tr("New application")) + "[*]"
        )
        self.setAccessibleName(self.windowTitle().replace("[*]", ""))
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
        self.decision.setDisplayFormat(date_edit_format())
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
            self.tr("You call one person who was at the interview (R7), not everyone.")
        )
        if editing:
            form.addRow(self.tr("&Person to call:"), self.calls_to)
        self.stage_label = QLabel(stage_title)
        self.stage = QComboBox()
        self.stage.setAccessibleName(self.tr("Stage"))
        self._stage_picked = False  # the user chose one: adding an interview keeps it
        if editing:
            self.stage_label.setAccessibleName(self.tr("Stage"))
            form.addRow(self.tr("Stage:"), self.stage_label)
        else:
            for key, title in stages or (("applied", self.tr("Applied")),):
                self.stage.addItem(title, key)
            self.stage.setCurrentIndex(max(0, self.stage.findData("applied")))
            self.stage.activated.connect(lambda _i: setattr(self, "_stage_picked", True))
            form.insertRow(2, self.tr("&Stage:"), self.stage)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.accept)

        self.interview_section = InterviewsSection(self.people, self.timezone.zone(), now)
        self.interview_section.edited.connect(self._suggest_stage)
        self.interview_section.scan_requested.connect(self._scan_person)
        #: Scans a card into a saved contact (set by whoever has the app context).
        self.scan_person: Callable[[QWidget], ContactData | None] | None = None
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setPlaceholderText(self.tr("Anything worth remembering…"))
        self.notes.setTabChangesFocus(True)  # Tab leaves the notes, as in every other field
        self.notes.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        notes_label = QLabel(self.tr("<b>&Notes</b>"))
        notes_label.setBuddy(self.notes)
        self.form_page = QWidget()
        self.form_page.setObjectName("details_form")
        page = QVBoxLayout(self.form_page)
        page.addLayout(form)
        page.addWidget(self.interview_section, 1)
        page.addWidget(notes_label)
        page.addWidget(self.notes)
        self.save_state = QLabel()
        self.save_state.setObjectName("save_state")
        self.save_state.setWordWrap(True)
        layout = QVBoxLayout(self)
        if editing:
            self.timeline_slot = QWidget()
            self.timeline_slot.setObjectName("timeline_slot")
            self.timeline_slot.setAccessibleName(self.tr("Next step and timeline"))
            QVBoxLayout(self.timeline_slot).setContentsMargins(0, 0, 0, 0)
            self.attachments_slot = QWidget()  # filled by ui/attachments_panel.py
            self.attachments_slot.setObjectName("attachments_slot")
            QVBoxLayout(self.attachments_slot).setContentsMargins(0, 0, 0, 0)
            page.addWidget(self.attachments_slot)
            self.pages = QTabWidget()
            self.pages.setObjectName("pages")
            self.pages.setAccessibleName(self.tr("Pages"))
            self.pages.addTab(self.timeline_slot, self.tr("Ne&xt step"))
            self.pages.addTab(scrolled(self.form_page, self.tr("Details")), self.tr("&Details"))
            layout.addWidget(self.pages, 1)
            assert details is not None
            self._load(details)
        else:
            layout.addWidget(scrolled(self.form_page, self.tr("Details")), 1)
            self.company.setFocus(Qt.FocusReason.OtherFocusReason)
        layout.addWidget(self.error)
        layout.addWidget(self.save_state)
        layout.addWidget(self.buttons)
        self.timezone.currentTextChanged.connect(self._zone_changed)
        self._baseline = self.draft()
        self._watch_edits()
        self._edited()
        fm = self.fontMetrics()
        wanted = (
            QSize(fm.averageCharWidth() * 170, fm.lineSpacing() * 48)
            if editing
            else QSize(fm.averageCharWidth() * 115, fm.lineSpacing() * 40)
        )
        fit_to_screen(self, wanted)

    @property
    def interviews(self) -> list[InterviewEditor]:
        """The interviews in the form, in tab order."""
        return self.interview_section.editors

    @property
    def tabs(self) -> QTabWidget:
        """The interviews' tabs."""
        return self.interview_section.tabs

    def _scan_person(self, editor: InterviewEditor) -> None:
        """Scan card… in an interview's people list: the saved person is ticked there."""
        if self.scan_person is None:
            return
        person = self.scan_person(self)
        if person is not None and person.id is not None:
            label = person_label(person.full_name, person.title, person.company)
            editor.people.add_contact(person.id, label)

    def _zone_changed(self, tz: str) -> None:
        self.interview_section.set_timezone(tz.strip())

    def _add_interview(self, draft: object = None) -> InterviewEditor:
        return self.interview_section.add(draft)  # type: ignore[arg-type]

    def _remove_interview(self) -> None:
        self.interview_section.remove_current()

    def _suggest_stage(self) -> None:
        """A new application with an interview is at the interview stage, unless the user chose."""
        if self.details is not None or self._stage_picked:
            return
        drafts = self.interview_section.drafts()
        if not drafts:
            key = "applied"
        elif all(iv.ends_at <= self.now for iv in drafts):
            key = "interviewed"
        else:
            key = "interview_scheduled"
        found = self.stage.findData(key)
        if found >= 0:
            self.stage.setCurrentIndex(found)

    # -- the save model ------------------------------------------------------------
    def _watch_edits(self) -> None:
        for line in (self.company, self.role):
            line.textChanged.connect(self._edited)
        self.timezone.currentTextChanged.connect(self._edited)
        for combo in (self.playbook, self.calls_to, self.stage):
            combo.currentIndexChanged.connect(self._edited)
        self.has_decision.toggled.connect(self._edited)
        self.decision.dateChanged.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        self.interview_section.edited.connect(self._edited)

    def is_dirty(self) -> bool:
        """Whether the form holds edits not saved yet."""
        return self.draft() != self._baseline

    def _edited(self) -> None:
        dirty = self.is_dirty()
        self.setWindowModified(dirty)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel") if dirty else self.tr("Close"))
        if dirty:
            text = self.tr("Unsaved changes: Save keeps them, Cancel asks before dropping them.")
        elif self.details is None:
            text = self.tr("Nothing is stored until you press Save.")
        else:
            text = self.tr(
                "Details wait for Save. Outcomes on the Next step page are saved as soon "
                "as you click them (Undo takes one back)."
            )
        self.save_state.setText(text)

    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved changes"),
            self.tr("Save your changes to {what} before closing?").format(
                what=self.company.text().strip() or self.tr("this application")
            ),
            Answer.Save | Answer.Discard | Answer.Cancel,
            self,
        )
        box.setDefaultButton(Answer.Save)
        box.setEscapeButton(Answer.Cancel)
        return Answer(box.exec())

    def reject(self) -> None:
        """Close (Escape, Cancel, and the close button through ``closeEvent``).

        Asks Save / Discard / Cancel first when edits are unsaved.
        """
        if self.isVisible() and self.is_dirty():
            answer = self.ask_unsaved()
            if answer == Answer.Save:
                self.accept()
                return
            if answer != Answer.Discard:
                return  # Cancel: keep editing
        super().reject()

    def close_discarding(self) -> None:
        """Close without asking (the edits were dealt with elsewhere)."""
        self._baseline = self.draft()
        self.close()

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
            self.interview_section.add(iv)
        if d.interviews:
            self.interview_section.tabs.setCurrentIndex(0)
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
        was_dirty = self.is_dirty()
        typed_decision = self.draft().decision_expected
        old_decision = self.details.draft.decision_expected
        self.details = details
        self.stage_label.setText(stage_title)
        new = details.draft.decision_expected
        if typed_decision == old_decision:
            self.has_decision.setChecked(new is not None)
            if new is not None:
                self.decision.setDate(QDate(new.year, new.month, new.day))
        # What the outcome stored is not an unsaved edit of the form.
        if was_dirty:
            taken = new if typed_decision == old_decision else self._baseline.decision_expected
            self._baseline = replace(
                self._baseline, stage_key=details.draft.stage_key, decision_expected=taken
            )
        else:
            self._baseline = self.draft()
        self._edited()

    def draft(self) -> ApplicationDraft:
        """What the form holds, as a draft for the service."""
        interviews = self.interview_section.drafts()
        decision: date | None = None
        if self.has_decision.isChecked():
            decision = self.decision.date().toPython()  # type: ignore[assignment]
        if self.details is not None:
            stage = self.details.draft.stage_key
            base = self.details.draft
            notes, location, url = self.notes.toPlainText(), base.location, base.posting_url
        else:
            notes, location, url = self.notes.toPlainText(), "", ""
            stage = str(self.stage.currentData())
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


def ask_changed_elsewhere(parent: QWidget, company: str) -> QMessageBox.StandardButton:
    """Saving over an application changed elsewhere: Save (overwrite), Discard or Cancel."""
    buttons = QMessageBox.StandardButton
    text = QCoreApplication.translate(
        "ApplicationDialog",
        "{company} was changed elsewhere (another window, program or computer) since "
        "you opened it.\n\nOverwrite it with your version, or discard your edits and "
        "load the stored one?",
    ).format(company=company)
    return QMessageBox.question(
        parent,
        QCoreApplication.translate("ApplicationDialog", "Changed elsewhere"),
        text,
        buttons.Save | buttons.Discard | buttons.Cancel,
    )
