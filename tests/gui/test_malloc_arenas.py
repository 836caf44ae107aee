"""The window asks glibc for few C heaps (issue 18: window memory at 4R): each thread's own heap
keeps what that thread freed."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot
from window_helpers import isolated_settings, make_window

from workbench.gui.window import main_window, malloc_arenas


def test_the_window_limits_the_heaps_before_its_threads_start(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(main_window, "limit_malloc_arenas", lambda: asked.append(True) or True)
    window = make_window(isolated_settings(tmp_path))
    qtbot.addWidget(window)
    assert asked == [True]


class _Mallopt:
    """Stands in for glibc's mallopt, recording what it is asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []
        self.argtypes: object = None
        self.restype: object = None

    def __call__(self, parameter: int, value: int) -> int:
        self.calls.append((parameter, value))
        return 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt is Linux's")
def test_glibc_is_asked_for_two_arenas(monkeypatch: pytest.MonkeyPatch) -> None:
    mallopt = _Mallopt()
    monkeypatch.setattr(ctypes, "CDLL", lambda _name: SimpleNamespace(mallopt=mallopt))
    assert malloc_arenas.limit_malloc_arenas()
    assert mallopt.calls == [(malloc_arenas.M_ARENA_MAX, 2)]


def test_without_glibc_nothing_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not malloc_arenas.limit_malloc_arenas()
