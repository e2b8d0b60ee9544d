"""``python -m bench.sync``: CalDAV first sync of N applications' pending steps, then one move.

Starts a Radicale on 127.0.0.1 (a free port, a temporary folder), fills a database
with ``--demo --scale N``, runs the first sync, moves one card, runs the
incremental sync, and prints the times and counts.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    """Run the figure and print it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="followup-sync-bench-"))
    os.environ["FOLLOWUP_CONFIG"] = str(folder / "followup.ini")
    os.environ["FOLLOWUP_SYNC_PASSWORD"] = "secret"
    port = _port()
    (folder / "users").write_text("sam:secret\n")
    (folder / "config").write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\n"
        f"htpasswd_filename = {folder / 'users'}\nhtpasswd_encryption = plain\n"
        f"[storage]\nfilesystem_folder = {folder / 'dav'}\n[logging]\nlevel = warning\n"
    )
    with (folder / "radicale.log").open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(folder / "config")],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        _run(folder, f"http://127.0.0.1:{port}/", args.n)
    finally:
        proc.terminate()
        proc.wait(10)


def _run(folder: Path, url: str, n: int) -> None:
    from followup_gui.demo.scale import fill_scaled
    from followup_gui.services.board.moves import move_cards
    from followup_gui.services.sync.account import SyncAccount, save_account
    from followup_gui.services.sync.dav import Server
    from followup_gui.services.sync.run import sync_now
    from followup_gui.settings import Settings
    from followup_gui.storage import Database
    from followup_gui.storage import models as m

    now = datetime(2024, 5, 15, 14, 0, tzinfo=UTC)
    db = Database.open(folder / "bench.sqlite3")
    fill_scaled(db, n, now=now)
    account = SyncAccount(url=url, user="sam")
    server = Server(account, "secret")
    calendar = server.make_calendar()
    server.close()
    settings = Settings()
    save_account(settings, SyncAccount(url=url, user="sam", calendar_url=calendar.url))
    planner = settings.planner_settings()
    start = time.perf_counter()
    first = sync_now(db, settings, now, planner)
    first_s = time.perf_counter() - start
    with db.read() as s:
        app = s.query(m.Application).filter(m.Application.stage_key == "interviewed").first()
        assert app is not None
        app_id = app.id
    move_cards(db, [app_id], "offer", None, now, planner)
    start = time.perf_counter()
    second = sync_now(db, settings, now, planner)
    second_s = time.perf_counter() - start
    print(f"applications: {n}")
    print(f"first sync: {first.calendar.created} items in {first_s:.1f} s")
    cal = second.calendar
    print(
        f"incremental after one card move: {cal.created} new, {cal.updated} updated, "
        f"{cal.removed} removed in {second_s * 1000:.0f} ms"
    )
    db.close()


if __name__ == "__main__":
    main()
