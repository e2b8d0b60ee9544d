"""Writing a re-plan: the planner's steps against the stored follow-up rows.

Only rows whose planned values changed are written, with one ``executemany`` per
kind of write: done and skipped steps are never touched, pending steps the planner
no longer wants are cancelled, cancelled steps it wants again are revived, and a
new due time clears ``notified_at``. A ``floating`` step (its due time counted
from the clock, see :class:`~followup_gui.domain.PlannedFollowUp`) keeps the due
time of its pending row. The writes bypass the ORM session: the caller
(:func:`followup_gui.services.plans.planning.replan_all`) expires it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session

from followup_gui.domain import FollowUpStatus, PlannedFollowUp
from followup_gui.services.plans.store import PlanInput
from followup_gui.storage import models as m

_PENDING = FollowUpStatus.PENDING.value
_CANCELLED = FollowUpStatus.CANCELLED.value


@dataclass(slots=True)
class PlanWrites:
    """Counts of what a reconcile wrote."""

    added: int = 0
    updated: int = 0
    cancelled: int = 0


def reconcile(
    session: Session, planned: Iterable[tuple[PlanInput, list[PlannedFollowUp]]]
) -> PlanWrites:
    """Write the difference between each wanted plan and its stored rows.

    Args:
        session: the caller's session; its transaction holds the writes.
        planned: each application's input with the planner's steps for it.

    Returns:
        How many rows were added, updated (including revived) and cancelled.
    """
    writes = PlanWrites()
    inserts: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    redue: list[dict[str, Any]] = []
    cancel: list[dict[str, Any]] = []
    for source, steps in planned:
        wanted_keys = set()
        resolved = source.facts.resolved
        stored = source.stored
        for step in steps:
            key = step.key
            wanted_keys.add(key)
            if key in resolved:
                continue  # done and skipped steps are never touched
            contact_id = None if step.contact_id is None else int(step.contact_id)
            rules = ",".join(step.rules)
            row = stored.get(key)
            if step.floating and row is not None and row.status == _PENDING:
                # Counted from "now": the time it was first planned at stays.
                step = replace(step, due=row.due_at, window_end=row.window_end)
            # ``step.kind`` is a StrEnum: it equals its stored text, no ``.value`` needed.
            if row is not None and (
                row.status == _PENDING
                and row.due_at == step.due
                and row.window_end == step.window_end
                and row.kind == step.kind
                and row.contact_id == contact_id
                and row.rules == rules
                and row.reason == step.reason
            ):
                continue  # stored exactly as planned
            values = {
                "kind": step.kind.value,
                "contact_id": contact_id,
                "due_at": step.due,
                "window_end": step.window_end,
                "status": _PENDING,
                "rules": rules,
                "reason": step.reason,
            }
            if row is None:
                inserts.append({"application_id": source.app_id, "key": key, **values})
                continue
            values["b_id"] = row.id
            if row.due_at != step.due:
                values["notified_at"] = None  # a new due time deserves a new reminder
                redue.append(values)
            else:
                changed.append(values)
        for key, row in stored.items():
            if key not in wanted_keys and row.status == _PENDING:
                cancel.append({"b_id": row.id, "status": _CANCELLED})
    table = m.Base.metadata.tables["follow_up"]
    # The SET columns of each executemany are the parameter keys besides ``b_id``.
    by_id = update(table).where(table.c.id == bindparam("b_id"))
    if inserts:
        session.execute(insert(table), inserts)
    for batch in (changed, redue, cancel):
        if batch:
            session.execute(by_id, batch)
    writes.added = len(inserts)
    writes.updated = len(changed) + len(redue)
    writes.cancelled = len(cancel)
    return writes
