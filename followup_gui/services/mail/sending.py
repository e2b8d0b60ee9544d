"""Send a step's email over SMTP, keep a copy in Sent, log the step Sent: never twice.

The order makes a retry safe:

1. one transaction records the Message-ID as ``sending`` (a retry of the step
   reuses the same Message-ID);
2. a retry first looks for that Message-ID in the Sent folder (found by its
   special-use flag, RFC 6154): a server that took the message but whose answer
   timed out has it there (or the provider filed it itself), and it is not sent again;
3. the SMTP conversation; a failure leaves the step pending and says why;
4. a copy is appended to Sent unless it is already there;
5. one transaction marks it ``sent`` and logs Sent through the outcome service
   (which re-plans): what it returns is what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import TYPE_CHECKING

from sqlalchemy import select

from followup_gui.domain import FollowUpStatus, Outcome
from followup_gui.domain.errors import FollowUpError
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.followups import outcomes
from followup_gui.services.followups.outcomes import OutcomeError, OutcomeResult
from followup_gui.services.mail.account import MailAccount
from followup_gui.services.mail.connect import (
    TIMEOUT,
    MailConnectionError,
    imap_session,
    open_smtp,
)
from followup_gui.services.mail.mailto import Draft
from followup_gui.storage import Database
from followup_gui.storage import models as m

if TYPE_CHECKING:
    from imapclient import IMAPClient


class MailSendError(FollowUpError):
    """The email was not sent; the step stays pending (the message says why)."""


@dataclass(frozen=True)
class SendReport:
    """What a send did.

    Attributes:
        message_id: the Message-ID FollowUp recorded (threads match replies to it).
        outcome: the logged Sent (the undo snapshot and what changed).
        already_sent: a retry found it in Sent: it was not sent again.
        copy_note: why no copy was put in Sent (empty when it was, or already there).
    """

    message_id: str
    outcome: OutcomeResult
    already_sent: bool
    copy_note: str = ""


def compose(account: MailAccount, draft: Draft, message_id: str, now: datetime) -> EmailMessage:
    """The email as it goes out: From the account's address, a recorded Message-ID."""
    message = EmailMessage()
    message["From"] = account.address
    message["To"] = ", ".join(draft.to)
    if draft.cc:
        message["Cc"] = ", ".join(draft.cc)
    message["Subject"] = draft.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id
    message.set_content(draft.body)
    return message


def _start(db: Database, follow_up_id: int, account: MailAccount) -> tuple[str, bool]:
    """Record the Message-ID as ``sending`` (or reuse the one of an earlier try)."""
    with db.write() as session:
        row = session.get(m.FollowUp, follow_up_id)
        if row is None or row.status != FollowUpStatus.PENDING:
            raise OutcomeError("This follow-up was already dealt with; the plan has moved on.")
        earlier = session.scalar(
            select(m.MailSent).where(
                m.MailSent.follow_up_id == follow_up_id, m.MailSent.status == "sending"
            )
        )
        if earlier is not None:
            return earlier.message_id, True
        domain = account.address.rpartition("@")[2] or "followup.invalid"
        message_id = make_msgid(domain=domain)
        session.add(
            m.MailSent(
                message_id=message_id,
                application_id=row.application_id,
                follow_up_id=follow_up_id,
                status="sending",
            )
        )
        return message_id, False


def sent_folder(client: IMAPClient) -> str:
    """The Sent folder: the one with the special-use flag, else a usual name, else a new one."""
    from imapclient.imapclient import SENT

    found = client.find_special_folder(SENT)
    if found:
        return str(found)
    client.create_folder("Sent")
    return "Sent"


def in_folder(client: IMAPClient, folder: str, message_id: str) -> bool:
    """Whether a message with this Message-ID is in ``folder``."""
    client.select_folder(folder, readonly=True)
    return bool(client.search(["HEADER", "Message-ID", message_id]))


def send_step(
    db: Database,
    follow_up_id: int,
    draft: Draft,
    account: MailAccount,
    password: str,
    now: datetime,
    settings: PlannerSettings,
    timeout: float = TIMEOUT,
) -> SendReport:
    """Send a step's email, keep a copy in Sent, log the step Sent and re-plan.

    Raises:
        MailSendError: it was not sent (no address, a server failed); the step stays pending.
        OutcomeError: the step is no longer pending.
    """
    if not draft.to:
        raise MailSendError("Nobody to send it to: add an email address to the contact first.")
    message_id, retry = _start(db, follow_up_id, account)
    message = compose(account, draft, message_id, now)
    already = False
    try:
        if retry:
            with imap_session(account, password, timeout) as client:
                already = in_folder(client, sent_folder(client), message_id)
        if not already:
            smtp = open_smtp(account, password, timeout)
            try:
                smtp.send_message(message)
            except OSError as exc:  # smtplib's errors are OSErrors too
                raise MailConnectionError.from_send(account, timeout, exc) from None
            finally:
                smtp.close()
    except MailConnectionError as exc:
        raise MailSendError(f"Not sent: {exc} The step is still pending.") from None
    copy_note = _keep_copy(account, password, timeout, message)
    with db.write() as session:
        row = session.scalar(select(m.MailSent).where(m.MailSent.message_id == message_id))
        if row is not None:
            row.status, row.sent_at = "sent", now
    result = outcomes.log_outcome(
        db, follow_up_id, Outcome.SENT, now, settings, notes="Sent from FollowUp by email."
    )
    return SendReport(message_id, result, already, copy_note)


def _keep_copy(account: MailAccount, password: str, timeout: float, message: EmailMessage) -> str:
    """Append the sent email to Sent unless it is there; a reason when it could not be."""
    message_id = str(message["Message-ID"])
    try:
        with imap_session(account, password, timeout) as client:
            folder = sent_folder(client)
            if not in_folder(client, folder, message_id):
                client.append(folder, message.as_bytes(), flags=[b"\\Seen"])
    except MailConnectionError as exc:
        return f"It was sent, but no copy could be put in your Sent folder: {exc}"
    return ""


def sent_message_ids(db: Database) -> dict[str, int]:
    """Every Message-ID FollowUp sent, with its application (to match replies in a thread)."""
    with db.read() as session:
        rows = session.execute(select(m.MailSent.message_id, m.MailSent.application_id))
        return {mid: app for mid, app in rows}
