"""The ``NAME.qwb.lock`` file beside an open project: who holds it, where, and a heartbeat.

The lock never lives inside the database, so a synced folder does not churn while a project is
open. A lock left by a process that no longer runs on this machine is stale at once; a lock whose
heartbeat stopped more than ``ABANDONED_AFTER`` seconds ago may be taken over on request.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
import threading
import time
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path

from workbench.core.errors import ProjectLockedError

HEARTBEAT_SECONDS = 5.0
ABANDONED_AFTER = 30.0
UNWRITTEN_GRACE = 1.0  # seconds an empty lock file may wait for its writer


class LockState(Enum):
    LIVE = "live"
    STALE = "stale"  # its process is gone: safe to remove silently
    ABANDONED = "abandoned"  # no heartbeat for a while: may be taken over if the user agrees


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    app: str
    started: float
    heartbeat: float

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.started))
        return f"{self.user} on {self.host} ({self.app}, process {self.pid}, since {when})"


def lock_path(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_lock(path: Path) -> LockInfo | None:
    """The lock's contents, or None if there is no lock. An unreadable lock counts as live."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        raw = ""
    try:
        data = json.loads(raw)
        return LockInfo(
            user=str(data["user"]),
            host=str(data["host"]),
            pid=int(data["pid"]),
            app=str(data.get("app", "workbench")),
            started=float(data["started"]),
            heartbeat=float(data["heartbeat"]),
        )
    except (ValueError, KeyError, TypeError):
        # Half-written by its owner this very moment, or damaged: judge by the file's age.
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        return LockInfo("unknown", "unknown", -1, "unknown", mtime, mtime)


def lock_state(info: LockInfo, *, now: float | None = None) -> LockState:
    now = time.time() if now is None else now
    if info.host == socket.gethostname() and info.pid > 0 and not _pid_alive(info.pid):
        return LockState.STALE
    if now - info.heartbeat > ABANDONED_AFTER:
        return LockState.ABANDONED
    return LockState.LIVE


class ProjectLock:
    """Holds the lock file of one project while it is open for writing."""

    def __init__(self, project_path: Path, *, app: str = "workbench") -> None:
        self.project_path = project_path
        self.path = lock_path(project_path)
        self.app = app
        self._info: LockInfo | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def acquire(self, *, takeover: bool = False) -> None:
        """Create the lock file; raise ProjectLockedError if someone else holds it."""
        for _ in range(30):
            now = time.time()
            info = LockInfo(
                user=_user_name(),
                host=socket.gethostname(),
                pid=os.getpid(),
                app=self.app,
                started=now,
                heartbeat=now,
            )
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = read_lock(self.path)
                if holder is None:
                    continue
                if holder.pid == -1 and holder.host == "unknown":
                    # Empty or half-written: its writer is filling it right now, or was killed
                    # between creating and writing it. A real lock is complete in milliseconds.
                    if now - holder.heartbeat > UNWRITTEN_GRACE:
                        self.path.unlink(missing_ok=True)
                    else:
                        time.sleep(0.1)
                    continue
                state = lock_state(holder)
                if state is LockState.STALE or (state is LockState.ABANDONED and takeover):
                    self.path.unlink(missing_ok=True)
                    continue
                raise ProjectLockedError(
                    self.project_path,
                    f"is open in another program: {holder.describe()}.",
                    "Close it there first, or open this project read-only."
                    + (
                        " Its lock has not been refreshed for a while, so you may take it over."
                        if state is LockState.ABANDONED
                        else ""
                    ),
                ) from None
            except PermissionError:
                raise ProjectLockedError(
                    self.project_path,
                    "cannot be opened for changes: its folder is read-only.",
                    "Open it read-only, or copy it to a folder you can write to.",
                ) from None
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(asdict(info), fh)
            self._info = info
            self._start_heartbeat()
            return
        raise ProjectLockedError(self.project_path, "its lock file keeps changing.", "Try again.")

    def _start_heartbeat(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._beat, name="project-lock", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            self.refresh()

    def refresh(self) -> None:
        """Rewrite the heartbeat (in place: no temporary sibling file appears)."""
        if self._info is None:
            return
        self._info = LockInfo(**{**asdict(self._info), "heartbeat": time.time()})
        try:
            with self.path.open("r+", encoding="utf-8") as fh:
                data = json.dumps(asdict(self._info))
                fh.write(data)
                fh.truncate(len(data.encode("utf-8")))
        except OSError:
            pass  # a missing or unwritable lock is noticed by whoever looks at it

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        if self._info is not None:
            holder = read_lock(self.path)
            if holder is not None and holder.pid == self._info.pid:
                self.path.unlink(missing_ok=True)
            self._info = None


def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
