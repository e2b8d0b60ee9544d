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
    command("proposals", "list the proposals from mail and from the phone, waiting for you")
    proposal = command("proposal", "accept a proposal (logs its outcome, re-plans) or dismiss it")
    proposal.add_argument("action", choices=["accept", "dismiss"])
    proposal.add_argument(
        "proposal",
        type=proposal_ref,
        metavar="ID",
        help="m12 (from mail; a bare 12 too) or p7 (from the phone), as `proposals` shows",
    )
    proposal.add_argument(
        "--outcome",
        choices=["sent", "spoke", "rejected", "offer", "voicemail", "no_answer"],
        help="accept: log this instead of the suggested outcome (phone: how the call went)",
    )
    proposal.add_argument(
        "--keep", choices=("phone", "here"), help="accept, a phone contact conflict: which version"
    )
    proposal.add_argument("--decision-date", metavar="DATE", help="accept: when they decide")
    proposal.add_argument(
        "--interview",
        metavar="ISO_DATETIME",
        help="accept: the next interview's start, e.g. 2026-12-14T10:30 (in the application's "
        "time zone unless an offset is given); adds the interview and re-plans",
    )
    send = command("send", "send a planned step's email as rendered, and log it Sent")
    send.add_argument("follow_up", type=_positive_id, metavar="FOLLOW_UP_ID")
    send.add_argument(
        "--cc-others", action="store_true", help="copy the others met for the application"
    )
    send.add_argument("--password-stdin", action="store_true", help="read the password from stdin")


def proposal_ref(text: str) -> tuple[str, int]:
    """``m12`` / ``12`` (a proposal from mail) or ``p7`` (from the phone): (source, id)."""
    source, digits = ("phone", text[1:]) if text[:1] in ("p", "P") else ("mail", text)
    if digits[:1] in ("m", "M") and source == "mail":
        digits = digits[1:]
    try:
        return source, _positive_id(digits)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an id (m12 or 12 from mail, p7 from the phone)"
        ) from None


def _positive_id(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not an id (a whole number from 1)")
    return int(text)
