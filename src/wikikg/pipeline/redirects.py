"""Transitive redirects: every redirect resolved to the end of its chain, after the pass.

DBpedia's ``redirects_transitive`` dataset: ``A → B → C`` becomes ``A → C`` and ``B → C``;
a redirect that ends in a cycle (``A → B → A``) is dropped, since it leads nowhere.

The walk works on any mappings: dicts for a few redirects, :class:`~wikikg.extsort.DiskMap`
tables for a whole edition (English Wikipedia has ~11 million redirects), so that memory holds one
chain at a time (see :func:`wikikg.pipeline.postprocess.redirect_steps`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from typing import Protocol


class _Marks(Protocol):
    def __contains__(self, key: object, /) -> bool: ...
    def __setitem__(self, key: str, value: str, /) -> None: ...


def resolve_transitive(redirects: Mapping[str, str], final: MutableMapping[str, str] | None = None,
                       cyclic: _Marks | None = None, sources: Iterable[str] | None = None
                       ) -> MutableMapping[str, str]:
    """Map each redirect source to its final target; sources whose chain cycles are left out.

    ``final`` (the result) and ``cyclic`` (the sources known to cycle) are filled as the chains are
    walked; ``sources`` are the keys of ``redirects`` (its iteration unless given).

    >>> sorted(resolve_transitive({"A": "B", "B": "C", "X": "Y", "Y": "X", "Z": "Z"}).items())
    [('A', 'C'), ('B', 'C')]
    """
    if final is None:
        final = {}
    if cyclic is None:
        cyclic = {}
    for start in redirects if sources is None else sources:
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
            for n in chain:
                cyclic[n] = ""
        else:
            for n in chain:
                final[n] = end
    return final
