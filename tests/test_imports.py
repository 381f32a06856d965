"""The import graph of ``src/wikikg``: stages import down the data flow only, and no module cycles.

Read with :mod:`ast` from the source (every ``import``, also those inside functions), so a lazy
import that would close a cycle or reach a later stage counts as much as one at the top.  The
stages (see ARCHITECTURE.md): ``dump`` ← ``wikitext`` ← ``values`` / ``ontology`` ← ``extractors``
← ``pipeline`` ← ``spark``; ``rdf`` and ``errors`` are below them all; ``store`` knows only ``rdf``;
``server`` knows ``store`` and ``rdf``, never the extractors or the pipeline; ``cli`` knows all.
``progress`` and ``extsort`` are for every stage.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
#: for everyone: the package's version, the exception types, and two utilities of no stage —
#: progress reporting and the external sort with its on-disk tables
BASE = {"wikikg", "wikikg.errors", "wikikg.progress", "wikikg.extsort"}
#: what each package may import besides itself and ``BASE``
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "progress": set(),
    "extsort": set(),
    "rdf": set(),
    "dump": set(),
    "wikitext": {"dump"},
    "values": {"dump", "wikitext", "rdf", "ontology"},
    "ontology": {"dump", "wikitext", "rdf", "values"},
    "extractors": {"dump", "wikitext", "rdf", "values", "ontology"},
    "pipeline": {"dump", "wikitext", "rdf", "values", "ontology", "extractors"},
    "spark": {"dump", "wikitext", "rdf", "values", "ontology", "extractors", "pipeline"},
    "store": {"rdf"},
    "server": {"store", "rdf"},
    "fetch": {"dump"},
    "cli": {"dump", "wikitext", "rdf", "values", "ontology", "extractors", "pipeline", "spark", "store", "server",
            "fetch"},
    "__main__": {"cli"},
}
#: the one import of ``wikikg.cli`` from below it: the spark-submit driver maps errors as ``wikikg`` does
ENTRY_POINTS = {("wikikg.spark.cli", "wikikg.cli")}


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "wikikg").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The ``wikikg`` modules that module ``name`` imports (``from pkg import mod`` is ``pkg.mod``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("wikikg"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not target.startswith("wikikg"):
                continue
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
            yield from subs
            if len(subs) < len(node.names):
                yield target


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {m for m in imports(name, path, known) if m in known and m != name} for name, path in known.items()}


def stage(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_no_stage_imports_a_later_one() -> None:
    wrong = []
    for name, targets in sorted(graph().items()):
        if name == "wikikg":
            continue
        for target in sorted(targets):
            if target in BASE or stage(target) == stage(name) or (name, target) in ENTRY_POINTS:
                continue
            if stage(target) not in ALLOWED[stage(name)]:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_module_cycles() -> None:
    g = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(g[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    assert cycles == []


def test_the_graph_sees_lazy_imports() -> None:
    # the reader itself: a function-level import counts, and ``from pkg import mod`` is the module
    g = graph()
    assert "wikikg.spark.cli" in g["wikikg.cli.extract"]
    assert "wikikg.values.locales" in g["wikikg.values.dates"]
