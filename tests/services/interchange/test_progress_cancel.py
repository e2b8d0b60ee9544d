"""Imports and exports report progress, and a cancel (an exception from it) changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from followup_gui.demo.example import fill_demo
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.csv import presets as cp
from followup_gui.services.interchange.csv.exporting import (
    export_applications_csv,
    export_contacts_csv,
)
from followup_gui.services.interchange.csv.importing import import_csv, load_context
from followup_gui.services.interchange.csv.table import read_table
from followup_gui.services.interchange.ics import export_ics
from followup_gui.services.interchange.vcard.cards import export_vcards
from followup_gui.storage import Database
from followup_gui.storage import models as m

FIXTURES = Path(__file__).parents[2] / "fixtures" / "csv"
NOW = datetime(2024, 5, 15, 14, 0, tzinfo=UTC)  # the demo data's clock
CSV_NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # the CSV fixtures' clock


class Stop(Exception):
    """What a cancelled progress report raises in these tests."""


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def generic_import(db: Database, progress):  # type: ignore[no-untyped-def]
    table = read_table(FIXTURES / "generic.csv")
    chosen = cp.detect_preset(table.headers)
    mapping = cp.auto_mapping(table.headers, chosen)
    ctx = load_context(db, "Europe/Berlin", "balanced", date(2026, 11, 24))
    return import_csv(db, table, mapping, chosen, CSV_NOW, PlannerSettings(), ctx, None, progress)


def test_csv_import_reports_rows_then_replans_and_a_cancel_rolls_all_back(db: Database) -> None:
    seen: list[tuple[int, int]] = []

    def cancel_in_replan(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 6:  # the 6 rows are written (not committed); the re-plan starts
            raise Stop

    with pytest.raises(Stop):
        generic_import(db, cancel_in_replan)
    assert seen[0] == (0, 9) and seen[-1] == (6, 9)  # 6 rows, then 3 cards to re-plan
    assert count(db, m.Application) == count(db, m.Contact) == count(db, m.FollowUp) == 0
    seen.clear()
    report = generic_import(db, lambda done, total: seen.append((done, total)))
    assert report.imported == count(db, m.Application) == 3
    assert count(db, m.FollowUp) > 0
    assert seen[-1] == (9, 9)


@pytest.mark.parametrize(
    "export",
    [
        export_applications_csv,
        export_contacts_csv,
        lambda db, path, progress: export_vcards(db, path, progress=progress),
        lambda db, path, progress: export_ics(db, path, NOW, progress),
    ],
    ids=["applications.csv", "contacts.csv", "vcard", "ics"],
)
def test_a_cancelled_export_leaves_the_old_file_and_nothing_else(
    db: Database, tmp_path: Path, export
) -> None:  # type: ignore[no-untyped-def]
    fill_demo(db, NOW)
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "out"
    target.write_text("the previous export\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []

    def cancel_at_the_end(done: int, total: int) -> None:
        seen.append((done, total))
        if total and done == total:  # everything is built, nothing written yet
            raise Stop

    with pytest.raises(Stop):
        export(db, target, cancel_at_the_end)
    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in folder.iterdir()] == ["out"]
    written = export(db, target, None)
    assert written == seen[-1][1]
    assert target.read_text(encoding="utf-8-sig") != "the previous export\n"
