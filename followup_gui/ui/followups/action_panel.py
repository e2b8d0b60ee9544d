"""The action panel: one planned follow-up, its script, and the buttons that log how it went.

The script is rendered for the step's person and can be edited before it is
copied. "Done" buttons fit the step's kind (a call can end on voicemail, an email
cannot); "Spoke" takes an optional new decision date (R5, R9).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from html import escape

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain import FollowUpError, Outcome
from followup_gui.domain.timing import is_overdue
from followup_gui.paths import default_data_dir
from followup_gui.scripts import RenderedScript
from followup_gui.services.followups.outcomes import SnoozePreset
from followup_gui.services.followups.timeline import FollowUpDetail, load_follow_up
from followup_gui.ui.common.when import date_edit_format, overdue_colour, when_text
from followup_gui.ui.common.why import WhyLink, plain_reason
from followup_gui.ui.followups.labels import kind_colour, kind_label, outcome_label
from followup_gui.ui.followups.outcome_actions import OutcomeActions
from followup_gui.ui.mail.email_actions import EmailActions


class ActionPanel(QWidget):
    """Shows one pending follow-up and acts on it through :class:`OutcomeActions`."""

    def __init__(self, actions: OutcomeActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome_actions = actions
        self.detail: FollowUpDetail | None = None
        self.setAccessibleName(self.tr("Follow-up actions"))
        layout = QVBoxLayout(self)
        self.header = QLabel(self.tr("Select a planned follow-up to act on it."))
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.header)
        self.why = WhyLink()
        layout.addWidget(self.why)
        self.script_choice = QComboBox()
        self.script_choice.setAccessibleName(self.tr("Script"))
        self.script_choice.currentIndexChanged.connect(self._show_script)
        layout.addWidget(self.script_choice)
        self.script = QPlainTextEdit()
        self.script.setAccessibleName(self.tr("Script text (editable)"))
        self.script.setObjectName("script_text")
        layout.addWidget(self.script, 1)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.warnings)
        self.copy_button = QPushButton(self.tr("&Copy script"))
        self.copy_button.clicked.connect(self.copy_script)
        layout.addWidget(self.copy_button)
        self.email_actions = EmailActions(actions, self.script.toPlainText)
        layout.addWidget(self.email_actions)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(QLabel(self.tr("<b>Done</b> – how did it go?")))
        self.outcome_grid = QGridLayout()
        body.addLayout(self.outcome_grid)
        self.decision_check = QCheckBox(self.tr("New decision date:"))
        self.decision_date = QDateEdit()
        self.decision_date.setDisplayFormat(date_edit_format())
        self.decision_date.setCalendarPopup(True)
        self.decision_date.setAccessibleName(self.tr("New decision date"))
        self.decision_date.setEnabled(False)
        self.decision_check.toggled.connect(self.decision_date.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.decision_check)
        row.addWidget(self.decision_date)
        row.addStretch(1)
        body.addLayout(row)
        body.addWidget(QLabel(self.tr("<b>Not now</b>")))
        snooze_row = QGridLayout()
        presets = (
            (SnoozePreset.HOUR, self.tr("Snooze 1 hour")),
            (SnoozePreset.TOMORROW, self.tr("Snooze to tomorrow")),
            (SnoozePreset.NEXT_WEEK, self.tr("Snooze a week")),
        )
        for n, (preset, text) in enumerate(presets):
            button = QPushButton(text)
            button.setObjectName(f"snooze_{preset.value}")
            button.clicked.connect(partial(self._snooze, preset, text))
            snooze_row.addWidget(button, n // 2, n % 2)  # two wide: the panel stays narrow
        self.skip_button = QPushButton(self.tr("Skip"))
        self.skip_button.setObjectName("skip")
        self.skip_button.setToolTip(self.tr("Don't do this one; the plan moves on"))
        self.skip_button.clicked.connect(self._skip)
        snooze_row.addWidget(self.skip_button, 1, 1)
        body.addLayout(snooze_row)
        layout.addWidget(self.body)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        actions.failed.connect(self.error.setText)
        self.outcome_buttons: dict[str, QPushButton] = {}
        self.clear()

    # -- showing ------------------------------------------------------------
    def clear(self, message: str = "") -> None:
        """Show no follow-up (after it was dealt with, or before one is chosen)."""
        self.detail = None
        self.header.setText(message or self.tr("Select a planned follow-up to act on it."))
        self.why.set_rules(())
        for w in (self.script_choice, self.script, self.copy_button, self.body, self.warnings):
            w.setVisible(False)
        self.email_actions.show_step(None)

    def show_follow_up(self, follow_up_id: int) -> bool:
        """Load a pending follow-up into the panel; False when it is gone."""
        self.error.clear()
        scripts_dir = default_data_dir() / "scripts"
        try:
            detail = load_follow_up(
                self.outcome_actions.db,
                follow_up_id,
                scripts_dir,
                self.outcome_actions.context.planner_settings(),
            )
        except FollowUpError as exc:
            self.clear(str(exc))
            return False
        self.detail = detail
        colour = kind_colour(detail.kind).name()
        who = f" – {escape(detail.contact)}" if detail.contact else ""
        # When, as the cards and the agenda say it (the overdue colour when late).
        now = self.outcome_actions.clock()
        when = escape(when_text(detail.due, now, detail.window_end))
        if is_overdue(detail.due, detail.window_end, now):
            when = f"<span style='color:{overdue_colour(self.palette()).name()}'>{when}</span>"
        self.header.setText(
            f"<b><span style='color:{colour}'>■</span> {kind_label(detail.kind)}{who}</b>"
            f"<br>{escape(detail.company)}"
            + (f" · {escape(detail.role)}" if detail.role else "")
            + f"<br>{when}<br><i>{escape(plain_reason(detail.reason))}</i>"
        )
        self.why.set_rules(detail.rules)
        self.script_choice.blockSignals(True)
        self.script_choice.clear()
        for rendered in detail.scripts:
            self.script_choice.addItem(kind_label(rendered.kind.value), rendered)
        self.script_choice.blockSignals(False)
        has_script = bool(detail.scripts)
        self.script_choice.setVisible(len(detail.scripts) > 1)
        self.script.setVisible(has_script)
        self.copy_button.setVisible(has_script)
        self._show_script(0)
        is_email = any(s.kind.has_subject for s in detail.scripts)
        self.email_actions.show_step(detail.id if is_email else None)
        self._make_outcome_buttons(detail)
        self.body.setVisible(True)
        return True

    def _show_script(self, index: int) -> None:
        rendered = self.script_choice.itemData(index)
        if not isinstance(rendered, RenderedScript):
            self.script.clear()
            self.warnings.setVisible(False)
            return
        self.script.setPlainText(rendered.text)
        self.warnings.setText("\n".join(rendered.warnings))
        self.warnings.setVisible(bool(rendered.warnings))

    def _make_outcome_buttons(self, detail: FollowUpDetail) -> None:
        while self.outcome_grid.count():
            item = self.outcome_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.outcome_buttons = {}
        choices: list[tuple[Outcome | None, str]] = [(o, outcome_label(o)) for o in detail.outcomes]
        if detail.kind == "move_on":
            choices = [(None, self.tr("Move to No response"))]
        for n, (outcome, text) in enumerate(choices):
            button = QPushButton(text)
            name = "move_on" if outcome is None else outcome.value
            button.setObjectName(f"outcome_{name}")
            button.clicked.connect(partial(self._log, outcome, text))
            self.outcome_grid.addWidget(button, n // 3, n % 3)
            self.outcome_buttons[name] = button
        can_date = Outcome.SPOKE in detail.outcomes
        self.decision_check.setVisible(can_date)
        self.decision_date.setVisible(can_date)
        self.decision_check.setChecked(False)
        start = detail.decision_expected or detail.due.date()
        self.decision_date.setDate(QDate(start.year, start.month, start.day))

    # -- acting -------------------------------------------------------------
    def copy_script(self) -> None:
        """Put the script, as edited, on the clipboard."""
        QGuiApplication.clipboard().setText(self.script.toPlainText())

    def _log(self, outcome: Outcome | None, text: str) -> None:
        if self.detail is None:
            return
        decision = None
        if outcome == Outcome.SPOKE and self.decision_check.isChecked():
            picked = self.decision_date.date()
            decision = date(picked.year(), picked.month(), picked.day())
        if self.outcome_actions.log(self.detail.id, outcome, text, decision_date=decision):
            self.clear(self.tr("Logged “{what}”. Undo with Ctrl+Z.").format(what=text))

    def _snooze(self, preset: SnoozePreset, text: str) -> None:
        if self.detail is not None and self.outcome_actions.snooze(self.detail.id, preset, text):
            self.clear(self.tr("Snoozed ({what}).").format(what=text))

    def _skip(self) -> None:
        if self.detail is not None and self.outcome_actions.skip(self.detail.id):
            self.clear(self.tr("Skipped."))
