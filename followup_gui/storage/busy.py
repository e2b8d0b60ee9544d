"""Plain words for the two ways the world makes a write fail: a busy database, a full disk.

SQLite says "database is locked" after its busy timeout and "database or disk is
full" when the disk is; shown as they are, both looked like crashes. Here they
become :class:`~followup_gui.domain.errors.StorageError` messages that say what
holds the database (on Linux, the process holding a lock on its files, from
``/proc/locks``) or which file's disk is full, and that nothing was lost.
"""

from __future__ import annotations

import os
from pathlib import Path

from followup_gui.domain.checks import shorten
from followup_gui.domain.errors import StorageError


def lock_holders(db_path: Path) -> list[str]:
    """The other processes holding a lock on the database's files, described (Linux only).

    Returns:
        e.g. ``["process 4242 (followup-gui import json big.json)"]``; empty when unknown.
    """
    inodes: set[str] = set()
    for name in (str(db_path), f"{db_path}-wal", f"{db_path}-shm"):
        try:
            inodes.add(str(os.stat(name).st_ino))
        except OSError:
            continue
    try:
        lines = Path("/proc/locks").read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return []
    pids: list[int] = []
    for line in lines:
        parts = line.split()
        if len(parts) < 6 or parts[1] == "->":
            continue
        pid, where = parts[4], parts[5]
        ours = where.rsplit(":", 1)[-1] in inodes and pid.isdigit()
        if ours and int(pid) != os.getpid() and int(pid) not in pids:
            pids.append(int(pid))
    return [_describe(pid) for pid in pids]


def _describe(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return f"process {pid}"
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    words = [Path(words[0]).name, *words[1:]] if words else []
    if len(words) > 1 and words[0].startswith("python"):
        words = [Path(words[1]).name, *words[2:]]
    return f"process {pid} ({shorten(' '.join(words), 60)})" if words else f"process {pid}"


def storage_error(message: str, db_path: Path | None) -> StorageError | None:
    """A plain-words error for an SQLite failure ``message``, or None when it is another kind.

    Args:
        message: the driver's message, e.g. ``database is locked``.
        db_path: the database file (None: a server database).
    """
    text = message.lower()
    if "locked" in text or "busy" in text:
        holders = lock_holders(db_path) if db_path is not None else []
        who = f" ({', '.join(holders)})" if holders else ""
        return StorageError(
            f"Another FollowUp program{who} is keeping your data busy; nothing was changed. "
            "Try again when it has finished."
        )
    if "full" in text or "no space" in text:
        where = f" holding {db_path}" if db_path is not None else ""
        return StorageError(
            f"The disk{where} is full: this change was not saved (everything saved before "
            "is kept). Free some space and try again."
        )
    return None
