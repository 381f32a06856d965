"""Objects only where the range allows them: DBpedia's type-consistency check of mapped objects.

An infobox may link a commander's name to a page about a battle, or a place to a person.  After
the extraction, when the types of all resources are known, DBpedia (``TypeConsistencyCheck.scala``,
extraction-framework/scripts) sorts every ``mappingbased-objects`` triple by the types of its ends:

* the object's most specific class is **disjoint** with the property's range (``owl:disjointWith``
  between any of their related classes) → ``mappingbased-objects_disjointRange``;
* the subject's class is disjoint with the property's domain → ``mappingbased-objects_disjointDomain``;
* otherwise — the types fit, are merely different, or are unknown — the triple stays in
  ``mappingbased-objects``.

This module is the check on N-Triples lines (:func:`split_objects`) and its application to the
dataset files of one edition after the pass (:func:`clean_object_files`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from wikikg.ontology.model import Ontology
from wikikg.rdf import vocab
from wikikg.rdf.ntfiles import compression_of, iri_triple, open_dataset
from wikikg.rdf.terms import IRI

OBJECTS = "mappingbased-objects"
DISJOINT_RANGE = "mappingbased-objects_disjointRange"
DISJOINT_DOMAIN = "mappingbased-objects_disjointDomain"

def resource_types(ontology: Ontology, type_lines: Iterable[str]) -> dict[str, IRI]:
    """Subject → its most specific known class, from ``instance-types`` N-Triples lines
    (``TypeConsistencyCheck.computeType``: a later class replaces an earlier one it specialises)."""
    types: dict[str, IRI] = {}
    for s, cls in typed_subjects(ontology, type_lines):
        known = types.get(s)
        if known is None or ontology.is_subclass(cls, known):
            types[s] = cls
    return types


def typed_subjects(ontology: Ontology, type_lines: Iterable[str]) -> Iterator[tuple[str, IRI]]:
    """``(subject, class)`` of the ``rdf:type`` lines whose class the ontology knows, in order."""
    for line in type_lines:
        t = iri_triple(line)
        if t is None or t[1] != vocab.RDF_TYPE:
            continue
        cls = IRI(t[2])
        if cls in ontology.classes:
            yield t[0], cls


def most_specific(ontology: Ontology, grouped: Iterable[tuple[str, IRI]]) -> Iterator[tuple[str, str]]:
    """:func:`resource_types` over ``(subject, class)`` pairs where each subject's pairs are
    consecutive (sorted by subject, stably): one ``(subject, class)`` per subject, in order, so
    that nothing but one subject's classes is held."""
    subject: str | None = None
    best: IRI | None = None
    for s, cls in grouped:
        if s != subject:
            if subject is not None and best is not None:
                yield subject, best
            subject, best = s, cls
        elif best is None or ontology.is_subclass(cls, best):
            best = cls
    if subject is not None and best is not None:
        yield subject, best


def verdict(ontology: Ontology, types: Mapping[str, str], s: str, p: str, o: str) -> tuple[str, ...]:
    """The datasets a mapped object triple belongs in: ``(OBJECTS,)`` or the disjoint variant(s)."""
    prop = ontology.properties.get(IRI(p))
    if prop is None:
        return (OBJECTS,)
    out: list[str] = []
    found = types.get(o)
    obj_cls = IRI(found) if found is not None else None
    if (obj_cls is not None and prop.range != vocab.OWL_THING and prop.range in ontology.classes
            and not ontology.is_subclass(obj_cls, prop.range) and ontology.disjoint(obj_cls, prop.range)):
        out.append(DISJOINT_RANGE)
    found = types.get(s)
    subj_cls = IRI(found) if found is not None else None
    if (subj_cls is not None and prop.domain != vocab.OWL_THING
            and not ontology.is_subclass(subj_cls, prop.domain) and ontology.disjoint(subj_cls, prop.domain)):
        out.append(DISJOINT_DOMAIN)
    return tuple(out) or (OBJECTS,)


