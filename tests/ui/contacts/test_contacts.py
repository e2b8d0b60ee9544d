"""The Contacts tab: edit -> save -> restart, live validation, duplicates, undo, drops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QGuiApplication,
)
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from followup_gui.demo.example import fill_demo
from followup_gui.services.applications import editing as applications
from followup_gui.services.changes import EVERYTHING
from followup_gui.services.contacts import editing as contacts
from followup_gui.services.contacts import links as contact_links
from followup_gui.services.contacts.editing import ContactData
from followup_gui.services.contacts.links import contact_history as stored_history
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.common.undo import push
from followup_gui.ui.contacts.model import ID_ROLE, ContactTableModel
from followup_gui.ui.contacts.panel import ContactsPanel
from followup_gui.ui.context import AppContext
from tests.ui.contacts.conftest import drop_files

Btn = QMessageBox.StandardButton
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def _type(qtbot, edit, text: str) -> None:
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # QTest can only type ASCII keys
        edit.insert(text)


def test_edit_save_restart_same_values(qtbot, panel: ContactsPanel, db_path: Path) -> None:
    panel.new_contact()
    card = panel.card
    _type(qtbot, card.full_name, "Jürgen Müller")
    card.name_confirmed.setChecked(True)
    _type(qtbot, card.title, "Head of Platform")
    _type(qtbot, card.company, "Nordlicht GmbH")
    _type(qtbot, card.phones.fields[0].edit, "212 555 0100")
    card.phones.add_value("+49 30 901820")
    _type(qtbot, card.emails.fields[0].edit, "j@example.de")
    card.postal_address.setPlainText("Friedrichstraße 1\nBerlin")
    _type(qtbot, card.website.edit, "nordlicht.example")
    _type(qtbot, card.linkedin.edit, "linkedin.com/in/jm")
    card.flip()
    assert not card.showing_front()
    _type(qtbot, card.pronunciation, "YUR-gen")
    _type(qtbot, card.preferred_name, "Jürgen")
    card.met_how.setPlainText("Onsite, Berlin office")
    card.notes.setPlainText("Likes Go.")
    assert panel.save_button.isEnabled()
    assert panel.save()
    saved_id = panel.current_id()
    assert saved_id is not None
    panel.db.close()

    reopened = Database.open(db_path)
    try:
        again = ContactsPanel(AppContext(Settings(), reopened))
        qtbot.addWidget(again)
        again.reload(saved_id)
        values = again.card.values()
        assert values.full_name == "Jürgen Müller" and values.name_confirmed
        assert (values.title, values.company) == ("Head of Platform", "Nordlicht GmbH")
        assert values.phones == ("+1 212-555-0100", "+49 30 901820")
        assert values.emails == ("j@example.de",)
        assert values.postal_address == "Friedrichstraße 1\nBerlin"
        assert values.website == "https://nordlicht.example"
        assert values.linkedin == "https://linkedin.com/in/jm"
        assert (values.pronunciation, values.preferred_name) == ("YUR-gen", "Jürgen")
        assert (values.met_how, values.notes) == ("Onsite, Berlin office", "Likes Go.")
        assert again.card.full_name.text() == "Jürgen Müller"
    finally:
        reopened.close()


def test_live_validation_shows_the_reason_and_blocks_save(qtbot, panel: ContactsPanel) -> None:
    panel.new_contact()
    _type(qtbot, panel.card.full_name, "Dana Whitfield")
    field = panel.card.emails.fields[0]
    _type(qtbot, field.edit, "dana.example.com")
    assert not field.message.isHidden()
    assert "@-sign" in field.message.text()
    assert not panel.save_button.isEnabled()
    assert "@-sign" in panel.problems_label.text()
    assert not panel.save()
    assert contacts.list_contacts(panel.db) == []
    _type(qtbot, field.edit, "dana@example.com")
    assert field.message.isHidden()
    phone = panel.card.phones.fields[0]
    _type(qtbot, phone.edit, "12")
    assert "too few digits" in phone.message.text()
    _type(qtbot, phone.edit, "2125550100")
    phone.edit.editingFinished.emit()
    assert phone.edit.text() == "+1 212-555-0100"
    assert panel.save()


def test_duplicate_warning(qtbot, panel: ContactsPanel) -> None:
    contacts.save_contact(
        panel.db,
        ContactData(full_name="Dana Whitfield", company="Acme", emails=("d@acme.example",)),
    )
    panel.reload()
    panel.new_contact()
    _type(qtbot, panel.card.full_name, "Dana Whitfeld")
    _type(qtbot, panel.card.company, "Acme")
    qtbot.waitUntil(lambda: panel.duplicate_label.isVisible(), timeout=2000)
    assert "Dana Whitfield" in panel.duplicate_label.text()
    assert "similar name" in panel.duplicate_label.text()


def test_save_is_undoable_and_stale_save_asks(qtbot, panel: ContactsPanel) -> None:
    first = contacts.save_contact(panel.db, ContactData(full_name="Priya Raman")).value
    panel.reload(first.id)
    _type(qtbot, panel.card.title, "Senior Backend Engineer")
    assert panel.save()
    assert contacts.get_contact(panel.db, first.id).title == "Senior Backend Engineer"
    panel.undo_stack.undo()
    assert contacts.get_contact(panel.db, first.id).title == ""
    assert panel.card.title.text() == ""
    panel.undo_stack.redo()
    assert contacts.get_contact(panel.db, first.id).title == "Senior Backend Engineer"
    # Someone else changes the contact; our save is over a stale version.
    current = contacts.get_contact(panel.db, first.id)
    contacts.save_contact(
        panel.db, ContactData(full_name="Priya R.", id=first.id, version=current.version)
    )
    _type(qtbot, panel.card.title, "Staff Engineer")
    panel.answer = Btn.Cancel
    assert not panel.save()
    assert "changed elsewhere" in panel.asked[-1]
    assert contacts.get_contact(panel.db, first.id).full_name == "Priya R."
    panel.answer = Btn.Save
    assert panel.save()
    assert contacts.get_contact(panel.db, first.id).title == "Staff Engineer"


def test_delete_with_attempts_asks_and_undo_brings_back(qtbot, panel: ContactsPanel) -> None:
    fill_demo(panel.db, NOW)
    with panel.db.read() as s:
        dana = s.scalar(select(m.Contact.id).where(m.Contact.full_name == "Dana Whitfield"))
    panel.reload(dana)
    history = contact_links.contact_history(panel.db, dana)
    panel.answer = Btn.No
    panel.delete_contact()
    assert "1 attempt names them; it stays in the history" in panel.asked[-1]
    assert contacts.get_contact(panel.db, dana)
    panel.answer = Btn.Yes
    panel.delete_contact()
    assert panel.model.row_of(dana) == -1
    panel.undo_stack.undo()
    assert panel.model.row_of(dana) >= 0
    assert contact_links.contact_history(panel.db, dana) == history


def test_history_actions_script_and_dial(qtbot, panel: ContactsPanel, monkeypatch) -> None:
    fill_demo(panel.db, NOW)
    with panel.db.read() as s:
        dana = s.scalar(select(m.Contact.id).where(m.Contact.full_name == "Dana Whitfield"))
    panel.reload(dana)
    texts = [panel.history.topLevelItem(i).text(0) for i in range(3)]
    assert texts[0].startswith("Applications (1)") and texts[2].startswith("Attempts (1)")
    opened: list[str] = []
    monkeypatch.setattr(panel, "open_url", lambda url: opened.append(url.toString()))
    panel.call_button.menu().actions()[0].trigger()
    panel.email_button.menu().actions()[0].trigger()
    assert opened == ["tel:+12125550100", "mailto:dana@example.com"]
    panel.open_script()
    dialog = panel.script_dialog
    qtbot.addWidget(dialog)
    assert "Dana" in dialog.text.toPlainText()
    dialog.copy()
    assert QGuiApplication.clipboard().text() == dialog.text.toPlainText()
    dialog.close()


def test_add_to_interview_from_the_contact_is_undoable(qtbot, panel: ContactsPanel) -> None:
    fill_demo(panel.db, NOW)
    with panel.db.read() as s:
        hannah = s.scalar(select(m.Contact.id).where(m.Contact.full_name == "Hannah Berg"))
    panel.reload(hannah)
    target = contact_links.interview_choices(panel.db, hannah)[0]
    assert panel.add_to_interview(target.id)
    assert target.id in {i.id for i in contact_links.contact_history(panel.db, hannah).interviews}
    panel.undo_stack.undo()
    assert target.id not in {
        i.id for i in contact_links.contact_history(panel.db, hannah).interviews
    }


def test_search_and_sort(qtbot, panel: ContactsPanel) -> None:
    for name, company in (("Ann Lee", "Globex"), ("Bob Stone", "Acme"), ("Cleo Park", "Acme")):
        contacts.save_contact(panel.db, ContactData(full_name=name, company=company))
    panel.reload()
    panel.search.setText("acme")
    assert panel.proxy.rowCount() == 2
    panel.search.setText("")
    panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert panel.proxy.index(0, 0).data() == "Cleo Park"
    # Sorting by another column keeps the contact being looked at selected.
    bob = next(
        r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data() == "Bob Stone"
    )
    panel.table.selectRow(bob)
    panel.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by company
    names = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert names.index("Bob Stone") < names.index("Ann Lee")  # Acme before Globex
    assert panel.table.currentIndex().data() == "Bob Stone"
    assert panel.current_id() is not None and panel.card.values().full_name == "Bob Stone"
    panel.reload()  # a reload keeps the chosen order
    assert [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())] == names
    # By name, case does not matter: "aaron" comes first, not after "Cleo".
    contacts.save_contact(panel.db, ContactData(full_name="aaron Small", company="Globex"))
    panel.reload()
    panel.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    shown = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert shown.index("aaron Small") < shown.index("Ann Lee") < shown.index("Cleo Park")


def test_main_window_menus_and_vcf_drop(qtbot, db: Database, tmp_path: Path) -> None:
    from followup_gui.ui.shell.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    items = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()]
    assert "Import vCard…" in items and "Export vCard…" in items
    vcf = tmp_path / "people.vcf"
    vcf.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEND:VCARD\n", encoding="utf-8")
    drop_files(window, [vcf])
    assert window.vcard_drop.task is not None  # imported off the GUI thread
    qtbot.waitUntil(lambda: window.contacts.model.rowCount() == 1)
    assert [c.full_name for c in contacts.list_contacts(db)] == ["Ann Lee"]
    assert window.contacts.model.rowCount() == 1


def test_every_column_sorts_in_the_users_alphabet_then_by_name(qtbot, db: Database) -> None:
    from functools import cmp_to_key

    from PySide6.QtCore import QCollator, QLocale

    from followup_gui.ui.contacts.model import ContactTableModel

    people = [
        ("Östen Berg", "Zeta"),
        ("aaron Small", "acme"),
        ("Émile Roy", "Acme"),
        ("Zoe Park", "zeta"),
        ("Ann Lee", "Émeraude"),
        ("Ann Lee", "Acme"),  # the same name twice: the id decides
        ("emma Stone", ""),
    ]
    saved = [
        contacts.save_contact(db, ContactData(full_name=n, company=c)).value for n, c in people
    ]
    model = ContactTableModel()
    model.set_contacts(contacts.list_contacts(db))
    collator = QCollator(QLocale())
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def expected(column: int, descending: bool) -> list[int | None]:
        text = (lambda c: c.full_name) if column == 0 else (lambda c: c.company)

        def by(a: ContactData, b: ContactData) -> int:
            first = collator.compare(text(a), text(b)) or collator.compare(a.full_name, b.full_name)
            return first or (a.id or 0) - (b.id or 0)

        return [c.id for c in sorted(saved, key=cmp_to_key(by), reverse=descending)]

    for column in (0, 2):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            shown = [model.contact(r).id for r in range(model.rowCount())]
            assert shown == expected(column, order == Qt.SortOrder.DescendingOrder)


def test_a_save_in_the_window_does_not_read_the_contacts_again(
    qtbot, db: Database, monkeypatch
) -> None:
    from followup_gui.ui.shell.main_window import MainWindow

    contacts.save_contact(db, ContactData(full_name="Priya Raman"))
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    panel = window.contacts
    window.tabs.setCurrentWidget(panel)
    reads: list[int] = []
    listed = contacts.list_contacts
    monkeypatch.setattr(contacts, "list_contacts", lambda d: reads.append(1) or listed(d))
    panel.card.title.setText("Staff Engineer")
    assert panel.save()
    assert panel.model.contact(0).title == "Staff Engineer"
    # The saved row is updated in place, and the window's reload for the announced
    # change is skipped: the list is not read at all.
    assert len(reads) == 0
    # A change made elsewhere still reloads the visible list.
    contacts.save_contact(db, ContactData(full_name="Ann Lee"))
    window.context.notify(EVERYTHING)
    assert len(reads) == 1 and panel.model.rowCount() == 2
    window.close()


def test_duplicate_check_follows_a_new_contact_that_took_a_deleted_ones_id(
    qtbot, panel: ContactsPanel
) -> None:
    gone = contacts.save_contact(
        panel.db, ContactData(full_name="Dana Whitfield", emails=("d@acme.example",))
    ).value
    panel.reload(gone.id)
    assert panel.check_duplicates() == []  # the keys of everyone are known now
    assert gone.id is not None
    contacts.delete_contact(panel.db, gone.id)
    other = contacts.save_contact(
        panel.db, ContactData(full_name="Bob Stone", emails=("bob@globex.example",))
    ).value
    assert other.id == gone.id and other.version == gone.version  # SQLite reuses the last id
    panel.reload()
    panel.new_contact()
    panel.card.full_name.setText("Dana Whitfeld")
    panel.card.emails.fields[0].edit.setText("d@acme.example")
    assert panel.check_duplicates() == []  # not the deleted Dana's keys under Bob's id
    panel.card.emails.fields[0].edit.setText("bob@globex.example")
    assert [d.full_name for d in panel.check_duplicates()] == ["Bob Stone"]


# -- what a change on the board shows, and saving without reading the list --------
def _count_reads(monkeypatch, module=contacts, name: str = "list_contacts") -> list[int]:
    """Count calls of ``module.name`` (by default: the whole contact list read again)."""
    reads: list[int] = []
    read = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a: reads.append(1) or read(*a))
    return reads


def _demo_window(qtbot, db: Database):
    """A window over the example search, Dana Whitfield on the contact card, the board shown."""
    from followup_gui.ui.shell.main_window import MainWindow

    fill_demo(db, NOW)
    with db.read() as s:
        dana = s.scalar(select(m.Contact.id).where(m.Contact.full_name == "Dana Whitfield"))
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    panel = window.contacts
    panel.asked = []
    panel.ask = lambda title, text, buttons: panel.asked.append(text) or Btn.Cancel
    window.tabs.setCurrentWidget(panel)
    panel.reload(dana)
    window.tabs.setCurrentWidget(window.board)
    assert not panel.isVisible()
    return window, panel, dana


def _stage_shown(panel: ContactsPanel) -> str:
    top = panel.history.topLevelItem(0)
    assert top.text(0) == "Applications (1)"
    return top.child(0).text(1)


def _move_danas_card(window, dana: int) -> str:
    """Move Dana's application to another stage on the board; the new stage's title."""
    app_id = stored_history(window.db, dana).applications[0].id
    card = window.board.board.card(app_id)
    target = next(k for k in window.board.columns if k != card.stage_key)
    assert window.board.move_cards([app_id], target)
    return stored_history(window.db, dana).applications[0].stage


def test_a_card_move_shows_the_new_stage_without_reading_the_list(
    qtbot, db: Database, monkeypatch
) -> None:
    window, panel, dana = _demo_window(qtbot, db)
    before = _stage_shown(panel)
    reads = _count_reads(monkeypatch)
    stage = _move_danas_card(window, dana)
    assert stage != before
    window.tabs.setCurrentWidget(panel)
    assert _stage_shown(panel) == stage
    assert panel.current_id() == dana and panel.model.rowCount() > 1
    # Undone with the Contacts tab in view: the history follows at once.
    window.undo_stack.undo()
    assert _stage_shown(panel) == before
    assert reads == [] and panel.asked == []
    window.close()


def test_unsaved_typing_survives_board_changes(qtbot, db: Database, monkeypatch) -> None:
    window, panel, dana = _demo_window(qtbot, db)
    window.tabs.setCurrentWidget(panel)
    panel.card.title.setText("VP Engineering (typed, not saved)")
    window.tabs.setCurrentWidget(window.board)
    reads = _count_reads(monkeypatch)
    history_reads = _count_reads(monkeypatch, contact_links, "contact_history")
    stage = _move_danas_card(window, dana)
    window.tabs.setCurrentWidget(panel)
    assert _stage_shown(panel) == stage
    assert panel.card.title.text() == "VP Engineering (typed, not saved)"
    assert panel.card.is_modified() and panel.save_button.isEnabled()
    assert (reads, history_reads) == ([], [1])  # the history, not the list
    # A move and a change elsewhere while hidden: the list is read once, typing kept.
    window.tabs.setCurrentWidget(window.board)
    stage = _move_danas_card(window, dana)
    window.context.notify(EVERYTHING)
    window.tabs.setCurrentWidget(panel)
    assert (reads, history_reads) == ([1], [1, 1])  # not the history a second time
    assert _stage_shown(panel) == stage
    assert panel.card.title.text() == "VP Engineering (typed, not saved)"
    assert panel.card.is_modified()
    assert panel.asked == []
    window.close()


def test_an_interviewer_added_on_the_board_is_listed(qtbot, db: Database, monkeypatch) -> None:
    from followup_gui.ui.board import commands as board_commands

    window, panel, _dana = _demo_window(qtbot, db)
    count = panel.model.rowCount()
    start = NOW + timedelta(days=3)
    interview = applications.InterviewDraft(
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        new_contacts=(applications.NewContact("Ada Lovelace", "CTO"),),
    )
    draft = applications.ApplicationDraft(
        company="Analytical Engines",
        role="Engineer",
        timezone="UTC",
        stage_key="interviewed",
        interviews=(interview,),
    )
    reads = _count_reads(monkeypatch)
    command = board_commands.CreateApplicationCommand(window.context, window.board, draft)
    assert push(command, pytest.fail)
    window.tabs.setCurrentWidget(panel)
    assert reads == [1]  # a board edit that adds a contact reads the list again
    assert panel.model.rowCount() == count + 1
    assert "Ada Lovelace" in {panel.model.contact(r).full_name for r in range(count + 1)}
    window.close()


def _as_reloaded(db: Database, column: int, order: Qt.SortOrder) -> ContactTableModel:
    fresh = ContactTableModel()
    fresh.sort(column, order)
    fresh.set_contacts(contacts.list_contacts(db))
    return fresh


def _rows(model: ContactTableModel) -> list[tuple[ContactData, int | None, int, str]]:
    """Every row as shown: the values, id, version (not compared by ContactData) and search text."""
    return [
        (model.contact(r), model.contact(r).id, model.contact(r).version, model.search_text(r))
        for r in range(model.rowCount())
    ]


@pytest.mark.parametrize(
    ("column", "order"),
    [(0, Qt.SortOrder.AscendingOrder), (2, Qt.SortOrder.DescendingOrder)],
    ids=["by name", "by company descending"],
)
def test_a_save_updates_the_list_in_place_as_a_reload_would(
    qtbot, panel: ContactsPanel, monkeypatch, column: int, order: Qt.SortOrder
) -> None:
    people = [
        ("Ann Lee", "Globex", "ann@globex.example"),
        ("Bob Stone", "Acme", ""),
        ("Cleo Park", "Acme", "cleo@acme.example"),
        ("Dan Roe", "Initech", "dan@initech.example"),
        ("Émile Roy", "Umbrella", ""),
    ]
    ids = {}
    for name, company, email in people:
        emails = (email,) if email else ()
        saved = contacts.save_contact(
            panel.db, ContactData(full_name=name, company=company, emails=emails)
        ).value
        ids[name] = saved.id
    panel.reload()
    panel.table.sortByColumn(column, order)
    reads = _count_reads(monkeypatch)

    # A new contact goes where a reload would put it, selected and shown.
    panel.new_contact()
    _type(qtbot, panel.card.full_name, "Beth Moss")
    _type(qtbot, panel.card.company, "Hooli")
    _type(qtbot, panel.card.emails.fields[0].edit, "ann@globex.example")
    assert panel.save()
    beth = panel.current_id()
    assert beth is not None and panel.table.currentIndex().data(ID_ROLE) == beth
    fresh = _as_reloaded(panel.db, column, order)
    assert _rows(panel.model) == _rows(fresh)
    assert panel.model.duplicate_keys() == fresh.duplicate_keys()
    assert [d.full_name for d in panel.check_duplicates()] == ["Ann Lee"]

    # A renamed contact moves to its new place; its old name is no longer found.
    bob = panel.model.row_of(ids["Bob Stone"])
    panel.table.selectRow(panel.proxy.mapFromSource(panel.model.index(bob, 0)).row())
    _type(qtbot, panel.card.full_name, "Zelda Stone")
    _type(qtbot, panel.card.company, "Zenith")
    row_before = panel.model.row_of(panel.current_id())
    assert panel.save()
    fresh = _as_reloaded(panel.db, column, order)
    assert _rows(panel.model) == _rows(fresh)
    assert panel.model.row_of(panel.current_id()) != row_before  # it did move
    assert panel.model.duplicate_keys() == fresh.duplicate_keys()
    assert panel.table.currentIndex().data() == "Zelda Stone"
    assert panel.card.values().full_name == "Zelda Stone" and not panel.card.is_modified()
    panel.search.setText("bob")
    assert panel.proxy.rowCount() == 0
    panel.search.setText("zelda zenith")
    assert panel.proxy.rowCount() == 1
    assert len(reads) == 2  # the two fresh models above; the panel read nothing


def test_saving_a_new_contact_asks_nothing_and_stores_it_once(qtbot, panel: ContactsPanel) -> None:
    contacts.save_contact(panel.db, ContactData(full_name="Ann Lee"))
    panel.reload()
    panel.new_contact()
    _type(qtbot, panel.card.full_name, "Bob Stone")
    panel.answer = Btn.Save  # a question "Save your changes?" would save Bob again
    assert panel.save()
    assert panel.asked == []
    assert [c.full_name for c in contacts.list_contacts(panel.db)] == ["Ann Lee", "Bob Stone"]
    assert panel.table.currentIndex().data() == "Bob Stone"
    assert not panel.card.is_modified() and not panel.save_button.isEnabled()


def test_undo_and_redo_of_a_save_show_the_contact_as_stored(
    qtbot, panel: ContactsPanel, monkeypatch
) -> None:
    for name in ("Ann Lee", "Priya Raman"):
        contacts.save_contact(panel.db, ContactData(full_name=name))
    panel.reload()
    panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    reads = _count_reads(monkeypatch)
    panel.table.selectRow(0)  # Priya
    _type(qtbot, panel.card.full_name, "Aaron Raman")
    assert panel.save()
    panel.undo_stack.undo()
    assert panel.card.values().full_name == "Priya Raman"
    assert panel.table.currentIndex().data() == "Priya Raman"
    assert _rows(panel.model) == _rows(_as_reloaded(panel.db, 0, Qt.SortOrder.DescendingOrder))
    panel.undo_stack.redo()
    assert panel.card.values().full_name == "Aaron Raman"
    assert [panel.proxy.index(r, 0).data() for r in range(2)] == ["Ann Lee", "Aaron Raman"]
    assert len(reads) == 1  # the comparison above; undo and redo of an edit read nothing
    # Undo of an added contact deletes it (the list is read again); redo brings it back.
    panel.new_contact()
    _type(qtbot, panel.card.full_name, "Cleo Park")
    assert panel.save()
    panel.undo_stack.undo()
    assert "Cleo Park" not in [c.full_name for c in contacts.list_contacts(panel.db)]
    assert panel.model.rowCount() == 2 and panel.current_id() is None
    panel.undo_stack.redo()
    assert panel.card.values().full_name == "Cleo Park"
    assert _rows(panel.model) == _rows(_as_reloaded(panel.db, 0, Qt.SortOrder.DescendingOrder))


def test_a_save_that_takes_the_contact_out_of_the_search_asks_nothing(
    qtbot, panel: ContactsPanel
) -> None:
    for name in ("Ann Lee", "Bob Stone", "Cleo Park"):
        contacts.save_contact(panel.db, ContactData(full_name=name, company="Acme"))
    panel.reload()
    panel.search.setText("acme")
    bob = next(
        r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data() == "Bob Stone"
    )
    panel.table.selectRow(bob)
    assert panel.card.values().full_name == "Bob Stone"
    _type(qtbot, panel.card.company, "Globex")  # no longer matches the search
    steps = panel.undo_stack.count()
    assert panel.save()
    assert panel.asked == []  # not "Save your changes to Bob Stone?" about what was just saved
    assert panel.undo_stack.count() == steps + 1
    assert panel.card.values().full_name == "Bob Stone" and not panel.card.is_modified()
    assert panel.card.values().company == "Globex"
    shown = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert shown == ["Ann Lee", "Cleo Park"]
    stored = [c for c in contacts.list_contacts(panel.db) if c.full_name == "Bob Stone"]
    assert [c.company for c in stored] == ["Globex"]
    panel.undo_stack.undo()  # back into the search, asking nothing either
    assert panel.asked == [] and panel.card.values().company == "Acme"
    assert "Bob Stone" in [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]


def test_history_writes_dates_one_way_and_marks_interviews_to_come(qtbot, db: Database) -> None:
    from followup_gui.ui.common.when import moment_text

    fill_demo(db, NOW)
    context = AppContext(Settings(), db, clock=lambda: NOW)
    widget = ContactsPanel(context)
    qtbot.addWidget(widget)
    header = widget.history.headerItem()
    assert "took part" not in (header.text(0) + header.text(1)).lower()
    seen: dict[bool, int] = {True: 0, False: 0}
    with db.read() as s:
        people = s.scalars(select(m.Contact.id)).all()
    for contact_id in people:
        widget.reload(contact_id)
        history = stored_history(db, contact_id)
        interviews = widget.history.topLevelItem(1)
        for row, line in enumerate(history.interviews):
            detail = interviews.child(row).text(1)
            upcoming = line.starts_at > NOW
            assert detail.endswith("· upcoming") == upcoming, detail
            assert moment_text(line.starts_at, NOW) in detail
            seen[upcoming] += 1
        attempts = widget.history.topLevelItem(2)
        for row, attempt in enumerate(history.attempts):
            assert attempts.child(row).text(0).startswith(moment_text(attempt.at, NOW) + " · ")
    assert seen[True] and seen[False]  # the demo has both
