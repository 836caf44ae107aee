"""Applying and removing codings, and retrieving coded segments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from workbench.core.changes import Changes
from workbench.core.db.models import Case, CaseLink, Code, Coder, Coding, Source
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import ValidationError
from workbench.core.services.base import Service, get_row
from workbench.core.services.codebook_ops import delete_coding
from workbench.core.services.codebook_tree import paths_by_id, with_descendants
from workbench.core.services.count_delta import CodingMoves, coding_moves
from workbench.core.text.wording import counted
from workbench.core.values import CodingInfo, Segment


@dataclass(frozen=True)
class CodingRequest:
    """One coding to apply: code ``code`` on ``source`` from ``start`` to ``end`` (code points)."""

    source: str
    code: str
    start: int
    end: int
    uuid: str | None = None


def check_range(start: int, end: int, length: int, source_name: str) -> None:
    """Enforce 0 <= start < end <= len(text)."""
    if not (0 <= start < end <= length):
        raise ValidationError(
            f"The range {start}-{end} does not fit {source_name!r}, which has {length:,} "
            "characters: a coded range needs 0 ≤ start < end ≤ length."
        )


def check_codable(code: Code) -> None:
    """Refuse a category (``codable`` false): it groups codes and is not applied to text."""
    if not code.codable:
        raise ValidationError(
            f"{code.name!r} is a category for grouping codes; apply one of its sub-codes."
        )


class CodingService(Service):
    """Codings: one code applied by one coder to a character range of a source."""

    def apply(
        self,
        *,
        source: str,
        code: str,
        start: int,
        end: int,
        coder: str,
        uuid: str | None = None,
    ) -> Changes:
        """Apply a code; applying the same code to the same range twice changes nothing."""
        return self.apply_many([CodingRequest(source, code, start, end, uuid)], coder=coder)

    def apply_many(self, requests: Sequence[CodingRequest], *, coder: str) -> Changes:
        """Apply several codings in one transaction (all or none)."""
        with self.project.write(coder=coder) as tx:
            sources: dict[str, Source] = {}
            codes: dict[str, Code] = {}
            existing: dict[int, set[tuple[int, int, int]]] = {}
            if len(requests) == 1:
                _look_up_one(tx, requests[0], sources, codes, existing)
            for req in requests:
                src = sources.get(req.source) or get_row(tx.session, Source, req.source, "source")
                sources[req.source] = src
                code = codes.get(req.code) or get_row(tx.session, Code, req.code, "code")
                check_codable(code)
                codes[req.code] = code
                check_range(req.start, req.end, src.length, src.name)
                if src.id not in existing:
                    existing[src.id] = _existing_keys(tx, src.id)
                key = (code.id, req.start, req.end)
                if key not in existing[src.id]:
                    existing[src.id].add(key)
                    tx.add(
                        Coding,
                        uuid=req.uuid,
                        flush=False,
                        source_id=src.id,
                        code_id=code.id,
                        coder_id=tx.coder.id,
                        start=req.start,
                        end=req.end,
                    )
            if tx.created:
                tx.audit(
                    "code",
                    "coding",
                    next(iter(tx.created)),
                    f"{counted(len(tx.created), 'coding')} applied",
                    count=len(tx.created),
                )
        return tx.result

    def remove(self, *, codings: Sequence[str], coder: str) -> Changes:
        """Remove codings (and memos attached to them)."""
        with self.project.write(coder=coder) as tx:
            for coding_uuid in codings:
                delete_coding(tx, get_row(tx.session, Coding, coding_uuid, "coded segment"))
            tx.audit(
                "uncode",
                "coding",
                codings[0] if codings else None,
                f"{counted(len(codings), 'coding')} removed",
            )
        return tx.result

    def change_code(self, *, coding: str, code: str, coder: str) -> Changes:
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Coding, coding, "coded segment")
            target = get_row(tx.session, Code, code, "code")
            check_codable(target)
            tx.touch(row)
            row.code_id = target.id
            tx.audit("recode", "coding", row.uuid, f"Coding moved to code {target.name!r}")
        return tx.result

    def set_range(self, *, coding: str, start: int, end: int, coder: str) -> Changes:
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Coding, coding, "coded segment")
            src = tx.session.get_one(Source, row.source_id)
            check_range(start, end, src.length, src.name)
            tx.touch(row)
            row.start, row.end = start, end
            tx.audit("resize", "coding", row.uuid, f"Coding range set to {start}-{end}")
        return tx.result

    # -- queries ------------------------------------------------------------------------------
    def moves(self, changes: Sequence[Changes]) -> CodingMoves | None:
        """The codings a run of consecutive changes took away and added (None: too many, or
        the codebook, sources or cases changed too: count everything again)."""
        with self.project.read() as s:
            return coding_moves(s, changes)

    def of_source(self, source: str) -> list[CodingInfo]:
        """Every coding of one source, ordered by start (then end)."""
        with self.project.read() as s:
            src = get_row(s, Source, source, "source")
            rows = s.execute(
                select(
                    Coding.uuid,
                    Code.uuid,
                    Coder.uuid,
                    Coder.name,
                    Coding.start,
                    Coding.end,
                    Coding.created_at,
                )
                .join(Code, Code.id == Coding.code_id)
                .join(Coder, Coder.id == Coding.coder_id)
                .where(Coding.source_id == src.id)
                .order_by(Coding.start, Coding.end, Coding.id)
            ).all()
            return [CodingInfo(r[0], src.uuid, r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def segments(
        self,
        *,
        code: str | None = None,
        coder: str | None = None,
        source: str | None = None,
        include_children: bool = False,
        context: int = 0,
    ) -> list[Segment]:
        """Coded segments with their text, filtered by code (uuid), coder (name) and source (uuid);
        ordered by source name, then position."""
        with self.project.read() as s:
            return _segments(s, code, coder, source, include_children, context)


_ONE_CODING = (
    select(
        Source,
        Code,
        exists().where(
            Coding.source_id == Source.id,
            Coding.code_id == Code.id,
            Coding.coder_id == bindparam("coder_id"),
            Coding.start == bindparam("start"),
            Coding.end == bindparam("end"),
        ),
    )
    .join(Code, Code.uuid == bindparam("code"))
    .where(Source.uuid == bindparam("source"))
)
"""A single coding's source, code and whether this coder has it already (built once)."""


