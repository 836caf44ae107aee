"""Roles on a server project, enforced by PostgreSQL itself: the members table, one group role
per project role (owner, coder, reader), table grants, row-level security and the triggers
that stamp who wrote a row from the login (``session_user``), so no client can forge them.

Identity is ``session_user``, not ``current_user``: a member may ``SET ROLE`` to their group,
but only a superuser can change the session's user. Every name inside the functions and
policies is schema-qualified, so a crafted ``search_path`` cannot swap a table or function.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from hashlib import sha1
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Connection, MetaData, String, Table, Text

from workbench.core.db.models import UUID_LEN
from workbench.core.server.live_tables import presence
from workbench.core.server.role_rules import (
    CODEBOOK,
    HELPERS,
    LIVE_TABLES,
    MANAGEMENT,
    MANAGEMENT_FUNCTIONS,
    PER_CODER,
    TRIGGERS,
    policies,
    triggers,
)

if TYPE_CHECKING:
    from psycopg import sql

ROLES = ("owner", "coder", "reader")
NAME_MAX = 63  # PostgreSQL's identifier length (NAMEDATALEN - 1)

ROLES_METADATA = MetaData()
"""The roles' own server tables (created by ``install``, so ``schema`` needs no import of
this module's tables)."""

members = Table(
    "members",
    ROLES_METADATA,
    Column("name", Text, primary_key=True),
    Column("login", String(NAME_MAX), nullable=False, unique=True),
    Column("role", String(8), nullable=False),
    Column("coder_uuid", String(UUID_LEN), nullable=False, unique=True),
)
"""Who may work on the project: their name (the coder they code as), database login and role.
Changed only through the SECURITY DEFINER functions of ``role_rules`` (``members.add``…)."""

BLIND = "blind"
CODERS_EDIT_CODEBOOK = "coders_edit_codebook"
"""The project settings, kept in ``server_meta`` as 'on'/'off', changed by owners only."""

SHARED = (
    "cases",
    "case_links",
    "attributes",
    "attribute_values",
    "sets",
    "set_members",
    "merge_bases",
)
"""Tables every coder may change (no owner of their own)."""
PROJECT_COLUMNS = ("revision", "modified_at", "modified_by", "text_token", "codebook_changed_at")
"""What a coder's write may change on the project row (its revision and modification stamp)."""
FEED = ("changes", "change_revisions")
OWN_TABLES = ("server_meta", "members", *FEED)


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and underscores (a safe part of a role name)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _fit(name: str) -> str:
    """``name`` cut to PostgreSQL's 63 characters, with a hash of the whole kept unique."""
    if len(name) <= NAME_MAX:
        return name
    return f"{name[: NAME_MAX - 9]}_{sha1(name.encode()).hexdigest()[:8]}"


def group_role(database: str, role: str) -> str:
    """The project's group role for ``role``: ``<database>_owner|coder|reader``."""
    return _fit(f"{database}_{role}")


def login_prefix(database: str) -> str:
    """How every member login of the project begins (``wb_<db>_``): per project, so two
    projects on one server never clash, and what ``remove`` may drop."""
    return _fit(f"wb_{slug(database) or 'project'}")[:40] + "_"


def login_for(database: str, name: str, taken: set[str]) -> str:
    """A new login for member ``name``: the prefix and the name's slug, numbered if taken."""
    base = _fit(login_prefix(database) + (slug(name) or "member"))
    login, n = base, 1
    while login in taken:
        n += 1
        login = _fit(f"{base}_{n}")
    return login


def _grants(tracked: list[str], extra: list[str]) -> list[tuple[str, list[str], str]]:
    """(privileges, tables, role) for each grant; SELECT on everything is granted apart."""
    dml = "INSERT, UPDATE, DELETE"
    owned = [*tracked, "tombstones", "merge_bases", *extra]
    return [
        (dml, [*PER_CODER, *CODEBOOK, *SHARED, "tombstones", *extra], "coder"),
        ("INSERT, UPDATE", ["sources", "media", "audit_log"], "coder"),
        ("INSERT, UPDATE (color, modified_at, modified_by, version)", ["coders"], "coder"),
        ("INSERT", list(FEED), "coder"),
        (dml, owned, "owner"),
        ("INSERT, UPDATE", ["audit_log", "project"], "owner"),
        ("INSERT", list(FEED), "owner"),
        (dml, [presence.name], "reader"),  # a reader is present too
    ]


