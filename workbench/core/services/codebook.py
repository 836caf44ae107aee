"""Editing the codebook: add, rename, recolor, define, move, merge, split and delete codes."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Literal

from sqlalchemy import func, select

from workbench.core.changes import Changes
from workbench.core.codebook_json import CodeSpec
from workbench.core.db.models import Code, Coding, MediaCoding
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.palette import distinct_color, is_color, shade_of
from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.services.base import Service, clean_name, get_row
from workbench.core.services.codebook_ops import (
    check_sibling_name,
    children,
    delete_code,
    delete_subtree,
    end_position,
    get_row_by_id,
    is_descendant,
    merge_rows,
    move_codings,
    nothing,
    place,
    placement,
)
from workbench.core.services.codebook_tree import (
    MaskCache,
    build_tree,
    code_path,
    find_code_id,
    flatten,
)
from workbench.core.services.count_delta import coding_moves, counted_forest
from workbench.core.services.row_version import expect_version
from workbench.core.text.controls import replace_controls
from workbench.core.text.wording import counted
from workbench.core.values import CodeNode

if TYPE_CHECKING:
    from workbench.core.project import Project

DeleteMode = Literal["refuse", "move_up", "delete_all"]


class CodebookService(Service):
    """The hierarchical codebook. Codes are addressed by uuid; ``find`` turns a path into one."""

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self._masks = MaskCache()

    # -- queries ------------------------------------------------------------------------------
    def tree(self, *, with_counts: bool = True) -> list[CodeNode]:
        """Root codes (themes) with their children, own counts and roll-up counts."""
        with self.project.read() as s:
            return build_tree(s, with_counts=with_counts, cache=self._masks)

    def counted_after(
        self, forest: list[CodeNode], changes: Sequence[Changes]
    ) -> list[CodeNode] | None:
        """``forest`` (``tree()`` before a run of consecutive ``changes``) with its counts
        brought up to date by delta: only the codes whose codings changed and their ancestors
        are counted again. None when a full ``tree()`` is needed."""
        with self.project.read() as s:
            moves = coding_moves(s, changes)
            return None if moves is None else counted_forest(s, forest, moves)

    def all(self) -> list[CodeNode]:
        """Every code, in tree order."""
        return flatten(self.tree())

    def get(self, code: str) -> CodeNode:
        for node in self.all():
            if node.uuid == code:
                return node
        raise NotFoundError(f"No code with id {code} in this project.")

    def find(self, path: str) -> str:
        """The uuid of the code at ``path`` ("Theme/Category/Concept")."""
        with self.project.read() as s:
            code_id = find_code_id(s, path)
            return str(s.scalar(select(Code.uuid).where(Code.id == code_id)))

    def name(self, code: str) -> str:
        """A code's name (one row; ``get`` builds the whole tree with counts)."""
        with self.project.read() as s:
            return get_row(s, Code, code, "code").name

    def path(self, code: str) -> str:
        with self.project.read() as s:
            return code_path(s, get_row(s, Code, code, "code").id)

    def import_tree(
        self, *, codes: Sequence[CodeSpec], coder: str, progress: Progress = NO_PROGRESS
    ) -> Changes:
        """Add a codebook (e.g. from ``load_codebook``) in one transaction, merging by path;
        ``progress`` steps per top-level code (a cancel changes nothing)."""
        with self.project.write(coder=coder) as tx:
            created = 0
            for index, spec in enumerate(codes):
                progress.step(index, len(codes), spec.name)
                created += import_specs(tx, [spec], None)  # top level: no shade by index
            progress.step(len(codes), len(codes), "")
            tx.audit("import", "code", None, f"Codebook imported: {counted(created, 'code')} added")
        return tx.result

    # -- edits --------------------------------------------------------------------------------
    def add(
        self,
        *,
        name: str,
        coder: str,
        parent: str | None = None,
        color: str | None = None,
        description: str = "",
        inclusion: str = "",
        exclusion: str = "",
        example: str = "",
        position: int | None = None,
        uuid: str | None = None,
    ) -> Changes:
        """Add a code (under ``parent``, or as a theme); its uuid is ``Changes.created[0]``."""
        name = clean_name(name, "code")
        if color is not None and not is_color(color):
            raise ValidationError(f"{color!r} is not a colour of the form #RRGGBB.")
        with self.project.write(coder=coder) as tx:
            parent_row = get_row(tx.session, Code, parent, "parent code") if parent else None
            parent_id = parent_row.id if parent_row else None
            check_sibling_name(tx, parent_id, name)
            count = tx.session.scalar(select(func.count()).select_from(Code)) or 0
            row = tx.add(
                Code,
                uuid=uuid,
                parent_id=parent_id,
                name=name,
                color=color or distinct_color(int(count)),
                description=description,
                inclusion=inclusion,
                exclusion=exclusion,
                example=example,
                position=end_position(tx, parent_id),
                created_by_id=tx.coder.id,
            )
            if position is not None:
                place(tx, row, position)
            tx.audit("create", "code", row.uuid, f"Code {code_path(tx.session, row.id)!r} added")
        return tx.result

    def rename(
        self,
        *,
        code: str,
        name: str,
        coder: str,
        burst: str | None = None,
        expected_version: int | None = None,
    ) -> Changes:
        """Rename a code; renames of one ``burst`` share one audit entry. With
        ``expected_version`` (the ``CodeNode.version`` read), a code changed since is refused
        with ConflictError."""
        name = clean_name(name, "code")
        with self.project.write(coder=coder, burst=burst) as tx:
            row = get_row(tx.session, Code, code, "code")
            expect_version(tx, row, expected_version, kind="code", fields=("name",))
            if row.name == name:
                return nothing(tx)
            check_sibling_name(tx, row.parent_id, name, exclude=row.id)
            old = code_path(tx.session, row.id)
            tx.touch(row)
            row.name = name
            tx.audit("rename", "code", row.uuid, f"Code {old!r} renamed to {name!r}", old=old)
        return tx.result

    def recolor(
        self, *, code: str, color: str, coder: str, expected_version: int | None = None
    ) -> Changes:
        if not is_color(color):
            raise ValidationError(f"{color!r} is not a colour of the form #RRGGBB.")
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Code, code, "code")
            expect_version(tx, row, expected_version, kind="code", fields=("color",))
            tx.touch(row)
            row.color = color.lower()
            tx.audit("recolor", "code", row.uuid, f"Code {row.name!r} recoloured {color}")
        return tx.result

    def define(
        self,
        *,
        code: str,
        coder: str,
        description: str | None = None,
        inclusion: str | None = None,
        exclusion: str | None = None,
        example: str | None = None,
        burst: str | None = None,
        expected_version: int | None = None,
    ) -> Changes:
        """Edit a code's definition fields (None leaves a field as it is); edits of one
        ``burst`` share one audit entry."""
        fields = {
            "description": description,
            "inclusion": inclusion,
            "exclusion": exclusion,
            "example": example,
        }
        with self.project.write(coder=coder, burst=burst) as tx:
            row = get_row(tx.session, Code, code, "code")
            expect_version(tx, row, expected_version, kind="code", fields=tuple(fields))
            edits = {k: v for k, v in fields.items() if v is not None and getattr(row, k) != v}
            if not edits:
                return nothing(tx)
            tx.touch(row)
            for key, value in edits.items():
                setattr(row, key, value)
            tx.audit(
                "define",
                "code",
                row.uuid,
                f"Definition of {code_path(tx.session, row.id)!r} edited ({', '.join(edits)})",
            )
        return tx.result

    def set_codable(
        self, *, code: str, codable: bool, coder: str, expected_version: int | None = None
    ) -> Changes:
        """Let a code be applied to text, or make it a category that only groups its
        sub-codes (codings it already has stay)."""
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Code, code, "code")
            expect_version(tx, row, expected_version, kind="code", fields=("codable",))
            if row.codable == codable:
                return nothing(tx)
            tx.touch(row)
            row.codable = codable
            what = "can be applied to text" if codable else "is a category only"
            tx.audit("define", "code", row.uuid, f"{code_path(tx.session, row.id)!r} {what}")
        return tx.result

    def move(
        self,
        *,
        code: str,
        parent: str | None,
        coder: str,
        position: int | None = None,
        expected_version: int | None = None,
    ) -> Changes:
        """Re-parent a code (None: make it a theme) and/or place it at ``position``."""
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Code, code, "code")
            theirs = partial(placement, tx)
            expect_version(tx, row, expected_version, kind="code", theirs=theirs)
            parent_row = get_row(tx.session, Code, parent, "parent code") if parent else None
            parent_id = parent_row.id if parent_row else None
            if parent_id is not None and (
                parent_id == row.id or is_descendant(tx, parent_id, row.id)
            ):
                raise ValidationError(
                    f"Cannot move {row.name!r} under itself or one of its own sub-codes."
                )
            old = code_path(tx.session, row.id)
            if parent_id != row.parent_id:
                check_sibling_name(tx, parent_id, row.name, exclude=row.id)
                tx.touch(row)
                row.parent_id = parent_id
                row.position = end_position(tx, parent_id, exclude=row.id)
                tx.session.flush()
            if position is not None:
                place(tx, row, position)
            new = code_path(tx.session, row.id)
            tx.audit("move", "code", row.uuid, f"Code {old!r} moved to {new!r}", old=old)
        return tx.result

    def merge(self, *, code: str, into: str, coder: str) -> Changes:
        """Merge ``code`` into ``into``: its codings, sub-codes, memos and relations move over,
        duplicate codings collapse, and ``code`` is deleted. ``Changes.undo`` reverses it."""
        with self.project.write(coder=coder) as tx:
            src = get_row(tx.session, Code, code, "code")
            dst = get_row(tx.session, Code, into, "code")
            if src.id == dst.id:
                raise ValidationError("A code cannot be merged into itself.")
            if is_descendant(tx, dst.id, src.id):
                raise ValidationError(
                    f"Cannot merge {src.name!r} into one of its own sub-codes; move that "
                    "sub-code out first."
                )
            if not dst.codable and tx.session.scalar(
                select(Coding.id).where(Coding.code_id == src.id).limit(1)
            ):
                raise ValidationError(
                    f"{dst.name!r} is a category for grouping codes and cannot take the codings "
                    f"of {src.name!r}; merge into one of its sub-codes, or move {src.name!r} "
                    "under it instead."
                )
            label = (
                f"{code_path(tx.session, src.id)!r} merged into {code_path(tx.session, dst.id)!r}"
            )
            merge_rows(tx, src, dst)
            tx.audit("merge", "code", dst.uuid, f"Code {label}", merged=src.uuid)
        return tx.result

    def split(
        self,
        *,
        code: str,
        codings: Sequence[str],
        name: str,
        coder: str,
        uuid: str | None = None,
    ) -> Changes:
        """Create a child code ``name`` of ``code`` and move the chosen codings to it."""
        name = clean_name(name, "code")
        if not codings:
            raise ValidationError("Choose at least one coded segment to split off.")
        with self.project.write(coder=coder) as tx:
            parent = get_row(tx.session, Code, code, "code")
            check_sibling_name(tx, parent.id, name)
            count = tx.session.scalar(select(func.count()).select_from(Code)) or 0
            child = tx.add(
                Code,
                uuid=uuid,
                parent_id=parent.id,
                name=name,
                color=distinct_color(int(count)),
                position=end_position(tx, parent.id),
                created_by_id=tx.coder.id,
            )
            for coding_uuid in codings:
                coding = get_row(tx.session, Coding, coding_uuid, "coded segment")
                if coding.code_id != parent.id:
                    raise ValidationError("Only segments coded with the code being split can move.")
                tx.touch(coding)
                coding.code_id = child.id
            tx.audit(
                "split",
                "code",
                child.uuid,
                f"{counted(len(codings), 'segment')} of {code_path(tx.session, parent.id)!r} "
                f"split off into {name!r}",
                parent=parent.uuid,
            )
        return tx.result

    def delete(self, *, code: str, coder: str, mode: DeleteMode = "refuse") -> Changes:
        """Delete a code. With codings or sub-codes, ``mode`` must say what happens to them:
        ``move_up`` gives them to the parent (sub-codes become siblings), ``delete_all`` deletes
        them too. ``refuse`` (the default) raises ValidationError in that case."""
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Code, code, "code")
            path = code_path(tx.session, row.id)
            kids = children(tx, row.id)
            n_codings = sum(
                tx.session.scalar(
                    select(func.count()).select_from(model).where(model.code_id == row.id)
                )
                or 0
                for model in (Coding, MediaCoding)
            )
            if (kids or n_codings) and mode == "refuse":
                raise ValidationError(
                    f"{path!r} has {counted(len(kids), 'sub-code')} and "
                    f"{counted(n_codings, 'coded segment')}. "
                    "Choose to move them up to the parent or to delete them all."
                )
            if mode == "move_up" and (kids or n_codings):
                if row.parent_id is None and n_codings:
                    raise ValidationError(
                        f"{path!r} is a theme: its coded segments have no parent code to move to. "
                        "Merge it into another code, or delete it with all its segments."
                    )
                for child in kids:
                    check_sibling_name(tx, row.parent_id, child.name, exclude=child.id)
                    tx.touch(child)
                    child.parent_id = row.parent_id
                if row.parent_id is not None:
                    parent = get_row_by_id(tx, row.parent_id)
                    if n_codings and not parent.codable:
                        raise ValidationError(
                            f"{parent.name!r} is a category for grouping codes and cannot take "
                            f"the coded segments of {path!r}; merge {path!r} into another code, "
                            "or delete it with all its segments."
                        )
                    move_codings(tx, row, parent)
                tx.session.flush()
                delete_code(tx, row)
            else:
                delete_subtree(tx, row)
            tx.audit("delete", "code", row.uuid, f"Code {path!r} deleted ({mode})")
        return tx.result


