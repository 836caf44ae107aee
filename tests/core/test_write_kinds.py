"""``WriteTx.add`` takes a row kind as well as a model: features write without the ORM models."""

from __future__ import annotations

import re
import typing

from workbench.core.db.lookup import ids_by_uuid
from workbench.core.db.models import TRACKED_MODELS, Memo
from workbench.core.db.transaction import WriteTx
from workbench.core.project import Project


def test_each_kind_overload_returns_its_own_model() -> None:
    """A kind's overload names the model TRACKED_MODELS maps it to, and every kind but the
    coder (made by add_coder only) has one."""
    typed: dict[str, str] = {}
    for overload in typing.get_overloads(WriteTx.add):
        annotation = str(overload.__annotations__["model"])
        found = re.fullmatch(r"Literal\[['\"](\w+)['\"]\]", annotation)
        if found:
            typed[found.group(1)] = str(overload.__annotations__["return"])
    wanted = {kind: model.__name__ for kind, model in TRACKED_MODELS.items() if kind != "coder"}
    assert typed == wanted


def test_a_kind_writes_the_row_its_model_would(project: Project) -> None:
    with project.write(coder="ann") as tx:
        by_kind = tx.add("memo", author_id=tx.coder.id, title="k", text="", target_kind="project")
        by_model = tx.add(Memo, author_id=tx.coder.id, title="m", text="", target_kind="project")
        assert type(by_kind) is Memo
        assert ids_by_uuid(tx.session, "memo", [by_kind.uuid, by_model.uuid, 7, "nope"]) == {
            by_kind.uuid: by_kind.id,
            by_model.uuid: by_model.id,
        }
    assert tx.result.created[-2:] == (by_kind.uuid, by_model.uuid)  # after the new coder's
    assert "memos" in tx.result.kinds
