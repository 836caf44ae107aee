"""The theme map: themes, categories and codes as a graph the coder arranges and relates."""

from workbench.gui.map.theme_map_panel import ThemeMapPanel

__all__ = ["ThemeMapPanel"]
