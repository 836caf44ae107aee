"""Importing a REFI-QDA project (.qdpx) into a new workbench project, in one transaction.

The archive is checked before any file is created; its ``.qde`` is then read as a stream
(qde_stream.py) while the rows are written, into a project built under a temporary name beside
the target and renamed only when the import has committed, so a failed or cancelled import
(or a file found broken half-way) leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid as uuidlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from workbench.core.changes import Changes
from workbench.core.gc_pause import gc_paused
from workbench.core.leftovers import remove_abandoned_builds
from workbench.core.lockfile import lock_path
from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.project import Project
from workbench.core.refi.archive import MemberStream, QdpxArchive
from workbench.core.refi.errors import RefiError
from workbench.core.refi.import_links import import_cases, import_links, import_sets
from workbench.core.refi.import_notes import import_notes
from workbench.core.refi.import_rows import RowImporter
from workbench.core.refi.media_import import RecordingImport
from workbench.core.refi.model import RProject, RTextSource
from workbench.core.refi.qde_stream import OutOfOrder, QdeStream
from workbench.core.refi.report import ExchangeReport, ReportBuilder


def import_qdpx(
    qdpx: Path | str,
    new_project: Path | str,
    *,
    coder: str,
    progress: Progress = NO_PROGRESS,
) -> ExchangeReport:
    """Create ``new_project`` (.qwb, must not exist) from the REFI-QDA project ``qdpx``.

    Raises a RefiError subclass for a file that is not a usable or safe .qdpx, and
    Cancelled once ``progress`` was cancelled; in every such case nothing is written.
    What could not be imported is listed in the report, never silently dropped."""
    source, target = Path(qdpx), Path(new_project)
    if target.exists():
        raise RefiError(
            target, "already exists.", "Choose a new file name for the imported project."
        )
    if not target.parent.is_dir():
        raise RefiError(target, f"cannot be created: the folder {target.parent} does not exist.")
    try:
        return _import(source, target, coder, progress, buffered=False)
    except OutOfOrder:  # users or codes after the sources: read the whole file first
        return _import(source, target, coder, progress, buffered=True)


def _import(
    source: Path, target: Path, coder: str, progress: Progress, *, buffered: bool
) -> ExchangeReport:
    report = ReportBuilder(source, progress)
    with QdpxArchive(source) as archive, gc_paused():
        report.step(0, 1, "reading")
        reader = QdeStream(archive.stream_qde(), source, archive.qde_name, buffered=buffered)
        try:
            doc = reader.prelude()
            report.origin = doc.origin
            ids = _IdSpace(doc, lambda: _digest(archive.stream_qde()))
            load = _Loader(archive, report)
            changes = _build(source, target, reader, load, coder, report, ids)
        finally:
            reader.stream.close()
    return report.build(changes)


def _digest(stream: MemberStream) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
    stream.close()
    return digest.hexdigest()


class _IdSpace:
    """The namespace of the uuids derived from ids that are not GUIDs: the project's own GUID
    if it has one, else the digest of its ``.qde`` — so importing a file twice gives the same
    rows. Resolved only when first needed: files whose ids are GUIDs never pay for the digest."""

    def __init__(self, doc: RProject, digest: Callable[[], str]) -> None:
        self._guid, self._digest = doc.guid, digest
        self._space: uuidlib.UUID | None = None

    def __call__(self) -> uuidlib.UUID:
        if self._space is None:
            self._space = (
                uuidlib.UUID(self._guid)
                if self._guid
                else uuidlib.uuid5(uuidlib.NAMESPACE_URL, f"qde-sha256:{self._digest()}")
            )
        return self._space


def _build(
    qdpx: Path,
    target: Path,
    reader: QdeStream,
    load: _Loader,
    coder: str,
    report: ReportBuilder,
    ids: Callable[[], uuidlib.UUID],
) -> Changes:
    doc = reader.doc
    assert doc is not None
    remove_abandoned_builds(target.parent, "importing")  # what a killed import left behind
    building = target.with_name(f".{target.name}.{uuidlib.uuid4().hex[:8]}.importing")
    recordings = RecordingImport(load.archive, qdpx, target)  # written beside the project
    try:
        with Project.create(building, name=doc.name or report.path.stem) as project:
            coder = " ".join(coder.split())
            same = next((u.guid for u in doc.users if u.guid and u.name == coder), None)
            with project.write(coder=coder, coder_uuid=same) as tx:
                if doc.created is not None:  # the project began then, not at this import
                    tx.info.created_at = doc.created
                rows = RowImporter(tx, doc, load, report, ids, recordings)
                rows.import_users()
                rows.import_codes(doc.codes)
                stream = reader.stream
                rows.import_sources(
                    reader.sources(), lambda: report.step(stream.done, stream.size, "sources")
                )
                reader.finish()  # notes, links, sets; the file's validity
                tx.info.description = doc.description
                rows.import_variables()
                rows.set_source_values()
                import_cases(rows)
                import_links(rows)
                import_notes(rows, load)
                import_sets(rows)
                rows.selections.drop()
                for what, n in doc.unsupported.items():
                    report.skip(what, n)
                for problem in reader.problems:
                    report.warn(problem)
                report.step(1, 1, "saving")  # the last moment a cancel discards everything
                tx.audit(
                    "import",
                    "project",
                    None,
                    f"Project imported from REFI-QDA file {report.path.name}"
                    + (f" ({doc.origin})" if doc.origin else ""),
                    counts=dict(report.counts),
                )
            changes = tx.result
        if target.exists():
            raise RefiError(target, "appeared while importing; the import was not saved.")
        os.replace(building, target)
    except BaseException:
        for leftover in (building, building.with_name(building.name + "-journal")):
            leftover.unlink(missing_ok=True)
        recordings.remove_written()
        lock_path(building).unlink(missing_ok=True)
        raise
    return changes


class _Loader:
    """Reads the plain text of a source or note: from the archive or from PlainTextContent.

    ``internal://NAME`` and a path without a scheme (``board_2017.txt``, as some tools write)
    are looked up inside the archive (``sources/NAME``, then ``NAME``); ``relative://`` and
    ``absolute://`` paths lie outside it and are not read."""

    def __init__(self, archive: QdpxArchive, report: ReportBuilder) -> None:
        self.archive = archive
        self.report = report

    def __call__(self, item: RTextSource) -> str | None:
        what = "notes" if item.kind == "Note" else "sources"
        what = "transcripts" if item.media is not None else what
        path = (item.plain_path or "").strip()
        inside = _archive_path(path)
        if inside is not None:
            member = self.archive.resolve_internal("internal://" + inside)
            if member is not None:
                try:
                    return self.archive.read_member(member).decode("utf-8-sig")
                except UnicodeDecodeError:
                    self.report.skip(f"{what} whose text file is not UTF-8")
                    return None
            if item.content is None:
                self.report.skip(f"{what} whose text file is missing from the archive")
                return None
        elif path and item.content is None:
            self.report.skip(f"{what} whose text lies outside the archive (not read)")
            return None
        if item.content is not None:
            return item.content
        if what == "notes":
            return ""
        self.report.skip(
            "sources with only a rich-text version (no plain text)"
            if item.rich_path
            else f"{what} without any text"
        )
        return None


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
_DRIVE = re.compile(r"^[A-Za-z]:")


def _archive_path(path: str) -> str | None:
    """The file inside the archive a ``plainTextPath`` names, or None if it names none."""
    if path[:11].lower() == "internal://":
        return path[11:]
    if not path or _SCHEME.match(path) or _DRIVE.match(path):
        return None
    file = path.replace("\\", "/")
    if file.startswith("/") or ".." in PurePosixPath(file).parts:
        return None
    return file.removeprefix("./")
