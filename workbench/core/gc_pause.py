"""Pausing Python's cyclic garbage collector while a bulk operation builds many lasting objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Suspend cyclic collection for the block (reference counting still frees memory).

    Reading a large REFI-QDA file creates hundreds of thousands of small objects that all stay
    alive; each automatic collection walks them all again, which cost an import of the reference
    project about 40 % of its reading time. Nested or concurrent uses keep collection off until
    the outermost block that switched it off ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
