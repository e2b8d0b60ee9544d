"""The main window: it assembles the parts (menus, board, status bar), it holds no logic.

Every part is built with the window's :class:`~followup_gui.ui.context.AppContext`
(database, settings, clock, undo stack, the one ``changed`` signal), never with
the window; the window only connects the context's requests (show the agenda,
open an application) to its tabs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

from followup_gui import APP_NAME, __version__
from followup_gui.domain.errors import FollowUpError
from followup_gui.gc_tuning import refreeze_after_restore
from followup_gui.settings import Settings
from followup_gui.ui.common.counts import counted
from followup_gui.ui.context import AppContext
from followup_gui.ui.shell.resources import app_icon
from followup_gui.ui.shell.warm_up import warm_up_later

if TYPE_CHECKING:
    # Qt's ``Qt`` namespace, QKeySequence, QAction and the dialogs build their Python
    # enums when imported (``Qt`` alone ~16 ms): imported where used, after the
    # first paint.
    from PySide6.QtGui import QAction, QCloseEvent, QKeySequence

    # importing storage pulls in SQLAlchemy: not before the first paint
    from followup_gui.services.board.cards import BoardSnapshot
    from followup_gui.services.interchange.json.backup import ImportReport
    from followup_gui.storage import Database
    from followup_gui.ui.common.background import BackgroundTask
    from followup_gui.ui.contacts.panel import ContactsPanel
    from followup_gui.ui.followups.agenda import AgendaView
    from followup_gui.ui.insights.view import InsightsView


class MainWindow(QMainWindow):
    """FollowUp's main window: the frame around the parts of one :class:`AppContext`."""

    def __init__(self, db: Database | None = None, settings: Settings | None = None) -> None:
        super().__init__()
        self.context = AppContext(settings, parent=self)
        self.settings = self.context.settings
        self.undo_stack = self.context.undo_stack
        self.context.message_posted.connect(self.statusBar().showMessage)
        self.context.agenda_requested.connect(self.show_agenda)
        self.context.application_requested.connect(self.open_application)
        self.context.follow_up_requested.connect(self.open_follow_up)
        self.context.window_requested.connect(self.bring_to_front)
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(self.tr("FollowUp main window"))
        self._fit_to_screen()
        from followup_gui.ui.common.theme import ThemeSwitch

        self.theme = ThemeSwitch(self.settings, self)
        self.theme.apply()
        if db is None:
            # Staged start (app.py): the window paints first, the parts come with the data.
            self.statusBar().showMessage(self.tr("Opening your data…"))
        else:
            self.attach(db)

    def show_preview(self, snapshot: BoardSnapshot) -> None:
        """Show the board of a start-up peek before the database is open (``app.py``).

        The start-up paints it without handling user input, then opens the
        database and calls :meth:`attach`, which loads the board again from it.
        """
        self.setCentralWidget(self._make_central(snapshot))

    def attach(self, db: Database) -> None:
        """Build the parts (board, agenda, contacts, menus) over the opened ``db``."""
        self.context.attach(db)
        # With the parts, not before the first paint: the icon theme lookup costs
        # time, and the desktop file already names the icon for the launcher.
        self.setWindowIcon(app_icon())
        if hasattr(self, "board"):
            self.board.attach()  # after show_preview: its tabs stay
        else:
            self.setCentralWidget(self._make_central())
        self._make_menus()
        self._make_count()
        warm_up_later(self.settings)
        from followup_gui.ui.sync.scheduler import start_sync

        start_sync(self.context)
        self._select_start_tab(os.environ.get("FOLLOWUP_START_TAB", ""))

    @property
    def db(self) -> Database:
        """The open database (the context's)."""
        return self.context.db

    # -- construction -------------------------------------------------------
    def _select_start_tab(self, name: str) -> None:
        """Open on the tab called ``name`` (``FOLLOWUP_START_TAB``, used for screenshots)."""
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i).replace("&", "").lower() == name.lower():
                self.tabs.setCurrentIndex(i)

    def _fit_to_screen(self) -> None:
        """Open at 1200x760, or smaller on a small (or highly scaled) screen."""
        screen = QApplication.primaryScreen()
        if screen is None:
            self.resize(1200, 760)
            return
        avail = screen.availableGeometry()
        self.resize(min(1200, int(avail.width() * 0.95)), min(760, int(avail.height() * 0.9)))

    def _make_central(self, preview: BoardSnapshot | None = None) -> QWidget:
        """One tab per part of the app; each part is its own widget module."""
        tabs = QTabWidget()
        tabs.setDocumentMode(True)
        tabs.setAccessibleName(self.tr("Main views"))
        tabs.addTab(self._make_board(preview), self.tr("Board"))
        from followup_gui.ui.shell.lazy_tab import LazyTabs

        # Built when first opened: with thousands of records they take seconds to
        # load, and the board (the first tab) should not wait for them.
        self.lazy_tabs = LazyTabs(tabs)
        self.lazy_tabs.add("agenda", self.tr("Agenda"), self._make_agenda)
        self.lazy_tabs.add("contacts", self.tr("Contacts"), self._make_contacts)
        self.lazy_tabs.add("insights", self.tr("Insights"), self._make_insights)
        self.tabs = tabs
        self._install_vcard_drop()
        return tabs

    @property
    def contacts(self) -> ContactsPanel:
        """The contacts tab's panel (built on first use)."""
        from followup_gui.ui.contacts.panel import ContactsPanel

        panel = self.lazy_tabs.part("contacts")
        assert isinstance(panel, ContactsPanel)
        return panel

    @property
    def agenda(self) -> AgendaView:
        """The agenda tab (built on first use)."""
        from followup_gui.ui.followups.agenda import AgendaView

        view = self.lazy_tabs.part("agenda")
        assert isinstance(view, AgendaView)
        return view

    def _make_agenda(self) -> QWidget:
        from followup_gui.ui.followups.agenda import AgendaView

        return AgendaView(self.context)

    @property
    def insights(self) -> InsightsView:
        """The insights tab (built on first use)."""
        from followup_gui.ui.insights.view import InsightsView

        view = self.lazy_tabs.part("insights")
        assert isinstance(view, InsightsView)
        return view

    def _make_insights(self) -> QWidget:
        from followup_gui.ui.insights.view import InsightsView

        return InsightsView(self.context)

    def _install_vcard_drop(self) -> None:
        """.vcf files dropped on the window import into the contacts (built then)."""
        from followup_gui.ui.contacts.vcard_io import VcardDropFilter

        # The contacts tab is built when a file is dropped, not before.
        self.vcard_drop = VcardDropFilter(self, lambda: self.contacts)

    def _make_board(self, preview: BoardSnapshot | None = None) -> QWidget:
        """The kanban board (``ui/board``); imports and board edits reload it."""
        from followup_gui.ui.board import BoardWidget

        self.board = BoardWidget(self.context, parent=self, preview=preview)
        return self.board

    def _make_contacts(self) -> QWidget:
        """The contacts list and business-card editor (``ui/contacts``); .vcf drops import."""
        from followup_gui.ui.contacts.panel import ContactsPanel

        return ContactsPanel(self.context)

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _make_menus(self) -> None:
        from PySide6.QtGui import QIcon, QKeySequence

        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_application_action = self._action(
            self.tr("&New application…"), self.new_application, QKeySequence.StandardKey.New
        )
        self.new_application_action.setIcon(QIcon.fromTheme("document-new"))
        file_menu.addAction(self.new_application_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Import JSON…"), self.import_json))
        file_menu.addAction(self._action(self.tr("&Export JSON…"), self.export_json))
        import followup_gui.ui.interchange.csv_actions as csv_actions

        context = self.context
        file_menu.addAction(
            self._action(self.tr("Import CS&V…"), lambda: csv_actions.import_csv(context, self))
        )
        file_menu.addAction(
            self._action(
                self.tr("Export &applications CSV…"),
                lambda: csv_actions.export_applications(context, self),
            )
        )
        file_menu.addAction(
            self._action(
                self.tr("Export c&ontacts CSV…"),
                lambda: csv_actions.export_contacts(context, self),
            )
        )
        file_menu.addAction(self._action(self.tr("Export &calendar (.ics)…"), self.export_calendar))
        from followup_gui.ui.mail.check_now import check_mail_now

        file_menu.addAction(
            self._action(self.tr("Check &mail now"), lambda: check_mail_now(context, self))
        )
        from followup_gui.ui.contacts import vcard_io

        file_menu.addAction(
            self._action(self.tr("Import &vCard…"), lambda: vcard_io.import_dialog(self.contacts))
        )
        file_menu.addAction(
            self._action(self.tr("Export v&Card…"), lambda: vcard_io.export_dialog(self.contacts))
        )
        file_menu.addAction(self._action(self.tr("&Back up database…"), self.backup))
        self.restore_action = self._action(self.tr("&Restore from backup…"), self.restore_backup)
        self.restore_action.setEnabled(self.db.path is not None)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), self.quit, "Ctrl+Q"))
        edit_menu = bar.addMenu(self.tr("&Edit"))
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts(
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)]
        )
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(
            self._action(self.tr("&Settings…"), self.open_settings, QKeySequence("Ctrl+,"))
        )
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.view_menu.addAction(
            self._action(self.tr("Board &stages…"), self.board.open_stages_dialog)
        )
        self.view_menu.addAction(
            self._action(self.tr("&Find cards"), lambda: self.board.search.setFocus(), "Ctrl+F")
        )
        self.view_menu.addAction(self.board.side.toggle_action)  # the board's next step
        self._make_theme_menu()
        toolbar = self.addToolBar(self.tr("Board"))
        toolbar.setObjectName("board_toolbar")
        toolbar.addAction(self.new_application_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About FollowUp"), self.about))

    def _make_theme_menu(self) -> None:
        """View > Theme: System, Light, Dark (one checked; remembered)."""
        from followup_gui.ui.shell.chrome import theme_menu

        self.theme_actions = theme_menu(self.view_menu, self.theme)

    def _make_count(self) -> None:
        """The number of applications, on the right of the status bar, always current."""
        from followup_gui.ui.shell.chrome import ApplicationCount

        self.count_label = ApplicationCount(self.context)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().clearMessage()

    def quit(self) -> None:
        """Quit FollowUp (Ctrl+Q): the window closes for real, the tray too."""
        self.context.quitting.emit()
        QApplication.quit()

    # -- actions ------------------------------------------------------------
    def new_application(self) -> None:
        """Open the new-application dialog (the board provides it)."""
        self.tabs.setCurrentWidget(self.board)
        self.board.new_application()

    def import_json(self) -> BackgroundTask | None:
        """Ask for a JSON file and add its content (all or nothing), off the GUI thread."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import JSON"), "", self.tr("FollowUp JSON (*.json)")
        )
        if not path:
            return None
        return self.import_json_file(Path(path))

    def import_json_file(self, path: Path) -> BackgroundTask:
        """Import ``path`` in the background; Cancel rolls the whole import back."""
        from PySide6.QtWidgets import QMessageBox

        from followup_gui.services.interchange.json.backup import import_json

        db, now, planner = self.db, self.context.now(), self.settings.planner_settings()

        def done(report: ImportReport) -> None:
            self.settings.store(report.settings)  # the plan was made with them
            self.context.notify(report.changes, self)
            self.statusBar().showMessage(
                self.tr("Imported {a} and {c}.").format(
                    a=counted(
                        report.applications,
                        self.tr("1 application"),
                        self.tr("{n} applications"),
                    ),
                    c=counted(report.contacts, self.tr("1 contact"), self.tr("{n} contacts")),
                )
            )

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, FollowUpError | OSError):
                raise exc
            QMessageBox.warning(
                self,
                self.tr("Nothing was imported"),
                self.tr("{file} could not be imported:\n\n{error}").format(file=path, error=exc),
            )

        return self.context.run_in_background(
            self,
            self.tr("Import JSON"),
            self.tr("Importing {file}…").format(file=path.name),
            lambda progress: import_json(db, path, now, planner, progress),
            on_done=done,
            on_error=failed,
            on_cancel=lambda: self.statusBar().showMessage(
                self.tr("Import cancelled; nothing was changed.")
            ),
        )

    def export_json(self) -> BackgroundTask | None:
        """Write everything to a JSON file the user picks, off the GUI thread."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export JSON"), "followup.json", self.tr("FollowUp JSON (*.json)")
        )
        if not path:
            return None
        from followup_gui.services.interchange.json.backup import export_json

        carried = self.settings.travelling()
        from followup_gui.ui.common.file_export import export_in_background

        db = self.db
        # Written beside the target, then put in place: a cancel or a failure,
        # however late, leaves a file that was there as it was.
        return export_in_background(
            self,
            self.tr("Export JSON"),
            Path(path),
            lambda part, progress: export_json(db, part, progress, carried),
            on_written=lambda n: self.statusBar().showMessage(
                counted(
                    n, self.tr("Exported 1 application."), self.tr("Exported {n} applications.")
                )
            ),
            on_cancel=lambda: self.statusBar().showMessage(
                self.tr("Export cancelled; no file was written.")
            ),
        )

    def backup(self) -> BackgroundTask | None:
        """Write a consistent copy of the database where the user says, off the GUI thread."""
        from followup_gui.ui.shell.backups import backup_as

        return backup_as(self.context, self)

    def restore_backup(self) -> QWidget:
        """List the automatic backups; restoring one reloads every view."""
        from PySide6.QtCore import Qt

        from followup_gui.ui.common.background_load import wait_for_loads
        from followup_gui.ui.shell.backups import RestoreBackupDialog

        dialog = RestoreBackupDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.about_to_restore.connect(wait_for_loads)  # (the insights read in a thread)
        dialog.restored.connect(lambda _path: self.undo_stack.clear())
        dialog.restored.connect(lambda _path: self.context.notify(dialog.changes))
        dialog.restored.connect(lambda _path: refreeze_after_restore())  # after the reloads
        dialog.open()
        return dialog

    def open_settings(self, *, first_run: bool = False) -> bool:
        """Edit the profile and planner settings; returns True when saved."""
        from followup_gui.ui.settings.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.context,
            self,
            first_run=first_run,
            edit_stages=self.board.open_stages_dialog,
        )
        return dialog.exec() == SettingsDialog.DialogCode.Accepted

    def offer_first_run_setup(self) -> None:
        """Once, on first start with an empty profile, ask for the user's details (R1)."""
        from followup_gui.services.settings.profile import load_profile
        from followup_gui.settings import PROFILE_PROMPTED

        if self.settings.get(PROFILE_PROMPTED) or load_profile(self.db).name:
            return
        self.settings.set(PROFILE_PROMPTED, True)
        self.open_settings(first_run=True)

    def about(self) -> None:
        """Show the version and what FollowUp is for."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About FollowUp"),
            self.tr(
                "<h3>FollowUp {v}</h3><p>Turns every interview into a plan: who to thank, "
                "when to call, what to say and when to stop.</p>"
                "<p>Your data stays on this computer.</p>"
            ).format(v=__version__),
        )

    def show_agenda(self) -> None:
        """Bring the window forward on the Agenda tab (what the tray opens)."""
        self.tabs.setCurrentWidget(self.agenda)
        self.bring_to_front()

    def open_follow_up(self, follow_up_id: int) -> None:
        """Show a follow-up in the agenda's action panel (a reminder was clicked)."""
        self.show_agenda()
        self.agenda.select_follow_up(follow_up_id)

    def open_application(self, app_id: int) -> None:
        """Bring the window forward with an application's details open."""
        self.bring_to_front()
        self.tabs.setCurrentWidget(self.board)
        self.board.open_details(app_id)

    def export_calendar(self) -> BackgroundTask | None:
        """Write every pending follow-up to an .ics file the user picks, off the GUI thread."""
        from followup_gui.ui.interchange.calendar_actions import export_calendar

        return export_calendar(self.context, self)

    def bring_to_front(self) -> None:
        """Show, un-minimise and raise the window (a second launch asked for it)."""
        from PySide6.QtCore import Qt

        self.show()
        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Accept the close; the tray (when there is one) decides later."""
        event.accept()
