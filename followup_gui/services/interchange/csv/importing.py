"""CSV import: read a table, plan every row (shown before import), then write all or nothing.

Rules, so a user can predict the result:

* A row whose company and role (ignoring case and spacing) match an application
  already stored is **merged**: empty fields of the stored card (location, link,
  salary, decision date) are filled and new notes appended; its stage is never
  changed. If it brings nothing new it is **skipped**.
* A repeat of an earlier row of the same file, a blank row and a row with no
  company are **skipped**, each with its reason.
* Every other row is **imported** as a new card. A status the board does not know
  lands in Applied, and the preview says so.
* Any invalid cell (a date that is not a date, an unknown time zone...) stops the
  whole import before anything is written; every error names the line and column.

The report carries what the import changed: the applications created or merged
into and the contacts they name, by id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup_gui.domain import ImportFileError, PlaybookName
from followup_gui.domain.checks import check_year, quoted, text_problem
from followup_gui.domain.timezones import is_valid_timezone
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.changes import NOTHING, Changes
from followup_gui.services.interchange.csv.dates import DateError, column_is_day_first, parse_date
from followup_gui.services.interchange.csv.presets import (
    DATE_FIELDS,
    MULTI_FIELDS,
    CsvField,
    Mapping,
    Preset,
    normalise,
    stage_for,
)
from followup_gui.services.interchange.csv.table import CsvTable
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.limits import text_rules

#: Rows written between two progress reports (each report is a chance to cancel).
REPORT_EVERY = 50
#: Where each text column is kept: its length and line rules come from there.
TEXT_COLUMNS: dict[CsvField, tuple[type[m.Base], str]] = {
    CsvField.COMPANY: (m.Application, "company"),
    CsvField.ROLE: (m.Application, "role"),
    CsvField.LOCATION: (m.Application, "location"),
    CsvField.POSTING_URL: (m.Application, "posting_url"),
    CsvField.SALARY: (m.Application, "salary_notes"),
    CsvField.NOTES: (m.Application, "notes"),
    CsvField.CONTACT_NAME: (m.Contact, "full_name"),
    CsvField.CONTACT_EMAIL: (m.Contact, "website"),  # one line, 500 characters
    CsvField.STAGE: (m.Stage, "title"),
    CsvField.TIMEZONE: (m.Application, "timezone"),
    CsvField.PLAYBOOK: (m.Application, "playbook"),
}
FILLABLE = {
    CsvField.LOCATION: "location",
    CsvField.POSTING_URL: "posting_url",
    CsvField.SALARY: "salary_notes",
    CsvField.DECISION_ON: "decision_expected",
}


class RowAction(StrEnum):
    """What the import does with a row."""

    IMPORT = "import"
    MERGE = "merge"
    SKIP = "skip"


@dataclass(frozen=True)
class RowPlan:
    """One row as it will be imported (what the dialog previews).

    Attributes:
        note: why a row is merged or skipped, or what to double-check.
        values: the parsed cells, by field (dates as :class:`date`).
    """

    line: int
    action: RowAction
    company: str
    role: str
    stage: str
    values: dict[CsvField, str | date]
    note: str = ""


@dataclass(frozen=True)
class Existing:
    """A stored application an imported row could merge into."""

    id: int
    empty: frozenset[CsvField]
    notes: str


@dataclass(frozen=True)
class ImportContext:
    """What the plan needs to know about the database and the user's defaults."""

    existing: dict[tuple[str, str], Existing]
    stages: dict[str, str]
    default_timezone: str
    default_playbook: str = PlaybookName.BALANCED.value
    today: date = field(default_factory=date.today)


@dataclass
class ImportPreview:
    """Every row's plan, the errors that block the import, and how slash dates are read."""

    rows: list[RowPlan]
    errors: list[ImportFileError]
    day_first: dict[CsvField, bool]

    def count(self, action: RowAction) -> int:
        """How many rows get ``action``."""
        return sum(1 for r in self.rows if r.action == action)


