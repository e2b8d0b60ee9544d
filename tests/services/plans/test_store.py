"""The column-based re-plan (``replan_all``) stores exactly what the ORM ``replan`` stores."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from followup_gui.demo.example import fill_demo
from followup_gui.demo.scale import fill_scaled
from followup_gui.domain import ApplicationFacts, FollowUpStatus
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.plans.planning import (
    PlanChanges,
    application_facts,
    load_for_planning,
    replan,
    replan_all,
)
from followup_gui.services.plans.store import load_plan_inputs
from followup_gui.storage import Database
from followup_gui.storage import models as m

# Storage-backed: these run on SQLite and PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.backends

NOW = datetime(2026, 11, 20, 20, tzinfo=UTC)
SETTINGS = PlannerSettings(holidays_country="auto")


class _Rollback(Exception):
    """Raised to undo a write after its rows were captured."""


def _rows(session: Any) -> list[tuple[Any, ...]]:
    """Every stored follow-up, without its creation time, in a stable order."""
    t = m.FollowUp.__table__
    columns = [c for c in t.c if c.name not in ("id", "created_at")]
    return [
        tuple(r) for r in session.execute(select(*columns).order_by(t.c.application_id, t.c.key))
    ]


def _orm_replan_all(session: Any, now: datetime) -> PlanChanges:
    """The reference: one ORM ``replan`` per application."""
    total = PlanChanges()
    for app in load_for_planning(session):
        c = replan(session, app, now, SETTINGS)
        total.application_ids |= c.application_ids
        total.added += c.added
        total.updated += c.updated
        total.cancelled += c.cancelled
    return total


def _tied(facts: ApplicationFacts) -> ApplicationFacts:
    """``facts`` with attempts and interviews in a fixed order among equal instants."""
    return dataclasses.replace(
        facts,
        attempts=tuple(sorted(facts.attempts, key=lambda a: (a.at, repr(a)))),
        interviews=tuple(sorted(facts.interviews, key=lambda i: (i.starts_at, repr(i)))),
    )


def _both(db: Database, now: datetime) -> tuple[Any, Any]:
    """(rows, changes) of the ORM path (rolled back), then of the column path (committed)."""
    captured: dict[str, Any] = {}
    with pytest.raises(_Rollback), db.write() as s:
        captured["changes"] = _orm_replan_all(s, now)
        s.flush()
        captured["rows"] = _rows(s)
        raise _Rollback
    with db.write() as s:
        changes = replan_all(s, now, SETTINGS)
        rows = _rows(s)
    return (captured["rows"], captured["changes"]), (rows, changes)


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
def test_column_replan_stores_the_orm_plan(db: Database, days_later: int) -> None:
    fill_demo(db, NOW - timedelta(days=30), SETTINGS)
    fill_scaled(db, 120, seed=7, now=NOW - timedelta(days=2), settings=SETTINGS)
    _user_state(db)
    (orm_rows, orm_changes), (rows, changes) = _both(db, NOW + timedelta(days=days_later))
    assert rows == orm_rows
    assert (changes.added, changes.updated, changes.cancelled) == (
        orm_changes.added,
        orm_changes.updated,
        orm_changes.cancelled,
    )
    assert changes.application_ids == orm_changes.application_ids
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
