"""Opening a database already at the current schema skips Alembic entirely."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from followup_gui.storage import Database, migrate


def test_head_constant_is_alembics_head() -> None:
    assert migrate.alembic_head() == migrate.HEAD_REVISION
    assert migrate.head_revision() in migrate.known_revisions()


def test_current_database_opens_without_upgrade(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Database.open(db_path).close()  # created and stamped at head
    assert migrate.sqlite_revision(db_path) == migrate.HEAD_REVISION

    def no_upgrade(_engine: object) -> None:
        raise AssertionError("a current database was upgraded")

    monkeypatch.setattr(migrate, "upgrade", no_upgrade)
    database = Database.open(db_path)
    try:
        assert database.pre_upgrade_backup is None
    finally:
        database.close()


def test_current_database_opens_without_importing_alembic(db_path: Path) -> None:
    Database.open(db_path).close()
    code = (
        "import sys; from followup_gui.storage import Database; "
        f"Database.open({str(db_path)!r}).close(); "
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
