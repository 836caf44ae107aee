"""A recording in the main window: a VTT transcript with its WAV shows the waveform and plays
with the cue following; time ranges are coded and undone like text; a missing recording says
how to find it (offscreen, generated WAV: decoding is never skipped)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from media_samples import write_wav
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QToolButton
from pytestqt.qtbot import QtBot
from window_helpers import make_window

from workbench.core.media.folders import save_media_folders
from workbench.core.project import Project
from workbench.core.text.wording import counted
from workbench.gui.codebook.code_rows import CODINGS
from workbench.gui.codebook.codebook_model import CodebookModel
from workbench.gui.media import recording_dialogs
from workbench.gui.media.clock import time_span
from workbench.gui.media.transcription import TranscriptionEditor
from workbench.gui.panels.segments_panel import SegmentsPanel
from workbench.gui.panels.source_actions import sources_menu
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.settings import WindowSettings

VTT = """WEBVTT

00:00:00.000 --> 00:00:01.000
<v Interviewer>How did you meet your mentor?

00:00:01.000 --> 00:00:02.500
<v P01>On a video call, after the programme matched us.

00:00:02.500 --> 00:00:04.000
<v Interviewer>And how is it going now?
"""


@pytest.fixture
def recorded(demo_path: Path, tmp_path: Path) -> tuple[Path, str]:
    """The demo project with an interview imported from VTT and its WAV attached."""
    (tmp_path / "interview.vtt").write_text(VTT, encoding="utf-8")
    wav = write_wav(tmp_path / "interview.wav", (0.2, 0.8, 0.5, 0.1))
    with Project.open(demo_path) as project:
        project.sources.import_files([tmp_path / "interview.vtt"], coder="Maya Chen")
        source = project.sources.find("interview")
        project.media.attach(source_id=source, path=wav, coder="Maya Chen")
    return demo_path, source


@pytest.fixture
def window(
    qtbot: QtBot, recorded: tuple[Path, str], settings: WindowSettings
) -> Iterator[MainWindow]:
    shown = make_window(settings, recorded[0])
    qtbot.addWidget(shown)
    assert shown.desk is not None
    shown.desk.show_source_named("interview")
    yield shown
    shown.close_project()


def _wait_for_peaks(qtbot: QtBot, window: MainWindow) -> None:
    assert window.desk is not None
    strip = window.desk.document_pane.waveform
    qtbot.waitUntil(lambda: strip.peaks is not None, timeout=20_000)


def test_the_waveform_shows_and_the_cue_follows_the_playing_recording(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.desk is not None
    desk = window.desk
    strip = window.findChild(type(desk.document_pane.waveform), "waveformStrip")
    assert strip is not None and strip.isVisible() and strip.duration_ms == 4000
    assert window.findChild(type(window.docks["mediaPlayer"]), "mediaPlayerDock").isVisible()
    _wait_for_peaks(qtbot, window)
    assert strip.peaks is not None and strip.peaks.duration_ms == 4000
    text = desk.document.loaded.text
    follower = desk.media.follower
    qtbot.mouseClick(desk.player.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.player.player.position() > 1100, timeout=8000)
    qtbot.waitUntil(lambda: follower.cue is not None and follower.cue[0] > 0, timeout=8000)
    assert text[follower.cue[0] :].startswith("P01: On a video call")
    assert strip.position_ms > 1000
    desk.player.player.pause()
    # a click on the waveform seeks: the last cue is highlighted
    x = int(strip.x_of(3000))
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(x, 20))
    qtbot.waitUntil(lambda: abs(desk.player.player.position() - 3000) < 100, timeout=5000)
    assert follower.cue is not None
    assert text[follower.cue[0] :].startswith("Interviewer: And how")


def test_f4_plays_from_the_transcript(qtbot: QtBot, window: MainWindow) -> None:
    assert window.desk is not None
    window.desk.document.setFocus()
    window.activateWindow()  # window shortcuts work in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window.desk.document, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: window.desk.player.player.playing, timeout=5000)
    qtbot.keyClick(window.desk.document, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: not window.desk.player.player.playing, timeout=5000)


def test_a_time_range_is_coded_and_undone_in_one_step(
    qtbot: QtBot, window: MainWindow, recorded: tuple[Path, str]
) -> None:
    assert window.desk is not None and window.session is not None
    desk, session = window.desk, window.session
    source = recorded[1]
    strip = desk.document_pane.waveform
    code = session.project.codebook.all()[0]
    left, right = int(strip.x_of(1000)), int(strip.x_of(2000))
    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(left, 20))
    qtbot.mouseMove(strip, QPoint(right, 20))
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(right, 20))
    chosen = strip.selection
    assert chosen is not None and abs(chosen[0] - 1000) < 30 and abs(chosen[1] - 2000) < 30
    desk.apply_code(code.uuid)  # as the code panel, the palette and Ctrl+1 do
    [coded] = session.project.media_codings.for_source(source)
    assert (coded.code_uuid, coded.start_ms, coded.end_ms) == (code.uuid, *chosen)
    assert [s.coding for s in strip.stripes if s.coding] == [coded.uuid]
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert session.project.media_codings.for_source(source) == []
    assert not [s for s in strip.stripes if s.coding]
    session.undo_stack.redo()
    assert len(session.project.media_codings.for_source(source)) == 1


def test_text_codings_are_drawn_at_their_cues_times(qtbot: QtBot, window: MainWindow) -> None:
    assert window.desk is not None
    desk = window.desk
    text = desk.document.loaded.text
    start = text.index("P01:")
    desk.document.select_range(start, start + 20)
    code = window.session.project.codebook.all()[0]
    desk.apply_code(code.uuid)
    stripes = [s for s in desk.document_pane.waveform.stripes if not s.coding]
    assert [(s.start_ms, s.end_ms) for s in stripes] == [(1000, 2500)]


@pytest.fixture
def moved(recorded: tuple[Path, str], tmp_path: Path) -> Path:
    """The recording moved to another folder before the window opens; where it is now."""
    elsewhere = tmp_path / "recordings"
    elsewhere.mkdir()
    return (tmp_path / "interview.wav").rename(elsewhere / "interview.wav")


def test_a_missing_recording_says_how_to_find_it(moved: Path, window: MainWindow) -> None:
    assert window.desk is not None
    notice = window.desk.player.notice
    assert notice.isVisible() and "Relink recording" in notice.text()
    assert "interview.wav" in notice.text() and window.desk.player.find_button.isVisible()
    assert window.desk.player.player.path is None


def test_find_it_adds_a_media_folder_and_the_recording_plays_again(
    qtbot: QtBot, moved: Path, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.desk is not None and window.session is not None
    desk = window.desk
    monkeypatch.setattr(recording_dialogs.ASK, "yes", lambda *_a: True)
    monkeypatch.setattr(
        recording_dialogs.ASK, "folders", lambda _p: save_media_folders([moved.parent])
    )
    qtbot.mouseClick(desk.player.find_button, Qt.MouseButton.LeftButton)
    assert desk.player.player.path == moved
    assert not desk.player.find_button.isVisible()
    assert window.session.undo_stack.count() == 0  # found where it is: nothing written


def test_relink_from_the_sources_menu_points_the_source_at_the_chosen_file(
    moved: Path,
    window: MainWindow,
    recorded: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert window.desk is not None and window.session is not None
    desk, session = window.desk, window.session
    monkeypatch.setattr(recording_dialogs.ASK, "yes", lambda *_a: False)  # not in a folder
    monkeypatch.setattr(recording_dialogs.ASK, "open_file", lambda *_a: moved)
    assert desk.sources.selected_sources() == [recorded[1]]
    menu = sources_menu(desk.sources)
    [relink] = [a for a in menu.actions() if a.text() == "Relink recording…"]
    assert relink.isEnabled()
    relink.trigger()
    info = session.project.media.get(recorded[1])
    assert info is not None and Path(info.path).parent.name == "recordings"
    assert desk.player.player.path is not None and desk.player.player.path.samefile(moved)
    session.undo_stack.undo()  # the relink is one undo step
    undone = session.project.media.get(recorded[1])
    assert undone is not None and Path(undone.path).parent.name != "recordings"


def test_import_a_recording_with_its_transcript_from_the_file_menu(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = demo_window
    assert window.desk is not None and window.session is not None
    (tmp_path / "talk.vtt").write_text(VTT, encoding="utf-8")
    wav = write_wav(tmp_path / "talk.wav", (0.2, 0.8, 0.5, 0.1))
    answers = iter([wav, tmp_path / "talk.vtt"])
    monkeypatch.setattr(recording_dialogs.ASK, "open_file", lambda *_a: next(answers))
    monkeypatch.setattr(recording_dialogs.ASK, "yes", lambda *_a: True)
    window.menus.actions["importRecording"].trigger()
    source = window.session.project.sources.find("talk")
    assert window.desk.document.source == source  # the new source is shown
    assert window.desk.document.loaded.text.startswith("Interviewer: How did you meet")
    assert window.desk.media.follower.points[1].ms == 1000
    _wait_for_peaks(qtbot, window)
    window.session.undo_stack.undo()  # the import is one undo step
    assert source not in {s.uuid for s in window.session.project.sources.list()}


def test_a_file_that_is_no_recording_is_refused_and_nothing_is_imported(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = demo_window
    assert window.session is not None
    bogus = tmp_path / "notes.mp3"
    bogus.write_text("not sound", encoding="utf-8")
    before = len(window.session.project.sources.list())
    monkeypatch.setattr(recording_dialogs.ASK, "open_file", lambda *_a: bogus)
    monkeypatch.setattr(recording_dialogs.ASK, "yes", lambda *_a: False)
    shown: list[str] = []
    window.desk.media.message.connect(shown.append)
    window.menus.actions["importRecording"].trigger()
    assert len(window.session.project.sources.list()) == before
    assert shown and "notes.mp3" in shown[-1]
    assert window.session.undo_stack.count() == 0


def test_transcribing_by_ear_saves_the_typed_text_with_its_stamps(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = demo_window
    assert window.desk is not None and window.session is not None
    desk, session = window.desk, window.session
    wav = write_wav(tmp_path / "untranscribed.wav", (0.5,) * 6)
    monkeypatch.setattr(recording_dialogs.ASK, "open_file", lambda *_a: wav)
    monkeypatch.setattr(recording_dialogs.ASK, "yes", lambda *_a: False)  # no transcript
    window.menus.actions["importRecording"].trigger()
    source = session.project.sources.find("untranscribed")
    assert desk.document.source == source and desk.document.loaded.text == ""
    qtbot.mouseClick(desk.player.transcribe_button, Qt.MouseButton.LeftButton)
    editor = window.findChild(TranscriptionEditor, "transcriptionEditor")
    assert editor is not None and editor.isVisible() and not desk.document.isVisible()
    player = desk.player.player
    player.play()
    qtbot.waitUntil(lambda: player.position() > 2000, timeout=8000)
    player.pause()  # pausing rewinds a few seconds, to hear the last words again
    qtbot.waitUntil(lambda: not player.playing)
    assert player.position() < 2000
    player.seek(4000)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(editor, "so we met online")
    qtbot.keyClick(editor, Qt.Key.Key_F6)
    assert session.flush_edits()
    text = session.project.sources.text(source)
    assert text == "[00:00:04] Interviewer: so we met online [00:00:04] "
    assert [p.ms for p in desk.media.follower.points] == [4000, 4000]
    steps = session.undo_stack.count()
    qtbot.mouseClick(desk.player.transcribe_button, Qt.MouseButton.LeftButton)  # back to reading
    assert desk.document.isVisible() and not editor.isVisible()
    assert desk.document.loaded.text == text
    session.undo_stack.undo()  # the typing was one step
    assert session.project.sources.text(source) == ""
    assert session.undo_stack.index() == steps - 1


def _code_time_range(qtbot: QtBot, window: MainWindow, code: str, start: int, end: int) -> None:
    """Drag ``start``–``end`` ms in the waveform and apply ``code`` to it."""
    assert window.desk is not None
    strip = window.desk.document_pane.waveform
    left, right = int(strip.x_of(start)), int(strip.x_of(end))
    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(left, 20))
    qtbot.mouseMove(strip, QPoint(right, 20))
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(right, 20))
    window.desk.apply_code(code)


def test_a_media_coding_counts_in_the_code_tree_at_once(qtbot: QtBot, window: MainWindow) -> None:
    assert window.desk is not None and window.session is not None
    model = CodebookModel.for_session(window.session)
    code = window.session.project.codebook.all()[-1]
    count = model.index_for(code.uuid, CODINGS)
    before = int(count.data())
    _code_time_range(qtbot, window, code.uuid, 1000, 2000)
    qtbot.waitUntil(lambda: int(count.data()) == before + 1, timeout=3000)
    window.session.undo_stack.undo()
    qtbot.waitUntil(lambda: int(count.data()) == before, timeout=3000)


def test_the_segments_panel_lists_time_ranges_and_plays_a_media_coding(
    qtbot: QtBot, window: MainWindow, recorded: tuple[Path, str]
) -> None:
    assert window.desk is not None and window.session is not None
    desk, session = window.desk, window.session
    code = session.project.codebook.all()[-1]
    text = desk.document.loaded.text
    start = text.index("P01:")
    desk.document.select_range(start, start + 20)
    desk.apply_code(code.uuid)
    _code_time_range(qtbot, window, code.uuid, 1000, 2000)
    desk.codebook.select_code(code.uuid)
    panel = window.findChild(SegmentsPanel, "segmentsPanel")
    assert panel is not None
    shown = [s for s in panel.visible_segments() if s.source_uuid == recorded[1]]
    media = [s for s in shown if s.start_ms is not None and s.end_ms is not None]
    assert len(media) == 2  # the text coding is heard at its cue, the media coding itself
    [coded] = session.project.media_codings.for_source(recorded[1])
    [timed] = [s for s in media if s.coding_uuid == coded.uuid]
    [heard] = [s for s in media if s is not timed]
    assert (heard.start, heard.start_ms, heard.end_ms) == (start, 1000, 2500)
    assert timed.text.startswith("P01: On a video call")  # the cue heard there
    assert abs(timed.start_ms - 1000) < 30 and abs(timed.end_ms - 2000) < 30
    assert time_span(timed.start_ms, timed.end_ms) == "00:00:01–00:00:02"
    # the panel counts what the code tree counts (subcodes included, as both show them)
    tree = CodebookModel.for_session(session).index_for(code.uuid, CODINGS)
    qtbot.waitUntil(lambda: int(tree.data()) == len(panel.visible_segments()), timeout=3000)
    assert counted(len(panel.visible_segments()), "coding") in panel.count_label.text()
    # choose the media coding's card and play it: the recording plays its range and stops
    row = panel.model.row_of(timed.coding_uuid)
    panel.view.setCurrentIndex(panel.model.index(row))
    play = panel.findChild(QToolButton, "segmentsPlay")
    assert play is not None and play.isEnabled()
    desk.show_source_named("P01")  # another source is being read: the recording's comes back
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    assert desk.document.source == recorded[1]
    player = desk.player.player
    qtbot.waitUntil(lambda: player.playing, timeout=5000)
    assert player.position() < 1500
    qtbot.waitUntil(lambda: not player.playing, timeout=8000)
    assert timed.end_ms <= player.position() < timed.end_ms + 600


def _top_right(window: MainWindow) -> str:
    """Which of the right column's docks (player, codes to apply, details) is at its top."""
    docks = [window.docks[key] for key in ("mediaPlayer", "coding", "editor")]
    shown = [(dock.geometry().top(), dock.objectName()) for dock in docks if dock.isVisible()]
    return min(shown)[1].removesuffix("Dock")


