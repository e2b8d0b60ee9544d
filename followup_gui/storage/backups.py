"""Automatic rotating backups, restore, and the unclean-shutdown check of an SQLite file.

Backups live in ``backups/`` next to the database (the data folder for the default
one), folder 0700, files 0600, named ``<db stem>-<UTC time>.sqlite3``. A backup is
made at start when the content differs from the newest backup, and once a day
while the app runs; each is verified by opening it (``quick_check`` and a schema
revision this FollowUp knows) and deleted at once if it fails. Rotation keeps the
newest backup of each of the last ``daily`` days that have one and of each of the
last ``weekly`` ISO weeks (UTC), and always the newest.

"Changed since the last backup" compares a hash of every row of every table (not
file times: a WAL checkpoint rewrites the file without changing its content).

A marker file ``<db>.open`` is created when the window opens the database and
removed at a clean exit; finding it at the next start means the app (or the
machine) stopped unexpectedly, and the file is checked with ``quick_check``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from followup_gui.domain.checks import is_plain_file_name
from followup_gui.domain.errors import StorageError
from followup_gui.private_files import private_dir
from followup_gui.storage import migrate
from followup_gui.storage.backup import create_private_file, held, sqlite_backup
from followup_gui.storage.database import Database
from followup_gui.storage.file_facts import open_marker

log = logging.getLogger(__name__)

FOLDER = "backups"
DAILY_INTERVAL = timedelta(days=1)
_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{12}Z)(?P<tag>-[a-z-]+)?\.sqlite3$")


@dataclass(frozen=True)
class Retention:
    """How many backups rotation keeps (the settings ``backups/keep_*``)."""

    daily: int = 7
    weekly: int = 4


@dataclass(frozen=True)
class BackupInfo:
    """A verified backup, as the restore dialog lists it."""

    path: Path
    taken_at: datetime
    revision: str
    applications: int
    contacts: int


def backup_folder(db_path: Path) -> Path:
    """The folder holding the backups of ``db_path``."""
    return db_path.parent / FOLDER


def _taken_at(path: Path, stem: str) -> datetime | None:
    match = _NAME.match(path.name)
    if match is None or match["stem"] != stem:
        return None
    return datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)


def list_backups(db_path: Path) -> list[tuple[datetime, Path]]:
    """Every backup file of ``db_path`` (not yet verified), newest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = [(t, p) for p in folder.iterdir() if (t := _taken_at(p, db_path.stem)) is not None]
    return sorted(found, reverse=True)


def verify(path: Path) -> BackupInfo:
    """Open a backup read-only and check it can be restored.

    Raises:
        StorageError: it is damaged, not a FollowUp database, or from a newer FollowUp.
    """
    match = _NAME.match(path.name)
    taken = (
        datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        if match
        else datetime.fromtimestamp(path.stat().st_mtime, UTC)
    )
    revision = migrate.sqlite_revision(path)
    if revision is None:
        raise StorageError(f"{path.name} holds no FollowUp data.")
    migrate.check_revision(revision, path.name)
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise StorageError(f"{path.name} is damaged.")
            apps = conn.execute("SELECT count(*) FROM application").fetchone()[0]
            people = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
            names = conn.execute("SELECT stored_name FROM attachment").fetchall()
            if any(not is_plain_file_name(str(name)) for (name,) in names):
                raise StorageError(
                    f"{path.name} names an attachment outside the attachments folder; "
                    "it is not restored."
                )
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path.name} cannot be read ({exc}).") from exc
    return BackupInfo(path, taken, revision, int(apps), int(people))


def fingerprint(path: Path) -> str:
    """A hash of every row of every table of an SQLite file (read-only)."""
    digest = hashlib.sha256()
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        tables = conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        for (table,) in tables:
            digest.update(f"\0{table}\0".encode())
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _sqlite_path(db: Database) -> Path:
    if db.path is None:
        raise StorageError("Backups of a server database are made with the server's tools.")
    return db.path


def make_backup(db: Database, now: datetime, tag: str = "") -> BackupInfo:
    """Write a new backup of ``db`` and verify it (a failed one is deleted).

    Args:
        db: an open SQLite database.
        now: the time written into the name.
        tag: a word appended to the name, e.g. ``before-restore``.

    Raises:
        StorageError: the copy could not be written or did not verify.
    """
    path = _sqlite_path(db)
    folder = backup_folder(path)
    try:
        private_dir(folder)
        os.chmod(folder, 0o700)
    except OSError as exc:
        raise StorageError(f"Cannot create the backup folder {folder}: {exc.strerror}.") from exc
    stamp = now.astimezone(UTC).strftime(_STAMP)
    target = folder / f"{path.stem}-{stamp}{'-' + tag if tag else ''}.sqlite3"
    sqlite_backup(path, target)
    try:
        return verify(target)
    except StorageError:
        target.unlink(missing_ok=True)
        raise


