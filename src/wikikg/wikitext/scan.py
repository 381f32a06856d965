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
from collections.abc import Callable
from dataclasses import dataclass

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


class Template:
    """A template call or parser function ``{{…}}`` found by the scan.

    The arguments are split the first time somebody asks for them: most templates of a page
    (citations, navboxes) are only ever looked at by name.
    """

    __slots__ = ("_name", "_params", "_source", "depth", "end", "raw_name", "start")

    def __init__(self, raw_name: str, start: int, end: int, params: list[Param] | None, depth: int,
                 source: tuple[str, str, int, dict[int, int]] | None = None) -> None:
        self.raw_name = raw_name
        self.start = start
        self.end = end
        self.depth = depth
        self._params = params
        self._source = source  # (text, masked, offset of the first "|", ends) while params are not split
        self._name: str | None = None

    def __repr__(self) -> str:
        return f"Template({self.raw_name!r}, {self.start}, {self.end}, depth={self.depth})"

    @property
    def params(self) -> list[Param]:
        if self._params is None:
            assert self._source is not None
            text, masked, first, ends = self._source
            self._params = _params(text, masked, first, self.end - 2, self.raw_name, ends)
            self._source = None
        return self._params

    @property
    def name(self) -> str:
        """The normalised name: prefix ``subst:`` removed, ``_`` → space, first letter upper.

        The ``Template:`` namespace prefix is not removed here, since its local name depends on
        the wiki (``Vorlage:``); :meth:`ParsedPage.template_title` resolves it.
        """
        if self._name is None:
            name = _NAME_PREFIX.sub("", self.raw_name) if ":" in self.raw_name else self.raw_name
            self._name = upper_first(_SPACES.sub(" ", name).strip())
        return self._name

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


