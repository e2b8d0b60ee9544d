"""The board: search and quick filters over one column per stage (or a first-run panel).

User action -> undo command -> service -> :meth:`BoardWidget.changed` reloads the
shared :class:`BoardModel`; the column models reset and the views repaint.
Dialogs are opened with ``open()`` (window-modal, not a nested event loop).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain import FollowUpError
from followup_gui.services.board.cards import BoardPatch, BoardSnapshot
from followup_gui.settings import DEFAULT_PLAYBOOK, Settings
from followup_gui.ui.board.delegate import CardDelegate
from followup_gui.ui.board.model import BoardModel, StageColumnModel
from followup_gui.ui.board.view import CardListView, StageColumn

if TYPE_CHECKING:
    # Editing (commands, dialogs, services) needs storage, hence SQLAlchemy; they
    # are imported where used so the board can paint a start-up preview first.
    from followup_gui.scheduling import PlannerSettings
    from followup_gui.services.applications import editing as apps
    from followup_gui.storage import Database
    from followup_gui.ui.applications.application_dialog import ApplicationDialog


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


class BoardWidget(QWidget):
    """The kanban board.

    Signals:
        board_changed: cards were moved, created, edited or deleted.
        message_posted(str): something worth a status-bar line happened.
    """

    board_changed = Signal()
    message_posted = Signal(str)

    def __init__(
        self,
        db: Database | None,
        settings: Settings,
        undo_stack: QUndoStack,
        clock: Callable[[], datetime] = utc_now,
        parent: QWidget | None = None,
        preview: BoardSnapshot | None = None,
    ) -> None:
        """Build the board over ``db``.

        Args:
            db: the database; ``None`` with ``preview``: a start-up preview that
                shows the peeked cards until :meth:`attach` brings the database
                (the start-up holds the event loop until then, so no edit can
                reach a board without one).
            settings: the user's settings.
            undo_stack: where moves and edits go.
            clock: the board's "now".
            parent: the parent widget.
            preview: cards read at start-up without the storage layer.
        """
        super().__init__(parent)
        self._db = db
        self.settings = settings
        self.undo_stack = undo_stack
        self.clock = clock
        self.dialog: ApplicationDialog | None = None
        self.confirm: Callable[[str, str], bool] = self._ask
        self.resolve_conflict: Callable[[str], QMessageBox.StandardButton] = self._ask_conflict
        self.setAccessibleName(self.tr("Board"))
        self.board = BoardModel(db, clock, self, preview)
        self.delegate = CardDelegate(clock, self)
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

        self.strip = QWidget()
        self.strip_layout = QHBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        self.columns_area = QScrollArea()
        self.columns_area.setWidgetResizable(True)
        self.columns_area.setWidget(self.strip)
        self.columns_area.setAccessibleName(self.tr("Board columns"))
        self.pages = QStackedWidget()
        self.empty = self._make_empty_panel()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.columns_area)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        self.board.reloaded.connect(self._sync_columns)
        if preview is not None:
            self._sync_columns()
        self.reload()

    def attach(self, db: Database) -> None:
        """Take the opened database after a start-up preview, and load from it."""
        self._db = db
        self.board.attach(db)

    @property
    def db(self) -> Database:
        """The open database (a start-up preview has none until :meth:`attach`)."""
        if self._db is None:
            raise RuntimeError("the board was used before its database was opened")
        return self._db

    # -- construction ----------------------------------------------------------
    def _toggle(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        button.setCheckable(True)
        return button

    def _make_empty_panel(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("board_empty")
        panel.setAccessibleName(self.tr("Getting started"))
        title = QLabel(self.tr("<h2>Welcome to FollowUp</h2>"))
        text = QLabel(
            self.tr(
                "Add the job you applied for or interviewed at, and FollowUp plans who to "
                "thank, when to call and when to move on.<br>Or look around with an example "
                "search first; you can delete it later."
            )
        )
        text.setWordWrap(True)
        first = QPushButton(self.tr("Create your first application…"))
        first.setObjectName("empty_create")
        first.clicked.connect(self.new_application)
        demo = QPushButton(self.tr("Load the example search"))
        demo.setObjectName("empty_demo")
        demo.clicked.connect(self.load_demo)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(first)
        buttons.addWidget(demo)
        buttons.addStretch(1)
        box = QVBoxLayout()
        for label in (title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(label)
        box.addLayout(buttons)
        outer = QVBoxLayout(panel)
        outer.addStretch(1)
        holder = QHBoxLayout()
        holder.addStretch(1)
        holder.addLayout(box, 3)
        holder.addStretch(1)
        outer.addLayout(holder)
        outer.addStretch(2)
        return panel

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

    # -- board context (for commands) -------------------------------------------
    def now(self) -> datetime:
        """The injected clock."""
        return self.clock()

    def planner_settings(self) -> PlannerSettings:
        """The planner's knobs from the user's settings."""
        return self.settings.planner_settings()

    def set_clock(self, clock: Callable[[], datetime]) -> None:
        """Use another clock (tests fix it) and reload."""
        self.clock = clock
        self.board.clock = clock
        self.delegate.clock = clock
        self.reload()

    def reload(self) -> None:
        """Load everything again (after an import, or a stage change)."""
        self.board.reload()

    def changed(self, select: Sequence[int] = (), patch: BoardPatch | None = None) -> None:
        """Reload after a change and select the given cards where they now are.

        The board's own edits change only the cards they name (a move re-plans the
        moved cards and shifts the others), so only those are loaded again; a move
        hands over ``patch``, what it changed, so nothing needs reading back.
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
        self.board_changed.emit()

    def view(self, stage_key: str) -> CardListView:
        """The card view of a stage (tests and automation use ``stage:<key>`` too)."""
        return self.columns[stage_key].view

    def _report(self, text: str) -> None:
        self.message_posted.emit(text)
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
        text = self.tr("Move {n} card(s) to {stage}").format(
            n=len(ids), stage=self._title(stage_key)
        )
        command = cmd.MoveCardsCommand(self, ids, stage_key, before_id, text)
        return cmd.run(self.undo_stack.push, command, self._report)

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
        )
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
        command = cmd.CreateApplicationCommand(self, draft)
        if not cmd.run(self.undo_stack.push, command, self._report):
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

        window = self.window()
        changed = getattr(window, "data_changed", None)
        mount_timeline(
            dialog.timeline_slot,
            self.db,
            app_id,
            settings=self.settings,
            undo_stack=self.undo_stack,
            data_changed=changed,
            clock=self.now,
        )

        def rebase() -> None:
            from followup_gui.services.applications import editing as apps

            if self.dialog is not dialog or getattr(window, "external_change", False):
                return  # a change made elsewhere is not taken in: saving asks instead
            try:
                fresh = apps.load_details(self.db, app_id)
            except FollowUpError:
                return  # deleted meanwhile: saving will say so
            if dialog.details is not None and fresh.version != dialog.details.version:
                dialog.rebase(fresh, self._title(fresh.draft.stage_key))

        if changed is not None:
            changed.connect(rebase)
            dialog.destroyed.connect(lambda: changed.disconnect(rebase))

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
                dialog.close()
                self.open_details(details.id)
                return
            if answer != QMessageBox.StandardButton.Save:
                dialog.show()
                return
            version = stored
        command = cmd.EditApplicationCommand(self, details.id, dialog.draft(), version)
        if not cmd.run(self.undo_stack.push, command, self._report):
            dialog.show()

    def _ask_conflict(self, company: str) -> QMessageBox.StandardButton:
        """Save (overwrite), Discard (load the stored version) or Cancel."""
        buttons = QMessageBox.StandardButton
        text = self.tr(
            "{company} was changed elsewhere (another window, program or computer) since "
            "you opened it.\n\nOverwrite it with your version, or discard your edits and "
            "load the stored one?"
        ).format(company=company)
        return QMessageBox.question(
            self,
            self.tr("Changed elsewhere"),
            text,
            buttons.Save | buttons.Discard | buttons.Cancel,
        )

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
        return cmd.run(
            self.undo_stack.push, cmd.DeleteApplicationsCommand(self, ids, label), self._report
        )

    def load_demo(self) -> None:
        """Fill an empty database with the example search (first-run panel)."""
        from followup_gui.demo.example import fill_demo

        fill_demo(self.db, self.now(), self.planner_settings())
        self.changed()

    def open_stages_dialog(self) -> QWidget:
        """Open the board-stages settings."""
        from followup_gui.ui.board.stages_dialog import StagesDialog

        dialog = StagesDialog(self.db, self.reload, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
