"""Search index rebuild and phrase first page at one scale, in a fresh process.

    python benchmarks/search_build.py [--scale 1.0]

Works on a copy of the cached reference project (``benchmarks/.cache/R-<scale>.qwb``, built by
``make_corpus`` when missing) with an empty index cache. Prints: the time of a full rebuild and
the process's peak memory during it, how long the first search waited while the rebuild ran,
and the first page (100 hits) of phrase searches once the index is ready (the first, cold one,
and the p95 of 20, checking as many items as the page needs and at most 200 as the search
panel's first answer does), and a phrase of common words that are seldom next to each other.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import cached  # noqa: E402
from search import _p95, _queries  # noqa: E402

from workbench.core.project import Project  # noqa: E402
from workbench.core.search import SearchOptions  # noqa: E402

PAGE = 100
FIRST_CHECK = 200  # as the search panel's first answer (gui/search/search_panel.py)
RARE = '"mentor video"'  # two common words, seldom next to each other: many candidates, few hits


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _cpu() -> float:
    """CPU seconds of this process (user + system): less noisy than wall time on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rss_mb() -> float:
    """Peak resident memory of this process so far (MiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class _Sampler:
    """Peak resident memory while a block runs (sampled every 20 ms)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _current_rss_mb())
            time.sleep(0.02)

    def __enter__(self) -> _Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(reference: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    work = reference.with_name(f"{reference.stem}-build-work.qwb")
    shutil.copyfile(reference, work)
    cache = Path(tempfile.mkdtemp(prefix="search-build-"))
    os.environ["WORKBENCH_CACHE_DIR"] = str(cache)
    try:
        with Project.open(work) as project:
            phrases = _queries(project, random.Random(5))["phrase"]
            before = _current_rss_mb()
            with _Sampler() as sampler:
                cpu = _cpu()
                begin = time.perf_counter()
                project.search.rebuild()
                time.sleep(0.5)
                asked = time.perf_counter()
                during = project.search.search("mentor", limit=PAGE)
                answered = time.perf_counter() - asked
                status = project.search.wait(timeout=600)
                seconds = time.perf_counter() - begin
                cpu = _cpu() - cpu
            assert status, "the rebuild did not finish"
            rows.append(("rebuild: wall / CPU of the process", f"{seconds:.1f} s / {cpu:.1f} s"))
            memory = f"{before:.0f} / {sampler.peak:.0f} MiB"
            rows.append(("memory (RSS): before / peak during the rebuild", memory))
            rows.append(
                (
                    "first search during the rebuild (0.5 s in)",
                    f"{_ms(answered)}, {len(during.hits)} hits, "
                    f"indexed={during.indexed}, status={during.status.state} "
                    f"{during.status.done}/{during.status.total}",
                )
            )
            begin = time.perf_counter()
            first = project.search.search(phrases[0], limit=PAGE)
            cold = f"{_ms(time.perf_counter() - begin)} ({len(first.hits)} hits)"
            rows.append((f"phrase {phrases[0]} first page, cold", cold))
            for label, options in (
                ("every item the page needs", SearchOptions()),
                (f"at most {FIRST_CHECK} items checked", SearchOptions(check_items=FIRST_CHECK)),
            ):
                times = []
                for phrase in phrases:
                    begin = time.perf_counter()
                    project.search.search(phrase, options=options, limit=PAGE)
                    times.append(time.perf_counter() - begin)
                rows.append((f"phrase first page, p95 of {len(times)}, {label}", _ms(_p95(times))))
                begin = time.perf_counter()
                rare = project.search.search(RARE, options=options, limit=PAGE)
                found = f"{len(rare.hits)} hits, {rare.checked} items checked"
                rows.append((f"  {RARE}, {label}", f"{_ms(time.perf_counter() - begin)} ({found})"))
            rows.append(("peak memory of the process (ru_maxrss)", f"{_rss_mb():.0f} MiB"))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        work.unlink(missing_ok=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    for name, value in measure(cached(args.scale)):
        print(f"{name:<52} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
