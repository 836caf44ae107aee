"""The GUI half of benchmarks/media.py: the 2-hour recording's source painted with its
transcript and waveform (offscreen, peaks cached)."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from workbench.core.media.peaks import cached_peaks, peaks_for
from workbench.core.project import Project
from workbench.core.services.media_import import import_recording
from workbench.gui.media.media_controller import MediaController
from workbench.gui.media.player import Player
from workbench.gui.media.player_panel import PlayerPanel
from workbench.gui.project_session import ProjectSession
from workbench.gui.window.desk import DocumentPane

CODER = "Bench Coder"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def measure_paint(recording: Path, transcript: Path, scratch: Path) -> list[tuple[str, str, str]]:
    path = scratch / "recorded.qwb"
    Project.create(path, name="Recording benchmark", coder=CODER).close()
    with Project.open(path) as project:
        import_recording(project, recording, transcript=transcript, coder=CODER)
        source = project.sources.find(recording.stem)
        info = project.media.get(source)
        assert info is not None
        peaks_for(recording, sha256=info.sha256)  # cached once, as after the first showing
    app = QApplication.instance() or QApplication([])
    session = ProjectSession(Project.open(path), CODER)
    try:
        player = Player()
        panel = PlayerPanel(player)
        pane = DocumentPane(session, player)
        media = MediaController(session, pane, panel)
        pane.resize(1200, 800)
        pane.show()
        app.processEvents()
        shown = []
        for _ in range(5):
            begin = time.perf_counter()
            pane.view.show_source(source)
            media.show_source(source, again=True)
            pane.grab()
            shown.append(time.perf_counter() - begin)
        strip = pane.waveform
        waves = []
        for _ in range(5):
            begin = time.perf_counter()
            strip.set_peaks(cached_peaks(info.sha256))  # read from the cache, drawn afresh
            strip.grab()
            waves.append(time.perf_counter() - begin)
        cues = len(media.follower.points)
        media.shutdown()
    finally:
        session.close()
    return [
        (
            f"2-hour recording's source ({cues:,} cues) + waveform painted, peaks cached: median",
            ms(statistics.median(shown)),
            "≤ 300 ms",
        ),
        (
            "  its waveform read from the cache and drawn: median",
            ms(statistics.median(waves)),
            "≤ 500 ms",
        ),
    ]