def latest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that verifies, or None."""
    for info in good_backups(db_path, limit=1):
        return info
    return None


def good_backups(db_path: Path, limit: int | None = None) -> list[BackupInfo]:
    """Verified backups, newest first (those that fail verification are skipped, kept)."""
    out: list[BackupInfo] = []
    for _taken, path in list_backups(db_path):
        try:
            out.append(verify(path))
        except StorageError as exc:
            log.warning("skipping a backup that does not verify: %s", exc)
            continue
        if limit is not None and len(out) >= limit:
            break
    return out


def backup_if_changed(db: Database, now: datetime, keep: Retention) -> BackupInfo | None:
    """Back up ``db`` unless its content equals the newest good backup; then rotate.

    Returns:
        The new backup, or None when nothing changed (or it is a server database).
    """
    if db.path is None:
        return None
    latest = latest_good_backup(db.path)
    if latest is not None and fingerprint(latest.path) == fingerprint(db.path):
        return None
    info = make_backup(db, now)
    prune(db.path, keep)
    return info


def daily_backup(db: Database, now: datetime, keep: Retention) -> BackupInfo | None:
    """The while-running backup: when the newest is a day old (and something changed)."""
    if db.path is None:
        return None
    backups = list_backups(db.path)
    if backups and now - backups[0][0] < DAILY_INTERVAL:
        return None
    return backup_if_changed(db, now, keep)


def to_keep(stamps: list[datetime], keep: Retention) -> set[datetime]:
    """Which backup times rotation keeps (see the module docstring)."""
    ordered = sorted(stamps, reverse=True)
    kept: set[datetime] = set(ordered[:1])
    days: dict[object, datetime] = {}
    weeks: dict[object, datetime] = {}
    for stamp in ordered:
        days.setdefault(stamp.date(), stamp)
        weeks.setdefault(stamp.isocalendar()[:2], stamp)
    kept.update(list(days.values())[: max(keep.daily, 0)])
    kept.update(list(weeks.values())[: max(keep.weekly, 0)])
    return kept


def prune(db_path: Path, keep: Retention) -> list[Path]:
    """Delete the backups rotation does not keep; returns what was deleted."""
    backups = list_backups(db_path)
    kept = to_keep([t for t, _ in backups], keep)
    removed = []
    for stamp, path in backups:
        if stamp not in kept:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _replace_file(db_path: Path, source: Path) -> None:
    """Atomically put a copy of ``source`` in place of the (closed) database file."""
    if db_path.exists():
        with closing(sqlite3.connect(db_path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    tmp.unlink(missing_ok=True)
    create_private_file(tmp)
    try:
        with held(tmp):
            shutil.copyfile(source, tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            # A stale WAL would be replayed onto the restored file: it goes with the old file.
            for suffix in ("-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            os.replace(tmp, db_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.chmod(db_path, 0o600)
    dir_fd = os.open(db_path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def restore_from(db: Database, backup: Path, now: datetime) -> BackupInfo:
    """Replace the open database by ``backup``, after backing up the current content.

    The engine is closed, the file replaced atomically, and ``db`` reconnected (and
    upgraded if the backup is from an older schema). Backups are never modified.

    Returns:
        The backup of the content as it was before the restore.

    Raises:
        StorageError: the backup does not verify, or the current content cannot be
            backed up (nothing was changed).
    """
    path = _sqlite_path(db)
    verify(backup)
    safety = make_backup(db, now, tag="before-restore")
    db.close()
    try:
        _replace_file(path, backup)
    except OSError as exc:
        raise StorageError(f"Could not restore {backup.name}: {exc.strerror}.") from exc
    finally:
        db.reopen()
    return safety


def restore_damaged(db_path: Path, backup: Path, now: datetime) -> Path:
    """Put ``backup`` in place of a damaged database that cannot be opened.

    The damaged file is kept next to it (renamed ``<stem>.damaged-<time>``), never
    deleted; the backup is copied, never moved.

    Returns:
        Where the damaged file was kept.
    """
    verify(backup)
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    shutil.copy2(db_path, kept)
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{db_path}{suffix}")
        if extra.exists():
            shutil.copy2(extra, Path(f"{kept}{suffix}"))
    os.chmod(kept, 0o600)
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    tmp.unlink(missing_ok=True)
    create_private_file(tmp)
    shutil.copyfile(backup, tmp)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(tmp, db_path)
    return kept


# -- unclean shutdown ------------------------------------------------------------


def marker(db_path: Path) -> Path:
    """The "open in the window" marker of ``db_path``."""
    return open_marker(db_path)


def mark_open(db_path: Path) -> None:
    """Record that the window has the database open (removed by :func:`mark_closed`)."""
    create_private_file(marker(db_path))


def mark_closed(db_path: Path) -> None:
    """Record a clean exit."""
    marker(db_path).unlink(missing_ok=True)


def was_unclean(db_path: Path) -> bool:
    """Whether the last window on ``db_path`` did not exit cleanly."""
    return marker(db_path).exists()


def integrity_problem(db_path: Path) -> str | None:
    """Run ``PRAGMA quick_check`` on an SQLite file; return the problem in words, or None.

    A file that is not SQLite at all (a wrong ``--db``) is not "damaged": None.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    with open(db_path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            return None
    try:
        # Read-only: a read-write connection merges the WAL into the file when it
        # closes, which would write to a database of a newer FollowUp (issue 24).
        uri = f"{db_path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=15)) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows == [("ok",)]:
        return None
    return "; ".join(str(r[0]) for r in rows[:3])
