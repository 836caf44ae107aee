"""A server project's address as the Open-from-server dialog edits it, and the ``postgresql://``
location it stands for (never with a password in it: passwords live in the OS keyring)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from workbench.core.server.url import is_server_location

DEFAULT_PORT = 5432
SSL_MODES = ("prefer", "require", "verify-full", "disable")


@dataclass(frozen=True)
class ServerAddress:
    """Where a server project lives: host, port, database, user and TLS mode."""

    host: str = "localhost"
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""
    sslmode: str = ""  # "": libpq's default

    @classmethod
    def parse(cls, location: str) -> ServerAddress:
        """The address of a ``postgresql://`` URL (any password in it is dropped).

        Raises ValueError with a message for a user when it is not one."""
        location = location.strip()
        if not is_server_location(location):
            raise ValueError(
                f"{location!r} is not a server address: write postgresql://USER@HOST:PORT/DATABASE"
            )
        try:
            parts = urlsplit(location)
            port = parts.port
        except ValueError:
            raise ValueError(f"{location!r} is not a valid server address.") from None
        modes = parse_qs(parts.query).get("sslmode", [""])
        return cls(
            host=parts.hostname or "localhost",
            port=port or DEFAULT_PORT,
            database=unquote(parts.path.lstrip("/")),
            user=unquote(parts.username or ""),
            sslmode=modes[-1],
        )

    @staticmethod
    def password_in(location: str) -> str | None:
        """The password written in a ``postgresql://`` URL, if any (used, never stored)."""
        password = urlsplit(location.strip()).password
        return unquote(password) if password else None

    def problem(self) -> str:
        """What is missing before this address can be opened ("" when nothing is)."""
        if not self.host.strip():
            return "Enter the server's host name (e.g. localhost or lab.example.org)."
        if not self.database.strip():
            return "Enter the database that holds the project."
        if not self.user.strip():
            return "Enter the user name you connect as."
        if not 0 < self.port < 65536:
            return f"The port must be between 1 and 65535, not {self.port}."
        return ""

    def _url(self, password: str | None) -> str:
        user = quote(self.user.strip(), safe="")
        if password:
            user += ":" + quote(password, safe="")
        host = self.host.strip()
        host = f"[{host}]" if ":" in host else host  # an IPv6 address
        query = "?" + urlencode({"sslmode": self.sslmode}) if self.sslmode else ""
        database = quote(self.database.strip(), safe="")
        return f"postgresql://{user}@{host}:{self.port}/{database}{query}"

    @property
    def location(self) -> str:
        """The ``postgresql://`` location without a password (recent list, messages)."""
        return self._url(None)

    def with_password(self, password: str | None) -> str:
        """The location to open, with ``password`` in it (never stored or shown)."""
        return self._url(password)

    @property
    def keyring_user(self) -> str:
        """The keyring entry's name: one password per user on one server."""
        return f"{self.user.strip()}@{self.host.strip()}:{self.port}"

    @property
    def label(self) -> str:
        """``user@host/database``: how the title bar and recent menu name it."""
        port = "" if self.port == DEFAULT_PORT else f":{self.port}"
        return f"{self.user}@{self.host}{port}/{self.database}"
