"""A child process for the kill tests: does one kind of write over and over, acknowledging each.

``python kill_child.py window DB FIRST``: the window's writes through its services:
create an application ``k-<i>`` (prints ``c <i>``), then move it to Interviewed
(prints ``m <i>``).
``python kill_child.py backup DB``: automatic backups, one after another (prints ``b``).
``python kill_child.py restore DB BACKUP``: restores ``BACKUP`` again and again (``r``).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from followup_gui.scheduling import PlannerSettings
from followup_gui.storage import Database

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def window(db: Database, first: int) -> None:
    from followup_gui.services.applications.editing import ApplicationDraft, create_application
    from followup_gui.services.board.moves import move_cards

    settings = PlannerSettings()
    i = first
    while True:
        draft = ApplicationDraft(company=f"k-{i}", role="Engineer", timezone="UTC")
        created = create_application(db, draft, NOW, settings)
        print(f"c {i}", flush=True)
        move_cards(db, [created.value.id], "interviewed", None, NOW, settings)
        print(f"m {i}", flush=True)
        i += 1


def backups(db: Database) -> None:
    from followup_gui.storage.backups import make_backup

    i = 0
    while True:
        make_backup(db, NOW + timedelta(seconds=i))
        print("b", flush=True)
        i += 1


def restores(db: Database, backup: Path) -> None:
    from followup_gui.storage.backups import restore_from

    i = 0
    while True:
        restore_from(db, backup, NOW + timedelta(seconds=i))
        print("r", flush=True)
        i += 1


def main() -> None:
    mode, target = sys.argv[1], sys.argv[2]
    db = Database.open(target)
    print("ready", flush=True)
    if mode == "window":
        window(db, int(sys.argv[3]))
    elif mode == "backup":
        backups(db)
    else:
        restores(db, Path(sys.argv[3]))


if __name__ == "__main__":
    main()
