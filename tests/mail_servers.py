"""Real mail servers for the tests: Dovecot (IMAP) and aiosmtpd (SMTP) on 127.0.0.1.

Dovecot runs from a throwaway configuration in a temporary folder: a plain
listener (with STARTTLS) and an IMAPS listener, both on free random ports, a
self-signed certificate for 127.0.0.1/localhost (and a second one for another
host), and one passwd-file user ``sam`` / ``secret``. The SMTP server delivers
what it receives into sam's INBOX over IMAP, so a sent email is read back.
Without Dovecot (or not as root: its login process drops privileges) the tests
skip with the reason; in CI (``CI=true``) they fail instead.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

USER, PASSWORD, ADDRESS = "sam", "secret", "sam@followup.example"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " - required in CI (.ci/run installs dovecot-imapd)")
    pytest.skip(reason)


def make_certificate(folder: Path, name: str, host: str, san: str) -> tuple[Path, Path]:
    """A self-signed certificate and key for ``host`` (subjectAltName ``san``)."""
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", f"/CN={host}", "-addext", f"subjectAltName={san}",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class MailServers:
    """The running servers and what a test needs to reach them."""

    folder: Path
    imap_port: int
    imaps_port: int
    smtp_port: int
    cert: Path
    other_cert: Path
    other_imaps_port: int
    controllers: list[Any] = field(default_factory=list)

    def imap(self) -> imaplib.IMAP4:
        """sam's mailbox over the plain listener (for arranging and checking)."""
        client = imaplib.IMAP4("127.0.0.1", self.imap_port)
        try:
            client.login(USER, PASSWORD)
        except BaseException:
            client.shutdown()
            raise
        return client

    def deliver(
        self, raw: bytes, folder: str = "INBOX", flags: str = "", when: object = None
    ) -> None:
        """Put a message into one of sam's folders (``when``: its arrival, default now)."""
        client = self.imap()
        try:
            stamp = None if when is None else imaplib.Time2Internaldate(when)
            typ, data = client.append(folder, flags, stamp, raw)
            assert typ == "OK", data
        finally:
            client.logout()

    def messages(self, folder: str = "INBOX") -> list[bytes]:
        """Every message in one of sam's folders, whole."""
        client = self.imap()
        try:
            client.select(folder, readonly=True)
            _typ, data = client.search(None, "ALL")
            out = []
            for num in data[0].split():
                _typ, parts = client.fetch(num, "(BODY.PEEK[])")
                first = parts[0]
                assert isinstance(first, tuple)
                out.append(first[1])
            return out
        finally:
            client.logout()


def _dovecot_config(d: Path, servers: MailServers, key: Path, other_key: Path) -> str:
    return f"""
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1, 127.0.0.2
ssl = yes
ssl_cert = <{servers.cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
  mailbox Drafts {{
    special_use = \\Drafts
    auto = create
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=SHA512-CRYPT {d}/passwd
}}
userdb {{
  driver = passwd-file
  args = {d}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {servers.imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {servers.imaps_port}
    ssl = yes
  }}
  inet_listener imaps_other {{
    address = 127.0.0.2
    port = {servers.other_imaps_port}
    ssl = yes
  }}
}}
local 127.0.0.2 {{
  ssl_cert = <{servers.other_cert}
  ssl_key = <{other_key}
}}
"""


def _wait_for_port(port: int, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"dovecot did not listen on {port}: {log.read_text(errors='replace')}")


def _stop_dovecot(d: Path, doveadm: str, conf: Path) -> None:
    """Stop our Dovecot by its master's process id, without waiting for it to finish.

    ``doveadm stop`` waits ~3 s per test for the master to wind down; nothing needs
    that: every test has its own folder and ports, and the processes end on their own.
    """
    try:
        pid = int((d / "run" / "master.pid").read_text().strip())
    except (OSError, ValueError):
        subprocess.run([doveadm, "-c", str(conf), "stop"], capture_output=True, check=False)
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)


class _Delivery:
    """aiosmtpd handler: each message goes into sam's INBOX (IMAP APPEND)."""

    def __init__(self, servers: MailServers) -> None:
        self.servers = servers
        self.received: list[Any] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        self.servers.deliver(envelope.original_content or envelope.content)
        return "250 OK delivered"


@pytest.fixture
def mail_servers() -> Iterator[MailServers]:
    """Dovecot (plain + STARTTLS, IMAPS) and aiosmtpd for user sam, on free ports."""
    with running_servers() as servers:
        yield servers


