"""Undoable contact edits: each command's redo and undo is one service call (one transaction).

The first ``redo`` (run by ``QUndoStack.push``) does nothing when the panel has
already performed the edit itself, so errors such as a stale version are handled
before the command enters the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts import links as contact_links
from followup_gui.services.contacts.editing import ContactData, DeletedContact

if TYPE_CHECKING:
    from followup_gui.storage import Database


def _tr(text: str) -> str:
    return QCoreApplication.translate("ContactCommands", text)


#: Called after every redo/undo with the contact to select (None: keep the selection).
Refresh = Callable[[int | None], None]


class _ContactCommand(QUndoCommand):
    def __init__(self, db: Database, refresh: Refresh, text: str) -> None:
        super().__init__(text)
        self.db = db
        self.refresh = refresh
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.refresh(self.do())

    def undo(self) -> None:
        self.refresh(self.undo_it())

    def do(self) -> int | None:  # pragma: no cover - overridden
        """Perform the edit; return the contact to select."""
        raise NotImplementedError

    def undo_it(self) -> int | None:  # pragma: no cover - overridden
        """Reverse the edit; return the contact to select."""
        raise NotImplementedError


class SaveContactCommand(_ContactCommand):
    """A contact created (``before`` None) or changed from ``before`` to ``after``."""

    def __init__(
        self, db: Database, refresh: Refresh, before: ContactData | None, after: ContactData
    ) -> None:
        text = _tr("Add {name}") if before is None else _tr("Edit {name}")
        super().__init__(db, refresh, text.format(name=after.full_name))
        self.before, self.after = before, after
        self._deleted: DeletedContact | None = None

    def do(self) -> int | None:
        """Save ``after`` again (or bring the created contact back)."""
        if self.before is None:
            assert self._deleted is not None
            self.after = contacts.restore_contact(self.db, self._deleted).value
        else:
            self.after = contacts.save_contact(self.db, self.after, force=True).value
        return self.after.id

    def undo_it(self) -> int | None:
        """Put ``before`` back (or delete the created contact)."""
        assert self.after.id is not None
        if self.before is None:
            self._deleted = contacts.delete_contact(self.db, self.after.id).value
            return None
        self.before = contacts.save_contact(self.db, self.before, force=True).value
        return self.before.id


class DeleteContactCommand(_ContactCommand):
    """A contact deleted; undo brings it back with every link."""

    def __init__(self, db: Database, refresh: Refresh, snapshot: DeletedContact) -> None:
        super().__init__(db, refresh, _tr("Delete {name}").format(name=snapshot.data.full_name))
        self.snapshot = snapshot

    def do(self) -> int | None:
        """Delete the contact again."""
        assert self.snapshot.data.id is not None
        self.snapshot = contacts.delete_contact(self.db, self.snapshot.data.id).value
        return None

    def undo_it(self) -> int | None:
        """Bring the contact back with its links."""
        restored = contacts.restore_contact(self.db, self.snapshot).value
        self.snapshot = DeletedContact(
            restored,
            self.snapshot.interview_ids,
            self.snapshot.attempt_ids,
            self.snapshot.follow_up_ids,
            self.snapshot.application_ids,
        )
        return restored.id


class MergeContactsCommand(_ContactCommand):
    """Two contacts merged into one; undo splits them again."""

    def __init__(self, db: Database, refresh: Refresh, result: contact_links.MergeResult) -> None:
        text = _tr("Merge {other} into {name}").format(
            other=result.other.data.full_name, name=result.primary_after.full_name
        )
        super().__init__(db, refresh, text)
        self.result = result

    def do(self) -> int | None:
        """Merge the two contacts again."""
        primary, other = self.result.primary_before.id, self.result.other.data.id
        assert primary is not None and other is not None
        self.result = contact_links.merge_contacts(self.db, primary, other).value
        return primary

    def undo_it(self) -> int | None:
        """Split the two contacts again."""
        primary, _other = contact_links.unmerge_contacts(self.db, self.result).value
        return primary.id


class LinkInterviewCommand(_ContactCommand):
    """A contact added to (or taken off) an interview's participants."""

    def __init__(
        self, db: Database, refresh: Refresh, contact_id: int, interview_id: int, text: str
    ) -> None:
        super().__init__(db, refresh, text)
        self.contact_id, self.interview_id = contact_id, interview_id

    def do(self) -> int | None:
        """Link the contact again."""
        contact_links.set_interview_link(self.db, self.contact_id, self.interview_id, True)
        return self.contact_id

    def undo_it(self) -> int | None:
        """Take the link off."""
        contact_links.set_interview_link(self.db, self.contact_id, self.interview_id, False)
        return self.contact_id
