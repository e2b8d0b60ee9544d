"""A JSON import (bulk inserts, then a re-plan) stores exactly what the file holds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from followup_gui.demo.example import fill_demo
from followup_gui.demo.scale import fill_scaled
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.json.backup import ImportReport, export_json, import_json
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m

NOW = datetime(2026, 11, 20, 20, tzinfo=UTC)
LATER = NOW + timedelta(days=5)
SETTINGS = PlannerSettings()
#: Clock columns, and the version (an import starts every record at 1).
SKIP = {"created_at", "updated_at", "version"}


def _dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the clock columns, in id order."""
    out = {}
    with db.read() as s:
        for table in m.Base.metadata.sorted_tables:
            columns = [c for c in table.c if c.name not in SKIP]
            rows = s.execute(select(*columns).order_by(*table.primary_key.columns))
            out[table.name] = [tuple(r) for r in rows]
    return out


def test_import_stores_exactly_the_exported_document(tmp_path: Path) -> None:
    # Re-planned at the time the source was planned, the import changes nothing:
    # it exports the very document it read (every record, field and plan step).
    source = Database.open(tmp_path / "source.sqlite3")
    fill_demo(source, NOW, SETTINGS)
    fill_scaled(source, 80, seed=11, now=NOW, settings=SETTINGS)
    export_json(source, tmp_path / "export.json")

    copy = Database.open(tmp_path / "copy.sqlite3")
    calls: list[tuple[int, int]] = []
    report = import_json(
        copy, tmp_path / "export.json", NOW, SETTINGS, lambda d, t: calls.append((d, t))
    )
    export_json(copy, tmp_path / "again.json")

    doc = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    apps = doc["applications"]
    assert report == ImportReport(
        contacts=len(doc["contacts"]),
        applications=len(apps),
        interviews=sum(len(a["interviews"]) for a in apps),
        attempts=sum(len(a["attempts"]) for a in apps),
    )
    assert report.applications > 80
    assert calls[-1] == (report.applications, report.applications)
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8")) == doc
    source.close()
    copy.close()


def test_import_replans_what_it_added(tmp_path: Path) -> None:
    # Imported later, the applications are re-planned as of then: the same rows as
    # an import as of the source's time followed by a re-plan of everything.
    source = Database.open(tmp_path / "source.sqlite3")
    fill_demo(source, NOW, SETTINGS)
    fill_scaled(source, 40, seed=5, now=NOW, settings=SETTINGS)
    export_json(source, tmp_path / "export.json")
    source.close()

    later = Database.open(tmp_path / "later.sqlite3")
    import_json(later, tmp_path / "export.json", LATER, SETTINGS)
    then = Database.open(tmp_path / "then.sqlite3")
    import_json(then, tmp_path / "export.json", NOW, SETTINGS)
    with then.write() as s:
        changes = replan_all(s, LATER, SETTINGS)
    assert changes.added + changes.updated + changes.cancelled > 0
    assert _dump(later) == _dump(then)
    later.close()
    then.close()
