"""Wikitext → the plain text a reader sees.

:func:`to_plain_text` renders a piece of wikitext (a lead section, an infobox value) to the text a
reader of the rendered page sees, without a MediaWiki server and without template definitions:

* internal links become their label (``[[dog]]s`` → ``dogs``, ``[[a|b]]`` → ``b``); file, category
  and interlanguage links disappear;
* bold and italic quotes, HTML tags, comments, references, galleries, tables and ``__TOC__``-like
  magic words are removed; ``[http://x label]`` becomes ``label``;
* templates are rendered by :mod:`wikikg.wikitext.inline_templates` when they show text
  (``{{convert}}``, ``{{lang}}``, ``{{nowrap}}`` …) and removed otherwise (infoboxes, navboxes,
  hatnotes, maintenance and citation templates …); pronunciation templates are removed together
  with the brackets and labels that only framed them, so nothing like ``(UK: , US: )`` remains;
* HTML entities are decoded, white space is normalised and paragraphs are joined with one space —
  no space is put between two CJK characters.

The work happens in three stages on one string: templates and links (structure, found by the
bracket scan of :mod:`wikikg.wikitext.scan`), then inline markup (quotes, tags, external links),
then text clean-up (:mod:`wikikg.wikitext.cleanup`).

>>> to_plain_text("'''Berlin''' ({{IPA-de|bɛʁˈliːn|lang}}) is the [[capital city|capital]] of [[Germany]]s.", lang="en")
'Berlin is the capital of Germanys.'
>>> to_plain_text("{{Infobox city|name=X}}\\nA [[File:X.jpg|thumb|Y]]town<ref>{{cite web|url=u}}</ref> of {{convert|10|km|mi}}.", lang="en")
'A town of 10 kilometres (6.2 mi).'
"""

from __future__ import annotations

import html
import re

from wikikg.dump.page import SiteInfo
from wikikg.wikitext import cleanup
from wikikg.wikitext.elements import _GT, Element, _Next, opener, sub_elements, sub_external_links
from wikikg.wikitext.inline_templates import RenderContext, render_template
from wikikg.wikitext.links import render_link
from wikikg.wikitext.scan import Link, Scan, Template, strip_comments

# Removed together with their content (:mod:`.elements`: one pass, the first closing tag).
# <ref> first: its body may hold anything.
# An extension tag without its closing tag is shown as text by MediaWiki: only the tag goes.
_REF = opener(["ref"])
_DROPPED_BLOCKS = opener(
    ["references", "gallery", "math", "chem", "ce", "timeline", "imagemap", "score", "graph", "mapframe", "maplink",
     "templatedata", "templatestyles", "indicator", "includeonly", "syntaxhighlight", "source", "hiero", "inputbox",
     "categorytree"]
)
_NOWIKI = opener(["nowiki", "pre"])
_MAGIC = re.compile(r"__[^\W_](?:[^\s_]|_(?!_))*__")
_INCLUDE_TAGS = re.compile(r"</?(?:noinclude|onlyinclude)\s*/?>", re.I)
# Language-variant markup -{…}- (zh, sr, kk …): LanguageConverter's rules, MediaWiki
# ``includes/language/ConverterRule.php``.
_VARIANTS = re.compile(r"-\{(?!\{)")
_VARIANT_END = re.compile(r"\}-")
# Editions whose wiki runs a LanguageConverter (MediaWiki ``LanguageConverterFactory``): only there
# is -{…}- markup; elsewhere it is text.
_CONVERTER_EDITIONS = frozenset(
    ["zh", "gan", "sr", "sh", "kk", "ku", "tg", "uz", "crh", "shi", "iu", "tly", "ban", "wuu", "zgh"]
)
_VARIANT_SPLIT = re.compile(r";\s*(?=[a-z]{2,3}(?:-[a-z]{2,4})?\s*:)")
_VARIANT_PREFERENCE = ("zh-cn", "zh-hans", "zh", "zh-sg", "zh-my", "zh-hant", "zh-tw", "zh-hk", "zh-mo")

# Inline markup.
_QUOTES = re.compile(r"'{2,}")
_LINE_BREAK = re.compile(r"<br\b[^<>]*>|</br\s*>", re.I)
_BLOCK_TAGS = re.compile(
    r"</?(?:hr|p|div|center|blockquote|poem|li|ul|ol|dl|dd|dt|table|tr|td|th|h[1-6])\b[^<>]*>", re.I
)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")  # also Fandom's <mainpage-…/>
_HR = re.compile(r"^-{4,}", re.M)


def to_plain_text(wikitext: str, *, lang: str, title: str | None = None, site: SiteInfo | None = None) -> str:
    """The plain text a reader sees for ``wikitext`` of the ``lang`` edition, on one line.

    ``title`` is the page's title, for ``{{PAGENAME}}``; ``site`` adds the wiki's own namespace
    names to the built-in table of File/Category names.  Never raises on bad markup: unpaired
    brackets and unclosed tags are shown as MediaWiki shows them, minus the brackets.
    """
    return render_plain(wikitext, RenderContext(lang=lang, title=title, site=site))


