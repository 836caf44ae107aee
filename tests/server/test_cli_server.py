"""``workbench-cli publish / snapshot / merge URL OUT.qwb``, and every command taking a URL."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.core.demo import build_demo
from workbench.core.project import Project
from workbench.core.server.local_cluster import LocalCluster

_names = itertools.count(1)
READ_COMMANDS = ("info", "codes", "segments", "cases", "memos")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], command: str, project: str) -> object:
    code, out, err = run(capsys, command, project, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.qwb")


@pytest.fixture
def location(pg_cluster: LocalCluster) -> str:
    """Where to publish: a database that does not exist yet."""
    return pg_cluster.url(f"cli_{next(_names)}").replace("postgresql+psycopg://", "postgresql://")


def test_publish_then_snapshot_reads_the_same(
    capsys: pytest.CaptureFixture[str], demo_file: Path, location: str, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "publish", str(demo_file), location, "--coder", "Maya Chen")
    assert (code, err) == (0, "")
    assert out.strip() == f"Published demo.qwb to {location}"
    offline = tmp_path / "offline.qwb"
    code, out, err = run(capsys, "snapshot", location, str(offline))
    assert (code, err) == (0, "")
    assert out.strip() == f"Wrote {offline}"
    for command in READ_COMMANDS:
        file_view = as_json(capsys, command, str(demo_file))
        server_view = as_json(capsys, command, location)
        copy_view = as_json(capsys, command, str(offline))
        assert server_view == file_view, command  # publish kept everything, file_id included
        if command == "info":
            assert isinstance(copy_view, dict) and isinstance(server_view, dict)
            assert copy_view.pop("file_id") != server_view.pop("file_id")
            copy_view.pop("revision"), server_view.pop("revision")
        assert copy_view == server_view, command


def test_offline_work_in_a_snapshot_merges_back(
    capsys: pytest.CaptureFixture[str], demo_file: Path, location: str, tmp_path: Path
) -> None:
    assert run(capsys, "publish", str(demo_file), location)[0] == 0
    offline = tmp_path / "offline.qwb"
    assert run(capsys, "snapshot", location, str(offline))[0] == 0
    # Offline: a new code, two codings with it, a renamed code, one coding removed.
    with Project.open(offline) as copy:
        source = copy.sources.find("P02")
        code = copy.codebook.add(name="Field note", coder="Tomás Rivera").created[-1]
        for start in (0, 40):
            copy.codings.apply(
                source=source, code=code, start=start, end=start + 20, coder="Tomás Rivera"
            )
        renamed = copy.codebook.tree()[0].uuid
        copy.codebook.rename(code=renamed, name="Renamed offline", coder="Tomás Rivera")
        gone = copy.codings.of_source(copy.sources.find("P05"))[0]
        copy.codings.remove(codings=[gone.uuid], coder="Tomás Rivera")
    # Meanwhile on the server: another coding.
    with Project.open(location) as server:
        source = server.sources.find("P03")
        server.codings.apply(
            source=source, code=server.codebook.tree()[1].uuid, start=5, end=15, coder="Maya Chen"
        )
        before = server.info()
    code, out, err = run(capsys, "merge", location, str(offline), "--json")
    assert (code, err) == (0, ""), err
    (report,) = json.loads(out)
    assert report["applied"] and report["backup"] is None
    assert report["base"] == "copy of this project"
    assert report["added"] == {"code": 1, "coding": 2}
    assert report["changed"] == {"code": 1}
    assert report["deleted"] == {"coding": 1}
    info = as_json(capsys, "info", location)
    assert isinstance(info, dict)
    assert (info["codes"], info["codings"]) == (before.codes + 1, before.codings + 1)
    names = [c["name"] for c in as_json(capsys, "codes", location)]  # type: ignore[union-attr]
    assert "Renamed offline" in names
    # Merging the same copy again changes nothing.
    code, out, _ = run(capsys, "merge", location, str(offline), "--json")
    assert code == 0 and json.loads(out)[0]["added"] == {}


def test_undo_merge_is_not_on_a_server(
    capsys: pytest.CaptureFixture[str], demo_file: Path, location: str
) -> None:
    assert run(capsys, "publish", str(demo_file), location)[0] == 0
    code, out, err = run(capsys, "undo-merge", location)
    assert code == 1 and out == ""
    assert "not possible on a server project" in err and "Traceback" not in err


def test_commands_take_a_url(
    capsys: pytest.CaptureFixture[str], demo_file: Path, location: str, tmp_path: Path
) -> None:
    assert run(capsys, "publish", str(demo_file), location)[0] == 0
    code, out, err = run(
        capsys,
        "code",
        location,
        "--source",
        "P01",
        "--code",
        _first_leaf(capsys, location),
        "--start",
        "0",
        "--end",
        "9",
        "--coder",
        "Maya Chen",
    )
    assert code == 0, err
    code, out, err = run(capsys, "text", location, "--source", "P01", "--start", "0", "--end", "9")
    assert code == 0 and len(out) == 9
    code, out, err = run(capsys, "search", location, "mentor", "--json", "--limit", "3")
    assert code == 0, err
    code, out, err = run(capsys, "export-qdc", location, str(tmp_path / "book.qdc"))
    assert code == 0, err
    help_text = run_help(capsys, "info")
    assert "PATH|URL" in help_text and "postgresql://" in help_text


def _first_leaf(capsys: pytest.CaptureFixture[str], location: str) -> str:
    node = as_json(capsys, "codes", location)[0]  # type: ignore[index]
    path = [node["name"]]
    while node["children"]:
        node = node["children"][0]
        path.append(node["name"])
    return "/".join(path)


def run_help(capsys: pytest.CaptureFixture[str], command: str) -> str:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ("publish", "{file}", "{location}"),  # the second time: the database holds the project
        ("publish", "{location}", "{file}"),
        ("snapshot", "{file}", "{out}"),
        ("snapshot", "{location}", "{file}"),  # exists
        ("new", "{location}", "--name", "X"),
        ("info", "postgresql://nobody@127.0.0.1:1/none"),
    ],
)
def test_errors_are_one_clear_line(
    capsys: pytest.CaptureFixture[str],
    demo_file: Path,
    location: str,
    tmp_path: Path,
    args: tuple[str, ...],
) -> None:
    assert run(capsys, "publish", str(demo_file), location)[0] == 0
    values = {"file": str(demo_file), "location": location, "out": str(tmp_path / "o.qwb")}
    code, out, err = run(capsys, *(a.format(**values) for a in args))
    assert code == 1 and out == ""
    assert err.startswith("workbench-cli: error: ") and err.count("\n") == 1, err
