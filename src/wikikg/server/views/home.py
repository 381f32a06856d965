"""``/``: what this store holds — datasets with their triples, languages, counts, example
queries, the most linked resources; ``/downloads/{file}``: the loaded dataset files."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from wikikg.rdf import vocab
from wikikg.server.examples import examples
from wikikg.server.views.errors import error_page, site_of


def home(request: Request) -> Response:
    site = site_of(request)
    hit = site.cache.get(("home",))
    if hit is not None:
        return hit.response(request)
    m = site.store.manifest
    per_dataset: dict[str, dict[str, object]] = defaultdict(lambda: {"triples": 0, "files": []})
    for f in m.files:
        entry = per_dataset[f.dataset]
        entry["triples"] = int(str(entry["triples"])) + f.triples
        entry["files"].append(f)  # type: ignore[attr-defined]
    datasets = sorted(per_dataset.items())
    downloads: dict[str, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for f in m.files:
        seen[f.name] += 1
        n = seen[f.name]
        downloads[f.source] = site.urls.download(f.name) + (f"?n={n}" if n > 1 else "")
    langs: dict[str, int] = defaultdict(int)
    for f in m.files:
        langs[f.lang] += f.triples
    top = [(label, site.urls.describe(iri), refs) for iri, label, refs in site.store.lookup.top(12)]
    html = site.render("home.html", site=site, manifest=m, datasets=datasets, languages=sorted(langs.items()),
                       top=top, downloads=downloads, examples=examples(site.store, site.prefixes), query="",
                       stats=m.stats, types=[(site.prefixes.short(t), site.urls.describe(t), n)
                                             for t, n in m.stats.get("types", []) if t != vocab.OWL_THING][:12])
    return site.cache.put(("home",), html.encode("utf-8"), "text/html; charset=utf-8").response(request, hit=False)


async def download(request: Request) -> Response:
    """A loaded dataset file, by its exact name; nothing outside the store's list is served."""
    site = site_of(request)
    name = request.path_params["name"]
    try:
        n = int(request.query_params.get("n", "1"))
    except ValueError:
        n = 0
    same = [f for f in site.store.manifest.files if f.name == name]
    entry = same[n - 1] if 1 <= n <= len(same) else None
    if entry is None:
        return error_page(request, 404, f"No dataset file named “{name}” was loaded into this store.")
    path = Path(entry.source)
    if not path.is_file():
        return error_page(request, 404, f"{name} was loaded from a folder that is gone.")
    return FileResponse(path, media_type="application/n-triples" if path.suffix == ".nt" else "application/octet-stream",
                        filename=name)


async def health(request: Request) -> Response:
    site = site_of(request)
    return JSONResponse({"status": "ok", "generation": site.store.generation.name,
                         "triples": site.store.manifest.triples,
                         "cache": {"hits": site.cache.hits, "misses": site.cache.misses}})
