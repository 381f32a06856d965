"""``wikikg query -s STORE "SPARQL"``: run a query against the store, print the result."""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from wikikg.errors import ConfigError

if TYPE_CHECKING:
    from wikikg.store.sparql import Outcome

FORMATS = ("table", "json", "csv", "tsv", "xml", "ttl", "nt", "jsonld")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("query", help="run a SPARQL query against a store",
                       description="Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) against a store made by "
                                   "`wikikg load`. The usual DBpedia prefixes (dbo:, dbr:, rdfs: …) are predeclared.")
    p.add_argument("sparql", help="the query text, or @FILE to read it from a file, or - for stdin")
    p.add_argument("-s", "--store", type=Path, required=True, help="the store folder")
    p.add_argument("-f", "--format", choices=FORMATS, default=None,
                   help="output format (default: a table on a terminal, else TSV for SELECT and Turtle for graphs)")
    p.add_argument("--max-rows", type=int, default=0, help="stop after this many rows (0: no limit)")
    p.set_defaults(handler=run)


def _text(arg: str) -> str:
    if arg == "-":
        return sys.stdin.read()
    if arg.startswith("@"):
        try:
            return Path(arg[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{arg[1:]}: cannot read the query ({exc.strerror})") from exc
    return arg


def run(args: argparse.Namespace) -> int:
    from wikikg.store.handle import open_store
    from wikikg.store.sparql import Limits, execute

    text = _text(args.sparql)
    store = open_store(args.store)
    fmt = args.format or ("table" if sys.stdout.isatty() else None)
    # the local user owns the store: no byte cap; the shape checks and the SERVICE refusal stay
    limits = Limits(timeout=float("inf"), max_rows=args.max_rows or sys.maxsize, max_bytes=sys.maxsize, memory_mb=0)
    out = sys.stdout.buffer
    if fmt == "table":
        buffer = io.BytesIO()
        outcome = execute(store.rdf, text, select_format="json", graph_format="nt", limits=limits, emit=buffer.write)
        if outcome.kind == "graph":
            out.write(buffer.getvalue())
        else:
            print_table(json.loads(buffer.getvalue()))
        print(f"({outcome.rows} row{'s' if outcome.rows != 1 else ''}, {outcome.seconds:.3f} s)", file=sys.stderr)
        _warn_if_cut(outcome)
        return 0
    select = {"json": "json", "csv": "csv", "tsv": "tsv", "xml": "xml"}.get(fmt or "", "tsv")
    graph = {"ttl": "ttl", "nt": "nt", "jsonld": "jsonld", "xml": "rdf"}.get(fmt or "", "ttl")
    outcome = execute(store.rdf, text, select_format=select, graph_format=graph, limits=limits, emit=out.write)
    out.flush()
    _warn_if_cut(outcome)
    return 0


def _warn_if_cut(outcome: Outcome) -> None:
    if outcome.truncated == "rows":
        print(f"wikikg: warning: the result was cut at {outcome.rows} rows (--max-rows)", file=sys.stderr)
    elif outcome.truncated:
        print(f"wikikg: warning: the result was cut ({outcome.truncated})", file=sys.stderr)


def _cell(value: dict[str, str] | None) -> str:
    if value is None:
        return ""
    if value["type"] == "uri":
        return f"<{value['value']}>"
    if value["type"] == "bnode":
        return f"_:{value['value']}"
    text = value["value"].replace("\n", " ")
    if "xml:lang" in value:
        return f"{text} @{value['xml:lang']}"
    if "datatype" in value:
        return f"{text} ^^{value['datatype'].rsplit('#', 1)[-1]}"
    return text


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal: East Asian wide characters take two.

    >>> _width("Berlin"), _width("ベルリン")
    (6, 8)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _fit(text: str, width: int) -> str:
    """``text`` cut (with …) or padded to ``width`` terminal columns."""
    if _width(text) > width:
        out, used = [], 0
        for ch in text:
            w = _width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - _width(text))


def print_table(doc: dict[str, object]) -> None:
    if "boolean" in doc:
        print("true" if doc["boolean"] else "false")
        return
    head = doc["head"]
    assert isinstance(head, dict)
    columns: list[str] = head["vars"]
    results = doc["results"]
    assert isinstance(results, dict)
    rows = [[_cell(b.get(c)) for c in columns] for b in results["bindings"]]
    width = shutil.get_terminal_size((120, 20)).columns
    widths = [max([_width(c) + 1, *(_width(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    cap = max(12, (width - 3 * len(columns)) // max(1, len(columns)))
    widths = [min(w, cap) for w in widths]

    def line(cells: list[str]) -> str:
        return " | ".join(_fit(c, w) for c, w in zip(cells, widths, strict=True))

    print(line([f"?{c}" for c in columns]))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(line(r))
