"""Settings > Mail: fields checked on save, the password to the keyring, "Test connection"."""

from __future__ import annotations

import pytest

from followup_gui.services.mail.account import load_account
from followup_gui.services.mail.passwords import SERVICE
from followup_gui.settings import Settings, settings_file
from followup_gui.storage import Database
from followup_gui.ui.context import AppContext
from followup_gui.ui.mail.settings_page import MailSettingsPage
from tests.mail_servers import ADDRESS, PASSWORD, USER


@pytest.fixture
def page(qtbot, db: Database):
    widget = MailSettingsPage(AppContext(Settings(), db))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def fill(page: MailSettingsPage, servers, password: str = PASSWORD) -> None:
    page.imap_host.setText("127.0.0.1")
    page.imap_port.setValue(servers.imap_port)
    page.smtp_host.setText("127.0.0.1")
    page.smtp_port.setValue(servers.smtp_port)
    page.security.setCurrentIndex(2)  # plain: this machine only
    page.user.setText(USER)
    page.address.setText(ADDRESS)
    page.password.setText(password)


def test_save_keeps_the_password_in_the_keyring_only(page, memory_keyring) -> None:
    class Ports:
        imap_port, smtp_port = 1143, 1025

    fill(page, Ports)
    assert page.save()
    account = load_account(Settings())
    assert account is not None and account.imap_port == 1143
    assert memory_keyring[(SERVICE, account.key)] == PASSWORD
    assert PASSWORD not in settings_file().read_text()


def test_save_refuses_a_plain_connection_to_another_machine(page) -> None:
    class Ports:
        imap_port, smtp_port = 143, 25

    fill(page, Ports)
    page.imap_host.setText("imap.example.com")
    assert not page.save()
    assert "in the clear" in page.status.text()
    assert load_account(Settings()) is None


def test_test_connection_says_what_happened(qtbot, page, mail_servers) -> None:
    fill(page, mail_servers, "wrong")
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=20_000)
    assert "refused the login" in page.status.text()
    page.password.setText(PASSWORD)
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=20_000)
    assert page.status.text().startswith("Connected")
