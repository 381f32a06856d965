"""A stand-in for Wikipedia's Action API (``/{lang}/w/api.php``), answering from real dump pages.

It implements the part of ``action=query`` that ``wikikg fetch`` uses, in the API's real
``formatversion=2`` JSON shapes (API:Query, API:Revisions, API:Info, API:Langlinks, API:Links as a
generator, API:Siteinfo, API:Continue, API:Redirects, Manual:Maxlag_parameter):

* ``meta=siteinfo`` (``general``, ``namespaces``, ``namespacealiases``);
* ``titles`` (normalised: ``_`` → space, first letter upper-cased, reported in ``normalized``),
  ``pageids``, ``generator=links`` (main-namespace links of the given pages, in
  ``(from page, title)`` order, ``gpllimit``, continued with ``gplcontinue``);
* ``redirects=1`` (chains followed, reported in ``redirects``);
* ``prop=info``, ``prop=revisions`` (``rvslots=main``; at most ``content_per_answer`` pages get their
  content per answer, the rest is continued with ``rvcontinue`` — the API's result-size limit),
  ``prop=langlinks`` (``lllimit``, continued with ``llcontinue``);
* errors: ``toomanyvalues`` beyond 50 titles/ids; ``faults``: a script of answers to give
  instead of the next ones — ``"maxlag"`` (HTTP 200, ``error.code=maxlag``, ``Retry-After``,
  ``X-Database-Lag``), ``"429"``, ``"503"``.

Pages, ids, revisions and texts come from real dumps, read here with lxml — not with wikikg's own
reader, which is under test.  Links are read from the wikitext with a regular expression (the
real API answers from the ``pagelinks`` table, which also holds links made by templates; these
pages' own links are the part we can know from a dump).
"""

from __future__ import annotations

import bz2
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from tests.fetch.fake_wikimedia import Reply, Request

MAX_VALUES = 50


@dataclass
class WikiPage:
    pageid: int
    ns: int
    title: str
    revid: int
    parentid: int | None
    timestamp: str
    user: str | None
    userid: int | None
    comment: str | None
    minor: bool
    model: str
    format: str
    text: str
    sha1: str | None
    redirect: str | None


def read_dump(path: Path) -> tuple[dict[str, Any], list[WikiPage]]:
    """The siteinfo (as a dict) and pages of a real dump, with lxml."""
    siteinfo: dict[str, Any] = {"namespaces": []}
    pages: list[WikiPage] = []
    with bz2.open(path, "rb") as fh:
        for _, el in etree.iterparse(fh, events=("end",)):
            tag = etree.QName(el).localname
            if tag == "siteinfo":
                for child in el:
                    name = etree.QName(child).localname
                    if name == "namespaces":
                        for ns in child:
                            siteinfo["namespaces"].append((int(ns.get("key")), ns.text or "", ns.get("case")))
                    else:
                        siteinfo[name] = child.text
            elif tag == "page":
                pages.append(_page(el))
                el.clear()
    return siteinfo, pages


def _page(el: etree._Element) -> WikiPage:
    def get(node: etree._Element, name: str) -> etree._Element | None:
        return next((c for c in node if etree.QName(c).localname == name), None)

    def text(node: etree._Element | None) -> str | None:
        return None if node is None else (node.text or "")

    rev = get(el, "revision")
    assert rev is not None
    contributor = get(rev, "contributor")
    redirect = get(el, "redirect")
    user = text(get(contributor, "username")) if contributor is not None else None
    userid = text(get(contributor, "id")) if contributor is not None else None
    parent = text(get(rev, "parentid"))
    return WikiPage(
        pageid=int(text(get(el, "id")) or 0),
        ns=int(text(get(el, "ns")) or 0),
        title=text(get(el, "title")) or "",
        revid=int(text(get(rev, "id")) or 0),
        parentid=int(parent) if parent else None,
        timestamp=text(get(rev, "timestamp")) or "",
        user=user,
        userid=int(userid) if userid else None,
        comment=text(get(rev, "comment")),
        minor=get(rev, "minor") is not None,
        model=text(get(rev, "model")) or "wikitext",
        format=text(get(rev, "format")) or "text/x-wiki",
        text=text(get(rev, "text")) or "",
        sha1=text(get(rev, "sha1")),
        redirect=redirect.get("title") if redirect is not None else None,
    )


