"""Settings > Calendar and contacts, the background sync, and the Agenda's proposals."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton

from followup_gui.services.sync.account import KEYRING_SERVICE, load_account
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.ui.context import AppContext
from followup_gui.ui.shell.main_window import MainWindow
from followup_gui.ui.sync import scheduler
from followup_gui.ui.sync.settings_page import SyncSettingsPage
from tests.services.sync.conftest import PASSWORD, USER, DavServer, MemoryKeyring
from tests.services.sync.helpers import phone_items, set_up, sync
from tests.ui.conftest import BOARD_NOW


def test_the_page_connects_creates_followup_and_keeps_the_password_in_the_keyring(
    qtbot, db: Database, radicale: DavServer, memory_keyring: MemoryKeyring
) -> None:
    context = AppContext(Settings(), db)
    page = SyncSettingsPage(context)
    qtbot.addWidget(page)
    page.url.setText(radicale.url)
    page.user.setText(USER)
    page.password.setText(PASSWORD)
    page.connect_button.click()
    qtbot.waitUntil(lambda: page.calendar.isEnabled(), timeout=20_000)
    assert page.calendar.currentData() == "new"  # no calendar yet: FollowUp creates one
    assert load_account(Settings()) is None  # Connect only looks
    with qtbot.waitSignal(scheduler.start_sync(context).finished, timeout=60_000):
        assert page.save()  # what the dialog's Save does: then the first sync runs
    account = load_account(Settings())
    assert account is not None and account.calendar_url.endswith("/")
    assert memory_keyring.secrets[(KEYRING_SERVICE, account.keyring_key)] == PASSWORD
    assert PASSWORD not in Path(Settings().path).read_text()
    assert "Syncing to" in page.status.text()


def test_the_page_says_why_a_login_failed(qtbot, db: Database, radicale: DavServer) -> None:
    page = SyncSettingsPage(AppContext(Settings(), db))
    qtbot.addWidget(page)
    page.url.setText(radicale.url)
    page.user.setText(USER)
    page.password.setText("wrong")
    page.connect_button.click()
    qtbot.waitUntil(lambda: "refused the login" in page.status.text(), timeout=20_000)
    assert not page.calendar.isEnabled()
    assert not page.save()  # the dialog's Save stays open: nothing was found to save
    assert load_account(Settings()) is None


def test_the_window_syncs_after_a_change_and_the_agenda_answers_the_phone(
    qtbot, db: Database, radicale: DavServer, monkeypatch
) -> None:
    from followup_gui.demo.example import fill_demo

    monkeypatch.setattr(scheduler, "DEBOUNCE_MS", 50)
    fill_demo(db, BOARD_NOW)
    account = set_up(radicale.url)
    monkeypatch.setenv("FOLLOWUP_NOW", BOARD_NOW.isoformat())
    win = MainWindow(db)
    win.context.now = lambda: BOARD_NOW  # type: ignore[method-assign]
    qtbot.addWidget(win)
    win.show()
    from followup_gui.services.sync.plan_items import pending_steps

    wanted = len(pending_steps(db))
    qtbot.waitUntil(lambda: len(phone_items(account)) == wanted, timeout=30_000)  # at start
    qtbot.waitUntil(lambda: not win.findChild(scheduler.SyncScheduler).loader.running)
    call = next(
        o for o in phone_items(account).values() if "Call" in str(o.icalendar_component["summary"])
    )
    call.complete()
    sync(db)  # what the window's next pass does, without waiting minutes
    win.tabs.setCurrentWidget(win.agenda)
    from followup_gui.ui.sync.proposals_panel import ProposalsPanel

    (proposals_panel,) = win.findChildren(ProposalsPanel)
    proposals_panel.reload()
    assert proposals_panel.isVisible()
    assert proposals_panel.title() == "From your phone (1)"
    voicemail = next(
        b for b in proposals_panel.findChildren(QPushButton) if b.text() == "Voicemail"
    )
    uid = str(call.icalendar_component["uid"])
    voicemail.click()
    assert not proposals_panel.isVisible()
    # The answer changed the plan: the window's debounced pass removes the done call.
    qtbot.waitUntil(lambda: uid not in phone_items(account), timeout=30_000)
    with db.read() as s:
        from followup_gui.storage import models as m

        assert s.query(m.Attempt).filter(m.Attempt.outcome == "voicemail").count() >= 1
    win.close()
