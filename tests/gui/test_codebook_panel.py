"""The Codebook panel, the code editor and the coding panel, driven through real widgets; every
edit is checked in the database after push, undo and redo."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from dnd import drop
from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from workbench.core.values import CodeNode
from workbench.gui.codebook import CodebookPanel, CodeEditor, CodingPanel
from workbench.gui.codebook.code_mime import CODE_MIME, SELECTION_MIME
from workbench.gui.codebook.codebook_model import NAME
from workbench.gui.codebook.delete_dialog import DeleteDialog, describe
from workbench.gui.project_session import ProjectSession

SYNC = "Communication Methods/Synchronous"
VIDEO = f"{SYNC}/Video calls"
LIVE = f"{SYNC}/Live chat"
MESSAGING = f"{SYNC}/Real-time messaging"


@pytest.fixture
def panel(session: ProjectSession, qtbot) -> CodebookPanel:
    widget = CodebookPanel(session)
    qtbot.addWidget(widget)
    widget.resize(420, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def uuid(session: ProjectSession, path: str) -> str:
    return session.project.codebook.find(path)


def exists(session: ProjectSession, path: str) -> bool:
    return any(node.path == path for node in session.project.codebook.all())


def visible_names(panel: CodebookPanel) -> list[str]:
    out: list[str] = []

    def visit(parent: QModelIndex) -> None:
        for row in range(panel.proxy.rowCount(parent)):
            index = panel.proxy.index(row, NAME, parent)
            out.append(str(index.data()))
            visit(index)

    visit(QModelIndex())
    return out


# -- the panel -----------------------------------------------------------------------------------
def test_panel_shows_the_codebook_with_stable_names(panel: CodebookPanel) -> None:
    assert panel.objectName() == "codebookPanel"
    assert panel.findChild(QWidget, "codebookTree") is panel.view
    assert panel.findChild(QLineEdit, "codebookFilter") is panel.filter_edit
    assert panel.proxy.rowCount() == 5
    assert panel.view.isExpanded(panel.proxy.index(0, 0))  # themes open at first
    assert panel.summary.text() == "69 codes · 5 themes"


def test_rename_in_place_writes_the_database(panel, session, qtbot) -> None:
    code = uuid(session, LIVE)
    panel.view.select_uuids([code])
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Chat during calls")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: session.project.codebook.get(code).name == "Chat during calls")
    assert panel.view.view_index(code).data() == "Chat during calls"
    assert panel.view.selected_uuids() == [code]  # selection survives the reset
    session.undo_stack.undo()
    assert session.project.codebook.get(code).name == "Live chat"
    session.undo_stack.redo()
    assert session.project.codebook.get(code).name == "Chat during calls"


def test_duplicate_rename_is_refused_with_a_message(panel, session, qtbot) -> None:
    code = uuid(session, LIVE)
    panel.view.select_uuids([code])
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Video calls")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "already a code named" in panel.message.message())
    assert session.project.codebook.get(code).name == "Live chat"
    assert session.undo_stack.count() == 0


def test_reparent_by_drop_through_the_view_model(panel, session) -> None:
    emails = uuid(session, "Communication Methods/Asynchronous/Emails")
    target = panel.view.view_index(uuid(session, SYNC))
    data = QMimeData()
    data.setData(CODE_MIME, QByteArray(emails.encode()))
    assert panel.proxy.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    assert session.project.codebook.path(emails) == f"{SYNC}/Emails"
    session.undo_stack.undo()
    assert session.project.codebook.path(emails) == "Communication Methods/Asynchronous/Emails"
    session.undo_stack.redo()
    assert session.project.codebook.path(emails) == f"{SYNC}/Emails"


def test_expansion_and_selection_survive_a_reset(panel, session) -> None:
    live = uuid(session, LIVE)
    panel.view.collapseAll()
    panel.view.select_uuids([live])  # reveals its ancestors
    assert panel.view.isExpanded(panel.view.view_index(uuid(session, SYNC)))
    closed = panel.view.view_index(uuid(session, "Challenges and Solutions"))
    assert not panel.view.isExpanded(closed)
    other = uuid(session, "Personal Development/Personal Goals/Goal setting")
    session.execute(
        "Rename", lambda c: session.project.codebook.rename(code=other, name="Goals", coder=c)
    )
    assert panel.view.isExpanded(panel.view.view_index(uuid(session, SYNC)))
    assert not panel.view.isExpanded(
        panel.view.view_index(uuid(session, "Challenges and Solutions"))
    )
    assert panel.view.selected_uuids() == [live]
    assert panel.view.current_uuid() == live


def test_selection_goes_to_the_session_and_follows_it(panel, session, qtbot) -> None:
    video, live = uuid(session, VIDEO), uuid(session, LIVE)
    with qtbot.waitSignal(session.codes_selected):
        panel.view.select_uuids([video, live])
    assert session.current_codes == [video, live]
    session.select_codes([uuid(session, "Communication Methods")])
    assert panel.view.selected_uuids() == [uuid(session, "Communication Methods")]


def test_double_click_activates_a_code(panel, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    panel.view.select_uuids([video])
    rect = panel.view.visualRect(panel.view.view_index(video))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.code_activated) as blocker:
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [video]
    assert session.current_codes == [video]


def test_filter_matches_names_and_descriptions_and_keeps_ancestors(panel, qtbot) -> None:
    qtbot.keyClicks(panel.filter_edit, "zoom")
    names = visible_names(panel)
    assert "Zoom" in names
    assert "Technology and Tools" in names and "Communication Tools" in names  # ancestors
    assert "Emails" not in names and "Trello" not in names
    tools = panel.view.view_index(panel.model.roots()[-1].uuid)
    assert tools.data() == "Technology and Tools" and panel.view.isExpanded(tools)
    assert "codes shown" in panel.summary.text()
    panel.filter_edit.clear()
    assert len(visible_names(panel)) == 69
    panel.filter_edit.setText("audio-visual")  # only in a description
    assert "Video calls" in visible_names(panel)


def test_new_theme_opens_its_name_for_editing(panel, session, qtbot) -> None:
    qtbot.mouseClick(
        panel.toolbar.widgetForAction(panel.new_theme_action), Qt.MouseButton.LeftButton
    )
    created = [n for n in session.project.codebook.tree() if n.name == "New code"]
    assert len(created) == 1
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Mentor roles")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.project.codebook.get(created[0].uuid).name == "Mentor roles")
    assert panel.view.selected_uuids() == [created[0].uuid]


def test_new_child_code_coloured_by_theme(panel, session) -> None:
    sync = uuid(session, SYNC)
    panel.view.select_uuids([sync])
    plain = panel.new_child_code("Phone calls")
    assert plain is not None and session.project.codebook.path(plain) == f"{SYNC}/Phone calls"
    panel.color_by_theme_action.setChecked(True)
    panel.view.select_uuids([sync])
    shaded = panel.new_child_code("Walkie-talkie")
    assert shaded is not None
    theme = QColor(session.project.codebook.get(uuid(session, "Communication Methods")).color)
    color = QColor(session.project.codebook.get(shaded).color)
    assert abs(color.hslHue() - theme.hslHue()) <= 2
    assert color.lightness() != theme.lightness()
    session.undo_stack.undo()
    assert not exists(session, f"{SYNC}/Walkie-talkie")


def test_merge_into_an_injected_choice(panel, session) -> None:
    live, messaging = uuid(session, LIVE), uuid(session, MESSAGING)
    before = session.project.codebook.get(messaging).codings
    moved = session.project.codebook.get(live).codings
    offered: list[list[str]] = []

    def choose(title: str, candidates: Sequence[CodeNode]) -> str:
        offered.append([n.uuid for n in candidates])
        return messaging

    panel.choose_code = choose
    panel.view.select_uuids([live])
    panel.merge_action.trigger()
    assert live not in offered[0]
    assert not exists(session, LIVE)
    after = session.project.codebook.get(messaging).codings
    assert before < after <= before + moved  # duplicates collapse
    assert panel.view.selected_uuids() == [messaging]
    session.undo_stack.undo()
    assert session.project.codebook.get(live).codings == moved
    assert session.project.codebook.get(messaging).codings == before
    session.undo_stack.redo()
    assert not exists(session, LIVE)


def test_delete_moving_sub_codes_and_segments_up(panel, session) -> None:
    sync = uuid(session, SYNC)
    asked: list[list[str]] = []

    def ask(nodes: Sequence[CodeNode]) -> str:
        asked.append([n.name for n in nodes])
        return "move_up"

    panel.ask_delete_mode = ask
    panel.view.select_uuids([sync])
    panel.delete_action.trigger()
    assert asked == [["Synchronous"]]
    assert not exists(session, SYNC)
    assert exists(session, "Communication Methods/Video calls")
    session.undo_stack.undo()
    assert exists(session, VIDEO)
    session.undo_stack.redo()
    assert exists(session, "Communication Methods/Video calls")


def test_delete_everything(panel, session) -> None:
    video = uuid(session, VIDEO)
    total = session.project.info().codings
    n = session.project.codebook.get(uuid(session, SYNC)).total_codings
    panel.ask_delete_mode = lambda nodes: "delete_all"
    panel.view.select_uuids([uuid(session, SYNC)])
    panel.delete_action.trigger()
    assert not exists(session, SYNC) and not exists(session, "Communication Methods/Video calls")
    assert session.project.info().codings == total - n
    session.undo_stack.undo()
    assert session.project.codebook.get(video).name == "Video calls"
    assert session.project.info().codings == total


def test_delete_cancelled_changes_nothing_and_empty_codes_need_no_question(panel, session) -> None:
    panel.ask_delete_mode = lambda nodes: None
    panel.view.select_uuids([uuid(session, SYNC)])
    panel.delete_action.trigger()
    assert exists(session, SYNC) and session.undo_stack.count() == 0
    empty = panel.new_code(name="Scratch")
    assert empty is not None

    def never(nodes: Sequence[CodeNode]) -> None:
        raise AssertionError("an empty code needs no question")

    panel.ask_delete_mode = never
    panel.view.select_uuids([empty])
    panel.delete_action.trigger()
    assert not exists(session, "Scratch")


def test_delete_dialog_offers_both_choices_with_counts(session, qtbot) -> None:
    node = session.project.codebook.get(uuid(session, SYNC))
    dialog = DeleteDialog([node])
    qtbot.addWidget(dialog)
    question, move, delete = describe([node])
    assert "3 sub-codes" in question and "Communication Methods" in move
    assert str(node.total_codings) in delete
    assert dialog.move_button.isEnabled()
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == "delete_all"
    theme = session.project.codebook.get(uuid(session, "Communication Methods"))
    assert DeleteDialog([theme]).move_button.isEnabled() == (theme.codings == 0)


def test_recolour_with_an_injected_colour(panel, session) -> None:
    video, live = uuid(session, VIDEO), uuid(session, LIVE)
    panel.choose_color = lambda initial: QColor("#123456")
    panel.view.select_uuids([video, live])
    panel.recolor_action.trigger()
    assert session.project.codebook.get(video).color == "#123456"
    assert session.project.codebook.get(live).color == "#123456"
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert session.project.codebook.get(video).color == "#327b6b"


def test_code_sets_filter_and_grow(panel, session) -> None:
    video, live = uuid(session, VIDEO), uuid(session, LIVE)
    bar = panel.set_bar
    bar.ask_text = lambda title, label, default: "Live contact"
    panel.view.select_uuids([video])
    bar.new_action.trigger()
    sets = session.project.sets.list("code")
    assert [(s.name, s.members) for s in sets] == [("Live contact", (video,))]
    assert panel.set_combo.currentText() == "Live contact (1)"
    assert visible_names(panel) == ["Communication Methods", "Synchronous", "Video calls"]
    bar.choose_set(None)
    assert len(visible_names(panel)) == 69
    bar.choose_item = lambda title, label, items: items[0]
    panel.view.select_uuids([live])
    bar.add_action.trigger()
    assert set(session.project.sets.list("code")[0].members) == {video, live}
    session.undo_stack.undo()
    assert session.project.sets.list("code")[0].members == (video,)


# -- the code editor ----------------------------------------------------------------------------
@pytest.fixture
def editor(session: ProjectSession, qtbot) -> CodeEditor:
    widget = CodeEditor(session)
    qtbot.addWidget(widget)
    widget.resize(420, 900)
    widget.show()
    return widget


def test_editor_saves_each_field_as_one_step(editor, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    assert editor.objectName() == "codeEditor" and editor.node is None
    session.select_codes([video])
    assert editor.name_edit.text() == "Video calls"
    assert "44 codings" in editor.counts_label.text()
    assert editor.findChild(QPushButton, "codeApply") is None  # nothing to press
    editor.name_edit.setFocus()
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "Video meetings")
    inclusion = editor.edits["inclusion"]
    inclusion.setFocus()  # leaving the name saved it
    inclusion.selectAll()
    qtbot.keyClicks(inclusion, "Any live meeting on camera.")
    editor.choose_color = lambda initial: QColor("#aa5500")
    qtbot.mouseClick(editor.color_button, Qt.MouseButton.LeftButton)  # saves the inclusion first
    node = session.project.codebook.get(video)
    assert (node.name, node.inclusion, node.color) == (
        "Video meetings",
        "Any live meeting on camera.",
        "#aa5500",
    )
    assert session.undo_stack.count() == 3
    assert not editor.is_dirty()
    for _ in range(3):
        session.undo_stack.undo()
    node = session.project.codebook.get(video)
    assert node.name == "Video calls" and node.color == "#327b6b"
    assert editor.name_edit.text() == "Video calls"
    assert editor.edits["inclusion"].toPlainText() == node.inclusion


def test_editor_checkbox_makes_a_code_a_category_as_one_step(editor, session, qtbot) -> None:
    sync = uuid(session, SYNC)
    session.select_codes([sync])
    box = editor.findChild(QCheckBox, "codeCodable")
    assert box is editor.codable_box and box.isChecked()
    # on the box itself (the widget is as wide as the editor; its label is not)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert not session.project.codebook.get(sync).codable and not box.isChecked()
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Make 'Synchronous' a category"
    session.undo_stack.undo()
    assert session.project.codebook.get(sync).codable and box.isChecked()
    session.undo_stack.redo()
    assert not session.project.codebook.get(sync).codable and not box.isChecked()


def test_editor_ctrl_enter_saves_at_once(editor, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    session.select_codes([video])
    old = session.project.codebook.get(video).example
    box: QPlainTextEdit = editor.edits["example"]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "We meet on Teams.")
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert session.project.codebook.get(video).example == "We meet on Teams."
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert session.project.codebook.get(video).example == old
    assert box.toPlainText() == old


def test_editor_refuses_a_duplicate_name(editor, session, qtbot) -> None:
    live = uuid(session, LIVE)
    session.select_codes([live])
    editor.name_edit.setText("Video calls")
    editor.edits["description"].setPlainText("changed")
    assert not editor.apply()
    assert "already a code named" in editor.message.message()
    assert session.project.codebook.get(live).name == "Live chat"
    assert editor.name_edit.text() == "Video calls"  # kept, not lost
    assert session.project.codebook.get(live).description == "changed"  # its own field
    assert session.undo_stack.count() == 1


def test_editor_keeps_pending_edits_when_switching_codes(editor, session, qtbot) -> None:
    video, live = uuid(session, VIDEO), uuid(session, LIVE)
    session.select_codes([video])
    editor.edits["description"].setPlainText("Meeting face to face, on screen.")
    session.select_codes([live])  # saved once the selection has settled, then shown
    qtbot.waitUntil(lambda: editor.name_edit.text() == "Live chat")
    assert session.project.codebook.get(video).description.startswith("Meeting face")


def test_editor_memos_add_write_delete(editor, session, qtbot) -> None:
    zoom = uuid(session, "Technology and Tools/Communication Tools/Zoom")
    session.select_codes([zoom])
    memos = editor.memos
    first = len(memos.memos())
    assert first >= 1 and memos.memos()[0].author
    qtbot.mouseClick(memos.add_button, Qt.MouseButton.LeftButton)
    assert len(memos.memos()) == first + 1
    qtbot.keyClicks(memos.editor.title_edit, "Licences")  # typed over the selected title
    memos.editor.text_edit.setFocus()
    qtbot.keyClicks(memos.editor.text_edit, "Free tier ends at 40 minutes.")
    memos.list.setCurrentRow(0)  # another memo: what was typed is saved
    stored = session.project.memos.list(target_kind="code", target=zoom)
    assert (stored[-1].title, stored[-1].text) == ("Licences", "Free tier ends at 40 minutes.")
    memos.list.setCurrentRow(first)
    assert memos.editor.text_edit.toPlainText() == "Free tier ends at 40 minutes."
    memos.confirm = lambda title, question: True
    memos.delete_selected()
    assert len(session.project.memos.list(target_kind="code", target=zoom)) == first
    session.undo_stack.undo()
    assert len(session.project.memos.list(target_kind="code", target=zoom)) == first + 1


# -- the coding panel ---------------------------------------------------------------------------
@pytest.fixture
def coding(session: ProjectSession, qtbot) -> CodingPanel:
    widget = CodingPanel(session)
    qtbot.addWidget(widget)
    widget.resize(320, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_single_click_chooses_a_code(coding, session, qtbot) -> None:
    assert coding.objectName() == "codingPanel"
    sync = uuid(session, SYNC)
    rect = coding.view.visualRect(coding.view.view_index(sync))
    with qtbot.waitSignal(coding.code_chosen) as blocker:
        qtbot.mouseClick(coding.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [sync]


def test_recent_strip_and_number_shortcuts(coding, session, qtbot) -> None:
    source = session.project.sources.list()[0].uuid
    video, zoom = (
        uuid(session, VIDEO),
        uuid(session, "Technology and Tools/Communication Tools/Zoom"),
    )
    assert not coding.recent_buttons and coding.recent_hint.isVisibleTo(coding)
    session.apply_code(code=video, source=source, start=0, end=5)
    session.apply_code(code=zoom, source=source, start=6, end=9)
    assert [b.text() for b in coding.recent_buttons] == ["1  Zoom", "2  Video calls"]
    actions = coding.recent_actions()
    assert [a.shortcut().toString() for a in actions] == [f"Ctrl+{n}" for n in range(1, 10)]
    assert actions[1].text() == "2 Video calls" and not actions[2].isEnabled()
    with qtbot.waitSignal(coding.code_chosen) as blocker:
        qtbot.mouseClick(coding.recent_buttons[1], Qt.MouseButton.LeftButton)
    assert blocker.args == [video]

    document = QPlainTextEdit("Some transcript")
    qtbot.addWidget(document)
    document.addActions(actions)
    document.show()
    qtbot.waitExposed(document)
    document.activateWindow()
    document.setFocus()
    qtbot.waitUntil(document.hasFocus)
    with qtbot.waitSignal(coding.code_chosen) as blocker:
        qtbot.keyClick(document, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [video]
    with qtbot.waitSignal(coding.code_chosen) as blocker:
        qtbot.keyClick(document, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [zoom]


def test_dropping_a_selection_on_a_code_applies_it(coding, session) -> None:
    source = session.project.sources.list()[1].uuid
    code = uuid(session, "Technology and Tools/Project Management Tools/Trello")
    data = QMimeData()
    data.setData(
        SELECTION_MIME, QByteArray(json.dumps({"source": source, "start": 5, "end": 25}).encode())
    )
    assert coding.proxy.dropMimeData(
        data, Qt.DropAction.CopyAction, -1, -1, coding.view.view_index(code)
    )
    assert any(
        (c.code_uuid, c.start, c.end) == (code, 5, 25)
        for c in session.project.codings.of_source(source)
    )
    session.undo_stack.undo()
    assert not any(
        (c.code_uuid, c.start, c.end) == (code, 5, 25)
        for c in session.project.codings.of_source(source)
    )


def test_coding_filter_enter_chooses_first_match(coding, session, qtbot) -> None:
    qtbot.keyClicks(coding.filter_edit, "slack")
    with qtbot.waitSignal(coding.code_chosen) as blocker:
        qtbot.keyClick(coding.filter_edit, Qt.Key.Key_Return)
    assert blocker.args == [uuid(session, "Technology and Tools/Collaboration Platforms/Slack")]


def test_keyboard_delete_and_insert_work_on_the_tree_not_in_the_filter(
    panel, session, qtbot
) -> None:
    panel.ask_delete_mode = lambda nodes: "delete_all"
    panel.view.select_uuids([uuid(session, LIVE)])
    panel.filter_edit.setText("chat")
    panel.filter_edit.setFocus()
    panel.filter_edit.setCursorPosition(0)
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Delete)
    assert panel.filter_edit.text() == "hat" and exists(session, LIVE)
    panel.filter_edit.clear()
    panel.view.select_uuids([uuid(session, SYNC)])
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Insert)
    assert exists(session, f"{SYNC}/New code")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    panel.view.select_uuids([uuid(session, LIVE)])
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert not exists(session, LIVE)


def test_a_real_drop_event_on_a_code_reparents(panel, session, qtbot) -> None:
    emails = uuid(session, "Communication Methods/Asynchronous/Emails")
    data = panel.model.mimeData([panel.model.index_for(emails)])
    target = panel.view.visualRect(panel.view.view_index(uuid(session, SYNC)))
    assert drop(panel.view.viewport(), target.center(), data)
    assert session.project.codebook.path(emails) == f"{SYNC}/Emails"
