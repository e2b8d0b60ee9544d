"""The board through its real views: drag and drop, keyboard, undo, filter, dialogs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QListView, QMessageBox, QWidget
from sqlalchemy import select

from followup_gui.demo.example import fill_demo
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.board.columns import load_board
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.board import CARD_MIME, CARD_ROLE
from followup_gui.ui.board.board_widget import BoardWidget
from followup_gui.ui.board.model import decode_ids
from followup_gui.ui.shell.main_window import MainWindow

NOW = datetime(2024, 5, 15, 14, 0, tzinfo=UTC)


def view(win: MainWindow, key: str) -> QListView:
    found = win.findChild(QListView, f"stage:{key}")
    assert found is not None, key
    return found


def ids(v: QListView) -> list[int]:
    model = v.model()
    return [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]


def company(v: QListView, row: int) -> str:
    return v.model().index(row, 0).data(CARD_ROLE).company


def select_rows(v: QListView, rows: list[int]) -> None:
    sel = v.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(v.model().index(r, 0), sel.SelectionFlag.Select)


def drop(target: QListView, mime: QMimeData, pos: QPoint) -> bool:
    """Enter, move and drop on the target's viewport, as a real drag would."""
    vp = target.viewport()
    move = Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, move, mime, buttons, mods)
    QApplication.sendEvent(vp, enter)
    assert enter.isAccepted()
    over = QDragMoveEvent(pos, move, mime, buttons, mods)
    QApplication.sendEvent(vp, over)
    assert over.isAccepted()
    event = QDropEvent(pos.toPointF(), move, mime, buttons, mods)
    event.setDropAction(move)
    QApplication.sendEvent(vp, event)
    return event.isAccepted()


def drag_rows(source: QListView, rows: list[int], target: QListView, pos: QPoint) -> bool:
    select_rows(source, rows)
    mime = source.model().mimeData([source.model().index(r, 0) for r in rows])
    assert mime.formats() == [CARD_MIME]
    return drop(target, mime, pos)


def below_last(v: QListView) -> QPoint:
    last = v.visualRect(v.model().index(v.model().rowCount() - 1, 0))
    return QPoint(last.center().x(), last.bottom() + 10)


def top_half(v: QListView, row: int) -> QPoint:
    rect = v.visualRect(v.model().index(row, 0))
    return QPoint(rect.center().x(), rect.top() + 3)


def statuses(db: Database, app_id: int) -> dict[str, str]:
    with db.read() as s:
        rows = s.scalars(select(m.FollowUp).where(m.FollowUp.application_id == app_id))
        return {f.key: f.status for f in rows}


def test_columns_follow_the_stages_with_counts(window: MainWindow) -> None:
    board = window.board
    assert list(board.columns) == [
        "wishlist",
        "applied",
        "interview_scheduled",
        "interviewed",
        "following_up",
        "offer",
        "rejected",
        "no_response",
    ]
    assert board.columns["applied"].count.text() == "2"
    assert board.columns["offer"].property("terminal") is True
    assert view(window, "applied").accessibleName() == "Applied cards"


def test_drag_between_columns_through_the_views(window: MainWindow, db: Database) -> None:
    applied, interviewed = view(window, "applied"), view(window, "interviewed")
    moving = ids(applied)[0]
    first = ids(interviewed)[0]
    assert drag_rows(applied, [0], interviewed, top_half(interviewed, 0))
    assert ids(interviewed)[:2] == [moving, first]
    assert moving not in ids(applied)
    assert window.board.columns["interviewed"].count.text() == "3"
    assert window.undo_stack.count() == 1


def test_a_drop_shows_what_another_window_added_to_that_column(
    window: MainWindow, db: Database
) -> None:
    from followup_gui.services.applications import editing as apps_svc

    applied, interviewed = view(window, "applied"), view(window, "interviewed")
    # Meanwhile, another window on the same data adds a card to "Interviewed".
    apps_svc.create_application(
        db,
        apps_svc.ApplicationDraft("Elsewhere Ltd", "Analyst", "UTC", stage_key="interviewed"),
        NOW,
        PlannerSettings(),
    )
    moving = ids(applied)[0]
    assert drag_rows(applied, [0], interviewed, below_last(interviewed))
    rows = range(len(ids(interviewed)))
    assert "Elsewhere Ltd" in [company(interviewed, r) for r in rows]
    assert ids(interviewed)[-1] == moving
    assert window.board.columns["interviewed"].count.text() == "4"


