"""Crash safety: a writer killed with SIGKILL at random points loses nothing it acknowledged.

A child process commits one small transaction at a time (two rows each) and prints
an acknowledgement after each commit. The test kills it at a random moment, many
times, and after every kill checks, on the file as the next start would see it:
every acknowledged change is there, no transaction is half there, and SQLite's
``integrity_check`` is ok.
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

CHILD = Path(__file__).with_name("writer_child.py")
KILLS = 30

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL")]


def _state(path: Path) -> tuple[set[int], set[int], str]:
    with sqlite3.connect(path) as raw:
        apps = {int(r[0][2:]) for r in raw.execute("SELECT company FROM application")}
        people = {int(r[0][2:]) for r in raw.execute("SELECT full_name FROM contact")}
        linked = raw.execute(
            "SELECT count(*) FROM application a JOIN contact c ON c.id = a.primary_contact_id"
            " WHERE c.full_name = a.company"
        ).fetchone()[0]
        check = raw.execute("PRAGMA integrity_check").fetchone()[0]
    assert linked == len(apps)
    return apps, people, check


def test_sigkill_at_random_points_loses_no_acknowledged_change(db_path: Path) -> None:
    Database.open(db_path).close()
    rng = random.Random(int(os.environ.get("FOLLOWUP_CRASH_SEED", "20261120")))
    acked: set[int] = set()
    first = 0
    survived = 0
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(db_path), str(first)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        for _ in range(rng.randint(1, 20)):
            acked.add(int(child.stdout.readline()))
        # Land anywhere: between commits, inside one, or in the middle of an fsync.
        time.sleep(rng.random() * 0.004)
        child.send_signal(signal.SIGKILL)
        acked.update(int(line) for line in child.stdout.read().split())
        child.wait()
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL

        apps, people, check = _state(db_path)
        assert check == "ok"
        assert apps == people, "a transaction is half there"
        assert acked <= apps, f"acknowledged but lost: {sorted(acked - apps)[:5]}"
        survived += 1
        first = max(apps | acked) + 1
    assert survived == KILLS
    # The database still opens and works after all of it.
    database = Database.open(db_path)
    database.close()
