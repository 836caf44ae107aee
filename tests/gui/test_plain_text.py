"""Names, definitions, memos and lock-file fields are shown as written, never interpreted as
HTML: the demo with hostile names everywhere, every label, tooltip, item-view cell, rendered
HTML fragment and the "project in use" box of the main window checked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGraphicsView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot
from window_helpers import isolated_settings, make_window

from workbench.core import lockfile
from workbench.core.project import Project
from workbench.gui.widgets import plain_text
from workbench.gui.window.main_window import MainWindow

IMG = '<img src="file:///tmp/x.png">'
BOLD = "<b>bold</b>"
LINK = '<a href="http://evil.example">call IT</a>'
RAW = (IMG, BOLD, LINK)  # as typed: markup of our own (<b>…</b> around a name) is fine
EVIL_CODER = f"{BOLD} coder"


def hostile(label: str) -> str:
    """A name that starts with markup (what Qt's rich-text guess looks at) and hides more."""
    return {"img": f"{IMG}{label}", "bold": f"{BOLD} {label}", "link": f"{LINK} {label}"}[
        label.split(":")[0]
    ]


def _make_hostile(path: Path) -> dict[str, str]:
    """Rename and annotate the demo so that every kind of user text holds markup."""
    by = EVIL_CODER
    with Project.open(path) as project:
        book = project.codebook
        theme = book.tree()[0]
        code = theme.children[0].children[0] if theme.children[0].children else theme.children[0]
        book.rename(code=theme.uuid, name=hostile("bold:theme"), coder=by)
        book.rename(code=code.uuid, name=hostile("img:code"), coder=by)
        book.define(code=code.uuid, description=f"{LINK}\n{IMG} definition", example=BOLD, coder=by)
        source = project.sources.list()[0]
        project.sources.rename(source=source.uuid, name=hostile("img:source"), coder=by)
        case = project.cases.list()[0]
        project.cases.rename(case=case.uuid, name=hostile("link:case"), coder=by)
        project.cases.define_attribute(name=hostile("bold:attribute"), type="text", coder=by)
        project.cases.set_value(
            scope="case",
            item=case.uuid,
            attribute=hostile("bold:attribute"),
            value=f"{IMG} value",
            coder=by,
        )
        project.memos.add(
            text=f"{IMG}\n{LINK} memo text",
            title=hostile("bold:memo"),
            target_kind="code",
            target=code.uuid,
            coder=by,
        )
        project.memos.add(text=f"{IMG} project memo", title=hostile("img:memo"), coder=by)
        project.annotations.add(source=source.uuid, start=0, end=5, text=f"{IMG} note", coder=by)
        project.codings.apply(source=source.uuid, code=code.uuid, start=10, end=40, coder=by)
        project.sets.create(name=hostile("link:set"), kind="code", members=[code.uuid], coder=by)
        other = theme.children[-1].uuid
        project.map.relate(from_code=code.uuid, to_code=other, label=hostile("img:rel"), coder=by)
        return {"source": source.uuid, "code": code.uuid, "case": case.uuid}


def _interpreted(text: str, fmt: Qt.TextFormat) -> bool:
    """Whether Qt renders ``text`` as rich text in a widget of format ``fmt``."""
    if fmt == Qt.TextFormat.PlainText:
        return False
    return fmt == Qt.TextFormat.RichText or GuiQt.mightBeRichText(text)


def _leaks(text: object, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> bool:
    return isinstance(text, str) and _interpreted(text, fmt) and any(r in text for r in RAW)


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a QAbstractListModel: one column, and columnCount is private
        return 1


def _model_cells(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator:
    parent = parent or QModelIndex()
    for row in range(min(model.rowCount(parent), 300)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and model.rowCount(index) > 0:
                yield from _model_cells(model, index)


def _problems(window: MainWindow) -> tuple[list[str], list[str]]:
    """Every piece of hostile markup Qt would interpret, and all the texts looked at."""
    found: list[str] = []
    seen_text: list[str] = []
    for widget in [window, *window.findChildren(QWidget)]:
        name = f"{type(widget).__name__}#{widget.objectName()}"
        if _leaks(widget.toolTip()):
            found.append(f"tooltip of {name}: {widget.toolTip()!r}")
        if isinstance(widget, QLabel):
            seen_text.append(widget.text())
            if _leaks(widget.text(), widget.textFormat()):
                found.append(f"label {name}: {widget.text()!r}")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for index in _model_cells(model):
                for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DisplayRole):
                    value = index.data(role)
                    if isinstance(value, str):
                        seen_text.append(value)
                    if role == Qt.ItemDataRole.ToolTipRole and _leaks(value):
                        found.append(f"{name} cell tooltip: {value!r}")
            for section in range(_columns(model, QModelIndex())):
                value = model.headerData(
                    section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
                )
                if _leaks(value):
                    found.append(f"{name} header tooltip: {value!r}")
        if isinstance(widget, QGraphicsView) and widget.scene() is not None:
            for item in widget.scene().items():
                if _leaks(item.toolTip()):
                    found.append(f"map item tooltip in {name}: {item.toolTip()!r}")
    return found, seen_text


def _hover_tips(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Hover over the transcript's stripe margin and note gutter, where tooltips are made on
    the fly, and report any shown tooltip that leaks markup."""
    assert window.desk is not None
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *_a: shown.append(text))
    view = window.desk.document
    for side in (view.margin, view.gutter):
        for x in range(0, side.width(), 3):
            for y in range(0, min(side.height(), 400), 3):
                point = QPoint(x, y)
                side.event(QHelpEvent(QEvent.Type.ToolTip, point, side.mapToGlobal(point)))
    assert any("x.png" in text for text in shown)  # the hostile code and note were hovered
    return [f"hover tooltip: {text!r}" for text in shown if _leaks(text)]


@pytest.fixture
def hostile_window(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[MainWindow, dict[str, str], list[str]]]:
    rendered: list[str] = []
    real_set_html = QTextDocument.setHtml

    def recording(doc: QTextDocument, text: str) -> None:
        rendered.append(text)
        real_set_html(doc, text)

    monkeypatch.setattr(QTextDocument, "setHtml", recording)
    ids = _make_hostile(demo_path)
    settings = isolated_settings(tmp_path)
    settings.set_coder(EVIL_CODER)
    window = make_window(settings, demo_path)
    qtbot.addWidget(window)
    yield window, ids, rendered
    window.close_project()


def test_no_user_text_is_interpreted_as_html(
    hostile_window: tuple[MainWindow, dict[str, str], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, ids, rendered = hostile_window
    assert window.session is not None and window.desk is not None
    window.session.select_source(ids["source"])
    window.session.select_codes([ids["code"]])
    for dock in window.docks.values():
        dock.show()
        dock.raise_()
        dock.widget().grab()  # paints every delegate (segments, memos…) once
    window.grab()
    problems, seen = _problems(window)
    problems += _hover_tips(window, monkeypatch)
    assert problems == [], "\n".join(problems[:20])
    # the check means something only if the hostile names are on screen
    for name in ("img:code", "img:source", "link:case", "bold:theme", "bold:memo"):
        assert any(hostile(name) in text or ("&lt;" in text and name in text) for text in seen), (
            name
        )
    leaked = [h for h in rendered if any(r in h for r in RAW)]
    assert leaked == [], leaked[:5]


def test_project_in_use_box_shows_lock_user_and_host_as_text(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lockfile, "_user_name", lambda: IMG)
    monkeypatch.setattr(lockfile.socket, "gethostname", lambda: f"{LINK} IT support: call 555")
    shown: list[tuple[str, Qt.TextFormat]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.text(), box.textFormat()))
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    settings = isolated_settings(tmp_path)
    settings.set_coder("Maya Chen")
    with Project.open(demo_path):  # holds the lock, written with the hostile user and host
        window = make_window(settings)
        qtbot.addWidget(window)
        assert not window.open_project(demo_path)
    assert len(shown) == 1
    text, fmt = shown[0]
    assert IMG in text and "IT support" in text
    assert not _interpreted(text, fmt)


def test_helpers_escape_and_keep_line_breaks(qtbot: QtBot) -> None:
    tip = plain_text.tip(f"{IMG}\nsecond & line")
    assert GuiQt.mightBeRichText(tip) and "&lt;img" in tip and "<img" not in tip
    assert "white-space:pre-wrap" in tip and "\n" in tip
    assert plain_text.tip("") == ""
    assert plain_text.escaped(f"{BOLD}\nx") == "&lt;b&gt;bold&lt;/b&gt;<br>x"
    dialog = plain_text.plain_input_dialog(None, "Rename", f"Rename {IMG}?")
    qtbot.addWidget(dialog)
    labels = dialog.findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    box = plain_text.message_box(None, QMessageBox.Icon.Warning, "t", IMG)
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText


def test_gui_code_shows_text_only_through_the_helper() -> None:
    """Labels, message boxes and input dialogs are made by plain_text, so a new one cannot
    forget: a bare QLabel, or Qt's static message-box and input-dialog functions, guess."""
    gui = Path(__file__).resolve().parents[2] / "workbench" / "gui"
    banned = re.compile(
        r"(?<![\w.])QLabel\(|QMessageBox\.(warning|information|question|critical)\("
        r"|QInputDialog\.get\w+\(|QProgressDialog\("
    )
    found = [
        f"{path.relative_to(gui)}:{number}: {line.strip()}"
        for path in gui.rglob("*.py")
        if path.name != "plain_text.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if banned.search(line)
    ]
    assert found == []


def test_questions_are_plain_and_answer(qtbot: QtBot) -> None:
    formats: list[Qt.TextFormat] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        formats.append(box.textFormat())
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    assert plain_text.ask_yes(None, "Delete", f"Delete {IMG}?")
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Cancel))
    assert not plain_text.ask_yes(None, "Delete", f"Delete {IMG}?")
    assert formats == [Qt.TextFormat.PlainText] * 2

    def type_name() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("New name")
        dialog.accept()

    QTimer.singleShot(0, type_name)
    assert plain_text.get_text(None, "Rename", f"Rename {IMG}", "old") == ("New name", True)
