"""The networkx view: nodes, attributes and edges of the Thorn graph, the walks, and GraphML export."""

import json
from decimal import Decimal

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.cli import main
from kg.network import (
    Evidence,
    NoPathError,
    UnknownNodeError,
    explain_path,
    find_node,
    format_path,
    neighbours,
    subgraph_around,
    to_networkx,
)

ID = "https://w3id.org/kg-news/id/"
KG = "https://w3id.org/kg-news/ontology#"
KUTCHER = ID + "person/ashton-kutcher"
MOORE = ID + "person/demi-moore"
THORN = ID + "organization/thorn"
CONGRESS = ID + "organization/congress"
FOUNDING = ID + "fact/thorn-kutcher/founding-thorn"
MARRIAGE = ID + "fact/thorn-kutcher/marriage-kutcher-moore"
TESTIMONY = ID + "fact/thorn-kutcher/testimony-kutcher-congress-2017"
INTERVIEW = ID + "fact/thorn-kutcher/interview-kutcher-48-hours"
QUOTES = {ID + f"fact/thorn-kutcher/quote-{name}"
          for name in ("core", "hero", "pursue-happiness", "simple-notion")}
DOCUMENT = ID + "document/thorn-kutcher"


@pytest.fixture(scope="module")
def G(thorn_graph):
    return to_networkx(thorn_graph)


def test_entity_node_has_type_label_and_literals_as_attributes(G):
    kutcher = G.nodes[KUTCHER]
    assert kutcher["type"] == "Person"
    assert kutcher["label"] == "Ashton Kutcher"
    assert kutcher["name"] == "Ashton Kutcher"
    assert kutcher["alias"] == ["Kutcher"]
    assert G.nodes[CONGRESS]["type"] == "LegislativeBody"
    assert G.nodes[CONGRESS]["classes"] == ["LegislativeBody", "Organization"]
    assert G.nodes[THORN]["alias"] == [
        "Digital Defenders of Children", "Thorn: Digital Defenders of Children"]


def test_fact_nodes_carry_their_qualifiers(G):
    founding = G.nodes[FOUNDING]
    assert founding["type"] == "FoundingEvent"
    assert founding["label"] == "founding of Thorn (2012)"
    assert founding["year"] == 2012
    assert founding["confidence"] == 1.0
    assert G.nodes[MARRIAGE]["former"] is True
    statistic = G.nodes[ID + "fact/thorn-kutcher/stat-victims-identified-2017"]
    assert (statistic["type"], statistic["surfaceForm"], statistic["value"], statistic["maxExclusive"]) == (
        "Statistic", "nearly 6,000", 6000, True)
    assert G.nodes[ID + "fact/thorn-kutcher/quote-pursue-happiness"]["quoteText"] == (
        "I’m here today to defend the right to pursue happiness")


def test_source_and_document_nodes(G):
    assert G.nodes[ID + "source/thorn-kutcher/2017-report"]["type"] == "Report"
    assert G.nodes[ID + "source/thorn-kutcher/more-recent-figures"]["type"] == "UnnamedSource"
    document = G.nodes[DOCUMENT]
    assert document["type"] == "NewsArticle"
    assert document["isString"].startswith("Whatever opinions people may hold about Ashton Kutcher’s")
    assert document["fileName"] == "thorn-kutcher.txt"


def test_no_literal_nodes_and_no_type_edges(G, thorn_graph):
    literal_values = {str(o) for o in thorn_graph.objects() if isinstance(o, Literal)}
    assert not any(isinstance(node, Literal) for node in G)
    assert not literal_values & set(G)
    predicates = {data["predicate"] for _, _, data in G.edges(data=True)}
    assert str(RDF.type) not in predicates
    assert KG + "Person" not in G


def test_object_properties_are_keyed_edges(G):
    assert G.has_edge(FOUNDING, THORN, key="organizationFounded")
    assert G.edges[FOUNDING, MOORE, "foundedBy"]["predicate"] == KG + "foundedBy"
    assert G.has_edge(TESTIMONY, CONGRESS, key="testifiedBefore")
    assert set(G[MARRIAGE]) == {KUTCHER, MOORE}


