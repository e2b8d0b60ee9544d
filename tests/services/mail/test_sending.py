"""Sending a step's email: it arrives as written, a copy is in Sent, the step is logged Sent."""

from __future__ import annotations

import asyncio
import email
from email import policy

import pytest
from aiosmtpd.controller import Controller

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.mail.account import make_account
from followup_gui.services.mail.mailto import Draft
from followup_gui.services.mail.sending import MailSendError, send_step, sent_message_ids
from followup_gui.storage import Database
from followup_gui.storage import models as m
from tests.mail_servers import ADDRESS, PASSWORD, USER, MailServers, free_port
from tests.services.followups.outcome_data import NOW, first_of_kind, make_application, pending

DRAFT = Draft(
    to=("dana@acme.example",),
    cc=("lee@acme.example",),
    subject="Thank you, Dana – Grüße",
    body="Dear Dana,\n\nThank you for your time yesterday.\n\nSam",
)


def account(servers: MailServers, smtp_port: int | None = None):
    return make_account(
        ("127.0.0.1", servers.imap_port),
        ("127.0.0.1", smtp_port or servers.smtp_port),
        "plain",
        USER,
        ADDRESS,
    )


def parsed(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


def test_send_arrives_with_the_right_headers_and_body_and_logs_sent(
    mail_servers, db: Database
) -> None:
    app_id = make_application(db)
    step = first_of_kind(db, app_id, "thank_you_email")
    report = send_step(db, step.id, DRAFT, account(mail_servers), PASSWORD, NOW, PlannerSettings())
    (raw,) = mail_servers.messages("INBOX")
    got = parsed(raw)
    assert got["From"] == ADDRESS and got["To"] == "dana@acme.example"
    assert got["Cc"] == "lee@acme.example"
    assert got["Subject"] == DRAFT.subject
    assert got["Message-ID"] == report.message_id
    assert got.get_content().replace("\r\n", "\n").strip() == DRAFT.body
    (copy,) = mail_servers.messages("Sent")  # found by its \Sent flag
    assert parsed(copy)["Message-ID"] == report.message_id
    assert not report.already_sent and report.copy_note == ""
    # Logged Sent at once, re-planned; the Message-ID is kept for threads.
    assert step.id not in {f.id for f in pending(db, app_id).values()}
    with db.read() as s:
        app = s.get(m.Application, app_id)
        assert app is not None and [a.outcome for a in app.attempts] == ["sent"]
    assert sent_message_ids(db) == {report.message_id: app_id}
    assert report.outcome.changes.plans and app_id in report.outcome.changes.application_ids


def test_a_failed_send_leaves_the_step_pending_with_the_reason(mail_servers, db) -> None:
    app_id = make_application(db)
    step = first_of_kind(db, app_id, "thank_you_email")
    dead = account(mail_servers, smtp_port=free_port())
    with pytest.raises(MailSendError, match="Not sent: Cannot reach the SMTP server"):
        send_step(db, step.id, DRAFT, dead, PASSWORD, NOW, PlannerSettings(), timeout=5)
    assert step.id in {f.id for f in pending(db, app_id).values()}
    assert mail_servers.messages("INBOX") == []
    with pytest.raises(MailSendError, match="Nobody to send it to"):
        send_step(db, step.id, Draft((), (), "s", "b"), dead, PASSWORD, NOW, PlannerSettings())


class SlowProvider:
    """Takes the message, files it in Sent itself (as Gmail does), answers too late."""

    def __init__(self, servers: MailServers, delay: float) -> None:
        self.servers, self.delay = servers, delay

    async def handle_DATA(self, _server, _session, envelope) -> str:
        raw = envelope.original_content or envelope.content
        self.servers.deliver(raw)
        self.servers.deliver(raw, "Sent", "\\Seen")
        await asyncio.sleep(self.delay)
        return "250 OK"


def test_a_retry_after_a_timeout_does_not_send_twice(mail_servers, db) -> None:
    app_id = make_application(db)
    step = first_of_kind(db, app_id, "thank_you_email")
    port = free_port()
    slow = Controller(SlowProvider(mail_servers, 3.0), hostname="127.0.0.1", port=port)
    slow.start()
    try:
        acc = account(mail_servers, smtp_port=port)
        with pytest.raises(MailSendError, match="did not answer within 1 seconds"):
            send_step(db, step.id, DRAFT, acc, PASSWORD, NOW, PlannerSettings(), timeout=1)
        assert step.id in {f.id for f in pending(db, app_id).values()}
        report = send_step(db, step.id, DRAFT, acc, PASSWORD, NOW, PlannerSettings(), timeout=5)
    finally:
        slow.stop()
    assert report.already_sent
    assert len(mail_servers.messages("INBOX")) == 1  # the server got it once
    assert len(mail_servers.messages("Sent")) == 1  # and no second copy was filed
    assert step.id not in {f.id for f in pending(db, app_id).values()}