def split_objects(ontology: Ontology, type_lines: Iterable[str], object_lines: Iterable[str],
                  types: Mapping[str, str] | None = None) -> Iterator[tuple[str, str]]:
    """``(dataset key, line)`` for every line of ``mappingbased-objects``: where it belongs.

    ``types`` (subject → most specific class) is computed from ``type_lines`` in memory unless given;
    :func:`clean_object_files` gives an on-disk table instead, so memory stays bounded.

    >>> from wikikg.ontology.model import OntologyClass, OntologyProperty
    >>> D = vocab.DBO
    >>> thing = OntologyClass(vocab.OWL_THING, "owl:Thing")
    >>> person = OntologyClass(IRI(D + "Person"), "Person", (thing.iri,), disjoint_with=(IRI(D + "Place"),))
    >>> place = OntologyClass(IRI(D + "Place"), "Place", (thing.iri,))
    >>> commander = OntologyProperty(IRI(D + "commander"), "commander", True, thing.iri, person.iri)
    >>> o = Ontology([thing, person, place], [commander], [])
    >>> types = [f"<{vocab.DBR}Kursk> <{vocab.RDF_TYPE}> <{D}Place> ."]
    >>> lines = [f"<{vocab.DBR}Battle> <{D}commander> <{vocab.DBR}Kursk> .",
    ...          f"<{vocab.DBR}Battle> <{D}commander> <{vocab.DBR}Zhukov> ."]
    >>> [key for key, _ in split_objects(o, types, lines)]
    ['mappingbased-objects_disjointRange', 'mappingbased-objects']
    """
    if types is None:
        types = resource_types(ontology, type_lines)
    for line in object_lines:
        t = iri_triple(line)
        if t is None:
            yield OBJECTS, line
            continue
        for key in verdict(ontology, types, *t):
            yield key, line


def clean_object_files(ontology: Ontology, types: Path, objects: Path, disjoint_range: Path,
                       disjoint_domain: Path, budget_bytes: int | None = None) -> dict[str, int]:
    """Rewrite the ``objects`` file (N-Triples, ``.gz``/``.bz2``/plain as its name says) keeping the
    consistent triples, and write the disjoint ones to their files; return triples per file name.

    The types of the edition's resources go through an on-disk table
    (:class:`~wikikg.extsort.DiskMap`, filled from the type lines sorted by subject), so
    memory holds one subject's classes and ``budget_bytes`` of sort runs and page cache.  The
    ``objects`` file is replaced atomically; a file with no triple is not written (the ``objects``
    file is removed when every triple went elsewhere).
    """
    from wikikg import extsort
    from wikikg.progress import Step

    if not objects.exists():
        return {}
    size = budget_bytes or extsort.budget()
    counts = {objects.name: 0, disjoint_range.name: 0, disjoint_domain.name: 0}
    targets = {OBJECTS: objects, DISJOINT_RANGE: disjoint_range, DISJOINT_DOMAIN: disjoint_domain}
    temporary = {key: path.with_name(f".{path.name}.part") for key, path in targets.items()}
    with (extsort.disk_errors(f"type check of {objects.name}"), extsort.TempDir(objects.parent) as tmp,
          ExitStack() as stack):
        table = extsort.DiskMap(tmp, "types", size // 2)
        stack.callback(table.close)
        if types.exists():
            with Step(f"type check: reading {types.name}") as step:
                pairs = (f"{s} {cls}\n" for s, cls in typed_subjects(ontology, step.track(_read_lines(types))))
                ordered = extsort.sort_lines(pairs, tmp, budget_bytes=size, key=_first_word)
            with Step(f"type check: table of {types.name}", "types") as step:
                table.load(most_specific(ontology, ((ln[: ln.index(" ")], IRI(ln[ln.index(" ") + 1 : -1]))
                                                    for ln in step.track(ordered))))
        outs: dict[str, IO[str]] = {}
        with Step(f"type check: {objects.name}") as step:
            for key, line in split_objects(ontology, (), step.track(_read_lines(objects)), table):
                out = outs.get(key)
                if out is None:
                    out = outs[key] = stack.enter_context(_open_write(temporary[key]))
                out.write(line + "\n")
                counts[targets[key].name] += 1
    for key, tmp_path in temporary.items():
        if tmp_path.exists():
            os.replace(tmp_path, targets[key])
        elif key == OBJECTS:
            objects.unlink()  # every triple went elsewhere
    return {name: n for name, n in counts.items() if n or name == objects.name}


def _first_word(ln: str) -> str:
    return ln[: ln.index(" ")]


def _read_lines(path: Path) -> Iterator[str]:
    with open_dataset(path, "rt") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line:
                yield line


def _open_write(path: Path) -> IO[str]:
    """A file of ours written under a temporary ``….part`` name: compressed as the final name says."""
    return open_dataset(path, "wt", compression_of(path.name.removesuffix(".part")))