def test_spans_fold_into_evidence_by_default(G):
    assert not any(data["type"] == "TextSpan" for _, data in G.nodes(data=True))
    sentence = "In 2012, Kutcher and then-wife Demi Moore co-founded Thorn: Digital Defenders of Children."
    assert G.nodes[FOUNDING]["evidence"] == [Evidence(253, 343, sentence, DOCUMENT)]
    assert [e.text for e in G.nodes[MOORE]["evidence"]] == ["Demi Moore"]


def test_spans_as_nodes_when_asked(thorn_graph):
    G = to_networkx(thorn_graph, include_spans=True)
    span = DOCUMENT + "#char=253,343"
    assert G.nodes[span]["type"] == "TextSpan"
    assert (G.nodes[span]["beginIndex"], G.nodes[span]["endIndex"]) == (253, 343)
    assert G.has_edge(FOUNDING, span, key="evidence")
    assert G.has_edge(span, DOCUMENT, key="referenceContext")
    assert "evidence" not in G.nodes[FOUNDING]


def test_same_graph_twice_gives_same_order(thorn_graph):
    first, second = to_networkx(thorn_graph), to_networkx(thorn_graph)
    assert list(first.nodes) == list(second.nodes)
    assert list(first.edges(keys=True)) == list(second.edges(keys=True))


def test_construct_result_and_store_are_accepted(thorn_store):
    result = thorn_store.query(
        "PREFIX kg: <https://w3id.org/kg-news/ontology#> "
        "CONSTRUCT { ?f kg:foundedBy ?p ; kg:evidence ?s . ?p kg:name ?n } "
        "WHERE { ?f kg:foundedBy ?p ; kg:evidence ?s . ?p kg:name ?n }")
    G = to_networkx(result)
    assert set(G) == {FOUNDING, KUTCHER, MOORE}
    assert G.nodes[MOORE]["label"] == "Demi Moore"
    assert G.nodes[FOUNDING]["type"] == "Resource"
    # The span's own triples were not constructed: its RFC 5147 IRI still gives document and offsets.
    assert G.nodes[FOUNDING]["evidence"] == [Evidence(253, 343, None, DOCUMENT)]
    assert to_networkx(thorn_store).nodes[KUTCHER]["label"] == "Ashton Kutcher"


def test_kutchers_neighbours_are_his_facts(G):
    found = {n.node: n for n in neighbours(G, "Ashton Kutcher")}
    assert set(found) == {FOUNDING, MARRIAGE, TESTIMONY, INTERVIEW} | QUOTES
    assert found[TESTIMONY].label == "testimony of Ashton Kutcher before Congress (2017)"
    assert found[TESTIMONY].distance == 1
    two = {n.node: n.distance for n in neighbours(G, KUTCHER, depth=2)}
    assert two[MOORE] == 2 and two[CONGRESS] == 2 and two[THORN] == 2


def test_names_resolve_by_label_name_alias_and_case(G):
    assert find_node(G, "Kutcher") == KUTCHER
    assert find_node(G, "demi moore") == MOORE
    assert find_node(G, "Thorn: Digital Defenders of Children") == THORN
    assert find_node(G, KUTCHER) == KUTCHER


def test_unknown_name_lists_close_names(G):
    with pytest.raises(UnknownNodeError, match=r"no node named 'Ashton Kucher'; close names: Ashton Kutcher"):
        neighbours(G, "Ashton Kucher")
    with pytest.raises(UnknownNodeError, match=r"close names: .*Demi Moore"):
        explain_path(G, "Moore", "Congress")


def test_ambiguous_name_lists_candidates(thorn_graph):
    graph = Graph()
    for triple in thorn_graph:
        graph.add(triple)
    graph.add((URIRef(KG + "Nearly"), URIRef(KG + "name"), Literal("Demi Moore")))
    with pytest.raises(UnknownNodeError, match=r"'Demi Moore' names 2 nodes: ") as raised:
        find_node(to_networkx(graph), "Demi Moore")
    assert f"Demi Moore (Person: {MOORE})" in str(raised.value)
    assert f"nearly (Hedge: {KG}Nearly)" in str(raised.value)


