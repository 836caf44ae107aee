"""The query language: words, "exact phrases", AND/OR/NOT, wildcards, fuzzy words and fields.

    mentor zoom            both words (AND is implied between terms)
    mentor OR mentee       either word;  NOT zoom / -zoom  without the word
    "video call"           the words next to each other, in this order
    mentor*  ment?r        wildcards: * any letters, ? one letter
    confidance~  trst~2    fuzzy: up to 1 (or 2) letters different
    speaker:P07  case:"Anna B"  source:T00*  kind:memo
    (mentor OR mentee) AND NOT zoom

Operators are written in capitals; lower-case "and", "or" and "not" are searched as words.
Every query is checked here, and a malformed one raises :class:`QueryError` saying what is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from workbench.core.errors import ValidationError
from workbench.core.search.analysis import WORD, fold

__all__ = [
    "FIELDS",
    "KINDS",
    "And",
    "Field",
    "Fuzzy",
    "Node",
    "Not",
    "Or",
    "Pattern",
    "Phrase",
    "QueryError",
    "Term",
    "parse_query",
]

FIELDS = ("speaker", "case", "source", "kind")
KINDS = ("source", "memo", "code")
MAX_FUZZY = 2


class QueryError(ValidationError):
    """A search query that cannot be understood; the message says what is wrong and where."""


@dataclass(frozen=True)
class Term:
    """One word, compared folded (and stemmed when the search stems)."""

    word: str  # folded


@dataclass(frozen=True)
class Pattern:
    """A word with ``*`` (any letters) and ``?`` (one letter) wildcards."""

    pattern: str  # folded

    @property
    def prefix(self) -> str:
        """The literal start of the pattern (where the index can start looking)."""
        return re.split(r"[*?]", self.pattern, maxsplit=1)[0]

    def regex(self) -> re.Pattern[str]:
        parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in self.pattern)
        return re.compile("".join(parts), re.DOTALL)


@dataclass(frozen=True)
class Fuzzy:
    """A word that may differ by up to ``distance`` letters (insert, delete or replace)."""

    word: str  # folded
    distance: int


@dataclass(frozen=True)
class Phrase:
    """Words next to each other, in order (folded, and stemmed when the search stems)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    """A condition on the passage: its speaker, case, source or kind (no hits of its own)."""

    name: str
    value: str  # as written (case-insensitive; may hold * and ? wildcards)


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Term | Pattern | Fuzzy | Phrase | Field | And | Or | Not
Leaf = Term | Pattern | Fuzzy | Phrase


@dataclass(frozen=True)
class _Tok:
    kind: str  # word, phrase, field, and, or, not, open, close
    text: str
    at: int  # 1-based character position, for messages
    field: str = ""


_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_FUZZY = re.compile(r"(.*?)~(\d*)", re.DOTALL)
_OPERATORS = {"AND": "and", "OR": "or", "NOT": "not"}


def parse_query(text: str) -> Node:
    """Parse ``text`` into a query tree; raise QueryError (a ValidationError) if malformed."""
    text = unicodedata.normalize("NFC", text)
    tokens = _lex(text)
    if not tokens:
        raise QueryError("The search is empty: type a word or a phrase to look for.")
    parser = _Parser(tokens)
    node = parser.parse_or()
    if parser.pos < len(tokens):
        extra = tokens[parser.pos]
        raise QueryError(f"')' at character {extra.at} has no matching '('.")
    return node


def _lex(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Tok("open" if ch == "(" else "close", ch, i + 1))
            i += 1
        elif ch == '"':
            body, i = _quoted(text, i)
            tokens.append(_Tok("phrase", body, i - len(body) - 1))
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in '()"':
                i += 1
            word = text[start:i]
            if word.startswith("-") and (len(word) > 1 or text[i : i + 1] == "("):
                tokens.append(_Tok("not", "-", start + 1))
                word, start = word[1:], start + 1
                if not word:
                    continue
            i = _bare(text, word, start, i, tokens)
    return tokens


def _bare(text: str, word: str, start: int, i: int, tokens: list[_Tok]) -> int:
    """Classify one unquoted run (operator, field or word); returns where lexing continues."""
    field = _FIELD.fullmatch(word)
    if field and field.group(1).lower() in FIELDS:
        value = field.group(2)
        if not value and i < len(text) and text[i] == '"':
            value, i = _quoted(text, i)
        if not value:
            raise QueryError(f"'{word}' at character {start + 1} needs a value, e.g. {word}P07.")
        tokens.append(_Tok("field", value, start + 1, field.group(1).lower()))
    elif field and field.group(2) and WORD.fullmatch(field.group(1)):
        raise QueryError(
            f"Unknown field '{field.group(1)}:' at character {start + 1}; the fields are "
            f"{', '.join(f + ':' for f in FIELDS)}. To search for the words, put them "
            'in quotes ("…").'
        )
    elif word in _OPERATORS:
        tokens.append(_Tok(_OPERATORS[word], word, start + 1))
    else:
        tokens.append(_Tok("word", word, start + 1))
    return i


