"""Settings: the user's profile (R1) and the planner's knobs, in one dialog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain import Profile
from followup_gui.domain.validation import check_email, check_phone
from followup_gui.services.changes import Changes
from followup_gui.services.contacts.region import default_region
from followup_gui.services.settings.profile import (
    application_count,
    load_profile,
    replan_everything,
    save_profile,
)
from followup_gui.settings import (
    BRIDGE_DAYS,
    BUSINESS_END,
    BUSINESS_START,
    CLOSE_TO_TRAY,
    DEFAULT_PLAYBOOK,
    HOLIDAYS_COUNTRY,
    PLAN_STATUS_CHECK,
    PLAN_THANK_YOU_CARDS,
    QUIET_END,
    QUIET_START,
    Option,
    parse_setting,
)
from followup_gui.ui.common.playbook_words import fill_playbooks
from followup_gui.ui.common.when import time_edit_format
from followup_gui.ui.contacts.card import CheckedField
from followup_gui.ui.mail.settings_page import MailSettingsPage
from followup_gui.ui.sync.settings_page import SyncSettingsPage

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext

#: Settings the dialog stores; a cancelled re-plan puts them back.
PLANNER_OPTIONS: tuple[Option[Any], ...] = (
    DEFAULT_PLAYBOOK,
    BUSINESS_START,
    BUSINESS_END,
    PLAN_THANK_YOU_CARDS,
    PLAN_STATUS_CHECK,
    HOLIDAYS_COUNTRY,
    BRIDGE_DAYS,
    QUIET_START,
    QUIET_END,
    CLOSE_TO_TRAY,
)
#: Up to this many applications a re-plan takes well under 200 ms: no progress dialog.
SYNC_REPLAN_LIMIT = 100

HOLIDAY_COUNTRIES = [
    "auto",
    "off",
    "US",
    "CA",
    "GB",
    "IE",
    "DE",
    "AT",
    "CH",
    "FR",
    "NL",
    "BE",
    "ES",
    "IT",
    "PL",
    "SE",
    "NO",
    "DK",
    "FI",
    "AU",
    "NZ",
    "IN",
    "JP",
    "SG",
]


def _time_edit(text: str) -> QTimeEdit:
    """A time editor showing a stored ``"HH:MM"`` the way the user's locale writes a time."""
    t = time.fromisoformat(text)
    editor = QTimeEdit(QTime(t.hour, t.minute))
    editor.setDisplayFormat(time_edit_format())
    return editor


def _stored(t: QTime) -> str:
    """How the settings file keeps a time: ``"08:30"``, whatever the user's locale."""
    return time(t.hour(), t.minute()).isoformat("minutes")


