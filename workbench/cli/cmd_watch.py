"""``watch``: print each change to a server project as it is committed (the change feed).

It listens before it prints anything or returns (its first line, on stderr, says so), then
prints one line per new revision — with ``--json`` one object a line, flushed:
``{"revision", "coder", "kinds", "summary"}``. Exits 0 after ``--count`` changes, 1 when
``--timeout`` seconds pass first, 130 on Ctrl+C. A dropped connection is reported on stderr,
and what was committed while it was down is printed once it is back.
"""

from __future__ import annotations

import argparse
import json
import queue
import sys
import threading
import time
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from workbench.core.errors import ValidationError, WorkbenchError
from workbench.core.project import Project
from workbench.core.server.feed_events import FeedEvent, feed_events
from workbench.core.server.listener import ChangeListener
from workbench.core.server.url import is_server_location

if TYPE_CHECKING:
    from workbench.cli.factory import CommandFactory

PROG = "workbench-cli watch"
RETRY_S = 0.5  # a read that failed (the server went away again) is retried this often


def register(factory: CommandFactory) -> None:
    p = factory.plain(
        "watch",
        help="print each change to a server project as it arrives",
        description="Print each change to a project on a server as it is committed: one line "
        "per revision (who, what kinds, the audit summary). Listens before printing anything.",
    )
    p.add_argument("project", metavar="URL", help="the project's postgresql:// URL")
    p.add_argument("--json", action="store_true", help="one JSON object a line")
    p.add_argument("--count", type=int, default=None, metavar="N", help="exit 0 after N changes")
    p.add_argument(
        "--timeout", type=float, default=None, metavar="S", help="exit 1 after S seconds"
    )
    p.set_defaults(handler=cmd_watch)


def cmd_watch(args: argparse.Namespace) -> int:
    if not is_server_location(args.project):
        raise ValidationError(
            f"{args.project!r} is no server project: watch follows a project on PostgreSQL, "
            "given as postgresql://USER@HOST:PORT/DATABASE."
        )
    if args.count is not None and args.count < 1:
        raise ValidationError(f"--count must be at least 1 (got {args.count}).")
    deadline = None if args.timeout is None else time.monotonic() + max(0.0, args.timeout)
    try:
        with Project.open(args.project, read_only=True, app="workbench-cli") as project:
            return _watch(project, args, deadline)
    except KeyboardInterrupt:
        return 130  # Ctrl+C is how one stops watching: quietly


def _watch(project: Project, args: argparse.Namespace, deadline: float | None) -> int:
    assert project.server_url is not None
    inbox: queue.Queue[tuple[bool, int, str]] = queue.Queue()  # (is state, revision, message)
    heard = threading.Event()  # states before the first LISTEN are not told

    def on_state(connected: bool, message: str) -> None:
        if heard.is_set():
            inbox.put((True, int(connected), message))

    last = project.revision()
    listener = ChangeListener(
        project.server_url,
        since=last,
        on_change=lambda revision: inbox.put((False, revision, "")),
        on_state=on_state,
        application="workbench-cli",
    )
    listener.start()
    try:
        while not listener.listening.wait(0.05):
            if _left(deadline) == 0:
                return _timed_out(args, 0)
        heard.set()
        print(f"listening on {project.location} (after revision {last})", file=sys.stderr)
        sys.stderr.flush()
        printed = 0
        newest = last
        online = True
        while args.count is None or printed < args.count:
            left = _left(deadline)
            if left == 0:
                return _timed_out(args, printed)
            wait = left
            if newest > last:  # a read to retry
                wait = RETRY_S if left is None else min(RETRY_S, left)
            try:
                is_state, value, message = inbox.get(timeout=wait)
            except queue.Empty:
                is_state, value, message = False, newest, ""
            if is_state:
                if bool(value) != online:
                    online = bool(value)
                    print(f"{PROG}: {message}", file=sys.stderr, flush=True)
                continue
            newest = max(newest, value)
            events = _read(project, last, newest)
            if events is None:
                continue  # retried after RETRY_S (or when the listener reports again)
            for event in events[: None if args.count is None else args.count - printed]:
                _print(event, as_json=args.json)
                printed += 1
            last = newest
        return 0
    finally:
        listener.stop()


def _left(deadline: float | None) -> float | None:
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def _read(project: Project, after: int, upto: int) -> list[FeedEvent] | None:
    """The events of ``(after, upto]``; None (said on stderr) if the server cannot be read."""
    if upto <= after:
        return []
    try:
        with project.read() as session:
            return feed_events(session, after=after, upto=upto)
    except (DBAPIError, WorkbenchError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[:1]
        print(
            f"{PROG}: cannot read the changes yet ({' '.join(reason)}); retrying", file=sys.stderr
        )
        return None


def _print(event: FeedEvent, *, as_json: bool) -> None:
    if as_json:
        line = json.dumps(event.as_json(), ensure_ascii=False)
    else:
        who = event.coder or "?"
        line = f"r{event.revision}  {who}  {','.join(event.kinds) or '-'}  {event.summary}"
    print(line, flush=True)


def _timed_out(args: argparse.Namespace, printed: int) -> int:
    wanted = f" ({printed} of {args.count} changes)" if args.count is not None else ""
    print(f"{PROG}: timed out after {args.timeout:g} s{wanted}", file=sys.stderr)
    return 1
