"""``make server`` / ``make server-stop``: one persistent local PostgreSQL for trying things out.

The cluster lives in the user data folder (``server/``), keeps its port between starts and
holds one database, ``workbench``, with C collation. As root (where PostgreSQL runs as
``nobody``, who cannot enter root's home) it lives in the temp directory instead.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from workbench.core.paths import user_data_dir
from workbench.core.server import local_cluster
from workbench.core.server.local_cluster import ClusterError, LocalCluster

DATABASE = "workbench"
PORT_FILE = "port"


def server_dir() -> Path:
    if local_cluster.as_root():
        return Path(tempfile.gettempdir()) / "workbench-server-root"
    return user_data_dir() / "server"


def _cluster(data_dir: Path) -> LocalCluster | None:
    """The cluster already made in ``data_dir``, if any."""
    try:
        port = int((data_dir / PORT_FILE).read_text())
    except (OSError, ValueError):
        return None
    return LocalCluster(data_dir=data_dir, port=port, bin_dir=local_cluster.server_bin_dir())


def user_url(cluster: LocalCluster) -> str:
    """The URL to give the workbench (``postgresql://``: what a user would type)."""
    return f"postgresql://{local_cluster.SUPERUSER}@127.0.0.1:{cluster.port}/{DATABASE}"


def start(data_dir: Path) -> LocalCluster:
    """Start the persistent cluster (making it on first use); a running one is left as is."""
    cluster = _cluster(data_dir)
    if cluster is None:
        cluster = local_cluster.init_cluster(data_dir)
        (data_dir / PORT_FILE).write_text(str(cluster.port))
        cluster.start()
        cluster.create_database(DATABASE)
    elif not cluster.running():
        if not local_cluster.port_free(cluster.port):
            cluster.port = local_cluster.free_port()
            (data_dir / PORT_FILE).write_text(str(cluster.port))
        cluster.start()
    return cluster


def stop(data_dir: Path) -> bool:
    """Stop the persistent cluster; whether one was running."""
    cluster = _cluster(data_dir)
    if cluster is None or not cluster.running():
        return False
    cluster.stop()
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in (["start"], ["stop"]):
        print("usage: python -m workbench.core.server.dev_server start|stop", file=sys.stderr)
        return 2
    data_dir = server_dir()
    try:
        if args == ["start"]:
            cluster = start(data_dir)
            print(f"PostgreSQL in {data_dir} is running. Open this URL:\n  {user_url(cluster)}")
        elif stop(data_dir):
            print(f"Stopped the PostgreSQL in {data_dir}.")
        else:
            print(f"No PostgreSQL was running in {data_dir}.")
    except ClusterError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
