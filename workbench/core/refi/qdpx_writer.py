"""Exporting a project as REFI-QDA (.qdpx): ``project.qde`` plus ``sources/<uuid>.txt`` (and
the recordings small enough to travel inside, media_export.py).

The document is written into its archive member as it is built (``qde_document``), a batch of
sources at a time; the source texts and memos follow one at a time. The document is then read
back once and validated against the official schema before the file takes its name: a file
that does not validate is never left behind, however large. Positions are Unicode code points
of the plain text, which is UTF-8 without BOM and with ``\\n`` line ends. Our uuids are the
GUIDs, so a re-import (or a merge of re-imported copies) matches rows, and exporting an
unchanged project twice gives the same bytes.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from workbench.core.db import project_rows
from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.project import Project
from workbench.core.refi.archive import write_atomically
from workbench.core.refi.errors import SchemaViolationError
from workbench.core.refi.export_data import gather
from workbench.core.refi.media_export import MediaExport, write_recordings
from workbench.core.refi.qde_document import ORIGIN, ProjectXml
from workbench.core.refi.report import ExchangeReport, ReportBuilder
from workbench.core.refi.xmlwrite import stream_problems

QDE = "project.qde"
_ZIP_EPOCH = datetime(1980, 1, 1)  # the earliest time a ZIP member can carry


def export_qdpx(
    project: Project,
    out: Path | str,
    *,
    overwrite: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ExchangeReport:
    """Write the whole project to ``out`` as a REFI-QDA project (.qdpx).

    Raises RefiError if ``out`` exists (unless ``overwrite``) or cannot be written, and
    SchemaViolationError if the result does not validate (then nothing is written)."""
    out = Path(out)
    report = ReportBuilder(out, progress)
    report.origin = ORIGIN
    report.step(0, 1, "reading")
    media = MediaExport.read(project)

    def write(fh: BinaryIO) -> None:
        with project.read(small_cache=True) as s:
            _write_archive(s, fh, report, media)
        fh.flush()
        fh.seek(0)
        with zipfile.ZipFile(fh) as archive, archive.open(QDE) as qde:
            size = archive.getinfo(QDE).file_size
            report.step(0, size, "checking")
            problems = stream_problems(
                qde, "project", lambda: report.step(qde.tell(), size, "checking")
            )
        report.step(size, size, "checking")
        if problems:
            raise SchemaViolationError(
                out,
                f"the export does not validate against the REFI-QDA schema ({problems[0]}); "
                "nothing was written.",
                "Please report this as a bug.",
            )

    write_atomically(out, write, overwrite=overwrite)
    return report.build()


def _write_archive(s: Session, fh: BinaryIO, report: ReportBuilder, media: MediaExport) -> None:
    """``project.qde`` streamed into its member (zip64: it may pass 4 GB), then the internal
    files one at a time: the source texts (by name), the memos, the annotations kept as files,
    the recordings."""
    data = gather(s)
    # Members are stamped with the project's last change, not the time of export, so that an
    # unchanged project exports to the same bytes.
    stamp = max(data.modified_at, _ZIP_EPOCH).timetuple()[:6]

    def member(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = 1  # type: ignore[attr-defined]  # ZipFile.open takes no level
        return info

    with zipfile.ZipFile(fh, "w") as archive:
        with archive.open(member(QDE), "w", force_zip64=True) as qde:
            document = ProjectXml(s, data, report, qde.write, media)
            document.build()
        total = len(data.sources)
        for index, (uuid, text) in enumerate(project_rows.source_texts(s)):
            report.step(index, total, "writing")
            if uuid not in media.untranscribed:
                archive.writestr(member(f"sources/{uuid}.txt"), text.encode("utf-8"))
        report.step(total, total, "writing")
        for uuid, text in project_rows.memo_texts(s):
            archive.writestr(member(f"sources/{uuid}.txt"), text.encode("utf-8"))
        for name, text in document.notes_files:
            archive.writestr(member(f"sources/{name}"), text.encode("utf-8"))
        write_recordings(archive, member, media)
