"""vCard import and export run off the GUI thread: the result lands, Cancel changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts.editing import ContactData
from followup_gui.services.contacts.region import PHONE_REGION
from followup_gui.services.interchange.vcard import cards as vcard
from followup_gui.services.interchange.vcard import importing as vcard_import
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.ui.common.background import BackgroundTask
from followup_gui.ui.contacts import vcard_io
from followup_gui.ui.contacts.panel import ContactsPanel
from followup_gui.ui.context import AppContext
from followup_gui.ui.shell.main_window import MainWindow
from tests.ui.jobs import Gate, last_report

OLD = b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Last Week\r\nEND:VCARD\r\n"


@pytest.fixture
def panel(qtbot, db: Database) -> Iterator[ContactsPanel]:
    """The contacts panel; what it would ask the user is recorded in ``panel.asked``."""
    settings = Settings()
    settings.set(PHONE_REGION, "US")
    context = AppContext(settings, db)
    widget = ContactsPanel(context)
    widget.undo_stack_ref = context  # type: ignore[attr-defined]  # keep the stack alive
    asked: list[str] = []
    widget.asked = asked  # type: ignore[attr-defined]

    def ask(_title: str, text: str, _buttons: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Ok

    widget.ask = ask  # type: ignore[method-assign]
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.close()


def write(folder: Path, name: str, *names: str, extra: str = "") -> Path:
    path = folder / name
    cards = [f"BEGIN:VCARD\nVERSION:3.0\nFN:{n}\n{extra}END:VCARD\n" for n in names]
    path.write_text("".join(cards), encoding="utf-8")
    return path


def stored(db: Database) -> list[str]:
    return sorted(c.full_name for c in contacts.list_contacts(db))


def test_vcard_files_import_in_the_background_and_a_bad_one_is_reported(
    qtbot, panel: ContactsPanel, db: Database, tmp_path: Path
) -> None:
    good = write(tmp_path, "team.vcf", "Ann Lee", "Bob Stone")
    bad = write(tmp_path, "bad.vcf", "Cleo Park", extra="TEL:call me maybe\n")
    task = vcard_io.import_files(panel, [good, bad])
    assert isinstance(task, BackgroundTask)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    assert stored(db) == ["Ann Lee", "Bob Stone"]
    qtbot.waitUntil(lambda: bool(panel.asked))  # type: ignore[attr-defined]
    [text] = panel.asked  # type: ignore[attr-defined]
    assert "bad.vcf: card 1 (Cleo Park), line 4: phone 'call me maybe'" in text
    assert "team.vcf" not in text


def test_cancelling_a_vcard_import_adds_nobody(
    qtbot, empty_window: MainWindow, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contacts.save_contact(db, ContactData(full_name="Already Here"))
    real = vcard_import.import_vcard_files
    gate = Gate(at=last_report)  # every card is written, nothing is committed
    monkeypatch.setattr(
        vcard_import,
        "import_vcard_files",
        lambda db, paths, data, region, p: real(db, paths, data, region, gate.hold(p)),
    )
    files = [write(tmp_path, "a.vcf", "Ann Lee"), write(tmp_path, "b.vcf", "Bob Stone")]
    task = vcard_io.import_files(empty_window.contacts, files)
    qtbot.waitUntil(gate.reached.is_set)
    task.progress.cancel()
    gate.go.set()
    status = empty_window.statusBar()
    qtbot.waitUntil(lambda: status.currentMessage() == "Import cancelled; nothing was changed.")
    assert stored(db) == ["Already Here"]
    assert empty_window.contacts.model.rowCount() == 1


def test_vcard_export_runs_in_the_background_and_a_cancel_keeps_the_old_file(
    qtbot, empty_window: MainWindow, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("Ann Lee", "Bob Stone"):
        contacts.save_contact(db, ContactData(full_name=name, emails=("x@example.com",)))
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "contacts.vcf"
    target.write_bytes(OLD)
    real = vcard.export_vcards
    gate = Gate(at=last_report)
    monkeypatch.setattr(
        vcard,
        "export_vcards",
        lambda db, path, progress: real(db, path, progress=gate.hold(progress)),
    )
    status = empty_window.statusBar()
    task = vcard_io.export_to(empty_window.contacts, target)
    qtbot.waitUntil(gate.reached.is_set)
    task.progress.cancel()
    gate.go.set()
    qtbot.waitUntil(lambda: status.currentMessage().startswith("Export cancelled"))
    assert target.read_bytes() == OLD
    assert [p.name for p in out.iterdir()] == ["contacts.vcf"]
    monkeypatch.setattr(vcard, "export_vcards", real)
    assert isinstance(vcard_io.export_to(empty_window.contacts, target), BackgroundTask)
    qtbot.waitUntil(lambda: status.currentMessage() == f"Exported 2 contacts to {target}.")
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 2 and "FN:Ann Lee" in text and "Last Week" not in text
    assert [p.name for p in out.iterdir()] == ["contacts.vcf"]
