"""What can be done with a contact beyond editing the card: delete, merge, scripts, links.

A mixin of :class:`~followup_gui.ui.contacts.panel.ContactsPanel` (kept apart so
each module stays small); every action is one service call and one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from followup_gui.domain.errors import FollowUpError
from followup_gui.services.changes import Changes
from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts import links as contact_links
from followup_gui.services.contacts.card_images import store_card_image
from followup_gui.services.contacts.editing import ContactData, StaleContactError
from followup_gui.ui.common.counts import counted
from followup_gui.ui.common.undo import push
from followup_gui.ui.contacts import commands

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from followup_gui.storage import Database
    from followup_gui.ui.contacts.card import BusinessCardEditor
    from followup_gui.ui.contacts.dialogs import ScriptDialog
    from followup_gui.ui.context import AppContext

Btn = QMessageBox.StandardButton

# The mixin is only ever mixed into a QWidget; tell the type checker so.
if TYPE_CHECKING:
    _Base = QWidget
else:
    _Base = object


class ContactActions(_Base):
    """Delete, merge, card photo, scripts and interview links for the shown contact."""

    if TYPE_CHECKING:
        db: Database
        undo_stack: QUndoStack
        card: BusinessCardEditor
        applications: tuple[contact_links.ApplicationLine, ...]
        script_dialog: ScriptDialog

        def ask(self, title: str, text: str, buttons: Btn) -> Btn: ...  # noqa: D102
        def current_id(self) -> int | None: ...  # noqa: D102
        def show_contact(self, data: ContactData) -> None: ...  # noqa: D102
        def show_step(self, select_id: int | None) -> None: ...  # noqa: D102
        def show_saved(self, contact_id: int | None) -> None: ...  # noqa: D102

        context: AppContext

    def _push(self, command: commands.ContactCommand, done: Changes) -> None:
        """Put an edit this panel already made on the undo stack (it shows it)."""
        push(command, self.show_error, done)

    def show_error(self, text: str) -> None:
        """Tell the user an edit could not be done."""
        self.ask(self.tr("Not done"), text, Btn.Ok)

    def delete_contact(self) -> None:
        """Delete the current contact; asks first when attempts name them."""
        data = self.card.values()
        if data.id is None:
            return
        history = contact_links.contact_history(self.db, data.id)
        text = self.tr("Delete {name}?").format(name=data.full_name)
        if history.attempts:
            text += " " + counted(
                len(history.attempts),
                self.tr(
                    "1 attempt names them; it stays in the history, marked "
                    '"Deleted contact: {name}".'
                ),
                self.tr(
                    "{n} attempts name them; those stay in the history, marked "
                    '"Deleted contact: {name}".'
                ),
                name=data.full_name,
            )
        if self.ask(self.tr("Delete contact"), text, Btn.Yes | Btn.No) != Btn.Yes:
            return
        try:
            deleted = contacts.delete_contact(self.db, data.id, data.version)
        except StaleContactError as exc:
            self.ask(self.tr("Not deleted"), str(exc), Btn.Ok)
            self.show_contact(exc.current)
            return
        self.show_contact(ContactData())
        self._push(
            commands.DeleteContactCommand(self.context, self, deleted.value), deleted.changes
        )

    def merge(self, other_id: int | None = None, keep_current: bool = True) -> bool:
        """Merge another contact with the current one (asks whom when ``other_id`` is None)."""
        current = self.card.values()
        if current.id is None:
            return False
        if other_id is None:
            from followup_gui.ui.contacts.dialogs import MergeDialog

            dups = contacts.find_duplicates(self.db, current)
            seen = {d.id for d in dups}
            rest = [
                contacts.Duplicate(c.id, c.full_name, c.company, self.tr("other contact"))
                for c in contacts.list_contacts(self.db)
                if c.id is not None and c.id != current.id and c.id not in seen
            ]
            dialog = MergeDialog(self, current, dups + rest)
            if not dialog.exec() or dialog.other_id() is None:
                return False
            other_id, keep_current = dialog.other_id(), dialog.keep_current.isChecked()
        assert other_id is not None
        primary, other = (current.id, other_id) if keep_current else (other_id, current.id)
        try:
            merged = contact_links.merge_contacts(self.db, primary, other)
        except FollowUpError as exc:
            self.ask(self.tr("Not merged"), str(exc), Btn.Ok)
            return False
        self._push(commands.MergeContactsCommand(self.context, self, merged.value), merged.changes)
        return True

    def choose_card_image(self) -> None:
        """Pick a photo of the physical card; it is copied into the data folder."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from followup_gui.paths import default_data_dir

        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Photo of the business card"), "", self.tr("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            try:
                self.card.set_card_image(store_card_image(Path(path), default_data_dir()))
            except OSError as exc:
                self.ask(self.tr("Photo not added"), str(exc), Btn.Ok)

    # -- follow-up actions -------------------------------------------------------
    def open_script(self) -> None:
        """Show the script that fits what is planned next, with a Copy button."""
        from followup_gui.paths import default_data_dir
        from followup_gui.scripts import RenderedScript, ScriptKind
        from followup_gui.ui.contacts.dialogs import ScriptDialog

        cid = self.current_id()
        if cid is None:
            return
        if not self.applications:
            self.ask(
                self.tr("No application yet"),
                self.tr("Add this person to an interview first, so the script knows the job."),
                Btn.Ok,
            )
            return
        kind = contact_links.suggested_script(self.db, cid, self.applications[0].id)
        scripts_dir = default_data_dir() / "scripts"

        def render(app_id: int, k: ScriptKind) -> RenderedScript:
            return contact_links.render_contact_script(self.db, cid, app_id, k, scripts_dir)

        self.script_dialog = ScriptDialog(self, render, self.applications, kind)
        self.script_dialog.show()

    def add_to_interview(self, interview_id: int | None = None) -> bool:
        """Add the current contact to an interview (asks which when ``interview_id`` is None)."""
        data = self.card.values()
        if data.id is None:
            return False
        if interview_id is None:
            from followup_gui.ui.contacts.dialogs import InterviewPickerDialog

            choices = contact_links.interview_choices(self.db, data.id)
            if not choices:
                self.ask(
                    self.tr("No interview"),
                    self.tr("There is no interview to add them to."),
                    Btn.Ok,
                )
                return False
            dialog = InterviewPickerDialog(self, data.full_name, choices)
            if not dialog.exec() or dialog.interview_id() is None:
                return False
            interview_id = dialog.interview_id()
        assert interview_id is not None
        linked = contact_links.set_interview_link(self.db, data.id, interview_id, True)
        if not linked:
            return False
        text = self.tr("Add {name} to an interview").format(name=data.full_name)
        self._push(
            commands.LinkInterviewCommand(self.context, self, data.id, interview_id, text), linked
        )
        return True