def normalise(title: str) -> str:
    """MediaWiki's title normalisation for the main namespace of a first-letter wiki."""
    title = re.sub(r"[_\s]+", " ", title).strip()
    return title[:1].upper() + title[1:]


_LINK = re.compile(r"\[\[([^\[\]|#]*)(?:#[^\[\]|]*)?(?:\|[^\[\]]*)?\]\]")


def main_namespace_links(text: str, prefixes: set[str]) -> list[str]:
    """Targets of ``[[…]]`` links that stay in the main namespace, normalised, in order, once each."""
    out: list[str] = []
    for raw in _LINK.findall(text):
        target = normalise(raw)
        if not target or raw.lstrip().startswith(":"):
            continue
        if ":" in target and target.split(":", 1)[0].strip().lower() in prefixes:
            continue
        if target not in out:
            out.append(target)
    return out


@dataclass
class FakeWiki:
    lang: str
    siteinfo: dict[str, Any]
    pages: list[WikiPage]
    langlinks: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    interwiki: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.by_title = {p.title: p for p in self.pages}
        self.by_id = {p.pageid: p for p in self.pages}
        self.prefixes = {name.lower() for _, name, _ in self.siteinfo["namespaces"] if name} | {
            "image", "project", "wp", "w", "wikt", *self.interwiki
        }

    def links(self, page: WikiPage) -> list[str]:
        return main_namespace_links(page.text, self.prefixes)

    def resolve(self, title: str) -> tuple[str, list[dict[str, str]]]:
        """Follow redirects from ``title``: the final title and the hops taken."""
        hops: list[dict[str, str]] = []
        seen = {title}
        page = self.by_title.get(title)
        while page is not None and page.redirect is not None and page.ns == 0:
            target = normalise(page.redirect)
            hops.append({"from": title, "to": target})
            if target in seen:
                break
            seen.add(target)
            title, page = target, self.by_title.get(target)
        return title, hops


