"""Transitive redirects: every redirect resolved to the end of its chain, after the pass.

DBpedia's ``redirects_transitive`` dataset: ``A → B → C`` becomes ``A → C`` and ``B → C``;
a redirect that ends in a cycle (``A → B → A``) is dropped, since it leads nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping


def resolve_transitive(redirects: Mapping[str, str]) -> dict[str, str]:
    """Map each redirect source to its final target; sources whose chain cycles are left out.

    >>> sorted(resolve_transitive({"A": "B", "B": "C", "X": "Y", "Y": "X", "Z": "Z"}).items())
    [('A', 'C'), ('B', 'C')]
    """
    final: dict[str, str] = {}
    cyclic: set[str] = set()
    for start in redirects:
        if start in final or start in cyclic:
            continue
        chain = [start]
        on_chain = {start}
        node = redirects[start]
        while True:
            if node in final:
                end: str | None = final[node]
                break
            if node in cyclic or node in on_chain:
                end = None
                break
            nxt = redirects.get(node)
            if nxt is None:
                end = node
                break
            chain.append(node)
            on_chain.add(node)
            node = nxt
        if end is None:
            cyclic.update(chain)
        else:
            for n in chain:
                final[n] = end
    return final


def parse_iri_pairs(lines: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """(subject, predicate, object) IRIs of N-Triples lines whose object is an IRI."""
    for ln in lines:
        if not ln.startswith("<"):
            continue
        s_end = ln.find("> <")
        p_end = ln.find("> <", s_end + 3)
        if s_end < 0 or p_end < 0:
            continue
        o_end = ln.rfind(">")
        yield ln[1:s_end], ln[s_end + 3 : p_end], ln[p_end + 3 : o_end]