def render_plain(wikitext: str, ctx: RenderContext) -> str:
    """:func:`to_plain_text` with a context built once and reused (per page, per worker)."""
    return cleanup.finish(render_markup(wikitext, ctx), ctx.lang)


def render_markup(wikitext: str, ctx: RenderContext) -> str:
    """Stages 1–2: templates, links and inline markup rendered; lines and markers kept.

    The result still holds newlines (paragraph and line breaks) and :data:`cleanup.REMOVED`
    markers where something was taken out; :func:`cleanup.finish` turns it into one clean line.
    """
    text = _preprocess(wikitext, ctx.lang)
    text = expand(text, ctx)
    return _inline(text)


def expand(text: str, ctx: RenderContext) -> str:
    """Render the templates and internal links of ``text`` (already preprocessed).

    Handlers of templates and links call this again on the pieces they show (a link's label, a
    template's argument), so nested markup is rendered from the inside out of each piece.
    """
    if "{{" not in text and "[[" not in text:
        return text
    if ctx.depth >= MAX_NESTING:
        return cleanup.REMOVED
    ctx.depth += 1
    try:
        return _expand(text, ctx)
    finally:
        ctx.depth -= 1


#: How deep templates and links nested in one another are rendered; what is nested deeper is
#: removed.  Each level scans its piece again, so this bounds the work by MAX_NESTING × the text
#: (MediaWiki stops at ``$wgMaxTemplateDepth`` = 100 and nests no link in another link's label).
MAX_NESTING = 20


def _expand(text: str, ctx: RenderContext) -> str:
    scan = Scan.of(text, comments_removed=True)
    # Outermost items first; anything starting inside an item already rendered belongs to it.
    # A link's trail ("[[dog]]s") is left in the text, right after the rendered label.
    items: list[tuple[int, int, Template | Link]] = [(t.start, t.end, t) for t in scan.templates if t.depth == 0]
    items += [(lk.start, lk.end, lk) for lk in scan.links]
    items.sort(key=lambda item: (item[0], -item[1]))
    out: list[str] = []
    pos = 0
    for start, end, item in items:
        if start < pos:
            continue
        out.append(text[pos:start])
        if isinstance(item, Template):
            if _is_epigraph(item, text):
                out.append(cleanup.REMOVED)
            else:
                out.append(render_template(item, ctx, expand))
        else:
            out.append(render_link(item, text[start + 2 : end - 2], ctx, expand))
        pos = end
    out.append(text[pos:])
    return "".join(out)


# Quotation templates standing on their own line are epigraphs or pull quotes, not the article's text.
_QUOTE_TEMPLATES = frozenset(
    ["quote", "cquote", "quotation", "quote box", "rquote", "blockquote", "epigraph", "citazione",
     "zitat", "цитата", "cita", "citação", "citace", "cytat"]
)


def _is_epigraph(t: Template, text: str) -> bool:
    name = " ".join(t.name.replace("_", " ").split()).casefold()
    if name not in _QUOTE_TEMPLATES:
        return False
    line_start = text.rfind("\n", 0, t.start) + 1
    line_end = text.find("\n", t.end)
    return not text[line_start : t.start].strip() and not text[t.end : len(text) if line_end < 0 else line_end].strip()


def _preprocess(text: str, lang: str) -> str:
    """Comments, references, non-text tags, magic words and tables removed; nowiki escaped."""
    text = strip_comments(text)
    if "<" in text:
        text = sub_elements(text, _NOWIKI, _escape_nowiki)
        text = sub_elements(text, _REF, _removed)
        text = sub_elements(text, _DROPPED_BLOCKS, _removed)
        text = _INCLUDE_TAGS.sub("", text)
    if "__" in text:
        text = _MAGIC.sub("", text)
    if "-{" in text and lang in _CONVERTER_EDITIONS:
        text = _sub_variants(text)
    if "{|" in text:
        text = _remove_tables(text)
    if "<div" in text or "<DIV" in text:
        text = _remove_boxes(text)
    return text


def _removed(el: Element) -> str:
    return cleanup.REMOVED


