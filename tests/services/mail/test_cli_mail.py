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
