"""Undoable contact edits: each redo and undo is one service call (one transaction).

They are :class:`~followup_gui.ui.common.undo.ServiceCommand` s. The panel makes
the first step itself (it may have to ask the user in between: overwrite a
contact changed elsewhere?) and pushes the command with what that step changed;
every later redo and undo calls the service and the panel shows the contact the
step names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, cast

from PySide6.QtCore import QCoreApplication, QObject

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.changes import Changes
from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts import links as contact_links
from followup_gui.services.contacts.editing import ContactData, DeletedContact
from followup_gui.ui.common.undo import ServiceCommand
from followup_gui.ui.context import AppContext


def _tr(text: str) -> str:
    return QCoreApplication.translate("ContactCommands", text)


class ContactsView(Protocol):
    """What the commands need from the contacts panel."""

    def show_step(self, select_id: int | None) -> None:
        """Read the list again and select this contact (None: keep the selection)."""

    def show_saved(self, contact_id: int | None) -> None:
        """Show one contact saved again (None: a created one was removed)."""


class ContactCommand(ServiceCommand):
    """A contact edit; after each step the panel shows :attr:`select`."""

    def __init__(self, context: AppContext, panel: ContactsView, text: str) -> None:
        assert isinstance(panel, QObject)
        super().__init__(context, text, panel)
        #: The contact to select after the last step (None: keep the selection).
        self.select: int | None = None

    @property
    def panel(self) -> ContactsView:
        """The panel that shows the steps (only asked while it is alive)."""
        panel = self.initiator
        assert panel is not None
        return cast(ContactsView, panel)

    def shown(self, changes: Changes, *, undone: bool, first: bool) -> None:
        """Read the list again and select the step's contact."""
        self.panel.show_step(self.select)


class SaveContactCommand(ContactCommand):
    """A contact created (``before`` None) or changed from ``before`` to ``after``."""

    def __init__(
        self,
        context: AppContext,
        panel: ContactsView,
        before: ContactData | None,
        after: ContactData,
    ) -> None:
        text = _tr("Add {name}") if before is None else _tr("Edit {name}")
        super().__init__(context, panel, text.format(name=after.full_name))
        self.before, self.after = before, after
        self._deleted: DeletedContact | None = None

    def forward(self) -> Changes:
        """Save ``after`` again (or bring the created contact back)."""
        db = self.context.db
        if self.before is None:
            assert self._deleted is not None
            done = contacts.restore_contact(db, self._deleted)
        else:
            done = contacts.save_contact(db, self.after, force=True, replan=self._replan())
        self.after = done.value
        self.select = self.after.id
        return done.changes

    def _replan(self) -> tuple[datetime, PlannerSettings]:
        return self.context.now(), self.context.planner_settings()

    def backward(self) -> Changes:
        """Put ``before`` back (or delete the created contact)."""
        db = self.context.db
        assert self.after.id is not None
        if self.before is None:
            deleted = contacts.delete_contact(db, self.after.id)
            self._deleted, self.select = deleted.value, None
            return deleted.changes
        saved = contacts.save_contact(db, self.before, force=True, replan=self._replan())
        self.before, self.select = saved.value, saved.value.id
        return saved.changes

    def shown(self, changes: Changes, *, undone: bool, first: bool) -> None:
        """Only this contact changed: its row is updated in place (the panel did the first)."""
        if not first:
            self.panel.show_saved(self.select)


class DeleteContactCommand(ContactCommand):
    """A contact deleted; undo brings it back with every link."""

    def __init__(self, context: AppContext, panel: ContactsView, snapshot: DeletedContact) -> None:
        super().__init__(context, panel, _tr("Delete {name}").format(name=snapshot.data.full_name))
        self.snapshot = snapshot

    def forward(self) -> Changes:
        """Delete the contact again."""
        assert self.snapshot.data.id is not None
        deleted = contacts.delete_contact(self.context.db, self.snapshot.data.id)
        self.snapshot, self.select = deleted.value, None
        return deleted.changes

    def backward(self) -> Changes:
        """Bring the contact back with its links."""
        restored = contacts.restore_contact(self.context.db, self.snapshot)
        self.snapshot = DeletedContact(
            restored.value,
            self.snapshot.interview_ids,
            self.snapshot.attempt_ids,
            self.snapshot.follow_up_ids,
            self.snapshot.application_ids,
        )
        self.select = restored.value.id
        return restored.changes


class MergeContactsCommand(ContactCommand):
    """Two contacts merged into one; undo splits them again."""

    def __init__(
        self, context: AppContext, panel: ContactsView, result: contact_links.MergeResult
    ) -> None:
        text = _tr("Merge {other} into {name}").format(
            other=result.other.data.full_name, name=result.primary_after.full_name
        )
        super().__init__(context, panel, text)
        self.result = result
        self.select = result.primary_before.id

    def forward(self) -> Changes:
        """Merge the two contacts again."""
        primary, other = self.result.primary_before.id, self.result.other.data.id
        assert primary is not None and other is not None
        merged = contact_links.merge_contacts(self.context.db, primary, other)
        self.result, self.select = merged.value, primary
        return merged.changes

    def backward(self) -> Changes:
        """Split the two contacts again."""
        split = contact_links.unmerge_contacts(self.context.db, self.result)
        self.select = split.value[0].id
        return split.changes


class LinkInterviewCommand(ContactCommand):
    """A contact added to (or taken off) an interview's participants."""

    def __init__(
        self,
        context: AppContext,
        panel: ContactsView,
        contact_id: int,
        interview_id: int,
        text: str,
    ) -> None:
        super().__init__(context, panel, text)
        self.contact_id, self.interview_id = contact_id, interview_id
        self.select = contact_id

    def forward(self) -> Changes:
        """Link the contact again."""
        db = self.context.db
        return contact_links.set_interview_link(db, self.contact_id, self.interview_id, True)

    def backward(self) -> Changes:
        """Take the link off."""
        db = self.context.db
        return contact_links.set_interview_link(db, self.contact_id, self.interview_id, False)
