"""Colours, fonts and sizes of the theme map, taken from the palette (light and dark)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cache

from PySide6.QtGui import QColor, QFont, QPalette

R_MIN = 7.0  # the radius of a code without codings
R_MAX = 28.0  # the radius of the most-coded code
LABEL_MAX = 290.0  # longer names are elided (the tooltip has the whole path)


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` of the way towards ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def is_dark(color: QColor) -> bool:
    return color.lightnessF() < 0.5


def radius_for(codings: int, most: int) -> float:
    """Area grows with the number of codings (the square root keeps small codes visible)."""
    if most <= 0:
        return R_MIN
    return R_MIN + (R_MAX - R_MIN) * math.sqrt(max(codings, 0) / most)


@dataclass(frozen=True)
class MapStyle:
    background: QColor
    text: QColor
    dim_text: QColor
    label_back: QColor
    tree_edge: QColor
    relation: QColor
    highlight: QColor
    drop: QColor
    dark: bool
    printing: bool = False  # exports: lines get a real width instead of one screen pixel

    @classmethod
    def from_palette(cls, palette: QPalette) -> MapStyle:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = is_dark(base)
        label_back = QColor(base)
        label_back.setAlpha(215)
        return cls(
            background=mix(base, palette.color(QPalette.ColorRole.Window), 0.35),
            text=text,
            dim_text=mix(text, base, 0.4),
            label_back=label_back,
            tree_edge=mix(text, base, 0.6),
            relation=QColor("#f0a35e" if dark else "#c2571a"),
            highlight=palette.color(QPalette.ColorRole.Highlight),
            drop=QColor("#5fc27a" if dark else "#2e9a4e"),
            dark=dark,
        )

    @classmethod
    def for_print(cls) -> MapStyle:
        """Exports are light whatever the screen uses: they end up on paper and in papers."""
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#1f2328"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f6fd6"))
        return replace(cls.from_palette(palette), printing=True)


def label_font(depth: int) -> QFont:
    """Themes bold and larger, categories semi-bold, concepts regular (pixel sizes, so the
    map looks the same on every screen and in exports)."""
    font = QFont()
    font.setPixelSize(15 if depth == 0 else 13 if depth == 1 else 12)
    font.setWeight(
        QFont.Weight.Bold
        if depth == 0
        else QFont.Weight.DemiBold
        if depth == 1
        else QFont.Weight.Normal
    )
    return font


@cache
def count_font() -> QFont:
    font = QFont()
    font.setPixelSize(10)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def ink_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on ``fill``."""
    luminance = 0.299 * fill.redF() + 0.587 * fill.greenF() + 0.114 * fill.blueF()
    return QColor("#111111" if luminance > 0.6 else "#ffffff")
