"""REFI-QDA codebook exchange (.qdc): export the code tree, or add one to an existing project.

An imported codebook is merged: a code matches an existing one by GUID (our uuid), then by name
under the same parent; a match keeps its place and name and only gains definition fields it
lacked. New codes keep their GUID as uuid, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from lxml import etree

from workbench.core.db.codebook_rows import (
    code_memo_count,
    code_records,
    code_set_named,
    set_code_ids,
    set_code_uuids,
    set_record,
)
from workbench.core.db.project_rows import set_rows
from workbench.core.db.transaction import WriteTx, new_uuid
from workbench.core.palette import distinct_color
from workbench.core.project import Project
from workbench.core.refi.archive import write_atomically
from workbench.core.refi.codec import (
    EMPTY_SET,
    Definition,
    decode_definition,
    empty_set_kind,
    encode_definition,
    normalize_color,
)
from workbench.core.refi.errors import InvalidRefiFileError, RefiError, SchemaViolationError
from workbench.core.refi.import_rows import clean, unique
from workbench.core.refi.model import RCode
from workbench.core.refi.qde_document import ORIGIN
from workbench.core.refi.qdpx_reader import read_code
from workbench.core.refi.report import ExchangeReport, ReportBuilder
from workbench.core.refi.xmlsafe import (
    CODEBOOK_NS,
    Element,
    attr,
    kid,
    kid_text,
    kids,
    local,
    namespace,
    norm_guid,
    parse_xml,
    schema_errors,
    xml_safe,
)
from workbench.core.services.codebook_tree import (
    children_by_parent,
    load_code_rows,
    next_position,
)
from workbench.core.text.wording import counted

if TYPE_CHECKING:  # annotations only: the merge holds code rows the readers hand it
    from workbench.core.db.models import Code

MAX_QDC_BYTES = 64 * 1024 * 1024


def export_qdc(project: Project, out: Path | str, *, overwrite: bool = False) -> ExchangeReport:
    """Write the project's codebook (and its code sets) to ``out`` as a REFI-QDA .qdc."""
    out = Path(out)
    report = ReportBuilder(out)
    report.origin = ORIGIN
    with project.read() as s:
        children = children_by_parent(load_code_rows(s))
        code_memos = code_memo_count(s)
        sets = set_rows(s)
        members = set_code_uuids(s)
    if not children.get(None):
        raise RefiError(
            out,
            "was not written: the project has no codes, and a REFI-QDA codebook needs one.",
        )
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS})
    root.set("origin", ORIGIN)
    writer = _Writer(report)
    writer.codes(writer.el(root, "Codes"), children, None)
    code_sets = sorted((s for s in sets if s.kind == "code"), key=lambda s: s.name)
    report.skip("memos on codes (a codebook file has no notes)", code_memos)
    report.skip(
        "sets of sources (a codebook file holds code sets only)", len(sets) - len(code_sets)
    )
    if code_sets:
        node = writer.el(root, "Sets")
        for item in code_sets:
            element = writer.el(node, "Set", guid=item.uuid, name=item.name)
            uuids = [uuid for set_id, uuid in members if set_id == item.id]
            if not uuids:
                writer.el(element, "Description", EMPTY_SET["code"])
            for uuid in uuids:
                writer.el(element, "MemberCode", guid=uuid)
            report.count("sets")
    problems = schema_errors(root, "codebook")
    if problems:
        raise SchemaViolationError(
            out,
            f"the codebook does not validate against the REFI-QDA schema ({problems[0]}); "
            "nothing was written.",
            "Please report this as a bug.",
        )
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def write(fh: BinaryIO) -> None:
        fh.write(data)

    write_atomically(out, write, overwrite=overwrite)
    return report.build()


class _Writer:
    def __init__(self, report: ReportBuilder) -> None:
        self.report = report

    def el(self, parent: Element, tag: str, text: str | None = None, **attrs: Any) -> Element:
        node = etree.SubElement(parent, f"{{{CODEBOOK_NS}}}{tag}")
        for key, value in attrs.items():
            node.set(key, self.safe(str(value)))
        if text is not None:
            node.text = self.safe(text)
        return node

    def safe(self, text: str) -> str:
        cleaned, bad = xml_safe(text)
        self.report.warn("characters XML cannot hold were replaced by �", bad)
        return cleaned

    def codes(self, parent: Element, children: dict[Any, list[Any]], parent_id: int | None) -> None:
        for row in children.get(parent_id, []):
            code_id, uuid, _, name, color, description, inclusion, exclusion, example = row[:9]
            ok = row[10]
            codable = "true" if ok else "false"
            node = self.el(parent, "Code", guid=uuid, name=name, isCodable=codable, color=color)
            text = encode_definition(Definition(description, inclusion, exclusion, example))
            if text:
                self.el(node, "Description", text)
            self.report.count("codes")
            self.codes(node, children, code_id)


