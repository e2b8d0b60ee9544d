"""The Agenda tab: grouped by the user's day, the same actions, wired into the main window."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPushButton, QStyleOptionViewItem

from followup_gui.services.changes import EVERYTHING
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.common.why import plain_reason
from followup_gui.ui.context import AppContext
from followup_gui.ui.followups.agenda import AgendaView
from followup_gui.ui.followups.agenda.model import ID_ROLE, AgendaModel
from followup_gui.ui.followups.labels import OVERDUE_COLOUR, kind_colour
from followup_gui.ui.shell.main_window import MainWindow
from tests.services.followups.outcome_data import NOW, NY, first_of_kind, make_application, pending


def make_view(qtbot, db: Database, now: datetime = NOW, tz: ZoneInfo = NY):
    hub = AppContext(Settings(), db, clock=lambda: now)
    stack = hub.undo_stack
    view = AgendaView(hub, local_tz=tz)
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    return view, hub, stack


def titles(view: AgendaView) -> list[str]:
    return [view.model.index(r, 0).data() for r in range(view.model.rowCount())]


def test_groups_overdue_today_and_days(qtbot, db: Database) -> None:
    make_application(db)
    view, _hub, _stack = make_view(qtbot, db)
    # Friday Nov 20 12:00: the thank-you (due Thu evening, within 24 hours) is
    # still due until 15:00, not overdue; the call on Tue Dec 1 is more than 7 days away.
    assert titles(view) == ["Today · Fri, 20 Nov (1)"]
    later, _, _ = make_view(qtbot, db, now=datetime(2026, 11, 27, 12, tzinfo=NY))
    assert titles(later) == ["Overdue (1)", "Today · Fri, 27 Nov – nothing due", "Tue, 1 Dec (1)"]


def test_local_days_across_dst_in_the_view(qtbot, db: Database) -> None:
    make_application(db)
    # Saturday Nov 28, 23:30 in Berlin: the Tue Dec 1 09:00 EST call is 15:00 Berlin.
    berlin = ZoneInfo("Europe/Berlin")
    view, _, _ = make_view(qtbot, db, now=datetime(2026, 11, 28, 23, 30, tzinfo=berlin), tz=berlin)
    assert titles(view)[-1] == "Tue, 1 Dec (1)"
    call_row = view.model.index(0, 0, view.model.index(len(titles(view)) - 1, 0))
    # Under its day's title ("Tue, 1 Dec"), the row says the time: the user's and theirs.
    assert call_row.data() == "15:00 (their 09:00 EST)"


def test_acting_from_the_agenda_refreshes_and_undoes(qtbot, db: Database) -> None:
    app_id = make_application(db)
    view, hub, stack = make_view(qtbot, db)
    hub.changed.connect(lambda *_: view.reload())  # reload twice is harmless
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
    assert titles(view)[0] == "Today · Fri, 20 Nov (1)"  # due until 15:00, not overdue


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


# -- what the list shows: the item model ---------------------------------------
def entry_cells(view: AgendaView, follow_up_id: int) -> list[QModelIndex]:
    first = view.index_of(follow_up_id)
    assert first is not None
    return [first.siblingAtColumn(c) for c in range(view.model.columnCount())]


def test_titles_counts_headers_and_summary(qtbot, db: Database) -> None:
    empty, _, _ = make_view(qtbot, db)
    assert titles(empty) == ["Today · Fri, 20 Nov – nothing due"]
    assert empty.summary.text() == "Nothing due in the next 7 days."
    make_application(db)
    view, _, _ = make_view(qtbot, db, now=datetime(2026, 11, 30, 12, tzinfo=NY))
    assert titles(view) == [
        "Overdue (1)",
        "Today · Mon, 30 Nov – nothing due",
        "Tomorrow · Tue, 1 Dec (1)",
    ]
    assert view.summary.text() == "2 follow-ups due, 1 overdue."
    header = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert header == ["Due", "What", "Who", "Application", "Why"]


def test_rows_show_what_who_application_and_why(qtbot, db: Database) -> None:
    app_id = make_application(db)
    view, _, _ = make_view(qtbot, db, now=datetime(2026, 11, 27, 12, tzinfo=NY))
    call = first_of_kind(db, app_id, "call")
    due, what, who, application, why = (i.data() for i in entry_cells(view, call.id))
    assert (due, what, who, application) == (
        "09:00",  # under the title "Tue, 1 Dec (1)": the day is not said twice
        "Call",
        "Dana Whitfield",
        "Acme Robotics · Backend Engineer",
    )
    # A sentence; the rule ids are behind the tooltip, not printed.
    assert "R5" not in why and "[" not in why and why.endswith(".")


def test_overdue_and_kind_colours_and_bold_titles(qtbot, db: Database) -> None:
    app_id = make_application(db)
    view, _, _ = make_view(qtbot, db, now=datetime(2026, 11, 27, 12, tzinfo=NY))
    fg = Qt.ItemDataRole.ForegroundRole
    overdue_title, today_title = view.model.index(0, 0), view.model.index(1, 0)
    assert overdue_title.data(Qt.ItemDataRole.FontRole).bold()
    assert today_title.data(Qt.ItemDataRole.FontRole).bold()
    assert overdue_title.data(fg).color() == OVERDUE_COLOUR
    assert today_title.data(fg) is None
    thanks = entry_cells(view, first_of_kind(db, app_id, "thank_you_email").id)
    call = entry_cells(view, first_of_kind(db, app_id, "call").id)
    assert thanks[0].data(fg).color() == OVERDUE_COLOUR
    assert thanks[0].data() == "⚠ 8 days overdue · Thu, 19 Nov"  # as on the card
    assert call[0].data(fg) is None  # not overdue: the palette's colour
    assert call[1].data(fg).color() == kind_colour("call").darker(120)
    assert thanks[1].data(fg).color() == kind_colour("thank_you_email").darker(120)
    assert thanks[2].data(fg) is None


def test_tooltips_and_ids_on_every_column(qtbot, db: Database) -> None:
    app_id = make_application(db)
    view, _, _ = make_view(qtbot, db, now=datetime(2026, 11, 27, 12, tzinfo=NY))
    thanks = first_of_kind(db, app_id, "thank_you_email")
    call = first_of_kind(db, app_id, "call")
    tip = Qt.ItemDataRole.ToolTipRole
    for cell in entry_cells(view, thanks.id):
        assert cell.data(ID_ROLE) == thanks.id
        tooltip = cell.data(tip)
        assert tooltip.startswith(plain_reason(thanks.reason) + "\n\n")
        assert "Thank each person you met" in tooltip  # R4, quoted
        assert "Sources: " in tooltip and "TipTopJob" in tooltip
        assert "R4" not in tooltip
    for cell in entry_cells(view, call.id):
        assert cell.data(ID_ROLE) == call.id
        assert cell.data(tip).startswith(plain_reason(call.reason) + "\n\n")
        assert "Never call on a Monday" in cell.data(tip)  # R6, quoted
    assert view.model.index(0, 0).data(ID_ROLE) is None
    assert view.model.index(0, 0).data(tip) is None


def test_group_rows_cannot_be_selected_entries_can(qtbot, db: Database) -> None:
    app_id = make_application(db)
    view, _, _ = make_view(qtbot, db)
    tree = view.tree
    title = view.model.index(0, 0)
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(title).center()
    )
    assert tree.selectionModel().selectedIndexes() == []
    assert view.selected_id() is None
    assert view.panel.detail is None
    thanks = first_of_kind(db, app_id, "thank_you_email")
    row = view.index_of(thanks.id)
    assert row is not None and row.parent() == title
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(row).center())
    assert view.selected_id() == thanks.id
    assert view.panel.detail is not None and view.panel.detail.id == thanks.id


def test_selection_kept_across_a_reload_that_changes_the_list(qtbot, db: Database) -> None:
    app_id = make_application(db)
    view, hub, _ = make_view(qtbot, db, now=datetime(2026, 11, 27, 12, tzinfo=NY))
    call = first_of_kind(db, app_id, "call")
    assert view.select_follow_up(call.id)
    make_application(db, company="Globex")  # another overdue thank-you: rows move down
    hub.notify(EVERYTHING)
    assert titles(view)[0] == "Overdue (2)"
    assert view.selected_id() == call.id
    assert view.tree.currentIndex() == view.index_of(call.id)
    assert view.panel.detail is not None and view.panel.detail.id == call.id


def test_a_reload_with_nothing_new_leaves_the_list_as_it_is(qtbot, db: Database) -> None:
    make_application(db)
    view, hub, _ = make_view(qtbot, db)
    overdue = view.model.index(0, 0)
    view.tree.collapse(overdue)
    hub.notify(EVERYTHING)  # e.g. the timer each minute: the same follow-ups
    assert not view.tree.isExpanded(view.model.index(0, 0))
    make_application(db, company="Globex")
    hub.notify(EVERYTHING)  # something new: every group open again
    assert view.tree.isExpanded(view.model.index(0, 0))


@pytest.mark.parametrize(
    ("now", "tz"),
    [
        # Every due time reads "… (their … EST)": the entries are the widest.
        (datetime(2026, 11, 28, 23, 30, tzinfo=ZoneInfo("Europe/Berlin")), "Europe/Berlin"),
        # Short times: the bold "Today · … – nothing due" title is the widest.
        (NOW, "America/New_York"),
    ],
)
def test_columns_fit_their_texts(qtbot, db: Database, now: datetime, tz: str) -> None:
    make_application(db)
    make_application(db, company="Extraordinarily Long Company Name Incorporated")
    view, _, _ = make_view(qtbot, db, now=now, tz=ZoneInfo(tz))
    view.resize(2400, 600)  # room for every column: none gives way
    assert_cells_fit(view)


def test_columns_follow_a_bigger_font(qtbot, db: Database) -> None:
    make_application(db)
    view, _, _ = make_view(qtbot, db)
    view.resize(4000, 600)  # room for every column, also in the bigger font
    before = [view.tree.columnWidth(c) for c in range(4)]
    font = QFont(view.font())
    font.setPointSize(font.pointSize() * 2)
    view.setFont(font)  # as at 200% or after the user picked a bigger font
    assert all(view.tree.columnWidth(c) > w for c, w in enumerate(before))
    assert_cells_fit(view)


def test_in_a_narrow_window_the_application_gives_way_to_the_reason(qtbot, db: Database) -> None:
    make_application(db, company="Extraordinarily Long Company Name Incorporated")
    view, _, _ = make_view(qtbot, db)
    view.resize(900, 600)
    tree, header = view.tree, view.tree.header()
    room = tree.viewport().width()
    why = header.sectionSize(AgendaModel.WHY)
    assert why >= 0.3 * room - 1  # the reason and its rules stay readable
    assert_cells_fit(view, columns=(AgendaModel.DUE, AgendaModel.WHAT, AgendaModel.WHO))
    squeezed = header.sectionSize(AgendaModel.APPLICATION)
    assert header.sectionSizeHint(AgendaModel.APPLICATION) <= squeezed  # its title still shows
    view.resize(2400, 600)  # wider again: the application in full, nothing measured anew
    assert header.sectionSize(AgendaModel.APPLICATION) > squeezed
    assert_cells_fit(view)


def test_a_reason_reads_as_a_sentence_without_rule_ids(qtbot, db: Database) -> None:
    make_application(db)
    view, _, _ = make_view(qtbot, db)
    model = view.model
    today = model.index(0, 0)
    reason = str(model.index(0, AgendaModel.WHY, today).data())
    assert reason.startswith("Thank Dana Whitfield by email")
    assert "(R" not in reason and "[R" not in reason and reason.endswith(".")


def assert_cells_fit(view: AgendaView, columns: tuple[int, ...] = (0, 1, 2, 3)) -> None:
    """Every cell of ``columns`` is as wide as the delegate needs: nothing elided."""
    tree, model = view.tree, view.model
    option = QStyleOptionViewItem()
    tree.initViewItemOption(option)
    indexes = []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        indexes.append(group)
        indexes += [model.index(r, c, group) for r in range(model.rowCount(group)) for c in columns]
    for index in indexes:
        needed = tree.itemDelegate().sizeHint(option, index).width()
        assert tree.visualRect(index).width() >= needed, index.data()
    header = tree.header()
    for column in columns:
        assert header.sectionSize(column) >= header.sectionSizeHint(column)


def test_an_application_moved_to_another_zone_shows_their_new_time(qtbot, db: Database) -> None:
    app_id = make_application(db)
    berlin = ZoneInfo("Europe/Berlin")
    view, hub, _ = make_view(
        qtbot, db, now=datetime(2026, 11, 28, 23, 30, tzinfo=berlin), tz=berlin
    )
    call = first_of_kind(db, app_id, "call")
    assert entry_cells(view, call.id)[0].data() == "15:00 (their 09:00 EST)"
    with db.write() as s:  # the same instant, now Chicago's: only the zone differs
        s.get(m.Application, app_id).timezone = "America/Chicago"
    hub.notify(EVERYTHING)
    assert entry_cells(view, call.id)[0].data() == "15:00 (their 08:00 CST)"


def test_the_summary_counts_in_proper_plurals(qtbot, db: Database) -> None:
    make_application(db)
    view, _, _ = make_view(qtbot, db)
    assert view.summary.text() == "1 follow-up due, 0 overdue."
