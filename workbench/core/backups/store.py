"""Backup files on disk: writing one (checked before it takes its name), describing them (a small
JSON file beside each), finding the newest good one, and choosing which to keep."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from workbench.core.db import sqlite_file
from workbench.core.errors import BackupError, DiskFullError, ProjectFileError
from workbench.core.paths import user_data_dir

SIDECAR = ".json"
KEEP_LAST = 10
KEEP_DAYS = 7
_COUNTED = ("sources", "codes", "codings", "cases", "memos")
_LEGACY_NAME = re.compile(r"-(before-[a-z]+(?:-v\d+)?|[a-z-]+?)-(\d{8}-\d{6}(?:-\d{6})?)$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup: when and why it was made, from which file, what it holds, and its check."""

    path: Path
    created: datetime  # UTC
    reason: str
    origin: str  # the project file it was made from ("" if unknown)
    project_uuid: str
    project_name: str
    file_id: str
    revision: int
    schema_version: int
    sources: int
    codes: int
    codings: int
    cases: int
    memos: int
    size: int
    verified: bool

    @property
    def safety(self) -> bool:
        """Made before a risky step (upgrade, restore, merge): kept for a week whatever else."""
        return self.reason.startswith("before ")

    def counts_text(self) -> str:
        """E.g. "25 sources · 69 codes · 1,204 codings · 25 cases · 6 memos"."""
        return " · ".join(f"{getattr(self, name):,} {name}" for name in _COUNTED)


def sidecar_path(backup: Path) -> Path:
    return backup.with_name(backup.name + SIDECAR)


def write_backup(
    source: sqlite3.Connection,
    *,
    folder: Path,
    project_path: Path,
    reason: str,
    slug: str | None = None,
) -> BackupInfo:
    """Copy the database behind ``source`` into ``folder`` with SQLite's backup API.

    The copy is checked with ``quick_check`` and described (the JSON file) before it takes its
    final name, so a crash or a full disk never leaves a backup that looks good but is not.
    Raises BackupError."""
    created = datetime.now(UTC)
    label = slug or _slug(reason)
    target = _free_name(folder, f"{project_path.stem}-{label}-{created:%Y%m%d-%H%M%S-%f}")
    described: list[BackupInfo] = []

    def check_and_describe(copy: sqlite3.Connection) -> None:
        problems = sqlite_file.quick_check(copy)
        if problems:
            raise BackupError(
                f"The backup of {project_path.name} failed its check ({problems[0]}); the "
                "project itself may be damaged. It was not kept."
            )
        (page_count,) = copy.execute("PRAGMA page_count").fetchone()
        (page_size,) = copy.execute("PRAGMA page_size").fetchone()
        info = _describe(copy, target, created, reason, str(project_path.resolve()))
        info = _replace(info, size=int(page_count) * int(page_size), verified=True)
        _write_sidecar(info)  # before the backup takes its name: never a good-looking orphan
        described.append(info)

    try:
        sqlite_file.backup(source, target, prepare=check_and_describe)
    except DiskFullError:
        sidecar_path(target).unlink(missing_ok=True)
        raise DiskFullError(f"the backup of {project_path.name} (in {folder})") from None
    except OSError as exc:
        sidecar_path(target).unlink(missing_ok=True)
        raise BackupError(
            f"The backup of {project_path.name} could not be written to {folder} "
            f"({exc.strerror or exc}); the project itself is unchanged."
        ) from None
    except sqlite3.Error as exc:
        sidecar_path(target).unlink(missing_ok=True)
        raise BackupError(f"The backup of {project_path.name} failed ({exc}).") from None
    except BaseException:
        sidecar_path(target).unlink(missing_ok=True)
        raise
    return _replace(described[0], size=target.stat().st_size)


def read_folder(folder: Path) -> list[BackupInfo]:
    """Every backup in ``folder``, newest first (a backup without its JSON is described now)."""
    if not folder.is_dir():
        return []
    found = [read_info(path) for path in folder.glob("*.qwb") if path.is_file()]
    return sorted(found, key=lambda b: b.created, reverse=True)


def read_info(path: Path) -> BackupInfo:
    """The description of the backup at ``path`` (from its JSON file, or read from the copy)."""
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        return _from_json(path, data)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    info = _describe_file(path)
    with contextlib.suppress(OSError):  # if it cannot be saved, it is described again next time
        _write_sidecar(info)
    return info


def verify_file(path: Path) -> bool:
    """True if the file is a readable workbench project that passes SQLite's quick_check."""
    try:
        sqlite_file.read_header(path)
        sqlite_file.verify_readable(path)
    except ProjectFileError:
        return False
    return True


