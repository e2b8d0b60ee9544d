"""``followup-gui mail setup|test`` (and, below, sync, proposals, send) against the real servers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from followup_gui.app import main
from followup_gui.services.mail.passwords import SERVICE, forget_session
from followup_gui.settings import settings_file
from tests.mail_servers import ADDRESS, PASSWORD, USER


def run(*args: str) -> int:
    return main(list(args))


def setup_args(servers, db: Path, security: str = "plain") -> list[str]:
    return [
        "--db", str(db), "mail", "setup",
        "--imap", f"127.0.0.1:{servers.imap_port}",
        "--smtp", f"127.0.0.1:{servers.smtp_port}",
        "--user", USER, "--address", ADDRESS, "--security", security,
    ]  # fmt: skip


def test_setup_keeps_the_password_in_the_keyring_then_test_connects(
    mail_servers, tmp_path, capsys, monkeypatch, memory_keyring
) -> None:
    db = tmp_path / "a.sqlite3"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert run(*setup_args(mail_servers, db), "--password-stdin") == 0
    assert "password kept in the system keyring" in capsys.readouterr().out
    assert [v for (s, _k), v in memory_keyring.items() if s == SERVICE] == [PASSWORD]
    assert PASSWORD not in settings_file().read_text()
    forget_session()
    assert run("--db", str(db), "mail", "test", "--json") == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_bad_input_and_failed_connections_exit_2_with_one_line(
    mail_servers, tmp_path, capsys, monkeypatch
) -> None:
    db = tmp_path / "a.sqlite3"
    assert run("--db", str(db), "mail", "test") == 2
    assert "no mail account yet" in capsys.readouterr().err
    args = setup_args(mail_servers, db)
    args[args.index("--imap") + 1] = "imap.example.com:143"
    assert run(*args) == 2
    err = capsys.readouterr().err
    assert "IMAP server: a plain (unencrypted) connection" in err and "Traceback" not in err
    assert run(*setup_args(mail_servers, db)) == 0
    capsys.readouterr()
    assert run("--db", str(db), "mail", "test") == 2
    assert "FOLLOWUP_MAIL_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("FOLLOWUP_MAIL_PASSWORD", "wrong")
    assert run("--db", str(db), "mail", "test") == 2
    err = capsys.readouterr().err
    assert "refused the login" in err and len(err.strip().splitlines()) == 2  # + nothing changed


@pytest.mark.parametrize("arg", ["--imap", "--smtp"])
def test_setup_needs_every_server(tmp_path, capsys, arg) -> None:
    args = setup_args(FakePorts(), tmp_path / "a.sqlite3")
    i = args.index(arg)
    del args[i : i + 2]
    assert run(*args) == 2
    assert f"{arg}: is needed for mail setup" in capsys.readouterr().err


class FakePorts:
    imap_port = 1143
    smtp_port = 1025


def test_send_sends_the_rendered_email_and_logs_sent(
    mail_servers, tmp_path, capsys, monkeypatch
) -> None:
    from followup_gui.storage import Database
    from tests.services.followups.outcome_data import first_of_kind, make_application, pending

    db = tmp_path / "a.sqlite3"
    database = Database.open(db)
    app_id = make_application(database)
    step = first_of_kind(database, app_id, "thank_you_email").id
    call = first_of_kind(database, app_id, "call").id
    assert run(*setup_args(mail_servers, db)) == 0
    monkeypatch.setenv("FOLLOWUP_MAIL_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert run("--db", str(db), "send", str(call)) == 2
    assert "is a call, not an email" in capsys.readouterr().err
    assert (
        run("--db", str(db), "--now", "2026-11-20T12:00:00-05:00", "send", str(step), "--json") == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["to"] == ["dana@acme.example"]
    (raw,) = mail_servers.messages()
    assert out["message_id"].encode() in raw and b"Dana" in raw
    assert step not in {f.id for f in pending(database, app_id).values()}
    assert run("--db", str(db), "send", str(step)) == 2  # already dealt with
    assert "already dealt with" in capsys.readouterr().err
    database.close()


def test_sync_proposals_accept_and_dismiss(mail_servers, tmp_path, capsys, monkeypatch) -> None:
    from followup_gui.storage import Database
    from tests.services.followups.outcome_data import make_application
    from tests.services.mail.test_sync import mail

    db = tmp_path / "a.sqlite3"
    database = Database.open(db)
    app_id = make_application(database)
    assert run(*setup_args(mail_servers, db)) == 0
    monkeypatch.setenv("FOLLOWUP_MAIL_PASSWORD", PASSWORD)
    mail_servers.deliver(mail("dana@acme.example", "Angebot", "Wir haben ein Angebot für Sie."))
    mail_servers.deliver(mail("dana@acme.example", "Hi", "Just checking in."))
    now = ["--now", "2026-11-20T12:00:00-05:00"]
    capsys.readouterr()
    assert run("--db", str(db), *now, "mail", "sync", "--json") == 0
    found = json.loads(capsys.readouterr().out)["proposals"]
    assert sorted(p["suggestion"] for p in found) == ["offer", "spoke"]
    assert run("--db", str(db), *now, "mail", "sync") == 0
    assert "0 new proposals" in capsys.readouterr().out
    assert run("--db", str(db), "proposals") == 0
    assert "Angebot" in capsys.readouterr().out
    offer = next(p["id"] for p in found if p["suggestion"] == "offer")
    other = next(p["id"] for p in found if p["suggestion"] == "spoke")
    assert run("--db", str(db), "proposal", "dismiss", str(other)) == 0
    assert run("--db", str(db), *now, "proposal", "accept", str(offer), "--json") == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["application_id"] == app_id
    with database.read() as s:
        from followup_gui.storage import models as m

        app = s.get(m.Application, app_id)
        assert app is not None and app.stage_key == "offer"
    assert run("--db", str(db), "proposals", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run("--db", str(db), "proposal", "accept", str(offer)) == 2
    assert "is not waiting" in capsys.readouterr().err
    with pytest.raises(SystemExit) as bad:
        run("--db", str(db), "proposal", "accept", "x")
    assert bad.value.code == 2 and "is not an id" in capsys.readouterr().err
    database.close()
