"""Regenerate every screenshot in docs/ from a fresh demo project (``make screenshots``), so
none goes stale: each is the real window rendered offscreen, and the report page is the real
findings PDF turned into PNG by pdftoppm (poppler-utils)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SYNC = "Communication Methods/Synchronous"
TIME_ZONES = "Challenges and Solutions/Time Zone Management"

# name: arguments for `main.py --screenshot` (after the project path)
SHOTS: dict[str, list[str]] = {
    "coding-desk.png": ["--source", "P07", "--code", SYNC],
    "compare-coders.png": ["--source", "P07", "--compare", "Maya Chen,Tomás Rivera"],
    "first-hour-1-read.png": ["--source", "P03", "--show", "memos"],
    "first-hour-2-code.png": ["--source", "P07", "--code", TIME_ZONES, "--show", "segments"],
    "first-hour-3-map.png": ["--show", "map"],
    "first-hour-4-review.png": ["--show", "reports", "--code", TIME_ZONES],
    "first-hour-5-define.png": ["--code", TIME_ZONES, "--show", "editor"],
    "laptop-1366x768.png": ["--size", "1366x768", "--source", "P07", "--code", SYNC],
}


def run(*args: str) -> None:
    subprocess.run(args, check=True, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.qwb"
        run(sys.executable, "-m", "workbench.cli.main", "demo", str(demo))
        run(sys.executable, "main.py", "--screenshot", str(OUT / "welcome.png"))
        for name, extra in SHOTS.items():
            run(sys.executable, "main.py", str(demo), "--screenshot", str(OUT / name), *extra)
            print(f"docs/screenshots/{name}")
        pdf = Path(folder) / "findings.pdf"
        run(sys.executable, "-m", "workbench.cli.main", "export-findings", str(demo), str(pdf))
        if shutil.which("pdftoppm") is None:
            print(
                "pdftoppm not found (Debian: apt-get install poppler-utils): "
                "first-hour-6-report.png not made",
                file=sys.stderr,
            )
            return 1
        page = Path(folder) / "page"
        run("pdftoppm", "-png", "-r", "70", "-f", "3", "-l", "3", str(pdf), str(page))
        made = sorted(Path(folder).glob("page*.png"))
        shutil.copyfile(made[0], OUT / "first-hour-6-report.png")
        print("docs/screenshots/first-hour-6-report.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
