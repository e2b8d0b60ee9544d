"""The benchmark code runs (tiny N, no timing asserted) and the generator is deterministic."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bench import data
from bench.stats import percentile
from followup_gui.storage import Database
from followup_gui.storage import models as m

NOW = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)


def _counts(path: Path) -> dict[str, int]:
    db = Database.open(path)
    try:
        with db.read() as session:
            return {
                model.__tablename__: int(
                    session.scalar(select(func.count()).select_from(model)) or 0
                )
                for model in (m.Application, m.Contact, m.Interview, m.Attempt, m.FollowUp)
            }
    finally:
        db.close()


def test_generator_makes_proportional_deterministic_data(tmp_path: Path) -> None:
    report, _seconds = data.make_database(tmp_path / "a.sqlite3", 20, NOW)
    counts = _counts(tmp_path / "a.sqlite3")
    assert counts["application"] == report.applications == 20
    assert counts["contact"] == 60
    assert counts["interview"] == 80
    assert counts["attempt"] + counts["follow_up"] >= 15 * 20
    data.make_database(tmp_path / "b.sqlite3", 20, NOW)
    assert _counts(tmp_path / "b.sqlite3") == counts
    db = Database.open(tmp_path / "a.sqlite3")
    try:
        with db.read() as session:
            stages = set(session.scalars(select(m.Application.stage_key)))
            playbooks = set(session.scalars(select(m.Application.playbook)))
    finally:
        db.close()
    assert len(stages) >= 5
    assert playbooks == {"gentle", "balanced", "persistent"}


def test_agenda_and_planner_measurements_run(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite3"
    data.make_database(path, 20, NOW)
    entries, times = data.agenda_seconds(path, NOW, runs=3)
    assert len(times) == 3 and entries >= 0
    apps, seconds = data.planner_pure(path, NOW, passes=1)
    assert apps == 20 and seconds > 0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == 4.0


def test_scale_option_of_the_command_line(tmp_path: Path) -> None:
    from followup_gui.app import main

    path = tmp_path / "cli.sqlite3"
    assert main(["--db", str(path), "--demo", "--scale", "5"]) == 0
    assert _counts(path)["application"] == 5
    assert main(["--db", str(path), "--scale", "5"]) == 2  # --scale needs --demo


def test_move_floor_moves_rows_and_commits(qtbot: object, tmp_path: Path) -> None:
    from bench.move_floor import move_floor_seconds

    times = move_floor_seconds(tmp_path, [5, 5, 5], (800, 600), moves=4)
    assert len(times) == 4 and all(t > 0 for t in times)
    assert not list(tmp_path.glob("move-floor*"))  # its scratch database is removed


def test_the_start_up_probe_times_a_new_and_a_previewed_database(
    tmp_path: Path, demo_file: Path
) -> None:
    """The app's start-up hook runs the bench's probe: both moments, then it quits."""
    import sys

    from bench.startup import probe_env, run_once

    for db in (tmp_path / "new.sqlite3", demo_file):  # first-run panel; peeked cards
        argv = [sys.executable, "-m", "followup_gui", "--db", str(db)]
        run = run_once(argv, probe_env(), tmp_path)
        assert set(run.moments) == {"first_paint", "board_painted"}
        assert 0 < run.moments["first_paint"] <= run.moments["board_painted"]
        assert run.peak_rss_mib > 0


def test_the_timeline_is_opened_as_the_window_opens_it(qtbot: object, tmp_path: Path) -> None:
    from bench.__main__ import timeline_application
    from bench.interaction import timeline_open
    from followup_gui.ui.followups.timeline import TimelineWidget

    path = tmp_path / "t.sqlite3"
    data.make_database(path, 100, NOW)  # some of them following up
    app_id = timeline_application(path, items=10)
    db = Database.open(path)
    try:
        times = timeline_open(db, app_id, NOW, TimelineWidget, runs=2)
    finally:
        db.close()
    assert len(times) == 2 and all(t > 0 for t in times)


def test_make_screenshots_renders_every_screen_light_and_dark(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, "-m", "bench.screenshots", str(tmp_path)],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    from PySide6.QtGui import QImage

    names = ["board", "next-step", "application", "agenda", "contacts", "insights"]
    for theme in ("light", "dark"):
        for name in names:
            image = QImage(str(tmp_path / f"{name}-{theme}.png"))
            assert not image.isNull(), (name, theme)
            if name != "application":  # a dialog of its own size (its tests check the fit)
                assert (image.width(), image.height()) == (1366, 768)
    board = QImage(str(tmp_path / "board-dark.png"))
    assert board.pixelColor(board.width() // 2, board.height() // 2).lightness() < 100


def test_import_peak_memory_is_measured_in_a_fresh_process(tmp_path: Path) -> None:
    from bench import imports

    path = tmp_path / "one.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana\r\nORG:Acme, Inc.\r\nEND:VCARD\r\n")
    mib, seconds = imports.measure("vcard", path, tmp_path)
    assert 10 < mib < imports.PEAK_MIB and seconds > 0


def test_scaling_table_and_targets_from_runs(tmp_path: Path) -> None:
    from bench.scaling import collect, plot, table, verdicts

    def doc(n: int, move: float, floor: float) -> dict[str, object]:
        return {
            "figures": [
                {
                    "key": "move_p95",
                    "label": f"Card move p95 (N={n})",
                    "value": move,
                    "shown": f"{move}",
                },
                {
                    "key": "move_floor_p95",
                    "label": "Move floor",
                    "value": floor,
                    "shown": f"{floor}",
                },
            ]
        }

    rows = collect({2000: doc(2000, 0.008, 0.005), 20000: doc(20000, 0.020, 0.006)})
    text = table(rows, [2000, 20000])
    assert "| Card move p95 (N) | 0.008 | 0.02 | 2.50x |" in text
    results = dict(verdicts(rows, [2000, 20000]))
    assert results == {
        "Card move p95 (N): N=20000 / N=2000 = 2.50x <= 1.5x": False,
        "Card move p95 / move floor p95 at N=2000: 1.60x <= 2x": True,
        "Card move p95 / move floor p95 at N=20000: 3.33x <= 2x": False,
    }
    plot(rows, [2000, 20000], tmp_path / "curve.png")
    assert (tmp_path / "curve.png").stat().st_size > 1000
