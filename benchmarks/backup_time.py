"""How long backups take on the reference project R (issue 7), and what they add to a commit.

    python benchmarks/backup_time.py [--scale 1.0]

Works on a copy of R (built by ``make bench`` into benchmarks/.cache/) with a scratch user data
folder, so neither R nor your real backups are touched. Prints a table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CODER = "Bench Coder"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    reference = HERE / ".cache" / f"R-{args.scale:g}.qwb"
    with tempfile.TemporaryDirectory(prefix="backup-bench-") as scratch:
        os.environ["WORKBENCH_DATA_DIR"] = str(Path(scratch) / "data")
        from make_corpus import build

        from workbench.core.db import sqlite_file
        from workbench.core.project import Project

        if not reference.exists():
            reference.parent.mkdir(exist_ok=True)
            build(reference, scale=args.scale)
        work = Path(scratch) / "R.qwb"
        shutil.copyfile(reference, work)
        with Project.open(work):  # upgrades an older R once, outside the measurements
            pass
        for backup in Path(scratch, "data").rglob("*.qwb*"):
            backup.unlink()
        rows: list[tuple[str, str]] = [("file size of R", f"{work.stat().st_size / 1e6:.1f} MB")]

        started = time.perf_counter()
        project = Project.open(work)
        rows.append(
            (
                "open R (its backup on open starts in the background)",
                ms(time.perf_counter() - started),
            )
        )
        project.backups.wait()
        rows.append(
            ("  ... until that backup is written and checked", ms(time.perf_counter() - started))
        )
        project.close()
        started = time.perf_counter()
        project = Project.open(work)
        rows.append(("open R again (backup skipped: < 1 h old)", ms(time.perf_counter() - started)))

        makes = []
        for _ in range(3):
            started = time.perf_counter()
            project.backups.make("bench")
            makes.append(time.perf_counter() - started)
        rows.append(
            ("backup by hand (copy + quick_check + describe)", ms(statistics.median(makes)))
        )
        conn = sqlite_file.connect(work, mode="ro")
        started = time.perf_counter()
        sqlite_file.quick_check(conn)
        rows.append(("  of which quick_check of R", ms(time.perf_counter() - started)))
        conn.close()

        started = time.perf_counter()
        for _ in range(100_000):
            project.backups.after_commit()
        rows.append(
            (
                "15-minute check per commit, not due",
                f"{(time.perf_counter() - started) * 10:.2f} µs",
            )
        )

        source = project.sources.list()[0].uuid
        code = project.codebook.all()[0].uuid
        commits = []
        for i in range(21):
            if i == 20:  # the last commit finds a backup due
                project.backups.clock = lambda: float("inf")
            started = time.perf_counter()
            project.codings.apply(source=source, code=code, start=i, end=i + 5, coder=CODER)
            commits.append(time.perf_counter() - started)
        rows.append(("commit one coding (median of 20)", ms(statistics.median(commits[:20]))))
        rows.append(("commit one coding when the 15-minute backup is due", ms(commits[20])))
        started = time.perf_counter()
        project.backups.wait()
        rows.append(("  ... that backup, in the background", ms(time.perf_counter() - started)))

        started = time.perf_counter()
        listed = project.backups.list()
        rows.append((f"list {len(listed)} backups", ms(time.perf_counter() - started)))
        started = time.perf_counter()
        project.backups.restore(listed[-1], coder=CODER)
        rows.append(
            ("restore a backup (keeping the current file first)", ms(time.perf_counter() - started))
        )
        project.close()

    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
