"""The Agenda tab: grouped by the user's day, the same actions, wired into the main window."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QPushButton

from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.ui.agenda import AgendaView
from followup_gui.ui.main_window import MainWindow
from tests.services.outcome_data import NOW, NY, first_of_kind, make_application, pending


class Hub(QObject):
    data_changed = Signal()


def make_view(qtbot, db: Database, now: datetime = NOW, tz: ZoneInfo = NY):
    hub = Hub()
    stack = QUndoStack()
    view = AgendaView(db, Settings(), stack, hub.data_changed, clock=lambda: now, local_tz=tz)
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    return view, hub, stack


def titles(view: AgendaView) -> list[str]:
    return [view.model.item(r).text() for r in range(view.model.rowCount())]


def test_groups_overdue_today_and_days(qtbot, db: Database) -> None:
    make_application(db)
    view, _hub, _stack = make_view(qtbot, db)
    # Friday Nov 20: the thank-you (due Thu evening) is overdue; nothing today;
    # the call on Tue Dec 1 is more than 7 days away.
    assert titles(view) == ["Overdue (1)", "Today · Fri 20 Nov – nothing due"]
    later, _, _ = make_view(qtbot, db, now=datetime(2026, 11, 27, 12, tzinfo=NY))
    assert titles(later) == ["Overdue (1)", "Today · Fri 27 Nov – nothing due", "Tue 01 Dec (1)"]


def test_local_days_across_dst_in_the_view(qtbot, db: Database) -> None:
    make_application(db)
    # Saturday Nov 28, 23:30 in Berlin: the Tue Dec 1 09:00 EST call is 15:00 Berlin.
    berlin = ZoneInfo("Europe/Berlin")
    view, _, _ = make_view(qtbot, db, now=datetime(2026, 11, 28, 23, 30, tzinfo=berlin), tz=berlin)
    assert titles(view)[-1] == "Tue 01 Dec (1)"
    call_row = view.model.item(len(titles(view)) - 1).child(0)
    assert call_row.text().startswith("15:00 (their 09:00 EST)")


def test_acting_from_the_agenda_refreshes_and_undoes(qtbot, db: Database) -> None:
    app_id = make_application(db)
    view, hub, stack = make_view(qtbot, db)
    hub.data_changed.connect(view.reload)  # already connected once: reload twice is harmless
    thanks = first_of_kind(db, app_id, "thank_you_email")
    assert view.select_follow_up(thanks.id)
    assert view.panel.detail is not None and view.panel.detail.id == thanks.id
    sent = view.panel.findChild(QPushButton, "outcome_sent")
    qtbot.mouseClick(sent, Qt.MouseButton.LeftButton)
    assert thanks.key not in pending(db, app_id)
    assert view.index_of(thanks.id) is None
    assert titles(view)[0].startswith("Today")
    stack.undo()
    assert view.index_of(thanks.id) is not None
    assert titles(view)[0] == "Overdue (1)"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen only
def test_main_window_agenda_tab_menu_and_show_agenda(qtbot, db: Database) -> None:
    make_application(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs.index("Agenda") == tabs.index("Board") + 1
    file_menu = window.menuBar().actions()[0].menu()
    assert "Export calendar (.ics)…" in [a.text().replace("&", "") for a in file_menu.actions()]
    window.show_agenda()
    assert window.tabs.currentWidget() is window.agenda
    window.close()


def test_a_card_moved_on_the_board_changes_the_agenda(qtbot, db: Database) -> None:
    app_id = make_application(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.agenda)
    call = first_of_kind(db, app_id, "call")
    assert window.agenda.index_of(call.id) is not None
    window.tabs.setCurrentWidget(window.board)
    assert window.board.move_cards([app_id], "offer")  # an offer: nothing left to chase
    window.tabs.setCurrentWidget(window.agenda)
    assert window.agenda.index_of(call.id) is None
    window.close()
