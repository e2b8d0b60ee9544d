"""Measurements in a real main window (offscreen): card moves, search, timeline.

Each figure ends when the affected view has *painted*: a Paint event filter on its
viewport records the moment, and events are processed until it has fired.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from followup_gui.storage import Database
from followup_gui.ui.board.model import encode_ids
from followup_gui.ui.shell.main_window import MainWindow
from followup_gui.ui.shell.warm_up import FREEZE_AFTER_MS, settle_after_start_up


class PaintWatch(QObject):
    """Remembers when a widget last painted."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted_at: float | None = None
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted_at = time.perf_counter()
        return False


def until_painted(app: QApplication, watches: list[PaintWatch], limit: float = 10.0) -> float:
    """Process events until every watched widget painted; the last paint's time."""
    deadline = time.perf_counter() + limit
    while any(w.painted_at is None for w in watches):
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("a view never repainted")
    return max(w.painted_at for w in watches if w.painted_at is not None)


def time_until_painted(
    app: QApplication, widgets: list[QWidget], action: Callable[[], None]
) -> float:
    """Seconds from calling ``action`` until every one of ``widgets`` has painted."""
    watches = [PaintWatch(w) for w in widgets]
    t = time.perf_counter()
    action()
    end = until_painted(app, watches)
    for w in watches:
        w.deleteLater()
    app.processEvents()
    return end - t


def open_window(db: Database, now: datetime) -> tuple[QApplication, MainWindow]:
    """The main window over ``db`` with the board's clock fixed at ``now``, shown.

    As ``followup-gui`` does after start-up, worker threads offer the interpreter
    every millisecond and start-up objects are frozen out of the garbage
    collection a few seconds later (``ui/shell/warm_up.py``, ``gc_tuning.py``).
    """
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    window = MainWindow(db)
    settle_after_start_up()
    window.board.set_clock(lambda: now)
    window.resize(1600, 1000)
    window.show()
    for _ in range(5):
        app.processEvents()
    return app, window


def open_tabs(window: MainWindow) -> dict[str, float]:
    """Open every tab after the board once (as a user looking around does), then the board.

    Each is timed from the click until the event queue is empty (the part is
    built on first use, then painted: the agenda, the contacts, the insights;
    work a part hands to a worker thread is not waited for). Card moves are
    measured after this, so a tab that reloaded at every change would show there.
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # A user looks at the board first: the warm-up and the freeze are done.
    settle(app, FREEZE_AFTER_MS / 1000 + 0.5)
    tabs = window.tabs
    times = {}
    for i in range(1, tabs.count()):
        name = tabs.tabText(i).replace("&", "")
        t = time.perf_counter()
        tabs.setCurrentIndex(i)
        app.processEvents()
        app.processEvents()
        times[name] = time.perf_counter() - t
    tabs.setCurrentIndex(0)
    settle(app)
    return times


def settle(app: QApplication, seconds: float = 2.5) -> None:
    """Let the window finish what it does once after opening (steady state for timing).

    The insights read in a worker thread when their tab opens, and the address
    and number checkers load in a thread 1.5 s after start-up; both would share
    the interpreter with the first moves.
    """
    from followup_gui.ui.common.background_load import wait_for_loads

    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    wait_for_loads()
    app.processEvents()


def drop(view: QWidget, ids: list[int], at: QPoint) -> None:
    """Synthesize a drag enter, move and drop of card ids on a card view."""
    viewport = view.viewport()  # type: ignore[attr-defined]
    mime = encode_ids(ids)
    actions = Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(viewport, QDragEnterEvent(at, actions, mime, buttons, mods))
    QApplication.sendEvent(viewport, QDragMoveEvent(at, actions, mime, buttons, mods))
    event = QDropEvent(at.toPointF(), actions, mime, buttons, mods)
    event.setDropAction(Qt.DropAction.MoveAction)
    QApplication.sendEvent(viewport, event)


def card_moves(window: MainWindow, moves: int = 120) -> list[float]:
    """Drag the top card of one column onto the top of another, back and forth.

    Each move changes the stage (so it is re-planned) and the positions of both
    columns; it is timed from the drop until both views have repainted.
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    board = window.board
    pairs = [
        ("applied", "interviewed"),
        ("interviewed", "applied"),
        ("following_up", "interviewed"),
        ("interviewed", "following_up"),
    ]
    times = []
    for i in range(moves):
        source_key, target_key = pairs[i % len(pairs)]
        source, target = board.view(source_key), board.view(target_key)
        card = source.column_model.card_at(0).id
        times.append(
            time_until_painted(
                app,
                [source.viewport(), target.viewport()],
                lambda target=target, card=card: drop(target, [card], QPoint(10, 5)),
            )
        )
    return times


def filter_keystrokes(window: MainWindow, words: list[str]) -> list[float]:
    """Type each word letter by letter into the board search, then clear it.

    A keystroke is timed from the text change until the event queue is empty
    (every column that changed has repainted).
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    search = window.board.search
    times = []

    def keystroke(text: str) -> None:
        t = time.perf_counter()
        search.setText(text)
        app.processEvents()
        app.processEvents()
        times.append(time.perf_counter() - t)

    for word in words:
        for k in range(1, len(word) + 1):
            keystroke(word[:k])
        for k in range(len(word) - 1, -1, -1):
            keystroke(word[:k])
    return times


def details_dialog(
    window: MainWindow, app_id: int, runs: int = 5
) -> tuple[list[float], list[float]]:
    """Open an application's details dialog (Enter on its card) and cancel it, ``runs`` times.

    Opening is timed until the event queue is empty (built, laid out, painted);
    closing likewise. Returns (opens, closes).
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    opens, closes = [], []
    for _ in range(runs):
        t = time.perf_counter()
        dialog = window.board.open_details(app_id)
        app.processEvents()
        app.processEvents()
        opens.append(time.perf_counter() - t)
        assert dialog is not None
        t = time.perf_counter()
        dialog.reject()
        app.processEvents()
        app.processEvents()
        closes.append(time.perf_counter() - t)
    return opens, closes


def contact_saves(window: MainWindow, runs: int = 5) -> list[float]:
    """Change the shown contact's title in the Contacts tab and save, ``runs`` times.

    Timed from Save until the event queue is empty (stored, the list and the
    card shown again, the window told).
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    panel = window.contacts
    window.tabs.setCurrentWidget(panel)
    app.processEvents()
    times = []
    for i in range(runs):
        panel.card.title.setText(f"Engineering Manager {i}")
        t = time.perf_counter()
        saved = panel.save()
        app.processEvents()
        app.processEvents()
        times.append(time.perf_counter() - t)
        assert saved, panel.card.problems()
    window.tabs.setCurrentIndex(0)
    app.processEvents()
    return times


def timeline_open(
    db: Database, app_id: int, now: datetime, make: Callable[..., QWidget], runs: int = 10
) -> list[float]:
    """Open the timeline of one application (load, build, first paint), ``runs`` times.

    ``make`` is built as the window builds it: with an app context (``ui/context.py``)
    over ``db`` whose clock says ``now``.
    """
    from followup_gui.ui.context import AppContext

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    context = AppContext(db=db, clock=lambda: now)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        widget = make(context, app_id)
        widget.resize(1000, 600)
        watch = PaintWatch(widget.view.viewport())  # type: ignore[attr-defined]
        widget.show()
        end = until_painted(app, [watch])
        times.append(end - t)
        widget.close()
        widget.deleteLater()
        app.processEvents()
    return times
