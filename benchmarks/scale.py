"""Issue 18's table: what grows with the project, measured at several scales of R.

    python benchmarks/scale.py --scales 0.25,1,4 [--repeat 3]

(``make bench SCALES="0.25 1 4"`` runs it after the usual table.) Each scale's project is built
once by ``make_corpus`` and cached in ``benchmarks/.cache/R-<scale>.qwb``, with what the
operations need (the project exported as ``.qdpx``, a coder's copy with 1,000+ changes).

Every operation runs in a fresh process, on a copy of the cached files; its peak memory is that
process's maximum resident set (Linux's ``VmHWM``, else ``resource.getrusage``), which counts
SQLite's page caches and Whoosh's pools as well as Python objects (tracemalloc would miss them). The
search rebuild's memory is sampled during the rebuild alone (``search_build.py``). Each figure is
the median of ``--repeat`` runs (3 by default; 1 at 4R takes ~5 minutes on 2 busy cores).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from make_corpus import CODERS, cached  # noqa: E402

Figures = dict[str, float]


def _peak_mb() -> float:
    """This process's peak resident memory so far (MiB). Linux's ``VmHWM`` starts afresh with
    the program; ``ru_maxrss`` keeps the parent's peak across fork and exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="scale-bench-"))


def _prepared(reference: Path, suffix: str) -> Path:
    return reference.with_name(f"{reference.stem}{suffix}")


def prepare(reference: Path) -> Figures:
    """Make (once) the files the operations start from: the project as ``.qdpx``, and a
    project with a coder's copy of it that has 1,000 new codings, 20 removed, 15 definitions,
    and another with 5 changes (the coder, 2 new codings, 1 removed, 1 definition)."""
    from teamwork import _edit_copy, _edit_small

    from workbench.core.project import Project
    from workbench.core.refi import export_qdpx
    from workbench.core.teamwork.share_copy import share_copy

    with Project.open(reference):  # a cached project from an older build: upgrade it once
        pass
    qdpx = _prepared(reference, ".qdpx")
    if not qdpx.exists():
        with Project.open(reference, read_only=True) as project:
            export_qdpx(project, qdpx.with_suffix(".part"))
        qdpx.with_suffix(".part").rename(qdpx)
    team, copy = _prepared(reference, "-team.qwb"), _prepared(reference, "-copy.qwb")
    if not (team.exists() and copy.exists()):
        folder = _scratch()
        shutil.copyfile(reference, folder / "team.qwb")
        with Project.open(folder / "team.qwb") as project:
            shared = [n.uuid for n in project.codebook.all()[:5]]
            share_copy(project, folder / "copy.qwb", coder=CODERS[0])
        _edit_copy(folder / "copy.qwb", "Ben", 1, shared)
        shutil.move(folder / "copy.qwb", copy)
        shutil.move(folder / "team.qwb", team)
        shutil.rmtree(folder, ignore_errors=True)
    small = _prepared(reference, "-small-copy.qwb")
    if not small.exists():
        folder = _scratch()
        shutil.copyfile(team, folder / "team.qwb")  # the same file id: the copy's base is team
        with Project.open(folder / "team.qwb") as project:
            share_copy(project, folder / "copy.qwb", coder=CODERS[0])
        _edit_small(folder / "copy.qwb", "Ben")
        shutil.move(folder / "copy.qwb", small)
        shutil.rmtree(folder, ignore_errors=True)
    if not (HERE / ".cache" / f"search-cache-{reference.stem}").exists():
        _in_fresh_process("index", reference)
    return {}


def op_index(reference: Path) -> Figures:
    """Build the search index the window uses (``gui_desk.py`` keeps it per project), so that
    the window's figures do not include a rebuild."""
    from workbench.core.project import Project

    folder = HERE / ".cache" / f"search-cache-{reference.stem}"
    os.environ["WORKBENCH_CACHE_DIR"] = str(folder.with_suffix(".part"))
    with Project.open(reference) as project:  # a read-only project keeps no index
        project.search.rebuild(wait=True)
    folder.with_suffix(".part").rename(folder)
    return {}


