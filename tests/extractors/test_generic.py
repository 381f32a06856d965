"""The generic extractors on real pages, against facts read by hand from their wikitext."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import objects, page_wikitext, raw_dump_text, triples

from wikikg.pipeline.run import extract

DBR = "http://dbpedia.org/resource/"
DBO = "http://dbpedia.org/ontology/"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def mini_en(tmp_path_factory: pytest.TempPathFactory, dumps: Path) -> Path:
    out = tmp_path_factory.mktemp("mini_en")
    extract([dumps / "minidumps/enwiki.xml.bz2"], out, extractors=["generic"], progress=False)
    return out


def test_berlin_page_id_and_revision(mini_en: Path) -> None:
    # <title>Berlin</title> <id>3354</id>, revision <id>1058637850</id> in the minidump
    assert objects(mini_en / "page_lang=en_ids.nt.gz", DBR + "Berlin") == [f'"3354"^^<{XSD}integer>']
    assert objects(mini_en / "revisions_lang=en_ids.nt.gz", DBR + "Berlin") == [f'"1058637850"^^<{XSD}integer>']
    assert objects(mini_en / "revisions_lang=en_uris.nt.gz", DBR + "Berlin") == [
        "<https://en.wikipedia.org/wiki/Berlin?oldid=1058637850&ns=0>"]


def test_page_length_counts_characters_of_the_source(mini_en: Path, dumps: Path) -> None:
    text = page_wikitext(raw_dump_text(dumps / "minidumps/enwiki.xml.bz2"), "Berlin")
    assert objects(mini_en / "page_lang=en_length.nt.gz", DBR + "Berlin") == [
        f'"{len(text)}"^^<{XSD}nonNegativeInteger>']


def test_disambiguation_page_lists_its_targets(mini_en: Path) -> None:
    # read by hand from "Food (disambiguation)": 13 distinct article links, {{disambiguation}} at the end
    expected = ["Food", "Food (film)", "Food, Inc.", "Food (band)", "F.O.O.D. (album)", "Food (Kelis album)",
                "Food (Zico Chain album)", "The Food Album", "The Food", "Food Records", "FOOD",
                "List of Off the Air episodes", "Foods (journal)"]
    got = objects(mini_en / "disambiguations_lang=en.nt.gz", DBR + "Food_(disambiguation)")
    assert got == sorted(f"<{DBR}{t.replace(' ', '_')}>" for t in expected)
    # a page that is not a disambiguation page has none
    assert objects(mini_en / "disambiguations_lang=en.nt.gz", DBR + "Berlin") == []


def test_wikilinks_and_outdegree_agree_and_exclude_categories_and_files(mini_en: Path) -> None:
    links = triples(mini_en / "wikilinks_lang=en.nt.gz")
    assert not any("Category:" in o or "/File:" in o or "/Image:" in o for _s, _p, o in links)
    berlin = {o for s, _p, o in links if s == DBR + "Berlin"}
    # hand-read from the Berlin article: [[Germany]], [[Brandenburg]], [[Spree]] are linked
    for t in ("Germany", "Brandenburg", "Spree"):
        assert f"<{DBR}{t}>" in berlin
    assert all("#" not in o for o in berlin), "section anchors are dropped"
    assert objects(mini_en / "page_lang=en_outdegree.nt.gz", DBR + "Berlin") == [
        f'"{len(berlin)}"^^<{XSD}nonNegativeInteger>']


def test_categories_of_berlin(mini_en: Path, dumps: Path) -> None:
    import re

    text = page_wikitext(raw_dump_text(dumps / "minidumps/enwiki.xml.bz2"), "Berlin")
    cats = {m.strip().replace(" ", "_") for m in re.findall(r"\[\[Category:([^\]|]+)", text)}
    got = objects(mini_en / "categories_lang=en_articles.nt.gz", DBR + "Berlin")
    assert got == sorted(f"<{DBR}Category:{c}>" for c in cats) and len(cats) == 10


def test_category_page_is_a_skos_concept(mini_en: Path) -> None:
    skos = triples(mini_en / "categories_lang=en_skos.nt.gz")
    cat = DBR + "Category:Pininfarina"
    assert (cat, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
            "<http://www.w3.org/2004/02/skos/core#Concept>") in skos
    assert (cat, "http://www.w3.org/2004/02/skos/core#prefLabel", '"Pininfarina"@en') in skos
    assert objects(mini_en / "categories_lang=en_labels.nt.gz", cat) == ['"Pininfarina"@en']


def test_homepage_and_logo_of_ikea(mini_en: Path) -> None:
    # | homepage = {{URL|https://about.ikea.com}}<br/>…   | logo = Ikea logo.svg
    assert objects(mini_en / "homepages_lang=en.nt.gz", DBR + "IKEA") == ["<https://about.ikea.com>"]
    fp = "http://commons.wikimedia.org/wiki/Special:FilePath/Ikea_logo.svg"
    img = triples(mini_en / "images_lang=en.nt.gz")
    assert (DBR + "IKEA", "http://xmlns.com/foaf/0.1/depiction", f"<{fp}>") in img
    assert (DBR + "IKEA", DBO + "thumbnail", f"<{fp}?width=300>") in img


def test_wikipedia_links_both_ways(mini_en: Path) -> None:
    wl = triples(mini_en / "wikipedia-links_lang=en.nt.gz")
    url = "https://en.wikipedia.org/wiki/Berlin"
    assert (DBR + "Berlin", "http://xmlns.com/foaf/0.1/isPrimaryTopicOf", f"<{url}>") in wl
    assert (url, "http://xmlns.com/foaf/0.1/primaryTopic", f"<{DBR}Berlin>") in wl
    assert (url, "http://purl.org/dc/elements/1.1/language", '"en"') in wl


def test_iri_escaping_of_real_titles(mini_en: Path) -> None:
    labels = {s for s, _p, _o in triples(mini_en / "labels_lang=en.nt.gz")}
    # "? (film)", "Ren & Stimpy \"Adult Party Cartoon\"", "Ranma ½" are titles in the minidump
    assert DBR + "%3F_(film)" in labels
    assert DBR + "Ren_&_Stimpy_%22Adult_Party_Cartoon%22" in labels
    assert DBR + "Ranma_½" in labels


def test_templates_used(mini_en: Path) -> None:
    got = objects(mini_en / "article-templates_lang=en.nt.gz", DBR + "Food_(disambiguation)")
    assert got == [f"<{DBR}Template:Disambiguation>", f"<{DBR}Template:Wiktionary>"]


def test_external_links_of_a_page(mini_en: Path, dumps: Path) -> None:
    import re

    text = page_wikitext(raw_dump_text(dumps / "minidumps/enwiki.xml.bz2"), "Berlin")
    bracketed = set(re.findall(r"\[(https?://[^\s\]|<>{}]+)", text))
    got = {o.strip("<>") for o in objects(mini_en / "external-links_lang=en.nt.gz", DBR + "Berlin")}
    assert bracketed and {u.replace('"', "%22") for u in bracketed} <= got


def test_other_editions_get_their_namespace_and_language(tmp_path: Path, dumps: Path) -> None:
    extract([dumps / "minidumps/dewiki.xml.bz2"], tmp_path, extractors=["labels", "categories"],
            progress=False)
    labels = triples(tmp_path / "labels_lang=de.nt.gz")
    assert ("http://de.dbpedia.org/resource/Berlin", "http://www.w3.org/2000/01/rdf-schema#label",
            '"Berlin"@de') in labels
    subjects = triples(tmp_path / "categories_lang=de_articles.nt.gz")
    assert subjects and all(o.startswith("<http://de.dbpedia.org/resource/Kategorie:") for _s, _p, o in subjects)


def test_utf16_bulgarian_dump(tmp_path: Path, dumps: Path) -> None:
    import re

    raw = raw_dump_text(dumps / "multi/bgwiki-3pages-utf16.xml.bz2")
    titles = re.findall(r"<title>([^<]+)</title>\s*<ns>0</ns>", raw)
    extract([dumps / "multi/bgwiki-3pages-utf16.xml.bz2"], tmp_path, extractors=["labels"], progress=False)
    got = {o for _s, _p, o in triples(tmp_path / "labels_lang=bg.nt.gz")}
    assert got == {f'"{t}"@bg' for t in titles} and titles


def test_history_export_takes_the_latest_revision(tmp_path: Path, dumps: Path) -> None:
    extract([dumps / "en/enwiki-Pyrus-history-6revisions.xml"], tmp_path, extractors=["revisions"],
            progress=False)
    # the latest of the six <revision>s (2008-09-23) has id 238392911
    assert objects(tmp_path / "revisions_lang=en_ids.nt.gz", DBR + "Pyrus") == [f'"238392911"^^<{XSD}integer>']


def test_fandom_dump_schema_06(tmp_path: Path, dumps: Path) -> None:
    m = extract([dumps / "fandom/beautyandthebeastcwshow_fandom_pages_current.xml.bz2"], tmp_path,
                extractors=["labels", "page-ids", "redirects"], progress=False)
    raw = raw_dump_text(dumps / "fandom/beautyandthebeastcwshow_fandom_pages_current.xml.bz2")
    assert m["pages"]["total"] == raw.count("<page>") == 3209
    assert m["datasets"]["labels_lang=en.nt.gz"]["triples"] == raw.count("<ns>0</ns>")


def test_aawiki_namespaces_from_siteinfo(tmp_path: Path, dumps: Path) -> None:
    raw = raw_dump_text(dumps / "multi/aawiki-2026-meta-current.xml.bz2")
    m = extract([dumps / "multi/aawiki-2026-meta-current.xml.bz2"], tmp_path, extractors=["category-pages"],
                progress=False)
    n_cat = sum(1 for pg in raw.split("<page>")[1:] if "<ns>14</ns>" in pg and "<redirect" not in pg)
    assert m["datasets"]["categories_lang=aa_labels.nt.gz"]["triples"] == n_cat > 0


def test_berlin_coordinates(mini_en: Path) -> None:
    # {{coord|52|31|12|N|13|24|18|E|format=dms|display=inline,title}} → 52.52 N, 13.405 E
    geo = triples(mini_en / "geo-coordinates_lang=en.nt.gz")
    lat = next(o for s, p, o in geo if s == DBR + "Berlin" and p.endswith("#lat"))
    lon = next(o for s, p, o in geo if s == DBR + "Berlin" and p.endswith("#long"))
    assert lat.endswith(f"^^<{XSD}float>") and abs(float(lat.split('"')[1]) - 52.52) < 1e-6
    assert abs(float(lon.split('"')[1]) - 13.405) < 1e-6
    assert (DBR + "Berlin", "http://www.georss.org/georss/point", '"52.52 13.405"') in geo
    assert (DBR + "Berlin", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
            "<http://www.w3.org/2003/01/geo/wgs84_pos#SpatialThing>") in geo


@pytest.mark.slow  # extracts the whole battles dump: 2.3 s
def test_coordinates_south_and_west_are_negative(tmp_path: Path, dumps: Path) -> None:
    extract([dumps / "en/enwiki-2020-battles-546pages.xml.bz2"], tmp_path, extractors=["geo-coordinates"],
            progress=False)
    geo = triples(tmp_path / "geo-coordinates_lang=en.nt.gz")
    points = {s: o for s, p, o in geo if p.endswith("point")}
    # Italian invasion of Egypt: {{Coord|26|N|30|E|display=INLINE,title}}
    assert points[DBR + "Italian_invasion_of_Egypt"] == '"26.0 30.0"'
    # Operation Torch: {{Coord|35.085|-2.029|type:country|display=title}}
    assert points[DBR + "Operation_Torch"] == '"35.085 -2.029"'
    # Battle of Carentan: {{Coord|49|18|18|N|1|14|58|W|…|display=inline,title}}: west is negative
    lat, lon = (float(x) for x in points[DBR + "Battle_of_Carentan"].strip('"').split())
    assert abs(lat - (49 + 18 / 60 + 18 / 3600)) < 1e-5 and abs(lon + (1 + 14 / 60 + 58 / 3600)) < 1e-5
