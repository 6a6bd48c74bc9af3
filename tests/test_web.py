"""kg.web: the data behind the pages (entity, document, search, figures compared), the IRI mapping, and the HTML
they render, on a store of several documents built together."""

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from kg.cli import main
from kg.documents import slugify
from kg.ingest import build_documents
from kg.paths import sources_dir
from kg.store import open_store
from kg.web import data
from kg.web.iris import IriMapping
from kg.web.render import Site, graph_data, highlight_segments, json_for_script

ARTICLES = Path(__file__).resolve().parent.parent / "notebooks" / "articles"
ID = "https://w3id.org/kg-news/id/"
KUTCHER = ID + "person/ashton-kutcher"
FOUNDING_SENTENCE = "In 2012, Kutcher and then-wife Demi Moore co-founded Thorn: Digital Defenders of Children."


@pytest.fixture(scope="module")
def multi_store(tmp_path_factory):
    """The bundled Thorn article and the three example articles of notebooks/articles, built together."""
    store = open_store(tmp_path_factory.mktemp("web") / "store")
    report = build_documents([sources_dir(), ARTICLES], store)
    assert sorted(report.built) == ["lantern-project-audit.txt", "lantern-project-launch.txt",
                                    "thorn-figures-brief.txt", "thorn-kutcher.txt"], report.failed
    yield store
    store.close()


@pytest.fixture(scope="module")
def run(multi_store):
    return data.store_runner(multi_store)


# --- IRIs and paths ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("base", "path"), [
    (None, "/id/"),
    ("https://w3id.org/kg-news/id/", "/id/"),
    ("https://news.example.org/kg/id/", "/kg/id/"),
    ("https://news.example.org/", "/id/"),
    ("urn:example:data:", "/id/"),
])
def test_mapping_path_follows_the_base(base, path):
    assert IriMapping.for_base(base).path == path


def test_mapping_round_trip_and_refusals():
    mapping = IriMapping.for_base()
    assert mapping.path_of(KUTCHER) == "/id/person/ashton-kutcher"
    assert mapping.path_of(ID + "document/thorn-kutcher#char=253,343") == "/id/document/thorn-kutcher#char=253,343"
    assert mapping.path_of("https://example.org/person/x") is None
    assert mapping.iri_of("/id/fact/thorn-kutcher/founding-thorn") == ID + "fact/thorn-kutcher/founding-thorn"
    # A slug of a name with no ASCII form is percent-encoded in the IRI; ASGI servers decode the path.
    assert mapping.iri_of("/id/person/中村") == ID + "person/" + slugify("中村") == ID + "person/%E4%B8%AD%E6%9D%91"
    for bad in ("/id/person/", "/id/person", "/id/nope/x", "/id/person/../../etc", "/id/person/a b",
                "/id/person/<x>", "/other/person/x"):
        assert mapping.iri_of(bad) is None, bad
    custom = IriMapping.for_base("https://news.example.org/kg/id/")
    assert custom.path_of("https://news.example.org/kg/id/person/x") == "/kg/id/person/x"
    assert custom.iri_of("/kg/id/person/x") == "https://news.example.org/kg/id/person/x"
    assert IriMapping.for_base(path="data").path == "/data/"


# --- entity pages --------------------------------------------------------------------------------------------


def test_entity_page_of_kutcher_across_documents(run):
    entity = data.entity_page(run, KUTCHER)
    assert (entity.name, entity.type, entity.aliases) == ("Ashton Kutcher", "Person", ["Kutcher"])
    groups = {kind: [fact.label for fact in facts] for kind, _, facts in entity.groups()}
    assert list(groups) == ["FoundingEvent", "Marriage", "Testimony", "Interview", "Quote"]
    assert groups["FoundingEvent"] == ["founding of Thorn", "founding of Thorn (2012)"]
    assert groups["Testimony"] == ["testimony of Ashton Kutcher before Congress (2017)"]
    assert entity.fact_count == 9
    # The documents that state his facts or mention him: the audit only mentions him.
    assert [(iri.rsplit("/", 1)[1], mentions) for iri, _, mentions in entity.documents] == [
        ("thorn-kutcher", 5), ("lantern-project-audit", 1), ("thorn-figures-brief", 1)]
    assert [(fact.year, fact.label) for fact in entity.timeline()] == [
        (2012, "founding of Thorn (2012)"), (2017, "testimony of Ashton Kutcher before Congress (2017)")]


