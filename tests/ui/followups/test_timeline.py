"""The timeline: drawing, clicking a planned item, logging each outcome, undo, scale."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from followup_gui.domain import Outcome
from followup_gui.services.followups.timeline import PlannedMark, TimelineData, load_timeline
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.ui.context import AppContext
from followup_gui.ui.followups.labels import OVERDUE_COLOUR
from followup_gui.ui.followups.timeline import TimelineWidget, mount_timeline
from followup_gui.ui.followups.timeline.view import KIND_ROLE
from tests.services.followups.outcome_data import NOW, NY, first_of_kind, make_application, pending


@pytest.fixture
def timeline(qtbot, db: Database):
    app_id = make_application(db)
    widget = TimelineWidget(AppContext(Settings(), db, clock=lambda: NOW), app_id)
    qtbot.addWidget(widget)
    widget.resize(1100, 500)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget, app_id
    widget.close()


def click_planned(qtbot, widget: TimelineWidget, follow_up_id: int) -> None:
    view = widget.view
    item = view.planned_items[follow_up_id]
    view.centerOn(item)
    point = view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def button(widget: TimelineWidget, name: str) -> QPushButton:
    found = widget.panel.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_draws_interviews_attempts_now_and_planned_windows(timeline) -> None:
    widget, app_id = timeline
    kinds = [i.data(KIND_ROLE) for i in widget.view.scene().items()]
    assert kinds.count("interview") == 1
    assert kinds.count("planned") == 2
    thanks = widget.view.planned_items[first_of_kind(widget.db, app_id, "thank_you_email").id]
    # Due last night with 24 hours to do it: due now, not overdue.
    assert "due now · until" in thanks.toolTip() and "overdue" not in thanks.toolTip()
    # The reason as a sentence, the rules quoted, no ids printed.
    assert "Thank each person you met" in thanks.toolTip() and "R4" not in thanks.toolTip()
    call = widget.view.planned_items[first_of_kind(widget.db, app_id, "call").id]
    assert "Never call on a Monday" in call.toolTip() and "R5" not in call.toolTip()
    assert "in 11 days · Tue, 1 Dec" in call.toolTip()


def test_a_step_is_overdue_on_the_timeline_only_after_its_window(qtbot, db: Database) -> None:
    app_id = make_application(db)
    later = NOW + timedelta(hours=4)  # 16:00 in New York: the 24 hours are over
    widget = TimelineWidget(AppContext(Settings(), db, clock=lambda: later), app_id)
    qtbot.addWidget(widget)
    widget.resize(1100, 500)
    widget.show()
    thanks = widget.view.planned_items[first_of_kind(db, app_id, "thank_you_email").id]
    call = widget.view.planned_items[first_of_kind(db, app_id, "call").id]
    assert "⚠" in thanks.toolTip() and "overdue" in thanks.toolTip()
    assert thanks.pen().color() == OVERDUE_COLOUR != call.pen().color()  # it stands out
    widget.close()


def test_click_shows_script_and_kind_specific_outcomes(qtbot, timeline) -> None:
    widget, app_id = timeline
    call = first_of_kind(widget.db, app_id, "call")
    click_planned(qtbot, widget, call.id)
    assert widget.panel.detail is not None and widget.panel.detail.id == call.id
    assert "Dana" in widget.panel.script.toPlainText()
    assert set(widget.panel.outcome_buttons) == {
        "spoke",
        "voicemail",
        "no_answer",
        "rejected",
        "offer",
    }
    widget.panel.script.setPlainText("edited script")
    widget.panel.copy_script()
    assert QApplication.clipboard().text() == "edited script"


@pytest.mark.parametrize(
    ("outcome", "expect_kinds", "stage"),
    [
        ("spoke", {"thank_you_email", "call"}, "interviewed"),
        ("voicemail", {"thank_you_email", "call"}, "interviewed"),
        ("no_answer", {"thank_you_email", "call"}, "interviewed"),
        ("rejected", {"feedback_request"}, "rejected"),
        ("offer", set(), "offer"),
    ],
)
def test_logging_each_call_outcome_replans_visibly(
    qtbot, timeline, outcome: str, expect_kinds: set[str], stage: str
) -> None:
    widget, app_id = timeline
    call = first_of_kind(widget.db, app_id, "call")
    click_planned(qtbot, widget, call.id)
    qtbot.mouseClick(button(widget, f"outcome_{outcome}"), Qt.MouseButton.LeftButton)
    data = load_timeline(widget.db, app_id, NOW)
    assert data.stage == stage
    assert [a.outcome for a in data.attempts] == [outcome]
    # The view shows the new plan: the logged call is gone, what follows is drawn.
    assert call.id not in widget.view.planned_items
    assert set(widget.view.planned_items) == {p.id for p in data.planned}
    assert {p.kind for p in data.planned} == expect_kinds
    assert widget.panel.detail is None and "Logged" in widget.panel.header.text()
    assert widget.undo_stack.count() == 1


def test_sent_thank_you_from_the_timeline(qtbot, timeline) -> None:
    widget, app_id = timeline
    thanks = first_of_kind(widget.db, app_id, "thank_you_email")
    click_planned(qtbot, widget, thanks.id)
    qtbot.mouseClick(button(widget, "outcome_sent"), Qt.MouseButton.LeftButton)
    assert thanks.id not in widget.view.planned_items
    assert [p.kind for p in load_timeline(widget.db, app_id, NOW).planned] == ["call"]


def test_spoke_with_a_decision_date(qtbot, timeline) -> None:
    widget, app_id = timeline
    call = first_of_kind(widget.db, app_id, "call")
    click_planned(qtbot, widget, call.id)
    widget.panel.decision_check.setChecked(True)
    widget.panel.decision_date.setDate(QDate(2026, 12, 18))
    qtbot.mouseClick(button(widget, "outcome_spoke"), Qt.MouseButton.LeftButton)
    data = load_timeline(widget.db, app_id, NOW)
    assert data.decision_expected == date(2026, 12, 18)
    nxt = next(p for p in data.planned if p.kind == "call")
    assert nxt.due.astimezone(NY).date() > date(2026, 12, 18)


def test_undo_and_redo_of_a_log(qtbot, timeline) -> None:
    widget, app_id = timeline
    before = {k: f.due_at for k, f in pending(widget.db, app_id).items()}
    call = first_of_kind(widget.db, app_id, "call")
    click_planned(qtbot, widget, call.id)
    qtbot.mouseClick(button(widget, "outcome_rejected"), Qt.MouseButton.LeftButton)
    assert load_timeline(widget.db, app_id, NOW).stage == "rejected"
    widget.undo_stack.undo()
    data = load_timeline(widget.db, app_id, NOW)
    assert data.stage == "interviewed" and data.attempts == ()
    assert {k: f.due_at for k, f in pending(widget.db, app_id).items()} == before
    assert call.id in widget.view.planned_items  # redrawn at once
    widget.undo_stack.redo()
    assert load_timeline(widget.db, app_id, NOW).stage == "rejected"
    assert call.id not in widget.view.planned_items


def test_snooze_and_skip_buttons(qtbot, timeline) -> None:
    widget, app_id = timeline
    thanks = first_of_kind(widget.db, app_id, "thank_you_email")
    click_planned(qtbot, widget, thanks.id)
    qtbot.mouseClick(button(widget, "snooze_tomorrow"), Qt.MouseButton.LeftButton)
    moved = pending(widget.db, app_id)[thanks.key]
    assert moved.due_at.astimezone(NY) == (NOW + timedelta(days=1)).replace(hour=9)
    click_planned(qtbot, widget, thanks.id)
    qtbot.mouseClick(button(widget, "skip"), Qt.MouseButton.LeftButton)
    assert thanks.key not in pending(widget.db, app_id)
    widget.undo_stack.undo()
    widget.undo_stack.undo()
    assert pending(widget.db, app_id)[thanks.key].due_at == thanks.due_at


def test_zoom_buttons_and_wheel_change_the_scale(qtbot, timeline) -> None:
    widget, _ = timeline
    px = widget.view.time_scale.px_per_day
    qtbot.mouseClick(widget.findChild(QWidget, "zoom_in"), Qt.MouseButton.LeftButton)
    assert widget.view.time_scale.px_per_day > px
    qtbot.mouseClick(widget.findChild(QWidget, "zoom_out"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(widget.findChild(QWidget, "zoom_out"), Qt.MouseButton.LeftButton)
    assert widget.view.time_scale.px_per_day < px


def test_keyboard_steps_through_the_plan_and_zooms(qtbot, timeline) -> None:
    widget, app_id = timeline
    view = widget.view
    thanks = first_of_kind(widget.db, app_id, "thank_you_email")  # overdue: due first
    call = first_of_kind(widget.db, app_id, "call")
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.selected_id == thanks.id
    assert widget.panel.detail is not None and widget.panel.detail.id == thanks.id
    assert "due now" in view.accessibleDescription()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert widget.panel.detail is not None and widget.panel.detail.id == call.id
    assert view.planned_items[call.id].pen().widthF() == 3.0  # the outline follows
    qtbot.keyClick(view, Qt.Key.Key_Right)  # already the last: stays
    assert view.selected_id == call.id
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert widget.panel.detail is not None and widget.panel.detail.id == thanks.id
    px = view.time_scale.px_per_day
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.time_scale.px_per_day > px
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.time_scale.px_per_day < px
    # Tab leads on to the action panel, where the outcome is logged.
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None and widget.panel.isAncestorOf(focused)


def test_mount_into_a_details_slot_uses_the_shared_undo_stack(qtbot, db: Database) -> None:
    app_id = make_application(db)
    slot = QWidget()
    slot.setObjectName("timeline_slot")
    qtbot.addWidget(slot)
    context = AppContext(Settings(), db, clock=lambda: NOW)
    stack = context.undo_stack
    widget = mount_timeline(slot, context, app_id)
    assert widget.parent() is slot and widget.undo_stack is stack
    thanks = first_of_kind(db, app_id, "thank_you_email")
    assert widget.outcome_actions.log(thanks.id, Outcome.SENT, "Sent")
    assert stack.count() == 1


def test_hundreds_of_items_never_overlap_in_a_lane(qtbot, db: Database) -> None:
    from followup_gui.ui.followups.timeline.view import TimelineView

    planned = tuple(
        PlannedMark(
            id=n,
            key=f"k{n}",
            kind=("call", "thank_you_email", "feedback_request")[n % 3],
            due=NOW + timedelta(hours=7 * n),
            window_end=NOW + timedelta(hours=7 * n + 30),
            contact="Dana Whitfield",
            rules=("R5",),
            reason="why",
            overdue=False,
        )
        for n in range(400)
    )
    data = TimelineData(1, "Acme", "", "interviewed", "America/New_York", None, (), (), planned)
    view = TimelineView(NY)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.set_data(data, NOW)
    for zoom in (1.0, 4.0, 0.05):
        view.zoom(zoom)
        rects = [item.sceneBoundingRect() for item in view.planned_items.values()]
        assert len(rects) == 400
        by_row: dict[float, list] = {}
        for r in rects:
            by_row.setdefault(round(r.top()), []).append(r)
        for row in by_row.values():
            row.sort(key=lambda r: r.left())
            for a, b in itertools.pairwise(row):
                assert a.right() <= b.left()


def test_click_on_empty_space_selects_nothing(qtbot, timeline) -> None:
    widget, _ = timeline
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert widget.panel.detail is None


def test_undo_after_the_dialog_closed_still_works(qtbot, db: Database) -> None:
    app_id = make_application(db)
    context = AppContext(Settings(), db, clock=lambda: NOW)
    stack = context.undo_stack
    slot = QWidget()
    widget = mount_timeline(slot, context, app_id)
    call = first_of_kind(db, app_id, "call")
    assert widget.outcome_actions.log(call.id, Outcome.OFFER, "Offer")
    slot.deleteLater()
    qtbot.waitUntil(lambda: not stack.canRedo() and stack.count() == 1)
    QApplication.processEvents()
    del widget, slot
    stack.undo()
    assert load_timeline(db, app_id, NOW).stage == "interviewed"


def test_the_panel_says_when_as_the_list_does_and_why_behind_a_link(qtbot, timeline) -> None:
    from followup_gui.ui.common.when import when_text

    widget, app_id = timeline
    call = first_of_kind(widget.db, app_id, "call")
    click_planned(qtbot, widget, call.id)
    header = widget.panel.header.text()
    detail = widget.panel.detail
    assert detail is not None
    # The same words as the agenda's "Due" column and the card.
    assert when_text(detail.due, NOW, detail.window_end) in header
    assert "in 11 days · Tue, 1 Dec" in header
    assert "Rules:" not in header and "(R" not in header and "R5" not in header
    assert widget.panel.why.isVisible()
    assert "Never call on a Monday" in widget.panel.why.toolTip()
    assert "Sources: " in widget.panel.why.toolTip()
