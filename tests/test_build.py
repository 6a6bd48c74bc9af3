"""Building: the Thorn facts give exactly the golden graph, with stable IRIs and checked evidence."""

import os
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.build import build_graph, hedge_interval
from kg.documents import document_from_text, read_document
from kg.errors import FactsError, SpanMismatchError
from kg.facts import load_facts, parse_facts
from kg.namespaces import KG, NIF
from kg.paths import sources_dir

from .helpers import assert_isomorphic

GOLDEN = Path(__file__).parent / "golden" / "thorn-kutcher.ttl"
ID = "https://w3id.org/kg-news/id/"


def test_thorn_graph_equals_the_golden_graph(thorn_graph):
    if os.environ.get("KG_UPDATE_GOLDEN"):
        GOLDEN.write_text(thorn_graph.serialize(format="turtle"), encoding="utf-8")
    expected = Graph().parse(data=GOLDEN.read_text(encoding="utf-8"), format="turtle")
    assert_isomorphic(expected, thorn_graph)


def test_rebuilding_gives_the_same_iris_and_no_blank_nodes(thorn_graph):
    document = read_document(sources_dir() / "thorn-kutcher.txt")
    again = build_graph(document, load_facts(sources_dir() / "thorn-kutcher.facts.json"))
    assert set(again) == set(thorn_graph)
    assert not any(isinstance(term, BNode) for triple in thorn_graph for term in triple)


def test_founding_node_carries_founders_year_and_evidence(thorn_graph):
    founding = URIRef(ID + "fact/thorn-kutcher/founding-thorn")
    assert set(thorn_graph.objects(founding, KG.foundedBy)) == {
        URIRef(ID + "person/ashton-kutcher"), URIRef(ID + "person/demi-moore")}
    assert thorn_graph.value(founding, KG.year) == Literal(2012, datatype=XSD.integer)
    span = thorn_graph.value(founding, KG.evidence)
    assert str(span) == ID + "document/thorn-kutcher#char=253,343"
    assert str(thorn_graph.value(span, NIF.anchorOf)).startswith("In 2012, Kutcher and then-wife Demi Moore")


def test_every_span_reads_its_document_text(thorn_graph):
    rows = thorn_graph.query("""
        SELECT ?span ?begin ?end ?anchor ?text WHERE {
          ?span nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?anchor ;
                nif:referenceContext/nif:isString ?text }""", initNs={"nif": NIF})
    rows = list(rows)
    assert len(rows) == 23
    for row in rows:
        assert row.text[int(row.begin):int(row.end)] == str(row.anchor), row.span


def test_document_node_has_text_and_hash(thorn_graph):
    document = URIRef(ID + "document/thorn-kutcher")
    text = str(thorn_graph.value(document, NIF.isString))
    assert len(text) == 2615
    assert str(thorn_graph.value(document, KG.sha256)) == \
        "e97a6de4bd4ec9229eb5e1b9a1231dab2d0044a7f9f50330f27b0d53084c83f1"


def test_statistic_interval_and_hedge(thorn_graph):
    stat = URIRef(ID + "fact/thorn-kutcher/stat-victims-identified-2017")
    assert thorn_graph.value(stat, KG.hedge) == KG.Nearly
    assert thorn_graph.value(KG.Nearly, KG.code) == Literal("nearly")
    assert thorn_graph.value(stat, KG.maxValue) == Literal(6000, datatype=XSD.integer)
    assert thorn_graph.value(stat, KG.maxExclusive) == Literal(True)
    assert thorn_graph.value(stat, KG.minValue) is None


@pytest.mark.parametrize("hedge, expected", [
    ("exact", (5, False, 5, False)),
    ("approximately", (None, False, None, False)),
    ("nearly", (None, False, 5, True)),
    ("more_than", (5, True, None, False)),
    ("at_least", (5, False, None, False)),
    ("less_than", (None, False, 5, True)),
    ("at_most", (None, False, 5, False)),
])
def test_hedge_interval(hedge, expected):
    assert hedge_interval(hedge, 5) == expected


def test_legislature_is_also_an_organization(thorn_graph):
    congress = URIRef(ID + "organization/congress")
    assert set(thorn_graph.objects(congress, RDF.type)) == {KG.LegislativeBody, KG.Organization}


def _facts(**extra):
    data = {"format": "kg-facts", "version": 1, "document": "d.txt",
            "entities": [{"id": "p", "type": "Person", "name": "Jane Doe",
                          "mentions": [{"begin": 0, "end": 8, "text": "Jane Doe"}]}]}
    data.update(extra)
    return parse_facts(data)


