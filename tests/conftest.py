"""Test isolation: never the user's real data or settings; GUI tests are marked ``gui``."""

from __future__ import annotations

import gc
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
    # ``--config`` of an in-process command-line run sets it for the process.
    monkeypatch.delenv("FOLLOWUP_CONFIG", raising=False)
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses ``qtbot`` (or a fixture built on it) as ``gui``."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


def make_demo_file(path: Path) -> Path:
    """Write the example search (planned at 2024-05-15 14:00 UTC) to ``path``, closed."""
    from datetime import UTC, datetime

    from followup_gui.demo.example import fill_demo
    from followup_gui.scheduling import PlannerSettings
    from followup_gui.storage import Database

    db = Database.open(path)
    fill_demo(db, datetime(2024, 5, 15, 14, 0, tzinfo=UTC), PlannerSettings())
    db.close()
    return path


@pytest.fixture
def demo_file(db_path: Path) -> Path:
    """An SQLite file with the example search, closed (see :func:`make_demo_file`)."""
    return make_demo_file(db_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database file path in a private temporary folder (not yet created)."""
    return tmp_path / "db" / "followup.sqlite3"


PG_URL_ENV = "FOLLOWUP_TEST_PG_URL"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run ``db`` tests of modules marked ``backends`` on SQLite and on PostgreSQL."""
    if "db" in metafunc.fixturenames and metafunc.definition.get_closest_marker("backends"):
        metafunc.parametrize(
            "db",
            ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)],
            indirect=True,
        )


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """A PostgreSQL server the tests may create databases on (``.ci/pg.sh`` starts one).

    Skipped with a reason when none is configured; in CI (``CI=true``) that fails.
    """
    url = os.environ.get(PG_URL_ENV, "")
    if not url:
        reason = f"no PostgreSQL server: set {PG_URL_ENV} (`.ci/pg.sh make test` starts one)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " - required in CI")
        pytest.skip(reason)
    return url


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database, dropped after the test."""
    import secrets

    from sqlalchemy import create_engine, make_url, text

    name = f"followup_test_{secrets.token_hex(6)}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def db(request: pytest.FixtureRequest, db_path: Path) -> Iterator[object]:
    """A new, migrated, empty database (SQLite; also PostgreSQL in ``backends`` modules)."""
    from followup_gui.storage import Database

    if getattr(request, "param", "sqlite") == "postgresql":
        target: str | Path = request.getfixturevalue("pg_url")
    else:
        target = db_path
    database = Database.open(target)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def collect_in_the_gui_thread() -> Iterator[None]:
    """Free each test's objects in the main (GUI) thread, as the application does.

    The application lets only its window's thread collect (``warm_up.
    collect_in_this_thread``); tests are not the application, so without this
    Python's collector could run inside a later test's worker thread (a sync
    pass, a mail watcher, a scan) and free a window's Qt objects there.
    """
    yield
    gc.collect()
