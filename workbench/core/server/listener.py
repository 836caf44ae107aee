"""The change feed's listening side: a thread that hears each server commit's revision.

``ChangeListener`` keeps its own psycopg connection (autocommit, ``LISTEN workbench_changes``)
on a daemon thread, so nothing it does blocks the caller. It reports each newer revision once
(a burst of commits is one report of the newest), and when the connection drops it says
"offline — reconnecting", reconnects with backoff, listens again and reports the server's
current revision if it moved on meanwhile: the consumer then reads
``project.changes_since(last_seen)``, so nothing committed while it was away is missed.
``also`` lets the same connection hear other channels (presence), with no second reconnect loop.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL, make_url

from workbench.core.server.engine import APPLICATION
from workbench.core.server.feed import CHANNEL

if TYPE_CHECKING:
    import psycopg

__all__ = ["CONNECTED", "OFFLINE", "ChangeListener"]

log = logging.getLogger(__name__)

CONNECTED = "connected"
OFFLINE = "offline — reconnecting"
POLL_S = 0.25
"""How long one wait for notifications lasts: ``stop()`` returns within about this."""
HEARTBEAT_S = 10.0
"""After this long without a notification the revision is read: a connection that died
silently is noticed, and a notification lost anyway would be caught up."""
BACKOFF_FIRST_S = 0.2
BACKOFF_MAX_S = 5.0
STOP_WAIT_S = 5.0
_REVISION = "SELECT revision FROM project WHERE id = 1"


class ChangeListener:
    """Calls ``on_change(revision)`` for each revision newer than the last it reported
    (starting after ``since``) and ``on_state(connected, message)`` when the connection comes
    and goes. Both are called on the listener's thread; their errors are logged, never raised.

    ``also`` maps further channels to a callback given each burst's last payload, and ``""``
    after each (re)connect (anything sent while away was missed). Called on the same thread.

    ``listening`` is set while the connection listens and has read the server's revision
    (anything committed after that is reported), cleared while offline."""

    def __init__(
        self,
        url: URL | str,
        *,
        since: int,
        on_change: Callable[[int], None],
        on_state: Callable[[bool, str], None],
        application: str = APPLICATION,
        also: Mapping[str, Callable[[str], None]] | None = None,
    ) -> None:
        url = make_url(url) if isinstance(url, str) else url
        self._conninfo = url.render_as_string(hide_password=False).replace("+psycopg", "", 1)
        self._application = f"{application}-listener"[:63]
        self._last = since
        self._on_change = on_change
        self._on_state = on_state
        self._also = dict(also or {})
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: psycopg.Connection[tuple[int]] | None = None
        self.listening = threading.Event()

    @property
    def backend_pid(self) -> int | None:
        """The server process of the listening connection (None while offline)."""
        conn = self._conn
        return conn.info.backend_pid if conn is not None else None

    def start(self) -> None:
        """Start listening on a daemon thread (returns at once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="change-listener", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop listening and close the connection (returns within about ``POLL_S``)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(STOP_WAIT_S)

    # -- the thread ---------------------------------------------------------------------------
    def _run(self) -> None:
        delay = BACKOFF_FIRST_S
        online: bool | None = None  # unknown until the first attempt
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except Exception as exc:  # psycopg.Error, OSError; nothing may end the thread
                if online is not False:
                    online = False
                    self._state(False, OFFLINE, exc)
                self._stop.wait(delay)
                delay = min(delay * 2, BACKOFF_MAX_S)
                continue
            self._conn = conn
            try:
                for channel in (CHANNEL, *self._also):
                    conn.execute(f"LISTEN {channel}")
                self._caught_up(conn)
                self._heard({channel: "" for channel in self._also})
                self.listening.set()
                delay = BACKOFF_FIRST_S
                online = True
                self._state(True, CONNECTED)
                self._listen(conn)
            except Exception as exc:
                self.listening.clear()
                if not self._stop.is_set():
                    online = False
                    self._state(False, OFFLINE, exc)
            finally:
                self.listening.clear()
                self._conn = None
                with contextlib.suppress(Exception):
                    conn.close()
            self._stop.wait(delay)  # a connection that fails at once is not retried at once
            delay = min(delay * 2, BACKOFF_MAX_S)

    def _connect(self) -> psycopg.Connection[tuple[int]]:
        import psycopg  # on the listener's thread: a window without a server never loads it

        return psycopg.connect(
            self._conninfo,
            autocommit=True,
            application_name=self._application,
            connect_timeout=5,
            # A peer that vanished without closing the connection is noticed within seconds.
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=2,
            keepalives_count=3,
        )

    def _listen(self, conn: psycopg.Connection[tuple[int]]) -> None:
        quiet = 0.0
        while not self._stop.is_set():
            notes = list(conn.notifies(timeout=POLL_S, stop_after=1))
            if not notes:
                quiet += POLL_S
                if quiet >= HEARTBEAT_S:
                    quiet = 0.0
                    self._caught_up(conn)
                continue
            quiet = 0.0
            notes += conn.notifies(timeout=0)  # the rest of a burst: one report for all
            newest = max((_revision(n.payload) for n in notes if n.channel == CHANNEL), default=0)
            self._report(newest)
            self._heard({n.channel: n.payload for n in notes if n.channel in self._also})

    def _caught_up(self, conn: psycopg.Connection[tuple[int]]) -> None:
        """Report the server's revision if it is newer than the last reported."""
        row = conn.execute(_REVISION).fetchone()
        self._report(int(row[0]) if row is not None else 0)

    def _report(self, revision: int) -> None:
        if revision <= self._last or self._stop.is_set():
            return
        self._last = revision
        try:
            self._on_change(revision)
        except Exception:  # the consumer's bug must not stop the feed
            log.exception("change listener: on_change(%s) failed", revision)

    def _heard(self, payloads: dict[str, str]) -> None:
        for channel, payload in payloads.items():
            try:
                self._also[channel](payload)
            except Exception:
                log.exception("change listener: the %s callback failed", channel)

    def _state(self, connected: bool, message: str, exc: BaseException | None = None) -> None:
        if exc is not None:
            log.info("change listener: %s (%s)", message, str(exc).strip().splitlines()[:1])
        try:
            self._on_state(connected, message)
        except Exception:
            log.exception("change listener: on_state failed")


def _revision(payload: str) -> int:
    try:
        return int(payload)
    except ValueError:  # not ours: nothing to report
        return 0
