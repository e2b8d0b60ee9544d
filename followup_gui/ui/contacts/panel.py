"""The Contacts tab: list on the left, the business card and what the person took part in.

Every change goes through a service (one transaction) and enters the context's
undo stack; what it changed is told to the other parts through the context. Save
is refused while a value is malformed; the reasons are shown next to the fields
and above the Save button. A save over a contact changed elsewhere (stale
version) asks whether to overwrite or reload.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain.errors import FollowUpError
from followup_gui.domain.validation import phone_key
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.changes import Changes
from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts import links as contact_links
from followup_gui.services.contacts.editing import ContactData, StaleContactError
from followup_gui.services.contacts.region import default_region
from followup_gui.ui.common.visible_refresh import ChangeGate
from followup_gui.ui.common.when import moment_text
from followup_gui.ui.contacts import commands
from followup_gui.ui.contacts.actions import ContactActions
from followup_gui.ui.contacts.card import BusinessCardEditor, error_color
from followup_gui.ui.contacts.dialogs import interview_when
from followup_gui.ui.contacts.model import ID_ROLE, ContactFilterProxy, ContactTableModel
from followup_gui.ui.contacts.scan_actions import CardScanActions
from followup_gui.ui.context import AppContext
from followup_gui.ui.followups.labels import kind_label

Btn = QMessageBox.StandardButton


class ContactsPanel(ContactActions, CardScanActions, QWidget):
    """Everyone met, and the card of the one selected.

    Args:
        context: the app context (database, settings, undo stack, changes).
    """

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.db = context.db
        self.undo_stack = context.undo_stack
        self.region = default_region(context.settings)
        self.setAccessibleName(self.tr("Contacts"))
        self.model = ContactTableModel(self)
        self.proxy = ContactFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.card = BusinessCardEditor(self.region)
        self.duplicates: list[contacts.Duplicate] = []
        self._placing_row = False
        self._dup_timer = QTimer(self, singleShot=True, interval=250)
        self._dup_timer.timeout.connect(self.check_duplicates)
        splitter = QSplitter()
        splitter.addWidget(self._make_list())
        splitter.addWidget(self._make_detail())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([540, 640])
        QVBoxLayout(self).addWidget(splitter)
        self.card.edited.connect(self._on_edited)
        self.card.card_image_requested.connect(self.choose_card_image)
        # Hidden, the panel catches up when shown: thousands of contacts take a while.
        self.change_gate = ChangeGate(self, context, self.refresh, self._shows)
        self.reload()

    # -- construction ------------------------------------------------------------
    def _button(self, text: str, slot: object, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        if tip:
            button.setToolTip(tip)
        return button

    def _make_list(self) -> QWidget:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, company, email, phone, notes…"))
        self.search.setAccessibleName(self.tr("Search contacts"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Contact list"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((150, 140, 130, 180, 130)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.new_button = self._button(self.tr("&New contact"), self.new_contact)
        self.delete_button = self._button(self.tr("Delete"), self.delete_contact)
        self.merge_button = self._button(self.tr("Merge…"), lambda: self.merge())
        self.scan_button = self.make_scan_button()
        buttons = QHBoxLayout()
        for b in (self.new_button, self.scan_button, self.delete_button, self.merge_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        return box

    def _make_detail(self) -> QWidget:
        self.duplicate_label = QLabel()
        self.duplicate_label.setWordWrap(True)
        self.duplicate_label.setAccessibleName(self.tr("Possible duplicates"))
        self.duplicate_label.setStyleSheet(
            "background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 4px; padding: 6px;"
        )
        self.duplicate_label.hide()
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setAccessibleName(self.tr("Why it cannot be saved"))
        self.flip_button = self._button(self.tr("Turn card over ⟲"), self.flip)
        self.revert_button = self._button(self.tr("Revert"), self.revert)
        self.save_button = self._button(self.tr("&Save"), self.save)
        self.save_button.setDefault(True)
        card_row = QHBoxLayout()
        card_row.addWidget(self.flip_button)
        card_row.addStretch(1)
        card_row.addWidget(self.revert_button)
        card_row.addWidget(self.save_button)
        self.script_button = self._button(self.tr("Script…"), self.open_script)
        self.call_button = QPushButton(self.tr("Call"))
        self.email_button = QPushButton(self.tr("Email"))
        self.link_button = self._button(self.tr("Add to interview…"), self.add_to_interview)
        actions = QHBoxLayout()
        for b in (self.script_button, self.call_button, self.email_button, self.link_button):
            actions.addWidget(b)
        actions.addStretch(1)
        self.history = QTreeWidget()
        self.history.setAccessibleName(self.tr("Applications, interviews and attempts with them"))
        self.history.setHeaderLabels([self.tr("With them"), self.tr("When and details")])
        self.history.setColumnWidth(0, 320)
        self.history.setMinimumHeight(150)
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addWidget(self.duplicate_label)
        lay.addWidget(self.card)
        lay.addLayout(card_row)
        lay.addWidget(self.problems_label)
        lay.addLayout(actions)
        lay.addWidget(self.history, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroll

    # -- list --------------------------------------------------------------------
    def current_id(self) -> int | None:
        """The id of the contact on the card (None: a new, unsaved contact or none)."""
        return self.card.values().id

    def reload(self, select_id: int | None = None) -> None:
        """Re-read the list from the database and show ``select_id`` (default: the current)."""
        keep = select_id if select_id is not None else self.current_id()
        self.model.set_contacts(contacts.list_contacts(self.db))
        if select_id is None and self.card.is_modified():
            # Something else changed (an import, the board): keep the user's typing.
            self._fill_history(keep)
            return
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and self.model.rowCount() and keep is None:
            row = 0
        self._go_to(row)

    def _go_to(self, row: int) -> None:
        """Select the contact in ``row`` and show it (-1: an empty card)."""
        if row < 0:
            self.show_contact(ContactData())
            return
        before, target = self.current_id(), self.model.contact(row)
        self._select_row(row)
        # Moving the current row already showed another contact: not twice.
        if before == target.id or self.current_id() != target.id:
            self.show_contact(target)

    def _select_row(self, row: int) -> None:
        """Make ``row`` the current, selected one (as a click on it would)."""
        selection = self.table.selectionModel()
        # As after a reset: moving onto the row always reports it (see _on_current).
        selection.clearCurrentIndex()
        selection.setCurrentIndex(
            self.proxy.mapFromSource(self.model.index(row, 0)),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    @contextmanager
    def _placing(self) -> Iterator[None]:
        """While a saved contact's row is put in place: moves of the current row are ours.

        The row may move, or leave the list when it no longer matches the search
        (the current row then moves to a neighbour): neither is the user choosing
        another contact, so nothing is asked and the card stays.
        """
        self._placing_row = True
        try:
            yield
        finally:
            self._placing_row = False

    def _on_current(self) -> None:
        if self._placing_row:
            return
        index = self.table.currentIndex()
        cid = index.data(ID_ROLE) if index.isValid() else None
        if cid is None or cid == self.current_id():
            return
        if self.card.is_modified() and not self.card.problems():
            name = self.card.values().full_name
            question = self.tr("Save your changes to {name}?").format(name=name)
            if self.ask(self.tr("Unsaved changes"), question, Btn.Save | Btn.Discard) == Btn.Save:
                self.save()
                return
        self.show_contact(self.model.contact(self.model.row_of(int(cid))))

    def show_contact(self, data: ContactData) -> None:
        """Put ``data`` on the card and list what they took part in."""
        self.card.set_contact(data)
        self._fill_history(data.id)
        self._fill_reach(data)
        self.check_duplicates()
        self._on_edited(check_later=False)

    def _fill_history(self, contact_id: int | None) -> None:
        self.history.clear()
        self.applications: tuple[contact_links.ApplicationLine, ...] = ()
        if contact_id is None:
            return
        h = contact_links.contact_history(self.db, contact_id)
        self.applications = h.applications
        now = self.context.now()
        groups = (
            (
                self.tr("Applications"),
                [(f"{a.company} – {a.role}", a.stage) for a in h.applications],
            ),
            (
                self.tr("Interviews"),
                [(f"{i.company} – {i.role}", interview_when(i, now)) for i in h.interviews],
            ),
            (
                self.tr("Attempts"),
                [
                    (
                        f"{moment_text(a.at, now)} · {kind_label(a.kind)} ({a.company})",
                        a.outcome + (f" – {a.notes}" if a.notes else ""),
                    )
                    for a in h.attempts
                ],
            ),
        )
        for title, rows in groups:
            top = QTreeWidgetItem([f"{title} ({len(rows)})", ""])
            for text, detail in rows:
                top.addChild(QTreeWidgetItem([text, detail]))
            self.history.addTopLevelItem(top)
            top.setExpanded(True)

    def _fill_reach(self, data: ContactData) -> None:
        for button, values, scheme in (
            (self.call_button, data.phones, "tel"),
            (self.email_button, data.emails, "mailto"),
        ):
            menu = QMenu(button)
            for value in values:
                target = phone_key(value) if scheme == "tel" else value
                url = QUrl(f"{scheme}:{target}")
                menu.addAction(value, partial(self._reach, url))
            button.setMenu(menu)
            button.setEnabled(bool(values))
        saved = data.id is not None
        for b in (self.script_button, self.link_button, self.delete_button, self.merge_button):
            b.setEnabled(saved)

    def _reach(self, url: QUrl) -> None:
        self.open_url(url)

    def open_url(self, url: QUrl) -> bool:
        """Hand a ``tel:``/``mailto:`` link to the desktop (phone app, mail program)."""
        return QDesktopServices.openUrl(url)

    # -- editing -----------------------------------------------------------------
    def _on_edited(self, check_later: bool = True) -> None:
        problems = self.card.problems()
        modified = self.card.is_modified()
        self.save_button.setEnabled(modified and not problems)
        self.revert_button.setEnabled(modified)
        if problems and modified:
            self.problems_label.setText(self._problem_text(problems))
        self.problems_label.setVisible(bool(problems) and modified)
        if check_later:
            self._dup_timer.start()

    def _problem_text(self, problems: list[str]) -> str:
        self.problems_label.setStyleSheet(f"color: {error_color(self)};")
        return self.tr("Cannot save yet:") + "".join(f"\n• {p}" for p in problems)

    def check_duplicates(self) -> list[contacts.Duplicate]:
        """Point out other contacts that may be the same person."""
        data = self.card.values()
        # Against the contacts the list holds: no query for each contact opened,
        # and only those sharing an email, a number or the company are compared.
        self.duplicates = self.model.duplicates_of(data) if data.full_name else []
        if self.duplicates:
            lines = [f"{d.full_name} ({d.company or '-'}): {d.reason}" for d in self.duplicates]
            self.duplicate_label.setText(
                self.tr("⚠ Possibly the same person as: {who}. Use Merge… to combine them.").format(
                    who="; ".join(lines)
                )
            )
        self.duplicate_label.setVisible(bool(self.duplicates))
        return self.duplicates

    def flip(self) -> None:
        """Turn the card over."""
        self.card.flip()

    def revert(self) -> None:
        """Throw away unsaved edits."""
        cid = self.current_id()
        self.show_contact(contacts.get_contact(self.db, cid) if cid else ContactData())

    def new_contact(self) -> None:
        """Show an empty card for a new person."""
        self.table.clearSelection()
        self.show_contact(ContactData())
        self.card.full_name.setFocus()

    def show_step(self, select_id: int | None) -> None:
        """Show an edit or its undo/redo: read the list again, select ``select_id``."""
        self.reload(select_id)

    def show_saved(self, contact_id: int | None) -> None:
        """Show an undo/redo of a save: one contact changed, or a new one was removed."""
        if contact_id is None:
            self.show_step(None)  # the created contact was deleted: read the list
            return
        with self._placing():
            self._go_to(self.model.put(contacts.get_contact(self.db, contact_id)))

    def announce_change(self, changes: Changes) -> None:
        """Tell the other parts about a change this panel made and already shows.

        The panel is the initiator, so it does not read the list again for it
        (with thousands of contacts a save would otherwise read them twice).
        """
        self.context.notify(changes, self)

    @staticmethod
    def _shows(changes: Changes) -> bool:
        """Contacts, and the stages of what they took part in (the history)."""
        return changes.contacts or changes.cards or changes.stage_moves or changes.stages

    def refresh(self, changes: Changes) -> bool:
        """Show a change made elsewhere: the list when contacts changed, else the history.

        Returns:
            Whether the list was read again.
        """
        if changes.contacts:
            self.reload()
            return True
        self.refresh_after_board_change()
        return False

    def refresh_after_board_change(self) -> None:
        """Show what a change on the board changed: the shown contact's history.

        A card move changes no contact, only the stage of the applications they
        took part in; reading thousands of contacts again for it made switching
        to this tab slow. The board's other edits can add contacts (an
        interviewer typed in as new): then the list is read again. The card
        keeps what the user is typing either way.
        """
        # Ids only: the board adds people, it does not edit them (an edit of an
        # existing contact from the board would need a full reload here).
        if contacts.contact_ids(self.db) != self.model.contact_ids():
            self.reload()
        else:
            self._fill_history(self.current_id())

    def save(self) -> bool:
        """Save the card (one transaction, undoable); False if nothing was saved."""
        problems = self.card.problems()
        if problems:
            self.problems_label.setText(self._problem_text(problems))
            self.problems_label.show()
            return False
        data = self.card.values()
        before = None
        try:
            if data.id is not None:
                before = contacts.get_contact(self.db, data.id)
            result = contacts.save_contact(self.db, data, self.region, replan=self._replan())
        except StaleContactError as exc:
            answer = self.ask(
                self.tr("Changed elsewhere"),
                self.tr("{e}\n\nOverwrite with your version, or load the stored one?").format(
                    e=exc
                ),
                Btn.Save | Btn.Discard | Btn.Cancel,
            )
            if answer == Btn.Discard:
                self.show_contact(exc.current)
                return False
            if answer != Btn.Save:
                return False
            before = exc.current
            result = contacts.save_contact(
                self.db, data, self.region, force=True, replan=self._replan()
            )
        except FollowUpError as exc:
            self.ask(self.tr("Not saved"), str(exc), Btn.Ok)
            return False
        saved = result.value
        self._push(commands.SaveContactCommand(self.context, self, before, saved), result.changes)
        # Only this contact changed: its row is updated in place, the list not read again.
        with self._placing():
            row = self.model.put(saved)
            self.show_contact(saved)
            self._select_row(row)
        return True

    def _replan(self) -> tuple[datetime, PlannerSettings]:
        """The clock and settings a saved contact's applications are re-planned with."""
        return self.context.now(), self.context.planner_settings()

    def ask(self, title: str, text: str, buttons: QMessageBox.StandardButton) -> Btn:
        """Ask the user (tests replace this)."""
        return Btn(QMessageBox.question(self, title, text, buttons))
