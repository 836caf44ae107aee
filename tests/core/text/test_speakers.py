"""Tests for workbench.core.text.speakers."""

from __future__ import annotations

import time

import pytest

from workbench.core.text.speakers import SpeakerTurn, detect_turns, is_known_label, speakers


def spans(text: str) -> list[tuple[str, str]]:
    return [(turn.speaker, text[turn.start : turn.end]) for turn in detect_turns(text)]


def test_known_labels_are_accepted_once() -> None:
    text = "Interviewer: How did it start?\nP07: With a letter.\nSPEAKER 1: Yes.\nI: ok\nR: fine"
    assert spans(text) == [
        ("Interviewer", "Interviewer: How did it start?"),
        ("P07", "P07: With a letter."),
        ("SPEAKER 1", "SPEAKER 1: Yes."),
        ("I", "I: ok"),
        ("R", "R: fine"),
    ]


@pytest.mark.parametrize(
    "label",
    [
        "Interviewer",
        "interviewee",
        "Moderator",
        "Facilitator",
        "Respondent 3",
        "Participant #12",
        "Participant A",
        "P1",
        "p 07",
        "Speaker 2",
        "Speaker_10",
        "Moderator (Anna)",
        "I",
        "R",
    ],
)
def test_is_known_label(label: str) -> None:
    assert is_known_label(label)


@pytest.mark.parametrize("label", ["Anna", "Dr. Smith", "Note that the following", "Q", "Pia"])
def test_is_not_known_label(label: str) -> None:
    assert not is_known_label(label)


def test_other_labels_need_two_lines() -> None:
    text = (
        "Dr. Smith: Welcome.\n"
        "Anna: Thanks.\n"
        "Note that the following: is said once.\n"
        "Dr. Smith: Go on.\n"
        "Anna: Well..."
    )
    assert spans(text) == [
        ("Dr. Smith", "Dr. Smith: Welcome."),
        ("Anna", "Anna: Thanks.\nNote that the following: is said once."),
        ("Dr. Smith", "Dr. Smith: Go on."),
        ("Anna", "Anna: Well..."),
    ]


def test_a_single_unknown_label_is_not_a_speaker() -> None:
    assert detect_turns("Note that the following:\nit is not a speaker.") == []
    assert detect_turns("Date: 2024-05-01\nInterviewer: hi") == [SpeakerTurn("Interviewer", 17, 32)]


def test_timestamps_parenthesised_notes_and_markdown_bold() -> None:
    text = (
        "[00:01:02] Anna: Hello.\n"
        "(01:05) Moderator (Anna): Welcome.\n"
        "00:02:03.5 Anna: Again.\n"
        "**Interviewer:** Bold label.\n"
        "**Interviewer**: Bold name."
    )
    assert [turn.speaker for turn in detect_turns(text)] == [
        "Anna",
        "Moderator (Anna)",
        "Anna",
        "Interviewer",
        "Interviewer",
    ]
    assert detect_turns(text)[0].start == 0


def test_turn_ends_before_next_turn_without_trailing_newlines() -> None:
    text = "Title\n\nInterviewer: Question?\n\n\nP1: Answer\nmore answer\n\n"
    turns = detect_turns(text)
    assert turns == [
        SpeakerTurn("Interviewer", 7, 29),
        SpeakerTurn("P1", 32, 54),
    ]
    assert text[32:54] == "P1: Answer\nmore answer"


def test_not_labels() -> None:
    text = (
        "At 10:30: we met.\n"
        "See http://example.org\n"
        "1st: numbers first\n"
        "So then I said to her: go.\n"
        "Interviewer:no space after colon\n"
        "A label that is far too long to be a speaker name at all: x\n"
    )
    assert detect_turns(text * 2) == []


def test_known_speakers_parameter_and_label_whitespace() -> None:
    text = "Anna  Lee:   hi\nBob: hello"
    assert [t.speaker for t in detect_turns(text, known_speakers=["Anna Lee"])] == ["Anna Lee"]


def test_label_alone_on_its_line_and_unicode_names() -> None:
    text = "Интервьюер:\nКак дела?\nЖозе́ Мария: Хорошо.\nИнтервьюер: Спасибо."
    assert [t.speaker for t in detect_turns(text)] == ["Интервьюер", "Интервьюер"]
    assert detect_turns(text)[0].end == text.index("\nИнтервьюер: Спасибо")


def test_speakers_in_order_of_first_appearance() -> None:
    turns = detect_turns("P2: a\nP1: b\nP2: c\nInterviewer: d\nP1: e")
    assert speakers(turns) == ["P2", "P1", "Interviewer"]
    assert speakers([]) == []


def test_empty_text() -> None:
    assert detect_turns("") == []


def test_fast_on_long_transcript() -> None:
    text = "Interviewer: How was it?\nP01: It was fine, really. Nothing: special.\n" * 70_000
    started = time.perf_counter()
    turns = detect_turns(text)
    assert len(turns) == 140_000
    assert time.perf_counter() - started < 5.0