@dataclass
class FakeApi:
    """The app: ``/{lang}/w/api.php`` for each wiki in ``wikis``."""

    wikis: dict[str, FakeWiki]
    content_per_answer: int = 50
    max_limit: int = 500
    faults: list[str] = field(default_factory=list)

    def __call__(self, request: Request) -> Reply:
        parts = request.route.strip("/").split("/")
        if len(parts) != 3 or parts[1:] != ["w", "api.php"] or parts[0] not in self.wikis:
            return Reply(404, b"not found")
        if self.faults:
            fault = self.faults.pop(0)
            if fault == "maxlag":
                return _json(
                    {"error": {"code": "maxlag", "info": "Waiting for 10.64.48.35: 7 seconds lagged.",
                               "host": "10.64.48.35", "lag": 7, "type": "db",
                               "docref": "See https://en.wikipedia.org/w/api.php for API usage."},
                     "servedby": "mw1234"},
                    {"Retry-After": "0", "X-Database-Lag": "7"},
                )
            if fault in ("429", "503"):
                return Reply(int(fault), b"<html>busy</html>", {"Retry-After": "0", "Content-Type": "text/html"})
        params = request.params
        try:
            return _json(self.answer(self.wikis[parts[0]], params))
        except ApiUsage as exc:
            return _json({"error": {"code": exc.code, "info": str(exc)}, "servedby": "mw1234"})

    def answer(self, wiki: FakeWiki, params: dict[str, str]) -> dict[str, Any]:
        if params.get("format") != "json" or params.get("formatversion") != "2":
            raise ApiUsage("badformat", "this stand-in speaks formatversion=2 JSON only")
        if params.get("action") != "query":
            raise ApiUsage("badvalue", f"Unrecognized value for parameter \"action\": {params.get('action')}.")
        if params.get("meta") == "siteinfo":
            return {"batchcomplete": True, "query": _siteinfo(wiki)}
        query: dict[str, Any] = {}
        cont: dict[str, str] = {}
        titles = _values(params, "titles")
        ids = _values(params, "pageids")
        if "titles" in params and "pageids" in params:
            raise ApiUsage("invalidparammix", "The parameters titles, pageids can not be used together.")
        # 1. the input set, normalised
        normalized: list[dict[str, Any]] = []
        entries: list[tuple[str | None, int | None]] = []  # (title, missing id)
        for raw in titles:
            norm = normalise(raw)
            if norm != raw:
                normalized.append({"fromencoded": False, "from": raw, "to": norm})
            entries.append((norm, None))
        for raw in ids:
            page = wiki.by_id.get(int(raw))
            entries.append((page.title, None) if page else (None, int(raw)))
        # 2. a generator replaces the input set by what it generates
        if params.get("generator") == "links":
            entries, gcont = self._links(wiki, entries, params)
            cont.update(gcont)
        # 3. redirects
        redirects: list[dict[str, str]] = []
        final: list[tuple[str | None, int | None]] = []
        for title, missing_id in entries:
            if title is not None and params.get("redirects") in ("1", "true", ""):
                title, hops = wiki.resolve(title)
                redirects.extend(h for h in hops if h not in redirects)
            if (title, missing_id) not in final:
                final.append((title, missing_id))
        # 4. page records and their props
        props = set(params.get("prop", "").split("|")) - {""}
        continuing = any(k.endswith("continue") and k != "continue" and not k.startswith("g") for k in params)
        records: list[dict[str, Any]] = []
        existing: list[WikiPage] = []
        for title, missing_id in final:
            if missing_id is not None:
                records.append({"pageid": missing_id, "missing": True})
                continue
            page = wiki.by_title.get(title or "")
            if page is None:
                records.append({"ns": 0, "title": title, "missing": True})
                continue
            record: dict[str, Any] = {"pageid": page.pageid, "ns": page.ns, "title": page.title}
            if "info" in props and not continuing:
                record.update(_info(wiki, page))
            records.append(record)
            existing.append(page)
        by_id = {r["pageid"]: r for r in records if "pageid" in r and not r.get("missing")}
        if "revisions" in props and (not continuing or "rvcontinue" in params):
            start = int(params.get("rvcontinue", "0"))
            todo = sorted(p.pageid for p in existing if p.pageid >= start)
            for pid in todo[: self.content_per_answer]:
                by_id[pid]["revisions"] = [_revision(wiki.by_id[pid], params.get("rvprop", "ids|timestamp|flags|comment|user"))]
            if len(todo) > self.content_per_answer:
                cont["rvcontinue"] = str(todo[self.content_per_answer])
        if "langlinks" in props and (not continuing or "llcontinue" in params):
            rows = sorted((p.pageid, lang, t) for p in existing for lang, t in wiki.langlinks.get(p.pageid, ()))
            if "llcontinue" in params:
                pid, lang = params["llcontinue"].split("|", 1)
                rows = [r for r in rows if (r[0], r[1]) >= (int(pid), lang)]
            limit = _limit(params.get("lllimit", "10"), self.max_limit)
            for pid, lang, t in rows[:limit]:
                by_id[pid].setdefault("langlinks", []).append({"lang": lang, "title": t})
            if len(rows) > limit:
                cont["llcontinue"] = f"{rows[limit][0]}|{rows[limit][1]}"
        if normalized:
            query["normalized"] = normalized
        if redirects:
            query["redirects"] = redirects
        query["pages"] = records
        answer: dict[str, Any] = {"query": query}
        if cont:
            answer["continue"] = {**cont, "continue": "gplcontinue||" if "gplcontinue" in cont else "||"}
        else:
            answer["batchcomplete"] = True
        return answer

    def _links(
        self, wiki: FakeWiki, entries: list[tuple[str | None, int | None]], params: dict[str, str]
    ) -> tuple[list[tuple[str | None, int | None]], dict[str, str]]:
        if params.get("gplnamespace", "0") != "0":
            raise ApiUsage("badvalue", "this stand-in generates main-namespace links only")
        sources = sorted(
            (wiki.by_title[t] for t, _ in entries if t is not None and t in wiki.by_title), key=lambda p: p.pageid
        )
        pairs = [(p.pageid, target) for p in sources for target in sorted(wiki.links(p))]
        if "gplcontinue" in params:
            pid, _, title = params["gplcontinue"].split("|", 2)
            pairs = [pair for pair in pairs if pair >= (int(pid), title)]
        limit = _limit(params.get("gpllimit", "10"), self.max_limit)
        out: list[tuple[str | None, int | None]] = []
        for _, target in pairs[:limit]:
            if (target, None) not in out:
                out.append((target, None))
        cont = {"gplcontinue": f"{pairs[limit][0]}|0|{pairs[limit][1]}"} if len(pairs) > limit else {}
        return out, cont


