"""The second half of a REFI-QDA import: cases, links (code relations, or notes attached by a
link) and sets — all inside the import's one transaction. Notes follow in import_notes.py."""

from __future__ import annotations

from typing import Any

from workbench.core.refi.codec import empty_set_kind
from workbench.core.refi.import_rows import (
    RowImporter,
    clean,
    is_source_case,
    unique,
)


def import_cases(imp: RowImporter) -> None:
    names: set[str] = set()
    for case in imp.doc.cases:
        if is_source_case(case.name, case.sources, case.selections):
            source = imp.sources.get(case.sources[0])
            if source is None:
                imp.report.skip("variable values of sources that were not imported")
                continue
            imp.set_values(case.values, "source", source)
            imp.report.warn("unnamed cases holding one source's variables became source attributes")
            continue
        fallback = f"Case {case.guid[:8]}" if case.guid else "Unnamed case"
        row = imp.tx.add(
            "case",
            uuid=imp.uuid_for(case.guid),
            name=unique(clean(case.name or "", fallback), names),
            description=case.description,
        )
        if case.guid is not None:
            imp.cases.setdefault(case.guid, row.id)
        imp.set_values(case.values, "case", row.id)
        linked: set[int] = set()
        for guid in case.sources:
            source = imp.sources.get(guid)
            if source is None:
                imp.report.skip("links from cases to sources that were not imported")
            elif source not in linked:
                linked.add(source)
                imp.tx.add("case_link", flush=False, case_id=row.id, source_id=source, speaker="")
        for guid in case.selections:
            selection = imp.selections.get(guid)
            if selection is None:
                imp.report.skip("links from cases to selections that were not imported")
                continue
            imp.report.warn("cases linked to a text selection were linked to its whole source")
            if selection.source_id not in linked:
                linked.add(selection.source_id)
                imp.tx.add(
                    "case_link",
                    flush=False,
                    case_id=row.id,
                    source_id=selection.source_id,
                    speaker="",
                )
        imp.report.skip("codes applied to whole cases", case.codes)
        imp.report.count("cases")


def import_links(imp: RowImporter) -> None:
    """Links from or to a note attach it; links between two codes become relations."""
    notes = {n.guid for n in imp.doc.notes if n.guid is not None}
    for link in imp.doc.links:
        origin, target = link.origin, link.target
        if origin in notes and target is not None and target not in notes:
            imp.attach_note(origin, "link", target)
        elif target in notes and origin is not None and origin not in notes:
            imp.attach_note(target, "link", origin)
        elif origin in imp.codes and target in imp.codes:
            imp.tx.add(
                "relation",
                flush=False,
                uuid=imp.uuid_for(link.guid),
                from_code_id=imp.codes[origin],
                to_code_id=imp.codes[target],
                label=link.name,
            )
            imp.report.count("relations")
        else:
            imp.report.skip("links between items the workbench cannot relate")


def import_sets(imp: RowImporter) -> None:
    taken: dict[str, set[str]] = {"code": set(), "source": set()}
    for item in imp.doc.sets:
        codes = [imp.codes[g] for g in item.codes if g in imp.codes]
        sources = [imp.sources[g] for g in item.sources if g in imp.sources]
        imp.report.skip(
            "set members that were not imported",
            len(item.codes) + len(item.sources) - len(codes) - len(sources),
        )
        imp.report.skip("notes in sets", item.notes)
        marker = empty_set_kind(item.description)
        if marker is None and (item.description or "").strip():
            imp.report.skip("descriptions of sets")
        parts: list[tuple[str, list[int]]] = []
        if item.codes:
            parts.append(("code", codes))
        if item.sources:
            parts.append(("source", sources))
        if not parts:
            parts.append((marker or "source", []))
        if len(parts) == 2:
            imp.report.warn("sets holding both codes and sources were split into two sets")
        for kind, members in parts:
            row = imp.tx.add(
                "set",
                uuid=imp.uuid_for(item.guid),
                name=unique(clean(item.name, "Unnamed set"), taken[kind]),
                kind=kind,
            )
            for member in dict.fromkeys(members):
                link: dict[str, Any] = {f"{kind}_id": member}
                imp.tx.add("set_member", flush=False, set_id=row.id, **link)
            imp.report.count("sets")
