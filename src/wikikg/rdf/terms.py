"""RDF terms and statements, as light as Python allows.

An :class:`IRI` is a ``str`` (already a valid IRI: the minter in :mod:`wikikg.rdf.iri` is the one
place that escapes), a :class:`Literal` a small record.  A :class:`Statement` carries the
:class:`~wikikg.rdf.datasets.Dataset` it belongs to; the sink routes it to that dataset's file.
"""

from __future__ import annotations

from typing import NamedTuple

from wikikg.rdf.datasets import Dataset


class IRI(str):
    """An absolute IRI, valid for N-Triples as it is."""

    __slots__ = ()


class Literal(NamedTuple):
    """A literal: lexical form plus either a datatype IRI or a language tag (never both)."""

    lexical: str
    datatype: str | None = None
    lang: str | None = None


Object = IRI | Literal


class Statement(NamedTuple):
    """One triple, and the dataset (e.g. :data:`~wikikg.rdf.datasets.LABELS`) it is written to."""

    dataset: Dataset
    subject: IRI
    predicate: IRI
    object: Object