class ApiUsage(Exception):
    def __init__(self, code: str, info: str) -> None:
        super().__init__(info)
        self.code = code


def _values(params: dict[str, str], name: str) -> list[str]:
    if name not in params:
        return []
    values = params[name].split("|")
    if len(values) > MAX_VALUES:
        raise ApiUsage("toomanyvalues", f'Too many values supplied for parameter "{name}". The limit is {MAX_VALUES}.')
    return values


def _limit(value: str, maximum: int) -> int:
    return maximum if value == "max" else min(int(value), maximum)


def _json(data: dict[str, Any], headers: dict[str, str] | None = None) -> Reply:
    return Reply(200, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                 {"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def _siteinfo(wiki: FakeWiki) -> dict[str, Any]:
    info = wiki.siteinfo
    lang = wiki.lang
    namespaces: dict[str, Any] = {}
    for key, name, case in info["namespaces"]:
        entry: dict[str, Any] = {"id": key, "case": case, "name": name, "subpages": key % 2 == 1, "content": key == 0,
                                 "nonincludable": False}
        if key != 0:
            entry["canonical"] = name
        namespaces[str(key)] = entry
    return {
        "general": {
            "mainpage": "Main Page",
            "base": f"https://{lang}.wikipedia.org/wiki/Main_Page",
            "sitename": info.get("sitename", "Wikipedia"),
            "generator": info.get("generator", "MediaWiki"),
            "case": info.get("case", "first-letter"),
            "lang": lang,
            "wikiid": f"{lang.replace('-', '_')}wiki",
            "server": f"//{lang}.wikipedia.org",
            "articlepath": "/wiki/$1",
        },
        "namespaces": namespaces,
        "namespacealiases": [{"id": 6, "alias": "Image"}, {"id": 7, "alias": "Image talk"}],
    }


def _info(wiki: FakeWiki, page: WikiPage) -> dict[str, Any]:
    record: dict[str, Any] = {
        "contentmodel": page.model,
        "pagelanguage": wiki.lang,
        "pagelanguagehtmlcode": wiki.lang,
        "pagelanguagedir": "ltr",
        "touched": page.timestamp,
        "lastrevid": page.revid,
        "length": len(page.text.encode("utf-8")),
    }
    if page.redirect is not None:
        record["redirect"] = True
    return record


def _revision(page: WikiPage, rvprop: str) -> dict[str, Any]:
    props = set(rvprop.split("|"))
    rev: dict[str, Any] = {}
    if "ids" in props:
        rev["revid"] = page.revid
        rev["parentid"] = page.parentid or 0
    if "flags" in props:
        rev["minor"] = page.minor
    if "user" in props:
        if page.user is None:
            rev["userhidden"] = True
        else:
            rev["user"] = page.user
    if "userid" in props and page.user is not None:
        rev["userid"] = page.userid or 0
    if "timestamp" in props:
        rev["timestamp"] = page.timestamp
    if "comment" in props:
        rev["comment"] = page.comment or ""
    if "content" in props:
        rev["slots"] = {"main": {"contentmodel": page.model, "contentformat": page.format, "content": page.text}}
    return rev


def langlink_rows(sql: str) -> Iterator[tuple[int, str, str]]:
    """The rows of a langlinks table dump, read with a regular expression (MySQL string escapes undone)."""
    for line in sql.splitlines():
        if not line.startswith("INSERT INTO `langlinks` VALUES "):
            continue
        for pid, lang, title in re.findall(r"\((\d+),'((?:[^'\\]|\\.)*)','((?:[^'\\]|\\.)*)'\)", line):
            yield int(pid), _unescape(lang), _unescape(title)


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"0": "\x00", "n": "\n", "r": "\r", "Z": "\x1a"}.get(m.group(1), m.group(1)), s)


def symmetric_langlinks(
    home_lang: str, home_title: str, rows: Iterable[tuple[str, str]]
) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Each edition's view of one article's language links, from the home edition's links turned
    around (Wikidata keeps them symmetric): lang → (the title there, its own links)."""
    rows = list(rows)
    return {
        lang: (title, sorted([(home_lang, home_title), *((l2, t2) for l2, t2 in rows if l2 != lang)]))
        for lang, title in rows
    }
