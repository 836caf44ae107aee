"""The members of a server project: who may open it, as which login, in which role, and the
project settings only owners change (blind coding, coders editing the codebook).

Each function takes an open SQLAlchemy ``Connection`` (the caller commits) or the project's
``postgresql://`` location (one transaction of its own). The database enforces everything
here (see ``roles``); the checks in this module only say it first, in a researcher's words.
"""

from __future__ import annotations

import builtins
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from workbench.core.db.models import Code, Coder, CodeRelation, MapPosition, Media, Source
from workbench.core.db.transaction import KIND_OF, new_uuid
from workbench.core.errors import ServerError, ValidationError
from workbench.core.server import roles
from workbench.core.server.role_rules import PER_CODER
from workbench.core.server.schema import server_meta
from workbench.core.text.controls import clean_name

if TYPE_CHECKING:
    from workbench.core.db.models import Tracked
    from workbench.core.db.transaction import WriteTx
    from workbench.core.project import Project


@dataclass(frozen=True)
class Member:
    """A member: the coder they code as (``name``, ``coder_uuid``), their login and role."""

    name: str
    login: str
    role: str
    coder_uuid: str


@dataclass(frozen=True)
class MemberLogin:
    """A member just added: the login to connect as, and the password if one was generated
    (shown once, kept nowhere)."""

    name: str
    login: str
    role: str
    password: str | None


Target = Connection | str
Guard = Callable[[str, "type[Tracked]", "Tracked | None"], None]


@contextmanager
def _connected(target: Target) -> Iterator[Connection]:
    if isinstance(target, Connection):
        yield target
        return
    from workbench.core.server.open_project import open_engine

    url, engine = open_engine(target, app="workbench-cli")
    try:
        with engine.begin() as conn:
            yield conn
    except DBAPIError as exc:
        raise _refused(exc) or _server_error(url, exc) from None
    finally:
        engine.dispose()


def _server_error(url: Any, exc: DBAPIError) -> Exception:
    from workbench.core.server.engine import server_error

    return server_error(url, exc, "changing the project's members")


def _refused(exc: DBAPIError) -> ServerError | None:
    """The database's own refusal (raised by the roles' functions) as a message."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    first = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else ""
    if sqlstate == "42501" and ("owners" in first or "function wb_" in first):
        return ServerError("Only the project's owners manage its members and settings.")
    if sqlstate == "22023":
        return ServerError(f"The server refused: {first}.")
    return None


def _call(conn: Connection, function: str, *args: Any) -> None:
    try:
        conn.execute(select(getattr(func, function)(*args)))
    except DBAPIError as exc:
        refused = _refused(exc)
        if refused is None:
            raise
        raise refused from None


def _check_role(role: str) -> None:
    if role not in roles.ROLES:
        raise ValidationError(f"No role {role!r}: a member is an owner, a coder or a reader.")


def list(target: Target) -> builtins.list[Member]:
    """Every member, by name."""
    with _connected(target) as conn:
        rows = conn.execute(select(roles.members).order_by(roles.members.c.name)).all()
    return [Member(r.name, r.login, r.role, r.coder_uuid) for r in rows]


def _coder_uuid(conn: Connection, name: str) -> str:
    """The uuid of the coder called ``name`` (who coded before becoming a member), or a new one
    (the coder row is made by their first change)."""
    if conn.scalar(select(roles.members.c.name).where(roles.members.c.name == name)):
        raise ValidationError(f"{name!r} is already a member of this project.")
    existing = conn.scalar(select(Coder.uuid).where(Coder.name == name))
    return existing or new_uuid()


def add(target: Target, name: str, role: str, password: str | None = None) -> MemberLogin:
    """Add member ``name`` (the coder they code as) with a login of their own in ``role``;
    a password is generated when none is given. Only owners add members."""
    _check_role(role)
    name = clean_name(name, "member")
    generated = password is None
    password = secrets.token_urlsafe(18) if password is None else password
    if not password:
        raise ValidationError("A member's password may not be empty.")
    with _connected(target) as conn:
        database = str(conn.scalar(text("SELECT current_database()")))
        taken = set(conn.scalars(text("SELECT rolname FROM pg_catalog.pg_roles")))
        login = roles.login_for(database, name, taken)
        coder_uuid = _coder_uuid(conn, name)
        _call(
            conn, "wb_add_member", name, login, role, coder_uuid, _verifier(conn, login, password)
        )
    return MemberLogin(name, login, role, password if generated else None)


def _verifier(conn: Connection, login: str, password: str) -> str:
    """The password as the SCRAM verifier the server keeps: the password itself never
    travels to the server (nor into its logs)."""
    raw: Any = conn.connection.driver_connection
    hashed: bytes = raw.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return hashed.decode()


def add_owner(conn: Connection, name: str) -> Member:
    """Make the login ``conn`` is connected as (the publisher) the owner member ``name``."""
    name = clean_name(name, "member")
    login = str(conn.scalar(text("SELECT session_user")))
    coder_uuid = _coder_uuid(conn, name)
    _call(conn, "wb_add_owner", name, coder_uuid)
    return Member(name, login, "owner", coder_uuid)


def remove(target: Target, name: str) -> None:
    """Remove member ``name`` and drop their login; their codings, memos and the audit log
    stay, attributed to them. The last owner stays."""
    with _connected(target) as conn:
        if not conn.scalar(select(roles.members.c.name).where(roles.members.c.name == name)):
            raise ValidationError(f"{name!r} is no member of this project.")
        _call(conn, "wb_remove_member", name)


def setting(target: Target, key: str) -> bool:
    """Whether the project setting ``key`` (``roles.BLIND``, ``roles.CODERS_EDIT_CODEBOOK``)
    is on."""
    with _connected(target) as conn:
        return _setting(conn, key)


def _setting(conn: Connection | Session, key: str) -> bool:
    value = conn.scalar(select(server_meta.c.value).where(server_meta.c.key == key))
    return value == "on"


def is_blind(target: Target) -> bool:
    return setting(target, roles.BLIND)


def set_blind(target: Connection | Project, on: bool) -> None:
    """Turn blind coding on or off (owners only). Turning it off, the reveal, is recorded in
    the audit log."""
    _set(target, roles.BLIND, on)


def allow_codebook_edits(target: Connection | Project, on: bool) -> None:
    """Let coders edit the codebook (when not blind), or not (owners only)."""
    _set(target, roles.CODERS_EDIT_CODEBOOK, on)


_SUMMARIES = {
    (roles.BLIND, True): "Blind coding turned on: coders see only their own codings",
    (roles.BLIND, False): "Blind coding turned off (reveal): everyone sees all codings",
    (roles.CODERS_EDIT_CODEBOOK, True): "Coders may edit the codebook",
    (roles.CODERS_EDIT_CODEBOOK, False): "Only owners edit the codebook",
}


def _set(target: Connection | Project, key: str, on: bool) -> None:
    """Through a Project: one write (a revision every client hears of, an audit entry)."""
    if isinstance(target, Connection):
        _call(target, "wb_set_setting", key, on)
        return
    member = target.member
    if member is not None and member.role != "owner":
        raise ServerError("Only the project's owners change its settings.")
    with target.write(coder=member.name if member else "") as tx:
        _call(tx.session.connection(), "wb_set_setting", key, on)
        tx.audit("settings", "project", None, _SUMMARIES[key, on], setting=key, on=on)
        tx.change("project")


def current(session: Session | Connection) -> Member | None:
    """The member the session is connected as (None for a login that is no member)."""
    row = session.execute(
        select(roles.members).where(roles.members.c.login == func.session_user())
    ).first()
    return None if row is None else Member(row.name, row.login, row.role, row.coder_uuid)


def installed(session: Session | Connection) -> bool:
    """Whether the project has roles at all (``roles.install``)."""
    return bool(session.scalar(text("SELECT to_regclass('public.members') IS NOT NULL")))


def has_members(session: Session | Connection) -> bool:
    return session.scalar(select(func.count()).select_from(roles.members)) != 0


def no_member_error(login: str, where: str) -> ServerError:
    return ServerError(
        f"{login} is no member of the project {where}. Ask one of its owners to add you "
        "(Team → Members…, or workbench-cli team add URL NAME --role coder), then connect "
        "with the login they give you."
    )


def coder_for(member: Member, coder: str) -> str:
    """The coder a member's change is made by: themselves, whatever name the caller gave."""
    if member.role == "reader":
        raise ValidationError(
            f"You ({member.name}) are a reader of this project: changes are not possible. "
            "Ask one of its owners for the coder role."
        )
    if coder and coder != member.name:
        raise ValidationError(
            f"On a server you code as yourself ({member.name}); a change cannot be made "
            f"as {coder!r} (leave out --coder)."
        )
    return member.name


