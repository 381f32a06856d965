"""A topic from today's Wikipedia: articles, what they link to, their other-language versions.

:func:`fetch_topic` builds, through the Action API (:mod:`.api`), the files a Wikimedia dump run
would hold for that set of pages, so the rest of wikikg reads them like any dump:

* ``{wiki}-{date}-export.xml.bz2`` per edition — export schema 0.11 (:mod:`.export`) with the
  wiki's real ``<siteinfo>``; the current revision of each article; redirects followed (the
  article a requested title redirects to is fetched, and the redirect page itself is kept with
  its ``<redirect title=…/>``, as in a dump); with ``links_depth`` ≥ 1, the articles the pages
  link to (``generator=links``, main namespace, which is MediaWiki's ``pagelinks`` table: links
  from transcluded templates included), level by level;
* ``{wiki}-{date}-langlinks.sql.gz`` per edition — the interlanguage links of its articles as
  the real ``langlinks`` table dump (:mod:`.sqldump`), for ``wikikg extract --langlinks``;
* the same requested articles in each of ``languages``, found through those links (and, with
  ``translate_links``, every fetched article's version too);
* ``fetch.json`` — what was asked, what was found, which files hold it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wikikg import __version__
from wikikg.dump.page import Page, SiteInfo
from wikikg.dump.xml import DumpReader
from wikikg.errors import ConfigError
from wikikg.fetch.api import BATCH, DEFAULT_API, MediaWikiApi, QueryResult, batches
from wikikg.fetch.export import Contributor, ExportWriter, Revision
from wikikg.fetch.http import FetchError, HttpClient
from wikikg.fetch.sqldump import write_langlinks

log = logging.getLogger(__name__)

#: The current revision with what an export shows of it (API:Revisions; rvslots=main is the
#: page's main content slot, MCR since MediaWiki 1.32).
REVISION_QUERY = {
    "prop": "info|revisions",
    "rvprop": "ids|timestamp|flags|user|userid|comment|content",
    "rvslots": "main",
}

MANIFEST = "fetch.json"

_LANG = re.compile(r"^[a-z][a-z0-9-]*$")
#: ``#REDIRECT [[Target#Section|…]]`` — the magic word is localised (``#WEITERLEITUNG``,
#: ``#перенаправление`` …) but always starts with ``#`` (MediaWiki's MagicWord "redirect").
_REDIRECT_LINK = re.compile(r"\s*#[^\[\n]*\[\[\s*:?([^\]|#\n]+)")


@dataclass(frozen=True)
class TopicRequest:
    """What to fetch: ``titles`` of edition ``lang``, links to ``links_depth``, versions in ``languages``."""

    lang: str
    titles: tuple[str, ...]
    links_depth: int = 0
    languages: tuple[str, ...] = ()
    translate_links: bool = False
    max_pages: int = 5000
    api_url: str = DEFAULT_API

    def api_for(self, lang: str) -> str:
        return self.api_url.replace("{lang}", lang)

    def check(self) -> None:
        if not self.titles:
            raise ConfigError("no title to fetch")
        if self.links_depth < 0:
            raise ConfigError("--links-depth must be 0 or more")
        if self.max_pages < 1:
            raise ConfigError("--max-pages must be 1 or more")
        if "{lang}" not in self.api_url and self.languages:
            raise ConfigError("--api-url needs a {lang} placeholder to reach the other --languages")
        for code in (self.lang, *self.languages):
            if not _LANG.match(code):
                raise ConfigError(f"not a language code: {code!r}")


@dataclass
class WikiExport:
    """What was written for one edition."""

    lang: str
    dbname: str
    api: str
    dump: Path
    langlinks: Path | None
    articles: int
    redirects: int
    langlink_rows: int
    seeds: list[str]
    missing: list[str]

    def as_json(self, root: Path) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "dbname": self.dbname,
            "api": self.api,
            "dump": str(self.dump.relative_to(root)),
            "langlinks": str(self.langlinks.relative_to(root)) if self.langlinks else None,
            "articles": self.articles,
            "redirects": self.redirects,
            "langlink_rows": self.langlink_rows,
            "seeds": self.seeds,
            "missing": self.missing,
        }


@dataclass
class _Edition:
    """The fetching of one edition into one export file."""

    api: MediaWikiApi
    lang: str
    site: SiteInfo
    writer: ExportWriter
    written: set[int] = field(default_factory=set)
    articles: list[int] = field(default_factory=list)
    titles: dict[int, str] = field(default_factory=dict)
    redirect_to: dict[str, str] = field(default_factory=dict)
    redirects_written: int = 0

    def learn(self, result: QueryResult) -> None:
        for r in result.redirects:
            if "to" in r and "from" in r and "tointerwiki" not in r:
                self.redirect_to[str(r["from"])] = str(r["to"])

    def resolve(self, titles: Sequence[str]) -> tuple[list[int], list[str]]:
        """Fetch ``titles`` (redirects followed); the ids of the articles, the titles that do not exist."""
        result = self.api.query_batched("titles", titles, {**REVISION_QUERY, "redirects": "1"})
        self.learn(result)
        found: list[int] = []
        missing: list[str] = []
        for record in result.pages:
            if record.get("missing") or record.get("invalid") or "pageid" not in record:
                missing.append(str(record.get("title", "?")))
                continue
            self.write(record)
            if record["pageid"] in self.written and record["pageid"] not in found:
                found.append(record["pageid"])
        return found, missing

    def fetch_ids(self, ids: Sequence[int]) -> None:
        todo = [i for i in ids if i not in self.written]
        for chunk in batches([str(i) for i in todo], BATCH):
            for record in self.api.query({**REVISION_QUERY, "pageids": "|".join(chunk)}).pages:
                self.write(record)

    def linked(self, ids: Sequence[int], budget: int) -> list[int]:
        """Articles (namespace 0, existing, redirects resolved) that ``ids`` link to and are not yet
        written, in the API's order, at most ``budget``."""
        new: list[int] = []
        for chunk in batches([str(i) for i in ids], BATCH):
            result = self.api.query(
                {"generator": "links", "gplnamespace": "0", "gpllimit": "max", "redirects": "1", "pageids": "|".join(chunk)}
            )
            self.learn(result)
            for record in result.pages:
                pid = record.get("pageid")
                if not isinstance(pid, int) or record.get("missing") or record.get("ns") != 0:
                    continue
                if pid not in self.written and pid not in new:
                    new.append(pid)
                    if len(new) >= budget:
                        return new
        return new

    def write(self, record: dict[str, Any]) -> bool:
        """Write one API page record to the dump (once); ``False`` when it has no revision to write."""
        pid = record.get("pageid")
        if not isinstance(pid, int) or pid in self.written:
            return False
        title = str(record["title"])
        target = self.redirect_to.get(title) if record.get("redirect") else None
        revision = to_revision(record, target)
        if revision is not None and record.get("redirect") and target is None:
            # a redirect we did not reach through redirects=1: its target is in its first line
            m = _REDIRECT_LINK.match(revision.page.text)
            if m:
                to = " ".join(m.group(1).replace("_", " ").split())
                revision = replace(revision, page=replace(revision.page, redirect=to))
        if revision is None:
            log.warning("%s: %s has no readable current revision; skipped", self.lang, title)
            return False
        self.writer.write(revision)
        self.written.add(pid)
        self.titles[pid] = title
        if record.get("redirect"):
            self.redirects_written += 1
        else:
            self.articles.append(pid)
        return True

    def write_redirect_pages(self) -> None:
        """The redirect pages met on the way, written as pages of their own (``<redirect title>``)."""
        known = set(self.titles.values())
        todo = [t for t in self.redirect_to if t not in known]
        if not todo:
            return
        result = self.api.query_batched("titles", todo, REVISION_QUERY)
        for record in result.pages:
            if record.get("redirect") and not record.get("missing"):
                self.write(record)

    def langlinks(self, ids: Sequence[int]) -> list[tuple[int, str, str]]:
        result = self.api.query_batched("pageids", ids, {"prop": "langlinks", "lllimit": "max"})
        rows: list[tuple[int, str, str]] = []
        for record in result.pages:
            pid = record.get("pageid")
            if not isinstance(pid, int):
                continue
            for link in record.get("langlinks") or ():
                if link.get("lang") and link.get("title"):
                    rows.append((pid, str(link["lang"]), str(link["title"])))
        return rows


