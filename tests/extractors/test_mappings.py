"""The mapping-based datasets on real dumps: types and ontology properties.

Expected values are read by hand from each page's wikitext (quoted beside the assertion) or
counted in the raw XML with plain text search — never taken from the code under test.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from tests.helpers import page_wikitext, raw_dump_text, triples

from wikikg.ontology import Ontology, load_ontology
from wikikg.ontology.units import dimension_of
from wikikg.pipeline.run import extract

DBR = "http://dbpedia.org/resource/"
DBO = "http://dbpedia.org/ontology/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_THING = "http://www.w3.org/2002/07/owl#Thing"
DATASETS = ("instance-types_lang={l}.nt.gz", "instance-types_lang={l}_transitive.nt.gz",
            "mappingbased-literals_lang={l}.nt.gz", "mappingbased-objects_lang={l}.nt.gz",
            "specific-mappingbased-properties_lang={l}.nt.gz", "geo-coordinates-mappingbased_lang={l}.nt.gz")

Triples = set[tuple[str, str, str]]


def _run(out: Path, dump: Path, shared: Path, lang: str | None = None) -> Path:
    extract([dump], out, extractors=["mappings"], lang=lang, progress=False,
            options={"mappings_dir": str(shared / "dbpedia")})
    return out


def _articles(dump_text: str) -> dict[str, str]:
    """Title → wikitext (comments removed) of every main-namespace non-redirect page, by regex."""
    out = {}
    for m in re.finditer(r"<page>(.*?)</page>", dump_text, re.S):
        seg = m.group(1)
        ns = re.search(r"<ns>(\d+)</ns>", seg)
        body = re.search(r"<text[^>]*>(.*?)</text>", seg, re.S)
        if ns is None or ns.group(1) != "0" or "<redirect" in seg or body is None:
            continue
        title = html.unescape(re.search(r"<title>(.*?)</title>", seg).group(1))  # type: ignore[union-attr]
        out[title] = re.sub(r"<!--.*?-->", "", html.unescape(body.group(1)), flags=re.S)
    return out


def _values(ts: Triples, subject: str, prop: str) -> set[str]:
    return {o for s, p, o in ts if s == subject and p == prop}


@pytest.fixture(scope="module")
def ontology(shared: Path) -> Ontology:
    return load_ontology(shared / "dbpedia/ontology")


# --- the battles ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def battles(tmp_path_factory: pytest.TempPathFactory, dumps: Path, shared: Path) -> Path:
    return _run(tmp_path_factory.mktemp("battles"), dumps / "en/enwiki-2020-battles-546pages.xml.bz2", shared)


@pytest.fixture(scope="module")
def battles_text(dumps: Path) -> str:
    return raw_dump_text(dumps / "en/enwiki-2020-battles-546pages.xml.bz2")


@pytest.fixture(scope="module")
def battle_facts(battles: Path) -> Triples:
    return (triples(battles / "mappingbased-literals_lang=en.nt.gz")
            | triples(battles / "mappingbased-objects_lang=en.nt.gz"))


def test_every_dataset_file_is_written_and_loads(battles: Path) -> None:
    listed = json.loads((battles / "manifest.json").read_text())["datasets"]
    for name in DATASETS:
        path = battles / name.format(l="en")
        assert path.name in listed, name
        if not listed[path.name]["triples"]:  # a dataset with no triple has no file
            assert not path.exists(), name
            continue
        assert path.exists(), name
        store = ox.Store()
        import gzip

        with gzip.open(path, "rb") as fh:
            store.load(fh, format=ox.RdfFormat.N_TRIPLES)


def test_every_battle_with_the_infobox_is_a_military_conflict(battles: Path, battles_text: str) -> None:
    pages = _articles(battles_text)
    infobox = re.compile(r"\{\{\s*[Ii]nfobox[ _]+military[ _]+conflict\s*[|}]")
    expected = {DBR + t.replace(" ", "_") for t, text in pages.items() if infobox.search(text)}
    assert len(expected) == 459  # the data README's count
    types = triples(battles / "instance-types_lang=en.nt.gz")
    conflicts = {s for s, p, o in types if o == f"<{DBO}MilitaryConflict>"}
    assert expected <= conflicts
    # the others are the second, third … infobox of one page, each a resource of its own
    for extra in conflicts - expected:
        page, _, _ = extra.partition("__")
        title = page[len(DBR):].replace("_", " ")
        assert len(infobox.findall(pages[title])) >= 2, extra
    # one most specific class per resource
    by_subject = defaultdict(set)
    for s, _p, o in types:
        by_subject[s].add(o)
    assert all(len(v) == 1 for v in by_subject.values())


def test_superclasses_go_to_the_transitive_dataset_without_owl_thing(battles: Path) -> None:
    transitive = triples(battles / "instance-types_lang=en_transitive.nt.gz")
    kursk = {o for s, p, o in transitive if s == DBR + "Battle_of_Kursk" and p == RDF_TYPE}
    # MilitaryConflict ⊑ SocietalEvent ⊑ Event ≡ schema:Event, dul:Event, wikidata:Q1656682
    assert kursk == {f"<{c}>" for c in (DBO + "SocietalEvent", DBO + "Event", "http://schema.org/Event",
                                        "http://www.ontologydesignpatterns.org/ont/dul/DUL.owl#Event",
                                        "http://www.wikidata.org/entity/Q1656682")}
    assert not any(o == f"<{OWL_THING}>" for _s, _p, o in transitive)


def test_battle_of_midway(battle_facts: Triples, battles_text: str) -> None:
    text = page_wikitext(battles_text, "Battle of Midway")
    assert "| date        = 4–7 June 1942" in text
    s = DBR + "Battle_of_Midway"
    assert _values(battle_facts, s, DBO + "date") == {f'"1942-06-04"^^<{XSD}date>'}
    # | place = [[Midway Atoll]]; | partof = the [[Pacific War|Pacific Theater]] of [[World War II]]
    assert _values(battle_facts, s, DBO + "place") == {f"<{DBR}Midway_Atoll>"}
    assert _values(battle_facts, s, DBO + "isPartOfMilitaryConflict") == {f"<{DBR}Pacific_War>"}
    # | result = <!-- … --> American victory
    assert _values(battle_facts, s, DBO + "result") == {'"American victory"'}
    # | combatant1 = {{flagcountry|United States|1912}}  | combatant2 = {{flagcountry|Empire of Japan}}
    assert _values(battle_facts, s, DBO + "combatant") == {'"United States"', '"Empire of Japan"'}
    # | commander1 = {{flagdeco|…}} [[Chester W. Nimitz|Chester Nimitz]] <br> … [[Frank Jack Fletcher|…]] <br>
    #   … [[Raymond A. Spruance|…]]  | commander2 = … [[Isoroku Yamamoto]] <br> … [[Nobutake Kondō]] <br>
    #   … [[Chūichi Nagumo]] <br> … [[Tamon Yamaguchi]]{{KIA}}
    assert _values(battle_facts, s, DBO + "commander") == {f"<{DBR}{t}>" for t in (
        "Chester_W._Nimitz", "Frank_Jack_Fletcher", "Raymond_A._Spruance", "Isoroku_Yamamoto", "Nobutake_Kondō",
        "Chūichi_Nagumo", "Tamon_Yamaguchi")}
    # |casualties1 = 304 killed <br> 3 captured <br> 1 fleet carrier sunk <br> …
    assert {'"304 killed"', '"3 captured"', '"1 fleet carrier sunk"'} <= _values(battle_facts, s, DBO + "causalties")
    assert {'"3 fleet carriers"', '"350 aircraft"'} <= _values(battle_facts, s, DBO + "strength")
    assert _values(battle_facts, s, "http://xmlns.com/foaf/0.1/name") == {'"Battle of Midway"@en'}


def test_battle_of_crete(battle_facts: Triples) -> None:
    s = DBR + "Battle_of_Crete"
    # | date = 20 May – 1 June 1941 (13 days)
    assert _values(battle_facts, s, DBO + "date") == {f'"1941-05-20"^^<{XSD}date>'}
    # | place = [[Crete]], [[Greece]]
    assert _values(battle_facts, s, DBO + "place") == {f"<{DBR}Crete>", f"<{DBR}Greece>"}
    # | commander1 = {{flagicon|Dominion of New Zealand}} [[Bernard Freyberg, 1st Baron Freyberg|Bernard C. Freyberg]]
    # | commander2 = {{flagicon|Nazi Germany}} [[Kurt Student]]<br />{{flagicon|…}} [[Walter Koch (Fallschirmjäger)|…]]
    assert _values(battle_facts, s, DBO + "commander") == {
        f"<{DBR}Bernard_Freyberg,_1st_Baron_Freyberg>", f"<{DBR}Kurt_Student>", f"<{DBR}Walter_Koch_(Fallschirmjäger)>"}
    # | combatant1 = {{flag|United Kingdom}}<br />…<br />{{flag|Australia}}  | combatant2 = {{flagcountry|Nazi Germany}}…
    assert {'"United Kingdom"', '"Australia"', '"Nazi Germany"'} <= _values(battle_facts, s, DBO + "combatant")
    assert _values(battle_facts, s, DBO + "result") == {'"Axis victory"'}


def test_battle_of_kursk(battle_facts: Triples) -> None:
    s = DBR + "Battle_of_Kursk"
    # |date ={{start date|df=yes|1943|7|5}}&nbsp;– {{End date|df=yes|1943|8|23}} (then two bulleted phases)
    assert f'"1943-07-05"^^<{XSD}date>' in _values(battle_facts, s, DBO + "date")
    # | partof = the [[Eastern Front (World War II)|Eastern Front]] of [[World War II]]
    assert _values(battle_facts, s, DBO + "isPartOfMilitaryConflict") == {f"<{DBR}Eastern_Front_(World_War_II)>"}
    # | place = [[Kursk]], [[Kursk Oblast]], [[Russian SFSR]], [[Soviet Union]]
    assert _values(battle_facts, s, DBO + "place") == {f"<{DBR}{t}>" for t in (
        "Kursk", "Kursk_Oblast", "Russian_SFSR", "Soviet_Union")}
    # | commander1 = {{plainlist| * [[Erich von Manstein]] … * [[Otto Dessloch|Otto Deßloch]] …}} (7 and 7 names)
    commanders = _values(battle_facts, s, DBO + "commander")
    assert len(commanders) == 14 and {f"<{DBR}Erich_von_Manstein>", f"<{DBR}Otto_Dessloch>",
                                      f"<{DBR}Georgy_Zhukov>", f"<{DBR}Ivan_Konev>"} <= commanders
    # | casualties1 = {{Bulleted list|… ** 54,182 men{{sfn|…}} …
    assert '"54,182 men"' in _values(battle_facts, s, DBO + "causalties")


def test_infobox_parameters_become_their_properties(battle_facts: Triples, battles_text: str) -> None:
    pages = _articles(battles_text)
    subjects = {p: {s for s, pp, _o in battle_facts if pp == DBO + p} for p in (
        "commander", "combatant", "date", "place", "result", "causalties", "isPartOfMilitaryConflict")}

    def having(param: str, pattern: str) -> set[str]:
        """Pages whose infobox line ``| param = …`` (the first one) matches ``pattern``."""
        rx = re.compile(rf"^\s*\|\s*{param}\s*=(.*)$", re.M)
        out = set()
        for title, text in pages.items():
            start = text.find("nfobox military conflict")
            m = rx.search(text, start) if start >= 0 else None
            if m and re.search(pattern, m.group(1)):
                out.add(DBR + title.replace(" ", "_"))
        return out

    # a linked commander, a linked place, a linked "partof" (not a flag picture) → the property
    link = r"\[\[(?!File:|Image:)"
    assert having("commander1", link) <= subjects["commander"]
    assert having("place", link) <= subjects["place"]
    assert having("partof", link) <= subjects["isPartOfMilitaryConflict"]
    assert having("casualties1", r"\w") <= subjects["causalties"]
    assert having("result", r"[A-Za-z]") <= subjects["result"]
    assert having("combatant1", r"\w") <= subjects["combatant"]
    # a full date ("4–7 June 1942", "20 May – 1 June 1941", {{start date|…|1943|7|5}}) → dbo:date
    full = having("date", r"(?:\d{1,2}\s*(?:–\s*\d{1,2}\s*)?(?:January|February|March|April|May|June|July|August"
                          r"|September|October|November|December),?\s+\d{4}|\{\{\s*[Ss]tart date[^}]*\|\d{4}\|\d+\|\d+)")
    assert len(full) > 300
    assert full <= subjects["date"]


def test_objects_and_literals_follow_the_ranges(battles: Path, ontology: Ontology) -> None:
    for s, p, o in triples(battles / "mappingbased-objects_lang=en.nt.gz"):
        prop = ontology.properties[p]  # type: ignore[index]
        assert prop.is_object and o.startswith("<"), (s, p, o)
    for s, p, o in triples(battles / "mappingbased-literals_lang=en.nt.gz"):
        prop = ontology.properties[p]  # type: ignore[index]
        assert not prop.is_object and not o.startswith("<"), (s, p, o)
        if prop.range == "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString":
            assert o.endswith('"@en')
        elif prop.range == XSD + "string":
            assert o.endswith('"'), "plain strings"
        elif dimension_of(prop.range):
            assert o.endswith(f"^^<{XSD}double>")
        else:
            assert o.endswith(f"^^<{prop.range}>")
        assert o != '""', "never an empty literal"


# --- people, companies and places of the minidumps ------------------------------------------------
@pytest.fixture(scope="module")
def mini_en(tmp_path_factory: pytest.TempPathFactory, dumps: Path, shared: Path) -> Path:
    return _run(tmp_path_factory.mktemp("mini_en"), dumps / "minidumps/enwiki.xml.bz2", shared, "en")


@pytest.mark.parametrize(("title", "direct", "superclass"), [
    ("Angela_Merkel", "Politician", "Person"),       # {{Infobox officeholder → Politician
    ("IKEA", "Company", "Organisation"),             # {{Infobox company (no banking industry) → Company
    ("IBM", "Company", "Agent"),
    ("Samsung", "Company", "Organisation"),
    ("Berlin", "City", "Place"),                     # {{Infobox German state (city-state) → City
    ("Atlantic_Ocean", "BodyOfWater", "Place"),      # {{Infobox ocean → BodyOfWater
    ("Arthur_Schopenhauer", "Philosopher", "Person"),  # {{Infobox philosopher
])
def test_minidump_resources_get_their_classes(mini_en: Path, title: str, direct: str, superclass: str) -> None:
    direct_types = {o for s, p, o in triples(mini_en / "instance-types_lang=en.nt.gz") if s == DBR + title}
    assert direct_types == {f"<{DBO}{direct}>"}
    transitive = {o for s, p, o in triples(mini_en / "instance-types_lang=en_transitive.nt.gz") if s == DBR + title}
    assert f"<{DBO}{superclass}>" in transitive


def test_angela_merkel(mini_en: Path, dumps: Path) -> None:
    text = page_wikitext(raw_dump_text(dumps / "minidumps/enwiki.xml.bz2"), "Angela Merkel")
    facts = triples(mini_en / "mappingbased-literals_lang=en.nt.gz") | triples(mini_en / "mappingbased-objects_lang=en.nt.gz")
    s = DBR + "Angela_Merkel"
    assert re.search(r"\| birth_date\s+= \{\{birth date and age\|1954\|7\|17\|df=y\}\}", text)
    assert _values(facts, s, DBO + "birthDate") == {f'"1954-07-17"^^<{XSD}date>'}
    # | birth_place = [[Hamburg]], [[West Germany]]
    assert _values(facts, s, DBO + "birthPlace") == {f"<{DBR}Hamburg>", f"<{DBR}West_Germany>"}
    # | spouse = {{plainlist| * … * {{marriage|[[Joachim Sauer]]|1998}} }}
    assert f"<{DBR}Joachim_Sauer>" in _values(facts, s, DBO + "spouse")
    # {{Infobox officeholder | office = [[Chancellor of Germany]] | term_start = 22 November 2005
    #   | predecessor = [[Gerhard Schröder]] | successor = [[Olaf Scholz]] — an intermediate Tenure node
    tenures = _values(facts, s, DBO + "termPeriod")
    first = next(t for t in tenures if t.endswith("__Tenure__1>"))[1:-1]
    assert _values(facts, first, DBO + "office") == {'"Chancellor of Germany"'}
    assert _values(facts, first, DBO + "start") == {f'"2005-11-22"^^<{XSD}date>'}
    assert _values(facts, first, DBO + "predecessor") == {f"<{DBR}Gerhard_Schröder>"}
    types = triples(mini_en / "instance-types_lang=en.nt.gz")
    assert (first, RDF_TYPE, f"<{DBO}Tenure>") in types


# --- other editions ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def itwiki(tmp_path_factory: pytest.TempPathFactory, dumps: Path, shared: Path) -> Path:
    return _run(tmp_path_factory.mktemp("it"), dumps / "multi/itwiki-2013-747pages.xml.gz", shared)


def test_italian_bio_pages_are_people(itwiki: Path, dumps: Path, ontology: Ontology) -> None:
    pages = _articles(raw_dump_text(dumps / "multi/itwiki-2013-747pages.xml.gz"))
    bio = {"http://it.dbpedia.org/resource/" + t.replace(" ", "_") for t, text in pages.items()
           if re.search(r"\{\{\s*Bio\s*\|", text)}
    assert len(bio) > 30
    types = {s: o for s, p, o in triples(itwiki / "instance-types_lang=it.nt.gz")}
    for s in bio:
        assert s in types, s
        assert ontology.is_subclass(types[s][1:-1], DBO + "Person"), (s, types[s])  # type: ignore[arg-type]


def test_an_italian_comune(itwiki: Path, dumps: Path) -> None:
    text = page_wikitext(raw_dump_text(dumps / "multi/itwiki-2013-747pages.xml.gz"), "Agropoli")
    # |Latitudine gradi=40 |Latitudine minuti=21 |Latitudine secondi=30 |Latitudine NS=N
    # |Longitudine gradi=14 |Longitudine minuti=59 |Longitudine secondi=0 |Longitudine EW=E
    # |Superficie=32.51 (Mapping it:Divisione amministrativa: unit = squareKilometre) |Altitudine=24 (metre)
    for line in ("|Latitudine minuti=21", "|Longitudine minuti=59", "|Superficie=32.51", "|Altitudine=24"):
        assert line in text
    s = "http://it.dbpedia.org/resource/Agropoli"
    geo = triples(itwiki / "geo-coordinates-mappingbased_lang=it.nt.gz")
    lat = next(o for ss, p, o in geo if ss == s and p.endswith("#lat"))
    lon = next(o for ss, p, o in geo if ss == s and p.endswith("#long"))
    assert float(lat.split('"')[1]) == pytest.approx(40 + 21 / 60 + 30 / 3600)
    assert float(lon.split('"')[1]) == pytest.approx(14 + 59 / 60)
    literals = triples(itwiki / "mappingbased-literals_lang=it.nt.gz")
    area = _values(literals, s, DBO + "area")
    assert len(area) == 1 and float(area.pop().split('"')[1]) == pytest.approx(32.51e6)  # m², the standard unit
    assert _values(literals, s, DBO + "elevation") == {f'"24.0"^^<{XSD}double>'}
    specific = triples(itwiki / "specific-mappingbased-properties_lang=it.nt.gz")
    assert _values(specific, s, DBO + "PopulatedPlace/area") == {
        '"32.51"^^<http://dbpedia.org/datatype/squareKilometre>'}


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, dumps: Path, shared: Path) -> Callable[[str, str], Path]:
    """The output of one minidump, extracted once per module (the minidumps carry an enwiki
    <siteinfo>: the language is given)."""
    runs: dict[str, Path] = {}

    def get(dump: str, lang: str) -> Path:
        if dump not in runs:
            runs[dump] = _run(tmp_path_factory.mktemp(lang), dumps / dump, shared, lang)
        return runs[dump]

    return get


@pytest.mark.parametrize(("dump", "lang", "title", "cls"), [
    ("minidumps/dewiki.xml.bz2", "de", "Arthur_Schopenhauer", "Person"),   # {{Personendaten …
    ("minidumps/frwiki.xml.bz2", "fr", "Antoine_Meillet", "Person"),       # {{Infobox Biographie2
    ("minidumps/frwiki.xml.bz2", "fr", "Autriche", "Country"),             # {{Infobox Pays
    ("minidumps/nlwiki.xml.bz2", "nl", "Arthur_Schopenhauer", "Philosopher"),
])
def test_other_editions_run_their_own_mappings(edition: Callable[[str, str], Path], dump: str, lang: str,
                                               title: str, cls: str) -> None:
    out = edition(dump, lang)
    s = f"http://{lang}.dbpedia.org/resource/{title}"
    assert (s, RDF_TYPE, f"<{DBO}{cls}>") in triples(out / f"instance-types_lang={lang}.nt.gz")


def test_french_country_values(edition: Callable[[str, str], Path], dumps: Path) -> None:
    text = page_wikitext(raw_dump_text(dumps / "minidumps/frwiki.xml.bz2"), "Autriche")
    out = edition("minidumps/frwiki.xml.bz2", "fr")
    facts = triples(out / "mappingbased-objects_lang=fr.nt.gz") | triples(out / "mappingbased-literals_lang=fr.nt.gz")
    s = "http://fr.dbpedia.org/resource/Autriche"
    # | capitale = [[Vienne (Autriche)|Vienne]]
    m = re.search(r"\|\s*capitale\s*=\s*\[\[([^|\]]+)", text)
    assert m is not None
    assert _values(facts, s, DBO + "capital") == {f"<http://fr.dbpedia.org/resource/{m.group(1).replace(' ', '_')}>"}


def test_the_type_check_after_the_pass_keeps_the_battles_objects(battles: Path, shared: Path, tmp_path: Path) -> None:
    import shutil

    from wikikg.extractors.mappings import MappingExtractor

    for name in ("instance-types_lang=en.nt.gz", "mappingbased-objects_lang=en.nt.gz"):
        shutil.copy(battles / name, tmp_path / name)
    before = triples(tmp_path / "mappingbased-objects_lang=en.nt.gz")
    counts = MappingExtractor.finish(tmp_path, "en", "gz", {"mappings_dir": str(shared / "dbpedia")})
    # no battle links a commander to a typed non-person or a place to a person
    assert counts == {"mappingbased-objects_lang=en.nt.gz": len(before)}
    assert triples(tmp_path / "mappingbased-objects_lang=en.nt.gz") == before
