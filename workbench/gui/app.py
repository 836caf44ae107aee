"""Application entry point: argument handling, the QApplication, and the headless screenshot."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from workbench.core.errors import WorkbenchError


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="workbench", description="Qualitative Coding Workbench")
    parser.add_argument("project", nargs="?", help="a project file (.qwb) to open")
    parser.add_argument("--demo", action="store_true", help="open your copy of the demo project")
    parser.add_argument(
        "--screenshot", metavar="OUT.png", help="render the window offscreen and exit"
    )
    parser.add_argument("--source", metavar="NAME", help="the source to show first")
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Qualitative Coding Workbench")
    app.setOrganizationName("QualitativeWorkbench")
    from workbench.gui.main_window import MainWindow

    try:
        path = _project_path(args)
        window = MainWindow(Path(path) if path else None)
    except WorkbenchError as exc:
        if args.screenshot:
            print(f"workbench: error: {exc}", file=sys.stderr)
            return 1
        QMessageBox.critical(None, "Cannot open the project", str(exc))
        return 1
    if args.source:
        window.show_source_named(args.source)
    window.resize(1600, 1000)
    if args.screenshot:
        window.show()
        app.processEvents()
        ok = window.grab().save(args.screenshot)
        window.close_project()
        return 0 if ok else 1
    window.show()
    code = app.exec()
    window.close_project()
    return int(code)


def _project_path(args: argparse.Namespace) -> str | None:
    if args.project:
        return str(args.project)
    if args.demo:
        from workbench.core.demo import demo_working_copy

        return str(demo_working_copy())
    return None
