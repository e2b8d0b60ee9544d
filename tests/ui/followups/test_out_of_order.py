"""Logging an outcome out of order asks first, wherever it is logged from."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from followup_gui.domain import Outcome
from followup_gui.services.followups.timeline import load_timeline
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.ui.context import AppContext
from followup_gui.ui.followups.outcome_actions import OutcomeActions
from followup_gui.ui.followups.timeline import TimelineWidget
from tests.services.followups.outcome_data import NY, first_of_kind, make_application
from tests.ui.conftest import OutOfOrderQuestions

#: Tue 24 Nov: a week before the planned call (Tue 1 Dec), before the decision (Fri 27 Nov).
TUESDAY = datetime(2026, 11, 24, 10, tzinfo=NY)


@pytest.fixture
def views(qtbot) -> Iterator[list[QWidget]]:
    """Views made by a test, held for its length (qtbot keeps only weak references)."""
    made: list[QWidget] = []
    yield made
    for view in made:
        view.close()


def _actions(
    views: list[QWidget], db: Database, now: datetime
) -> tuple[OutcomeActions, AppContext]:
    context = AppContext(Settings(), db, clock=lambda: now)
    views.append(QWidget())
    return OutcomeActions(context, views[-1]), context


def test_a_voicemail_a_week_early_asks_and_no_stores_nothing(
    views, db: Database, out_of_order_questions: OutOfOrderQuestions
) -> None:
    app_id = make_application(db)
    call = first_of_kind(db, app_id, "call")
    actions, context = _actions(views, db, TUESDAY)
    out_of_order_questions.answer = False
    assert not actions.log(call.id, Outcome.VOICEMAIL, "Voicemail")
    [(title, text)] = out_of_order_questions.asked
    assert title == "Log it before it is due?"
    assert "decide by Fri, 27 Nov" in text and "planned for Tue, 1 Dec" in text
    assert "“Voicemail”" in text
    assert load_timeline(db, app_id, TUESDAY).attempts == ()
    assert context.undo_stack.count() == 0


def test_yes_logs_it_and_undo_takes_it_back(
    views, db: Database, out_of_order_questions: OutOfOrderQuestions
) -> None:
    app_id = make_application(db)
    call = first_of_kind(db, app_id, "call")
    actions, context = _actions(views, db, TUESDAY)
    assert actions.log(call.id, Outcome.VOICEMAIL, "Voicemail")
    assert len(out_of_order_questions.asked) == 1
    assert [a.outcome for a in load_timeline(db, app_id, TUESDAY).attempts] == ["voicemail"]
    context.undo_stack.undo()
    assert load_timeline(db, app_id, TUESDAY).attempts == ()


def test_news_and_a_call_on_its_day_are_not_asked_about(
    views, db: Database, out_of_order_questions: OutOfOrderQuestions
) -> None:
    app_id = make_application(db)
    call = first_of_kind(db, app_id, "call")
    on_the_day, _ = _actions(views, db, datetime(2026, 12, 1, 9, 30, tzinfo=NY))
    assert on_the_day.log(call.id, Outcome.NO_ANSWER, "No answer")
    news, _ = _actions(views, db, TUESDAY)
    nxt = first_of_kind(db, app_id, "call")
    assert news.log(nxt.id, Outcome.REJECTED, "Rejected")
    assert out_of_order_questions.asked == []


def test_the_timeline_panel_asks_before_logging_too_soon(
    qtbot, db: Database, out_of_order_questions: OutOfOrderQuestions
) -> None:
    app_id = make_application(db)
    widget = TimelineWidget(AppContext(Settings(), db, clock=lambda: TUESDAY), app_id)
    qtbot.addWidget(widget)
    widget.resize(1100, 500)
    widget.show()
    qtbot.waitExposed(widget)
    call = first_of_kind(db, app_id, "call")
    assert widget.panel.show_follow_up(call.id)
    out_of_order_questions.answer = False
    voicemail = widget.panel.findChild(QPushButton, "outcome_voicemail")
    assert voicemail is not None
    qtbot.mouseClick(voicemail, Qt.MouseButton.LeftButton)
    assert len(out_of_order_questions.asked) == 1
    assert widget.panel.detail is not None  # still showing the call: nothing was logged
    assert load_timeline(db, app_id, TUESDAY).attempts == ()
    widget.close()