def import_qdc(project: Project, qdc: Path | str, *, coder: str) -> ExchangeReport:
    """Add the codebook in ``qdc`` to ``project`` in one transaction (see the module notes).

    Raises a RefiError subclass for an unreadable, unsafe or foreign file (nothing changes)."""
    path = Path(qdc)
    report = ReportBuilder(path)
    root = _read(path)
    report.origin = attr(root, "origin") or ""
    if namespace(root) != CODEBOOK_NS:
        report.warn(f"uses the namespace {namespace(root) or '(none)'!r}; read leniently")
    else:
        problems = schema_errors(root, "codebook")
        if problems:
            report.warn(f"does not follow the REFI-QDA schema ({problems[0]}); read leniently")
    codes_el = kid(root, "Codes")
    codes = [read_code(el) for el in kids(codes_el, "Code")] if codes_el is not None else []
    if not codes:
        raise InvalidRefiFileError(path, "holds no codes.", "Nothing was imported.")
    with project.write(coder=coder) as tx:
        merger = _Merger(tx, report)
        merger.codes(codes, None)
        sets = kid(root, "Sets")
        for item in kids(sets, "Set") if sets is not None else ():
            merger.code_set(item)
        tx.audit(
            "import",
            "code",
            None,
            f"Codebook imported from REFI-QDA file {path.name}: "
            f"{counted(report.counts['codes'], 'code')} added",
        )
    return report.build(tx.result)


def _read(path: Path) -> Element:
    try:
        size = path.stat().st_size
        if size > MAX_QDC_BYTES:
            raise InvalidRefiFileError(path, f"is too large for a codebook ({size:,} bytes).")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidRefiFileError(path, "does not exist.") from None
    except OSError as exc:
        raise InvalidRefiFileError(path, f"cannot be read ({exc.strerror}).") from None
    if data.startswith(b"PK\x03\x04"):
        raise InvalidRefiFileError(
            path,
            "is a ZIP archive, not a codebook.",
            "A .qdpx project is imported with import-qdpx.",
        )
    root = parse_xml(data, path, "the codebook")
    if local(root) != "CodeBook":
        raise InvalidRefiFileError(
            path,
            f"starts with <{local(root)}>, not <CodeBook>, so it is not a REFI-QDA codebook.",
        )
    return root


class _Merger:
    """Adds codes and code sets to an existing codebook inside one transaction."""

    def __init__(self, tx: WriteTx, report: ReportBuilder) -> None:
        self.tx = tx
        self.report = report
        rows = code_records(tx.session)
        self.by_uuid = {r.uuid: r for r in rows}
        self.by_name = {(r.parent_id, r.name): r for r in rows}
        self.matched: dict[str, Code] = {}
        self.created: set[str] = set()

    def codes(self, codes: list[RCode], parent_id: int | None) -> None:
        for code in codes:
            name = clean(code.name, "Unnamed code")
            by_uuid = None if code.guid in self.created else self.by_uuid.get(code.guid or "")
            row = by_uuid or self.by_name.get((parent_id, name))
            definition = decode_definition(code.description)
            if row is None:
                row = self._add(code, name, parent_id, definition)
            else:
                self._fill(row, definition)
                self.report.warn("codes already in the project were kept as they are")
            if code.guid is not None:
                self.matched.setdefault(code.guid, row)
            self.codes(code.children, row.id)

    def _add(self, code: RCode, name: str, parent_id: int | None, d: Definition) -> Code:
        color = normalize_color(code.color)
        if code.color and color is None:
            self.report.warn("code colours that are not #RRGGBB were replaced")
        taken = {n for (p, n) in self.by_name if p == parent_id}
        uuid = code.guid if code.guid and code.guid not in self.by_uuid else new_uuid()
        row = self.tx.add(
            "code",
            uuid=uuid,
            parent_id=parent_id,
            name=unique(name, taken),
            color=color or distinct_color(len(self.by_uuid)),
            description=d.description,
            inclusion=d.inclusion,
            exclusion=d.exclusion,
            example=d.example,
            position=next_position(self.tx.session, parent_id),
            codable=code.codable,
            created_by_id=self.tx.coder.id,
        )
        self.by_uuid[row.uuid] = row
        self.by_name[(parent_id, row.name)] = row
        self.created.add(row.uuid)
        self.report.count("codes")
        return row

    def _fill(self, row: Code, d: Definition) -> None:
        fill = {k: v for k, v in vars(d).items() if v and not getattr(row, k)}
        if fill:
            self.tx.touch(row)
            for key, value in fill.items():
                setattr(row, key, value)

    def code_set(self, el: Element) -> None:
        guid = norm_guid(attr(el, "guid"))
        name = clean(attr(el, "name") or "", "Unnamed set")
        row = set_record(self.tx.session, guid or "")
        if row is not None and row.kind != "code":
            row, guid = None, None
        if row is None:
            row = code_set_named(self.tx.session, name)
        if row is None:
            row = self.tx.add("set", uuid=guid, name=name, kind="code")
            self.report.count("sets")
        description = kid_text(el, "Description")
        if (description or "").strip() and empty_set_kind(description) is None:
            self.report.skip("descriptions of sets")
        present = set_code_ids(self.tx.session, row.id)
        for member in kids(el, "MemberCode"):
            target = norm_guid(attr(member, "guid") or attr(member, "targetGUID"))
            code = self.matched.get(target or "") or self.by_uuid.get(target or "")
            if code is None:
                self.report.skip("set members that are not codes of this codebook")
            elif code.id not in present:
                present.add(code.id)
                self.tx.add("set_member", flush=False, set_id=row.id, code_id=code.id)
