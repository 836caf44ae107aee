"""Memos: written, retitled, deleted."""

from __future__ import annotations

from workbench.core.changes import Changes
from workbench.core.services.memos import TargetKind
from workbench.gui.operations.run import Session, ShowMessage, run, seen

NEW_TITLE = "Untitled memo"


def add(
    session: Session,
    *,
    target_kind: TargetKind,
    target: str | None,
    show: ShowMessage,
) -> Changes | None:
    """A new, empty memo on a target (a code, source, case… or the project)."""
    memos = session.project.memos
    return run(
        session,
        "New memo",
        lambda coder: memos.add(
            text="", title=NEW_TITLE, target_kind=target_kind, target=target, coder=coder
        ),
        show,
    )


def edit_title(
    session: Session,
    *,
    memo: str,
    title: str,
    burst: str | None,
    show: ShowMessage | None = None,
    shown: int | None = None,
) -> Changes | None:
    """Retitle a memo (the saves of one autosave ``burst`` are one step); ``shown``: the
    memo's version as the editor read it."""
    memos = session.project.memos
    version = seen(session, memo, shown)

    def action(coder: str, expected: int | None = version) -> Changes:
        return memos.edit(
            memo=memo, title=title, coder=coder, burst=burst, expected_version=expected
        )

    return run(
        session,
        f"Edit memo title {title!r}",
        action,
        show,
        burst=burst,
        again=lambda coder: action(coder, None),
    )


def edit_text(
    session: Session,
    *,
    memo: str,
    text: str,
    title: str,
    burst: str | None,
    show: ShowMessage | None = None,
    shown: int | None = None,
) -> Changes | None:
    """Change a memo's text (``title`` names it in the undo step); ``shown``: the memo's
    version as the editor read it."""
    memos = session.project.memos
    version = seen(session, memo, shown)

    def action(coder: str, expected: int | None = version) -> Changes:
        return memos.edit(memo=memo, text=text, coder=coder, burst=burst, expected_version=expected)

    return run(
        session,
        f"Edit memo {title!r}",
        action,
        show,
        burst=burst,
        again=lambda coder: action(coder, None),
    )


def delete(session: Session, *, memo: str, title: str, show: ShowMessage) -> Changes | None:
    """Delete a memo (``title`` names it in the undo step)."""
    memos = session.project.memos
    return run(
        session,
        f"Delete memo {title!r}",
        lambda coder: memos.delete(memo=memo, coder=coder),
        show,
    )
