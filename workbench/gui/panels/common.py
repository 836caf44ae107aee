"""Small pieces the docked panels share: injectable questions, the inline message bar, dimmed
colours, drawn icons, an empty-state hint for item views and running a command safely."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from PySide6.QtCore import QPointF, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QTableView,
    QToolButton,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.core.values import Changes
from workbench.gui.project_session import ProjectSession

AskText = Callable[[str, str, str], "str | None"]  # title, label, default → text (None: cancelled)
Confirm = Callable[[str, str], bool]  # title, question → yes?
ChooseItem = Callable[[str, str, list[str]], "str | None"]  # title, label, items → item
ShowMessage = Callable[[str], None]


def ask_text_dialog(parent: QWidget) -> AskText:
    """The default text question: a QInputDialog owned by ``parent``."""

    def ask(title: str, label: str, default: str) -> str | None:
        text, ok = QInputDialog.getText(parent, title, label, text=default)
        return text.strip() if ok and text.strip() else None

    return ask


def confirm_dialog(parent: QWidget) -> Confirm:
    def confirm(title: str, question: str) -> bool:
        answer = QMessageBox.question(
            parent,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    return confirm


def choose_item_dialog(parent: QWidget) -> ChooseItem:
    def choose(title: str, label: str, items: list[str]) -> str | None:
        if not items:
            return None
        item, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
        return item if ok else None

    return choose


def run_command(
    session: ProjectSession,
    text: str,
    action: Callable[[str], Changes],
    show_error: ShowMessage,
) -> Changes | None:
    """Run one service call as an undoable command; a refusal is shown, never raised."""
    try:
        return session.execute(text, action)
    except WorkbenchError as exc:
        show_error(str(exc))
        return None


@contextmanager
def one_step(session: ProjectSession, text: str, count: int) -> Iterator[None]:
    """Group the commands run inside into one undo step when there is more than one."""
    if count <= 1:
        yield
        return
    session.undo_stack.beginMacro(text)
    try:
        yield
    finally:
        session.undo_stack.endMacro()


def dim_color(palette: QPalette, amount: float = 0.45) -> QColor:
    """Secondary text: the text colour pulled towards the background (works in dark mode)."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    return QColor(
        round(text.red() + (base.red() - text.red()) * amount),
        round(text.green() + (base.green() - text.green()) * amount),
        round(text.blue() + (base.blue() - text.blue()) * amount),
    )


def local_time(moment: datetime) -> str:
    """A stored UTC time as a short local date and time."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    local = aware.astimezone()
    today = datetime.now().astimezone().date()
    if local.date() == today:
        return f"today {local:%H:%M}"
    if local.year == today.year:
        return f"{local.day} {local:%b}, {local:%H:%M}"
    return f"{local.day} {local:%b %Y}, {local:%H:%M}"


def standard_icon(pixmap: QStyle.StandardPixmap) -> QIcon:
    return QApplication.style().standardIcon(pixmap)


def drawn_icon(kind: str, palette: QPalette | None = None) -> QIcon:
    """Line icons drawn in the button text colour: plus, minus, search, copy, split."""
    pal = palette or QApplication.palette()
    color = pal.color(QPalette.ColorRole.ButtonText)
    icon = QIcon()
    for size in (16, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(color, size / 9)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        s = size / 16
        if kind in ("plus", "minus"):
            painter.drawLine(QPointF(3 * s, 8 * s), QPointF(13 * s, 8 * s))
            if kind == "plus":
                painter.drawLine(QPointF(8 * s, 3 * s), QPointF(8 * s, 13 * s))
        elif kind == "search":
            painter.drawEllipse(QPointF(6.5 * s, 6.5 * s), 4 * s, 4 * s)
            painter.drawLine(QPointF(9.5 * s, 9.5 * s), QPointF(13.5 * s, 13.5 * s))
        elif kind == "copy":
            painter.drawRoundedRect(
                QRect(round(5 * s), round(5 * s), round(8 * s), round(9 * s)), s, s
            )
            painter.drawPolyline(
                [QPointF(3 * s, 10 * s), QPointF(3 * s, 2 * s), QPointF(10 * s, 2 * s)]
            )
        elif kind == "split":
            painter.drawLine(QPointF(3 * s, 3 * s), QPointF(3 * s, 13 * s))
            painter.drawLine(QPointF(3 * s, 8 * s), QPointF(12 * s, 8 * s))
            painter.drawPolyline(
                [QPointF(9.5 * s, 5.5 * s), QPointF(12 * s, 8 * s), QPointF(9.5 * s, 10.5 * s)]
            )
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class _HeaderStyle(QProxyStyle):
    """The application style with wider header margins, so titles line up with padded cells."""

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        value = super().pixelMetric(metric, option, widget)
        return value + HEADER_PAD if metric == QStyle.PixelMetric.PM_HeaderMargin else value


HEADER_PAD = 3


def pad_header(header: QHeaderView) -> None:
    """Give a table header the same extra text margin as CheckDelegate's cells."""
    style = _HeaderStyle()  # no base given: it follows the application style, owning nothing
    style.setParent(header)
    header.setStyle(style)


