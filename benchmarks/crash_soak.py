"""``make soak``: 1,000 SIGKILLs of a process changing a project, then the tally.

    python benchmarks/crash_soak.py [--kills 1000] [--seed 7] [--keep DIR]

Six in ten kills come at random moments, two in ten while a backup is being written and two in
ten inside a schema upgrade. After every kill the project must pass ``PRAGMA integrity_check``,
open, and hold every acknowledged change (see tests/reliability/crash_harness.py). Exits 1 on
any failure. Linux/macOS only (fork and SIGKILL).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "reliability"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crash-soak-") as scratch:
        workdir = args.keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        # Backups go to a scratch user data folder, never the real one.
        os.environ["WORKBENCH_DATA_DIR"] = str(workdir / "userdata")
        os.environ["WORKBENCH_CACHE_DIR"] = str(workdir / "usercache")
        from crash_harness import run

        n = args.kills
        plan = ["random"] * (n - 2 * (n // 5)) + ["backup"] * (n // 5) + ["migration"] * (n // 5)
        random.Random(args.seed).shuffle(plan)  # interleave the kinds of rounds
        tally, seconds = run(workdir, plan, seed=args.seed)
    print(tally.report(seconds))
    for failure in tally.failures[:20]:
        print("FAILURE:", failure)
    return 1 if tally.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
