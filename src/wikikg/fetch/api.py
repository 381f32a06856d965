"""A client for the MediaWiki Action API (``api.php``), read-only, following its etiquette.

* Every request asks for ``format=json&formatversion=2`` (the modern result shape: ``pages`` is
  a list, booleans are ``true``, content under ``revisions[0].slots.main.content``) and carries
  ``maxlag=5``: when the database replicas lag more than 5 s the API answers
  ``{"error": {"code": "maxlag", "lag": …}}`` (HTTP 200, with ``Retry-After``), and we wait and
  retry (Manual:Maxlag_parameter; API:Etiquette).
* Multi-value parameters (``titles``, ``pageids``) take at most 50 values per request for
  clients without the ``apihighlimits`` right (``ApiBase::LIMIT_SML1``); :meth:`MediaWikiApi.query_batched`
  splits longer lists.
* A result too large for one answer is continued (API:Continue): the client repeats the request
  with every key of the ``continue`` object added until no ``continue`` comes back, and merges
  the partial page records — a page may come back several times, each time with more of its
  ``revisions`` or ``langlinks``.
* Short requests go as GET (cacheable), long ones as POST, which the API accepts for reads.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from wikikg.dump.page import FIRST_LETTER, Namespace, SiteInfo
from wikikg.fetch.http import FetchError, HttpClient, TransientError, parse_retry_after, read_body

log = logging.getLogger(__name__)

#: The Action API of a Wikipedia edition; ``{lang}`` is the edition's code.
DEFAULT_API = "https://{lang}.wikipedia.org/w/api.php"

#: Values per multi-value parameter without apihighlimits (ApiBase::LIMIT_SML1).
BATCH = 50

#: Error codes that mean "later" rather than "no" (ApiMain: maxlag; ApiUsageException: ratelimited).
_TRANSIENT_CODES = frozenset({"maxlag", "ratelimited", "readonly", "internal_api_error_DBQueryTimeoutError"})

_GET_LIMIT = 2000  # URL length above which we POST


class ApiError(FetchError):
    """The API refused a request: ``code`` is its error code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class QueryResult:
    """An ``action=query`` answer with every continuation merged."""

    pages: list[dict[str, Any]] = field(default_factory=list)
    redirects: list[dict[str, Any]] = field(default_factory=list)
    normalized: list[dict[str, Any]] = field(default_factory=list)
    converted: list[dict[str, Any]] = field(default_factory=list)
    _index: dict[tuple[str, Any], dict[str, Any]] = field(default_factory=dict, repr=False)

    def add(self, query: Mapping[str, Any]) -> None:
        for page in query.get("pages") or ():
            key = ("id", page["pageid"]) if "pageid" in page else ("title", page.get("title"))
            known = self._index.get(key)
            if known is None:
                record = dict(page)
                self._index[key] = record
                self.pages.append(record)
                continue
            for name, value in page.items():
                if isinstance(value, list) and isinstance(known.get(name), list):
                    known[name].extend(v for v in value if v not in known[name])
                else:
                    known[name] = value
        for name in ("redirects", "normalized", "converted"):
            target: list[dict[str, Any]] = getattr(self, name)
            target.extend(item for item in query.get(name) or () if item not in target)

    def merge(self, other: QueryResult) -> None:
        self.add({"pages": other.pages, "redirects": other.redirects, "normalized": other.normalized,
                  "converted": other.converted})


