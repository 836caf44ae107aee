"""A pseudonymized copy leaks no name: in any place, spelling, case or normalization form, and
nothing un-pseudonymized is ever written beside it or into the original's backups."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import unicodedata
from pathlib import Path

import pytest
from media_files import write_wav

from workbench.core.db.schema_columns import text_columns
from workbench.core.paths import user_data_dir
from workbench.core.project import Project
from workbench.core.teamwork import pseudonymize as pseudonymize_module
from workbench.core.teamwork.pseudonym_columns import SAFE, SEPARATE, columns_to_rewrite
from workbench.core.teamwork.pseudonymize import pseudonymize_copy

MAPPING = {
    "Maria López": "Participant 01",
    "Jonas Berg": "Person B",
    "Ana Kovač": "Coder A",
    "Ben Okafor": "Coder B",
}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


TEXT = (
    "Interviewer: Tell me about JONAS BERG.\n"
    f"Maria López: jonas_berg was my mentor; {nfd('MARIA LÓPEZ')} is how he wrote my name.\n"
    "Interviewer: And Jonas-Berg's sister?\n"
    "Maria López: maria lópez met jonas.berg and Jonas  Berg at work.\n"
)


def _fold(text: str) -> str:
    """Written independently of the matcher: NFC, case-folded, separators as one space."""
    return re.sub(r"[\s_.\-]+", " ", unicodedata.normalize("NFC", text).casefold())


def leaked(raw: bytes, names: tuple[str, ...] = tuple(MAPPING)) -> list[str]:
    """The names found in ``raw`` read as UTF-8 and as UTF-16, JSON escapes decoded."""
    found = []
    for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
        text = raw.decode(encoding, errors="replace")
        text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
        folded = _fold(text)
        found += [f"{n} ({encoding})" for n in names if _fold(n) in folded]
    return found


@pytest.fixture
def everywhere(project: Project) -> Project:
    """Every name in every place a user can put one, in several spellings."""
    p = project
    p.coders.ensure(name="Ana Kovač")
    p.coders.ensure(name="Ben Okafor")
    source = p.sources.add(
        name="jonas_berg interview",
        text=TEXT,
        coder="Ana Kovač",
        original_name=nfd("Maria_López.docx"),
        metadata={"interviewer": "BEN OKAFOR", "Maria López": "key"},
    ).created[-1]
    code = p.codebook.add(
        name="Jonas Berg's advice",
        coder="Ben Okafor",
        description="As maria_lópez put it",
        example="jonas berg was my mentor",
    ).created[-1]
    other = p.codebook.add(name="Mentoring", coder="Ana Kovač").created[-1]
    start = TEXT.index("jonas_berg")
    p.codings.apply(source=source, code=code, start=start, end=start + 30, coder="Ben Okafor")
    coding = p.codings.apply(
        source=source, code=other, start=start, end=start + 10, coder="Ana Kovač"
    ).created[-1]
    p.memos.add(text="Why did Jonas Berg say so?", title="MARIA LÓPEZ", coder="Ana Kovač")
    p.memos.add(
        text="Ana Kovač coded jonas berg", coder="Ben Okafor", target_kind="coding", target=coding
    )
    p.annotations.add(source=source, start=0, end=11, text="jonas-berg?", coder="Ben Okafor")
    case = p.cases.add(name="maria lópez", description="Jonas Berg's mentee", coder="Ana Kovač")
    case_id = case.created[-1]
    p.cases.rename(case=case_id, name="Maria López", coder="Ana Kovač")  # the audit log keeps both
    p.cases.link(case=case_id, source=source, coder="Ana Kovač", speaker="Maria López")
    p.cases.define_attribute(name="mentor", type="text", coder="Ana Kovač")
    p.cases.set_value(
        scope="case", item=case_id, attribute="mentor", value="JONAS BERG", coder="Ana Kovač"
    )
    p.sets.create(name="Jonas Berg's group", kind="code", members=[code], coder="Ana Kovač")
    p.map.relate(from_code=code, to_code=other, label="told Maria López", coder="Ana Kovač")
    p.map.place(positions={code: (1.0, 2.0)}, coder="Ana Kovač")
    p.sources.set_done(source=source, coder="Ben Okafor")
    recording = write_wav(p.path.parent / nfd("Maria_López.wav"), 0.5)
    p.media.attach(source_id=source, path=recording, coder="Ana Kovač")
    p.media_codings.apply(source_id=source, code_id=code, start_ms=0, end_ms=400, coder="Ana Kovač")
    where = TEXT.index("JONAS BERG")
    p.sources.replace_text(  # an earlier correction: its audit entry holds the name
        source=source,
        replacements=[_replacement(where, where + 10, "Jonas Berg")],
        coder="Ana Kovač",
    )
    p.rename(name="Study of Maria López and Jonas Berg", coder="Ana Kovač")
    return p


def _replacement(start: int, end: int, text: str) -> object:
    from workbench.core.text.replace import Replacement

    return Replacement(start, end, text)


def test_the_fixture_really_has_the_names_everywhere(everywhere: Project) -> None:
    assert len(leaked(everywhere.path.read_bytes())) >= len(MAPPING)


def test_no_name_in_any_form_in_the_copy_or_its_folder(everywhere: Project, tmp_path: Path) -> None:
    out_dir = tmp_path / "shared-folder"
    out_dir.mkdir()
    report = pseudonymize_copy(everywhere, out_dir / "copy.qwb", mapping=MAPPING, coder="Ana Kovač")
    files = list(out_dir.iterdir())
    assert [f.name for f in files] == ["copy.qwb"]
    for file in files:
        assert leaked(file.read_bytes()) == [], file
    assert set(report.by_name) == set(MAPPING) and all(report.by_name.values())
    assert report.by_place["source texts"] == 9
    (recording,) = report.warnings  # the recording was left out, and the report says why
    assert recording.startswith("1 recording was left out of the copy: a voice is not pseud")
    with Project.open(out_dir / "copy.qwb", read_only=True) as copy:
        (source,) = copy.sources.list()
        assert source.name == "Person B interview"
        assert source.original_name == "Participant 01.docx"
        text = copy.sources.text(source.uuid)
        assert text.count("Person B") == 5 and text.count("Participant 01") == 4
        assert {c.name for c in copy.coders.list()} >= {"Coder A", "Coder B"}
        segments = {(s.coder, s.text) for s in copy.codings.segments()}
        assert ("Coder A", "Person B") in segments
        with copy.read() as s:
            details = s.execute(sqlite_text("SELECT DISTINCT details FROM audit_log")).all()
            assert [d for (d,) in details] in ([{}], ["{}"])


def sqlite_text(sql: str) -> object:
    from sqlalchemy import text

    return text(sql)


def test_every_text_column_is_rewritten_or_listed_safe() -> None:
    schema = {(t, c) for t, c, _ in text_columns()}
    rewritten = {(t, c) for t, cols in columns_to_rewrite().items() for c, _ in cols}
    safe = {(t, c) for t, c in schema if f"*.{c}" in SAFE or f"{t}.{c}" in SAFE}
    separate = {tuple(key.split(".")) for key in SEPARATE}
    assert rewritten | safe | separate == schema
    assert not rewritten & safe
    for key, reason in (SAFE | SEPARATE).items():
        table, column = key.split(".")
        assert reason.strip()
        assert any(c == column and table in ("*", t) for t, c in schema), f"stale entry {key}"
    # the columns people type into are rewritten, whatever their type
    assert {
        ("coders", "name"),
        ("audit_log", "coder_name"),
        ("audit_log", "summary"),
        ("sources", "metadata"),
        ("attribute_values", "value"),
    } <= rewritten


def test_a_name_in_any_rewritten_column_is_replaced(everywhere: Project, tmp_path: Path) -> None:
    """Plants a spelling of a name in every column the schema says is rewritten (a new text
    column is then tested too); every table needs a row in the fixture for this."""
    path = everywhere.path
    everywhere.close()
    conn = sqlite3.connect(path)
    for table, columns in columns_to_rewrite().items():
        row = conn.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid LIMIT 1').fetchone()
        assert row is not None, f"the fixture has no row in {table}"
        for column, is_json in columns:
            (value,) = conn.execute(
                f'SELECT "{column}" FROM "{table}" WHERE rowid = ?', row
            ).fetchone()
            if is_json:
                data = json.loads(value)
                data = (
                    [*data, "jonas.BERG"] if isinstance(data, list) else {**data, "w": "JONAS_berg"}
                )
                value = json.dumps(data)
            else:
                value = f"{value} ({nfd('MARÍA')} jonas_berg)"
            conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', (value, *row))
    conn.commit()
    conn.close()
    with Project.open(path, read_only=True) as original:
        out = tmp_path / "planted.qwb"
        pseudonymize_copy(original, out, mapping=MAPPING, coder="Ana Kovač")
    assert leaked(out.read_bytes()) == []


def test_report_counts_every_name_and_warns(everywhere: Project, tmp_path: Path) -> None:
    mapping = {**MAPPING, "Nobody Here": "Person Z", "López": "L."}
    everywhere.memos.add(text="Berg said no", coder="Ana Kovač")
    report = pseudonymize_copy(everywhere, tmp_path / "c.qwb", mapping=mapping, coder="Ana Kovač")
    assert report.by_name["Nobody Here"] == 0
    warnings = "\n".join(report.warnings)
    assert "'Nobody Here' was not found" in warnings
    assert "'Berg' (part of 'Jonas Berg') is still in the copy 1 time(s)" in warnings
    assert "'López' (part of" not in warnings  # mapped on its own: not a leftover part


def test_work_copy_is_private_and_leaves_no_backup(
    everywhere: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir = tmp_path / "synced"
    out_dir.mkdir()
    seen: list[tuple[Path, list[str], list[int]]] = []
    real = pseudonymize_module._pseudonymize

    def spy(work: Path, *args: object) -> None:
        modes = [stat.S_IMODE(f.stat().st_mode) for f in (work.parent, work.parent.parent)]
        seen.append((work, sorted(p.name for p in out_dir.iterdir()), modes))
        real(work, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pseudonymize_module, "_pseudonymize", spy)
    everywhere.backups.wait()
    before = {p: p.read_bytes() for p in user_data_dir().rglob("*") if p.is_file()}
    pseudonymize_copy(everywhere, out_dir / "copy.qwb", mapping=MAPPING, coder="Ana Kovač")
    ((work, beside, modes),) = seen
    assert beside == []  # nothing in the output folder while the copy was worked on
    assert work.is_relative_to(user_data_dir())
    assert modes == [0o700, 0o700]
    assert not work.parent.exists()  # removed when done
    everywhere.backups.wait()
    after = {p: p.read_bytes() for p in user_data_dir().rglob("*") if p.is_file()}
    assert {p: b for p, b in after.items() if before.get(p) != b} == {}


def test_leftovers_of_a_killed_run_are_removed(everywhere: Project, tmp_path: Path) -> None:
    work = user_data_dir() / "work"
    work.mkdir(parents=True)
    dead = work / "copy-999999999-x"  # no such process
    dead.mkdir()
    (dead / "copy.qwb").write_bytes(everywhere.path.read_bytes())
    mine = work / f"copy-{os.getppid()}-y"  # a running process (our parent): kept
    mine.mkdir()
    legacy = tmp_path / "c.qwb.pseudonymizing.qwb"  # what older versions left beside the copy
    legacy.write_bytes(everywhere.path.read_bytes())
    pseudonymize_copy(everywhere, tmp_path / "c.qwb", mapping=MAPPING, coder="Ana Kovač")
    assert not dead.exists() and mine.exists() and not legacy.exists()