def test_fact_carries_links_provenance_and_its_sentence(run):
    entity = data.entity_page(run, KUTCHER)
    founding = next(f for f in entity.facts if f.label == "founding of Thorn (2012)")
    assert founding.kind == "FoundingEvent" and founding.roles == ["foundedBy"]
    assert [(link.role, link.label, link.type) for link in founding.links] == [
        ("foundedBy", "Ashton Kutcher", "Person"), ("foundedBy", "Demi Moore", "Person"),
        ("organizationFounded", "Thorn", "Organization")]
    assert (founding.year, founding.method, float(founding.confidence)) == (2012, "curated", 1.0)
    [sentence] = founding.evidence
    assert (sentence.before, sentence.marked, sentence.after) == ("", FOUNDING_SENTENCE, "")
    assert (sentence.document, sentence.begin, sentence.end) == (ID + "document/thorn-kutcher", 253, 343)
    marriage = next(f for f in entity.facts if f.kind == "Marriage")
    [sentence] = marriage.evidence
    assert (sentence.before, sentence.marked, sentence.after) == (
        "In 2012, ", "Kutcher and then-wife Demi Moore", " co-founded Thorn: Digital Defenders of Children.")
    assert marriage.values == {"former": [True]}


def test_unknown_entity_is_none(run):
    assert data.entity_page(run, ID + "person/nobody") is None
    assert data.document_page(run, ID + "document/nothing") is None
    assert data.resource_page(run, ID + "fact/x/y") is None


def test_resource_page_of_a_measure_and_a_fact(run):
    measure = data.resource_page(run, ID + "variable/families-housed")
    assert (measure.label, measure.type) == ("families housed", "StatisticalVariable")
    assert sorted(link.label for link in measure.incoming) == ["fewer than 900 families housed",
                                                              "more than 1,200 families housed"]
    fact = data.resource_page(run, ID + "fact/thorn-kutcher/founding-thorn")
    assert fact.type == "FoundingEvent"
    assert fact.fact.evidence[0].marked == FOUNDING_SENTENCE


# --- search --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("KUTCH", [("Ashton Kutcher", "Kutcher")]),
    ("raman", [("Priya Raman", "Raman")]),
    ("  thorn ", [("Thorn", "Thorn")]),
    ("lantern", [("Lantern Project", "Lantern Project")]),
    ("committee", [("City Council Housing Committee", "City Council Housing Committee")]),
    # Exact matches first, then names starting with the text, then a word of a name or alias, then the rest.
    ("c", [("City Comptroller", "City Comptroller"), ("City Council Housing Committee", "City Council Housing Committee"),
           ("Congress", "Congress"), ("Thorn", "Digital Defenders of Children"), ("Ashton Kutcher", "Ashton Kutcher"),
           ("Lantern Project", "Lantern Project")]),
    ('x" } ; DROP ALL ; #', []),
    ("", []),
])
def test_search_names_and_aliases(run, text, expected):
    assert [(hit.name, hit.matched) for hit in data.search(run, text)] == expected


def test_search_limit_keeps_the_best_ranked(run):
    everything = [(hit.name, hit.matched) for hit in data.search(run, "c")]
    for limit in (1, 3, 4, 6):
        assert [(hit.name, hit.matched) for hit in data.search(run, "c", limit=limit)] == everything[:limit]


P = "https://w3id.org/kg-news/ontology#Person"
O = "https://w3id.org/kg-news/ontology#Organization"
LEGISLATURE = "https://w3id.org/kg-news/ontology#LegislativeBody"


def _index():
    return data.LabelIndex([
        ("e:ana", P, "Ana Lima", None), ("e:ana", P, "Ana Lima", "A. Lima"),
        ("e:lim", P, "Lima", None),
        ("e:bob", P, "Bob O’Lima-Sá", "Bobby"),
        ("e:sen", O, "U.S. Senate", "Senate"), ("e:sen", LEGISLATURE, "U.S. Senate", "Senate"),
        ("e:cal", P, "Calima Reyes", None),
        ("e:xyz", P, "Xavier", "  "),
    ])


