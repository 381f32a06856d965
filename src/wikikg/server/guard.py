"""What a connection may cost the server: time to send its request head, time idle between
requests, and a share of the descriptors.

uvicorn closes a keep-alive connection after ``timeout_keep_alive`` seconds, but only once a
response has been sent: a connection that never completes a request head — one header byte
every few seconds, the "slowloris" attack — is kept open for ever, and enough of them use up
the process's descriptors, after which every ``accept`` fails and is logged.  Here, as in
Apache's ``mod_reqtimeout`` (``RequestReadTimeout header=20``) and nginx's
``client_header_timeout``:

- a connection has ``header_timeout`` seconds, from its first byte (or from its opening, for the
  first request), to send a complete request head, and as long again from the end of the head
  for its body (while the application reads it); otherwise it is closed without an answer
  (a client that went quiet mid-body is no one's ``500``: the application lets it go);
- after a response, an idle connection is closed after ``keepalive_timeout`` seconds (uvicorn's
  own timer, as nginx's ``keepalive_timeout``);
- at most ``max_connections`` connections are served at once; a request on one more is answered
  ``503`` with ``Connection: close`` (nginx's ``limit_conn`` answers 503 too), and beyond the
  descriptor budget — the soft ``RLIMIT_NOFILE``, raised to the hard one at start, less a
  reserve for the store, the workers and the logs — a new connection is closed as soon as it is
  accepted, so that ``accept`` itself never runs out of descriptors;
- an error that repeats (asyncio's "socket.accept() out of system resource", uvicorn's warnings)
  is logged at most once per ``LOG_INTERVAL`` seconds, with the count of those left out.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import threading
import time
from dataclasses import dataclass
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("wikikg.connections")

FD_RESERVE = 256  # descriptors kept for the store's files, the query workers' pipes, logs, static files
# The listen queue.  asyncio accepts up to this many connections per readiness event, and a
# connection reaches the protocol (which may close it) only a few loop iterations later, after
# more such batches: the descriptor budget keeps IN_FLIGHT batches free.
BACKLOG = 128
IN_FLIGHT = 4
LOG_INTERVAL = 10.0  # seconds between two log lines of the same repeated message


@dataclass(frozen=True)
class ConnectionLimits:
    header_timeout: float
    max_connections: int
    fd_budget: int  # connections beyond this many are closed on accept

    def __post_init__(self) -> None:
        if self.header_timeout <= 0 or self.max_connections < 1 or self.fd_budget < self.max_connections:
            raise ValueError(f"bad connection limits: {self}")


def raise_descriptor_limit() -> int:
    """Raise the soft ``RLIMIT_NOFILE`` to the hard one (as nginx's ``worker_rlimit_nofile``
    does for its workers); the soft limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft != hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


def descriptor_budget(soft_limit: int) -> int:
    """Connections the process can hold beside its other files."""
    return max(1, soft_limit - FD_RESERVE - IN_FLIGHT * BACKLOG)


async def _over_limit(scope: Any, receive: Any, send: Any) -> None:
    """The answer on a connection beyond ``max_connections``."""
    body = b"503 Unavailable: too many connections are open; try again in a moment.\n"
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            (b"x-content-type-options", b"nosniff"), (b"retry-after", b"1"), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the request head and a connection cap.
    ``limits`` is set on a subclass made by :func:`protocol_class`."""

    limits: ClassVar[ConnectionLimits]

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        open_now = len(self.connections)
        if open_now > self.limits.fd_budget:
            log.warning("%d connections open, more than the descriptor budget (%d): closing new ones at once",
                        open_now - 1, self.limits.fd_budget)
            transport.abort()
            return
        if open_now > self.limits.max_connections:
            log.warning("%d connections open (--max-connections %d): answering 503", open_now - 1,
                        self.limits.max_connections)
            self.app = _over_limit
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            self._arm_head_timer()  # the first byte of a request head starts its clock
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._cancel_head_timer()  # the head is complete
        if self.conn.their_state is h11.SEND_BODY:
            self._arm_body_timer()  # the end of the head starts the body's clock
        else:
            self._cancel_body_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # may start a pipelined request that was read already
        if self.conn.their_state is h11.SEND_BODY and not self.transport.is_closing():
            self._arm_body_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        self._cancel_body_timer()
        super().connection_lost(exc)

    def _arm_body_timer(self) -> None:
        if self._body_timer is None:
            self._body_timer = self.loop.call_later(self.limits.header_timeout, self._body_timed_out)

    def _cancel_body_timer(self) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None

    def _body_timed_out(self) -> None:
        self._body_timer = None
        if self.conn.their_state is not h11.SEND_BODY or self.transport.is_closing():
            return
        if self.flow.read_paused:  # the application is not reading: not the client's fault
            self._arm_body_timer()
            return
        log.info("closing a connection that sent no complete request body in %g s (--header-timeout)",
                 self.limits.header_timeout)
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a malformed request, with ``nosniff`` as every other answer."""
        body = msg.encode("ascii")
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"x-content-type-options", b"nosniff"),
                   (b"connection", b"close")]
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"), h11.Data(data=body),
                      h11.EndOfMessage()):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()

    def _arm_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.limits.header_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            log.info("closing a connection that sent no complete request head in %g s (--header-timeout)",
                     self.limits.header_timeout)
            self._unset_keepalive_if_required()
            self.transport.close()


def protocol_class(limits: ConnectionLimits) -> type[GuardedH11Protocol]:
    """The protocol class to give uvicorn (``Config(http=…)``) for these limits."""
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {"limits": limits})


class Once(logging.Filter):
    """Lets a message (by logger and format string) through at most once per ``interval``
    seconds; the next one that passes says how many were left out."""

    def __init__(self, interval: float = LOG_INTERVAL) -> None:
        super().__init__()
        self.interval = interval
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        with self._lock:
            last, left_out = self._seen.get(key, (-self.interval, 0))
            if now - last < self.interval:
                self._seen[key] = (last, left_out + 1)
                return False
            self._seen[key] = (now, 0)
        if left_out:
            record.msg = f"{record.msg} ({left_out} more like it in the last {self.interval:g} s not logged)"
        return True


def quiet_repeats(interval: float = LOG_INTERVAL) -> Once:
    """Rate-limit the loggers whose messages repeat per connection: this module's, uvicorn's, asyncio's
    (where a failing ``accept`` is reported)."""
    once = Once(interval)
    for name in ("wikikg.connections", "uvicorn.error", "asyncio"):
        logging.getLogger(name).addFilter(once)
    return once
