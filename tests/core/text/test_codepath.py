"""Tests for workbench.core.text.codepath."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.text.codepath import escape_name, join_path, split_path

NAME_CHARS = st.sampled_from(["a", "B", " ", "/", "\\", "é", "😀", "-"])
NAMES = st.lists(st.text(alphabet=NAME_CHARS, min_size=1, max_size=6), min_size=1, max_size=5)


def test_plain_path() -> None:
    assert join_path(["Emotions", "Joy"]) == "Emotions/Joy"
    assert split_path("Emotions/Joy") == ["Emotions", "Joy"]
    assert split_path("Single") == ["Single"]


def test_escaping() -> None:
    assert escape_name("a/b") == "a\\/b"
    assert escape_name("a\\b") == "a\\\\b"
    assert escape_name("\\/") == "\\\\\\/"
    assert escape_name("") == ""
    assert join_path(["Yes/No", "back\\slash"]) == "Yes\\/No/back\\\\slash"
    assert split_path("Yes\\/No/back\\\\slash") == ["Yes/No", "back\\slash"]


def test_escaped_backslash_before_separator() -> None:
    # "a\\" followed by "/" is the name "a\" and then a separator.
    assert split_path("a\\\\/b") == ["a\\", "b"]
    assert split_path("a\\\\\\/b") == ["a\\/b"]


def test_non_ascii_names() -> None:
    names = ["Émotions", "😀 joie", "中文"]
    assert split_path(join_path(names)) == names


@pytest.mark.parametrize("path", ["", "/", "a/", "/a", "a//b", "a\\\\//b"])
def test_empty_segment(path: str) -> None:
    with pytest.raises(ValueError, match="empty segment") as info:
        split_path(path)
    assert repr(path) in str(info.value)


@pytest.mark.parametrize("path", ["a\\", "a/b\\", "\\"])
def test_trailing_lone_backslash(path: str) -> None:
    with pytest.raises(ValueError, match="lone backslash") as info:
        split_path(path)
    assert repr(path) in str(info.value)


@pytest.mark.parametrize("path", ["a\\nb", "\\x", "a/\\ b"])
def test_unknown_escape(path: str) -> None:
    with pytest.raises(ValueError, match="unknown escape") as info:
        split_path(path)
    assert repr(path) in str(info.value)


def test_join_rejects_empty() -> None:
    with pytest.raises(ValueError):
        join_path([])
    with pytest.raises(ValueError):
        join_path(["a", ""])
    with pytest.raises(TypeError):
        join_path("abc")


@given(NAMES)
def test_round_trip(names: list[str]) -> None:
    assert split_path(join_path(names)) == names


@given(st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=5))
def test_round_trip_any_text(names: list[str]) -> None:
    assert split_path(join_path(names)) == names


@given(st.text(alphabet=NAME_CHARS, max_size=12))
def test_split_is_canonical(path: str) -> None:
    """Every path either is rejected or is the unique spelling of its names."""
    try:
        names = split_path(path)
    except ValueError:
        return
    assert all(names)
    assert join_path(names) == path


@given(st.text(alphabet=NAME_CHARS, min_size=1, max_size=8))
def test_escaped_name_is_one_segment(name: str) -> None:
    assert split_path(escape_name(name)) == [name]
