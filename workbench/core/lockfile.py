"""The ``NAME.qwb.lock`` file beside an open project: who holds it, where, and a heartbeat.

The lock never lives inside the database, so a synced folder does not churn while a project is
open. A lock left by a process that no longer runs on this machine is stale at once; a lock whose
heartbeat stopped more than ``ABANDONED_AFTER`` seconds ago may be taken over on request.

Exactly one process holds a lock, however many open at once: a lock appears complete and in one
step (a fully written temporary file hard-linked to the lock's name, which fails if it exists),
and a stale lock is replaced only by the holder of the exclusive ``.takeover`` file, after it read
the lock again and found the same random token it judged stale. The heartbeat rewrites the lock
(under the same ``.takeover`` file) only while the token in it is still ours.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import hashlib
import json
import math
import os
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from workbench.core.errors import DiskFullError, ProjectLockedError, WorkbenchError

HEARTBEAT_SECONDS = 5.0
ABANDONED_AFTER = 30.0
UNWRITTEN_GRACE = 1.0  # seconds a half-written lock file (older versions) may wait for its writer
TAKEOVER_STUCK = 10.0  # a takeover takes milliseconds: one this old was killed midway
MAX_PID = 2**32 - 1
CLOCK_SLACK = 24 * 3600.0  # a heartbeat further in the future than this is nonsense


class LockState(Enum):
    LIVE = "live"
    STALE = "stale"  # its process is gone: safe to remove silently
    ABANDONED = "abandoned"  # no heartbeat for a while: may be taken over if the user agrees


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int  # -1: the file is not a complete lock (damaged, or half-written by an old version)
    app: str
    started: float
    heartbeat: float
    token: str = ""  # random per holder; for a lock without one, a digest of its bytes

    def describe(self) -> str:
        try:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.started))
        except (OverflowError, OSError, ValueError):
            when = "an unknown time"
        return f"{self.user} on {self.host} ({self.app}, process {self.pid}, since {when})"


def lock_path(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


def pid_alive(pid: int) -> bool:
    """True if a process with this number runs on this machine (an absurd number: False)."""
    if pid <= 0 or pid > MAX_PID:
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
    except (PermissionError, OverflowError):
        return True
    return True


def read_lock(path: Path) -> LockInfo | None:
    """The lock's contents, or None if there is no lock. An unreadable lock counts as live; a
    lock that is a folder raises ProjectLockedError."""
    try:
        raw = path.read_bytes()
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    except OSError:
        if path.is_dir():
            raise _folder_error(path) from None
        return LockInfo("unknown", "unknown", 0, "unknown", time.time(), time.time(), "unreadable")
    digest = "sha256:" + hashlib.sha256(raw).hexdigest()
    try:
        return _parse(json.loads(raw.decode("utf-8")), digest)
    except (ValueError, KeyError, TypeError, AttributeError):
        # Damaged, absurd, or half-written by an older version right now: judge by its age.
        return LockInfo("unknown", "unknown", -1, "unknown", mtime, mtime, digest)


def _parse(data: Any, digest: str) -> LockInfo:
    pid = data["pid"]
    if isinstance(pid, bool) or not isinstance(pid, int | float) or pid != int(pid):
        raise ValueError("pid")
    if not 0 < int(pid) <= MAX_PID:
        raise ValueError("pid")
    times = [float(data["started"]), float(data["heartbeat"])]
    if not all(math.isfinite(t) and 0 <= t <= time.time() + CLOCK_SLACK for t in times):
        raise ValueError("time")
    return LockInfo(
        user=str(data["user"]),
        host=str(data["host"]),
        pid=int(pid),
        app=str(data.get("app", "workbench")),
        started=times[0],
        heartbeat=times[1],
        token=str(data.get("token") or digest),
    )


def lock_state(info: LockInfo, *, now: float | None = None) -> LockState:
    now = time.time() if now is None else now
    if info.pid == -1:
        return LockState.STALE if now - info.heartbeat > UNWRITTEN_GRACE else LockState.LIVE
    if info.host == socket.gethostname() and info.pid > 0 and not pid_alive(info.pid):
        return LockState.STALE
    if now - info.heartbeat > ABANDONED_AFTER:
        return LockState.ABANDONED
    return LockState.LIVE


class ProjectLock:
    """Holds the lock file of one project while it is open for writing."""

    def __init__(self, project_path: Path, *, app: str = "workbench") -> None:
        self.project_path = project_path
        self.path = lock_path(project_path)
        self.takeover_path = self.path.with_name(self.path.name + ".takeover")
        self.app = app
        self._info: LockInfo | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def held(self) -> bool:
        """False once released, or once another process took the lock over."""
        return self._info is not None

    def acquire(self, *, takeover: bool = False) -> None:
        """Create the lock file; raise ProjectLockedError if someone else holds it."""
        token = uuid.uuid4().hex
        for _ in range(100):
            now = time.time()
            mine = LockInfo(
                _user_name(), socket.gethostname(), os.getpid(), self.app, now, now, token
            )
            if self._create(mine):
                return self._holding(mine)
            holder = read_lock(self.path)
            if holder is None:
                continue  # released in between: try again
            state = lock_state(holder, now=now)
            if state is LockState.STALE or (state is LockState.ABANDONED and takeover):
                if self._replace_if_unchanged(holder, mine):
                    return self._holding(mine)
                time.sleep(0.01)  # someone else is taking it over: see who won
                continue
            if holder.pid == -1:  # an older version is writing its lock this very moment
                time.sleep(0.1)
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
            )
        raise ProjectLockedError(self.project_path, "its lock file keeps changing.", "Try again.")

    def _holding(self, info: LockInfo) -> None:
        self._info = info
        self._stop.clear()
        self._thread = threading.Thread(target=self._beat, name="project-lock", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            if not self.refresh():
                return

    def refresh(self) -> bool:
        """Rewrite the heartbeat, only while the lock is still ours; False once it is not."""
        info = self._info
        if info is None:
            return False
        with contextlib.suppress(OSError, WorkbenchError), self._takeover() as exclusive:
            if not exclusive:
                return True  # someone is judging the lock right now: beat next time
            current = read_lock(self.path)
            if current is None or current.token != info.token:
                self._info = None  # taken over: never write over the new holder's lock
                return False
            self._info = replace(info, heartbeat=time.time())
            os.replace(self._write_temp(self._info), self.path)
        return True

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        self._thread = None
        info, self._info = self._info, None
        if info is None:
            return
        with contextlib.suppress(OSError, WorkbenchError), self._takeover(wait=True) as exclusive:
            current = read_lock(self.path)
            if exclusive and current is not None and current.token == info.token:
                self.path.unlink(missing_ok=True)

    # -- creating and replacing ---------------------------------------------------------------
    def _create(self, info: LockInfo) -> bool:
        """Make the lock appear, complete, in one step; False if a lock is already there."""
        if self.path.is_dir():
            raise _folder_error(self.path)
        temp = self._write_temp(info)
        try:
            os.link(temp, self.path)
        except FileExistsError:
            return False
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
            return self._create_without_links(info)  # e.g. FAT or some network shares
        finally:
            temp.unlink(missing_ok=True)
        return True

    def _create_without_links(self, info: LockInfo) -> bool:
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(info), fh)
        return True

    def _write_temp(self, info: LockInfo) -> Path:
        temp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex[:12]}.tmp")
        try:
            fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            try:
                os.write(fd, json.dumps(asdict(info)).encode("utf-8"))
            finally:
                os.close(fd)
        except PermissionError:
            temp.unlink(missing_ok=True)
            raise ProjectLockedError(
                self.project_path,
                "cannot be opened for changes: its folder is read-only.",
                "Open it read-only, or copy it to a folder you can write to.",
            ) from None
        except OSError as exc:
            temp.unlink(missing_ok=True)
            if exc.errno == errno.ENOSPC:
                raise DiskFullError(f"the lock file of {self.project_path.name}") from exc
            raise
        return temp

    def _replace_if_unchanged(self, judged: LockInfo, mine: LockInfo) -> bool:
        """Put our lock in place of ``judged``, if it is still the lock there."""
        with self._takeover() as exclusive:
            if not exclusive:
                return False
            current = read_lock(self.path)
            if current is None or current.token != judged.token:
                return False
            os.replace(self._write_temp(mine), self.path)
            return True

    @contextlib.contextmanager
    def _takeover(self, *, wait: bool = False) -> Iterator[bool]:
        """Hold the exclusive ``.takeover`` file for the block (yields False if another process
        holds it; with ``wait``, after trying for up to a second)."""
        deadline = time.monotonic() + (1.0 if wait else 0.0)
        while True:
            try:
                fd = os.open(self.takeover_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                break
            except FileExistsError:
                _clear_stuck_takeover(self.takeover_path)
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.01)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"host": socket.gethostname(), "pid": os.getpid()}, fh)
            yield True
        finally:
            self.takeover_path.unlink(missing_ok=True)


def _clear_stuck_takeover(path: Path) -> None:
    """Remove a ``.takeover`` file left by a process killed in the middle of a takeover."""
    try:
        raw = path.read_bytes()
        age = time.time() - path.stat().st_mtime
    except OSError:
        return
    try:
        data = json.loads(raw.decode("utf-8"))
        dead = data["host"] == socket.gethostname() and not pid_alive(int(data["pid"]))
    except (ValueError, KeyError, TypeError, OverflowError):
        dead = age > UNWRITTEN_GRACE  # killed between creating and filling it
    if dead or age > TAKEOVER_STUCK:
        with contextlib.suppress(OSError):
            if path.read_bytes() == raw:
                path.unlink()


def _folder_error(path: Path) -> ProjectLockedError:
    project = path.with_name(path.name.removesuffix(".lock"))
    return ProjectLockedError(
        project,
        f"cannot be opened for changes: its lock file {path.name} is a folder.",
        "Remove or rename that folder (the workbench never makes it), or open the project "
        "read-only.",
    )


def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
