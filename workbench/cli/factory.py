"""What a command module's ``register`` is given to make its parsers (see ``registry``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CommandFactory:
    command: Callable[..., argparse.ArgumentParser]
    coder_flag: Callable[[argparse.ArgumentParser], None]
    plain: Callable[..., argparse.ArgumentParser]
