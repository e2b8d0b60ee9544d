"""JSON backup and restore: export everything, import a file in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from followup_gui.domain.timezones import local_timezone_name
from followup_gui.gc_tuning import collector_paused
from followup_gui.private_files import write_private_with
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.json.export import write_document
from followup_gui.services.interchange.json.format import (
    load_document,
)
from followup_gui.services.interchange.json.insert import insert_document
from followup_gui.services.interchange.json.report import (
    ImportReport,
    check_lengths,
    write_profile_and_stages,
)
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m


def import_json(
    db: Database,
    path: Path,
    now: datetime,
    settings: PlannerSettings,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Add a JSON file's content to the database, all of it or nothing.

    The whole file is validated before the transaction starts; the imported
    applications are then re-planned inside the same transaction.

    Args:
        db: the database.
        path: the JSON file.
        now: the clock, for the re-plan.
        settings: the planner's knobs.
        progress: called with ``(done, total)`` applications re-planned; an
            exception it raises (a cancel) rolls the whole import back.

    Raises:
        ImportFileError: the file is invalid (nothing was written).
    """
    with db.read() as session:
        known = set(session.scalars(select(m.Stage.key)))
    if _size(path) > STREAM_ABOVE:
        from followup_gui.services.interchange.json.stream import import_stream

        return import_stream(db, path, now, settings, known, progress)
    doc = load_document(path, known, local_timezone_name())
    check_lengths(doc)
    if doc.settings:
        from followup_gui.settings import with_values

        settings = with_values(settings, doc.settings)
    with db.write() as session:
        # Bulk inserts and a column-based re-plan: the ORM unit of work took
        # seconds for a few thousand applications.
        write_profile_and_stages(session, doc)
        interviews, attempts, app_ids = insert_document(session, doc)
        replan_all(session, now, settings, app_ids, progress)
        if progress is not None:
            progress(len(app_ids), len(app_ids))
    return ImportReport(
        len(doc.contacts), len(doc.applications), interviews, attempts, settings=doc.settings
    )


__all__ = [
    "STREAM_ABOVE",
    "ImportReport",
    "check_lengths",
    "export_json",
    "import_json",
    "write_profile_and_stages",
]

#: Bigger files are read as a stream (``stream.py``): bounded memory at any size.
STREAM_ABOVE = 16 * 1024 * 1024


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # load_document says why it cannot be read


def export_json(
    db: Database,
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    settings: Mapping[str, str | int | bool] | None = None,
) -> int:
    """Write everything to ``path`` atomically (temp file, fsync, rename), mode 0600.

    Args:
        db: the database.
        path: the file to write.
        progress: called with ``(done, 3)`` steps; an exception it raises (a
            cancel) leaves no file behind and ``path`` untouched.
        settings: planner settings to carry in the file (``"settings"``).

    Returns:
        The number of applications written.
    """
    report = progress or (lambda _done, _total: None)
    report(0, 3)
    written: list[int] = []

    def fill(out: BinaryIO) -> None:
        # Rows, not ORM objects, in batches: memory stays flat at any size.
        with db.read() as session, collector_paused():
            written.append(write_document(session, out, settings, report))
        report(2, 3)  # the last chance to cancel: ``path`` is not touched yet

    write_private_with(path, fill)
    return written[0]
