"""Codebooks as JSON: the nested theme/category/concept shape, a generic tree, or a flat list.

Accepted shapes (all may carry color, description, inclusion, exclusion, example and codable
per code):
- ``{"themes": [{"name", "categories": [{"name", "concepts": ["name" | {...}]}]}]}``
- ``{"codes": [{"name", "children": [...]}]}`` or a bare list of such nodes (``codes --json``)
- ``{"codes": [{"id", "parent", "name"}, ...]}``: a flat list with parent references
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.errors import ValidationError
from workbench.core.palette import is_color

MAX_DEPTH = 20
MAX_CODES = 20_000
MAX_BYTES = 20 * 1024 * 1024
_FIELDS = ("description", "inclusion", "exclusion", "example")


@dataclass(frozen=True)
class CodeSpec:
    """One code to import, with its sub-codes."""

    name: str
    color: str | None = None
    description: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    children: tuple[CodeSpec, ...] = field(default_factory=tuple)
    codable: bool = True


def load_codebook(path: Path) -> list[CodeSpec]:
    """Read and check a JSON codebook file; raise ValidationError naming the file and problem."""
    name = path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError(f"{name}: the file is too large for a codebook.")
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{name}: cannot be read ({exc.strerror}).") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError(f"{name}: not a text file (a codebook is UTF-8 JSON).") from None
    except RecursionError:
        raise ValidationError(
            f"{name}: the codebook is nested far too deeply (at most {MAX_DEPTH} levels)."
        ) from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    try:
        return parse_codebook(data)
    except ValidationError as exc:
        raise ValidationError(f"{name}: {exc}") from None


def parse_codebook(data: Any) -> list[CodeSpec]:
    """Turn parsed JSON into CodeSpecs, checking names, colours, depth, size and cycles."""
    counter = [0]
    if isinstance(data, list):
        return [_node(item, 1, counter, "children") for item in data]
    if not isinstance(data, Mapping):
        raise ValidationError("a codebook must be a JSON object or a list of codes.")
    if "themes" in data:
        return [_themes(theme, counter) for theme in _list(data["themes"], "themes")]
    if "codes" in data:
        items = _list(data["codes"], "codes")
        if items and all(isinstance(i, Mapping) and "parent" in i for i in items):
            return _flat(items, counter)
        return [_node(item, 1, counter, "children") for item in items]
    raise ValidationError('no codes found: expected a "themes" or a "codes" list.')


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValidationError(f'"{what}" must be a list.')
    return value


def _fields(item: Mapping[str, Any], counter: list[int], depth: int) -> dict[str, Any]:
    if depth > MAX_DEPTH:
        raise ValidationError(f"the codebook is nested too deeply (at most {MAX_DEPTH} levels).")
    counter[0] += 1
    if counter[0] > MAX_CODES:
        raise ValidationError(f"the codebook has more than {MAX_CODES:,} codes.")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValidationError(f"a code has no name (near {json.dumps(item)[:60]}).")
    color = item.get("color")
    if color is not None and (not isinstance(color, str) or not is_color(color)):
        raise ValidationError(f"the code {name!r} has an invalid colour {color!r} (use #RRGGBB).")
    out: dict[str, Any] = {"name": name.strip(), "color": color.lower() if color else None}
    for key in _FIELDS:
        value = item.get(key, "")
        if not isinstance(value, str):
            raise ValidationError(f"the {key} of {name!r} must be text.")
        out[key] = value
    codable = item.get("codable", True)
    if not isinstance(codable, bool):
        raise ValidationError(f"codable of {name!r} must be true or false.")
    out["codable"] = codable
    return out


def _node(item: Any, depth: int, counter: list[int], key: str) -> CodeSpec:
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, Mapping):
        raise ValidationError("every code must be a name or an object with a name.")
    values = _fields(item, counter, depth)
    kids = [_node(child, depth + 1, counter, key) for child in _list(item.get(key, []), key)]
    _check_unique([k.name for k in kids], values["name"])
    return CodeSpec(children=tuple(kids), **values)


def _themes(theme: Any, counter: list[int]) -> CodeSpec:
    if not isinstance(theme, Mapping):
        raise ValidationError("every theme must be an object with a name.")
    categories = []
    for category in _list(theme.get("categories", []), "categories"):
        if not isinstance(category, Mapping):
            raise ValidationError("every category must be an object with a name.")
        concepts = [
            _node(c, 3, counter, "children")
            for c in _list(category.get("concepts", []), "concepts")
        ]
        values = _fields(category, counter, 2)
        _check_unique([c.name for c in concepts], values["name"])
        categories.append(CodeSpec(children=tuple(concepts), **values))
    values = _fields(theme, counter, 1)
    _check_unique([c.name for c in categories], values["name"])
    return CodeSpec(children=tuple(categories), **values)


def _check_unique(names: list[str], parent: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValidationError(f"{parent!r} has two sub-codes named {name!r}.")
        seen.add(name)


def _flat(items: list[Any], counter: list[int]) -> list[CodeSpec]:
    by_id: dict[str, Mapping[str, Any]] = {}
    for item in items:
        key = item.get("id", item.get("uuid"))
        if not isinstance(key, str) or key in by_id:
            raise ValidationError("every code in a flat list needs a distinct text id.")
        by_id[key] = item
    for key in by_id:
        seen = [key]
        parent = by_id[key].get("parent")
        while parent is not None:
            if parent not in by_id:
                raise ValidationError(
                    f"the code {key!r} names a parent {parent!r} that is missing."
                )
            if parent in seen:
                chain = " → ".join(str(by_id[k].get("name", k)) for k in [*seen, parent])
                raise ValidationError(f"the codebook has a cycle: {chain}.")
            seen.append(parent)
            if len(seen) > MAX_DEPTH:
                raise ValidationError(
                    f"the codebook is nested too deeply (at most {MAX_DEPTH} levels)."
                )
            parent = by_id[parent].get("parent")

    def build(key: str, depth: int) -> CodeSpec:
        values = _fields(by_id[key], counter, depth)
        kids = [build(k, depth + 1) for k, v in by_id.items() if v.get("parent") == key]
        _check_unique([k.name for k in kids], values["name"])
        return CodeSpec(children=tuple(kids), **values)

    roots = [build(k, 1) for k, v in by_id.items() if v.get("parent") is None]
    _check_unique([r.name for r in roots], "the top level")
    return roots