@pytest.mark.parametrize(("text", "expected"), [
    # equal, then starting with the text, then a word starting with it (after a space, dash, quote or dot), then
    # containing it; alphabetically by name within a rank
    ("lima", ["e:lim Lima", "e:ana Ana Lima", "e:bob Bob O’Lima-Sá", "e:cal Calima Reyes"]),
    ("LIM", ["e:lim Lima", "e:ana Ana Lima", "e:bob Bob O’Lima-Sá", "e:cal Calima Reyes"]),
    ("a. l", ["e:ana A. Lima"]),
    ("o'lima", ["e:bob Bob O’Lima-Sá"]),
    ("sá", ["e:bob Bob O’Lima-Sá"]),
    ("senate", ["e:sen Senate"]),
    ("s. sen", ["e:sen U.S. Senate"]),
    ("b", ["e:bob Bob O’Lima-Sá"]),
    ("a", ["e:ana Ana Lima", "e:bob Bob O’Lima-Sá", "e:cal Calima Reyes", "e:lim Lima", "e:sen U.S. Senate",
           "e:xyz Xavier"]),
    ("e", ["e:cal Calima Reyes", "e:sen U.S. Senate", "e:xyz Xavier"]),
    ("q", []),
    ("  ", []),
])
def test_label_index_ranks(text, expected):
    assert [f"{hit.iri} {hit.matched}" for hit in _index().search(text)] == expected


def test_label_index_limits_early_and_names_types():
    index = _index()
    assert len(index) == 9 and index.entity_count == 6  # a blank alias is no label
    assert [hit.iri for hit in index.search("a", limit=2)] == ["e:ana", "e:bob"]
    assert [hit.iri for hit in index.search("li", limit=2)] == ["e:lim", "e:ana"]
    [senate] = index.search("senate")
    assert (senate.name, senate.type, senate.matched) == ("U.S. Senate", "LegislativeBody", "Senate")
    assert index.search("a", limit=0) == []


def test_search_is_bound_as_a_term_not_pasted(run, multi_store):
    before = multi_store.count()
    assert data.search(run, '") || true || ("') == []
    assert multi_store.count() == before


# --- figures compared ----------------------------------------------------------------------------------------


