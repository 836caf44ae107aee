"""``workbench --self-test``: prove an installation works, end to end, offscreen.

A frozen bundle can miss a module, a Qt plugin or a data file without any test noticing; this
runs the paths a researcher's first hour takes through the real code and exits 0 only if all pass.
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from workbench.core.project import Project

CODER = "Self Test"
SPOKEN = (
    "Interviewer: How did your mentoring start?\n\n"
    "P01: My mentor and I met on Zoom; the first call was awkward but useful.\n\n"
    "Interviewer: And later?\n\n"
    "P01: We moved to Slack, and my confidence grew every week.\n"
)


def _docx(path: Path) -> None:
    from docx import Document

    document = Document()
    for paragraph in SPOKEN.split("\n\n"):
        document.add_paragraph(paragraph.strip())
    document.save(str(path))


def _pdf(path: Path) -> None:
    """A copy-protected PDF: AES-encrypted, empty user password (needs pypdf's cryptography)."""
    from pypdf import PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    text = canvas.beginText(72, 760)
    for line in SPOKEN.replace("P01", "P02").splitlines():
        text.textLine(line)
    canvas.drawText(text)
    canvas.save()
    writer = PdfWriter(clone_from=str(path))
    writer.encrypt(user_password="", owner_password="self-test", algorithm="AES-256")
    writer.write(str(path))


def _steps(folder: Path) -> list[tuple[str, Callable[[], str]]]:
    path = folder / "Self test.qwb"
    state: dict[str, str] = {}

    def create() -> str:
        Project.create(path, name="Self test", coder=CODER).close()
        return path.name

    def import_files() -> str:
        _docx(folder / "P01.docx")
        _pdf(folder / "P02.pdf")
        with Project.open(path) as project:
            report = project.sources.import_files(
                [folder / "P01.docx", folder / "P02.pdf"], coder=CODER
            )
            if report.problems:
                raise RuntimeError("; ".join(o.message for o in report.problems))
            state["source"] = project.sources.find("P01")
        return "a .docx and an AES-encrypted .pdf"

    def code() -> str:
        from workbench.core.codebook_json import CodeSpec

        with Project.open(path) as project:
            project.codebook.import_tree(codes=[CodeSpec(name="Platforms")], coder=CODER)
            text = project.sources.text(state["source"])
            start = text.index("met on Zoom")
            project.codings.apply(
                source=state["source"],
                code=project.codebook.find("Platforms"),
                start=start,
                end=start + len("met on Zoom"),
                coder=CODER,
            )
            return f"{len(project.codings.of_source(state['source']))} coding"

    def correct_and_count() -> str:
        # rapidfuzz (the exact diff behind corrections) and the stop word lists, as bundled.
        from workbench.core.reports import word_frequencies
        from workbench.core.reports.stop_words import stop_words_for
        from workbench.core.text.replace import Replacement

        with Project.open(path) as project:
            text = project.sources.text(state["source"])
            start = text.index("Zoom")
            project.sources.replace_text(
                source=state["source"],
                replacements=[Replacement(start, start + len("Zoom"), "Zoom.us")],
                coder=CODER,
            )
            (coding,) = project.codings.of_source(state["source"])
            if project.sources.text(state["source"], coding.start, coding.end) != "met on Zoom.us":
                raise RuntimeError("the coding did not follow the corrected text")
            words = word_frequencies(project, stop_words=stop_words_for("en"))
        if not words.rows or "the" in {h.key for h in words.rows}:
            raise RuntimeError("word frequency kept the stop words")
        return "the coding followed; stop words left out"

    def search() -> str:
        with Project.open(path) as project:
            result = project.search.search('"my confidence" OR zoom', limit=None)
            found = {project.sources.text(h.item, h.start, h.end).lower() for h in result.hits}
            if not {"my confidence", "zoom"} <= found:
                raise RuntimeError(f"expected hits for both terms, found {sorted(found)}")
            return f"{len(result.hits)} hits"

    def codebook_pdf() -> str:
        from pypdf import PdfReader

        from workbench.core.reports.codebook_pdf import export_codebook_pdf

        with Project.open(path) as project:
            result = export_codebook_pdf(project, folder / "codebook.pdf")
        text = "".join(page.extract_text() for page in PdfReader(result.path).pages)
        if "Platforms" not in text:
            raise RuntimeError("the codebook PDF does not name the code")
        return f"{result.pages} pages"

    def qdpx() -> str:
        from workbench.core.refi import export_qdpx, import_qdpx

        with Project.open(path) as project:
            export_qdpx(project, folder / "exchange.qdpx")
        import_qdpx(folder / "exchange.qdpx", folder / "Round trip.qwb", coder=CODER)
        with Project.open(folder / "Round trip.qwb", read_only=True) as back:
            if len(back.sources.list()) != 2:
                raise RuntimeError("the .qdpx round trip lost sources")
        return "exported and read back"

    def text_services() -> str:
        # Qt's ICU data (trimmed in the Linux bundle): collation and legacy encodings.
        from PySide6.QtCore import QCollator, QLocale, QStringDecoder

        if QCollator(QLocale("sv_SE")).compare("ä", "z") <= 0:
            raise RuntimeError("Swedish collation does not sort ä after z")
        if QCollator(QLocale("de_DE")).compare("ä", "z") >= 0:
            raise RuntimeError("German collation does not sort ä before z")
        if not all(QStringDecoder(name).isValid() for name in ("windows-1252", "Shift_JIS")):
            raise RuntimeError("Qt cannot decode windows-1252 or Shift_JIS")
        return "collation and encodings"

    def window() -> str:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from workbench.gui.window.coder_dialog import CoderChoice
        from workbench.gui.window.main_window import MainWindow
        from workbench.gui.window.settings import WindowSettings

        app = QApplication.instance() or QApplication([sys.argv[0]])
        ini = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        shown = MainWindow(settings=WindowSettings(ini))  # the user's own settings stay as they are
        shown.show_error = lambda title, text: (_ for _ in ()).throw(RuntimeError(text))
        shown.ask_coder = lambda _coders, suggested: CoderChoice(suggested)
        shown.resize(1200, 800)
        shown.show()
        if not shown.open_project(path):
            raise RuntimeError("the window could not open the project")
        app.processEvents()
        image = shown.grab().toImage()
        shown.close_project()
        shown.deleteLater()
        if image.isNull() or image.width() < 1000:
            raise RuntimeError("the window did not render")
        return f"rendered {image.width()}×{image.height()}"

    def recording() -> str:
        # Qt Multimedia with its FFmpeg plugin plays it; PyAV (FFmpeg too) draws its waveform.
        return _play_recording(folder / "tone.wav")

    return [
        ("create a project", create),
        ("import documents", import_files),
        ("apply a code", code),
        ("correct the text and count words", correct_and_count),
        ("search", search),
        ("export the codebook PDF", codebook_pdf),
        ("export and import REFI-QDA", qdpx),
        ("sort and decode text with Qt", text_services),
        ("open it in the window", window),
        ("play a recording", recording),
        ("reach for a team server", _server_driver),
    ]


def _server_driver() -> str:
    """psycopg with its bundled libpq, SQLAlchemy's dialect and the keyring load, and a server
    that is not there is told as such (a closed local port: no server is needed)."""
    import socket

    import keyring
    import psycopg

    from workbench.core.errors import ServerConnectionError
    from workbench.core.project import Project

    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    try:
        Project.open(f"postgresql://nobody@127.0.0.1:{port}/study")
    except ServerConnectionError as exc:
        if "Cannot reach the server" not in str(exc):
            raise
    else:
        raise RuntimeError(f"a server answered on port {port}")
    backend = type(keyring.get_keyring()).__module__.rsplit(".", 1)[-1]
    driver = f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}, libpq {psycopg.pq.version()})"
    return f"{driver}; keyring: {backend}"


