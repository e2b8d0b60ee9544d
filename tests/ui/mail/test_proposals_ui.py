"""The Agenda lists proposals from mail first; accept re-plans (undoable), dismiss forgets;
the background check tells the tray of new ones once."""

from __future__ import annotations

import pytest

from followup_gui.services.mail.account import make_account, save_account
from followup_gui.services.mail.passwords import store_password
from followup_gui.services.mail.proposals import list_proposals
from followup_gui.services.mail.sync import sync_mail
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.context import AppContext
from followup_gui.ui.followups.agenda import AgendaView
from followup_gui.ui.mail.poller import MailPoller
from tests.mail_servers import ADDRESS, PASSWORD, USER
from tests.services.followups.outcome_data import NOW, make_application
from tests.services.mail.test_sync import mail


def account(servers):
    return make_account(
        ("127.0.0.1", servers.imap_port), ("127.0.0.1", servers.smtp_port), "plain", USER, ADDRESS
    )


@pytest.fixture
def agenda(qtbot, db: Database, mail_servers):
    app_id = make_application(db)
    mail_servers.deliver(mail("dana@acme.example", "Absage", "Leider nicht."))
    mail_servers.deliver(mail("dana@acme.example", "Hello", "A friendly note."))
    sync_mail(db, account(mail_servers), PASSWORD, NOW)
    view = AgendaView(AppContext(Settings(), db, clock=lambda: NOW))
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    yield view, app_id
    view.close()


def stage(db: Database, app_id: int) -> str:
    with db.read() as s:
        app = s.get(m.Application, app_id)
        assert app is not None
        return app.stage_key


def test_proposals_come_first_and_accept_replans_undoably(agenda, db) -> None:
    view, app_id = agenda
    panel = view.proposals
    assert panel.isVisible() and panel.model.rowCount() == 2
    layout = view.proposals.parentWidget().layout()
    assert layout.indexOf(panel) < layout.indexOf(view.tree)  # above the due list
    row = next(i for i, p in enumerate(panel.items) if p.subject == "Absage")
    panel.list.setCurrentIndex(panel.model.index(row, 0))
    assert panel.outcome.currentData() == "rejected"  # the suggestion is preselected
    assert "Suggests: Rejected" in panel.model.item(row).text()
    assert stage(db, app_id) == "interviewed"  # nothing changed yet
    assert panel.accept_selected()
    assert stage(db, app_id) == "rejected"
    assert [p.subject for p in list_proposals(db)] == ["Hello"]
    assert panel.model.rowCount() == 1  # the list followed
    view.context.undo_stack.undo()
    assert stage(db, app_id) == "interviewed"


def test_dismiss_forgets_and_hides_the_panel(agenda, db) -> None:
    view, app_id = agenda
    panel = view.proposals
    assert panel.dismiss_selected() and panel.dismiss_selected()
    assert list_proposals(db) == [] and not panel.isVisible()
    assert stage(db, app_id) == "interviewed"


class Teller:
    def __init__(self) -> None:
        self.told: list[tuple[str, str]] = []

    def notify(self, title: str, body: str) -> None:
        self.told.append((title, body))


def test_background_check_tells_the_tray_once(qtbot, db, mail_servers) -> None:
    make_application(db)
    context = AppContext(Settings(), db, clock=lambda: NOW)
    teller = Teller()
    poller = MailPoller(context, teller)
    assert not poller.poll()  # no account: nothing is checked
    acc = account(mail_servers)
    save_account(context.settings, acc)
    store_password(acc, PASSWORD)
    mail_servers.deliver(mail("Dana Whitfield <dana@acme.example>", "Re: Thanks", "Talk soon."))
    with qtbot.waitSignal(poller.finished, timeout=20_000):
        assert poller.poll()
    qtbot.waitUntil(lambda: not poller.running)
    assert teller.told == [
        (
            "News from Acme Robotics",
            "Dana Whitfield <dana@acme.example>: Re: Thanks\nOpen the Agenda to accept or dismiss.",
        )
    ]
    with qtbot.waitSignal(poller.finished, timeout=20_000):
        assert poller.poll()
    assert len(teller.told) == 1  # told once


def test_check_mail_now_reads_with_progress_and_shows_the_agenda(qtbot, db, mail_servers) -> None:
    from PySide6.QtWidgets import QWidget

    from followup_gui.ui.mail.check_now import check_mail_now

    make_application(db)
    context = AppContext(Settings(), db, clock=lambda: NOW)
    posted: list[str] = []
    context.message_posted.connect(posted.append)
    window = QWidget()
    qtbot.addWidget(window)
    assert check_mail_now(context, window) is None  # no account yet
    assert "Settings > Mail" in posted[-1]
    acc = account(mail_servers)
    save_account(context.settings, acc)
    store_password(acc, PASSWORD)
    mail_servers.deliver(mail("dana@acme.example", "Offer", "We are pleased to offer you."))
    with qtbot.waitSignal(context.agenda_requested, timeout=20_000):
        assert check_mail_now(context, window) is not None
    assert posted[-1] == "Mail checked: 1 new messages, 1 proposals."
    assert [p.suggestion.value for p in list_proposals(db)] == ["offer"]