def to_revision(record: dict[str, Any], redirect: str | None) -> Revision | None:
    """An API page record (formatversion=2, rvslots=main) as a :class:`Revision`; ``None`` if it has no content."""
    revisions = record.get("revisions") or []
    if not revisions:
        return None
    rev = revisions[0]
    slot = (rev.get("slots") or {}).get("main") or {}
    content = slot.get("content")
    if not isinstance(content, str):
        return None  # texthidden, or a slot the API could not serialise
    page = Page(
        title=str(record["title"]),
        ns=int(record.get("ns", 0)),
        id=int(record["pageid"]),
        revision_id=rev.get("revid"),
        timestamp=rev.get("timestamp"),
        text=content,
        redirect=redirect,
        model=str(slot.get("contentmodel") or record.get("contentmodel") or "wikitext"),
        format=slot.get("contentformat"),
        parent_id=rev.get("parentid") or None,
    )
    if rev.get("userhidden") or "user" not in rev:
        contributor = None
    elif rev.get("anon"):
        contributor = Contributor(ip=str(rev["user"]))
    else:
        contributor = Contributor(username=str(rev["user"]), id=rev.get("userid"))
    return Revision(page, contributor, rev.get("comment") if not rev.get("commenthidden") else None, bool(rev.get("minor")))


