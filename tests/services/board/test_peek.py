"""The start-up preview: the board read with the standard library equals the real load.

A user sees the peeked board for a moment at every start; it must show exactly
what the storage layer would (same cards, text, next steps, order), and it must
not be shown at all when the file needs checking, upgrading, or is no SQLite file.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from followup_gui.demo.scale import fill_scaled
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.board.cards import peek_board, still_current
from followup_gui.services.board.columns import load_board
from followup_gui.services.board.moves import move_cards
from followup_gui.storage import Database
from followup_gui.storage.backups import mark_open
from tests.conftest import make_demo_file

NOW = datetime(2024, 5, 15, 14, 0, tzinfo=UTC)


def test_peek_equals_the_storage_load_on_the_demo(demo_file: Path) -> None:
    db_path = demo_file
    for now in (NOW, NOW + timedelta(days=3), NOW - timedelta(days=40)):
        peeked = peek_board(db_path, now)
        db = Database.open(db_path)
        try:
            loaded = load_board(db, now)
        finally:
            db.close()
        assert peeked is not None
        assert peeked.stages == loaded.stages
        assert peeked.cards == loaded.cards
        assert any(c.next_step is not None and c.people for c in peeked.cards)


def test_peek_equals_the_storage_load_on_a_large_board(tmp_path: Path) -> None:
    path = tmp_path / "big.sqlite3"
    db = Database.open(path)
    fill_scaled(db, 300, seed=7, now=NOW)
    loaded = load_board(db, NOW)
    db.close()
    peeked = peek_board(path, NOW)
    assert peeked is not None
    assert len(peeked.cards) == 300
    assert peeked.cards == loaded.cards
    assert {c.stage_key for c in peeked.cards} == {c.stage_key for c in loaded.cards}


def test_no_preview_when_the_file_must_be_opened_properly(tmp_path: Path) -> None:
    assert peek_board(tmp_path / "missing.sqlite3", NOW) is None
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert peek_board(empty, NOW) is None
    text = tmp_path / "notes.txt"
    text.write_text("not a database " * 100)
    assert peek_board(text, NOW) is None

    unclean = make_demo_file(tmp_path / "unclean.sqlite3")
    mark_open(unclean)  # the last window did not close: it is checked first
    assert peek_board(unclean, NOW) is None

    older = make_demo_file(tmp_path / "older.sqlite3")
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    assert peek_board(older, NOW) is None  # upgraded first, then shown


def test_preview_is_current_until_something_is_committed(demo_file: Path) -> None:
    db_path = demo_file
    peeked = peek_board(db_path, NOW)
    assert peeked is not None
    db = Database.open(db_path)
    try:
        load_board(db, NOW)  # opening and reading change nothing
        assert still_current(peeked, db.path)
        card = peeked.cards[0]
        target = next(s.key for s in peeked.stages if s.key != card.stage_key)
        move_cards(db, [card.id], target, None, NOW, PlannerSettings())
        assert not still_current(peeked, db.path)
    finally:
        db.close()
    assert not still_current(peeked, None)  # a server database


def test_the_preview_path_does_not_import_sqlalchemy(demo_file: Path) -> None:
    db_path = demo_file
    code = (
        "import sys; from datetime import datetime, UTC; from pathlib import Path\n"
        "import followup_gui.ui.board, followup_gui.ui.shell.main_window\n"
        "from followup_gui.services.board.cards import peek_board\n"
        f"board = peek_board(Path({str(db_path)!r}), datetime.now(UTC))\n"
        "print(len(board.cards), 'sqlalchemy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    count, imported = out.split()
    assert int(count) > 0
    assert imported == "False"
