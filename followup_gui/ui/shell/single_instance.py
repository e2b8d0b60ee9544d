"""One window per database: a second launch brings the first one forward and exits.

A :class:`QLockFile` decides who is first (Qt treats the lock of a dead process as
stale, so a killed app does not block the next start); a :class:`QLocalServer`
receives the "come forward" request.

Both live in the user's runtime folder (``$XDG_RUNTIME_DIR`` through
``QStandardPaths.RuntimeLocation``, which Qt checks is the user's own and 0700),
never in ``/tmp``, where any local user could create the predictable lock first and
stop FollowUp from starting. A lock that cannot be taken never stops the app
silently: when the holder does not answer, :attr:`SingleInstance.problem` says
which process holds it; when the lock cannot be written at all, the app starts.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCryptographicHash,
    QDir,
    QLockFile,
    QObject,
    QStandardPaths,
    QThread,
    Signal,
)

from followup_gui.private_files import private_dir

if TYPE_CHECKING:  # QtNetwork loads after the first paint (see ``listen``)
    from PySide6.QtNetwork import QLocalServer


def instance_key(target: str) -> str:
    """A short name for the database, safe for file and socket names."""
    digest = QCryptographicHash.hash(target.encode("utf-8"), QCryptographicHash.Algorithm.Sha256)
    return "followup-" + bytes(digest.toHex().data()).decode("ascii")[:16]


log = logging.getLogger(__name__)


def runtime_folder() -> Path:
    """The user's private runtime folder (``$XDG_RUNTIME_DIR``), or a private one of ours.

    Qt creates and checks the runtime location (owned by the user, mode 0700); when
    it has none, a ``followup-<uid>`` folder in the temporary folder is made 0700
    and used only if it is the user's own.
    """
    # On Linux without $XDG_RUNTIME_DIR Qt warns and picks /tmp/runtime-<user>: ours
    # below is the same idea, without the warning.
    if not sys.platform.startswith("linux") or os.environ.get("XDG_RUNTIME_DIR"):
        runtime = QStandardPaths.StandardLocation.RuntimeLocation
        found = QStandardPaths.writableLocation(runtime)
        if found and Path(found).is_dir():
            return Path(found)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = private_dir(Path(QDir.tempPath()) / f"followup-{uid}")
    info = folder.lstat()
    if hasattr(os, "getuid") and (info.st_uid != uid or info.st_mode & 0o077):
        raise PermissionError(f"{folder} belongs to someone else")
    return folder


class SingleInstance(QObject):
    """Owns the per-database lock and the activation socket.

    Signals:
        activation_requested: another launch asked this window to come forward.
    """

    activation_requested = Signal()

    def __init__(self, target: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = instance_key(target)
        #: Why the lock could not be taken although no other window answered ("" if none).
        self.problem = ""
        try:
            folder: Path | None = runtime_folder()
        except OSError as exc:
            log.warning("no private runtime folder for the instance lock: %s", exc)
            folder = None
        self._lock = QLockFile(str((folder or Path(QDir.tempPath())) / f"{self.key}.lock"))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone
        #: The "come forward" socket: a full path in the private folder on Unix.
        self.address = (
            str(folder / self.key) if folder is not None and os.name == "posix" else self.key
        )
        self._private = folder is not None
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
        # Without a private folder there is no lock (one in a shared folder may be
        # anyone's): FollowUp starts.
        if self._private and not self._lock.tryLock(200):
            if self._lock.error() != QLockFile.LockError.LockFailedError:
                log.warning("cannot write the instance lock (%s); starting", self._lock.error())
            elif self._ask_first_to_raise():
                return False
            else:
                self.problem = self._holder_problem()
                return False
        if listen:
            self.listen()
        return True

    def _holder_problem(self) -> str:
        """Why the lock is held though no window answered: the holder, in words."""
        info = self._lock.getLockInfo()
        pid, host, app = info if isinstance(info, tuple) and len(info) == 3 else (0, "", "")
        who = f"{app or 'a program'} (process {pid})" if pid else "another program"
        where = f" on {host}" if host else ""
        return self.tr(
            "FollowUp is already open on this data, held by {who}{where}, but it does not "
            "answer. Close it (or end that process) and start FollowUp again. The lock is "
            "{path}."
        ).format(who=who, where=where, path=self._lock.fileName())

    def listen(self) -> None:
        """Answer other launches' "come forward" requests (after :meth:`acquire`)."""
        from PySide6.QtNetwork import QLocalServer

        if self._server is not None:
            return
        QLocalServer.removeServer(self.address)  # a leftover socket of a killed process
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        if not self._server.listen(self.address):
            log.warning("a second launch cannot reach this window: %s", self._server.errorString())

    def release(self) -> None:
        """Give the database up (at exit)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _ask_first_to_raise(self) -> bool:
        """Ask the window holding the lock to come forward; whether it could be asked.

        The first window listens only after its first paint: a launch in between
        tries for a few seconds.
        """
        from PySide6.QtNetwork import QLocalSocket

        for _attempt in range(5):
            sock = QLocalSocket()
            sock.connectToServer(self.address)
            if sock.waitForConnected(1000):
                sock.write(b"raise\n")
                sock.waitForBytesWritten(1000)
                sock.disconnectFromServer()
                return True
            QThread.msleep(500)
        return False

    def _on_connection(self) -> None:
        assert self._server is not None
        while (sock := self._server.nextPendingConnection()) is not None:
            # The caller writes at once and waits for us; a short blocking read is fine.
            readable = sock.bytesAvailable() > 0 or sock.waitForReadyRead(1000)
            if readable and bytes(sock.readAll().data()).startswith(b"raise"):
                self.activation_requested.emit()
            sock.close()
            sock.deleteLater()
