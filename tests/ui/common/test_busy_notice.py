"""A write that has to wait for another program says so in the status line at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_gui.domain.errors import StorageError
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.context import AppContext
from tests.reliability.test_world_fails import lock_held


def test_a_waiting_write_says_so_then_says_who_holds_the_data(
    qtbot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_gui.storage import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 1200)
    db = Database.open(db_path)
    context = AppContext(Settings(tmp_path / "followup.ini"), db)
    posted: list[str] = []
    context.message_posted.connect(posted.append)
    try:
        with lock_held(db_path):
            with pytest.raises(StorageError, match="Another FollowUp program"), db.write() as s:
                s.add(m.Contact(full_name="Dana"))
            assert posted == ["Waiting for another FollowUp program to finish writing…"]
    finally:
        db.close()