def newest_good_backup(project_path: Path) -> BackupInfo | None:
    """The newest backup made from ``project_path`` that still passes its check, if any.

    Works from the file's path alone (a damaged project may not tell its own id)."""
    origin = str(Path(project_path).resolve())
    candidates: list[BackupInfo] = []
    for side in (user_data_dir() / "backups").glob(f"*/*.qwb{SIDECAR}"):
        backup = side.with_name(side.name[: -len(SIDECAR)])
        try:
            data = json.loads(side.read_text(encoding="utf-8"))
            if data.get("origin") == origin and backup.is_file():
                candidates.append(_from_json(backup, data))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    for info in sorted(candidates, key=lambda b: b.created, reverse=True):
        if info.verified and verify_file(info.path):
            return info
    return None


def prunable(backups: Iterable[BackupInfo], *, now: datetime | None = None) -> list[BackupInfo]:
    """The backups retention lets go: it keeps the newest ``KEEP_LAST``, the newest of each of
    the last ``KEEP_DAYS`` days, and every safety backup (before an upgrade, a restore or a
    merge) younger than ``KEEP_DAYS`` days."""
    now = now or datetime.now(UTC)
    ordered = sorted(backups, key=lambda b: b.created, reverse=True)
    keep = set(ordered[:KEEP_LAST])
    week_ago = now - timedelta(days=KEEP_DAYS)
    days: set[object] = set()
    for backup in ordered:
        if backup.created < week_ago:
            continue
        day = backup.created.astimezone().date()
        if day not in days:
            days.add(day)
            keep.add(backup)
        if backup.safety:
            keep.add(backup)
    return [b for b in ordered if b not in keep]


def delete_backup(backup: BackupInfo) -> None:
    backup.path.unlink(missing_ok=True)
    sidecar_path(backup.path).unlink(missing_ok=True)


def remove_leftovers(folder: Path, *, older_than: float = 600.0) -> None:
    """Remove what an interrupted backup or restore left (half-written copies, lone JSON)."""
    if not folder.is_dir():
        return
    limit = datetime.now().timestamp() - older_than
    for path in folder.iterdir():
        orphan = path.name.endswith(f".qwb{SIDECAR}") and not path.with_suffix("").exists()
        partial = path.name.endswith(
            (".partial", ".partial-journal", f"{SIDECAR}.tmp")
        ) or path.name.startswith(".restoring-")
        try:
            if (orphan or partial) and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


# -- internals ------------------------------------------------------------------------------------
def _slug(reason: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    return slug[:40] or "backup"


def _free_name(folder: Path, stem: str) -> Path:
    candidate = folder / f"{stem}.qwb"
    n = 2
    while candidate.exists() or sidecar_path(candidate).exists():
        candidate = folder / f"{stem}-{n}.qwb"
        n += 1
    return candidate


def _describe(
    conn: sqlite3.Connection, path: Path, created: datetime, reason: str, origin: str
) -> BackupInfo:
    uuid, name, file_id, revision = conn.execute(
        "SELECT uuid, name, file_id, revision FROM project"
    ).fetchone()
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    counts = {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in _COUNTED}
    return BackupInfo(
        path=path,
        created=created,
        reason=reason,
        origin=origin,
        project_uuid=str(uuid),
        project_name=str(name),
        file_id=str(file_id),
        revision=int(revision),
        schema_version=int(version),
        size=path.stat().st_size if path.exists() else 0,
        verified=False,
        **counts,
    )


def _describe_file(path: Path) -> BackupInfo:
    """Describe a backup written without its JSON (by hand, or by an older workbench)."""
    created = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    match = _LEGACY_NAME.search(path.stem)
    reason = match.group(1).replace("-", " ") if match else "copy"
    reason = re.sub(r" v(\d+)$", r" from file format \1", reason)
    verified = verify_file(path)
    try:
        conn = sqlite_file.connect(path, mode="ro")
        try:
            info = _describe(conn, path, created, reason, "")
        finally:
            conn.close()
    except sqlite3.Error:
        size = path.stat().st_size
        return BackupInfo(path, created, reason, "", "", "", "", 0, 0, 0, 0, 0, 0, 0, size, False)
    return _replace(info, verified=verified)


def _replace(info: BackupInfo, **changes: Any) -> BackupInfo:
    return BackupInfo(**{**{f.name: getattr(info, f.name) for f in fields(info)}, **changes})


def _write_sidecar(info: BackupInfo) -> None:
    data = asdict(info)
    del data["path"]
    data["created"] = info.created.isoformat()
    side = sidecar_path(info.path)
    side.parent.mkdir(parents=True, exist_ok=True)
    temporary = side.with_name(side.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(temporary, side)


def _from_json(path: Path, data: dict[str, Any]) -> BackupInfo:
    values = {f.name: data[f.name] for f in fields(BackupInfo) if f.name not in ("path", "created")}
    created = datetime.fromisoformat(str(data["created"]))
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return BackupInfo(path=path, created=created, **values)
