"""The few SQL functions whose spelling differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, cast, distinct, func
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement


def distinct_id_list(session: Session, column: Any) -> ColumnElement[str]:
    """An aggregate giving the distinct values of an integer column as "1,5,9" (any order)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.string_agg(distinct(cast(column, String)), ",")
    return func.group_concat(distinct(column))


def parse_id_list(value: str | None) -> set[int]:
    return {int(v) for v in value.split(",")} if value else set()