def test_a_move_updates_only_the_rows_it_touches(window: MainWindow) -> None:
    """A drop removes one row and inserts one: the columns are not rebuilt (or scrolled)."""
    applied, interviewed = view(window, "applied"), view(window, "interviewed")
    events: list[str] = []
    for name, v in (("applied", applied), ("interviewed", interviewed)):
        model = v.model()
        model.modelReset.connect(lambda name=name: events.append(f"{name} reset"))
        model.rowsRemoved.connect(lambda *_, name=name: events.append(f"{name} removed"))
        model.rowsInserted.connect(lambda *_, name=name: events.append(f"{name} inserted"))
    moving = ids(applied)[0]
    assert drag_rows(applied, [0], interviewed, below_last(interviewed))
    assert ids(interviewed)[-1] == moving
    assert sorted(events) == ["applied removed", "interviewed inserted"]
    events.clear()
    window.undo_stack.undo()
    assert ids(applied)[0] == moving
    assert sorted(events) == ["applied inserted", "interviewed removed"]
    assert window.board.columns["applied"].count.text() == str(len(ids(applied)))


def test_a_renamed_contact_reloads_only_the_cards_that_name_them(
    window: MainWindow, db: Database
) -> None:
    from dataclasses import replace

    from followup_gui.services.contacts import editing as contacts

    board = window.board.board
    card = next(c for c in board.snapshot.cards if c.people)
    with db.read() as session:
        person = session.scalar(select(m.Contact).where(m.Contact.full_name == card.people[0]))
        assert person is not None
        person_id = person.id
    others = [c for c in board.snapshot.cards if card.people[0] not in c.people]
    saved = contacts.save_contact(
        db, replace(contacts.get_contact(db, person_id), full_name="Renata Renamed")
    )
    window.context.notify(saved.changes)  # as the Contacts tab does after Save
    QApplication.processEvents()
    assert "Renata Renamed" in (board.card(card.id) or card).people
    # The cards that do not name them are the very same objects: not read again.
    assert others and all(board.card(c.id) is c for c in others)


def test_reorder_within_a_column_keeps_the_order(window: MainWindow) -> None:
    v = view(window, "interviewed")
    a, b = ids(v)
    assert drag_rows(v, [1], v, top_half(v, 0))
    assert ids(v) == [b, a]
    assert drag_rows(v, [0], v, below_last(v))
    assert ids(v) == [a, b]


def test_several_cards_move_at_once(window: MainWindow) -> None:
    applied, wishlist = view(window, "applied"), view(window, "wishlist")
    both = ids(applied)
    assert drag_rows(applied, [0, 1], wishlist, below_last(wishlist))
    assert ids(wishlist)[-2:] == both
    assert ids(applied) == []


def test_source_view_does_not_remove_rows_after_a_move_drag(
    window: MainWindow, monkeypatch
) -> None:
    """A real drag ends with MoveAction; the source must not delete rows itself."""
    applied, offer = view(window, "applied"), view(window, "offer")
    moved, stays = ids(applied)
    select_rows(applied, [0])
    results = []

    def fake_exec(drag, actions):
        # The drag lands on the target while QDrag.exec would be blocking.
        results.append(drop(offer, drag.mimeData(), below_last(offer)))
        return Qt.DropAction.MoveAction

    monkeypatch.setattr(applied, "exec_drag", fake_exec)
    applied.startDrag(Qt.DropAction.MoveAction)
    assert results == [True]
    assert ids(applied) == [stays]  # exactly one card gone, not two
    assert ids(offer)[-1] == moved
    total = sum(len(ids(view(window, s.key))) for s in window.board.board.visible_stages())
    assert total == 10


