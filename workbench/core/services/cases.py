"""Cases (participants) with typed attributes, linked to sources or to speakers in a source."""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select

from workbench.core.changes import Changes
from workbench.core.db.models import Attribute, AttributeValue, Case, CaseLink, Memo, Source
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import ValidationError
from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.services.attribute_types import check_type, from_storage, to_storage
from workbench.core.services.base import Service, clean_name, get_row
from workbench.core.services.case_csv import read_table
from workbench.core.services.row_version import expect_version
from workbench.core.text.wording import counted
from workbench.core.values import AttributeInfo, CaseInfo
from workbench.core.values import AttributeValue as Value

Scope = Literal["case", "source"]


class CaseService(Service):
    # -- cases ----------------------------------------------------------------------------------
    def add(
        self, *, name: str, coder: str, description: str = "", uuid: str | None = None
    ) -> Changes:
        name = clean_name(name, "case")
        with self.project.write(coder=coder) as tx:
            if tx.session.scalar(select(Case.id).where(Case.name == name)) is not None:
                raise ValidationError(f"There is already a case named {name!r}.")
            row = tx.add(Case, uuid=uuid, name=name, description=description)
            tx.audit("create", "case", row.uuid, f"Case {name!r} added")
        return tx.result

    def rename(
        self,
        *,
        case: str,
        name: str,
        coder: str,
        burst: str | None = None,
        expected_version: int | None = None,
    ) -> Changes:
        """Rename a case; renames of one ``burst`` share one audit entry."""
        name = clean_name(name, "case")
        with self.project.write(coder=coder, burst=burst) as tx:
            row = get_row(tx.session, Case, case, "case")
            expect_version(tx, row, expected_version, kind="case", fields=("name",))
            clash = tx.session.scalar(select(Case.id).where(Case.name == name))
            if clash is not None and clash != row.id:
                raise ValidationError(f"There is already a case named {name!r}.")
            tx.touch(row)
            old, row.name = row.name, name
            tx.audit("rename", "case", row.uuid, f"Case {old!r} renamed to {name!r}")
        return tx.result

    def delete(self, *, case: str, coder: str) -> Changes:
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Case, case, "case")
            dependants: tuple[Any, ...] = (CaseLink, AttributeValue, Memo)
            for model in dependants:
                for dep in list(tx.session.scalars(select(model).where(model.case_id == row.id))):
                    tx.delete(dep)
            tx.delete(row)
            tx.audit("delete", "case", row.uuid, f"Case {row.name!r} deleted")
        return tx.result

    def link(self, *, case: str, source: str, coder: str, speaker: str = "") -> Changes:
        """Link a case to a source (or to one speaker's turns in it, for focus groups)."""
        with self.project.write(coder=coder) as tx:
            case_row = get_row(tx.session, Case, case, "case")
            src = get_row(tx.session, Source, source, "source")
            if speaker and speaker not in src.speakers:
                raise ValidationError(f"{src.name!r} has no speaker called {speaker!r}.")
            _link(tx, case_row, src, speaker)
        return tx.result

    def unlink(self, *, case: str, source: str, coder: str, speaker: str = "") -> Changes:
        with self.project.write(coder=coder) as tx:
            case_row = get_row(tx.session, Case, case, "case")
            src = get_row(tx.session, Source, source, "source")
            link = tx.session.scalar(
                select(CaseLink).where(
                    CaseLink.case_id == case_row.id,
                    CaseLink.source_id == src.id,
                    CaseLink.speaker == speaker,
                )
            )
            if link is not None:
                tx.delete(link)
                tx.audit(
                    "unlink", "case", case_row.uuid, f"{case_row.name!r} unlinked from {src.name!r}"
                )
        return tx.result

    def list(self) -> list[CaseInfo]:
        with self.project.read() as s:
            values: dict[int, dict[str, Value]] = defaultdict(dict)
            versions: dict[int, dict[str, int]] = defaultdict(dict)
            for case_id, name, kind, value, version in s.execute(
                select(
                    AttributeValue.case_id,
                    Attribute.name,
                    Attribute.type,
                    AttributeValue.value,
                    AttributeValue.version,
                )
                .join(Attribute, Attribute.id == AttributeValue.attribute_id)
                .where(AttributeValue.case_id.is_not(None))
                .order_by(Attribute.position, Attribute.name)
            ):
                if case_id is not None:
                    values[case_id][name] = from_storage(value, kind)
                    versions[case_id][name] = version
            sources: dict[int, list[str]] = defaultdict(list)
            for case_id, source_name in s.execute(
                select(CaseLink.case_id, Source.name)
                .join(Source, Source.id == CaseLink.source_id)
                .order_by(Source.name)
            ):
                if source_name not in sources[case_id]:
                    sources[case_id].append(source_name)
            return [
                CaseInfo(
                    c.uuid,
                    c.name,
                    c.description,
                    dict(values[c.id]),
                    tuple(sources[c.id]),
                    c.version,
                    dict(versions[c.id]),
                )
                for c in s.scalars(select(Case).order_by(Case.name))
            ]

    def find(self, name: str) -> str:
        with self.project.read() as s:
            found = s.scalar(select(Case.uuid).where(Case.name == name))
        if found is None:
            from workbench.core.errors import NotFoundError

            raise NotFoundError(f"No case named {name!r} in this project.")
        return found

    # -- attributes -----------------------------------------------------------------------------
    def attributes(self, scope: Scope = "case") -> builtins.list[AttributeInfo]:
        with self.project.read() as s:
            return [
                AttributeInfo(a.uuid, a.name, a.scope, a.type, tuple(a.choices))
                for a in s.scalars(
                    select(Attribute).where(Attribute.scope == scope).order_by(Attribute.position)
                )
            ]

    def define_attribute(
        self,
        *,
        name: str,
        type: str,
        coder: str,
        scope: Scope = "case",
        choices: Sequence[str] = (),
        uuid: str | None = None,
    ) -> Changes:
        """Add an attribute of cases or of sources: text, number, date, boolean or choice."""
        name = clean_name(name, "attribute")
        with self.project.write(coder=coder) as tx:
            _define(tx, scope, name, type, choices, uuid)
        return tx.result

    def set_value(
        self,
        *,
        scope: Scope,
        item: str,
        attribute: str,
        value: Value,
        coder: str,
        burst: str | None = None,
        expected_version: int | None = None,
    ) -> Changes:
        """Set the value of attribute ``attribute`` (a name) on a case or source (a uuid);
        values set in one ``burst`` share one audit entry. ``expected_version``: the value's
        version read (``attribute_versions``; 0 for a value not set)."""
        with self.project.write(coder=coder, burst=burst) as tx:
            attr = tx.session.scalar(
                select(Attribute).where(Attribute.scope == scope, Attribute.name == attribute)
            )
            if attr is None:
                raise ValidationError(f"There is no {scope} attribute named {attribute!r}.")
            model = Case if scope == "case" else Source
            row = get_row(tx.session, model, item, scope)
            _set_value(tx, attr, scope, row.id, value, expected_version)
        return tx.result

    def import_csv(
        self,
        path: Path,
        *,
        coder: str,
        link_sources: bool = True,
        progress: Progress = NO_PROGRESS,
    ) -> Changes:
        """Import a participants table: first column the case name, each other column an
        attribute (type inferred). Cases are created or updated; a source with the same name as a
        case is linked to it. All or nothing: a bad table (or a cancel) changes nothing."""
        table = read_table(Path(path))
        with self.project.write(coder=coder) as tx:
            attrs = []
            new_attributes = 0
            for column, (kind, choices) in zip(table.columns, table.types, strict=True):
                existing = tx.session.scalar(
                    select(Attribute).where(Attribute.scope == "case", Attribute.name == column)
                )
                attrs.append(existing or _define(tx, "case", column, kind, choices, None))
                new_attributes += existing is None
            new_cases = linked = 0
            for row_number, (case_name, cells) in enumerate(table.rows, start=2):
                progress.step(row_number - 2, len(table.rows), case_name)
                case = tx.session.scalar(select(Case).where(Case.name == case_name))
                if case is None:
                    case = tx.add(Case, name=case_name, description="")
                    new_cases += 1
                for attr, cell in zip(attrs, cells, strict=True):
                    try:
                        _set_value(tx, attr, "case", case.id, cell)
                    except ValidationError as exc:
                        raise ValidationError(
                            f"{Path(path).name}, row {row_number}: {exc}"
                        ) from None
                if link_sources:
                    src = tx.session.scalar(select(Source).where(Source.name == case_name))
                    if src is not None:
                        linked += _link(tx, case, src, "")
            progress.step(len(table.rows), len(table.rows), "")
            updated = len(table.rows) - new_cases
            summary = (
                f"{counted(len(table.rows), 'participant')} from {Path(path).name} "
                f"({new_cases:,} new, {updated:,} updated), "
                f"{counted(len(attrs), 'attribute')} ({new_attributes:,} new), "
                f"{counted(linked, 'source')} newly linked"
            )
            tx.messages.append(summary)
            tx.audit("import", "case", None, f"Imported {summary}")
        return tx.result


