"""A pseudonymized copy of a project: every given name replaced, everywhere, with a report.

Source texts change through the text-replacement service, so codings and annotations move with
the words. Memos, annotations, case names, source names and original file names, metadata,
code names and definitions, attribute values, set names, relation labels, the project's own
name and the audit log are rewritten too. The copy is written with ``VACUUM INTO``, so no free
page keeps the old text, and the mapping itself is never stored in it. The copy is a new
project (no merge base): merging it back into the original would pseudonymize the original.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.core.db import sqlite_file
from workbench.core.db.models import (
    Annotation,
    Attribute,
    AttributeValue,
    Case,
    CaseLink,
    Code,
    CodeRelation,
    ItemSet,
    Memo,
    Source,
    Tracked,
)
from workbench.core.db.transaction import WriteTx, new_uuid
from workbench.core.errors import ProjectFileError, ValidationError
from workbench.core.text.replace import Replacement
from workbench.core.text.speakers import is_known_label

if TYPE_CHECKING:
    from workbench.core.project import Project

# Where names are replaced (model, string fields, JSON fields) and how the report calls it.
_FIELDS: tuple[tuple[type[Tracked], tuple[str, ...], tuple[str, ...], str], ...] = (
    (Source, ("name", "original_name"), ("speakers", "meta"), "source names and metadata"),
    (Case, ("name", "description"), (), "cases"),
    (CaseLink, ("speaker",), (), "case links"),
    (Memo, ("title", "text"), (), "memos"),
    (Annotation, ("text",), (), "annotations"),
    (Code, ("name", "description", "inclusion", "exclusion", "example"), (), "codebook"),
    (AttributeValue, ("value",), (), "attribute values"),
    (Attribute, ("name",), ("choices",), "attributes"),
    (ItemSet, ("name",), (), "sets"),
    (CodeRelation, ("label",), (), "relations"),
)


@dataclass(frozen=True)
class PseudonymReport:
    """What the copy got: where it is, and how many replacements were made per name and per
    place (the report stays with the caller; it is not written into the copy)."""

    path: Path
    by_name: Mapping[str, int]
    by_place: Mapping[str, int]
    codings_removed: int

    @property
    def total(self) -> int:
        return sum(self.by_name.values())


class _Replacer:
    def __init__(self, mapping: Mapping[str, str]) -> None:
        self.mapping = dict(mapping)
        names = sorted(self.mapping, key=len, reverse=True)
        # A name is replaced where no letter or digit touches it ("Maria's", "Maria_01.docx").
        self.pattern = re.compile(
            r"(?<![^\W_])(" + "|".join(re.escape(n) for n in names) + r")(?![^\W_])"
        )
        self.by_name: Counter[str] = Counter()
        self.by_place: Counter[str] = Counter()

    def text(self, value: str, place: str) -> str:
        def swap(match: re.Match[str]) -> str:
            self.by_name[match.group(1)] += 1
            self.by_place[place] += 1
            return self.mapping[match.group(1)]

        return self.pattern.sub(swap, value)

    def spans(self, value: str) -> list[Replacement]:
        return [
            Replacement(m.start(), m.end(), self.mapping[m.group(1)])
            for m in self.pattern.finditer(value)
        ]

    def deep(self, value: Any, place: str) -> Any:
        if isinstance(value, str):
            return self.text(value, place)
        if isinstance(value, list):
            return [self.deep(v, place) for v in value]
        if isinstance(value, dict):
            return {self.deep(k, place): self.deep(v, place) for k, v in value.items()}
        return value


def suggest_mapping(project: Project) -> dict[str, str]:
    """A starting mapping: case names → "Participant 01"…, and speaker names that are not
    generic labels (Interviewer, P07…) → "Speaker A"…. Review it before use."""
    out: dict[str, str] = {}
    for n, case in enumerate(sorted(c.name for c in project.cases.list()), start=1):
        out[case] = f"Participant {n:02d}"
    speakers = sorted(
        {sp for s in project.sources.list() for sp in s.speakers if not is_known_label(sp)}
        - set(out)
    )
    for n, speaker in enumerate(speakers):
        out[speaker] = f"Speaker {_letters(n)}"
    return out


def _letters(n: int) -> str:
    text = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(65 + rest) + text
    return text


def pseudonymize_copy(
    project: Project,
    destination: Path | str,
    *,
    mapping: Mapping[str, str],
    coder: str,
    blind: bool = False,
    overwrite: bool = False,
) -> PseudonymReport:
    """Write a copy of ``project`` to ``destination`` with every name in ``mapping`` (original →
    pseudonym) replaced. ``blind`` also leaves out every coding."""
    from workbench.core.project import Project
    from workbench.core.teamwork.share_copy import share_copy

    clean = {k.strip(): v.strip() for k, v in mapping.items() if k.strip()}
    if not clean:
        raise ValidationError("Give at least one name and its pseudonym.")
    if any(not v for v in clean.values()):
        raise ValidationError("Every name needs a pseudonym.")
    if len(set(clean.values())) < len(clean):
        raise ValidationError("Two names have the same pseudonym; each needs its own.")
    target = Path(destination)
    if target.exists() and not overwrite:
        raise ProjectFileError(target, "already exists.", "Choose another name for the copy.")
    work = target.with_name(target.name + ".pseudonymizing.qwb")
    for stale in (work, target.with_name(target.name + ".partial")):
        stale.unlink(missing_ok=True)
    replacer = _Replacer(clean)
    try:
        shared = share_copy(project, work, coder=coder, blind=blind, overwrite=True)
        with Project.open(work) as copy:
            with copy.write(coder=coder) as tx:
                _rewrite_rows(tx, replacer)
            for source in copy.sources.list():
                text = copy.sources.text(source.uuid)
                edits = replacer.spans(text)
                if edits:
                    for edit in edits:
                        replacer.by_name[text[edit.start : edit.end]] += 1
                    replacer.by_place["source texts"] += len(edits)
                    copy.sources.replace_text(source=source.uuid, replacements=edits, coder=coder)
        _finish(work, target, replacer)
    finally:
        work.unlink(missing_ok=True)
    return PseudonymReport(
        target, dict(replacer.by_name), dict(replacer.by_place), shared.codings_removed
    )


def _rewrite_rows(tx: WriteTx, replacer: _Replacer) -> None:
    for model, fields, json_fields, place in _FIELDS:
        model_any: Any = model
        for row in list(tx.session.scalars(select(model_any))):
            new: dict[str, Any] = {}
            for field in fields:
                value = getattr(row, field)
                if isinstance(value, str):
                    changed = replacer.text(value, place)
                    if changed != value:
                        new[field] = changed
            for field in json_fields:
                value = getattr(row, field)
                changed = replacer.deep(value, place)
                if changed != value:
                    new[field] = changed
            if new:
                tx.touch(row)
                for field, value in new.items():
                    setattr(row, field, value)
    info = tx.info
    info.name = replacer.text(info.name, "project")
    info.description = replacer.text(info.description, "project")
    tx.audit("pseudonymize", "project", info.uuid, "Pseudonymized copy written")


def _finish(work: Path, target: Path, replacer: _Replacer) -> None:
    """Scrub the audit log, detach the copy from the original, and VACUUM INTO the target."""
    conn = sqlite_file.connect(work, mode="rw")
    try:
        conn.execute("BEGIN IMMEDIATE")
        rows = conn.execute("SELECT id, summary, details FROM audit_log").fetchall()
        for row_id, summary, details in rows:
            new_summary = replacer.text(summary, "audit log")
            new_details = json.dumps(replacer.deep(json.loads(details), "audit log"))
            if new_summary != summary or new_details != details:
                conn.execute(
                    "UPDATE audit_log SET summary = ?, details = ? WHERE id = ?",
                    (new_summary, new_details, row_id),
                )
        conn.execute(
            "UPDATE project SET uuid = ?, file_id = ?, parent_file_id = NULL, "
            "parent_revision = NULL",
            (new_uuid(), new_uuid()),
        )
        conn.execute("DELETE FROM merge_bases")
        conn.execute("COMMIT")
        partial = target.with_name(target.name + ".partial")
        conn.execute("VACUUM INTO ?", (str(partial),))
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    check = sqlite3.connect(partial)
    try:
        check.execute("PRAGMA journal_mode = DELETE")
    finally:
        check.close()
    with partial.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, target)
