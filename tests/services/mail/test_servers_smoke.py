"""The test servers themselves: a message delivered over SMTP is read back over IMAP."""

from __future__ import annotations

import smtplib


def test_smtp_delivers_into_the_imap_inbox(mail_servers) -> None:
    with smtplib.SMTP("127.0.0.1", mail_servers.smtp_port) as smtp:
        smtp.sendmail("a@x.example", ["sam@followup.example"], b"Subject: hi\r\n\r\nbody\r\n")
    (raw,) = mail_servers.messages()
    assert b"Subject: hi" in raw
