"""Attachments: the resume or cover-letter version sent, and a snapshot of the job posting.

Files are copied (never moved) into ``<data folder>/attachments/`` under a new
unique name, mode 0600 in a 0700 folder, so the record stays valid when the
original is moved or the posting is taken down. Opening one is the UI's job
(``QDesktopServices``); this module only stores, lists and removes. Adding or
removing one changes the application's card (not its plan).
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select

from followup_gui.domain.checks import is_plain_file_name
from followup_gui.domain.errors import FollowUpError
from followup_gui.private_files import private_dir, tighten
from followup_gui.services import changes as ch
from followup_gui.services.changes import NOTHING, Changes, WithChanges
from followup_gui.storage import Database
from followup_gui.storage import models as m

FOLDER = "attachments"
MAX_BYTES = 50 * 1024 * 1024


class AttachmentKind(StrEnum):
    """What an attachment is."""

    RESUME = "resume"
    COVER_LETTER = "cover_letter"
    POSTING = "posting"


class AttachmentError(FollowUpError):
    """An attachment cannot be stored or found (message says why)."""


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment as listed in the details dialog."""

    id: int
    application_id: int
    kind: AttachmentKind
    label: str
    original_name: str
    added_at: datetime
    path: Path


def attachments_dir(data_dir: Path) -> Path:
    """The private folder the copies live in (created mode 0700)."""
    folder = private_dir(data_dir / FOLDER)
    tighten(folder)
    return folder


def stored_path(folder: Path, attachment_id: int, stored_name: str) -> Path:
    """Where an attachment's copy is: inside ``folder`` always.

    A stored name that would leave the folder gives a name that never exists
    there (the attachment shows as missing; nothing outside is touched).
    """
    if is_plain_file_name(stored_name):
        return folder / stored_name
    return folder / f".refused-{attachment_id}"


def _readable(name: str) -> str:
    """A file name that was not UTF-8 (undecodable bytes), written with replacement marks."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _info(row: m.Attachment, folder: Path) -> AttachmentInfo:
    return AttachmentInfo(
        row.id,
        row.application_id,
        AttachmentKind(row.kind),
        row.label,
        row.original_name,
        row.added_at,
        stored_path(folder, row.id, row.stored_name),
    )


def add_attachment(
    db: Database,
    data_dir: Path,
    application_id: int,
    source: Path,
    kind: AttachmentKind,
    label: str = "",
) -> WithChanges[AttachmentInfo]:
    """Copy ``source`` into the data folder and record it with the application.

    Returns:
        The attachment stored, and the application's card as changed.

    Raises:
        AttachmentError: the file cannot be read, is too big, or the application is gone.
    """
    if not source.is_file():
        raise AttachmentError(f"{_readable(str(source))} is not a file.")
    if source.stat().st_size > MAX_BYTES:
        raise AttachmentError(f"{_readable(source.name)} is larger than 50 MB.")
    folder = attachments_dir(data_dir)
    suffix = "".join(
        ch for ch in _readable(source.suffix.lower()[:16]) if ch.isalnum() or ch == "."
    )
    stored = f"{uuid.uuid4().hex}{suffix}"
    target = folder / stored
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise AttachmentError(f"Could not copy {_readable(source.name)}: {exc.strerror}.") from exc
    try:
        with db.write() as session:
            if session.get(m.Application, application_id) is None:
                raise AttachmentError("This application no longer exists.")
            row = m.Attachment(
                application_id=application_id,
                kind=kind.value,
                label=(label.strip() or _readable(source.stem))[:200],
                stored_name=stored,
                original_name=_readable(source.name)[:255],
            )
            session.add(row)
            session.flush()
            info = _info(row, folder)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return WithChanges(info, ch.cards([application_id]))


def add_posting_text(
    db: Database, data_dir: Path, application_id: int, text: str, label: str = ""
) -> WithChanges[AttachmentInfo]:
    """Keep a pasted job posting as a text attachment (see :func:`add_attachment`)."""
    folder = attachments_dir(data_dir)
    tmp = folder / f".paste-{uuid.uuid4().hex}.txt"
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    try:
        return add_attachment(
            db, data_dir, application_id, tmp, AttachmentKind.POSTING, label or "Job posting"
        )
    finally:
        tmp.unlink(missing_ok=True)


def list_attachments(db: Database, data_dir: Path, application_id: int) -> list[AttachmentInfo]:
    """An application's attachments, oldest first."""
    folder = data_dir / FOLDER
    with db.read() as session:
        rows = session.scalars(
            select(m.Attachment)
            .where(m.Attachment.application_id == application_id)
            .order_by(m.Attachment.added_at, m.Attachment.id)
        )
        return [_info(r, folder) for r in rows]


def remove_attachment(db: Database, data_dir: Path, attachment_id: int) -> Changes:
    """Forget an attachment and delete its copy (the user's original is untouched).

    Returns:
        The application's card as changed (nothing when it was already gone).
    """
    with db.write() as session:
        row = session.get(m.Attachment, attachment_id)
        if row is None:
            return NOTHING
        copy = stored_path(data_dir / FOLDER, row.id, row.stored_name)
        application_id = row.application_id
        session.delete(row)
    copy.unlink(missing_ok=True)  # inside the attachments folder, whatever the row said
    return ch.cards([application_id])