@dataclass
class MediaWikiApi:
    """One wiki's ``api.php``."""

    url: str
    http: HttpClient
    maxlag: int = 5

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc or self.url

    def call(self, params: Mapping[str, str]) -> dict[str, Any]:
        """One API request (retried on 429/503 and on maxlag); its decoded JSON."""
        full = {"format": "json", "formatversion": "2", "maxlag": str(self.maxlag), **params}
        encoded = urlencode(full)
        headers = {"Accept-Encoding": "gzip"}
        if len(self.url) + len(encoded) < _GET_LIMIT:
            url, data = f"{self.url}?{encoded}", None
        else:
            url, data = self.url, encoded.encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded"

        def attempt() -> dict[str, Any]:
            with self.http.open(url, headers=headers, data=data) as response:
                body = read_body(response, url)
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
            try:
                answer = json.loads(body)
            except ValueError:
                raise TransientError(f"{self.host} answered something that is not JSON") from None
            if not isinstance(answer, dict):
                raise FetchError(f"{self.host}: unexpected API answer {str(answer)[:80]!r}")
            error = answer.get("error")
            if isinstance(error, dict):
                code = str(error.get("code", "?"))
                info = str(error.get("info", ""))
                if code in _TRANSIENT_CODES:
                    lag = error.get("lag")
                    wait = retry_after if retry_after is not None else (float(lag) if isinstance(lag, int | float) else None)
                    raise TransientError(f"{code}: {info}", wait)
                raise ApiError(f"{self.host} API error {code}: {info}", code)
            warnings = answer.get("warnings")
            if warnings:
                log.debug("%s API warnings: %s", self.host, warnings)
            return answer

        return self.http.retry(f"{self.host} API", attempt)

    def query(self, params: Mapping[str, str]) -> QueryResult:
        """``action=query`` with ``params``, continued to the end and merged."""
        result = QueryResult()
        for answer in self._continued({"action": "query", **params}):
            result.add(answer.get("query") or {})
        return result

    def _continued(self, params: Mapping[str, str]) -> Iterator[dict[str, Any]]:
        extra: dict[str, str] = {}
        seen: set[tuple[tuple[str, str], ...]] = set()
        while True:
            answer = self.call({**params, **extra})
            yield answer
            cont = answer.get("continue")
            if not isinstance(cont, dict):
                return
            extra = {str(k): str(v) for k, v in cont.items()}
            key = tuple(sorted(extra.items()))
            if key in seen:  # a server that repeats itself would loop for ever
                raise FetchError(f"{self.host}: the API repeated the continuation {extra}")
            seen.add(key)

    def query_batched(self, name: str, values: Iterable[str | int], params: Mapping[str, str]) -> QueryResult:
        """``action=query`` over ``values`` of the multi-value parameter ``name`` (``titles`` or
        ``pageids``), :data:`BATCH` at a time, all merged."""
        result = QueryResult()
        for chunk in batches([str(v) for v in values], BATCH):
            result.merge(self.query({**params, name: "|".join(chunk)}))
        return result

    def siteinfo(self, lang: str) -> SiteInfo:
        """The wiki's name, database name, main page URL, generator, case rule and namespaces."""
        answer = self.call({"action": "query", "meta": "siteinfo", "siprop": "general|namespaces|namespacealiases"})
        query = answer.get("query") or {}
        general = query.get("general") or {}
        aliases: dict[int, list[str]] = {}
        for alias in query.get("namespacealiases") or ():
            aliases.setdefault(int(alias["id"]), []).append(str(alias["alias"]))
        namespaces: dict[int, Namespace] = {}
        for raw in (query.get("namespaces") or {}).values():
            ns_id = int(raw["id"])
            namespaces[ns_id] = Namespace(
                ns_id,
                str(raw.get("name", "")),
                str(raw.get("case", FIRST_LETTER)),
                raw.get("canonical"),
                tuple(aliases.get(ns_id, ())),
            )
        if not general or not namespaces:
            raise FetchError(f"{self.host}: the API gave no siteinfo (is {self.url} a MediaWiki api.php?)")
        return SiteInfo(
            sitename=str(general.get("sitename", "Wikipedia")),
            dbname=general.get("wikiid"),
            base=general.get("base"),
            generator=general.get("generator"),
            case=str(general.get("case", FIRST_LETTER)),
            lang=str(general.get("lang", lang)),
            namespaces=namespaces,
        )


def batches(values: Sequence[str], size: int) -> Iterator[list[str]]:
    """``values`` in consecutive lists of at most ``size``.

    >>> list(batches(["a", "b", "c"], 2))
    [['a', 'b'], ['c']]
    """
    for i in range(0, len(values), size):
        yield list(values[i : i + size])
