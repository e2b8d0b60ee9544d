"""CSV import: presets on sample files, date parsing, mapping, all-or-nothing, the report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from followup_gui.domain import ImportFileError
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.changes import NOTHING
from followup_gui.services.interchange.csv import presets as cp
from followup_gui.services.interchange.csv.dates import DateError, column_is_day_first, parse_date
from followup_gui.services.interchange.csv.importing import (
    RowAction,
    import_csv,
    load_context,
    plan_rows,
)
from followup_gui.services.interchange.csv.presets import CsvField
from followup_gui.services.interchange.csv.table import read_table
from followup_gui.storage import models as m

FIXTURES = Path(__file__).parents[3] / "fixtures" / "csv"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 24)


def context(db):
    return load_context(db, "Europe/Berlin", "balanced", TODAY)


def run(db, name, preset=None, mapping=None, day_first=None):
    table = read_table(FIXTURES / name)
    chosen = preset or cp.detect_preset(table.headers)
    mapping = mapping if mapping is not None else cp.auto_mapping(table.headers, chosen)
    return import_csv(db, table, mapping, chosen, NOW, PlannerSettings(), context(db), day_first)


def apps(db):
    with db.read() as s:
        return {a.company: a for a in s.scalars(select(m.Application))}


# -- dates ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2026-11-20", False, date(2026, 11, 20)),
        ("2026-11-20T14:30:00+01:00", False, date(2026, 11, 20)),
        ("11/20/2026", False, date(2026, 11, 20)),
        ("03/04/2026", False, date(2026, 3, 4)),
        ("03/04/2026", True, date(2026, 4, 3)),
        ("20.11.2026", False, date(2026, 11, 20)),
        ("3.4.26", False, date(2026, 4, 3)),
        ("Nov 20, 2026", False, date(2026, 11, 20)),
        ("November 20th 2026", False, date(2026, 11, 20)),
        ("20 Nov 2026", False, date(2026, 11, 20)),
        ("  ", False, None),
    ],
)
def test_parse_date_formats(text, day_first, expected):
    assert parse_date(text, day_first=day_first) == expected


@pytest.mark.parametrize("text", ["next Tuesday", "2026-02-30", "13/13/2026", "Foo 3, 2026"])
def test_parse_date_rejects(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_ambiguous_slash_dates_are_decided_per_column():
    assert column_is_day_first(["03/04/2026", "25/03/2026"]) is True
    assert column_is_day_first(["03/04/2026", "12/31/2026"]) is False
    assert column_is_day_first(["03/04/2026"]) is False
    assert column_is_day_first(["03/04/2026"], default=True) is True


# -- presets and mapping --------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("generic.csv", "generic"),
        ("huntr.csv", "huntr"),
        ("teal.csv", "teal"),
        ("jobsync.csv", "jobsync"),
    ],
)
def test_detects_the_preset(name, key):
    assert cp.detect_preset(read_table(FIXTURES / name).headers).key == key


def test_teal_mapping():
    headers = read_table(FIXTURES / "teal.csv").headers
    mapping = cp.auto_mapping(headers, cp.TEAL)
    by_field = {f: headers[i] for i, f in mapping.items()}
    assert by_field[CsvField.COMPANY] == "Company"
    assert by_field[CsvField.ROLE] == "Job Position"
    assert by_field[CsvField.STAGE] == "Status"
    assert by_field[CsvField.APPLIED_ON] == "Date Applied"  # not "Date Saved"
    assert by_field[CsvField.POSTING_URL] == "Job Posting URL"


def test_mapping_needs_a_company_and_no_double_fields(db):
    table = read_table(FIXTURES / "eu_semicolon.csv")
    assert cp.auto_mapping(table.headers, cp.GENERIC) == {}
    with pytest.raises(ImportFileError, match="company"):
        plan_rows(table, {}, cp.GENERIC, context(db))
    with pytest.raises(ImportFileError, match="two columns"):
        plan_rows(table, {0: CsvField.COMPANY, 1: CsvField.COMPANY}, cp.GENERIC, context(db))


def test_hand_mapping_of_a_semicolon_file_with_eu_dates(db):
    mapping = {0: CsvField.COMPANY, 1: CsvField.ROLE, 2: CsvField.APPLIED_ON, 3: CsvField.LOCATION}
    report = run(db, "eu_semicolon.csv", cp.GENERIC, mapping)
    assert report.imported == 2
    stored = apps(db)
    assert stored["Müller GmbH"].location == "München"
    assert stored["Müller GmbH"].created_at.date() == date(2026, 11, 20)
    assert stored["Schmidt AG"].created_at.date() == date(2026, 4, 3)


def test_preview_shows_parsed_dates_and_actions(db):
    table = read_table(FIXTURES / "day_first.csv")
    preview = plan_rows(table, cp.auto_mapping(table.headers, cp.GENERIC), cp.GENERIC, context(db))
    assert preview.day_first[CsvField.APPLIED_ON] is True
    assert [r.values[CsvField.APPLIED_ON] for r in preview.rows] == [
        date(2026, 4, 3),
        date(2026, 3, 25),
    ]
    forced = plan_rows(
        table, cp.auto_mapping(table.headers, cp.GENERIC), cp.GENERIC, context(db), False
    )
    assert forced.errors and "25/03/2026" in str(forced.errors[0])


# -- importing ------------------------------------------------------------------
def test_generic_import_report_and_rows(db):
    report = run(db, "generic.csv")
    assert (report.imported, report.merged, report.skipped) == (3, 0, 3)
    assert any("blank row" in d for d in report.details)
    assert any("no company" in d for d in report.details)
    assert any("same company and role as line 3" in d for d in report.details)
    acme = apps(db)["Acme Robotics"]
    assert acme.stage_key == "interviewed"
    assert acme.decision_expected == date(2026, 11, 30)
    assert acme.posting_url == "https://acme.example/jobs/1"
    with db.read() as s:
        acme = s.get(m.Application, acme.id)
        assert acme.primary_contact.full_name == "Dana Smith"
        assert acme.primary_contact.emails == ["dana@acme.example"]
        assert [p.full_name for p in acme.interviews[0].participants] == ["Dana Smith"]
        assert acme.follow_ups, "imported applications are planned"
    assert apps(db)["Initech"].stage_key == "rejected"


def test_the_report_names_the_applications_and_contacts_the_import_wrote(db):
    report = run(db, "generic.csv")
    with db.read() as s:
        app_ids = set(s.scalars(select(m.Application.id)))
        contact_ids = set(s.scalars(select(m.Contact.id)))
    assert len(app_ids) == 3 and contact_ids
    assert report.changes == ch.applications(app_ids) | ch.contacts(contact_ids)
    assert not report.changes.stage_moves and not report.changes.stages
    assert run(db, "generic.csv").changes == NOTHING, "every row skipped: nothing changed"


def test_huntr_import_maps_lists_and_us_dates(db):
    report = run(db, "huntr.csv")
    assert report.imported == 4
    stored = apps(db)
    assert stored["Umbrella Corp"].created_at.date() == date(2026, 11, 3)
    assert stored["Umbrella Corp"].notes == "Python and SQL"
    assert stored["Stark Industries"].stage_key == "interview_scheduled"
    assert stored["Wayne Enterprises"].stage_key == "wishlist"
    assert stored["Hooli"].stage_key == "interview_scheduled"  # "Phone screen"


def test_teal_and_jobsync_statuses(db):
    run(db, "teal.csv")
    run(db, "jobsync.csv")
    stored = apps(db)
    assert stored["Pied Piper"].stage_key == "interview_scheduled"
    assert stored["Pied Piper"].created_at.date() == date(2026, 10, 15)
    assert stored["Hooli"].stage_key == "rejected"  # "Not Selected"
    assert stored["Vandelay Industries"].salary_notes == "$120k – $150k"
    assert stored["Vandelay Industries"].decision_expected == date(2026, 12, 1)
    assert stored["Kramerica"].stage_key == "wishlist"  # "Draft"


def test_unknown_status_lands_in_applied_with_a_note(db):
    table = read_table(FIXTURES / "huntr.csv")
    preview = plan_rows(table, cp.auto_mapping(table.headers, cp.GENERIC), cp.GENERIC, context(db))
    assert preview.rows  # generic preset: "List" is not mapped, so no status at all
    mapping = {0: CsvField.COMPANY, 1: CsvField.ROLE, 2: CsvField.STAGE}
    preview = plan_rows(table, mapping, cp.GENERIC, context(db))
    hooli = next(r for r in preview.rows if r.company == "Hooli")
    assert hooli.stage == "interview_scheduled"
    odd = plan_rows(
        read_table(FIXTURES / "teal.csv"),
        {0: CsvField.COMPANY, 3: CsvField.STAGE},
        cp.GENERIC,
        context(db),
    )
    assert odd.rows[0].stage == "applied" and "not a board stage" in odd.rows[0].note


def test_second_import_merges_or_skips(db):
    run(db, "generic.csv")
    again = run(db, "generic.csv")
    assert (again.imported, again.merged) == (0, 0)
    assert again.skipped == 6
    table = read_table(FIXTURES / "huntr.csv")
    with db.write() as s:
        s.add(
            m.Application(
                company="umbrella  corp",
                role="backend developer",
                stage_key="applied",
                timezone="UTC",
            )
        )
    preview = plan_rows(table, cp.auto_mapping(table.headers, cp.HUNTR), cp.HUNTR, context(db))
    umbrella = preview.rows[0]
    assert umbrella.action == RowAction.MERGE
    assert "location" in umbrella.note and "notes" in umbrella.note
    report = run(db, "huntr.csv")
    assert report.merged == 1 and report.imported == 3
    merged = next(a for a in apps(db).values() if a.company == "umbrella  corp")
    assert merged.id in report.changes.application_ids, "the card merged into is named"
    assert merged.location == "Raccoon City" and merged.stage_key == "applied"


def test_one_bad_cell_imports_nothing(db):
    with pytest.raises(ImportFileError) as err:
        run(db, "bad_date.csv")
    assert err.value.where == "line 3, applied_on"
    assert "next Tuesday" in err.value.what
    assert "and 2 more problems" in err.value.what
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Application)) == 0


def test_one_more_problem_is_said_in_the_singular(db, tmp_path: Path):
    two = tmp_path / "two_bad.csv"
    two.write_text("Company,Applied\nBad Co,next Tuesday\nWorse Co,2026-02-30\n", encoding="utf-8")
    table = read_table(two)
    chosen = cp.detect_preset(table.headers)
    with pytest.raises(ImportFileError) as err:
        import_csv(
            db,
            table,
            cp.auto_mapping(table.headers, chosen),
            chosen,
            NOW,
            PlannerSettings(),
            context(db),
        )
    assert err.value.what.endswith("(and 1 more problem)")


def test_read_table_errors(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(ImportFileError, match="empty"):
        read_table(empty)
    wide = tmp_path / "wide.csv"
    wide.write_text("a,b\n1,2,3\n")
    with pytest.raises(ImportFileError, match="line 2"):
        read_table(wide)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Company\nCaf\xe9 SA\n".encode("cp1252"))
    assert read_table(latin).rows == (("Café SA",),)
