"""The re-plan (``replan_all``) stores exactly what its plain definition says.

The definition: the planner called directly on each application's facts (built
from ORM objects by ``application_facts``), merged into the stored rows by the
rules of a re-plan, written out here in plain Python. The column loader's facts
are held equal to ``application_facts`` too.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from followup_gui.demo.example import fill_demo
from followup_gui.demo.scale import fill_scaled
from followup_gui.domain import ApplicationFacts, FollowUpStatus
from followup_gui.scheduling import PlannerSettings, plan
from followup_gui.services.plans.planning import (
    PlanChanges,
    application_facts,
    load_for_planning,
    replan_all,
    settings_for,
)
from followup_gui.services.plans.store import load_plan_inputs
from followup_gui.storage import Database
from followup_gui.storage import models as m

# Storage-backed: these run on SQLite and PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.backends

NOW = datetime(2026, 11, 20, 20, tzinfo=UTC)
SETTINGS = PlannerSettings(holidays_country="auto")


#: The follow-up columns compared (all but the id and the creation time), in order.
_COLUMNS = [c.name for c in m.FollowUp.__table__.c if c.name not in ("id", "created_at")]
_RESOLVED = (FollowUpStatus.DONE.value, FollowUpStatus.SKIPPED.value)
_PENDING = FollowUpStatus.PENDING.value
_AT = (_COLUMNS.index("application_id"), _COLUMNS.index("key"))


def _order(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """By application, then key (in Python: database collations differ)."""
    return (row[_AT[0]], row[_AT[1]])


def _rows(session: Any) -> list[tuple[Any, ...]]:
    """Every stored follow-up, without its id and creation time, in a stable order."""
    t = m.FollowUp.__table__
    rows = session.execute(select(*[t.c[name] for name in _COLUMNS]))
    return sorted((tuple(r) for r in rows), key=_order)


def _by_definition(session: Any, now: datetime) -> tuple[list[tuple[Any, ...]], PlanChanges]:
    """The rows and changes a re-plan of every application must give, by definition.

    The planner is called on each application's facts; each planned step then
    overwrites its stored row (a new row when there is none) unless that row is
    done or skipped, a new due time clears ``notified_at``, and pending rows the
    planner no longer wants are cancelled. A row counts as updated when any
    planned value changed.
    """
    t = m.FollowUp.__table__
    stored: defaultdict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in session.execute(select(*[t.c[name] for name in _COLUMNS])).mappings():
        stored[row["application_id"]][row["key"]] = dict(row)
    changes = PlanChanges()
    for app in load_for_planning(session):
        changes.application_ids.add(app.id)
        rows = stored[app.id]
        steps = plan(application_facts(app), now, settings_for(app.timezone, SETTINGS))
        for step in steps:
            values = {
                "kind": step.kind.value,
                "contact_id": None if step.contact_id is None else int(step.contact_id),
                "due_at": step.due,
                "window_end": step.window_end,
                "status": _PENDING,
                "rules": ",".join(step.rules),
                "reason": step.reason,
            }
            row = rows.get(step.key)
            if row is None:
                rows[step.key] = {
                    "application_id": app.id,
                    "key": step.key,
                    "snoozed_until": None,
                    "notified_at": None,
                    **values,
                }
                changes.added += 1
            elif row["status"] not in _RESOLVED and any(row[k] != v for k, v in values.items()):
                if row["due_at"] != step.due:
                    row["notified_at"] = None
                row.update(values)
                changes.updated += 1
        wanted = {step.key for step in steps}
        for key, row in rows.items():
            if key not in wanted and row["status"] == _PENDING:
                row["status"] = FollowUpStatus.CANCELLED.value
                changes.cancelled += 1
    expected = [
        tuple(row[name] for name in _COLUMNS) for rows in stored.values() for row in rows.values()
    ]
    return sorted(expected, key=_order), changes


def _tied(facts: ApplicationFacts) -> ApplicationFacts:
    """``facts`` with attempts and interviews in a fixed order among equal instants."""
    return dataclasses.replace(
        facts,
        attempts=tuple(sorted(facts.attempts, key=lambda a: (a.at, repr(a)))),
        interviews=tuple(sorted(facts.interviews, key=lambda i: (i.starts_at, repr(i)))),
    )


def _both(db: Database, now: datetime) -> tuple[Any, Any]:
    """(rows, changes) by definition, then (rows, changes) of ``replan_all`` (committed)."""
    with db.read() as s:
        expected = _by_definition(s, now)
    with db.write() as s:
        changes = replan_all(s, now, SETTINGS)
        rows = _rows(s)
    return expected, (rows, changes)


def _user_state(db: Database) -> None:
    """What a user does to a plan: done, skipped, snoozed, reminded, and a cancelled step."""
    t = m.FollowUp.__table__
    with db.write() as s:
        pending = s.execute(
            select(t.c.id).where(t.c.status == FollowUpStatus.PENDING.value).order_by(t.c.id)
        ).scalars()
        for i, fid in enumerate(pending):
            values: dict[str, Any] = {"notified_at": NOW - timedelta(hours=1)}
            if i % 5 == 0:
                values["status"] = FollowUpStatus.DONE.value
            elif i % 5 == 1:
                values["status"] = FollowUpStatus.SKIPPED.value
            elif i % 5 == 2:
                values["snoozed_until"] = NOW + timedelta(days=3)
            elif i % 5 == 3:
                values["status"] = FollowUpStatus.CANCELLED.value  # wanted again: revived
            s.execute(update(t).where(t.c.id == fid).values(**values))


@pytest.mark.parametrize("days_later", [0, 4, 19])
def test_replan_stores_the_planners_steps_by_definition(db: Database, days_later: int) -> None:
    fill_demo(db, NOW - timedelta(days=30), SETTINGS)
    fill_scaled(db, 120, seed=7, now=NOW - timedelta(days=2), settings=SETTINGS)
    _user_state(db)
    (ref_rows, ref_changes), (rows, changes) = _both(db, NOW + timedelta(days=days_later))
    assert rows == ref_rows
    assert (changes.added, changes.updated, changes.cancelled) == (
        ref_changes.added,
        ref_changes.updated,
        ref_changes.cancelled,
    )
    assert changes.application_ids == ref_changes.application_ids
    assert changes.added + changes.updated + changes.cancelled > 0  # the case is not empty


def test_column_facts_equal_orm_facts(db: Database) -> None:
    fill_demo(db, NOW, SETTINGS)
    fill_scaled(db, 60, seed=3, now=NOW, settings=SETTINGS)
    _user_state(db)
    with db.read() as s:
        orm = {a.id: application_facts(a) for a in load_for_planning(s)}
        wanted = sorted(orm)[::3]
        fast_all = {i.app_id: i.facts for i in load_plan_inputs(s)}
        fast_some = {i.app_id: i.facts for i in load_plan_inputs(s, wanted)}
    # Same facts; attempts and interviews at the same instant may come in any order
    # from the ORM (its ORDER BY has no tie-break; the column loader breaks ties by id).
    assert {k: _tied(f) for k, f in fast_all.items()} == {k: _tied(f) for k, f in orm.items()}
    assert {k: _tied(f) for k, f in fast_some.items()} == {k: _tied(orm[k]) for k in wanted}
    for facts in fast_all.values():
        assert [a.at for a in facts.attempts] == sorted(a.at for a in facts.attempts)
        assert [i.starts_at for i in facts.interviews] == sorted(
            i.starts_at for i in facts.interviews
        )


def test_replan_all_of_some_ids_leaves_the_others(db: Database) -> None:
    fill_scaled(db, 30, seed=5, now=NOW, settings=SETTINGS)
    with db.read() as s:
        before = _rows(s)
        ids = sorted({r[0] for r in before})
    with db.write() as s:
        changes = replan_all(s, NOW + timedelta(days=9), SETTINGS, ids[:5])
        after = _rows(s)
    assert changes.application_ids == set(ids[:5])
    untouched = [r for r in before if r[0] not in ids[:5]]
    assert [r for r in after if r[0] not in ids[:5]] == untouched
