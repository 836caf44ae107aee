"""Several coders writing one server project at once, each in its own process.

    python benchmarks/server_load.py URL [--writers 5] [--codings 500]

Each writer is a coder member of the project (added by the owner, who URL logs in as; a project
without members first makes that login its owner). Its process opens the project itself
(``Project.open`` with the member's login), says it is ready, waits
until every writer is, then applies its codings one at a time and reports, for each, the
revision the server acknowledged, the coding's uuid and when the apply began and returned.
``tests/server/test_load.py`` checks what the writers leave behind; ``server_bench.py``
prints the latencies beside the SQLite figures.
"""

from __future__ import annotations

import argparse
import json
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GAP = 20  # characters between two writers' codings' starts: no two codings touch


@dataclass(frozen=True)
class Applied:
    """One acknowledged coding: its writer, uuid, revision, and when the apply began/returned."""

    writer: int
    uuid: str
    revision: int
    began: float
    ended: float

    @property
    def seconds(self) -> float:
        return self.ended - self.began


@dataclass(frozen=True)
class LoadResult:
    applied: list[Applied]
    errors: list[str]  # what a writer printed instead of finishing (a message a user would see)
    wall: float

    def overlapping(self) -> list[Applied]:
        """The applies made while every writer was running (after the last one's first apply
        began, before the first one's last apply returned)."""
        by_writer: dict[int, list[Applied]] = {}
        for a in self.applied:
            by_writer.setdefault(a.writer, []).append(a)
        if not by_writer:
            return []
        first_end = min(max(a.ended for a in w) for w in by_writer.values())
        last_start = max(min(a.began for a in w) for w in by_writer.values())
        return [a for a in self.applied if a.began >= last_start and a.ended <= first_end]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def prepare(location: str, *, writers: int, codings: int) -> tuple[str, str]:
    """One source long enough for every writer's codings, and a code: their uuids (added by
    the owner, who ``location`` logs in as)."""
    from workbench.core.project import Project

    words = "the mentor said trust grows slowly over many meetings "
    length = writers * codings * GAP + GAP
    text = (words * (length // len(words) + 1))[:length]
    with Project.open(location) as project:
        owner = project.member.name if project.member is not None else "Setup"
        source = project.sources.add(name="Load", text=text, coder=owner).created[-1]
        code = project.codebook.add(name="Load code", coder=owner).created[-1]
    return source, code


def add_members(location: str, names: list[str], role: str = "coder") -> list[str]:
    """Members ``names`` in ``role`` (the owner, who ``location`` logs in as, adds them; a project
    without members first makes that login its owner): each one's location."""
    from sqlalchemy import create_engine

    from workbench.core.project import Project
    from workbench.core.server import members

    with Project.open(location) as project:
        url = project.server_url
        assert url is not None
        if project.member is None:  # no members yet: the login that made it becomes owner
            engine = create_engine(url)
            try:
                with engine.begin() as conn:
                    members.add_owner(conn, "Setup")
            finally:
                engine.dispose()
    places = []
    for name in names:
        added = members.add(location, name, role)
        member_url = url.set(username=added.login, password=added.password)
        places.append(member_url.render_as_string(hide_password=False).replace("+psycopg", "", 1))
    return places


def coder_name(writer: int) -> str:
    return f"Coder {writer + 1}"


def writer_main(
    location: str, writer: int, writers: int, codings: int, source: str, code: str, pace: float
) -> None:
    """A writer process (``location`` logs in as coder ``writer``): open, say ready, wait for
    go, then apply up to ``codings`` codings
    (``pace`` seconds apart; 0: back to back) until a line on stdin says stop, printing one
    JSON line per apply."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.project import Project

    out = sys.stdout
    with Project.open(location) as project:
        project.revision()  # connected before the start, as an open window is
        print("ready", file=out, flush=True)
        sys.stdin.readline()
        for i in range(codings):
            start = (i * writers + writer) * GAP
            began = time.perf_counter()
            try:
                changes = project.codings.apply(
                    source=source,
                    code=code,
                    start=start,
                    end=start + GAP // 2,
                    coder=coder_name(writer),
                )
            except WorkbenchError as exc:  # what a user would be shown
                print(json.dumps({"error": str(exc)}), file=out, flush=True)
                return
            ended = time.perf_counter()
            uuid = changes.rows_of("coding")[0].uuid
            print(json.dumps([uuid, changes.revision, began, ended]), file=out)
            if select.select([sys.stdin], [], [], pace)[0]:  # told to stop
                break
    out.flush()


class Writers:
    """``count`` writer processes on ``location``, each a coder member of the project (added
    by the owner ``location`` logs in as), started and ready; ``go`` lets them write."""

    def __init__(
        self, location: str, *, count: int = 5, codings: int = 500, pace: float = 0.0
    ) -> None:
        source, code = prepare(location, writers=count, codings=codings)
        script = str(Path(__file__).resolve())
        self.procs = [
            subprocess.Popen(
                [sys.executable, script, place, "--writer", str(n), "--writers", str(count),
                 "--codings", str(codings), "--pace", str(pace), "--source", source,
                 "--code", code],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
            )
            for n, place in enumerate(add_members(location, [coder_name(n) for n in range(count)]))
        ]  # fmt: skip
        self.errors: list[str] = []
        for proc in self.procs:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            if line != "ready":
                self.errors.append(f"a writer did not start: {line!r}")
        self.began = 0.0
        # Read as they write, so that no writer ever waits on a full pipe.
        self._lines: list[list[str]] = [[] for _ in self.procs]
        self._readers = [
            threading.Thread(target=lambda p=p, out=out: out.extend(p.stdout), daemon=True)
            for p, out in zip(self.procs, self._lines, strict=True)
        ]
        for reader in self._readers:
            reader.start()

    def _tell(self, word: str) -> None:
        for proc in self.procs:
            assert proc.stdin is not None
            if proc.poll() is None:
                proc.stdin.write(word + "\n")
                proc.stdin.flush()

    def go(self) -> None:
        self.began = time.perf_counter()
        self._tell("go")

    def stop(self) -> None:
        self._tell("stop")

    def collect(self) -> LoadResult:
        """Wait for every writer to finish; what they applied and any error they met."""
        applied: list[Applied] = []
        try:
            for n, proc in enumerate(self.procs):
                self._readers[n].join()
                for line in self._lines[n]:
                    row = json.loads(line)
                    if isinstance(row, dict):
                        self.errors.append(f"writer {n}: {row['error']}")
                    else:
                        applied.append(Applied(n, row[0], row[1], row[2], row[3]))
                if proc.wait() != 0:
                    self.errors.append(f"writer {n} exited with {proc.returncode}")
        finally:
            self.kill()
        return LoadResult(applied, self.errors, time.perf_counter() - self.began)

    def kill(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def run_load(location: str, *, writers: int = 5, codings: int = 500) -> LoadResult:
    """Start ``writers`` processes on ``location`` and let them apply ``codings`` each at once,
    back to back."""
    team = Writers(location, count=writers, codings=codings)
    team.go()
    return team.collect()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("location")
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--codings", type=int, default=500)
    parser.add_argument("--writer", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--code", help=argparse.SUPPRESS)
    parser.add_argument("--pace", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer is not None:
        writer_main(
            args.location,
            args.writer,
            args.writers,
            args.codings,
            args.source,
            args.code,
            args.pace,
        )
        return 0
    result = run_load(args.location, writers=args.writers, codings=args.codings)
    times = [a.seconds for a in result.overlapping()]
    print(
        f"{len(result.applied)} codings in {result.wall:.1f} s; with all {args.writers} "
        f"running: p50 {percentile(times, 50) * 1000:.1f} ms, "
        f"p99 {percentile(times, 99) * 1000:.1f} ms ({len(times)} applies)"
    )
    for error in result.errors:
        print(error, file=sys.stderr)
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
