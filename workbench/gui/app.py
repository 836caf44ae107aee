"""Application entry point: argument handling, the QApplication, and the headless screenshot."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from workbench.core.atomic_file import built_beside
from workbench.core.errors import WorkbenchError
from workbench.core.server.url import is_server_location
from workbench.core.values import CoderInfo
from workbench.gui.single_instance import FileOpenFilter, InstanceServer, hand_over
from workbench.gui.window.malloc_arenas import limit_malloc_arenas
from workbench.resources import resource_path

if TYPE_CHECKING:
    from workbench.gui.window.coder_dialog import CoderChoice
    from workbench.gui.window.main_window import MainWindow


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="workbench", description="Qualitative Coding Workbench")
    parser.add_argument(
        "project",
        nargs="?",
        help="a project file (.qwb) or a server project (postgresql://USER@HOST:PORT/DB) to open",
    )
    parser.add_argument("--demo", action="store_true", help="open your copy of the demo project")
    parser.add_argument(
        "--screenshot", metavar="OUT.png", help="render the window offscreen and exit"
    )
    parser.add_argument(
        "--size", metavar="WxH", default="1600x1000", help="window size for --screenshot"
    )
    parser.add_argument(
        "--show",
        metavar="VIEW",
        action="append",
        default=[],
        help="bring a view to the front: transcript, map, reports, or a panel "
        "(sources, codebook, coding, editor, memos, history, segments, cases, search, agreement)",
    )
    parser.add_argument("--source", metavar="NAME", help="the source to show first")
    parser.add_argument("--code", metavar="CODE_PATH", help="the code to select first (a/b/c)")
    parser.add_argument(
        "--compare",
        metavar="CODER,CODER",
        help="compute agreement between these coders and compare them in the transcript",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation end to end (offscreen) and exit 0 if it works",
    )
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot or args.self_test:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.self_test:
        from workbench.selftest import run_self_test

        return run_self_test()
    limit_malloc_arenas()  # before Qt starts its threads
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Qualitative Coding Workbench")
    app.setOrganizationName("QualitativeWorkbench")
    QApplication.setWindowIcon(QIcon(str(resource_path("icons", "workbench.svg"))))
    from workbench.gui.document.drag_drop import release_clipboard
    from workbench.gui.window.main_window import MainWindow

    try:
        path = _project_path(args)
    except WorkbenchError as exc:
        print(f"workbench: error: {exc}", file=sys.stderr)
        return 1
    if args.screenshot:
        return _screenshot(MainWindow, path, args, Path(args.screenshot))
    on_server = path is not None and is_server_location(path)
    if path is not None and not on_server and hand_over([str(Path(path).resolve())]):
        return 0  # the running workbench opens it
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    server = InstanceServer()
    server.listen()
    server.files_received.connect(lambda paths: _open_handed(window, paths))
    opener = FileOpenFilter(app)
    opener.file_opened.connect(lambda p: _open_handed(window, [p]))
    app.installEventFilter(opener)
    if on_server and path is not None:
        window.open_project(path)  # in the background: --source and the rest do not apply
    elif path is not None and window.open_project(Path(path)):
        _select(window, args)
    app.aboutToQuit.connect(release_clipboard)
    code = app.exec()
    server.close()
    window.close_project()
    return int(code)


def _open_handed(window: MainWindow, paths: list[str]) -> None:
    """A file given to another launch (or by macOS): open it here and come to the front."""
    for p in paths:
        if p.lower().endswith(".qwb"):
            window.open_project(Path(p))
            break
    window.showNormal()
    window.raise_()
    window.activateWindow()


def _select(window: MainWindow, args: argparse.Namespace) -> bool:
    """Show --source and select --code; print what could not be found."""
    ok = True
    if args.source and not window.show_source_named(args.source):
        print(f"workbench: there is no source named {args.source!r}.", file=sys.stderr)
        ok = False
    if args.code and not window.select_code_path(args.code):
        print(f"workbench: there is no code {args.code!r}.", file=sys.stderr)
        ok = False
    if args.compare and not _compare(window, [n.strip() for n in args.compare.split(",")]):
        print(f"workbench: cannot compare {args.compare!r}.", file=sys.stderr)
        ok = False
    for view in args.show:
        if not window.show_view(view):
            print(f"workbench: there is no view named {view!r}.", file=sys.stderr)
            ok = False
    return ok


def _screenshot(
    window_class: type[MainWindow], path: str | None, args: argparse.Namespace, out: Path
) -> int:
    """Render the window (1600×1000 unless --size says otherwise) with the default layout (not
    this machine's) and exit."""
    import tempfile

    from PySide6.QtCore import QSettings

    from workbench.gui.window.settings import WindowSettings

    with tempfile.TemporaryDirectory() as folder:
        ini = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = window_class(settings=WindowSettings(ini))
        window.show_error = lambda title, text: print(f"workbench: {text}", file=sys.stderr)
        window.ask_coder = _first_coder
        width, _, height = args.size.partition("x")
        if not (width.isdigit() and height.isdigit()):
            print(f"workbench: --size takes WIDTHxHEIGHT, not {args.size!r}.", file=sys.stderr)
            return 1
        window.resize(int(width), int(height))
        window.show()
        if path is not None and not _open_now(window, path):
            return 1
        if not _select(window, args):
            return 1
        if window.desk is not None:
            window.desk.media.wait_for_waveform()
        for _ in range(3):
            QApplication.processEvents()
        image = window.grab()
        try:
            with built_beside(out) as partial:  # a half-written picture never replaces one
                if not image.save(str(partial), "PNG"):
                    raise OSError(f"{out.name}: the picture could not be written")
        except (OSError, WorkbenchError) as exc:
            print(f"workbench: {exc}", file=sys.stderr)
            return 1
        finally:
            window.close_project()
            window.deleteLater()
        return 0


def _open_now(window: MainWindow, path: str) -> bool:
    """Open ``path`` and return once it is shown (a server project opens in the background)."""
    if not is_server_location(path):
        return window.open_project(Path(path))
    from workbench.gui.widgets.jobs import wait_for_background

    if not window.open_project(path):
        return False
    wait_for_background()
    for _ in range(5):  # the job's result arrives as a queued signal
        QApplication.processEvents()
    return window.session is not None


def _first_coder(coders: Sequence[CoderInfo], suggested: str) -> CoderChoice:
    """Screenshots code as the project's first coder (no question on an offscreen window)."""
    from workbench.gui.window.coder_dialog import CoderChoice

    return CoderChoice(coders[0].name if coders else suggested)


def _project_path(args: argparse.Namespace) -> str | None:
    if args.project:
        return str(args.project)
    if args.demo:
        from workbench.core.demo import demo_working_copy

        return str(demo_working_copy())
    return None


def _compare(window: MainWindow, names: list[str]) -> bool:
    """Compute agreement between ``names`` and compare them side by side in the transcript."""
    if window.desk is None:
        return False
    window.docks["agreement"].show()
    window.docks["agreement"].raise_()
    return window.desk.compare_coders(names)
