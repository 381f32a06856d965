"""`wikikg extract` end to end on real dumps: files, manifest, validity, errors, parallelism."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from tests.helpers import raw_dump_text, read_nt, triples

from wikikg.cli import main
from wikikg.pipeline.run import extract

GENERIC_FILES = [
    "labels_lang=en.nt.gz", "page_lang=en_ids.nt.gz", "page_lang=en_length.nt.gz", "page_lang=en_outdegree.nt.gz",
    "revisions_lang=en_ids.nt.gz", "revisions_lang=en_uris.nt.gz", "wikipedia-links_lang=en.nt.gz",
    "wikilinks_lang=en.nt.gz", "external-links_lang=en.nt.gz", "redirects_lang=en.nt.gz",
    "redirects_lang=en_transitive.nt.gz", "disambiguations_lang=en.nt.gz", "categories_lang=en_articles.nt.gz",
    "categories_lang=en_labels.nt.gz", "categories_lang=en_skos.nt.gz", "article-templates_lang=en.nt.gz",
    "geo-coordinates_lang=en.nt.gz", "images_lang=en.nt.gz", "homepages_lang=en.nt.gz",
]


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory: pytest.TempPathFactory, dumps: Path) -> Path:
    out = tmp_path_factory.mktemp("sample")
    assert main(["extract", str(dumps / "en/enwiki-2016-sample-206pages.xml.bz2"), "-o", str(out),
                 "--extractors", "generic", "--no-progress"]) == 0
    return out


def test_every_generic_dataset_is_listed_and_has_a_file_when_it_has_triples(sample_out: Path) -> None:
    names = {p.name for p in sample_out.iterdir()}
    listed = json.loads((sample_out / "manifest.json").read_text())["datasets"]
    assert set(GENERIC_FILES) <= set(listed)
    assert [n for n in GENERIC_FILES if listed[n]["triples"] and n not in names] == []
    # the sample's 206 pages hold no category page: no category label, no SKOS, and no empty file
    assert [n for n, e in listed.items() if not e["triples"]] == ["categories_lang=en_labels.nt.gz",
                                                                  "categories_lang=en_skos.nt.gz"]
    assert not {"categories_lang=en_labels.nt.gz", "categories_lang=en_skos.nt.gz"} & names
    # only the run's locks stay (a lock file must outlive the runs it serialises)
    assert {n for n in names if n.startswith(".")} == {".wikikg.lock", ".wikikg.publish.lock"}, \
        "the partial folder must be gone"


def test_manifest_counts_pages_and_triples(sample_out: Path, dumps: Path) -> None:
    m = json.loads((sample_out / "manifest.json").read_text())
    raw = raw_dump_text(dumps / "en/enwiki-2016-sample-206pages.xml.bz2")
    assert m["pages"]["total"] == raw.count("<page>") == 206
    assert len(re.findall(r"<redirect ", raw)) == 100
    main_ns_redirects = sum(1 for pg in raw.split("<page>")[1:] if "<ns>0</ns>" in pg and "<redirect " in pg)
    assert m["pages"]["redirects"] == main_ns_redirects
    assert m["pages"]["redirects"] + m["pages"]["articles"] + m["pages"]["other-namespaces"] == 206
    assert m["languages"] == ["en"]
    inp = m["inputs"][0]
    assert inp["sha1"] == hashlib.sha1((dumps / "en" / "enwiki-2016-sample-206pages.xml.bz2").read_bytes()).hexdigest()
    assert inp["lang"] == "en"
    assert {"python", "lxml", "mwparserfromhell", "pyoxigraph"} <= set(m["software"])
    assert m["wall_seconds"] > 0
    for name, d in m["datasets"].items():
        assert d["triples"] == len(read_nt(sample_out / name)), name
    assert m["triples"] == sum(d["triples"] for d in m["datasets"].values())


@pytest.mark.parametrize("name", GENERIC_FILES)
def test_files_load_unchanged_in_pyoxigraph_and_rdflib(sample_out: Path, name: str) -> None:
    text = "\n".join(read_nt(sample_out / name))
    store = pyoxigraph.Store()
    store.load(text.encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    assert len(store) == len(set(read_nt(sample_out / name)))
    g = rdflib.Graph()
    g.parse(data=text, format="nt")
    assert len(g) == len(store)


def test_labels_and_ids_follow_the_dump(sample_out: Path, dumps: Path) -> None:
    raw = raw_dump_text(dumps / "en/enwiki-2016-sample-206pages.xml.bz2")
    ids = re.findall(r"<title>([^<]+)</title>\s*<ns>0</ns>\s*<id>(\d+)</id>", raw)
    got = {(s, o) for s, _p, o in triples(sample_out / "page_lang=en_ids.nt.gz")}
    for title, page_id in ids:
        iri = "http://dbpedia.org/resource/" + title.replace(" ", "_").replace("&amp;", "&")
        assert (iri, f'"{page_id}"^^<http://www.w3.org/2001/XMLSchema#integer>') in got, title
    labels = triples(sample_out / "labels_lang=en.nt.gz")
    assert ("http://dbpedia.org/resource/Anarchism", "http://www.w3.org/2000/01/rdf-schema#label",
            '"Anarchism"@en') in labels


def test_transitive_redirects_end_at_non_redirects(sample_out: Path) -> None:
    direct = {s: o.strip("<>") for s, _p, o in triples(sample_out / "redirects_lang=en.nt.gz")}
    trans = {s: o.strip("<>") for s, _p, o in triples(sample_out / "redirects_lang=en_transitive.nt.gz")}
    assert set(trans) <= set(direct) and len(direct) > 0
    for s, final in trans.items():
        assert final not in direct, f"{s} → {final} is itself a redirect"


def test_links_to_redirects_point_at_the_redirects_target(sample_out: Path, dumps: Path) -> None:
    """As in DBpedia's published files, an object that is a redirect page is replaced by the end of
    its chain: "Affirming the consequent" links [[argument form|form]], and the sample's page
    "Argument form" is #REDIRECT [[Logical form]] (both read in the dump)."""
    raw = raw_dump_text(dumps / "en/enwiki-2016-sample-206pages.xml.bz2")
    redirect_pages = {m.group(1).replace(" ", "_") for m in re.finditer(
        r"<title>([^<]*)</title>\s*<ns>0</ns>\s*<id>\d+</id>\s*<redirect ", raw)}
    assert "Argument_form" in redirect_pages and len(redirect_pages) == 99
    links = triples(sample_out / "wikilinks_lang=en.nt.gz")
    subject = "http://dbpedia.org/resource/Affirming_the_consequent"
    objects = {o.strip("<>") for s, _p, o in links if s == subject}
    assert "http://dbpedia.org/resource/Logical_form" in objects
    assert "http://dbpedia.org/resource/Argument_form" not in objects
    for name in ("wikilinks_lang=en.nt.gz", "categories_lang=en_articles.nt.gz", "disambiguations_lang=en.nt.gz"):
        lines = read_nt(sample_out / name)
        assert len(lines) == len(set(lines)), name  # each triple once
        for s, _p, o in triples(sample_out / name):
            assert o.strip("<>").removeprefix("http://dbpedia.org/resource/") not in redirect_pages, (name, s, o)
    m = json.loads((sample_out / "manifest.json").read_text())
    assert m["datasets"]["wikilinks_lang=en.nt.gz"]["triples"] == len(read_nt(sample_out / "wikilinks_lang=en.nt.gz"))


