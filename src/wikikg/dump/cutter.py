"""Cutting a dump's decompressed bytes into ``<page>…</page>`` chunks — for the reader of a whole
file (:class:`~wikikg.dump.xml.DumpReader`) and for the readers of its pieces (:mod:`wikikg.dump.pieces`).

Because the page text is XML-escaped, the bytes ``<page>`` and ``</page>`` never occur inside a
page, so the stream is cut at those tags without parsing it; memory is bounded by the largest
page.  The cutter reports three kinds of cut and leaves what to do about them (and how to word
the warning) to its caller:

* :data:`PAGE`: one whole page;
* :data:`UNCLOSED`: a ``<page>`` that never closed before the next ``<page>`` (cut up to it);
* :data:`TRUNCATED`: the stream ended inside a page (its bytes so far; the last cut).

>>> blocks = iter([b"<mediawiki><page><title>A</title></pa", b"ge>\\n<page><title>B</title>",
...                b"<page><title>C</title></page><page><t"])
>>> cut = PageCutter()
>>> def fill() -> bool:
...     block = next(blocks, None)
...     if block is None:
...         return False
...     cut.buf += block
...     return True
>>> [(c.kind, c.offset, c.chunk[:20]) for c in cut.pages(fill)]  # doctest: +NORMALIZE_WHITESPACE
[('page', 11, b'<page><title>A</titl'), ('unclosed', 41, b'<page><title>B</titl'),
 ('page', 63, b'<page><title>C</titl'), ('truncated', 92, b'<page><t')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

PAGE_START = re.compile(rb"<page[\s>]")
PAGE_END = b"</page>"
PAGE = "page"
UNCLOSED = "unclosed"
TRUNCATED = "truncated"


@dataclass(frozen=True)
class Cut:
    kind: str  #: :data:`PAGE`, :data:`UNCLOSED` or :data:`TRUNCATED`
    offset: int  #: of the chunk's first byte, in the stream of blocks
    chunk: bytes


class PageCutter:
    """The bytes not cut yet (``buf``, starting at ``offset`` of the stream) and the cutting.

    ``root_closed`` tells whether ``</mediawiki`` was seen between pages.
    """

    def __init__(self) -> None:
        self.buf = bytearray()
        self.offset = 0
        self.root_closed = False

    @property
    def end(self) -> int:
        """The offset just after the bytes read so far."""
        return self.offset + len(self.buf)

    def consume(self, n: int) -> None:
        del self.buf[:n]
        self.offset += n

    def pages(self, fill: Callable[[], bool]) -> Iterator[Cut]:
        """Cut ``buf`` as ``fill`` appends blocks to it (``fill`` returns ``False`` at the end)."""
        buf = self.buf
        while True:
            m = PAGE_START.search(buf)
            if m is None:
                if b"</mediawiki" in buf:
                    self.root_closed = True
                keep = len(buf) - 6  # a "<page" may be split across blocks
                if keep > 0:
                    self.consume(keep)
                if not fill():
                    return
                continue
            if m.start():
                self.consume(m.start())
            scan = 1
            while True:
                end = buf.find(PAGE_END, scan)
                nxt = PAGE_START.search(buf, 1, end if end >= 0 else len(buf))
                if nxt is not None:  # a <page> that never closed
                    cut = Cut(UNCLOSED, self.offset, bytes(buf[: nxt.start()]))
                    self.consume(nxt.start())
                    yield cut
                    break
                if end >= 0:
                    stop = end + len(PAGE_END)
                    cut = Cut(PAGE, self.offset, bytes(buf[:stop]))
                    self.consume(stop)
                    yield cut
                    break
                scan = max(1, len(buf) - len(PAGE_END))
                if not fill():
                    yield Cut(TRUNCATED, self.offset, bytes(buf))
                    return
