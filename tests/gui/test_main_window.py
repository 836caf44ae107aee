"""The coding desk end to end: the window, its docks and menus, driven through real widgets, with
every edit checked in the database after it is made, undone and redone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dnd import drop
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication, QDockWidget, QLineEdit
from pytestqt.qtbot import QtBot
from window_helpers import EMOJI_TEXT, add_emoji_source, make_window, spans

from workbench.core.services.sources import ImportReport
from workbench.gui.document import CODE_MIME
from workbench.gui.window.coder_dialog import CoderChoice
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.settings import WindowSettings

ZOOM = "Technology and Tools/Communication Tools/Zoom"
SLACK = "Technology and Tools/Collaboration Platforms/Slack"


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path, settings: WindowSettings) -> Iterator[MainWindow]:
    add_emoji_source(demo_path)
    w = make_window(settings, demo_path)
    qtbot.addWidget(w)
    yield w
    w.close_project()


def code(window: MainWindow, path: str) -> str:
    assert window.session is not None
    return window.session.project.codebook.find(path)


def show_emoji_source(window: MainWindow) -> str:
    assert window.session is not None and window.desk is not None
    source = window.session.project.sources.find("P26 emoji")
    window.session.select_source(source)
    assert window.desk.document.source == source
    return source


def select_after_emoji(window: MainWindow, words: str) -> tuple[int, int]:
    assert window.desk is not None
    start = EMOJI_TEXT.index(words)
    window.desk.document.select_range(start, start + len(words))
    assert window.desk.document.textCursor().selectedText() == words
    return start, start + len(words)


def undo_redo(window: MainWindow, check_done: object, check_undone: object) -> None:
    window.menus.actions["undo"].trigger()
    assert callable(check_undone) and check_undone()
    window.menus.actions["redo"].trigger()
    assert callable(check_done) and check_done()


# -- opening ---------------------------------------------------------------------------------------
def test_opening_the_demo_fills_every_panel(window: MainWindow) -> None:
    assert window.session is not None and window.desk is not None
    assert window.pages.currentWidget() is window.desk_host
    assert window.windowTitle().startswith("Digital mentorship")
    assert "coder: Maya Chen" in window.windowTitle()
    assert window.desk.sources.view.model().rowCount() == 26
    assert window.desk.codebook.model.rowCount() == 5
    for key in ("sources", "codebook", "coding", "segments"):
        assert window.docks[key].isVisible(), key
    assert window.desk.document.source  # the first source is shown
    assert window.menus.actions["importSources"].isEnabled()


def test_clicking_a_source_shows_it(window: MainWindow, qtbot: QtBot) -> None:
    assert window.desk is not None
    view = window.desk.sources.view
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "P07")
    rect = view.visualRect(model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.desk.document.toPlainText().startswith("Interviewer: Good morning")
    header = window.desk.document_pane.header.text()
    assert "P07" in header and "SYNTHETIC TRANSCRIPT" in header  # the notice, above the text


# -- highlight to code -----------------------------------------------------------------------------
def test_click_a_code_in_the_coding_panel_codes_text_after_emoji(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.desk is not None
    source = show_emoji_source(window)
    zoom = code(window, ZOOM)
    rng = select_after_emoji(window, "my mentor showed me Slack")
    tree = window.desk.coding.view
    tree.expandAll()
    tree.scrollTo(tree.view_index(zoom))
    rect = tree.visualRect(tree.view_index(zoom))
    assert tree.viewport().rect().contains(rect.center())
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert spans(window, source, zoom) == [rng]
    assert window.session is not None
    text = window.session.project.sources.text(source, *rng)
    assert text == "my mentor showed me Slack"
    undo_redo(
        window,
        lambda: spans(window, source, zoom) == [rng],
        lambda: spans(window, source, zoom) == [],
    )


def test_quick_code_palette_from_the_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    assert window.desk is not None
    source = show_emoji_source(window)
    slack = code(window, SLACK)
    rng = select_after_emoji(window, "Slack")
    document = window.desk.document
    document.setFocus()
    qtbot.keyClick(document, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.desk.palette
    qtbot.waitUntil(palette.isVisible)
    field = palette.findChild(QLineEdit, "quickCodeInput")
    qtbot.keyClicks(field, "slack")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert spans(window, source, slack) == [rng]
    assert not palette.isVisible()


def test_dropping_a_code_on_the_selection(window: MainWindow) -> None:
    assert window.desk is not None
    source = show_emoji_source(window)
    zoom = code(window, ZOOM)
    start, end = select_after_emoji(window, "We met on Zoom")
    document = window.desk.document
    mime = QMimeData()
    mime.setData(CODE_MIME, zoom.encode())
    where = document.cursorRect(document.textCursor()).center() - QPoint(20, 0)
    assert drop(document.viewport(), where, mime)
    assert spans(window, source, zoom) == [(start, end)]


def test_remove_a_coding_from_the_context_menu(window: MainWindow) -> None:
    assert window.desk is not None and window.session is not None
    source = show_emoji_source(window)
    zoom = code(window, ZOOM)
    rng = select_after_emoji(window, "We met on Zoom")
    window.desk.apply_code(zoom)
    document = window.desk.document
    document.select_range(rng[0] + 3, rng[0] + 3)
    point = document.cursorRect().center()
    menu = document.context_menu_at(point)
    [remove] = [a for a in _all_actions(menu) if a.text().startswith("Remove coding")]
    remove.trigger()
    assert spans(window, source, zoom) == []
    undo_redo(
        window,
        lambda: spans(window, source, zoom) == [],
        lambda: spans(window, source, zoom) == [rng],
    )


def test_auto_code_every_turn_of_a_speaker(window: MainWindow) -> None:
    source = show_emoji_source(window)
    zoom = code(window, ZOOM)
    window.ask_item = lambda _t, _l, items, _c: "P26" if "P26" in items else None
    window.choose_code = lambda _title, _nodes: zoom
    window.menus.actions["codeSpeaker"].trigger()
    start = EMOJI_TEXT.index("We met")
    assert spans(window, source, zoom) == [(start, len(EMOJI_TEXT.rstrip()))]
    assert window.session is not None
    assert window.session.undo_stack.count() == 1


# -- the codebook ------------------------------------------------------------------------------
def test_reparent_a_code_by_dropping_it_in_the_tree(window: MainWindow) -> None:
    assert window.desk is not None and window.session is not None
    panel = window.desk.codebook
    codebook = window.session.project.codebook
    emails = code(window, "Communication Methods/Asynchronous/Emails")
    sync = code(window, "Communication Methods/Synchronous")
    panel.view.expandAll()
    data = panel.model.mimeData([panel.model.index_for(emails)])
    target = panel.view.visualRect(panel.view.view_index(sync))
    drop(panel.view.viewport(), target.center(), data)
    moved = "Communication Methods/Synchronous/Emails"
    assert codebook.path(emails) == moved
    undo_redo(
        window,
        lambda: codebook.path(emails) == moved,
        lambda: codebook.path(emails) == "Communication Methods/Asynchronous/Emails",
    )


def test_rename_in_place(window: MainWindow, qtbot: QtBot) -> None:
    assert window.desk is not None and window.session is not None
    panel = window.desk.codebook
    zoom = code(window, ZOOM)
    panel.view.expandAll()
    panel.select_code(zoom)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Zoom calls")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    codebook = window.session.project.codebook
    qtbot.waitUntil(lambda: codebook.get(zoom).name == "Zoom calls")
    undo_redo(
        window,
        lambda: codebook.get(zoom).name == "Zoom calls",
        lambda: codebook.get(zoom).name == "Zoom",
    )


def test_merge_codes_from_the_code_menu(window: MainWindow) -> None:
    assert window.desk is not None and window.session is not None
    project = window.session.project
    zoom, slack = code(window, ZOOM), code(window, SLACK)

    def keys(*codes: str) -> set[tuple[str, int, int, str]]:
        return {
            (c.source_uuid, c.start, c.end, c.coder)
            for s in project.sources.list()
            for c in project.codings.of_source(s.uuid)
            if c.code_uuid in codes
        }

    merged, zoom_before = keys(zoom, slack), keys(zoom)
    panel = window.desk.codebook
    panel.view.expandAll()
    panel.select_code(zoom)
    panel.choose_code = lambda _title, _nodes: slack
    window.menus.actions["mergeCodes"].trigger()
    assert zoom not in {n.uuid for n in project.codebook.all()}
    assert keys(slack) == merged
    assert project.codebook.get(slack).codings == len(merged)  # duplicates collapsed
    window.menus.actions["undo"].trigger()
    assert project.codebook.get(zoom).name == "Zoom" and keys(zoom) == zoom_before
    window.menus.actions["redo"].trigger()
    assert zoom not in {n.uuid for n in project.codebook.all()} and keys(slack) == merged


def test_split_segments_into_a_new_child_code(window: MainWindow) -> None:
    assert window.desk is not None and window.session is not None
    project = window.session.project
    zoom = code(window, ZOOM)
    window.desk.codebook.view.expandAll()
    window.desk.codebook.select_code(zoom)
    segments = window.desk.segments
    assert segments.visible_segments()
    first = segments.visible_segments()[0]
    segments.view.setCurrentIndex(segments.view.model().index(0, 0))
    chosen = segments.selected_codings()  # the first card: a passage, with each coder's coding
    assert first.coding_uuid in chosen
    segments.ask_text = lambda *_args: "Zoom fatigue"
    segments.split_selected()
    child = project.codebook.find(f"{ZOOM}/Zoom fatigue")
    moved = [c for c in project.codings.of_source(first.source_uuid) if c.code_uuid == child]
    assert sorted(c.uuid for c in moved) == sorted(chosen)
    window.menus.actions["undo"].trigger()
    assert not any(n.name == "Zoom fatigue" for n in project.codebook.all())


# -- correcting the transcript -----------------------------------------------------------------
def test_correct_a_word_inside_a_coded_passage(window: MainWindow, qtbot: QtBot) -> None:
    assert window.desk is not None and window.session is not None
    project = window.session.project
    source = show_emoji_source(window)
    slack = code(window, SLACK)
    start, end = select_after_emoji(window, "my mentor showed me Slack")
    window.desk.apply_code(slack)
    document = window.desk.document
    qtbot.keyClick(document, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert document.edit_mode
    word = EMOJI_TEXT.index("showed")
    document.select_range(word, word + len("showed"))
    document.ask_text = lambda *_args: "demonstrated"
    document.editor.correct_action.trigger()
    new_end = end + len("demonstrated") - len("showed")
    assert project.sources.text(source, start, new_end) == "my mentor demonstrated me Slack"
    assert spans(window, source, slack) == [(start, new_end)]
    undo_redo(
        window,
        lambda: spans(window, source, slack) == [(start, new_end)],
        lambda: project.sources.text(source, start, end) == "my mentor showed me Slack"
        and spans(window, source, slack) == [(start, end)],
    )


# -- importing ---------------------------------------------------------------------------------
def test_import_with_one_bad_file_reports_it_and_keeps_the_rest(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    assert window.session is not None
    good = tmp_path / "P30.txt"
    good.write_text("Interviewer: Hello?\n\nP30: Hello, I mentor nurses online.\n")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7 this is not really a pdf")
    reports: list[ImportReport] = []
    window.show_import_report = reports.append
    window.session.execute("Code", lambda coder: window.session.project.rename(  # type: ignore[union-attr]
        name="Renamed", coder=coder))
    worker = window.import_files([good, bad])
    assert worker is not None
    qtbot.waitUntil(lambda: window.worker is None, timeout=20_000)
    [report] = reports
    assert [o.path.name for o in report.imported] == ["P30.txt"]
    assert [o.path.name for o in report.problems] == ["broken.pdf"]
    assert "broken.pdf" in report.problems[0].message
    names = [s.name for s in window.session.project.sources.list()]
    assert "P30" in names and "broken" not in names
    assert window.session.undo_stack.count() == 0  # an import clears the undo history
    assert window.desk is not None and window.desk.document.source == report.imported[0].source_uuid


def test_dropping_files_on_the_window_imports_them(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    assert window.session is not None
    path = tmp_path / "Focus group.md"
    path.write_text("Moderator: Welcome.\n\nAna: Thanks.\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    window.show_import_report = lambda report: pytest.fail(f"unexpected problems: {report}")
    assert drop(window, QPoint(800, 500), mime)
    qtbot.waitUntil(lambda: window.worker is None and "Focus group" in [
        s.name for s in window.session.project.sources.list()  # type: ignore[union-attr]
    ], timeout=20_000)


# -- window state --------------------------------------------------------------------------------
def test_welcome_page_when_no_project_is_open(
    qtbot: QtBot, settings: WindowSettings, demo_path: Path
) -> None:
    settings.add_recent(demo_path)
    window = make_window(settings)
    qtbot.addWidget(window)
    assert window.pages.currentWidget() is window.welcome
    assert not any(dock.isVisible() for dock in window.docks.values())
    assert not window.menus.actions["importSources"].isEnabled()
    item = window.welcome.recent_list.item(0)
    assert item.data(Qt.ItemDataRole.UserRole) == str(demo_path.resolve())
    window.welcome.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
    assert window.session is not None
    window.close_project()
    assert window.pages.currentWidget() is window.welcome
    assert not demo_path.with_name(demo_path.name + ".lock").exists()


def test_coder_and_layout_are_remembered(
    qtbot: QtBot, settings: WindowSettings, demo_path: Path
) -> None:
    window = make_window(settings, demo_path)
    qtbot.addWidget(window)
    asked: list[tuple[list[str], str]] = []
    window.ask_coder = lambda coders, current: (
        asked.append(([c.name for c in coders], current)) or CoderChoice("Tomás Rivera")
    )
    window.coder_button.click()
    assert asked == [(["Maya Chen", "Tomás Rivera"], "Maya Chen")]
    assert window.session is not None and window.session.coder == "Tomás Rivera"
    assert "coder: Tomás Rivera" in window.windowTitle()
    window.docks["cases"].close()
    window.close()
    again = make_window(settings, demo_path)
    qtbot.addWidget(again)
    assert again.session is not None and again.session.coder == "Tomás Rivera"
    assert not again.docks["cases"].isVisible()
    assert again.docks["sources"].isVisible()
    again.close_project()


def test_a_project_open_elsewhere_can_be_opened_read_only(
    qtbot: QtBot, settings: WindowSettings, demo_path: Path
) -> None:
    from workbench.core.project import Project

    with Project.open(demo_path):
        window = make_window(settings)
        qtbot.addWidget(window)
        asked: list[str] = []
        window.ask_locked = lambda text, _take: asked.append(text) or "read_only"
        assert window.open_project(demo_path)
        assert "open in another program" in asked[0]
        assert "[read-only]" in window.windowTitle()
        assert not window.menus.actions["codeWith"].isEnabled()
        window.close_project()


def test_screenshot_renders_the_demo(demo_path: Path, tmp_path: Path) -> None:
    from workbench.gui.app import main

    out = tmp_path / "shot.png"
    assert main([str(demo_path), "--screenshot", str(out), "--source", "P04"]) == 0
    assert out.stat().st_size > 50_000


def _all_actions(menu: object) -> list:  # type: ignore[type-arg]
    from PySide6.QtWidgets import QMenu

    assert isinstance(menu, QMenu)
    found = []
    for action in menu.actions():
        if action.menu() is not None:
            found.extend(_all_actions(action.menu()))
        else:
            found.append(action)
    return found


def test_docks_are_named_for_layout_restore(window: MainWindow) -> None:
    names = {dock.objectName() for dock in window.findChildren(QDockWidget)}
    assert {"sourcesDock", "codebookDock", "segmentsDock", "memosDock", "casesDock"} <= names


def test_highlights_can_show_one_coder(window: MainWindow) -> None:
    assert window.desk is not None and window.session is not None
    window.session.select_source(window.session.project.sources.find("P01"))
    document = window.desk.document
    coders = {c.coder for c in document.layer.codings.values()}
    assert coders == {"Maya Chen", "Tomás Rivera"}
    window.ask_item = lambda _t, _l, items, _c: "Tomás Rivera"
    window.menus.actions["filterCoder"].trigger()
    assert {c.coder for c in document.layer.codings.values()} == {"Tomás Rivera"}
    window.menus.actions["filterAll"].trigger()
    assert {c.coder for c in document.layer.codings.values()} == coders


def test_new_project_from_the_welcome_page(
    qtbot: QtBot, settings: WindowSettings, tmp_path: Path
) -> None:
    window = make_window(settings)
    qtbot.addWidget(window)
    window.ask_save_path = lambda _title: tmp_path / "My study.qwb"
    window.ask_text = lambda _t, _l, value: f"{value} (pilot)"
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert window.session is not None
    assert window.session.project.info().name == "My study (pilot)"
    assert window.windowTitle().startswith("My study (pilot)")
    assert window.desk is not None and window.desk.document.source == ""
    window.close_project()


def test_save_a_copy_keeps_working_on_the_original(window: MainWindow, tmp_path: Path) -> None:
    from workbench.core.project import Project

    assert window.session is not None
    original = window.session.project.path
    window.ask_save_path = lambda _title: tmp_path / "For Tomás.qwb"
    window.menus.actions["saveCopy"].trigger()
    assert window.session.project.path == original
    with Project.open(tmp_path / "For Tomás.qwb", read_only=True) as copy:
        assert len(copy.sources.list()) == len(window.session.project.sources.list())


def test_search_dock_finds_and_shows_a_hit(window: MainWindow, qtbot: QtBot) -> None:
    assert window.desk is not None and window.session is not None
    source = window.session.project.sources.find("P26 emoji")
    qtbot.keyClick(window.desk.document, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert window.docks["search"].isVisible()
    panel = window.desk.search
    # A page found while the index is being built may lack the sources not indexed yet.
    panel.start_index()
    search = window.session.project.search
    qtbot.waitUntil(lambda: search.status().state == "ready", timeout=30_000)
    with qtbot.waitSignal(panel.searched, timeout=20_000):
        panel.set_query("Slack")
        panel.search()
    hits = [h for h in panel.result.hits if h.item == source]  # type: ignore[union-attr]
    assert hits
    panel.hit_activated.emit(source, hits[0].start, hits[0].end)
    assert window.desk.document.source == source
    assert window.desk.document.selection_range() == (hits[0].start, hits[0].end)


def test_export_the_codebook_pdf_from_the_file_menu(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from workbench.core.reports import CodebookOptions
    from workbench.gui.reports.export_actions import ExportDialogs

    done: list[Path] = []
    window.export_dialogs = ExportDialogs(
        ask_path=lambda *_args: tmp_path / "codebook.pdf",
        codebook_options=lambda *_args: CodebookOptions(),
        done=lambda _parent, _title, path, _detail: done.append(path),
        failed=lambda _parent, _title, text: pytest.fail(text),
    )
    window.menus.actions["exportCodebook"].trigger()
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    text = "".join(page.extract_text() for page in PdfReader(done[0]).pages)
    assert "Confidence Building" in text


def test_refi_qda_export_and_import_from_the_file_menu(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    assert window.session is not None
    names = sorted(s.name for s in window.session.project.sources.list())
    shown: list[str] = []
    window.show_warning = lambda title, _text: shown.append(f"warning: {title}")
    window.show_info = lambda title, _text: shown.append(f"info: {title}")
    window.ask_save_file = lambda _title, _name, _filter: tmp_path / "study.qdpx"
    window.menus.actions["exportQdpx"].trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert (tmp_path / "study.qdpx").stat().st_size > 10_000
    window.ask_open_file = lambda _title, _filter: tmp_path / "study.qdpx"
    window.ask_save_path = lambda _title: tmp_path / "Imported.qwb"
    window.menus.actions["importQdpx"].trigger()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=30_000)
    assert window.session.project.path == tmp_path / "Imported.qwb"
    assert sorted(s.name for s in window.session.project.sources.list()) == names
    # a successful exchange is information, even with notes on what REFI-QDA cannot hold
    assert shown == ["info: Exported study.qdpx", "info: Imported study.qdpx"]


def test_a_damaged_project_offers_its_newest_backup(
    qtbot: QtBot, settings: WindowSettings, demo_path: Path
) -> None:
    from workbench.core.project import Project

    with Project.open(demo_path) as project:
        project.backups.make("by hand")
    data = bytearray(demo_path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 512] = b"\xff" * 512  # wreck a page
    demo_path.write_bytes(bytes(data))
    window = make_window(settings)
    qtbot.addWidget(window)
    offered: list[str] = []

    def offer(exc: object) -> None:
        offered.append(str(exc))
        return None

    window.offer_backup = offer  # type: ignore[assignment]
    window.show_error = lambda _title, _text: None
    assert not window.open_project(demo_path)
    assert offered and "damaged" in offered[0]


def test_team_menu_and_agreement_dock(window: MainWindow, qtbot: QtBot) -> None:
    assert window.desk is not None
    for name in ("shareCopy", "mergeCopy", "agreement"):
        assert window.menus.actions[name].isEnabled()
    window.menus.actions["agreement"].trigger()
    assert window.docks["agreement"].isVisible()
    panel = window.desk.agreement
    panel.set_coders(["Maya Chen", "Tomás Rivera"])
    with qtbot.waitSignal(panel.computed, timeout=60_000):
        panel.compute()
