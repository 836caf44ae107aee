"""The quick-code palette: a frameless popup to find a code by typing a few letters of it
(or create one on the spot) and apply it, without leaving the keyboard."""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.values import CodeNode
from workbench.gui.codebook.palette_rows import PATH_SEP, PaletteRow, plan_creation, rank
from workbench.gui.operations import codes
from workbench.gui.operations.run import together
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.colors import dim_color, swatch_icon
from workbench.gui.widgets.icons import line_icon
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.list_model import RowListModel
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.widgets.plain_text import tip

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
VISIBLE_ROWS = 10
_STEPS = {
    int(Qt.Key.Key_Down): 1,
    int(Qt.Key.Key_Up): -1,
    int(Qt.Key.Key_PageDown): VISIBLE_ROWS - 1,
    int(Qt.Key.Key_PageUp): -(VISIBLE_ROWS - 1),
}


class _RowsModel(RowListModel[PaletteRow]):
    def set_rows(self, rows: list[PaletteRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def item_data(self, row: PaletteRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(row.context.replace(PATH_SEP, "/") + ("/" if row.context else "") + row.name)
        if role == ROW_ROLE:
            return row
        return None


class _RowDelegate(QStyledItemDelegate):
    """Swatch, the name with the matched letters in bold, then the parent path dimmed."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(300, QFontMetrics(option.font).height() + 12)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, PaletteRow):
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        widget = opt.widget
        if widget is not None:
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        palette: QPalette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        dim = text if selected else dim_color(palette)
        rect: QRect = opt.rect.adjusted(self.PAD, 0, -self.PAD, 0)
        painter.save()
        icon_size = 14
        icon_rect = QRect(rect.left(), rect.center().y() - icon_size // 2 + 1, icon_size, icon_size)
        if row.kind == "create":
            line_icon("plus", palette).paint(painter, icon_rect)
        else:
            swatch_icon(row.color).paint(painter, icon_rect)
        x = icon_rect.right() + 9
        font = QFont(opt.font)
        right = rect.right()
        if row.recent:
            small = QFont(font)
            small.setPointSizeF(font.pointSizeF() * 0.9)
            painter.setFont(small)
            painter.setPen(dim)
            key = f"Ctrl+{row.recent}"
            width = QFontMetrics(small).horizontalAdvance(key)
            painter.drawText(
                QRect(right - width, rect.top(), width, rect.height()),
                int(Qt.AlignmentFlag.AlignVCenter),
                key,
            )
            right -= width + 10
        name = row.label if row.kind == "create" else row.name
        hits = set(row.name_hits) if row.kind == "code" else set()
        x = self._draw_runs(painter, name, hits, font, text, x, rect, right)
        if row.context and x < right - 20:
            small = QFont(font)
            small.setPointSizeF(font.pointSizeF() * 0.92)
            x += 10
            self._draw_runs(painter, row.context, set(row.context_hits), small, dim, x, rect, right)
        painter.restore()

    @staticmethod
    def _draw_runs(
        painter: QPainter,
        text: str,
        hits: set[int],
        font: QFont,
        color: Any,
        x: int,
        rect: QRect,
        right: int,
    ) -> int:
        """Draw ``text`` from ``x`` with the characters at ``hits`` in bold; elide at ``right``."""
        bold = QFont(font)
        bold.setBold(True)
        painter.setPen(color)
        runs: list[tuple[str, bool]] = []
        for i, ch in enumerate(text):
            strong = i in hits
            if runs and runs[-1][1] == strong:
                runs[-1] = (runs[-1][0] + ch, strong)
            else:
                runs.append((ch, strong))
        for chunk, strong in runs:
            face = bold if strong else font
            metrics = QFontMetrics(face)
            room = right - x
            if room <= 0:
                break
            shown = chunk
            if metrics.horizontalAdvance(chunk) > room:
                shown = metrics.elidedText(chunk, Qt.TextElideMode.ElideRight, room)
            painter.setFont(face)
            painter.drawText(
                QRect(x, rect.top(), room, rect.height()),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                shown,
            )
            x += metrics.horizontalAdvance(shown)
            if shown != chunk:
                break
        return x


class QuickCodePalette(QFrame):
    """Type to find a code (fuzzy: "vidcal" finds "Video calls"), Enter applies it through
    ``code_chosen``; with no match, or with Ctrl+Enter, the typed text (or path "A/B") is
    created as a code first. Esc closes."""

    code_chosen = Signal(str)  # code uuid
    closed = Signal()

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("quickCodePalette")
        self.session = session
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self._nodes: list[CodeNode] = []
        self._roots: list[CodeNode] = []

        self.input = QLineEdit()
        self.input.setObjectName("quickCodeInput")
        self.input.setPlaceholderText("Type a code to apply, or a new name to create it…")
        self.input.addAction(line_icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        font = self.input.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.input.setFont(font)
        self.input.setMinimumHeight(30)
        self.input.installEventFilter(self)
        self.rows_model = _RowsModel(self)
        self.list = QListView()
        self.list.setObjectName("quickCodeList")
        self.list.setModel(self.rows_model)
        self.list.setItemDelegate(_RowDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.clicked.connect(lambda index: self.accept_row(index.row()))
        self.hint = small_label(
            "↑↓ move  ·  Enter apply  ·  Ctrl+Enter create  ·  Esc close", "quickCodeHint"
        )
        self.message = MessageBar("quickCodeMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 5)
        layout.setSpacing(4)
        layout.addWidget(self.input)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        self.input.textChanged.connect(self._refill)
        self.setFixedWidth(500)

    # -- showing ------------------------------------------------------------------------------
    def open_at(self, global_pos: QPoint) -> None:
        """Show the palette with its top-left corner at ``global_pos`` (kept on screen)."""
        self._nodes = list(self.session.code_nodes().values())
        self._roots = [n for n in self._nodes if n.parent_uuid is None]
        self.message.hide()
        blocker = self.input.blockSignals(True)
        self.input.clear()
        self.input.blockSignals(blocker)
        self._refill()
        screen = QGuiApplication.screenAt(global_pos) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        x = max(area.left(), min(global_pos.x(), area.right() - self.width()))
        y = max(area.top(), min(global_pos.y(), area.bottom() - self.height()))
        self.move(x, y)
        self.show()
        self.raise_()
        self.activateWindow()
        self.input.setFocus(Qt.FocusReason.PopupFocusReason)

    def rows(self) -> list[PaletteRow]:
        return self.rows_model.items()

    def current_row(self) -> int:
        return self.list.currentIndex().row()

    def _refill(self, *_: object) -> None:
        text = self.input.text()
        rows = rank(text, self._nodes, self.session.recent_codes)
        create = self._create_row(text)
        if create is not None:
            if rows:
                rows.append(create)
            else:
                rows = [create]
        self.rows_model.set_rows(rows)
        if rows:
            self.list.setCurrentIndex(self.rows_model.index(0))
        visible = min(max(len(rows), 1), VISIBLE_ROWS)
        row_height = self.list.sizeHintForRow(0) if rows else 28
        self.list.setFixedHeight(visible * row_height + 4)
        self.adjustSize()

    def _create_row(self, text: str) -> PaletteRow | None:
        parent, names, existing = plan_creation(text, self._roots, self._current_code())
        if not names or existing:
            return None
        where = parent.path.replace("/", PATH_SEP) if parent else ""
        label = "/".join(names)
        context = f"under {where}" if where else ("new theme" if len(names) == 1 else "new codes")
        return PaletteRow("create", "", label, context, "")

    def _current_code(self) -> CodeNode | None:
        current = self.session.current_codes[0] if self.session.current_codes else ""
        return next((n for n in self._nodes if n.uuid == current), None)

    # -- keys ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._key(event):
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key(event):
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        count = self.rows_model.rowCount()
        if key == Qt.Key.Key_Escape:
            self.close()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.create_typed()
            else:
                self.accept_row(self.current_row())
            return True
        step = _STEPS.get(int(key))
        if step is not None and count:
            target = self.current_row() + step
            if abs(step) == 1:
                target %= count  # wrap around, like a command palette
            self.list.setCurrentIndex(self.rows_model.index(max(0, min(count - 1, target))))
            return True
        return False

    # -- choosing -----------------------------------------------------------------------------
    def accept_row(self, row: int) -> None:
        rows = self.rows_model.items()
        if not 0 <= row < len(rows):
            return
        chosen = rows[row]
        if chosen.kind == "create":
            self.create_typed()
            return
        self.close()
        self.code_chosen.emit(chosen.uuid)

    def create_typed(self) -> str | None:
        """Create the typed code (or the missing codes along a typed path) as one undoable
        step, then choose it. Returns its uuid."""
        text = self.input.text()
        parent, names, existing = plan_creation(text, self._roots, self._current_code())
        if existing:
            self.close()
            self.code_chosen.emit(existing)
            return existing
        if not names:
            return None
        show = self.message.show_error
        above = parent.uuid if parent else None
        with together(self.session, f"New code {names[-1]!r}", show, count=len(names)) as group:
            for name in names:
                new = str(uuid_module.uuid4())
                codes.add(self.session, name=name, parent=above, uuid=new, show=show)
                above = new
        if not group.ok:
            return None
        self.close()
        assert above is not None
        self.code_chosen.emit(above)
        return above

    def closeEvent(self, event: Any) -> None:
        super().closeEvent(event)
        self.closed.emit()
