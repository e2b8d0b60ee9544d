"""``python -m bench.mail_sync``: a first sync of 5,000 messages, then one incremental sync.

Against a real Dovecot on 127.0.0.1 (the test servers, ``tests/mail_servers.py``;
needs ``dovecot-imapd`` and root). 5,000 messages arrive in INBOX, 2% from the
contacts of 50 applications (about 3 KB of text each, half of them rejections);
the rest is newsletters. The first pass reads all of them (headers + 4 KB, in
batches of 200); the incremental pass runs after 10 more messages arrive.
Options: ``--n`` (messages, default 5000).
"""

from __future__ import annotations

import argparse
import imaplib
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from followup_gui.services.mail.account import make_account
from followup_gui.services.mail.sync import sync_mail
from followup_gui.storage import Database
from followup_gui.storage import models as m

NOW = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)


def _message(n: int, contact: int | None) -> bytes:
    sender = (
        f"person{contact}@employer{contact}.example"
        if contact is not None
        else (f"news{n % 37}@shop{n % 11}.example")
    )
    body = ("Unfortunately we chose other candidates. " if n % 2 else "Thanks, talk soon. ") * 70
    date = (NOW - timedelta(minutes=5 * n)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    return (
        f"From: {sender}\r\nTo: sam@followup.example\r\nSubject: Message {n}\r\n"
        f"Date: {date}\r\nMessage-ID: <m{n}@bench.example>\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


def _fill(db: Database, applications: int) -> None:
    with db.write() as s:
        for i in range(applications):
            person = m.Contact(full_name=f"Person {i}", emails=[f"person{i}@employer{i}.example"])
            app = m.Application(company=f"Employer {i}", stage_key="interviewed", timezone="UTC")
            app.primary_contact = person
            s.add(app)


def _deliver(client: imaplib.IMAP4, messages: list[bytes]) -> None:
    for raw in messages:
        client.append("INBOX", "", None, raw)


def main() -> None:
    from tests.mail_servers import ADDRESS, PASSWORD, USER, running_servers

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    n = parser.parse_args().n
    with running_servers() as servers, tempfile.TemporaryDirectory() as folder:
        db = Database.open(Path(folder) / "bench.sqlite3")
        _fill(db, 50)
        account = make_account(
            ("127.0.0.1", servers.imap_port), ("127.0.0.1", servers.smtp_port), "plain",
            USER, ADDRESS,
        )  # fmt: skip
        client = servers.imap()
        _deliver(client, [_message(i, (i // 50) % 50 if i % 50 == 0 else None) for i in range(n)])
        start = time.perf_counter()
        first = sync_mail(db, account, PASSWORD, NOW)
        first_s = time.perf_counter() - start
        _deliver(client, [_message(n + i, i) for i in range(10)])
        client.logout()
        start = time.perf_counter()
        again = sync_mail(db, account, PASSWORD, NOW)
        again_s = time.perf_counter() - start
        db.close()
    print(f"first sync: {first.read} messages, {len(first.proposals)} proposals, {first_s:.2f} s")
    print(f"incremental: {again.read} messages, {len(again.proposals)} proposals, {again_s:.3f} s")


if __name__ == "__main__":
    main()
