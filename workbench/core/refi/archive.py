"""Reading .qdpx archives safely (paths escaping it, zip bombs) and writing files atomically.

Nothing is extracted to disk but recordings (streamed beside the new project): the members the
importer needs (the ``.qde`` and plain-text sources) are read into memory with hard limits, and
every other member is only looked at in the central directory. An archive that breaks a rule is
refused as a whole, before anything is read.
"""

from __future__ import annotations

import re
import stat
import uuid as uuidlib
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

from workbench.core.atomic_file import built_beside
from workbench.core.refi.errors import InvalidRefiFileError, RefiError, UnsafeArchiveError

MiB = 1024 * 1024
MAX_ENTRIES = 200_000
MAX_DECLARED_TOTAL = 64 * 1024 * MiB  # media can be large, but not absurdly so
MAX_MEMBER_READ = 512 * MiB  # the .qde or one text we read into memory
MAX_READ_TOTAL = 4 * 1024 * MiB
MAX_RATIO = 200  # deflate tops out near 1000:1; real text and XML stay far below 200:1
RATIO_FLOOR = 1 * MiB  # tiny members may compress absurdly well; they cannot hurt
_DRIVE = re.compile(r"^[A-Za-z]:")
_ADVICE = "Nothing was imported. Only open archives from people you trust."


class QdpxArchive:
    """A .qdpx opened for reading; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise InvalidRefiFileError(self.path, "does not exist.") from None
        except IsADirectoryError:
            raise InvalidRefiFileError(self.path, "is a folder, not a .qdpx file.") from None
        except OSError as exc:
            raise InvalidRefiFileError(self.path, f"cannot be read ({exc.strerror}).") from None
        except (zipfile.BadZipFile, ValueError, EOFError):
            raise InvalidRefiFileError(
                self.path,
                "is not a REFI-QDA project: a .qdpx is a ZIP archive and this file is not one.",
                "Export the project again from the program that made it.",
            ) from None
        self._read_total = 0
        try:
            self._names = self._check_entries()
            self.qde_name = self._find_qde()
        except BaseException:
            self._zip.close()
            raise
        parent = PurePosixPath(self.qde_name).parent
        self.base = "" if str(parent) == "." else f"{parent}/"

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    # -- checks -------------------------------------------------------------------------------
    def _check_entries(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise UnsafeArchiveError(
                self.path, f"holds {len(infos):,} files, far more than a project has.", _ADVICE
            )
        declared = sum(i.file_size for i in infos)
        if declared > MAX_DECLARED_TOTAL:
            raise UnsafeArchiveError(
                self.path,
                f"would unpack to {declared / 1024**3:,.0f} GB, an absurd size for a project.",
                _ADVICE,
            )
        names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            mode = info.external_attr >> 16
            if name.startswith("/") or _DRIVE.match(name) or ".." in parts:
                raise UnsafeArchiveError(
                    self.path,
                    f"contains a file whose path leads outside the archive ({info.filename!r}).",
                    _ADVICE,
                )
            if stat.S_ISLNK(mode):
                raise UnsafeArchiveError(
                    self.path,
                    f"contains a symbolic link ({info.filename!r}), which may point anywhere.",
                    _ADVICE,
                )
            if info.flag_bits & 0x1:
                raise InvalidRefiFileError(
                    self.path,
                    f"contains an encrypted file ({info.filename!r}).",
                    "Export the project again without a password.",
                )
            if info.file_size > RATIO_FLOOR and (
                info.compress_size == 0 or info.file_size / info.compress_size > MAX_RATIO
            ):
                raise UnsafeArchiveError(
                    self.path,
                    f"contains {info.filename!r}, compressed {info.compress_size:,} bytes that "
                    f"would unpack to {info.file_size:,}: an absurd ratio (a zip bomb).",
                    _ADVICE,
                )
            names[name.casefold()] = info
        return names

    def _find_qde(self) -> str:
        found = [
            info.filename.replace("\\", "/")
            for info in self._names.values()
            if info.filename.lower().endswith(".qde")
            and not info.filename.startswith("__MACOSX/")
            and not PurePosixPath(info.filename).name.startswith("._")
        ]
        if not found:
            raise InvalidRefiFileError(
                self.path,
                "contains no project.qde, so it is not a REFI-QDA project.",
                "Export the project again as REFI-QDA (.qdpx).",
            )
        if len(found) > 1:
            raise InvalidRefiFileError(
                self.path,
                f"contains {len(found)} project descriptions ({', '.join(sorted(found))}); "
                "a REFI-QDA project has exactly one .qde.",
            )
        return found[0]

    # -- reading ------------------------------------------------------------------------------
    def read_qde(self) -> bytes:
        return self.read_member(self.qde_name)

    def resolve_internal(self, reference: str) -> str | None:
        """The member an ``internal://FILE`` reference names (folder and case ignored)."""
        file = reference[len("internal://") :].lstrip("/").replace("\\", "/")
        if ".." in PurePosixPath(file).parts or _DRIVE.match(file):
            raise UnsafeArchiveError(
                self.path,
                f"refers to a file outside the archive ({reference!r}).",
                _ADVICE,
            )
        for folder in ("sources/", ""):
            info = self._names.get(f"{self.base}{folder}{file}".casefold())
            if info is not None:
                return info.filename
        return None

    def open_member(self, name: str) -> IO[bytes]:
        """One member opened for streaming (a recording, copied out in chunks): zipfile reads
        no more than the size the central directory declares, which the entry checks bound."""
        return self._zip.open(self._names[name.replace("\\", "/").casefold()])

    def read_member(self, name: str) -> bytes:
        """The bytes of one member, read with hard limits on size and on the total read."""
        info = self._names[name.replace("\\", "/").casefold()]
        if info.file_size > MAX_MEMBER_READ:
            raise UnsafeArchiveError(
                self.path,
                f"contains {info.filename!r} of {info.file_size / MiB:,.0f} MB, too large to "
                "read safely.",
            )
        if self._read_total + info.file_size > MAX_READ_TOTAL:
            raise UnsafeArchiveError(self.path, "holds more text than can be read safely.")
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as fh:
                while chunk := fh.read(MiB):
                    size += len(chunk)
                    if size > info.file_size:
                        raise UnsafeArchiveError(
                            self.path,
                            f"contains {info.filename!r}, which unpacks to more than it declares.",
                            _ADVICE,
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            raise InvalidRefiFileError(
                self.path, f"is damaged: {info.filename!r} cannot be unpacked ({exc})."
            ) from None
        self._read_total += size
        return b"".join(chunks)


def write_atomically(path: Path, write: Callable[[BinaryIO], None], *, overwrite: bool) -> None:
    """Write ``path`` through a temporary file beside it, so no half-written file is ever left.

    Raises RefiError if ``path`` exists (unless ``overwrite``) or cannot be written."""
    path = Path(path)
    if path.exists() and (not overwrite or path.is_dir()):
        raise RefiError(path, "already exists.", "Choose another name, or allow replacing it.")
    if not path.parent.is_dir():
        raise RefiError(path, f"cannot be written: the folder {path.parent} does not exist.")
    try:
        with built_beside(path, f"{uuidlib.uuid4().hex[:8]}.part") as temp, temp.open("xb") as fh:
            write(fh)
    except OSError as exc:
        raise RefiError(path, f"could not be written ({exc.strerror or exc}).") from None
