"""Segments of one code with their time ranges, and media codings as segments (what the
Segments panel and ``segments --json`` list)."""

from __future__ import annotations

import pytest
from recorded_study import Recorded, recorded_fixture  # noqa: F401 (the fixture)

from workbench.core.errors import NotFoundError
from workbench.core.reports.timed_segments import coding_time, media_segments, with_times


def test_a_text_coding_is_heard_from_its_cue_to_the_next(recorded: Recorded) -> None:
    project = recorded.project
    [segment] = with_times(project, project.codings.segments(code=recorded.joy))
    assert segment.text == "glad"
    assert (segment.start_ms, segment.end_ms) == (1500, 3000)


def test_media_codings_become_segments_quoting_the_cues_they_overlap(
    recorded: Recorded,
) -> None:
    project = recorded.project
    segments = media_segments(project, {recorded.joy: "Joy", recorded.doubt: "Doubt"}, context=5)
    times = [(s.code_path, s.coder, s.start_ms, s.end_ms) for s in segments]
    assert times == [
        ("Joy", "Ann", 0, 1500),
        ("Joy", "Ben", 200, 1200),
        ("Doubt", "Ben", 1500, 2200),
        ("Doubt", "Ann", 2500, 3600),
    ]
    text = project.sources.text(recorded.source)
    assert segments[0].text == text[: text.index("Ben:")]  # Ann's first cue, up to Ben's
    assert segments[3].text.startswith("Ben: Thanks") and segments[3].text.endswith("begin.")
    assert (
        segments[0].before == ""
        and segments[3].before == text[segments[3].start - 5 : segments[3].start]
    )
    assert {s.source_uuid for s in segments} == {recorded.source}


def test_coding_time_finds_a_media_or_a_synced_text_coding_by_uuid(recorded: Recorded) -> None:
    project = recorded.project
    [text] = project.codings.segments(code=recorded.joy)
    timed = coding_time(project, text.coding_uuid)
    assert (timed.source_uuid, timed.start_ms, timed.end_ms) == (recorded.source, 1500, 3000)
    media = project.media_codings.for_code(recorded.doubt)[0]
    assert coding_time(project, media.uuid).start_ms == media.start_ms
    with pytest.raises(NotFoundError, match="No coding 'nope'"):
        coding_time(project, "nope")
