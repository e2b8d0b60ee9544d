"""Waiting for mail with IMAP IDLE against a real Dovecot: news within seconds, a clean stop,
a server without IDLE told apart at once, a dropped wait reported (never a busy loop)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from followup_gui.services.mail.connect import MailConnectionError
from followup_gui.services.mail.watch import watch_inbox
from tests.mail_servers import PASSWORD, MailServers
from tests.services.mail.test_sync import account, mail


class Waiter:
    """``watch_inbox`` in a thread, as the window's background check runs it."""

    def __init__(self, servers: MailServers, port: int | None = None) -> None:
        self.stop, self.idling = threading.Event(), threading.Event()
        self.arrivals: list[float] = []
        self.result: object = None
        self.thread = threading.Thread(target=self._run, args=(servers, port), daemon=True)
        self.thread.start()

    def _run(self, servers: MailServers, port: int | None) -> None:
        try:
            self.result = watch_inbox(
                account(servers, port), PASSWORD, self.stop,
                lambda: self.arrivals.append(time.monotonic()), idling=self.idling, timeout=10,
            )  # fmt: skip
        except MailConnectionError as exc:
            self.result = exc


def test_mail_delivered_while_idling_is_heard_within_seconds(mail_servers) -> None:
    waiter = Waiter(mail_servers)
    assert waiter.idling.wait(10)
    delivered = time.monotonic()
    mail_servers.deliver(mail("dana@acme.example", "Re: Thanks", "Talk soon."))
    deadline = time.monotonic() + 10
    while not waiter.arrivals and time.monotonic() < deadline:
        time.sleep(0.05)
    assert waiter.arrivals and waiter.arrivals[0] - delivered < 5
    # It waits again: a second message is heard too.
    mail_servers.deliver(mail("dana@acme.example", "Again", "More."))
    deadline = time.monotonic() + 10
    while len(waiter.arrivals) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(waiter.arrivals) == 2
    asked = time.monotonic()
    waiter.stop.set()
    waiter.thread.join(5)
    assert not waiter.thread.is_alive() and time.monotonic() - asked < 3
    assert waiter.result is True


class Proxy:
    """Forwards one connection to Dovecot; can hide IDLE from its capabilities, or cut it."""

    def __init__(self, target: int, hide_idle: bool = False) -> None:
        self.target, self.hide_idle = target, hide_idle
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(1)
        self.port = self.server.getsockname()[1]
        self.client: socket.socket | None = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.client, _ = self.server.accept()
        upstream = socket.create_connection(("127.0.0.1", self.target))
        client = self.client

        def pump(src: socket.socket, dst: socket.socket, down: bool) -> None:
            try:
                while data := src.recv(65536):
                    dst.sendall(data.replace(b" IDLE", b"") if down and self.hide_idle else data)
            except OSError:
                pass

        up = threading.Thread(target=pump, args=(client, upstream, False), daemon=True)
        up.start()
        pump(upstream, client, True)
        upstream.shutdown(socket.SHUT_RDWR)
        up.join(5)
        upstream.close()
        client.close()

    def cut(self) -> None:
        assert self.client is not None
        self.client.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.server.close()
        self.thread.join(5)


@pytest.fixture
def proxy(request, mail_servers) -> Iterator[Proxy]:
    p = Proxy(mail_servers.imap_port, hide_idle=getattr(request, "param", False))
    yield p
    p.close()


@pytest.mark.parametrize("proxy", [True], indirect=True)
def test_a_server_without_idle_is_told_apart_at_once(mail_servers, proxy) -> None:
    waiter = Waiter(mail_servers, proxy.port)
    waiter.thread.join(10)
    assert waiter.result is False and not waiter.idling.is_set()  # the caller keeps polling


def test_a_dropped_wait_is_reported_not_spun_on(mail_servers, proxy) -> None:
    waiter = Waiter(mail_servers, proxy.port)
    assert waiter.idling.wait(10)
    cpu = time.process_time()
    proxy.cut()
    waiter.thread.join(10)
    assert not waiter.thread.is_alive()
    assert isinstance(waiter.result, MailConnectionError)
    assert "ended the wait for new mail" in str(waiter.result)
    assert time.process_time() - cpu < 2  # no busy loop on the dead socket
