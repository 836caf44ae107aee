"""What publish and snapshot share about copying a project's tables between a file and a server:
which tables in which order, how many rows, how rows are named in a message."""

from __future__ import annotations

from sqlalchemy import Table

from workbench.core.db.models import TRACKED_MODELS, Base

PAGE = 2000
"""Rows held at once while a table is copied (memory stays bounded whatever the project's size)."""

_NOUNS = {
    "project": "project",
    "tombstones": "deletion record",
    "audit_log": "audit log entry",
    "merge_bases": "merge record",
}
_NOUNS.update({model.__tablename__: kind for kind, model in TRACKED_MODELS.items()})  # type: ignore[attr-defined]


def project_tables() -> list[Table]:
    """Every table of a project file, each after the tables it points at."""
    return list(Base.metadata.sorted_tables)


def noun(table: Table) -> str:
    """What one row of ``table`` is, in a researcher's words ("source", "coding", …)."""
    return _NOUNS.get(table.name, table.name).replace("_", " ")


def order_columns(table: Table) -> list[str]:
    """The primary key columns, the order rows are copied in (ids keep their order)."""
    return [c.name for c in table.primary_key.columns]
