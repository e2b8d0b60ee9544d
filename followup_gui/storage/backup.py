"""Consistent copies of an SQLite database (the online backup API), private to the user.

A copy is written to a hidden ``.<name>.partial`` beside its final name and renamed
into place. While it is written, its writer holds an exclusive ``flock`` on it: a
partial file nobody holds is a leftover of a killed backup or restore, and
:func:`remove_leftovers` (run whenever a database is opened) deletes it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from followup_gui.domain.errors import StorageError


def create_private_file(path: Path) -> None:
    """Create ``path`` (mode 0600) if missing, so no other user can ever read it."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


#: Suffixes of files being written (a backup, a restore); see :func:`remove_leftovers`.
LEFTOVER_SUFFIXES = tuple(
    f"{base}{extra}"
    for base in (".partial", ".restoring")
    for extra in ("", "-journal", "-wal", "-shm")
)
#: Where no ``flock`` exists (Windows), a leftover is this old (seconds) before it goes.
_LEFTOVER_AGE = 3600


@contextmanager
def held(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (being written) until the block ends."""
    try:
        import fcntl
    except ImportError:  # Windows: leftovers are recognised by age
        yield
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _abandoned(path: Path) -> bool:
    try:
        import fcntl
    except ImportError:
        return time.time() - path.stat().st_mtime > _LEFTOVER_AGE
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # another process is writing it right now
    finally:
        os.close(fd)
    return True


def remove_leftovers(folder: Path, db_suffix: str = ".sqlite3") -> list[Path]:
    """Delete the partial files of killed backups and restores of databases in ``folder``.

    Only hidden files of a database copy (``.<name><db_suffix>.partial``,
    ``….restoring``, with their journals) that no running writer holds are removed;
    anything else, a half-written PDF export included, is left. Returns what was deleted.
    """
    removed: list[Path] = []
    marks = (f"{db_suffix}.partial", f"{db_suffix}.restoring")
    try:
        candidates = [
            p
            for p in folder.iterdir()
            if p.name.startswith(".")
            and p.name.endswith(LEFTOVER_SUFFIXES)
            and any(mark in p.name for mark in marks)
            and p.is_file()
        ]
    except OSError:
        return removed
    for path in candidates:
        try:
            name = path.name
            for extra in ("-journal", "-wal", "-shm"):
                name = name.removesuffix(extra)
            base = path.with_name(name)
            held_file = base if base != path and base.exists() else path
            if not path.is_symlink() and _abandoned(held_file):
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def sqlite_backup(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` consistently, even while it is in use.

    The copy is written next to its final name and renamed into place, so a crash
    never leaves a half-written backup under the real name.

    Raises:
        StorageError: the source cannot be read or the target not written.
    """
    target = Path(os.path.abspath(target))  # a link planted at the target is replaced
    tmp = target.with_name(f".{target.name}.partial")
    try:
        tmp.unlink(missing_ok=True)
        create_private_file(tmp)
        with held(tmp):
            _copy(source, tmp, target)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"Could not write the backup {target}: {exc}") from exc
    return target


def _copy(source: Path, tmp: Path, target: Path) -> None:
    """Copy ``source`` into ``tmp``, check it and rename it to ``target``."""
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
