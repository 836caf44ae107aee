"""The parent side of the crash tests: builds a project, runs ``crash_child.py``, SIGKILLs its
workers at random moments (or just as a backup or a schema upgrade is under way), and checks
after every kill that the file passes ``integrity_check``, opens, and holds every acknowledged
change. Used by ``tests/reliability/test_crash.py`` (CI) and ``benchmarks/crash_soak.py``."""

from __future__ import annotations

import json
import os
import queue
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.backups import read_folder
from workbench.core.backups.store import verify_file
from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.paths import backup_dir
from workbench.core.project import Project

CHILD = Path(__file__).with_name("crash_child.py")
Fact = tuple[str, str]  # (kind, uuid)


@dataclass
class Tally:
    """What the kills hit and what was checked."""

    rounds: int = 0
    kills: int = 0
    phases: Counter[str] = field(default_factory=Counter)
    acknowledged: int = 0
    facts_checked: int = 0
    backups_checked: int = 0
    failures: list[str] = field(default_factory=list)

    def report(self, seconds: float) -> str:
        phases = ", ".join(f"{n} {phase}" for phase, n in self.phases.most_common())
        return (
            f"{self.kills} kills in {self.rounds} rounds ({seconds:.1f} s); killed during: "
            f"{phases}\n{self.acknowledged} acknowledged changes, {self.facts_checked:,} facts "
            f"and {self.backups_checked} backups checked after the kills; "
            f"{len(self.failures)} failure(s)"
        )


