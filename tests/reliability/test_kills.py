"""SIGKILL at random points: the window's writes, backups and restores (issue 24).

Each test kills a child doing one kind of write at a random moment, again and again,
and after every kill checks the files as the next start sees them: SQLite's
``integrity_check`` is ok, every acknowledged write is there, and (backups,
restores) no partial file is left once the database is opened again, none is ever
offered as a backup, and every backup file verifies.

:data:`KILLS` kills per test in every run (what CI affords); the ``slow`` variants
kill twice as often (``.ci/run`` runs them; ``FOLLOWUP_KILLS`` overrides).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from followup_gui.storage import Database
from followup_gui.storage import backups as bk

CHILD = Path(__file__).with_name("kill_child.py")
KILLS = int(os.environ.get("FOLLOWUP_KILLS", "30"))
SLOW_KILLS = 2 * KILLS
SEED = int(os.environ.get("FOLLOWUP_CRASH_SEED", "20261207"))

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")


def run_and_kill(args: list[str], rng: random.Random, most: float) -> list[str]:
    """Start the child, let it work a random while (0..``most`` s), kill it; its acks."""
    child = subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(rng.random() * most)
    child.send_signal(signal.SIGKILL)
    acks = child.stdout.read().split("\n")
    child.wait()
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    return [a for a in acks if a]


def integrity(path: Path) -> str:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as raw:
        return str(raw.execute("PRAGMA integrity_check").fetchone()[0])


def window_writes(db_path: Path, kills: int) -> None:
    Database.open(db_path).close()
    rng = random.Random(SEED)
    created: set[int] = set()
    moved: set[int] = set()
    first = 0
    for _ in range(kills):
        for ack in run_and_kill(["window", str(db_path), str(first)], rng, 0.6):
            kind, number = ack.split()
            (created if kind == "c" else moved).add(int(number))
        assert integrity(db_path) == "ok"
        with sqlite3.connect(db_path) as raw:
            stages = {
                int(company[2:]): stage
                for company, stage in raw.execute("SELECT company, stage_key FROM application")
            }
        assert created <= set(stages), f"acknowledged but lost: {sorted(created - set(stages))}"
        assert all(stages[i] == "interviewed" for i in moved), "an acknowledged move was lost"
        first = max([*stages, *created, -1]) + 1
    assert created, "the child never got to write: the test proved nothing"


def test_killed_window_writes_lose_nothing_acknowledged(db_path: Path) -> None:
    window_writes(db_path, KILLS)


@pytest.mark.slow
def test_killed_window_writes_lose_nothing_acknowledged_many_times(db_path: Path) -> None:
    window_writes(db_path, SLOW_KILLS)


def seeded(db_path: Path) -> None:
    from followup_gui.demo.example import fill_demo
    from tests.reliability.kill_child import NOW

    db = Database.open(db_path)
    try:
        fill_demo(db, NOW)
    finally:
        db.close()


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*") if p.is_file()]


def killed_backups(db_path: Path, kills: int) -> None:
    seeded(db_path)
    rng = random.Random(SEED)
    made = 0
    for _ in range(kills):
        made += len(run_and_kill(["backup", str(db_path)], rng, 0.8))
        Database.open(db_path).close()  # the next start
        assert leftovers(db_path.parent) == []
        listed = bk.list_backups(db_path)
        assert all(not p.name.startswith(".") for _t, p in listed)
        for _taken, path in listed:
            bk.verify(path)  # every file offered as a backup restores
    assert made, "no backup was ever finished: the test proved nothing"


def test_killed_backups_leave_nothing_behind(db_path: Path) -> None:
    killed_backups(db_path, KILLS)


@pytest.mark.slow
def test_killed_backups_leave_nothing_behind_many_times(db_path: Path) -> None:
    killed_backups(db_path, SLOW_KILLS)


def killed_restores(db_path: Path, kills: int) -> None:
    seeded(db_path)
    db = Database.open(db_path)
    try:
        source = bk.make_backup(db, bk.datetime(2026, 1, 1, tzinfo=bk.UTC)).path
    finally:
        db.close()
    with sqlite3.connect(source) as raw:
        expected = raw.execute("SELECT count(*) FROM application").fetchone()[0]
    rng = random.Random(SEED)
    for _ in range(kills):
        run_and_kill(["restore", str(db_path), str(source)], rng, 1.0)
        db = Database.open(db_path)  # the next start
        db.close()
        assert integrity(db_path) == "ok"
        with sqlite3.connect(db_path) as raw:
            assert raw.execute("SELECT count(*) FROM application").fetchone()[0] == expected
        assert leftovers(db_path.parent) == []
        # The safety copies made before each restore are kept like backups: rotate them.
        bk.prune(db_path, bk.Retention())
        assert len(bk.list_backups(db_path)) <= 1 + bk.Retention().daily + bk.Retention().weekly


def test_killed_restores_leave_a_whole_database_and_nothing_behind(db_path: Path) -> None:
    killed_restores(db_path, KILLS)


@pytest.mark.slow
def test_killed_restores_leave_a_whole_database_many_times(db_path: Path) -> None:
    killed_restores(db_path, SLOW_KILLS)
