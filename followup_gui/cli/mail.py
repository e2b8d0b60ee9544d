"""The mail commands: ``mail setup|test|sync``, ``proposals``, ``proposal``, ``send``.

Their arguments are in :mod:`.mail_args` (the parser's one line); the commands load
the mail services when run. The password comes from ``FOLLOWUP_MAIL_PASSWORD``,
``--password-stdin`` or the system keyring, in that order; ``mail setup
--password-stdin`` keeps it in the keyring.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from followup_gui.cli.mail_args import COMMANDS

if TYPE_CHECKING:
    from datetime import datetime

    from followup_gui.services.mail.account import MailAccount
    from followup_gui.services.mail.proposals import ProposalView
    from followup_gui.storage import Database

__all__ = ["COMMANDS", "run"]
PASSWORD_ENV = "FOLLOWUP_MAIL_PASSWORD"


def run(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """Run one mail command (the dispatcher's entry)."""
    actions = {"setup": setup, "test": test, "sync": sync}
    if args.command == "mail":
        actions[args.action](db, args, now)
    else:
        {"send": send, "proposals": proposals, "proposal": proposal}[args.command](db, args, now)


def _read_stdin_password() -> str:
    from followup_gui.services.mail.account import MailSetupError

    text = sys.stdin.readline().rstrip("\r\n")
    if not text:
        raise MailSetupError("--password-stdin", "standard input gave no password")
    return text


def password_for(account: MailAccount, args: argparse.Namespace) -> str:
    """The password: ``FOLLOWUP_MAIL_PASSWORD``, ``--password-stdin``, then the keyring.

    Raises:
        MailSetupError: none of them has one.
    """
    from followup_gui.services.mail.account import MailSetupError
    from followup_gui.services.mail.passwords import saved_password

    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if getattr(args, "password_stdin", False):
        return _read_stdin_password()
    found = saved_password(account)
    if found is None:
        raise MailSetupError(
            "password",
            f"none in the system keyring; set {PASSWORD_ENV} or pass --password-stdin",
        )
    return found


def configured_account() -> MailAccount:
    """The account ``mail setup`` stored.

    Raises:
        MailSetupError: there is none.
    """
    from followup_gui.services.mail.account import MailSetupError, load_account
    from followup_gui.settings import Settings

    account = load_account(Settings())
    if account is None:
        raise MailSetupError("mail", "no mail account yet; run `followup-gui mail setup` first")
    return account


def setup(_db: Database, args: argparse.Namespace, _now: datetime) -> None:
    """``mail setup``: check and store the account; the password goes to the keyring."""
    from followup_gui.cli.output import emit
    from followup_gui.services.mail.account import (
        MailSetupError,
        make_account,
        parse_server,
        save_account,
    )
    from followup_gui.services.mail.passwords import store_password
    from followup_gui.settings import Settings

    for name in ("imap", "smtp", "user", "address"):
        if not getattr(args, name):
            raise MailSetupError(f"--{name}", "is needed for mail setup")
    account = make_account(
        parse_server(args.imap, "--imap"),
        parse_server(args.smtp, "--smtp"),
        args.security,
        args.user,
        args.address,
    )
    password = _read_stdin_password() if args.password_stdin else None
    save_account(Settings(), account)
    where = "not changed"
    if password is not None:
        stored = store_password(account, password)
        where = (
            "kept in the system keyring"
            if stored.in_keyring
            else f"not kept: {stored.why_not}; set {PASSWORD_ENV} for each command"
        )
    emit(
        args.json,
        {"account": account, "password": where},
        f"Mail account {account.user} at {account.imap_host} saved; password {where}.",
    )


def test(_db: Database, args: argparse.Namespace, _now: datetime) -> None:
    """``mail test``: log in to both servers and out again."""
    from followup_gui.cli.output import emit
    from followup_gui.services.mail.connect import check_connection

    account = configured_account()
    text = check_connection(account, password_for(account, args))
    emit(args.json, {"ok": True, "message": text}, text)


def send(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``send FOLLOW_UP_ID``: the step's email as rendered, from the account; logs Sent."""
    from followup_gui.cli.output import emit
    from followup_gui.paths import default_data_dir
    from followup_gui.services.followups.timeline import load_follow_up
    from followup_gui.services.mail.mailto import Draft, addresses
    from followup_gui.services.mail.recipients import step_recipients
    from followup_gui.services.mail.sending import MailSendError, send_step
    from followup_gui.settings import Settings

    account = configured_account()
    detail = load_follow_up(db, args.follow_up, default_data_dir() / "scripts")
    script = next((s for s in detail.scripts if s.subject is not None), None)
    if script is None:
        raise MailSendError(
            f"Step {args.follow_up} is a {detail.kind.replace('_', ' ')}, not an email."
        )
    people = step_recipients(db, args.follow_up)
    draft = Draft(
        to=addresses([p.email for p in people.to]),
        cc=addresses([p.email for p in people.others]) if args.cc_others else (),
        subject=script.subject or "",
        body=script.body,
    )
    report = send_step(
        db, args.follow_up, draft, account, password_for(account, args), now,
        Settings().planner_settings(),
    )  # fmt: skip
    text = (
        f"Sent step {args.follow_up} to {', '.join(draft.to)} and logged it Sent"
        + (" (it was already in your Sent folder: not sent again)" if report.already_sent else "")
        + "."
        + (f" {report.copy_note}" if report.copy_note else "")
    )
    emit(
        args.json,
        {
            "follow_up_id": args.follow_up,
            "message_id": report.message_id,
            "to": draft.to,
            "cc": draft.cc,
            "already_sent": report.already_sent,
            "changes": report.outcome.changes,
        },
        text,
    )


def _proposal_lines(items: list[ProposalView]) -> str:
    from followup_gui.cli.output import table

    rows = [
        (
            str(p.id),
            p.received_at.strftime("%Y-%m-%d %H:%M"),
            p.suggestion.value,
            f"{p.company} ({p.role})" if p.role else p.company,
            p.sender,
            p.subject,
        )
        for p in items
    ]
    return table(("Id", "Received", "Suggests", "Application", "From", "Subject"), rows)


def sync(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``mail sync``: one pass over INBOX and Sent; prints the new proposals."""
    from followup_gui.cli.output import emit
    from followup_gui.services.mail.sync import sync_mail
    from followup_gui.services.settings.profile import load_profile

    account = configured_account()
    own = frozenset({load_profile(db).email} - {""})
    report = sync_mail(db, account, password_for(account, args), now, own)
    found = list(report.proposals)
    text = (
        f"Read {report.read} messages; {len(found)} new proposals"
        + (f" ({report.skipped} unreadable skipped)" if report.skipped else "")
        + ("." if not found else ":\n" + _proposal_lines(found))
    )
    emit(
        args.json,
        {"read": report.read, "skipped": report.skipped, "proposals": [p.as_json() for p in found]},
        text,
    )


def proposals(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``proposals``: what mail and the phone propose, waiting for the user (mail first)."""
    from followup_gui.cli.proposals_all import list_all

    list_all(db, args, now)


def proposal(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``proposal accept|dismiss ID``: log its outcome and re-plan, or forget it."""
    from followup_gui.cli.output import emit
    from followup_gui.cli.plan import decision_date
    from followup_gui.domain import Outcome
    from followup_gui.services.mail import proposals as service
    from followup_gui.settings import Settings

    source, args.proposal = args.proposal
    if source == "phone":
        from followup_gui.cli.proposals_all import answer_phone

        answer_phone(db, args, now)
        return
    if args.action == "dismiss":
        changes = service.dismiss(db, args.proposal)
        emit(args.json, {"proposal": args.proposal, "changes": changes},
             f"Dismissed proposal {args.proposal}.")  # fmt: skip
        return
    if args.interview is not None:
        _accept_interview(db, args, now)
        return
    result = service.accept(
        db,
        args.proposal,
        now,
        Settings().planner_settings(),
        outcome=Outcome(args.outcome) if args.outcome else None,
        decision_date=decision_date(args.decision_date),
    )
    emit(
        args.json,
        {
            "proposal": args.proposal,
            "application_id": result.application_id,
            "follow_up_id": result.before.follow_up_id,
            "changes": result.changes,
        },
        f"Accepted proposal {args.proposal}: logged on step {result.before.follow_up_id}; "
        "the plan was updated.",
    )


def _accept_interview(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``proposal accept ID --interview ISO_DATETIME``: log Spoke, add the interview."""
    from datetime import datetime as moment

    from followup_gui.cli.output import emit
    from followup_gui.domain.errors import ImportFileError
    from followup_gui.services.mail.next_interview import accept_interview
    from followup_gui.settings import Settings

    try:
        starts = moment.fromisoformat(args.interview)
    except ValueError:
        raise ImportFileError(
            "--interview", f"'{args.interview}' is not a date and time like 2026-12-14T10:30"
        ) from None
    saved = accept_interview(db, args.proposal, starts, now, Settings().planner_settings())
    before, after = saved.value
    known = {iv["id"] for iv, _people in before.interviews}
    when = next(iv["starts_at"] for iv, _people in after.interviews if iv["id"] not in known)
    emit(
        args.json,
        {
            "proposal": args.proposal,
            "application_id": after.id,
            "interview_starts_at": when.isoformat(),
            "changes": saved.changes,
        },
        f"Accepted proposal {args.proposal}: interview added on "
        f"{when.astimezone():%Y-%m-%d %H:%M} (your time); the plan was updated.",
    )
