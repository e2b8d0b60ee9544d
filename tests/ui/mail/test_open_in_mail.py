""" "Open in mail program": the mailto link, the Cc choice, "Did you send it?" on return."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.context import AppContext
from followup_gui.ui.followups.timeline import TimelineWidget
from tests.services.followups.outcome_data import NOW, first_of_kind, make_application, pending


class MailProgram(QObject):
    """Stands in for the desktop's mail program: records the links it is asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))


@pytest.fixture
def mail_program():
    program = MailProgram()
    QDesktopServices.setUrlHandler("mailto", program, "open")
    yield program
    QDesktopServices.unsetUrlHandler("mailto")


@pytest.fixture
def panel(qtbot, db: Database):
    app_id = make_application(db)
    with db.write() as s:
        app = s.get(m.Application, app_id)
        assert app is not None
        app.interviews[0].participants.append(
            m.Contact(full_name="Lee Park", emails=["lee@acme.example"])
        )
    widget = TimelineWidget(AppContext(Settings(), db, clock=lambda: NOW), app_id)
    qtbot.addWidget(widget)
    widget.show()
    step = first_of_kind(db, app_id, "thank_you_email")
    assert widget.panel.show_follow_up(step.id)
    yield widget.panel, step.id, app_id
    widget.close()


def test_email_step_opens_filled_in_with_the_edited_body(panel, mail_program) -> None:
    p, _step, _app = panel
    email = p.email_actions
    assert email.isVisibleTo(p) and email.cc_others.isVisibleTo(p)
    assert "Lee Park" in email.cc_others.text()
    p.script.setPlainText("Subject: Thank you, Dana\n\nLine one\nLine two – danke")
    email.open_button.click()
    (url,) = mail_program.opened
    parts = urlsplit(url)
    assert parts.path == "dana@acme.example"
    fields = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert fields == {"subject": "Thank you, Dana", "body": "Line one\r\nLine two – danke"}
    email.cc_others.setChecked(True)
    email.open_button.click()
    fields = {k: v[0] for k, v in parse_qs(urlsplit(mail_program.opened[1]).query).items()}
    assert fields["cc"] == "lee@acme.example"


def test_back_in_the_app_asks_once_and_logs_sent_on_yes(panel, mail_program, db) -> None:
    p, step, app_id = panel
    email = p.email_actions
    asked: list[int] = []

    def answer() -> bool:
        asked.append(1)
        return True

    email.ask_sent = answer
    email.open_button.click()
    # Still in the app (the mail program did not take focus): nothing asked yet.
    email.application_state_changed(Qt.ApplicationState.ApplicationActive)
    assert asked == [] and step in {f.id for f in pending(db, app_id).values()}
    email.application_state_changed(Qt.ApplicationState.ApplicationInactive)
    email.application_state_changed(Qt.ApplicationState.ApplicationActive)
    assert asked == [1]
    assert step not in {f.id for f in pending(db, app_id).values()}
    with db.read() as s:
        app = s.get(m.Application, app_id)
        assert app is not None
        assert [a.outcome for a in app.attempts] == ["sent"]
    # Once only: a later focus change asks nothing.
    email.application_state_changed(Qt.ApplicationState.ApplicationInactive)
    email.application_state_changed(Qt.ApplicationState.ApplicationActive)
    assert asked == [1]


def test_no_logs_nothing(panel, mail_program, db) -> None:
    p, step, app_id = panel
    p.email_actions.ask_sent = lambda: False
    p.email_actions.open_button.click()
    p.email_actions.application_state_changed(Qt.ApplicationState.ApplicationInactive)
    p.email_actions.application_state_changed(Qt.ApplicationState.ApplicationActive)
    assert step in {f.id for f in pending(db, app_id).values()}


def test_a_call_has_no_email_buttons(panel, db) -> None:
    p, _step, app_id = panel
    assert p.show_follow_up(first_of_kind(db, app_id, "call").id)
    assert not p.email_actions.isVisibleTo(p)


def test_send_from_followup_sends_the_edited_email_and_logs_sent(
    qtbot, panel, mail_servers, db
) -> None:
    from followup_gui.services.mail.account import make_account, save_account
    from followup_gui.services.mail.passwords import store_password
    from tests.mail_servers import ADDRESS, PASSWORD, USER

    p, step, app_id = panel
    acc = make_account(
        ("127.0.0.1", mail_servers.imap_port),
        ("127.0.0.1", mail_servers.smtp_port),
        "plain",
        USER,
        ADDRESS,
    )
    save_account(p.email_actions.outcome_actions.context.settings, acc)
    store_password(acc, PASSWORD)
    assert p.show_follow_up(step)
    email = p.email_actions
    assert email.send_button.isVisibleTo(p)
    p.script.setPlainText("Subject: Thanks!\n\nEdited before sending.")
    with qtbot.waitSignal(email.sent, timeout=20_000):
        email.send_button.click()
    (raw,) = mail_servers.messages()
    assert b"Subject: Thanks!" in raw and b"Edited before sending." in raw
    assert step not in {f.id for f in pending(db, app_id).values()}


def test_send_is_hidden_without_an_account(panel) -> None:
    p, _step, _app = panel
    assert not p.email_actions.send_button.isVisibleTo(p)
