"""One pass over the mail account: new messages in INBOX and Sent become proposals.

Bounds, for privacy and speed:

- the first pass reads only the last :data:`FIRST_SYNC_DAYS` days; later passes
  only what is new (UIDVALIDITY and the last UID seen are kept per folder; a new
  UIDVALIDITY means the folder was rebuilt: it is read as a first pass again);
- only the headers and the first :data:`TEXT_CAP` bytes of the body are fetched
  (a 50 MB attachment costs nothing), in batches of :data:`BATCH`;
- only what a proposal shows is stored; nothing of a message is logged.

Each batch is one transaction that stores its proposals and the folder's new
last UID, so a connection dropped mid-pass (or a cancel) resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from followup_gui.domain import Outcome
from followup_gui.services.mail.account import MailAccount
from followup_gui.services.mail.connect import (
    TIMEOUT,
    Failure,
    MailConnectionError,
    imap_session,
)
from followup_gui.services.mail.matching import Match, MatchIndex, load_index
from followup_gui.services.mail.parsing import MailFacts, parse_message
from followup_gui.services.mail.proposals import ProposalView, list_proposals
from followup_gui.services.mail.rules import suggest
from followup_gui.services.mail.sending import sent_folder
from followup_gui.storage import Database
from followup_gui.storage import models as m

if TYPE_CHECKING:
    from imapclient import IMAPClient
    from sqlalchemy.orm import Session

FIRST_SYNC_DAYS = 60
BATCH = 200
TEXT_CAP = 4096
_HEADER_FIELDS = b"FROM TO CC DATE SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES CONTENT-TYPE"
_FETCH = [
    b"BODY.PEEK[HEADER.FIELDS (" + _HEADER_FIELDS + b")]",
    b"BODY.PEEK[TEXT]<0.%d>" % TEXT_CAP,
]


@dataclass(frozen=True)
class SyncReport:
    """What one pass did.

    Attributes:
        read: messages fetched (headers and the start of the text).
        skipped: messages that could not be read at all (no sender, broken beyond reading).
        proposals: the new proposals, newest first.
    """

    read: int
    skipped: int
    proposals: tuple[ProposalView, ...]


def _chunks(uids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(uids), size):
        yield uids[start : start + size]


def _part(data: dict[bytes, object], prefix: bytes) -> bytes:
    for key, value in data.items():
        if isinstance(key, bytes) and key.startswith(prefix) and isinstance(value, bytes):
            return value
    return b""


def _folder_uids(
    client: IMAPClient, session_state: m.MailFolder | None, uidvalidity: int, now: datetime
) -> list[int]:
    if session_state is None or session_state.uidvalidity != uidvalidity:
        since = (now - timedelta(days=FIRST_SYNC_DAYS)).date()
        return sorted(int(u) for u in client.search(["SINCE", since]))
    last = session_state.last_uid
    return sorted(int(u) for u in client.search(["UID", f"{last + 1}:*"]) if int(u) > last)


def _already_logged(session: Session, match: Match, facts: MailFacts) -> bool:
    """A Sent-folder message the user already logged (e.g. "Did you send it?" answered yes)."""
    if facts.date is None:
        return False
    return (
        session.scalar(
            select(m.Attempt.id).where(
                m.Attempt.application_id == match.application_id,
                m.Attempt.outcome == Outcome.SENT.value,
                m.Attempt.at >= facts.date - timedelta(days=1),
            )
        )
        is not None
    )


def _store(
    db: Database,
    account: MailAccount,
    folder: str,
    uidvalidity: int,
    batch: list[tuple[int, MailFacts | None]],
    index: MatchIndex,
    is_sent: bool,
    now: datetime,
) -> list[int]:
    """One transaction: the batch's proposals and the folder's new last UID."""
    new: list[int] = []
    with db.write() as session:
        for uid, facts in batch:
            if facts is None:
                continue
            match = index.match(facts, sent_folder=is_sent)
            if match is None:
                continue
            key = facts.message_id or f"<uid.{uidvalidity}.{uid}@{folder}>"
            if session.scalar(select(m.MailProposal.id).where(m.MailProposal.message_id == key)):
                continue
            if is_sent and _already_logged(session, match, facts):
                continue
            row = m.MailProposal(
                message_id=key[:500],
                application_id=match.application_id,
                contact_id=match.contact_id,
                sender=(
                    f"{facts.sender_name} <{facts.sender}>" if facts.sender_name else facts.sender
                )[:500],
                received_at=facts.date or now,
                subject=facts.subject[:500],
                snippet=facts.snippet,
                suggestion=suggest(facts.subject, facts.text, facts.invitation, own=is_sent).value,
                matched_by=match.matched_by.value,
                status="new",
                notified=False,
            )
            session.add(row)
            session.flush()
            new.append(row.id)
        state = session.scalar(
            select(m.MailFolder).where(
                m.MailFolder.account == account.key, m.MailFolder.folder == folder
            )
        )
        if state is None or state.uidvalidity != uidvalidity:
            if state is not None:
                session.delete(state)
                session.flush()
            state = m.MailFolder(account=account.key, folder=folder, uidvalidity=uidvalidity)
            session.add(state)
        state.last_uid = max([state.last_uid or 0, *(uid for uid, _ in batch)])
        state.synced_at = now
    return new


def _read_batch(client: IMAPClient, uids: list[int]) -> list[tuple[int, MailFacts | None]]:
    fetched = client.fetch(uids, _FETCH)
    out: list[tuple[int, MailFacts | None]] = []
    for uid in uids:
        data = fetched.get(uid)
        if not data:
            out.append((uid, None))
            continue
        facts = parse_message(_part(data, b"BODY[HEADER"), _part(data, b"BODY[TEXT]"))
        out.append((uid, facts if facts.sender else None))
    return out


def sync_mail(
    db: Database,
    account: MailAccount,
    password: str,
    now: datetime,
    own: frozenset[str] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
    timeout: float = TIMEOUT,
    batch_size: int = BATCH,
) -> SyncReport:
    """Read what is new in INBOX and Sent; matches become proposals.

    Args:
        db: the database.
        account: the mail account.
        password: its password.
        now: the clock (the first pass reads from 60 days before it).
        own: the user's other addresses (the profile's), besides the account's.
        progress: called with (done, total) after each batch; may raise to cancel.
        timeout: seconds to wait for the server.
        batch_size: messages fetched at once.

    Raises:
        MailConnectionError: the server could not be reached or dropped the
            connection (what was read before is kept; the next pass goes on from there).
    """
    from imapclient.exceptions import IMAPClientError

    index = load_index(db, own | {account.address, account.user})
    new: list[int] = []
    read = skipped = 0
    with imap_session(account, password, timeout) as client:
        folders = [("INBOX", False), (sent_folder(client), True)]
        plans: list[tuple[str, bool, int, list[int]]] = []
        for folder, is_sent in folders:
            info = client.select_folder(folder, readonly=True)
            uidvalidity = int(info.get(b"UIDVALIDITY", 0))
            with db.read() as session:
                state = session.scalar(
                    select(m.MailFolder).where(
                        m.MailFolder.account == account.key, m.MailFolder.folder == folder
                    )
                )
                uids = _folder_uids(client, state, uidvalidity, now)
            plans.append((folder, is_sent, uidvalidity, uids))
        total = sum(len(p[3]) for p in plans)
        done = 0
        if progress is not None:
            progress(0, total)
        for folder, is_sent, uidvalidity, uids in plans:
            client.select_folder(folder, readonly=True)
            for chunk in _chunks(uids, batch_size):
                try:
                    batch = _read_batch(client, chunk)
                except (OSError, EOFError, IMAPClientError) as exc:
                    raise MailConnectionError(
                        Failure.UNREACHABLE,
                        f"The IMAP server {account.imap_host} dropped the connection ({exc}); "
                        f"{done} of {total} messages were read, the next sync goes on from there.",
                    ) from None
                read += len(batch)
                skipped += sum(1 for _uid, facts in batch if facts is None)
                new += _store(db, account, folder, uidvalidity, batch, index, is_sent, now)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
    return SyncReport(read, skipped, tuple(list_proposals(db, new)))
