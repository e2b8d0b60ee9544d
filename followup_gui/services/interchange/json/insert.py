"""Writing a validated JSON document with bulk inserts (one statement per table).

Creating tens of thousands of ORM objects for an import of years of searching
takes seconds in the unit of work; the same rows written with Core ``insert``
statements (``executemany``, ids returned in parameter order) take a fraction of
that. Every document is written this way: a user's file and the demo alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from followup_gui.services.interchange.json.format import (
    ApplicationRecord,
    ContactRecord,
    Document,
)
from followup_gui.storage import models as m


def placed_fields(
    session: Session, app: ApplicationRecord, next_pos: dict[str, int]
) -> dict[str, Any]:
    """The application's fields, with its position at the end of its column when unset.

    Args:
        session: the import's transaction.
        app: the validated application record.
        next_pos: the last position used per stage in this import (updated in place).
    """
    if app.stage not in next_pos:
        last = session.scalar(
            select(func.max(m.Application.position)).where(m.Application.stage_key == app.stage)
        )
        next_pos[app.stage] = -1 if last is None else last
    fields = dict(app.fields)
    if fields["position"] < 0:
        next_pos[app.stage] += 1
        fields["position"] = next_pos[app.stage]
    else:
        next_pos[app.stage] = max(next_pos[app.stage], fields["position"])
    return fields


def _insert_ids(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` and return their new ids, in the order of ``rows``."""
    if not rows:
        return []
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(stmt, list(rows)).scalars())


def _insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table), list(rows))


def insert_document(session: Session, doc: Document) -> tuple[int, int, list[int]]:
    """Add the contacts and applications of a validated document (the caller owns the transaction).

    Profile and stages are written by the caller first (they are few).

    Returns:
        The interviews and attempts added, and the new applications' ids.
    """
    ref = insert_contacts(session, doc.contacts)
    return insert_applications(session, doc.applications, ref, {})


def insert_contacts(session: Session, contacts: Sequence[ContactRecord]) -> dict[str, int]:
    """Add validated contacts; returns their file-local refs -> new ids."""
    contact_ids = _insert_ids(
        session,
        m.Base.metadata.tables["contact"],
        [{"full_name": c.full_name, **c.fields} for c in contacts],
    )
    return {c.ref: cid for c, cid in zip(contacts, contact_ids, strict=True)}


def insert_applications(
    session: Session,
    applications: Sequence[ApplicationRecord],
    ref: dict[str, int],
    next_pos: dict[str, int],
) -> tuple[int, int, list[int]]:
    """Add validated applications (with their interviews, attempts and steps).

    Args:
        session: the import's transaction.
        applications: the records (a whole file's, or one batch of a stream).
        ref: contact refs of the file -> ids.
        next_pos: the last position used per stage in this import (updated in place).

    Returns:
        The interviews and attempts added, and the new applications' ids.
    """
    app_rows = []
    for a in applications:
        fields = placed_fields(session, a, next_pos)
        primary = ref[a.primary_contact_ref] if a.primary_contact_ref else None
        app_rows.append(
            {
                "company": a.company,
                "stage_key": a.stage,
                "timezone": a.timezone,
                "primary_contact_id": primary,
                **fields,
            }
        )
    app_ids = _insert_ids(session, m.Base.metadata.tables["application"], app_rows)
    interview_rows: list[dict[str, Any]] = []
    interview_people: list[list[str]] = []
    attempts: list[dict[str, Any]] = []
    follow_ups: list[dict[str, Any]] = []
    for a, app_id in zip(applications, app_ids, strict=True):
        for iv in a.interviews:
            interview_rows.append(
                {"application_id": app_id, "starts_at": iv.starts_at, "ends_at": iv.ends_at}
                | iv.fields
            )
            interview_people.append(iv.contact_refs)
        for at in a.attempts:
            attempts.append(
                {
                    "application_id": app_id,
                    "contact_id": ref[at.contact_ref] if at.contact_ref else None,
                    "kind": at.kind,
                    "at": at.at,
                    "outcome": at.outcome,
                    "notes": at.notes,
                    "decision_date": at.decision_date,
                }
            )
        for f in a.follow_ups:
            follow_ups.append(
                {
                    "application_id": app_id,
                    "key": f.key,
                    "kind": f.kind,
                    "contact_id": ref[f.contact_ref] if f.contact_ref else None,
                    "due_at": f.due,
                    "window_end": f.window_end,
                    "status": f.status,
                    "snoozed_until": f.snoozed_until,
                    "notified_at": f.notified_at,
                    "rules": f.rules,
                    "reason": f.reason,
                }
            )
    interview_ids = _insert_ids(session, m.Base.metadata.tables["interview"], interview_rows)
    participants = [
        {"interview_id": iv_id, "contact_id": cid}
        for iv_id, refs in zip(interview_ids, interview_people, strict=True)
        for cid in (ref[r] for r in refs)
    ]
    _insert(session, m.interview_participants, participants)
    _insert(session, m.Base.metadata.tables["attempt"], attempts)
    _insert(session, m.Base.metadata.tables["follow_up"], follow_ups)
    return len(interview_rows), len(attempts), app_ids
