"""SPARQL results written in the W3C formats, row by row, so that large results stream.

* SELECT/ASK: SPARQL 1.1 Query Results JSON (``application/sparql-results+json``), XML
  (``application/sparql-results+xml``), CSV and TSV (``text/csv``, ``text/tab-separated-values``;
  W3C "SPARQL 1.1 Query Results CSV and TSV Formats").  ASK has no CSV/TSV form in the
  recommendations; we write ``true``/``false`` as one value, as Oxigraph and Jena do.
* CONSTRUCT/DESCRIBE: N-Triples, Turtle, JSON-LD, RDF/XML (pyoxigraph's writers, fed triple by
  triple).

Each writer takes the solutions as an iterator and hands ``bytes`` chunks to an ``emit``
callback as it goes; the caller ends the iterator early to enforce a row limit or a deadline,
and the document is still closed properly.  ``note``, asked once the iterator has ended, names
why it was cut (``"rows"``, ``"time"``, ``"bytes"``) or returns ``None``; the writers record it
where the syntax has room and readers ignore it: a top-level ``"truncated"`` member in SPARQL
JSON results, a comment in XML results (``<!-- truncated: rows -->``), Turtle and N-Triples
(``# truncated: rows``).  CSV, TSV, JSON-LD and RDF/XML have no such place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, cast
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from wikikg.rdf import vocab

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = Sequence[Term | None]

_RDF_LANG_STRING = vocab.RDF + "langString"
_RDF_DIR_LANG_STRING = vocab.RDF + "dirLangString"


@dataclass(frozen=True)
class ResultFormat:
    """One results format: its name (``format=`` value), media type and file extension."""

    name: str
    media_type: str
    extension: str
    graph: bool  # True for RDF graph formats (CONSTRUCT/DESCRIBE)


SELECT_FORMATS: dict[str, ResultFormat] = {
    "json": ResultFormat("json", "application/sparql-results+json", "srj", False),
    "xml": ResultFormat("xml", "application/sparql-results+xml", "srx", False),
    "csv": ResultFormat("csv", "text/csv", "csv", False),
    "tsv": ResultFormat("tsv", "text/tab-separated-values", "tsv", False),
}
GRAPH_FORMATS: dict[str, ResultFormat] = {
    "ttl": ResultFormat("ttl", "text/turtle", "ttl", True),
    "nt": ResultFormat("nt", "application/n-triples", "nt", True),
    "jsonld": ResultFormat("jsonld", "application/ld+json", "jsonld", True),
    "rdf": ResultFormat("rdf", "application/rdf+xml", "rdf", True),
}
_RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}


# --- one term in each syntax -----------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text as XML 1.0 character data: ``&<>`` escaped, characters XML forbids dropped.

    >>> xml_text("a < b & c\x0b")
    'a &lt; b &amp; c'
    """
    return escape(_XML_INVALID.sub("", text))


def xml_attr(text: str) -> str:
    return quoteattr(_XML_INVALID.sub("", text))



