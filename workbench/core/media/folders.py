"""The user's media folders: where recordings live on this machine, kept per user (not in the
project: a team shares projects, not paths), in a small JSON file in the user data folder."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from workbench.core.atomic_file import built_beside
from workbench.core.paths import user_data_dir

SETTING = "media-folders"


def _settings_file() -> Path:
    return user_data_dir() / f"{SETTING}.json"


def media_folders() -> list[Path]:
    """The media folders the user chose (none if the setting is missing or unreadable)."""
    try:
        data = json.loads(_settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [Path(item) for item in data if isinstance(item, str) and item]


def save_media_folders(folders: Sequence[Path]) -> None:
    """Keep ``folders`` (absolute, without repeats) as the user's media folders."""
    unique = list(dict.fromkeys(str(Path(f).expanduser().resolve()) for f in folders))
    path = _settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with built_beside(path) as partial:
        partial.write_text(json.dumps(unique, indent=1), encoding="utf-8")
