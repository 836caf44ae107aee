"""``workbench --self-test`` passes from a checkout (the installer runs it on the frozen app)."""

from __future__ import annotations

import pytest

from workbench.gui.app import main


def test_self_test_passes(qapp: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert sum(line.startswith("ok ") for line in out.splitlines()) == 11
    assert "play a recording (played to" in out
    assert "AES-encrypted" in out
    assert "self-test passed" in out
