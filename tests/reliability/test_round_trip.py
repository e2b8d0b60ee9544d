"""For any file an importer accepts, the app's own backup reads back (issue 24).

Property: import a generated JSON, CSV or vCard file into an empty database; when it
is accepted, ``export json`` then ``import json`` into another empty database gives
the same export. The values are drawn from the shapes the campaign found (control
characters, NUL, commas and semicolons, dates at the ends of the supported years in
far-off zones, huge numbers, unknown zones, long values).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_gui.domain.errors import ImportFileError
from followup_gui.services.interchange.json.backup import export_json
from followup_gui.storage import Database
from tests.reliability.importers import exported, import_file

ROUND_TRIP = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_count = itertools.count()

hostile_char = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(
    ["\x00", "\x07", "\x1b", "\x85", "\x7f", "\n", "\r", "\t", ",", ";", ":", "\\", "😀", "é"]
)
text = st.text(alphabet=hostile_char, max_size=12) | st.sampled_from(
    ["Acme, Inc.", "O'Brien; Partners", "x" * 1001, "🏢" * 60, ""]
)
zones = st.sampled_from(["America/New_York", "Asia/Kolkata", "UTC", "😀" * 100, "Mars/Base"])


@st.composite
def instants(draw: st.DrawFn) -> str:
    year = draw(st.sampled_from([1899, 1900, 1901, 2026, 2199, 2200, 2201]))
    moment = datetime(year, 1, 1) + timedelta(minutes=draw(st.integers(0, 525_000)))
    offset = timezone(timedelta(minutes=draw(st.integers(-14 * 60, 14 * 60))))
    return moment.replace(tzinfo=offset).isoformat()


@contextmanager
def empty_database(folder: Path) -> Iterator[Database]:
    db = Database.open(folder / f"round-{next(_count)}.sqlite3")
    try:
        yield db
    finally:
        db.close()


def reads_back(folder: Path, path: Path, kind: str) -> bool:
    """Import ``path``; when accepted, its export must read back as the same export."""
    with empty_database(folder) as first:
        try:
            import_file(first, path, kind)
        except ImportFileError as exc:
            assert str(exc).strip() and "\n" not in str(exc)
            return False
        backup = folder / f"backup-{next(_count)}.json"
        export_json(first, backup)
        expected = exported(first)
    with empty_database(folder) as second:
        import_file(second, backup, "json")  # the app's own backup: never refused
        assert exported(second) == expected
    return True


@ROUND_TRIP
@given(
    name=text,
    company=text,
    notes=text,
    zone=zones,
    starts=instants(),
    decision=st.sampled_from(["1899-12-31", "1900-01-01", "2026-12-01", "2200-12-31", None]),
    position=st.sampled_from([0, 7, -1, 2**31, 10**30]),
    location=text,
)
def test_any_accepted_json_file_reads_back(
    tmp_path_factory, name, company, notes, zone, starts, decision, position, location
) -> None:
    folder = tmp_path_factory.mktemp("json")
    begins = datetime.fromisoformat(starts)
    application: dict[str, Any] = {
        "id": "a1",
        "company": company or "Acme",
        "stage": "interviewed",
        "timezone": zone,
        "position": position,
        "decision_expected": decision,
        "location": location,
        "notes": notes,
        "interviews": [
            {
                "starts_at": starts,
                "ends_at": (begins + timedelta(hours=1)).isoformat(),
                "contacts": ["c1"],
                "location": location,
            }
        ],
    }
    document = {
        "format": "followup-gui",
        "version": 1,
        "contacts": [{"id": "c1", "name": name or "Dana", "company": company, "notes": notes}],
        "applications": [application],
    }
    path = folder / "in.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8", errors="surrogatepass")
    reads_back(folder, path, "json")


def csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@ROUND_TRIP
@given(
    rows=st.lists(
        st.tuples(
            text,
            text,
            text,
            st.sampled_from(["example.com/job", "https://example.com/" + "x" * 990, "x y"]),
            st.sampled_from(["2026-11-02", "1899-12-31", "12/31/2200", "9999-12-31T24:00"]),
            zones,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_accepted_csv_file_reads_back(tmp_path_factory, rows) -> None:
    folder = tmp_path_factory.mktemp("csv")
    lines = ["Company,Role,Location,Job Link,Date Applied,Time zone,Notes"]
    for company, role, notes, link, applied, zone in rows:
        cells = [company or "Acme", role, "Berlin", link, applied, zone, notes]
        lines.append(",".join(csv_cell(c) for c in cells))
    path = folder / "in.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8", errors="surrogatepass")
    reads_back(folder, path, "csv")


def vcard_value(value: str) -> str:
    return value.replace("\r", "").replace("\n", "\\n")


@ROUND_TRIP
@given(cards=st.lists(st.tuples(text, text, text, text, st.booleans()), min_size=1, max_size=3))
def test_any_accepted_vcard_file_reads_back(tmp_path_factory, cards) -> None:
    folder = tmp_path_factory.mktemp("vcard")
    out = []
    for name, company, title, notes, raw_n in cards:
        name_line = f"N:Doe;{vcard_value(name)},Paul;;;" if raw_n else f"FN:{vcard_value(name)}"
        out.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"{name_line}\r\nORG:{vcard_value(company)}\r\nTITLE:{vcard_value(title)}\r\n"
            f"NOTE:{vcard_value(notes)}\r\nEND:VCARD\r\n"
        )
    path = folder / "in.vcf"
    path.write_text("".join(out), "utf-8", errors="surrogatepass")
    reads_back(folder, path, "vcard")


def test_the_property_sees_accepted_files_of_every_kind(tmp_path: Path) -> None:
    """The property is not vacuous: ordinary files of each kind are accepted."""
    path = tmp_path / "ok.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana\r\nORG:Acme, Inc.\r\nEND:VCARD\r\n")
    assert reads_back(tmp_path, path, "vcard")
    path = tmp_path / "ok.csv"
    path.write_text("Company,Role,Date Applied\nAcme,Engineer,2026-11-02\n")
    assert reads_back(tmp_path, path, "csv")
    when = datetime(2026, 11, 2, 14, tzinfo=UTC)
    path = tmp_path / "ok.json"
    path.write_text(
        json.dumps(
            {
                "format": "followup-gui",
                "version": 1,
                "applications": [
                    {
                        "company": "Acme",
                        "stage": "interviewed",
                        "interviews": [
                            {
                                "starts_at": when.isoformat(),
                                "ends_at": (when + timedelta(hours=1)).isoformat(),
                            }
                        ],
                    }
                ],
            }
        )
    )
    assert reads_back(tmp_path, path, "json")


def test_a_big_backup_read_as_a_stream_gives_the_same_export(tmp_path, monkeypatch) -> None:
    """Files over ``STREAM_ABOVE`` take the streaming path: same result as a small file."""
    from followup_gui.demo.example import fill_demo
    from followup_gui.services.interchange.json import backup
    from tests.reliability.importers import NOW

    with empty_database(tmp_path) as first:
        fill_demo(first, NOW)
        path = tmp_path / "demo.json"
        export_json(first, path)
        expected = exported(first)
    monkeypatch.setattr(backup, "STREAM_ABOVE", 0)
    monkeypatch.setattr("followup_gui.services.interchange.json.stream.BATCH", 3)
    with empty_database(tmp_path) as second:
        import_file(second, path, "json")
        assert exported(second) == expected