def _quoted(text: str, i: int) -> tuple[str, int]:
    """The text between the quote at ``i`` and the next one, and the position after it."""
    end = text.find('"', i + 1)
    if end < 0:
        raise QueryError(f"The quote at character {i + 1} is never closed.")
    after = end + 1
    if after < len(text) and text[after] == "~":
        raise QueryError(
            f"'~' after the phrase at character {i + 1}: fuzzy or proximity phrases are not "
            "supported; use ~ after single words."
        )
    return text[i + 1 : end], after


class _Parser:
    def __init__(self, tokens: list[_Tok]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "and", "close"):
                raise QueryError(f"'OR' at character {tok.at} needs a search term on each side.")
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self) -> Node:
        first = self.peek()
        if first is not None and first.kind in ("and", "or"):
            raise QueryError(
                f"'{first.text}' at character {first.at} needs a search term on each side."
            )
        children = [self.parse_unary()]
        while (tok := self.peek()) is not None and tok.kind not in ("or", "close"):
            if tok.kind == "and":
                self.pos += 1
                nxt = self.peek()
                if nxt is None or nxt.kind in ("or", "and", "close"):
                    raise QueryError(
                        f"'AND' at character {tok.at} needs a search term on each side."
                    )
            children.append(self.parse_unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self) -> Node:
        tok = self.peek()
        if tok is not None and tok.kind == "not":
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "and", "close"):
                raise QueryError(
                    f"'{tok.text}' at character {tok.at} needs a search term after it."
                )
            return Not(self.parse_unary())
        return self.parse_primary()

    def parse_primary(self) -> Node:
        tok = self.peek()
        if tok is None:  # pragma: no cover - callers check for a following token
            raise QueryError("The search ends too early.")
        self.pos += 1
        if tok.kind == "open":
            nxt = self.peek()
            if nxt is None:
                raise QueryError(f"The '(' at character {tok.at} is never closed.")
            if nxt.kind == "close":
                raise QueryError(f"The brackets at character {tok.at} are empty.")
            node = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != "close":
                raise QueryError(f"The '(' at character {tok.at} is never closed.")
            self.pos += 1
            return node
        if tok.kind == "close":
            raise QueryError(f"')' at character {tok.at} has no matching '('.")
        if tok.kind == "phrase":
            words = tuple(fold(w) for w in WORD.findall(tok.text))
            if not words:
                raise QueryError(f"The quotes at character {tok.at} contain no words to look for.")
            return Phrase(words) if len(words) > 1 else Term(words[0])
        if tok.kind == "field":
            return _field(tok)
        return _word(tok)


def _field(tok: _Tok) -> Field:
    value = tok.text.strip()
    if tok.field == "kind":
        kind = value.lower().rstrip("s")
        if kind not in KINDS:
            raise QueryError(
                f"kind:{value} at character {tok.at}: use kind:source, kind:memo or kind:code."
            )
        return Field("kind", kind)
    return Field(tok.field, " ".join(value.split()))


def _word(tok: _Tok) -> Node:
    text = tok.text
    if "*" in text or "?" in text:
        if "~" in text:
            raise QueryError(f"'{text}' at character {tok.at} mixes wildcards and '~'.")
        if re.search(r"[^\w*?]", text):
            raise QueryError(
                f"The wildcard pattern '{text}' at character {tok.at} must be a single word "
                "(letters, digits, * and ?)."
            )
        if not WORD.search(text):
            raise QueryError(
                f"The wildcard pattern '{text}' at character {tok.at} needs at least one letter "
                "or digit."
            )
        folded = "".join(fold(part) if WORD.fullmatch(part) else part for part in _runs(text))
        if "*" not in folded and "?" not in folded:  # pragma: no cover - defensive
            return Term(folded)
        return Pattern(folded)
    fuzzy = _FUZZY.fullmatch(text)
    if fuzzy:
        base, digits = fuzzy.group(1), fuzzy.group(2)
        distance = int(digits) if digits else 1
        if not WORD.fullmatch(base):
            raise QueryError(
                f"'{text}' at character {tok.at}: '~' follows a single word, as in confidance~."
            )
        if not 1 <= distance <= MAX_FUZZY:
            raise QueryError(
                f"'{text}' at character {tok.at}: a fuzzy word may differ by 1 or 2 letters."
            )
        return Fuzzy(fold(base), distance)
    words = WORD.findall(text)
    if not words:
        raise QueryError(f"'{text}' at character {tok.at} has no letters or digits to look for.")
    if len(words) == 1:
        return Term(fold(words[0]))
    return Phrase(tuple(fold(w) for w in words))


def _runs(text: str) -> list[str]:
    """``text`` split into word runs and single wildcard characters."""
    return re.findall(r"\w+|[*?]", text)
