"""The query language: what a query means, and what a malformed one is told."""

from __future__ import annotations

import pytest

from workbench.core.search.query import (
    And,
    Field,
    Fuzzy,
    Not,
    Or,
    Pattern,
    Phrase,
    QueryError,
    Term,
    parse_query,
)


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("Mentor", Term("mentor")),
        ("mentor zoom", And((Term("mentor"), Term("zoom")))),
        ("mentor and zoom", And((Term("mentor"), Term("and"), Term("zoom")))),
        ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
        ("(a OR b) c", And((Or((Term("a"), Term("b"))), Term("c")))),
        ("NOT a", Not(Term("a"))),
        ("-a b", And((Not(Term("a")), Term("b")))),
        ("-(a OR b)", Not(Or((Term("a"), Term("b"))))),
        ('"Video  call"', Phrase(("video", "call"))),
        ('"zoom"', Term("zoom")),
        ("e.g", Phrase(("e", "g"))),
        ("Café", Term("cafe")),
        ("Ment*", Pattern("ment*")),
        ("m?nt?r", Pattern("m?nt?r")),
        ("confidance~", Fuzzy("confidance", 1)),
        ("trst~2", Fuzzy("trst", 2)),
        ("speaker:P07", Field("speaker", "P07")),
        ('case:"Anna  B"', Field("case", "Anna B")),
        ("-source:T00*", Not(Field("source", "T00*"))),
        ("kind:memos", Field("kind", "memo")),
        ("P07: said", And((Term("p07"), Term("said")))),
    ],
)
def test_queries_parse(query: str, tree: object) -> None:
    assert parse_query(query) == tree


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "The search is empty"),
        ("   ", "The search is empty"),
        ("mentor AND", "'AND' at character 8 needs a search term on each side"),
        ("OR mentor", "'OR' at character 1 needs a search term on each side"),
        ("a AND OR b", "'AND' at character 3"),
        ("NOT", "'NOT' at character 1 needs a search term after it"),
        ("(a b", "The '(' at character 1 is never closed"),
        ("a b)", "')' at character 4 has no matching '('"),
        ("()", "The brackets at character 1 are empty"),
        ('say "hello', "The quote at character 5 is never closed"),
        ('""', "contain no words"),
        ('"a b"~2', "fuzzy or proximity phrases are not supported"),
        ("colour:red", "Unknown field 'colour:' at character 1"),
        ("speaker:", "needs a value"),
        ("kind:person", "use kind:source, kind:memo or kind:code"),
        ("*", "needs at least one letter or digit"),
        ("e.g*", "must be a single word"),
        ("x~3", "may differ by 1 or 2 letters"),
        ("e.g~", "'~' follows a single word"),
        ("😀", "has no letters or digits"),
    ],
)
def test_malformed_queries_say_what_is_wrong(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_query(query)
