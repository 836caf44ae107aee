"""Export clip… from the Coded segments panel: a segment with a time is cut out of its recording
in the background; a missing recording or a format we cannot write says so and saves nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import pytest
from media_samples import write_wav
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from workbench.core.media.clips import export_clip
from workbench.core.values import Segment
from workbench.gui.media import clip_export
from workbench.gui.panels import SegmentsPanel
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.jobs import wait_for_background


@pytest.fixture
def panel(qtbot: QtBot, session: ProjectSession, tmp_path: Path) -> SegmentsPanel:
    """The panel showing a code with one media coding (1.25–2.75 s of a 4 s WAV)."""
    project = session.project
    (tmp_path / "talk.txt").write_text("A talk about tools.\n", encoding="utf-8")
    project.sources.import_files([tmp_path / "talk.txt"], coder="Maya Chen")
    source = project.sources.find("talk")
    wav = write_wav(tmp_path / "talk.wav", (0.2, 0.8, 0.5, 0.1))
    project.media.attach(source_id=source, path=wav, coder="Maya Chen")
    code = project.codebook.all()[-1].uuid
    project.media_codings.apply(
        source_id=source, code_id=code, start_ms=1250, end_ms=2750, coder="Maya Chen"
    )
    shown = SegmentsPanel(session)
    qtbot.addWidget(shown)
    shown.resize(520, 700)
    shown.show()
    session.select_codes([code])
    [segment] = [s for s in shown.visible_segments() if s.start_ms is not None]
    shown.view.setCurrentIndex(shown.model.index(shown.model.row_of(segment.coding_uuid)))
    return shown


def _export_from_menu(panel: SegmentsPanel) -> None:
    [action] = [a for a in panel.context_menu().actions() if a.text() == "Export clip…"]
    assert action.isEnabled()
    action.trigger()


def _save_as(monkeypatch: pytest.MonkeyPatch, path: Path, asked: list[str]) -> None:
    def answer(_parent: QWidget, _title: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.extend([suggested, filters])
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)


def _failures(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(clip_export, "show_failed", lambda _p, _t, text: shown.append(text))
    return shown


def test_export_clip_cuts_the_segments_time_range(
    qtbot: QtBot, panel: SegmentsPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    target = tmp_path / "clips" / "zoom"
    target.parent.mkdir()
    _save_as(monkeypatch, target, asked)  # no suffix: the recording's kind gives .m4a
    failures = _failures(monkeypatch)
    _export_from_menu(panel)
    assert asked[0].endswith(".m4a") and "*.wav" in asked[1] and "*.mp4" not in asked[1]
    assert wait_for_background()
    qtbot.waitUntil(lambda: "Saved the clip" in panel.message.message(), timeout=5000)
    clip = target.with_suffix(".m4a")
    assert str(clip) in panel.message.message() and not failures
    with av.open(str(clip)) as opened:
        assert opened.duration is not None and abs(opened.duration / av.time_base - 1.5) < 0.05


def test_a_format_we_cannot_write_fails_with_a_message_and_no_file(
    qtbot: QtBot, panel: SegmentsPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save_as(monkeypatch, tmp_path / "clip.txt", [])
    failures = _failures(monkeypatch)
    _export_from_menu(panel)
    assert wait_for_background()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert "clip.txt: is not a clip format" in failures[0] and ".wav" in failures[0]
    assert not (tmp_path / "clip.txt").exists()


def test_a_missing_recording_says_to_relink_it(
    panel: SegmentsPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "talk.wav").rename(tmp_path / "elsewhere.wav")
    asked: list[str] = []
    _save_as(monkeypatch, tmp_path / "clip.wav", asked)
    failures = _failures(monkeypatch)
    _export_from_menu(panel)
    assert not asked and "not found on this machine" in failures[0] and "Relink" in failures[0]


def test_a_segment_without_a_time_offers_no_clip(panel: SegmentsPanel) -> None:
    untimed = [s for s in panel.visible_segments() if s.start_ms is None]
    assert isinstance(untimed[0], Segment)
    panel.view.setCurrentIndex(panel.model.index(panel.model.row_of(untimed[0].coding_uuid)))
    [action] = [a for a in panel.context_menu().actions() if a.text() == "Export clip…"]
    assert not action.isEnabled()


def test_a_videos_clip_defaults_to_mp4_and_may_be_its_sound(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    _save_as(monkeypatch, tmp_path / "scene", asked)
    path = clip_export.ask_clip_path(None, tmp_path / "suggested.mp4", "video")
    assert path == tmp_path / "scene.mp4"
    video, audio = asked[1].split(";;")
    assert video.startswith("Video clips") and "*.mp4" in video and "*.m4a" in audio


def test_cancel_in_the_progress_dialog_leaves_no_file(
    qtbot: QtBot, panel: SegmentsPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "clip.wav"
    _save_as(monkeypatch, target, [])
    cancelled = threading.Event()
    real = export_clip

    def after_cancel(*args: object, **kwargs: object) -> object:
        cancelled.wait(10)  # the researcher presses Cancel while the cut is under way
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("workbench.gui.media.clip_export.export_clip", after_cancel)
    _export_from_menu(panel)
    dialog = panel.findChild(QProgressDialog, "clipProgress")
    assert dialog is not None
    [cancel] = dialog.findChildren(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()
    cancelled.set()
    assert wait_for_background()
    qtbot.waitUntil(lambda: "cancelled" in panel.message.message(), timeout=5000)
    assert "no file was saved" in panel.message.message()
    assert not list(tmp_path.glob("clip*"))
