"""The waveform strip over the transcript: the recording's peaks on a time axis, the coding
stripes under them, the playhead, and a time range chosen by dragging (a click seeks)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from workbench.core.media.peaks import Peaks
from workbench.gui.media.clock import clock

WAVE_HEIGHT = 56
LANE = 5  # height of one lane of stripes
MAX_LANES = 4
CLICK_SLOP = 3  # pixels a press may move and still be a click (a seek)


@dataclass(frozen=True)
class Stripe:
    """A coded time range: a media coding (``coding`` its uuid) or a text coding mapped through
    the sync points (``coding`` "")."""

    start_ms: int
    end_ms: int
    color: str
    label: str
    coding: str = ""


def lanes(stripes: list[Stripe]) -> list[list[Stripe]]:
    """Stripes in lanes so that none overlaps another in its lane (first fit, by start)."""
    found: list[list[Stripe]] = []
    ends: list[int] = []
    for stripe in sorted(stripes, key=lambda s: (s.start_ms, s.end_ms)):
        for i, end in enumerate(ends):
            if end <= stripe.start_ms:
                found[i].append(stripe)
                ends[i] = stripe.end_ms
                break
        else:
            found.append([stripe])
            ends.append(stripe.end_ms)
    return found


class WaveformStrip(QWidget):
    """objectName ``waveformStrip``. ``seek_requested(ms)`` on a click, ``range_selected(start,
    end)`` when a drag ends (``selection`` holds it until cleared)."""

    seek_requested = Signal(int)
    range_selected = Signal(int, int)
    context_requested = Signal(QPointF, int)  # global position, time under the pointer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waveformStrip")
        self.setMouseTracking(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self.peaks: Peaks | None = None
        self.duration_ms = 0
        self.position_ms = 0
        self.stripes: list[Stripe] = []
        self._lanes: list[list[Stripe]] = []
        self.selection: tuple[int, int] | None = None
        self.status = ""  # e.g. "Drawing the waveform…" while the peaks are computed
        self._press: float | None = None
        self._columns: tuple[tuple[int, int, int], list[tuple[int, int]]] | None = None

    def sizeHint(self) -> QSize:
        return QSize(400, WAVE_HEIGHT + LANE * MAX_LANES + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(100, self.sizeHint().height())

    # -- what it shows ----------------------------------------------------------------------------
    def set_recording(self, duration_ms: int, peaks: Peaks | None = None) -> None:
        self.duration_ms = max(0, duration_ms)
        self.peaks = peaks
        self.position_ms = 0
        self.selection = None
        self._columns = None
        self.update()

    def set_peaks(self, peaks: Peaks | None) -> None:
        self.peaks = peaks
        if peaks is not None and not self.duration_ms:
            self.duration_ms = peaks.duration_ms
        self.status = ""
        self._columns = None
        self.update()

    def set_status(self, text: str) -> None:
        self.status = text
        self.update()

    def set_stripes(self, stripes: list[Stripe]) -> None:
        self.stripes = stripes
        self._lanes = lanes(stripes)
        self.update()

    def set_position(self, ms: int) -> None:
        if ms != self.position_ms:
            old, self.position_ms = self.x_of(self.position_ms), ms
            new = self.x_of(ms)
            if abs(new - old) >= 1:
                self.update()

    def set_selection(self, selection: tuple[int, int] | None) -> None:
        self.selection = selection
        self.update()

    def stripes_at(self, ms: int) -> list[Stripe]:
        return [s for s in self.stripes if s.start_ms <= ms < s.end_ms]

    # -- geometry ---------------------------------------------------------------------------------
    def x_of(self, ms: int) -> float:
        if self.duration_ms <= 0:
            return 0.0
        return ms * self.width() / self.duration_ms

    def ms_at(self, x: float) -> int:
        if self.duration_ms <= 0 or self.width() <= 0:
            return 0
        return max(0, min(self.duration_ms, round(x * self.duration_ms / self.width())))

    # -- mouse ------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.duration_ms > 0:
            self._press = event.position().x()
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and abs(event.position().x() - self._press) > CLICK_SLOP:
            self.selection = self._dragged(event.position().x())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        x = event.position().x()
        press, self._press = self._press, None
        if abs(x - press) <= CLICK_SLOP:
            self.seek_requested.emit(self.ms_at(x))
            return
        self.selection = self._range(press, x)
        self.update()
        if self.selection is not None:
            self.range_selected.emit(*self.selection)

    def _dragged(self, x: float) -> tuple[int, int] | None:
        return self._range(self._press if self._press is not None else x, x)

    def _range(self, a: float, b: float) -> tuple[int, int] | None:
        start, end = sorted((self.ms_at(a), self.ms_at(b)))
        return (start, end) if start < end else None

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.context_requested.emit(QPointF(event.globalPos()), self.ms_at(event.pos().x()))

    # -- painting ---------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        width, height = self.width(), self.height()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        wave = QRectF(0, 2, width, WAVE_HEIGHT)
        self._paint_selection(painter, palette)
        self._paint_wave(painter, palette, wave)
        self._paint_stripes(painter, WAVE_HEIGHT + 4)
        if self.duration_ms > 0:
            x = self.x_of(self.position_ms)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.drawLine(QPointF(x, 0), QPointF(x, height))
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                QRectF(4, 2, width - 8, 14),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                f"{clock(self.position_ms)} / {clock(self.duration_ms)}",
            )
        if self.status:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(wave, Qt.AlignmentFlag.AlignCenter, self.status)
        painter.end()

    def _paint_selection(self, painter: QPainter, palette: QPalette) -> None:
        if self.selection is None:
            return
        shade = QColor(palette.color(QPalette.ColorRole.Highlight))
        shade.setAlphaF(0.3)
        left, right = self.x_of(self.selection[0]), self.x_of(self.selection[1])
        painter.fillRect(QRectF(left, 0, max(1.0, right - left), self.height()), shade)

    def _paint_wave(self, painter: QPainter, palette: QPalette, wave: QRectF) -> None:
        middle = wave.center().y()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(QPointF(0, middle), QPointF(wave.width(), middle))
        if self.peaks is None or self.duration_ms <= 0:
            return
        columns = self._cached_columns(int(wave.width()))
        scale = wave.height() / 2 / 32768
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Dark), 1))
        for x, (low, high) in enumerate(columns):
            if high > low:
                painter.drawLine(
                    QPointF(x + 0.5, middle - high * scale), QPointF(x + 0.5, middle - low * scale)
                )

    def _cached_columns(self, width: int) -> list[tuple[int, int]]:
        assert self.peaks is not None
        key = (width, self.duration_ms, id(self.peaks))
        if self._columns is None or self._columns[0] != key:
            self._columns = (key, self.peaks.columns(0, self.duration_ms, width))
        return self._columns[1]

    def _paint_stripes(self, painter: QPainter, top: float) -> None:
        for lane, stripes in enumerate(self._lanes[:MAX_LANES]):
            y = top + lane * LANE
            for stripe in stripes:
                left, right = self.x_of(stripe.start_ms), self.x_of(stripe.end_ms)
                painter.fillRect(
                    QRectF(left, y, max(2.0, right - left), LANE - 1), QColor(stripe.color)
                )
