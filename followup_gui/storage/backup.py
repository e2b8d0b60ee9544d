"""Consistent copies of an SQLite database (the online backup API), private to the user."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from followup_gui.domain.errors import StorageError


def create_private_file(path: Path) -> None:
    """Create ``path`` (mode 0600) if missing, so no other user can ever read it."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def sqlite_backup(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` consistently, even while it is in use.

    The copy is written next to its final name and renamed into place, so a crash
    never leaves a half-written backup under the real name.

    Raises:
        StorageError: the source cannot be read or the target not written.
    """
    target = target.resolve()
    tmp = target.with_name(f".{target.name}.partial")
    try:
        tmp.unlink(missing_ok=True)
        create_private_file(tmp)
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                # A backup is one self-contained file, not a WAL pair.
                dst.execute("PRAGMA journal_mode=DELETE")
                ok = dst.execute("PRAGMA quick_check").fetchone()
            finally:
                dst.close()
        finally:
            src.close()
        if ok is None or ok[0] != "ok":
            raise StorageError(f"The backup of {source} failed its check.")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        os.chmod(target, 0o600)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"Could not write the backup {target}: {exc}") from exc
    return target
