"""Typed attribute values: text, number, date, boolean and choice, stored as canonical text."""

from __future__ import annotations

import math
from datetime import date
from typing import Literal, cast, get_args

from workbench.core.errors import ValidationError
from workbench.core.values import AttributeValue

AttributeType = Literal["text", "number", "date", "boolean", "choice"]
ATTRIBUTE_TYPES: tuple[str, ...] = get_args(AttributeType)
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def check_type(kind: str) -> AttributeType:
    if kind not in ATTRIBUTE_TYPES:
        raise ValidationError(
            f"{kind!r} is not an attribute type; use one of {', '.join(ATTRIBUTE_TYPES)}."
        )
    return cast(AttributeType, kind)


def to_storage(
    value: AttributeValue, kind: str, choices: tuple[str, ...] | list[str], name: str
) -> str:
    """Validate ``value`` for an attribute of type ``kind`` and return its canonical text."""
    if value is None:
        return ""
    text = str(value).strip()
    if kind == "text":
        return str(value)
    if text == "":
        return ""
    if kind == "number":
        try:
            number = float(text.replace(",", "")) if not isinstance(value, int | float) else value
        except ValueError:
            raise ValidationError(f"{name}: {text!r} is not a number.") from None
        if isinstance(number, float) and not math.isfinite(number):
            raise ValidationError(f"{name}: {text!r} is not a finite number.")
        if isinstance(value, bool):
            raise ValidationError(f"{name}: {text!r} is not a number.")
        return str(int(number)) if float(number).is_integer() else repr(float(number))
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValidationError(
                f"{name}: {text!r} is not a date; write dates as YYYY-MM-DD."
            ) from None
    if kind == "boolean":
        low = text.lower()
        if isinstance(value, bool):
            return "true" if value else "false"
        if low in _TRUE:
            return "true"
        if low in _FALSE:
            return "false"
        raise ValidationError(f"{name}: {text!r} is not yes/no (true/false).")
    if kind == "choice":
        if text not in choices:
            raise ValidationError(
                f"{name}: {text!r} is not one of the choices ({', '.join(choices)})."
            )
        return text
    raise ValidationError(f"{name}: unknown attribute type {kind!r}.")


def from_storage(stored: str, kind: str) -> AttributeValue:
    """The typed value of canonical text (dates stay ISO strings)."""
    if stored == "" and kind != "text":
        return None
    if kind == "number":
        number = float(stored)
        return (
            int(number)
            if number.is_integer() and "." not in stored and "e" not in stored
            else number
        )
    if kind == "boolean":
        return stored == "true"
    return stored


def infer_type(values: list[str]) -> tuple[AttributeType, tuple[str, ...]]:
    """Guess a column's type from its values (for CSV import)."""
    present = [v.strip() for v in values if v.strip()]
    if not present:
        return "text", ()

    def all_ok(kind: str) -> bool:
        try:
            for v in present:
                to_storage(v, kind, (), "")
        except ValidationError:
            return False
        return True

    if all_ok("boolean") and {v.lower() for v in present} <= _TRUE | _FALSE - {"0", "1"}:
        return "boolean", ()
    if all_ok("number"):
        return "number", ()
    if all_ok("date"):
        return "date", ()
    distinct = sorted(set(present))
    if len(distinct) <= 12 and len(distinct) < len(present):
        return "choice", tuple(distinct)
    return "text", ()
