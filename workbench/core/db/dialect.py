"""The few SQL functions whose spelling differs between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, String, cast, distinct, func, literal, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement


def distinct_id_list(session: Session, column: Any) -> ColumnElement[str]:
    """An aggregate giving the distinct values of an integer column as "1,5,9" (any order)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.string_agg(distinct(cast(column, String)), ",")
    return func.group_concat(distinct(column))


def json_member(session: Session, column: Any, key: str) -> ColumnElement[Any]:
    """The member ``key`` of a JSON object column (SQL NULL where it is missing); the driver
    hands it back as JSON text (SQLite) or as the parsed value (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        member: ColumnElement[Any] = column.op("->", return_type=JSON)(literal(key, String))
        return member
    return func.json_extract(column, f"$.{key}")


def parse_ids(value: str | None) -> list[int]:
    """The ids of a ``distinct_id_list`` value."""
    return [int(v) for v in value.split(",")] if value else []


def defer_foreign_keys(session: Session) -> None:
    """Check foreign keys at commit instead of per statement, for the rest of this transaction.

    A merge rewrites rows in whatever order; only the state at commit must be consistent.
    (PostgreSQL defers only constraints declared DEFERRABLE.)"""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET CONSTRAINTS ALL DEFERRED"))
    else:
        session.execute(text("PRAGMA defer_foreign_keys = ON"))


@contextmanager
def small_page_cache(session: Session, kib: int) -> Iterator[None]:
    """SQLite keeps at most ``kib`` KiB of pages for ``session``'s connection meanwhile: a pass
    over pages read once frees them instead of filling the connection's cache, whose own limit
    comes back after. (PostgreSQL's cache is the server's: nothing to do.)"""
    if session.get_bind().dialect.name == "postgresql":
        yield
        return
    kept = session.execute(text("PRAGMA cache_size")).scalar_one()
    session.execute(text(f"PRAGMA cache_size = -{kib}"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size = {int(kept)}"))
