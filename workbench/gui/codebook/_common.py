"""Small pieces the codebook widgets share: swatches, dimmed colours, drawn line icons,
an inline message line and running commands (alone or grouped) with refusals shown, not raised."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QUndoCommand,
)
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from workbench.core.errors import WorkbenchError
from workbench.core.values import Changes
from workbench.gui.project_session import ProjectSession

ShowMessage = Callable[[str], None]


# -- colours ------------------------------------------------------------------------------------
def dim_color(palette: QPalette | None = None, amount: float = 0.42) -> QColor:
    """Secondary text: the text colour pulled towards the base colour (right in dark mode too)."""
    pal = palette or QGuiApplication.palette()
    text = pal.color(QPalette.ColorRole.Text)
    base = pal.color(QPalette.ColorRole.Base)
    return QColor(
        round(text.red() + (base.red() - text.red()) * amount),
        round(text.green() + (base.green() - text.green()) * amount),
        round(text.blue() + (base.blue() - text.blue()) * amount),
    )


def shade(color: str, index: int, depth: int) -> str:
    """A lighter or darker variant of a theme colour for its ``index``-th child at ``depth``.

    Alternates lighter/darker and steps further away with every pair, so siblings stay
    distinguishable while clearly belonging to their theme."""
    base = QColor(color)
    hue, sat, light = base.hslHueF(), base.hslSaturationF(), base.lightnessF()
    step = 0.07 * (1 + index // 2) + 0.03 * max(0, depth - 1)
    light = light + step if index % 2 == 0 else light - step
    if not 0.2 <= light <= 0.85:  # ran off one end: fold back to the other side
        light = min(0.85, max(0.2, 2 * base.lightnessF() - light))
    out = QColor.fromHslF(max(0.0, hue), sat, light)
    return out.name()


@lru_cache(maxsize=512)
def _swatch_pixmap(color: str, size: int, ratio: float, border: str) -> QPixmap:
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(1.5, 1.5, size - 3, size - 3)
    painter.setPen(QPen(QColor(border), 1))
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(rect, 3, 3)
    painter.end()
    return pixmap


def swatch_icon(color: str, size: int = 14) -> QIcon:
    """A rounded colour square with a faint outline (visible on light and dark backgrounds)."""
    ratio = 2.0 if size <= 16 else 1.0
    border = QColor(color).darker(135).name()
    icon = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):  # no tint on select
        icon.addPixmap(_swatch_pixmap(color, size, 1.0, border), mode)
        icon.addPixmap(_swatch_pixmap(color, size, ratio, border), mode)
    return icon


# -- icons ---------------------------------------------------------------------------------------
def line_icon(kind: str, palette: QPalette | None = None) -> QIcon:
    """Toolbar icons drawn in the button text colour, so they follow light and dark palettes."""
    pal = palette or QApplication.palette()
    color = pal.color(QPalette.ColorRole.ButtonText)
    icon = QIcon()
    for size in (16, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size / 16, size / 16)
        pen = QPen(color, 1.35)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        _DRAW.get(kind, _draw_dot)(painter, color)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _line(p: QPainter, *points: tuple[float, float]) -> None:
    p.drawPolyline([QPointF(x, y) for x, y in points])


def _draw_theme(p: QPainter, color: QColor) -> None:
    p.drawRoundedRect(QRectF(2, 3.5, 8, 8), 2, 2)
    _line(p, (12.5, 9), (12.5, 15))
    _line(p, (9.5, 12), (15.5, 12))


def _draw_child(p: QPainter, color: QColor) -> None:
    _line(p, (3, 2), (3, 8.5), (7, 8.5))
    p.drawRoundedRect(QRectF(1, 0.8, 4, 3), 1, 1)
    _line(p, (12, 6), (12, 13))
    _line(p, (8.5, 9.5), (15.5, 9.5))


def _draw_rename(p: QPainter, color: QColor) -> None:
    _line(p, (3, 13), (3.6, 10.4), (11, 3), (13, 5), (5.6, 12.4), (3, 13))
    _line(p, (9.6, 4.4), (11.6, 6.4))


def _draw_delete(p: QPainter, color: QColor) -> None:
    _line(p, (2.5, 4), (13.5, 4))
    _line(p, (6, 4), (6.5, 2), (9.5, 2), (10, 4))
    _line(p, (4, 4), (4.8, 14), (11.2, 14), (12, 4))
    _line(p, (6.8, 6.5), (7, 11.5))
    _line(p, (9.2, 6.5), (9, 11.5))


def _draw_merge(p: QPainter, color: QColor) -> None:
    _line(p, (2, 2.5), (2, 5), (8, 9), (8, 14))
    _line(p, (14, 2.5), (14, 5), (8, 9))
    _line(p, (5.5, 11.5), (8, 14), (10.5, 11.5))


def _draw_color(p: QPainter, color: QColor) -> None:
    p.drawEllipse(QRectF(1.5, 1.5, 13, 13))
    p.setPen(Qt.PenStyle.NoPen)
    for (x, y), tint in zip(
        ((5.2, 5.5), (10.4, 5.2), (11, 10), (5.6, 10.8)),
        ("#e0574f", "#e8b73a", "#4fa368", "#4f7fd1"),
        strict=True,
    ):
        p.setBrush(QColor(tint))
        p.drawEllipse(QPointF(x, y), 1.7, 1.7)


def _draw_expand(p: QPainter, color: QColor) -> None:
    _line(p, (4, 3), (8, 6.5), (12, 3))
    _line(p, (4, 9.5), (8, 13), (12, 9.5))


def _draw_collapse(p: QPainter, color: QColor) -> None:
    _line(p, (4, 6.5), (8, 3), (12, 6.5))
    _line(p, (4, 13), (8, 9.5), (12, 13))


def _draw_search(p: QPainter, color: QColor) -> None:
    p.drawEllipse(QPointF(6.5, 6.5), 4, 4)
    _line(p, (9.5, 9.5), (13.5, 13.5))


def _draw_set(p: QPainter, color: QColor) -> None:
    p.drawEllipse(QPointF(6, 8), 4.2, 4.2)
    p.drawEllipse(QPointF(10, 8), 4.2, 4.2)


def _draw_plus(p: QPainter, color: QColor) -> None:
    _line(p, (3, 8), (13, 8))
    _line(p, (8, 3), (8, 13))


def _draw_memo(p: QPainter, color: QColor) -> None:
    path = QPainterPath(QPointF(3, 2))
    for x, y in ((10, 2), (13, 5), (13, 14), (3, 14), (3, 2)):
        path.lineTo(x, y)
    p.drawPath(path)
    _line(p, (5.5, 7), (10.5, 7))
    _line(p, (5.5, 9.5), (10.5, 9.5))
    _line(p, (5.5, 12), (8.5, 12))


def _draw_dot(p: QPainter, color: QColor) -> None:
    p.drawEllipse(QPointF(8, 8), 2, 2)


_DRAW: dict[str, Callable[[QPainter, QColor], None]] = {
    "theme": _draw_theme,
    "child": _draw_child,
    "rename": _draw_rename,
    "delete": _draw_delete,
    "merge": _draw_merge,
    "color": _draw_color,
    "expand": _draw_expand,
    "collapse": _draw_collapse,
    "search": _draw_search,
    "set": _draw_set,
    "plus": _draw_plus,
    "memo": _draw_memo,
}


# -- messages and commands ---------------------------------------------------------------------
class MessageLine(QWidget):
    """A slim inline message (a refusal or a confirmation) that hides itself after a while."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 2, 4)
        layout.setSpacing(6)
        self.label = QLabel()
        self.label.setObjectName(object_name + "Text")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setAutoRaise(True)
        close.setText("×")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_error(self, message: str) -> None:
        self._show(message, "#d9822b", 12000)

    def show_info(self, message: str) -> None:
        self._show(message, "#3d8fd1", 5000)

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def _show(self, message: str, accent: str, ms: int) -> None:
        self.label.setText(message)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        tint = QColor(accent)
        palette.setColor(
            QPalette.ColorRole.Window,
            QColor(
                round(base.red() * 0.82 + tint.red() * 0.18),
                round(base.green() * 0.82 + tint.green() * 0.18),
                round(base.blue() * 0.82 + tint.blue() * 0.18),
            ),
        )
        self.setPalette(palette)
        self.show()
        self._timer.start(ms)


