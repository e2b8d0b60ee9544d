"""The attachments section of an application's details, and its "Print report (PDF)…" button.

Files are copied into the data folder by :mod:`followup_gui.services.applications.attachments`
and opened with the desktop's default application (``QDesktopServices``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain.errors import FollowUpError
from followup_gui.paths import default_data_dir
from followup_gui.services.applications import attachments as att
from followup_gui.ui.common.when import day_text, local_zone

if TYPE_CHECKING:
    from followup_gui.storage import Database

ID_ROLE = Qt.ItemDataRole.UserRole


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


class AttachmentsPanel(QGroupBox):
    """List, add, open and remove an application's attachments; print its report."""

    def __init__(
        self,
        db: Database,
        application_id: int,
        clock: Callable[[], datetime] = utc_now,
        data_dir: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Attachments"))
        self.setAccessibleName(self.tr("Attachments"))
        self.db, self.application_id, self.clock = db, application_id, clock
        self.data_dir = data_dir or default_data_dir()
        self.items = QListWidget()
        self.items.setObjectName("attachments_list")
        self.items.setAccessibleName(self.tr("Attached files"))
        self.items.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.items.itemActivated.connect(lambda _item: self.open_selected())
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        self.error.hide()
        add = QToolButton()
        add.setText(self.tr("Add file…"))
        add.setAccessibleName(self.tr("Add a file"))
        add.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(add)
        for kind, text in (
            (att.AttachmentKind.RESUME, self.tr("Resume version…")),
            (att.AttachmentKind.COVER_LETTER, self.tr("Cover letter version…")),
            (att.AttachmentKind.POSTING, self.tr("Job posting (PDF or text)…")),
        ):
            menu.addAction(text, partial(self.add_file, kind))
        add.setMenu(menu)
        paste = QPushButton(self.tr("Paste posting…"))
        paste.clicked.connect(self.paste_posting)
        opener = QPushButton(self.tr("Open"))
        opener.clicked.connect(self.open_selected)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self.remove_selected)
        self.print_button = QPushButton(self.tr("Print report (PDF)…"))
        self.print_button.setObjectName("print_report")
        self.print_button.clicked.connect(self.print_report)
        row = QHBoxLayout()
        for button in (add, paste, opener, remove):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.items)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.reload()

    def kind_name(self, kind: att.AttachmentKind) -> str:
        """What a kind is called in the list."""
        return {
            att.AttachmentKind.RESUME: self.tr("Resume"),
            att.AttachmentKind.COVER_LETTER: self.tr("Cover letter"),
            att.AttachmentKind.POSTING: self.tr("Job posting"),
        }[kind]

    def reload(self) -> None:
        """List the stored attachments."""
        self.items.clear()
        now = self.clock()
        for a in att.list_attachments(self.db, self.data_dir, self.application_id):
            text = self.tr("{kind}: {label} ({name}, {day})").format(
                kind=self.kind_name(a.kind),
                label=a.label,
                name=a.original_name,
                day=day_text(
                    a.added_at.astimezone(local_zone()).date(), now.astimezone(local_zone()).date()
                ),
            )
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, a.id)
            item.setToolTip(str(a.path))
            self.items.addItem(item)
        if not self.items.count():
            placeholder = QListWidgetItem(self.tr("No resume, cover letter or posting kept yet."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.items.addItem(placeholder)

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def attach(self, path: Path, kind: att.AttachmentKind, label: str = "") -> bool:
        """Store a copy of ``path`` (what the file picker calls; tests call it directly)."""
        try:
            att.add_attachment(self.db, self.data_dir, self.application_id, path, kind, label)
        except FollowUpError as exc:
            self._show(str(exc))
            return False
        self._show("")
        self.reload()
        return True

    def add_file(self, kind: att.AttachmentKind) -> None:
        """Pick a file and keep a copy of it."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Attach {k}").format(k=self.kind_name(kind))
        )
        if not path:
            return
        label, ok = QInputDialog.getText(
            self,
            self.tr("Version"),
            self.tr('Label or version (e.g. "v3, data roles"):'),
            text=Path(path).stem,
        )
        if ok:
            self.attach(Path(path), kind, label)

    def paste_posting(self) -> None:
        """Keep the text of a job posting pasted by the user."""
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Job posting"), self.tr("Paste the posting's text:")
        )
        if ok and text.strip():
            try:
                att.add_posting_text(self.db, self.data_dir, self.application_id, text)
            except FollowUpError as exc:
                self._show(str(exc))
                return
            self.reload()

    def selected_id(self) -> int | None:
        """The selected attachment's id."""
        item = self.items.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def open_selected(self) -> None:
        """Open the selected file with the desktop's default application."""
        attachment_id = self.selected_id()
        for a in att.list_attachments(self.db, self.data_dir, self.application_id):
            if a.id == attachment_id:
                if not a.path.exists():
                    self._show(
                        self.tr("The stored copy of {n} is missing.").format(n=a.original_name)
                    )
                    return
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(a.path)))

    def remove_selected(self) -> None:
        """Forget the selected attachment (the original file is untouched)."""
        attachment_id = self.selected_id()
        if attachment_id is not None:
            att.remove_attachment(self.db, self.data_dir, attachment_id)
            self.reload()

    def write_report(self, path: Path) -> Path | None:
        """Write the printable report to ``path`` (what the button calls after asking)."""
        from followup_gui.services.interchange.pdf import export_report_pdf

        try:
            return export_report_pdf(
                self.db, self.application_id, path, self.clock(), self.data_dir / "scripts"
            )
        except (FollowUpError, OSError) as exc:
            self._show(str(exc))
            return None

    def print_report(self) -> None:
        """Ask where, write the PDF and open it."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Print report"), "followup-report.pdf", self.tr("PDF (*.pdf)")
        )
        if path and (written := self.write_report(Path(path))) is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))


def mount_attachments(
    slot: QWidget, db: Database, application_id: int, clock: Callable[[], datetime] = utc_now
) -> AttachmentsPanel:
    """Put an :class:`AttachmentsPanel` into a placeholder (the details' ``attachments_slot``)."""
    layout = slot.layout()
    if layout is None:
        layout = QVBoxLayout(slot)
        layout.setContentsMargins(0, 0, 0, 0)
    panel = AttachmentsPanel(db, application_id, clock, parent=slot)
    layout.addWidget(panel)
    return panel
