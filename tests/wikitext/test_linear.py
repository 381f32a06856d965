"""Wikitext work is linear in the input, on the shapes that made it quadratic or worse (issue 13, F4).

Each shape is fed at two sizes, n and 8n; the CPU time of 8n (best of 3) must stay under 16× that
of n — quadratic work would give 64×, while linear work with its constant costs measures 5–9× on
this machine, quiet or busy (at 4n against 8× the margin was too thin on a busy machine).  The shapes imitate what real pages held: a 5 MB page of
nested ``[[a|…]]``, a run of ``[[`` (4.8 kB took 91 s), ``{{{[[{|<ref>`` repeated, nested
templates, closers without openers, unclosed tags and external links.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from wikikg.wikitext.render import to_plain_text
from wikikg.wikitext.scan import Scan

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


def cpu(f: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        f()
        best = min(best, time.process_time() - t)
    return best


def assert_linear(work: Callable[[str], object], shape: Callable[[int], str], n: int) -> None:
    small, large = shape(n), shape(8 * n)
    work(small)  # warm caches (regexes, tables)
    t1 = cpu(lambda: work(small))
    t8 = cpu(lambda: work(large))
    # a floor of 2 ms for the small size: below it the clock's resolution decides the ratio
    assert t8 < 16 * max(t1, 0.002), f"8× the input cost {t8 / max(t1, 1e-9):.1f}× the CPU ({t1:.4f} s → {t8:.4f} s)"


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
