"""vCard files in the window: File-menu import/export and .vcf files dropped on the window.

Both run off the GUI thread with a progress dialog (:mod:`followup_gui.ui.common.background`).
An import is one transaction, so Cancel changes nothing; within it each file is all
or nothing, and a bad file is reported (card and line) while the others import.
An export that is cancelled or fails leaves the chosen file as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from followup_gui.domain.errors import FollowUpError
from followup_gui.ui.common.counts import counted

if TYPE_CHECKING:
    # The drop filter is installed at start-up: the vCard parser and the contacts
    # panel are imported when a file is actually imported or exported.
    from followup_gui.services.interchange.vcard.importing import VcardImportReport
    from followup_gui.ui.common.background import BackgroundTask, Progress
    from followup_gui.ui.contacts.panel import ContactsPanel

VCARD_SUFFIXES = (".vcf", ".vcard")


def vcard_paths(event: QDropEvent) -> list[Path]:
    """The local .vcf files a drag carries."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in VCARD_SUFFIXES]


def _show_status(panel: ContactsPanel, text: str) -> None:
    """Say ``text`` in the window's status bar (when the panel is in the main window)."""
    window = panel.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text)


def imported_text(panel: ContactsPanel, added: int, updated: int) -> str:
    """What an import did, e.g. "Imported 1 contact. Updated 2 contacts already kept (…)."."""
    text = counted(added, panel.tr("Imported 1 contact."), panel.tr("Imported {n} contacts."))
    if updated:
        text += " " + counted(
            updated,
            panel.tr("Updated 1 contact already kept (same card or email)."),
            panel.tr("Updated {n} contacts already kept (same card or email)."),
        )
    return text


def import_files(panel: ContactsPanel, paths: list[Path]) -> BackgroundTask:
    """Import vCard files in the background (one transaction; each file all or nothing).

    A bad file is reported with the card and line at fault; the others still
    import. Cancel imports nothing at all.

    Returns:
        The running import.
    """
    from followup_gui.paths import default_data_dir
    from followup_gui.services.interchange.vcard.importing import import_vcard_files
    from followup_gui.ui.common.background import run_in_background

    db, data_dir, region = panel.db, default_data_dir(), panel.region

    def done(report: VcardImportReport) -> None:
        added = [c.id for c in report.added if c.id is not None]
        updated = [c.id for c in report.updated if c.id is not None]
        if added or updated:
            panel.reload((added or updated)[0])
            panel.announce_change(report.changes)
        _show_status(panel, imported_text(panel, len(added), len(updated)))
        if report.failures:
            panel.ask(
                panel.tr("Nothing imported from some files"),
                panel.tr("These files were not imported:\n\n{f}").format(
                    f="\n".join(f.message for f in report.failures)
                ),
                QMessageBox.StandardButton.Ok,
            )

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, FollowUpError | OSError):
            raise exc  # a bug: the crash dialog shows it
        panel.ask(
            panel.tr("Nothing was imported"),
            panel.tr("The vCard files could not be imported:\n\n{e}").format(e=exc),
            QMessageBox.StandardButton.Ok,
        )

    def job(progress: Progress) -> VcardImportReport:
        return import_vcard_files(db, paths, data_dir, region, progress)

    def cancelled() -> None:  # (a Cancel after the commit reports the import done)
        _show_status(panel, panel.tr("Import cancelled; nothing was changed."))

    names = ", ".join(p.name for p in paths)
    return run_in_background(
        panel.window(),
        panel.tr("Import vCard"),
        panel.tr("Importing {files}…").format(files=names),
        job,
        on_done=done,
        on_error=failed,
        on_cancel=cancelled,
    )


def import_dialog(panel: ContactsPanel) -> BackgroundTask | None:
    """Ask for vCard files and import them in the background."""
    names, _ = QFileDialog.getOpenFileNames(
        panel, panel.tr("Import vCard"), "", panel.tr("vCard (*.vcf *.vcard)")
    )
    return import_files(panel, [Path(n) for n in names]) if names else None


def export_to(panel: ContactsPanel, path: Path) -> BackgroundTask:
    """Write every contact to ``path`` as vCard 4.0, in the background.

    Cancel or a failure leaves ``path`` as it was.
    """
    from followup_gui.services.interchange.vcard.cards import export_vcards
    from followup_gui.ui.common.file_export import export_in_background

    db = panel.db
    return export_in_background(
        panel.window(),
        panel.tr("Export vCard"),
        path,
        lambda part, progress: export_vcards(db, part, progress=progress),
        on_written=lambda n: _show_status(
            panel,
            counted(
                n,
                panel.tr("Exported 1 contact to {p}."),
                panel.tr("Exported {n} contacts to {p}."),
                p=path,
            ),
        ),
        on_cancel=lambda: _show_status(
            panel, panel.tr("Export cancelled; {p} was not changed.").format(p=path)
        ),
    )


def export_dialog(panel: ContactsPanel) -> BackgroundTask | None:
    """Ask where to write every contact as vCard 4.0, then write it in the background."""
    name, _ = QFileDialog.getSaveFileName(
        panel, panel.tr("Export vCard"), "contacts.vcf", panel.tr("vCard (*.vcf)")
    )
    return export_to(panel, Path(name)) if name else None


class VcardDropFilter(QObject):
    """Accepts .vcf files dropped anywhere on a window and imports them.

    Installed as an event filter on the window (which must accept drops); the
    window needs no code of its own for it.
    """

    def __init__(self, window: QWidget, panel: Callable[[], ContactsPanel]) -> None:
        """Take drops on ``window``; ``panel()`` gives the contacts panel to import into.

        The panel is asked for only when a file is dropped (the window builds its
        contacts tab then, not at start-up).
        """
        super().__init__(window)
        self._panel = panel
        #: The import the last drop started (tests wait for it).
        self.task: BackgroundTask | None = None
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take drag-enter/move/drop events that carry vCard files."""
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            if vcard_paths(event):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = vcard_paths(event)
            if paths:
                event.acceptProposedAction()
                self.task = import_files(self._panel(), paths)
                return True
        return super().eventFilter(watched, event)
