"""Real CalDAV/CardDAV servers on 127.0.0.1 (Radicale, Xandikos) and an in-memory keyring.

Both servers are Python packages of the test extra (`make test` installs them),
so these fixtures never skip: a server that does not start fails the test.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

USER, PASSWORD = "sam", "secret"


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything at the end of the test (never the user's)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every sync test uses a fresh in-memory keyring (and no password kept for the session)."""
    from followup_gui.services.sync.account import forget_session

    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    forget_session()
    yield ring
    keyring.set_keyring(before)
    forget_session()


@pytest.fixture(autouse=True)
def close_phones() -> Iterator[None]:
    """Close the second clients a test opened (no socket left for the next test)."""
    yield
    from tests.services.sync.helpers import PHONES

    while PHONES:
        PHONES.pop().close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the DAV server stopped at start: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the DAV server did not listen on {port}: {log.read_text()[-2000:]}")


@dataclass
class DavServer:
    """A running server: its URL, the folder it keeps its data in, and its process."""

    url: str
    folder: Path
    proc: subprocess.Popen[bytes]
    start: list[str]
    port: int
    log: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def restart(self) -> None:
        self.stop()
        self.proc = _spawn(self.start, self.log)
        wait_for(self.port, self.proc, self.log)


def _spawn(cmd: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)


def start_radicale(folder: Path) -> DavServer:
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\n"
        "htpasswd_encryption = plain\ndelay = 0\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    log = folder / "radicale.log"
    cmd = [sys.executable, "-m", "radicale", "--config", str(config)]
    proc = _spawn(cmd, log)
    wait_for(port, proc, log)
    return DavServer(f"http://127.0.0.1:{port}/", folder, proc, cmd, port, log)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[DavServer]:
    """A Radicale server on a free port with user sam / secret, stopped after the test."""
    server = start_radicale(tmp_path / "radicale")
    yield server
    server.stop()


@pytest.fixture
def xandikos(tmp_path: Path) -> Iterator[DavServer]:
    """A Xandikos server (a second implementation; no authentication) on a free port."""
    folder = tmp_path / "xandikos"
    folder.mkdir()
    port = free_port()
    log = folder / "xandikos.log"
    cmd = [
        sys.executable, "-m", "xandikos.web", "--defaults", "-d", str(folder / "data"),
        "-l", "127.0.0.1", "-p", str(port), "--current-user-principal", f"/{USER}",
    ]  # fmt: skip
    proc = _spawn(cmd, log)
    wait_for(port, proc, log)
    server = DavServer(f"http://127.0.0.1:{port}/", folder, proc, cmd, port, log)
    yield server
    server.stop()


@pytest.fixture
def sync_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No password from the environment unless a test sets one."""
    monkeypatch.delenv("FOLLOWUP_SYNC_PASSWORD", raising=False)
    os.environ.pop("FOLLOWUP_SYNC_PASSWORD", None)
