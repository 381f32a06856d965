"""A graph built once per test run from real dumps, shared by the store, server and browser tests.

The real pipeline extracts (all extractors, DBpedia's mappings from ``../shared/data/dbpedia``):

* ``battles``: enwiki-2020-battles-546pages (WW2 battles with {{Infobox military conflict}});
* ``sample``: the enwiki 2016 sample (Anarchism, Afghanistan, Alabama … and 100 redirects);
* ``slice``: the enwiki 2019 slice (a title with double quotes: Anthony "Tuba Fats" Lacen);
* ``multi``: the DBpedia minidumps en, de, fr, ar, ja, ru with enwiki's langlinks for Berlin —
  Berlin in six languages, canonicalized onto the English resource; the English minidump also
  has "? (film)" and "`Abdu'l-Bahá".

and ``wikikg load`` puts the four folders into one store.  Under pytest-xdist the workers share
one build (a file lock in the run's common temporary folder).
"""

from __future__ import annotations

import fcntl
import json
from dataclasses import dataclass
from pathlib import Path

from wikikg.pipeline.run import extract
from wikikg.store import load

MINIDUMPS = ("enwiki", "dewiki", "frwiki", "arwiki", "jawiki", "ruwiki")


@dataclass(frozen=True)
class Graph:
    root: Path
    outs: dict[str, Path]
    store: Path
    dumps: dict[str, Path]


def _sources(shared: Path) -> dict[str, list[Path]]:
    d = shared / "dumps"
    return {
        "battles": [d / "en" / "enwiki-2020-battles-546pages.xml.bz2"],
        "sample": [d / "en" / "enwiki-2016-sample-206pages.xml.bz2"],
        "slice": [d / "en" / "enwiki-2019-slice-196pages.xml.bz2"],
        "multi": [d / "minidumps" / f"{name}.xml.bz2" for name in MINIDUMPS],
    }


def build(shared: Path, root: Path) -> Graph:
    """Extract and load the test graph under ``root`` unless a previous caller did."""
    root.mkdir(parents=True, exist_ok=True)
    sources = _sources(shared)
    outs = {name: root / f"out-{name}" for name in sources}
    store = root / "store"
    dumps = {name: paths[0] for name, paths in sources.items()}
    done = root / "graph-ready.json"
    with open(root / "graph.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            options = {"mappings_dir": str(shared / "dbpedia")}
            for name, paths in sources.items():
                opts = dict(options)
                if name == "multi":
                    opts["langlinks"] = [str(shared / "sql" / "enwiki-Berlin-langlinks.sql.gz")]
                extract(paths, outs[name], options=opts, progress=False, jobs=2 if name == "battles" else 1)
            load(list(outs.values()), store)
            done.write_text(json.dumps({"store": str(store)}))
    return Graph(root, outs, store, dumps)


def seal(folder: Path) -> None:
    """Write (or rewrite) the ``manifest.json`` of a folder whose dataset files a test wrote or
    changed by hand, as ``wikikg extract`` would have: each file with its triples, size and SHA-1."""
    from wikikg.rdf.ntfiles import open_dataset
    from wikikg.rdf.outfolder import is_dataset_name, sha1_of

    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    datasets = {}
    for f in sorted(folder.iterdir()):
        if f.is_file() and is_dataset_name(f.name):
            with open_dataset(f) as fh:
                triples = sum(1 for line in fh if line.strip())
            datasets[f.name] = {"triples": triples, "bytes": f.stat().st_size, "sha1": sha1_of(f)}
    manifest["datasets"] = datasets
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
