"""The fonts the PDFs embed: DejaVu Sans Condensed (and DejaVu Serif Italic for quotes), bundled
in resources/fonts. PDF's standard fonts only cover Western European letters, so a participant
called Łucja, a Greek or Cyrillic quote, or a Vietnamese place name printed as black boxes."""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from workbench.resources import resource_path

SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC = (
    "WorkbenchSans",
    "WorkbenchSans-Bold",
    "WorkbenchSans-Italic",
    "WorkbenchSans-BoldItalic",
)
SERIF_ITALIC = "WorkbenchSerif-Italic"
_FILES = {
    SANS: "DejaVuSansCondensed.ttf",
    SANS_BOLD: "DejaVuSansCondensed-Bold.ttf",
    SANS_ITALIC: "DejaVuSansCondensed-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSansCondensed-BoldOblique.ttf",
    SERIF_ITALIC: "DejaVuSerifCondensed-Italic.ttf",
}


@cache
def register_fonts() -> None:
    """Register the fonts with ReportLab once (``<b>`` and ``<i>`` in paragraphs map to the
    bold and italic faces)."""
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
    for bold, italic, name in (
        (0, 0, SANS),
        (1, 0, SANS_BOLD),
        (0, 1, SANS_ITALIC),
        (1, 1, SANS_BOLD_ITALIC),
    ):
        addMapping(SANS, bold, italic, name)
    for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(SERIF_ITALIC, bold, italic, SERIF_ITALIC)
