"""HTTP the way Wikimedia asks for it: say who you are, wait when told, retry what is temporary.

* **Identify.** Wikimedia's User-Agent policy (meta.wikimedia.org/wiki/User-Agent_policy) asks
  every client for ``<client>/<version> (<contact>) <library>/<version>``; anonymous or generic
  agents get blocked.  :func:`user_agent` builds ours; the contact is a placeholder the user
  should replace with their own (``--contact`` on the command line, or ``WIKIKG_CONTACT``).
* **Wait and retry.** ``429 Too Many Requests`` and ``503 Service Unavailable`` (and the other
  5xx a proxy may answer while a backend restarts) are temporary: we wait — as long as the
  ``Retry-After`` header says when there is one, else an exponential backoff — and try again, a
  bounded number of times.  A connection cut or timed out is temporary too.  ``404`` and the
  other 4xx are not: they are reported at once.
* **One request at a time.** Nothing here runs requests in parallel.

Everything permanent surfaces as :class:`FetchError` (a :class:`~wikikg.errors.WikiKGError`: the
CLI prints it as one line); :class:`TransientError` is what a single attempt raises to ask
:meth:`HttpClient.retry` for another.
"""

from __future__ import annotations

import email.utils
import gzip
import http.client
import itertools
import logging
import socket
import ssl
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import TypeVar
from urllib.parse import urlencode, urlsplit

from wikikg import __version__
from wikikg.errors import WikiKGError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Where the project can be reached; a placeholder until users give their own contact.
CONTACT_PLACEHOLDER = "https://github.com/wikikg/wikikg; set --contact or WIKIKG_CONTACT"

#: Statuses that mean "not now" rather than "no": rate limited, or the server (or a proxy in front
#: of it) temporarily unable to answer.  RFC 9110 §15.6, RFC 6585 §4.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(WikiKGError):
    """A download or API call that failed for good: the message says which URL and why."""


class NotFound(FetchError):
    """The server says the resource does not exist (404, 410)."""


class RangeNotSatisfiable(FetchError):
    """416: a ``Range`` request started at or beyond the end of the resource."""


class TransientError(Exception):
    """One attempt failed in a way worth retrying; ``wait`` is the server's Retry-After, if any."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


def user_agent(contact: str | None = None) -> str:
    """Our User-Agent, in the form Wikimedia's policy asks for.

    >>> user_agent("https://example.org/me").split(" (")[0].startswith("wikikg/")
    True
    >>> "(+https://example.org/me)" in user_agent("https://example.org/me")
    True
    """
    py = f"{sys.version_info.major}.{sys.version_info.minor}"
    return f"wikikg/{__version__} (+{contact or CONTACT_PLACEHOLDER}) Python-urllib/{py}"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).

    >>> parse_retry_after("5"), parse_retry_after(None), parse_retry_after("soon")
    (5.0, None, None)
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=datetime(2015, 10, 21, 7, 28, tzinfo=UTC))
    10.0
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait: ``backoff`` seconds, doubling, capped at ``max_wait``.

    A server's ``Retry-After`` wins over the backoff (still capped).

    >>> p = RetryPolicy(retries=3, backoff=1.0, max_wait=5.0)
    >>> [p.delay(n, None) for n in range(4)], p.delay(0, 30.0)
    ([1.0, 2.0, 4.0, 5.0], 5.0)
    """

    retries: int = 5
    backoff: float = 2.0
    max_wait: float = 300.0

    def delay(self, attempt: int, hint: float | None) -> float:
        if hint is not None:
            return min(max(hint, 0.0), self.max_wait)
        return float(min(self.backoff * 2**attempt, self.max_wait))


@dataclass(frozen=True)
class Fetched:
    """A whole response body with its status and headers."""

    status: int
    body: bytes
    headers: Message
    url: str


