"""The one undo base: errors before the stack, steps that tell every part what changed."""

from __future__ import annotations

from PySide6.QtWidgets import QListView

from followup_gui.services.changes import Changes
from followup_gui.services.contacts import editing as contacts
from followup_gui.storage import Database
from followup_gui.ui.shell.main_window import MainWindow


def _ids(v: QListView) -> list[int]:
    m = v.model()
    return [m.index(r, 0).data(256) for r in range(m.rowCount())]


def test_a_move_refused_by_the_service_leaves_nothing_to_undo(window: MainWindow) -> None:
    before = window.undo_stack.count()
    assert not window.board.move_cards([10_000_000], "offer")  # no such card
    assert window.undo_stack.count() == before
    assert "deleted" in window.statusBar().currentMessage()


def test_each_step_tells_the_other_parts_what_it_changed(window: MainWindow) -> None:
    seen: list[tuple[Changes, object]] = []
    window.context.changed.connect(lambda changes, initiator: seen.append((changes, initiator)))
    following = window.board.view("following_up")
    card = _ids(following)[0]
    assert window.board.move_cards([card], "rejected")
    window.undo_stack.undo()
    window.undo_stack.redo()
    assert len(seen) == 3  # the move, its undo, its redo: one notice each
    for changes, initiator in seen:
        assert card in changes.application_ids and changes.stage_moves
        assert initiator is window.board  # the board already shows it


def test_an_undo_of_a_contact_deleted_elsewhere_says_so_and_is_dropped(
    window: MainWindow, db: Database
) -> None:
    panel = window.contacts
    window.tabs.setCurrentWidget(panel)
    panel.new_contact()
    panel.card.full_name.setText("Dana Whitfield")
    assert panel.save()
    dana = panel.current_id()
    assert dana is not None
    panel.card.full_name.setText("Dana Whitfield-Ortiz")
    assert panel.save()
    steps = window.undo_stack.count()
    contacts.delete_contact(db, dana)  # another computer deletes her meanwhile
    window.undo_stack.undo()  # cannot put the old name back: the user is told, nothing crashes
    assert "deleted elsewhere" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == steps - 1  # the step that cannot be undone is dropped
    assert window.undo_stack.undoText() == "Add Dana Whitfield"
    assert dana not in {panel.model.contact(r).id for r in range(panel.model.rowCount())}
