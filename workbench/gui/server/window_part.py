"""The main window's server part (mixed into ``MainWindow``): File → Open from server…,
Publish to server…, Take an offline copy…, Team → Members…, Blind coding and Coders may edit
the codebook, and following an open server project (its change feed, its text lease,
conflicts, project settings, presence)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from workbench.core.changes import ChangeKind, Changes
from workbench.core.server import roles
from workbench.gui.server import offline_copy, opening, publishing, team
from workbench.gui.server.live import LiveLink
from workbench.gui.server.presence import PresenceLink
from workbench.gui.server.text_lease import TextLease

if TYPE_CHECKING:
    from workbench.gui.window.main_window import MainWindow


PER_CODER_KINDS: frozenset[ChangeKind] = frozenset(
    {"codings", "annotations", "memos", "media_codings", "coders"}
)
"""What blind coding hides or reveals: read again when it is turned on or off."""


class ServerWindow:
    """What the window does for a project on a PostgreSQL server."""

    live: LiveLink | None = None  # the change feed of the open server project
    text_lease: TextLease | None = None  # its text lease (edit mode)
    presence: PresenceLink | None = None  # who has which source open
    blind: bool = False  # blind coding, as last read

    def open_from_server(self) -> None:
        w = cast("MainWindow", self)
        opening.open_from_server(w)

    def publish_to_server(self) -> None:
        """File → Publish to server…: this file becomes a server project, opened here."""
        w = cast("MainWindow", self)
        if w.session is not None and not w.session.project.on_server:
            publishing.publish_to_server(w, w.session.project.path, w.session.coder)

    def take_offline_copy(self) -> None:
        """File → Take an offline copy…: a project file of this server project."""
        w = cast("MainWindow", self)
        if w.session is not None and w.session.project.on_server:
            offline_copy.take_offline_copy(w, w.session)

    def show_members(self) -> None:
        """Team → Members… (owners of a server project)."""
        w = cast("MainWindow", self)
        if w.session is not None and team.is_owner(w.session.project):
            team.members_dialog(w, w.session.project).exec()

    def toggle_blind_coding(self) -> None:
        """Team → Blind coding: on or off for every coder (owners; the reveal is audited)."""
        w = cast("MainWindow", self)
        if w.session is not None:
            team.toggle_setting(w, w.session, roles.BLIND)
            w.menus.set_team_state()

    def toggle_codebook_edits(self) -> None:
        """Team → Coders may edit the codebook: on or off (owners)."""
        w = cast("MainWindow", self)
        if w.session is not None:
            team.toggle_setting(w, w.session, roles.CODERS_EDIT_CODEBOOK)
            w.menus.set_team_state()

    # -- following the open server project ------------------------------------------------------
    def follow_server(self) -> None:
        """Start following the session's server project (nothing for a file)."""
        w = cast("MainWindow", self)
        session = w.session
        assert session is not None
        session.conflicted.connect(w._conflicted)
        if not session.project.on_server:
            return
        w.live = LiveLink(session, w)
        w.live.connection_changed.connect(lambda _up, _text: w._update_title())
        w.blind = team.setting(session.project, roles.BLIND)
        session.changed.connect(w._server_changed)
        w.text_lease = TextLease(session, w)
        w.text_lease.refused.connect(w._lease_refused)
        desk = w.desk
        assert desk is not None
        w.presence = PresenceLink(
            session, desk.sources.set_presence, w.live.presence_changed, w
        )

    def stop_following(self) -> None:
        """Before the session closes: the feed stops, the text lease is given back."""
        w = cast("MainWindow", self)
        if w.presence is not None:
            w.presence.stop()
            w.presence.deleteLater()
            w.presence = None
        if w.text_lease is not None:
            w.text_lease.release()
            w.text_lease.deleteLater()
            w.text_lease = None
        if w.live is not None:
            w.live.stop()
            w.live.deleteLater()
            w.live = None

    def _conflicted(self, message: str, again: Callable[[], object]) -> None:
        """Someone changed what this edit changed: their value is in ``message``."""
        w = cast("MainWindow", self)
        if w.ask_apply_again(message):
            again()

    def _server_changed(self, changes: Changes) -> None:
        """A project setting (blind coding, codebook edits) may have changed: menus follow, and
        when blind coding came or went every panel reads the codings it may see again."""
        w = cast("MainWindow", self)
        session = w.session
        if "project" not in changes.kinds or session is None:
            return
        w.menus.set_team_state()
        blind = team.setting(session.project, roles.BLIND)
        if blind != w.blind:
            w.blind = blind
            session.notify_caught_up(Changes(kinds=PER_CODER_KINDS, bulk=True))

    def _lease_refused(self, why: str) -> None:
        """Another source shown in edit mode is being corrected by someone else."""
        w = cast("MainWindow", self)
        from workbench.gui.window import coding_actions

        w.menus.actions["editMode"].setChecked(False)
        coding_actions.toggle_edit_mode(w)
        w.show_error("The text cannot be corrected now", why)
