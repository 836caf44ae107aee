"""Word frequency of sources, or of the segments a filter selects, with English stop words."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from workbench.core.reports.dataset import CodingRecord, ReportData, load_report_data
from workbench.core.reports.selection import (
    SegmentFilter,
    chosen_source_ids,
    left_out_speakers,
    select_codings,
)
from workbench.core.reports.tables import Cell, Header, ReportTable

if TYPE_CHECKING:
    from workbench.core.project import Project

_STOP_WORDS_TEXT = """
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't down during each even ever every few for from further get gets getting
got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's
its itself just kind know let's like lot made make many may me might more most much must
mustn't my myself need no nor not now of off often on once one only or other ought our ours
ourselves out over own really right said same say says see shan't she she'd she'll she's
should shouldn't so some something still such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've thing things think
this those though through to too um uh under until up upon us very was wasn't way we we'd
we'll we're we've well were weren't what what's when when's where where's which while who
who's whom why why's will with won't would wouldn't yeah yes yet you you'd you'll you're
you've your yours yourself yourselves okay ok oh sort bit going gonna want actually maybe
"""
ENGLISH_STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_LABEL_END = re.compile(r"[:：](?:\*\*|__)?")


def words(text: str, *, min_length: int = 3, stop_words: Collection[str] = ()) -> Iterable[str]:
    """Lower-cased words of ``text`` (letters, inner apostrophes and hyphens)."""
    for match in _WORD.finditer(text):
        word = match.group().casefold().replace("’", "'")
        if len(word) >= min_length and word not in stop_words:
            yield word


def _spans_without(
    text: str, turns: Iterable[tuple[str, int, int]], left_out: frozenset[str]
) -> list[tuple[int, int]]:
    """Ranges of a source outside the left-out speakers' turns, without the speaker labels."""
    spans: list[tuple[int, int]] = []
    position = 0
    for speaker, start, end in sorted(turns, key=lambda t: t[1]):
        if start > position:
            spans.append((position, start))
        if speaker not in left_out:
            colon = _LABEL_END.search(text, start, min(end, start + 120))
            spans.append((colon.end() if colon else start, end))
        position = max(position, end)
    if position < len(text):
        spans.append((position, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _merged(codings: list[CodingRecord]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for coding in sorted(codings, key=lambda c: (c.start, c.end)):
        if out and coding.start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], coding.end))
        else:
            out.append((coding.start, coding.end))
    return out


def word_frequencies(
    project: Project,
    flt: SegmentFilter | None = None,
    *,
    within_codings: bool = False,
    min_length: int = 3,
    stop_words: Collection[str] = ENGLISH_STOP_WORDS,
    limit: int = 100,
    data: ReportData | None = None,
) -> ReportTable:
    """The ``limit`` most frequent words with their counts and number of sources.

    By default it counts the whole text of the sources ``flt`` selects (by source, source set and
    source attribute), leaving out left-out speakers' turns and every speaker label. With
    ``within_codings`` it counts only the text of the segments ``flt`` selects (e.g. one code),
    each passage once however many codings cover it; then each row carries the uuids of the
    codings containing the word. Every row carries the word as ``Cell.search``.
    """
    flt = flt or SegmentFilter()
    data = data or load_report_data(project)
    stops = frozenset(w.casefold() for w in stop_words)
    counts: Counter[str] = Counter()
    sources_of: dict[str, set[int]] = defaultdict(set)
    codings_of: dict[str, list[str]] = defaultdict(list)
    if within_codings:
        by_source: dict[int, list[CodingRecord]] = defaultdict(list)
        for coding in select_codings(data, flt):
            by_source[coding.source_id].append(coding)
        for source_id, codings in sorted(by_source.items()):
            text = project.sources.text(data.sources[source_id].uuid)
            for start, end in _merged(codings):
                for word in words(text[start:end], min_length=min_length, stop_words=stops):
                    counts[word] += 1
                    sources_of[word].add(source_id)
            for coding in codings:
                for word in set(words(text[coding.start : coding.end], min_length=min_length)):
                    codings_of[word].append(coding.uuid)
    else:
        chosen = chosen_source_ids(data, flt)
        left_out = left_out_speakers(data, flt)
        for source in data.sources.values():
            if chosen is not None and source.id not in chosen:
                continue
            text = project.sources.text(source.uuid)
            for start, end in _spans_without(text, source.turns, left_out):
                for word in words(text[start:end], min_length=min_length, stop_words=stops):
                    counts[word] += 1
                    sources_of[word].add(source.id)
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: max(limit, 0)]
    rows = tuple(Header(word, word) for word, _ in ranked)
    cells = tuple(
        (
            Cell(n, tuple(codings_of.get(word, ())), search=word),
            Cell(len(sources_of[word]), tuple(codings_of.get(word, ())), search=word),
            Cell(round(100.0 * n / total, 2) if total else 0.0, search=word),
        )
        for word, n in ranked
    )
    scope = "coded segments" if within_codings else "source texts"
    note = f"Words of at least {min_length} letters in the {scope}; {total:,} counted"
    if stops:
        note += f", {len(stops)} stop words left out"
    if flt.describe():
        note += f"; {flt.describe()}"
    return ReportTable(
        kind="words",
        title="Word frequency",
        corner="Word",
        rows=rows,
        columns=(Header("Count", "count"), Header("Sources", "sources"), Header("%", "share")),
        cells=cells,
        notes=note + ".",
    )
