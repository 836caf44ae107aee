"""Server passwords in the OS keyring (``keyring``), never in the workbench's settings. Where no
keyring exists (a headless machine, CI) nothing is kept: the password is asked each time, or
libpq finds it in ``PGPASSWORD`` or ``~/.pgpass``."""

from __future__ import annotations

import contextlib

import keyring
from keyring.errors import KeyringError

from workbench.gui.server.address import ServerAddress

SERVICE = "Qualitative Coding Workbench (server)"


def keyring_available() -> bool:
    """Whether a real keyring backend is there (the ``fail`` backend has priority 0)."""
    try:
        return float(keyring.get_keyring().priority) > 0
    except Exception:  # a broken backend is no backend
        return False


def stored(address: ServerAddress) -> str | None:
    """The password kept for ``address``'s user on its server, if any."""
    if not keyring_available():
        return None
    try:
        return keyring.get_password(SERVICE, address.keyring_user)
    except KeyringError:
        return None


def remember(address: ServerAddress, password: str) -> bool:
    """Keep ``password`` in the keyring; False when there is none (it is then not kept)."""
    if not keyring_available():
        return False
    try:
        keyring.set_password(SERVICE, address.keyring_user, password)
    except KeyringError:
        return False
    return True


def forget(address: ServerAddress) -> None:
    """Drop a kept password (the server refused it)."""
    if not keyring_available():
        return
    with contextlib.suppress(KeyringError):
        keyring.delete_password(SERVICE, address.keyring_user)