def import_specs(
    tx: WriteTx, specs: Sequence[CodeSpec], parent_id: int | None, parent_color: str | None = None
) -> int:
    """Create the codes in ``specs`` under ``parent_id``; an existing code of the same name is
    kept, its empty definition fields filled in. A sub-code given no colour gets a shade of its
    parent's. Returns the number of codes created."""
    created = 0
    for index, spec in enumerate(specs):
        name = replace_controls(spec.name)  # taken from a file: replaced, not refused
        condition = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
        row = tx.session.scalar(select(Code).where(condition, Code.name == name))
        if row is None:
            count = tx.session.scalar(select(func.count()).select_from(Code)) or 0
            row = tx.add(
                Code,
                parent_id=parent_id,
                name=name,
                color=spec.color
                or (shade_of(parent_color, index) if parent_color else distinct_color(int(count))),
                description=spec.description,
                inclusion=spec.inclusion,
                exclusion=spec.exclusion,
                example=spec.example,
                position=end_position(tx, parent_id),
                codable=spec.codable,
                created_by_id=tx.coder.id,
            )
            created += 1
        else:
            fill = {
                key: getattr(spec, key)
                for key in ("description", "inclusion", "exclusion", "example")
                if getattr(spec, key) and not getattr(row, key)
            }
            if fill:
                tx.touch(row)
                for key, value in fill.items():
                    setattr(row, key, value)
        created += import_specs(tx, spec.children, row.id, row.color)
    return created