class SettingsDialog(QDialog):
    """Edit the profile and the planner settings; saving re-plans every application.

    What a save changed (profile, settings, every plan) is notified on the context.
    """

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        first_run: bool = False,
        edit_stages: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.db, self.settings = context.db, context.settings
        self.setWindowTitle(self.tr("Welcome to FollowUp") if first_run else self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        tabs = QTabWidget()
        tabs.addTab(self._profile_page(first_run), self.tr("Your details"))
        tabs.addTab(self._planner_page(), self.tr("Planner"))
        if edit_stages is not None:
            tabs.addTab(self._board_page(edit_stages), self.tr("Board"))
        self.mail_page = MailSettingsPage(context)
        tabs.addTab(self.mail_page, self.tr("Mail"))
        self.sync_page = SyncSettingsPage(context)
        tabs.addTab(self.sync_page, self.tr("Calendar and contacts"))
        self.tabs = tabs
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self._update_save()
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(660, 470)  # every planner row and the playbook explanation whole

    def _board_page(self, edit_stages: Callable[[], object]) -> QWidget:
        """The board's columns: add, rename, reorder, hide (applied at once)."""
        page = QWidget()
        layout = QVBoxLayout(page)
        text = QLabel(
            self.tr(
                "Add, rename, reorder or hide the board's columns. Changes apply at once; "
                "a column that still holds cards cannot be hidden or deleted."
            )
        )
        text.setWordWrap(True)
        button = QPushButton(self.tr("Edit board stages…"))
        button.setObjectName("edit_stages")
        button.clicked.connect(edit_stages)
        layout.addWidget(text)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def _profile_page(self, first_run: bool) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        intro = QLabel(
            self.tr(
                "Your name, phone and email go into every thank-you note and voicemail script."
                "<br><b>Before you follow up (R1):</b> call your own phone and check that your "
                "voicemail greeting says your name and number, so a returned call is not lost."
            )
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        outer.addSpacing(8)
        outer.addLayout(form)
        outer.addStretch(1)
        profile = load_profile(self.db)
        self.name = QLineEdit(profile.name)
        # Checked like a contact's: a malformed number or address is refused, with the
        # reason next to the field (a returned call or reply must reach you, R1).
        self.phone = CheckedField(
            partial(check_phone, region=default_region(self.settings)),
            self.tr("+1 212 555 0100"),
            self.tr("Phone"),
        )
        self.email = CheckedField(check_email, self.tr("you@example.com"), self.tr("Email"))
        self.phone.set_text(profile.phone)
        self.email.set_text(profile.email)
        self.phone.changed.connect(self._update_save)
        self.email.changed.connect(self._update_save)
        self.signature = QPlainTextEdit(profile.signature)
        self.signature.setPlaceholderText(self.tr("Leave empty to sign with name, phone and email"))
        self.signature.setMaximumHeight(90)
        for label, widget in (
            (self.tr("Your name"), self.name),
            (self.tr("Phone"), self.phone),
            (self.tr("Email"), self.email),
            (self.tr("Signature"), self.signature),
        ):
            if not isinstance(widget, CheckedField):
                widget.setAccessibleName(label)
            form.addRow(label, widget)
        if first_run:
            self.name.setFocus()
        return page

    def _planner_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        s = self.settings
        self.playbook = QComboBox()
        self.playbook.setAccessibleName(self.tr("Default follow-up style"))
        self.playbook_explained = QLabel()
        self.playbook_explained.setWordWrap(True)
        fill_playbooks(self.playbook, str(s.get(DEFAULT_PLAYBOOK)), self.playbook_explained)
        self.business_start = _time_edit(s.get(BUSINESS_START))
        self.business_end = _time_edit(s.get(BUSINESS_END))
        self.cards = QCheckBox(self.tr("Also plan a mailed thank-you card for each interviewer"))
        self.cards.setChecked(s.get(PLAN_THANK_YOU_CARDS))
        self.status_check = QCheckBox(
            self.tr("Plan one status email two weeks after applying, if no interview came")
        )
        self.status_check.setToolTip(
            self.tr(
                "General practice, not one of the coaches' interview rules: one short email "
                "to the recruiter or hiring manager, then nothing more until an interview."
            )
        )
        self.status_check.setChecked(s.get(PLAN_STATUS_CHECK))
        self.holidays = QComboBox()
        label = {
            "off": self.tr("Ignore public holidays"),
            "auto": self.tr("The employer's country (from its time zone)"),
        }
        stored = str(s.get(HOLIDAYS_COUNTRY)).strip() or "auto"  # empty: never chosen
        for code in (*HOLIDAY_COUNTRIES, *([] if stored in HOLIDAY_COUNTRIES else [stored])):
            self.holidays.addItem(label.get(code, code), code)
        self.holidays.setCurrentIndex(max(0, self.holidays.findData(stored)))
        self.bridge_days = QLineEdit(str(s.get(BRIDGE_DAYS)))
        self.bridge_days.setToolTip(
            self.tr(
                "Days most offices are closed or thin, besides public holidays: 'auto' is "
                "the list of the employer's country (see the README), 'off' none, or days "
                "such as 12-24, 12-31, easter+40, thanksgiving+1, DE:12-24."
            )
        )
        self.quiet_start = _time_edit(s.get(QUIET_START))
        self.quiet_end = _time_edit(s.get(QUIET_END))
        self.close_to_tray = QCheckBox(self.tr("Keep running in the tray when the window closes"))
        self.close_to_tray.setChecked(s.get(CLOSE_TO_TRAY))
        from followup_gui.platform.autostart import for_platform

        # The operating system's entry is the setting (the user may remove it there).
        self.autostart = for_platform()
        self.start_at_login = QCheckBox(self.tr("Start FollowUp when I log in"))
        self.start_at_login.setChecked(self.autostart.is_enabled())
        rows = (
            (self.tr("Default follow-up style"), self.playbook),
            ("", self.playbook_explained),
            (self.tr("Calls from (employer's time)"), self.business_start),
            (self.tr("Calls until"), self.business_end),
            (self.tr("Thank-you cards"), self.cards),
            (self.tr("Before an interview"), self.status_check),
            (self.tr("Skip public holidays of"), self.holidays),
            (self.tr("Skip bridge days"), self.bridge_days),
            (self.tr("Quiet hours from"), self.quiet_start),
            (self.tr("Quiet hours until"), self.quiet_end),
            (self.tr("Tray"), self.close_to_tray),
            (self.tr("Log in"), self.start_at_login),
        )
        for text, widget in rows:
            widget.setAccessibleName(text)
            form.addRow(text, widget)
        self.error = QLabel()
        self.error.setStyleSheet("color: palette(highlight)")
        form.addRow(self.error)
        return page

    def _profile_ok(self) -> bool:
        """Whether your phone and email are well-formed (or empty)."""
        return self.phone.result().ok and self.email.result().ok

    def _update_save(self) -> None:
        """Save is offered only while your details are well-formed."""
        if hasattr(self, "save_button"):
            self.save_button.setEnabled(self._profile_ok())

    def accept(self) -> None:
        """Validate, store, re-plan; stay open with a message when something is wrong."""
        if not self._profile_ok():
            bad = self.phone if not self.phone.result().ok else self.email
            bad.edit.setFocus()
            return
        start, end = self.business_start.time(), self.business_end.time()
        if start >= end:
            self.error.setText(self.tr("Business hours must start before they end."))
            return
        try:
            bridge_days = str(parse_setting(BRIDGE_DAYS.key, self.bridge_days.text()))
        except ValueError as exc:
            self.error.setText(str(exc))
            self.bridge_days.setFocus()
            return
        if not self.mail_page.save():
            return
        if not self.sync_page.save():
            self.tabs.setCurrentWidget(self.sync_page)  # its reason is on the page
            return
        if not self._apply_start_at_login():
            return
        profile = Profile(
            self.name.text(),
            self.phone.result().value,
            self.email.result().value,
            self.signature.toPlainText(),
        )
        s = self.settings
        previous = {option: s.get(option) for option in PLANNER_OPTIONS}
        s.set(DEFAULT_PLAYBOOK, str(self.playbook.currentData()))
        s.set(BUSINESS_START, _stored(start))
        s.set(BUSINESS_END, _stored(end))
        s.set(PLAN_THANK_YOU_CARDS, self.cards.isChecked())
        s.set(PLAN_STATUS_CHECK, self.status_check.isChecked())
        s.set(HOLIDAYS_COUNTRY, str(self.holidays.currentData()))
        s.set(BRIDGE_DAYS, bridge_days)
        s.set(QUIET_START, _stored(self.quiet_start.time()))
        s.set(QUIET_END, _stored(self.quiet_end.time()))
        s.set(CLOSE_TO_TRAY, self.close_to_tray.isChecked())
        self._replan(profile, previous)

    def _replan(self, profile: Profile, previous: dict[Option[Any], Any]) -> None:
        """Re-plan with the new settings, then save the profile and close.

        A big database is re-planned off the GUI thread with a progress dialog;
        Cancel rolls the re-plan back and restores the previous settings.
        """
        planner, now = self.settings.planner_settings(), self.context.now()

        def finish(replanned: Changes) -> None:
            saved = save_profile(self.db, profile)
            # The settings file is written by this dialog itself (not a service).
            self.context.notify(replanned | saved | Changes(settings=True), self)
            super(SettingsDialog, self).accept()

        if application_count(self.db) <= SYNC_REPLAN_LIMIT:
            finish(replan_everything(self.db, now, planner))
            return

        def cancelled() -> None:
            for option, value in previous.items():
                self.settings.set(option, value)
            self.error.setText(self.tr("Cancelled: nothing was changed."))

        self.replan_task = self.context.run_in_background(
            self,
            self.tr("Re-planning"),
            self.tr("Re-planning every application with the new settings…"),
            lambda progress: replan_everything(self.db, now, planner, progress),
            on_done=finish,
            on_cancel=cancelled,
        )

    def _apply_start_at_login(self) -> bool:
        """Add or remove the start-at-login entry; False (with a message) when it failed."""
        from followup_gui.platform.autostart import launch_command

        wanted = self.start_at_login.isChecked()
        try:
            if wanted and not self.autostart.is_enabled():
                self.autostart.enable(launch_command())
            elif not wanted and self.autostart.is_enabled():
                self.autostart.disable()
        except OSError as exc:
            self.error.setText(
                self.tr("Could not change starting at log-in: {error}").format(error=exc)
            )
            return False
        return True
