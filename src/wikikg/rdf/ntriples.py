"""N-Triples serialisation (RDF 1.1 N-Triples, UTF-8)."""

from __future__ import annotations

from wikikg.rdf.terms import IRI, Literal, Object

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def literal(lit: Literal) -> str:
    r"""One literal in N-Triples syntax.

    >>> literal(Literal('say "hi"\n', lang="en"))
    '"say \\"hi\\"\\n"@en'
    """
    body = '"' + lit.lexical.translate(_ESCAPES) + '"'
    if lit.lang:
        return f"{body}@{lit.lang}"
    if lit.datatype:
        return f"{body}^^<{lit.datatype}>"
    return body


def term(o: Object) -> str:
    if isinstance(o, str):  # an IRI (a plain str counts as one too)
        return f"<{o}>"
    return literal(o)


def line(s: IRI, p: IRI, o: Object) -> str:
    """One N-Triples line, with its newline."""
    return f"<{s}> <{p}> {term(o)} .\n"