def test_path_from_moore_to_congress_goes_through_facts(G):
    steps = explain_path(G, "Demi Moore", "Congress")
    assert [(s.label, s.predicate, s.forward, s.is_fact) for s in steps] == [
        ("Demi Moore", None, None, False),
        ("founding of Thorn (2012)", "foundedBy", False, True),
        ("Ashton Kutcher", "foundedBy", True, False),
        ("testimony of Ashton Kutcher before Congress (2017)", "witness", False, True),
        ("Congress", "testifiedBefore", True, False),
    ]
    assert format_path(steps) == (
        "Demi Moore <-foundedBy- founding of Thorn (2012) -foundedBy-> Ashton Kutcher "
        "<-witness- testimony of Ashton Kutcher before Congress (2017) -testifiedBefore-> Congress")


def test_path_does_not_shortcut_through_spans_or_hedges(thorn_graph):
    G = to_networkx(thorn_graph, include_spans=True)
    assert [s.node for s in explain_path(G, "Demi Moore", "Congress")] == [
        MOORE, FOUNDING, KUTCHER, TESTIMONY, CONGRESS]
    # Allowed everything, Moore and Congress meet through their mentions in the same document.
    assert [s.type for s in explain_path(G, "Demi Moore", "Congress", avoid=())] == [
        "Person", "TextSpan", "NewsArticle", "TextSpan", "LegislativeBody"]


def test_no_path_is_a_clear_error(G):
    message = "Thorn and nearly are not connected through nodes other than Hedge, Statistic"
    with pytest.raises(NoPathError, match=message):
        explain_path(G, "Thorn", KG + "Nearly", avoid={"Hedge", "Statistic"})


def test_subgraph_around_kutcher(G):
    H = subgraph_around(G, "Kutcher", radius=1)
    assert set(H) == {KUTCHER, FOUNDING, MARRIAGE, TESTIMONY, INTERVIEW} | QUOTES
    assert H.has_edge(TESTIMONY, KUTCHER, key="witness")
    assert H.nodes[KUTCHER]["label"] == "Ashton Kutcher"
    H.nodes[KUTCHER]["label"] = "changed"
    assert G.nodes[KUTCHER]["label"] == "Ashton Kutcher"


def test_graphml_safe_attributes_are_scalars(thorn_graph):
    G = to_networkx(thorn_graph, graphml_safe=True)
    for _, data in G.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values()), data
    assert G.nodes[THORN]["alias"] == "Digital Defenders of Children | Thorn: Digital Defenders of Children"
    assert json.loads(G.nodes[MOORE]["evidence"]) == [
        {"begin": 284, "end": 294, "text": "Demi Moore", "document": DOCUMENT}]


def test_graphml_export_reads_back(capsys, tmp_path, thorn_graph):
    assert main(["build"]) == 0
    out = tmp_path / "x.graphml"
    assert main(["export", "--format", "graphml", "-o", str(out)]) == 0, capsys.readouterr().err
    back = nx.read_graphml(out)
    expected = to_networkx(thorn_graph, graphml_safe=True)
    assert back.number_of_nodes() == expected.number_of_nodes()
    assert set(back) == set(expected)
    assert back.nodes[KUTCHER]["label"] == "Ashton Kutcher"
    assert back.nodes[FOUNDING]["year"] == 2012
    assert back.nodes[DOCUMENT]["isString"] == expected.nodes[DOCUMENT]["isString"]
    assert back.has_edge(FOUNDING, THORN)


def test_rdflib_construct_result_is_accepted(thorn_graph):
    result = thorn_graph.query(
        "PREFIX kg: <https://w3id.org/kg-news/ontology#> "
        "CONSTRUCT { ?t kg:witness ?w ; kg:testifiedBefore ?b ; kg:year ?y } "
        "WHERE { ?t kg:witness ?w ; kg:testifiedBefore ?b ; kg:year ?y }")
    G = to_networkx(result)
    assert set(G) == {TESTIMONY, KUTCHER, CONGRESS}
    assert G.nodes[TESTIMONY]["year"] == 2017
    assert G.has_edge(TESTIMONY, CONGRESS, key="testifiedBefore")


