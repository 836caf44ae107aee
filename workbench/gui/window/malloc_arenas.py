"""Fewer C heaps for the window's threads (glibc only).

glibc gives each thread that allocates its own heap ("arena", up to eight per core); memory a
search or a background job frees in its arena is kept there for that arena alone, so the
window's threads together hold far more than any one needs. Two arenas: a 4×R window's peak
501 → 463-474 MiB, with the same timings (threads here mostly wait for SQLite or hold the GIL)."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_ARENA_MAX = -8  # glibc's mallopt parameter
ARENAS = 2


def limit_malloc_arenas() -> bool:
    """Ask glibc for at most ``ARENAS`` heaps; False where there is no glibc (macOS, Windows,
    musl) or it refused. Harmless to call again."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, ARENAS))
