"""Attachments: copied privately into the data folder, listed, removed; the PDF report."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import unicodedata
from datetime import UTC, datetime

import pytest

from followup_gui.demo.example import fill_demo
from followup_gui.domain.errors import FollowUpError
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.applications import attachments as att
from followup_gui.services.changes import NOTHING
from followup_gui.services.interchange.pdf import export_report_pdf, report_html
from followup_gui.storage import models as m

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def add_app(db) -> int:
    with db.write() as s:
        app = m.Application(company="Acme", role="Dev", stage_key="applied", timezone="UTC")
        s.add(app)
        s.flush()
        return app.id


def test_attachments_are_copied_listed_and_removed(db, tmp_path):
    app_id = add_app(db)
    data = tmp_path / "data"
    resume = tmp_path / "Resume v3.PDF"
    resume.write_bytes(b"%PDF-1.4 fake")
    added = att.add_attachment(db, data, app_id, resume, att.AttachmentKind.RESUME, "v3")
    first = added.value
    posting = att.add_posting_text(db, data, app_id, "Senior Dev at Acme\nPython").value
    assert first.path.parent == data / "attachments"
    assert first.path.read_bytes() == b"%PDF-1.4 fake" and first.path.suffix == ".pdf"
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "attachments").stat().st_mode) == 0o700
    listed = att.list_attachments(db, data, app_id)
    assert [(a.kind, a.label, a.original_name) for a in listed] == [
        (att.AttachmentKind.RESUME, "v3", "Resume v3.PDF"),
        (att.AttachmentKind.POSTING, "Job posting", listed[1].original_name),
    ]
    assert posting.path.read_text() == "Senior Dev at Acme\nPython"
    assert sorted(p.name for p in (data / "attachments").iterdir()) == sorted(
        a.path.name for a in listed
    ), "no temporary paste file is left"
    resume.unlink()
    assert first.path.exists(), "the copy survives the original"
    att.remove_attachment(db, data, first.id)
    assert not first.path.exists()
    assert [a.id for a in att.list_attachments(db, data, app_id)] == [posting.id]


def test_attaching_and_removing_report_a_change_to_that_card_only(db, tmp_path):
    app_id = add_app(db)
    data = tmp_path / "data"
    resume = tmp_path / "cv.pdf"
    resume.write_bytes(b"%PDF-1.4 fake")
    added = att.add_attachment(db, data, app_id, resume, att.AttachmentKind.RESUME)
    assert added.changes == ch.cards([app_id])
    assert not added.changes.plans and not added.changes.contacts
    assert att.remove_attachment(db, data, added.value.id) == ch.cards([app_id])
    assert att.remove_attachment(db, data, added.value.id) == NOTHING, "already gone"


def test_attachment_errors(db, tmp_path):
    app_id = add_app(db)
    with pytest.raises(att.AttachmentError, match="not a file"):
        att.add_attachment(
            db, tmp_path, app_id, tmp_path / "missing.pdf", att.AttachmentKind.RESUME
        )
    src = tmp_path / "cv.txt"
    src.write_text("cv")
    with pytest.raises(att.AttachmentError, match="no longer exists"):
        att.add_attachment(db, tmp_path / "d", 999, src, att.AttachmentKind.RESUME)
    assert list((tmp_path / "d" / "attachments").iterdir()) == [], "the copy is removed again"


@pytest.fixture
def demo(db):
    fill_demo(db, NOW, PlannerSettings())
    with db.read() as s:
        app = next(a for a in s.query(m.Application) if a.interviews and a.follow_ups)
        return db, app.id, app.company


def test_report_html_has_every_section(demo):
    db, app_id, company = demo
    html = report_html(db, app_id, NOW)
    for part in (company, "Contacts", "Interviews", "Attempts", "Plan", "Scripts", "R6"):
        assert part in html
    with pytest.raises(FollowUpError):
        report_html(db, 9999, NOW)


@pytest.mark.skipif(
    shutil.which("pdftotext") is None and not os.environ.get("CI"),
    reason="needs poppler-utils (pdftotext); .ci/run installs it",
)
def test_pdf_report_is_written_with_the_expected_text(qapp, demo, tmp_path):
    # ``qapp``: the session's QApplication, so the report does not create a bare
    # QGuiApplication that later widget tests would trip over.
    db, app_id, company = demo
    out = export_report_pdf(db, app_id, tmp_path / "report.pdf", NOW)
    assert out.stat().st_size > 1000 and out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(unicodedata.normalize("NFKC", text).split())  # ligatures; wrapped cells
    with db.read() as s:
        app = s.get(m.Application, app_id)
        first_rule = app.follow_ups[0].rules.split(",")[0]
        person = app.interviews[0].participants[0].full_name
    for expected in (company, "Contacts", "Interviews", "Plan", "Scripts", person, first_rule):
        assert expected in text


def test_cli_export_pdf(qapp, demo, tmp_path, db_path, capsys):
    from followup_gui.cli import build_parser, run_command

    _db, app_id, _company = demo
    out = tmp_path / "cli.pdf"
    args = build_parser().parse_args(
        ["--db", str(db_path), "export", "pdf", str(out), "--application", str(app_id)]
    )
    assert run_command(args) == 0
    assert out.stat().st_size > 1000
    missing = build_parser().parse_args(["--db", str(db_path), "export", "pdf", str(out)])
    assert run_command(missing) == 2
    assert "--application" in capsys.readouterr().err
