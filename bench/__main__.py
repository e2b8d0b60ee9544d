"""``python -m bench``: run every benchmark at N = 2,000 and print one table.

Options: ``--n`` (applications, default 2000), ``--runs`` (start-up runs per
case, default 5), ``--out`` (JSON, default ``bench/results.json``),
``--import-apps`` (the largest JSON import measured, default 20,000; 0 skips the
peak memory of the largest accepted file per importer, ``bench/imports.py``).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from bench import data, startup
from bench.report import Figure, machine, table, write_json
from bench.stats import median, percentile

MS = 1000.0
MIB = 1.0


def ms(seconds: float) -> str:
    return f"{seconds * MS:.1f} ms"


def busiest_application(db_path: Path) -> int:
    """The application with the most interviews (the heaviest details dialog)."""
    with closing(sqlite3.connect(db_path)) as conn:
        row = conn.execute(
            "SELECT application_id FROM interview GROUP BY application_id"
            " ORDER BY count(*) DESC, application_id LIMIT 1"
        ).fetchone()
        return int(row[0])


def contact_count(db_path: Path) -> int:
    """How many contacts the database holds."""
    with closing(sqlite3.connect(db_path)) as conn:
        return int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])


def timeline_application(db_path: Path, items: int = 50) -> int:
    """An application whose timeline shows exactly ``items`` marks (topped up with calls)."""
    with closing(sqlite3.connect(db_path)) as conn:
        app_id, count = conn.execute(
            """SELECT a.id,
                 (SELECT count(*) FROM interview WHERE application_id = a.id)
               + (SELECT count(*) FROM attempt WHERE application_id = a.id)
               + (SELECT count(*) FROM follow_up WHERE application_id = a.id) AS n
               FROM application a WHERE a.stage_key = 'following_up'
               ORDER BY n DESC LIMIT 1"""
        ).fetchone()
        contact = conn.execute(
            "SELECT primary_contact_id FROM application WHERE id = ?", (app_id,)
        ).fetchone()[0]
        for k in range(max(0, items - count)):
            conn.execute(
                "INSERT INTO attempt (application_id, contact_id, kind, at, outcome, notes) "
                "VALUES (?, ?, 'call', datetime('now', ?), 'no_answer', '')",
                (app_id, contact, f"-{k + 1} days"),
            )
        conn.commit()
        return int(app_id)


def run(n: int, runs: int, out: Path, import_apps: int = 20_000) -> int:
    now = datetime.now(UTC)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="followup-bench-", dir=out.parent) as tmp:
        folder = Path(tmp)
        home = folder / "home"
        print(f"Generating {n} applications…", file=sys.stderr)
        big = folder / "big.sqlite3"
        report, gen_s = data.make_database(big, n, now)
        empty = folder / "empty.sqlite3"
        data.make_database(empty, 0, now)

        print("Start-up (floor, empty, N)…", file=sys.stderr)
        startup.compile_sources()
        floor = startup.floor_runs(runs, home)
        empty_runs = startup.app_runs(empty, runs, home)
        big_runs = startup.app_runs(big, runs, home)
        floor_s = startup.summary(floor, "first_paint")
        for key, label, runs_, moment, target in (
            ("first_paint_empty", "First paint, empty DB", empty_runs, "first_paint", 1.3),
            ("first_paint_n", f"First paint, N={n}", big_runs, "first_paint", 1.3),
            ("board_empty", "Board painted, empty DB", empty_runs, "board_painted", 2.5),
            ("board_n", f"Board painted with cards, N={n}", big_runs, "board_painted", 3.0),
        ):
            value = startup.summary(runs_, moment)
            ratio = value / floor_s
            figures.append(
                Figure(
                    key,
                    label,
                    ratio,
                    f"{ratio:.2f}x ({ms(value)})",
                    f"<= {target}x floor",
                    ratio <= target,
                )
            )
        figures.insert(
            0,
            Figure(
                "floor",
                "Floor: bare QMainWindow first paint",
                floor_s,
                ms(floor_s),
                "(reference)",
                None,
            ),
        )

        print("Card moves, search, timeline…", file=sys.stderr)
        work = data.copy_database(big, folder / "work.sqlite3")
        timeline_app = timeline_application(work)
        from bench import interaction
        from followup_gui.storage import Database
        from followup_gui.ui.followups.timeline import TimelineWidget

        contacts = contact_count(work)
        db = Database.open(work)
        try:
            _app, window = interaction.open_window(db, now)
            tab_open = interaction.open_tabs(window)
            moves = interaction.card_moves(window, 120)
            words = ["acme", "robotics", "dana", "platform engineer", "zzz", "referred"]
            keys = interaction.filter_keystrokes(window, words)
            opens, closes = interaction.details_dialog(window, busiest_application(work))
            saves = interaction.contact_saves(window)
            timeline = interaction.timeline_open(db, timeline_app, now, TimelineWidget)
            columns = [
                window.board.view(s.key).column_model.rowCount()
                for s in window.board.board.visible_stages()
            ]
            size = (window.width(), window.height())
            window.close()
        finally:
            db.close()
        from bench.move_floor import move_floor_seconds

        floor_moves = move_floor_seconds(folder, columns, size)
        commits = data.bare_commit_seconds(folder)
        move_p95, commit_p95 = percentile(moves, 95), percentile(commits, 95)
        floor_move_p95 = percentile(floor_moves, 95)
        figures += [
            Figure(
                "move_p50",
                "Card move drop→commit→repaint p50",
                percentile(moves, 50),
                ms(percentile(moves, 50)),
                "—",
                None,
            ),
            Figure(
                "move_p95",
                "Card move drop→commit→repaint p95",
                move_p95,
                ms(move_p95),
                "<= 16 ms",
                move_p95 <= 0.016,
            ),
            Figure(
                "bare_commit_p95",
                "Bare durable SQLite commit p95",
                commit_p95,
                ms(commit_p95),
                "(reference)",
                None,
            ),
            Figure(
                "move_vs_commit",
                "Card move p95 / bare commit p95",
                move_p95 / commit_p95,
                f"{move_p95 / commit_p95:.2f}x",
                "<= 3x",
                move_p95 / commit_p95 <= 3,
            ),
            Figure(
                "move_floor_p95",
                "Move floor: bare Qt lists + commit, p95",
                floor_move_p95,
                f"{ms(floor_move_p95)} ({floor_move_p95 / commit_p95:.2f}x commit)",
                "(reference)",
                None,
            ),
            Figure(
                "move_vs_floor",
                "Card move p95 / move floor p95",
                move_p95 / floor_move_p95,
                f"{move_p95 / floor_move_p95:.2f}x",
                "—",
                None,
            ),
            *(
                Figure(
                    f"tab_open_{name.lower()}",
                    f"{name} tab, first opened (N={n})",
                    seconds,
                    ms(seconds),
                    "(reference)",
                    None,
                )
                for name, seconds in tab_open.items()
            ),
            Figure(
                "details_open",
                f"Details dialog open, most interviews ({contacts} contacts)",
                percentile(opens, 50),
                ms(percentile(opens, 50)),
                "(reference)",
                None,
            ),
            Figure(
                "details_close",
                "Details dialog closed (Cancel)",
                percentile(closes, 50),
                ms(percentile(closes, 50)),
                "(reference)",
                None,
            ),
            Figure(
                "contact_save",
                f"Contact saved in the Contacts tab ({contacts} contacts)",
                percentile(saves, 50),
                ms(percentile(saves, 50)),
                "(reference)",
                None,
            ),
            Figure(
                "filter_p95",
                f"Filter-as-you-type p95 ({len(keys)} keys, {n} cards)",
                percentile(keys, 95),
                ms(percentile(keys, 95)),
                "<= 16 ms",
                percentile(keys, 95) <= 0.016,
            ),
        ]

        print("Planner, agenda, import…", file=sys.stderr)
        apps, pure_s = data.planner_pure(big, now)
        storage_s = data.planner_storage(data.copy_database(big, folder / "plan.sqlite3"), now)
        entries, agenda_times = data.agenda_seconds(big, now)
        imported, export_s, import_s = data.import_seconds(big, folder, now)
        figures += [
            Figure(
                "planner_pure",
                "Planner, pure: re-plan all N",
                apps / pure_s,
                f"{apps / pure_s:,.0f} apps/s",
                ">= 10,000 apps/s",
                apps / pure_s >= 10_000,
            ),
            Figure(
                "planner_storage",
                "Planner through storage (load+plan+write)",
                apps / storage_s,
                f"{apps / storage_s:,.0f} apps/s ({storage_s:.2f} s)",
                ">= 10,000 apps/s",
                apps / storage_s >= 10_000,
            ),
            Figure(
                "agenda",
                f"Agenda query, overdue + 7 days ({entries} entries)",
                median(agenda_times),
                ms(median(agenda_times)),
                "<= 10 ms",
                median(agenda_times) <= 0.010,
            ),
            Figure(
                "timeline",
                "Timeline open, 50 items (median)",
                median(timeline),
                ms(median(timeline)),
                "<= 100 ms",
                median(timeline) <= 0.100,
            ),
        ]
        floor_rss, big_rss = startup.peak_rss(floor), startup.peak_rss(big_runs)
        figures += [
            Figure(
                "rss_floor",
                "Peak RSS, bare Qt floor",
                floor_rss,
                f"{floor_rss:.0f} MiB",
                "(reference)",
                None,
            ),
            Figure(
                "rss_n",
                f"Peak RSS, N={n}",
                big_rss,
                f"{big_rss:.0f} MiB (+{big_rss - floor_rss:.0f})",
                "<= floor + 80 MiB",
                big_rss - floor_rss <= 80,
            ),
            Figure(
                "json_export", f"JSON export of N={n}", export_s, f"{export_s:.2f} s", "—", None
            ),
            Figure(
                "json_import",
                f"JSON import of N={n} ({imported} apps)",
                import_s,
                f"{import_s:.2f} s",
                "<= 10 s",
                import_s <= 10,
            ),
        ]
        from bench.scan import scan_figures

        figures += scan_figures(folder)
        if import_apps:
            from bench.imports import import_peaks

            figures += import_peaks(folder, now, import_apps)
    print(table(figures))
    m = machine()
    print(
        f"\nMachine: {m['nproc']} x {m['cpu']}; Python {m['python']}, Qt {m['qt']} "
        f"(PySide6 {m['pyside6']}), SQLAlchemy {m['sqlalchemy']}, QPA {m['qpa']}"
    )
    write_json(
        out,
        figures,
        {
            "n": n,
            "startup_runs": runs,
            "generated": report.__dict__,
            "generate_seconds": gen_s,
            "raw": {
                "card_moves": moves,
                "keystrokes": keys,
                "timeline": timeline,
                "agenda": agenda_times,
                "bare_commits": commits,
                "move_floor": floor_moves,
                "tab_open": tab_open,
                "details_open": opens,
                "details_close": closes,
                "contact_saves": saves,
            },
            "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
    )
    print(f"Wrote {out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    p.add_argument(
        "--import-apps",
        type=int,
        default=20_000,
        help="applications in the largest JSON import measured (0: skip the import peaks)",
    )
    args = p.parse_args(argv)
    return run(args.n, args.runs, args.out, args.import_apps)


if __name__ == "__main__":
    sys.exit(main())
