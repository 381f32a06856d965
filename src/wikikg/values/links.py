"""Resources in a value: links, flag templates, interlanguage-link templates.

In strict mode (the infobox's) a value is a list of resources only when it consists of links
and flags joined by separators — commas, slashes, "and" in the edition's language — with perhaps
a remark in brackets ("[[Kingdom of Italy|Italy]] (until 1943)"), a decoration (``{{KIA}}``) or
a footnote; anything else written around them makes the value a string ("near [[Kursk]]").  A flag
icon right before a link only decorates it: ``{{flagicon|Germany}} [[Nazi Germany|Germany]]`` is
*Nazi Germany*.  Lenient mode (DBpedia's ``ObjectParser`` tests) takes every article link.

>>> from wikikg.dump.namespaces import default_siteinfo
>>> site = default_siteinfo("en")
>>> def titles(src, strict=True):
...     found = resources(src, "en", site, strict=strict)
...     return None if found is None else [t.full for t in found]
>>> titles("{{flagicon|Nazi Germany}} [[Nazi Germany|Germany]]<br/>"), titles("[[Dearborn, Michigan|Dearborn]], [[Michigan]]")
(['Nazi Germany'], ['Dearborn, Michigan', 'Michigan'])
>>> titles("{{flagicon|Italy}} [[Kingdom of Italy|Italy]] (until [[Armistice of Cassibile|September 1943]])")
['Kingdom of Italy']
>>> titles("near [[Kursk]]"), titles("[[Japan]]ese victory"), titles("{{flag|USA}}")
(None, None, ['United States'])
"""

from __future__ import annotations

import html
import re

from wikikg.dump.namespaces import MAIN
from wikikg.dump.page import SiteInfo
from wikikg.values import locales
from wikikg.values.dates import positional_args
from wikikg.values.reading import flag_target, is_file_or_category, is_footnote, strip_footnotes
from wikikg.values.templates import (
    DECORATION_TEMPLATES,
    FLAG_TEMPLATES,
    INTERLANGUAGE_LINK_TEMPLATES,
    SEPARATOR_TEMPLATES,
    TRANSPARENT_TEMPLATES,
    fold,
)
from wikikg.wikitext.render import MAX_NESTING
from wikikg.wikitext.scan import Link, Scan, Template
from wikikg.wikitext.title import Title, parse_title

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_QUOTES = re.compile(r"'{2,}")
_SEPARATORS = re.compile(r"[\s,;/&·•–—\-+:|]*")


def resources(wikitext: str, lang: str, site: SiteInfo, *, strict: bool = True,
              scan: Scan | None = None) -> list[Title] | None:
    """The titles the value links to, or ``None`` when (strict) it is more than a list of links.

    ``scan`` is the scan of ``wikitext`` when the caller has made it (footnotes already removed).
    """
    text = strip_footnotes(wikitext) if scan is None else wikitext
    if "[[" not in text and "{{" not in text:
        return None
    if not strict:
        scan = Scan.of(text, comments_removed=True)
        found = [t for lk in scan.links if (t := _article(lk, site)) is not None]
        return _unique(found) or None
    found = []
    if not _collect(text, lang, site, found, scan):
        return None
    return _unique(found) or None


def _unique(titles: list[Title]) -> list[Title]:
    seen: dict[str, Title] = {}
    for t in titles:
        seen.setdefault(t.full if t.interwiki is None else f"{t.interwiki}:{t.full}", t)
    return list(seen.values())


def _article(link: Link, site: SiteInfo) -> Title | None:
    """The article a link points to (main namespace here or in another edition), else ``None``."""
    if is_file_or_category(link, site):
        return None
    target = link.target.strip()
    if target.startswith("#") or not target.strip(":"):
        return None
    t = parse_title(target, site)
    if t is None or not t.name:
        return None
    if t.interwiki is not None:
        return t if t.ns == MAIN else None
    return t if t.ns == MAIN else None


def _collect(text: str, lang: str, site: SiteInfo, found: list[Title], scan: Scan | None = None,
             nesting: int = 0) -> bool:
    """Add the resources of ``text`` to ``found``; ``False`` if other words stand between them."""
    scan = scan or Scan.of(text, comments_removed=True)
    items: list[tuple[int, int, Template | Link]] = [(t.start, t.end, t) for t in scan.templates if t.depth == 0]
    items += [(lk.start, lk.end, lk) for lk in scan.links if lk.depth == 0]
    items.sort(key=lambda it: (it[0], -it[1]))
    conj = locales.conjunctions(lang)
    depth = 0  # inside round brackets: a remark, skipped
    pos = 0
    pending_icon: Title | None = None
    for start, end, item in [*items, (len(text), len(text), None)]:
        if start < pos:
            continue
        visible, depth = _outside_brackets(text[pos:start], depth)
        if not _is_separator(visible, conj):
            return False
        if item is None:
            break
        pos = end + (len(item.trail) if isinstance(item, Link) else 0)
        if depth > 0:
            continue
        if isinstance(item, Link):
            if is_file_or_category(item, site):
                continue
            if item.trail:
                return False  # "[[Japan]]ese": the word is more than the link
            t = _article(item, site)
            if t is None:
                return False
            found.append(t)
            pending_icon = None
            continue
        name = fold(item.name)
        kind = FLAG_TEMPLATES.get(name)
        if kind is not None:
            target = flag_target(item, lang)
            title = parse_title(target, site) if target else None
            if title is None:
                return False
            if kind == "icon":
                if pending_icon is not None:
                    found.append(pending_icon)
                pending_icon = title
                continue
            found.append(title)
            pending_icon = None
            continue
        if name in DECORATION_TEMPLATES or name in SEPARATOR_TEMPLATES or is_footnote(item):
            continue
        if name in INTERLANGUAGE_LINK_TEMPLATES:
            args = positional_args(item)
            title = parse_title(args[0], site) if args and args[0] else None
            if title is None:
                return False
            found.append(title)
            pending_icon = None
            continue
        if name in TRANSPARENT_TEMPLATES:
            args = positional_args(item)
            before = len(found)
            # each level scans its argument again: as deep as rendering goes, no deeper
            if not args or nesting >= MAX_NESTING or not _collect(args[0], lang, site, found, nesting=nesting + 1):
                return False
            if len(found) > before:
                pending_icon = None
            continue
        return False
    if pending_icon is not None:
        found.append(pending_icon)  # a flag icon alone names its country
    return True


def _outside_brackets(gap: str, depth: int) -> tuple[str, int]:
    """The characters of ``gap`` outside round brackets, and the bracket depth after it."""
    if "(" not in gap and ")" not in gap:
        return ("" if depth else gap), depth
    out: list[str] = []
    for ch in gap:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out), depth


def _is_separator(gap: str, conjunctions: tuple[str, ...]) -> bool:
    if not gap.strip():
        return True
    s = gap
    if "<" in s:
        s = _TAG.sub(" ", s)
    if "''" in s:
        s = _QUOTES.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    words = [w for w in re.split(r"[\s,;/·•–—\-+:|]+", s) if w]
    return all(w.casefold() in conjunctions or w in ("&",) for w in words)