@dataclass(frozen=True)
class CsvImportReport:
    """What an import did: counts and, per skipped or merged row, the reason.

    Attributes:
        changes: the applications created or merged into, and the contacts
            created or named by them (nothing when every row was skipped).
    """

    imported: int
    merged: int
    skipped: int
    details: tuple[str, ...]
    changes: Changes = NOTHING


def check_mapping(mapping: Mapping) -> None:
    """A usable mapping: the company is mapped, each single field at most once.

    Raises:
        ImportFileError: it is not.
    """
    if CsvField.COMPANY not in mapping.values():
        raise ImportFileError("mapping", "choose the column that holds the company")
    for fld in CsvField:
        if fld not in MULTI_FIELDS and list(mapping.values()).count(fld) > 1:
            raise ImportFileError("mapping", f"two columns are mapped to {fld.value}")


def key_of(company: str, role: str) -> tuple[str, str]:
    """The identity used to merge: company and role, case and spacing ignored."""
    return normalise(company), normalise(role)


def _cells(table: CsvTable, row: tuple[str, ...], mapping: Mapping) -> dict[CsvField, str]:
    values: dict[CsvField, str] = {}
    several = sum(1 for f in mapping.values() if f in MULTI_FIELDS) > 1
    for index, fld in sorted(mapping.items()):
        cell = row[index].strip()
        if fld in MULTI_FIELDS:
            if cell:
                joined = f"{table.headers[index]}: {cell}" if several else cell
                values[fld] = f"{values[fld]}\n{joined}" if fld in values else joined
        else:
            values[fld] = cell
    return values


def plan_rows(
    table: CsvTable,
    mapping: Mapping,
    chosen: Preset,
    context: ImportContext,
    day_first: bool | None = None,
) -> ImportPreview:
    """Plan the import of every row (pure: no database, nothing written).

    Args:
        table: the file's content.
        mapping: column index -> field.
        chosen: the preset (status words, default date order).
        context: stored applications and stages, user defaults.
        day_first: force the reading of ambiguous slash dates; ``None`` decides per
            column (see :mod:`followup_gui.services.interchange.csv.dates`).
    """
    check_mapping(mapping)
    orders = {
        fld: day_first
        if day_first is not None
        else column_is_day_first((r[i] for r in table.rows), chosen.day_first)
        for i, fld in mapping.items()
        if fld in DATE_FIELDS
    }
    plans: list[RowPlan] = []
    errors: list[ImportFileError] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in zip(table.lines, table.rows, strict=True):
        cells = _cells(table, row, mapping)
        where = f"line {line}"
        values: dict[CsvField, str | date] = {}
        row_errors: list[ImportFileError] = []
        for fld, cell in cells.items():
            column = f"{where}, {fld.value}"
            if fld in DATE_FIELDS:
                try:
                    parsed = parse_date(cell, day_first=orders[fld])
                except DateError as exc:
                    row_errors.append(ImportFileError(column, str(exc)))
                    continue
                if parsed is not None:
                    try:
                        check_year(column, cell, parsed)
                    except ImportFileError as exc:
                        row_errors.append(exc)
                        continue
                    values[fld] = parsed
            elif cell:
                if problem := _text_problem(fld, cell):
                    row_errors.append(ImportFileError(column, problem))
                    continue
                values[fld] = cell
        company, role = str(values.get(CsvField.COMPANY, "")), str(values.get(CsvField.ROLE, ""))
        if not any(c.strip() for c in row):
            plans.append(RowPlan(line, RowAction.SKIP, "", "", "", {}, "blank row"))
            continue
        if not company:
            errors.extend(row_errors)  # a company cell that cannot be kept is an error
            plans.append(RowPlan(line, RowAction.SKIP, "", role, "", values, "no company"))
            continue
        zone = str(values.get(CsvField.TIMEZONE, context.default_timezone))
        if not is_valid_timezone(zone):
            row_errors.append(
                ImportFileError(f"{where}, timezone", f"{quoted(zone)} is not a time zone")
            )
        playbook = normalise(str(values.get(CsvField.PLAYBOOK, context.default_playbook)))
        if playbook not in {p.value for p in PlaybookName}:
            row_errors.append(
                ImportFileError(
                    f"{where}, playbook",
                    f"{quoted(playbook)} is not gentle, balanced or persistent",
                )
            )
        else:
            values[CsvField.PLAYBOOK] = playbook
        values[CsvField.TIMEZONE] = zone
        errors.extend(row_errors)
        status = str(values.get(CsvField.STAGE, ""))
        stage = stage_for(status, chosen, context.stages) if status else None
        note = ""
        if stage is None:
            interview = values.get(CsvField.INTERVIEW_ON)
            stage = "applied"
            if isinstance(interview, date):
                stage = "interviewed" if interview < context.today else "interview_scheduled"
            if stage not in context.stages.values():
                stage = "applied"
            if status:
                note = f"status {quoted(status)} is not a board stage: placed in Applied"
        key = key_of(company, role)
        if key in seen:
            note = f"same company and role as line {seen[key]}"
            plans.append(RowPlan(line, RowAction.SKIP, company, role, stage, values, note))
            continue
        seen[key] = line
        found = context.existing.get(key)
        action = RowAction.IMPORT
        if found is not None:
            action, note = _merge_action(found, values)
        plans.append(RowPlan(line, action, company, role, stage, values, note))
    return ImportPreview(plans, errors, orders)


