"""Proposals from mail, at the top of the Agenda: accept (logs and re-plans) or dismiss.

Each row says who wrote, when, about which application, the subject and the
first lines, and what FollowUp suggests. Accept logs the chosen outcome on the
application's next step that takes it (undoable, as an outcome button);
dismiss forgets the proposal. Hidden while there is nothing to propose. For
"Another interview" the user sets the next interview's start (in the
application's time zone, a week later at 10:00 until changed): accepting adds it
to the application and re-plans, undoable as one edit.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain import FollowUpError, Outcome
from followup_gui.services.mail import proposals as service
from followup_gui.services.mail.next_interview import application_timezone
from followup_gui.services.mail.proposals import ProposalView
from followup_gui.ui.applications.interview_editor import from_qdatetime, to_qdatetime
from followup_gui.ui.common.undo import push
from followup_gui.ui.common.visible_refresh import ChangeGate
from followup_gui.ui.common.when import date_edit_format, date_time_edit_format, moment_text
from followup_gui.ui.followups.labels import outcome_label
from followup_gui.ui.followups.outcome_actions import FollowUpCommand
from followup_gui.ui.mail.interview_command import AcceptInterviewCommand

if TYPE_CHECKING:
    from followup_gui.services.followups.outcomes import OutcomeResult
    from followup_gui.ui.context import AppContext

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CHOICES = (Outcome.SPOKE, Outcome.REJECTED, Outcome.OFFER, Outcome.SENT)
INTERVIEW = "interview"  # the combo's "Another interview": Spoke, and the interview added


class ProposalsPanel(QWidget):
    """The waiting proposals, with Accept and Dismiss for the selected one.

    Args:
        context: the app context (database, clock, undo stack, changes).
        parent: the parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("mail_proposals")
        self.setAccessibleName(self.tr("Proposals from mail"))
        self.items: list[ProposalView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        layout.addWidget(self.title)
        self.model = QStandardItemModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Proposals from mail"))
        self.list.setWordWrap(True)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        # Long snippets wrap: they must not claim width from the next-step panel beside.
        self.list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._selected())
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.outcome = QComboBox()
        self.outcome.setAccessibleName(self.tr("Outcome to log"))
        for outcome in CHOICES:
            self.outcome.addItem(outcome_label(outcome), outcome.value)
        self.outcome.addItem(self.tr("Another interview"), INTERVIEW)
        self.outcome.currentIndexChanged.connect(lambda *_: self._show_dates())
        row.addWidget(self.outcome)
        self.decision_check = QCheckBox(self.tr("Decision / next interview:"))
        self.decision_date = QDateEdit()
        self.decision_date.setDisplayFormat(date_edit_format())
        self.decision_date.setCalendarPopup(True)
        self.decision_date.setAccessibleName(self.tr("Decision date or next interview"))
        self.decision_date.setEnabled(False)
        self.decision_check.toggled.connect(self.decision_date.setEnabled)
        row.addWidget(self.decision_check)
        row.addWidget(self.decision_date)
        self.interview_label = QLabel(self.tr("Next &interview:"))
        self.interview_at = QDateTimeEdit()
        self.interview_at.setCalendarPopup(True)
        self.interview_at.setDisplayFormat(date_time_edit_format())
        self.interview_at.setAccessibleName(self.tr("Next interview starts"))
        self.interview_label.setBuddy(self.interview_at)
        self.interview_tz = "UTC"
        row.addWidget(self.interview_label)
        row.addWidget(self.interview_at)
        self.accept_button = QPushButton(self.tr("&Accept"))
        self.accept_button.setObjectName("accept_proposal")
        self.accept_button.clicked.connect(self.accept_selected)
        self.dismiss_button = QPushButton(self.tr("&Dismiss"))
        self.dismiss_button.setObjectName("dismiss_proposal")
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        row.addWidget(self.accept_button)
        row.addWidget(self.dismiss_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        self.refresh_gate = ChangeGate(self, context, lambda _changes: self.reload())
        self.reload()

    def reload(self) -> None:
        """Re-read the waiting proposals; hide the panel when there are none."""
        self.items = service.list_proposals(self.context.db)
        self.model.clear()
        for p in self.items:
            suggestion = outcome_label(p.suggestion.outcome)
            if p.suggestion.value == "interview":
                suggestion = self.tr("Another interview")
            text = self.tr("{company} – {sender}, {when}: {subject}\n{snippet}\nSuggests: {what}")
            item = QStandardItem(
                text.format(
                    company=p.company,
                    sender=p.sender,
                    when=moment_text(p.received_at, self.context.now()),
                    subject=p.subject or self.tr("(no subject)"),
                    snippet=p.snippet,
                    what=suggestion,
                )
            )
            item.setData(p.id, ID_ROLE)
            self.model.appendRow(item)
        n = len(self.items)
        self.title.setText(self.tr("From your mail ({n})").format(n=n))
        self.setVisible(bool(n))
        if n:
            self.list.setCurrentIndex(self.model.index(0, 0))
        self._selected()

    def selected(self) -> ProposalView | None:
        """The proposal the list's current row shows."""
        row = self.list.currentIndex().row()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _selected(self) -> None:
        p = self.selected()
        for w in (self.accept_button, self.dismiss_button, self.outcome):
            w.setEnabled(p is not None)
        if p is None:
            return
        pick = INTERVIEW if p.suggestion.value == INTERVIEW else p.suggestion.outcome.value
        self.outcome.setCurrentIndex(self.outcome.findData(pick))
        self.decision_check.setChecked(False)
        now = self.context.now()
        self.decision_date.setDate(QDate(now.year, now.month, now.day))
        try:
            self.interview_tz = application_timezone(self.context.db, p.id)
        except FollowUpError:
            self.interview_tz = "UTC"
        there = now.astimezone(ZoneInfo(self.interview_tz)).date() + timedelta(days=7)
        start = datetime.combine(there, time(10), ZoneInfo(self.interview_tz))
        self.interview_at.setDateTime(to_qdatetime(start, self.interview_tz))
        self._show_dates()

    def _show_dates(self) -> None:
        """The decision date for an outcome; the interview's start for "Another interview"."""
        interview = self.outcome.currentData() == INTERVIEW
        widgets: tuple[QWidget, ...] = (self.decision_check, self.decision_date)
        for w in widgets:
            w.setVisible(not interview)
        widgets = (self.interview_label, self.interview_at)
        for w in widgets:
            w.setVisible(interview)

    def accept_selected(self) -> bool:
        """Log the chosen outcome (undoable) and re-plan; True when stored."""
        p = self.selected()
        if p is None:
            return False
        self.error.clear()
        if self.outcome.currentData() == INTERVIEW:
            starts = from_qdatetime(self.interview_at.dateTime(), self.interview_tz)
            text = self.tr("Accept “{subject}”: interview added").format(subject=p.subject)
            command = AcceptInterviewCommand(self.context, text, p.id, starts)
            return push(command, self.error.setText)
        outcome = Outcome(str(self.outcome.currentData()))
        decision: date | None = None
        if self.decision_check.isChecked():
            picked = self.decision_date.date()
            decision = date(picked.year(), picked.month(), picked.day())

        def action(c: AppContext) -> OutcomeResult:
            return service.accept(
                c.db, p.id, c.now(), c.planner_settings(), outcome=outcome, decision_date=decision
            )

        text = self.tr("Accept “{subject}”").format(subject=p.subject)
        return push(FollowUpCommand(self.context, text, action), self.error.setText)

    def dismiss_selected(self) -> bool:
        """Forget the selected proposal; True when done."""
        p = self.selected()
        if p is None:
            return False
        try:
            changes = service.dismiss(self.context.db, p.id)
        except FollowUpError as exc:
            self.error.setText(str(exc))
            return False
        self.context.notify(changes)
        return True
