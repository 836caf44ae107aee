"""The player, the waveform strip and the transcript following a recording (offscreen, with a
generated WAV: decoding is never skipped)."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_samples import MP4, WEBM, write_wav
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workbench.core.media.peaks import compute_peaks
from workbench.core.media.sync import SyncPoint
from workbench.gui.document import DocumentView
from workbench.gui.media.player import Player
from workbench.gui.media.player_panel import PlayerPanel
from workbench.gui.media.transcript_follow import TranscriptFollower
from workbench.gui.media.waveform import Stripe, WaveformStrip, lanes
from workbench.gui.project_session import ProjectSession

TEXT = "Interviewer: Hello there.\nP01: Hi, thanks for having me.\nInterviewer: [00:02] Tell me.\n"


def _panel(qtbot: QtBot, recording: Path) -> PlayerPanel:
    panel = PlayerPanel(Player())
    qtbot.addWidget(panel)
    panel.show()
    panel.player.load(recording)
    return panel


def test_the_player_plays_the_recording_and_seeks(qtbot: QtBot, tmp_path: Path) -> None:
    panel = _panel(qtbot, write_wav(tmp_path / "tone.wav", (0.5,) * 4))
    player = panel.player
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.playing and player.position() > 300, timeout=5000)
    qtbot.waitUntil(lambda: player.duration() == 4000, timeout=5000)
    assert panel.time_label.text().endswith("/ 0:04")
    player.pause()
    qtbot.waitUntil(lambda: not player.playing)
    player.seek(3500)
    assert player.position() == 3500
    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)  # −5 s stops at the start
    qtbot.waitUntil(lambda: player.position() == 0)
    qtbot.mouseClick(panel.forward_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.position() == 4000 or player.position() == 3999, timeout=2000)


def test_speed_keeps_within_half_and_double(qtbot: QtBot, tmp_path: Path) -> None:
    panel = _panel(qtbot, write_wav(tmp_path / "tone.wav", (0.5,)))
    rates = [panel.speed.itemData(i) for i in range(panel.speed.count())]
    assert min(rates) == 0.5 and max(rates) == 2.0
    panel.speed.setCurrentIndex(rates.index(1.5))
    assert panel.player.speed() == 1.5


def test_f4_and_f5_are_the_players_window_keys(qtbot: QtBot, tmp_path: Path) -> None:
    panel = _panel(qtbot, write_wav(tmp_path / "tone.wav", (0.5,) * 3))
    assert panel.play_action.shortcut().toString() == "F4"
    assert panel.back_action.shortcut().toString() == "F5"
    assert panel.play_action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
    panel.activateWindow()  # window shortcuts work in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel, timeout=5000)
    qtbot.keyClick(panel.volume, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: panel.player.playing, timeout=5000)
    qtbot.keyClick(panel.volume, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: not panel.player.playing, timeout=5000)


def _strip(qtbot: QtBot, duration: int = 4000) -> WaveformStrip:
    strip = WaveformStrip()
    qtbot.addWidget(strip)
    strip.resize(400, strip.sizeHint().height())
    strip.show()
    strip.set_recording(duration)
    return strip


def test_dragging_over_the_waveform_chooses_a_time_range(qtbot: QtBot) -> None:
    strip = _strip(qtbot)
    y = 20
    with qtbot.waitSignal(strip.range_selected) as chosen:
        qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(100, y))
        qtbot.mouseMove(strip, QPoint(200, y))
        qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(200, y))
    assert chosen.args == [1000, 2000]
    assert strip.selection == (1000, 2000)
    with qtbot.waitSignal(strip.seek_requested) as seek:
        qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(300, y))
    assert seek.args == [3000]


def test_the_strip_paints_the_peaks_stripes_and_playhead(qtbot: QtBot, tmp_path: Path) -> None:
    strip = _strip(qtbot)
    strip.set_peaks(compute_peaks(write_wav(tmp_path / "tone.wav", (0.0, 0.9, 0.0, 0.0))))
    strip.set_stripes([Stripe(2000, 3000, "#ff0000", "Trust", "m1")])
    strip.set_position(3500)
    image = strip.grab().toImage()
    middle = 2 + 56 // 2
    loud = {image.pixelColor(150, middle - 20).name(), image.pixelColor(150, middle + 20).name()}
    quiet = {image.pixelColor(50, middle - 20).name(), image.pixelColor(50, middle + 20).name()}
    assert loud != quiet  # the loud second is drawn, the silence is not
    assert image.pixelColor(250, 56 + 6).name() == "#ff0000"  # the stripe under the wave
    assert [s.label for s in strip.stripes_at(2500)] == ["Trust"]


def test_overlapping_stripes_take_separate_lanes() -> None:
    a, b, c = Stripe(0, 10, "#000", "a"), Stripe(5, 15, "#000", "b"), Stripe(10, 20, "#000", "c")
    assert lanes([c, b, a]) == [[a, c], [b]]


def _view(qtbot: QtBot, session: ProjectSession) -> tuple[DocumentView, TranscriptFollower]:
    source = session.project.sources.add(name="Recorded", text=TEXT, coder="Maya Chen")
    view = DocumentView(session)
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    view.show_source(source.created[-1])
    follower = TranscriptFollower(view)
    second, third = TEXT.index("P01"), TEXT.index("Interviewer: [")
    follower.set_points([SyncPoint(0, 0), SyncPoint(second, 1500), SyncPoint(third, 2000)], 3000)
    return view, follower


def test_the_cue_being_played_is_highlighted(qtbot: QtBot, session: ProjectSession) -> None:
    view, follower = _view(qtbot, session)
    follower.follow(1700)
    second, third = TEXT.index("P01"), TEXT.index("Interviewer: [")
    assert follower.cue == (second, third)
    [played] = view.extraSelections()
    assert (played.cursor.selectionStart(), played.cursor.selectionEnd()) == (second, third)
    follower.follow(100)
    assert follower.cue == (0, second)


def test_ctrl_click_and_a_click_on_a_timestamp_seek(qtbot: QtBot, session: ProjectSession) -> None:
    view, follower = _view(qtbot, session)
    block = view.document().findBlockByNumber(1)  # "P01: …", heard from 1.5 s
    rect = view.blockBoundingGeometry(block).translated(view.contentOffset())
    with qtbot.waitSignal(follower.seek_requested) as seek:
        qtbot.mouseClick(
            view.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            QPoint(40, int(rect.center().y())),
        )
    assert seek.args == [1500]
    stamp = view.document().findBlockByNumber(2)
    cursor = view.textCursor()
    cursor.setPosition(stamp.position() + stamp.text().index("[") + 2)
    where = view.cursorRect(cursor).center()
    with qtbot.waitSignal(follower.seek_requested) as seek:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert seek.args == [2000]


def test_a_selection_shows_its_time_span(qtbot: QtBot, session: ProjectSession) -> None:
    view, follower = _view(qtbot, session)
    with qtbot.waitSignal(follower.span_changed) as span:
        view.select_range(TEXT.index("Hi,"), TEXT.index("me.") + 3)
    assert span.args == ["Selection: 0:01 – 0:02"]


@pytest.mark.parametrize("fixture", [MP4, WEBM], ids=["h264-aac", "vp9-opus"])
def test_a_video_plays_in_the_dock(qtbot: QtBot, fixture: Path) -> None:
    panel = _panel(qtbot, fixture)
    qtbot.waitUntil(lambda: panel.player.has_video, timeout=8000)
    assert panel.video.isVisible()
    panel.player.play()
    qtbot.waitUntil(lambda: panel.player.position() > 300, timeout=8000)
    panel.player.pause()
