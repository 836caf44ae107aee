"""The team server's figures (issue 16), for ``make bench``: R published to a local PostgreSQL.

    python benchmarks/server_bench.py [--scale 1] [--applies 300]

A throwaway, durable local server (commits wait for the disk, as on a real one) is started,
R is published to it, and measured: opening it as the window does, applying codings while five
other coders' processes write (and the client CPU time each takes), how soon another client
reads a change (a second process LISTENing) and what its catch-up read costs, five coders
writing back to back (``server_load.py``), and a snapshot of R. The server is discarded
afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from server_load import Writers, add_members, percentile, run_load  # noqa: E402

from workbench.core.project import Project  # noqa: E402
from workbench.core.server import local_cluster  # noqa: E402

Row = tuple[str, str, str]
CODER = "Bench Coder"
WRITERS = 5
PACE = 0.5
"""Seconds between two codings of each of the five background coders while the applies and the
change feed are measured: 10 commits a second in all, far busier than five people coding."""
FIRST_PAGE = 200  # the sources list's first fetch (gui/panels/sources_model.FETCH_BATCH)
GAP = 0.05  # seconds between the measured applies, so that each is seen on its own


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def location_of(cluster: local_cluster.LocalCluster, database: str) -> str:
    return cluster.url(database).replace("postgresql+psycopg://", "postgresql://", 1)


def new_server_project(cluster: local_cluster.LocalCluster, database: str) -> str:
    """An empty project in a new database of ``cluster``: its location."""
    from sqlalchemy import create_engine

    from workbench.core.server.schema import create_server_project

    engine = create_engine(cluster.create_database(database))
    try:
        with engine.begin() as conn:
            create_server_project(conn, name=database)
    finally:
        engine.dispose()
    return location_of(cluster, database)


def open_as_window(location: str) -> float:
    """Open and read what the window shows first: the code tree with counts, the first page
    of the sources list (a fresh Project, in this process)."""
    begin = time.perf_counter()
    with Project.open(location) as project:
        project.codebook.tree()
        project.sources.first(count=FIRST_PAGE)
        return time.perf_counter() - begin


def cold_open_as_window(location: str) -> float:
    """``open_as_window`` in a new process (Python, SQLAlchemy and psycopg imports included)."""
    code = (
        "import sys,time; t=time.perf_counter(); sys.path.insert(0, sys.argv[2]);"
        "from server_bench import open_as_window; open_as_window(sys.argv[1]);"
        "print(time.perf_counter()-t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, location, str(HERE)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    return float(done.stdout.strip())


# -- another client: a process that LISTENs and reads what changed ----------------------------
def window_open(location: str) -> Row:
    """The main window opening the project from the server as a coder, until every panel is
    painted and it takes input (``gui_open.py --location``: min of 3 fresh processes)."""
    done = subprocess.run(
        [sys.executable, str(HERE / "gui_open.py"), "--location", location, "--repeat", "3"],
        check=True,
        capture_output=True,
        text=True,
    )
    usable = done.stdout.split("open → usable ", 1)[1].split(" ms", 1)[0]
    return (
        "open R from the server in the window, as a coder: open → usable",
        f"{usable} ms",
        "≤ 2 s",
    )


def watch_main(location: str) -> None:
    """Print ``ready`` once listening (``ChangeListener``, as a window does), then one JSON line
    ``[monotonic time, uuids]`` each time it has read the rows changed since the revision it
    last saw (``changes_since``); stop on a line on stdin."""
    from workbench.core.server.listener import ChangeListener

    with Project.open(location) as project:
        seen = project.revision()

        def read(revision: int) -> None:
            nonlocal seen
            changes = project.changes_since(seen)
            print(json.dumps([time.monotonic(), changes.updated]), flush=True)
            seen = changes.revision

        listener = ChangeListener(
            project.server_url or location,
            since=seen,
            on_change=read,
            on_state=lambda _up, _message: None,
        )
        listener.start()
        if not listener.listening.wait(30):
            raise SystemExit("the listener did not connect")
        print("ready", flush=True)
        sys.stdin.readline()
        listener.stop()


@contextmanager
def watcher(location: str) -> Iterator[dict[str, float]]:
    """A listening client in another process; yields uuid → when that client had read it."""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--watch", location],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None
    seen: dict[str, float] = {}
    try:
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the listening client did not start")
        yield seen
        proc.stdin.write("stop\n")
        proc.stdin.flush()
        for line in proc.stdout:
            when, uuids = json.loads(line)
            for uuid in uuids:
                seen.setdefault(uuid, when)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def apply_under_load(owner: str, coder: str, reader: str, applies: int) -> list[Row]:
    """As member ``coder``, apply codings one at a time on R's sources while five other coders
    (added by ``owner``) write and ``reader`` listens in another process: each apply's
    acknowledged time, and how long until the listening client had read it."""
    with Project.open(coder) as project:
        forest = project.codebook.tree()
        concepts = [n.uuid for n in forest[0].children[0].children] or [forest[0].uuid]
        sources = [s.uuid for s in project.sources.first(count=50)[0]]
        team = Writers(owner, count=WRITERS, codings=10_000, pace=PACE)
        try:
            with watcher(reader) as seen:
                team.go()
                time.sleep(1.0)  # every writer is coding
                acknowledged, cpu, sent = [], [], {}
                for i in range(applies):
                    began, at = time.perf_counter(), time.monotonic()
                    cpu_began = time.process_time()
                    changes = project.codings.apply(
                        source=sources[i % len(sources)],
                        code=concepts[i % len(concepts)],
                        start=i,
                        end=i + 25,
                        coder=CODER,
                    )
                    acknowledged.append(time.perf_counter() - began)
                    cpu.append(time.process_time() - cpu_began)
                    sent[changes.rows_of("coding")[0].uuid] = at
                    time.sleep(GAP)
                time.sleep(1.0)  # the last change reaches the other client
                team.stop()
        except BaseException:
            team.kill()
            raise
        load = team.collect()
    if load.errors:
        raise RuntimeError("; ".join(load.errors))
    visible = [seen[u] - at for u, at in sent.items() if u in seen]
    missed = len(sent) - len(visible)
    label = (
        f"apply a coding, acknowledged, with {WRITERS} coders writing "
        f"(each every {PACE:g} s: {len(load.applied)} codings)"
    )
    return [
        (f"{label}: p50", ms(percentile(acknowledged, 50)), "≤ 20 ms"),
        (f"{label}: p99", ms(percentile(acknowledged, 99)), "≤ 50 ms"),
        ("  CPU time of this client per apply: p50", ms(percentile(cpu, 50)), "—"),
        (
            "change visible in another client (ChangeListener + changes_since): p95"
            + (f", {missed} never seen" if missed else ""),
            ms(percentile(visible, 95)) if visible else "never",
            "≤ 300 ms",
        ),
    ]  # fmt: skip


def flat_out(cluster: local_cluster.LocalCluster) -> list[Row]:
    """Five coders' processes applying 500 codings each back to back (the load test)."""
    location = new_server_project(cluster, "load")
    result = run_load(location, writers=WRITERS, codings=500)
    if result.errors:
        raise RuntimeError("; ".join(result.errors))
    times = [a.seconds for a in result.overlapping()]
    label = f"{WRITERS} coders x 500 codings back to back ({result.wall:.1f} s)"
    return [
        (f"{label}: apply p50", ms(percentile(times, 50)), "—"),
        (f"{label}: apply p99", ms(percentile(times, 99)), "—"),
    ]


