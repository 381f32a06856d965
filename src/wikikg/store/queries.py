"""Named queries: what the resource pages and data views ask the store.

All are point lookups on the store's indexes (subject, or object), bounded by the size of one
resource's description; none runs user-supplied SPARQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from wikikg.rdf import vocab

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_DEFAULT = ox.DefaultGraph()
_REDIRECTS = ox.NamedNode(vocab.DBO_WIKI_PAGE_REDIRECTS)

INBOUND_LIMIT = 2000


@dataclass
class Description:
    """A resource's triples: ``outgoing`` (predicate, object) and ``inbound`` (subject, predicate).

    ``inbound_total`` counts every inbound triple; ``inbound`` holds at most the limit asked for.
    """

    iri: str
    outgoing: list[tuple[ox.NamedNode, Term]] = field(default_factory=list)
    inbound: list[tuple[Term, ox.NamedNode]] = field(default_factory=list)
    inbound_total: int = 0

    @property
    def empty(self) -> bool:
        return not self.outgoing and not self.inbound

    def values(self, predicate: str) -> list[Term]:
        return [o for p, o in self.outgoing if p.value == predicate]

    def triples(self) -> Iterator[ox.Triple]:
        s = ox.NamedNode(self.iri)
        for p, o in self.outgoing:
            yield ox.Triple(s, p, o)
        for subj, p in self.inbound:
            if isinstance(subj, ox.NamedNode | ox.BlankNode):
                yield ox.Triple(subj, p, s)


def describe(store: ox.Store, iri: str, *, inbound_limit: int = INBOUND_LIMIT) -> Description:
    """Everything the store says about ``iri``, and (up to ``inbound_limit``) what points at it."""
    node = ox.NamedNode(iri)
    desc = Description(iri)
    desc.outgoing = [(q.predicate, q.object) for q in store.quads_for_pattern(node, None, None, _DEFAULT)]
    inbound = store.quads_for_pattern(None, None, node, _DEFAULT)
    desc.inbound = [(q.subject, q.predicate) for q in islice(inbound, inbound_limit)]
    desc.inbound_total = len(desc.inbound) + sum(1 for _ in inbound)
    return desc


def redirect_target(store: ox.Store, iri: str) -> str | None:
    """Where the redirect ``iri`` leads, followed to the end of its chain; ``None`` if it is none."""
    seen = {iri}
    target = None
    current = iri
    for _ in range(16):
        nxt = next(store.quads_for_pattern(ox.NamedNode(current), _REDIRECTS, None, _DEFAULT), None)
        if nxt is None or not isinstance(nxt.object, ox.NamedNode) or nxt.object.value in seen:
            break
        current = target = nxt.object.value
        seen.add(current)
    return target


def exists(store: ox.Store, iri: str) -> bool:
    """``True`` when ``iri`` is the subject or the object of some triple."""
    node = ox.NamedNode(iri)
    if next(store.quads_for_pattern(node, None, None, _DEFAULT), None) is not None:
        return True
    return next(store.quads_for_pattern(None, None, node, _DEFAULT), None) is not None


def predicate_uses(store: ox.Store, iri: str, limit: int = 10_000) -> int:
    """How many triples use ``iri`` as their predicate (counted up to ``limit``)."""
    return sum(1 for _ in islice(store.quads_for_pattern(None, ox.NamedNode(iri), None, _DEFAULT), limit))


def literals(store: ox.Store, iri: str, predicate: str) -> list[ox.Literal]:
    """The literal values of one property of ``iri``."""
    quads = store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(predicate), None, _DEFAULT)
    return [q.object for q in quads if isinstance(q.object, ox.Literal)]


def objects(store: ox.Store, iri: str, predicate: str) -> list[str]:
    """The IRI values of one property of ``iri``."""
    quads = store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(predicate), None, _DEFAULT)
    return [q.object.value for q in quads if isinstance(q.object, ox.NamedNode)]
