"""Publishing a project file to a PostgreSQL server: the same project, now shared.

Everything is copied as it is — ids, uuids, revisions, row versions, tombstones, the audit log,
merge records — and the sequences are set past the copied ids, so new rows get fresh ids.

Lineage (``file_id``): the server project keeps the file's ``file_id`` (and its parent and
merge records). The server is the project moved, not a copy of it: a coder's copy made from the
file before publishing names that ``file_id`` as its parent, and so merges into the server
exactly as it would have merged into the file (three-way, from the revision it was made at,
which the server kept). Publish the file once and then work on the server; the file left
behind is an archive. An offline copy taken from the server (``snapshot``) gets a ``file_id``
of its own that names the server's as its parent.

The file is checked before anything is created (a NUL character, which PostgreSQL cannot
store in text; a value longer than its column; a number too big for its column), and the copy
runs in one server transaction: a failure or a cancel leaves no database behind (one that
publish created is dropped again).
"""

from __future__ import annotations

import importlib
import sqlite3
from pathlib import Path

from psycopg import Connection as PgConnection
from psycopg import sql
from sqlalchemy import Connection, Integer, String, Table, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from workbench.core.errors import ServerError, ValidationError
from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.server import database
from workbench.core.server.engine import display_url, make_server_engine, server_error, where
from workbench.core.server.schema import create_schema
from workbench.core.server.table_copy import PAGE, noun, order_columns, project_tables
from workbench.core.server.url import engine_url

_INT_MAX = 2**31 - 1  # PostgreSQL's INTEGER; SQLite's integers go to 2**63


def publish(
    path: Path, location: str, *, progress: Progress | None = None, owner: str | None = None
) -> str:
    """Create the server project at ``location`` (a ``postgresql://`` URL) from the project
    file ``path``; return the location (without password).

    The database is created (C collation) unless it exists and is empty; one that holds
    anything is refused. ``owner`` (default: the URL's user) becomes the project's owner
    member. An older file format is upgraded first (as opening it would). Raises
    ValidationError for a file the server cannot hold (naming the row), ServerError for the
    server's refusals; nothing is left on the server then."""
    from workbench.core.project import Project

    progress = progress or NO_PROGRESS
    try:
        url = engine_url(location)
    except ValueError as exc:
        raise ServerError(str(exc)) from None
    path = Path(path)
    # Opened for writing: the lock file keeps every other program from changing the file
    # while it is copied, and an older file format is upgraded first.
    with Project.open(path, app="workbench-publish") as project:
        raw = project.sqlite_connection()
        try:
            raw.execute("BEGIN")  # one consistent read of the whole file
            contents = database.existing_contents(url)
            if contents:
                raise ServerError(
                    f"The database {where(url)} already holds something ({contents} tables or "
                    "other objects); publish to a new database name (publish creates it)."
                )
            tables = project_tables()
            counts = {t.name: _count(raw, t) for t in tables}
            for table in tables:
                _check_table(raw, table, path)
            progress.raise_if_cancelled()
            created = contents is None
            if created:
                database.create_database(url)
            try:
                _copy(raw, url, tables, counts, progress, owner or url.username or "owner")
            except BaseException:
                if created:
                    database.drop_database(url)
                raise
        except sqlite3.Error as exc:
            raise ValidationError(f"{path.name} could not be read to publish it ({exc}).") from None
        finally:
            raw.close()
    return display_url(url)


def _copy(
    raw: sqlite3.Connection,
    url: URL,
    tables: list[Table],
    counts: dict[str, int],
    progress: Progress,
    owner: str,
) -> None:
    engine = make_server_engine(url, application="workbench-publish")
    total = sum(counts.values())
    try:
        with engine.begin() as conn:
            if database.collation(conn) != "C":
                raise ServerError(
                    f"The database {where(url)} sorts text by {database.collation(conn)!r}; a "
                    "project needs the C collation (as in its file). Let publish create the "
                    "database: give a name that does not exist yet."
                )
            create_schema(conn)
            conn.execute(text("SET CONSTRAINTS ALL DEFERRED"))
            done = 0
            for table in tables:
                for n in _copy_table(raw, conn, table):
                    done += n
                    progress.step(done, total, f"Copying {noun(table)} rows")
            _continue_sequences(conn, tables)
            _add_owner(conn, owner)
            progress.step(total, total, "Saving on the server")
    except DBAPIError as exc:
        raise server_error(url, exc, "publishing the project") from None
    finally:
        engine.dispose()


