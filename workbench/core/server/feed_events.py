"""The change feed read back: who changed what in each revision (``workbench-cli watch``).

Read through the reader's own connection, so the server's row-level security decides what
shows: under blind coding another coder's revision is visible only as a number. Revisions
on a server are consecutive (each commit adds one, in commit order), so a revision without a
visible row is one hidden from the reader, and is reported as such rather than skipped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.db.models import AuditEntry, Coder
from workbench.core.server.schema import change_revisions

__all__ = ["HIDDEN", "FeedEvent", "feed_events"]

HIDDEN = "a change you may not see (blind coding hides other coders' work)"
_SUMMARIES_SHOWN = 3


@dataclass(frozen=True)
class FeedEvent:
    """One committed revision as a reader sees it."""

    revision: int
    coder: str | None
    kinds: tuple[str, ...]
    summary: str
    hidden: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "revision": self.revision,
            "coder": self.coder,
            "kinds": list(self.kinds),
            "summary": self.summary,
        }


def feed_events(session: Session, *, after: int, upto: int) -> list[FeedEvent]:
    """Every revision in ``(after, upto]``, oldest first, one event each."""
    if upto <= after:
        return []
    span = (change_revisions.c.revision > after, change_revisions.c.revision <= upto)
    rows = session.execute(
        select(change_revisions.c.revision, Coder.name, change_revisions.c.kinds)
        .outerjoin(Coder, Coder.uuid == change_revisions.c.coder_uuid)
        .where(*span)
    ).all()
    audit: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for revision, name, summary in session.execute(
        select(AuditEntry.revision, AuditEntry.coder_name, AuditEntry.summary)
        .where(AuditEntry.revision > after, AuditEntry.revision <= upto)
        .order_by(AuditEntry.id)
    ):
        audit[revision].append((name, summary))
    seen = {revision: (name, kinds) for revision, name, kinds in rows}
    events = []
    for revision in range(after + 1, upto + 1):
        if revision not in seen:
            events.append(FeedEvent(revision, None, (), HIDDEN, hidden=True))
            continue
        name, kinds_text = seen[revision]
        kinds = tuple(k for k in kinds_text.split(",") if k)
        entries = audit.get(revision, [])
        coder = name or next((n for n, _ in entries if n), None)
        events.append(FeedEvent(revision, coder, kinds, _summary(entries, kinds)))
    return events


def _summary(entries: list[tuple[str, str]], kinds: tuple[str, ...]) -> str:
    texts = [summary for _, summary in entries if summary]
    if not texts:
        return f"changed {', '.join(kinds)}" if kinds else "no visible change"
    shown = "; ".join(texts[:_SUMMARIES_SHOWN])
    more = len(texts) - _SUMMARIES_SHOWN
    return f"{shown}; and {more} more" if more > 0 else shown
