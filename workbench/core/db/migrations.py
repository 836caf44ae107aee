"""Schema versions and the upgrade of older project files, in one real transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy import Connection, Engine

from workbench.core.db.sqlite_file import WRITE_OPTION

SCHEMA_VERSION = 1
"""The file format this build writes; stored in ``PRAGMA user_version``."""

OLDEST_SUPPORTED = 1

MigrationStep = Callable[[Connection], None]

MIGRATIONS: dict[int, MigrationStep] = {}
"""``MIGRATIONS[n]`` upgrades a file of version ``n`` to ``n + 1``."""


def migrate(
    engine: Engine,
    from_version: int,
    *,
    target: int | None = None,
    steps: Mapping[int, MigrationStep] | None = None,
) -> None:
    """Run every step from ``from_version`` to ``target`` and stamp the version, all or nothing.

    DDL and data changes share one ``BEGIN IMMEDIATE`` transaction (see ``sqlite_file``), so a
    failure or a crash half-way leaves the file exactly as it was.
    """
    table = MIGRATIONS if steps is None else steps
    target = SCHEMA_VERSION if target is None else target
    missing = [v for v in range(from_version, target) if v not in table]
    if missing:
        raise RuntimeError(f"no migration from file format {missing[0]}")
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            for version in range(from_version, target):
                table[version](conn)
            conn.exec_driver_sql(f"PRAGMA user_version = {int(target)}")
