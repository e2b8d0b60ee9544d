"""``sync setup|now|status|disconnect|proposals|accept|dismiss``: the phone's calendar, contacts.

Only argparse is imported at start-up (the window starts through the parser);
each action loads the sync services when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_gui.storage import Database

OUTCOMES = ("spoke", "voicemail", "no_answer", "rejected", "offer", "sent")


def add_sync_command(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add ``sync`` and its actions to the parser (``command`` makes a subcommand)."""
    sync = command("sync", "put the plan and the people to call on your phone (CalDAV/CardDAV)")
    actions = sync.add_subparsers(dest="sync_action", metavar="ACTION", required=True)
    setup = actions.add_parser("setup", help="connect to a CalDAV/CardDAV server")
    setup.add_argument("url", metavar="URL", help="the server, e.g. https://dav.example.com")
    setup.add_argument("--user", required=True, help="the login name")
    setup.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    setup.add_argument("--calendar", metavar="NAME_OR_URL", help="default: FollowUp (created)")
    setup.add_argument(
        "--address-book", metavar="NAME_OR_URL", help="default: the first one; 'none': no contacts"
    )
    actions.add_parser("now", help="sync once: what went up, what came back")
    actions.add_parser("status", help="the account and the last sync")
    disconnect = actions.add_parser(
        "disconnect", help="forget the account and its password (the server keeps its items)"
    )
    disconnect.add_argument(
        "--remove-items",
        action="store_true",
        help="first delete FollowUp's items from the server (its follow-ups and own cards)",
    )
    actions.add_parser("proposals", help="what came back from the phone and waits for you")
    accept = actions.add_parser("accept", help="do what a proposal proposes")
    accept.add_argument("proposal", type=int, metavar="ID")
    accept.add_argument("--outcome", choices=OUTCOMES, help="a completed call: how it went")
    accept.add_argument("--keep", choices=("phone", "here"), help="a conflict: which version")
    dismiss = actions.add_parser("dismiss", help="forget a proposal (FollowUp's version stays)")
    dismiss.add_argument("proposal", type=int, metavar="ID")
    for parser in actions.choices.values():
        parser.add_argument("--json", action="store_true", help="print JSON")


def sync_command(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """Run ``sync ACTION``."""
    from followup_gui.cli import sync_actions

    sync_actions.ACTIONS[args.sync_action](db, args, now)


def read_password(args: argparse.Namespace) -> str:
    """The password: standard input, ``FOLLOWUP_SYNC_PASSWORD``, or asked on the terminal."""
    from followup_gui.domain.errors import ImportFileError
    from followup_gui.services.sync.account import PASSWORD_ENV

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif os.environ.get(PASSWORD_ENV):
        password = os.environ[PASSWORD_ENV]
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Password: ")
    else:
        raise ImportFileError("--password-stdin", f"give the password (or set {PASSWORD_ENV})")
    if not password:
        raise ImportFileError("password", "is empty")
    return password
