"""The window's small dialogs, each a plain function so tests can replace it."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.widgets.plain_text import (
    get_item,
    get_text,
    message_box,
    show_information,
    show_warning,
)

PROJECT_FILTER = "Workbench projects (*.qwb)"
SOURCE_FILTER = (
    "Documents (*.txt *.md *.docx *.pdf *.odt *.rtf *.html *.htm *.vtt *.srt);;All files (*)"
)


def ask_open_path(parent: QWidget, folder: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open project", folder, PROJECT_FILTER)
    return Path(name) if name else None


def ask_save_path(parent: QWidget, title: str, folder: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, folder, PROJECT_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".qwb" else path.with_name(path.name + ".qwb")


def ask_open_file(parent: QWidget, title: str, folder: str, file_filter: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, folder, file_filter)
    return Path(name) if name else None


def ask_save_file(parent: QWidget, title: str, suggested: str, file_filter: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return Path(name) if name else None


def ask_import_paths(parent: QWidget, folder: str) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, "Import sources", folder, SOURCE_FILTER)
    return [Path(n) for n in names]


def ask_text(parent: QWidget, title: str, label: str, value: str = "") -> str | None:
    text, ok = get_text(parent, title, label, value)
    return text.strip() if ok and text.strip() else None


def ask_item(
    parent: QWidget, title: str, label: str, items: list[str], current: str = ""
) -> str | None:
    """Pick one of ``items`` (editable: a new value may be typed)."""
    index = items.index(current) if current in items else 0
    text, ok = get_item(parent, title, label, items, index, True)
    return text.strip() if ok and text.strip() else None


def show_error(parent: QWidget, title: str, text: str) -> None:
    show_warning(parent, title, text)


def show_info(parent: QWidget, title: str, text: str) -> None:
    show_information(parent, title, text)


def confirm_discard(parent: QWidget, text: str) -> bool:
    """Typed text could not be saved: give it up (True) or keep the project open (default)."""
    box = message_box(parent, QMessageBox.Icon.Warning, "Not saved", text)
    discard = box.addButton("Close and lose it", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep it open", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is discard


def ask_locked(parent: QWidget, text: str, can_take_over: bool) -> str | None:
    """A project is open elsewhere: "read_only", "take_over" or None (cancel)."""
    box = message_box(parent, QMessageBox.Icon.Warning, "Project in use", text)
    read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    take_over = (
        box.addButton("Take it over", QMessageBox.ButtonRole.DestructiveRole)
        if can_take_over
        else None
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is read_only:
        return "read_only"
    if take_over is not None and clicked is take_over:
        return "take_over"
    return None


def show_shortcuts(parent: QWidget, groups: list[tuple[str, list[tuple[str, str]]]]) -> None:
    """The keyboard shortcuts, a table per group (menu or panel)."""
    rows = []
    for title, entries in groups:
        rows.append(
            f"<tr><td colspan=2><h4 style='margin:10px 0 2px'>{escape(title)}</h4></td></tr>"
        )
        rows += [
            f"<tr><td style='padding:2px 18px 2px 0'>{escape(what)}</td>"
            f"<td><code>{escape(keys)}</code></td></tr>"
            for what, keys in entries
        ]
    dialog = QDialog(parent)
    dialog.setObjectName("shortcutsDialog")
    dialog.setWindowTitle("Keyboard shortcuts")
    browser = QTextBrowser()
    browser.setHtml("<table>" + "".join(rows) + "</table>")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(560, 520)
    dialog.exec()


def show_about(parent: QWidget, version: str) -> None:
    QMessageBox.about(
        parent,
        "About Qualitative Coding Workbench",
        f"<h3>Qualitative Coding Workbench {version}</h3>"
        "<p>Code interview transcripts, build a codebook and themes, and share the work with "
        "your team. Projects are single <code>.qwb</code> files; every change is saved as you "
        "make it and can be undone.</p><p>Free software under the GNU GPL v3 or later.</p>",
    )
