"""``workbench-cli watch URL``: listening before it prints, one line per revision, exit codes;
revisions hidden from the watcher by row-level security are told as hidden."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from roles_team import make_team
from sqlalchemy.engine import make_url

from workbench.core.changes import Changes
from workbench.core.project import Project
from workbench.core.server import members
from workbench.core.server.feed_events import HIDDEN
from workbench.core.server.local_cluster import LocalCluster

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 20.0


def _watch(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "workbench.cli.main", "watch", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture
def watching() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Starts ``watch`` and returns once it says it is listening (its first stderr line)."""
    procs: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        proc = _watch(*args)
        procs.append(proc)
        assert proc.stderr is not None
        first = proc.stderr.readline()
        assert first.startswith("listening on postgresql://"), first + proc.stderr.read()
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _expected(changes: Changes, coder: str) -> dict[str, object]:
    return {"revision": changes.revision, "coder": coder, "kinds": sorted(changes.kinds)}


def test_watch_json_prints_exactly_the_changes_made_while_it_listens(
    server_project: Callable[..., str], watching: Callable[..., subprocess.Popen[str]]
) -> None:
    location = server_project()
    with Project.open(location) as project:
        source = project.sources.add(name="P01", text="Hello world", coder="ana").created[-1]
        proc = watching(location, "--json", "--count", "3", "--timeout", str(WAIT_S))
        made = [
            (project.codebook.add(name="Trust", coder="ana"), "ana"),
            (project.codebook.add(name="Doubt", coder="bea"), "bea"),
        ]
        code = project.codebook.find("Trust")
        coded = project.codings.apply(source=source, code=code, start=0, end=5, coder="bea")
        made.append((coded, "bea"))
        project.codebook.add(name="After", coder="ana")  # a fourth: not printed
    out, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == 0, err
    lines = out.splitlines()
    assert len(lines) == 3, out
    events = [json.loads(line) for line in lines]
    assert [set(e) for e in events] == [{"revision", "coder", "kinds", "summary"}] * 3
    assert [{k: e[k] for k in ("revision", "coder", "kinds")} for e in events] == [
        _expected(changes, coder) for changes, coder in made
    ]
    assert "Trust" in events[0]["summary"] and "Doubt" in events[1]["summary"]
    assert all(e["summary"] for e in events)


def test_watch_text_lines_and_timeout_exit_1(
    server_project: Callable[..., str], watching: Callable[..., subprocess.Popen[str]]
) -> None:
    location = server_project()
    proc = watching(location, "--timeout", "1.5")
    with Project.open(location) as project:
        changes = project.codebook.add(name="Trust", coder="ana")
    out, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == 1
    (line,) = out.splitlines()
    assert line.startswith(f"r{changes.revision}  ana  {','.join(sorted(changes.kinds))}  ")
    assert "Trust" in line
    assert "timed out after 1.5 s" in err and "Traceback" not in err


def test_watch_survives_a_dropped_connection_and_prints_what_it_missed(
    server_project: Callable[..., str],
    watching: Callable[..., subprocess.Popen[str]],
    pg_cluster: LocalCluster,
) -> None:
    location = server_project()
    proc = watching(location, "--json", "--count", "2", "--timeout", str(WAIT_S))
    database = make_url(location).database
    with psycopg.connect(pg_cluster.url().replace("+psycopg", ""), autocommit=True) as su:
        pids = su.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = 'workbench-cli-listener'",
            (database,),
        ).fetchall()
        assert len(pids) == 1
        assert su.execute("SELECT pg_terminate_backend(%s)", pids[0]).fetchone() == (True,)
        gone = time.monotonic() + WAIT_S  # the changes follow the listener's end
        while (
            time.monotonic() < gone
            and su.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", pids[0]).fetchone()
        ):
            time.sleep(0.02)
    with Project.open(location) as project:
        made = [project.codebook.add(name=n, coder="ana") for n in ("Trust", "Doubt")]
    out, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == 0, err
    assert [json.loads(line)["revision"] for line in out.splitlines()] == [c.revision for c in made]
    assert "offline — reconnecting" in err and "Traceback" not in err


def test_ctrl_c_exits_130_quietly(
    server_project: Callable[..., str], watching: Callable[..., subprocess.Popen[str]]
) -> None:
    proc = watching(server_project(), "--json")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == 130
    assert out == "" and err == ""


def test_watch_refuses_a_file_and_a_bad_count(
    tmp_path: Path, server_project: Callable[..., str]
) -> None:
    for args, message in (
        ([str(tmp_path / "x.qwb")], "postgresql://"),
        ([server_project(), "--count", "0"], "--count must be at least 1"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "workbench.cli.main", "watch", *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=WAIT_S,
        )
        assert done.returncode == 1 and message in done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""


def test_revisions_hidden_by_row_level_security_are_told_as_hidden(
    server_project: Callable[..., str], watching: Callable[..., subprocess.Popen[str]]
) -> None:
    """While coding is blind, a coder watching sees a colleague's coding only as its revision
    (row-level security decides, on the watcher's own connection); their own in full."""
    team = make_team(server_project())
    with team.open("olga") as project:
        members.set_blind(project, True)
    proc = watching(team.url("ana"), "--json", "--count", "2", "--timeout", str(WAIT_S))
    with team.open("ben") as project:
        hidden = project.codings.apply(
            source=team.source, code=team.code, start=20, end=30, coder="ben"
        )
    with team.open("ana") as project:
        shown = project.codings.apply(
            source=team.source, code=team.code, start=31, end=40, coder="ana"
        )
    out, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert events == [
        {"revision": hidden.revision, "coder": None, "kinds": [], "summary": HIDDEN},
        {**_expected(shown, "ana"), "summary": events[1]["summary"]},
    ]
    assert "ben" not in out
