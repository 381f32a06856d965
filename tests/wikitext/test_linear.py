"""Wikitext work is linear in the input, on the shapes that made it quadratic or worse (issue 13, F4).

Each shape is fed at two sizes, n and 8n; the CPU time of 8n must stay under 32× that of n (quadratic
work gives 64×; see :func:`tests.helpers.assert_linear`).  The shapes imitate what real pages held: a 5 MB page of
nested ``[[a|…]]``, a run of ``[[`` (4.8 kB took 91 s), ``{{{[[{|<ref>`` repeated, nested
templates, closers without openers, unclosed tags and external links.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests import helpers

from wikikg.wikitext.render import to_plain_text
from wikikg.wikitext.scan import Scan

pytestmark = pytest.mark.slow  # work at two sizes, seconds of CPU per shape: the whole suite runs it, `make quick` does not

# each shape: n → text of about n characters (tens of kB, so that the work dominates overheads)
SHAPES: dict[str, Callable[[int], str]] = {
    "nested links": lambda n: "[[a|" * (n // 6) + "x" + "]]" * (n // 6),
    "nested labels": lambda n: "[[a|b " * (n // 8) + "]]" * (n // 8),
    "run of [[": lambda n: "lead " + "[[" * (n // 2) + " text [[a]] and [[b|c]] ]] ]]",
    "{{{[[{|<ref>": lambda n: "{{{[[{|<ref>" * (n // 12),
    "nested templates": lambda n: "{{a|" * (n // 6) + "x" + "}}" * (n // 6),
    "nested named args": lambda n: "{{a|k=" * (n // 8) + "x" + "}}" * (n // 8),
    "unbalanced closers": lambda n: "]]}}}|}" * (n // 7),
    "unclosed tags": lambda n: "<ref name=a>x <nowiki>y <div class=z>" * (n // 36),
    "external links": lambda n: "[http://example.org/a b " * (n // 24),
    "comments and refs": lambda n: "<!-- a <ref>b" * (n // 13),
}


def assert_linear(work: Callable[[str], object], shape: Callable[[int], str], n: int) -> None:
    helpers.assert_linear(work, shape(n), shape(8 * n))


@pytest.mark.parametrize("name", list(SHAPES))
def test_scan_is_linear(name: str) -> None:
    def work(text: str) -> object:
        # what every page pays for: the pairing, every template's name, every link's target
        s = Scan.of(text)
        return [t.name for t in s.templates], [lk.target for lk in s.links]

    assert_linear(work, SHAPES[name], 20_000)


@pytest.mark.parametrize("name", list(SHAPES))
def test_plain_text_is_linear(name: str) -> None:
    assert_linear(lambda text: to_plain_text(text, lang="en"), SHAPES[name], 5_000)


def test_deep_nesting_renders_without_recursion_error() -> None:
    """A link nested 5,000 deep renders (deeper than MAX_NESTING is dropped) and keeps its text around."""
    text = "Before " + "[[a|" * 5_000 + "x" + "]]" * 5_000 + " after."
    assert to_plain_text(text, lang="en") == "Before after."