def json_term(term: Term) -> dict[str, object]:
    """A term as SPARQL JSON results write it.

    >>> json_term(ox.Literal("Berlin", language="de"))
    {'type': 'literal', 'value': 'Berlin', 'xml:lang': 'de'}
    >>> json_term(ox.Literal("3354", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    {'type': 'literal', 'value': '3354', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != vocab.XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": json_term(term.subject),
                                        "predicate": json_term(term.predicate),
                                        "object": json_term(term.object)}}


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={xml_attr(term.language)}>{xml_text(term.value)}</literal>"
        if term.datatype.value != vocab.XSD_STRING:
            return f"<literal datatype={xml_attr(term.datatype.value)}>{xml_text(term.value)}</literal>"
        return f"<literal>{xml_text(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def _csv_field(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    elif isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    else:
        text = str(term)
    if any(c in text for c in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


_TURTLE_SHORT = {
    # datatype: the Turtle token its literals may be written as (Turtle §2.5.2, SPARQL TSV §4)
    vocab.XSD_INTEGER: re.compile(r"[+-]?\d+"),
    vocab.XSD_DECIMAL: re.compile(r"[+-]?\d*\.\d+"),
    vocab.XSD_DOUBLE: re.compile(r"[+-]?(\d+\.\d*[eE][+-]?\d+|\.?\d+[eE][+-]?\d+)"),
    vocab.XSD_BOOLEAN: re.compile(r"true|false"),
}


def _tsv_field(term: Term | None) -> str:
    """TSV writes terms in Turtle syntax — numbers and booleans in their short form — with tabs
    and newlines escaped.

    >>> _tsv_field(ox.Literal("771", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '771'
    """
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not term.language:
        short = _TURTLE_SHORT.get(term.datatype.value)
        if short is not None and short.fullmatch(term.value):
            return term.value
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# --- whole documents ----------------------------------------------------------------------------

Emit = Callable[[bytes], object]
Note = Callable[[], str | None]


def _no_note() -> str | None:
    return None


class _Buffer:
    """Collects text and hands it to ``emit`` in chunks of about ``batch`` bytes."""

    def __init__(self, emit: Emit, batch: int) -> None:
        self.emit = emit
        self.batch = batch
        self.parts: list[str] = []
        self.size = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.batch:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.emit("".join(self.parts).encode("utf-8"))
            self.parts.clear()
            self.size = 0


def write_select(variables: Sequence[str], rows: Iterable[Row], fmt: str, emit: Emit, *,
                 batch: int = 1 << 16, note: Note = _no_note) -> int:
    """Write a SELECT result in ``fmt`` (json, xml, csv, tsv); return the number of rows.

    >>> out = []
    >>> write_select(["x"], iter([[ox.Literal("a")]]), "json", out.append, note=lambda: "rows")
    1
    >>> out[0].decode()
    '{"head":{"vars":["x"]},"results":{"bindings":[{"x": {"type": "literal", "value": "a"}}]},"truncated":"rows"}'
    """
    out = _Buffer(emit, batch)
    n = 0
    if fmt == "json":
        out.add('{"head":{"vars":' + json.dumps(list(variables)) + '},"results":{"bindings":[')
        for row in rows:
            binding = {v: json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            out.add(("," if n else "") + json.dumps(binding, ensure_ascii=False))
            n += 1
        cut = note()
        out.add("]}" + (',"truncated":' + json.dumps(cut) if cut else "") + "}")
    elif fmt == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        out.add('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head><results>\n")
        for row in rows:
            cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                            for v, t in zip(variables, row, strict=True) if t is not None)
            out.add(f"<result>{cells}</result>\n")
            n += 1
        cut = note()
        out.add((f"<!-- truncated: {xml_text(cut)} -->\n" if cut else "") + "</results></sparql>\n")
    elif fmt in ("csv", "tsv"):
        csv = fmt == "csv"
        out.add(",".join(variables) + "\r\n" if csv else "\t".join(f"?{v}" for v in variables) + "\n")
        field = _csv_field if csv else _tsv_field
        end, sep = ("\r\n", ",") if csv else ("\n", "\t")
        for row in rows:
            out.add(sep.join(field(t) for t in row) + end)
            n += 1
    else:
        raise ValueError(f"unknown results format {fmt!r}")
    out.flush()
    return n


def write_boolean(value: bool, fmt: str, emit: Emit) -> None:
    """Write an ASK result in ``fmt``."""
    word = "true" if value else "false"
    if fmt == "json":
        emit(('{"head":{},"boolean":' + word + "}").encode())
    elif fmt == "xml":
        emit(('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
              f"<head></head><boolean>{word}</boolean></sparql>\n").encode())
    elif fmt in ("csv", "tsv"):
        emit((word + ("\r\n" if fmt == "csv" else "\n")).encode())
    else:
        raise ValueError(f"unknown results format {fmt!r}")


class _Sink:
    """A binary file-like object for pyoxigraph's writers that passes output on in batches."""

    def __init__(self, emit: Emit, batch: int) -> None:
        self.emit = emit
        self.batch = batch
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        if self.size >= self.batch:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.parts:
            self.emit(b"".join(self.parts))
            self.parts.clear()
            self.size = 0


def write_graph(triples: Iterable[ox.Triple], fmt: str, emit: Emit, prefixes: dict[str, str] | None = None,
                *, batch: int = 1 << 16, note: Note = _no_note) -> int:
    """Write CONSTRUCT/DESCRIBE triples in ``fmt`` (ttl, nt, jsonld, rdf); return their number.

    N-Triples is written line by line; the other formats by pyoxigraph's writers, which pull
    the triples lazily and write as they go, so the output streams in either case.
    """
    count = 0

    def counted() -> Iterator[ox.Triple]:
        nonlocal count
        for t in triples:
            count += 1
            yield t

    if fmt == "nt":
        out = _Buffer(emit, batch)
        for t in counted():
            out.add(f"{t.subject} {t.predicate} {t.object} .\n")
        if cut := note():
            out.add(f"# truncated: {cut}\n")
        out.flush()
        return count
    if fmt not in _RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}")
    sink = _Sink(emit, batch)
    if prefixes and fmt in ("ttl", "rdf"):
        ox.serialize(counted(), cast(IO[bytes], sink), _RDF_FORMATS[fmt], prefixes=prefixes)
    else:
        ox.serialize(counted(), cast(IO[bytes], sink), _RDF_FORMATS[fmt])
    if fmt == "ttl" and (cut := note()):
        sink.write(f"\n# truncated: {cut}\n".encode())
    sink.flush()
    return count
