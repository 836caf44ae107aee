"""Plain-text sources (.txt, .text, .md), and the byte decoding shared with other text formats.

Decoding order: a byte-order mark (UTF-32, UTF-8, UTF-16) decides; otherwise NUL bytes
mean binary data (unless the file is clearly BOM-less UTF-16); otherwise strict UTF-8;
otherwise the best guess of charset-normalizer. Decoded text with many control
characters is refused as binary.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from workbench.core.importers.base import (
    ImportedDocument,
    ImportProblem,
    SourceImportError,
    build_document,
    check_text_length,
    empty_file_error,
    no_text_error,
)
from workbench.core.text.normalize import normalize_text

__all__ = ["decode_text", "import_plain"]

# Longest BOM first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# C0 and C1 control characters other than tab, LF, VT, FF and CR.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.02

_BINARY_ADVICE = (
    "Open it in the program that created it and export the text as .txt (UTF-8) or .docx."
)


def decode_text(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return the text (with its BOM character, if any) and the encoding.

    ``declared`` is an encoding named by the file itself (e.g. an HTML meta tag); it is
    tried after a BOM and before the guessing. Raises SourceImportError for binary or
    undecodable data.
    """
    text, encoding = _decode(path, data, declared)
    controls = len(_CONTROL.findall(text, 0, 1_000_000))
    sample = min(len(text), 1_000_000)
    if sample and controls / sample > _MAX_CONTROL_RATIO:
        raise _binary(path)
    return text, encoding


def import_plain(path: Path, data: bytes, original_format: str = "txt") -> ImportedDocument:
    """Import a plain-text file; positions in the decoded text map to stored positions."""
    if not data:
        raise empty_file_error(path)
    text, encoding = decode_text(path, data)
    check_text_length(path, len(text))
    if not text.strip("\ufeff \t\n\r\x0b\x0c"):
        raise no_text_error(path, "the file", "It holds only blank lines or spaces.")
    return build_document(
        path,
        normalize_text(text),
        original_format,
        {"encoding": encoding},
        raw_positions=True,
    )


def _decode(path: Path, data: bytes, declared: str | None) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError:
                raise SourceImportError(
                    path,
                    ImportProblem.UNDECODABLE,
                    f"the file is marked as {name.upper()} text, but its content is not "
                    "valid in that encoding (the file may be damaged).",
                    "Open it in a text editor and save it again as UTF-8.",
                ) from None
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
        raise _binary(path)
    if declared:
        try:
            return data.decode(declared), declared
        except (ValueError, LookupError):  # UnicodeError is a ValueError
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guesses = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    # Without a BOM or NUL bytes, UTF-16/32 guesses are noise. Among equally good guesses
    # prefer cp1252, the most common legacy encoding (short texts are often ambiguous).
    guesses.sort(key=lambda m: (m.chaos, -m.coherence, m.encoding != "cp1252"))
    for guess in guesses:
        try:
            return data.decode(guess.encoding), codecs.lookup(guess.encoding).name
        except (ValueError, LookupError):
            continue
    if len(_CONTROL.findall(data.decode("latin-1"))) > _MAX_CONTROL_RATIO * len(data):
        raise _binary(path)
    raise SourceImportError(
        path,
        ImportProblem.UNDECODABLE,
        "the text encoding could not be recognised (it is neither UTF-8 nor a known "
        "single-byte encoding).",
        "Open it in a text editor and save it as UTF-8, then import it again.",
    )


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """Recognise UTF-16 without a BOM: mostly-ASCII text with every other byte NUL."""
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[:100_000]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.6 * half and even_nuls == 0:
        codec = "utf-16-le"
    elif even_nuls > 0.6 * half and odd_nuls == 0:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def _binary(path: Path) -> SourceImportError:
    return SourceImportError(
        path,
        ImportProblem.BINARY,
        f"the file contains binary data, not text (is it really a {path.suffix or 'text'} file?).",
        _BINARY_ADVICE,
    )
