"""A printable report of one application, for a user who prepares a call on paper.

:func:`report_html` gathers the contacts, interviews, attempts, the pending plan
(with each step's reason and DOMAIN rule ids) and the scripts of the next steps
into simple HTML; :func:`write_pdf` lays it out with ``QTextDocument`` and prints
it with ``QPdfWriter`` (A4, 300 dpi). The command line works without a display: a
``QGuiApplication`` on the offscreen platform is made when none exists.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from html import escape
from pathlib import Path

from sqlalchemy import select

from followup_gui.domain import FollowUpStatus, Profile
from followup_gui.domain.errors import FollowUpError
from followup_gui.private_files import place_private
from followup_gui.scripts import ScriptContext, render, scripts_for
from followup_gui.services.followups.timeline import facts_zone
from followup_gui.services.plans.planning import application_facts, contact_facts, load_for_planning
from followup_gui.storage import Database
from followup_gui.storage import models as m

_STYLE = (
    "body{font-family:sans-serif;font-size:10pt} h1{font-size:17pt;margin-bottom:0}"
    " h2{font-size:13pt;margin-top:14pt;border-bottom:1px solid #888}"
    " td,th{padding:2pt 6pt;vertical-align:top} th{text-align:left;background:#e8e8e8}"
    " pre{font-family:serif;font-size:10pt;white-space:pre-wrap} .muted{color:#555}"
)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "<p class='muted'>None yet.</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table cellspacing='0' border='1' width='100%'><tr>{head}</tr>{body}</table>"


def report_html(
    db: Database, application_id: int, now: datetime, override_dir: Path | None = None
) -> str:
    """The report of one application as HTML.

    Raises:
        FollowUpError: there is no such application.
    """
    with db.read() as session:
        found = load_for_planning(session, [application_id])
        if not found:
            raise FollowUpError(f"There is no application {application_id}.")
        app = found[0]
        zone = facts_zone(app.timezone)
        stage_title = (
            session.scalar(select(m.Stage.title).where(m.Stage.key == app.stage_key))
            or app.stage_key
        )
        prof = session.get(m.Profile, 1)
        profile = Profile(prof.name, prof.phone, prof.email, prof.signature) if prof else Profile()
        facts = application_facts(app)
        people: dict[int, m.Contact] = {}
        if app.primary_contact is not None:
            people[app.primary_contact.id] = app.primary_contact
        for iv in app.interviews:
            people.update({p.id: p for p in iv.participants})
        for at in app.attempts:
            if at.contact is not None:
                people[at.contact.id] = at.contact

        def when(moment: datetime) -> str:
            return moment.astimezone(zone).strftime("%a %d %b %Y, %H:%M %Z")

        parts = [
            f"<html><head><style>{_STYLE}</style></head><body>",
            f"<h1>{escape(app.company)}</h1>",
            f"<p><b>{escape(app.role or '—')}</b> · {escape(stage_title)} · "
            f"{escape(app.timezone)} · playbook {escape(app.playbook)}</p>",
        ]
        facts_rows = [
            ["Posting", app.posting_url],
            ["Location", app.location],
            ["Salary", app.salary_notes],
            [
                "Decision expected",
                app.decision_expected.isoformat() if app.decision_expected else "",
            ],
        ]
        if any(value for _, value in facts_rows):
            parts.append(_table(["", ""], [r for r in facts_rows if r[1]]))
        if app.notes:
            parts.append(f"<h2>Notes</h2><pre>{escape(app.notes)}</pre>")
        parts.append("<h2>Contacts</h2>")
        parts.append(
            _table(
                ["Name", "Title", "Email", "Phone"],
                [
                    [
                        c.full_name + (f" ({c.pronunciation})" if c.pronunciation else ""),
                        c.title,
                        ", ".join(c.emails),
                        ", ".join(c.phones),
                    ]
                    for c in sorted(people.values(), key=lambda c: c.full_name.lower())
                ],
            )
        )
        parts.append("<h2>Interviews</h2>")
        parts.append(
            _table(
                ["When", "Format", "With", "Notes"],
                [
                    [
                        when(iv.starts_at),
                        iv.format,
                        ", ".join(p.full_name for p in iv.participants),
                        iv.notes,
                    ]
                    for iv in app.interviews
                ],
            )
        )
        parts.append("<h2>Attempts</h2>")
        parts.append(
            _table(
                ["When", "What", "Who", "Outcome", "Notes"],
                [
                    [
                        when(t.at),
                        t.kind.replace("_", " "),
                        t.contact.full_name if t.contact else "",
                        t.outcome.replace("_", " "),
                        t.notes,
                    ]
                    for t in app.attempts
                ],
            )
        )
        pending = sorted(
            (f for f in app.follow_ups if f.status == FollowUpStatus.PENDING),
            key=lambda f: f.due_at,
        )
        parts.append("<h2>Plan</h2>")
        parts.append(
            _table(
                ["Due", "What", "Who", "Why", "Rules"],
                [
                    [
                        when(f.due_at),
                        f.kind.replace("_", " "),
                        f.contact.full_name if f.contact else "",
                        f.reason,
                        f.rules.replace(",", ", "),
                    ]
                    for f in pending
                ],
            )
        )
        parts.append("<h2>Scripts</h2>")
        shown = 0
        for step in pending[:3]:
            step_facts = facts
            if step.contact is not None and str(step.contact_id) not in facts.contacts:
                extra = {str(step.contact_id): contact_facts(step.contact)}
                step_facts = replace(facts, contacts={**facts.contacts, **extra})
            context = ScriptContext.for_application(
                step_facts,
                profile,
                contact_id=None if step.contact_id is None else str(step.contact_id),
                step_key=step.key,
            )
            for kind in scripts_for(step.kind):
                script = render(kind, context, override_dir)
                title = f"{kind.value.replace('_', ' ').capitalize()} — due {when(step.due_at)}"
                parts.append(f"<h3>{escape(title)}</h3><pre>{escape(script.text)}</pre>")
                shown += 1
        if not shown:
            parts.append("<p class='muted'>No step is planned.</p>")
    parts.append(
        f"<p class='muted'>Printed {escape(now.astimezone(zone).strftime('%d %b %Y %H:%M'))} "
        "by FollowUp.</p></body></html>"
    )
    return "".join(parts)


def write_pdf(html: str, path: Path, title: str = "FollowUp") -> Path:
    """Lay out ``html`` and print it to a PDF file (A4), mode 0600.

    Raises:
        OSError: the file cannot be written.
    """
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _keep.append(QGuiApplication([]))
    path = Path(os.path.abspath(path.expanduser()))  # a link at the target is replaced
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # private from the start
    writer = QPdfWriter(str(tmp))
    writer.setTitle(title)
    writer.setCreator("FollowUp")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = QTextDocument()
    doc.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    del writer  # flushes and closes the file
    if not tmp.exists() or tmp.stat().st_size == 0:
        raise OSError(f"Qt could not write {path}")
    return place_private(tmp, path)


_keep: list[object] = []  # a QGuiApplication made for the command line lives until exit


def export_report_pdf(
    db: Database, application_id: int, path: Path, now: datetime, override_dir: Path | None = None
) -> Path:
    """Write the report of one application to ``path``."""
    html = report_html(db, application_id, now, override_dir)
    return write_pdf(html, path, f"FollowUp report {application_id}")
