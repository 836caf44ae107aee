"""CPU cost of collecting row values into ``Changes`` on one apply, on a copy of R.

    python benchmarks/change_values.py [--scale 1]

Applies alternate, in one process, between values off (the cap set below zero: every change
says bulk and collects nothing, as before values existed) and on; prints the thread CPU time
of ``project.codings.apply`` for each, median and min of 100.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sqlalchemy import select  # noqa: E402

from workbench.core.db import transaction  # noqa: E402
from workbench.core.db.models import Code, Source  # noqa: E402
from workbench.core.project import Project  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1)
    reference = HERE / ".cache" / f"R-{parser.parse_args().scale:g}.qwb"
    if not reference.exists():
        print(f"{reference} is missing: run make bench first.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "R.qwb"
        shutil.copyfile(reference, path)
        with Project.open(path) as project:
            with project.read() as s:
                sources = list(s.scalars(select(Source.uuid).limit(2).offset(7)))
                codes = list(s.scalars(select(Code.uuid).where(Code.codable.is_(True)).limit(60)))
            times: dict[str, list[float]] = {"off": [], "on": []}
            for i in range(110):
                for mode in ("off", "on") if i % 2 else ("on", "off"):
                    transaction.VALUES_CAP = -1 if mode == "off" else 1000
                    source = sources[mode == "on"]
                    start = time.thread_time()
                    project.codings.apply(
                        source=source, code=codes[i % 60], start=10 + i, end=90 + i, coder="bench"
                    )
                    times[mode].append(time.thread_time() - start)
    for mode, values in times.items():
        kept = values[10:]
        print(
            f"apply, values {mode}: median {statistics.median(kept) * 1000:.3f} ms, "
            f"min {min(kept) * 1000:.3f} ms (CPU, n={len(kept)})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
