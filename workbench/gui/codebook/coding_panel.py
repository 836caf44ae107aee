"""The coding panel beside the document: recent codes on number keys, and the code tree where
one click chooses the code to apply to the document's selection."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.gui.codebook.code_tree import CodeFilterProxy, CodeTreeView
from workbench.gui.codebook.codebook_model import SOURCES, CodebookModel
from workbench.gui.codebook.flow_layout import FlowLayout
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.colors import swatch_icon
from workbench.gui.widgets.icons import line_icon
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.widgets.plain_text import tip
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec, project_writable

RECENT_SLOTS = 9


class _Chip(QAbstractButton):
    """A recent code drawn as a rounded chip: swatch and "1  Name", exactly as wide as that."""

    def __init__(self, text: str, color: str, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.color = color
        self.path = path
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)

    def show_code(self, text: str, color: str, path: str) -> None:
        if text != self.text():
            self.setText(text)
            self.updateGeometry()
        self.color, self.path = color, path
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self.text()) + 12 + 6 + 8 + 10, metrics.height() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        hovered = self.underMouse()
        border = pal.color(QPalette.ColorRole.Highlight if hovered else QPalette.ColorRole.Mid)
        fill = pal.color(QPalette.ColorRole.Midlight if self.isDown() else QPalette.ColorRole.Base)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(border, 1))
        painter.setBrush(fill)
        radius = rect.height() / 2
        painter.drawRoundedRect(rect, radius, radius)
        icon_rect = QRect(8, (self.height() - 12) // 2, 12, 12)
        swatch_icon(self.color, 12).paint(painter, icon_rect)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        text_rect = QRect(
            icon_rect.right() + 7, 0, self.width() - icon_rect.right() - 16, self.height()
        )
        text = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
        )
        painter.end()


class CodingPanel(QWidget):
    """Codes to apply: click one (or press Ctrl+1…9 for a recent one) and ``code_chosen`` says
    which; the main window applies it to the document's current selection. A document selection
    dropped on a code is applied by the model."""

    code_chosen = Signal(str)  # code uuid

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codingPanel")
        self.session = session
        self.model = CodebookModel.for_session(session)
        self.proxy = CodeFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = CodeTreeView(self.proxy)
        self.view.setObjectName("codingTree")
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.view.setDropIndicatorShown(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setColumnHidden(SOURCES, True)
        self.view.placeholder = "No codes yet: create one with the quick-code palette."
        self.view.installEventFilter(self)

        self.message = MessageBar("codingMessage")
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("codingFilter")
        self.filter_edit.setPlaceholderText("Find a code…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(line_icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.installEventFilter(self)

        self.recent_title = small_label("Recent", "codingRecentTitle")
        self.recent_hint = small_label(
            "Codes you apply appear here, on Ctrl+1 … Ctrl+9.", "codingRecentHint"
        )
        self.recent_box = QWidget()
        self.recent_box.setObjectName("codingRecent")
        self.recent_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.recent_layout = FlowLayout(self.recent_box, spacing=4)
        self.recent_buttons: list[_Chip] = []
        self.registry = ActionRegistry(self, "Code the selection")
        self._actions = [self._make_action(slot) for slot in range(RECENT_SLOTS)]
        self.registry.follow(session)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(5)
        layout.addWidget(self.recent_title)
        layout.addWidget(self.recent_box)
        layout.addWidget(self.recent_hint)
        layout.addSpacing(2)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)

        self.view.clicked.connect(self._clicked)
        self.filter_edit.textChanged.connect(self.view.set_filter)
        self.model.message.connect(self.message.show_error)
        self.model.refreshed.connect(self._update_recent)
        session.recent_codes_changed.connect(lambda _codes: self._update_recent())
        session.changed.connect(self._on_changed)
        self._update_recent()

    # -- recent codes -------------------------------------------------------------------------
    def recent_actions(self) -> list[QAction]:
        """Ctrl+1 … Ctrl+9 for the recent codes; add them to the document view so the keys
        work while the document has focus (they also work inside this panel)."""
        return list(self._actions)

    def recent_codes(self) -> list[str]:
        """The session's recent codes that still exist, most recent first."""
        return [u for u in self.session.recent_codes if self.model.node_for(u)][:RECENT_SLOTS]

    def _make_action(self, slot: int) -> QAction:
        return self.registry.add(
            ActionSpec(
                f"recentCode{slot + 1}",
                f"Apply recent code {slot + 1}",
                lambda: self.choose_recent(slot),
                f"Ctrl+{slot + 1}",
                enabled_when=project_writable,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                on=self,
            )
        )

    def choose_recent(self, slot: int) -> None:
        codes = self.recent_codes()
        if 0 <= slot < len(codes):
            self.code_chosen.emit(codes[slot])

    def _update_recent(self) -> None:
        codes = self.recent_codes()
        chips = []
        for slot, action in enumerate(self._actions):
            node = self.model.node_for(codes[slot]) if slot < len(codes) else None
            action.setEnabled(node is not None)
            action.setText(f"{slot + 1} {node.name}" if node else f"{slot + 1} (no recent code)")
            if node is None:
                continue
            action.setIcon(swatch_icon(node.color))
            chips.append((f"{slot + 1}  {node.name}", node.color, node.path))
        shown = [(b.text(), b.color, b.path) for b in self.recent_buttons]
        if chips != shown:
            self._show_chips(chips)
        self.recent_box.setVisible(bool(codes))
        self.recent_hint.setVisible(not codes)

    def _show_chips(self, chips: list[tuple[str, str, str]]) -> None:
        """Chips made once per slot and relabelled after: applying a code moves it to the
        front, and a new widget per chip would lay out and repaint the panel each time."""
        for slot, (text, color, path) in enumerate(chips):
            if slot == len(self.recent_buttons):
                button = _Chip(text, color, path)
                button.setObjectName(f"recentCode{slot + 1}")
                button.clicked.connect(lambda _c=False, s=slot: self.choose_recent(s))
                self.recent_layout.addWidget(button)
                self.recent_buttons.append(button)
            else:
                self.recent_buttons[slot].show_code(text, color, path)
        for button in self.recent_buttons[len(chips) :]:
            self.recent_layout.removeWidget(button)
            button.deleteLater()
        del self.recent_buttons[len(chips) :]
        for slot, button in enumerate(self.recent_buttons):
            button.setToolTip(tip(f"{button.path}\nApply to the selection: Ctrl+{slot + 1}"))
        self.recent_box.updateGeometry()

    def _on_changed(self, changes: Changes) -> None:
        if changes.kinds & {"codebook", "project"}:
            self._update_recent()

    # -- choosing -----------------------------------------------------------------------------
    def _clicked(self, index: QModelIndex) -> None:
        uuid = self.view.uuid_at(index)
        if uuid:
            self.code_chosen.emit(uuid)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.view and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._clicked(self.view.currentIndex())
                return True
            if watched is self.filter_edit and key == Qt.Key.Key_Down:
                self.view.setFocus()
                first = self.proxy.index(0, 0)
                if first.isValid() and not self.view.currentIndex().isValid():
                    self.view.setCurrentIndex(first)
                return True
            if watched is self.filter_edit and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose_first_match()
                return True
        return super().eventFilter(watched, event)

    def _choose_first_match(self) -> None:
        """Enter in the filter box chooses the first code that matches by itself (a leaf
        match rather than an ancestor kept only for its children)."""
        words = self.filter_edit.text().casefold().split()
        for node in self.model.nodes():
            text = f"{node.name}\n{node.description}".casefold()
            if words and all(w in text for w in words):
                self.code_chosen.emit(node.uuid)
                return
