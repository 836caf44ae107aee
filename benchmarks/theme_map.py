"""Theme map speed on a 500-node map (offscreen): building the scene, the automatic layouts, the
layout command, and frame times while panning and zooming ("pans smoothly": well under 16 ms).

    python benchmarks/theme_map.py [--project PATH] [--relations 150] [--frames 120]

The map is the codebook of the reference project R (500 codes, 200k codings; built by
``benchmarks/run.py``) when it is cached, else a generated 500-code project (cached too). A
copy gets ``--relations`` random relations, so the map is a graph, not only the tree.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

CACHE = HERE / ".cache"
CODER = "Bench Coder"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class Frames:
    """Wall-clock and CPU time of each frame (CPU time stays honest on a busy machine)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, action: Callable[[], object]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)

    def row(self, summary: str) -> tuple[str, str, str]:
        wall, cpu = self.wall, self.cpu
        return (
            summary,
            f"median {ms(statistics.median(wall))} · p95 {ms(percentile(wall, 95))}"
            f" · CPU median {ms(statistics.median(cpu))}",
            "≪ 16 ms",
        )


def timed(action: Callable[[], object], repeat: int = 1) -> str:
    """The best of ``repeat`` runs, wall clock and CPU."""
    frames = Frames()
    for _ in range(repeat):
        frames.time(action)
    return f"{ms(min(frames.wall))} (CPU {ms(min(frames.cpu))})"


def source_project() -> Path:
    reference = CACHE / "R-1.qwb"
    if reference.exists():
        return reference
    generated = CACHE / "codebook-500.qwb"
    if not generated.exists():
        import codebook_pdf

        CACHE.mkdir(exist_ok=True)
        print(f"Building {generated.name} …", file=sys.stderr)
        codebook_pdf.build_project(generated, 500)
    return generated


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path)
    parser.add_argument("--relations", type=int, default=150)
    parser.add_argument("--frames", type=int, default=120)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from workbench.core.map_layout import overlapping
    from workbench.core.project import Project
    from workbench.gui.map import ThemeMapPanel
    from workbench.gui.map.theme_map_scene import ThemeMapScene
    from workbench.gui.project_session import ProjectSession

    app = QApplication.instance() or QApplication([])
    source = args.project or source_project()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "map.qwb"
        shutil.copyfile(source, work)
        session = ProjectSession(Project.open(work), CODER)
        codes = [node.uuid for node in session.project.codebook.all()]
        rng = random.Random(7)
        labels = ["leads to", "contradicts", "influences", "is part of"]
        for _ in range(args.relations):
            a, b = rng.sample(codes, 2)
            session.project.map.relate(
                from_code=a, to_code=b, label=rng.choice(labels), coder=CODER
            )
        rows.append(
            (f"map of {source.name}", f"{len(codes)} nodes · {args.relations} relations", "—")
        )

        cold = timed(lambda: ThemeMapScene(session).deleteLater())
        rows.append(("build the scene, code tree with counts included (cold)", cold, "—"))
        session.code_tree()
        warm = timed(lambda: ThemeMapScene(session).deleteLater(), repeat=3)
        rows.append(("build the scene (code tree cached per revision)", warm, "≤ 300 ms"))
        app.processEvents()

        panel = ThemeMapPanel(session)
        panel.resize(1600, 1000)
        panel.show()
        app.processEvents()
        scene, view = panel.scene, panel.view
        rows.append(
            (
                "sync after a change (all items checked)",
                timed(scene.sync, repeat=3),
                "—",
            )
        )
        for kind in ("tidy", "force"):
            result: dict[str, tuple[float, float]] = {}
            took = timed(lambda k=kind, out=result: out.update(scene.layout_positions(k)))
            clash = len(overlapping(result, scene.boxes()))
            rows.append(
                (f"{kind} layout of {len(result)} nodes", f"{took} · {clash} overlaps", "≤ 1 s")
            )
        positions = scene.layout_positions("tidy")
        took = timed(lambda: scene.editor.place("Arrange", positions))
        rows.append(("layout command: save 500 positions + sync", took, "≤ 500 ms"))
        took = timed(session.undo_stack.undo)
        rows.append(("undo of that layout command (Project.restore)", took, "—"))
        app.processEvents()

        for label, zoom in (("whole map (fit)", None), ("100 %", 1.0)):
            if zoom is None:
                view.fit()
            else:
                view.set_zoom(zoom)
                view.centerOn(scene.content_rect().center())
            app.processEvents()
            bar = view.horizontalScrollBar()
            pan = Frames()
            for i in range(args.frames):
                step = 24 if (i // 20) % 2 == 0 else -24
                # the view scrolls its pixels and paints only the strip that came in
                pan.time(lambda s=step, b=bar: (b.setValue(b.value() + s), app.processEvents()))
            rows.append(pan.row(f"pan frame, {label} at {round(view.zoom() * 100)} %"))
            full = Frames()
            for _ in range(max(args.frames // 4, 10)):
                full.time(view.viewport().repaint)
            rows.append(full.row(f"full repaint of the view, {label}"))
        view.set_zoom(0.5)
        zooms = Frames()
        for i in range(args.frames):
            factor = 1.1 if (i // 10) % 2 == 0 else 1 / 1.1
            zooms.time(
                lambda factor=factor: (view.set_zoom(view.zoom() * factor), app.processEvents())
            )
        rows.append(zooms.row("zoom frame (50–260 %)"))
        panel.close()
        session.close()

    width = max(len(r[0]) for r in rows)
    value = max(len(r[1]) for r in rows)
    print(f"{'measurement':<{width}}  {'result':<{value}}  target")
    for name, result, target in rows:
        print(f"{name:<{width}}  {result:<{value}}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
