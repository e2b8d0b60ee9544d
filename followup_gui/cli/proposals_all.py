"""``proposals`` and ``proposal accept|dismiss p7``: both kinds of proposals in one list.

Proposals come from two places kept in two tables: replies read from mail
(:mod:`followup_gui.services.mail.proposals`) and what the phone did to the
calendar and the contacts (:mod:`followup_gui.services.sync.proposals`). The
command line lists them together, mail first, each with its ``source`` and a
``ref`` that names it without doubt: ``m12`` (mail) or ``p7`` (phone). A bare
number is a mail proposal, as before both were listed together.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from followup_gui.cli.output import emit, table

if TYPE_CHECKING:
    from datetime import datetime

    from followup_gui.storage import Database


def list_all(db: Database, args: argparse.Namespace, _now: datetime) -> None:
    """Print the waiting proposals of mail, then of the phone."""
    from followup_gui.services.mail.proposals import list_proposals as from_mail
    from followup_gui.services.sync.proposals import list_proposals as from_phone

    items: list[dict[str, object]] = []
    rows: list[tuple[str, ...]] = []
    for p in from_mail(db):
        items.append({**p.as_json(), "ref": f"m{p.id}", "source": "mail"})
        what = f"{p.suggestion.value}: {p.subject}" if p.subject else p.suggestion.value
        rows.append((f"m{p.id}", "mail", f"{p.company} – {p.sender}", what))
    for q in from_phone(db):
        items.append(
            {
                "id": q.id,
                "ref": f"p{q.id}",
                "source": "phone",
                "kind": q.kind.value,
                "title": q.title,
                "about": q.about,
                "created_at": q.created_at.isoformat(),
                "application_id": q.application_id,
                "contact_id": q.contact_id,
                "detail": q.detail,
            }
        )
        rows.append((f"p{q.id}", "phone", q.about, q.title))
    text = table(("Id", "From", "About", "Proposes"), rows) if rows else "No proposals waiting."
    emit(args.json, items, text)


def answer_phone(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``proposal accept|dismiss p7``: answer a proposal from the phone."""
    from followup_gui.domain import Outcome
    from followup_gui.services.sync import proposals
    from followup_gui.settings import Settings

    ref = f"p{args.proposal}"
    if args.action == "dismiss":
        changes = proposals.dismiss(db, args.proposal)
        emit(args.json, {"proposal": ref, "changes": changes}, f"Dismissed proposal {ref}.")
        return
    changes = proposals.accept(
        db,
        args.proposal,
        now,
        Settings().planner_settings(),
        outcome=Outcome(args.outcome) if args.outcome else None,
        keep=args.keep or "",
    )
    emit(args.json, {"proposal": ref, "changes": changes}, f"Accepted proposal {ref}.")