def test_a_text_only_project_shows_no_player(demo_window: MainWindow) -> None:
    assert demo_window.desk is not None and demo_window.desk.document.source
    assert not demo_window.docks["mediaPlayer"].isVisible()
    assert _top_right(demo_window) == "coding"  # as before recordings came


def test_the_player_shows_for_a_source_with_a_recording_only(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.desk is not None
    dock = window.docks["mediaPlayer"]
    assert dock.isVisible() and _top_right(window) == "mediaPlayer"
    window.desk.show_source_named("P01")
    assert not dock.isVisible()
    window.desk.show_source_named("interview")
    assert dock.isVisible()


def test_the_users_choice_of_player_is_kept(
    qtbot: QtBot, window: MainWindow, settings: WindowSettings, recorded: tuple[Path, str]
) -> None:
    assert window.desk is not None
    dock = window.docks["mediaPlayer"]
    close = dock.findChild(QAbstractButton, "qt_dockwidget_closebutton")
    assert close is not None
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)  # closed while a recording shows
    window.desk.show_source_named("P01")
    window.desk.show_source_named("interview")
    assert not dock.isVisible()  # it stays closed
    view = dock.toggleViewAction()
    assert view in window.menus.panels_menu.actions()
    window.desk.show_source_named("P01")
    view.trigger()  # opened from View ▸ Panels where there is no recording
    assert dock.isVisible()
    window.desk.show_source_named("interview")
    window.desk.show_source_named("P02")
    assert dock.isVisible()  # it stays open everywhere
    window.close_project()
    again = make_window(settings, recorded[0])  # and the next time the window opens
    qtbot.addWidget(again)
    assert again.desk is not None and again.desk.show_source_named("P02")
    assert again.desk.media.info is None and again.docks["mediaPlayer"].isVisible()
    again.close_project()
