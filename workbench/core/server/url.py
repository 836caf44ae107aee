"""PostgreSQL project locations: the URL a user types, the URL SQLAlchemy connects with."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url

DRIVER = "postgresql+psycopg"
_USER_SCHEMES = ("postgresql", "postgres", DRIVER)


def is_server_location(location: str) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than a ``.qwb`` file."""
    scheme, sep, _ = location.partition("://")
    return bool(sep) and scheme.lower() in _USER_SCHEMES


def engine_url(location: str) -> URL:
    """The psycopg 3 URL of a ``postgresql://`` (or ``postgres://``) location, query kept.

    Raises ``ValueError`` for anything that is not a PostgreSQL URL (another driver included:
    the project talks to PostgreSQL through psycopg 3 only).
    """
    if not is_server_location(location):
        raise ValueError(
            f"{location!r} is not a PostgreSQL URL: write postgresql://USER@HOST:PORT/DATABASE"
        )
    url = make_url(location).set(drivername=DRIVER)
    if not url.database:
        raise ValueError(f"{location!r} names no database: add /DATABASE after the host")
    return url
