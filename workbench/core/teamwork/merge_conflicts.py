"""The conflicts a merge finds, with readable labels and what each choice would do."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from workbench.core.teamwork.merge_media import media_label
from workbench.core.teamwork.merge_report import Choice, ConflictKind, MergeConflict
from workbench.core.teamwork.rows import ProjectRows, foreign_keys
from workbench.core.text.codepath import join_path

_FIELD_KINDS: dict[tuple[str, str], ConflictKind] = {
    ("code", "placement"): "code_placement",
    ("code", "definition"): "definition",
    ("attribute_value", "values"): "attribute_value",
    ("source", "text"): "text",
}
_NOUNS = {
    "coder": ("coder", "coders"),
    "source": ("source", "sources"),
    "case": ("case", "cases"),
    "case_link": ("case link", "case links"),
    "code": ("code", "codes"),
    "attribute": ("attribute", "attributes"),
    "attribute_value": ("attribute value", "attribute values"),
    "set": ("set", "sets"),
    "set_member": ("set member", "set members"),
    "coding": ("coding", "codings"),
    "annotation": ("annotation", "annotations"),
    "memo": ("memo", "memos"),
    "source_status": ("done mark", "done marks"),
    "relation": ("relation", "relations"),
    "map_position": ("map position", "map positions"),
    "media": ("recording", "recordings"),
    "media_coding": ("media coding", "media codings"),
}


def _quote(text: str, limit: int = 60) -> str:
    short = " ".join(text.split())
    return f"“{short if len(short) <= limit else short[: limit - 1] + '…'}”"


def counted(counts: Mapping[str, int]) -> str:
    """ "3 codings, 1 memo" for {"coding": 3, "memo": 1}."""
    parts = []
    for kind, n in counts.items():
        one, many = _NOUNS.get(kind, (kind, kind + "s"))
        parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)


class ConflictBook:
    """Collects conflicts while a merge is planned and says what the choices mean."""

    def __init__(
        self,
        mine: ProjectRows,
        theirs: ProjectRows,
        choices: Mapping[str, Choice],
        default: Choice,
    ) -> None:
        self.mine = mine
        self.theirs = theirs
        self.choices = choices
        self.default = default
        self._drafts: dict[str, dict[str, Any]] = {}
        self.users: dict[str, Counter[str]] = {}
        self.users_side: dict[str, str] = {}
        self.consequences: dict[str, Counter[str]] = {}

    def choice(self, key: str) -> Choice:
        return self.choices.get(key, self.default)

    def field_conflict(
        self,
        kind: str,
        uuid: str,
        group: str,
        attrs: tuple[str, ...],
        mine: Mapping[str, Any],
        theirs: Mapping[str, Any],
    ) -> Choice:
        """Record that both copies changed ``attrs`` of a row; returns the choice for it."""
        key = f"{kind}:{uuid}:{group}"
        if key not in self._drafts:
            differing = [a for a in attrs if mine.get(a) != theirs.get(a)]
            self._drafts[key] = {
                "kind": _FIELD_KINDS.get((kind, group), "edited_both"),
                "entity": kind,
                "uuid": uuid,
                "label": self.label(kind, mine),
                "mine": self.render(kind, group, differing, mine),
                "theirs": self.render(kind, group, differing, theirs),
            }
        return self.choice(key)

    def deletion_conflict(
        self, conflict: ConflictKind, kind: str, uuid: str, values: Mapping[str, Any]
    ) -> str:
        """Record a row deleted on one side and edited or used on the other; returns its key."""
        key = f"{kind}:{uuid}:deleted"
        if key not in self._drafts:
            self._drafts[key] = {
                "kind": conflict,
                "entity": kind,
                "uuid": uuid,
                "label": self.label(kind, values),
                "mine": "",
                "theirs": "",
            }
        return key

    def span_conflict(
        self,
        kind: str,
        uuid: str,
        values: Mapping[str, Any],
        side: str,
        old: str,
        new: tuple[int, int, str],
    ) -> str:
        """Record a coding or annotation of ``side`` ("mine"/"theirs") on a text the other side
        corrected that cannot be moved exactly: ``old`` is its text, ``new`` the best guess
        (start, end, text) on the corrected text. Returns its key; choosing "mine" keeps this
        project's state (a span here stays, on the guess; the other copy's is not merged)."""
        key = f"{kind}:{uuid}:range"
        if key not in self._drafts:
            guess = f"{new[0]}-{new[1]} {_quote(new[2])}"
            mine_side = side == "mine"
            self._drafts[key] = {
                "kind": "span_text",
                "entity": kind,
                "uuid": uuid,
                "label": self.label(kind, values),
                "mine": _quote(old) if mine_side else "not in this project",
                "theirs": "its text is gone" if mine_side else _quote(old),
                "if_mine": f"kept on {guess}: check it" if mine_side else "not merged",
                "if_theirs": "removed" if mine_side else f"merged on {guess}: check it",
            }
        return key

    def add_user(self, key: str, kind: str, side: str) -> None:
        """A row of ``side`` ("mine"/"theirs") uses the row deleted by the other side."""
        self.users.setdefault(key, Counter())[kind] += 1
        self.users_side.setdefault(key, side)

    def note_consequence(self, cause: str, kind: str) -> None:
        if cause in self._drafts:
            self.consequences.setdefault(cause, Counter())[kind] += 1

    def conflicts(self) -> tuple[MergeConflict, ...]:
        out = []
        for key, d in self._drafts.items():
            kind: ConflictKind = d["kind"]
            mine, theirs, if_mine, if_theirs = d["mine"], d["theirs"], "", ""
            users = counted(self.users.get(key, Counter()))
            if kind == "deleted_edited" or (
                kind == "deleted_used" and self.users_side.get(key) == "theirs"
            ):
                mine, theirs = "deleted", "edited" if kind == "deleted_edited" else "in use"
                if users:
                    theirs = f"used by {users}"
                if_mine = "stays deleted" + (
                    f"; the other copy's {users} are not merged"
                    if users
                    else "; the other copy's edits are lost"
                )
                if_theirs = "restored from the other copy" + (f" with its {users}" if users else "")
            elif kind in ("edited_deleted", "deleted_used"):
                mine = f"used by {users}" if users else "edited"
                theirs = "deleted"
                if_mine = "kept" + (f" with {users}" if users else " with your edits")
                if_theirs = "deleted" + (f" together with {users}" if users else "")
            elif kind == "span_text":
                if_mine, if_theirs = d["if_mine"], d["if_theirs"]
            else:
                if_mine = f"keep {mine}"
                if_theirs = f"take {theirs}"
            out.append(
                MergeConflict(
                    key=key,
                    kind=kind,
                    entity=d["entity"],
                    uuid=d["uuid"],
                    label=d["label"],
                    mine=mine,
                    theirs=theirs,
                    choice=self.choice(key),
                    if_mine=if_mine,
                    if_theirs=if_theirs,
                )
            )
        return tuple(out)

    # -- labels ---------------------------------------------------------------------------------
    def _lookup(self, kind: str, uuid: str) -> Mapping[str, Any] | None:
        row = self.mine.rows[kind].get(uuid) or self.theirs.rows[kind].get(uuid)
        return None if row is None else row.values

    def name_of(self, kind: str, uuid: str | None) -> str:
        if uuid is None:
            return "(none)"
        values = self._lookup(kind, uuid)
        if values is None:
            return "(deleted)"
        if kind == "code":
            return self.code_path(values)
        return str(values.get("name", uuid[:8]))

    def code_path(self, values: Mapping[str, Any]) -> str:
        names = [str(values["name"])]
        parent = values.get("parent_id")
        seen: set[str] = set()
        while parent is not None and parent not in seen:
            seen.add(parent)
            row = self._lookup("code", parent)
            if row is None:
                break
            names.append(str(row["name"]))
            parent = row.get("parent_id")
        return join_path(list(reversed(names)))

    def label(self, kind: str, values: Mapping[str, Any]) -> str:
        noun = _NOUNS.get(kind, (kind, kind))[0]
        if kind == "code":
            return f"code {self.code_path(values)}"
        if kind in ("coding", "annotation"):
            what = (
                self.name_of("code", values.get("code_id"))
                if kind == "coding"
                else repr(str(values.get("text", ""))[:40])
            )
            return (
                f"{noun} {what} on {self.name_of('source', values.get('source_id'))} "
                f"{values.get('start')}-{values.get('end')} by "
                f"{self.name_of('coder', values.get('coder_id'))}"
            )
        media = media_label(kind, values, self.name_of)
        if media is not None:
            return media
        if kind == "attribute_value":
            owner = (
                self.name_of("case", values["case_id"])
                if values.get("case_id")
                else self.name_of("source", values.get("source_id"))
            )
            return f"{self.name_of('attribute', values.get('attribute_id'))} of {owner}"
        if kind == "memo":
            return f"memo {values.get('title') or str(values.get('text', ''))[:40]!r}"
        if "name" in values:
            return f"{noun} {values['name']}"
        return noun

    def render(self, kind: str, group: str, attrs: list[str], values: Mapping[str, Any]) -> str:
        if kind == "code" and group == "placement":
            return self.code_path(values)
        if kind == "source" and group == "text":
            return f"{values.get('length')} characters (sha256 {str(values.get('sha256'))[:12]})"
        fks = foreign_keys(kind)
        parts = []
        for attr in attrs:
            value = values.get(attr)
            shown = self.name_of(fks[attr], value) if attr in fks else value
            parts.append(str(shown) if len(attrs) == 1 else f"{attr}: {shown}")
        return "; ".join(parts)
