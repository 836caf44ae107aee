"""The project schema on PostgreSQL: it creates, and rows read back as they do from SQLite."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, select
from sqlalchemy.orm import Session

from workbench.core.db import models as m

WHEN = datetime(2026, 3, 1, 9, 30, 15, 123456)
NAMES = ["b", "B", "a", "A", "_x", "Z", "z", "é", "É", "10", "9", " lead", "ä", "ß", "日本"]


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def _tracked(n: int) -> dict[str, Any]:
    return {"id": n, "uuid": _uuid(n), "created_at": WHEN, "modified_at": WHEN,
            "modified_by": _uuid(1), "version": n}  # fmt: skip


def _rows() -> list[m.Base]:
    """A few rows of every table, each column set, with values that differ between backends
    if any would: microseconds, non-ASCII text, JSON with nesting, booleans, NULLs."""
    t = _tracked
    rows: list[m.Base] = [
        m.ProjectInfo(
            id=1,
            uuid=_uuid(900),
            file_id=_uuid(901),
            name="Studie «Pflege»",
            description="",
            created_at=WHEN,
            modified_at=WHEN,
            modified_by=None,
            version=3,
            revision=7,
            parent_file_id=None,
            parent_revision=None,
            text_token=_uuid(902),
            codebook_changed_at=WHEN,
            settings={"coders": ["Maya", "Tomás"], "n": 1.5, "on": True},
        ),
        m.Coder(**t(1), name="Maya Chen", color="#1f77b4"),
        m.Coder(**t(2), name="Tomás", color="#ff7f0e"),
        m.Source(
            **t(10),
            name="P01",
            kind="text",
            text="Hallo — 日本\nzwei",
            sha256="ab" * 32,
            length=14,
            original_name="p01.docx",
            original_format="docx",
            imported_at=WHEN,
            imported_by_id=1,
            speakers=["I", "P01"],
            meta={"lang": "de", "pages": [1, 2]},
        ),
    ]
    rows += [
        m.Code(
            **t(100 + i),
            parent_id=None,
            name=name,
            color="#000000",
            position=i,
            codable=i % 2 == 0,
            created_by_id=1,
        )
        for i, name in enumerate(NAMES)
    ]
    rows += [
        m.Code(**t(200), parent_id=100, name="b", color="#ffffff", description="d",
               inclusion="i", exclusion="e", example="x", position=0, codable=True,
               created_by_id=None),
        m.Coding(**t(300), source_id=10, code_id=100, coder_id=1, start=0, end=5),
        m.Coding(**t(301), source_id=10, code_id=200, coder_id=2, start=3, end=14),
        m.Annotation(**t(310), source_id=10, coder_id=1, start=1, end=2, text="note"),
        m.Case(**t(320), name="Fall 1", description="é"),
        m.CaseLink(**t(330), case_id=320, source_id=10, speaker="P01"),
        m.Memo(**t(340), author_id=1, title="Memo", text="über", target_kind="project"),
        m.Memo(**t(341), author_id=2, title="", text="", target_kind="coding", coding_id=300),
        m.Attribute(**t(350), name="Alter", scope="case", type="number", choices=["a", "b"],
                    position=1),
        m.AttributeValue(**t(360), attribute_id=350, case_id=320, source_id=None, value="42"),
        m.ItemSet(**t(370), name="Set", kind="source"),
        m.SetMember(**t(380), set_id=370, source_id=10, code_id=None),
        m.SourceStatus(**t(390), source_id=10, coder_id=1, done=True),
        m.SourceStatus(**t(391), source_id=10, coder_id=2, done=False),
        m.CodeRelation(**t(400), from_code_id=100, to_code_id=200, label="causes"),
        m.MapPosition(**t(410), code_id=100, x=-12.25, y=1e-7),
        m.Media(**t(420), source_id=10, kind="audio", path="audio/p01.wav", size=44,
                sha256="cd" * 32, duration_ms=61_500, format="wav", embedded=b"RIFF\x00\xff"),
        m.MediaCoding(**t(430), source_id=10, code_id=100, coder_id=2, start_ms=0,
                      end_ms=1_500),
        m.Tombstone(id=1, uuid=_uuid(999), kind="coding", version=5, deleted_at=WHEN,
                    deleted_by=None),
        m.MergeBase(id=1, other_file_id=_uuid(903), other_revision=4, own_revision=6,
                    recorded_at=WHEN, how="copy", diverged=[_uuid(300)]),
        m.AuditEntry(id=1, at=WHEN, revision=7, coder_uuid=_uuid(1), coder_name="Maya Chen",
                     action="create", entity_kind="code", entity_uuid=_uuid(100),
                     summary="Created code", details={"name": "b", "ids": [1, 2]}),
    ]  # fmt: skip
    return rows


@pytest.fixture
def engines(pg_database: Callable[[], str], tmp_path: Any) -> Iterator[dict[str, Engine]]:
    made = {
        "sqlite": create_engine(f"sqlite:///{tmp_path / 'p.db'}"),
        "postgresql": create_engine(pg_database()),
    }
    yield made
    for engine in made.values():
        engine.dispose()


def _filled(engine: Engine) -> Engine:
    m.Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        for row in _rows():  # parents first: PostgreSQL checks foreign keys per statement
            session.add(row)
            session.flush()
    return engine


def _table_rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            name: [tuple(r) for r in conn.execute(select(table).order_by(table.c.id))]
            for name, table in m.Base.metadata.tables.items()
        }


def test_the_metadata_creates_every_table_and_index_on_postgresql(engines) -> None:
    engine = engines["postgresql"]
    m.Base.metadata.create_all(engine)
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) == set(m.Base.metadata.tables)
    for name, table in m.Base.metadata.tables.items():
        expected = {i.name for i in table.indexes}
        assert expected <= {i["name"] for i in inspector.get_indexes(name)}, name


def test_every_table_reads_back_the_same_values_as_on_sqlite(engines) -> None:
    on_sqlite = _table_rows(_filled(engines["sqlite"]))
    on_postgresql = _table_rows(_filled(engines["postgresql"]))
    assert all(on_sqlite.values())  # every table has rows
    assert on_postgresql == on_sqlite


def test_codable_defaults_to_true_on_both_backends(engines) -> None:
    """The column's server default (used by raw inserts and migrations) is a boolean."""
    for engine in engines.values():
        m.Base.metadata.create_all(engine)
        table = m.Code.__table__
        values = {k: v for k, v in _tracked(1).items()} | {"name": "x", "color": "#000000",
                                                         "position": 0}  # fmt: skip
        with engine.begin() as conn:
            conn.execute(table.insert().values(**values))
            assert conn.execute(select(table.c.codable)).scalar_one() is True