class CrashHarness:
    """One project (plus a coder's copy to merge and an old-format file to upgrade)."""

    def __init__(self, workdir: Path, *, seed: int = 7) -> None:
        self.workdir = workdir
        self.rng = random.Random(seed)
        self.main = workdir / "main.qwb"
        self.copy = workdir / "coder-b.qwb"
        self.old_format = workdir / "old-format.qwb"
        self.upgrading = workdir / "upgrading.qwb"
        self.tally = Tally()
        self.checked_backups: set[Path] = set()
        self._build()
        self.model = self._facts(self.main)
        self.old_model = dict(self.model)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.child = subprocess.Popen(
            [sys.executable, str(CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def close(self) -> None:
        if self.child.stdin is not None:
            self.child.stdin.close()
        self.child.wait(timeout=30)

    # -- one round ------------------------------------------------------------------------------
    def round(self, schedule: str) -> None:
        """Start a worker, kill it per ``schedule`` ("random", "backup" or "migration"), check."""
        upgrade = schedule == "migration"
        if upgrade:
            shutil.copyfile(self.old_format, self.upgrading)
        command = {
            "project": str(self.upgrading if upgrade else self.main),
            "copy": None if upgrade else str(self.copy),
            "seed": self.rng.randrange(2**31),
            "ops": 400,
            "workdir": str(self.workdir),
            "slow_migration": 0.05 if upgrade else 0,
        }
        assert self.child.stdin is not None
        self.child.stdin.write(json.dumps(command) + "\n")
        self.child.stdin.flush()
        seen: list[tuple[str, Any]] = []
        pid = int(self._until(seen, "START")["pid"])
        if schedule == "random":
            if self.rng.random() < 0.75:  # most kills while changes are being made
                self._until(seen, "OPENED")
            self._until(seen, None, timeout=self.rng.uniform(0.0, 0.4))
        elif schedule == "backup":
            self._until(seen, "BEGIN", op="backup")
            time.sleep(self.rng.uniform(0, 0.015))
        else:
            self._until(seen, "PHASE")
            time.sleep(self.rng.uniform(0, 0.075))
        os.kill(pid, signal.SIGKILL)  # the worker never exits by itself: this pid is ours
        self._until(seen, "EXIT", timeout=60)
        self.tally.rounds += 1
        if not any(kind in ("DONE", "ERROR") for kind, _ in seen):
            self.tally.kills += 1
            self.tally.phases[_phase(seen)] += 1
        self._check(seen, self.upgrading if upgrade else self.main, upgrade)

    # -- checking -------------------------------------------------------------------------------
    def _check(self, seen: list[tuple[str, Any]], path: Path, upgrade: bool) -> None:
        model = dict(self.old_model) if upgrade else self.model
        pending: dict[Fact, object] = {}
        for kind, data in seen:
            if kind == "ERROR":
                self.tally.failures.append(f"the worker failed:\n{data}")
            elif kind == "BEGIN":
                pending = {(k, u): v for k, u, v in data["may"]}
            elif kind == "OK":
                self.tally.acknowledged += 1
                for k, u, v in data["facts"]:
                    model[(k, u)] = v
                pending = {}
        try:
            with Project.open(path) as project:  # the app's own open: recovers, then checks
                conn = project.sqlite_connection()
                try:
                    integrity = conn.execute("PRAGMA integrity_check").fetchall()
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                finally:
                    conn.close()
                uuid = project.info().uuid
            actual = self._facts(path)
        except Exception as exc:
            self.tally.failures.append(f"{path.name} did not open after the kill: {exc}")
            return
        if integrity != [("ok",)]:
            self.tally.failures.append(f"integrity_check after the kill: {integrity[:3]}")
        if version != SCHEMA_VERSION:
            self.tally.failures.append(f"file format {version} after opening, not upgraded")
        for fact, expected in model.items():
            value = actual.get(fact, None if fact[0] != "coding" else False)
            self.tally.facts_checked += 1
            if value == expected:
                continue
            if fact in pending and value == pending[fact]:
                model[fact] = value  # the change in flight when the kill came did commit
                continue
            self.tally.failures.append(
                f"acknowledged {fact[0]} {fact[1]} should be {expected!r}, is {value!r}"
            )
        for fact, value in pending.items():
            if fact not in model and actual.get(fact) == value:
                model[fact] = value
        self._check_backups(backup_dir(uuid))

    def _check_backups(self, folder: Path) -> None:
        for backup in read_folder(folder):
            if backup.path in self.checked_backups:
                continue
            self.checked_backups.add(backup.path)
            self.tally.backups_checked += 1
            if not backup.verified or not verify_file(backup.path):
                self.tally.failures.append(f"the backup {backup.path.name} is listed but damaged")

    @staticmethod
    def _facts(path: Path) -> dict[Fact, object]:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            facts: dict[Fact, object] = {}
            for (u,) in conn.execute("SELECT uuid FROM codings"):
                facts[("coding", u)] = True
            for u, name in conn.execute("SELECT uuid, name FROM codes"):
                facts[("code", u)] = name
            for u, sha in conn.execute("SELECT uuid, sha256 FROM sources"):
                facts[("source", u)] = sha
            return facts
        finally:
            conn.close()

    # -- plumbing -------------------------------------------------------------------------------
    def _read(self) -> None:
        assert self.child.stdout is not None
        for line in self.child.stdout:
            self.lines.put(line)

    def _until(
        self,
        seen: list[tuple[str, Any]],
        kind: str | None,
        *,
        timeout: float = 30.0,
        op: str | None = None,
    ) -> Any:
        """Collect lines until one of ``kind`` (and ``op``) arrives, or ``timeout`` passes
        (a failure unless ``kind`` is None: then it is just a wait)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(0.0, remaining))
            except queue.Empty:
                if kind is not None:
                    raise TimeoutError(f"no {kind} from the crash worker in {timeout} s") from None
                return None
            name, _, payload = line.rstrip("\n").partition(" ")
            data = json.loads(payload) if payload else None
            seen.append((name, data))
            if name in ("DONE", "ERROR") and kind != "EXIT":
                return None  # the worker stopped before the moment came
            if name == kind and (op is None or (isinstance(data, dict) and data["op"] == op)):
                return data

    def _build(self) -> None:
        """A project of a realistic shape, a coder's copy of it, and an old-format copy."""
        rng = random.Random(1)
        words = ["mentor", "mentee", "zoom", "slack", "email", "trust", "call", "video", "plan"]
        with Project.create(self.main, name="Crash test", coder="Lead") as project:
            sources = []
            for i in range(12):
                turns = [
                    f"{'Interviewer' if t % 2 == 0 else f'P{i:02d}'}: "
                    + " ".join(rng.choices(words, k=rng.randint(10, 60)))
                    for t in range(30)
                ]
                text = "\n".join(turns) + "\n"
                changes = project.sources.add(name=f"P{i:02d}", text=text, coder="Lead")
                sources.append((changes.created[-1], len(text)))
            codes: list[str] = []
            for i in range(20):
                parent = codes[i // 4] if i >= 4 else None
                codes.append(
                    project.codebook.add(name=f"Code {i}", parent=parent, coder="Lead").created[-1]
                )
            for _ in range(150):
                source, length = rng.choice(sources)
                start = rng.randrange(length - 20)
                project.codings.apply(
                    source=source,
                    code=rng.choice(codes),
                    start=start,
                    end=start + rng.randint(5, 20),
                    coder="Lead",
                )
            project.save_copy(self.copy)
        shutil.copyfile(self.main, self.old_format)
        conn = sqlite3.connect(self.old_format)
        conn.execute("DROP TABLE merge_bases")  # what version 1 lacked
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
        conn.close()


def _phase(seen: list[tuple[str, Any]]) -> str:
    """Where the worker was when it was killed."""
    kinds = [kind for kind, _ in seen]
    if "OPENED" not in kinds:
        return "schema upgrade" if "PHASE" in kinds else "opening"
    for kind, data in reversed(seen):
        if kind == "OK":
            return "between changes"
        if kind == "BEGIN":
            return str(data["op"])
    return "between changes"


def run(workdir: Path, plan: list[str], *, seed: int = 7) -> tuple[Tally, float]:
    """Run the rounds in ``plan`` in a fresh harness under ``workdir``; (tally, seconds)."""
    started = time.perf_counter()
    harness = CrashHarness(workdir, seed=seed)
    try:
        for schedule in plan:
            harness.round(schedule)
    finally:
        harness.close()
    return harness.tally, time.perf_counter() - started
