"""The window's sync against a real Radicale: the tray notice, the password without a keyring,
the conflict row, and the Settings dialog's one Save (disconnect included)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from followup_gui.services.sync import proposals
from followup_gui.services.sync.account import load_account
from followup_gui.services.sync.dav import Server
from followup_gui.services.sync.run import SyncReport
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.context import AppContext
from followup_gui.ui.settings.settings_dialog import SettingsDialog
from followup_gui.ui.sync import scheduler
from followup_gui.ui.sync.proposals_panel import ProposalsPanel
from tests.services.sync.conftest import PASSWORD, DavServer, MemoryKeyring
from tests.services.sync.helpers import phone_items, set_up, sync
from tests.ui.conftest import BOARD_NOW
from tests.ui.followups.test_tray import RecordingNotifier


@pytest.fixture
def demo(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    from followup_gui.demo.example import fill_demo

    monkeypatch.setattr(scheduler, "DEBOUNCE_MS", 600_000)  # passes only when a test asks
    fill_demo(db, BOARD_NOW)
    return db


@pytest.fixture
def context(demo: Database) -> Iterator[AppContext]:
    ctx = AppContext(Settings(), demo, clock=lambda: BOARD_NOW)
    yield ctx
    found = ctx.findChild(scheduler.SyncScheduler)
    if found is not None:
        found.loader.wait()


def one_pass(qtbot, sched: scheduler.SyncScheduler) -> object:
    with qtbot.waitSignal(sched.finished, timeout=60_000) as ended:
        sched.sync_soon()
    return ended.args[0]


def test_new_phone_proposals_are_told_through_the_tray_once_per_batch(
    qtbot, context: AppContext, radicale: DavServer
) -> None:
    account = set_up(radicale.url)
    sched = scheduler.start_sync(context)
    sched.teller = teller = RecordingNotifier()  # the tray's notifier
    assert isinstance(one_pass(qtbot, sched), SyncReport)
    assert teller.shown == []  # the first sync brings nothing back
    calls = [
        o for o in phone_items(account).values() if "Call" in str(o.icalendar_component["summary"])
    ]
    calls[0].complete()
    calls[1].complete()
    one_pass(qtbot, sched)
    ((title, body),) = teller.shown  # one notice for the two
    assert title == "Your phone: 2 things to look at"
    assert "Completed on the phone" in body and "Open the Agenda" in body
    one_pass(qtbot, sched)
    assert len(teller.shown) == 1  # still open, not told again


def test_without_a_keyring_the_window_asks_once_per_session_and_keeps_it_in_memory(
    qtbot, context: AppContext, radicale: DavServer
) -> None:
    account = set_up(radicale.url)
    from followup_gui.services.sync.account import forget_session

    forget_session()  # a new session
    keyring.set_keyring(NoKeyring())  # no Secret Service on this desktop
    sched = scheduler.start_sync(context)
    answers = ["wrong", PASSWORD]
    asked: list[str] = []

    def ask(acc: object) -> str | None:
        asked.append("asked")
        return answers.pop(0)

    sched.ask_password = ask
    refused = one_pass(qtbot, sched)
    assert "refused the login" in str(refused) and len(asked) == 1
    assert isinstance(one_pass(qtbot, sched), SyncReport)  # a refused one is asked again
    assert len(asked) == 2
    assert len(phone_items(account)) > 0
    assert isinstance(one_pass(qtbot, sched), SyncReport)
    assert len(asked) == 2  # kept for the session: not asked again
    assert PASSWORD not in Path(Settings().path).read_text()


def test_a_cancelled_password_is_not_asked_again_this_session(
    qtbot, context: AppContext, radicale: DavServer
) -> None:
    set_up(radicale.url)
    from followup_gui.services.sync.account import forget_session

    forget_session()
    keyring.set_keyring(NoKeyring())
    posted: list[str] = []
    context.message_posted.connect(posted.append)
    sched = scheduler.start_sync(context)
    asked: list[object] = []
    sched.ask_password = lambda acc: asked.append(acc)  # type: ignore[func-returns-value]
    sched.sync_soon()
    sched.sync_soon()
    assert len(asked) == 1 and not sched.loader.running
    assert posted == ["Sync paused until you give the password (Settings > Calendar)."]


def test_a_conflict_row_shows_both_values_per_field_and_keeps_followups(
    qtbot, context: AppContext, radicale: DavServer
) -> None:
    account = set_up(radicale.url, address_book=True)
    db = context.db
    sync(db)
    server = Server(account, PASSWORD)
    try:
        with db.read() as s:
            dana = s.scalars(select(m.Contact).where(m.Contact.full_name == "Dana Whitfield")).one()
        href = next(
            r.href
            for r in server.list(account.address_book_url).values()
            if "Dana Whitfield" in server.get(r.href)[0].decode()
        )
        body, etag = server.get(href)
        phone_card = body.decode().replace("END:VCARD", "NOTE:from the phone\r\nEND:VCARD")
        server.put(href, phone_card.encode(), "text/vcard", etag)
        with db.write() as s:
            s.get(m.Contact, dana.id).notes = "from the desk"
        assert sync(db).contact_proposals == 1
        panel = ProposalsPanel(context)
        qtbot.addWidget(panel)
        panel.show()
        row = panel.model.item(0).text()
        assert "Dana Whitfield" in row
        assert "Notes: FollowUp's “from the desk” · the phone's “from the phone”" in row
        assert "Email" not in row  # only what differs
        assert panel.list.toolTip() == ""

        def shown() -> list[QPushButton]:
            return [b for b in panel.findChildren(QPushButton) if b.isVisible()]

        qtbot.waitUntil(lambda: len(shown()) == 2)  # the layout shows new buttons queued
        buttons = shown()
        assert [b.text() for b in buttons] == ["Keep FollowUp's", "Keep the phone's"]
        buttons[0].click()
        assert not panel.isVisible() and proposals.list_proposals(db) == []
        sync(db)
        with db.read() as s:
            assert s.get(m.Contact, dana.id).notes == "from the desk"
        assert "NOTE:from the desk" in server.get(href)[0].decode()  # the phone gets ours
    finally:
        server.close()


def settings_dialog(qtbot, context: AppContext) -> SettingsDialog:
    """The Settings dialog with well-formed details of yours (so Save goes on)."""
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.phone.set_text("+1 212 555 0100")
    dialog.email.set_text("sam@example.com")
    return dialog


def test_the_dialog_save_applies_the_page_and_cancel_leaves_the_account(
    qtbot, context: AppContext, radicale: DavServer, memory_keyring: MemoryKeyring
) -> None:
    account = set_up(radicale.url)
    sync(context.db)
    items = len(phone_items(account))
    assert items > 0
    dialog = settings_dialog(qtbot, context)
    page = dialog.sync_page
    assert not [b for b in page.findChildren(QPushButton) if "Save" in b.text()]  # one Save
    assert "takes effect when you press Save" in page.findChild(object, "save_model").text()
    page.disconnect_account.setChecked(True)
    dialog.reject()  # Cancel: nothing happens
    assert load_account(Settings()) == account
    # Another server typed but not looked at: Save stays, with the reason on the page.
    dialog = settings_dialog(qtbot, context)
    dialog.sync_page.url.setText("http://127.0.0.1:9/")
    dialog.accept()
    assert dialog.result() == 0  # not accepted
    assert "Press Connect" in dialog.sync_page.status.text()
    assert dialog.tabs.currentWidget() is dialog.sync_page
    assert load_account(Settings()) == account
    # Disconnect and remove FollowUp's items, on Save.
    dialog = settings_dialog(qtbot, context)
    dialog.sync_page.disconnect_account.setChecked(True)
    dialog.sync_page.remove_items.setChecked(True)
    posted: list[str] = []
    context.message_posted.connect(posted.append)
    dialog.accept()
    qtbot.waitUntil(lambda: any("disconnected" in p for p in posted), timeout=60_000)
    assert f"{items} follow-up{'' if items == 1 else 's'} and" in posted[-1]
    assert load_account(Settings()) is None and memory_keyring.secrets == {}
    assert phone_items(account) == {}