def test_names_sort_in_the_same_order_as_sqlite_binary(engines) -> None:
    """C collation orders by code point, as SQLite's BINARY does on UTF-8: capitals before all
    small letters ('B' < 'a'), accented letters after 'z'. Python's own sort is that order."""
    orders = {}
    for backend, engine in engines.items():
        _filled(engine)
        with engine.connect() as conn:
            query = select(m.Code.name).where(m.Code.parent_id.is_(None)).order_by(m.Code.name)
            orders[backend] = list(conn.scalars(query))
    assert orders["postgresql"] == orders["sqlite"] == sorted(NAMES)
    order = orders["postgresql"]
    assert order.index("B") < order.index("a") < order.index("z") < order.index("é")


def _read_side(session: Session) -> dict[str, Any]:
    """What the core's read queries make of the rows: sources, the code tree, the search
    corpus, the merge's view of the file, and the reports' data."""
    from workbench.core.reports.dataset import _load
    from workbench.core.search.corpus import all_owners, changed_since, load_items
    from workbench.core.services.codebook_tree import load_code_rows, paths_by_id
    from workbench.core.services.source_queries import list_sources
    from workbench.core.teamwork.rows import load_all, load_header

    header = load_header(session, with_audit=True)
    load_all(session, header)
    owners = all_owners(session)
    return {
        "sources": list_sources(session),
        "codes": load_code_rows(session),
        "paths": paths_by_id(session),
        "owners": owners,
        "changed": changed_since(session, 300),
        "items": {  # Item has no __eq__: its contents, the passages parsed from its JSON too
            owner: (i.parts, i.version, i.passages)
            for owner, i in load_items(session, owners).items()
        },
        "rows": header,
        "report": _load(session),
    }


def test_the_core_read_queries_give_the_same_results_on_both_backends(engines) -> None:
    results = {}
    for backend, engine in engines.items():
        with Session(_filled(engine)) as session:
            results[backend] = _read_side(session)
    for key, on_sqlite in results["sqlite"].items():
        assert results["postgresql"][key] == on_sqlite, key


def test_foreign_keys_are_checked_at_commit_once_deferred(engines) -> None:
    """A merge writes rows in any order after ``defer_foreign_keys``: a child may come before
    its parent, and only a reference still dangling at commit fails."""
    from sqlalchemy import event
    from sqlalchemy.exc import IntegrityError

    from workbench.core.db.dialect import defer_foreign_keys

    sqlite = engines["sqlite"]
    event.listen(sqlite, "connect", lambda conn, _: conn.execute("PRAGMA foreign_keys = ON"))
    coder = m.Coder.__table__.insert().values(**_tracked(1), name="Maya", color="#000000")
    child = m.Code.__table__.insert().values(**_tracked(2), parent_id=3, name="b", color="#0")
    parent = m.Code.__table__.insert().values(**_tracked(3), name="a", color="#0")
    for engine in engines.values():
        m.Base.metadata.create_all(engine)
        with Session(engine) as session, session.begin():
            defer_foreign_keys(session)
            session.execute(coder)
            session.execute(child)  # its parent does not exist yet
            session.execute(parent)
        with pytest.raises(IntegrityError), Session(engine) as session, session.begin():
            defer_foreign_keys(session)
            session.execute(child.values(id=4, uuid=_uuid(4), parent_id=99))
