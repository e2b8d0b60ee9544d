"""One window per database: a second launch brings the first one forward and exits.

A :class:`QLockFile` decides who is first (Qt treats the lock of a dead process as
stale, so a killed app does not block the next start); a :class:`QLocalServer`
receives the "come forward" request.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def instance_key(target: str) -> str:
    """A short name for the database, safe for file and socket names."""
    return "followup-" + hashlib.sha256(target.encode("utf-8")).hexdigest()[:16]


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

    def acquire(self) -> bool:
        """Become the instance for this database.

        Returns:
            True when this process is first; False when another one is running (it
            has been asked to come forward).
        """
        if not self._lock.tryLock(200):
            self._ask_first_to_raise()
            return False
        QLocalServer.removeServer(self.key)  # a leftover socket of a killed process
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._server.listen(self.key)
        return True

    def release(self) -> None:
        """Give the database up (at exit)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _ask_first_to_raise(self) -> None:
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
