"""Transitive redirects as Spark joins: ``redirects_lang=xx_transitive`` without a driver-side map.

The local engine resolves redirect chains in a dictionary
(:func:`wikikg.pipeline.redirects.resolve_transitive`): ``A → B → C`` gives ``A → C`` and
``B → C``; a chain that ends in a cycle is dropped.  English Wikipedia has ~10 M redirects, more
than a driver should hold, so here the chains are resolved by *pointer jumping* over an RDD of
``source → (pointer, done)``, ``done`` meaning the pointer is not itself a redirect:

* start: each source points at its target;
* each round joins the unresolved sources with the table on their pointer and jumps to the
  pointer's pointer, so after round *k* a source points ``2^k`` hops down its chain, or at the
  chain's end if that is nearer;
* a round that resolves nothing proves that every source left leads into a cycle: if a finite
  chain were left, its member exactly ``2^k + 1`` hops from the end would have been resolved in
  that round.  Those sources are dropped, as the local engine drops them.

So the number of rounds is about log₂ of the longest chain (Wikipedia's bots fix double redirects,
so in practice two or three), each a join of the unresolved sources with the table.

A source redirecting twice (a title present twice in the input) keeps the greatest target, so
that the result does not depend on partitioning; the local engine keeps the last one read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from pyspark import RDD, StorageLevel

from wikikg.rdf import vocab as v
from wikikg.rdf.ntfiles import (
    iri_pairs,
    open_dataset,
)

K = TypeVar("K")


def redirect_pairs(path: str, compress: str) -> Iterator[tuple[str, str]]:
    """``(source, target)`` IRIs of the ``dbo:wikiPageRedirects`` lines of one part file."""
    with open_dataset(Path(path), "rt", compress) as f:
        for s, p, o in iri_pairs(f):
            if p == v.DBO_WIKI_PAGE_REDIRECTS:
                yield s, o


def resolve(pairs: RDD[tuple[K, K]], partitions: int) -> RDD[tuple[K, K]]:
    """``(source, final target)`` for every redirect whose chain ends; cyclic chains left out.

    Every shuffle uses ``partitions`` partitions, and the table is coalesced back to that number
    after each round, so that its partitions do not add up from round to round.
    """
    n = max(1, partitions)
    edges = pairs.reduceByKey(_greatest, n)
    is_source = edges.mapValues(lambda _: True)
    table: RDD[tuple[K, tuple[K, bool]]] = (
        edges.map(lambda st: (st[1], st[0]))
        .leftOuterJoin(is_source, n)
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1] is None)))
    ).persist(StorageLevel.MEMORY_AND_DISK)
    pending = table.filter(lambda kv: not kv[1][1]).count()
    cached = [table]
    while pending:
        todo = table.filter(lambda kv: not kv[1][1]).map(lambda kv: (kv[1][0], kv[0]))  # (pointer, source)
        jumped = todo.join(table, n).map(lambda kv: (kv[1][0], kv[1][1]))  # (source, the pointer's entry)
        table = table.filter(lambda kv: kv[1][1]).union(jumped).coalesce(n).persist(StorageLevel.MEMORY_AND_DISK)
        cached.append(table)
        left = table.filter(lambda kv: not kv[1][1]).count()
        if left == pending:  # nothing resolved: all that is left is cyclic
            break
        pending = left
    for old in cached[:-1]:
        old.unpersist()
    return table.filter(lambda kv: kv[1][1]).mapValues(lambda entry: entry[0])


def _greatest(a: K, b: K) -> K:
    return a if a >= b else b  # type: ignore[operator]