def test_a_foreign_drop_is_ignored(window: MainWindow) -> None:
    mime = QMimeData()
    mime.setText("hello")
    v = view(window, "applied")
    event = QDropEvent(
        QPoint(5, 5).toPointF(),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(v.viewport(), event)
    assert len(ids(v)) == 2
    assert decode_ids(mime) == []


def test_undo_and_redo_restore_stage_and_follow_ups(window: MainWindow, db: Database) -> None:
    following, rejected = view(window, "following_up"), view(window, "rejected")
    acme = ids(following)[0]
    before = statuses(db, acme)
    assert drag_rows(following, [0], rejected, below_last(rejected))
    moved = statuses(db, acme)
    assert moved["feedback"] == "pending"
    assert all(moved[k] == "cancelled" for k in before if k.startswith("call"))
    window.undo_stack.undo()
    assert acme in ids(following) and acme not in ids(rejected)
    assert statuses(db, acme) == {**before, "feedback": "cancelled"}
    window.undo_stack.redo()
    assert acme in ids(rejected)
    assert statuses(db, acme)["feedback"] == "pending"


def test_keyboard_moves_cards_and_focus(window: MainWindow, qtbot) -> None:
    applied = view(window, "applied")
    applied.setFocus()
    card = ids(applied)[0]
    select_rows(applied, [0])
    applied.setCurrentIndex(applied.model().index(0, 0))
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(applied, Qt.Key.Key_Right, both)
    scheduled = view(window, "interview_scheduled")
    assert card in ids(scheduled)
    assert scheduled.selectionModel().isSelected(
        scheduled.model().index(ids(scheduled).index(card), 0)
    )
    qtbot.keyClick(scheduled, Qt.Key.Key_Left, both)
    assert card in ids(applied)
    qtbot.keyClick(applied, Qt.Key.Key_Right)
    assert QApplication.focusWidget() is view(window, "interview_scheduled")


def test_context_menu_lists_the_stages(window: MainWindow) -> None:
    applied = view(window, "applied")
    card = ids(applied)[0]
    menu = window.board.card_menu([card])
    move_to = next(a.menu() for a in menu.actions() if a.menu())
    titles = [a.text() for a in move_to.actions()]
    assert titles[0] == "Wishlist" and "No response" in titles
    next(a for a in move_to.actions() if a.text() == "Offer").trigger()
    assert card in ids(view(window, "offer"))


def test_move_survives_a_restart(qtbot, db: Database, db_path) -> None:
    fill_demo(db, NOW)
    win = MainWindow(db)
    qtbot.addWidget(win)
    applied, offer = view(win, "applied"), view(win, "offer")
    card = ids(applied)[1]
    assert drag_rows(applied, [1], offer, top_half(offer, 0))
    win.close()
    db.close()
    again = Database.open(db_path)
    try:
        win2 = MainWindow(again)
        qtbot.addWidget(win2)
        assert ids(view(win2, "offer"))[0] == card
        win2.close()
    finally:
        again.close()


def test_search_and_quick_filters(window: MainWindow, qtbot) -> None:
    board = window.board
    qtbot.keyClicks(board.search, "priya")  # a contact's name
    shown = {
        company(view(window, k), r)
        for k in board.columns
        for r in range(view(window, k).model().rowCount())
    }
    assert shown == {"Acme Robotics"}
    assert board.columns["interviewed"].count.text() == "1/2"
    board.search.clear()
    board.overdue.setChecked(True)
    overdue = {c.company for c in board.board.snapshot.cards if c.overdue}
    shown = {
        company(view(window, k), r)
        for k in board.columns
        for r in range(view(window, k).model().rowCount())
    }
    assert shown == overdue and shown
    board.overdue.setChecked(False)
    board.due_soon.setChecked(True)
    assert all(
        view(window, k).model().index(r, 0).data(CARD_ROLE).due_soon
        for k in board.columns
        for r in range(view(window, k).model().rowCount())
    )


def test_new_application_dialog_creates_a_card_and_undo_removes_it(qtbot, window) -> None:
    window.new_application()
    dialog = window.board.dialog
    assert dialog is not None
    dialog.company.setText("Zephyr Systems")
    dialog.role.setText("Engineer")
    dialog.timezone.set_zone("Europe/Berlin")
    assert not dialog.interviews, "no interview until the user adds one"
    dialog.interview_section.add_button.click()
    editor = dialog.interviews[0]
    editor.new_name.setText("Grace Hopper")
    editor.new_title.setText("Admiral")
    editor.add_new_person()
    dialog.accept()
    card = next(c for c in window.board.board.snapshot.cards if c.company == "Zephyr Systems")
    assert card.stage_key == "interview_scheduled"  # the interview is tomorrow
    assert card.people == ("Grace Hopper",)
    window.undo_stack.undo()
    assert all(c.company != "Zephyr Systems" for c in window.board.board.snapshot.cards)
    window.undo_stack.redo()
    assert any(c.company == "Zephyr Systems" for c in window.board.board.snapshot.cards)


def test_details_dialog_saves_at_once_and_delete_is_undoable(window: MainWindow) -> None:
    board = window.board
    applied = view(window, "applied")
    card = ids(applied)[0]
    dialog = board.open_details(card)
    assert dialog is not None
    assert dialog.findChild(QWidget, "timeline_slot") is not None
    dialog.company.setText("Lumen Analytics Renamed")
    dialog.notes.setPlainText("bring the portfolio")
    dialog.accept()
    assert company(applied, ids(applied).index(card)) == "Lumen Analytics Renamed"
    window.undo_stack.undo()
    assert company(applied, ids(applied).index(card)) == "Lumen Analytics"
    board.confirm = lambda title, text: False
    assert not board.delete([card])
    board.confirm = lambda title, text: True
    assert board.delete([card])
    assert card not in ids(applied)
    window.undo_stack.undo()
    assert card in ids(applied)


def test_empty_database_offers_a_first_step(qtbot, db: Database) -> None:
    win = MainWindow(db)
    qtbot.addWidget(win)
    board: BoardWidget = win.board
    assert board.pages.currentWidget() is board.empty
    board.findChild(QWidget, "empty_demo").click()
    assert board.pages.currentWidget() is board.columns_area
    assert len(load_board(db, NOW).cards) == 10
    win.close()


def test_stage_changes_rebuild_the_columns(window: MainWindow) -> None:
    from followup_gui.services.board import stages as board_stages

    board_stages.add_stage(window.board.db, "Phone screen")
    board_stages.rename_stage(window.board.db, "applied", "Sent")
    window.board.reload()
    assert "phone_screen" in window.board.columns
    assert window.board.columns["applied"].title.text() == "Sent"
    assert len(ids(view(window, "applied"))) == 2
    assert view(window, "phone_screen").objectName() == "stage:phone_screen"


def test_collapse_a_column(window: MainWindow) -> None:
    column = window.board.columns["offer"]
    column.collapse_button.click()
    assert column.collapsed and column.view.isHidden()
    assert column.width() < window.board.columns["applied"].width()


def test_card_paints_at_double_scale_without_error(window: MainWindow) -> None:
    v = view(window, "following_up")
    pixmap = v.viewport().grab()
    assert not pixmap.isNull()
    hint = v.sizeHintForRow(0)
    assert hint >= 5 * v.fontMetrics().lineSpacing()


def test_clock_is_injectable(db: Database, qtbot) -> None:
    fill_demo(db, NOW)
    later = NOW + timedelta(days=30)
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.board.set_clock(lambda: later)
    assert any(c.overdue for c in win.board.board.snapshot.cards)
    win.close()


def test_outcome_logged_in_the_details_timeline_then_save_keeps_both(window: MainWindow) -> None:
    """Logging "rejected" from the dialog's timeline, then saving an edit, loses neither."""
    from followup_gui.ui.followups.timeline import TimelineWidget

    board = window.board
    following = view(window, "following_up")
    card = ids(following)[0]
    dialog = board.open_details(card)
    assert dialog is not None
    timeline = dialog.findChild(TimelineWidget)
    assert timeline is not None, "the details dialog shows the application's timeline"
    from sqlalchemy import select

    from followup_gui.storage import models as m

    with window.db.read() as s:
        call = s.scalars(
            select(m.FollowUp.id).where(
                m.FollowUp.application_id == card,
                m.FollowUp.kind == "call",
                m.FollowUp.status == "pending",
            )
        ).first()
    assert call in timeline.view.planned_items
    assert timeline.panel.show_follow_up(call)
    timeline.panel.findChild(QWidget, "outcome_rejected").click()
    assert card in ids(view(window, "rejected"))
    assert dialog.stage_label.text() == "Rejected"
    dialog.notes.setPlainText("ask Dana for feedback in January")
    dialog.accept()
    assert not dialog.error.text(), dialog.error.text()
    assert card in ids(view(window, "rejected"))
    from followup_gui.services.applications.editing import load_details

    assert load_details(window.db, card).draft.notes == "ask Dana for feedback in January"


def test_the_user_chooses_who_receives_the_calls(window: MainWindow) -> None:
    """R7 / planner: calls go to the chosen person, not always the first interviewer."""
    from sqlalchemy import select

    from followup_gui.storage import models as m

    def pending_call() -> m.FollowUp:
        with window.db.read() as s:
            return s.scalars(
                select(m.FollowUp).where(
                    m.FollowUp.application_id == card,
                    m.FollowUp.kind == "call",
                    m.FollowUp.status == "pending",
                )
            ).one()

    board = window.board
    card = ids(view(window, "following_up"))[0]
    assert "Dana Whitfield" in pending_call().reason
    dialog = board.open_details(card)
    assert dialog is not None
    labels = [dialog.calls_to.itemText(i) for i in range(dialog.calls_to.count())]
    assert labels[0] == "The first interviewer (default)"
    priya = next(i for i, text in enumerate(labels) if text.startswith("Priya Raman"))
    dialog.calls_to.setCurrentIndex(priya)
    dialog.accept()
    assert "Priya Raman" in pending_call().reason
    again = board.open_details(card)
    assert again is not None
    assert again.calls_to.currentText().startswith("Priya Raman")
    again.reject()
    window.undo_stack.undo()
    assert "Dana Whitfield" in pending_call().reason


def on_(index) -> bool:
    """Whether a picker row is ticked (the state as the view reads it)."""
    return Qt.CheckState(index.data(Qt.ItemDataRole.CheckStateRole)) == Qt.CheckState.Checked


def test_the_interviewer_picker_ticks_searches_and_saves_who_took_part(
    window: MainWindow,
) -> None:
    def met(app_id: int) -> list[set[str]]:
        with window.db.read() as s:
            interviews = s.scalars(
                select(m.Interview)
                .where(m.Interview.application_id == app_id)
                .order_by(m.Interview.starts_at)
            )
            return [{p.full_name for p in iv.participants} for iv in interviews]

    card = ids(view(window, "following_up"))[0]
    before = met(card)
    dialog = window.board.open_details(card)
    assert dialog is not None
    editor = dialog.interviews[0]
    shown = editor.list.model()

    def ticked() -> set[str]:
        rows = range(shown.rowCount())
        on = [shown.index(r, 0) for r in rows]
        on = [i for i in on if on_(i)]
        return {str(i.data()).split(" — ")[0].split(" (")[0] for i in on}

    assert ticked() == before[0] and before[0]
    # Find someone by typing, tick them as a click on the box does; untick one who was there.
    with window.db.read() as s:
        others = sorted(s.scalars(select(m.Contact.full_name)).all())
    newcomer = next(n for n in others if n not in before[0])
    editor.search.setText(newcomer.split()[0].lower())
    assert 0 < shown.rowCount() < len(others)
    assert all(
        newcomer.split()[0] in str(shown.index(r, 0).data()) for r in range(shown.rowCount())
    )
    hit = next(
        r for r in range(shown.rowCount()) if str(shown.index(r, 0).data()).startswith(newcomer)
    )
    assert shown.setData(
        shown.index(hit, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    editor.search.clear()
    gone = sorted(before[0])[0]
    row = next(r for r in range(shown.rowCount()) if str(shown.index(r, 0).data()).startswith(gone))
    shown.setData(shown.index(row, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    # Whoever is ticked is named under the list, scrolled into view or not.
    assert newcomer in editor.ticked.text() and gone not in editor.ticked.text()
    # Someone typed in, then unticked again, is not created.
    editor.new_name.setText("Ada Lovelace")
    editor.add_new_person()
    last = shown.index(shown.rowCount() - 1, 0)
    assert str(last.data()) == "Ada Lovelace" and on_(last)
    shown.setData(last, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    # Another interview has its own ticks.
    second = dialog._add_interview()
    assert not any(on_(second.people.index(r, 0)) for r in range(second.people.rowCount()))
    assert second.ticked.text().startswith("Nobody ticked yet")
    dialog._remove_interview()
    dialog.accept()
    assert met(card)[0] == (before[0] - {gone}) | {newcomer}
    assert met(card)[1:] == before[1:]
    with window.db.read() as s:
        assert not s.scalars(select(m.Contact).where(m.Contact.full_name == "Ada Lovelace")).all()


def test_space_in_the_interviewer_list_ticks_and_unticks_the_person(qtbot, window) -> None:
    window.new_application()
    dialog = window.board.dialog
    assert dialog is not None
    dialog.interview_section.add_button.click()
    editor = dialog.interviews[0]
    shown = editor.list.model()
    first = shown.index(0, 0)
    editor.list.setCurrentIndex(first)
    editor.list.setFocus()
    qtbot.keyClick(editor.list, Qt.Key.Key_Space)  # what the view's delegate hands the model
    assert on_(first)
    name = str(first.data()).split(" — ")[0].split(" (")[0]
    assert name in editor.ticked.text()
    qtbot.keyClick(editor.list, Qt.Key.Key_Space)
    assert not on_(first) and editor.ticked.text().startswith("Nobody ticked yet")
    asked: list[bool] = []
    dialog.ask_unsaved = lambda: asked.append(True) or QMessageBox.StandardButton.Discard
    dialog.reject()
    assert asked == [True], "the interview added is an unsaved edit: closing asks"
