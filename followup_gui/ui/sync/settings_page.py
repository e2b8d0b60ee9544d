"""Settings > Calendar and contacts: the server, the login, the calendar and address book.

One save model, the dialog's: "Connect" only looks (it finds the calendars and
address books in a worker thread); what the user picks, a new password, or
"Disconnect" takes effect when the dialog's Save is pressed, and Cancel leaves
the account as it was. The page says so. The password goes to the system
keyring only; without one it is kept in memory until FollowUp quits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
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
    store_password,
)
from followup_gui.services.sync.dav import CALENDAR_NAME, Discovery
from followup_gui.services.sync.run import choose, connect
from followup_gui.ui.common.counts import counted
from followup_gui.ui.sync.disconnecting import disconnect_in_background

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext

NEW_CALENDAR = "new"


class SyncSettingsPage(QWidget):
    """The "Calendar and contacts" page of the Settings dialog (applied by the dialog's Save)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.found: Discovery | None = None
        self.stored = load_account(context.settings)
        account = self.stored
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
        self.connect_button.setAccessibleName(self.tr("Connect"))
        self.connect_button.clicked.connect(self.discover)
        self.calendar = QComboBox()
        self.address_book = QComboBox()
        self.calendar.setEnabled(False)
        self.address_book.setEnabled(False)
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
        buttons.addStretch(1)
        how = QLabel(
            self.tr(
                "Connect only looks for your calendars and address books. What you choose "
                "here takes effect when you press Save; Cancel leaves everything as it was."
            )
        )
        how.setObjectName("save_model")
        how.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self._disconnect_box(account))
        layout.addWidget(how)
        layout.addStretch(1)

    def _disconnect_box(self, account: SyncAccount | None) -> QGroupBox:
        box = QGroupBox(self.tr("Disconnect"))
        self.disconnect_account = QCheckBox(
            self.tr("Disconnect: forget the server, the user and the password")
        )
        self.disconnect_account.setAccessibleName(self.tr("Disconnect"))
        self.remove_items = QCheckBox(
            self.tr("Also remove FollowUp's items from the server (otherwise they stay there)")
        )
        self.remove_items.setAccessibleName(self.tr("Remove FollowUp's items from the server"))
        self.remove_items.setEnabled(False)
        self.disconnect_account.toggled.connect(self._disconnect_toggled)
        inner = QVBoxLayout(box)
        inner.addWidget(self.disconnect_account)
        inner.addWidget(self.remove_items)
        box.setVisible(account is not None)
        return box

    def _disconnect_toggled(self, on: bool) -> None:
        self.remove_items.setEnabled(on)
        if not on:
            self.remove_items.setChecked(False)

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
        self.calendar.setEnabled(True)
        self.address_book.setEnabled(True)
        calendars = counted(len(found.calendars), self.tr("1 calendar"), self.tr("{n} calendars"))
        books = counted(
            len(found.address_books), self.tr("1 address book"), self.tr("{n} address books")
        )
        self.status.setText(
            self.tr("Found {c} and {b}. Press Save to sync with them.").format(c=calendars, b=books)
        )

    def _unchanged(self) -> bool:
        """Whether the server and user fields still say the stored account (or nothing)."""
        if self.stored is None:
            return not self.url.text().strip() and not self.user.text().strip()
        try:
            url = check_url(self.url.text())
        except SyncError:
            return False
        return url == self.stored.url and self.user.text().strip() == self.stored.user

    def save(self) -> bool:
        """Apply the page (the dialog's Save): disconnect, or the chosen account, or a password.

        Returns:
            False, with the reason on the page, when nothing could be applied as asked.
        """
        if self.disconnect_account.isChecked() and self.stored is not None:
            owner = self.window().parentWidget()  # the dialog closes; the progress stays
            remove = self.remove_items.isChecked()
            disconnect_in_background(self.context, owner, remove_items=remove)
            return True
        if self.found is not None:
            return self._save_found()
        if not self._unchanged():
            self.status.setText(
                self.tr("Press Connect to find the calendars on this server first.")
            )
            return False
        if self.stored is not None and self.password.text():
            self._keep_password(store_password(self.stored, self.password.text()))
            self._sync_soon()
        return True

    def _save_found(self) -> bool:
        assert self.found is not None
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
            return False
        self.stored = account
        self.status.setText(self._status_text(account))
        self._keep_password(kept)
        self._sync_soon()
        return True

    def _keep_password(self, kept: bool) -> None:
        if not kept:
            self.context.post(
                self.tr(
                    "No system keyring: the sync password is kept in memory until FollowUp "
                    "quits (you will be asked again next time)."
                )
            )

    def _sync_soon(self) -> None:
        from followup_gui.ui.sync.scheduler import start_sync

        start_sync(self.context).sync_soon()
