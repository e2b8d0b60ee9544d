"""One window per database: a second launch brings the first one forward and exits.

A :class:`QLockFile` decides who is first (Qt treats the lock of a dead process as
stale, so a killed app does not block the next start); a :class:`QLocalServer`
receives the "come forward" request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCryptographicHash, QDir, QLockFile, QObject, Signal

if TYPE_CHECKING:  # QtNetwork loads after the first paint (see ``listen``)
    from PySide6.QtNetwork import QLocalServer


def instance_key(target: str) -> str:
    """A short name for the database, safe for file and socket names."""
    digest = QCryptographicHash.hash(target.encode("utf-8"), QCryptographicHash.Algorithm.Sha256)
    return "followup-" + bytes(digest.toHex().data()).decode("ascii")[:16]


class SingleInstance(QObject):
    """Owns the per-database lock and the activation socket.

    Signals:
        activation_requested: another launch asked this window to come forward.
    """

    activation_requested = Signal()

    def __init__(self, target: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = instance_key(target)
        self._lock = QLockFile(QDir.temp().filePath(self.key + ".lock"))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone
        self._server: QLocalServer | None = None

    def acquire(self, listen: bool = True) -> bool:
        """Become the instance for this database.

        Args:
            listen: start answering "come forward" requests now; the app passes
                False and calls :meth:`listen` after its first paint (the lock is
                what keeps a second window away; QtNetwork costs start-up time).

        Returns:
            True when this process is first; False when another one is running (it
            has been asked to come forward).
        """
        if not self._lock.tryLock(200):
            self._ask_first_to_raise()
            return False
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        """Answer other launches' "come forward" requests (after :meth:`acquire`)."""
        from PySide6.QtNetwork import QLocalServer

        if self._server is not None:
            return
        QLocalServer.removeServer(self.key)  # a leftover socket of a killed process
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._server.listen(self.key)

    def release(self) -> None:
        """Give the database up (at exit)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _ask_first_to_raise(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        sock = QLocalSocket()
        sock.connectToServer(self.key)
        if sock.waitForConnected(1000):
            sock.write(b"raise\n")
            sock.waitForBytesWritten(1000)
            sock.disconnectFromServer()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (sock := self._server.nextPendingConnection()) is not None:
            # The caller writes at once and waits for us; a short blocking read is fine.
            readable = sock.bytesAvailable() > 0 or sock.waitForReadyRead(1000)
            if readable and bytes(sock.readAll().data()).startswith(b"raise"):
                self.activation_requested.emit()
            sock.close()
            sock.deleteLater()
