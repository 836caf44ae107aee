"""The runtime dependencies: each upper-bounded, none the app does not import itself (numpy
served one layout: ~40 MB of the bundle; defusedxml comes with odfpy, which uses it)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower()


def test_every_runtime_dependency_has_an_upper_bound() -> None:
    unbounded = [r for r in RUNTIME if not re.search(r"(<|==)\s*\d", r.split(";")[0])]
    assert unbounded == []


def test_numpy_and_defusedxml_are_not_runtime_dependencies() -> None:
    assert {_name(r) for r in RUNTIME}.isdisjoint({"numpy", "defusedxml"})
    assert any(r.startswith("pypdf[crypto]") for r in RUNTIME)


def test_workbench_never_imports_defusedxml_itself() -> None:
    users = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "workbench").rglob("*.py")
        if re.search(r"^\s*(from|import) defusedxml", path.read_text(), re.MULTILINE)
    ]
    assert users == []


def test_the_whole_app_imports_without_numpy() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "numpy":
                    raise ImportError("not a runtime dependency: " + name)
                return None

        sys.meta_path.insert(0, Block())
        import workbench
        for module in pkgutil.walk_packages(workbench.__path__, "workbench."):
            importlib.import_module(module.name)
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "PATH": ""},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
