"""The right-hand margin: one stripe per coding in lanes, with code labels beside them; click a
stripe or label to select its coding, drag a stripe's end to change its range (committed once,
on release)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QStaticText,
    QTextCursor,
)
from PySide6.QtWidgets import QToolTip, QWidget

from workbench.core.services.coders import initials
from workbench.gui.document.compare_paint import (
    Compared,
    paint_column_headers,
    paint_column_shading,
    paint_margin_marks,
)
from workbench.gui.document.margin_layout import (
    BAR_LANE,
    HANDLE,
    Geometry,
    Label,
    Stripe,
    StripeSource,
    geometry,
    lay_out,
)
from workbench.gui.document.painting import is_dark, side_background
from workbench.gui.document.text_units import snap_to_words
from workbench.gui.widgets.plain_text import tip

if TYPE_CHECKING:
    from workbench.gui.document.editing import CodingEditor
    from workbench.gui.document.layer import ShownCoding
    from workbench.gui.project_session import ProjectSession


class Margined(Compared, StripeSource, Protocol):
    """The text the stripes stand beside: its codings, the coder's session, and where a
    dragged stripe end lands (in the text, and the range it would give)."""

    hover_coding: str
    drag_preview: tuple[str, int, int] | None

    @property
    def session(self) -> ProjectSession: ...

    @property
    def editor(self) -> CodingEditor: ...

    @property
    def snap_to_words(self) -> bool: ...

    def select_coding(self, coding: str) -> None: ...

    def cursorForPosition(self, pos: QPoint, /) -> QTextCursor: ...

    def font(self, /) -> QFont: ...

    def width(self, /) -> int: ...

    def viewport(self, /) -> QWidget: ...

    def setFocus(self, /) -> None: ...


@dataclass
class _Drag:
    coding: ShownCoding
    end: bool  # dragging the end handle (else the start)


class StripeMargin(QWidget):
    """The coding stripes beside the text (objectName ``codingStripes``)."""

    def __init__(self, view: Margined, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("codingStripes")
        self.view = view
        self.setMouseTracking(True)
        self._drag: _Drag | None = None
        self._label_texts: dict[
            tuple[str, str, int, float], tuple[QStaticText, QStaticText | None]
        ] = {}
        self._marks: dict[str, str] = {}
        self._texts: dict[tuple[str, float], QStaticText] = {}

    # -- geometry -------------------------------------------------------------------------------
    def shape(self) -> Geometry:
        return geometry(self.view.width(), self.view.layer.lane_count)

    def lanes_shown(self) -> int:
        return self.shape().lanes

    def preferred_width(self) -> int:
        return self.shape().width if self.view.source else 0

    def label_font(self) -> QFont:
        font = QFont(self.view.font())
        font.setFamilies(["DejaVu Sans", "Segoe UI", "Helvetica Neue", "sans-serif"])
        font.setPointSizeF(max(7.0, min(10.0, font.pointSizeF() * 0.76)))
        return font

    def arrangement(self) -> tuple[list[Stripe], list[Label]]:
        """The stripes and labels on screen now (also used for hit tests)."""
        height = QFontMetricsF(self.label_font()).height() + 3
        return lay_out(self.view, self.shape(), self.height(), height)

    def stripes(self) -> list[Stripe]:
        return self.arrangement()[0]

    def labels(self) -> list[Label]:
        return self.arrangement()[1]

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.view.palette()
        painter.fillRect(self.rect(), side_background(palette))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(QPointF(0.5, 0), QPointF(0.5, self.height()))
        if not self.view.source:
            return
        stripes, labels = self.arrangement()
        active = {self.view.session.current_coding, self.view.hover_coding}
        if self._drag is not None:
            active.add(self._drag.coding.uuid)
        dark = is_dark(palette)
        paint_column_shading(self.view, painter, self.height())
        paint_margin_marks(self.view, painter, self.height())
        for stripe in stripes:
            self._paint_stripe(painter, stripe, stripe.coding.uuid in active, dark)
        font = self.label_font()
        paint_column_headers(self.view, painter, font)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        several = len({s.coding.coder for s in stripes}) > 1
        self._paint_leaders(painter, stripes, labels)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = palette.color(QPalette.ColorRole.Text)
        for label in labels:
            if label.more:
                self._paint_chip(painter, label, metrics, palette)
            else:
                is_active = any(c.uuid in active for c in label.codings)
                self._paint_label(painter, label, metrics, ink, several, is_active)

    def _paint_stripe(self, painter: QPainter, stripe: Stripe, active: bool, dark: bool) -> None:
        rect = stripe.rect
        color = QColor(stripe.coding.color)
        if active:
            wash = QColor(color)
            wash.setAlphaF(0.28 if dark else 0.2)
            painter.fillRect(rect.adjusted(0, 0, -1, 0), wash)
        width = 4.0 if active else 3.0
        bar = QRectF(rect.left() + 2, rect.top() + 1, width, rect.height() - 2)
        painter.fillRect(bar, color)
        tick = BAR_LANE - 4
        for shown, y in ((stripe.starts_here, bar.top()), (stripe.ends_here, bar.bottom() - 2)):
            if shown:  # the bracket ends, which are also the drag handles
                painter.fillRect(QRectF(bar.left(), y, tick, 2), color)

    def _paint_leaders(self, painter: QPainter, stripes: list[Stripe], labels: list[Label]) -> None:
        """Faint lines from each label to the top of its stripe, so the eye can follow."""
        where = {stripe.coding.uuid: stripe.rect for stripe in stripes}
        for label in labels:
            if label.more:
                continue
            rect = where.get(label.codings[0].uuid)
            if rect is None:
                continue
            color = QColor(label.codings[0].color)
            color.setAlphaF(0.45)
            top = max(rect.top(), 0.0) + 1
            middle = round(label.rect.center().y())
            turn = label.rect.left() - 9
            # Three thin rectangles: much cheaper than a translucent polyline.
            painter.fillRect(QRectF(rect.left() + 6, top, turn - rect.left() - 6, 1), color)
            painter.fillRect(QRectF(turn, min(top, middle), 1, abs(middle - top) + 1), color)
            painter.fillRect(QRectF(turn, middle, label.rect.left() - 2 - turn, 1), color)

    def _paint_label(
        self,
        painter: QPainter,
        label: Label,
        metrics: QFontMetricsF,
        ink: QColor,
        with_coders: bool,
        active: bool,
    ) -> None:
        rect = label.rect
        first = label.codings[0]
        color = QColor(first.color)
        painter.setPen(Qt.PenStyle.NoPen)
        if active:
            wash = QColor(color)
            wash.setAlphaF(0.22)
            painter.setBrush(wash)
            painter.drawRoundedRect(rect.adjusted(-2, 0, 0, 0), 4, 4)
        dot = min(8.0, rect.height() - 6)
        middle = rect.center().y()
        painter.setBrush(color)
        painter.drawEllipse(QRectF(rect.left() + 1, middle - dot / 2, dot, dot))
        marks = " ".join(self._mark(c.coder) for c in label.codings) if with_coders else ""
        text_left = rect.left() + dot + 5
        name, coders = self._texts_for(metrics, first.name, marks, rect.right() - text_left)
        painter.setPen(ink)
        painter.drawStaticText(QPointF(text_left, middle - name.size().height() / 2), name)
        if coders is not None:
            faint = QColor(ink)
            faint.setAlphaF(0.5)
            painter.setPen(faint)
            size = coders.size()
            painter.drawStaticText(
                QPointF(rect.right() - size.width(), middle - size.height() / 2), coders
            )

    def _texts_for(
        self, metrics: QFontMetricsF, name: str, marks: str, room: float
    ) -> tuple[QStaticText, QStaticText | None]:
        """The label's name (elided to fit) and coder marks; the whole name wins over marks."""
        key = (name, marks, int(room), metrics.height())
        found = self._label_texts.get(key)
        if found is None:
            coders = self._static(marks, metrics) if marks else None
            marks_width = coders.size().width() + 6 if coders is not None else 0.0
            name_width = metrics.horizontalAdvance(name)
            if coders is not None and name_width + marks_width > room >= name_width:
                coders, marks_width = None, 0.0
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room - marks_width)
            if len(self._label_texts) > 4000:
                self._label_texts.clear()
            found = self._label_texts[key] = (self._static(shown, metrics), coders)
        return found

    def _paint_chip(
        self, painter: QPainter, label: Label, metrics: QFontMetricsF, palette: QPalette
    ) -> None:
        text = f"+{len(label.codings)} more"
        width = metrics.horizontalAdvance(text) + 14
        chip = QRectF(label.rect.left(), label.rect.top() + 1, width, label.rect.height() - 2)
        fill = QColor(palette.color(QPalette.ColorRole.Text))
        fill.setAlphaF(0.1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        ink = QColor(palette.color(QPalette.ColorRole.Text))
        ink.setAlphaF(0.7)
        painter.setPen(ink)
        painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), text)

    def _mark(self, coder: str) -> str:
        found = self._marks.get(coder)
        if found is None:
            found = self._marks[coder] = initials(coder)
        return found

    def _static(self, text: str, metrics: QFontMetricsF) -> QStaticText:
        """Laid-out text, kept between paints (much cheaper to draw than plain drawText)."""
        key = (text, metrics.height())
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) > 2000:
                self._texts.clear()
            found = self._texts[key] = QStaticText(text)
            found.setTextFormat(Qt.TextFormat.PlainText)
            found.prepare(font=self.label_font())
        return found

    # -- mouse -----------------------------------------------------------------------------------
    def label_at(self, pos: QPointF) -> Label | None:
        for label in self.labels():
            if label.rect.contains(pos):
                return label
        return None

    def _coding_at(self, pos: QPointF) -> ShownCoding | None:
        stripe = self.stripe_at(pos)
        if stripe is not None:
            return stripe.coding
        label = self.label_at(pos)
        if label is None or label.more:
            return None
        mine = [c for c in label.codings if c.coder == self.view.session.coder]
        return (mine or label.codings)[0]

    def stripe_at(self, pos: QPointF) -> Stripe | None:
        """The stripe under a point: one that contains it, else one just beside its ends."""
        near: Stripe | None = None
        for stripe in self.stripes():
            if stripe.rect.contains(pos):
                return stripe
            if near is None and stripe.rect.adjusted(0, -HANDLE, 0, HANDLE).contains(pos):
                near = stripe
        return near

    def _handle_at(self, pos: QPointF) -> _Drag | None:
        """An end handle under a point: the outer few pixels of the stripe holding it."""
        stripe = self.stripe_at(pos)
        if stripe is None:
            return None
        rect = stripe.rect
        grip = min(HANDLE, rect.height() / 3)
        if stripe.starts_here and rect.top() - HANDLE <= pos.y() <= rect.top() + grip:
            return _Drag(stripe.coding, end=False)
        if stripe.ends_here and rect.bottom() - grip <= pos.y() <= rect.bottom() + HANDLE:
            return _Drag(stripe.coding, end=True)
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        self._drag = self._handle_at(pos)
        if self._drag is None:
            coding = self._coding_at(pos)
            if coding is not None:
                self.view.select_coding(coding.uuid)
                self.view.setFocus()
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag is not None:
            self._drag_to(pos)
            return
        coding = self._coding_at(pos)
        hover = coding.uuid if coding else ""
        if self._handle_at(pos) is not None:
            self.setCursor(Qt.CursorShape.SizeVerCursor)
        elif coding is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        self._set_hover(hover)

    def _drag_to(self, pos: QPointF) -> None:
        assert self._drag is not None
        view = self.view
        coding = self._drag.coding
        point = view.viewport().mapFrom(self, pos.toPoint())
        width = view.viewport().width()
        if 0 <= point.x() < width:  # over the text: character precision
            target = view.cursorForPosition(point).position()
        else:  # in the margin: whole lines
            edge = QPoint(width - 1 if self._drag.end else 0, point.y())
            target = view.cursorForPosition(edge).position()
        start, end = coding.u_start, coding.u_end
        if self._drag.end:
            end = max(target, start + 1)
        else:
            start = min(target, end - 1)
        offsets = view.loaded.offsets
        cp = (offsets.from_utf16(start), offsets.from_utf16(end))
        if view.snap_to_words:
            cp = snap_to_words(view.loaded.text, *cp)
        u_start, u_end = offsets.to_utf16_many(cp)
        view.drag_preview = (coding.uuid, u_start, u_end)
        view.viewport().update()
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        preview, self.view.drag_preview = self.view.drag_preview, None
        if drag is not None and preview is not None:
            offsets = self.view.loaded.offsets
            start, end = offsets.from_utf16(preview[1]), offsets.from_utf16(preview[2])
            if (start, end) != (drag.coding.start, drag.coding.end) and start < end:
                self.view.editor.set_range(drag.coding.uuid, start, end)
        self.view.viewport().update()
        self.update()

    def leaveEvent(self, event: QEvent) -> None:
        if self._drag is None:
            self._set_hover("")
        super().leaveEvent(event)

    def _set_hover(self, coding: str) -> None:
        if coding != self.view.hover_coding:
            self.view.hover_coding = coding
            self.view.viewport().update()
            self.update()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), tip(self.tooltip_at(event.pos())), self)
            return True
        return super().event(event)

    def tooltip_at(self, pos: QPoint) -> str:
        """ "code path — coder" for a stripe or label; the codings of a "+N" chip."""
        point = QPointF(pos)
        stripe = self.stripe_at(point)
        if stripe is not None:
            return f"{stripe.coding.path} — {stripe.coding.coder}"
        label = self.label_at(point)
        if label is None:
            return ""
        lines = [f"{c.path} — {c.coder}" for c in label.codings[:25]]
        more = len(label.codings) - len(lines)
        return "\n".join(lines + ([f"… and {more} more"] if more > 0 else []))
