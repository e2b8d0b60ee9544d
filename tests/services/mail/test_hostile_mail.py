"""Hostile mail against a real Dovecot: the stored proposal is clean, the sync goes on.

Mail cannot be refused like a file, so its text passes the checks of every way in
(``domain/checks.py``) by being cleaned: control characters removed, one-line
fields kept on one line, lengths cut to the column's.
"""

from __future__ import annotations

import base64

from sqlalchemy import select

from followup_gui.domain.checks import STORED_YEARS
from followup_gui.storage import models as m
from followup_gui.storage.limits import value_problems
from tests.services.followups.outcome_data import make_application
from tests.services.mail.test_sync import sync


def encoded(text: str, charset: str = "utf-8") -> str:
    """``text`` as one RFC 2047 encoded word (how a header smuggles control characters)."""
    return f"=?{charset}?b?{base64.b64encode(text.encode(charset)).decode()}?="


def message(n: int, subject: str, *, sender: str = "dana@acme.example", extra: str = "") -> bytes:
    head = (
        f"From: {sender}\r\nTo: sam@example.org\r\nSubject: {subject}\r\n"
        f"Date: Fri, 20 Nov 2026 10:00:00 +0000\r\nMessage-ID: <hostile{n}@acme.example>\r\n"
        f"{extra}MIME-Version: 1.0\r\n"
    )
    return head.encode() + (
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Hello there\x1b[31m, a bell\x07 and\x0ba vertical tab\x85.\r\n"
    )


def test_hostile_mail_is_stored_clean_and_the_sync_does_not_crash(mail_servers, db) -> None:
    make_application(db)  # Acme, whose Dana (dana@acme.example) writes all of these
    folded_100_kb = "\r\n ".join(["word"] * 20_000)  # 100 KB of subject, folded
    injected = encoded("Dana\x1b]0;title\x07 Lee\x85")  # a terminal escape, a C1 control
    hostile = [
        message(1, encoded("Offer\x00 for\x1b you\x7f")),  # NUL, escape, DEL
        message(2, folded_100_kb),
        message(3, "=?x-no-such-charset?q?Unknown=20charset?= =?utf-8?b?!!not base64!!?="),
        message(4, "Lone " + encoded("+2DQ-", "ascii").replace("ascii", "utf-7")),  # U+D834
        message(5, "Injected", sender=f'"{injected}" <dana@acme.example>'),
        message(6, "Far future", extra="X-Note: the date below is replaced\r\n").replace(
            b"Fri, 20 Nov 2026", b"Fri, 20 Nov 9999"
        ),
        b"From: dana@acme.example\r\nSubject: Raw \xff\xfe bytes \xc3\r\n"
        b"Date: Fri, 20 Nov 2026 10:00:00 +0000\r\nMessage-ID: <hostile7@acme.example>\r\n"
        b"\r\nbody\r\n",
    ]
    for raw in hostile:
        mail_servers.deliver(raw)

    report = sync(db, mail_servers)

    assert report.read == len(hostile) and len(report.proposals) == len(hostile)
    with db.read() as session:
        rows = list(session.scalars(select(m.MailProposal).order_by(m.MailProposal.id)))
        values = [
            {k: getattr(r, k) for k in ("message_id", "sender", "subject", "snippet")} for r in rows
        ]
        years = [r.received_at.year for r in rows]
    for stored in values:  # every stored text passes the checks of every way in
        assert value_problems(m.MailProposal, stored) == [], stored
    by_id = {v["message_id"]: v for v in values}
    assert by_id["<hostile1@acme.example>"]["subject"] == "Offer for you"
    long_subject = by_id["<hostile2@acme.example>"]["subject"]
    assert len(long_subject) == 500 and long_subject.startswith("word word")
    assert by_id["<hostile4@acme.example>"]["subject"].startswith("Lone")
    assert by_id["<hostile5@acme.example>"]["sender"] == "Dana]0;title Lee <dana@acme.example>"
    assert by_id["<hostile7@acme.example>"]["subject"] == "Raw ÿþ bytes Ã"  # read as cp1252
    snippet = by_id["<hostile1@acme.example>"]["snippet"]
    assert snippet.startswith("Hello there[31m, a bell and a vertical tab")
    assert all(STORED_YEARS[0] <= y <= STORED_YEARS[1] for y in years)
    # A second sync reads nothing new and proposes nothing twice.
    again = sync(db, mail_servers)
    assert not again.proposals
