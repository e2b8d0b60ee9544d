"""Sending over SMTP with TLS and with STARTTLS (real aiosmtpd listeners, the test certificates)."""

from __future__ import annotations

import pytest

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.mail.account import MailAccount, make_account
from followup_gui.services.mail.connect import Failure, MailConnectionError, open_smtp
from followup_gui.services.mail.sending import MailSendError, send_step
from followup_gui.storage import Database
from tests.mail_servers import ADDRESS, PASSWORD, USER, MailServers, SecureSmtp
from tests.services.followups.outcome_data import NOW, first_of_kind, make_application, pending
from tests.services.mail.test_sending import DRAFT, parsed


def secure_account(
    servers: MailServers, security: str, smtp_port: int, host: str = "127.0.0.1"
) -> MailAccount:
    imap_port = servers.imaps_port if security == "tls" else servers.imap_port
    return make_account(("127.0.0.1", imap_port), (host, smtp_port), security, USER, ADDRESS)


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_send_over_tls_and_starttls_arrives_and_is_logged(
    mail_servers: MailServers, secure_smtp: SecureSmtp, db: Database, security: str
) -> None:
    port = secure_smtp.tls_port if security == "tls" else secure_smtp.starttls_port
    app_id = make_application(db)
    step = first_of_kind(db, app_id, "thank_you_email")
    acc = secure_account(mail_servers, security, port)
    report = send_step(db, step.id, DRAFT, acc, PASSWORD, NOW, PlannerSettings(), timeout=10)
    (raw,) = mail_servers.messages("INBOX")
    got = parsed(raw)
    assert got["Message-ID"] == report.message_id and got["Subject"] == DRAFT.subject
    assert got.get_content().replace("\r\n", "\n").strip() == DRAFT.body
    assert secure_smtp.logins == [USER]  # logged in, over the encrypted connection
    (copy,) = mail_servers.messages("Sent")  # the copy went over IMAP with the same security
    assert parsed(copy)["Message-ID"] == report.message_id
    assert step.id not in {f.id for f in pending(db, app_id).values()}


def test_starttls_listener_refuses_a_plain_login(
    mail_servers: MailServers, secure_smtp: SecureSmtp
) -> None:
    """The listener really wants STARTTLS: the check above would pass against a plain one."""
    import smtplib

    with smtplib.SMTP("127.0.0.1", secure_smtp.starttls_port, timeout=10) as plain:
        code, _text = plain.mail(ADDRESS)
    assert code == 530  # "Must issue a STARTTLS command first"


def test_smtp_certificate_for_another_host_is_refused(
    mail_servers: MailServers, secure_smtp: SecureSmtp, db: Database
) -> None:
    acc = secure_account(mail_servers, "tls", secure_smtp.other_tls_port)
    with pytest.raises(MailConnectionError) as caught:
        open_smtp(acc, PASSWORD, timeout=10)
    err = caught.value
    assert err.reason == Failure.CERTIFICATE
    assert "SMTP server 127.0.0.1" in str(err) and "not valid for 127.0.0.1" in str(err)
    assert "mismatch" in str(err)  # trusted, but for other.example: the host name is wrong
    app_id = make_application(db)
    step = first_of_kind(db, app_id, "thank_you_email")
    with pytest.raises(MailSendError, match=r"not valid for 127\.0\.0\.1"):
        send_step(db, step.id, DRAFT, acc, PASSWORD, NOW, PlannerSettings(), timeout=10)
    assert mail_servers.messages("INBOX") == [] and secure_smtp.logins == []
    assert step.id in {f.id for f in pending(db, app_id).values()}  # still pending
