"""User and file text shown as written, never as HTML.

Qt guesses: a QLabel, QMessageBox or dialog label whose text looks like markup
(``Qt.mightBeRichText``) is rendered as rich text, and so is a tooltip. A code named
``<img src="…">`` would load an image, a lock file's host name could show a fake notice. So
every label here is plain text, every tooltip is escaped HTML, and message boxes and input
dialogs showing names are plain. The one place rich text is built from user text uses
``escaped``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

PLAIN = Qt.TextFormat.PlainText


class PlainLabel(QLabel):
    """A QLabel that always shows its text as written (never rich text)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(PLAIN)


def escaped(text: str) -> str:
    """``text`` as an HTML fragment that shows it exactly (line breaks kept)."""
    return html.escape(text).replace("\n", "<br>")


def tip(text: str) -> str:
    """A tooltip that shows ``text`` exactly: Qt renders a tooltip as rich text when it looks
    like markup, so the text is escaped and wrapped as rich text with its line breaks kept."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
) -> QMessageBox:
    """A QMessageBox whose text (and informative text) is plain."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(PLAIN)
    return box


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    box = message_box(parent, QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok)
    box.exec()


def show_information(parent: QWidget | None, title: str, text: str) -> None:
    icon = QMessageBox.Icon.Information
    box = message_box(parent, icon, title, text, QMessageBox.StandardButton.Ok)
    box.exec()


def ask_yes(parent: QWidget | None, title: str, text: str) -> bool:
    """A Yes/Cancel question in plain text; True for Yes."""
    yes, cancel = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel
    box = message_box(parent, QMessageBox.Icon.Question, title, text, yes | cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is box.button(yes)


def plain_input_dialog(parent: QWidget | None, title: str, label: str) -> QInputDialog:
    """A QInputDialog whose label is plain text (the static getters guess the format)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    for child in dialog.findChildren(QLabel):
        child.setTextFormat(PLAIN)
    return dialog


def get_text(
    parent: QWidget | None, title: str, label: str, text: str = "", *, multiline: bool = False
) -> tuple[str, bool]:
    """Like QInputDialog.getText (or getMultiLineText), with a plain-text label."""
    dialog = plain_input_dialog(parent, title, label)
    if multiline:
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setTextValue(text)
    ok = bool(dialog.exec())
    return dialog.textValue(), ok


def get_item(
    parent: QWidget | None,
    title: str,
    label: str,
    items: list[str],
    current: int = 0,
    editable: bool = True,
) -> tuple[str, bool]:
    """Like QInputDialog.getItem, with a plain-text label."""
    dialog = plain_input_dialog(parent, title, label)
    dialog.setComboBoxItems(items)
    if items:
        dialog.setTextValue(items[max(0, min(current, len(items) - 1))])
    dialog.setComboBoxEditable(editable)
    ok = bool(dialog.exec())
    return dialog.textValue(), ok


def rich_label(markup: str = "", parent: QWidget | None = None) -> QLabel:
    """A label showing ``markup`` as rich text: every piece of user or file text in it must
    have gone through ``escaped``."""
    label = QLabel(markup, parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def progress_dialog(parent: QWidget | None, label: str, cancel: str = "") -> QProgressDialog:
    """A busy indicator (no steps) with a plain-text label; without ``cancel``, no button."""
    dialog = QProgressDialog(parent)
    dialog.setLabel(PlainLabel(label))
    if cancel:
        dialog.setCancelButtonText(cancel)
    else:
        dialog.setCancelButton(None)
    dialog.setRange(0, 0)
    return dialog