def _timed(work: Callable[[], object]) -> float:
    begin = time.perf_counter()
    work()
    return time.perf_counter() - begin


def op_export(reference: Path) -> Figures:
    from workbench.core.project import Project
    from workbench.core.refi import export_qdpx

    folder = _scratch()
    try:
        with Project.open(reference, read_only=True) as project:
            seconds = _timed(lambda: export_qdpx(project, folder / "R.qdpx"))
        return {"export": seconds, "export_mb": _peak_mb()}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def op_import(reference: Path) -> Figures:
    from workbench.core.refi import import_qdpx

    folder = _scratch()
    try:
        qdpx = _prepared(reference, ".qdpx")
        seconds = _timed(lambda: import_qdpx(qdpx, folder / "R.qwb", coder="Bench"))
        return {"import": seconds, "import_mb": _peak_mb()}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _merge(reference: Path, copy: str, key: str) -> Figures:
    from workbench.core.project import Project
    from workbench.core.teamwork.merge import merge_copy

    folder = _scratch()
    try:
        shutil.copyfile(_prepared(reference, "-team.qwb"), folder / "team.qwb")
        with Project.open(folder / "team.qwb") as project:
            begin, cpu = time.perf_counter(), time.process_time()
            merged = merge_copy(project, _prepared(reference, copy), coder=CODERS[0])
            seconds, cpu = time.perf_counter() - begin, time.process_time() - cpu
        return {
            key: seconds,
            f"{key}_cpu": cpu,
            f"{key}_mb": _peak_mb(),
            f"{key}_changes": merged.report.total_changes,
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def op_merge(reference: Path) -> Figures:
    return _merge(reference, "-copy.qwb", "merge")


def op_merge_small(reference: Path) -> Figures:
    """A coder's copy with 5 changes: what a merge costs beyond the work it has to do."""
    return _merge(reference, "-small-copy.qwb", "merge_small")


def op_agreement(reference: Path) -> Figures:
    from workbench.core.project import Project
    from workbench.core.teamwork.agreement import agreement

    with Project.open(reference, read_only=True) as project:
        seconds = _timed(
            lambda: agreement(project, coders=list(CODERS[:2]), unit="char", only_done=False)
        )
    return {"agreement": seconds, "agreement_mb": _peak_mb()}


def op_tree(reference: Path) -> Figures:
    """The code tree with counts, warm: median of 5 (as ``run.py``'s row)."""
    from workbench.core.project import Project

    with Project.open(reference, read_only=True) as project:
        project.codebook.tree()
        times = [_timed(project.codebook.tree) for _ in range(5)]
    return {"tree": statistics.median(times)}


def op_search(reference: Path) -> Figures:
    """``search_build.py``: the rebuild (wall, sampled peak memory) and a cold phrase page."""
    import search_build

    rows = dict(search_build.measure(reference))
    wall, _, _, cpu, _ = rows["rebuild: wall / CPU of the process"].split()  # "5.9 s / 4.1 s"
    figures: Figures = {"rebuild": float(wall), "rebuild_cpu": float(cpu)}
    figures["rebuild_mb"] = float(rows["memory (RSS): before / peak during the rebuild"].split()[2])
    cold = next(value for name, value in rows.items() if name.endswith("first page, cold"))
    figures["phrase"] = float(cold.split()[0]) / 1000
    return figures


def op_window(reference: Path) -> Figures:
    """``gui_desk.py`` in the window: open, apply → painted (the session's first and the
    median of the later ones), and the process's peak memory."""
    import gui_desk

    rows = {name: value for name, value, _target in gui_desk.measure(reference)}
    figures: Figures = {"window_mb": _peak_mb()}
    for key, name in (
        ("open", "open R in the window, every panel painted"),
        ("apply", "apply a code: commit returned → highlight painted, median"),
        ("apply_first", "apply a code: the session's first, apply → highlight painted"),
    ):
        if name in rows:
            figures[key] = float(rows[name].split()[0]) / 1000
    return figures


OPERATIONS: dict[str, Callable[[Path], Figures]] = {
    "import": op_import,
    "export": op_export,
    "merge": op_merge,
    "merge_small": op_merge_small,
    "agreement": op_agreement,
    "window": op_window,
    "tree": op_tree,
    "search": op_search,
}
PREPARATION = {"index": op_index, "prepare": prepare}

# (label, time key, memory key) in the order of issue 18's table.
ROWS = (
    ("import-qdpx: time / peak memory", "import", "import_mb"),
    ("export-qdpx: time / peak memory", "export", "export_mb"),
    ("merge a coder's copy ({merge_changes:,.0f} changes): time / memory", "merge", "merge_mb"),
    (
        "the same, a copy with {merge_small_changes:,.0f} changes: time / memory",
        "merge_small",
        "merge_small_mb",
    ),
    ("agreement over every source: time / memory", "agreement", "agreement_mb"),
    ("open in the window, every panel painted", "open", None),
    ("apply one coding → highlight painted (2nd+ apply, median)", "apply", None),
    ("the same, a session's 1st apply (apply → painted)", "apply_first", None),
    ("code tree rebuild with counts", "tree", None),
    ("phrase search, first page (cold)", "phrase", None),
    ("window peak memory", None, "window_mb"),
    ("search index rebuild: time / peak memory", "rebuild", "rebuild_mb"),
    ("  the same: CPU time of the process (the machine is shared)", "rebuild_cpu", None),
)


def _in_fresh_process(operation: str, reference: Path) -> Figures:
    done = subprocess.run(
        [sys.executable, __file__, "--run", operation, str(reference)],
        capture_output=True,
        text=True,
        env={**os.environ, "WORKBENCH_DATA_DIR": str(reference.parent / "user-data")},
    )
    if done.returncode != 0:
        print(f"{operation} at {reference.name} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return {}
    result: Figures = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(scale: float, repeat: int) -> Figures:
    """Every operation at ``scale``, each in ``repeat`` fresh processes: the medians."""
    reference = cached(scale)
    _in_fresh_process("prepare", reference)  # keeps this process small: children start from it
    runs: dict[str, list[float]] = {}
    for operation in OPERATIONS:
        for _ in range(repeat):
            for key, value in _in_fresh_process(operation, reference).items():
                runs.setdefault(key, []).append(value)
        print(f"  {reference.name}: {operation} measured", file=sys.stderr)
    return {key: statistics.median(values) for key, values in runs.items()}


def _time(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def _memory(mib: float) -> str:
    return f"{mib / 1024:.2f} GB" if mib >= 1024 else f"{mib:.0f} MB"


def table(columns: dict[float, Figures]) -> str:
    """Issue 18's table: a row per operation, a column per scale (MB are MiB)."""
    first = next(iter(columns.values()), {})
    header = ["operation", *(f"{scale:g}R" for scale in columns)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, time_key, memory_key in ROWS:
        cells = []
        for figures in columns.values():
            parts = []
            if time_key is not None:
                parts.append(_time(figures[time_key]) if time_key in figures else "—")
            if memory_key is not None:
                parts.append(_memory(figures[memory_key]) if memory_key in figures else "—")
            cells.append(" / ".join(parts))
        label = label.format(
            merge_changes=first.get("merge_changes", 0),
            merge_small_changes=first.get("merge_small_changes", 0),
        )
        lines.append("| " + " | ".join([label, *cells]) + " |")
    return "\n".join(lines)


def parse_scales(text: str) -> list[float]:
    return [float(part) for part in text.replace(",", " ").split()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1", help='e.g. "0.25,1,4" (R/4, R, 4R)')
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per figure")
    parser.add_argument("--run", nargs=2, metavar=("OPERATION", "PROJECT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        operation, project = args.run
        print(json.dumps({**OPERATIONS, **PREPARATION}[operation](Path(project))))
        return 0
    columns = {scale: measure(scale, args.repeat) for scale in parse_scales(args.scales)}
    print(f"\nMedians of {args.repeat} fresh processes per figure (MB are MiB)\n")
    print(table(columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
