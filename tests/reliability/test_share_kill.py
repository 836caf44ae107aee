"""A pseudonymized share killed at any moment leaves no un-pseudonymized byte in the output
folder, and the next share removes the killed run's private work files."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from workbench.core.project import Project

NAMES = {"Maria Lopez": "Participant 01", "Jonas Berg": "Person B"}
CHILD = (
    "import sys; from workbench.cli.main import main; "
    "sys.exit(main(['share', sys.argv[1], sys.argv[2], '--pseudonymize', "
    "'--mapping', sys.argv[3], '--coder', 'Ana']))"
)


def _fold(text: str) -> str:
    return re.sub(r"[\s_.\-]+", " ", unicodedata.normalize("NFC", text).casefold())


def _leaks(folder: Path) -> list[str]:
    found = []
    for file in folder.iterdir():
        text = _fold(file.read_bytes().decode("utf-8", errors="replace"))
        found += [f"{name} in {file.name}" for name in NAMES if _fold(name) in text]
    return found


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_share_leaves_no_names_behind(tmp_path: Path) -> None:
    source = tmp_path / "study.qwb"
    line = "Maria Lopez: I met jonas_berg on Zoom; MARIA LOPEZ is my name. " * 40 + "\n"
    with Project.create(source, name="Maria Lopez and Jonas Berg", coder="Ana") as project:
        for n in range(20):
            project.sources.add(name=f"Jonas Berg {n}", text=f"{n}\n" + line * 8, coder="Ana")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(NAMES))
    out_dir = tmp_path / "synced"
    out_dir.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def run() -> subprocess.Popen[bytes]:
        (out_dir / "copy.qwb").unlink(missing_ok=True)
        args = [sys.executable, "-c", CHILD, str(source), str(out_dir / "copy.qwb"), str(mapping)]
        return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    started = time.monotonic()
    child = run()
    assert child.wait(timeout=300) == 0, child.stderr.read() if child.stderr else ""
    full = time.monotonic() - started
    assert _leaks(out_dir) == []
    rng = random.Random(12)
    work = Path(os.environ["WORKBENCH_DATA_DIR"]) / "work"
    killed_mid_way = left_behind = 0
    for _ in range(8):
        child = run()
        time.sleep(rng.uniform(0.2, full))
        child.send_signal(signal.SIGKILL)
        child.wait()
        killed_mid_way += child.returncode == -signal.SIGKILL
        assert _leaks(out_dir) == []
        left_behind += any(work.iterdir())  # the killed run's private work files …
    print(f"share took {full:.2f} s; {killed_mid_way} kills mid-way, {left_behind} left work")
    assert killed_mid_way >= 4 and left_behind >= 2
    child = run()
    assert child.wait(timeout=300) == 0
    assert list(work.iterdir()) == []  # … which the next run removed
    assert [f.name for f in out_dir.iterdir()] == ["copy.qwb"] and _leaks(out_dir) == []
