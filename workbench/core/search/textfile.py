"""The folded texts of the item cache, kept in an unnamed temporary file instead of memory.

Every searchable item's folded text and passages are needed to locate hits (4R: 120 MB of
text, and as much again for the passages as Python objects). Memory keeps only where each
item's record is; a search reads back the records of the items it checks (one seek and read,
from the system's file cache: a few microseconds for a transcript, unlike unpacking a
compressed copy or cutting the passages again). Replaced records stay in the file until they
outweigh the live ones; the live ones are then copied into a fresh file.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
import threading
from array import array
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, NamedTuple, TypeVar

from workbench.core.search.passages import Cuts, Item

__all__ = ["Record", "TextFile"]

K = TypeVar("K")
_HEADER = struct.Struct("<I")  # the length of a record's JSON header
_CUT = "q"  # passages' numbers (the file is this process's own: native byte order)
_PREAD: Callable[[int, int, int], bytes] | None = getattr(os, "pread", None)  # not on Windows
_COMPACT_FROM = 16 * 2**20  # bytes of replaced records before the file is compacted


class Record(NamedTuple):
    """Where one item's record is, and what memory keeps of the item."""

    table: str
    uuid: str
    version: int
    offset: int
    size: int
    cut: bool  # the passages are stored cut


def _pack(item: Item) -> bytes:
    """A record: the length of its JSON header, the header (part names and sizes; a source's
    speakers, or its turns if not cut yet), the passages' numbers (binary: parsing them as JSON
    cost more than reading the text) and the parts' text."""
    texts = [(name, text.encode("utf-8")) for name, text in item.parts.items()]
    header: dict[str, object] = {"parts": [[name, len(data)] for name, data in texts]}
    cuts = b""
    if not item.cut:  # cut when a search first needs them (see ItemCache.keep_cuts)
        header["turns"] = item.uncut_turns()
    elif item.table == "source":
        passages = item.cuts()
        cuts = array(_CUT, passages.flat).tobytes()
        header["speakers"], header["cuts"] = passages.speakers, len(cuts)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    return b"".join([_HEADER.pack(len(head)), head, cuts, *(data for _, data in texts)])


def _unpack(record: Record, data: bytes) -> Item:
    (length,) = _HEADER.unpack_from(data)
    position = _HEADER.size + length
    header = json.loads(data[_HEADER.size : position])
    turns: Cuts | str | None = header.get("turns")
    if "cuts" in header:
        flat = array(_CUT)
        flat.frombytes(data[position : position + header["cuts"]])
        position += header["cuts"]
        turns = Cuts(flat, header["speakers"])
    parts: dict[str, str] = {}
    for name, size in header["parts"]:
        parts[name] = data[position : position + size].decode("utf-8")
        position += size
    return Item(record.table, record.uuid, parts, version=record.version, turns=turns)


def _write_all(file: IO[bytes], data: bytes) -> None:
    view = memoryview(data)
    while view:  # an unbuffered write may write part of the data
        view = view[file.write(view) :]


def _read_exactly(file: IO[bytes], record: Record) -> bytes:
    data: bytes
    if _PREAD is not None:  # one system call, not two
        data = _PREAD(file.fileno(), record.size, record.offset)
    else:
        file.seek(record.offset)
        data = file.read(record.size)
    if len(data) != record.size:
        raise OSError(f"the search's temporary text file ends early ({file.name})")
    return data


class TextFile:
    """Items written as records to a temporary file (deleted when closed, or by the system
    when the program ends) and read back on demand. Thread-safe."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._lock = threading.Lock()
        self._file: IO[bytes] | None = None
        self._end = 0  # bytes written to the file
        self._live = 0  # bytes of the records in use

    def _open(self) -> IO[bytes]:
        if self._file is None:
            folder: Path | None = self._folder
            if folder is not None:
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError:
                    folder = None  # the system's temporary folder will do
            # Open for as long as the cache lives; closed by close().
            self._file = tempfile.TemporaryFile(dir=folder, buffering=0)  # noqa: SIM115
            self._end = self._live = 0
        return self._file

    def write(self, item: Item) -> Record:
        """Store ``item``; the record replaces none (see :meth:`dropped`)."""
        data = _pack(item)
        with self._lock:
            file = self._open()
            offset = self._end
            file.seek(offset)
            _write_all(file, data)
            self._end += len(data)
            self._live += len(data)
        return Record(item.table, item.uuid, item.version, offset, len(data), item.cut)

    def read(self, record: Record) -> Item:
        with self._lock:
            assert self._file is not None, "a record of a closed file"
            data = _read_exactly(self._file, record)
        return _unpack(record, data)

    def dropped(self, record: Record) -> None:
        """``record`` is no longer used (its item was replaced or deleted)."""
        with self._lock:
            self._live -= record.size

    def wants_compacting(self) -> bool:
        with self._lock:
            dead = self._end - self._live
            return dead > _COMPACT_FROM and dead > self._live

    def compact(self, records: Mapping[K, Record]) -> dict[K, Record]:
        """Copy ``records`` (every record in use, by any key) into a fresh file; returns them
        by the same keys with their new places."""
        with self._lock:
            old = self._file
            if old is None:
                return dict(records)
            self._file = None
            new = self._open()
            moved: dict[K, Record] = {}
            for key, record in records.items():
                _write_all(new, _read_exactly(old, record))
                moved[key] = record._replace(offset=self._end)
                self._end += record.size
            self._live = self._end
            old.close()
            return moved

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
            self._file = None
            self._end = self._live = 0
