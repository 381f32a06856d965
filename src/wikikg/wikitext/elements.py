"""Tags with a body (``<ref>…</ref>``) and bracketed external links, found in one pass.

A regex like ``<ref>(?:.*?</ref>)?`` looks, for every opening tag, for the closing tag in all the
rest of the text: on a page of many unclosed ``<ref>`` that is quadratic.  Here the closing tag
that follows an offset is searched once and remembered (:class:`_Next`), and the openers are
taken left to right, so every character is looked at a bounded number of times.  The matches are
the regexes' own: the first closing tag after the opening one, the first ``>`` ending the tag.

>>> sub_elements("a<ref>x</ref>b<ref name=n/>c<ref>d", opener(["ref"]), lambda m: "_")
'a_b_c_d'
>>> sub_external_links("[http://x.org X] and [http://y [http://z z]", lambda url, label: label or "")
'X and [http://z z'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


class _Next:
    """The first match of ``pattern`` at or after an offset, for offsets asked in increasing order."""

    __slots__ = ("_done", "_match", "pattern", "text")

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.text = text
        self.pattern = pattern
        self._match: re.Match[str] | None = None
        self._done = False

    def at(self, pos: int) -> re.Match[str] | None:
        m = self._match
        if m is not None and m.start() >= pos:
            return m
        if self._done:
            return None
        m = self._match = self.pattern.search(self.text, pos)
        if m is None:
            self._done = True
        return m


@dataclass(slots=True)
class Element:
    """One tag found: its name as written, where it starts and ends, its body (``None``: none)."""

    name: str
    start: int
    end: int
    body: str | None
    self_closing: bool


def opener(names: Iterable[str]) -> re.Pattern[str]:
    """Opening tags ``<name`` of ``names`` (case-insensitive), followed by white space, ``/`` or ``>``."""
    return re.compile(r"<(" + "|".join(names) + r")(?=[\s/>])", re.I)


_GT = re.compile(">")


def elements(text: str, opener: re.Pattern[str], *, body: bool = True, to_end: bool = False) -> Iterable[Element]:
    r"""The tags ``opener`` finds, left to right, not overlapping.

    As ``<(name)(?:\s[^>]*)?(?:/>|>(?:.*?</\1\s*>)?)`` (``re.S | re.I``) matches: the tag ends at
    the first ``>``; ``/>`` closes it; otherwise its body runs to the first ``</name>`` after it, and
    without one the tag stands alone (``to_end``: the body runs to the end of the text, as
    ``.*?(?:</name\s*>|$)`` matches).  ``body=False``: ``/>`` or ``>`` only, no body.
    """
    gt = _Next(text, _GT)
    closers: dict[str, _Next] = {}
    pos = 0
    while (m := opener.search(text, pos)) is not None:
        start = m.start()
        name = m.group(1)
        after = m.end()
        if text[after] == "/" and not text.startswith("/>", after):
            pos = after  # "<ref/ …": no tag
            continue
        g = gt.at(after)
        if g is None:
            return  # no ">" in the rest of the text: no tag can end
        close = g.start()
        if text[close - 1] == "/" and close - 1 >= after:
            yield Element(name, start, close + 1, None, True)
            pos = close + 1
            continue
        end = close + 1
        content: str | None = None
        if body:
            key = name.lower()
            nxt = closers.get(key)
            if nxt is None:
                nxt = closers[key] = _Next(text, re.compile(r"</" + re.escape(key) + r"\s*>", re.I))
            c = nxt.at(end)
            if c is not None:
                content = text[end : c.start()]
                end = c.end()
            elif to_end:
                content = text[end:]
                end = len(text)
        yield Element(name, start, end, content, False)
        pos = end


def sub_elements(text: str, opener: re.Pattern[str], repl: Callable[[Element], str], *, body: bool = True,
                 to_end: bool = False) -> str:
    """``text`` with every tag of :func:`elements` replaced by ``repl(element)``."""
    out: list[str] = []
    pos = 0
    for el in elements(text, opener, body=body, to_end=to_end):
        out.append(text[pos : el.start])
        out.append(repl(el))
        pos = el.end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


# ``\[(?:https?:|ftp:|mailto:|news:|irc:|//)[^\s\[\]<>]*(?:[ \t]+([^\]\n]*))?\]``, without the
# search of every "[http" for a "]" in the rest of its line
_EXT_START = re.compile(r"\[(?:https?:|ftp:|mailto:|news:|irc:|//)[^\s\[\]<>]*")
_CLOSE_OR_EOL = re.compile(r"[\]\n]")
_SPACES = re.compile(r"[ \t]+")


def sub_external_links(text: str, repl: Callable[[str, str | None], str]) -> str:
    """``text`` with every bracketed external link replaced by ``repl(url, label or None)``."""
    stop = _Next(text, _CLOSE_OR_EOL)
    out: list[str] = []
    pos = 0
    search = _EXT_START.search
    at = 0
    while (m := search(text, at)) is not None:
        url_end = m.end()
        c = text[url_end : url_end + 1]
        label: str | None = None
        if c == "]":
            end = url_end + 1
        elif c in (" ", "\t"):
            s = stop.at(url_end)
            if s is None or text[s.start()] != "]":
                at = url_end
                continue
            sp = _SPACES.match(text, url_end)
            assert sp is not None
            label = text[sp.end() : s.start()]
            end = s.end()
        else:
            at = url_end
            continue
        out.append(text[pos : m.start()])
        out.append(repl(text[m.start() + 1 : url_end], label))
        pos = at = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)
