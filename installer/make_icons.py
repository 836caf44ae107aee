"""Render the application icon (resources/icons/workbench.svg) at every size each OS needs.

    python installer/make_icons.py OUT_DIR

Writes OUT_DIR/hicolor/<n>x<n>/apps/qualitative-workbench.png (Linux), workbench.ico (Windows)
and workbench.icns (macOS). Qt renders the SVG; Pillow writes the multi-size .ico and .icns.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "workbench.svg"
LINUX_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render(size: int, out: Path) -> Path:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out)):
        raise SystemExit(f"could not write {out}")
    return out


def main(out_dir: Path) -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    for size in LINUX_SIZES:
        render(size, out_dir / "hicolor" / f"{size}x{size}" / "apps" / "qualitative-workbench.png")
    big = Image.open(render(1024, out_dir / "workbench-1024.png"))
    big.save(out_dir / "workbench.ico", sizes=[(s, s) for s in ICO_SIZES])
    big.save(out_dir / "workbench.icns")
    del app
    print(f"icons written to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"))