def test_graphml_gives_each_attribute_one_type(tmp_path, thorn_graph):
    graph = Graph()
    for triple in thorn_graph:
        graph.add(triple)
    # An integer value on one statistic and a decimal on another: GraphML declares one type per attribute.
    graph.add((URIRef(ID + "fact/other/stat"), URIRef(KG + "value"), Literal(Decimal("2.5"))))
    graph.add((URIRef(ID + "fact/other/stat"), URIRef(KG + "year"), Literal("about 2017")))
    out = tmp_path / "mixed.graphml"
    nx.write_graphml(to_networkx(graph, graphml_safe=True), out)
    back = nx.read_graphml(out)
    assert back.nodes[ID + "fact/other/stat"]["value"] == 2.5
    assert back.nodes[ID + "fact/thorn-kutcher/stat-perpetrators-identified"]["value"] == 6600.0
    assert back.nodes[FOUNDING]["year"] == "2012"
    assert back.nodes[ID + "fact/other/stat"]["year"] == "about 2017"


def test_store_is_read_without_rdflib_and_gives_the_same_view(thorn_store):
    from_store = to_networkx(thorn_store)
    from_rdflib = to_networkx(thorn_store.rdflib_graph())
    assert list(from_store.nodes(data=True)) == list(from_rdflib.nodes(data=True))
    assert list(from_store.edges(keys=True, data=True)) == list(from_rdflib.edges(keys=True, data=True))
    assert from_store.nodes[FOUNDING]["year"] == 2012
    assert isinstance(from_store.nodes[FOUNDING]["confidence"], float)


def _same_view(first, second) -> None:
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))


@pytest.mark.parametrize("include_spans", [False, True])
def test_store_view_with_spans_as_nodes_or_folded_equals_the_rdflib_view(thorn_store, include_spans):
    _same_view(to_networkx(thorn_store, include_spans=include_spans),
               to_networkx(thorn_store.rdflib_graph(), include_spans=include_spans))


@pytest.mark.parametrize("stray", ["second text of a span", "text on a fact", "span with no evidence"])
def test_spans_not_as_kg_writes_them_are_read_from_the_store(thorn_store, stray):
    """The store view takes a span's offsets, document and text from its IRI and its document when the spans
    are as kg writes them; any other shape of span data is read triple by triple, with the same result."""
    import pyoxigraph as ox

    span = ox.NamedNode(ID + "document/thorn-kutcher#char=253,343")
    anchor = ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
    added = {
        "second text of a span": ox.Quad(span, anchor, ox.Literal("A text sorting first")),
        "text on a fact": ox.Quad(ox.NamedNode(FOUNDING), anchor, ox.Literal("a fact's own text")),
        "span with no evidence": ox.Quad(ox.NamedNode(ID + "document/thorn-kutcher#char=0,5"),
                                         ox.NamedNode(str(RDF.type)), ox.NamedNode(KG + "TextSpan")),
    }[stray]
    thorn_store.oxigraph.add(added)  # into the default graph, which kg keeps as the union
    view = to_networkx(thorn_store)
    _same_view(view, to_networkx(thorn_store.rdflib_graph()))
    if stray == "second text of a span":
        texts = {e.text for data in view.nodes.values() for e in data.get("evidence", ()) if e.begin == 253}
        assert texts == {"A text sorting first"}  # the first of its two texts, as for any store
    elif stray == "text on a fact":
        assert view.nodes[FOUNDING]["anchorOf"] == "a fact's own text"


