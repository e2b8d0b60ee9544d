"""Every released schema upgrades to the current one keeping every row, after a backup.

``tests/fixtures/schema/<revision>.sqlite3`` is a database as that release wrote it
(made by ``make_<revision>.py`` when it was current, never regenerated). A database
from a *newer* FollowUp is refused without a write: ``test_database.py``.
"""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from followup_gui.storage import Database
from followup_gui.storage.migrate import head_revision

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "schema").glob("*.sqlite3"))


def _columns(path: Path) -> dict[str, list[str]]:
    """Every table's column names (without Alembic's own table)."""
    with sqlite3.connect(path) as raw:
        tables = [
            r[0]
            for r in raw.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " AND name != 'alembic_version'"
            )
        ]
        return {t: [c[1] for c in raw.execute(f'PRAGMA table_info("{t}")')] for t in tables}


def _rows(
    path: Path, columns: dict[str, list[str]] | None = None
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted; only ``columns`` of each table when given.

    A later revision may add columns: the rows of an old file are compared on the
    columns it had.
    """
    columns = columns or _columns(path)
    rows = {}
    with sqlite3.connect(path) as raw:
        for table, names in columns.items():
            listed = ", ".join(f'"{name}"' for name in names)
            rows[table] = sorted(raw.execute(f'SELECT {listed} FROM "{table}"'), key=repr)
    return rows


def test_there_is_a_fixture_for_the_first_release() -> None:
    assert [p.stem for p in FIXTURES][:1] == ["0001"]


def test_every_revision_has_a_fixture_and_the_script_that_made_it() -> None:
    """Every revision upgrades from a real file (issue 24): a new one brings its own."""
    from followup_gui.storage.migrate import known_revisions

    assert {p.stem for p in FIXTURES} == known_revisions()
    assert all((p.parent / f"make_{p.stem}.py").is_file() for p in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_old_database_upgrades_keeping_every_row(fixture: Path, tmp_path: Path) -> None:
    copy = tmp_path / "followup.sqlite3"
    shutil.copyfile(fixture, copy)
    old_columns = _columns(copy)
    before = _rows(copy)
    assert all(before.values()), "the fixture must have a row in every table"
    db = Database.open(copy)
    try:
        backup = db.pre_upgrade_backup
        if fixture.stem != head_revision():
            assert backup is not None
            assert stat.S_IMODE(backup.stat().st_mode) == 0o600
            assert _rows(backup) == before
            with sqlite3.connect(backup) as raw:
                assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (
                    fixture.stem,
                )
    finally:
        db.close()
    after = _rows(copy, old_columns)
    for table, rows in before.items():
        assert after[table] == rows, table
    with sqlite3.connect(copy) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    assert any("ø" in str(v) for row in after["contact"] for v in row)
