"""Accepting "another interview": the next interview is entered, planned around, undoable."""

from __future__ import annotations

from datetime import datetime

import pytest

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.applications.editing import restore_application
from followup_gui.services.mail.next_interview import accept_interview, application_timezone
from followup_gui.services.mail.proposals import ProposalError, list_proposals
from followup_gui.storage import Database
from followup_gui.storage import models as m
from tests.mail_servers import MailServers
from tests.services.followups.outcome_data import NOW, NY, make_application, pending
from tests.services.mail.test_sync import mail, sync

INVITATION = mail(
    "Dana Whitfield <dana@acme.example>",
    "Next round",
    "Hi Sam,\nWe'd like to invite you to a second interview with the team next week.",
)


def interviews(db: Database, app_id: int) -> list[tuple[datetime, list[str], str]]:
    with db.read() as s:
        app = s.get(m.Application, app_id)
        assert app is not None
        return sorted(
            (iv.starts_at, [c.full_name for c in iv.participants], iv.notes)
            for iv in app.interviews
        )


def test_accept_an_invitation_adds_the_interview_replans_and_undoes(
    mail_servers: MailServers, db: Database
) -> None:
    acme = make_application(db)
    mail_servers.deliver(INVITATION)
    (p,) = sync(db, mail_servers).proposals
    assert p.suggestion.value == "interview"
    assert application_timezone(db, p.id) == "America/New_York"
    planned_before = {f.key: f.due_at for f in pending(db, acme).values()}
    # The user typed Wednesday 26 Nov, 10:30, in the application's zone.
    saved = accept_interview(db, p.id, datetime(2026, 11, 26, 10, 30), NOW, PlannerSettings())
    before, _after = saved.value
    assert saved.changes.plans and acme in saved.changes.application_ids
    (first, second) = interviews(db, acme)
    assert second[0] == datetime(2026, 11, 26, 10, 30, tzinfo=NY)
    assert second[1] == ["Dana Whitfield"] and second[2] == "Invited by mail: Next round"
    with db.read() as s:
        app = s.get(m.Application, acme)
        assert app is not None and [a.outcome for a in app.attempts] == ["spoke"]
    # Re-planned around the new interview: something is due after it, and the
    # calls about the first interview's decision are no longer what is planned.
    planned = {f.key: f.due_at for f in pending(db, acme).values()}
    assert planned != planned_before
    assert any(due > datetime(2026, 11, 26, 11, 30, tzinfo=NY) for due in planned.values())
    assert list_proposals(db) == []
    with pytest.raises(ProposalError, match="not waiting"):
        accept_interview(db, p.id, datetime(2026, 11, 26, 10, 30), NOW, PlannerSettings())
    # Undo puts the application back as it was: one interview, no attempt, the old plan.
    restore_application(db, before, NOW, PlannerSettings())
    assert [iv[0] for iv in interviews(db, acme)] == [first[0]]
    assert {f.key: f.due_at for f in pending(db, acme).values()} == planned_before


def test_cli_accept_with_interview(
    mail_servers: MailServers, tmp_path, capsys, monkeypatch
) -> None:
    import json

    from tests.mail_servers import PASSWORD
    from tests.services.mail.test_cli_mail import run, setup_args

    path = tmp_path / "a.sqlite3"
    database = Database.open(path)
    acme = make_application(database)
    assert run(*setup_args(mail_servers, path)) == 0
    monkeypatch.setenv("FOLLOWUP_MAIL_PASSWORD", PASSWORD)
    mail_servers.deliver(INVITATION)
    now = ["--now", "2026-11-20T12:00:00-05:00"]
    assert run("--db", str(path), *now, "mail", "sync", "--json") == 0
    capsys.readouterr()
    (p,) = list_proposals(database)
    accept = ["--db", str(path), *now, "proposal", "accept", str(p.id)]
    assert run(*accept, "--interview", "next tuesday") == 2
    assert "--interview" in capsys.readouterr().err and list_proposals(database) == [p]
    assert len(interviews(database, acme)) == 1  # nothing changed
    assert run(*accept, "--interview", "2026-11-26T10:30", "--json") == 0
    text = capsys.readouterr().out
    out = json.loads(text[text.index("{") :])
    assert out["application_id"] == acme
    assert datetime.fromisoformat(out["interview_starts_at"]) == datetime(
        2026, 11, 26, 10, 30, tzinfo=NY
    )
    assert [iv[0] for iv in interviews(database, acme)][-1] == datetime(
        2026, 11, 26, 10, 30, tzinfo=NY
    )
    database.close()
