"""The card move's floor: the least any Qt widget program can do for "drop → committed → repainted".

A bare PySide6 window with one plain ``QListView`` per board column (same window
size, same number of rows per column, Qt's default delegate, a
``QStringListModel`` each) and a bare SQLite file (WAL, ``synchronous=FULL``).
One "move" commits a one-row ``UPDATE`` durably, takes the top row out of one
list and puts it on top of another, and ends when both views have painted,
exactly as :func:`bench.interaction.card_moves` times FollowUp's board.

It is the reference for the card move: what FollowUp adds over it is its own
cost (the re-plan, the card summary, the card painting); what the floor itself
costs over a bare commit is Qt's repaint of two lists on this machine.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QApplication, QHBoxLayout, QListView, QMainWindow, QWidget

from bench.data import bare_sqlite
from bench.interaction import time_until_painted


def move_floor_seconds(
    folder: Path, rows_per_column: list[int], size: tuple[int, int], moves: int = 120
) -> list[float]:
    """``moves`` bare moves between the first two lists; seconds each.

    Args:
        folder: where the bare SQLite file goes (the disk the app uses).
        rows_per_column: how many rows each list holds (like the board's columns).
        size: the window's width and height.
        moves: how many moves to time.
    """
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    window = QMainWindow()
    central = QWidget()
    layout = QHBoxLayout(central)
    window.setCentralWidget(central)
    models: list[QStringListModel] = []
    views: list[QListView] = []
    for column, rows in enumerate(rows_per_column):
        model = QStringListModel(
            [f"Company {column}-{r}\nRole\nNext: call on Tuesday" for r in range(rows)], window
        )
        view = QListView()
        view.setUniformItemSizes(True)
        view.setModel(model)
        layout.addWidget(view)
        models.append(model)
        views.append(view)
    window.resize(*size)
    window.show()
    for _ in range(5):
        app.processEvents()

    conn = bare_sqlite(folder / "move-floor.sqlite3")
    try:
        conn.executemany("INSERT INTO t VALUES (?, 'applied', ?)", [(i, i) for i in range(moves)])
        times = []
        for i in range(moves):
            source, target = (0, 1) if i % 2 == 0 else (1, 0)

            def move(i: int = i, source: int = source, target: int = target) -> None:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("UPDATE t SET stage = ?, position = ? WHERE id = ?", (target, -i, i))
                conn.execute("COMMIT")
                text = models[source].data(models[source].index(0))
                models[source].removeRows(0, 1)
                models[target].insertRows(0, 1)
                models[target].setData(models[target].index(0), text)

            times.append(
                time_until_painted(app, [views[source].viewport(), views[target].viewport()], move)
            )
        return times
    finally:
        conn.close()
        window.close()
        window.deleteLater()
        app.processEvents()
        for p in folder.glob("move-floor.sqlite3*"):
            p.unlink()
