"""CSV export of applications and contacts, safe to open in a spreadsheet.

* A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  would be run as a formula by Excel or LibreOffice (CSV injection); it gets a
  leading single quote, as OWASP advises, so it shows as text.
* UTF-8 with a byte-order mark, so Excel shows accents and non-Latin names right.
* Written atomically (temporary file, fsync, rename), mode 0600: it holds personal data.

The exports take a ``progress(done, total)`` callable: it is called every
:data:`REPORT_EVERY` rows and once more just before the file is written, so an
exception it raises (a cancel) leaves no file and an existing one untouched.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from followup_gui.services.interchange.files import write_private
from followup_gui.storage import Database
from followup_gui.storage import models as m

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Rows between two progress reports.
REPORT_EVERY = 100

Progress = Callable[[int, int], None]

APPLICATION_HEADERS = (
    "Company",
    "Role",
    "Stage",
    "Location",
    "URL",
    "Salary",
    "Applied",
    "Interview",
    "Decision",
    "Timezone",
    "Playbook",
    "Contact",
    "Email",
    "Notes",
)
CONTACT_HEADERS = (
    "Name",
    "Preferred name",
    "Title",
    "Company",
    "Emails",
    "Phones",
    "LinkedIn",
    "Website",
    "Address",
    "Met how",
    "Notes",
)


def neutralise(value: object) -> str:
    """A cell as text a spreadsheet will never evaluate as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Headers and rows as CSV text (every cell neutralised, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
    return out.getvalue()


def write_csv(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with a BOM (so spreadsheets detect it), atomically, 0600.

    Raises:
        OSError: the folder cannot be written.
    """
    write_private(path, text.encode("utf-8-sig"))


def _no_progress(_done: int, _total: int) -> None:
    """The default progress report: nobody is watching."""


def application_rows(db: Database, progress: Progress | None = None) -> list[list[object]]:
    """One row per application, in board order (stage, then position).

    Args:
        db: the database.
        progress: called with ``(done, total)`` rows every :data:`REPORT_EVERY` rows.
    """
    report = progress or _no_progress
    with db.read() as session:
        titles = {s.key: s.title for s in session.scalars(select(m.Stage))}
        order = {s.key: s.order for s in session.scalars(select(m.Stage))}
        apps = session.scalars(
            select(m.Application).options(
                selectinload(m.Application.interviews),
                selectinload(m.Application.primary_contact),
            )
        ).all()
        rows: list[list[object]] = []
        in_order = sorted(apps, key=lambda a: (order.get(a.stage_key, 99), a.position, a.id))
        for done, a in enumerate(in_order):
            if done % REPORT_EVERY == 0:
                report(done, len(in_order))
            contact = a.primary_contact
            first = a.interviews[0].starts_at.date().isoformat() if a.interviews else ""
            rows.append(
                [
                    a.company,
                    a.role,
                    titles.get(a.stage_key, a.stage_key),
                    a.location,
                    a.posting_url,
                    a.salary_notes,
                    a.created_at.date().isoformat(),
                    first,
                    a.decision_expected.isoformat() if a.decision_expected else "",
                    a.timezone,
                    a.playbook,
                    contact.full_name if contact else "",
                    contact.emails[0] if contact and contact.emails else "",
                    a.notes,
                ]
            )
    return rows


def contact_rows(db: Database, progress: Progress | None = None) -> list[list[object]]:
    """One row per contact, by name; several emails or phones are joined with "; ".

    Args:
        db: the database.
        progress: called with ``(done, total)`` rows every :data:`REPORT_EVERY` rows.
    """
    report = progress or _no_progress
    with db.read() as session:
        people = session.scalars(select(m.Contact).order_by(m.Contact.full_name)).all()
        rows: list[list[object]] = []
        for done, c in enumerate(people):
            if done % REPORT_EVERY == 0:
                report(done, len(people))
            rows.append(_contact_row(c))
    return rows


def _contact_row(c: m.Contact) -> list[object]:
    """The cells of one contact, in :data:`CONTACT_HEADERS` order."""
    return [
        c.full_name,
        c.preferred_name,
        c.title,
        c.company,
        "; ".join(c.emails),
        "; ".join(c.phones),
        c.linkedin,
        c.website,
        c.postal_address,
        c.met_how,
        c.notes,
    ]


def export_applications_csv(db: Database, path: Path, progress: Progress | None = None) -> int:
    """Write every application to ``path``; returns how many.

    Args:
        db: the database.
        path: the file to write (replaced in one step).
        progress: called with ``(done, total)`` rows; an exception it raises (a
            cancel) leaves ``path`` as it was.
    """
    return _export(path, APPLICATION_HEADERS, application_rows(db, progress), progress)


def export_contacts_csv(db: Database, path: Path, progress: Progress | None = None) -> int:
    """Write every contact to ``path``; returns how many.

    Args:
        db: the database.
        path: the file to write (replaced in one step).
        progress: called with ``(done, total)`` rows; an exception it raises (a
            cancel) leaves ``path`` as it was.
    """
    return _export(path, CONTACT_HEADERS, contact_rows(db, progress), progress)


def _export(
    path: Path, headers: Sequence[str], rows: list[list[object]], progress: Progress | None
) -> int:
    """Write ``rows`` under ``headers``; the last report comes before the file is touched."""
    text = to_csv(headers, rows)
    (progress or _no_progress)(len(rows), len(rows))  # the last chance to cancel
    write_csv(path, text)
    return len(rows)
