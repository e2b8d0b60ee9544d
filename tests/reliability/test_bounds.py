"""Hostile sizes are refused early, with a message naming the record (issue 24).

Memory and time of the largest accepted files are measured by ``make bench``
(``bench/imports.py``), not asserted here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_gui.domain.errors import ImportFileError
from followup_gui.services.interchange.json import backup, stream
from followup_gui.storage import Database
from tests.reliability.importers import import_file, snapshot


def refused(db: Database, path: Path, kind: str = "json") -> str:
    before = snapshot(db)
    with pytest.raises(ImportFileError) as caught:
        import_file(db, path, kind)
    assert snapshot(db) == before
    return str(caught.value)


@pytest.mark.parametrize("kind", ["json", "csv", "vcard"])
def test_a_2_gb_file_is_refused_before_it_is_read(db: Database, tmp_path: Path, kind) -> None:
    path = tmp_path / f"huge.{kind}"
    with path.open("wb") as fh:  # sparse: costs no disk
        fh.truncate(2 * 1024**3)
    assert "too big" in refused(db, path, kind) or "larger than" in refused(db, path, kind)


def head() -> str:
    return '{"format": "followup-gui", "version": 1, '


def test_a_repeated_structure_is_counted_while_parsing(db, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(backup, "STREAM_ABOVE", 0)
    interview = '{"starts_at": "2026-11-19T14:00:00Z", "ends_at": "2026-11-19T15:00:00Z"},'
    path = tmp_path / "repeated.json"
    with path.open("w") as fh:
        fh.write(head() + '"applications": [{"company": "Acme", "stage": "applied", ')
        fh.write('"interviews": [' + interview * 200_000 + "{}]}]}")
    message = refused(db, path)
    assert message.startswith("applications[0]:") and "more than" in message


def test_too_many_applications_stop_the_stream(db, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(backup, "STREAM_ABOVE", 0)
    monkeypatch.setattr(stream, "MAX_APPLICATIONS", 10)
    apps = [{"company": f"C{i}", "stage": "applied"} for i in range(11)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"format": "followup-gui", "version": 1, "applications": apps}))
    assert "more than 10 entries" in refused(db, path)


@pytest.mark.parametrize(
    ("body", "expect"),
    [
        ('"applications": [' + "[" * 100 + "]" * 100 + "]}", "nested too deeply"),
        (
            '"applications": [{"company": "A", "stage": "applied", "position": '
            + "9" * 5000
            + "}]}",
            "JSON",
        ),
        ('"applications": {"a": ', "not valid JSON"),
        ('"contacts": [{"id": "c1", "name": "A"}, {"id": "c1", "name": "B"}]}', "used twice"),
        ('"applications": [], "stages": 7}', "must be a list"),
    ],
)
def test_hostile_streams_are_one_line_messages(db, tmp_path, monkeypatch, body, expect) -> None:
    monkeypatch.setattr(backup, "STREAM_ABOVE", 0)
    path = tmp_path / "hostile.json"
    path.write_text(head() + body)
    message = refused(db, path)
    assert expect in message and "\n" not in message and len(message) < 300


def test_a_stream_without_a_format_is_refused(db, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(backup, "STREAM_ABOVE", 0)
    path = tmp_path / "other.json"
    path.write_text('{"applications": [{"company": "A", "stage": "applied"}]}')
    assert refused(db, path).startswith("format:")
