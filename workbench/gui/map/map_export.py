"""Export the theme map (what the filter shows) as PNG, SVG or PDF, in print colours."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QImageWriter, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from workbench.core.errors import ValidationError
from workbench.core.export_files import written_atomically
from workbench.gui.map.map_style import MapStyle
from workbench.gui.map.theme_map_scene import ThemeMapScene

FORMATS = ("png", "svg", "pdf")
MARGIN = 32.0
PNG_SCALE = 2.0  # sharp on high-density screens and in print
PDF_MAX_POINTS = 3370.0  # the long side of A0: larger maps are scaled down to fit


def export_map(scene: ThemeMapScene, path: Path, title: str = "Theme map") -> Path:
    """Write the visible map to ``path``; the format follows the suffix (.png, .svg, .pdf)."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ValidationError(f"Cannot export the map as {path.suffix or 'a file without type'}.")
    source = scene.content_rect(visible_only=True)
    if source.isEmpty():
        raise ValidationError("The map is empty: there is nothing to export.")
    source = source.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    screen_style = scene.map_style
    selected = scene.selectedItems()
    with scene.quiet_selection(), scene.uncached():
        for item in selected:
            item.setSelected(False)
        scene.set_style(MapStyle.for_print())
        try:
            with written_atomically(path) as partial:
                if kind == "png":
                    _png(scene, source, partial)
                elif kind == "svg":
                    _svg(scene, source, partial, title)
                else:
                    _pdf(scene, source, partial, title)
        finally:
            scene.set_style(screen_style)
            for item in selected:
                item.setSelected(True)
    return path


def _paint(scene: ThemeMapScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(target, scene.map_style.background)
    scene.render(painter, target, source)


def _png(scene: ThemeMapScene, source: QRectF, path: Path) -> None:
    size = QSize(round(source.width() * PNG_SCALE), round(source.height() * PNG_SCALE))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(round(96 * PNG_SCALE / 0.0254))
    image.setDotsPerMeterY(round(96 * PNG_SCALE / 0.0254))
    painter = QPainter(image)
    _paint(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    if not QImageWriter(str(path), QByteArray(b"PNG")).write(image):  # not by the suffix
        raise ValidationError(f"Could not write {path}.")


def _svg(scene: ThemeMapScene, source: QRectF, path: Path, title: str) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(source.size().toSize())
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(title)
    generator.setDescription("Exported from the Qualitative Coding Workbench")
    painter = QPainter(generator)
    _paint(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
    painter.end()


def _pdf(scene: ThemeMapScene, source: QRectF, path: Path, title: str) -> None:
    points = QSizeF(source.width() * 0.75, source.height() * 0.75)  # 96 px per inch
    shrink = min(1.0, PDF_MAX_POINTS / max(points.width(), points.height()))
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Qualitative Coding Workbench")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(points * shrink, QPageSize.Unit.Point, "Theme map"),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter(writer)
    _paint(scene, painter, QRectF(0, 0, writer.width(), writer.height()), source)
    painter.end()
