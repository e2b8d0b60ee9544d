"""Test isolation: never the user's real data or settings; GUI tests are marked ``gui``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["FOLLOWUP_NO_DIALOGS"] = "1"


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point data, settings and the default database at a fresh temporary folder."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("FOLLOWUP_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("FOLLOWUP_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))  # autostart entries
    monkeypatch.delenv("FOLLOWUP_DB", raising=False)
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses ``qtbot`` (or a fixture built on it) as ``gui``."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database file path in a private temporary folder (not yet created)."""
    return tmp_path / "db" / "followup.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    """A new, migrated, empty database."""
    from followup_gui.storage import Database

    database = Database.open(db_path)
    yield database
    database.close()
