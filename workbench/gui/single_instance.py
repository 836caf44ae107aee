"""One running workbench per user: a second launch hands its file to the first and exits.

Opening a ``.qwb`` from the file manager starts ``workbench FILE``; if the workbench already runs,
the new process sends FILE over a QLocalServer socket and the running window opens it.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, Signal
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtNetwork import QLocalServer, QLocalSocket

TIMEOUT_MS = 1500


def server_name(scope: str = "") -> str:
    """A per-user name (sockets are visible to every user on some systems)."""
    try:
        user = getpass.getuser()
    except Exception:
        user = "user"
    digest = hashlib.sha1(f"{user}|{scope}".encode()).hexdigest()[:12]
    return f"qualitative-workbench-{digest}"


def hand_over(paths: list[str], name: str | None = None) -> bool:
    """Send ``paths`` to a running workbench; True if one took them (then this one may exit)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write(QByteArray("\n".join(paths).encode("utf-8") + b"\n\n"))
    socket.flush()
    socket.waitForBytesWritten(TIMEOUT_MS)  # False when flush() already wrote everything
    if not socket.bytesAvailable():
        socket.waitForReadyRead(TIMEOUT_MS)
    reply = bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return reply.startswith(b"ok")


class InstanceServer(QObject):
    """Listens for later launches; emits ``files_received`` with the paths they were given."""

    files_received = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._connected)

    def listen(self) -> bool:
        """Start listening; a socket left by a crashed instance is removed first."""
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            buffer = bytearray()
            socket.readyRead.connect(self._reader(socket, buffer))

    def _reader(self, socket: QLocalSocket, buffer: bytearray) -> Callable[[], None]:
        def read() -> None:
            buffer.extend(bytes(socket.readAll().data()))
            if not buffer.endswith(b"\n\n"):
                return
            paths = [p for p in buffer.decode("utf-8", "replace").split("\n") if p]
            socket.write(QByteArray(b"ok\n"))
            socket.flush()
            socket.disconnectFromServer()
            self.files_received.emit(paths)

        return read


class FileOpenFilter(QObject):
    """macOS sends a double-clicked document as a QFileOpenEvent, not in argv."""

    file_opened = Signal(str)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent) and event.file():
            self.file_opened.emit(event.file())
            return True
        return super().eventFilter(watched, event)