def _look_up_one(
    tx: WriteTx,
    req: CodingRequest,
    sources: dict[str, Source],
    codes: dict[str, Code],
    existing: dict[int, set[tuple[int, int, int]]],
) -> None:
    """``_ONE_CODING`` for the everyday apply of one coding: one query where there were three
    (on a server each is a round trip). Nothing is filled in when either row is missing, so
    that the lookups after say which."""
    found = tx.session.execute(
        _ONE_CODING,
        {
            "coder_id": tx.coder.id,
            "start": req.start,
            "end": req.end,
            "code": req.code,
            "source": req.source,
        },
    ).first()
    if found is None:
        return
    src, code, there = found
    sources[req.source], codes[req.code] = src, code
    existing[src.id] = {(code.id, req.start, req.end)} if there else set()


def _existing_keys(tx: WriteTx, source_id: int) -> set[tuple[int, int, int]]:
    """(code, start, end) of the codings this coder already has on one source."""
    rows = tx.session.execute(
        select(Coding.code_id, Coding.start, Coding.end).where(
            Coding.source_id == source_id, Coding.coder_id == tx.coder.id
        )
    )
    return {(r[0], r[1], r[2]) for r in rows}


def _segments(
    s: Session,
    code: str | None,
    coder: str | None,
    source: str | None,
    include_children: bool,
    context: int,
) -> list[Segment]:
    query = (
        select(
            Coding.uuid,
            Source.id,
            Source.uuid,
            Source.name,
            Code.id,
            Code.uuid,
            Coder.name,
            Coding.start,
            Coding.end,
        )
        .join(Source, Source.id == Coding.source_id)
        .join(Code, Code.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
    )
    if code is not None:
        code_id = get_row(s, Code, code, "code").id
        ids = with_descendants(s, code_id) if include_children else {code_id}
        query = query.where(Coding.code_id.in_(ids))
    if coder is not None:
        query = query.where(Coder.name == coder)
    if source is not None:
        query = query.where(Coding.source_id == get_row(s, Source, source, "source").id)
    # Coding.id: ties come in the order they were made, on either backend.
    rows = s.execute(query.order_by(Source.name, Coding.start, Coding.end, Coding.id)).all()
    paths = paths_by_id(s)
    cases: dict[int, tuple[str, ...]] = {}
    for source_id, case_name in s.execute(
        select(CaseLink.source_id, Case.name).join(Case, Case.id == CaseLink.case_id).distinct()
    ):
        cases[source_id] = (*cases.get(source_id, ()), case_name)
    texts: dict[int, str] = {}
    out: list[Segment] = []
    for r in rows:
        if r[1] not in texts:
            texts[r[1]] = s.scalar(select(Source.text).where(Source.id == r[1])) or ""
        text = texts[r[1]]
        start, end = r[7], r[8]
        out.append(
            Segment(
                coding_uuid=r[0],
                source_uuid=r[2],
                source=r[3],
                code_uuid=r[5],
                code_path=paths[r[4]],
                coder=r[6],
                start=start,
                end=end,
                text=text[start:end],
                before=text[max(0, start - context) : start] if context else "",
                after=text[end : end + context] if context else "",
                cases=tuple(sorted(cases.get(r[1], ()))),
            )
        )
    return out
