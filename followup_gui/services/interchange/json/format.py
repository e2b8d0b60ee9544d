"""The JSON interchange format (version 1): parsing and validation, with no database.

A whole file is checked before anything is written. Every problem is reported as an
:class:`ImportFileError` naming the record and field, e.g.
``applications[1] (Acme Robotics).interviews[0].starts_at: has no UTC offset``.
The format is documented in ``docs/json-format.md``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from followup_gui.domain import (
    ATTEMPT_KINDS,
    FollowUpKind,
    FollowUpStatus,
    ImportFileError,
    InterviewFormat,
    Outcome,
    PlaybookName,
)
from followup_gui.domain.checks import (
    bounded_int,
    check_timezone,
    check_year,
    quoted,
    shorten,
    text_problem,
)

FORMAT = "followup-gui"
VERSION = 1
#: Bigger files are refused before parsing. It scales with what FollowUp writes:
#: its export of 20,000 applications (a very long search, with 60,000 contacts and
#: 250,000 attempts) is 220 MB, about 11 KB per application; ``stream.py`` reads
#: up to 25,000 applications.
MAX_FILE_BYTES = 384 * 1024 * 1024
#: Per application, at most this many of each (a repeated structure is refused
#: when counted, before its items are checked one by one).
MAX_PER_APPLICATION = 2_000


@dataclass
class ContactRecord:
    """A contact as read from a file; ``ref`` is its file-local id."""

    ref: str
    full_name: str
    fields: dict[str, Any]


@dataclass
class InterviewRecord:
    """An interview as read from a file."""

    starts_at: datetime
    ends_at: datetime
    contact_refs: list[str]
    fields: dict[str, Any]


@dataclass
class AttemptRecord:
    """An attempt as read from a file."""

    contact_ref: str | None
    kind: str
    at: datetime
    outcome: str
    notes: str
    decision_date: date | None


@dataclass
class FollowUpRecord:
    """Stored state of one planned step (status, snooze) as read from a file."""

    key: str
    kind: str
    contact_ref: str | None
    due: datetime
    window_end: datetime
    status: str
    snoozed_until: datetime | None
    notified_at: datetime | None
    rules: str
    reason: str


@dataclass
class ApplicationRecord:
    """An application as read from a file."""

    ref: str
    company: str
    stage: str
    timezone: str
    fields: dict[str, Any]
    primary_contact_ref: str | None = None
    interviews: list[InterviewRecord] = field(default_factory=list)
    attempts: list[AttemptRecord] = field(default_factory=list)
    follow_ups: list[FollowUpRecord] = field(default_factory=list)


@dataclass
class StageRecord:
    """A board column defined in the file."""

    key: str
    title: str
    order: int
    terminal: bool
    hidden: bool


@dataclass
class Document:
    """A whole validated file."""

    profile: dict[str, str] | None
    stages: list[StageRecord]
    contacts: list[ContactRecord]
    applications: list[ApplicationRecord]
    #: Planner settings the file carries (``"settings"``), checked, by key.
    settings: dict[str, str | int | bool] = field(default_factory=dict)


class _Reader:
    """Typed accessors that name the place of every error."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise ImportFileError(where, "must be an object ({...})")
        self.data: dict[str, Any] = data
        self.where = where

    def at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ImportFileError(self.at(key), "is missing")
            return default
        if not isinstance(value, str):
            raise ImportFileError(self.at(key), f"must be text, not {_shown(value)}")
        if required and not value.strip():
            raise ImportFileError(self.at(key), "is empty")
        _check_characters(self.at(key), value)
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise ImportFileError(self.at(key), "must be true or false")
        return value

    def integer(self, key: str, default: int = 0) -> int:
        value = self.data.get(key, default)
        if isinstance(value, float) and math.isinf(value):
            raise ImportFileError(self.at(key), "is too large")
        if isinstance(value, bool) or not isinstance(value, int):
            raise ImportFileError(self.at(key), "must be a whole number")
        if abs(value) >= 2**31:
            raise ImportFileError(self.at(key), "is too large")
        return value

    def choice(
        self, key: str, allowed: set[str] | frozenset[str], default: str | None = None
    ) -> str:
        value = self.text(key, required=default is None, default=default or "")
        if value not in allowed:
            raise ImportFileError(
                self.at(key), f"{quoted(value)} is not one of: {', '.join(sorted(allowed))}"
            )
        return value

    def instant(self, key: str, *, required: bool = True, entered: bool = True) -> datetime | None:
        """An aware date and time; ``entered``: a person's date (see ``domain.checks``)."""
        raw = self.text(key, required=required)
        if not raw:
            return None
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            raise ImportFileError(self.at(key), f"{quoted(raw)} is not a date and time") from None
        if value.tzinfo is None:
            raise ImportFileError(
                self.at(key),
                f"{quoted(raw)} has no UTC offset (write e.g. 2026-11-20T14:00-05:00 or …Z)",
            )
        check_year(self.at(key), raw, value, entered=entered)
        return value

    def day(self, key: str) -> date | None:
        raw = self.text(key)
        if not raw:
            return None
        try:
            if len(raw) != 10:
                raise ValueError(raw)
            value = date.fromisoformat(raw)
        except ValueError:
            raise ImportFileError(
                self.at(key), f"{quoted(raw)} is not a date (YYYY-MM-DD)"
            ) from None
        check_year(self.at(key), raw, value)
        return value

    def items(self, key: str, most: int | None = None) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise ImportFileError(self.at(key), "must be a list ([...])")
        if most is not None and len(value) > most:
            raise ImportFileError(self.at(key), f"has more than {most:,} entries")
        return value

    def texts(self, key: str) -> list[str]:
        values = self.items(key)
        for i, v in enumerate(values):
            if not isinstance(v, str):
                raise ImportFileError(f"{self.at(key)}[{i}]", "must be text")
            _check_characters(f"{self.at(key)}[{i}]", v)
        return list(values)


