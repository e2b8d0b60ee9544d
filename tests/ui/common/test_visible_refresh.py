"""Views get changes while shown, and once (all of them united) when shown again."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from followup_gui.services import changes as ch
from followup_gui.services.changes import Changes
from followup_gui.ui.common.visible_refresh import ChangeGate
from followup_gui.ui.context import AppContext


def _tabs(qtbot) -> tuple[QTabWidget, QWidget, QWidget]:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    first, second = QWidget(), QWidget()
    tabs.addTab(first, "First")
    tabs.addTab(second, "Second")
    tabs.show()
    qtbot.waitExposed(tabs)
    return tabs, first, second


def test_a_hidden_tab_reloads_once_when_opened_with_every_change(qtbot) -> None:
    tabs, first, second = _tabs(qtbot)
    context = AppContext()
    seen: list[tuple[str, Changes]] = []
    ChangeGate(second, context, lambda c: seen.append(("second", c)))
    ChangeGate(first, context, lambda c: seen.append(("first", c)))

    context.notify(ch.applications([1]))
    context.notify(ch.contacts([7]))
    assert [w for w, _ in seen] == ["first", "first"]  # the shown tab follows each change
    tabs.setCurrentWidget(second)
    assert [w for w, _ in seen] == ["first", "first", "second"]  # once, however many
    united = seen[-1][1]
    assert united.application_ids == {1} and united.contact_ids == {7}
    tabs.setCurrentWidget(first)
    assert len(seen) == 3  # nothing changed meanwhile


def test_a_view_skips_its_own_changes_and_those_it_does_not_show(qtbot) -> None:
    _, first, _second = _tabs(qtbot)
    context = AppContext()
    seen: list[Changes] = []
    ChangeGate(first, context, seen.append, lambda c: c.contacts)

    context.notify(ch.contacts([3]), initiator=first)  # it made (and shows) this one
    context.notify(ch.applications([1]))  # a card: not shown by this view
    context.notify(Changes())  # nothing changed: not even emitted
    assert seen == []
    context.notify(ch.contacts([4]), initiator=object())
    assert [c.contact_ids for c in seen] == [{4}]
