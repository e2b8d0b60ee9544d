"""Feeding a file to one of FollowUp's importers, and what "changes nothing" compares.

Shared by the campaign's shapes, the round-trip property and the slow hostile sweep.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.csv import presets as cp
from followup_gui.services.interchange.csv.importing import import_csv, load_context
from followup_gui.services.interchange.csv.table import read_table
from followup_gui.services.interchange.json.backup import import_json
from followup_gui.services.interchange.json.export import write_document
from followup_gui.services.interchange.vcard.importing import import_vcards
from followup_gui.storage import Database
from followup_gui.storage import models as m

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def import_file(db: Database, path: Path, kind: str) -> None:
    """Import ``path`` with the ``kind`` importer (json, csv or vcard), like the CLI does."""
    if kind == "json":
        import_json(db, path, NOW, PlannerSettings())
    elif kind == "csv":
        table = read_table(path)
        chosen = cp.detect_preset(table.headers)
        mapping = cp.auto_mapping(table.headers, chosen)
        context = load_context(db, "America/New_York", "balanced", date(2026, 11, 20))
        import_csv(db, table, mapping, chosen, NOW, PlannerSettings(), context)
    else:
        import_vcards(db, path, path.parent, "US")


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table."""
    out = {}
    with db.read() as s:
        for table in m.Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            out[table.name] = [tuple(r) for r in s.execute(select(table).order_by(*order))]
    return out


def exported(db: Database) -> dict[str, Any]:
    """What ``export json`` writes, as data (card photo paths left out: they name the folder)."""
    out = io.BytesIO()
    with db.read() as s:
        write_document(s, out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]
