"""The board: search and quick filters over one column per stage (or a first-run panel).

User action -> undo command -> service -> :meth:`BoardWidget.changed` reloads the
shared :class:`BoardModel` (or applies the move's patch); the column models reset,
the views repaint, and the service's :class:`~followup_gui.services.changes.Changes`
goes to the other parts through the app context. Changes made by other parts
reach the board through the same context.
Dialogs are opened with ``open()`` (window-modal, not a nested event loop).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain import FollowUpError
from followup_gui.services import changes as ch
from followup_gui.services.board.cards import BoardPatch, BoardSnapshot
from followup_gui.services.changes import Changes
from followup_gui.settings import DEFAULT_PLAYBOOK
from followup_gui.ui.board.column import StageColumn
from followup_gui.ui.board.delegate import CardDelegate
from followup_gui.ui.board.model import BoardModel, StageColumnModel
from followup_gui.ui.board.side_panel import BoardSide
from followup_gui.ui.board.view import CardListView
from followup_gui.ui.board.welcome import welcome_panel
from followup_gui.ui.common.undo import push
from followup_gui.ui.common.visible_refresh import ChangeGate
from followup_gui.ui.context import AppContext

if TYPE_CHECKING:
    # Editing (commands, dialogs, services) needs storage, hence SQLAlchemy; they
    # are imported where used so the board can paint a start-up preview first.
    from followup_gui.scheduling import PlannerSettings
    from followup_gui.services.applications import editing as apps
    from followup_gui.storage import Database
    from followup_gui.ui.applications.application_dialog import ApplicationDialog


class BoardWidget(QWidget):
    """The kanban board."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        preview: BoardSnapshot | None = None,
    ) -> None:
        """Build the board over the context's database.

        Args:
            context: the app context (database, settings, clock, undo stack,
                changes); its database is not open yet with ``preview``: a
                start-up preview shows the peeked cards until :meth:`attach`
                (the start-up holds the event loop until then, so no edit can
                reach a board without one).
            parent: the parent widget.
            preview: cards read at start-up without the storage layer.
        """
        super().__init__(parent)
        self.context = context
        self.settings = context.settings
        self.undo_stack = context.undo_stack
        self.dialog: ApplicationDialog | None = None
        self.confirm: Callable[[str, str], bool] = self._ask
        self.resolve_conflict: Callable[[str], QMessageBox.StandardButton] = self._ask_conflict
        self.setAccessibleName(self.tr("Board"))
        db = context.db if context.attached else None
        self.board = BoardModel(db, context.now, self, preview)
        self.delegate = CardDelegate(context.now, self)
        self.columns: dict[str, StageColumn] = {}
        self._stage_shape: tuple[object, ...] = ()

        self.search = QLineEdit()
        self.search.setObjectName("board_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search company, role, people, notes…"))
        self.search.setAccessibleName(self.tr("Search cards"))
        self.search.textChanged.connect(lambda text: self.board.set_filter(text=text))
        self.overdue = self._toggle(self.tr("Overdue"), self.tr("Only cards with an overdue step"))
        self.overdue.toggled.connect(lambda on: self.board.set_filter(overdue=on))
        self.due_soon = self._toggle(
            self.tr("Due this week"), self.tr("Only cards with a step due in the next 7 days")
        )
        self.due_soon.toggled.connect(lambda on: self.board.set_filter(due_soon=on))
        new = QPushButton(self.tr("New application…"))
        new.setAccessibleName(self.tr("New application"))
        new.clicked.connect(self.new_application)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.overdue)
        bar.addWidget(self.due_soon)
        bar.addWidget(new)
        self.side = BoardSide(context, self.board)  # the selected card's next step
        bar.addWidget(self.side.switch_button())

        self.strip = QWidget()
        self.strip_layout = QHBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        self.columns_area = QScrollArea()
        self.columns_area.setWidgetResizable(True)
        self.columns_area.setWidget(self.strip)
        self.columns_area.setAccessibleName(self.tr("Board columns"))
        self.side.follow(self.columns_area, self.columns)  # the shown card stays in sight
        self.pages = QStackedWidget()
        self.empty = self._make_empty_panel()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.columns_area)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 1)  # the panel keeps its least width
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self.board.reloaded.connect(self._sync_columns)
        if preview is not None:
            self._sync_columns()
        if context.attached:
            self.side.attach()
        self.reload()
        # Changes made by other parts (or programs) reload the board when it is shown.
        self.change_gate = ChangeGate(self, context, self.show_changes, self._shows)

    def attach(self) -> None:
        """Load from the context's database, opened after a start-up preview."""
        self.board.attach(self.context.db)
        self.side.attach()

    @property
    def db(self) -> Database:
        """The open database (a start-up preview has none until :meth:`attach`)."""
        return self.context.db

    @staticmethod
    def _shows(changes: Changes) -> bool:
        """Cards, columns, plans (next steps) and people (names on the cards)."""
        return changes.board or changes.contacts

    def show_changes(self, changes: Changes) -> None:
        """Show changes made by another part: only the cards they touch when it can."""
        self.board.show_changes(changes)

    # -- construction ----------------------------------------------------------
    def _toggle(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        button.setCheckable(True)
        return button

    def _make_empty_panel(self) -> QWidget:
        return welcome_panel(self.new_application, self.load_demo)

    def _sync_columns(self) -> None:
        """Rebuild the columns when the stages changed; show the empty panel if no cards."""
        stages = self.board.visible_stages()
        shape = tuple(stages)
        if shape != self._stage_shape:
            self._stage_shape = shape
            collapsed = {k for k, c in self.columns.items() if c.collapsed}
            for column in self.columns.values():
                column.setParent(None)
                column.deleteLater()
            self.columns.clear()
            while self.strip_layout.count():
                self.strip_layout.takeAt(0)
            for stage in stages:
                model = StageColumnModel(self.board, stage.key, self)
                column = StageColumn(stage, model, self.delegate)
                self._wire(column.view)
                column.set_collapsed(stage.key in collapsed)
                self.columns[stage.key] = column
                self.strip_layout.addWidget(column, 1)
            self.strip_layout.addStretch(0)
        self.pages.setCurrentWidget(self.columns_area if self.board.snapshot.cards else self.empty)

    def _wire(self, view: CardListView) -> None:
        view.cards_dropped.connect(self.move_cards)
        view.stage_step_requested.connect(self.step_stage)
        view.reorder_requested.connect(self.reorder)
        view.neighbour_requested.connect(lambda step, v=view: self.focus_neighbour(v, step))
        view.open_requested.connect(self.open_details)
        view.delete_requested.connect(self.delete)
        view.menu_requested.connect(self.show_card_menu)
        view.selectionModel().selectionChanged.connect(
            lambda selected, _old, v=view: self._one_selection(v) if selected.count() else None
        )

    def _one_selection(self, chosen: CardListView) -> None:
        """One selection across the board (selecting in a column clears the others)."""
        self.side.show_selected(chosen)
        self.side.keep_in_sight()
        for column in self.columns.values():
            if column.view is not chosen and column.view.selectionModel().hasSelection():
                column.view.clearSelection()

    # -- board context (for commands) -------------------------------------------
    def now(self) -> datetime:
        """The context's clock."""
        return self.context.now()

    def planner_settings(self) -> PlannerSettings:
        """The planner's knobs from the user's settings."""
        return self.settings.planner_settings()

    def set_clock(self, clock: Callable[[], datetime]) -> None:
        """Use another clock (tests fix it) and reload."""
        self.context.clock = clock
        self.reload()

    def reload(self) -> None:
        """Load everything again (after an import, or a stage change)."""
        self.board.reload()

    def changed(self, select: Sequence[int] = (), patch: BoardPatch | None = None) -> None:
        """Show the board's own edit and select the given cards where they now are.

        The board's own edits change only the cards they name (a move re-plans the
        moved cards and shifts the others), so only those are loaded again; a move
        hands over ``patch``, what it changed, so nothing needs reading back. (The
        other parts learn of the edit from its command, through the context.)
        """
        if patch is None:
            self.board.reload(only=select)
        else:
            self.board.apply(patch, select)
        for column in self.columns.values():
            if any(column.model.row_of(i) >= 0 for i in select):
                column.view.select_ids(list(select))
                column.view.setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def view(self, stage_key: str) -> CardListView:
        """The card view of a stage (tests and automation use ``stage:<key>`` too)."""
        return self.columns[stage_key].view

    def _report(self, text: str) -> None:
        self.context.post(text)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_error(text)

    # -- moving -----------------------------------------------------------------
    def _title(self, key: str) -> str:
        stage = self.board.snapshot.stage(key)
        return stage.title if stage else key

    def move_cards(self, ids: list[int], stage_key: str, before_id: int | None = None) -> bool:
        """Move cards into a stage, before a card or at the end (undoable)."""
        from followup_gui.ui.board import commands as cmd

        if before_id in ids:
            return False  # dropped onto itself
        n = len(ids)
        many = self.tr("Move %n cards to {stage}", "", n)
        text = (self.tr("Move %n card to {stage}", "", n) if n == 1 else many).format(
            stage=self._title(stage_key)
        )
        command = cmd.MoveCardsCommand(self.context, self, ids, stage_key, before_id, text)
        return push(command, self._report)

    def step_stage(self, ids: list[int], step: int) -> None:
        """Move cards to the previous (-1) or next (+1) visible stage."""
        keys = [s.key for s in self.board.visible_stages()]
        card = self.board.card(ids[0])
        if card is None or card.stage_key not in keys:
            return
        i = keys.index(card.stage_key) + step
        if 0 <= i < len(keys):
            self.move_cards(ids, keys[i])

    def reorder(self, ids: list[int], step: int) -> None:
        """Move cards up (-1) or down (+1) by one within their column."""
        card = self.board.card(ids[0])
        if card is None:
            return
        column = [c.id for c in self.board.snapshot.column(card.stage_key)]
        rest = [i for i in column if i not in ids]
        above = len([i for i in column[: column.index(ids[0])] if i not in ids])
        where = max(0, min(above + step, len(rest)))
        before = rest[where] if where < len(rest) else None
        self.move_cards(ids, card.stage_key, before)

    def focus_neighbour(self, view: CardListView, step: int) -> None:
        """Move the keyboard focus to the next non-empty column left or right."""
        keys = list(self.columns)
        i = keys.index(view.column_model.stage_key) + step
        while 0 <= i < len(keys):
            target = self.columns[keys[i]]
            if target.model.rowCount() and not target.collapsed:
                row = min(max(view.currentIndex().row(), 0), target.model.rowCount() - 1)
                index = target.model.index(row)
                target.view.setFocus(Qt.FocusReason.OtherFocusReason)
                target.view.setCurrentIndex(index)
                return
            i += step

    def show_card_menu(self, ids: list[int], where: QPoint) -> None:
        """The context menu of selected cards: open, Move to >, delete."""
        self.card_menu(ids).popup(where)

    def card_menu(self, ids: list[int]) -> QMenu:
        """Build the card menu (separate for tests)."""
        menu = QMenu(self)
        menu.setAccessibleName(self.tr("Card actions"))
        menu.addAction(self.tr("&Open details…"), lambda: self.open_details(ids[0]))
        move_to = menu.addMenu(self.tr("&Move to"))
        current = {c.stage_key for i in ids if (c := self.board.card(i))}
        for stage in self.board.visible_stages():
            action = QAction(stage.title, move_to)
            action.setEnabled(current != {stage.key})
            action.triggered.connect(lambda _=False, k=stage.key: self.move_cards(ids, k))
            move_to.addAction(action)
        menu.addSeparator()
        menu.addAction(self.tr("&Delete…"), lambda: self.delete(ids))
        return menu

    # -- create, edit, delete -----------------------------------------------------
    def _open_dialog(self, details: apps.ApplicationDetails | None) -> ApplicationDialog:
        from followup_gui.services.applications import editing as apps
        from followup_gui.ui.applications.application_dialog import ApplicationDialog

        stage = self._title(details.draft.stage_key) if details else ""
        dialog = ApplicationDialog(
            apps.list_contacts(self.db),
            self.now(),
            self.settings.get(DEFAULT_PLAYBOOK),
            details,
            stage,
            self,
            stages=[(s.key, s.title) for s in self.board.visible_stages()],
        )
        from followup_gui.ui.contacts.scan_dialog import scan_new_person

        dialog.scan_person = lambda parent: scan_new_person(self.context, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def new_application(self) -> ApplicationDialog:
        """Open the new-application dialog; saving creates the card (undoable)."""
        dialog = self._open_dialog(None)
        dialog.accepted.connect(lambda: self._create(dialog))
        return dialog

    def _create(self, dialog: ApplicationDialog) -> None:
        from followup_gui.services.applications import editing as apps
        from followup_gui.ui.board import commands as cmd

        draft = dialog.draft()
        visible = [s.key for s in self.board.visible_stages()]
        if draft.stage_key not in visible and visible:
            draft = apps.ApplicationDraft(**{**draft.__dict__, "stage_key": visible[0]})
        command = cmd.CreateApplicationCommand(self.context, self, draft)
        if not push(command, self._report):
            dialog.show()  # keep what was typed; the error shows in the dialog

    def open_details(self, app_id: int) -> ApplicationDialog | None:
        """Open a card's details; saving updates the card at once (undoable)."""
        from followup_gui.services.applications import editing as apps

        try:
            details = apps.load_details(self.db, app_id)
        except FollowUpError as exc:
            self._report(str(exc))
            self.reload()
            return None
        dialog = self._open_dialog(details)
        self._mount_timeline(dialog, app_id)
        from followup_gui.ui.applications.attachments_panel import mount_attachments

        mount_attachments(dialog.attachments_slot, self.db, app_id, self.now)
        dialog.accepted.connect(lambda: self._save(dialog))
        return dialog

    def _mount_timeline(self, dialog: ApplicationDialog, app_id: int) -> None:
        """Show the application's timeline in the details; outcomes logged there rebase it."""
        from followup_gui.ui.followups.timeline import mount_timeline

        mount_timeline(dialog.timeline_slot, self.context, app_id, select_next=True)

        def rebase(changes: Changes, _initiator: object) -> None:
            from followup_gui.services.applications import editing as apps

            if self.dialog is not dialog or changes.external:
                return  # a change made elsewhere is not taken in: saving asks instead
            if changes.application_ids and app_id not in changes.application_ids:
                return
            try:
                fresh = apps.load_details(self.db, app_id)
            except FollowUpError:
                return  # deleted meanwhile: saving will say so
            if dialog.details is not None and fresh.version != dialog.details.version:
                dialog.rebase(fresh, self._title(fresh.draft.stage_key))

        self.context.changed.connect(rebase)
        dialog.destroyed.connect(lambda: self.context.changed.disconnect(rebase))

    def _save(self, dialog: ApplicationDialog) -> None:
        from followup_gui.services.applications import editing as apps
        from followup_gui.ui.board import commands as cmd

        details = dialog.details
        assert details is not None
        version: int | None = details.version
        stored = apps.current_version(self.db, details.id)
        if stored is not None and stored != details.version:
            # Changed elsewhere (the CLI, another computer): ask, never overwrite silently.
            answer = self.resolve_conflict(details.draft.company)
            if answer == QMessageBox.StandardButton.Discard:
                dialog.close_discarding()
                self.open_details(details.id)
                return
            if answer != QMessageBox.StandardButton.Save:
                dialog.show()
                return
            version = stored
        command = cmd.EditApplicationCommand(
            self.context, self, details.id, dialog.draft(), version
        )
        if not push(command, self._report):
            dialog.show()

    def _ask_conflict(self, company: str) -> QMessageBox.StandardButton:
        from followup_gui.ui.applications.application_dialog import ask_changed_elsewhere

        return ask_changed_elsewhere(self, company)

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def delete(self, ids: list[int]) -> bool:
        """Delete cards after confirmation (undoable)."""
        from followup_gui.ui.board import commands as cmd

        names = [c.company for i in ids if (c := self.board.card(i))]
        if not names:
            return False
        text = self.tr("Delete {what} with its interviews and plan? You can undo this.").format(
            what=names[0] if len(names) == 1 else self.tr("{n} applications").format(n=len(names))
        )
        if not self.confirm(self.tr("Delete application"), text):
            return False
        label = self.tr("Delete {what}").format(what=", ".join(names))
        return push(cmd.DeleteApplicationsCommand(self.context, self, ids, label), self._report)

    def load_demo(self) -> None:
        """Fill an empty database with the example search (first-run panel)."""
        from followup_gui.demo.example import fill_demo

        fill_demo(self.db, self.now(), self.planner_settings())
        self.changed()
        self.context.notify(ch.EVERYTHING, self)

    def open_stages_dialog(self) -> QWidget:
        """Open the board-stages settings."""
        from followup_gui.ui.board.stages_dialog import StagesDialog

        dialog = StagesDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
