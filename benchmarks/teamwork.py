"""Time merging two coders' copies of R back into it, and agreement on R.

    python benchmarks/teamwork.py [--scale 1.0]

Each copy gets 1,000 new codings, 200 removed codings and edited code definitions (some edited in
both copies: conflicts); the merges are timed end to end (plan, backup, write).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from make_corpus import CODERS, build  # noqa: E402

from workbench.core.project import Project  # noqa: E402
from workbench.core.services.codings import CodingRequest  # noqa: E402
from workbench.core.teamwork.agreement import agreement  # noqa: E402
from workbench.core.teamwork.merge import merge_copy  # noqa: E402
from workbench.core.teamwork.share_copy import share_copy  # noqa: E402

CACHE = HERE / ".cache"


def _edit_copy(path: Path, coder: str, seed: int, shared_codes: list[str]) -> None:
    rng = random.Random(seed)
    with Project.open(path) as project:
        sources = project.sources.list()
        codes = [n.uuid for n in project.codebook.all()]
        requests = []
        for _ in range(1000):
            src = rng.choice(sources)
            start = rng.randrange(0, max(1, src.length - 200))
            requests.append(
                CodingRequest(src.uuid, rng.choice(codes), start, start + rng.randint(20, 200))
            )
        project.codings.apply_many(requests, coder=coder)
        victims = rng.sample(project.codings.segments(source=sources[0].uuid), 20)
        project.codings.remove(codings=[s.coding_uuid for s in victims], coder=coder)
        for code in shared_codes + rng.sample(codes, 10):
            project.codebook.define(code=code, description=f"defined by {coder}", coder=coder)


def _edit_small(path: Path, coder: str) -> None:
    """A coder's copy with 5 changes: the coder, 2 new codings, 1 removed, 1 definition."""
    with Project.open(path) as project:
        source = project.sources.list()[0]
        code = project.codebook.all()[0].uuid
        requests = [CodingRequest(source.uuid, code, n * 40, n * 40 + 30) for n in range(2)]
        project.codings.apply_many(requests, coder=coder)
        victim = project.codings.segments(source=project.sources.list()[1].uuid)[0]
        project.codings.remove(codings=[victim.coding_uuid], coder=coder)
        project.codebook.define(code=code, description=f"defined by {coder}", coder=coder)


class _Clock:
    """Wall time and this process's CPU time since the last lap (CPU time shows the cost on a
    machine busy with other work)."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def lap(self) -> str:
        wall, cpu = time.perf_counter(), time.process_time()
        text = f"{wall - self.wall:.2f} s ({cpu - self.cpu:.2f} s CPU)"
        self.wall, self.cpu = wall, cpu
        return text


def measure(reference: Path) -> list[tuple[str, str, str]]:
    """Rows (measure, result, target) for the teamwork targets on ``reference``."""
    rows: list[tuple[str, str, str]] = []
    folder = Path(tempfile.mkdtemp(prefix="teamwork-bench-"))
    try:
        work = folder / "R.qwb"
        shutil.copyfile(reference, work)
        with Project.open(work) as project:  # upgrades an older file format once
            shared = [n.uuid for n in project.codebook.all()[:5]]
            share_copy(project, folder / "a.qwb", coder=CODERS[0])
            share_copy(project, folder / "b.qwb", coder=CODERS[0])
        _edit_copy(folder / "a.qwb", "Ben", 1, shared)
        _edit_copy(folder / "b.qwb", "Cleo", 2, shared)
        with Project.open(work) as project:
            clock = _Clock()
            first = merge_copy(project, folder / "a.qwb", coder=CODERS[0])
            label = f"merge copy A ({first.report.total_changes:,} changes)"
            rows.append((label, clock.lap(), "≤ 10 s"))
            second = merge_copy(project, folder / "b.qwb", coder=CODERS[0], prefer="theirs")
            label = (
                f"merge copy B ({second.report.total_changes:,} changes, "
                f"{len(second.report.conflicts)} conflicts)"
            )
            rows.append((label, clock.lap(), "≤ 10 s"))
            again = merge_copy(project, folder / "a.qwb", coder=CODERS[0])
            label = f"merge copy A again ({again.report.total_changes} changes)"
            rows.append((label, clock.lap(), "—"))
            for unit in ("char", "segment"):
                report = agreement(project, coders=list(CODERS[:2]), unit=unit, only_done=False)
                label = f"agreement, 2 coders, {len(report.per_code)} codes, unit {unit}"
                rows.append((label, clock.lap(), "≤ 5 s"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    reference = CACHE / f"R-{args.scale:g}.qwb"
    if not reference.exists():
        build(reference, scale=args.scale)
    rows = measure(reference)
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>10}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