def install(conn: Connection, *, server_tables: Iterable[str]) -> None:
    """Install roles into the new server project ``conn`` is connected to (inside the
    caller's transaction; the caller must be allowed to create roles: the first owner).
    ``server_tables``: the server's own tables beyond a project file's (``SERVER_METADATA``);
    those not named here (leases, presence) are written by owners and coders; presence by readers
    too."""
    from psycopg import sql  # only here: opening a file never loads the server's driver

    from workbench.core.db.models import TRACKED_MODELS

    raw: Any = conn.connection.driver_connection
    database = str(conn.exec_driver_sql("SELECT current_database()").scalar())
    groups = {role: group_role(database, role) for role in ROLES}
    tracked = sorted(m.__tablename__ for m in TRACKED_MODELS.values())  # type: ignore[attr-defined]
    ROLES_METADATA.create_all(conn)
    extra = sorted(t for t in server_tables if t not in OWN_TABLES)
    every_table = [*tracked, "project", "tombstones", "merge_bases", "audit_log", *OWN_TABLES]

    def names(*items: str) -> sql.Composed:
        return sql.SQL(", ").join(sql.Identifier(n) for n in items)

    def literal(value: str) -> str:
        return str(sql.Literal(value).as_string(raw))

    everyone, db = names(*groups.values()), sql.Identifier(database)
    todo: list[sql.Composable] = [sql.SQL("ALTER TABLE public.audit_log ADD COLUMN db_user text")]
    for group in groups.values():
        todo += _group_role(conn, group)
    mapping = " ".join(f"WHEN {literal(r)} THEN {literal(g)}" for r, g in groups.items())
    todo += [
        sql.SQL(
            "CREATE FUNCTION public.wb_group(r text) RETURNS text LANGUAGE sql IMMUTABLE AS "
            f"$$ SELECT CASE r {mapping} END $$"
        ),
        sql.SQL(HELPERS),
        sql.SQL(TRIGGERS),
        sql.SQL(MANAGEMENT.replace("{prefix}", literal(login_prefix(database)))),
        sql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM PUBLIC").format(db),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, everyone),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(everyone),
        # Anyone may see that this is a project and who its members are, so a login that is
        # no member is told so (not a bare "permission denied").
        sql.SQL("GRANT SELECT ON public.server_meta, public.members TO PUBLIC"),
        sql.SQL("GRANT SELECT ON {} TO {}").format(names(*every_table, *extra), everyone),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(
            names(groups["owner"], groups["coder"])
        ),
        sql.SQL("GRANT UPDATE ({}) ON public.project TO {}").format(
            names(*PROJECT_COLUMNS), names(groups["coder"])
        ),
    ]
    for function in MANAGEMENT_FUNCTIONS:
        todo += [
            sql.SQL(f"REVOKE EXECUTE ON FUNCTION public.{function} FROM PUBLIC"),
            sql.SQL(f"GRANT EXECUTE ON FUNCTION public.{function} TO {{}}").format(
                names(groups["owner"])
            ),
        ]
    for privileges, tables, role in _grants(tracked, extra):
        todo.append(
            sql.SQL(f"GRANT {privileges} ON {{}} TO {{}}").format(
                names(*tables), names(groups[role])
            )
        )
    secured = [*PER_CODER, *CODEBOOK, "sources", "media", "coders", "tombstones", "audit_log"]
    secured += LIVE_TABLES
    todo += [
        sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(sql.Identifier(t))
        for t in [*secured, *FEED]
    ]
    todo += [sql.SQL(s) for s in [*policies(), *triggers(tracked)]]
    with raw.cursor() as cur:
        for statement in todo:
            cur.execute(statement)


def _group_role(conn: Connection, group: str) -> list[sql.Composable]:
    """Create the group role; one left by a dropped database of the same name loses the
    members it had (they were members of that other project)."""
    from psycopg import sql

    exists = conn.exec_driver_sql(
        "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %(n)s", {"n": group}
    ).scalar()
    if not exists:
        return [sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group))]
    held = conn.exec_driver_sql(
        "SELECT m.rolname FROM pg_catalog.pg_auth_members a"
        " JOIN pg_catalog.pg_roles m ON m.oid = a.member"
        " JOIN pg_catalog.pg_roles g ON g.oid = a.roleid WHERE g.rolname = %(n)s",
        {"n": group},
    ).scalars()
    return [
        sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(member))
        for member in held
    ]
