"""Settings > Calendar and contacts: the server, the login, the calendar and address book.

"Connect" finds the calendars and address books (in a worker thread); the user
picks one of each, or lets FollowUp create a calendar named "FollowUp". "Save"
stores the choices in the settings and the password in the system keyring only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.services.sync.account import (
    SyncAccount,
    SyncError,
    check_url,
    load_account,
)
from followup_gui.services.sync.dav import CALENDAR_NAME, Discovery
from followup_gui.services.sync.run import choose, connect
from followup_gui.ui.common.counts import counted

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext

NEW_CALENDAR = "new"


class SyncSettingsPage(QWidget):
    """The "Calendar and contacts" page of the Settings dialog (applies on its own Save)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.found: Discovery | None = None
        account = load_account(context.settings)
        intro = QLabel(
            self.tr(
                "Put your follow-ups on your phone's calendar (as to-dos) and the people to "
                "call in its address book. Any CalDAV/CardDAV server: Nextcloud, Radicale, "
                "Fastmail, mailbox.org, iCloud (with an app password). The password is kept "
                "in your system keyring only."
            )
        )
        intro.setWordWrap(True)
        self.url = QLineEdit(account.url if account else "")
        self.url.setPlaceholderText("https://dav.example.com")
        self.user = QLineEdit(account.user if account else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.clicked.connect(self.discover)
        self.calendar = QComboBox()
        self.address_book = QComboBox()
        self.save_button = QPushButton(self.tr("Save and sync"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(self._status_text(account))
        self.status.setWordWrap(True)
        form = QFormLayout()
        for label, widget in (
            (self.tr("Server"), self.url),
            (self.tr("User"), self.user),
            (self.tr("Password"), self.password),
            (self.tr("Calendar"), self.calendar),
            (self.tr("Address book"), self.address_book),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _status_text(self, account: SyncAccount | None) -> str:
        if account is None or not account.configured:
            return self.tr("Not connected.")
        return self.tr("Syncing to {calendar}.").format(calendar=account.calendar_url)

    def _account(self) -> SyncAccount:
        return SyncAccount(url=check_url(self.url.text()), user=self.user.text().strip())

    def discover(self) -> None:
        """Find the calendars and address books (off the GUI thread)."""
        try:
            account = self._account()
        except SyncError as exc:
            self.status.setText(str(exc))
            return
        password = self.password.text()

        def work(_progress: object) -> Discovery:
            server = connect(account, password)
            try:
                return server.discover()
            finally:
                server.close()

        self.task = self.context.run_in_background(
            self,
            self.tr("Connecting"),
            self.tr("Looking for your calendars and address books…"),
            work,
            on_done=self._found,
            on_error=lambda exc: self.status.setText(str(exc)),
        )

    def _found(self, found: object) -> None:
        assert isinstance(found, Discovery)
        self.found = found
        self.calendar.clear()
        for c in found.calendars:
            self.calendar.addItem(c.name, c.url)
        if not any(c.name == CALENDAR_NAME for c in found.calendars):
            self.calendar.insertItem(0, self.tr("New calendar “FollowUp”"), NEW_CALENDAR)
        self.calendar.setCurrentIndex(max(0, self.calendar.findText(CALENDAR_NAME)))
        self.address_book.clear()
        self.address_book.addItem(self.tr("Do not sync contacts"), "")
        for b in found.address_books:
            self.address_book.addItem(b.name, b.url)
        self.address_book.setCurrentIndex(1 if found.address_books else 0)
        self.save_button.setEnabled(True)
        calendars = counted(len(found.calendars), self.tr("1 calendar"), self.tr("{n} calendars"))
        books = counted(
            len(found.address_books), self.tr("1 address book"), self.tr("{n} address books")
        )
        self.status.setText(self.tr("Found {c} and {b}.").format(c=calendars, b=books))

    def save(self) -> None:
        """Store the account (the password in the keyring), creating the calendar if asked."""
        if self.found is None:
            return
        url = str(self.calendar.currentData())
        calendar = next((c for c in self.found.calendars if c.url == url), None)
        try:
            account, kept = choose(
                self.context.settings,
                self._account(),
                self.password.text(),
                calendar,
                str(self.address_book.currentData() or ""),
            )
        except SyncError as exc:
            self.status.setText(str(exc))
            return
        if not kept:
            self.status.setText(
                self.tr(
                    "No system keyring to keep the password in: set FOLLOWUP_SYNC_PASSWORD "
                    "before starting FollowUp, or install a keyring (GNOME Keyring, KWallet)."
                )
            )
            return
        self.status.setText(self._status_text(account))
        from followup_gui.ui.sync.scheduler import start_sync

        start_sync(self.context).sync_soon()
