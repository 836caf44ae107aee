"""Cases: added, renamed, given attribute values, linked to sources, deleted."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workbench.core.changes import Changes
from workbench.core.values import AttributeValue
from workbench.gui.operations.run import Session, ShowMessage, run, seen


def add(session: Session, *, name: str, show: ShowMessage) -> Changes | None:
    """A new case."""
    cases = session.project.cases
    return run(session, f"Add case {name!r}", lambda coder: cases.add(name=name, coder=coder), show)


def rename(
    session: Session,
    *,
    case: str,
    name: str,
    old: str,
    show: ShowMessage | None,
    burst: str | None = None,
    shown: int | None = None,
) -> Changes | None:
    """Rename a case (``old``, its name now, names it in the undo step); ``shown``: the case's
    version as the panel read it (a rename made meanwhile is a conflict)."""
    cases = session.project.cases
    version = seen(session, case, shown)

    def action(coder: str, expected: int | None = version) -> Changes:
        return cases.rename(
            case=case, name=name, coder=coder, burst=burst, expected_version=expected
        )

    return run(
        session,
        f"Rename case {old!r}",
        action,
        show,
        burst=burst,
        again=lambda coder: action(coder, None),
    )


def set_value(
    session: Session,
    *,
    case: str,
    case_name: str,
    attribute: str,
    value: AttributeValue,
    show: ShowMessage | None,
    burst: str | None = None,
    shown: int | None = None,
) -> Changes | None:
    """Set (or clear, with None) the value of an attribute of a case; ``shown``: the value's
    version as the panel read it (0: not set; a value set meanwhile is a conflict)."""
    cases = session.project.cases

    def action(coder: str, expected: int | None = shown) -> Changes:
        return cases.set_value(
            scope="case",
            item=case,
            attribute=attribute,
            value=value,
            coder=coder,
            burst=burst,
            expected_version=expected,
        )

    return run(
        session,
        f"Set {attribute} of {case_name}",
        action,
        show,
        burst=burst,
        again=lambda coder: action(coder, None),
    )


def define_attribute(
    session: Session, *, name: str, type: str, choices: Sequence[str], show: ShowMessage
) -> Changes | None:
    """A new attribute of cases (text, number, date, boolean or choice)."""
    cases = session.project.cases
    return run(
        session,
        f"Add case attribute {name!r}",
        lambda coder: cases.define_attribute(
            name=name, type=type, choices=choices, scope="case", coder=coder
        ),
        show,
    )


def import_csv(session: Session, *, path: Path, show: ShowMessage) -> Changes | None:
    """Cases and their values from a participants table (CSV, case name first)."""
    cases = session.project.cases
    return run(
        session,
        f"Import participants from {path.name}",
        lambda coder: cases.import_csv(path, coder=coder),
        show,
    )


def link(
    session: Session, *, case: str, case_name: str, source: str, speaker: str, show: ShowMessage
) -> Changes | None:
    """Link a case to a source (or to one speaker in it)."""
    cases = session.project.cases
    return run(
        session,
        f"Link case {case_name!r}",
        lambda coder: cases.link(case=case, source=source, speaker=speaker, coder=coder),
        show,
    )


def delete(session: Session, *, case: str, name: str, show: ShowMessage) -> Changes | None:
    """Delete a case with its values, links and memos."""
    cases = session.project.cases
    return run(
        session, f"Delete case {name!r}", lambda coder: cases.delete(case=case, coder=coder), show
    )
