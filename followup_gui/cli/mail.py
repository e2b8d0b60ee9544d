"""The mail commands: ``mail setup|test|sync``, ``proposals``, ``proposal``, ``send``.

:func:`add_mail_commands` is the parser's one line for them (argparse only at import:
the window starts through the parser); the commands load the mail services when run.
The password comes from ``FOLLOWUP_MAIL_PASSWORD``, ``--password-stdin`` or the
system keyring, in that order; ``mail setup --password-stdin`` keeps it in the keyring.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from followup_gui.services.mail.account import MailAccount
    from followup_gui.storage import Database

PASSWORD_ENV = "FOLLOWUP_MAIL_PASSWORD"
#: The commands :func:`run` takes.
COMMANDS = ("mail", "proposals", "proposal", "send")


def add_mail_commands(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add the mail commands through the parser's ``command(name, help)`` factory."""
    mail = command("mail", "set up, test and read the optional mail account")
    mail.add_argument("action", choices=["setup", "test", "sync"])
    mail.add_argument("--imap", metavar="HOST:PORT", help="setup: the IMAP server")
    mail.add_argument("--smtp", metavar="HOST:PORT", help="setup: the SMTP (submission) server")
    mail.add_argument("--user", metavar="USER", help="setup: the login name")
    mail.add_argument("--address", metavar="ADDRESS", help="setup: the address to send from")
    mail.add_argument(
        "--security",
        choices=["tls", "starttls", "plain"],
        default="tls",
        help="setup: tls (default), starttls, or plain (only to 127.0.0.1/localhost)",
    )
    mail.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (setup keeps it in the system keyring)",
    )


def run(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """Run one mail command (the dispatcher's entry)."""
    if args.command == "mail":
        {"setup": setup, "test": test}[args.action](db, args, now)


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
