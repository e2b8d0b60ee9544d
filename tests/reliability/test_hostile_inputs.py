"""Hostile files: every import either succeeds fully or changes nothing, with a clear error.

The JSON and vCard importers are fed random and adversarial files (binary, wrong
encodings, huge, deeply nested, absurd dates and offsets, 10,000 contacts). FollowUp
has no .ics *importer* (calendars are export only): the .ics export is fed hostile
field values and must parse back. Time is measured, never asserted.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from followup_gui.domain.errors import ImportFileError
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.json.backup import import_json
from followup_gui.services.interchange.vcard.importing import import_vcards
from followup_gui.storage import Database
from followup_gui.storage import models as m
from tests.reliability.importers import snapshot

pytestmark = pytest.mark.backends
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TIMINGS: dict[str, float] = {}


def all_or_nothing(db: Database, path: Path, importer: str) -> tuple[bool, str]:
    """Import; on error the database must be exactly as before. Returns (ok, message)."""
    before = snapshot(db)
    start = time.perf_counter()
    try:
        if importer == "json":
            import_json(db, path, NOW, PlannerSettings())
        else:
            import_vcards(db, path, path.parent, "US")
    except ImportFileError as exc:
        assert str(exc).strip()
        assert snapshot(db) == before
        return False, str(exc)
    finally:
        TIMINGS[path.name] = time.perf_counter() - start
    return True, ""


def doc(contacts: list[dict[str, Any]], apps: list[dict[str, Any]] | None = None) -> str:
    return json.dumps(
        {"format": "followup-gui", "version": 1, "contacts": contacts, "applications": apps or []}
    )


def app(starts: str, ends: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": "a1",
        "company": "Acme",
        "stage": "interviewed",
        "timezone": "America/New_York",
        "interviews": [{"starts_at": starts, "ends_at": ends, "contacts": ["c1"]}],
        **extra,
    }


PERSON = {"id": "c1", "name": "Dana Whitfield"}
ADVERSARIAL_JSON: dict[str, bytes] = {
    "binary": bytes(range(256)) * 40,
    "utf16": doc([PERSON]).encode("utf-16"),
    "latin1": '{"format":"followup-gui","version":1,"contacts":[{"id":"c1","name":"Zoë"}]}'.encode(
        "latin-1"
    ),
    "deeply-nested-list": b"[" * 200_000 + b"]" * 200_000,
    "deeply-nested-object": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "nested-in-field": doc([{**PERSON, "notes": [[[[[[[]]]]]]]}]).encode(),
    "empty": b"",
    "null": b"null",
    "huge-number": doc([{**PERSON, "name_confirmed": 10**4000 > 0}]).encode(),
    "huge-position": doc(
        [PERSON], [{**app("2026-11-19T14:00:00Z", "2026-11-19T15:00:00Z"), "position": 10**30}]
    ).encode(),
    "long-name": doc([{"id": "c1", "name": "N" * 100_000}]).encode(),
    "year-0": doc([PERSON], [app("0000-01-01T00:00:00Z", "0000-01-01T01:00:00Z")]).encode(),
    "year-1": doc(
        [PERSON], [app("0001-01-01T00:00:00+00:00", "0001-01-01T01:00:00+00:00")]
    ).encode(),
    "year-9999": doc([PERSON], [app("9999-12-31T22:00:00Z", "9999-12-31T23:59:59Z")]).encode(),
    "offset+24h": doc(
        [PERSON], [app("2026-11-19T14:00:00+24:00", "2026-11-19T15:00:00+24:00")]
    ).encode(),
    "offset-23:59": doc(
        [PERSON], [app("2026-11-19T14:00:00-23:59", "2026-11-19T15:00:00-23:59")]
    ).encode(),
    "offset+23:59": doc(
        [PERSON], [app("2026-11-19T14:00:00+23:59", "2026-11-19T15:00:00+23:59")]
    ).encode(),
    "decision-9999": doc(
        [PERSON],
        [app("2026-11-19T14:00:00Z", "2026-11-19T15:00:00Z", decision_expected="9999-12-31")],
    ).encode(),
    "nul-in-text": doc([{"id": "c1", "name": "Da\x00na"}]).encode(),
    "lone-surrogate": b'{"format":"followup-gui","version":1,'
    b'"contacts":[{"id":"c1","name":"\\ud800"}]}',
}


@pytest.mark.parametrize("case", sorted(ADVERSARIAL_JSON))
def test_adversarial_json_imports_fully_or_not_at_all(db: Database, tmp_path: Path, case: str):
    path = tmp_path / f"{case}.json"
    path.write_bytes(ADVERSARIAL_JSON[case])
    ok, message = all_or_nothing(db, path, "json")
    if case in ("binary", "utf16", "latin1", "deeply-nested-list", "deeply-nested-object"):
        assert not ok and message


def test_ten_thousand_contacts_import_in_one_piece(db: Database, tmp_path: Path) -> None:
    people = [
        {"id": f"c{i}", "name": f"Person {i} Ñandú", "email": f"p{i}@example.org"}
        for i in range(10_000)
    ]
    path = tmp_path / "10k.json"
    path.write_text(doc(people))
    assert all_or_nothing(db, path, "json")[0]
    with db.read() as s:
        assert len(s.scalars(select(m.Contact.id)).all()) == 10_000


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = ["id", "name", "email", "emails", "phones", "company", "notes", "name_confirmed"]
APP_FIELDS = [
    "company",
    "stage",
    "timezone",
    "playbook",
    "decision_expected",
    "position",
    "interviews",
    "attempts",
    "follow_ups",
    "primary_contact",
]


@FUZZ
@given(
    contact=st.dictionaries(st.sampled_from(FIELDS), json_values | st.text(max_size=300)),
    application=st.dictionaries(st.sampled_from(APP_FIELDS), json_values),
)
def test_random_json_documents_import_fully_or_not_at_all(
    db, tmp_path_factory, contact, application
):
    path = tmp_path_factory.mktemp("fuzz") / "random.json"
    path.write_text(
        doc([{**PERSON, **contact}], [application]), encoding="utf-8", errors="surrogatepass"
    )
    all_or_nothing(db, path, "json")


@FUZZ
@given(
    content=st.binary(max_size=2000)
    | st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass"))
)
def test_random_bytes_as_vcard_import_fully_or_not_at_all(db, tmp_path_factory, content):
    path = tmp_path_factory.mktemp("fuzz") / "random.vcf"
    path.write_bytes(content)
    all_or_nothing(db, path, "vcard")


def card(body: str) -> str:
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\n{body}\r\nEND:VCARD\r\n"


ADVERSARIAL_VCARD: dict[str, bytes] = {
    "binary": bytes(range(256)) * 40,
    "utf16": card("FN:Dana").encode("utf-16"),
    "latin1": card("FN:Zoë").encode("latin-1"),
    "nested": ("BEGIN:VCARD\r\n" * 5000 + "END:VCARD\r\n" * 5000).encode(),
    "huge-line": card("FN:" + "A" * 2_000_000).encode(),
    "long-name-and-title": card("FN:" + "N" * 5000 + "\r\nTITLE:" + "T" * 5000).encode(),
    "bad-photo": card("FN:Dana\r\nPHOTO;ENCODING=b;TYPE=JPEG:!!!notbase64").encode(),
    "bday-year-0": card("FN:Dana\r\nBDAY:0000-01-01").encode(),
    "bday-9999": card("FN:Dana\r\nBDAY:9999-12-31T23:59:59+24:00").encode(),
    "rev-absurd": card("FN:Dana\r\nREV:99999999T999999Z").encode(),
    "no-end": b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana\r\n",
    "folded-forever": (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:a" + "\r\n b" * 20000 + "\r\nFN:X\r\nEND:VCARD\r\n"
    ).encode(),
    "good-then-bad": (card("FN:Good Person") + card("FN:Bad\r\nEMAIL:not an email")).encode(),
    "ten-thousand": "".join(
        card(f"FN:Person {i}\r\nEMAIL:p{i}@example.org") for i in range(10_000)
    ).encode(),
}


@pytest.mark.parametrize("case", sorted(ADVERSARIAL_VCARD))
def test_adversarial_vcards_import_fully_or_not_at_all(db: Database, tmp_path: Path, case: str):
    path = tmp_path / f"{case}.vcf"
    path.write_bytes(ADVERSARIAL_VCARD[case])
    ok, message = all_or_nothing(db, path, "vcard")
    if case in ("binary", "utf16", "latin1", "nested", "no-end", "good-then-bad", "bad-photo"):
        assert not ok and message
    if case == "ten-thousand":
        assert ok
        with db.read() as s:
            assert len(s.scalars(select(m.Contact.id)).all()) == 10_000


hostile_text = st.text(
    # No NUL: no importer lets one in (PostgreSQL cannot store it).
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=300,
) | st.sampled_from(
    ["a\r\nBEGIN:VEVENT\r\nSUMMARY:evil", "x" * 100_000, "日本語\n;,\\:", "\x07\x1b[31m\x7f"]
)


@FUZZ
@given(company=hostile_text, person=hostile_text, notes=hostile_text)
def test_calendar_export_of_hostile_values_parses_back(db, company, person, notes):
    from icalendar import Calendar

    from followup_gui.services.interchange.ics import calendar_bytes

    with db.write() as s:
        s.query(m.FollowUp).delete()
        contact = m.Contact(full_name=person[:200])
        application = m.Application(
            company=company[:200], notes=notes, stage_key="interviewed", timezone="UTC"
        )
        s.add_all([contact, application])
        s.flush()
        s.add(
            m.FollowUp(
                application_id=application.id,
                contact_id=contact.id,
                key="k",
                kind="call",
                due_at=NOW + timedelta(days=1),
                window_end=NOW + timedelta(days=2),
                reason=notes,
                rules="R6",
            )
        )
    content, count = calendar_bytes(db, NOW)
    parsed = Calendar.from_ical(content)
    events = list(parsed.walk("VEVENT"))
    assert count == len(events) == 1
    clean = lambda t: t.replace("\r\n", "\n").replace("\r", "\n")  # noqa: E731
    assert clean(company[:200]) in clean(str(events[0]["summary"]))
    assert clean(notes) in clean(str(events[0]["description"]))
    with db.write() as s:
        s.query(m.FollowUp).delete()