def test_oxigraph_triples_stated_twice_give_one_value():
    import datetime

    import pyoxigraph as ox

    subject = ox.NamedNode(ID + "person/someone")
    name = ox.Triple(subject, ox.NamedNode(KG + "name"), ox.Literal("Someone"))
    born = ox.Triple(subject, ox.NamedNode(KG + "born"),
                     ox.Literal("1978-02-07", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
    typed = ox.Triple(subject, ox.NamedNode(str(RDF.type)), ox.NamedNode(KG + "Person"))
    G = to_networkx([name, born, typed, name, born])
    assert G.nodes[ID + "person/someone"]["name"] == "Someone"
    assert G.nodes[ID + "person/someone"]["born"] == datetime.date(1978, 2, 7)
    assert G.nodes[ID + "person/someone"]["type"] == "Person"


HOSTILE_TEXTS = [
    'a "quoted" word', "a\ttab", "two\nlines", "carriage\rreturn", "back\\slash\\", "ends with a quote\"",
    "émoji 😀, RTL עברית, combining e\u0301", "controls \x01\x0b\x0c\x1f\x7f", "separators \u2028\u2029\x85",
    'looks like a row"\t<http://example.org/x>\n_:b', 'a "@en inside', 'a "^^<http://example.org/t> inside', "",
]


def _hostile_store(tmp_path):
    """A store whose default graph holds every kind of term a TSV or N-Triples reader can trip on, and one
    span as kg writes them over a text with characters outside the BMP."""
    import pyoxigraph as ox

    from kg.store import open_store

    xsd = "http://www.w3.org/2001/XMLSchema#"
    ex = "http://example.org/"

    def typed(value, datatype):
        return ox.Literal(value, datatype=ox.NamedNode(xsd + datatype))

    thing, other, blank, blank_class = (ox.NamedNode(ex + "thing/é?a=1&b=%20#x"), ox.NamedNode(ex + "other"),
                                        ox.BlankNode("b1"), ox.BlankNode("cls"))
    document, text = ox.NamedNode(ID + "document/hostile"), "Un café 😀 à\tParis\n« dit-il »"
    span = ox.NamedNode(f"{document.value}#char=3,9")
    triples = [(thing, ox.NamedNode(ex + "note"), ox.Literal(t)) for t in HOSTILE_TEXTS] + [
        (thing, ox.NamedNode(str(RDF.type)), ox.NamedNode(KG + "Person")),
        (thing, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Thing\t\"one\"")),
        (thing, ox.NamedNode(ex + "greeting"), ox.Literal("bonjour\n", language="fr")),
        (thing, ox.NamedNode(ex + "greeting"), ox.Literal("hi", language="en-GB")),
        (thing, ox.NamedNode(ex + "count"), typed("007", "integer")),
        (thing, ox.NamedNode(ex + "ratio"), typed("1.50", "decimal")),
        (thing, ox.NamedNode(ex + "ratio2"), typed("3", "decimal")),
        (thing, ox.NamedNode(ex + "big"), typed("1e3", "double")),
        (thing, ox.NamedNode(ex + "small"), typed("-1.5E-7", "double")),
        (thing, ox.NamedNode(ex + "single"), typed("2.5", "float")),
        (thing, ox.NamedNode(ex + "flag"), typed("true", "boolean")),
        (thing, ox.NamedNode(ex + "born"), typed("1978-02-07", "date")),
        (thing, ox.NamedNode(ex + "seen"), typed("2020-01-01T10:00:00Z", "dateTime")),
        (thing, ox.NamedNode(ex + "year"), typed("2012", "gYear")),
        (thing, ox.NamedNode(ex + "size"), typed("12", "nonNegativeInteger")),
        (thing, ox.NamedNode(ex + "broken"), typed("not a number", "integer")),
        (thing, ox.NamedNode(ex + "plain"), typed("typed\tstring", "string")),
        (thing, ox.NamedNode(ex + "custom"), ox.Literal('odd "value"\n', datatype=ox.NamedNode(ex + "dt"))),
        (thing, ox.NamedNode(ex + "knows"), other),
        (thing, ox.NamedNode(ex + "knows"), blank),
        (thing, ox.NamedNode(ex + "mixed"), ox.Literal("a literal beside a resource")),
        (thing, ox.NamedNode(ex + "mixed"), other),
        (blank, ox.NamedNode(ex + "note"), ox.Literal("a blank node's\ttext")),
        (blank, ox.NamedNode(str(RDF.type)), blank_class),
        (blank, ox.NamedNode(ex + "knows"), thing),
        (other, ox.NamedNode(str(RDF.type)), ox.Literal("a literal class")),
        (thing, ox.NamedNode(KG + "evidence"), span),
        (span, ox.NamedNode(str(RDF.type)), ox.NamedNode(KG + "TextSpan")),
        (span, ox.NamedNode(str(NIF_BEGIN)), typed("3", "integer")),
        (span, ox.NamedNode(str(NIF_END)), typed("9", "integer")),
        (span, ox.NamedNode(NIF + "anchorOf"), ox.Literal(text[3:9])),
        (span, ox.NamedNode(NIF + "referenceContext"), document),
        (document, ox.NamedNode(NIF + "isString"), ox.Literal(text)),
    ]
    store = open_store(tmp_path / "hostile")
    store.oxigraph.extend(ox.Quad(s, p, o) for s, p, o in triples)  # the default graph: kg keeps the union there
    return store


NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
NIF_BEGIN, NIF_END = NIF + "beginIndex", NIF + "endIndex"


@pytest.mark.parametrize("include_spans", [False, True])
def test_store_with_hostile_literals_gives_the_rdflib_view(tmp_path, include_spans):
    """The store is read as TSV text written by Oxigraph: escapes, typed literals, language tags and blank nodes
    must come back as the values the rdflib path gives."""
    store = _hostile_store(tmp_path)
    try:
        view = to_networkx(store, include_spans=include_spans)
        _same_view(view, to_networkx(store.rdflib_graph(), include_spans=include_spans))
    finally:
        store.close()
    thing = view.nodes["http://example.org/thing/é?a=1&b=%20#x"]
    assert thing["note"] == sorted(HOSTILE_TEXTS)
    assert thing["label"] == 'Thing\t"one"'
    assert thing["greeting"] == ["bonjour\n", "hi"]
    assert (thing["count"], thing["ratio"], thing["ratio2"], thing["big"], thing["flag"]) == (7, 1.5, 3.0, 1000.0, True)
    assert (thing["broken"], thing["plain"], thing["custom"]) == ("not a number", "typed\tstring", 'odd "value"\n')
    assert view.nodes["_:b1"] == {"type": "cls", "classes": ["cls"], "label": "b1", "note": "a blank node's\ttext"}
    assert sorted(view.successors("_:b1")) == ["http://example.org/thing/é?a=1&b=%20#x"]
    assert view.nodes["http://example.org/other"]["type"] == "Resource"
    assert thing["mixed"] == "a literal beside a resource"
    assert view.has_edge("http://example.org/thing/é?a=1&b=%20#x", "http://example.org/other", key="mixed")
    if include_spans:
        assert view.nodes[ID + "document/hostile#char=3,9"]["anchorOf"] == "café 😀"
    else:
        assert thing["evidence"] == [Evidence(3, 9, "café 😀", ID + "document/hostile")]


def _reference_view(graph: Graph, *, include_spans: bool) -> nx.MultiDiGraph:
    """The view as ``to_networkx`` documents it, built the plain way: triple by triple from an rdflib Graph into
    sets, then node by node and edge by edge with networkx's own ``add_node`` and ``add_edge``. The naming,
    typing and literal conversion helpers are kg's; how statements are read, grouped, folded and assembled is
    this function's own, so the fast paths (TSV reading, spans folded from their IRIs, adjacency built in
    bulk) are held to it."""
    from collections import defaultdict

    from rdflib import BNode

    from kg.network import (
        _attribute_names,
        _close,
        _local_name,
        _most_specific,
        _ontology_superclasses,
        _python_value,
        _sort_key,
    )

    def node_id(term) -> str:
        return f"_:{term}" if isinstance(term, BNode) else str(term)

    def unique(values) -> list:
        return [value for _, value in sorted({_sort_key(v): v for v in values}.items(), key=lambda kv: kv[0])]

    nodes, classes = set(), defaultdict(set)
    literals = defaultdict(lambda: defaultdict(list))
    objects = defaultdict(lambda: defaultdict(set))
    for s, p, o in graph:
        nodes.add(node_id(s))
        if isinstance(o, Literal):
            if p != RDF.type:
                literals[str(p)][node_id(s)].append(_python_value(o))
        elif p == RDF.type:
            classes[node_id(s)].add(node_id(o))
        else:
            nodes.add(node_id(o))
            objects[str(p)][node_id(s)].add(node_id(o))
    superclasses = dict(_ontology_superclasses())
    for cls, parents in _close((c, parent) for c, found in objects[str(RDFS.subClassOf)].items()
                               for parent in found).items():
        superclasses[cls] = superclasses.get(cls, frozenset()) | parents
    evidence = objects.get(KG + "evidence", {})
    spans = {span for found in evidence.values() for span in found}
    spans |= {node for node, found in classes.items() if KG + "TextSpan" in found}
    kept = sorted(nodes if include_spans else nodes - spans)

    def first(predicate: str, node: str):
        found = literals.get(predicate, {}).get(node)
        return unique(found)[0] if found else None

    def span_evidence(span: str) -> Evidence:
        documents = objects.get(NIF + "referenceContext", {}).get(span)
        begin, end = first(NIF_BEGIN, span), first(NIF_END, span)
        document = min(documents) if documents else None
        if "#char=" in span:
            where, _, offsets = span.partition("#char=")
            begin = int(offsets.split(",")[0]) if begin is None else begin
            end = int(offsets.split(",")[1]) if end is None else end
            document = document or where
        return Evidence(begin, end, first(NIF + "anchorOf", span), document)

    def on_kept(column) -> bool:
        return any(node in kept for node in column)

    manager = graph.namespace_manager
    literal_names = _attribute_names({p for p, c in literals.items() if on_kept(c)} - {str(RDFS.label)},
                                     manager, {"type", "classes", "label", "evidence"})
    edge_names = _attribute_names({p for p, c in objects.items() if on_kept(c)}, manager, set())
    G = nx.MultiDiGraph()
    for node in kept:
        label = next((str(first(p, node)) for p in (str(RDFS.label), KG + "name", NIF + "anchorOf")
                      if first(p, node) is not None), _local_name(node))
        data = {"type": _most_specific(set(classes.get(node, ())), superclasses),
                "classes": sorted(_local_name(c) for c in classes.get(node, ())), "label": label}
        for predicate in sorted(literal_names):
            found = literals[predicate].get(node)
            if found:
                found = unique(found)
                data[literal_names[predicate]] = found if len(found) > 1 or predicate == KG + "alias" else found[0]
        if not include_spans and node in evidence:
            data["evidence"] = sorted((span_evidence(span) for span in evidence[node]),
                                      key=lambda e: (e.document or "", e.begin, e.end, e.text or ""))
        G.add_node(node, **data)
    for node in kept:
        for predicate in sorted(edge_names):
            for target in sorted(objects[predicate].get(node, ())):
                if target in G:
                    G.add_edge(node, target, edge_names[predicate], predicate=predicate)
    return G


def _same_view_in_order(view, reference) -> None:
    """The same nodes, attributes and edges, in the same order (nodes, each node's attributes, each node's
    successors and predecessors, edges)."""
    assert list(view.nodes) == list(reference.nodes)
    for node, data in reference.nodes(data=True):
        assert list(view.nodes[node].items()) == list(data.items()), node
        assert list(view.succ[node]) == list(reference.succ[node]), node
        assert list(view.pred[node]) == list(reference.pred[node]), node
    assert list(view.edges(keys=True, data=True)) == list(reference.edges(keys=True, data=True))


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    """A real store built from 12 synthetic articles (people, organizations, statistics, quotes, testimonies
    shared across documents), the kind of store the million-triple benchmark measures."""
    import sys
    from pathlib import Path

    from kg.ingest import build_documents
    from kg.store import open_store

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic import write_corpus

    corpus = tmp_path_factory.mktemp("synthetic-12")
    write_corpus(corpus, 12)
    store = open_store(tmp_path_factory.mktemp("synthetic-store") / "store")
    assert len(build_documents([corpus], store).built) == 12
    yield store
    store.close()


@pytest.mark.parametrize("include_spans", [False, True])
def test_store_view_equals_the_plain_reference_view(synthetic_store, include_spans):
    """The store's view (read as TSV by worker threads, spans folded from their IRIs, adjacency built in
    bulk) is the reference built triple by triple with networkx's own methods: nodes, attributes, edges and
    their order, with spans folded into evidence and as nodes."""
    view = to_networkx(synthetic_store, include_spans=include_spans, cache=False)
    reference = _reference_view(synthetic_store.rdflib_graph(), include_spans=include_spans)
    _same_view_in_order(view, reference)
    assert view.number_of_nodes() > 250 and view.number_of_edges() > 500
    facts = [data for _, data in view.nodes(data=True) if "Fact" in data["classes"]]
    if not include_spans:
        assert all(data["evidence"] and all(e.text and e.document for e in data["evidence"]) for data in facts)


@pytest.mark.parametrize("include_spans", [False, True])
def test_hostile_store_view_equals_the_plain_reference_view(tmp_path, include_spans):
    store = _hostile_store(tmp_path)
    try:
        _same_view_in_order(to_networkx(store, include_spans=include_spans, cache=False),
                            _reference_view(store.rdflib_graph(), include_spans=include_spans))
    finally:
        store.close()


def test_thorn_view_equals_the_plain_reference_view(thorn_store):
    _same_view_in_order(to_networkx(thorn_store, cache=False),
                        _reference_view(thorn_store.rdflib_graph(), include_spans=False))
