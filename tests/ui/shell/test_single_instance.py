"""One window per database; a stale lock of a killed process does not block."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from followup_gui.ui.shell.single_instance import SingleInstance

HOLDER = """
import sys, time
from PySide6.QtCore import QCoreApplication
from followup_gui.ui.shell.single_instance import SingleInstance
app = QCoreApplication([])
inst = SingleInstance(sys.argv[1])
print("locked" if inst.acquire() else "busy", flush=True)
time.sleep(60)
"""


def test_second_instance_asks_the_first_to_come_forward(qtbot, tmp_path: Path) -> None:
    target = str(tmp_path / "x.sqlite3")
    first = SingleInstance(target)
    assert first.acquire()
    try:
        second = SingleInstance(target)
        with qtbot.waitSignal(first.activation_requested, timeout=3000):
            assert not second.acquire()
    finally:
        first.release()
    # After release the next start is first again.
    third = SingleInstance(target)
    assert third.acquire()
    third.release()


def test_other_database_is_independent(qtbot, tmp_path: Path) -> None:
    a, b = SingleInstance(str(tmp_path / "a")), SingleInstance(str(tmp_path / "b"))
    assert a.acquire() and b.acquire()
    a.release()
    b.release()


@contextmanager
def holder(script: str, target: str) -> Iterator[subprocess.Popen[str]]:
    """A child process that takes the lock (``script``), killed at the end."""
    proc = subprocess.Popen(
        [sys.executable, "-c", script, target],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        assert proc.stdout is not None
        proc.stdout.close()


def test_stale_lock_of_a_killed_process_does_not_block(qtbot, tmp_path: Path) -> None:
    target = str(tmp_path / "killed.sqlite3")
    with holder(HOLDER, target) as proc:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    time.sleep(0.1)
    inst = SingleInstance(target)
    assert inst.acquire()
    inst.release()


SILENT_HOLDER = HOLDER.replace("inst.acquire()", "inst.acquire(listen=False)")


def test_the_lock_lives_in_the_private_runtime_folder_not_tmp(qtbot, tmp_path, monkeypatch):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    target = str(tmp_path / "x.sqlite3")
    inst = SingleInstance(target)
    # What any local user could plant before: the old, predictable lock in /tmp.
    planted = Path("/tmp") / f"{inst.key}.lock"
    planted.write_text("1\nFollowUp\nvm\n")
    try:
        assert inst.acquire()
        assert Path(inst.address).parent == runtime
        assert (runtime / f"{inst.key}.lock").exists()
        inst.release()
    finally:
        planted.unlink(missing_ok=True)


def test_a_held_lock_whose_holder_does_not_answer_is_said_not_silent(qtbot, tmp_path) -> None:
    target = str(tmp_path / "hung.sqlite3")
    with holder(SILENT_HOLDER, target) as proc:
        inst = SingleInstance(target)
        assert not inst.acquire()
        assert f"process {proc.pid}" in inst.problem and "does not answer" in inst.problem
