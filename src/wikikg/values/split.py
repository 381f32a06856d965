"""Splitting a parameter value into the items a reader sees on separate lines.

An infobox cell lists several things in several ways: ``<br>`` line breaks, bullet lines
(``* a`` — also inside ``{{plainlist}}``/``{{flatlist}}``), list templates whose arguments are
the items (``{{ubl|a|b}}``, ``{{hlist|a|b}}``, ``{{collapsible list|title=…|a|b}}``), separator
templates (``{{·}}``, ``{{*}}``, ``{{br}}``, fr ``{{clr}}``), HTML list items, ``<hr>``/``----`` rules and line
breaks.  A single newline would show as a space in running prose, but in an infobox cell it
separates entries the editor put on lines of their own (``{{flag|A}}⏎{{flag|B}}``), as DBpedia's
value parsers also read it; so it splits too.

Only separators at the top level of the value count: a ``<br>`` inside a footnote or inside
another template's argument stays where it is.  Footnotes are removed first
(:func:`wikikg.values.reading.strip_footnotes`), so ``3,000<ref>…<br>…</ref>`` is one item.

>>> split_items("{{flag|United Kingdom}}<br>{{flagcountry|British Raj}}")
['{{flag|United Kingdom}}', '{{flagcountry|British Raj}}']
>>> split_items("Mujahideen victory\\n* Soviet forces withdrawn\\n*End of the [[Soviet–Afghan War]]")
['Mujahideen victory', 'Soviet forces withdrawn', 'End of the [[Soviet–Afghan War]]']
>>> split_items("{{ubl|[[A]]|{{plainlist|\\n* [[B]]\\n* [[C]]}}}}"), split_items("{{collapsible list|title=Axis|a<br/>b|c}}")
(['[[A]]', '[[B]]', '[[C]]'], ['a', 'b', 'c'])
"""

from __future__ import annotations

import re
from bisect import bisect_right

from wikikg.values.reading import strip_footnotes
from wikikg.values.templates import LIST_BODY_TEMPLATES, LIST_PARAM_TEMPLATES, SEPARATOR_TEMPLATES, fold
from wikikg.wikitext.render import MAX_NESTING
from wikikg.wikitext.scan import Scan, Template

# Where a new item starts in the text between templates: a line break tag, a bullet or
# definition line, an HTML list item, a blank line.
_BREAK = re.compile(
    r"(?:<br\s*/?\s*>|</br\s*>|<\s*/?\s*(?:li|ul|ol|p|div|hr)\b[^>]*>)(?:[ \t]*[*#]+(?=[ \t]*\S))?|\n[ \t]*-{4,}|\n[ \t]*(?P<mark>[*#:;]*)[ \t]*", re.I)
_HEADING = "\x00"  # marks an item that is a definition term ("; December 16"): a heading, left out

def split_items(wikitext: str, lang: str = "en") -> list[str]:
    """The items of a parameter value, as wikitext, stripped, none empty, in order."""
    text = strip_footnotes(wikitext)
    out: list[str] = []
    _split(text, out)
    return [s for s in (item.strip() for item in out) if s and not s.startswith(_HEADING)]


def _split(text: str, out: list[str], depth: int = 0) -> None:
    """Add the items of ``text`` to ``out``; ``depth``: list templates it is nested in."""
    if "{{" not in text and "<" not in text and "\n" not in text and not text.lstrip().startswith(("*", "#")):
        out.append(text)
        return
    text = "\n" + text.lstrip(" \t")  # a bullet on the first line starts an item too
    scan = Scan.of(text, comments_removed=True)
    tops = [t for t in scan.templates if t.depth == 0]
    current: list[str] = []
    pos = 0
    for t in tops:
        _text_part(text[pos:t.start], current, out)
        name = fold(t.name)
        # each level scans its items again: as deep as rendering goes; deeper, the list is one item
        if (name in LIST_PARAM_TEMPLATES or name in LIST_BODY_TEMPLATES) and depth < MAX_NESTING:
            _flush(current, out)
            for arg in _list_args(t):
                _split(arg, out, depth + 1)
        elif name in SEPARATOR_TEMPLATES:
            _flush(current, out)
        else:
            current.append(text[t.start:t.end])
        pos = t.end
    _text_part(text[pos:], current, out)
    _flush(current, out)


def _list_args(t: Template) -> list[str]:
    """The items of a list template: its positional arguments (and numbered ``item1=`` …)."""
    args: list[str] = []
    for p in t.params:
        key = p.key.strip().lower()
        if p.positional or key.isdigit() or re.fullmatch(r"item\d+", key):
            args.append(p.value)
    return args


def _text_part(text: str, current: list[str], out: list[str]) -> None:
    """Text between templates: split at breaks outside links."""
    if not text:
        return
    if "[[" in text:
        # a break inside a link's label does not split the link
        scan = Scan.of(text, comments_removed=True)
        starts = [lk.start for lk in scan.links if lk.depth == 0]  # in order, none inside another
        ends = [lk.end for lk in scan.links if lk.depth == 0]
    else:
        starts, ends = [], []
    pos = 0
    for m in _BREAK.finditer(text):
        i = bisect_right(starts, m.start()) - 1  # the last link starting at or before the break
        if i >= 0 and m.start() < ends[i]:
            continue
        current.append(text[pos:m.start()])
        _flush(current, out)
        pos = m.end()
        mark = m.group("mark")
        if mark and mark.startswith(";"):
            current.append(_HEADING)
    current.append(text[pos:])


def _flush(current: list[str], out: list[str]) -> None:
    item = "".join(current)
    current.clear()
    if item.strip(" \t\n" + _HEADING):
        out.append(item)