def fit_columns(view: QTableView, widest: int) -> None:
    """Columns as narrow as their titles and contents allow, none wider than ``widest``
    (longer values are elided); the first column keeps room for the sort arrow."""
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(200)  # sample rows: a 1,000-source project stays instant
    model = view.model()
    metrics = header.fontMetrics()
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        room = metrics.horizontalAdvance(title) + (34 if column == 0 else 18)
        header.resizeSection(column, min(max(room, view.sizeHintForColumn(column) + 6), widest))


def paint_placeholder(view: QAbstractItemView, text: str) -> None:
    """Draw a dimmed, centred hint in an empty view (call from the view's paintEvent)."""
    model = view.model()
    if not text or model is None or model.rowCount() > 0:
        return
    painter = QPainter(view.viewport())
    painter.setPen(dim_color(view.palette()))
    rect = view.viewport().rect().adjusted(16, 16, -16, -16)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
    painter.end()


class MessageBar(QFrame):
    """A slim inline message under a panel's content: a refusal or a short confirmation."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.setSpacing(8)
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setObjectName(object_name + "Text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setAutoRaise(True)
        close.setIcon(standard_icon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        close.setIconSize(QSize(10, 10))
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_error(self, message: str) -> None:
        self._show(message, QStyle.StandardPixmap.SP_MessageBoxWarning, "#d9822b", 0)

    def show_info(self, message: str) -> None:
        self._show(message, QStyle.StandardPixmap.SP_MessageBoxInformation, "#3d8fd1", 6000)

    def message(self) -> str:
        return "" if self.isHidden() else self.text.text()

    def _show(self, message: str, pixmap: QStyle.StandardPixmap, accent: str, ms: int) -> None:
        self.icon.setPixmap(standard_icon(pixmap).pixmap(16, 16))
        self.text.setText(message)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        tint = QColor(accent)
        mixed = QColor(
            round(base.red() * 0.85 + tint.red() * 0.15),
            round(base.green() * 0.85 + tint.green() * 0.15),
            round(base.blue() * 0.85 + tint.blue() * 0.15),
        )
        palette.setColor(QPalette.ColorRole.Window, mixed)
        self.setPalette(palette)
        self.show()
        self._timer.stop()
        if ms:
            self._timer.start(ms)


def small_font_label(text: str = "", object_name: str = "") -> QLabel:
    """A label in the dimmed, slightly smaller secondary style (counts, hints)."""
    label = QLabel(text)
    if object_name:
        label.setObjectName(object_name)
    font = label.font()
    font.setPointSizeF(max(7.5, font.pointSizeF() * 0.92))
    label.setFont(font)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, dim_color(palette, 0.4))
    label.setPalette(palette)
    return label
