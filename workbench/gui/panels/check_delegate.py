"""A table delegate: padded text, and centred check boxes toggled by a click in the cell."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
)

from workbench.gui.widgets.colors import dim_color

Index = QModelIndex | QPersistentModelIndex
NOTE_ROLE = Qt.ItemDataRole.UserRole + 40  # short dimmed text painted beside the box ("+1")
TEXT_PAD = 3


class CheckDelegate(QStyledItemDelegate):
    """Table cells with a little more air: text padded from the grid, and a centred check box
    (toggled by a click anywhere in the cell) where a cell carries a CheckStateRole."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        if not opt.features & QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator:
            self._paint_text(painter, opt, style)
            return
        state = opt.checkState
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        note = index.data(NOTE_ROLE)
        box = QStyleOptionButton()
        box.rect = self._box_rect(opt, bool(note))
        box.state = QStyle.StateFlag.State_Enabled
        if Qt.CheckState(state) == Qt.CheckState.Checked:
            box.state |= QStyle.StateFlag.State_On
        else:
            box.state |= QStyle.StateFlag.State_Off
        if not (index.flags() & Qt.ItemFlag.ItemIsUserCheckable):
            box.state &= ~QStyle.StateFlag.State_Enabled
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, box, painter, widget
        )
        if note:
            painter.save()
            if opt.state & QStyle.StateFlag.State_Selected:
                selected = QPalette(opt.palette)
                selected.setColor(QPalette.ColorRole.Text, opt.palette.highlightedText().color())
                selected.setColor(QPalette.ColorRole.Base, opt.palette.highlight().color())
                painter.setPen(dim_color(selected, 0.3))
            else:
                painter.setPen(dim_color(opt.palette, 0.45))
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 0.85)
            painter.setFont(font)
            text_rect = QRect(box.rect.right() + 4, opt.rect.top(), 40, opt.rect.height())
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), str(note))
            painter.restore()

    @staticmethod
    def _paint_text(painter: QPainter, opt: QStyleOptionViewItem, style: QStyle) -> None:
        text = opt.text
        widget = opt.widget
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if not text:
            return
        group = QPalette.ColorGroup.Normal
        if not opt.state & QStyle.StateFlag.State_Enabled:
            group = QPalette.ColorGroup.Disabled
        elif not opt.state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Inactive
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        # Qt's own text margin is the focus frame's plus one; ours adds a little air to it
        pad = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        pad += TEXT_PAD
        rect = rect.adjusted(pad, 0, -pad, 0)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, role))
        shown = opt.fontMetrics.elidedText(text, opt.textElideMode, rect.width())
        painter.drawText(rect, int(opt.displayAlignment), shown)
        painter.restore()

    @staticmethod
    def _box_rect(option: QStyleOptionViewItem, with_note: bool) -> QRect:
        """Centred, or moved left to leave room for the note."""
        rect = QRect(0, 0, 16, 16)
        rect.moveCenter(option.rect.center())
        if with_note:
            rect.moveLeft(max(option.rect.left() + 4, rect.left() - 10))
        return rect

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        state = index.data(Qt.ItemDataRole.CheckStateRole)
        if state is None or not (index.flags() & Qt.ItemFlag.ItemIsUserCheckable):
            return super().editorEvent(event, model, option, index)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            if event.button() != Qt.MouseButton.LeftButton:
                return False
        elif kind == QEvent.Type.MouseButtonDblClick:
            return True  # swallow, so a fast double click is two toggles and nothing else
        elif kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() not in (Qt.Key.Key_Space, Qt.Key.Key_Select):
                return False
        else:
            return False
        checked = Qt.CheckState(state) == Qt.CheckState.Checked
        new = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
        return bool(model.setData(index, new, Qt.ItemDataRole.CheckStateRole))
