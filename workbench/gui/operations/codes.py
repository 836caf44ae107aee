"""Edits of the codebook: codes added, renamed, defined, recoloured, moved, merged, split and
deleted."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.core.changes import Changes
from workbench.core.errors import NotFoundError
from workbench.core.services.codebook import DeleteMode
from workbench.core.text.wording import counted
from workbench.gui.operations.run import Session, ShowMessage, run


def import_qdc(session: Session, *, path: Path, show: ShowMessage) -> Changes | None:
    """Add the codes of a REFI-QDA codebook file (.qdc)."""
    from workbench.core import refi  # loaded on first use, not when the window starts

    project = session.project

    def action(coder: str) -> Changes:
        return refi.import_qdc(project, path, coder=coder).changes

    return run(session, f"Import codebook {path.name}", action, show)


def name_of(session: Session, code: str) -> str:
    """The code's name for an undo step ("code" when it is gone: the edit then says why)."""
    try:
        return session.project.codebook.name(code)
    except NotFoundError:
        return "code"


def add(
    session: Session,
    *,
    name: str,
    show: ShowMessage,
    parent: str | None = None,
    color: str | None = None,
    uuid: str | None = None,
) -> Changes | None:
    """A new code (under ``parent``; ``uuid`` when the caller needs to know it beforehand)."""
    codebook = session.project.codebook
    return run(
        session,
        f"New code {name.strip()!r}",
        lambda coder: codebook.add(name=name, parent=parent, color=color, uuid=uuid, coder=coder),
        show,
    )


def rename(
    session: Session,
    *,
    code: str,
    name: str,
    show: ShowMessage | None,
    burst: str | None = None,
) -> Changes | None:
    """Rename a code (the saves of one autosave ``burst`` are one step)."""
    codebook = session.project.codebook
    seen = session.seen_version(code)

    def action(coder: str, expected: int | None = seen) -> Changes:
        return codebook.rename(
            code=code, name=name, coder=coder, burst=burst, expected_version=expected
        )

    return run(
        session,
        f"Rename code {name_of(session, code)!r} to {name.strip()!r}",
        action,
        show,
        burst=burst,
        again=lambda coder: action(coder, None),
    )


def define(
    session: Session,
    *,
    code: str,
    field: str,
    text: str,
    label: str,
    show: ShowMessage | None,
    burst: str | None = None,
) -> Changes | None:
    """Set one field of a code's definition (description, inclusion, exclusion or example);
    ``label`` names the field in the undo step."""
    codebook = session.project.codebook
    fields: dict[str, Any] = {field: text}  # one definition field
    seen = session.seen_version(code)

    def action(coder: str, expected: int | None = seen) -> Changes:
        return codebook.define(
            code=code, coder=coder, burst=burst, expected_version=expected, **fields
        )

    return run(
        session,
        f"Define code {name_of(session, code)!r} ({label.lower()})",
        action,
        show,
        burst=burst,
        again=lambda coder: action(coder, None),
    )


def recolor(session: Session, *, code: str, color: str, show: ShowMessage) -> Changes | None:
    """Give a code another colour (``#rrggbb``)."""
    codebook = session.project.codebook
    seen = session.seen_version(code)

    def action(coder: str, expected: int | None = seen) -> Changes:
        return codebook.recolor(code=code, color=color, coder=coder, expected_version=expected)

    return run(
        session,
        f"Recolour code {name_of(session, code)!r}",
        action,
        show,
        again=lambda coder: action(coder, None),
    )


def set_codable(session: Session, *, code: str, codable: bool, show: ShowMessage) -> Changes | None:
    """Let a code be applied to text, or make it a category (which is not)."""
    codebook = session.project.codebook
    name = name_of(session, code)
    return run(
        session,
        f"Let {name!r} be applied to text" if codable else f"Make {name!r} a category",
        lambda coder: codebook.set_codable(code=code, codable=codable, coder=coder),
        show,
    )


def move(
    session: Session,
    *,
    code: str,
    parent: str | None,
    where: str,
    show: ShowMessage,
    position: int | None = None,
) -> Changes | None:
    """Move a code under ``parent`` (None: the top level), at ``position`` among its new
    siblings (None: last); ``where`` names the place in the undo step."""
    codebook = session.project.codebook
    return run(
        session,
        f"Move code {name_of(session, code)!r} to {where}",
        lambda coder: codebook.move(code=code, parent=parent, position=position, coder=coder),
        show,
    )


def merge(session: Session, *, code: str, into: str, show: ShowMessage) -> Changes | None:
    """Merge a code into another: its codings go there, duplicates collapse."""
    codebook = session.project.codebook
    return run(
        session,
        f"Merge code {name_of(session, code)!r} into {name_of(session, into)!r}",
        lambda coder: codebook.merge(code=code, into=into, coder=coder),
        show,
    )


def split(
    session: Session, *, code: str, codings: Sequence[str], name: str, show: ShowMessage
) -> Changes | None:
    """Move some codings of a code to a new sub-code named ``name``."""
    codebook = session.project.codebook
    return run(
        session,
        f"Split {counted(len(codings), 'segment')} off {name_of(session, code)!r} into {name!r}",
        lambda coder: codebook.split(code=code, codings=codings, name=name, coder=coder),
        show,
    )


def delete(session: Session, *, code: str, mode: DeleteMode, show: ShowMessage) -> Changes | None:
    """Delete a code (``mode`` says what becomes of its sub-codes and codings)."""
    codebook = session.project.codebook
    return run(
        session,
        f"Delete code {name_of(session, code)!r}",
        lambda coder: codebook.delete(code=code, mode=mode, coder=coder),
        show,
    )