def test_figures_compared_named_query(multi_store, capsys):
    assert main(["query", "figures-compared", "--store", str(multi_store.path), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert [(row["aboutName"]["value"], row["surfaceForm"]["value"], row["qualifier"]["value"],
             row.get("low", {}).get("value"), row.get("high", {}).get("value"), row["conflict"]["value"],
             row["document"]["value"].rsplit("/", 1)[1]) for row in rows] == [
        ("Lantern Project", "fewer than 900", "less_than", None, "900", "true", "lantern-project-audit"),
        ("Lantern Project", "more than 1,200", "more_than", "1200", None, "true", "lantern-project-launch"),
        ("Thorn", "more than 6,000", "more_than", "6000", None, "true", "thorn-figures-brief"),
        ("Thorn", "nearly 6,000", "nearly", None, "6000", "true", "thorn-kutcher"),
        ("Thorn", "at least 6,000", "at_least", "6000", None, "false", "thorn-figures-brief"),
        ("Thorn", "over 6,600", "more_than", "6600", None, "false", "thorn-kutcher")]
    assert {"aboutName", "measure", "value", "qualifier", "document", "conflict"} <= set(rows[0])


def test_figures_compared_flags_intervals_that_cannot_both_hold(run):
    figures = data.figures_compared(run)
    table = [(f.about_name, f.measure, f.surface, f.interval, f.year, f.document.rsplit("/", 1)[1], f.conflict,
              f.conflicts_with) for f in figures]
    assert table == [
        ("Lantern Project", "families housed", "fewer than 900", "(−∞, 900)", 2019, "lantern-project-audit", True,
         ("more than 1,200",)),
        ("Lantern Project", "families housed", "more than 1,200", "(1,200, ∞)", 2019, "lantern-project-launch", True,
         ("fewer than 900",)),
        # "nearly 6,000" lies below 6,000 and "more than 6,000" above it: both for 2017, they cannot both hold.
        ("Thorn", "child sex trafficking victims identified", "more than 6,000", "(6,000, ∞)", 2017,
         "thorn-figures-brief", True, ("nearly 6,000",)),
        ("Thorn", "child sex trafficking victims identified", "nearly 6,000", "(−∞, 6,000)", 2017, "thorn-kutcher",
         True, ("more than 6,000",)),
        # "at least 6,000" and "over 6,600" overlap: no conflict.
        ("Thorn", "perpetrators identified", "at least 6,000", "[6,000, ∞)", None, "thorn-figures-brief", False, ()),
        ("Thorn", "perpetrators identified", "over 6,600", "(6,600, ∞)", None, "thorn-kutcher", False, ()),
    ]
    assert [f.qualifier for f in figures] == ["less_than", "more_than", "more_than", "nearly", "at_least", "more_than"]


def test_figures_of_one_subject_bind_every_sub_query(run):
    text = data.figures_query(ID + "organization/lantern-project")
    assert text.count("VALUES ?about { <https://w3id.org/kg-news/id/organization/lantern-project> }") == 4
    scoped = data.figures_compared(run, about=ID + "organization/lantern-project")
    assert scoped == [f for f in data.figures_compared(run) if f.about_name == "Lantern Project"]


@pytest.mark.parametrize(("year", "other_year", "conflict"), [(2019, 2019, True), (2019, 2018, False),
                                                              (None, 2018, True)])
def test_figures_of_different_years_never_conflict(tmp_path, year, other_year, conflict):
    """Two figures whose intervals are disjoint conflict only when their years agree or one is unknown."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, surface, hedge, value, stat_year in (("a", "more than 50", "more_than", 50, year),
                                                   ("b", "fewer than 10", "less_than", 10, other_year)):
        text = f"Acme Trust reported {surface} wells dug.\n"
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        start = text.index(surface)
        statistic = {"id": "stat", "value": value, "surface": surface, "hedge": hedge, "measure": "wells dug",
                     "about": "acme", "evidence": [{"begin": start, "end": start + len(surface), "text": surface}]}
        if stat_year is not None:
            statistic["year"] = stat_year
        facts = {"format": "kg-facts", "version": 1, "document": f"{name}.txt",
                 "entities": [{"id": "acme", "type": "Organization", "name": "Acme Trust",
                               "mentions": [{"begin": 0, "end": 10, "text": "Acme Trust"}]}],
                 "statistics": [statistic]}
        (folder / f"{name}.facts.json").write_text(json.dumps(facts), encoding="utf-8")
    with open_store(tmp_path / "store") as store:
        build_documents([folder], store)
        figures = data.figures_compared(data.store_runner(store))
    assert sorted((f.surface, f.conflict) for f in figures) == [("fewer than 10", conflict), ("more than 50", conflict)]


# --- documents -----------------------------------------------------------------------------------------------


def test_document_page_and_its_highlights(run):
    document = data.document_page(run, ID + "document/thorn-kutcher")
    assert document.title == "Ashton Kutcher's work against child sexual exploitation with Thorn"
    assert len(document.facts) == 12 and document.properties["fileName"] == "thorn-kutcher.txt"
    assert sorted(link.label for link in document.entities.values()) == [
        "48 Hours", "Ashton Kutcher", "Congress", "Demi Moore", "Thorn"]
    segments = highlight_segments(document)
    assert "".join(s.text for s in segments) == document.text
    founding = next(i for i, f in enumerate(document.facts, 1) if f.label == "founding of Thorn (2012)")
    marked = "".join(s.text for s in segments if founding in s.facts)
    assert marked == FOUNDING_SENTENCE
    demi = next(s for s in segments if s.text == "Demi Moore")
    assert demi.mention == ID + "person/demi-moore" and founding in demi.facts


def test_documents_list(run):
    assert [(iri.rsplit("/", 1)[1], facts) for iri, _, _, facts in data.documents(run)] == [
        ("lantern-project-audit", 3), ("lantern-project-launch", 4), ("thorn-figures-brief", 4),
        ("thorn-kutcher", 12)]


# --- HTML ----------------------------------------------------------------------------------------------------


def test_entity_page_html_marks_the_founding_sentence(run):
    page = Site().entity(data.entity_page(run, KUTCHER))
    assert f"<mark>{FOUNDING_SENTENCE}</mark>" in page
    assert '<a href="/id/organization/thorn" class="kind-Organization">Thorn</a>' in page
    assert '<a href="/id/document/thorn-kutcher#char=253,343">' in page
    assert "Also called: <span class=\"alias\">Kutcher</span>" in page
    assert re.search(r"<script src=\"/static/vendor/cytoscape/cytoscape.min.js\"></script>", page)
    assert "https://" not in re.sub(r"<code>[^<]*</code>|title=\"[^\"]*\"|"
                                    r"<script type=\"application/json\"[^>]*>.*?</script>", "", page, flags=re.DOTALL)


def test_json_in_pages_cannot_close_its_script():
    text = json_for_script({"quote": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"quote": "</script><script>alert(1)</script> & <!--"}


def test_hostile_article_text_is_escaped(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    text = 'Eve <script>alert("x")</script> founded Evil & Co in 2001.\n'
    (folder / "hostile.txt").write_text(text, encoding="utf-8")
    evidence = {"begin": 0, "end": len(text) - 1, "text": text[:-1]}
    facts = {"format": "kg-facts", "version": 1, "document": "hostile.txt",
             "entities": [{"id": "eve", "type": "Person", "name": "Eve <b>", "mentions": [
                               {"begin": 0, "end": 3, "text": "Eve"}]},
                          {"id": "evil", "type": "Organization", "name": "Evil & Co", "mentions": [
                              {"begin": text.index("Evil"), "end": text.index("Evil") + 9, "text": "Evil & Co"}]}],
             "foundings": [{"id": "founding", "organization": "evil", "founders": ["eve"], "year": 2001,
                            "evidence": [evidence]}]}
    (folder / "hostile.facts.json").write_text(json.dumps(facts), encoding="utf-8")
    with open_store(tmp_path / "store") as store:
        build_documents([folder], store)
        run = data.store_runner(store)
        site = Site()
        document_html = site.document(data.document_page(run, ID + "document/hostile"))
        entity = data.entity_page(run, ID + "organization/evil-co")
        entity_html = site.entity(entity)
    for page in (document_html, entity_html):
        assert "<script>alert" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "Eve &lt;b&gt;" in entity_html and "Evil &amp; Co" in entity_html
    assert "\\u003cscript\\u003e" in entity_html  # the graph data, in its JSON block


def test_graph_data_of_an_entity(run):
    entity = data.entity_page(run, KUTCHER)
    graph = graph_data(entity, IriMapping.for_base().path_of)
    nodes = {node["id"]: node for node in graph["nodes"]}
    assert nodes[KUTCHER]["center"] and nodes[KUTCHER]["href"] == "/id/person/ashton-kutcher"
    founding = nodes[ID + "fact/thorn-kutcher/founding-thorn"]
    assert (founding["group"], founding["kindLabel"], founding["year"]) == ("fact", "founding", 2012)
    # Drawn beside a fact: its kind and year, the full label on hover; entities by their names.
    assert (founding["short"], founding["label"]) == ("founding 2012", "founding of Thorn (2012)")
    assert nodes[KUTCHER]["short"] == "Ashton Kutcher"
    thorn = graph_data(data.entity_page(run, ID + "organization/thorn"), IriMapping.for_base().path_of)
    assert sorted(node["short"] for node in thorn["nodes"] if node["kind"] == "Statistic") == [
        "at least 6,000", "more than 100", "more than 6,000", "nearly 6,000", "over 6,600", "thousands"]
    assert founding["evidence"][0]["marked"] == FOUNDING_SENTENCE
    assert {"source": ID + "fact/thorn-kutcher/founding-thorn", "target": ID + "organization/thorn",
            "label": "organization founded"}.items() <= next(
        e for e in graph["edges"] if e["target"] == ID + "organization/thorn"
        and e["source"].endswith("thorn-kutcher/founding-thorn")).items()
    assert sorted(n["label"] for n in graph["nodes"] if n["group"] == "entity") == [
        "48 Hours", "Ashton Kutcher", "Congress", "Demi Moore", "Thorn"]


def test_describe_is_what_the_store_says_of_the_iri(multi_store):
    body = ox.serialize(multi_store.query(data.describe(KUTCHER)), format=ox.RdfFormat.TURTLE)
    graph = Graph().parse(data=body.decode(), format="turtle")
    kg = "https://w3id.org/kg-news/ontology#"
    assert (URIRef(ID + "fact/thorn-kutcher/founding-thorn"), URIRef(kg + "foundedBy"), URIRef(KUTCHER)) in graph
    assert {str(o) for o in graph.objects(URIRef(KUTCHER), URIRef(kg + "alias"))} == {"Kutcher"}
    assert all(URIRef(KUTCHER) in (s, o) for s, _, o in graph)


def test_figures_page_lists_conflicts_first_and_says_what_it_leaves_out(run):
    page = Site().figures(data.figures_compared(run), text="", max_groups=2)
    headings = re.findall(r'<h2><a href="[^"]*"[^>]*>([^<]*)</a>: ([^<]*)</h2>', page)
    assert headings == [("Lantern Project", "families housed"), ("Thorn", "child sex trafficking victims identified")]
    assert "3 subjects and measures reported more than once; 4 figures in conflict" in page
    assert "1 more subject and measure is not\nlisted" in page
