"""The mail commands' arguments (argparse only: the window starts through the parser).

``cli/parser.py`` registers them with one line; :mod:`followup_gui.cli.mail` runs them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

#: The commands :func:`followup_gui.cli.mail.run` takes.
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
    command("proposals", "list the proposals read from mail, waiting for accept or dismiss")
    proposal = command("proposal", "accept a proposal (logs its outcome, re-plans) or dismiss it")
    proposal.add_argument("action", choices=["accept", "dismiss"])
    proposal.add_argument("proposal", type=_positive_id, metavar="ID")
    proposal.add_argument(
        "--outcome",
        choices=["sent", "spoke", "rejected", "offer"],
        help="accept: log this instead of the suggested outcome",
    )
    proposal.add_argument("--decision-date", metavar="DATE", help="accept: when they decide")
    send = command("send", "send a planned step's email as rendered, and log it Sent")
    send.add_argument("follow_up", type=_positive_id, metavar="FOLLOW_UP_ID")
    send.add_argument(
        "--cc-others", action="store_true", help="copy the others met for the application"
    )
    send.add_argument("--password-stdin", action="store_true", help="read the password from stdin")


def _positive_id(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not an id (a whole number from 1)")
    return int(text)
