"""Reading and parsing a value is linear in the value, on the shapes that were not (issue 13, F4).

2.4 kB of ``[[`` in an infobox value took 44.6 s.  Each shape runs at n and 8n characters; the
CPU time of 8n must stay under 32× that of n (quadratic work gives 64×; see
:func:`tests.helpers.assert_linear`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests import helpers
from wikikg.values.durations import parse_duration
from wikikg.values.parse import parse_number, parse_quantity, parse_value
from wikikg.values.reading import reading_text
from wikikg.values.split import split_items

pytestmark = pytest.mark.slow  # work at two sizes, seconds of CPU per shape: the whole suite runs it, `make quick` does not

SHAPES: dict[str, Callable[[int], str]] = {
    "run of [[ in a value": lambda n: "[[Nazi Germany|Germany]] " + "[[" * (n // 2) + " [[France]]",
    "nested links": lambda n: "[[a|" * (n // 6) + "x" + "]]" * (n // 6),
    "{{{[[{|<ref>": lambda n: "{{{[[{|<ref>" * (n // 12),
    "nested templates": lambda n: "{{nowrap|" * (n // 11) + "5 km" + "}}" * (n // 11),
    "unbalanced closers": lambda n: "1944 ]]}}}|}" * (n // 12),
    "many decorations": lambda n: "{{flagicon|France}} " * (n // 20) + "{{start date|1944|6|6}}",
    "unclosed refs": lambda n: "12 <ref name=a>x " * (n // 17),
    "nested list templates": lambda n: "{{ubl|a|" * (n // 8) + "x" + "}}" * (n // 8),
    "digits and spaces": lambda n: "1 " * (n // 2),
}


def assert_linear(work: Callable[[str], object], shape: Callable[[int], str], n: int) -> None:
    helpers.assert_linear(work, shape(n), shape(8 * n))


@pytest.mark.parametrize("name", list(SHAPES))
def test_reading_text_is_linear(name: str) -> None:
    assert_linear(lambda text: reading_text(text, "en"), SHAPES[name], 5_000)


@pytest.mark.parametrize("name", list(SHAPES))
def test_parse_value_is_linear(name: str) -> None:
    assert_linear(lambda text: parse_value(text, "en", key="result"), SHAPES[name], 5_000)


@pytest.mark.parametrize("name", list(SHAPES))
def test_a_lenient_quantity_is_linear(name: str) -> None:
    """The mappings read a quantity leniently: the first number with a unit anywhere in the value."""
    assert_linear(lambda text: parse_quantity(text, "en", strict=False), SHAPES[name], 5_000)


@pytest.mark.parametrize("name", ["nested list templates", "bullets of links"])
def test_split_items_is_linear(name: str) -> None:
    """The items of a value (line breaks, bullets, list templates in list templates)."""
    shapes = {**SHAPES, "bullets of links": lambda n: "\n* [[a]] 1944" * (n // 13)}
    assert_linear(lambda text: split_items(text, "en"), shapes[name], 5_000)


@pytest.mark.parametrize("name", list(SHAPES))
def test_a_lenient_number_is_linear(name: str) -> None:
    """... and a number: the first one anywhere in the value."""
    assert_linear(lambda text: parse_number(text, "en", strict=False), SHAPES[name], 5_000)


def test_a_number_of_5000_digits_is_no_number_and_no_exception() -> None:
    assert parse_number("1" * 5_000, "en") is None and parse_value("1" * 5_000, "en")[0].datatype is None


def test_a_run_of_brackets_keeps_the_value() -> None:
    """The link before a run of unclosed ``[[`` is still read (the run is text, not links)."""
    assert reading_text("[[Nazi Germany|Germany]] " + "[[" * 2_400, "en").startswith("Germany")


def test_a_duration_of_40_digits_is_a_value_not_an_exception() -> None:
    lit = parse_duration("9" * 40 + " s", "en")
    assert lit is not None and lit.lexical.startswith("P115740740740740740740740740740740740D")
