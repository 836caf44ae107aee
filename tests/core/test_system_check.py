"""The system check names the Debian packages of the libraries Qt Multimedia needs (the player),
so ``.ci/run`` installs them on a fresh machine."""

from __future__ import annotations

import ctypes.util
import sys

import pytest

from workbench import system_check


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian packages: Linux only")
def test_a_machine_without_pulseaudio_is_told_to_install_libpulse(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = ctypes.util.find_library
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda name: None if name == "pulse" else found(name)
    )
    assert system_check.main(["--packages"]) == 0
    assert "libpulse0" in capsys.readouterr().out.split()

