"""Every export is private (0600) and written in one step."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_gui.demo.example import fill_demo
from followup_gui.services.interchange.files import write_private
from followup_gui.services.interchange.ics import export_ics
from followup_gui.services.interchange.vcard.cards import export_vcards
from followup_gui.storage import Database


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_private_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old content")
    target.chmod(0o644)
    write_private(target, "nouveau contenu é".encode())
    assert target.read_text(encoding="utf-8") == "nouveau contenu é"
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_private_leaves_nothing_when_the_folder_is_missing(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_private(tmp_path / "missing" / "out.txt", b"x")
    assert list(tmp_path.iterdir()) == []


def test_calendar_and_vcard_exports_are_private(db: Database, tmp_path: Path) -> None:
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    fill_demo(db, now)
    ics = tmp_path / "plan.ics"
    vcf = tmp_path / "people.vcf"
    assert export_ics(db, ics, now) > 0
    assert export_vcards(db, vcf) > 0
    assert _mode(ics) == 0o600 and _mode(vcf) == 0o600
