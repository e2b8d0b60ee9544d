"""The Agenda lists proposals from mail first; accept re-plans (undoable), dismiss forgets;
the background check tells the tray of new ones once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

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
    area = view.proposals_area
    layout = area.parentWidget().layout()
    assert layout.indexOf(area) < layout.indexOf(view.tree)  # above the due list
    assert area.layout().indexOf(panel) < area.layout().indexOf(area.phone)  # mail first
    assert area.heading.text() == "<b>Proposals</b> – 2 to accept or dismiss"
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
    poller.stop()


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


def test_another_interview_is_entered_added_and_undone(qtbot, db, mail_servers) -> None:
    from datetime import datetime

    from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone

    from tests.services.followups.outcome_data import NY
    from tests.services.mail.test_next_interview import INVITATION, interviews

    app_id = make_application(db)
    mail_servers.deliver(INVITATION)
    sync_mail(db, account(mail_servers), PASSWORD, NOW)
    view = AgendaView(AppContext(Settings(), db, clock=lambda: NOW))
    qtbot.addWidget(view)
    view.show()
    panel = view.proposals
    assert panel.outcome.currentData() == "interview"  # the suggestion is preselected
    assert panel.interview_at.isVisible() and not panel.decision_date.isVisible()
    # A week later at 10:00, in the application's zone, until the user changes it.
    assert panel.interview_at.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-11-27 10:00"
    panel.outcome.setCurrentIndex(panel.outcome.findData("spoke"))  # the user's other pick
    assert panel.decision_date.isVisible() and not panel.interview_at.isVisible()
    panel.outcome.setCurrentIndex(panel.outcome.findData("interview"))
    panel.interview_at.setDateTime(QDateTime(QDate(2026, 12, 2), QTime(9, 15), QTimeZone.utc()))
    assert panel.accept_selected()
    assert [iv[0] for iv in interviews(db, app_id)][-1] == datetime(2026, 12, 2, 9, 15, tzinfo=NY)
    assert list_proposals(db) == [] and not panel.isVisible()
    view.context.undo_stack.undo()
    assert len(interviews(db, app_id)) == 1
    view.context.undo_stack.redo()
    assert len(interviews(db, app_id)) == 2
    view.close()


def test_idle_makes_a_proposal_within_seconds_and_stops_cleanly(qtbot, db, mail_servers) -> None:
    import time

    make_application(db)
    context = AppContext(Settings(), db, clock=lambda: NOW)
    poller = MailPoller(context, Teller())
    acc = account(mail_servers)
    save_account(context.settings, acc)
    store_password(acc, PASSWORD)
    with qtbot.waitSignal(poller.finished, timeout=20_000):
        assert poller.poll()  # the first pass; the IDLE wait starts beside it
    assert poller.idling.wait(10), "the server has IDLE: the wait is under way"
    watcher = poller.watcher
    assert watcher is not None and watcher.is_alive()
    delivered = time.monotonic()
    with qtbot.waitSignal(poller.arrived, timeout=10_000):
        mail_servers.deliver(mail("dana@acme.example", "Re: Thanks", "Talk soon."))
    qtbot.waitUntil(
        lambda: [p.subject for p in list_proposals(db)] == ["Re: Thanks"], timeout=10_000
    )
    assert time.monotonic() - delivered < 10  # seconds, not the 5-minute poll
    assert not poller.timer.isActive()  # no poll timer ran: start() was never called
    # The wait goes on after the pass it started.
    assert watcher.is_alive() and poller.idling.wait(10)
    # The account changes: the wait on the old one ends on its own.
    other = make_account(
        ("127.0.0.1", mail_servers.imaps_port), ("127.0.0.1", mail_servers.smtp_port),
        "plain", "someone", ADDRESS,
    )  # fmt: skip
    save_account(context.settings, other)
    poller._check_account()
    watcher.join(5)
    assert not watcher.is_alive()
    # Quitting ends the wait too.
    save_account(context.settings, acc)
    poller.poll()  # the account is back: waited on again (a pass may be running)
    qtbot.waitUntil(lambda: poller.watcher is not None and poller.idling.is_set(), timeout=10_000)
    running = poller.watcher
    context.quitting.emit()
    assert running is not None and not running.is_alive() and poller.watcher is None


def test_one_proposals_area_mail_first_then_phone_appearing_when_they_come(
    qtbot, db, mail_servers
) -> None:
    from followup_gui.services import changes as ch
    from followup_gui.services.sync.proposals import ProposalKind, propose
    from tests.services.followups.outcome_data import pending

    app_id = make_application(db)
    view = AgendaView(AppContext(Settings(), db, clock=lambda: NOW))
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    area = view.proposals_area
    assert area.count() == 0 and not area.heading.isVisible()
    assert not area.mail.isVisible() and not area.phone.isVisible()
    assert area.height() < 10  # no room taken while there is nothing to answer
    # A background mail check and a phone sync find something: both appear, mail first.
    mail_servers.deliver(mail("dana@acme.example", "Hello", "A friendly note."))
    sync_mail(db, account(mail_servers), PASSWORD, NOW)
    step = min(pending(db, app_id).values(), key=lambda f: f.due_at)
    with db.write() as s:
        propose(s, ProposalKind.DELETED, "Call Dana", application_id=app_id, step_key=step.key)
    view.context.notify(ch.plans([app_id]))
    assert area.mail.isVisible() and area.phone.isVisible()
    assert area.mail.geometry().top() < area.phone.geometry().top()
    assert area.heading.text() == "<b>Proposals</b> – 2 to accept or dismiss"
    # Answering the phone's leaves the mail's, and the count follows.
    assert area.phone.selected() is not None
    skip = next(b for b in area.phone.findChildren(QPushButton) if b.text() == "Skip the step")
    skip.click()
    assert not area.phone.isVisible() and area.mail.isVisible()
    assert area.heading.text() == "<b>Proposals</b> – 1 to accept or dismiss"
    view.close()
