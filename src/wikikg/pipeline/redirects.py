"""Transitive redirects: every redirect resolved to the end of its chain, after the pass.

DBpedia's ``redirects_transitive`` dataset: ``A → B → C`` becomes ``A → C`` and ``B → C``;
a redirect that ends in a cycle (``A → B → A``) is dropped, since it leads nowhere.
"""

from __future__ import annotations

from collections.abc import Mapping


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