class Link:
    """An internal link ``[[target|label]]``; ``label`` is ``None`` when there is no pipe.

    For file links ``parts`` holds every ``|``-separated option (the caption last).  The label and
    the parts are cut from the text the first time somebody asks: the label of an outer link holds
    every link nested in it, and copying them all for every link would be quadratic.
    """

    __slots__ = ("_parts", "_source", "depth", "end", "start", "target", "trail")

    def __init__(self, target: str, label: str | None, start: int, end: int, depth: int,
                 parts: list[str] | None = None, trail: str = "",
                 source: tuple[str, list[tuple[int, int]]] | None = None) -> None:
        self.target = target
        self.start = start
        self.end = end
        self.depth = depth
        self.trail = trail  # letters glued after ]] that MediaWiki includes in the label ("[[dog]]s")
        self._source = source  # (text, spans of the parts after the target) while not cut
        if source is None:
            self._parts: list[str] | None = list(parts or ([] if label is None else [label]))
        else:
            self._parts = None

    @property
    def parts(self) -> list[str]:
        if self._parts is None:
            assert self._source is not None
            text, spans = self._source
            self._parts = [text[s:e] for s, e in spans]
            self._source = None
        return self._parts

    @property
    def label(self) -> str | None:
        parts = self.parts
        return parts[-1] if parts else None

    def __repr__(self) -> str:
        return f"Link({self.target!r}, {self.label!r}, {self.start}, {self.end}, depth={self.depth})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Link):
            return NotImplemented
        return (self.target, self.parts, self.start, self.end, self.depth, self.trail) == (
            other.target, other.parts, other.start, other.end, other.depth, other.trail)

    __hash__ = None  # type: ignore[assignment]


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
    open_t = 0  # templates on the stack
    t_spans: list[tuple[int, int, int]] = []
    l_spans: list[tuple[int, int, int]] = []
    push = stack.append
    for m in _BRACKETS.finditer(masked):
        tok = m.group(0)
        pos = m.start()
        c = tok[0]
        if c == "{":
            n = len(tok)
            if n == 2:
                push(("t", pos))
                open_t += 1
            elif n == 3:
                push(("p", pos))
            else:
                params = 1 if n % 2 == 1 else 0  # {{{{{x}}}}}: templates outside, a parameter inside
                for i in range((n - 3 * params) // 2):
                    push(("t", pos + 2 * i))
                    open_t += 1
                if params:
                    push(("p", pos + n - 3))
        elif c == "}":
            n = len(tok)
            at = pos
            while n >= 2 and stack:
                kind, start = stack[-1]
                if kind == "t":
                    stack.pop()
                    open_t -= 1
                    n -= 2
                    at += 2
                    t_spans.append((start, at, open_t))
                elif kind == "p" and n >= 3:
                    stack.pop()
                    n -= 3
                    at += 3
                elif kind == "l":
                    stack.pop()  # an unclosed [[ inside a template: MediaWiki drops it
                else:
                    break
        elif tok == "[[":
            push(("l", pos))
        elif stack:  # "]]"
            i = len(stack) - 1
            if stack[i][0] != "l":
                continue  # "]]" inside an open template belongs to it, not to a link
            start = stack[i][1]
            stack.pop()
            l_spans.append((start, pos + 2, len(stack) - open_t))
    t_spans.sort()
    l_spans.sort()
    # where each paired item ends, by where it starts: splitting an item at its "|" jumps over the
    # items nested in it, so that every bracket of the text is looked at once, not once per level
    ends = {s: e for s, e, _ in t_spans}
    ends.update((s, e) for s, e, _ in l_spans)
    templates = [_template(text, masked, s, e, d, ends) for s, e, d in t_spans]
    links = [lk for s, e, d in l_spans if (lk := _link(text, masked, s, e, d, ends)) is not None]
    return templates, links


Searcher = Callable[[str, int, int], "re.Match[str] | None"]
_SPECIAL = re.compile(r"\{\{|\}\}|\[\[|\]\]|\|")
_EQUALS = re.compile(r"\{\{|\}\}|\[\[|\]\]|=")
#: a link target longer than this is no title (MediaWiki's titles are at most 255 bytes; an
#: anchor may follow): such a "link" is text with brackets, and is not cut out for every level
MAX_TARGET = 2048


def _next_top(masked: str, start: int, end: int, ends: dict[int, int], search: Searcher,
              floor: bool = True) -> int:
    """Offset of the first separator (``|`` or ``=``, as ``search`` finds them besides the
    brackets) of ``masked[start:end]`` outside nested ``{{ }}``/``[[ ]]``, or -1.

    A nested item paired by the scan (``ends``: its end by its start) is jumped over whole; an
    unpaired ``{{``/``[[`` hides the separators after it up to the next closing bracket.  With
    ``floor``, a closing bracket with no opener changes nothing; without, it hides what follows
    until an opener makes up for it (how ``=`` has always been looked for).  At the offset found
    the depth is 0, so a search for the next one starts afresh after it.
    """
    depth = 0
    pos = start
    while (m := search(masked, pos, end)) is not None:
        at = m.start()
        c = masked[at]
        if c in "|=":
            if depth == 0:
                return at
            pos = at + 1
            continue
        pos = at + 2
        if c in "{[":
            jump = ends.get(at)
            if jump is not None and jump <= end:
                pos = jump
            else:
                depth += 1
        elif depth or not floor:
            depth -= 1
    return -1


def _split_top(masked: str, start: int, end: int, ends: dict[int, int]) -> list[tuple[int, int]]:
    """Split ``masked[start:end]`` at ``|`` outside nested ``{{ }}``/``[[ ]]`` (see :func:`_next_top`)."""
    parts: list[tuple[int, int]] = []
    seg = start
    search = _SPECIAL.search
    while (at := _next_top(masked, seg, end, ends, search)) >= 0:
        parts.append((seg, at))
        seg = at + 1
    parts.append((seg, end))
    return parts


def _template(text: str, masked: str, start: int, end: int, depth: int, ends: dict[int, int]) -> Template:
    bar = _first_top_bar(masked, start + 2, end - 2, ends)
    raw_name = text[start + 2 : bar]
    return Template(raw_name, start, end, None, depth, (text, masked, bar, ends))


def _first_top_bar(masked: str, start: int, end: int, ends: dict[int, int]) -> int:
    """Offset of the first ``|`` of ``masked[start:end]`` outside nested brackets (``end`` if none)."""
    at = _next_top(masked, start, end, ends, _SPECIAL.search)
    return at if at >= 0 else end


def _params(text: str, masked: str, first: int, end: int, raw_name: str, ends: dict[int, int]) -> list[Param]:
    params: list[Param] = []
    ns = first - len(raw_name)
    if ":" in raw_name and not raw_name.lstrip().startswith(":"):
        # parser function: {{#if: a | b}} — the first argument follows the colon
        head, _, first_arg = raw_name.partition(":")
        if head.strip().startswith("#") or head.strip().isupper():
            params.append(Param("1", first_arg, True, ns + len(head) + 1))
    if first >= end:
        return params
    position = len(params)
    for ps, pe in _split_top(masked, first + 1, end, ends):
        eq = _top_equals(masked, ps, pe, ends)
        if eq >= 0:
            key = " ".join(text[ps:eq].split())
            value_start = eq + 1
            raw_value = text[value_start:pe]
            value = raw_value.strip()
            lead = len(raw_value) - len(raw_value.lstrip())
            params.append(Param(key, value, key.isdigit(), value_start + lead))
        else:
            position += 1
            params.append(Param(str(position), text[ps:pe], True, ps))
    return params


def _top_equals(masked: str, start: int, end: int, ends: dict[int, int]) -> int:
    """Offset of the first ``=`` of ``masked[start:end]`` not inside nested brackets, or -1."""
    return _next_top(masked, start, end, ends, _EQUALS.search, floor=False)


def _link(text: str, masked: str, start: int, end: int, depth: int, ends: dict[int, int]) -> Link | None:
    parts = _split_top(masked, start + 2, end - 2, ends)
    ts, te = parts[0]
    if te - ts > MAX_TARGET:
        return None
    target = text[ts:te].strip()
    if not target or "\n" in target:
        return None
    trail = ""
    if end < len(text) and (m := _TRAIL.match(text, end)):
        trail = m.group(0)
    return Link(target, None, start, end, depth, trail=trail, source=(text, parts[1:]))
