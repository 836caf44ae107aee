"""Word frequency's defaults give what a participant said: no stop words (per language), no
[bracketed] transcription marks, no interviewer turns, no headings kept out of the text."""

from __future__ import annotations

import pytest

from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.reports import SegmentFilter, word_frequencies
from workbench.core.reports.stop_words import LANGUAGES, stop_words_for
from workbench.core.reports.word_frequency import words

C = "Maya Chen"


def keys(table: object) -> list[str]:
    return [h.key for h in table.rows]  # type: ignore[attr-defined]


def test_the_demo_top_words_are_what_participants_talked_about(demo: Project) -> None:
    top = keys(word_frequencies(demo, limit=40))
    for boilerplate in ("interview", "digital", "study", "synthetic", "laughs", "yeah", "the"):
        assert boilerplate not in top
    assert {"call", "zoom", "email"} <= set(top)
    everyone = keys(word_frequencies(demo, SegmentFilter(), limit=300))
    participants = keys(word_frequencies(demo, limit=300))
    asked_only = {"describe"}  # a word of the interviewer's questions, never of the answers
    assert asked_only <= set(everyone) and not asked_only & set(participants)


def test_bracketed_marks_are_left_out_unless_asked_for() -> None:
    text = "It was fine [laughs] really, [inaudible 00:12:04] and [mentee] called {crosstalk}."
    assert list(words(text, stop_words=stop_words_for("en"))) == ["fine", "called"]
    assert "laughs" in list(words(text, marks=True))


def test_stop_words_per_language(project: Project) -> None:
    assert {"und", "aber", "nicht"} <= stop_words_for("de")
    assert {"the", "yeah", "um"} <= stop_words_for("en") and "yeah" not in stop_words_for("de")
    assert {"de", "es", "fr", "pt-BR"} <= set(LANGUAGES)
    project.sources.add(name="S", text="Die Arbeit und die Arbeit aber nicht.", coder=C)
    german = word_frequencies(project, stop_words=stop_words_for("de"))
    assert keys(german) == ["arbeit"]
    with pytest.raises(ValidationError, match="xx"):
        stop_words_for("xx")
