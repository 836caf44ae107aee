"""A source's recording: attach, relink, detach, and find it on this machine."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from workbench.core.db.models import Media, Source
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import MediaError
from workbench.core.media.locate import find_recording, stored_path
from workbench.core.media.probe import MediaProbe, file_sha256, probe
from workbench.core.paths import user_cache_dir
from workbench.core.services.base import Service
from workbench.core.services.media_rows import Ref, media_info, row_by_ref
from workbench.core.values import Changes, MediaInfo

MAX_EMBED_BYTES = 100 * 1024 * 1024
"""Largest recording that may be embedded in the project file (bigger ones stay linked)."""


class MediaService(Service):
    """Recordings linked to sources (one per source), found again by size and sha256."""

    def get(self, source_id: Ref) -> MediaInfo | None:
        """The recording of a source, or None."""
        with self.project.read() as s:
            source = row_by_ref(s, Source, source_id, "source")
            row = s.scalar(select(Media).where(Media.source_id == source.id))
            if row is None:
                return None
            embedded = s.scalar(select(Media.embedded.is_not(None)).where(Media.id == row.id))
            return media_info(row, source.uuid, bool(embedded))

    def attach(self, *, source_id: Ref, path: Path, embed: bool = False, coder: str) -> Changes:
        """Link the recording at ``path`` to a source (replacing its recording, if any);
        ``embed`` also keeps its bytes in the project. Refused (MediaError, nothing written)
        when the file cannot be decoded or is too big to embed."""
        path = Path(path)
        found = probe(path)
        data = embedded_bytes(path, found) if embed else None
        sha256 = file_sha256(path)
        with self.project.write(coder=coder) as tx:
            attach_recording(tx, source_id, path, found, sha256, data, self._folder())
        return tx.result

    def relink(self, *, source_id: Ref, path: Path, force: bool = False, coder: str) -> Changes:
        """Point a source's recording at ``path`` (it moved). A file of another size or
        sha256 is refused with a message unless ``force`` (then it replaces the recording)."""
        path = Path(path)
        info = self.get(source_id)
        if info is None:
            raise MediaError(
                path, "cannot be relinked: the source has no recording.", "Attach it instead."
            )
        found = probe(path)
        sha256 = file_sha256(path)
        if (found.size, sha256) != (info.size, info.sha256) and not force:
            raise MediaError(
                path,
                f"is not the recording this source was linked to ({found.size:,} bytes, "
                f"expected {info.size:,} bytes with another content).",
                "Pick the original recording, or relink with force to use this one instead.",
            )
        with self.project.write(coder=coder) as tx:
            row = _media_of(tx, source_id)
            tx.touch(row)
            row.path = stored_path(path, self._folder())
            _describe(row, found, sha256)
            tx.audit("relink", "media", row.uuid, f"Recording relinked to {path.name!r}")
        return tx.result

    def detach(self, *, source_id: Ref, coder: str) -> Changes:
        """Unlink a source's recording (its media codings stay, as the time ranges they are)."""
        with self.project.write(coder=coder) as tx:
            row = _media_of(tx, source_id)
            tx.delete(row)
            tx.audit("detach", "media", row.uuid, "Recording unlinked")
        return tx.result

    def locate(self, source_id: Ref, *, media_folders: Sequence[Path] = ()) -> Path | None:
        """Where the source's recording is on this machine (None: not found). An embedded
        recording is written once to the user cache folder and that copy returned."""
        info = self.get(source_id)
        if info is None:
            return None
        if info.embedded:
            return self._embedded_copy(info)
        return find_recording(info, project_folder=self._folder(), media_folders=media_folders)

    def _folder(self) -> Path:
        return self.project.path.resolve().parent

    def _embedded_copy(self, info: MediaInfo) -> Path:
        suffix = Path(info.path).suffix or f".{info.format}"
        target = user_cache_dir() / "media" / f"{info.sha256}{suffix}"
        if target.is_file() and target.stat().st_size == info.size:
            return target
        with self.project.read() as s:
            data = s.scalar(select(Media.embedded).where(Media.uuid == info.uuid))
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(data or b"")
        partial.replace(target)
        return target


def attach_recording(
    tx: WriteTx,
    source_id: Ref,
    path: Path,
    found: MediaProbe,
    sha256: str,
    data: bytes | None,
    project_folder: Path,
) -> Media:
    """Link (or re-link) a probed recording to a source inside ``tx``."""
    source = row_by_ref(tx.session, Source, source_id, "source")
    row = tx.session.scalar(select(Media).where(Media.source_id == source.id))
    stored = stored_path(path, project_folder)
    if row is None:
        row = tx.add(
            Media,
            source_id=source.id,
            sha256=sha256,
            size=found.size,
            kind=found.kind,
            duration_ms=found.duration_ms,
            format=found.format,
            path=stored,
            embedded=data,
        )
    else:
        tx.touch(row)
        _describe(row, found, sha256)
        row.path, row.embedded = stored, data
    how = "embedded" if data is not None else "linked"
    tx.audit("attach", "media", row.uuid, f"Recording {path.name!r} {how} to {source.name!r}")
    return row


def _media_of(tx: WriteTx, source_id: Ref) -> Media:
    source = row_by_ref(tx.session, Source, source_id, "source")
    row = tx.session.scalar(select(Media).where(Media.source_id == source.id))
    if row is None:
        raise MediaError(source.name, "has no recording.", "Attach one first.")
    return row


def _describe(row: Media, found: MediaProbe, sha256: str) -> None:
    row.kind, row.duration_ms, row.format = found.kind, found.duration_ms, found.format
    row.size, row.sha256 = found.size, sha256


def embedded_bytes(path: Path, found: MediaProbe) -> bytes:
    if found.size > MAX_EMBED_BYTES:
        raise MediaError(
            path,
            f"is too big to embed ({found.size / 2**20:,.0f} MB; at most "
            f"{MAX_EMBED_BYTES // 2**20} MB).",
            "Link it instead: the project keeps its path, size and checksum.",
        )
    return path.read_bytes()
