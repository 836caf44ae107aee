"""Fast flowables for plain text: word-wrapped lines drawn directly, without Paragraph's markup
parser. Long codebooks are mostly plain text, and this keeps 1,000 codes within seconds."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from workbench.core.reports.pdf_fonts import register_fonts
from workbench.core.reports.pdf_style import BODY_FONT, BOLD_FONT, INK, MUTED


@lru_cache(maxsize=65536)
def _width(word: str, font: str, size: float) -> float:
    register_fonts()
    return float(stringWidth(word, font, size))


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of ``text`` (its line breaks kept) into lines at most ``width`` wide;
    a word wider than a line is broken between characters."""
    space = _width(" ", font, size)
    out: list[str] = []
    for raw in text.split("\n"):
        words = raw.split()
        if not words:
            out.append("")
            continue
        line: list[str] = []
        used = 0.0
        for word in words:
            w = _width(word, font, size)
            if w > width:
                if line:
                    out.append(" ".join(line))
                    line, used = [], 0.0
                piece = ""
                for ch in word:
                    if stringWidth(piece + ch, font, size) > width and piece:
                        out.append(piece)
                        piece = ""
                    piece += ch
                line, used = [piece], stringWidth(piece, font, size)
                continue
            extra = w if not line else used + space + w
            if line and extra > width:
                out.append(" ".join(line))
                line, used = [word], w
            else:
                line.append(word)
                used = extra
        out.append(" ".join(line))
    while out and not out[-1]:
        out.pop()
    return out


class PlainText(Flowable):  # type: ignore[misc]
    """Plain text in one font, wrapped to the available width; splits between lines."""

    def __init__(
        self,
        text: str,
        *,
        font: str = BODY_FONT,
        size: float = 9,
        leading: float | None = None,
        color: colors.Color = INK,
        space_before: float = 0,
        space_after: float = 0,
        lines: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = size
        self.leading = leading or size * 1.35
        self.color = color
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.lines: list[str] = list(lines) if lines is not None else []
        self._wrapped_for: float | None = None if lines is None else -1.0
        self.width = 0.0
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_for != availWidth and self._wrapped_for != -1.0:
            self.lines = wrap_lines(self.text, self.font, self.size, availWidth)
            self._wrapped_for = availWidth
        self.width = availWidth
        self.height = len(self.lines) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.leading)
        if fit < 2 or fit >= len(self.lines) or len(self.lines) - fit < 2:
            return []
        kw = {"font": self.font, "size": self.size, "leading": self.leading, "color": self.color}
        return [
            PlainText("", lines=self.lines[:fit], space_before=self.spaceBefore, **kw),
            PlainText("", lines=self.lines[fit:], space_after=self.spaceAfter, **kw),
        ]

    def draw(self) -> None:
        self.draw_at(self.canv, 0, 0)

    def draw_at(self, canvas: Canvas, x: float, y: float) -> None:
        """Draw with the bottom-left corner at (x, y), without a flowable's state push."""
        text = canvas.beginText(x, y + self.height - self.size)
        text.setFont(self.font, self.size, self.leading)
        text.setFillColor(self.color)
        for line in self.lines:
            text.textLine(line)
        canvas.drawText(text)


class CodeHeading(Flowable):  # type: ignore[misc]
    """A code's heading: colour swatch, section number and name; a bookmark and outline entry.

    ``key``/``level``/``outline``/``section`` are read by ``ReportDoc.afterFlowable``."""

    def __init__(
        self,
        name: str,
        number: str,
        color: str,
        *,
        size: float,
        level: int,
        key: str,
        section: str,
        space_before: float,
        space_after: float,
    ) -> None:
        super().__init__()
        self.name = name
        self.number = number
        self.color = colors.HexColor(color)
        self.size = size
        self.level = level
        self.key = key
        self.outline = f"{number} {name}"
        self.section = section
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.lines: list[str] = []
        self.width = 0.0
        self.height = 0.0

    def _indent(self) -> float:
        return self.size * 1.25 + _width(self.number, BOLD_FONT, self.size) + self.size * 0.7

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.lines = wrap_lines(self.name, BOLD_FONT, self.size, availWidth - self._indent())
        self.width = availWidth
        self.height = len(self.lines) * self.size * 1.25
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        leading = self.size * 1.25
        top = self.height - self.size
        box = self.size * 0.72
        canvas.setFillColor(self.color)
        canvas.rect(0, top - 0.5, box, box, stroke=0, fill=1)
        canvas.setFillColor(MUTED)
        canvas.setFont(BOLD_FONT, self.size)
        x_number = self.size * 1.25
        canvas.drawString(x_number, top, self.number)
        canvas.setFillColor(INK)
        for index, line in enumerate(self.lines):
            canvas.drawString(self._indent(), top - index * leading, line)


class TextRun(Flowable):  # type: ignore[misc]
    """One line of text in several fonts: [(text, font), ...] (for counts with bold figures)."""

    def __init__(
        self,
        parts: Sequence[tuple[str, str]],
        *,
        size: float = 8.5,
        color: colors.Color = INK,
        space_after: float = 0,
    ) -> None:
        super().__init__()
        self.parts = list(parts)
        self.size = size
        self.color = color
        self.spaceAfter = space_after
        self.width = 0.0
        self.height = size * 1.35

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        x = 0.0
        y = self.height - self.size
        for text, font in self.parts:
            canvas.setFont(font, self.size)
            canvas.setFillColor(MUTED if font.endswith("Oblique") else self.color)
            canvas.drawString(x, y, text)
            x += _width(text, font, self.size)
