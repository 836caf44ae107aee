"""Editors for typed case attributes: combo for choices, date editor, spin box, check box; text
cells get a line edit that ``bind_text`` can make save itself as it is typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QStyleOptionViewItem,
    QWidget,
)

from workbench.core.values import AttributeInfo
from workbench.gui.panels.cases_model import ATTRIBUTE_ROLE, WHOLE_NUMBERS_ROLE
from workbench.gui.panels.check_delegate import CheckDelegate
from workbench.gui.widgets.autosave import AutosaveField

Index = QModelIndex | QPersistentModelIndex
NO_VALUE = "—"
_LIMIT = 1_000_000_000


class CaseValueDelegate(CheckDelegate):
    """Chooses the editor by the attribute's type; yes/no cells toggle with a click."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bind_text: Callable[[QLineEdit, Index], AutosaveField] | None = None
        self._fields: dict[QWidget, AutosaveField] = {}  # open text editors that autosave

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        attr = index.data(ATTRIBUTE_ROLE)
        if not isinstance(attr, AttributeInfo) or attr.type == "text":
            editor = super().createEditor(parent, option, index)
            if isinstance(editor, QLineEdit) and self.bind_text is not None:
                self._fields[editor] = self.bind_text(editor, index)
                editor.destroyed.connect(lambda _o=None, e=editor: self._fields.pop(e, None))
            return editor
        if attr.type == "choice":
            combo = QComboBox(parent)
            combo.setObjectName("caseChoiceEditor")
            combo.addItem(NO_VALUE, "")
            for choice in attr.choices:
                combo.addItem(choice, choice)
            combo.activated.connect(lambda _i, c=combo: self._finish(c))
            return combo
        if attr.type == "date":
            editor = QDateEdit(parent)
            editor.setObjectName("caseDateEditor")
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("yyyy-MM-dd")
            return editor
        if attr.type == "number":
            spin: QSpinBox | QDoubleSpinBox
            if index.data(WHOLE_NUMBERS_ROLE):
                spin = QSpinBox(parent)
                spin.setRange(-_LIMIT, _LIMIT)
            else:
                spin = QDoubleSpinBox(parent)
                spin.setDecimals(3)
                spin.setRange(-_LIMIT, _LIMIT)
            spin.setObjectName("caseNumberEditor")
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            return spin
        return super().createEditor(parent, option, index)

    def _finish(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData("" if value is None else str(value))))
        elif isinstance(editor, QDateEdit):
            try:
                day = date.fromisoformat(str(value)) if value else date.today()
            except ValueError:
                day = date.today()
            editor.setDate(QDate(day.year, day.month, day.day))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value) if isinstance(value, int | float) else 0)
            editor.selectAll()
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value) if isinstance(value, int | float) else 0.0)
            editor.selectAll()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        field = self._fields.get(editor)
        if field is not None:  # saved as typed: what is left joins the same undo step
            field.finish()
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDateEdit):
            model.setData(index, editor.date().toString("yyyy-MM-dd"), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QSpinBox):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDoubleSpinBox):
            number = editor.value()
            model.setData(
                index, int(number) if number.is_integer() else number, Qt.ItemDataRole.EditRole
            )
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        if isinstance(editor, QComboBox | QDateEdit | QSpinBox | QDoubleSpinBox):
            rect = rect.adjusted(0, 0, 0, 0)
            rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        editor.setGeometry(rect)
