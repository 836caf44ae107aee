"""Time the transcript viewer on a source that is one line of N characters (offscreen).

    python benchmarks/long_line.py 20000000 [N ...]

Each size runs in a fresh process: project build (CLI path), then show_source + first paint,
with the process's peak memory.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

WORDS = ["the", "and", "to", "of", "a", "mentor", "we", "met", "on", "zoom", "video", "call"]


def one_line(chars: int) -> str:
    rng = random.Random(5)
    words = " ".join(rng.choices(WORDS, k=chars // 4))
    return ("P01: " + words)[:chars]


def measure(chars: int) -> None:
    from PySide6.QtWidgets import QApplication

    from workbench.core.project import Project
    from workbench.gui.document import DocumentView
    from workbench.gui.project_session import ProjectSession

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.qwb"
        with Project.create(path, name="Long line", coder="Maya Chen") as project:
            project.sources.add(name="one-line", text=one_line(chars), coder="Maya Chen")
        app = QApplication.instance() or QApplication([])
        session = ProjectSession(Project.open(path), "Maya Chen")
        view = DocumentView(session)
        view.resize(1200, 800)
        view.show()
        app.processEvents()
        source = session.project.sources.find("one-line")
        begin = time.perf_counter()
        view.show_source(source)
        view.grab()
        app.processEvents()
        took = time.perf_counter() - begin
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{chars:>12,} chars in one line: show_source + first paint {took:7.2f} s, "
            f"peak memory {peak:,.0f} MB"
        )
        session.close()


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        measure(int(sys.argv[2]))
        return 0
    for size in sys.argv[1:] or ["20000000"]:
        subprocess.run([sys.executable, __file__, "--one", size], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