@dataclass
class HttpClient:
    """A small, polite HTTP client over :mod:`urllib` (no extra dependency, HTTP proxies honoured).

    ``sleep`` is injectable so that a caller can observe the waits; by default it is
    :func:`time.sleep`.
    """

    agent: str = field(default_factory=user_agent)
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep

    def open(
        self, url: str, *, headers: Mapping[str, str] | None = None, data: bytes | None = None
    ) -> http.client.HTTPResponse:
        """One attempt: the open response (2xx), or :class:`TransientError` / :class:`FetchError`."""
        request = urllib.request.Request(url, data=data, headers={"User-Agent": self.agent, **(headers or {})})
        try:
            response: http.client.HTTPResponse = urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            with exc:
                wait = parse_retry_after(exc.headers.get("Retry-After") if exc.headers else None)
                if exc.code in RETRY_STATUSES:
                    raise TransientError(f"HTTP {exc.code} {exc.reason}", wait) from None
                where = _without_query(url)
                if exc.code == 416:
                    raise RangeNotSatisfiable(f"{where}: HTTP 416 (range not satisfiable)") from None
                if exc.code in (404, 410):
                    raise NotFound(f"{where}: HTTP {exc.code} (not found)") from None
                raise FetchError(f"{where}: HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, socket.gaierror):
                raise FetchError(f"cannot resolve {_host(url)}: {reason.strerror} (no network?)") from None
            if isinstance(reason, ssl.SSLCertVerificationError):
                raise FetchError(f"{_host(url)}: TLS certificate not valid: {reason.verify_message}") from None
            raise TransientError(f"cannot connect to {_host(url)}: {_describe(reason)}") from None
        except (OSError, http.client.HTTPException) as exc:
            raise TransientError(f"{_host(url)}: {_describe(exc)}") from None
        return response

    def retry(self, what: str, attempt: Callable[[], T]) -> T:
        """Run ``attempt`` until it returns, retrying each :class:`TransientError` by the policy."""
        for n in itertools.count():
            try:
                return attempt()
            except TransientError as exc:
                if n >= self.policy.retries:
                    tries = "1 attempt" if n == 0 else f"{n + 1} attempts"
                    raise FetchError(f"{what}: {exc} (gave up after {tries})") from None
                wait = self.policy.delay(n, exc.wait)
                log.warning("%s: %s; retrying in %.1f s (%d/%d)", what, exc, wait, n + 1, self.policy.retries)
                self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        data: bytes | None = None,
    ) -> Fetched:
        """The whole body of ``url`` (GET, or POST when ``data`` is given), retried as needed.

        A body shorter than its ``Content-Length`` (a connection cut) is retried; a gzip
        ``Content-Encoding`` is undone.
        """
        full = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}" if params else url

        def attempt() -> Fetched:
            with self.open(full, headers=headers, data=data) as response:
                body = read_body(response, full)
                return Fetched(response.status, body, response.headers, full)

        return self.retry(f"{'POST' if data is not None else 'GET'} {url}", attempt)


def read_body(response: http.client.HTTPResponse, url: str) -> bytes:
    """Read a response to its end; a short read is a :class:`TransientError`."""
    try:
        body = response.read()
    except (OSError, http.client.HTTPException) as exc:
        raise TransientError(f"{_host(url)}: connection lost: {_describe(exc)}") from None
    expected = response.headers.get("Content-Length")
    if expected is not None and expected.isdigit() and len(body) < int(expected):
        raise TransientError(f"{_host(url)}: connection closed after {len(body)} of {expected} bytes")
    if response.headers.get("Content-Encoding", "").lower() == "gzip":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError) as exc:
            raise TransientError(f"{_host(url)}: corrupt gzip body: {exc}") from None
    return body


def _without_query(url: str) -> str:
    """``https://x/w/api.php?action=…`` → ``https://x/w/api.php``: error messages stay one short line."""
    return url.split("?", 1)[0]


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def _describe(exc: BaseException | str) -> str:
    if isinstance(exc, str):
        return exc
    text = str(exc) or type(exc).__name__
    return text if type(exc).__name__ in text else f"{type(exc).__name__}: {text}"