def test_span_mismatch_stops_the_build_naming_the_fact():
    document = document_from_text("d.txt", "Jane Doe said hello.")
    facts = _facts(quotes=[{"id": "q1", "text": "hi", "speaker": "p",
                            "evidence": [{"begin": 14, "end": 19, "text": "hallo"}]}])
    with pytest.raises(SpanMismatchError, match="quotes fact 'q1': span 14-19 should read 'hallo'"):
        build_graph(document, facts)


def test_facts_for_another_document_are_refused():
    document = document_from_text("other.txt", "Jane Doe said hello.")
    with pytest.raises(FactsError, match="written for document 'd.txt', not 'other.txt'"):
        build_graph(document, _facts())


def test_base_iri_is_configurable():
    document = document_from_text("d.txt", "Jane Doe said hello.")
    graph = build_graph(document, _facts(), base="https://example.org/data/")
    assert (URIRef("https://example.org/data/person/jane-doe"), KG.name, Literal("Jane Doe")) in graph


def test_triples_as_nquads_round_trip_a_hostile_text_through_oxigraph():
    """The store path's N-Quads (no rdflib Graph) parse back to exactly the graph build_graph gives."""
    import pyoxigraph as ox

    from kg.build import build_triples
    from kg.documents import Document
    from kg.store import document_nquads, to_ox_quads

    name = "Jane Doe"
    hostile = ' said "hi" \\ back\\slash \\n not-a-newline\nline two\r\n\ttab \\" .\n<urn:x> <urn:y> "z" .\n é 😀 '
    text = name + hostile + "12.5 percent"
    document = Document(name="d.txt", text=text)
    said = text.index('"hi"')
    figure = text.index("12.5 percent")
    facts = _facts(
        title='A "title" with \\ and\nnewline',
        quotes=[{"id": "q1", "text": 'hi" } <urn:evil> \\', "speaker": "p",
                 "evidence": [{"begin": said, "end": said + 4, "text": '"hi"'}]}],
        statistics=[{"id": "s1", "measure": "share", "value": 12.5, "surface": "12.5 percent",
                     "hedge": "exact", "year": 2020, "unit": "percent",
                     "evidence": [{"begin": figure, "end": figure + 12, "text": "12.5 percent"}]}])
    graph = build_graph(document, facts)
    triples = build_triples(document, facts)
    assert len(triples) == len(set(triples)) == len(graph)
    assert set(triples) == set(graph)

    name_iri = "https://w3id.org/kg-news/id/graph/d"
    key = (URIRef(ID + "document/d"), KG.buildKey, Literal('key "x"\n'))
    parsed = ox.Store()
    parsed.load(document_nquads(triples, name_iri, [key]), format=ox.RdfFormat.N_QUADS)
    # The reference goes in as terms, not text, into a store too (Oxigraph writes "1.0"^^xsd:decimal as "1").
    reference = ox.Store()
    reference.extend(to_ox_quads([*graph, key], None))
    expected = set(reference.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert len(expected) == len(graph) + 1
    for graph_name in (ox.NamedNode(name_iri), ox.DefaultGraph()):
        got = {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
               for q in parsed.quads_for_pattern(None, None, None, graph_name)}
        assert got == expected
    stored_text = next(parsed.quads_for_pattern(None, ox.NamedNode(str(NIF.isString)), None, None)).object
    assert stored_text.value == text
    values = {q.object for q in parsed.quads_for_pattern(None, ox.NamedNode(str(KG.value)), None, None)}
    assert values == {ox.Literal("12.5", datatype=ox.NamedNode(str(XSD.decimal)))}


@pytest.mark.parametrize("text, width, expected", [
    ("What we do at our core is we build technology to help fight abuse", 60,
     "What we do at our core is we build technology to help..."),
    ("short enough", 60, "short enough"),
    ("one, two, three, four", 16, "one, two..."),  # no dangling comma before the mark
    ("x" * 30, 10, "xxxxxxx..."),  # one long word: cut inside it, nothing else to do
])
def test_labels_are_cut_at_word_boundaries(text, width, expected):
    from kg.build import shorten

    assert shorten(text, width) == expected
    assert len(shorten(text, width)) <= width


def test_long_quotes_are_labelled_up_to_a_whole_word(thorn_graph):
    from rdflib import RDFS, URIRef

    label = thorn_graph.value(URIRef("https://w3id.org/kg-news/id/fact/thorn-kutcher/quote-core"), RDFS.label)
    assert str(label) == "“What we do at our core is we build technology to help...”"
