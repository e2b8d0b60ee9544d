"""The mail account: checked settings, the password in the keyring, one message per failure."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from followup_gui.services.mail.account import (
    MailAccount,
    MailSetupError,
    Security,
    load_account,
    make_account,
    parse_server,
    save_account,
)
from followup_gui.services.mail.connect import (
    Failure,
    MailConnectionError,
    check_connection,
    open_imap,
)
from followup_gui.services.mail.passwords import (
    SERVICE,
    forget_session,
    saved_password,
    store_password,
)
from followup_gui.settings import Settings, settings_file
from tests.mail_servers import ADDRESS, PASSWORD, USER, MailServers, free_port


def account(servers: MailServers, security: str = "plain", port: int | None = None,
            host: str = "127.0.0.1") -> MailAccount:  # fmt: skip
    return make_account(
        (host, port or servers.imap_port),
        ("127.0.0.1", servers.smtp_port),
        security,
        USER,
        ADDRESS,
    )


def test_setup_is_checked_field_by_field() -> None:
    assert parse_server("imap.example.com:993", "--imap") == ("imap.example.com", 993)
    with pytest.raises(MailSetupError, match=r"--imap: 'imap\.example\.com' is not HOST"):
        parse_server("imap.example.com", "--imap")
    with pytest.raises(MailSetupError, match="not a port between 1 and 65535"):
        parse_server("h:70000", "--smtp")
    with pytest.raises(MailSetupError, match=r"IMAP server: a plain .* in the clear"):
        make_account(("imap.example.com", 143), ("127.0.0.1", 25), "plain", "u", ADDRESS)
    with pytest.raises(MailSetupError, match="address: 'nope' is not an email address"):
        make_account(("h", 993), ("h", 465), "tls", "u", "nope")
    with pytest.raises(MailSetupError, match="security: 'ssl' is not one of"):
        make_account(("h", 993), ("h", 465), "ssl", "u", ADDRESS)
    ok = make_account(("127.0.0.1", 143), ("localhost", 25), "plain", "u", ADDRESS)
    assert ok.security == Security.PLAIN


def test_account_in_settings_password_only_in_the_keyring(memory_keyring) -> None:
    settings = Settings()
    acc = make_account(("imap.example.com", 993), ("smtp.example.com", 465), "tls", "me", ADDRESS)
    save_account(settings, acc)
    stored = store_password(acc, "hunter2-very-secret")
    assert stored.in_keyring
    assert memory_keyring[(SERVICE, acc.key)] == "hunter2-very-secret"
    assert load_account(Settings()) == acc
    assert "hunter2-very-secret" not in settings_file().read_text()
    forget_session()
    assert saved_password(acc) == "hunter2-very-secret"  # read back from the keyring


def test_without_a_keyring_the_password_lasts_this_session_only() -> None:
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())
    acc = make_account(("imap.example.com", 993), ("smtp.example.com", 465), "tls", "me", ADDRESS)
    stored = store_password(acc, "pw")
    assert not stored.in_keyring and "keyring is not available" in stored.why_not
    assert saved_password(acc) == "pw"
    forget_session()  # a new session: asked again
    assert saved_password(acc) is None


def test_test_connection_logs_in_to_both_servers(mail_servers) -> None:
    text = check_connection(account(mail_servers), PASSWORD, timeout=10)
    assert "Connected" in text and "sam" in text


def test_tls_and_starttls_with_a_trusted_certificate(mail_servers, trust_test_certificate) -> None:
    for security, port in (("tls", mail_servers.imaps_port), ("starttls", mail_servers.imap_port)):
        client = open_imap(account(mail_servers, security, port), PASSWORD, timeout=10)
        try:
            assert client.folder_exists("INBOX")
        finally:
            client.logout()


def failure(acc: MailAccount, password: str = PASSWORD, timeout: float = 10) -> MailConnectionError:
    with pytest.raises(MailConnectionError) as caught:
        open_imap(acc, password, timeout=timeout)
    return caught.value


def test_wrong_password(mail_servers) -> None:
    err = failure(account(mail_servers), "wrong")
    assert err.reason == Failure.LOGIN
    assert "refused the login" in str(err) and "app password" in str(err)
    assert "wrong" not in str(err)


def test_certificate_for_another_host(mail_servers, trust_test_certificate) -> None:
    acc = account(mail_servers, "tls", mail_servers.other_imaps_port, host="127.0.0.2")
    err = failure(acc)
    assert err.reason == Failure.CERTIFICATE
    assert "not valid for 127.0.0.2" in str(err)


def test_untrusted_self_signed_certificate(mail_servers) -> None:
    err = failure(account(mail_servers, "tls", mail_servers.imaps_port))
    assert err.reason == Failure.CERTIFICATE and "self-signed" in str(err)


def test_host_unreachable() -> None:
    acc = make_account(("127.0.0.1", free_port()), ("127.0.0.1", 25), "plain", USER, ADDRESS)
    err = failure(acc)
    assert err.reason == Failure.UNREACHABLE and "Cannot reach the IMAP server" in str(err)
    unknown = make_account(("no-such-host.invalid", 993), ("h", 465), "tls", USER, ADDRESS)
    assert failure(unknown).reason == Failure.UNREACHABLE


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never says a word."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        yield server.getsockname()[1]


def test_timeout(silent_server) -> None:
    acc = make_account(("127.0.0.1", silent_server), ("127.0.0.1", 25), "plain", USER, ADDRESS)
    err = failure(acc, timeout=0.5)
    assert err.reason == Failure.TIMEOUT and "did not answer within 0.5 seconds" in str(err)


@pytest.fixture
def imap2_server() -> Iterator[int]:
    """An old server: IMAP4 (RFC 1730), not IMAP4rev1."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.sendall(b"* OK [CAPABILITY IMAP4 AUTH=PLAIN] old server ready\r\n")
            data = b""
            while b"\r\n" not in data:
                chunk = conn.recv(1024)
                if not chunk:
                    return
                data += chunk
            tag = data.split(b" ", 1)[0]
            conn.sendall(b"* CAPABILITY IMAP4 AUTH=PLAIN\r\n" + tag + b" OK done\r\n")
            conn.recv(1024)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    server.close()
    thread.join(5)


def test_server_without_imap4rev1(imap2_server) -> None:
    acc = make_account(("127.0.0.1", imap2_server), ("127.0.0.1", 25), "plain", USER, ADDRESS)
    err = failure(acc, timeout=5)
    assert err.reason == Failure.NOT_IMAP4REV1 and "does not speak IMAP4rev1" in str(err)