def _check_characters(where: str, value: str) -> None:
    """Refuse text no field keeps: NUL and other control characters, half a surrogate pair.

    Line breaks and lengths depend on the field: ``backup.check_lengths`` checks them
    per table (``storage.limits.check_values``).
    """
    problem = text_problem(value, multiline=True)
    if problem:
        raise ImportFileError(where, problem)


def _shown(value: Any) -> str:
    """A JSON value for a message, cut (a whole nested structure may be huge)."""
    try:
        return shorten(json.dumps(value, ensure_ascii=False)[:1000])
    except (TypeError, ValueError, RecursionError):
        return type(value).__name__


CONTACT_TEXT_FIELDS = (
    "preferred_name",
    "pronunciation",
    "title",
    "company",
    "postal_address",
    "linkedin",
    "website",
    "met_how",
    "notes",
    "vcard_uid",
)
APPLICATION_TEXT_FIELDS = ("role", "posting_url", "location", "salary_notes", "notes")


def load_document(path: Path, known_stages: set[str], default_timezone: str) -> Document:
    """Read and validate a whole JSON file.

    Args:
        path: the file to read.
        known_stages: stage keys the database already has.
        default_timezone: the zone for applications that name none.

    Raises:
        ImportFileError: the file is unreadable or anything in it is invalid.
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFileError(
                "", f"{path} is too big for a FollowUp file (over {MAX_FILE_BYTES // 2**20:,} MB)"
            )
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportFileError("", f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFileError("", f"{path} cannot be read: {exc}") from None
    try:
        data = json.loads(raw, parse_int=bounded_int)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise ImportFileError("", "is nested too deeply to be a FollowUp file") from None
    return parse_document(data, known_stages, default_timezone)


def parse_document(data: Any, known_stages: set[str], default_timezone: str) -> Document:
    """Validate already-decoded JSON (see :func:`load_document`)."""
    top = _Reader(data, "")
    profile, stages, stage_keys = parse_head(top, known_stages)
    contacts: list[ContactRecord] = []
    refs: set[str] = set()
    for i, item in enumerate(top.items("contacts")):
        contact = _parse_contact(_Reader(item, f"contacts[{i}]"))
        if contact.ref in refs:
            raise ImportFileError(f"contacts[{i}].id", f"{quoted(contact.ref)} is used twice")
        refs.add(contact.ref)
        contacts.append(contact)
    apps = []
    app_refs: set[str] = set()
    for i, item in enumerate(top.items("applications")):
        app = _parse_application(item, i, refs, stage_keys, default_timezone)
        if app.ref and app.ref in app_refs:
            raise ImportFileError(f"applications[{i}].id", f"{quoted(app.ref)} is used twice")
        app_refs.add(app.ref)
        apps.append(app)
    return Document(profile, stages, contacts, apps, _parse_settings(top))


def parse_head(
    top: _Reader, known_stages: set[str]
) -> tuple[dict[str, str] | None, list[StageRecord], set[str]]:
    """Check the format and version; read the profile and stages.

    Returns:
        The profile (None when the file has none), the stages, every stage key known.
    """
    if top.data.get("format") != FORMAT:
        raise ImportFileError("format", f'must be "{FORMAT}" (is this a FollowUp file?)')
    version = top.data.get("version")
    if isinstance(version, bool) or version != VERSION:  # (True == 1 in Python)
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise ImportFileError("version", f"{version} is from a newer FollowUp; update it")
        raise ImportFileError("version", f"must be {VERSION}")
    profile = None
    if "profile" in top.data:
        p = _Reader(top.data["profile"], "profile")
        profile = {k: p.text(k) for k in ("name", "phone", "email", "signature")}
    stages = [_parse_stage(_Reader(s, f"stages[{i}]")) for i, s in enumerate(top.items("stages"))]
    return profile, stages, known_stages | {s.key for s in stages}


def _parse_settings(top: _Reader) -> dict[str, str | int | bool]:
    """The optional ``"settings"`` object: planner settings, each checked."""
    from followup_gui.settings import TRAVELLING, parse_setting

    raw = top.data.get("settings", {})
    if not isinstance(raw, dict):
        raise ImportFileError("settings", "must be an object of settings by key")
    values: dict[str, str | int | bool] = {}
    for key, value in raw.items():
        if key not in TRAVELLING:
            raise ImportFileError(
                f"settings.{shorten(key, 40)}", f"is not one of {', '.join(TRAVELLING)}"
            )
        if not isinstance(value, str | bool | int):
            raise ImportFileError(f"settings.{key}", "must be text, a number or true/false")
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        try:
            values[key] = parse_setting(key, text)
        except ValueError as exc:
            raise ImportFileError(f"settings.{key}", shorten(str(exc), 200)) from None
    start, end = values.get("planner/business_start"), values.get("planner/business_end")
    if start is not None and end is not None and str(start) >= str(end):
        raise ImportFileError("settings.planner/business_end", "must be after business_start")
    return values


def _parse_stage(r: _Reader) -> StageRecord:
    return StageRecord(
        key=r.text("key", required=True),
        title=r.text("title", required=True),
        order=r.integer("order"),
        terminal=r.flag("terminal"),
        hidden=r.flag("hidden"),
    )


def _parse_contact(r: _Reader) -> ContactRecord:
    ref = r.text("id", required=True)
    name = r.text("name", required=True)
    fields: dict[str, Any] = {k: r.text(k) for k in CONTACT_TEXT_FIELDS}
    emails = r.texts("emails") or ([r.text("email")] if r.text("email") else [])
    phones = r.texts("phones") or ([r.text("phone")] if r.text("phone") else [])
    fields.update(emails=emails, phones=phones, name_confirmed=r.flag("name_confirmed"))
    return ContactRecord(ref, name, fields)


def _contact_ref(r: _Reader, key: str, refs: Container[str], *, required: bool) -> str | None:
    value = r.data.get(key)
    if value is None and not required:
        return None
    ref = r.text(key, required=True)
    if ref not in refs:
        raise ImportFileError(r.at(key), f"contact {quoted(ref)} does not exist in this file")
    return ref


def _parse_application(
    item: Any, i: int, refs: Container[str], stages: set[str], default_tz: str
) -> ApplicationRecord:
    r = _Reader(item, f"applications[{i}]")
    company = r.text("company", required=True)
    r.where = f"applications[{i}] ({shorten(company, 40)})"
    stage = r.text("stage", required=True)
    if stage not in stages:
        raise ImportFileError(r.at("stage"), f"unknown stage {quoted(stage)}")
    tz = check_timezone(r.at("timezone"), r.text("timezone", default=default_tz))
    fields: dict[str, Any] = {k: r.text(k) for k in APPLICATION_TEXT_FIELDS}
    fields["playbook"] = r.choice(
        "playbook", {p.value for p in PlaybookName}, PlaybookName.BALANCED.value
    )
    fields["decision_expected"] = r.day("decision_expected")
    # When the user applied (stored as the card's creation): the status email counts from it.
    applied = r.instant("applied_at", required=False)
    if applied is not None:
        fields["created_at"] = applied
    fields["position"] = r.integer("position", default=-1)
    app = ApplicationRecord(r.text("id"), company, stage, tz, fields)
    app.primary_contact_ref = _contact_ref(r, "primary_contact", refs, required=False)
    for j, raw in enumerate(r.items("interviews", MAX_PER_APPLICATION)):
        ir = _Reader(raw, f"{r.where}.interviews[{j}]")
        starts, ends = ir.instant("starts_at"), ir.instant("ends_at")
        assert starts is not None and ends is not None
        if ends < starts:
            raise ImportFileError(ir.at("ends_at"), "is before starts_at")
        people = []
        for k, ref in enumerate(ir.items("contacts")):
            if not isinstance(ref, str) or ref not in refs:
                raise ImportFileError(
                    f"{ir.at('contacts')}[{k}]", f"contact {_shown(ref)} does not exist"
                )
            if ref in people:
                raise ImportFileError(
                    f"{ir.at('contacts')}[{k}]", f"contact {_shown(ref)} is listed twice"
                )
            people.append(ref)
        extra = {
            "format": ir.choice("format", {f.value for f in InterviewFormat}, "video"),
            "location": ir.text("location"),
            "notes": ir.text("notes"),
        }
        app.interviews.append(InterviewRecord(starts, ends, people, extra))
    for j, raw in enumerate(r.items("attempts", MAX_PER_APPLICATION)):
        ar = _Reader(raw, f"{r.where}.attempts[{j}]")
        at = ar.instant("at")
        assert at is not None
        app.attempts.append(
            AttemptRecord(
                contact_ref=_contact_ref(ar, "contact", refs, required=False),
                kind=ar.choice("kind", ATTEMPT_KINDS),
                at=at,
                outcome=ar.choice("outcome", {o.value for o in Outcome}),
                notes=ar.text("notes"),
                decision_date=ar.day("decision_date"),
            )
        )
    for j, raw in enumerate(r.items("follow_ups", MAX_PER_APPLICATION)):
        fr = _Reader(raw, f"{r.where}.follow_ups[{j}]")
        due = fr.instant("due", entered=False)
        end = fr.instant("window_end", entered=False)
        assert due is not None and end is not None
        key = fr.text("key", required=True)
        if any(f.key == key for f in app.follow_ups):
            raise ImportFileError(fr.at("key"), f"{quoted(key)} is used twice")
        app.follow_ups.append(
            FollowUpRecord(
                key=key,
                kind=fr.choice("kind", {k.value for k in FollowUpKind}),
                contact_ref=_contact_ref(fr, "contact", refs, required=False),
                due=due,
                window_end=end,
                status=fr.choice("status", {s.value for s in FollowUpStatus}),
                snoozed_until=fr.instant("snoozed_until", required=False, entered=False),
                notified_at=fr.instant("notified_at", required=False, entered=False),
                rules=",".join(fr.texts("rules")),
                reason=fr.text("reason"),
            )
        )
    return app