@pytest.mark.slow  # the whole battles dump, two runs: 3.4 s
def test_jobs_do_not_change_the_triples(tmp_path: Path, dumps: Path) -> None:
    dump = dumps / "en/enwiki-2020-battles-546pages.xml.bz2"
    one = extract([dump], tmp_path / "j1", extractors=["generic"], jobs=1, progress=False)
    two = extract([dump], tmp_path / "j2", extractors=["generic"], jobs=2, progress=False)
    # the same triples per file (the bytes differ: the parts are joined in another order)
    assert {n: d["triples"] for n, d in one["datasets"].items()} == {n: d["triples"] for n, d in two["datasets"].items()}
    for name in one["datasets"]:
        assert triples(tmp_path / "j1" / name) == triples(tmp_path / "j2" / name), name


@pytest.mark.parametrize("compress,suffix", [("bz2", ".nt.bz2"), ("none", ".nt")])
def test_compression_choice(tmp_path: Path, dumps: Path, compress: str, suffix: str) -> None:
    extract([dumps / "en/enwiki-3pages.xml.bz2"], tmp_path, extractors=["labels"], compress=compress,
            progress=False)
    f = tmp_path / f"labels_lang=en{suffix}"
    assert f.exists() and len(read_nt(f)) == 3


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wikikg", *args], capture_output=True, text=True, timeout=120)


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    r = _cli("extract", str(tmp_path / "nope.xml.bz2"), "-o", str(tmp_path / "o"))
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_unknown_extractor_is_one_line_and_exit_2(tmp_path: Path, dumps: Path) -> None:
    r = _cli("extract", str(dumps / "en/enwiki-3pages.xml.bz2"), "-o", str(tmp_path), "--extractors", "labelz")
    assert r.returncode == 2 and "unknown extractor 'labelz'" in r.stderr and "Traceback" not in r.stderr


