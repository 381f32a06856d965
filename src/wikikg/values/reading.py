"""Reading a value's wikitext: footnotes out, and the plain text the typed parsers read.

The *reading text* of a value is what a reader sees, with a few differences that help the
parsers and never reach the output: a date template becomes its ISO date (``{{start date|1944|6|6}}``
→ ``1944-06-06``, whatever the edition's language), a number template its number, a unit template
"value unit-code"; decorations (trend arrows, ``{{KIA}}``) and footnotes disappear; and a link's
label stands between spaces (``5[[29 January]]`` reads "5 29 January"), so that a link boundary is
a word boundary.  Strings shown to users come from :func:`wikikg.wikitext.render.to_plain_text`,
not from here.

>>> reading_text("{{flagicon|Germany}} [[Nazi Germany|Germany]]<ref>x</ref>", "en")
'Germany'
>>> reading_text("{{Start date|1944|6|6}} – {{End date|1944|8|30}}", "en")
'1944-06-06 – 1944-08-30'
>>> reading_text("{{падение}} 2 797 184<ref name=a/>", "ru"), reading_text("[[16 февраля]] [[1918 год]]а", "ru")
('2 797 184', '16 февраля 1918 года')
"""

from __future__ import annotations

import html
import re

from wikikg.dump.namespaces import CATEGORY, FILE, default_siteinfo
from wikikg.dump.page import SiteInfo
from wikikg.values.dates import positional_args, template_dates
from wikikg.values.templates import (
    CIRCA_TEMPLATES,
    DECORATION_TEMPLATES,
    FLAG_ALIASES,
    FLAG_TEMPLATES,
    FOOTNOTE_TEMPLATES,
    INTERLANGUAGE_LINK_TEMPLATES,
    LANG_TEMPLATES,
    LIST_BODY_TEMPLATES,
    LIST_PARAM_TEMPLATES,
    NUMBER_TEMPLATES,
    SEPARATOR_TEMPLATES,
    TRANSPARENT_TEMPLATES,
    fold,
)
from wikikg.wikitext.render import MAX_NESTING, RenderContext, render_plain
from wikikg.wikitext.scan import Link, Scan, Template, strip_comments
from wikikg.wikitext.title import parse_title

_REF = re.compile(r"<ref(?:\s[^>]*?)?/>|<ref(?:\s[^>]*)?>.*?(?:</ref\s*>|$)", re.S | re.I)
# A footnote mark written by hand: "1991<sup>b</sup>", "<sup>[1]</sup>", "<sup>*</sup>" (not "km<sup>2</sup>")
_SUP_MARK = re.compile(r"<sup>\s*(?:[A-Za-z*†‡§#]{1,2}|\[\w{1,3}\])\s*</sup>", re.I)
_REFERENCES = re.compile(r"<references(?:\s[^>]*?)?/>|<references(?:\s[^>]*)?>.*?(?:</references\s*>|$)",
                         re.S | re.I)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
# Tags inside a line of text: removed without a trace ("km<sup>2</sup>" reads "km2"); others end a word.
_INLINE_TAGS = frozenset({"sup", "sub", "small", "big", "span", "b", "i", "u", "s", "em", "strong", "abbr",
                          "font", "nowiki", "bdi", "code", "var", "tt", "del", "ins", "mark"})


def _tag(m: re.Match[str]) -> str:
    return "" if m.group(1).lower() in _INLINE_TAGS else " "
_QUOTES = re.compile(r"'{2,}")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u200b\u2007]+")
# Does a text hold something strip_footnotes removes? (a cheap test before the bracket scan)
_FOOTNOTE_HINT = re.compile(
    r"<ref|<sup|\{\{\s*(?:#tag|" + "|".join(sorted((re.escape(n).replace(r"\ ", "[ _]+") for n in FOOTNOTE_TEMPLATES),
                                            key=len, reverse=True)) + r")\s*[|}]",
    re.I,
)
_MARKUP = re.compile(r"[{}\[\]<>'&_]|__")
_LANG_X = re.compile(r"^(?:lang|langx)[-_](?P<code>[a-z]{2,3}(?:-[a-z0-9]+)*)$", re.I)


def strip_footnotes(wikitext: str) -> str:
    """The value without comments, ``<ref>`` footnotes and footnote templates (``{{efn}}``,
    ``{{sfn}}``, ``{{citation needed}}``, ``{{#tag:ref|…}}`` …)."""
    text = strip_comments(wikitext)
    if not _FOOTNOTE_HINT.search(text):
        return text
    if "<" in text:
        text = _REF.sub("", text)
        if "<sup" in text or "<SUP" in text:
            text = _SUP_MARK.sub("", text)
        if "<references" in text.lower():
            text = _REFERENCES.sub("", text)
    if "{{" not in text:
        return text
    scan = Scan.of(text, comments_removed=True)
    cuts = [(t.start, t.end) for t in scan.templates if is_footnote(t)]
    if not cuts:
        return text
    out: list[str] = []
    pos = 0
    for start, end in sorted(cuts):
        if start < pos:
            continue  # inside a footnote already cut
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def is_footnote(t: Template) -> bool:
    name = fold(t.name)
    if name in FOOTNOTE_TEMPLATES:
        return True
    return name.startswith("#tag") and (t.get("1") or "").strip().lower() == "ref"


def flag_target(t: Template, lang: str) -> str | None:
    """The country a flag template names (``{{flag|USA}}`` → "United States"), if ``t`` is one."""
    if fold(t.name) not in FLAG_TEMPLATES:
        return None
    args = positional_args(t)
    if not args or not args[0]:
        return None
    name = args[0]
    return FLAG_ALIASES.get(lang, {}).get(name, FLAG_ALIASES["en"].get(name, name))


