"""CSV export of applications and contacts, safe to open in a spreadsheet.

* A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  would be run as a formula by Excel or LibreOffice (CSV injection); it gets a
  leading single quote, as OWASP advises, so it shows as text.
* UTF-8 with a byte-order mark, so Excel shows accents and non-Latin names right.
* Written atomically (temporary file, fsync, rename), mode 0600: it holds personal data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from followup_gui.services.files import write_private
from followup_gui.storage import Database
from followup_gui.storage import models as m

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

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


def application_rows(db: Database) -> list[list[object]]:
    """One row per application, in board order (stage, then position)."""
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
        for a in sorted(apps, key=lambda a: (order.get(a.stage_key, 99), a.position, a.id)):
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


def contact_rows(db: Database) -> list[list[object]]:
    """One row per contact, by name; several emails or phones are joined with "; "."""
    with db.read() as session:
        return [
            [
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
            for c in session.scalars(select(m.Contact).order_by(m.Contact.full_name))
        ]


def export_applications_csv(db: Database, path: Path) -> int:
    """Write every application to ``path``; returns how many."""
    rows = application_rows(db)
    write_csv(path, to_csv(APPLICATION_HEADERS, rows))
    return len(rows)


def export_contacts_csv(db: Database, path: Path) -> int:
    """Write every contact to ``path``; returns how many."""
    rows = contact_rows(db)
    write_csv(path, to_csv(CONTACT_HEADERS, rows))
    return len(rows)
