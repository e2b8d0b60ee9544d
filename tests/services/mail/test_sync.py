"""Reading mail into proposals against a real Dovecot: matching, rules, bounds, resuming."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.mail.account import make_account
from followup_gui.services.mail.connect import MailConnectionError
from followup_gui.services.mail.proposals import (
    ProposalError,
    accept,
    dismiss,
    list_proposals,
    unannounced,
)
from followup_gui.services.mail.sync import sync_mail
from followup_gui.storage import Database
from followup_gui.storage import models as m
from tests.mail_servers import ADDRESS, PASSWORD, USER, MailServers, free_port
from tests.services.followups.outcome_data import NOW, make_application, pending


def account(servers: MailServers, port: int | None = None):
    return make_account(
        ("127.0.0.1", port or servers.imap_port),
        ("127.0.0.1", servers.smtp_port),
        "plain",
        USER,
        ADDRESS,
    )


def mail(
    sender: str,
    subject: str,
    body: str,
    *,
    to: str = ADDRESS,
    message_id: str = "",
    reply_to: str = "",
    date: datetime = NOW,
    extra: str = "",
    charset: str = "utf-8",
) -> bytes:
    head = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: {date.strftime('%a, %d %b %Y %H:%M:%S %z')}",
        f"Message-ID: {message_id or f'<{abs(hash((sender, subject, body)))}@mail.example>'}",
        "MIME-Version: 1.0",
        f"Content-Type: text/plain; charset={charset}",
    ]
    if reply_to:
        head += [f"In-Reply-To: {reply_to}", f"References: {reply_to}"]
    if extra:
        head.append(extra)
    return ("\r\n".join(head) + "\r\n\r\n" + body.replace("\n", "\r\n")).encode(
        charset if charset in ("utf-8", "latin-1") else "utf-8"
    )


def sync(db, servers, **kw):
    return sync_mail(db, account(servers, kw.pop("port", None)), PASSWORD, NOW, **kw)


@pytest.fixture
def acme(db: Database) -> int:
    """Acme (Dana Whitfield, dana@acme.example), planned the day after the interview."""
    return make_application(db)


def test_a_reply_from_a_contact_becomes_a_proposal_nothing_changes_before_accept(
    mail_servers, db, acme
) -> None:
    before = set(pending(db, acme))
    mail_servers.deliver(
        mail(
            "Dana Whitfield <Dana@Acme.example>",
            "Re: Thank you",
            "Hi Sam,\nThanks for the note! We will be in touch next week.\n\n"
            "On Thu, Sam wrote:\n> Thank you for your time",
        )
    )
    mail_servers.deliver(mail("news@shop.example", "Sale!", "Nothing to do with jobs"))
    report = sync(db, mail_servers)
    (p,) = report.proposals
    assert (p.application_id, p.matched_by, p.suggestion.value) == (acme, "contact", "spoke")
    assert p.sender == "Dana Whitfield <dana@acme.example>" and p.subject == "Re: Thank you"
    assert p.snippet == "Hi Sam, Thanks for the note! We will be in touch next week."
    assert set(pending(db, acme)) == before  # the plan is untouched
    # A second pass adds nothing.
    assert sync(db, mail_servers).proposals == ()
    assert len(list_proposals(db)) == 1


def test_thread_reply_from_an_unknown_colleague_and_the_employers_domain(
    mail_servers, db, acme
) -> None:
    with db.write() as s:
        s.add(m.MailSent(message_id="<thanks-1@followup.example>", application_id=acme,
                         status="sent"))  # fmt: skip
    mail_servers.deliver(
        mail(
            "Recruiting <jobs@talent-partner.example>",
            "Re: Thank you",
            "Dana forwarded your note.",
            reply_to="<thanks-1@followup.example>",
        )
    )
    mail_servers.deliver(mail("Lee Park <lee@acme.example>", "Hello", "Following up."))
    by = {p.matched_by: p for p in sync(db, mail_servers).proposals}
    assert set(by) == {"thread", "domain"}
    assert by["thread"].application_id == by["domain"].application_id == acme


@pytest.mark.parametrize(
    ("subject", "body", "suggested"),
    [
        (
            "Ihre Bewerbung",
            "Sehr geehrter Sam, leider haben wir uns für andere Kandidaten entschieden.",
            "rejected",
        ),
        ("Tu candidatura", "Lamentablemente hemos decidido no continuar.", "rejected"),
        ("Update", "Unfortunately we will not be moving forward.", "rejected"),
        ("Ihr Angebot", "Wir freuen uns, Ihnen ein Angebot zu machen.", "offer"),
        ("Offer letter", "We are pleased to offer you the role.", "offer"),
        ("Next round", "We would like to schedule another interview.", "interview"),
    ],
)
def test_suggested_outcome_in_three_languages(
    mail_servers, db, acme, subject, body, suggested
) -> None:
    mail_servers.deliver(mail("dana@acme.example", subject, body, charset="utf-8"))
    (p,) = sync(db, mail_servers).proposals
    assert p.suggestion.value == suggested


def test_accept_a_german_rejection_logs_it_and_replans(mail_servers, db, acme) -> None:
    mail_servers.deliver(
        mail("dana@acme.example", "Absage", "Leider haben wir uns anders entschieden.")
    )
    (p,) = sync(db, mail_servers).proposals
    result = accept(db, p.id, NOW, PlannerSettings())
    assert result.changes.plans and result.changes.stage_moves
    with db.read() as s:
        app = s.get(m.Application, acme)
        assert app is not None and app.stage_key == "rejected"
        assert [a.outcome for a in app.attempts] == ["rejected"]
    # The calls are gone; what is left is asking for feedback.
    assert [f.kind for f in pending(db, acme).values()] == ["feedback_request"]
    assert list_proposals(db) == []
    with pytest.raises(ProposalError, match="not waiting"):
        accept(db, p.id, NOW, PlannerSettings())
    with db.read() as s:  # the text is forgotten, the Message-ID kept
        row = s.get(m.MailProposal, p.id)
        assert row is not None and (row.subject, row.snippet, row.status) == ("", "", "accepted")


def test_dismiss_forgets_and_is_not_proposed_again(mail_servers, db, acme) -> None:
    mail_servers.deliver(mail("dana@acme.example", "Hi", "A quick note."))
    (p,) = sync(db, mail_servers).proposals
    before = set(pending(db, acme))
    assert dismiss(db, p.id).plans
    assert list_proposals(db) == [] and set(pending(db, acme)) == before
    with db.write() as s:  # even a rebuilt folder (a new UIDVALIDITY) brings nothing back
        for row in s.scalars(select(m.MailFolder)):
            row.uidvalidity += 1
    assert sync(db, mail_servers).proposals == ()


def test_sent_folder_a_thank_you_sent_from_another_program(mail_servers, db, acme) -> None:
    mail_servers.deliver(
        mail(ADDRESS, "Thank you", "Dear Dana, thank you.", to="dana@acme.example"), "Sent"
    )
    (p,) = sync(db, mail_servers).proposals
    assert p.suggestion.value == "sent"
    accept(db, p.id, NOW, PlannerSettings())
    assert not any(f.kind == "thank_you_email" for f in pending(db, acme).values())


def test_first_sync_reads_only_the_last_60_days_then_only_what_is_new(
    mail_servers, db, acme
) -> None:
    old = NOW - timedelta(days=90)
    mail_servers.deliver(mail("dana@acme.example", "Old", "An old note.", date=old), when=old)
    assert sync(db, mail_servers).read == 0
    mail_servers.deliver(mail("dana@acme.example", "New", "A new note."))
    report = sync(db, mail_servers)
    assert report.read == 1 and [p.subject for p in report.proposals] == ["New"]


def test_malformed_messages_are_read_as_far_as_possible(mail_servers, db, acme) -> None:
    broken_mime = (
        b"From: dana@acme.example\r\nSubject: Broken\r\nMessage-ID: <b1@x>\r\n"
        b'Content-Type: multipart/mixed; boundary="nope"\r\n\r\nno boundary ever\r\n'
    )
    unknown_charset = mail("dana@acme.example", "Charset", "Leider nein.", charset="x-unknown")
    eight_bit = (
        "From: Dänä <dana@acme.example>\r\nSubject: Grüße – ¡hola!\r\nMessage-ID: <b3@x>\r\n"
        "\r\nText\r\n"
    ).encode()
    latin = (
        "From: dana@acme.example\r\nSubject: Grüße aus Köln\r\nMessage-ID: <b5@x>\r\n\r\nHallo\r\n"
    )
    big = (
        b"From: dana@acme.example\r\nSubject: Attachment\r\nMessage-ID: <b4@x>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
        b"Content-Type: text/plain\r\n\r\nSee attached.\r\n--B\r\n"
        b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + b"QUFB" * (12 * 1024 * 1024)
        + b"\r\n--B--\r\n"
    )
    no_sender = b"Subject: nobody\r\n\r\nhi\r\n"
    for raw in (broken_mime, unknown_charset, eight_bit, latin.encode("latin-1"), big, no_sender):
        mail_servers.deliver(raw)
    report = sync(db, mail_servers)
    assert report.read == 6 and report.skipped == 1
    subjects = {p.subject: p for p in report.proposals}
    assert set(subjects) == {"Broken", "Charset", "Grüße – ¡hola!", "Grüße aus Köln", "Attachment"}
    assert subjects["Attachment"].snippet == "See attached."
    assert subjects["Charset"].suggestion.value == "rejected"


class DroppingProxy:
    """Forwards to Dovecot and cuts the connection after ``limit`` bytes from the server."""

    def __init__(self, target: int, limit: int) -> None:
        self.target, self.limit = target, limit
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(1)
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        client, _ = self.server.accept()
        upstream = socket.create_connection(("127.0.0.1", self.target))
        sent = 0

        def up() -> None:
            try:
                while data := client.recv(65536):
                    upstream.sendall(data)
            except OSError:
                pass

        threading.Thread(target=up, daemon=True).start()
        try:
            while sent < self.limit and (data := upstream.recv(4096)):
                client.sendall(data)
                sent += len(data)
        except OSError:
            pass
        client.shutdown(socket.SHUT_RDWR)
        client.close()
        upstream.close()

    def close(self) -> None:
        self.server.close()
        self.thread.join(5)


@pytest.fixture
def dropping_proxy(mail_servers) -> Iterator[DroppingProxy]:
    proxy = DroppingProxy(mail_servers.imap_port, limit=6000)
    yield proxy
    proxy.close()


def test_a_connection_dropped_mid_sync_resumes_where_it_stopped(
    mail_servers, db, acme, dropping_proxy
) -> None:
    for n in range(12):
        mail_servers.deliver(mail("dana@acme.example", f"Note {n}", "x" * 1500))
    with pytest.raises(MailConnectionError, match="dropped the connection"):
        sync(db, mail_servers, port=dropping_proxy.port, batch_size=2)
    first = {p.subject for p in list_proposals(db)}
    assert 0 < len(first) < 12  # some batches were kept
    report = sync(db, mail_servers, batch_size=2)
    assert {p.subject for p in report.proposals} == {f"Note {n}" for n in range(12)} - first
    assert len(list_proposals(db)) == 12  # each exactly once


def test_tray_is_told_of_new_proposals_once(mail_servers, db, acme) -> None:
    mail_servers.deliver(mail("dana@acme.example", "Hi", "Note."))
    sync(db, mail_servers)
    assert [p.subject for p in unannounced(db)] == ["Hi"]
    assert unannounced(db) == []


def test_wrong_password_and_no_server(mail_servers, db) -> None:
    with pytest.raises(MailConnectionError, match="refused the login"):
        sync_mail(db, account(mail_servers), "wrong", NOW)
    with pytest.raises(MailConnectionError, match="Cannot reach"):
        sync(db, mail_servers, port=free_port())


def test_mail_text_is_never_logged(mail_servers, db, acme, caplog) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    mail_servers.deliver(mail("dana@acme.example", "Private", "my-secret-salary-number 123456"))
    sync(db, mail_servers)
    assert "my-secret-salary-number" not in caplog.text
    assert "Private" not in caplog.text
