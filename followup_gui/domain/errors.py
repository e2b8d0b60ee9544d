"""User-facing errors: a small hierarchy whose messages a job seeker understands.

Anything that is not one of these is a bug: it is logged with a traceback and shown
in the crash dialog.
"""

from __future__ import annotations


class FollowUpError(Exception):
    """Base of every error whose message is meant for the user."""


class StorageError(FollowUpError):
    """The database cannot be opened, upgraded or written (message says why)."""


class NewerSchemaError(StorageError):
    """The database was written by a newer FollowUp; it is left untouched."""


class ConcurrentEditError(StorageError):
    """A record was changed by another program or machine while this one saved it."""


class ImportFileError(FollowUpError):
    """A file to import is invalid; nothing was imported.

    Args:
        where: the record and field at fault, e.g. ``applications[2].stage``.
        what: what is wrong with it, in plain words.
    """

    def __init__(self, where: str, what: str) -> None:
        # A message is one line; a bad value quoted whole could be megabytes.
        where = "".join(ch if ch.isprintable() else " " for ch in where[:200])
        what = " ".join(what.split())[:400]
        super().__init__(f"{where}: {what}" if where else what)
        self.where = where
        self.what = what
