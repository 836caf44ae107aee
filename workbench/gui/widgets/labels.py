"""Secondary text: small dimmed labels and short local times."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from workbench.gui.widgets.colors import dim_color
from workbench.gui.widgets.plain_text import PlainLabel


def small_label(text: str = "", object_name: str = "") -> QLabel:
    """A dimmed, slightly smaller label for secondary information (counts, hints)."""
    label = PlainLabel(text)
    if object_name:
        label.setObjectName(object_name)
    font = label.font()
    font.setPointSizeF(max(7.5, font.pointSizeF() * 0.92))
    label.setFont(font)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, dim_color(palette, 0.4))
    label.setPalette(palette)
    return label


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
