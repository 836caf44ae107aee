"""The project schema as SQLAlchemy 2 typed ORM classes.

Every row a coder creates carries a stable ``uuid``, ``modified_at``/``modified_by`` and a
``version``: the project revision of the row's last change. Deleted rows leave a
:class:`Tombstone`. With both, a three-way merge of coders' copies can tell what each side
changed since they parted.

The schema is dialect-neutral: nothing here is specific to SQLite (that lives in ``sqlite_file``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.compiler import DDLCompiler

UUID_LEN = 36


class Base(DeclarativeBase):
    pass


@compiles(ForeignKeyConstraint, "postgresql")
def _deferrable_on_postgresql(
    constraint: ForeignKeyConstraint, compiler: DDLCompiler, **kw: Any
) -> str:
    """PostgreSQL defers only foreign keys declared DEFERRABLE (``defer_foreign_keys``, which a
    merge relies on); SQLite defers any, and its DDL, stored in every file, stays as it was."""
    ddl = compiler.visit_foreign_key_constraint(constraint, **kw)
    return ddl if constraint.deferrable is not None else f"{ddl} DEFERRABLE INITIALLY IMMEDIATE"


def _fk(target: str, *, nullable: bool = False) -> Mapped[Any]:
    return mapped_column(ForeignKey(target), nullable=nullable, index=True)


class Tracked:
    """Columns shared by every row a coder creates."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(UUID_LEN), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    modified_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    modified_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class ProjectInfo(Base):
    """The single row describing the project and this file."""

    __tablename__ = "project"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(UUID_LEN), nullable=False)
    file_id: Mapped[str] = mapped_column(String(UUID_LEN), nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    modified_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    modified_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    parent_file_id: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    parent_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Rewritten with every text change; keys the disposable search index kept outside the file.
    text_token: Mapped[str] = mapped_column(String(UUID_LEN), nullable=False)
    codebook_changed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Project-wide choices shared by everyone who opens the file (e.g. whose codings reports count).
    settings: Mapped[dict[str, Any]] = mapped_column(
        JSON, nullable=False, default=dict, server_default=text("'{}'")
    )

    @classmethod
    def new(cls, *, name: str, description: str = "") -> ProjectInfo:
        """The row of a new, empty project: fresh ids, revision 0."""
        now = datetime.now(UTC).replace(tzinfo=None)
        return cls(
            id=1,
            uuid=str(uuid4()),
            file_id=str(uuid4()),
            name=name,
            description=description,
            created_at=now,
            modified_at=now,
            revision=0,
            version=0,
            text_token=str(uuid4()),
        )


class Coder(Tracked, Base):
    __tablename__ = "coders"
    name: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    color: Mapped[str] = mapped_column(String(9), nullable=False)


class Source(Tracked, Base):
    __tablename__ = "sources"
    name: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    # Deferred: loading a source row for its name or length must not read its whole text.
    text: Mapped[str] = mapped_column(Text, nullable=False, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    length: Mapped[int] = mapped_column(Integer, nullable=False)
    original_name: Mapped[str] = mapped_column(Text, nullable=False, default="")
    original_format: Mapped[str] = mapped_column(String(16), nullable=False, default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    imported_by_id: Mapped[int | None] = _fk("coders.id", nullable=True)
    speakers: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    meta: Mapped[dict[str, Any]] = mapped_column(
        "metadata", JSON, nullable=False, default=dict, deferred=True
    )


class Code(Tracked, Base):
    __tablename__ = "codes"
    parent_id: Mapped[int | None] = _fk("codes.id", nullable=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    color: Mapped[str] = mapped_column(String(9), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    inclusion: Mapped[str] = mapped_column(Text, nullable=False, default="")
    exclusion: Mapped[str] = mapped_column(Text, nullable=False, default="")
    example: Mapped[str] = mapped_column(Text, nullable=False, default="")
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # False: a category that only groups sub-codes; it cannot be applied to text.
    codable: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=True, server_default=true()
    )
    created_by_id: Mapped[int | None] = _fk("coders.id", nullable=True)
    __table_args__ = (
        UniqueConstraint("parent_id", "name", name="uq_code_sibling_name"),
        # NULLs are distinct in a unique constraint: top-level names need their own index.
        Index(
            "uq_code_root_name",
            "name",
            unique=True,
            sqlite_where=text("parent_id IS NULL"),
            postgresql_where=text("parent_id IS NULL"),
        ),
    )


class Coding(Tracked, Base):
    __tablename__ = "codings"
    source_id: Mapped[int] = _fk("sources.id")
    # Indexed by ix_codings_code_source, which also serves the code tree's per-code counts.
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id"), nullable=False)
    coder_id: Mapped[int] = _fk("coders.id")
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    __table_args__ = (
        Index("ix_codings_source_start", "source_id", "start"),
        Index("ix_codings_code_source", "code_id", "source_id"),
        UniqueConstraint("source_id", "code_id", "coder_id", "start", "end", name="uq_coding"),
        CheckConstraint('0 <= start AND start < "end"', name="ck_coding_range"),
    )


class Media(Tracked, Base):
    """The recording of a source: linked by path (relative to the project's folder when it lies
    under it), recognised by size and sha256 wherever it moves; embedded only by choice."""

    __tablename__ = "media"
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)
    path: Mapped[str] = mapped_column(Text, nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    duration_ms: Mapped[int] = mapped_column(Integer, nullable=False)
    format: Mapped[str] = mapped_column(String(32), nullable=False)
    # Deferred: reading a media row for its path must not read an embedded recording.
    embedded: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    __table_args__ = (CheckConstraint("kind IN ('audio', 'video')", name="ck_media_kind"),)


class MediaCoding(Tracked, Base):
    """A code applied by one coder to a time range of a source's recording (milliseconds)."""

    __tablename__ = "media_codings"
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), nullable=False)
    # Indexed by ix_media_codings_code_source, which also serves the code tree's counts.
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id"), nullable=False)
    coder_id: Mapped[int] = _fk("coders.id")
    start_ms: Mapped[int] = mapped_column(Integer, nullable=False)
    end_ms: Mapped[int] = mapped_column(Integer, nullable=False)
    __table_args__ = (
        Index("ix_media_codings_source_start", "source_id", "start_ms"),
        Index("ix_media_codings_code_source", "code_id", "source_id"),
        UniqueConstraint(
            "source_id", "code_id", "coder_id", "start_ms", "end_ms", name="uq_media_coding"
        ),
        CheckConstraint("0 <= start_ms AND start_ms < end_ms", name="ck_media_coding_range"),
    )


class Annotation(Tracked, Base):
    __tablename__ = "annotations"
    source_id: Mapped[int] = _fk("sources.id")
    coder_id: Mapped[int] = _fk("coders.id")
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    __table_args__ = (
        Index("ix_annotations_source_start", "source_id", "start"),
        CheckConstraint('0 <= start AND start < "end"', name="ck_annotation_range"),
    )


class Case(Tracked, Base):
    __tablename__ = "cases"
    name: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")


class CaseLink(Tracked, Base):
    """A case linked to a source, or (for focus groups) to one speaker within a source."""

    __tablename__ = "case_links"
    case_id: Mapped[int] = _fk("cases.id")
    source_id: Mapped[int] = _fk("sources.id")
    speaker: Mapped[str] = mapped_column(Text, nullable=False, default="")
    __table_args__ = (UniqueConstraint("case_id", "source_id", "speaker", name="uq_case_link"),)


class Memo(Tracked, Base):
    """A memo attached to the project (no target) or to exactly one item."""

    __tablename__ = "memos"
    author_id: Mapped[int] = _fk("coders.id")
    title: Mapped[str] = mapped_column(Text, nullable=False, default="")
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    target_kind: Mapped[str] = mapped_column(String(16), nullable=False)
    source_id: Mapped[int | None] = _fk("sources.id", nullable=True)
    code_id: Mapped[int | None] = _fk("codes.id", nullable=True)
    coding_id: Mapped[int | None] = _fk("codings.id", nullable=True)
    annotation_id: Mapped[int | None] = _fk("annotations.id", nullable=True)
    case_id: Mapped[int | None] = _fk("cases.id", nullable=True)


class Attribute(Tracked, Base):
    """A typed attribute of cases or of sources (age group, sector, interview date…)."""

    __tablename__ = "attributes"
    name: Mapped[str] = mapped_column(Text, nullable=False)
    scope: Mapped[str] = mapped_column(String(8), nullable=False)
    type: Mapped[str] = mapped_column(String(8), nullable=False)
    choices: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    __table_args__ = (
        UniqueConstraint("scope", "name", name="uq_attribute_name"),
        CheckConstraint("scope IN ('case', 'source')", name="ck_attribute_scope"),
    )


class AttributeValue(Tracked, Base):
    __tablename__ = "attribute_values"
    attribute_id: Mapped[int] = _fk("attributes.id")
    case_id: Mapped[int | None] = _fk("cases.id", nullable=True)
    source_id: Mapped[int | None] = _fk("sources.id", nullable=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    __table_args__ = (
        UniqueConstraint("attribute_id", "case_id", name="uq_case_value"),
        UniqueConstraint("attribute_id", "source_id", name="uq_source_value"),
    )


class ItemSet(Tracked, Base):
    __tablename__ = "sets"
    name: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)
    __table_args__ = (UniqueConstraint("kind", "name", name="uq_set_name"),)


class SetMember(Tracked, Base):
    __tablename__ = "set_members"
    set_id: Mapped[int] = _fk("sets.id")
    source_id: Mapped[int | None] = _fk("sources.id", nullable=True)
    code_id: Mapped[int | None] = _fk("codes.id", nullable=True)
    __table_args__ = (
        UniqueConstraint("set_id", "source_id", name="uq_set_source"),
        UniqueConstraint("set_id", "code_id", name="uq_set_code"),
    )


class SourceStatus(Tracked, Base):
    """One coder's "done" mark on one source."""

    __tablename__ = "source_status"
    source_id: Mapped[int] = _fk("sources.id")
    coder_id: Mapped[int] = _fk("coders.id")
    done: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    __table_args__ = (UniqueConstraint("source_id", "coder_id", name="uq_source_status"),)


class CodeRelation(Tracked, Base):
    __tablename__ = "code_relations"
    from_code_id: Mapped[int] = _fk("codes.id")
    to_code_id: Mapped[int] = _fk("codes.id")
    label: Mapped[str] = mapped_column(Text, nullable=False, default="")


class MapPosition(Tracked, Base):
    __tablename__ = "map_positions"
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id"), nullable=False, unique=True)
    x: Mapped[float] = mapped_column(Float, nullable=False)
    y: Mapped[float] = mapped_column(Float, nullable=False)


class Tombstone(Base):
    """What remains of a deleted row: enough for a merge to know it was deleted, and when."""

    __tablename__ = "tombstones"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(UUID_LEN), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    deleted_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    deleted_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)


class MergeBase(Base):
    """A point both this file and another copy of the project agree on, for three-way merges.

    Rows of the other file with ``version > other_revision`` changed since then; rows of this
    file changed since then if ``version > own_revision`` or their uuid is in ``diverged`` (this
    file kept a value the other copy did not have at that point). Written into a copy when it is
    made, and into a file after each merge of another copy into it.
    """

    __tablename__ = "merge_bases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    other_file_id: Mapped[str] = mapped_column(String(UUID_LEN), nullable=False, unique=True)
    other_revision: Mapped[int] = mapped_column(Integer, nullable=False)
    own_revision: Mapped[int] = mapped_column(Integer, nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    how: Mapped[str] = mapped_column(String(8), nullable=False)
    diverged: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)


class AuditEntry(Base):
    """Append-only log of every create, edit, delete, merge and import."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    coder_uuid: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    coder_name: Mapped[str] = mapped_column(Text, nullable=False, default="")
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    entity_kind: Mapped[str] = mapped_column(String(24), nullable=False)
    entity_uuid: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)


TRACKED_MODELS: dict[str, type[Tracked]] = {
    "coder": Coder,
    "source": Source,
    "code": Code,
    "coding": Coding,
    "annotation": Annotation,
    "case": Case,
    "case_link": CaseLink,
    "memo": Memo,
    "attribute": Attribute,
    "attribute_value": AttributeValue,
    "set": ItemSet,
    "set_member": SetMember,
    "source_status": SourceStatus,
    "relation": CodeRelation,
    "map_position": MapPosition,
    "media": Media,
    "media_coding": MediaCoding,
}
