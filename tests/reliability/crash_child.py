"""The process the crash tests kill: it changes a project in a loop and prints every change once
it is committed.

Started once (``python crash_child.py``), it imports the workbench and then reads one JSON
command per line from stdin; for each it forks a worker (so a round costs no interpreter start)
and reports ``EXIT`` when the worker is gone (a worker that finishes waits to be killed). A
worker prints, one line each, unbuffered:

- ``START {"pid"}``, ``OPENED``, ``PHASE "migrate"`` (inside the upgrade transaction),
- ``BEGIN {"op", "may": [facts]}`` before a change (``may``: what it would change),
- ``OK {"op", "facts": [facts]}`` after the change was committed (acknowledged),

where a fact is ``[kind, uuid, value]``: ``["coding", u, true]`` (present), ``["code", u,
name-or-null]``, ``["source", u, sha256]``. The parent kills the worker with SIGKILL.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import pkgutil
import random
import sqlite3
import sys
import time
import traceback
import uuid as uuidlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.core.db import migrations
from workbench.core.project import Project

CODER = "Crash Tester"
OTHER_CODER = "Coder B"
MERGE_AVAILABLE = importlib.util.find_spec("workbench.core.teamwork.merge") is not None
WORDS = ["mentor", "mentee", "zoom", "slack", "email", "trust", "call", "video", "chat", "goal"]


def emit(kind: str, data: object = None) -> None:
    os.write(1, f"{kind} {json.dumps(data)}\n".encode())


class Worker:
    """One round: open the project, then change it until killed (or ``ops`` changes are made)."""

    def __init__(self, command: dict[str, Any]) -> None:
        self.command = command
        self.rng = random.Random(command["seed"])
        self.path = Path(command["project"])
        self.copy = Path(command["copy"]) if command.get("copy") else None
        self.workdir = Path(command["workdir"])

    def run(self) -> None:
        emit("START", {"pid": os.getpid()})
        slow = float(self.command.get("slow_migration", 0))
        if slow:
            for version, step in list(migrations.MIGRATIONS.items()):
                migrations.MIGRATIONS[version] = _slowed(step, slow)
        self.project = Project.open(self.path)
        emit("OPENED")
        self._load_state()
        ops: list[tuple[float, Callable[[], None]]] = [
            (35, self.code),
            (20, self.uncode),
            (8, self.import_file),
            (12, self.add_code),
            (10, self.rename_code),
            (5, self.delete_code),
            (5, self.backup),
        ]
        if MERGE_AVAILABLE and self.copy is not None:
            ops.append((5, self.merge))
        weights = [w for w, _ in ops]
        for _ in range(int(self.command["ops"])):
            self.rng.choices([op for _, op in ops], weights)[0]()
        self.project.close()
        emit("DONE")

    def _load_state(self) -> None:
        conn = self.project.sqlite_connection()
        try:
            self.sources = dict(conn.execute("SELECT uuid, length FROM sources").fetchall())
            self.codes = {
                u: p
                for u, p in conn.execute(
                    "SELECT c.uuid, p.uuid FROM codes c LEFT JOIN codes p ON p.id = c.parent_id"
                )
            }
            self.codings = dict(
                conn.execute(
                    "SELECT g.uuid, c.uuid FROM codings g JOIN codes c ON c.id = g.code_id"
                ).fetchall()
            )
        finally:
            conn.close()

    # -- the changes ----------------------------------------------------------------------------
    def code(self) -> None:
        if not self.sources or not self.codes:
            return self.add_code()
        source = self.rng.choice(sorted(self.sources))
        code = self.rng.choice(sorted(self.codes))
        start = self.rng.randrange(self.sources[source] - 1)
        end = self.rng.randint(start + 1, min(self.sources[source], start + 400))
        new = str(uuidlib.uuid4())
        emit("BEGIN", {"op": "code", "may": [["coding", new, True]]})
        self.project.codings.apply(
            source=source, code=code, start=start, end=end, coder=CODER, uuid=new
        )
        self.codings[new] = code
        emit("OK", {"op": "code", "facts": [["coding", new, True]]})

    def uncode(self) -> None:
        if not self.codings:
            return self.code()
        coding = self.rng.choice(sorted(self.codings))
        emit("BEGIN", {"op": "uncode", "may": [["coding", coding, False]]})
        self.project.codings.remove(codings=[coding], coder=CODER)
        del self.codings[coding]
        emit("OK", {"op": "uncode", "facts": [["coding", coding, False]]})

    def import_file(self) -> None:
        path = self.workdir / f"interview-{uuidlib.uuid4().hex[:12]}.txt"
        turns = [
            f"{speaker}: " + " ".join(self.rng.choices(WORDS, k=self.rng.randint(5, 40)))
            for speaker in self.rng.choices(["Interviewer", "P1", "P2"], k=12)
        ]
        path.write_text("\r\n".join(turns) + f"\r\n{uuidlib.uuid4()}\r\n", encoding="utf-8")
        emit("BEGIN", {"op": "import", "may": []})
        changes = self.project.sources.import_file(path, coder=CODER)
        source = changes.created[-1]
        info = self.project.sources.get(source)
        self.sources[source] = info.length
        emit("OK", {"op": "import", "facts": [["source", source, info.sha256]]})
        path.unlink()

    def add_code(self) -> None:
        new = str(uuidlib.uuid4())
        name = f"Code {new[:8]}"
        parent = self.rng.choice([None, *sorted(self.codes)[:20]])
        emit("BEGIN", {"op": "add code", "may": [["code", new, name]]})
        self.project.codebook.add(name=name, parent=parent, coder=CODER, uuid=new)
        self.codes[new] = parent
        emit("OK", {"op": "add code", "facts": [["code", new, name]]})

    def rename_code(self) -> None:
        if not self.codes:
            return self.add_code()
        code = self.rng.choice(sorted(self.codes))
        name = f"Renamed {uuidlib.uuid4().hex[:8]}"
        emit("BEGIN", {"op": "rename code", "may": [["code", code, name]]})
        self.project.codebook.rename(code=code, name=name, coder=CODER)
        emit("OK", {"op": "rename code", "facts": [["code", code, name]]})

    def delete_code(self) -> None:
        used = set(self.codings.values()) | {p for p in self.codes.values() if p}
        leaves = sorted(c for c in self.codes if c not in used)
        if not leaves:
            return self.add_code()
        code = self.rng.choice(leaves)
        emit("BEGIN", {"op": "delete code", "may": [["code", code, None]]})
        self.project.codebook.delete(code=code, coder=CODER)
        del self.codes[code]
        emit("OK", {"op": "delete code", "facts": [["code", code, None]]})

    def backup(self) -> None:
        emit("BEGIN", {"op": "backup", "may": []})
        made = self.project.backups.make("crash test")
        emit("OK", {"op": "backup", "facts": [], "backup": str(made.path)})

    def merge(self) -> None:
        from workbench.core.teamwork.merge import merge_copy

        assert self.copy is not None
        new = str(uuidlib.uuid4())
        name = f"From B {new[:8]}"
        with Project.open(self.copy) as theirs:  # another coder's work, in their own copy
            theirs.codebook.add(name=name, coder=OTHER_CODER, uuid=new)
        emit("BEGIN", {"op": "merge", "may": [["code", new, name]]})
        merge_copy(self.project, self.copy, coder=CODER)
        self.codes[new] = None
        emit("OK", {"op": "merge", "facts": [["code", new, name]]})


def _slowed(step: Callable[[Any], None], seconds: float) -> Callable[[Any], None]:
    """The migration step, then a pause inside its transaction: room for a kill mid-upgrade."""

    def slowed(conn: Any) -> None:
        step(conn)
        emit("PHASE", "migrate")
        time.sleep(seconds)

    return slowed


def _import_everything_a_worker_uses() -> None:
    """Import the services once here (the project imports them on first use): each worker then
    runs the code as it was when the run started, like a long-running workbench would."""
    import workbench.core.importers
    import workbench.core.services

    for package in (workbench.core.services, workbench.core.importers):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    if MERGE_AVAILABLE:
        importlib.import_module("workbench.core.teamwork.merge")


def main() -> None:
    _import_everything_a_worker_uses()
    for line in sys.stdin:
        command = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                Worker(command).run()
            except (Exception, sqlite3.Error):
                emit("ERROR", traceback.format_exc())
            while True:  # wait for the parent's SIGKILL, so the pid it kills is always this one
                time.sleep(60)
        _, status = os.waitpid(pid, 0)
        emit("EXIT", {"pid": pid, "status": status})


if __name__ == "__main__":
    main()