def _define(
    tx: WriteTx, scope: str, name: str, kind: str, choices: Sequence[str], uuid: str | None
) -> Attribute:
    check_type(kind)
    if scope not in ("case", "source"):
        raise ValidationError(f"Attributes belong to cases or sources, not {scope!r}.")
    if kind == "choice" and not choices:
        raise ValidationError(f"The choice attribute {name!r} needs at least one choice.")
    exists = tx.session.scalar(
        select(Attribute.id).where(Attribute.scope == scope, Attribute.name == name)
    )
    if exists is not None:
        raise ValidationError(f"There is already a {scope} attribute named {name!r}.")
    count = len(list(tx.session.scalars(select(Attribute.id).where(Attribute.scope == scope))))
    row = tx.add(
        Attribute,
        uuid=uuid,
        name=name,
        scope=scope,
        type=kind,
        choices=list(dict.fromkeys(choices)),
        position=count,
    )
    tx.audit("create", "attribute", row.uuid, f"{scope.title()} attribute {name!r} ({kind}) added")
    return row


def _set_value(
    tx: WriteTx,
    attr: Attribute,
    scope: str,
    item_id: int,
    value: Value,
    expected_version: int | None = None,
) -> None:
    stored = to_storage(value, attr.type, attr.choices, attr.name)
    column = AttributeValue.case_id if scope == "case" else AttributeValue.source_id
    row = tx.session.scalar(
        select(AttributeValue).where(AttributeValue.attribute_id == attr.id, column == item_id)
    )
    shown = from_storage(row.value, attr.type) if row is not None else None
    expect_version(
        tx,
        row,
        expected_version,
        kind=f"{attr.name!r} value",
        theirs=lambda _row: {"value": shown},
        done=f"set {attr.name!r} to {shown!r}",
    )
    if row is None:
        if stored == "":
            return
        links: dict[str, Any] = {"case_id": item_id} if scope == "case" else {"source_id": item_id}
        tx.add(AttributeValue, attribute_id=attr.id, value=stored, **links)
    elif stored == "":
        tx.delete(row)
    elif row.value != stored:
        tx.touch(row)
        row.value = stored


def _link(tx: WriteTx, case: Case, src: Source, speaker: str) -> bool:
    """Link ``case`` to ``src`` unless it is already; True if a link was made."""
    exists = tx.session.scalar(
        select(CaseLink.id).where(
            CaseLink.case_id == case.id, CaseLink.source_id == src.id, CaseLink.speaker == speaker
        )
    )
    if exists is not None:
        return False
    tx.add(CaseLink, case_id=case.id, source_id=src.id, speaker=speaker)
    tx.audit("link", "case", case.uuid, f"{case.name!r} linked to {src.name!r}")
    return True
