"""WebVTT and SubRip import."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.importers import ImportProblem, SourceImportError, read_source
from workbench.core.importers.subtitles import Cue, parse_cues

VTT = """WEBVTT - interview 7

NOTE recorded in Leeds
over two lines

STYLE
::cue { color: yellow }

intro
00:00:01.000 --> 00:00:04.250 line:0
<v Anna>Hello, <i>thanks</i> for coming.</v>

00:04.500 --> 00:06.000
<v.loud Interviewer>So, tell me &amp; them
about it.</v>

3
00:00:06.000 --> 00:00:09.000
<v Anna>Well…</v><v Bob>Go on.</v>

00:00:09.000 --> 00:00:10.000
[music]

00:00:10.000 --> 00:00:12.000
Bob: It was cafe\u0301 time.
"""

SRT = """1
00:00:01,000 --> 00:00:02,500
ANNA: Hi there.

2
00:00:02,500 --> 00:00:04,000
{\\an8}<i>[Bob] Hello,</i>
<font color="red">everyone.</font>

3
00:00:04,000 --> 00:00:05,000
No speaker here.

4
00:00:05,000 --> 00:00:06,1
ANNA: Again.
"""


def test_vtt_voices_tags_and_cues(tmp_path: Path) -> None:
    path = tmp_path / "interview.vtt"
    path.write_bytes(b"\xef\xbb\xbf" + VTT.replace("\n", "\r\n").encode())
    doc = read_source(path)
    assert doc.text == (
        "Anna: Hello, thanks for coming.\n"
        "Interviewer: So, tell me & them about it.\n"
        "Anna: Well…\n"
        "Bob: Go on.\n"
        "[music]\n"
        "Bob: It was café time."
    )
    assert doc.original_format == "vtt"
    cues = doc.metadata["cues"]
    assert [cue["start"] for cue in cues] == [
        "00:00:01.000",
        "00:00:04.500",
        "00:00:06.000",
        "00:00:06.000",
        "00:00:09.000",
        "00:00:10.000",
    ]
    assert cues[0] == {
        "start": "00:00:01.000",
        "end": "00:00:04.250",
        "speaker": "Anna",
        "offset": 0,
    }
    assert [cue["speaker"] for cue in cues] == ["Anna", "Interviewer", "Anna", "Bob", None, "Bob"]
    lines = doc.text.split("\n")
    assert [cue["offset"] for cue in cues] == [
        sum(len(line) + 1 for line in lines[:index]) for index in range(len(lines))
    ]
    assert doc.metadata["speakers"] == ["Anna", "Interviewer", "Bob"]
    assert [turn[0] for turn in doc.metadata["turns"]] == [
        "Anna",
        "Interviewer",
        "Anna",
        "Bob",
        "Bob",
    ]
    bob = doc.metadata["turns"][3]
    assert doc.text[bob[1] : bob[2]] == "Bob: Go on.\n[music]"


def test_srt_speakers_and_markup(tmp_path: Path) -> None:
    path = tmp_path / "interview.srt"
    path.write_text(SRT, encoding="utf-8")
    doc = read_source(path)
    assert doc.text == "ANNA: Hi there.\nBob: Hello, everyone.\nNo speaker here.\nANNA: Again."
    assert doc.original_format == "srt"
    assert doc.metadata["cues"][1] == {
        "start": "00:00:02.500",
        "end": "00:00:04.000",
        "speaker": "Bob",
        "offset": 16,
    }
    assert doc.metadata["cues"][3]["end"] == "00:00:06.100"
    assert doc.metadata["speakers"] == ["ANNA", "Bob"]


def test_parse_cues_directly() -> None:
    assert parse_cues("00:01.000 --> 00:02.000\n[laughs]\n\n00:02.000 --> 00:03.000\n") == [
        Cue("00:00:01.000", "00:00:02.000", None, "[laughs]")
    ]


@pytest.mark.parametrize(("name", "kind"), [("talk.vtt", "WebVTT"), ("talk.srt", "SubRip")])
def test_file_without_cues(tmp_path: Path, name: str, kind: str) -> None:
    path = tmp_path / name
    path.write_text("WEBVTT\n\nThis file has text but no timings.\n")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.CORRUPT
    assert str(caught.value) == (
        f"{name}: no subtitle cues found (the file is not in {kind} format, or it is damaged). "
        "Check that you picked the right file; export the transcript as .txt or .docx if you "
        "have it."
    )


def test_cues_without_text(tmp_path: Path) -> None:
    path = tmp_path / "silent.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.EMPTY
    assert str(caught.value) == (
        "silent.srt: the subtitle file contains no text. Check that you picked the right file."
    )
