"""vCard files in the window: File-menu import/export and .vcf files dropped on the window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from followup_gui.domain.errors import FollowUpError

if TYPE_CHECKING:
    # The drop filter is installed at start-up: the vCard parser and the contacts
    # panel are imported when a file is actually imported or exported.
    from followup_gui.ui.contacts.panel import ContactsPanel

VCARD_SUFFIXES = (".vcf", ".vcard")


def vcard_paths(event: QDropEvent) -> list[Path]:
    """The local .vcf files a drag carries."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in VCARD_SUFFIXES]


def import_files(panel: ContactsPanel, paths: list[Path]) -> int:
    """Import vCard files one by one (each all or nothing); returns contacts added.

    A bad file is reported with the card and line at fault; the others still import.
    """
    from followup_gui.services.vcard import import_vcards
    from followup_gui.storage import default_data_dir

    added: list[int] = []
    failures: list[str] = []
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        for path in paths:
            try:
                new = import_vcards(panel.db, path, default_data_dir(), panel.region)
            except FollowUpError as exc:
                failures.append(f"{path.name}: {exc}")
            except OSError as exc:
                failures.append(f"{path.name}: {exc.strerror}")
            else:
                added += [c.id for c in new if c.id is not None]
    finally:
        QApplication.restoreOverrideCursor()
    if added:
        panel.reload(added[0])
        panel.contacts_changed.emit()
    if failures:
        panel.ask(
            panel.tr("Nothing imported from some files"),
            panel.tr("These files were not imported:\n\n{f}").format(f="\n".join(failures)),
            QMessageBox.StandardButton.Ok,
        )
    return len(added)


def import_dialog(panel: ContactsPanel) -> int:
    """Ask for vCard files and import them."""
    names, _ = QFileDialog.getOpenFileNames(
        panel, panel.tr("Import vCard"), "", panel.tr("vCard (*.vcf *.vcard)")
    )
    return import_files(panel, [Path(n) for n in names]) if names else 0


def export_dialog(panel: ContactsPanel) -> int:
    """Ask where to write every contact as vCard 4.0."""
    name, _ = QFileDialog.getSaveFileName(
        panel, panel.tr("Export vCard"), "contacts.vcf", panel.tr("vCard (*.vcf)")
    )
    if not name:
        return 0
    from followup_gui.services.vcard import export_vcards

    try:
        return export_vcards(panel.db, Path(name))
    except (OSError, FollowUpError) as exc:
        panel.ask(panel.tr("Export failed"), str(exc), QMessageBox.StandardButton.Ok)
        return 0


class VcardDropFilter(QObject):
    """Accepts .vcf files dropped anywhere on a window and imports them.

    Installed as an event filter on the window (which must accept drops); the
    window needs no code of its own for it.
    """

    def __init__(self, window: QWidget, panel: ContactsPanel) -> None:
        super().__init__(window)
        self.panel = panel
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
                import_files(self.panel, paths)
                return True
        return super().eventFilter(watched, event)
