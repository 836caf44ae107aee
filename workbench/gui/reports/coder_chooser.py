"""The "Whose codings" chooser: all coders merged, consensus only, one coder, or each coder
side by side — a CoderScope as a combo box."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from workbench.core.reports import CoderScope

MERGED, CONSENSUS, SIDE = CoderScope(), CoderScope("consensus"), CoderScope(side_by_side=True)


def _key(scope: CoderScope) -> str:
    return json.dumps(scope.to_json(), sort_keys=True)


class CoderChooser(QComboBox):
    """``chosen(CoderScope)`` fires when the user picks another item (not on ``set_scope``)."""

    chosen = Signal(object)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setToolTip(
            "Whose codings are counted: overlapping codings of a code in one source are one "
            "passage, however many coders marked it"
        )
        self._scopes: dict[str, CoderScope] = {}
        self.offer(())
        self.currentIndexChanged.connect(self._picked)

    def offer(self, coders: Sequence[str]) -> None:
        """Offer these coders (the current choice stays, and stays offered)."""
        current = self.scope() if self.count() else MERGED
        scopes = [MERGED, CONSENSUS, *[CoderScope.of([n]) for n in coders], SIDE]
        if current not in scopes:
            scopes.append(current)
        self.blockSignals(True)
        self.clear()
        self._scopes = {}
        for scope in scopes:
            self._scopes[_key(scope)] = scope
            self.addItem(scope.label, _key(scope))
        self.setCurrentIndex(max(0, self.findData(_key(current))))
        self.blockSignals(False)

    def scope(self) -> CoderScope:
        return self._scopes.get(str(self.currentData()), MERGED)

    def set_scope(self, scope: CoderScope) -> None:
        """Show ``scope`` (adding it when not offered) without firing ``chosen``."""
        if self.findData(_key(scope)) < 0:
            self._scopes[_key(scope)] = scope
            self.blockSignals(True)
            self.addItem(scope.label, _key(scope))
            self.blockSignals(False)
        self.blockSignals(True)
        self.setCurrentIndex(self.findData(_key(scope)))
        self.blockSignals(False)

    def _picked(self, _index: int) -> None:
        self.chosen.emit(self.scope())
