"""Time the search panel in the main window on R: showing every hit of a frequent word, and
replacing a long list of hits with a new first page (issue 15 item 11).

Called by ``gui_desk.py`` with its window open on a copy of R; the search index is built once
into benchmarks/.cache/search-cache (kept between runs: the copy has R's file id). "Shown" is
from the result reaching the GUI thread until the list has painted; "total" adds the search
itself, on its worker thread.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Row = tuple[str, str, str]
SHOW_ALL = "mentor"  # ~44k hits in 1,000 sources on R
LONG = "feedback"  # ~15k hits: the long list a new page replaces
PAGE = "zoom"  # its first page (500 hits) replaces the long list


def rss_mib() -> float:
    """This process's resident memory now (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def measure(window: Any, app: Any, repeat: int = 3) -> list[Row]:
    """Rows for the benchmark table; ``window`` shows R, coding as the bench coder."""
    panel = window.desk.search
    window.show_search()
    app.processEvents()
    panel.session.project.search.ensure_index(wait=True)
    began: list[float] = []
    model = panel.model
    set_hits: Callable[..., None] = model.set_hits

    def timed_set_hits(*args: Any, **kwargs: Any) -> None:
        began.append(time.perf_counter())
        set_hits(*args, **kwargs)

    model.set_hits = timed_set_hits

    def run(query: str, *, everything: bool) -> tuple[float, float, int]:
        """Seconds shown, seconds in all, hits: search, wait for the answer, paint."""
        done: list[Any] = []
        panel.searched.connect(done.append)
        began.clear()
        start = time.perf_counter()
        if everything:
            panel.search(everything=True)
        else:
            panel.set_query(query)
        while not done or done[-1].partial:  # a first answer may say "counting…"
            app.processEvents()
            time.sleep(0.001)
        panel.searched.disconnect(done.append)
        panel.view.viewport().repaint()
        end = time.perf_counter()
        return end - began[-1], end - start, len(done[-1].hits)

    shown_all, total_all, grown = [], [], []
    replaced, replaced_total = [], []
    hits_all = hits_long = hits_page = 0
    for _ in range(repeat):
        run(PAGE, everything=False)
        gc.collect()
        before = rss_mib()
        run(SHOW_ALL, everything=False)
        shown, total, hits_all = run(SHOW_ALL, everything=True)
        gc.collect()
        grown.append(rss_mib() - before)
        shown_all.append(shown)
        total_all.append(total)
        run(LONG, everything=False)
        _, _, hits_long = run(LONG, everything=True)
        shown, total, hits_page = run(PAGE, everything=False)
        replaced.append(shown)
        replaced_total.append(total)
    model.set_hits = set_hits
    median = statistics.median
    same = "  the same with the search itself, median"
    return [
        (
            f'search "{SHOW_ALL}", Show all ({hits_all:,} hits): shown, median',
            _ms(median(shown_all)),
            "≤ 100 ms",
        ),
        (same, _ms(median(total_all)), "—"),
        ("  memory it adds to the window (first run)", f"{grown[0]:.0f} MiB", "≪ 110 MiB"),
        (
            f'search "{PAGE}" ({hits_page} hits) replacing {hits_long:,}: shown, median',
            _ms(median(replaced)),
            "≤ 100 ms",
        ),
        (same, _ms(median(replaced_total)), "—"),
    ]
