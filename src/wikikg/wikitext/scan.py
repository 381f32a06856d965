"""Fast structural scans of wikitext: templates, links, headings, external links.

No syntax tree is built.  One regex pass finds every ``{{``/``}}``/``[[``/``]]`` and a stack pairs
them, the way MediaWiki's preprocessor pairs braces (innermost first, a run of ``}}}}`` closing two
templates).  Comments are removed beforehand and the bodies of ``<nowiki>``, ``<pre>``, ``<math>``
and similar tags are masked, so a ``|`` or ``}}`` inside them means nothing.

>>> s = Scan.of("{{Infobox person | name = Ada {{small|L.}} | 1 }} [[Analytical Engine|engine]]")
>>> t = s.templates[0]
>>> (t.name, t.get("name"), t.get("1"), [x.name for x in s.templates])
('Infobox person', 'Ada {{small|L.}}', ' 1 ', ['Infobox person', 'Small'])
>>> [(l.target, l.label) for l in s.links]
[('Analytical Engine', 'engine')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wikikg.wikitext.title import upper_first

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
# Tags whose body is not wikitext: their content must not be scanned for structure.
_OPAQUE = re.compile(
    r"<(nowiki|pre|math|chem|ce|syntaxhighlight|source|score|timeline|graph|templatedata|mapframe|maplink)"
    r"(?:\s[^>]*)?(?:/>|>.*?(?:</\1\s*>|$))",
    re.S | re.I,
)
_BRACKETS = re.compile(r"\{\{+|\}\}+|\[\[|\]\]")
_HEADING = re.compile(r"^(={1,6})[ \t]*(.+?)[ \t]*\1[ \t]*$", re.M)
_NAME_PREFIX = re.compile(r"^\s*(?:safesubst|subst|msgnw|msg|raw)\s*:\s*", re.I)
_SPACES = re.compile(r"[\s_]+")


def strip_comments(text: str) -> str:
    """Remove HTML comments (an unterminated one runs to the end, as in MediaWiki)."""
    return _COMMENT.sub("", text) if "<!--" in text else text


def mask_opaque(text: str) -> str:
    """The same text with the bodies of opaque tags blanked out (offsets unchanged)."""
    if "<" not in text:
        return text
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


@dataclass(slots=True)
class Param:
    """One template argument. ``key`` is ``"1"``, ``"2"`` … for positional ones.

    Named values are stripped of surrounding white space, positional ones are not (MediaWiki).
    """

    key: str
    value: str
    positional: bool
    start: int  # offset of the value in the scanned text


@dataclass(slots=True)
class Template:
    """A template call or parser function ``{{…}}`` found by the scan."""

    raw_name: str
    start: int
    end: int
    params: list[Param]
    depth: int

    @property
    def name(self) -> str:
        """The normalised name: prefix ``subst:`` removed, ``_`` → space, first letter upper.

        The ``Template:`` namespace prefix is not removed here, since its local name depends on
        the wiki (``Vorlage:``); :meth:`ParsedPage.template_title` resolves it.
        """
        name = _NAME_PREFIX.sub("", self.raw_name)
        return upper_first(_SPACES.sub(" ", name).strip())

    @property
    def is_parser_function(self) -> bool:
        """``{{#if:…}}``, ``{{DEFAULTSORT:…}}``, ``{{PAGENAME}}``-like magic words."""
        n = self.raw_name.strip()
        if n.startswith("#"):
            return True
        head, colon, _ = n.partition(":")
        return bool(colon) and head.strip().upper() == head.strip() and not head.strip().isdigit()

    def get(self, key: str) -> str | None:
        """The value of argument ``key``; if given twice, the last one wins (as in MediaWiki)."""
        found: str | None = None
        for p in self.params:
            if p.key == key:
                found = p.value
        return found

    @property
    def named(self) -> dict[str, str]:
        """Arguments by key, the last occurrence winning."""
        return {p.key: p.value for p in self.params}


@dataclass(slots=True)
class Link:
    """An internal link ``[[target|label]]``; ``label`` is ``None`` when there is no pipe.

    For file links ``parts`` holds every ``|``-separated option (the caption last).
    """

    target: str
    label: str | None
    start: int
    end: int
    depth: int
    parts: list[str] = field(default_factory=list)
    trail: str = ""  # letters glued after ]] that MediaWiki includes in the label ("[[dog]]s")


@dataclass(slots=True)
class Heading:
    level: int
    title: str
    start: int
    end: int


_TRAIL = re.compile(r"[^\W\d_]+")


class Scan:
    """The structural scan of one text. Build with :meth:`of`; all fields are computed at once."""

    __slots__ = ("links", "masked", "templates", "text")

    def __init__(self, text: str, masked: str, templates: list[Template], links: list[Link]) -> None:
        self.text = text
        self.masked = masked
        self.templates = templates
        self.links = links

    @classmethod
    def of(cls, raw: str, *, comments_removed: bool = False) -> Scan:
        text = raw if comments_removed else strip_comments(raw)
        masked = mask_opaque(text)
        templates, links = _pair(text, masked)
        return cls(text, masked, templates, links)

    @property
    def top_templates(self) -> list[Template]:
        return [t for t in self.templates if t.depth == 0]

    def headings(self) -> list[Heading]:
        return [
            Heading(len(m.group(1)), m.group(2).strip(), m.start(), m.end())
            for m in _HEADING.finditer(self.masked)
        ]


def _pair(text: str, masked: str) -> tuple[list[Template], list[Link]]:
    """Pair brackets with a stack; return templates and links sorted by start."""
    stack: list[tuple[str, int]] = []  # ("t" template | "p" parameter | "l" link, start offset)
    t_spans: list[tuple[int, int, int]] = []
    l_spans: list[tuple[int, int, int]] = []
    for m in _BRACKETS.finditer(masked):
        tok = m.group(0)
        pos = m.start()
        c = tok[0]
        if c == "{":
            n = len(tok)
            if n == 3:
                stack.append(("p", pos))
                continue
            if n % 2 == 1:  # {{{{{x}}}}}: templates outside, a parameter inside
                for i in range((n - 3) // 2):
                    stack.append(("t", pos + 2 * i))
                stack.append(("p", pos + n - 3))
            else:
                for i in range(n // 2):
                    stack.append(("t", pos + 2 * i))
        elif c == "}":
            n = len(tok)
            at = pos
            while n >= 2 and stack:
                kind, start = stack[-1]
                if kind == "p" and n >= 3:
                    stack.pop()
                    n -= 3
                    at += 3
                elif kind == "t":
                    stack.pop()
                    n -= 2
                    at += 2
                    t_spans.append((start, at, _depth(stack, "t")))
                elif kind == "l":
                    # an unclosed [[ inside a template: MediaWiki drops it
                    stack.pop()
                else:
                    break
        elif tok == "[[":
            stack.append(("l", pos))
        else:  # "]]"
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == "l":
                    if any(k != "l" for k, _ in stack[i + 1 :]):
                        break  # "]]" inside an open template belongs to it, not to this link
                    start = stack[i][1]
                    del stack[i:]
                    l_spans.append((start, pos + 2, sum(1 for k, _ in stack if k == "l")))
                    break
    t_spans.sort()
    l_spans.sort()
    templates = [_template(text, masked, s, e, d) for s, e, d in t_spans]
    links = [lk for s, e, d in l_spans if (lk := _link(text, masked, s, e, d)) is not None]
    return templates, links


def _depth(stack: list[tuple[str, int]], kind: str) -> int:
    return sum(1 for k, _ in stack if k == kind)


def _split_top(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``masked[start:end]`` at ``|`` outside nested ``{{ }}``/``[[ ]]``/``{{{ }}}``."""
    parts: list[tuple[int, int]] = []
    depth = 0
    seg = start
    i = start
    find = masked.find
    while True:
        j = _next_special(masked, i, end)
        if j < 0:
            break
        ch = masked[j]
        two = masked[j : j + 2]
        if two in ("{{", "[["):
            depth += 1
            i = j + 2
        elif two in ("}}", "]]"):
            depth = max(0, depth - 1)
            i = j + 2
        elif ch == "|" and depth == 0:
            parts.append((seg, j))
            seg = j + 1
            i = j + 1
        else:
            i = j + 1
    del find
    parts.append((seg, end))
    return parts


_SPECIAL = re.compile(r"\{\{|\}\}|\[\[|\]\]|\|")


def _next_special(masked: str, i: int, end: int) -> int:
    m = _SPECIAL.search(masked, i, end)
    return m.start() if m else -1


def _template(text: str, masked: str, start: int, end: int, depth: int) -> Template:
    parts = _split_top(masked, start + 2, end - 2)
    ns, ne = parts[0]
    raw_name = text[ns:ne]
    params: list[Param] = []
    if ":" in raw_name and not raw_name.lstrip().startswith(":"):
        # parser function: {{#if: a | b}} — the first argument follows the colon
        head, _, first = raw_name.partition(":")
        if head.strip().startswith("#") or head.strip().isupper():
            raw_name = head
            params.append(Param("1", first, True, ns + len(head) + 1))
    position = len(params)
    for ps, pe in parts[1:]:
        seg = masked[ps:pe]
        eq = _top_equals(seg)
        if eq >= 0:
            key = " ".join(text[ps : ps + eq].split())
            value_start = ps + eq + 1
            raw_value = text[value_start:pe]
            value = raw_value.strip()
            lead = len(raw_value) - len(raw_value.lstrip())
            params.append(Param(key, value, key.isdigit(), value_start + lead))
        else:
            position += 1
            params.append(Param(str(position), text[ps:pe], True, ps))
    return Template(raw_name, start, end, params, depth)


def _top_equals(seg: str) -> int:
    """Index of the first ``=`` not inside nested brackets, or -1."""
    eq = seg.find("=")
    if eq < 0:
        return -1
    if "{{" not in seg[:eq] and "[[" not in seg[:eq]:
        return eq
    depth = 0
    i = 0
    n = len(seg)
    while i < n:
        two = seg[i : i + 2]
        if two in ("{{", "[["):
            depth += 1
            i += 2
            continue
        if two in ("}}", "]]"):
            depth -= 1
            i += 2
            continue
        if seg[i] == "=" and depth == 0:
            return i
        i += 1
    return -1


def _link(text: str, masked: str, start: int, end: int, depth: int) -> Link | None:
    parts = _split_top(masked, start + 2, end - 2)
    ts, te = parts[0]
    target = text[ts:te].strip()
    if not target or "\n" in target:
        return None
    values = [text[s:e] for s, e in parts[1:]]
    label = values[-1] if values else None
    trail = ""
    if end < len(text) and (m := _TRAIL.match(text, end)):
        trail = m.group(0)
    return Link(target, label, start, end, depth, values, trail)