def _play_recording(path: Path) -> str:
    import math
    import wave
    from array import array

    from PySide6.QtCore import QEventLoop, QTimer, QUrl
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
    from PySide6.QtWidgets import QApplication

    from workbench.core.media.peaks import compute_peaks

    rate = 8000
    tone = array("h", (round(9000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(rate)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(tone.tobytes() * 2)
    peaks = compute_peaks(path)
    if peaks.duration_ms != 2000:
        raise RuntimeError(f"the waveform lasts {peaks.duration_ms} ms, not 2000")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    player, audio = QMediaPlayer(), QAudioOutput()
    player.setAudioOutput(audio)
    errors: list[str] = []
    player.errorOccurred.connect(lambda _error, text: errors.append(text))
    loop = QEventLoop()
    player.positionChanged.connect(lambda ms: loop.quit() if ms > 200 else None)
    QTimer.singleShot(10_000, loop.quit)
    player.setSource(QUrl.fromLocalFile(str(path)))
    player.play()
    loop.exec()
    reached = player.position()
    player.stop()
    app.processEvents()
    if errors or reached <= 200:
        raise RuntimeError(f"the WAV did not play ({'; '.join(errors) or 'no progress'})")
    return f"played to {reached} ms; waveform of {peaks.buckets} buckets"


def run_self_test() -> int:
    """Run every step; print one line each; 0 if all passed."""
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="workbench-self-test-") as folder:
        for name, step in _steps(Path(folder)):
            try:
                detail = step()
            except Exception as exc:  # report any failure of the installation, then stop
                print(f"FAIL  {name}: {type(exc).__name__}: {exc}", flush=True)
                traceback.print_exc()
                return 1
            print(f"ok    {name} ({detail})", flush=True)
    print(f"self-test passed in {time.perf_counter() - began:.1f} s", flush=True)
    return 0
