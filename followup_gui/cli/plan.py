"""Commands on the plan: what is due, the applications, their scripts, and acting on steps.

Each is the window's action through the same service (one transaction), so a
step logged here re-plans exactly as a click on the window's outcome button.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import date, datetime

from followup_gui.cli.output import emit, table
from followup_gui.cli.parser import parse_instant
from followup_gui.domain import Outcome
from followup_gui.domain.errors import ImportFileError
from followup_gui.paths import default_data_dir
from followup_gui.settings import Settings
from followup_gui.storage import Database


def agenda(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``agenda [--days N]``: overdue and due soon, soonest first."""
    from followup_gui.services.followups.agenda import read_agenda

    entries = read_agenda(db, now, args.days)
    if args.json:
        emit(True, [e.as_json() for e in entries], "")
        return
    if not entries:
        print(f"Nothing due in the next {args.days} days.")
        return
    rows = [
        (
            str(e.follow_up_id),
            ("OVERDUE " if e.overdue else "") + e.due.strftime("%a %Y-%m-%d %H:%M %Z"),
            e.kind.replace("_", " "),
            (e.contact or "-")
            + (" (no phone)" if e.missing_phone else "")
            + (" (no email)" if e.missing_email else "")
            + (" (no postal address)" if e.missing_address else ""),
            f"{e.application} ({e.role})" if e.role else e.application,
            ", ".join(e.rules),
        )
        for e in entries
    ]
    print(table(("Id", "Due", "What", "Who", "Application", "Rules"), rows))


def applications(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``applications``: every application with its stage and next step."""
    from followup_gui.services.board.columns import load_board

    board = load_board(db, now)
    titles = {s.key: s.title for s in board.stages}
    cards = sorted(board.cards, key=lambda c: c.id)
    items = [
        {
            "id": c.id,
            "company": c.company,
            "role": c.role,
            "stage": c.stage_key,
            "stage_title": titles.get(c.stage_key, c.stage_key),
            "next_step": None
            if c.next_step is None
            else {
                "kind": c.next_step.kind,
                "contact": c.next_step.contact_name,
                "due": c.next_step.due,
                "overdue": c.next_step.overdue,
            },
            "people": list(c.people),
        }
        for c in cards
    ]
    rows = [
        (
            str(i["id"]),
            str(i["company"]),
            str(i["role"]),
            str(i["stage_title"]),
            "-"
            if c.next_step is None
            else f"{c.next_step.kind.replace('_', ' ')} "
            f"{c.next_step.due.strftime('%Y-%m-%d %H:%M %Z')}"
            + (" OVERDUE" if c.next_step.overdue else ""),
        )
        for i, c in zip(items, cards, strict=True)
    ]
    text = (
        table(("Id", "Company", "Role", "Stage", "Next step"), rows)
        if rows
        else "No applications yet."
    )
    emit(args.json, items, text)


def show(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``show APPLICATION_ID``: the application, its interviews, plan and history."""
    from followup_gui.services.applications.editing import load_details
    from followup_gui.services.followups.timeline import load_timeline

    details = load_details(db, args.application)
    timeline = load_timeline(db, args.application, now)
    draft = details.draft
    data = {
        "id": details.id,
        "company": draft.company,
        "role": draft.role,
        "stage": draft.stage_key,
        "timezone": draft.timezone,
        "playbook": draft.playbook,
        "decision_expected": draft.decision_expected,
        "notes": draft.notes,
        "interviews": draft.interviews,
        "people": {str(k): v for k, v in details.participants.items()},
        "plan": timeline.planned,
        "history": timeline.attempts,
    }
    lines = [
        f"{draft.company} - {draft.role} [{timeline.stage}] ({draft.timezone})",
        *(
            f"  interview {iv.starts_at:%Y-%m-%d %H:%M} {iv.format}"
            for iv in sorted(draft.interviews, key=lambda iv: iv.starts_at)
        ),
        "Plan:" if timeline.planned else "Plan: nothing pending",
        *(f"  {p}" for p in _lines(timeline.planned)),
        "History:" if timeline.attempts else "History: nothing logged",
        *(f"  {a}" for a in _lines(timeline.attempts)),
    ]
    emit(args.json, data, "\n".join(lines))


def _lines(marks: Iterable[object]) -> list[str]:
    from followup_gui.cli.output import plain

    out = []
    for mark in marks:
        fields = plain(mark)
        out.append(", ".join(f"{k}={v}" for k, v in fields.items() if v not in (None, "", [])))
    return out


def script(db: Database, args: argparse.Namespace, _now: datetime) -> None:
    """``script FOLLOW_UP_ID``: the step's scripts, rendered for its person."""
    from followup_gui.services.followups.timeline import load_follow_up

    detail = load_follow_up(
        db, args.follow_up, default_data_dir() / "scripts", Settings().planner_settings()
    )
    items = [
        {
            "kind": s.kind,
            "subject": s.subject,
            "body": s.body,
            "missing": list(s.missing),
            "warnings": list(s.warnings),
        }
        for s in detail.scripts
    ]
    parts = []
    for s in detail.scripts:
        head = f"== {s.kind} =="
        subject = f"Subject: {s.subject}\n\n" if s.subject else ""
        warn = "".join(f"\n! {w}" for w in s.warnings)
        parts.append(f"{head}\n{subject}{s.body}{warn}")
    text = "\n\n".join(parts) or "This step needs no script (it is the time to move on)."
    emit(args.json, {"follow_up_id": detail.id, "kind": detail.kind, "scripts": items}, text)


def decision_date(text: str | None) -> date | None:
    """``--decision-date``: a date, or ``None`` when not given.

    Raises:
        ImportFileError: it is not a date.
    """
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ImportFileError(
            "--decision-date", f"'{text}' is not a date like 2026-12-14"
        ) from None


def act(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """``log``, ``snooze``, ``skip``, ``move``: the window's outcome buttons and board moves."""
    from followup_gui.services.followups import outcomes

    planner = Settings().planner_settings()
    if args.command == "log":
        at = parse_instant(args.at, "--at") if args.at else now
        result = outcomes.log_outcome(
            db,
            args.follow_up,
            None if args.outcome == "move_on" else Outcome(args.outcome),
            at,
            planner,
            notes=args.note,
            decision_date=decision_date(args.decision_date),
        )
        text = f"Logged {args.outcome} for step {args.follow_up}; the plan was updated."
    elif args.command == "snooze":
        until = parse_instant(args.until, "UNTIL")
        result = outcomes.snooze(db, args.follow_up, until, now, planner)
        text = f"Snoozed step {args.follow_up} until {until.isoformat()}."
    elif args.command == "skip":
        result = outcomes.skip(db, args.follow_up, now, planner)
        text = f"Skipped step {args.follow_up}."
    else:
        from followup_gui.services.board.moves import move_cards

        moved = move_cards(db, [args.application], args.stage, None, now, planner)
        emit(
            args.json,
            {"application_id": args.application, "stage": args.stage, "changes": moved.changes},
            f"Moved application {args.application} to {args.stage}; it was re-planned.",
        )
        return
    emit(
        args.json,
        {
            "follow_up_id": args.follow_up,
            "application_id": result.application_id,
            "changes": result.changes,
        },
        text,
    )
