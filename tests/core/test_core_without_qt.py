"""workbench.core must import and work with PySide6 unavailable (the CLI and tests rely on it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_imports_with_pyside6_blocked(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                    raise ImportError("Qt is blocked in this test: " + name)
                if name.startswith("workbench.gui"):
                    raise ImportError("the GUI is blocked in this test: " + name)
                return None

        sys.meta_path.insert(0, Block())
        import workbench.core
        for module in pkgutil.walk_packages(workbench.core.__path__, "workbench.core."):
            importlib.import_module(module.name)
        import workbench.cli.main
        from workbench.core.project import Project
        with Project.create({str(tmp_path / "p.qwb")!r}, name="No Qt", coder="A") as p:
            p.codebook.add(name="Works", coder="A")
        assert not any(m.startswith(("PySide6", "shiboken6")) for m in sys.modules)
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
