"""The outside campaign's hostile shapes: each one a clear message naming the record and
field (nothing changed), or a whole import; never a traceback; never a value FollowUp
cannot read back (issue 24)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from followup_gui.domain.errors import ImportFileError
from followup_gui.storage import Database
from tests.reliability.importers import exported, import_file, snapshot

pytestmark = pytest.mark.backends


def card(body: str) -> str:
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\n{body}\r\nEND:VCARD\r\n"


def doc(**app: Any) -> str:
    application = {
        "id": "a1",
        "company": "Acme",
        "stage": "interviewed",
        "timezone": "America/New_York",
        "interviews": [{"starts_at": "2026-11-19T14:00:00Z", "ends_at": "2026-11-19T15:00:00Z"}],
        **app,
    }
    return json.dumps(
        {
            "format": "followup-gui",
            "version": 1,
            "contacts": [{"id": "c1", "name": "Dana Whitfield"}],
            "applications": [application],
        }
    )


def refused(db: Database, tmp_path: Path, name: str, content: str, kind: str) -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    before = snapshot(db)
    with pytest.raises(ImportFileError) as caught:
        import_file(db, path, kind)
    assert snapshot(db) == before
    message = str(caught.value)
    assert "\n" not in message and len(message) < 400, message
    return message


@pytest.mark.parametrize(
    ("body", "name", "company"),
    [
        ("FN:Dana Whitfield\r\nORG:Acme, Inc.", "Dana Whitfield", "Acme, Inc."),
        ("N:Doe;John,Paul;;;", "John Paul Doe", ""),
        ("FN:Ana\r\nORG:Acme;Research,Labs", "Ana", "Acme, Research,Labs"),
        ("FN:Ana\r\nADR:;;1 Main St,Apt 2;Springfield,Town;IL;62701;USA,North", "Ana", ""),
    ],
)
def test_a_comma_in_a_vcard_company_or_name_imports(
    db: Database, tmp_path: Path, body, name, company
):
    path = tmp_path / "comma.vcf"
    path.write_text(card(body))
    import_file(db, path, "vcard")
    contacts = exported(db)["contacts"]
    assert [(c["name"], c["company"]) for c in contacts] == [(name, company)]


def test_a_number_of_4301_digits_is_a_message(db: Database, tmp_path: Path) -> None:
    content = doc().replace('"id": "a1"', '"id": "a1", "position": ' + "9" * 4301)
    message = refused(db, tmp_path, "digits.json", content, "json")
    assert message.startswith("applications[0] (Acme).position:") and "too large" in message


def test_an_interviewer_listed_twice_or_a_key_used_twice_is_a_message(db, tmp_path) -> None:
    twice = doc(
        interviews=[
            {
                "starts_at": "2026-11-19T14:00:00Z",
                "ends_at": "2026-11-19T15:00:00Z",
                "contacts": ["c1", "c1"],
            }
        ]
    )
    assert "interviews[0].contacts[1]" in refused(db, tmp_path, "twice.json", twice, "json")
    step = {
        "key": "k",
        "kind": "call",
        "due": "2026-11-25T15:00:00Z",
        "window_end": "2026-11-25T17:00:00Z",
        "status": "pending",
    }
    keys = doc(follow_ups=[step, step])
    assert "follow_ups[1].key" in refused(db, tmp_path, "keys.json", keys, "json")


@pytest.mark.parametrize("zone", ["😀" * 100, "A" * 300, "../../../etc/passwd", "Etc"])
def test_a_time_zone_is_looked_up_in_the_list_not_opened(db, tmp_path, zone) -> None:
    message = refused(db, tmp_path, "tz.json", doc(timezone=zone), "json")
    assert message.startswith("applications[0] (Acme).timezone:")
    assert len(message) < 250
    table = f"Company,Role,Time zone\nAcme,Engineer,{zone}\n"
    assert "line 2, timezone" in refused(db, tmp_path, "tz.csv", table, "csv")


@pytest.mark.parametrize(
    ("cell", "expect"),
    [
        ("9999-12-31T24:00", "date_applied"),
        ("12/31/9999", "is not between the years"),
        ("1899-12-31", "is not between the years"),
        ("2201-01-01", "is not between the years"),
    ],
)
def test_a_csv_date_out_of_range_is_a_message(db, tmp_path, cell, expect) -> None:
    table = f"Company,Role,Date Applied\nAcme,Engineer,{cell}\n"
    message = refused(db, tmp_path, "dates.csv", table, "csv")
    assert message.startswith("line 2,")


@pytest.mark.parametrize(
    ("column", "cell", "problem"),
    [
        ("Company", "Ac\x00me", "NUL"),
        ("Location", "Ber\x07lin", "U+0007"),
        ("Job Link", "https://example.com/" + "x" * 1000, "longer than 1000"),
        ("Company", "A" * 5_000, "longer than 200"),
        ("Notes", "N" * 5_000_000, "field limit"),
    ],
)
def test_a_csv_value_the_app_could_not_read_back_is_refused(db, tmp_path, column, cell, problem):
    table = f"Company,Role,{column}\nAcme,Engineer,{cell}\n"
    if column == "Company":
        table = f"Company,Role\n{cell},Engineer\n"
    message = refused(db, tmp_path, "values.csv", table, "csv")
    assert "line 2" in message and problem in message


@pytest.mark.parametrize(
    ("starts", "ok"),
    [
        ("1900-01-01T00:30:00+05:00", False),  # 1899 in UTC: the export would say 1899
        ("2200-12-31T23:00:00-05:00", False),  # 2201 in UTC
        ("2199-06-01T10:00:00-05:00", True),
        ("1901-01-01T10:00:00+05:00", True),
    ],
)
def test_json_dates_are_accepted_only_when_the_export_reads_back(db, tmp_path, starts, ok):
    ends = starts.replace("T", "T").replace(starts[11:13], f"{int(starts[11:13]) + 0:02d}")
    content = doc(interviews=[{"starts_at": starts, "ends_at": ends}])
    if not ok:
        assert "is not between the years" in refused(db, tmp_path, "y.json", content, "json")
        return
    path = tmp_path / "y.json"
    path.write_text(content)
    import_file(db, path, "json")


def test_messages_cut_long_values(db: Database, tmp_path: Path) -> None:
    huge = "Z" * 5_000_000
    message = refused(db, tmp_path, "stage.json", doc(stage=huge), "json")
    assert "5,000,000 characters" in message and len(message) < 250
    message = refused(db, tmp_path, "big.vcf", card(f"FN:Dana\r\nEMAIL:{huge}"), "vcard")
    assert "5,000,000 characters" in message and len(message) < 300


def test_a_vcard_photo_over_5_mb_is_refused_before_it_costs_memory(db, tmp_path) -> None:
    import base64

    photo = base64.b64encode(b"\xff\xd8" + b"\x00" * (6 * 1024 * 1024)).decode()
    folded = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    content = card(f"FN:Dana\r\nPHOTO;ENCODING=b;TYPE=JPEG:{folded}")
    message = refused(db, tmp_path, "photo.vcf", content, "vcard")
    assert "line 4" in message


@pytest.mark.parametrize("url", ["http://[::1", "https://[garbage]/x", "example.com]/["])
def test_a_web_address_python_cannot_split_is_a_message(db, tmp_path, url) -> None:
    """Found by the hostile sweep: ``urlsplit`` raised ValueError ("Invalid IPv6 URL")."""
    message = refused(db, tmp_path, "url.vcf", card(f"FN:Dana\r\nURL:{url}"), "vcard")
    assert "web address" in message


def test_the_windows_forms_pass_the_same_checks(db: Database) -> None:
    """What an import refuses, a form refuses too: the backup always reads back."""
    from datetime import UTC, datetime

    from followup_gui.scheduling import PlannerSettings
    from followup_gui.services.applications.editing import (
        ApplicationDraft,
        InterviewDraft,
        create_application,
    )
    from followup_gui.services.board.columns import BoardError
    from followup_gui.services.contacts.editing import (
        ContactData,
        InvalidContactError,
        save_contact,
    )

    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    with pytest.raises(InvalidContactError, match="NUL"):
        save_contact(db, ContactData(full_name="Dana", company="Ac\x00me"))
    with pytest.raises(InvalidContactError, match="line break"):
        save_contact(db, ContactData(full_name="Dana\nWhitfield"))
    with pytest.raises(BoardError, match="U\\+0007"):
        draft = ApplicationDraft(company="Acme", role="", timezone="UTC", location="Ber\x07lin")
        create_application(db, draft, now, PlannerSettings())
    late = datetime(2200, 12, 31, 23, tzinfo=UTC)
    with pytest.raises(BoardError, match="between the years"):
        draft = ApplicationDraft(
            company="Acme",
            role="",
            timezone="UTC",
            interviews=(InterviewDraft(starts_at=late, ends_at=late.replace(minute=30)),),
        )
        create_application(db, draft, now, PlannerSettings())
    assert exported(db)["applications"] == [] and exported(db)["contacts"] == []


def test_a_line_break_in_the_record_name_keeps_the_message_one_line(db, tmp_path) -> None:
    """Found by the round-trip property: the company names the record in the message."""
    content = doc(company="Acme\nRobotics", timezone="😀" * 100)
    message = refused(db, tmp_path, "name.json", content, "json")
    assert message.startswith("applications[0] (Acme Robotics).timezone:")