def fetch_topic(http: HttpClient, request: TopicRequest, out: Path, *, date: str | None = None) -> list[WikiExport]:
    """Fetch ``request`` into ``out``; the editions written, the requested one first."""
    request.check()
    out.mkdir(parents=True, exist_ok=True)
    date = date or datetime.now(UTC).strftime("%Y%m%d")
    main, seeds, rows = _fetch_edition(http, request, request.lang, list(request.titles), request.links_depth, out, date)
    if main is None:
        raise FetchError(
            f"none of the titles exist on {request.lang}: {', '.join(request.titles)} (check spelling and --lang)"
        )
    exports = [main]
    sources = set(seeds) if not request.translate_links else {r[0] for r in rows}
    for lang in request.languages:
        if lang == request.lang:
            continue
        titles = sorted({title for pid, ll_lang, title in rows if ll_lang == lang and pid in sources})
        if not titles:
            log.warning("%s: no language link from the fetched articles; nothing to fetch", lang)
            continue
        export, _, _ = _fetch_edition(http, request, lang, titles, 0, out, date)
        if export is not None:
            exports.append(export)
    manifest = {
        "generator": f"wikikg {__version__}",
        "date": date,
        "fetched": datetime.now(UTC).isoformat(timespec="seconds"),
        "request": {
            "lang": request.lang,
            "titles": list(request.titles),
            "links_depth": request.links_depth,
            "languages": list(request.languages),
            "translate_links": request.translate_links,
            "api": request.api_url,
        },
        "wikis": [e.as_json(out) for e in exports],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return exports


def _fetch_edition(
    http: HttpClient, request: TopicRequest, lang: str, titles: Sequence[str], depth: int, out: Path, date: str
) -> tuple[WikiExport | None, list[int], list[tuple[int, str, str]]]:
    """One edition: its dump and langlinks table; the export (``None`` if nothing exists), seed ids, langlink rows."""
    api = MediaWikiApi(request.api_for(lang), http)
    site = api.siteinfo(lang)
    dbname = site.dbname or f"{lang.replace('-', '_')}wiki"
    dump = out / f"{dbname}-{date}-export.xml.bz2"
    with ExportWriter(dump, site) as writer:
        edition = _Edition(api, lang, site, writer)
        seeds, missing = edition.resolve(titles)
        for title in missing:
            log.warning("%s: no page %r", lang, title)
        if not seeds:
            writer.abort()
            return None, [], []
        frontier = seeds
        for level in range(1, depth + 1):
            budget = request.max_pages - len(edition.articles)
            if budget <= 0:
                log.warning("%s: stopped at %d articles (--max-pages)", lang, len(edition.articles))
                break
            frontier = edition.linked(frontier, budget)
            log.info("%s: links depth %d: %d new article(s)", lang, level, len(frontier))
            edition.fetch_ids(frontier)
            if not frontier:
                break
        edition.write_redirect_pages()
        rows = edition.langlinks(edition.articles)
    check_readable(dump, len(edition.written))
    langlinks = out / f"{dbname}-{date}-langlinks.sql.gz"
    count = write_langlinks(langlinks, rows, dbname=dbname, host=api.host, generator=f"wikikg {__version__}")
    log.info(
        "%s: %d article(s), %d redirect(s), %d language link(s) → %s",
        lang, len(edition.articles), edition.redirects_written, count, dump.name,
    )
    export = WikiExport(
        lang=lang,
        dbname=dbname,
        api=api.url,
        dump=dump,
        langlinks=langlinks,
        articles=len(edition.articles),
        redirects=edition.redirects_written,
        langlink_rows=count,
        seeds=[edition.titles[i] for i in seeds],
        missing=missing,
    )
    return export, seeds, rows


def check_readable(dump: Path, pages: int) -> None:
    """Read ``dump`` back with wikikg's own reader: every page written must come back, nothing skipped.

    A failure here is a bug of ours, not of the wiki; the dump is removed rather than left to mislead.
    """
    with DumpReader(dump) as reader:
        count = sum(1 for _ in reader)
        problems = reader.warnings
    if count != pages or problems:
        dump.unlink(missing_ok=True)
        detail = "; ".join(problems[:3]) or f"{count} of {pages} pages read back"
        raise FetchError(f"{dump.name} did not read back as written ({detail}); please report this")


def languages_arg(text: str) -> tuple[str, ...]:
    """``"ar, es,fr"`` → ``("ar", "es", "fr")``, duplicates removed."""
    out: list[str] = []
    for code in (c.strip().lower() for c in text.split(",")):
        if code and code not in out:
            out.append(code)
    return tuple(out)
