"""A local PostgreSQL cluster for development and tests: start, create a database, stop.

The binaries come from, in order: ``$WORKBENCH_PG_BIN``, the ``pgserver`` wheel (installed by
the ``test`` and ``server`` extras), ``pg_config --bindir``, Debian's ``/usr/lib/postgresql/N/bin``,
then ``PATH``. PostgreSQL refuses to run as root, so when we are root (CI), every server command
runs as the unprivileged ``nobody`` through ``setpriv``, in a data directory that user owns.

Each cluster records the pid of the process that started it (``owner.pid``); a later start
stops the clusters of owners that are gone (a killed test run), so no postmaster outlives them.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from workbench.core.lockfile import pid_alive

SUPERUSER = "postgres"
OWNER_FILE = "owner.pid"
THROWAWAY_PREFIX = "workbench-pg-"
START_TIMEOUT_S = 30.0
_RUN_AS = "nobody"  # when root: a user that exists on every Unix and owns nothing of ours
_SOCKET_PATH_MAX = 100  # a unix socket path is limited to 107 bytes on Linux, 103 on macOS


class ClusterError(RuntimeError):
    """The local PostgreSQL could not be found, started or stopped; the message says why."""


def find_bin_dir() -> Path:
    """The directory holding ``initdb``, ``pg_ctl`` and ``postgres``."""
    exe = ".exe" if sys.platform == "win32" else ""
    candidates: list[Path] = []
    if env := os.environ.get("WORKBENCH_PG_BIN"):
        candidates.append(Path(env))
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.submodule_search_locations:
        candidates += [Path(p) / "pginstall" / "bin" for p in spec.submodule_search_locations]
    if pg_config := shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True
            )
            candidates.append(Path(out.stdout.strip()))
    debian = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()]
    candidates += sorted(debian, key=lambda p: int(p.parent.name), reverse=True)  # newest first
    if on_path := shutil.which("initdb"):
        candidates.append(Path(on_path).resolve().parent)
    for bin_dir in candidates:
        if all((bin_dir / f"{name}{exe}").is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return bin_dir
    raise ClusterError(
        "No PostgreSQL server binaries found (initdb, pg_ctl, postgres). Install the test extra "
        "(`pip install -e '.[test]'`, which brings the pgserver wheel), install your system's "
        "PostgreSQL server package, or set WORKBENCH_PG_BIN to its bin directory. Looked in: "
        + (", ".join(str(c) for c in candidates) or "nothing")
    )


def as_root() -> bool:
    return sys.platform != "win32" and os.geteuid() == 0


def _run_as_prefix() -> list[str]:
    """The command prefix that drops root for the server's processes (empty when not root)."""
    if not as_root():
        return []
    import pwd

    user = pwd.getpwnam(_RUN_AS)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise ClusterError("running as root, but setpriv (util-linux) is missing to drop root")
    return [setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]


def _give_to_server_user(path: Path) -> None:
    """Make ``path`` (and what is in it) the server user's, when we run as root."""
    if not as_root():
        return
    import pwd

    user = pwd.getpwnam(_RUN_AS)
    for p in [path, *path.rglob("*")]:
        os.chown(p, user.pw_uid, user.pw_gid)


