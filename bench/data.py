"""Measurements without a window: generator, planner, agenda, import, bare commit."""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from bench.stats import median, percentile
from followup_gui.demo.scale import ScaleReport, fill_scaled
from followup_gui.scheduling import PlannerSettings, plan
from followup_gui.services.followups.agenda import agenda
from followup_gui.services.interchange.json.backup import export_json, import_json
from followup_gui.services.plans.planning import application_facts, load_for_planning, settings_for
from followup_gui.services.settings.profile import replan_everything
from followup_gui.storage import Database


def make_database(path: Path, n: int, now: datetime) -> tuple[ScaleReport, float]:
    """A fresh database with ``n`` generated applications; returns the seconds it took."""
    path.unlink(missing_ok=True)
    db = Database.open(path)
    try:
        t = time.perf_counter()
        report = fill_scaled(db, n, now=now) if n else ScaleReport(0, 0, 0, 0, 0)
        return report, time.perf_counter() - t
    finally:
        db.close()


def copy_database(source: Path, target: Path) -> Path:
    """A private copy (measurements that write must not change the shared one)."""
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def bare_sqlite(path: Path) -> sqlite3.Connection:
    """A new durable SQLite file (WAL, ``synchronous=FULL``) with one table ``t``.

    ``t(id, stage, position)``: what a bare program would store for a card.
    The connection is in autocommit mode: the caller writes ``BEGIN``/``COMMIT``.
    """
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, stage TEXT, position INTEGER)")
    return conn


def bare_commit_seconds(folder: Path, commits: int = 200) -> list[float]:
    """One-row durable commits (WAL, synchronous=FULL) on the disk of ``folder``."""
    conn = bare_sqlite(folder / "bare-commit.sqlite3")
    try:
        times = []
        for i in range(commits):
            t = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t (stage, position) VALUES (?, ?)", ("applied", i))
            conn.execute("COMMIT")
            times.append(time.perf_counter() - t)
        return times
    finally:
        conn.close()
        for p in folder.glob("bare-commit.sqlite3*"):
            p.unlink()


def planner_pure(db_path: Path, now: datetime, passes: int = 5) -> tuple[int, float]:
    """Plan every application from facts already in memory; (apps, best-median seconds)."""
    db = Database.open(db_path)
    try:
        with db.read() as session:
            facts = [application_facts(a) for a in load_for_planning(session)]
    finally:
        db.close()
    settings = PlannerSettings()
    times = []
    for _ in range(passes):
        t = time.perf_counter()
        for f in facts:
            plan(f, now, settings_for(f.timezone, settings))
        times.append(time.perf_counter() - t)
    return len(facts), median(times)


def planner_storage(db_path: Path, now: datetime) -> float:
    """Seconds to re-plan every application through storage (load, plan, write, commit)."""
    db = Database.open(db_path)
    try:
        t = time.perf_counter()
        replan_everything(db, now, PlannerSettings())
        return time.perf_counter() - t
    finally:
        db.close()


def agenda_seconds(db_path: Path, now: datetime, runs: int = 30) -> tuple[int, list[float]]:
    """The agenda query (overdue + next 7 days), ``runs`` times on one open database."""
    db = Database.open(db_path)
    try:
        times, entries = [], 0
        for _ in range(runs):
            t = time.perf_counter()
            with db.read() as session:
                entries = len(agenda(session, now, 7))
            times.append(time.perf_counter() - t)
        return entries, times
    finally:
        db.close()


def import_seconds(db_path: Path, folder: Path, now: datetime) -> tuple[int, float, float]:
    """Export ``db_path`` to JSON, import it into an empty database.

    Returns:
        Applications imported, export seconds, import seconds.
    """
    doc = folder / "export.json"
    target = folder / "import.sqlite3"
    target.unlink(missing_ok=True)
    db = Database.open(db_path)
    try:
        t = time.perf_counter()
        export_json(db, doc)
        exported = time.perf_counter() - t
    finally:
        db.close()
    empty = Database.open(target)
    try:
        t = time.perf_counter()
        report = import_json(empty, doc, now, PlannerSettings())
        imported = time.perf_counter() - t
    finally:
        empty.close()
    doc.unlink()
    shutil.rmtree(folder / "unused", ignore_errors=True)
    return report.applications, exported, imported


__all__ = [
    "agenda_seconds",
    "bare_commit_seconds",
    "bare_sqlite",
    "copy_database",
    "import_seconds",
    "make_database",
    "percentile",
    "planner_pure",
    "planner_storage",
]
