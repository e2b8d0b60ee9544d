"""A view's load runs in a worker thread; requests during a load give one more load."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from followup_gui.ui.common.background_load import BackgroundLoad


def test_loads_in_a_worker_and_a_request_meanwhile_loads_once_more(qtbot) -> None:
    gui = threading.get_ident()
    gate = threading.Event()
    loads: list[int] = []
    shown: list[int] = []
    at_once: list[int] = []
    running = [0]

    def load() -> int:
        running[0] += 1
        at_once.append(running[0])
        assert threading.get_ident() != gui  # not in the GUI thread
        gate.wait(30)
        loads.append(len(loads) + 1)
        running[0] -= 1
        return loads[-1]

    owner = QObject()
    failures: list[BaseException] = []
    loader = BackgroundLoad(load, shown.append, failures.append, owner)
    loader.request()
    loader.request()  # while the first one runs...
    loader.request()  # ...however many times
    gate.set()
    qtbot.waitUntil(lambda: failures or (shown == [1, 2] and not loader.running))
    assert failures == []
    assert loads == [1, 2] and max(at_once) == 1  # one more load, never two at once


def test_a_failed_load_is_reported_in_the_gui_thread(qtbot) -> None:
    gui = threading.get_ident()
    failures: list[tuple[str, int]] = []

    def load() -> int:
        raise ValueError("disk gone")

    owner = QObject()
    loader = BackgroundLoad(
        load, lambda _r: None, lambda exc: failures.append((str(exc), threading.get_ident())), owner
    )
    loader.request()
    qtbot.waitUntil(lambda: failures == [("disk gone", gui)])
    assert not loader.running


def test_waiting_for_loads_lets_a_running_one_end(qtbot) -> None:
    # What a restore does before it replaces the database file.
    from followup_gui.ui.common.background_load import wait_for_loads

    gate, ended = threading.Event(), threading.Event()

    def load() -> int:
        gate.wait(30)
        ended.set()
        return 1

    owner = QObject()
    loader = BackgroundLoad(load, lambda _r: None, lambda _e: None, owner)
    loader.request()
    threading.Timer(0.2, gate.set).start()
    wait_for_loads()
    assert ended.is_set()  # the reader was done before anything else happened
    qtbot.waitUntil(lambda: not loader.running)
