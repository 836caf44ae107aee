"""The schema's text columns, read from the models (for features that treat every text alike)."""

from __future__ import annotations

from sqlalchemy import JSON, String

from workbench.core.db.models import Base


def text_columns() -> list[tuple[str, str, bool]]:
    """Every text column of the schema: (table, column, is JSON)."""
    return [
        (table.name, column.name, isinstance(column.type, JSON))
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | JSON)
    ]
