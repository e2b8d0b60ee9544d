"""The application window as a person uses it: next step first, nothing lost, fits the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListView, QMessageBox, QPushButton, QWidget
from sqlalchemy import select

from followup_gui.services.applications.editing import load_details
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.applications.application_dialog import ApplicationDialog
from followup_gui.ui.followups.timeline import TimelineWidget
from followup_gui.ui.shell.main_window import MainWindow
from tests.ui.conftest import BOARD_NOW
from tests.ui.fit import assert_fits

Answer = QMessageBox.StandardButton


def pending(db: Database, app_id: int) -> list[m.FollowUp]:
    with db.read() as s:
        rows = s.scalars(
            select(m.FollowUp)
            .where(m.FollowUp.application_id == app_id, m.FollowUp.status == "pending")
            .order_by(m.FollowUp.due_at, m.FollowUp.id)
        )
        return list(rows)


def card_with_a_call(window: MainWindow) -> int:
    """A demo card with a thank-you email due first, then a call (Acme Robotics)."""
    for card in window.board.board.snapshot.cards:
        kinds = [f.kind for f in pending(window.db, card.id)]
        if kinds[:2] == ["thank_you_email", "call"]:
            return card.id
    raise AssertionError("no demo card with a thank-you and a call planned")


def active(qtbot, dialog: ApplicationDialog) -> ApplicationDialog:
    """The dialog shown and active (keyboard focus goes to the active window)."""
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def new_dialog(window: MainWindow) -> ApplicationDialog:
    window.new_application()
    dialog = window.board.dialog
    assert dialog is not None
    return dialog


def cards_named(window: MainWindow, company: str) -> list[object]:
    return [c for c in window.board.board.snapshot.cards if c.company == company]


# -- a new application -----------------------------------------------------------------
def test_a_new_application_starts_applied_without_an_interview(window: MainWindow) -> None:
    dialog = new_dialog(window)
    assert dialog.stage.currentData() == "applied"
    titles = [dialog.stage.itemText(i) for i in range(dialog.stage.count())]
    assert "Interview scheduled" in titles and "Offer" in titles
    assert dialog.interviews == [] and dialog.interview_section.none_yet.isVisibleTo(dialog)
    dialog.company.setText("Quiet Co")
    dialog.accept()
    (card,) = cards_named(window, "Quiet Co")
    assert card.stage_key == "applied"
    assert load_details(window.db, card.id).draft.interviews == ()


def test_the_stage_chosen_is_where_the_card_lands(window: MainWindow) -> None:
    dialog = new_dialog(window)
    dialog.company.setText("Wishful Ltd")
    dialog.stage.setCurrentIndex(dialog.stage.findData("wishlist"))
    dialog.stage.activated.emit(dialog.stage.currentIndex())  # as a user's pick
    dialog.interview_section.add_button.click()  # the user's pick stays
    assert dialog.stage.currentData() == "wishlist"
    dialog.interview_section.remove_current()
    dialog.accept()
    assert cards_named(window, "Wishful Ltd")[0].stage_key == "wishlist"


def test_adding_an_interview_suggests_the_interview_stage(window: MainWindow) -> None:
    dialog = new_dialog(window)
    dialog.interview_section.add_button.click()
    assert dialog.stage.currentData() == "interview_scheduled"  # tomorrow
    dialog.interview_section.remove_button.click()
    assert dialog.stage.currentData() == "applied"
    dialog.ask_unsaved = lambda: Answer.Discard
    dialog.reject()


def test_enter_in_the_new_person_fields_adds_the_person_and_keeps_the_window(
    qtbot, window: MainWindow
) -> None:
    dialog = active(qtbot, new_dialog(window))
    dialog.company.setText("Enter Corp")
    editor = dialog.interview_section.add()
    editor.new_name.setFocus()
    qtbot.keyClicks(editor.new_name, "Ada Lovelace")
    qtbot.keyClick(editor.new_name, Qt.Key.Key_Return)
    editor.new_name.setText("Alan Turing")
    editor.new_title.setFocus()
    qtbot.keyClicks(editor.new_title, "Mathematician")
    qtbot.keyClick(editor.new_title, Qt.Key.Key_Enter)
    assert dialog.isVisible(), "Enter in the sub-form must not save and close the window"
    assert not cards_named(window, "Enter Corp")
    assert [p.full_name for p in editor.people.checked_new()] == ["Ada Lovelace", "Alan Turing"]
    assert editor.people.checked_new()[1].title == "Mathematician"
    assert editor.new_name.text() == "" and QApplication.focusWidget() is editor.new_name
    dialog.accept()
    (card,) = cards_named(window, "Enter Corp")
    assert set(card.people) == {"Ada Lovelace", "Alan Turing"}


def test_enter_in_the_people_search_ticks_the_person_found(qtbot, window: MainWindow) -> None:
    dialog = active(qtbot, new_dialog(window))
    editor = dialog.interview_section.add()
    editor.search.setFocus()
    qtbot.keyClicks(editor.search, "whitf")
    qtbot.keyClick(editor.search, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert any("Dana Whitfield" in label for label in editor.people.checked_labels())
    dialog.ask_unsaved = lambda: Answer.Discard
    dialog.reject()


def test_journey_a_new_application_with_two_new_interviewers_by_keyboard_only(
    qtbot, window: MainWindow
) -> None:
    """Ctrl+N, type, Tab, add an interview and two people with Enter, Ctrl+S: a card."""
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.board.dialog
    assert dialog is not None
    active(qtbot, dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.company)

    def typed(text: str) -> None:
        qtbot.keyClicks(QApplication.focusWidget(), text)

    def key(k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(QApplication.focusWidget(), k, mod)

    typed("Keyboard GmbH")
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.role
    typed("Platform Engineer")
    key(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # "&Add interview"
    qtbot.waitUntil(lambda: len(dialog.interviews) == 1)
    editor = dialog.interviews[0]
    for _ in range(40):  # Tab through the interview's fields to the new person's name
        if QApplication.focusWidget() is editor.new_name:
            break
        key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.new_name, QApplication.focusWidget()
    typed("Grace Hopper")
    key(Qt.Key.Key_Tab)
    typed("Admiral")
    key(Qt.Key.Key_Return)
    typed("Margaret Hamilton")
    key(Qt.Key.Key_Return)
    assert dialog.isVisible()
    key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(cards_named(window, "Keyboard GmbH")))
    (card,) = cards_named(window, "Keyboard GmbH")
    assert card.stage_key == "interview_scheduled"
    assert set(card.people) == {"Grace Hopper", "Margaret Hamilton"}
    # What the user sees: the window closed, the card in its column, the count one up.
    assert not dialog.isVisible()
    column = window.findChild(QListView, "stage:interview_scheduled")
    assert column is not None
    shown = [column.model().index(r, 0).data() for r in range(column.model().rowCount())]
    assert any("Keyboard GmbH" in str(text) for text in shown), shown
    assert window.count_label.text() == "11 applications"


def test_tab_leaves_the_notes(qtbot, window: MainWindow) -> None:
    dialog = active(qtbot, new_dialog(window))
    dialog.notes.setFocus()
    qtbot.waitUntil(dialog.notes.hasFocus)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Tab)
    assert not dialog.notes.hasFocus() and "\t" not in dialog.notes.toPlainText()


# -- nothing lost silently ---------------------------------------------------------------
def test_journey_escape_with_an_unsaved_note_asks(qtbot, window: MainWindow) -> None:
    card = card_with_a_call(window)
    dialog = window.board.open_details(card)
    assert dialog is not None
    active(qtbot, dialog)
    assert not dialog.isWindowModified() and "wait for Save" in dialog.save_state.text()
    dialog.pages.setCurrentIndex(1)
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # "&Notes"
    qtbot.waitUntil(dialog.notes.hasFocus)
    # The field typed into is in sight (the Details page scrolls to it).
    qtbot.waitUntil(lambda: dialog.notes.visibleRegion().boundingRect().height() >= 40)
    qtbot.keyClicks(dialog.notes, "call back after the holidays")
    assert dialog.isWindowModified() and "Unsaved" in dialog.save_state.text()
    answers = [Answer.Cancel, Answer.Save]
    asked: list[Answer] = []
    dialog.ask_unsaved = lambda: asked.append(answers[len(asked)]) or answers[len(asked) - 1]
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)
    assert asked == [Answer.Cancel] and dialog.isVisible(), "Cancel keeps the window and note"
    assert dialog.notes.toPlainText() == "call back after the holidays"
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)
    assert asked == [Answer.Cancel, Answer.Save] and not dialog.isVisible()
    assert load_details(window.db, card).draft.notes == "call back after the holidays"


def test_closing_with_unsaved_edits_can_discard_them(qtbot, window: MainWindow) -> None:
    card = card_with_a_call(window)
    before = load_details(window.db, card).draft
    dialog = window.board.open_details(card)
    assert dialog is not None
    dialog.company.setText("Typed but dropped")
    dialog.ask_unsaved = lambda: Answer.Discard
    dialog.close()  # the window's close button
    assert not dialog.isVisible()
    assert load_details(window.db, card).draft.company == before.company


def test_closing_an_untouched_window_does_not_ask(qtbot, window: MainWindow) -> None:
    card = card_with_a_call(window)
    dialog = window.board.open_details(card)
    assert dialog is not None
    dialog.ask_unsaved = lambda: (_ for _ in ()).throw(AssertionError("asked"))
    assert dialog.buttons.button(dialog.buttons.StandardButton.Cancel).text() == "Close"
    dialog.reject()
    assert not dialog.isVisible()


# -- next step first ---------------------------------------------------------------------
def test_the_window_opens_on_the_next_pending_step(qtbot, window: MainWindow) -> None:
    card = card_with_a_call(window)
    first = pending(window.db, card)[0]
    dialog = window.board.open_details(card)
    assert dialog is not None
    assert dialog.pages.currentWidget() is dialog.timeline_slot
    assert dialog.pages.tabText(0).replace("&", "") == "Next step"
    timeline = dialog.findChild(TimelineWidget)
    assert timeline is not None
    assert timeline.panel.detail is not None and timeline.panel.detail.id == first.id
    assert timeline.view.selected_id == first.id
    assert timeline.panel.script.toPlainText().strip()
    assert "sent" in timeline.panel.outcome_buttons
    dialog.reject()


def test_journey_open_a_card_and_log_a_voicemail(qtbot, window: MainWindow) -> None:
    """Open the card, mark the thank-you sent, the call comes next: Voicemail; then Undo."""
    card = card_with_a_call(window)
    thanks, call = pending(window.db, card)[:2]
    dialog = window.board.open_details(card)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    timeline = dialog.findChild(TimelineWidget)
    assert timeline is not None
    assert timeline.panel.detail is not None and timeline.panel.detail.id == thanks.id
    qtbot.mouseClick(timeline.panel.outcome_buttons["sent"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: timeline.panel.detail is not None)
    assert timeline.panel.detail.id == call.id, "the next pending step follows at once"
    voicemail = timeline.panel.outcome_buttons["voicemail"]
    assert voicemail.isVisible()
    qtbot.waitUntil(lambda: voicemail.height() >= 18)  # once laid out: whole, not a sliver
    qtbot.mouseClick(voicemail, Qt.MouseButton.LeftButton)
    with window.db.read() as s:
        assert s.get(m.FollowUp, call.id).status == "done"
        outcomes = s.scalars(select(m.Attempt.outcome).where(m.Attempt.application_id == card))
        assert "voicemail" in outcomes.all()
    # The next attempt is planned and shown, with what was saved and its Undo.
    qtbot.waitUntil(lambda: timeline.panel.detail is not None)
    assert timeline.panel.detail.id != call.id  # the next attempt, planned and shown
    assert "Voicemail" in timeline.panel.notice.text()
    assert not dialog.isWindowModified(), "a logged outcome is saved, not an unsaved edit"
    qtbot.mouseClick(timeline.panel.undo_button, Qt.MouseButton.LeftButton)
    with window.db.read() as s:
        assert s.get(m.FollowUp, call.id).status == "pending"
    dialog.reject()
    assert not dialog.isVisible()


# -- fits the screen ---------------------------------------------------------------------
def test_the_windows_fit_a_laptop_screen(qtbot, window: MainWindow) -> None:
    dialog = new_dialog(window)
    qtbot.waitExposed(dialog)
    assert_fits(dialog)
    dialog.interview_section.add_button.click()
    qtbot.wait(20)  # the layout settles, as before the user sees it
    assert_fits(dialog)
    dialog.ask_unsaved = lambda: Answer.Discard
    dialog.reject()
    card = card_with_a_call(window)
    details = window.board.open_details(card)
    assert details is not None
    qtbot.waitExposed(details)
    assert_fits(details)  # the Next step page, its outcome buttons whole
    details.pages.setCurrentIndex(1)
    qtbot.wait(20)
    assert_fits(details)  # the Details page
    details.reject()


def test_a_short_window_scrolls_instead_of_squeezing(qtbot, window: MainWindow) -> None:
    card = card_with_a_call(window)
    dialog = window.board.open_details(card)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.minimumSize())
    qtbot.wait(10)
    timeline = dialog.findChild(TimelineWidget)
    assert timeline is not None
    for button in timeline.panel.findChildren(QPushButton):
        if button.isVisibleTo(timeline.panel):
            assert button.height() >= 18, button.text()
    assert dialog.height() <= 768
    dialog.reject()


def test_no_control_hides_behind_a_missing_name(window: MainWindow) -> None:
    dialog = new_dialog(window)
    dialog.interview_section.add_button.click()
    unnamed = [
        w.objectName()
        for w in dialog.findChildren(QWidget)
        if w.isVisibleTo(dialog)
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and isinstance(w, QPushButton)
        and not (w.text() or w.accessibleName())
    ]
    assert not unnamed
    dialog.ask_unsaved = lambda: Answer.Discard
    dialog.reject()


def test_the_board_clock_is_the_windows(window: MainWindow) -> None:
    dialog = new_dialog(window)
    assert dialog.now == BOARD_NOW
    dialog.reject()
