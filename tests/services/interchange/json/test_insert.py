"""A JSON import with bulk inserts stores exactly what the ORM import stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from followup_gui.demo.example import fill_demo
from followup_gui.demo.scale import fill_scaled
from followup_gui.domain.timezones import local_timezone_name
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.json.backup import export_json, import_json, write_document
from followup_gui.services.interchange.json.format import load_document
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m

NOW = datetime(2026, 11, 20, 20, tzinfo=UTC)
LATER = NOW + timedelta(days=5)
SETTINGS = PlannerSettings()
SKIP = {"created_at", "updated_at"}


def _dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the clock columns, in id order."""
    out = {}
    with db.read() as s:
        for table in m.Base.metadata.sorted_tables:
            columns = [c for c in table.c if c.name not in SKIP]
            rows = s.execute(select(*columns).order_by(*table.primary_key.columns))
            out[table.name] = [tuple(r) for r in rows]
    return out


def test_bulk_import_stores_what_the_orm_import_stored(tmp_path: Path) -> None:
    source = Database.open(tmp_path / "source.sqlite3")
    fill_demo(source, NOW, SETTINGS)
    fill_scaled(source, 80, seed=11, now=NOW, settings=SETTINGS)
    export_json(source, tmp_path / "export.json")
    source.close()

    fast = Database.open(tmp_path / "fast.sqlite3")
    calls: list[tuple[int, int]] = []
    report = import_json(
        fast, tmp_path / "export.json", LATER, SETTINGS, lambda d, t: calls.append((d, t))
    )

    orm = Database.open(tmp_path / "orm.sqlite3")
    with orm.read() as s:
        known = set(s.scalars(select(m.Stage.key)))
    doc = load_document(tmp_path / "export.json", known, local_timezone_name())
    with orm.write() as s:
        orm_report, apps = write_document(s, doc)
        replan_all(s, LATER, SETTINGS, [app.id for app in apps])

    assert report == orm_report
    assert report.applications == len(doc.applications) > 80
    fast_rows, orm_rows = _dump(fast), _dump(orm)
    assert fast_rows.keys() == orm_rows.keys()
    for name in fast_rows:
        assert fast_rows[name] == orm_rows[name], name
    assert calls[-1] == (report.applications, report.applications)
    fast.close()
    orm.close()