def test_not_a_dump_is_one_line_and_exit_2(tmp_path: Path, shared: Path) -> None:
    r = _cli("extract", str(shared / "README.md"), "-o", str(tmp_path))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("wikikg: ") and r.stderr.strip().count("\n") == 0


def test_truncated_dump_keeps_complete_pages_and_warns(tmp_path: Path, dumps: Path) -> None:
    dump = dumps / "truncated/ukwiki-20230501-truncated.xml.xz"
    r = _cli("extract", str(dump), "-o", str(tmp_path), "--extractors", "labels,page-ids", "--no-progress")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    m = json.loads((tmp_path / "manifest.json").read_text())
    raw = raw_dump_text(dump)
    assert m["pages"]["total"] == raw.count("</page>")
    warnings = m["inputs"][0]["warnings"]
    assert any(re.search(r"offset \d+", w) or re.search(r"byte \d+", w) for w in warnings), warnings
    assert re.search(r"(offset|byte) \d+", r.stderr)


@pytest.mark.slow  # extracts the whole battles dump: 2.1 s
def test_vocabulary_datasets_state_each_triple_once(tmp_path: Path, dumps: Path) -> None:
    # every battle page's infobox declares dbp:commander …; the definitions file says it once
    m = extract([dumps / "en/enwiki-2020-battles-546pages.xml.bz2"], tmp_path, extractors=["infobox-properties"],
                progress=False)
    lines = read_nt(tmp_path / "infobox-property-definitions_lang=en.nt.gz")
    assert len(lines) == len(set(lines)) == m["datasets"]["infobox-property-definitions_lang=en.nt.gz"]["triples"]
    assert '<http://dbpedia.org/property/commander> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ' \
           '<http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> .' in lines


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_broken_page_costs_only_that_page(tmp_path: Path, jobs: int) -> None:
    """Hand-written, imitating a pages-articles dump: page 2 has a stray '<' in its text; in the
    parallel run it is parsed by a worker, which must skip it and report it like the reader does."""
    import gzip

    def page(n: int, body: str = "text") -> str:
        return (f"<page><title>P{n}</title><ns>0</ns><id>{n}</id><revision><id>{100 + n}</id>"
                f"<timestamp>2020-01-01T00:00:00Z</timestamp><model>wikitext</model>"
                f'<text xml:space="preserve">{body}</text></revision></page>\n')

    xml = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">\n'
           + page(1) + page(2, "a < b") + page(3) + "</mediawiki>\n")
    dump = tmp_path / "enwiki-broken.xml.gz"
    dump.write_bytes(gzip.compress(xml.encode()))
    m = extract([dump], tmp_path / "out", extractors=["labels"], jobs=jobs, progress=False)
    labels = {o for _s, _p, o in triples(tmp_path / "out" / "labels_lang=en.nt.gz")}
    assert labels == {'"P1"@en', '"P3"@en'}
    assert m["pages"]["total"] == 2 and m["inputs"][0]["pages_skipped"] == 1
    assert any("'P2'" in w and "malformed" in w for w in m["inputs"][0]["warnings"])
