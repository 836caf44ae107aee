"""Tests for workbench.core.text.offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.text.offsets import OffsetMap

ALPHABET = st.sampled_from(["a", "é", "€", "中", "\n", "😀", "🎉", "\U0010ffff", "𝄞"])


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_ascii_is_identity() -> None:
    m = OffsetMap("hello")
    assert len(m) == 5
    assert m.utf16_length == 5
    assert [m.to_utf16(i) for i in range(6)] == list(range(6))
    assert [m.from_utf16(i) for i in range(6)] == list(range(6))


def test_empty_text() -> None:
    m = OffsetMap("")
    assert len(m) == 0
    assert m.utf16_length == 0
    assert m.to_utf16(0) == 0
    assert m.from_utf16(0) == 0
    assert m.to_utf16_many([]) == []
    with pytest.raises(ValueError):
        m.to_utf16(1)


def test_bmp_non_ascii_counts_one_unit() -> None:
    m = OffsetMap("é€中")
    assert m.utf16_length == 3
    assert m.to_utf16(3) == 3


def test_emoji_counts_two_units() -> None:
    m = OffsetMap("a😀b🎉")
    assert len(m) == 4
    assert m.utf16_length == 6
    assert [m.to_utf16(i) for i in range(5)] == [0, 1, 3, 4, 6]
    # Units 2 and 5 are low surrogates: they round down to the emoji's start.
    assert [m.from_utf16(u) for u in range(7)] == [0, 1, 1, 2, 3, 3, 4]


def test_adjacent_emoji_at_start() -> None:
    m = OffsetMap("😀😀x")
    assert [m.to_utf16(i) for i in range(4)] == [0, 2, 4, 5]
    assert [m.from_utf16(u) for u in range(6)] == [0, 0, 1, 1, 2, 3]


def test_many_helpers() -> None:
    m = OffsetMap("a😀b🎉")
    assert m.to_utf16_many([4, 0, 2]) == [6, 0, 3]
    assert m.from_utf16_many(u for u in [5, 2, 6]) == [3, 1, 4]
    ascii_map = OffsetMap("abc")
    assert ascii_map.to_utf16_many([3, 1]) == [3, 1]
    assert ascii_map.from_utf16_many([2]) == [2]


@pytest.mark.parametrize("position", [-1, 5])
def test_to_utf16_out_of_range(position: int) -> None:
    m = OffsetMap("a😀b🎉")
    with pytest.raises(ValueError, match=str(position)):
        m.to_utf16(position)
    with pytest.raises(ValueError, match=str(position)):
        m.to_utf16_many([0, position])


@pytest.mark.parametrize("position", [-1, 7])
def test_from_utf16_out_of_range(position: int) -> None:
    m = OffsetMap("a😀b🎉")
    with pytest.raises(ValueError, match=str(position)):
        m.from_utf16(position)
    with pytest.raises(ValueError, match=str(position)):
        m.from_utf16_many([position, 1])


def test_repr_mentions_lengths() -> None:
    assert "utf16_length=3" in repr(OffsetMap("a😀"))


@given(st.text(alphabet=ALPHABET, max_size=40))
def test_matches_utf16_encoding(text: str) -> None:
    m = OffsetMap(text)
    assert len(m) == len(text)
    assert m.utf16_length == utf16_units(text)
    expected = [utf16_units(text[:cp]) for cp in range(len(text) + 1)]
    assert [m.to_utf16(cp) for cp in range(len(text) + 1)] == expected
    assert m.to_utf16_many(range(len(text) + 1)) == expected
    # from_utf16: the largest code point whose UTF-16 position is <= u16 (rounds down).
    for u16 in range(m.utf16_length + 1):
        reference = max(cp for cp, unit in enumerate(expected) if unit <= u16)
        assert m.from_utf16(u16) == reference
    assert m.from_utf16_many(expected) == list(range(len(text) + 1))


@given(st.text(max_size=60))
def test_round_trip_any_text(text: str) -> None:
    m = OffsetMap(text)
    assert m.utf16_length == utf16_units(text)
    for cp in range(len(text) + 1):
        assert m.from_utf16(m.to_utf16(cp)) == cp


def _big_text() -> str:
    block = "Interviewer: And then? Respondent: Well, it was fine. Ça va. "
    parts = []
    for i in range(2000):
        parts.append(block[: 140 + i % 10])
        parts.append("😀")
    text = "".join(parts)
    text += "x" * (300_000 - len(text))
    return text


def test_300k_with_2000_emoji_round_trips() -> None:
    # Speed is measured in benchmarks/, not asserted here.
    text = _big_text()
    assert len(text) == 300_000
    m = OffsetMap(text)
    assert m.utf16_length == 302_000
    positions = list(range(0, 300_001, 7))
    converted = m.to_utf16_many(positions)
    back = m.from_utf16_many(converted)
    assert back == positions
    assert m.to_utf16(300_000) == 302_000
