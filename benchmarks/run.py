"""``make bench``: build the reference project R once, then measure the foundation's targets.

    python benchmarks/run.py [--scale 1.0] [--fresh]
    python benchmarks/run.py --scales 0.25,1,4 [--repeat 3]

R is cached in benchmarks/.cache/ (not committed); --fresh rebuilds it and times the build.
The team server's rows (``server_bench.py``) publish R to a throwaway local PostgreSQL.
``--scales`` prints issue 18's table instead, a column per scale of R (``scale.py``: each
operation in fresh processes, with its peak memory; each scale built once and cached).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import codebook_pdf  # noqa: E402
import gui_desk  # noqa: E402
import media as media_benchmark  # noqa: E402
import scale as scale_benchmark  # noqa: E402
import search as search_benchmark  # noqa: E402
import server_bench  # noqa: E402
import teamwork as teamwork_benchmark  # noqa: E402
from make_corpus import build  # noqa: E402

from workbench.core.project import Project  # noqa: E402

CACHE = HERE / ".cache"
CODER = "Bench Coder"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def open_and_tree(path: Path) -> float:
    """Open R and build the code tree with counts, as the running app does (fresh Project)."""
    begin = time.perf_counter()
    with Project.open(path, read_only=True) as project:
        project.codebook.tree()
        project.sources.list()
        return time.perf_counter() - begin


def cold_open_and_tree(path: Path) -> float:
    """Open R and build the code tree with counts in a fresh process (cold Python, warm cache)."""
    code = (
        "import time,sys; t=time.perf_counter();"
        "from workbench.core.project import Project;"
        f"p=Project.open({str(path)!r}, read_only=True); p.codebook.tree(); p.sources.list();"
        "print(time.perf_counter()-t); p.close()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--scales", help='issue 18\'s table at these scales, e.g. "0.25,1,4"')
    parser.add_argument("--repeat", type=int, default=3, help="with --scales: runs per figure")
    args = parser.parse_args()
    if args.scales:
        return scale_benchmark.main(["--scales", args.scales, "--repeat", str(args.repeat)])
    CACHE.mkdir(exist_ok=True)
    reference = CACHE / f"R-{args.scale:g}.qwb"
    rows: list[tuple[str, str, str]] = []
    if args.fresh or not reference.exists():
        reference.unlink(missing_ok=True)
        print(f"Building {reference.name} …", file=sys.stderr)
        timings = build(reference, scale=args.scale)
        rows.append(("create R", f"{timings['total']:.1f} s", "—"))
    # Backups made while measuring go to a scratch folder, not the user's data folder.
    os.environ.setdefault("WORKBENCH_DATA_DIR", str(CACHE / "user-data"))
    with Project.open(reference):  # a cached R from an older build: upgrade it once
        pass
    work = CACHE / "R-work.qwb"
    shutil.copyfile(reference, work)
    rows.append(("file size of R", f"{reference.stat().st_size / 1e6:.1f} MB", "—"))

    rows.append(
        (
            "open R + code tree with counts + sources (in the running app)",
            ms(statistics.median(open_and_tree(work) for _ in range(3))),
            "≤ 1 s",
        )
    )
    rows.append(
        (
            "  the same in a new process (Python and SQLAlchemy imports included)",
            ms(statistics.median(cold_open_and_tree(work) for _ in range(3))),
            "—",
        )
    )
    with Project.open(work) as project:
        times = []
        for _ in range(5):
            begin = time.perf_counter()
            forest = project.codebook.tree()
            times.append(time.perf_counter() - begin)
        rows.append(
            ("code tree with counts (warm, median of 5)", ms(statistics.median(times)), "≤ 1 s")
        )
        info = project.info()
        long_uuid = project.sources.find("long-interview")
        times = []
        for _ in range(20):
            begin = time.perf_counter()
            codings = project.codings.of_source(long_uuid)
            text = project.sources.text(long_uuid)
            times.append(time.perf_counter() - begin)
        rows.append(
            (
                f"codings of the {len(text):,}-char source ({len(codings):,}) + text, median",
                ms(statistics.median(times)),
                "≤ 100 ms",
            )
        )
        concepts = [n.uuid for n in forest[0].children[0].children] or [forest[0].uuid]
        sources = [s.uuid for s in project.sources.list()[:50]]
        commits = []
        for i in range(1000):
            begin = time.perf_counter()
            project.codings.apply(
                source=sources[i % len(sources)],
                code=concepts[i % len(concepts)],
                start=i,
                end=i + 25,
                coder=CODER,
            )
            commits.append(time.perf_counter() - begin)
        rows.append(
            ("apply 1,000 codings one at a time: median", ms(statistics.median(commits)), "—")
        )
        rows.append(
            ("apply 1,000 codings one at a time: p99", ms(percentile(commits, 99)), "≤ 50 ms")
        )
    work.unlink()
    for codes, target in ((300, "≤ 3 s"), (1000, "≤ 10 s")):
        seconds, pages, _ = codebook_pdf.measure(codes, repeat=1)
        label = f"codebook PDF, {codes:,} codes, TOC + quotes ({pages} pages)"
        rows.append((label, f"{seconds:.2f} s", target))
    # Full-text search (issue 5): rebuild, index size, query latencies, incremental update.
    rows.extend(search_benchmark.measure(reference))
    # Teamwork (issue 6): merging two coders' copies of R, agreement on R.
    rows.extend(teamwork_benchmark.measure(reference))
    # The main window on R (issue 15): applying a code until painted and until every panel is
    # idle, the search panel's long lists.
    rows.extend(gui_desk.measure(reference))
    # Recordings (issue 17): a 2-hour AAC recording's waveform, its source painted.
    rows.extend(media_benchmark.measure())
    # The team server (issue 16): R published to a throwaway local PostgreSQL.
    rows.extend(server_bench.measure(reference))
    print(
        f"\nReference project: {info.sources:,} sources, {info.codes:,} codes, "
        f"{info.codings:,} codings, {info.cases} cases\n"
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'result':>12}  target")
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>12}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
