"""The text encodings REFI-QDA needs (definitions, variables, colours) and position counting."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.core.refi.codec import (
    EXAMPLE,
    INCLUSION,
    Definition,
    VariableNotes,
    decode_definition,
    decode_variable,
    encode_definition,
    encode_variable,
    normalize_color,
)
from workbench.core.refi.positions import TextPositions, preferred_convention
from workbench.core.refi.xmlsafe import norm_guid, parse_datetime
from workbench.core.text.normalize import normalize_text
from workbench.core.text.offsets import OffsetMap

_PIECES = st.lists(
    st.sampled_from(["a", " ", "\n", "\n\n", "\\", "\\\\", INCLUSION, EXAMPLE, "x\r"]),
    max_size=10,
).map("".join)


@given(st.builds(Definition, _PIECES, _PIECES, _PIECES, _PIECES))
def test_definitions_survive_encoding(definition: Definition) -> None:
    assert decode_definition(encode_definition(definition)) == definition


@given(st.builds(Definition, st.text(), st.text(), st.text(), st.text()))
def test_definitions_of_any_text_survive_encoding(definition: Definition) -> None:
    assert decode_definition(encode_definition(definition)) == definition


def test_definition_format_is_readable_and_foreign_text_is_description() -> None:
    text = encode_definition(Definition("What it is.", "Any mention.", "", "“We met on Zoom.”"))
    assert text == (
        "What it is.\n\nInclusion criteria:\nAny mention.\n\nExample:\n“We met on Zoom.”"
    )
    assert decode_definition("Just a description\nover two lines") == Definition(
        "Just a description\nover two lines"
    )
    assert encode_definition(Definition()) == ""


def test_variables_keep_scope_and_choices() -> None:
    text = encode_variable("source", "choice", ("Video call (Zoom)", 'a "b"'))
    assert decode_variable(text) == VariableNotes("source", ("Video call (Zoom)", 'a "b"'))
    assert decode_variable(encode_variable("case", "number", ())) == VariableNotes("case", None)
    assert decode_variable("Age in years") == VariableNotes()


def test_colours_from_the_wild() -> None:
    assert normalize_color("#F00082") == "#F00082" and normalize_color(" #a0b0c0") == "#a0b0c0"
    assert normalize_color("#abc") == "#aabbcc"
    assert normalize_color("#11223344") == "#112233"
    assert normalize_color("rgb(255, 0, 300)") == "#ff00ff"
    assert normalize_color("red") is None and normalize_color("#12") is None


def test_guids_and_dates() -> None:
    assert norm_guid("{AD68FBE7-E1EE-4A82-A279-23CC698C89EB}") == (
        "ad68fbe7-e1ee-4a82-a279-23cc698c89eb"
    )
    assert norm_guid("{AD68FBE7-E1EE-4A82-A279-23CC698C89EB") is None
    assert norm_guid("not a guid") is None
    assert str(parse_datetime("2018-03-27T19:29:27Z")) == "2018-03-27 19:29:27"
    assert str(parse_datetime("2018-03-27T21:29:27+02:00")) == "2018-03-27 19:29:27"
    assert parse_datetime("yesterday") is None


def test_origin_decides_the_convention() -> None:
    assert preferred_convention("NVivo for Mac 15.0.0") == "utf16"
    assert preferred_convention("ATLAS.ti for Windows 23.2.3") == "crlf-as-one"
    assert preferred_convention("MAXQDA 2022") == "codepoints"


_TEXT = st.lists(
    st.sampled_from(["a", "😀", "\r\n", "\n", "e\u0301", "\ufeff", "Ω"]), max_size=30
).map("".join)


@given(_TEXT, st.data())
def test_every_convention_lands_on_the_same_stored_character(raw: str, data: st.DataObject) -> None:
    positions = TextPositions(raw)
    body = raw.removeprefix("\ufeff")
    cut = data.draw(st.integers(0, len(body)))
    # Only cuts between whole "units" are comparable: not inside CRLF or a combining sequence.
    if body[cut - 1 : cut + 1] == "\r\n" or body[cut : cut + 1] == "\u0301":
        return
    stored = positions.to_stored("codepoints", cut)
    assert positions.to_stored("utf16", OffsetMap(body).to_utf16(cut)) == stored
    crlf = cut - body[:cut].count("\r\n")
    assert positions.to_stored("crlf-as-one", crlf) == stored
    assert positions.stored[:stored] == normalize_text(body[:cut]).text
