"""Long work off the GUI thread: progress is shown, Cancel rolls everything back."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressBar, QPushButton
from sqlalchemy import func, select

from followup_gui.demo.scale import fill_scaled
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.json.backup import export_json, import_json
from followup_gui.services.settings.profile import replan_everything
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.common.background import BackgroundTask, Cancelled, Progress
from tests.ui.jobs import Gate

SAMPLE = Path(__file__).parents[2] / "fixtures" / "sample.json"
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def _count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_long_task_shows_progress_and_returns_its_result(qtbot) -> None:
    gate = threading.Event()

    def job(progress: Progress) -> str:
        for i in range(10):
            progress(i, 10)
            if i == 5:
                gate.wait(30)
        progress(10, 10)
        return "done"

    task = BackgroundTask(None, "Working", "Working hard…", job, minimum_duration_ms=0)
    with qtbot.waitSignal(task.finished) as finished:
        task.start()
        qtbot.waitUntil(lambda: task.dialog.isVisible() and task.dialog.value() >= 5)
        assert task.dialog.maximum() == 10
        assert task.dialog.labelText() == "Working hard…"
        gate.set()
    assert finished.args == ["done"]
    assert not task.dialog.isVisible()


def test_a_job_reporting_thousands_of_times_updates_the_dialog_a_few_times_and_ends_full(
    qtbot,
) -> None:
    steps = 5000
    now = [0.0]  # the task's clock, moved by the job: each step takes a millisecond
    caught_up = threading.Event()

    def job(progress: Progress) -> str:
        for i in range(1, steps):
            now[0] += 0.001
            progress(i, steps)
        now[0] += 1.0  # a pause: the dialog catches up with the newest report...
        caught_up.wait(30)
        progress(steps, steps)  # ...and the last one comes too soon after it
        return "done"

    task = BackgroundTask(
        None, "Working", "Working hard…", job, minimum_duration_ms=0, clock=lambda: now[0]
    )
    shown: list[tuple[int, int]] = []

    def on_progress(done: int, total: int) -> None:
        shown.append((done, total))
        if done == steps - 1:
            caught_up.set()

    task.progressed.connect(on_progress)
    bar = task.dialog.findChild(QProgressBar)
    values: list[int] = []
    bar.valueChanged.connect(values.append)
    with qtbot.waitSignal(task.finished):
        task.start()
    # 6 s of work: the first report, then at most one each 100 ms, then the last one.
    assert len(shown) <= 1 + 60 + 1
    assert shown[-2:] == [(steps - 1, steps), (steps, steps)]
    assert shown == sorted(shown)  # never backwards
    assert values[-1] == steps  # the bar was full before the dialog closed


def test_a_cancel_click_while_a_finished_job_shows_its_last_report_cancels_nothing(
    qtbot,
) -> None:
    """The job returned: its work is done (an export's file is final), whatever comes after."""
    now = [0.0]
    first_shown = threading.Event()

    def job(progress: Progress) -> str:
        progress(1, 2)
        first_shown.wait(30)
        progress(2, 2)  # too soon after the first: shown only as the task ends
        return "written"

    task = BackgroundTask(
        None, "Exporting", "Writing…", job, minimum_duration_ms=0, clock=lambda: now[0]
    )

    def click_cancel_at_the_end(done: int, total: int) -> None:
        first_shown.set()
        if done == total:
            task.dialog.findChild(QPushButton).click()  # a click landing as the bar fills up

    task.progressed.connect(click_cancel_at_the_end)
    with qtbot.waitSignal(task.finished) as finished:
        task.start()
    assert finished.args == ["written"]
    assert not task.progress.cancelled  # an export would still put its file in place


def test_a_report_held_back_is_shown_when_its_time_comes_without_another_report(
    qtbot,
) -> None:
    now = [0.0]
    first_shown, reported, go = threading.Event(), threading.Event(), threading.Event()

    def job(progress: Progress) -> None:
        progress(1, 10)
        first_shown.wait(30)
        for i in range(2, 6):  # too soon after the first: only the newest will show
            progress(i, 10)
        reported.set()
        go.wait(30)  # the job is busy: no more reports for now

    task = BackgroundTask(None, "Working", "Working hard…", job, clock=lambda: now[0])
    shown: list[tuple[int, int]] = []
    task.progressed.connect(lambda done, total: shown.append((done, total)))
    task.start()
    try:
        qtbot.waitUntil(lambda: shown == [(1, 10)])
        first_shown.set()
        qtbot.waitUntil(reported.is_set)
        assert shown == [(1, 10)]  # no time has passed on the task's clock
        now[0] += 0.1
        qtbot.waitUntil(lambda: len(shown) > 1)
        assert shown == [(1, 10), (5, 10)]
        assert task.dialog.value() == 5
    finally:
        first_shown.set()
        go.set()
        qtbot.waitUntil(lambda: task.done)  # no worker left running for the next test


def test_cancel_during_an_import_leaves_the_database_unchanged(qtbot, db: Database) -> None:
    gate = Gate()
    task = BackgroundTask(
        None,
        "Import JSON",
        "Importing…",
        lambda p: import_json(db, SAMPLE, NOW, PlannerSettings(), gate.hold(p)),
        minimum_duration_ms=0,
    )
    failed: list[object] = []
    task.failed.connect(failed.append)
    with qtbot.waitSignal(task.cancelled):
        task.start()
        qtbot.waitUntil(gate.reached.is_set)  # rows are written, not committed
        qtbot.waitUntil(task.dialog.isVisible)
        task.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
        gate.go.set()
    assert failed == []
    assert _count(db, m.Application) == 0
    assert _count(db, m.Contact) == 0
    assert _count(db, m.FollowUp) == 0


def test_cancel_during_a_big_replan_rolls_it_back(qtbot, db: Database) -> None:
    fill_scaled(db, 30, now=NOW)
    with db.read() as session:
        before = sorted(session.execute(select(m.FollowUp.key, m.FollowUp.due_at)).all())
    later = PlannerSettings(business_start=PlannerSettings().business_start.replace(hour=11))
    gate = Gate()
    task = BackgroundTask(
        None, "Re-plan", "Re-planning…", lambda p: replan_everything(db, NOW, later, gate.hold(p))
    )
    with qtbot.waitSignal(task.cancelled):
        task.start()
        qtbot.waitUntil(gate.reached.is_set)
        task.progress.cancel()
        gate.go.set()
    with db.read() as session:
        after = sorted(session.execute(select(m.FollowUp.key, m.FollowUp.due_at)).all())
    assert after == before


def test_a_cancelled_export_writes_no_file(qtbot, db: Database, tmp_path: Path) -> None:
    import_json(db, SAMPLE, NOW, PlannerSettings())
    out = tmp_path / "out"
    out.mkdir()
    target = out / "out.json"
    gate = Gate()
    task = BackgroundTask(
        None, "Export", "Exporting…", lambda p: export_json(db, target, gate.hold(p))
    )
    with qtbot.waitSignal(task.cancelled):
        task.start()
        qtbot.waitUntil(gate.reached.is_set)
        task.progress.cancel()
        gate.go.set()
    assert not target.exists()
    assert list(out.iterdir()) == []


def test_progress_raises_cancelled_only_after_a_cancel() -> None:
    seen: list[tuple[int, int]] = []
    progress = Progress(lambda done, total: seen.append((done, total)))
    progress(1, 3)
    progress.cancel()
    with pytest.raises(Cancelled):
        progress(2, 3)
    assert seen == [(1, 3)]


def test_quitting_mid_import_cancels_it_and_waits_for_the_worker(qtbot, db: Database) -> None:
    from followup_gui.ui.common.background import finish_running_tasks

    gate = Gate(at=lambda done, _total: done > 0)  # some rows are in, nothing committed
    task = BackgroundTask(
        None,
        "Import JSON",
        "Importing…",
        lambda p: import_json(db, SAMPLE, NOW, PlannerSettings(), gate.hold(p)),
        minimum_duration_ms=0,
    ).start()
    qtbot.waitUntil(gate.reached.is_set)
    # What the application's quit runs: the job stops at its next report.
    threading.Timer(0.2, gate.go.set).start()
    assert finish_running_tasks() == 1
    assert task.worker.isFinished()  # no thread outlives the window
    assert _count(db, m.Application) == 0
    assert finish_running_tasks() == 0
    qtbot.waitUntil(lambda: task.done)
