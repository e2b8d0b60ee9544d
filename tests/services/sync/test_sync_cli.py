"""``followup-gui sync setup|now|status|proposals|accept|dismiss`` against a real Radicale."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from followup_gui.app import main
from followup_gui.services.sync.account import KEYRING_SERVICE, load_account
from followup_gui.settings import Settings
from tests.conftest import make_demo_file
from tests.services.sync.conftest import PASSWORD, USER, DavServer, MemoryKeyring
from tests.services.sync.helpers import phone_items

NOW = "2024-05-15T14:00:00+00:00"


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), "--now", NOW, *args])


def test_setup_keeps_the_password_in_the_keyring_only_then_sync_now_and_status(
    radicale: DavServer,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    make_demo_file(db_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert run(db_path, "sync", "setup", radicale.url, "--user", USER, "--password-stdin") == 0
    assert "Calendar: FollowUp (VTODO)" in capsys.readouterr().out
    account = load_account(Settings())
    assert account is not None and account.configured
    assert memory_keyring.secrets == {(KEYRING_SERVICE, account.keyring_key): PASSWORD}
    assert PASSWORD not in Settings().path.read_text()  # never in a file
    assert run(db_path, "sync", "now", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["created"] == len(phone_items(account)) > 0
    assert run(db_path, "sync", "now", "--json") == 0
    assert json.loads(capsys.readouterr().out)["created"] == 0
    assert run(db_path, "sync", "status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert status["configured"] and status["last_sync"] == NOW and status["last_error"] is None
    # A completion on the phone is listed and answered from the command line.
    next(
        o for o in phone_items(account).values() if "Call" in str(o.icalendar_component["summary"])
    ).complete()
    assert run(db_path, "sync", "now") == 0
    assert "1 new proposal: see" in capsys.readouterr().out
    assert run(db_path, "sync", "proposals", "--json") == 0
    (proposal,) = json.loads(capsys.readouterr().out)
    assert proposal["title"] == "Done on your phone: how did it go?"
    assert run(db_path, "sync", "accept", str(proposal["id"]), "--outcome", "voicemail") == 0
    assert run(db_path, "sync", "accept", str(proposal["id"])) == 2
    assert "already accepted" in capsys.readouterr().err


def test_bad_input_is_one_line_and_exit_2(
    radicale: DavServer, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong\n"))
    assert run(db_path, "sync", "setup", radicale.url, "--user", USER, "--password-stdin") == 2
    err = capsys.readouterr().err
    assert "refused the login" in err and "Traceback" not in err
    assert load_account(Settings()) is None  # nothing was stored
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    assert (
        run(db_path, "sync", "setup", "http://dav.example.com/", "--user", USER, "--password-stdin")
        == 2
    )
    assert "not encrypted" in capsys.readouterr().err
    assert run(db_path, "sync", "now") == 2
    assert "not set up" in capsys.readouterr().err


class _Garbage(BaseHTTPRequestHandler):
    """A server that answers every WebDAV request with broken XML."""

    def do_PROPFIND(self) -> None:
        body = b"<?xml version='1.0'?><multistatus xmlns='DAV:'><response><href>"
        self.send_response(207)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        return


def test_a_malformed_server_reply_is_a_clear_message(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        monkeypatch.setattr("sys.stdin", io.StringIO("secret\n"))
        assert run(db_path, "sync", "setup", url, "--user", USER, "--password-stdin") == 2
        err = capsys.readouterr().err
        assert "cannot read" in err and "Traceback" not in err
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
