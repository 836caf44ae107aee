"""A source's recording: attach, relink, detach, and find it on this machine."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from workbench.core.changes import Changes
from workbench.core.db.models import Media, Source
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import MediaError
from workbench.core.importers.media import RecordingFile, read_recording
from workbench.core.media.locate import find_recording, stored_path
from workbench.core.media.timestamps import timestamp_cues
from workbench.core.paths import user_cache_dir
from workbench.core.services.base import Service
from workbench.core.services.media_rows import Ref, media_info, row_by_ref
from workbench.core.values import MediaInfo


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
        media = read_recording(Path(path), embed=embed)
        with self.project.write(coder=coder) as tx:
            attach_recording(tx, source_id, media, self._folder())
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
        media = read_recording(path)
        if (media.probe.size, media.sha256) != (info.size, info.sha256) and not force:
            differs = (
                f"{media.probe.size:,} bytes; the linked one has {info.size:,}"
                if media.probe.size != info.size
                else "the same size, but other content"
            )
            raise MediaError(
                path,
                f"is not the recording this source was linked to ({differs}).",
                "Pick the original recording, or relink with force to use this one instead.",
            )
        with self.project.write(coder=coder) as tx:
            row = _media_of(tx, source_id)
            tx.touch(row)
            row.path = stored_path(path, self._folder())
            _describe(row, media)
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

    def _folder(self) -> Path | None:
        return self.project.folder

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
    tx: WriteTx, source_id: Ref, media: RecordingFile, project_folder: Path | None
) -> Media:
    """Link (or re-link) a recording read for import to a source inside ``tx``."""
    source = row_by_ref(tx.session, Source, source_id, "source")
    row = tx.session.scalar(select(Media).where(Media.source_id == source.id))
    stored = stored_path(media.path, project_folder)
    if row is None:
        row = tx.add(
            Media,
            source_id=source.id,
            sha256=media.sha256,
            size=media.probe.size,
            kind=media.probe.kind,
            duration_ms=media.probe.duration_ms,
            format=media.probe.format,
            path=stored,
            embedded=media.data,
        )
    else:
        tx.touch(row)
        _describe(row, media)
        row.path, row.embedded = stored, media.data
    if not source.meta.get("cues"):  # a transcript with inline stamps: they sync it now
        cues = timestamp_cues(source.text)
        if cues:
            tx.touch(source)
            source.meta = {**source.meta, "cues": cues}
    how = "embedded" if media.data is not None else "linked"
    name = media.path.name
    tx.audit("attach", "media", row.uuid, f"Recording {name!r} {how} to {source.name!r}")
    return row


def _media_of(tx: WriteTx, source_id: Ref) -> Media:
    source = row_by_ref(tx.session, Source, source_id, "source")
    row = tx.session.scalar(select(Media).where(Media.source_id == source.id))
    if row is None:
        raise MediaError(source.name, "has no recording.", "Attach one first.")
    return row


def _describe(row: Media, media: RecordingFile) -> None:
    found = media.probe
    row.kind, row.duration_ms, row.format = found.kind, found.duration_ms, found.format
    row.size, row.sha256 = found.size, media.sha256
