"""Correcting a transcript on a server takes the source's text lease: refused with the
holder's name while another coder corrects it, given back when edit mode ends."""

from __future__ import annotations

from conftest import Seeded, open_on_server
from pytestqt.qtbot import QtBot

from workbench.core.project import Project
from workbench.gui.window.main_window import MainWindow


def test_edit_mode_takes_the_text_lease_or_names_who_holds_it(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    open_on_server(qtbot, window, seeded.location)
    assert window.desk is not None and window.desk.document.source == seeded.source
    edit = window.menus.actions["editMode"]
    with Project.open(seeded.location) as other:
        other.leases.take(source=seeded.source, coder="Tomás Rivera")
        edit.trigger()
        assert not edit.isChecked()
        assert window.errors and "Tomás Rivera is correcting P01" in window.errors[-1]  # type: ignore[attr-defined]
        other.leases.release(source=seeded.source, coder="Tomás Rivera")
        edit.trigger()
        assert edit.isChecked()
        held = other.leases.holder(seeded.source)
        assert held is not None and held.coder == "Maya Chen"
        edit.trigger()  # edit mode off: the lease is given back
        assert not edit.isChecked() and other.leases.holder(seeded.source) is None
