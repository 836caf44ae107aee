"""What the Sources panel's actions do: done marks, rename, delete and source sets, each run as an
undoable command (several sources as one undo step), with refusals shown on the panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.gui.operations import sets, sources
from workbench.gui.operations.run import together

if TYPE_CHECKING:
    from workbench.gui.panels.sources_panel import SourcesPanel


def mark_done(panel: SourcesPanel, uuid: str, done: bool) -> None:
    """Mark one source done (or not done) for the current coder."""
    session = panel.session
    name = session.project.sources.get(uuid).name
    sources.set_done(session, source=uuid, name=name, done=done, show=panel.show_error)


def mark_sources_done(panel: SourcesPanel, done: bool) -> None:
    """Mark the selected sources whose mark differs, as one step."""
    coder = panel.session.coder
    infos = [s for s in panel.selected_infos() if (coder in s.done_by) != done]
    if not infos:
        return
    what = "done" if done else "not done"
    with together(
        panel.session, f"Mark {len(infos)} sources {what}", panel.show_error, count=len(infos)
    ):
        for info in infos:
            mark_done(panel, info.uuid, done)


def rename_source(panel: SourcesPanel) -> None:
    """Ask for a new name for the one selected source."""
    infos = panel.selected_infos()
    if len(infos) != 1:
        return
    info = infos[0]
    name = panel.ask_text("Rename source", "New name:", info.name)
    if not name or name == info.name:
        return
    sources.rename(panel.session, source=info.uuid, old=info.name, name=name, show=panel.show_error)


def delete_sources(panel: SourcesPanel) -> None:
    """Delete the selected sources with their codings, after asking."""
    infos = panel.selected_infos()
    if not infos:
        return
    if len(infos) == 1:
        info = infos[0]
        question = (
            f"Delete the source “{info.name}” with its {info.codings} codings, its annotations "
            "and memos?\n\nYou can undo this (Edit ▸ Undo)."
        )
    else:
        codings = sum(s.codings for s in infos)
        question = (
            f"Delete {len(infos)} sources with their {codings} codings, annotations and "
            "memos?\n\nYou can undo this (Edit ▸ Undo)."
        )
    if not panel.confirm("Delete sources" if len(infos) > 1 else "Delete source", question):
        return
    show = panel.show_error
    with together(panel.session, f"Delete {len(infos)} sources", show, count=len(infos)):
        for info in infos:
            sources.delete(panel.session, source=info.uuid, name=info.name, show=show)


def new_source_set(panel: SourcesPanel) -> None:
    """Ask for a name and make a source set of the selected sources."""
    members = panel.selected_sources()
    if not members:
        return
    name = panel.ask_text("New source set", f"Name of the set ({len(members)} sources):", "")
    if not name:
        return
    done = sets.create(
        panel.session, name=name, kind="source", members=members, show=panel.show_error
    )
    if done is not None:
        panel.message.show_info(f"Set “{name}” created with {len(members)} sources.")


def add_to_source_set(panel: SourcesPanel) -> None:
    """Ask which source set to add the selected sources to."""
    members = panel.selected_sources()
    shown = panel.set_bar.sets()
    if not members or not shown:
        return
    names = [s.name for s in shown]
    name = panel.choose_item("Add to source set", f"Add {len(members)} sources to:", names)
    target = next((s for s in shown if s.name == name), None)
    if target is None:
        return
    sets.add_members(
        panel.session,
        set=target.uuid,
        name=target.name,
        kind="source",
        members=members,
        show=panel.show_error,
    )


def remove_from_source_set(panel: SourcesPanel) -> None:
    """Take the selected sources out of the set being shown."""
    members = panel.selected_sources()
    target = panel.set_bar.chosen()
    if target is None or not members:
        return
    sets.remove_members(
        panel.session,
        set=target.uuid,
        name=target.name,
        kind="source",
        members=members,
        show=panel.show_error,
    )