def _copy_table(raw: sqlite3.Connection, conn: Connection, table: Table) -> list[int]:
    """Stream one table's rows from the file into the server with COPY, a page at a time;
    the number of rows of each page."""
    columns = [c.name for c in table.columns]
    pg = conn.connection.driver_connection
    assert isinstance(pg, PgConnection)
    query = (
        f"SELECT {_names(columns)} FROM {_name(table.name)} ORDER BY {_names(order_columns(table))}"
    )
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    pages: list[int] = []
    cursor = raw.execute(query)
    with pg.cursor() as cur, cur.copy(statement) as copy:
        while page := cursor.fetchmany(PAGE):
            for row in page:
                copy.write_row(row)
            pages.append(len(page))
    return pages


def _continue_sequences(conn: Connection, tables: list[Table]) -> None:
    """Set every serial column's sequence past the copied ids (the next row gets max + 1)."""
    for table in tables:
        tab = _name(table.name)
        for column in table.primary_key.columns:
            col = _name(column.name)
            next_id = f"(SELECT COALESCE(MAX({col}), 0) + 1 FROM {tab})"
            conn.execute(
                text(
                    f"SELECT setval(seq, {next_id}, false) "
                    "FROM pg_get_serial_sequence(:tab, :col) AS seq WHERE seq IS NOT NULL"
                ),
                {"tab": tab, "col": column.name},
            )


def _add_owner(conn: Connection, name: str) -> None:
    """The publisher becomes the project's owner member.

    INTEGRATION (branch ``roles``): ``workbench.core.server.members.add_owner(conn, name)``
    makes the member; until that module is present a published project has no members."""
    try:
        members = importlib.import_module("workbench.core.server.members")
    except ModuleNotFoundError:
        return
    members.add_owner(conn, name)


# -- checking the file first ----------------------------------------------------------------------
def _problems(table: Table) -> list[tuple[str, str]]:
    """(SQLite condition, what is wrong) for each value of ``table`` the server cannot hold."""
    out = []
    for column in table.columns:
        name = _name(column.name)
        kind = column.type
        if isinstance(kind, String):
            out.append(
                (
                    f"instr(CAST({name} AS BLOB), x'00') > 0",
                    f"has a NUL character (\\0) in its {column.name}, which PostgreSQL cannot "
                    "store",
                )
            )
            if kind.length is not None:
                out.append(
                    (
                        f"length({name}) > {kind.length}",
                        f"has a {column.name} longer than {kind.length} characters",
                    )
                )
        elif isinstance(kind, Integer):
            out.append(
                (
                    f"typeof({name}) = 'integer' AND abs({name}) > {_INT_MAX}",
                    f"has a {column.name} beyond the server's whole numbers (±2,147,483,647)",
                )
            )
    return out


def _check_table(raw: sqlite3.Connection, table: Table, path: Path) -> None:
    """Raise ValidationError naming the first row of ``table`` the server cannot hold."""
    problems = _problems(table)
    if not problems:
        return
    columns = {c.name for c in table.columns}
    label = "name" if "name" in columns else "uuid" if "uuid" in columns else "rowid"
    where_sql = " OR ".join(f"({cond})" for cond, _ in problems)
    flags = ", ".join(f"({cond})" for cond, _ in problems)
    source = "source_id" if "source_id" in columns and table.name != "sources" else "NULL"
    row = raw.execute(
        f"SELECT {_name(label)}, {source}, {flags} FROM {_name(table.name)} "
        f"WHERE {where_sql} LIMIT 1"
    ).fetchone()
    if row is None:
        return
    what, source_id, *hits = row
    problem = next(text for (_, text), hit in zip(problems, hits, strict=True) if hit)
    on = ""
    if source_id is not None:
        (source_name,) = raw.execute(
            "SELECT name FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        on = f" (on the source {source_name!r})"
    named = f"{what!r}" if label != "rowid" else f"#{what}"
    raise ValidationError(
        f"{path.name} cannot be published: the {noun(table)} {named}{on} {problem}. Correct it "
        "in the workbench (for a source's text: Edit text, or import the source again without "
        "that character), then publish again. Nothing was created on the server."
    )


def _count(raw: sqlite3.Connection, table: Table) -> int:
    (n,) = raw.execute(f"SELECT count(*) FROM {_name(table.name)}").fetchone()
    return int(n)


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _names(identifiers: list[str]) -> str:
    return ", ".join(map(_name, identifiers))