def run_command(
    session: ProjectSession, text: str, action: Callable[[str], Changes], show_error: ShowMessage
) -> Changes | None:
    """One service call as one undoable command; a refusal is shown, never raised."""
    try:
        return session.execute(text, action)
    except WorkbenchError as exc:
        show_error(str(exc))
        return None


@contextmanager
def macro(session: ProjectSession, text: str, active: bool = True) -> Iterator[None]:
    """Group the commands run inside into one undo step (only when ``active``)."""
    if not active:
        yield
        return
    session.undo_stack.beginMacro(text)
    try:
        yield
    finally:
        session.undo_stack.endMacro()


def run_steps(
    session: ProjectSession,
    text: str,
    steps: list[tuple[str, Callable[[str], Changes]]],
    show_error: ShowMessage,
) -> bool:
    """Run several service calls as ONE undo step, all or nothing: when one is refused, the
    ones already done are undone again and the refusal is shown."""
    if not steps:
        return True
    if len(steps) == 1:
        return run_command(session, steps[0][0], steps[0][1], show_error) is not None
    stack = session.undo_stack
    before = stack.index()
    done = 0
    error = ""
    stack.beginMacro(text)
    try:
        for label, action in steps:
            try:
                session.execute(label, action)
            except WorkbenchError as exc:
                error = str(exc)
                break
            done += 1
    finally:
        stack.endMacro()
    if error:
        if stack.index() > before:
            stack.undo()
            drop = QUndoCommand()  # an obsolete push discards the half-done step from redo
            drop.setObsolete(True)
            stack.push(drop)
        show_error(error)
        return False
    return True


def small_label(text: str = "", object_name: str = "") -> QLabel:
    """A dimmed, slightly smaller label for secondary information (counts, hints)."""
    label = QLabel(text)
    if object_name:
        label.setObjectName(object_name)
    font = label.font()
    font.setPointSizeF(max(7.5, font.pointSizeF() * 0.92))
    label.setFont(font)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, dim_color(palette, 0.38))
    label.setPalette(palette)
    return label
