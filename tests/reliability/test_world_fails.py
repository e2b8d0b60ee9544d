"""Where the world fails (issue 24): a busy database says so and who holds it, a full
disk says so with the file, and another program's change shows even when the window
wrote in the same poll."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from followup_gui.domain.errors import StorageError
from followup_gui.storage import Database
from followup_gui.storage import models as m

HOLD = """
import sqlite3, sys, time
raw = sqlite3.connect(sys.argv[1], isolation_level=None)
raw.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(60)
"""


@contextmanager
def lock_held(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another program holding the database's write lock until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield holder
    finally:
        holder.kill()
        holder.wait(timeout=10)
        assert holder.stdout is not None
        holder.stdout.close()


def test_a_busy_database_tells_at_once_then_names_who_holds_it(db_path, monkeypatch) -> None:
    from followup_gui.storage import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 1500)
    db = Database.open(db_path)
    try:
        with lock_held(db_path) as holder:
            told: list[str] = []
            db.on_busy = lambda: told.append("waiting")
            with pytest.raises(StorageError) as caught, db.write() as s:
                s.add(m.Contact(full_name="Dana"))
            assert told == ["waiting"]
            message = str(caught.value)
            assert "Another FollowUp program" in message and "nothing was changed" in message
            if sys.platform.startswith("linux"):
                assert f"process {holder.pid}" in message
    finally:
        db.close()
    db = Database.open(db_path)  # and once it is gone, writes go through
    try:
        with db.write() as s:
            s.add(m.Contact(full_name="Dana"))
    finally:
        db.close()


def test_a_full_disk_says_so_with_the_file_and_leaves_nothing(tmp_path, monkeypatch) -> None:
    from followup_gui.cli.run import _fail
    from followup_gui.private_files import write_private
    from followup_gui.storage.busy import storage_error

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    target = tmp_path / "export.json"
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as caught:
        write_private(target, b"{}")
    assert caught.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []  # no half file, no temp file
    monkeypatch.undo()
    plain = storage_error("database or disk is full", tmp_path / "followup.sqlite3")
    assert plain is not None and "is full" in str(plain) and "followup.sqlite3" in str(plain)
    assert _fail(f"{caught.value.filename}: {caught.value.strerror}", 1) == 1


def commit_elsewhere(path: Path, name: str) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO contact (full_name, emails, phones, name_confirmed, version,"
            " preferred_name, pronunciation, title, company, postal_address, linkedin,"
            " website, met_how, notes, card_image, created_at, updated_at)"
            " VALUES (?, '[]', '[]', 0, 1, '', '', '', '', '', '', '', '', '', '',"
            " '2026-11-20 12:00:00', '2026-11-20 12:00:00')",
            (name,),
        )


def own_write(db: Database, name: str) -> None:
    with db.write() as s:
        s.add(m.Contact(full_name=name))


@pytest.mark.parametrize(
    "steps",
    [
        ["own", "other", "own"],  # another program between two of the window's writes
        ["other", "own"],
        ["own", "other"],
        ["other"],
    ],
)
def test_another_programs_change_shows_despite_the_windows_own(db_path, steps) -> None:
    db = Database.open(db_path)
    try:
        _changed, seen = db.others_wrote(None)
        for i, step in enumerate(steps):
            (own_write(db, f"own {i}") if step == "own" else commit_elsewhere(db_path, f"cli {i}"))
        changed, _marker = db.others_wrote(seen)
        assert changed
    finally:
        db.close()


def test_the_windows_own_writes_alone_are_not_announced(db_path: Path) -> None:
    db = Database.open(db_path)
    try:
        _changed, seen = db.others_wrote(None)
        for i in range(3):
            own_write(db, f"own {i}")
        changed, seen = db.others_wrote(seen)
        assert not changed
        assert db.others_wrote(seen) == (False, seen)
    finally:
        db.close()