def changes_since_last(location: str) -> Row:
    """What a listening client reads per change: ``changes_since`` the revision before the
    newest one, on all of R (median of 5)."""
    with Project.open(location) as project:
        last = project.revision() - 1
        times = []
        for _ in range(5):
            begin = time.perf_counter()
            project.changes_since(last)
            times.append(time.perf_counter() - begin)
    return ("changes_since(the revision before the last) on R", ms(statistics.median(times)), "—")


def timed_snapshot(location: str, out: Path) -> Row:
    label = "snapshot of R from the server"
    try:
        from workbench.core.server.snapshot import snapshot
    except ImportError:  # branch publish's snapshot is not merged yet
        return (label, "not run", "≤ 15 s")
    begin = time.perf_counter()
    snapshot(location, out)
    return (label, f"{time.perf_counter() - begin:.1f} s", "≤ 15 s")


def measure(reference: Path, *, applies: int = 300) -> list[Row]:
    """Rows (measure, result, target) for the team server on ``reference``."""
    from workbench.core.server.publish import publish

    rows: list[Row] = []
    try:
        cluster = local_cluster.start_throwaway(durable=True)
    except local_cluster.ClusterError as exc:  # the file figures stand without a server
        print(f"No team server figures: {exc}", file=sys.stderr)
        return [("team server (no local PostgreSQL, see above)", "not run", "—")]
    folder = Path(tempfile.mkdtemp(prefix="server-bench-"))
    try:
        location = location_of(cluster, "r")
        begin = time.perf_counter()
        publish(reference, location)
        rows.append(("publish R to the server", f"{time.perf_counter() - begin:.1f} s", "—"))
        coder = add_members(location, [CODER])[0]
        reader = add_members(location, ["Bench Reader"], "reader")[0]
        for who, place in (("the owner", location), ("a coder", coder)):
            rows.append(
                (
                    f"open R from the server as {who} + code tree with counts + first sources",
                    ms(statistics.median(open_as_window(place) for _ in range(3))),
                    "≤ 2 s",
                )
            )
        rows.append(
            (
                "  the same in a new process (imports included)",
                ms(statistics.median(cold_open_as_window(coder) for _ in range(3))),
                "—",
            )
        )
        rows.append(window_open(coder))
        rows.extend(apply_under_load(location, coder, reader, applies))
        rows.append(changes_since_last(location))
        rows.append(timed_snapshot(location, folder / "R-snapshot.qwb"))
        rows.extend(flat_out(cluster))
    finally:
        local_cluster.discard(cluster)
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--applies", type=int, default=300)
    parser.add_argument("--watch", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.watch:
        watch_main(args.watch)
        return 0
    reference = HERE / ".cache" / f"R-{args.scale:g}.qwb"
    # Backups made while measuring go to a scratch folder, not the user's data folder.
    os.environ.setdefault("WORKBENCH_DATA_DIR", str(reference.parent / "user-data"))
    if not reference.exists():
        print(f"{reference} is missing: `make bench` builds it", file=sys.stderr)
        return 1
    rows = measure(reference, applies=args.applies)
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>12}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