def _text_problem(fld: CsvField, cell: str) -> str:
    """Why a text cell cannot be kept in its field (``domain.checks``), or ``""``."""
    model, attr = TEXT_COLUMNS.get(fld, (m.Application, "notes"))
    limit, multiline = text_rules(model)[attr]
    return text_problem(cell, multiline=multiline, limit=limit)


def _merge_action(found: Existing, values: dict[CsvField, str | date]) -> tuple[RowAction, str]:
    fills = [f.value for f in FILLABLE if f in values and f in found.empty]
    notes = str(values.get(CsvField.NOTES, ""))
    if notes and notes not in found.notes:
        fills.append("notes")
    if not fills:
        return RowAction.SKIP, "already on the board, nothing new"
    return RowAction.MERGE, "already on the board: adds " + ", ".join(fills)


def load_context(
    db: Database, default_timezone: str, default_playbook: str, today: date
) -> ImportContext:
    """Read the stored applications and stages the plan compares rows with."""
    with db.read() as session:
        stages: dict[str, str] = {}
        for stage in session.scalars(select(m.Stage)):
            stages[normalise(stage.title)] = stage.key
            stages[normalise(stage.key)] = stage.key
        existing: dict[tuple[str, str], Existing] = {}
        for app in session.scalars(select(m.Application).order_by(m.Application.id)):
            empty = frozenset(f for f, attr in FILLABLE.items() if not getattr(app, attr))
            existing.setdefault(key_of(app.company, app.role), Existing(app.id, empty, app.notes))
    return ImportContext(existing, stages, default_timezone, default_playbook, today)


def _at(day: date, hour: int, zone: str) -> datetime:
    return datetime.combine(day, time(hour), ZoneInfo(zone))


