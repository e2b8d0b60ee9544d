"""Stage writes report that the board's columns changed, and only when they did."""

from __future__ import annotations

from followup_gui.services.board import stages as board_stages
from followup_gui.services.changes import NOTHING, Changes
from followup_gui.storage import Database

COLUMNS = Changes(stages=True)


def test_each_stage_write_reports_the_columns_changed(db: Database) -> None:
    added = board_stages.add_stage(db, "Phone screen")
    assert added.changes == COLUMNS
    assert not added.changes.cards and not added.changes.plans
    key = added.value.key
    assert board_stages.rename_stage(db, key, "Screening call").changes == COLUMNS
    keys = [s.key for s in board_stages.stages(db)]
    keys.remove(key)
    keys.insert(0, key)
    assert board_stages.reorder_stages(db, keys).changes == COLUMNS
    assert board_stages.set_stage_hidden(db, key, True).changes == COLUMNS
    assert board_stages.delete_stage(db, key) == COLUMNS


def test_writes_that_leave_the_stages_as_they_were_report_nothing(db: Database) -> None:
    key = board_stages.add_stage(db, "Phone screen").value.key
    assert board_stages.rename_stage(db, key, " Phone  screen ").changes == NOTHING
    same = [s.key for s in board_stages.stages(db)]
    assert board_stages.reorder_stages(db, same).changes == NOTHING
    assert board_stages.set_stage_hidden(db, key, False).changes == NOTHING


def test_a_card_moved_to_a_column_the_user_made_terminal_gets_no_calls(db: Database) -> None:
    from followup_gui.scheduling import PlannerSettings
    from followup_gui.services.board.moves import move_cards
    from tests.services.followups.outcome_data import NOW, make_application, pending

    app_id = make_application(db)
    assert pending(db, app_id)  # a thank-you and calls
    withdrawn = board_stages.add_stage(db, "Withdrawn", terminal=True).value
    move_cards(db, [app_id], withdrawn.key, None, NOW, PlannerSettings())
    assert pending(db, app_id) == {}