_CODEBOOK: tuple[type[Any], ...] = (Code, CodeRelation, MapPosition)


def write_guard(tx: WriteTx, member: Member) -> Guard | None:
    """What a coder's write may not do, said before the database refuses it (an ORM delete
    the database filters out would otherwise pass unnoticed): change another coder's rows,
    the codebook (unless the owner allows it, and never while blind), texts while blind,
    remove sources."""
    if member.role == "owner":
        return None
    mine = tx.coder.id

    def on(key: str) -> bool:  # read only when asked: most writes touch neither
        return _setting(tx.session, key)

    def guard(action: str, model: type[Tracked], row: Tracked | None) -> None:
        column = PER_CODER.get(model.__tablename__)  # type: ignore[attr-defined]
        if row is not None and column is not None and getattr(row, column) != mine:
            whose = tx.session.scalar(select(Coder.name).where(Coder.id == getattr(row, column)))
            kind = KIND_OF[model].replace("_", " ")
            raise ValidationError(
                f"This {kind} is {whose}'s: only they (or an owner) may change or remove it."
            )
        if issubclass(model, _CODEBOOK):
            if on(roles.BLIND):
                raise ValidationError(
                    "While blind coding is on, only the project's owners edit the codebook."
                )
            if not on(roles.CODERS_EDIT_CODEBOOK):
                raise ValidationError(
                    "Only the project's owners edit its codebook; an owner can let coders "
                    "edit it too."
                )
        if issubclass(model, Source | Media):
            if action == "delete":
                raise ValidationError("Only the project's owners delete sources.")
            if action == "touch" and on(roles.BLIND):
                raise ValidationError(
                    "While blind coding is on, only the project's owners correct texts."
                )

    return guard


def require_owner_while_blind(project: Project, what: str) -> None:
    """Refuse ``what`` (a merge, agreement) to a non-owner while blind coding is on: it would
    act on codings they cannot see."""
    member = getattr(project, "member", None)
    if member is None or member.role == "owner":
        return
    with project.read() as s:
        if _setting(s, roles.BLIND):
            raise ValidationError(
                f"While blind coding is on, {what} is for the project's owners only."
            )


def open_member(project: Project) -> Member | None:
    """Who the login of a just-opened server project is; a login that is no member is refused
    (unless the project has no members yet: its publisher, before adding anyone)."""
    with project.read() as s:
        if not installed(s):  # a server project made before roles existed
            return None
        member = current(s)
        if member is None and has_members(s):
            assert project.server_url is not None
            raise no_member_error(str(project.server_url.username), project.location)
        return member