def import_csv(
    db: Database,
    table: CsvTable,
    mapping: Mapping,
    chosen: Preset,
    now: datetime,
    settings: PlannerSettings,
    context: ImportContext,
    day_first: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CsvImportReport:
    """Import the planned rows in one transaction: all of them, or nothing.

    Args:
        db: the database.
        table: the file's content.
        mapping: column index -> field.
        chosen: the preset.
        now: the clock, for the re-plan of the new and merged cards.
        settings: the planner's knobs.
        context: what :func:`load_context` read (the merge candidates).
        day_first: how to read ambiguous slash dates (see :func:`plan_rows`).
        progress: called with ``(done, total)`` steps (each row, then each
            re-planned card); an exception it raises (a cancel) rolls the whole
            import back.

    Raises:
        ImportFileError: a row is invalid (the first error, with how many more).
    """
    preview = plan_rows(table, mapping, chosen, context, day_first)
    if preview.errors:
        first = preview.errors[0]
        more = len(preview.errors) - 1
        problems = "1 more problem" if more == 1 else f"{more} more problems"
        what = first.what + (f" (and {problems})" if more else "")
        raise ImportFileError(first.where, what)
    details: list[str] = []
    report = progress or (lambda _done, _total: None)
    rows = len(preview.rows)
    total = rows + rows - preview.count(RowAction.SKIP)  # each row, then each card re-planned
    with db.write() as session:
        touched: list[m.Application] = []
        positions: dict[str, int] = {}
        people: dict[tuple[str, str], m.Contact] = {}
        for done, row in enumerate(preview.rows):
            if done % REPORT_EVERY == 0:
                report(done, total)
            v = row.values
            if row.action == RowAction.SKIP:
                details.append(f"line {row.line}: skipped ({row.note})")
                continue
            if row.action == RowAction.MERGE:
                found = context.existing[key_of(row.company, row.role)]
                app = session.get_one(m.Application, found.id)
                for fld, attr in FILLABLE.items():
                    if fld in v and not getattr(app, attr):
                        setattr(app, attr, v[fld])
                notes = str(v.get(CsvField.NOTES, ""))
                if notes and notes not in app.notes:
                    app.notes = f"{app.notes}\n\n{notes}".strip()
                details.append(f"line {row.line}: merged into {row.company} ({row.note})")
                touched.append(app)
                continue
            if row.stage not in positions:
                last = session.scalar(
                    select(func.max(m.Application.position)).where(
                        m.Application.stage_key == row.stage
                    )
                )
                positions[row.stage] = -1 if last is None else last
            positions[row.stage] += 1
            zone = str(v[CsvField.TIMEZONE])
            app = m.Application(
                company=row.company,
                role=row.role,
                stage_key=row.stage,
                position=positions[row.stage],
                timezone=zone,
                playbook=str(v[CsvField.PLAYBOOK]),
                location=str(v.get(CsvField.LOCATION, "")),
                posting_url=str(v.get(CsvField.POSTING_URL, "")),
                salary_notes=str(v.get(CsvField.SALARY, "")),
                notes=str(v.get(CsvField.NOTES, "")),
            )
            if isinstance(d := v.get(CsvField.DECISION_ON), date):
                app.decision_expected = d
            if isinstance(d := v.get(CsvField.APPLIED_ON), date):
                app.created_at = _at(d, 12, zone)
            contact = _contact(session, people, row)
            if contact is not None:
                app.primary_contact = contact
            if isinstance(d := v.get(CsvField.INTERVIEW_ON), date):
                start = _at(d, 10, zone)
                app.interviews.append(
                    m.Interview(
                        starts_at=start,
                        ends_at=start + timedelta(hours=1),
                        participants=[contact] if contact is not None else [],
                    )
                )
            session.add(app)
            touched.append(app)
        session.flush()
        # Read the ids now: the re-plan expires every ORM object, and reading each
        # id back afterwards cost one query per row (two thirds of a big import).
        ids = [app.id for app in touched]
        people_ids = [contact.id for contact in people.values()]
        replan_all(
            session,
            now,
            settings,
            ids,
            lambda done, _of: report(rows + done, total),
        )
        report(total, total)  # the last chance to cancel: nothing is committed yet
        changes = ch.applications(ids) if ids else NOTHING
        if people_ids:
            changes |= ch.contacts(people_ids)
    return CsvImportReport(
        preview.count(RowAction.IMPORT),
        preview.count(RowAction.MERGE),
        preview.count(RowAction.SKIP),
        tuple(details),
        changes,
    )


def _contact(
    session: Session, people: dict[tuple[str, str], m.Contact], row: RowPlan
) -> m.Contact | None:
    """The row's contact: one already stored (same name and company), or a new one."""
    name = " ".join(str(row.values.get(CsvField.CONTACT_NAME, "")).split())
    if not name:
        return None
    key = (normalise(name), normalise(row.company))
    if key in people:
        return people[key]
    stored = session.scalars(
        select(m.Contact).where(func.lower(m.Contact.full_name) == name.lower())
    ).all()
    contact = next((c for c in stored if normalise(c.company) == key[1]), None)
    if contact is None:
        email = str(row.values.get(CsvField.CONTACT_EMAIL, ""))
        contact = m.Contact(full_name=name, company=row.company, emails=[email] if email else [])
        session.add(contact)
    people[key] = contact
    return contact
