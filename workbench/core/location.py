"""Is a project file in a cloud-synced folder or on a network drive? Both are allowed (the file is
always one rollback-journal SQLite database, never WAL), but deserve one warning."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Folder names the common sync clients create (compared case-insensitively, as prefixes where
# clients add a suffix such as "OneDrive - University" or "Dropbox (Personal)").
_CLOUD_PREFIXES = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "box sync": "Box",
    "pcloud drive": "pCloud",
}
_NETWORK_TYPES = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "afs", "9p"}


def cloud_service(path: Path) -> str | None:
    """The sync service whose folder holds ``path`` (by the folder names it uses), or None."""
    parts = Path(path).expanduser().absolute().parts
    for part in parts:
        for prefix, service in _CLOUD_PREFIXES.items():
            if part.lower().startswith(prefix):
                return service
    lowered = [p.lower() for p in parts]
    for i in range(1, len(parts) - 1):  # macOS keeps every File Provider in ~/Library/CloudStorage
        if lowered[i - 1 : i + 1] == ["library", "cloudstorage"]:
            return parts[i + 1].split("-")[0]
    return None


def network_filesystem(path: Path, *, mounts: str | None = None) -> str | None:
    """The network file system type under ``path`` (e.g. "nfs4", "cifs", "fuse.sshfs"), or None.

    Linux reads ``/proc/mounts`` (``mounts`` replaces its text in tests); Windows recognises
    UNC paths and mapped network drives. Other systems answer None."""
    resolved = Path(path).expanduser().resolve()
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _windows_network(resolved)
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best: tuple[int, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1])
        inside = resolved == Path(point) or Path(point) in resolved.parents
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), fields[2])
    if best is None:
        return None
    kind = best[1]
    return kind if kind in _NETWORK_TYPES or kind.startswith("fuse.") else None


def location_warning(path: Path) -> str | None:
    """A plain warning if the project is in a synced folder or on a network drive, else None."""
    name = Path(path).name
    service = cloud_service(path)
    if service is not None:
        return (
            f"{name} is in a {service} folder. That works, but close the project before the "
            "folder syncs to another computer, open it on one computer at a time, and let the "
            "sync finish before opening it elsewhere: otherwise the sync service may make "
            "conflicting copies. The workbench keeps it as one file (no side files while it is "
            "closed) and keeps backups in your own user data folder."
        )
    kind = network_filesystem(path)
    if kind is not None:
        return (
            f"{name} is on a network drive ({kind}). File locking on network drives is not "
            "fully reliable, so make sure only one person opens it at a time (the workbench "
            "warns when its lock file shows someone else has it open). For a team, give each "
            "coder a copy and merge the copies. Backups are kept on this computer."
        )
    return None


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _windows_network(path: Path) -> str | None:  # pragma: no cover - Windows only
    text = str(path)
    if text.startswith("\\\\"):
        return "network share"
    import ctypes

    drive = os.path.splitdrive(text)[0]
    if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4:  # type: ignore[attr-defined]
        return "network drive"
    return None