@contextmanager
def running_servers() -> Iterator[MailServers]:
    """Start the servers (skip or, in CI, fail without Dovecot); stop them at the end.

    Also used by ``bench/mail_sync.py``.
    """
    search = "/usr/sbin:/usr/bin:" + os.environ.get("PATH", "")
    dovecot = shutil.which("dovecot", path=search)
    doveadm = shutil.which("doveadm", path=search) or "doveadm"
    if dovecot is None:
        _missing("Dovecot is not installed (Debian: apt-get install dovecot-imapd)")
    if os.geteuid() != 0:
        _missing("Dovecot's test server needs root (its login process drops privileges)")
    import pwd

    from aiosmtpd.controller import Controller

    # Not under pytest's base folder: that is root-only, and Dovecot's mail process runs
    # as the dovecot user.
    d = Path(tempfile.mkdtemp(prefix="followup-dovecot-"))
    d.chmod(0o755)
    for sub in ("mail", "run", "state"):
        (d / sub).mkdir()
    dove = pwd.getpwnam("dovecot")
    os.chown(d / "mail", dove.pw_uid, dove.pw_gid)
    cert, key = make_certificate(d, "cert", "localhost", "DNS:localhost,IP:127.0.0.1")
    other_cert, other_key = make_certificate(d, "other", "other.example", "DNS:other.example")
    for path in (key, other_key):
        path.chmod(0o644)  # read by dovecot's config parser as root; a throwaway key
    servers = MailServers(
        folder=d,
        imap_port=free_port(),
        imaps_port=free_port(),
        smtp_port=free_port(),
        cert=cert,
        other_cert=other_cert,
        other_imaps_port=free_port(),
    )
    hashed = subprocess.run(
        [doveadm, "pw", "-s", "SHA512-CRYPT", "-p", PASSWORD],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (d / "passwd").write_text(f"{USER}:{hashed}:{dove.pw_uid}:{dove.pw_gid}::{d}/mail/{USER}\n")
    conf = d / "dovecot.conf"
    conf.write_text(_dovecot_config(d, servers, key, other_key))
    # Dovecot's daemons keep inherited pipes open: a file for its complaints, not a pipe.
    with (d / "start.log").open("wb") as out:
        started = subprocess.run([dovecot, "-c", str(conf)], stdout=out, stderr=out)
    if started.returncode:
        raise RuntimeError(f"dovecot did not start: {(d / 'start.log').read_text()}")
    try:
        _wait_for_port(servers.imap_port, d / "dovecot.log")
        controller = Controller(_Delivery(servers), hostname="127.0.0.1", port=servers.smtp_port)
        controller.start()
        servers.controllers.append(controller)
        yield servers
    finally:
        for c in servers.controllers:
            c.stop()
        _stop_dovecot(d, doveadm, conf)
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def trust_test_certificate(mail_servers: MailServers, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's trusted authorities, for this test: the test server's certificate only."""
    monkeypatch.setenv("SSL_CERT_FILE", str(mail_servers.cert))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    assert ssl.get_default_verify_paths().openssl_cafile_env == "SSL_CERT_FILE"
    return mail_servers.cert


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """Every keyring call of the test goes to a dictionary, forgotten afterwards.

    Not the desktop's Secret Service: CI has no unlocked keyring, and a test must
    never read or write the user's real secrets. The code under test calls the real
    ``keyring`` API; only the backend is this dictionary.
    """
    import keyring
    from keyring.backend import KeyringBackend

    from followup_gui.services.mail.passwords import forget_session

    store: dict[tuple[str, str], str] = {}

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    forget_session()
    yield store
    keyring.set_keyring(previous)
    forget_session()


@dataclass
class SecureSmtp:
    """aiosmtpd listeners that want TLS and a login (sam / secret), delivering to sam's INBOX.

    Attributes:
        tls_port: implicit TLS (SMTPS) with the certificate for 127.0.0.1/localhost.
        starttls_port: plain at first; STARTTLS required before anything else.
        other_tls_port: implicit TLS with the certificate for another host (other.example).
        trusted: a bundle of both test certificates, for ``SSL_CERT_FILE``.
        logins: the users that logged in, in order.
    """

    tls_port: int
    starttls_port: int
    other_tls_port: int
    trusted: Path
    logins: list[str] = field(default_factory=list)


def _server_context(cert: Path, folder: Path, name: str) -> ssl.SSLContext:
    key = folder / f"{name}.key"
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture
def secure_smtp(mail_servers: MailServers, monkeypatch: pytest.MonkeyPatch) -> Iterator[SecureSmtp]:
    """SMTP over TLS and with STARTTLS on free ports; both test certificates trusted."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    d = mail_servers.folder
    trusted = d / "trusted.pem"
    trusted.write_bytes(mail_servers.cert.read_bytes() + mail_servers.other_cert.read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(trusted))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    smtp = SecureSmtp(free_port(), free_port(), free_port(), trusted)

    def login(_server: Any, _session: Any, _envelope: Any, _mech: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        if ok:
            smtp.logins.append(USER)
        return AuthResult(success=ok)

    own = _server_context(mail_servers.cert, d, "cert")
    other = _server_context(mail_servers.other_cert, d, "other")
    # aiosmtpd sees only STARTTLS as TLS: on the implicit-TLS listeners the whole
    # connection is encrypted, so AUTH is offered there without its check.
    listeners = (
        {"port": smtp.tls_port, "ssl_context": own, "auth_require_tls": False},
        {"port": smtp.starttls_port, "tls_context": own, "require_starttls": True},
        {"port": smtp.other_tls_port, "ssl_context": other, "auth_require_tls": False},
    )
    for extra in listeners:
        controller = Controller(
            _Delivery(mail_servers),
            hostname="127.0.0.1",
            authenticator=login,
            **extra,  # type: ignore[arg-type]
        )
        controller.start()
        mail_servers.controllers.append(controller)
    yield smtp
