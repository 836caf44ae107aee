"""Word frequency of sources, or of the segments a filter selects: by default without stop words
(per language), words shorter than three letters, transcription marks in brackets, and the
interviewer's turns."""

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
from workbench.core.reports.stop_words import stop_words_for
from workbench.core.reports.tables import Cell, Header, ReportTable

if TYPE_CHECKING:
    from workbench.core.project import Project

ENGLISH_STOP_WORDS: frozenset[str] = stop_words_for("en")
# Transcription marks in brackets ("[laughs]", "[inaudible 00:12:04]", "[mentee]") are not words
# anyone said: they are left out unless asked for.
_MARK = re.compile(r"\[[^\[\]\n]{0,80}\]|\{[^{}\n]{0,80}\}")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_LABEL_END = re.compile(r"[:：](?:\*\*|__)?")


def words(
    text: str, *, min_length: int = 3, stop_words: Collection[str] = (), marks: bool = False
) -> Iterable[str]:
    """Lower-cased words of ``text`` (letters, inner apostrophes and hyphens); the words of
    bracketed transcription marks only with ``marks``."""
    if not marks:
        text = _MARK.sub(" ", text)
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
    marks: bool = False,
    limit: int = 100,
    data: ReportData | None = None,
) -> ReportTable:
    """The ``limit`` most frequent words with their counts and number of sources.

    By default it counts the whole text of the sources ``flt`` selects (by source, source set and
    source attribute), leaving out left-out speakers' turns (without ``flt``: the interviewer's)
    and every speaker label; bracketed marks count only with ``marks``. With
    ``within_codings`` it counts only the text of the segments ``flt`` selects (e.g. one code),
    each passage once however many codings cover it; then each row carries the uuids of the
    codings containing the word. Every row carries the word as ``Cell.search``.
    """
    flt = flt or SegmentFilter(exclude_interviewer=True)
    data = data or load_report_data(project)
    stops = frozenset(w.casefold() for w in stop_words)

    def count(text: str) -> Iterable[str]:
        return words(text, min_length=min_length, stop_words=stops, marks=marks)

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
                for word in count(text[start:end]):
                    counts[word] += 1
                    sources_of[word].add(source_id)
            for coding in codings:
                passage = text[coding.start : coding.end]
                for word in set(words(passage, min_length=min_length, marks=marks)):
                    codings_of[word].append(coding.uuid)
    else:
        chosen = chosen_source_ids(data, flt)
        left_out = left_out_speakers(data, flt)
        for source in data.sources.values():
            if chosen is not None and source.id not in chosen:
                continue
            text = project.sources.text(source.uuid)
            for start, end in _spans_without(text, source.turns, left_out):
                for word in count(text[start:end]):
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
    if not marks:
        note += ", [bracketed] transcription marks left out"
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
