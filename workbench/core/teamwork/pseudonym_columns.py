"""Which text columns of the project file a pseudonymized copy rewrites, derived from the schema.

Every text column (``String``, ``Text`` or ``JSON``) of every table is rewritten unless it is
listed here as safe (with the reason) or as handled on its own: a column added to the schema
later is pseudonymized by default, never forgotten.
"""

from __future__ import annotations

from workbench.core.db.schema_columns import text_columns

_ID = "a random id, never typed by anyone"
_CODER_ID = "a coder's uuid (the name is in coders.name)"
_WORD = "one of a few fixed words of the workbench"

SAFE: dict[str, str] = {
    "*.uuid": _ID,
    "*.modified_by": _CODER_ID,
    "project.file_id": _ID,
    "project.parent_file_id": _ID,
    "project.text_token": _ID,
    "merge_bases.other_file_id": _ID,
    "merge_bases.how": _WORD,
    "merge_bases.diverged": "a list of row uuids",
    "tombstones.kind": _WORD,
    "tombstones.deleted_by": _CODER_ID,
    "audit_log.coder_uuid": _CODER_ID,
    "audit_log.entity_uuid": _ID,
    "audit_log.action": _WORD,
    "audit_log.entity_kind": _WORD,
    "attributes.scope": _WORD,
    "attributes.type": _WORD,
    "sets.kind": _WORD,
    "sources.kind": _WORD,
    "memos.target_kind": _WORD,
    "sources.original_format": "a file format name given by the importer",
    "sources.sha256": "recomputed from the pseudonymized text by the text service",
    "coders.color": "a colour (#rrggbb), checked when set",
    "codes.color": "a colour (#rrggbb), checked when set",
    "media.kind": _WORD,
    "media.sha256": "a checksum of the recording",
    "media.format": "a container name given by FFmpeg",
}
"""Text columns that never hold a name, and why."""

SEPARATE: dict[str, str] = {
    "sources.text": "rewritten through the text service, so codings and annotations move",
    "audit_log.details": "dropped: edits' positions and lengths would reveal the names",
}
"""Text columns handled on their own."""


def is_safe(table: str, column: str) -> bool:
    return f"*.{column}" in SAFE or f"{table}.{column}" in SAFE


def columns_to_rewrite() -> dict[str, list[tuple[str, bool]]]:
    """Per table, the columns the pseudonymizer rewrites: (column, is JSON)."""
    out: dict[str, list[tuple[str, bool]]] = {}
    for table, column, is_json in text_columns():
        if not is_safe(table, column) and f"{table}.{column}" not in SEPARATE:
            out.setdefault(table, []).append((column, is_json))
    return out
