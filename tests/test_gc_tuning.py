"""The collector pause: off while building, back as it was afterwards."""

from __future__ import annotations

import gc

import pytest

from followup_gui.gc_tuning import collector_paused


def test_the_collector_is_off_inside_and_back_on_after_even_on_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("cancelled")
    assert gc.isenabled()


def test_a_nested_pause_leaves_the_outer_one_in_force() -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collect_due_collects_what_the_collector_would_have() -> None:
    from followup_gui.gc_tuning import collect_due

    gc.collect()
    assert collect_due((700, 10, 10)) == -1  # nothing due just after a collection
    cycles = []
    for _ in range(50):
        a: list[object] = []
        a.append(a)
        cycles.append(a)
    del cycles, a
    assert gc.get_count()[0] > 40
    assert collect_due((40, 10, 10)) == 0  # the youngest generation was due
    assert gc.get_count()[0] < 40


def test_the_application_collects_only_in_its_window_thread(qtbot) -> None:
    from PySide6.QtCore import QObject

    from followup_gui.ui.shell.warm_up import collect_in_this_thread

    owner = QObject()
    timer = None
    try:
        timer = collect_in_this_thread(owner)
        assert not gc.isenabled() and timer.isActive()
        gc.enable()  # a worker's pause that ends late switches it on again...
        qtbot.wait(1100)
        assert not gc.isenabled()  # ...and the next tick switches it off
    finally:
        if timer is not None:
            timer.stop()
        owner.deleteLater()
        gc.enable()
