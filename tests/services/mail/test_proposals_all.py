"""``proposals`` lists mail and phone proposals (mail first); ``proposal`` answers either."""

from __future__ import annotations

import json

import pytest

from followup_gui.services.sync.proposals import ProposalKind, propose
from followup_gui.services.sync.proposals import list_proposals as phone_proposals
from followup_gui.storage import Database
from tests.mail_servers import PASSWORD
from tests.services.followups.outcome_data import make_application, pending
from tests.services.mail.test_cli_mail import run, setup_args
from tests.services.mail.test_sync import mail


def test_both_kinds_listed_with_their_source_and_answered_by_ref(
    mail_servers, tmp_path, capsys, monkeypatch
) -> None:
    path = tmp_path / "a.sqlite3"
    database = Database.open(path)
    acme = make_application(database)
    step = min(pending(database, acme).values(), key=lambda f: f.due_at)
    with database.write() as s:
        propose(s, ProposalKind.DELETED, "Call Dana", application_id=acme, step_key=step.key)
    assert run(*setup_args(mail_servers, path)) == 0
    monkeypatch.setenv("FOLLOWUP_MAIL_PASSWORD", PASSWORD)
    mail_servers.deliver(mail("dana@acme.example", "Hi", "Just checking in."))
    now = ["--now", "2026-11-20T12:00:00-05:00"]
    assert run("--db", str(path), *now, "mail", "sync") == 0
    capsys.readouterr()
    assert run("--db", str(path), "proposals", "--json") == 0
    found = json.loads(capsys.readouterr().out)
    assert [(p["source"], p["ref"][0]) for p in found] == [("mail", "m"), ("phone", "p")]
    mail_ref, phone_ref = found[0]["ref"], found[1]["ref"]
    assert found[0]["ref"] == f"m{found[0]['id']}" and found[0]["subject"] == "Hi"
    assert found[1]["kind"] == "deleted" and found[1]["about"] == "Call Dana"
    assert run("--db", str(path), "proposals") == 0
    text = capsys.readouterr().out
    assert text.index(mail_ref) < text.index(phone_ref) and "phone" in text
    # The phone's "deleted: skip this step?" accepted by its ref: the step is skipped.
    assert run("--db", str(path), *now, "proposal", "accept", phone_ref) == 0
    assert f"Accepted proposal {phone_ref}" in capsys.readouterr().out
    assert step.key not in pending(database, acme) and phone_proposals(database) == []
    assert run("--db", str(path), "proposal", "dismiss", mail_ref) == 0
    assert run("--db", str(path), "proposals", "--json") == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1]) == []
    assert run("--db", str(path), "proposal", "dismiss", phone_ref) == 2  # answered already
    assert "already accepted" in capsys.readouterr().err
    with pytest.raises(SystemExit) as bad:
        run("--db", str(path), "proposal", "accept", "q1")
    assert bad.value.code == 2 and "is not an id" in capsys.readouterr().err
    database.close()