def lang_template(t: Template) -> tuple[str | None, str] | None:
    """(language code, wrapped text) of a language template (``{{lang|de|Berlin}}``,
    ``{{lang-de|Berlin}}``), ``None`` if ``t`` is not one."""
    name = fold(t.name)
    args = positional_args(t)
    m = _LANG_X.match(name)
    if m:
        return m.group("code").lower(), args[0] if args else ""
    if name in LANG_TEMPLATES:
        if name in ("transl", "transliteration"):
            return None, args[-1] if args else ""
        if len(args) >= 2:
            return args[0].strip().lower() or None, args[1]
        return None, args[0] if args else ""
    return None


def is_file_or_category(link: Link, site: SiteInfo) -> bool:
    """A link that shows a picture or files the page in a category, not text."""
    target = link.target.strip()
    if target.startswith(":") or ":" not in target:
        return False
    title = parse_title(target, site)
    return title is not None and title.ns in (FILE, CATEGORY) and title.interwiki is None


class Reader:
    """Reads the values of one edition: reading text and display text, with a render context
    built once."""

    def __init__(self, lang: str, site: SiteInfo | None = None) -> None:
        self.lang = lang
        self.site = site or default_siteinfo(lang)
        self.render = RenderContext(lang=lang, site=self.site)
        self._depth = 0  # how deep _expand is in items nested in one another

    def display(self, wikitext: str) -> str:
        """What a reader sees (:func:`wikikg.wikitext.render.render_plain`)."""
        if not _MARKUP.search(wikitext):
            return _SPACES.sub(" ", wikitext).strip()
        return render_plain(wikitext, self.render)

    def text(self, wikitext: str, scan: Scan | None = None) -> str:
        """The reading text of footnote-free ``wikitext`` (``scan`` is its scan, if made already)."""
        text = self._expand(wikitext, scan)
        if "''" in text:
            text = _QUOTES.sub("", text)
        if "<" in text:
            text = _TAG.sub(_tag, text)
        if "&" in text:
            text = html.unescape(text)
        return _SPACES.sub(" ", text).strip()

    def _expand(self, text: str, scan: Scan | None = None) -> str:
        if "{{" not in text and "[[" not in text:
            return text
        if self._depth >= MAX_NESTING:
            return " "  # nested deeper than anything is rendered (see wikikg.wikitext.render)
        self._depth += 1
        try:
            return self._expand_items(text, scan)
        finally:
            self._depth -= 1

    def _expand_items(self, text: str, scan: Scan | None) -> str:
        scan = scan or Scan.of(text, comments_removed=True)
        items: list[tuple[int, int, Template | Link]] = [(t.start, t.end, t) for t in scan.templates if t.depth == 0]
        items += [(lk.start, lk.end, lk) for lk in scan.links]
        items.sort(key=lambda it: (it[0], -it[1]))
        out: list[str] = []
        pos = 0
        for start, end, item in items:
            if start < pos:
                continue
            out.append(text[pos:start])
            if isinstance(item, Template):
                out.append(self._template(item, text[start:end]))
            else:
                out.append(self._link(item))
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def _link(self, link: Link) -> str:
        if is_file_or_category(link, self.site):
            return " "
        label = "|".join(link.parts) if link.parts else link.target.lstrip(":")
        # the trail ("[[1918 год]]а") follows in the text and belongs to the label's last word
        return f" {self._expand(label)}" + ("" if link.trail else " ")

    def _template(self, t: Template, src: str) -> str:
        name = fold(t.name)
        if name in DECORATION_TEMPLATES or name in SEPARATOR_TEMPLATES or is_footnote(t):
            return " "
        dates = template_dates(t, self.lang)
        if dates is not None:
            return f" {' – '.join(d.lexical for d in dates)} "
        if name.startswith("formatnum:"):
            return f" {t.raw_name.partition(':')[2]} "
        if name in NUMBER_TEMPLATES:
            args = positional_args(t)
            return f" {self._expand(args[0])} " if args else " "
        if name in ("convert", "cvt", "converti"):
            args = positional_args(t)
            return f" {' '.join(a for a in args[:4] if a)} "
        if name in FLAG_TEMPLATES:
            if FLAG_TEMPLATES[name] == "icon":
                return " "
            shown = t.get("name") or flag_target(t, self.lang)
            return f" {shown} " if shown else " "
        if name in INTERLANGUAGE_LINK_TEMPLATES:
            args = positional_args(t)
            return f" {self._expand(t.get('lt') or (args[0] if args else ''))} "
        if name in TRANSPARENT_TEMPLATES:
            args = positional_args(t)
            return f" {self._expand(args[0])} " if args else " "
        lt = lang_template(t)
        if lt is not None:
            return f" {self._expand(lt[1])} "
        if name in CIRCA_TEMPLATES:
            args = positional_args(t)
            return f" c. {self._expand(args[0])} " if args else " c. "
        if name in LIST_PARAM_TEMPLATES or name in LIST_BODY_TEMPLATES:
            parts = [a for a in positional_args(t) if a.strip()]
            return f" {'; '.join(self._expand(a) for a in parts)} "
        return f" {render_plain(src, self.render)} "


def reading_text(wikitext: str, lang: str, site: SiteInfo | None = None) -> str:
    """The text the typed parsers read (see the module's description), on one line."""
    return Reader(lang, site).text(strip_footnotes(wikitext))