def reachable_bin_dir(bin_dir: Path) -> Path:
    """``bin_dir``, or (as root) a copy of its installation the server user can read.

    A venv under /root cannot be entered by ``nobody``. The copy keeps the installation's place
    beside its sibling ``*.libs`` folders (where a wheel's binaries find their libraries); it goes
    to the temp directory once per version and is reused.
    """
    if not as_root():
        return bin_dir
    probe = [*_run_as_prefix(), "/bin/sh", "-c", 'test -r "$1" && test -x "$1"', "sh"]
    if subprocess.run([*probe, str(bin_dir / "postgres")], capture_output=True).returncode == 0:
        return bin_dir
    install = bin_dir.parent
    version = subprocess.run(
        [str(bin_dir / "postgres"), "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[-1]
    copy = Path(tempfile.gettempdir()) / f"workbench-pg-install-{version}"
    if not (copy / install.parent.name / install.name / "bin" / "postgres").is_file():
        partial = Path(tempfile.mkdtemp(prefix="workbench-pg-partial-"))
        shutil.copytree(install, partial / install.parent.name / install.name, symlinks=True)
        for libs in install.parent.parent.glob("*.libs"):
            shutil.copytree(libs, partial / libs.name, symlinks=True)
        partial.chmod(0o755)
        try:
            partial.rename(copy)
        except OSError:  # another run made it first
            shutil.rmtree(partial, ignore_errors=True)
    return copy / install.parent.name / install.name / "bin"


@functools.cache
def server_bin_dir() -> Path:
    """The binaries this process runs (looked up once)."""
    return reachable_bin_dir(find_bin_dir())


def port_free(port: int) -> bool:
    """Whether nothing listens on 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def process_running(pid: int) -> bool:
    """Whether process ``pid`` runs: exists and is no zombie (a stopped postmaster stays one
    until init, its parent once ``pg_ctl`` has exited, reaps it)."""
    if not pid_alive(pid):
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no /proc (macOS), or gone meanwhile
        return pid_alive(pid)
    return stat.rpartition(")")[2].split()[0] != "Z"


def postmaster_pid(data_dir: Path) -> int | None:
    """The pid of the cluster's running postmaster, if one runs."""
    try:
        first = (data_dir / "postmaster.pid").read_text().splitlines()[0]
        pid = int(first)
    except (OSError, IndexError, ValueError):
        return None
    return pid if process_running(pid) else None


@dataclass
class LocalCluster:
    """A PostgreSQL cluster in ``data_dir`` listening on 127.0.0.1:``port`` (and a unix socket)."""

    data_dir: Path
    port: int
    bin_dir: Path

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    @property
    def socket_dir(self) -> Path:
        return self.data_dir if len(str(self.data_dir)) < _SOCKET_PATH_MAX else self.pgdata

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of ``database`` (TCP, the superuser, no password)."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _ctl(
        self, *args: str, timeout: float = START_TIMEOUT_S
    ) -> subprocess.CompletedProcess[str]:
        cmd = [*_run_as_prefix(), str(self.bin_dir / "pg_ctl"), "-D", str(self.pgdata), *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout + 10)

    def running(self) -> bool:
        return postmaster_pid(self.pgdata) is not None

    def start(self, *, durable: bool = True) -> None:
        """Start the server and wait until it accepts connections.

        ``durable=False`` (tests) turns fsync off: much faster, and a crash may lose the data.
        """
        options = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories='{'' if sys.platform == 'win32' else self.socket_dir}'",
        ]
        if not durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        log = self.data_dir / "server.log"
        done = self._ctl(
            "-l", str(log), "-o", " ".join(options), "-w", "-t", str(int(START_TIMEOUT_S)), "start"
        )
        if done.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterError(
                f"PostgreSQL in {self.pgdata} did not start on port {self.port}:\n"
                f"{done.stdout}{done.stderr}\n{tail}"
            )

    def stop(self, *, immediate: bool = False) -> None:
        """Stop the server and wait until it is gone.

        Fast shutdown (a checkpoint) by default, immediate if that hangs or if asked
        (``immediate=True``: no checkpoint, for a cluster about to be deleted)."""
        pid = postmaster_pid(self.pgdata)
        if pid is None:
            return
        if immediate or self._ctl("-m", "fast", "-w", "-t", "20", "stop", timeout=20).returncode:
            self._ctl("-m", "immediate", "-w", "-t", "10", "stop", timeout=10)
        _wait_gone(pid)

    def create_database(self, name: str) -> str:
        """Create ``name`` with C collation (so ``ORDER BY`` matches SQLite); its URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(
                sql.SQL(
                    "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' "
                    "TEMPLATE template0"
                ).format(sql.Identifier(name))
            )
        return self.url(name)


def _wait_gone(pid: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while process_running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if process_running(pid):
        with contextlib.suppress(OSError):
            os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))  # no SIGKILL on Windows


def init_cluster(data_dir: Path, *, port: int | None = None) -> LocalCluster:
    """A new, stopped cluster in ``data_dir`` (created; it must be new or empty)."""
    bin_dir = server_bin_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / OWNER_FILE).write_text(str(os.getpid()))
    cluster = LocalCluster(data_dir=data_dir, port=port or free_port(), bin_dir=bin_dir)
    _give_to_server_user(data_dir)
    probe = [*_run_as_prefix(), "/bin/sh", "-c", 'test -w "$1"', "sh", str(data_dir)]
    if as_root() and subprocess.run(probe, capture_output=True).returncode != 0:
        raise ClusterError(
            f"PostgreSQL runs as {_RUN_AS!r} when started by root, and {_RUN_AS!r} cannot enter "
            f"{data_dir}: choose a folder whose parents others may enter (e.g. under /tmp)"
        )
    cmd = [
        *_run_as_prefix(),
        str(bin_dir / "initdb"),
        "-D", str(cluster.pgdata),
        "-U", SUPERUSER,
        "-A", "trust",  # listens on 127.0.0.1 and a private socket only
        "-E", "UTF8",
        "--locale=C",
        "--no-sync",
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise ClusterError(f"initdb failed in {cluster.pgdata}:\n{done.stdout}{done.stderr}")
    return cluster


def stop_abandoned(parent: Path) -> list[Path]:
    """Stop and remove the throwaway clusters under ``parent`` whose starting process is gone."""
    removed = []
    for data_dir in parent.glob(f"{THROWAWAY_PREFIX}*"):
        try:
            owner = int((data_dir / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if process_running(owner):
            continue
        orphan = LocalCluster(data_dir=data_dir, port=0, bin_dir=server_bin_dir())
        orphan.stop(immediate=True)
        shutil.rmtree(data_dir, ignore_errors=True)
        removed.append(data_dir)
    return removed


def start_throwaway(*, attempts: int = 3, durable: bool = False) -> LocalCluster:
    """Start a fast, non-durable cluster in a new temporary directory (for tests; benchmarks
    ask for ``durable``, so that a commit waits for the disk as it would on a real server).

    Remove it with :func:`discard`. The port is free when chosen; if another process takes it
    before the server binds it, the start is retried on another port.
    """
    parent = Path(tempfile.gettempdir())
    stop_abandoned(parent)
    data_dir = Path(tempfile.mkdtemp(prefix=THROWAWAY_PREFIX, dir=parent))
    data_dir.chmod(0o755)
    try:
        cluster = init_cluster(data_dir)
    except BaseException:
        shutil.rmtree(data_dir, ignore_errors=True)
        raise
    for attempt in range(attempts):
        try:
            cluster.start(durable=durable)
            return cluster
        except ClusterError:
            if attempt == attempts - 1:
                discard(cluster)
                raise
            cluster.port = free_port()
    raise AssertionError("unreachable")


def discard(cluster: LocalCluster) -> None:
    """Stop a throwaway cluster and delete its directory."""
    cluster.stop(immediate=True)
    shutil.rmtree(cluster.data_dir, ignore_errors=True)
