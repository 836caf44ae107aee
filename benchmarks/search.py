"""Full-text search on the reference project R: rebuild, index size, query latencies, updates.

    python benchmarks/search.py [--scale 1.0]

Works on a copy of R (built and cached by ``make_corpus`` in benchmarks/.cache/) with a fresh
index in a temporary cache folder. Query times are whole ``project.search.search`` calls for the
first page (100 hits, stemming on): parsing, ranking, exact offsets and snippets.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import ACCENTED, COMMON, cached  # noqa: E402

from workbench.core.project import Project  # noqa: E402
from workbench.core.search.analysis import folded_words  # noqa: E402

CODER = "Bench Coder"
PAGE = 100
Row = tuple[str, str, str]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _timed(project: Project, query: str, limit: int | None = PAGE) -> float:
    return _run(project, query, limit)[0]


def _run(project: Project, query: str, limit: int | None = PAGE) -> tuple[float, int]:
    """Seconds for one search, and its number of hits."""
    begin = time.perf_counter()
    result = project.search.search(query, limit=limit)
    elapsed = time.perf_counter() - begin
    assert result.indexed, f"{query!r} was not answered from the index"
    return elapsed, len(result.hits)


def _queries(project: Project, rng: random.Random) -> dict[str, list[str]]:
    """Terms across the frequency range, phrases (real word pairs), wildcards, misspellings."""
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for info in project.sources.list()[:40]:
        words = folded_words(project.sources.text(info.uuid))
        counts.update(words)
        pairs.update(pairwise(words))
    ranked = [w for w, _ in counts.most_common() if len(w) > 2]
    frequent, middle, rare = ranked[:10], ranked[len(ranked) // 3 :][:10], ranked[-10:]
    terms = frequent + middle + rare + [w.lower() for w in ACCENTED[:5]] + COMMON[:5]
    top_two = [w for w, _ in counts.most_common(2)]
    phrases = [f'"{top_two[0]} {top_two[1]}"', f'"{top_two[1]} {top_two[0]}"']
    phrases += [f'"{a} {b}"' for (a, b), _ in rng.sample(list(pairs.most_common(400)), 18)]
    wildcards = [f"{w[:3]}*" for w in rng.sample(ranked, 10)]
    wildcards += [f"{w[:2]}?{w[3:]}" for w in rng.sample(ranked, 5) if len(w) > 3]
    fuzzy = []
    for word in rng.sample(ranked[:300], 15):
        at = rng.randrange(len(word))
        fuzzy.append(f"{word[:at]}{'x' if word[at] != 'x' else 'y'}{word[at + 1 :]}~")
    return {"term": terms, "phrase": phrases, "wildcard": wildcards, "fuzzy": fuzzy}


def _document(rng: random.Random, words: int = 5000) -> str:
    vocabulary = [*COMMON, *ACCENTED, "benchmarkword"]
    turns, count, speaker = [], 0, "Interviewer"
    while count < words:
        length = rng.randint(40, 120)
        turns.append(f"{speaker}: " + " ".join(rng.choices(vocabulary, k=length)) + ".")
        count += length
        speaker = "P99" if speaker == "Interviewer" else "Interviewer"
    return "\n\n".join(turns) + "\n"


def measure(reference: Path) -> list[Row]:
    """The search rows of the benchmark table, measured on a copy of ``reference``."""
    rows: list[Row] = []
    rng = random.Random(5)
    work = reference.with_name("R-search-work.qwb")
    shutil.copyfile(reference, work)
    cache = Path(tempfile.mkdtemp(prefix="search-bench-"))
    previous = os.environ.get("WORKBENCH_CACHE_DIR")
    os.environ["WORKBENCH_CACHE_DIR"] = str(cache)
    try:
        with Project.open(work) as project:
            begin = time.perf_counter()
            status = project.search.rebuild(wait=True)
            rows.append(("search: full index rebuild", f"{time.perf_counter() - begin:.1f} s", "—"))
            assert status.state == "ready", status
            size = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
            rows.append(("search: index size on disk", f"{size / 1e6:.1f} MB", "—"))
            queries = _queries(project, rng)
            for kind, target in (
                ("term", "≤ 100 ms"),
                ("phrase", "≤ 300 ms"),
                ("wildcard", "—"),
                ("fuzzy", "—"),
            ):
                times = [_timed(project, q) for q in queries[kind]]
                label = f"search: {kind} query, first {PAGE} hits, p95 of {len(times)}"
                rows.append((label, _ms(_p95(times)), target))
            top = queries["phrase"][0]
            rows.append(
                (f"search: phrase {top}, first {PAGE} hits", _ms(_timed(project, top)), "≤ 300 ms")
            )
            for query in (top, "mentor"):
                seconds, hits = _run(project, query, None)
                label = f"search: {query}, every hit ({hits:,}, with snippets)"
                rows.append((label, _ms(seconds), "—"))
            commits, updates = [], []
            for n in range(5):
                text = _document(rng)
                begin = time.perf_counter()
                project.sources.add(name=f"bench-{n}", text=text, coder=CODER)
                committed = time.perf_counter()
                project.search.wait()
                commits.append(committed - begin)
                updates.append(time.perf_counter() - committed)
            assert project.search.search("benchmarkword", limit=None).items == 5
            rows.append(
                (
                    "search: import a 5,000-word source (commit), median",
                    _ms(statistics.median(commits)),
                    "—",
                )
            )
            rows.append(
                (
                    "search: index update after it, median of 5",
                    _ms(statistics.median(updates)),
                    "≤ 100 ms",
                )
            )
            rows.append(("search: index update after it, max of 5", _ms(max(updates)), "—"))
        with Project.open(work, read_only=True) as project:
            begin = time.perf_counter()
            project.search.search("mentor")
            rows.append(
                (
                    "search: first search after opening (texts read)",
                    _ms(time.perf_counter() - begin),
                    "—",
                )
            )
    finally:
        if previous is None:
            os.environ.pop("WORKBENCH_CACHE_DIR", None)
        else:
            os.environ["WORKBENCH_CACHE_DIR"] = previous
        shutil.rmtree(cache, ignore_errors=True)
        work.unlink(missing_ok=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    rows = measure(cached(args.scale))
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'result':>12}  target")
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>12}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
