"""Tests for workbench.core.text.normalize."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.text.normalize import (
    NormalizedText,
    PositionMap,
    can_split_before,
    normalize_text,
)

# Characters that exercise composition, reordering, singletons, exclusions, Hangul, BOMs
# and line ends.
SPECIAL = [
    "\r",
    "\n",
    "\r\n",
    "\ufeff",
    "e",
    "A",
    "q",
    "\u0301",  # combining acute
    "\u0308",  # combining diaeresis
    "\u030a",  # combining ring above
    "\u0316",  # combining grave below (ccc 220)
    "\u0338",  # combining long solidus overlay
    "\u0344",  # combining greek dialytika tonos: NFC expands it
    "\u1100",  # Hangul choseong kiyeok (L)
    "\u1161",  # Hangul jungseong a (V)
    "\u11a8",  # Hangul jongseong kiyeok (T)
    "\uac00",  # Hangul syllable GA (LV)
    "\u212b",  # angstrom sign: singleton
    "\u2adc",  # forking: composition exclusion
    "\u0958",  # devanagari qa: composition exclusion
    "\u0915",
    "\u093c",
    "\u09c7",  # bengali vowel sign e ...
    "\u09be",  # ... composes with this starter
    "\u0f71",
    "\u0f72",
    "\u0f73",  # tibetan: decomposes to two non-starters
    "\U0001d15e",  # musical half note: astral, decomposes
    "\U0001d165",
    "\U0001f600",
    "\x00",
    "\t",
]

texts = st.lists(st.one_of(st.sampled_from(SPECIAL), st.characters()), max_size=30).map("".join)


def expected(raw: str) -> str:
    body = raw[1:] if raw.startswith("\ufeff") else raw
    return unicodedata.normalize("NFC", body.replace("\r\n", "\n").replace("\r", "\n"))


def positions(mapping: PositionMap) -> tuple[list[int], list[int]]:
    forward = [mapping.raw_to_stored(i) for i in range(mapping.raw_length + 1)]
    backward = [mapping.stored_to_raw(i) for i in range(mapping.stored_length + 1)]
    return forward, backward


@settings(max_examples=400, deadline=None)
@given(texts)
def test_matches_reference_normalization(raw: str) -> None:
    assert normalize_text(raw).text == expected(raw)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_map_is_monotonic_and_spans_both_texts(raw: str) -> None:
    result = normalize_text(raw)
    mapping = result.position_map
    assert mapping.raw_length == len(raw)
    assert mapping.stored_length == len(result.text)
    forward, backward = positions(mapping)
    assert forward[0] == 0
    assert forward[-1] == len(result.text)
    assert backward[-1] == len(raw)
    assert backward[0] == (1 if raw.startswith("\ufeff") else 0)
    assert forward == sorted(forward)
    assert backward == sorted(backward)
    if raw == result.text:
        assert mapping.is_identity
    if mapping.is_identity:
        assert forward == list(range(len(raw) + 1))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_chunk_starts_map_consistently(raw: str) -> None:
    result = normalize_text(raw)
    mapping = result.position_map
    for cut in range(1, len(raw)):
        if not can_split_before(raw[cut]) or raw[cut - 1 : cut + 1] == "\r\n":
            continue
        head = normalize_text(raw[:cut]).text
        assert result.text.startswith(head)
        assert mapping.raw_to_stored(cut) == len(head)
        assert mapping.stored_to_raw(len(head)) == cut


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["x", "y z", "é", "ö", "\n", "\r\n", "\u0301"]), max_size=20))
def test_ascii_letters_start_chunks(parts: list[str]) -> None:
    raw = unicodedata.normalize("NFD", "".join(parts))
    result = normalize_text(raw)
    for cut, char in enumerate(raw):
        if char in "xyz":
            assert result.position_map.raw_to_stored(cut) == len(normalize_text(raw[:cut]).text)


def test_unchanged_text_has_identity_map() -> None:
    result = normalize_text("Interviewer: Hallo wörld\nP1: ok")
    assert result == NormalizedText("Interviewer: Hallo wörld\nP1: ok", result.position_map)
    assert result.position_map.is_identity
    assert result.position_map == PositionMap.identity(31)
    assert result.position_map.raw_to_stored(7) == 7
    assert result.position_map.stored_to_raw(31) == 31


def test_decomposed_pair_composes_and_maps_to_start_of_character() -> None:
    result = normalize_text("cafe\u0301 ok")
    assert result.text == "café ok"
    forward, backward = positions(result.position_map)
    assert forward == [0, 1, 2, 3, 3, 4, 5, 6, 7]
    assert backward == [0, 1, 2, 3, 5, 6, 7, 8]
    assert not result.position_map.is_identity


def test_line_ends_and_single_bom() -> None:
    result = normalize_text("\ufeff\ufeffa\r\nb\rc\n")
    assert result.text == "\ufeffa\nb\nc\n"  # only one BOM is dropped
    mapping = result.position_map
    assert mapping.raw_to_stored(0) == 0
    assert mapping.raw_to_stored(1) == 0
    assert mapping.raw_to_stored(3) == 2  # the CR of CRLF
    assert mapping.raw_to_stored(4) == 2  # the LF of CRLF maps to the start of "\n"
    assert mapping.raw_to_stored(5) == 3
    assert mapping.raw_to_stored(6) == 4  # lone CR
    assert mapping.stored_to_raw(0) == 1
    assert mapping.stored_to_raw(3) == 5


def test_bom_position_one_is_stored_zero() -> None:
    mapping = normalize_text("\ufeffInterviewer: hi").position_map
    assert mapping.raw_to_stored(1) == 0
    assert mapping.raw_to_stored(16) == 15
    assert mapping.stored_to_raw(0) == 1


def test_hangul_jamo_compose() -> None:
    result = normalize_text("\u1100\u1161\u11a8 \u1100\u1161")
    assert result.text == "\uac01 \uac00"
    assert positions(result.position_map)[0] == [0, 0, 0, 1, 2, 2, 3]


def test_expansion_and_reordering() -> None:
    assert normalize_text("\u0344").text == "\u0308\u0301"
    assert normalize_text("q\u0301\u0316").text == "q\u0316\u0301"
    result = normalize_text("x\U0001d15e\u0301y")
    assert result.text == "x\U0001d157\U0001d165\u0301y"
    assert result.position_map.raw_to_stored(3) == 4  # y
    assert result.position_map.raw_to_stored(2) == 3  # the acute after the common part


def test_keeps_everything_else() -> None:
    raw = "a\x00b\tc  \x0c\u00a0\u200b"
    assert normalize_text(raw).text == raw


def test_out_of_range_positions_raise() -> None:
    mapping = normalize_text("e\u0301").position_map
    with pytest.raises(ValueError):
        mapping.raw_to_stored(3)
    with pytest.raises(ValueError):
        mapping.stored_to_raw(-1)


def test_empty_and_bom_only() -> None:
    assert normalize_text("") == NormalizedText("", PositionMap.identity(0))
    result = normalize_text("\ufeff")
    assert result.text == ""
    assert result.position_map.raw_to_stored(1) == 0


def test_fast_on_large_normalized_text() -> None:
    raw = "Interviewer: Wie geht's? Ça va très bien, merci.\n" * 110_000
    assert len(raw) > 5_000_000
    started = time.perf_counter()
    result = normalize_text(raw)
    elapsed = time.perf_counter() - started
    assert result.text is raw
    assert result.position_map.is_identity
    assert elapsed < 1.0


def test_large_text_with_crlf_and_one_decomposed_character() -> None:
    raw = "Line of an interview transcript.\r\n" * 150_000 + "e\u0301"
    started = time.perf_counter()
    result = normalize_text(raw)
    elapsed = time.perf_counter() - started
    assert result.text == raw.replace("\r\n", "\n")[:-2] + "é"
    assert result.position_map.raw_to_stored(len(raw) - 1) == len(result.text) - 1
    assert result.position_map.raw_to_stored(34) == 33
    assert elapsed < 5.0
