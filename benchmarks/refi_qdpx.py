"""Time REFI-QDA export and import on the reference project R (targets: ≤ 10 s and ≤ 15 s).

    python benchmarks/refi_qdpx.py [--scale 1.0]

R is built by ``benchmarks/run.py`` into benchmarks/.cache/ (this script builds it if missing).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import build  # noqa: E402

from workbench.core.project import Project  # noqa: E402
from workbench.core.refi import export_qdpx, import_qdpx  # noqa: E402

CACHE = HERE / ".cache"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    reference = CACHE / f"R-{args.scale:g}.qwb"
    if not reference.exists():
        print(f"Building {reference.name} …", file=sys.stderr)
        build(reference, scale=args.scale)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "R.qwb"
        shutil.copyfile(reference, work)
        with Project.open(work) as project:  # opening upgrades an older file format
            info = project.info()
            begin, cpu = time.perf_counter(), time.process_time()
            exported = export_qdpx(project, Path(folder) / "R.qdpx")
            export_s, export_cpu = time.perf_counter() - begin, time.process_time() - cpu
        size = (Path(folder) / "R.qdpx").stat().st_size
        begin, cpu = time.perf_counter(), time.process_time()
        imported = import_qdpx(Path(folder) / "R.qdpx", Path(folder) / "R2.qwb", coder="Bench")
        import_s, import_cpu = time.perf_counter() - begin, time.process_time() - cpu
    print(
        f"R: {info.sources:,} sources, {info.codes:,} codes, {info.codings:,} codings "
        f"→ {size / 1e6:.1f} MB .qdpx"
    )
    print("(wall-clock time; CPU time of this process in brackets, telling on a busy machine)")
    print(f"export .qdpx  {export_s:6.1f} s [{export_cpu:5.1f} s]  (target ≤ 10 s)")
    print(f"import .qdpx  {import_s:6.1f} s [{import_cpu:5.1f} s]  (target ≤ 15 s)")
    assert exported.counts["codings"] == imported.counts["codings"] == info.codings
    return 0


if __name__ == "__main__":
    sys.exit(main())
