"""CSV export: spreadsheet-safe cells, UTF-8 with BOM, private atomic file, round trip."""

from __future__ import annotations

import csv
import stat
from datetime import UTC, datetime

import pytest

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.csv import presets as cp
from followup_gui.services.interchange.csv.exporting import (
    export_applications_csv,
    export_contacts_csv,
    neutralise,
)
from followup_gui.services.interchange.csv.importing import import_csv, load_context
from followup_gui.services.interchange.csv.table import read_table
from followup_gui.storage import models as m


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Acme = good", "Acme = good"),
        ("", ""),
        (None, ""),
    ],
)
def test_neutralise(cell, safe):
    assert neutralise(cell) == safe


def fill(db):
    with db.write() as s:
        boss = m.Contact(
            full_name="=cmd|' /C calc'!A0",
            emails=["@evil.example"],
            phones=["+49 30 1234"],
            company="Zoë & Co",
        )
        s.add(boss)
        s.add(
            m.Application(
                company='=HYPERLINK("http://x")',
                role="Ingénieure",
                stage_key="applied",
                timezone="Europe/Paris",
                notes="-1",
                primary_contact=boss,
            )
        )


def test_applications_csv_is_safe_and_private(db, tmp_path):
    fill(db)
    out = tmp_path / "apps.csv"
    assert export_applications_csv(db, out) == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Company", "Role", "Stage"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][1] == "Ingénieure"
    assert rows[1][2] == "Applied"
    assert rows[1][-1] == "'-1"
    assert rows[1][11] == "'=cmd|' /C calc'!A0" and rows[1][12] == "'@evil.example"
    assert not [c for r in rows for c in r if c and c[0] in "=+-@\t\r"]
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["apps.csv"], "no temp file"


def test_contacts_csv(db, tmp_path):
    fill(db)
    out = tmp_path / "contacts.csv"
    assert export_contacts_csv(db, out) == 1
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[1][3] == "Zoë & Co"
    assert rows[1][5] == "'+49 30 1234"


def test_export_reimports_with_the_generic_preset(db, tmp_path):
    with db.write() as s:
        s.add(
            m.Application(
                company="Acme",
                role="Dev",
                stage_key="interviewed",
                timezone="Europe/Berlin",
                location="Berlin",
            )
        )
    out = tmp_path / "apps.csv"
    export_applications_csv(db, out)
    table = read_table(out)
    chosen = cp.detect_preset(table.headers)
    assert chosen.key == "generic"
    mapping = cp.auto_mapping(table.headers, chosen)
    assert len(mapping) == len(table.headers)
    from followup_gui.storage import Database

    other = Database.open(tmp_path / "other.sqlite3")
    try:
        ctx = load_context(other, "UTC", "balanced", datetime.now(UTC).date())
        report = import_csv(
            other, table, mapping, chosen, datetime.now(UTC), PlannerSettings(), ctx
        )
        assert report.imported == 1
        with other.read() as s:
            app = s.query(m.Application).one()
            assert (app.company, app.stage_key, app.timezone, app.location) == (
                "Acme",
                "interviewed",
                "Europe/Berlin",
                "Berlin",
            )
    finally:
        other.close()