def _sub_variants(text: str) -> str:
    """Every ``-{…}-`` (as ``-\\{(?!\\{)(.*?)\\}-`` matches, re.S) rendered by :func:`_variant`."""
    out: list[str] = []
    pos = 0
    at = 0
    end_after = None
    while (m := _VARIANTS.search(text, at)) is not None:
        if end_after is None or end_after.start() < m.end():
            end_after = _VARIANT_END.search(text, m.end())
            if end_after is None:
                break  # no "}-" after: no more variants
        out.append(text[pos : m.start()])
        out.append(_variant(text[m.end() : end_after.start()]))
        pos = at = end_after.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _variant(body: str) -> str:
    """``-{zh-hans:联邦州; zh-hant:邦}-`` → the simplified-Chinese text; ``-{H|…}-`` (a rule only) → nothing.

    Flags before ``|``: ``H``/``T``/``-`` add or remove rules and show nothing; ``R`` shows the raw text.
    """
    flags, bar, rest = body.partition("|")
    if bar and re.fullmatch(r"[A-Za-z;\s-]{1,8}", flags):
        f = flags.upper()
        if "R" in f:
            return rest
        if "H" in f or "T" in f or "-" in f:
            return ""
        body = rest
    choices: dict[str, str] = {}
    for part in _VARIANT_SPLIT.split(body):
        code, colon, shown = part.partition(":")
        code = code.strip().lower()
        if not colon or not re.fullmatch(r"[a-z]{2,3}(?:-[a-z]{2,4})?", code):
            return body if not choices else next(iter(choices.values()))
        choices[code] = shown.strip().rstrip(";").strip()
    for code in _VARIANT_PREFERENCE:
        if code in choices:
            return choices[code]
    return next(iter(choices.values()), "")


def _escape_nowiki(el: Element) -> str:
    """The body of ``<nowiki>``/``<pre>`` as literal text: markup characters become entities.

    An empty ``<nowiki/>`` still separates what it stands between (``''<nowiki/>'``: italics,
    then an apostrophe), so it leaves :data:`cleanup.SEPARATOR`.
    """
    body = el.body or ""
    escaped = "".join(f"&#{ord(c)};" if c in "[]{}|'<>=*#:;_~&" else c for c in body)
    return escaped or cleanup.SEPARATOR


def _remove_tables(text: str) -> str:
    """Remove ``{| … |}`` tables (nested ones included), which never belong in running text.

    A table starts with ``{|`` at the beginning of a line (after optional spaces or ``:``
    indentation) and ends with the matching ``|}`` at the beginning of a line.
    """
    out: list[str] = []
    depth = 0
    for line in text.splitlines(keepends=True):
        s = line.lstrip(" \t:")
        if s.startswith("{|"):
            depth += 1
            continue
        if depth:
            if s.startswith("|}"):
                depth -= 1
                rest = s[2:]
                if depth == 0 and rest.strip():
                    out.append(rest)
            continue
        out.append(line)
    return "".join(out)


_DIV = re.compile(r"<div\b|</div\s*>", re.I)
# Classes of hand-made boxes beside the text: pictures and their captions, navigation, notices.
_BOX_CLASS = re.compile(
    r"""class\s*=\s*["'][^"']*\b(?:thumb\w*|float\w*|infobox|navbox|toc|gallery\w*|metadata|noprint"""
    r"""|hatnote|dablink|rellink|sidebar|mbox\w*)\b""",
    re.I,
)


def _remove_boxes(text: str) -> str:
    """Remove ``<div class="thumb …">…</div>`` and similar boxes, nested divs included."""
    out: list[str] = []
    pos = 0
    depth = 0  # open divs
    box_depth = 0  # depth at which the box being removed opened (0: none)
    gt = _Next(text, _GT)
    at = 0
    while (m := _DIV.search(text, at)) is not None:
        at = m.end()
        if m.group(0)[1] != "/":
            # as <div\b([^>]*)> matches: the tag runs to the first ">" (none: no tag)
            close = gt.at(m.end())
            if close is None:
                break
            at = close.end()
            depth += 1
            if not box_depth and _BOX_CLASS.search(text, m.end(), close.start()):
                out.append(text[pos : m.start()])
                box_depth = depth
        else:
            if box_depth and depth == box_depth:
                pos = m.end()
                box_depth = 0
                out.append("\n")
            depth = max(0, depth - 1)
    if box_depth:
        return "".join(out)  # an unclosed box runs to the end, as in a browser
    out.append(text[pos:])
    return "".join(out)


def _inline(text: str) -> str:
    """Quotes, HTML tags and external links of text whose templates and links are rendered."""
    if "''" in text:
        text = _QUOTES.sub(_quote_run, text)
    if "<" in text:
        text = _LINE_BREAK.sub("\n", text)
        text = _BLOCK_TAGS.sub("\n\n", text)
        text = _ANY_TAG.sub("", text)
    if "[" in text:
        text = sub_external_links(text, lambda url, label: label or "")
    if "----" in text:
        text = _HR.sub("", text)
    return html.unescape(text) if "&" in text else text


def _quote_run(m: re.Match[str]) -> str:
    """MediaWiki's ``doQuotes`` on one run: 2 italic, 3 bold, 5 both; 4 is ``'`` + bold."""
    n = len(m.group(0))
    if n == 4:
        return "'"
    if n > 5:
        return "'" * (n - 5)
    return ""


__all__ = ["RenderContext", "expand", "render_markup", "render_plain", "to_plain_text"]
