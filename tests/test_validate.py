"""SHACL validation: a hand-built graph in the shape the builder emits conforms; each kind of fault is
reported with the node at fault, and nothing is fetched from the network.
"""

import hashlib
import socket
from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL

from kg.errors import ValidationError
from kg.namespaces import KG, NIF
from kg.validate import Report, load_shapes, validate_shapes

D = Namespace("https://w3id.org/kg-news/id/")
# Datatype IRIs spelled out: rdflib's closed XSD namespace makes pytest's collection warn.
NON_NEGATIVE = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")

TEXT = (
    "In 2012, Kutcher and then-wife Demi Moore co-founded Thorn. "
    "A 2017 report said Thorn\u2019s tools helped identify nearly 6,000 victims. "
    "In 2017, Kutcher testified before Congress."
)
DOC = D["document/sample"]
THORN = D["organization/thorn"]
KUTCHER = D["person/ashton-kutcher"]
MOORE = D["person/demi-moore"]
CONGRESS = D["organization/congress"]
FOUNDING = D["fact/sample/founding-thorn"]
STATISTIC = D["fact/sample/stat-victims"]
TESTIMONY = D["fact/sample/testimony"]
MARRIAGE = D["fact/sample/marriage"]


def span(g: Graph, words: str) -> URIRef:
    """Add the span of the first occurrence of ``words`` in TEXT, as the builder would, and return its IRI."""
    begin = TEXT.index(words)
    end = begin + len(words)
    node = URIRef(f"{DOC}#char={begin},{end}")
    g.add((node, RDF.type, KG.TextSpan))
    g.add((node, NIF.beginIndex, Literal(begin, datatype=NON_NEGATIVE)))
    g.add((node, NIF.endIndex, Literal(end, datatype=NON_NEGATIVE)))
    g.add((node, NIF.anchorOf, Literal(words)))
    g.add((node, NIF.referenceContext, DOC))
    return node


def provenance(g: Graph, node: URIRef, label: str, *evidence: URIRef) -> None:
    g.add((node, RDFS.label, Literal(label)))
    g.add((node, KG.confidence, Literal(Decimal("1.0"))))
    g.add((node, KG.method, Literal("curated")))
    for s in evidence:
        g.add((node, KG.evidence, s))


def thorn_graph() -> Graph:
    """A founding with two founders, a marriage, a statistic and a testimony over a three-sentence text."""
    g = Graph()
    g.add((DOC, RDF.type, KG.NewsArticle))
    g.add((DOC, RDFS.label, Literal("sample article")))
    g.add((DOC, NIF.isString, Literal(TEXT)))
    g.add((DOC, KG.sha256, Literal(hashlib.sha256(TEXT.encode("utf-8")).hexdigest())))
    g.add((DOC, KG.fileName, Literal("sample.txt")))
    g.add((DOC, DCTERMS.title, Literal("Sample")))

    for node, cls, name in [
        (THORN, KG.Organization, "Thorn"),
        (KUTCHER, KG.Person, "Ashton Kutcher"),
        (MOORE, KG.Person, "Demi Moore"),
        (CONGRESS, KG.LegislativeBody, "Congress"),
    ]:
        g.add((node, RDF.type, cls))
        g.add((node, KG.name, Literal(name)))
        provenance(g, node, name, span(g, name.split()[-1]))

    g.add((FOUNDING, RDF.type, KG.FoundingEvent))
    g.add((FOUNDING, KG.organizationFounded, THORN))
    g.add((FOUNDING, KG.foundedBy, KUTCHER))
    g.add((FOUNDING, KG.foundedBy, MOORE))
    g.add((FOUNDING, KG.year, Literal(2012)))
    provenance(g, FOUNDING, "founding of Thorn", span(g, TEXT[: TEXT.index("Thorn.") + 6]))

    g.add((MARRIAGE, RDF.type, KG.Marriage))
    g.add((MARRIAGE, KG.partner, KUTCHER))
    g.add((MARRIAGE, KG.partner, MOORE))
    g.add((MARRIAGE, KG.former, Literal(True)))
    provenance(g, MARRIAGE, "marriage of Kutcher and Moore", span(g, "Kutcher and then-wife Demi Moore"))

    variable = D["variable/victims-identified"]
    g.add((variable, RDF.type, KG.StatisticalVariable))
    g.add((variable, KG.name, Literal("victims identified")))
    g.add((variable, RDFS.label, Literal("victims identified")))
    report = D["source/sample/2017-report"]
    g.add((report, RDF.type, KG.Report))
    g.add((report, KG.name, Literal("2017 report")))
    g.add((report, RDFS.label, Literal("2017 report")))
    g.add((STATISTIC, RDF.type, KG.Statistic))
    g.add((STATISTIC, KG.value, Literal(Decimal(6000))))
    g.add((STATISTIC, KG.surfaceForm, Literal("nearly 6,000")))
    g.add((STATISTIC, KG.hedge, KG.Nearly))
    g.add((STATISTIC, KG.maxValue, Literal(Decimal(6000))))
    g.add((STATISTIC, KG.maxExclusive, Literal(True)))
    g.add((STATISTIC, KG.measure, variable))
    g.add((STATISTIC, KG.about, THORN))
    g.add((STATISTIC, KG.source, report))
    g.add((STATISTIC, KG.year, Literal(2017)))
    provenance(g, STATISTIC, "nearly 6,000 victims identified", span(g, "nearly 6,000 victims"))

    g.add((TESTIMONY, RDF.type, KG.Testimony))
    g.add((TESTIMONY, KG.witness, KUTCHER))
    g.add((TESTIMONY, KG.testifiedBefore, CONGRESS))
    g.add((TESTIMONY, KG.year, Literal(2017)))
    g.add((TESTIMONY, KG.topic, Literal("child exploitation")))
    provenance(g, TESTIMONY, "Kutcher's testimony", span(g, "In 2017, Kutcher testified before Congress."))
    return g


@pytest.fixture
def graph() -> Graph:
    return thorn_graph()


def focus_messages(report: Report) -> dict[URIRef, list[str]]:
    found: dict[URIRef, list[str]] = {}
    for v in report.violations:
        found.setdefault(v.focus, []).append(v.message)
    return found


def test_hand_built_graph_conforms(graph):
    report = validate_shapes(graph)
    assert report.conforms, report.text
    assert report.violations == ()
    assert report.text == "the graph conforms to the kg shapes"


def test_the_builder_output_for_the_thorn_article_conforms():
    from kg.build import build_graph, facts_for
    from kg.paths import sources_dir

    document, facts, _ = facts_for(sources_dir() / "thorn-kutcher.txt", extract=False)
    report = validate_shapes(build_graph(document, facts))
    assert report.conforms, report.text


def test_entity_merge_record_conforms(graph):
    # As kg/ingest.py writes it when a document's "Kutcher" is an alias declared by another document.
    merge = D["merge/sample/kutcher"]
    graph.add((merge, RDF.type, KG.EntityMerge))
    graph.add((merge, RDFS.label, Literal("Kutcher merged into Ashton Kutcher (alias-of-named-entity)")))
    graph.add((merge, KG.rule, Literal("alias-of-named-entity")))
    graph.add((merge, KG.method, Literal("rule:alias-of-named-entity")))
    graph.add((merge, KG.mergedName, Literal("Kutcher")))
    graph.add((merge, KG.mergedInto, KUTCHER))
    graph.add((merge, KG.aliasDeclaredBy, D["document/other"]))
    graph.add((merge, KG.evidence, span(graph, "Kutcher")))
    assert validate_shapes(graph).conforms
    graph.remove((merge, KG.evidence, None))
    assert [(v.focus, v.path) for v in validate_shapes(graph).violations] == [(merge, KG.evidence)]


def test_named_graphs_of_a_dataset_are_validated_together(graph):
    ds = Dataset()
    for i, triple in enumerate(graph):
        ds.graph(D[f"graph/{i % 3}"]).add(triple)
    assert validate_shapes(ds).conforms
    ds.graph(D["graph/0"]).remove((FOUNDING, KG.evidence, None))
    ds.graph(D["graph/1"]).remove((FOUNDING, KG.evidence, None))
    ds.graph(D["graph/2"]).remove((FOUNDING, KG.evidence, None))
    assert [v.focus for v in validate_shapes(ds).violations] == [FOUNDING]


def test_validation_does_not_modify_the_data(graph):
    before = len(graph)
    validate_shapes(graph)
    assert len(graph) == before


def test_span_text_not_matching_the_document_is_reported_with_its_node(graph):
    bad = URIRef(f"{DOC}#char=0,7")
    graph.add((bad, RDF.type, KG.TextSpan))
    graph.add((bad, NIF.beginIndex, Literal(0, datatype=NON_NEGATIVE)))
    graph.add((bad, NIF.endIndex, Literal(7, datatype=NON_NEGATIVE)))
    graph.add((bad, NIF.anchorOf, Literal("In 2013")))  # the document says "In 2012"
    graph.add((bad, NIF.referenceContext, DOC))
    report = validate_shapes(graph)
    assert not report.conforms
    assert [(v.focus, v.path) for v in report.violations] == [(bad, NIF.anchorOf)]
    assert f"<{bad}> nif:anchorOf: nif:anchorOf is not the text of {DOC} at [0, 7)" in report.text


def test_span_with_backslash_text_is_reported_not_crashing(graph):
    # pySHACL substitutes selected values into messages with re.sub; the shapes never select text.
    bad = URIRef(f"{DOC}#char=0,4")
    graph.add((bad, RDF.type, KG.TextSpan))
    graph.add((bad, NIF.beginIndex, Literal(0, datatype=NON_NEGATIVE)))
    graph.add((bad, NIF.endIndex, Literal(4, datatype=NON_NEGATIVE)))
    graph.add((bad, NIF.anchorOf, Literal("C:\\new")))
    graph.add((bad, NIF.referenceContext, DOC))
    report = validate_shapes(graph)
    assert [(v.focus, v.path) for v in report.violations] == [(bad, NIF.anchorOf)]


def test_span_offsets_counted_in_code_points_not_bytes(graph):
    # "’" is 3 bytes in UTF-8: a span after it only matches if SUBSTR counts code points.
    words = "tools helped identify"
    s = span(graph, words)
    assert TEXT.encode("utf-8").index(words.encode()) != TEXT.index(words)
    graph.add((STATISTIC, KG.evidence, s))
    assert validate_shapes(graph).conforms


def test_offsets_as_stored_by_oxigraph_conform(graph):
    # Oxigraph stores xsd:nonNegativeInteger literals as xsd:integer: a graph read back from the store.
    for predicate in (NIF.beginIndex, NIF.endIndex):
        for s, o in list(graph.subject_objects(predicate)):
            graph.set((s, predicate, Literal(int(o))))
    assert validate_shapes(graph).conforms


def test_negative_offset_is_reported(graph):
    s = URIRef(f"{DOC}#char=-1,2")
    graph.add((s, RDF.type, KG.TextSpan))
    graph.add((s, NIF.beginIndex, Literal(-1)))
    graph.add((s, NIF.endIndex, Literal(2, datatype=NON_NEGATIVE)))
    graph.add((s, NIF.anchorOf, Literal("In")))
    graph.add((s, NIF.referenceContext, DOC))
    report = validate_shapes(graph)
    assert (s, NIF.beginIndex) in [(v.focus, v.path) for v in report.violations]


def test_fact_without_evidence_is_reported(graph):
    graph.remove((FOUNDING, KG.evidence, None))
    report = validate_shapes(graph)
    assert [(v.focus, v.path) for v in report.violations] == [(FOUNDING, KG.evidence)]
    assert "every fact needs at least one kg:evidence" in report.violations[0].message
    assert f"<{FOUNDING}> kg:evidence: every fact needs at least one kg:evidence" in report.text


def test_agent_without_evidence_is_reported(graph):
    graph.remove((MOORE, KG.evidence, None))
    report = validate_shapes(graph)
    assert [(v.focus, v.path) for v in report.violations] == [(MOORE, KG.evidence)]


def test_statistic_without_hedge_is_reported(graph):
    graph.remove((STATISTIC, KG.hedge, None))
    report = validate_shapes(graph)
    assert [(v.focus, v.path) for v in report.violations] == [(STATISTIC, KG.hedge)]
    assert "exactly one kg:hedge" in report.violations[0].message


def test_statistic_with_unknown_hedge_is_reported(graph):
    graph.set((STATISTIC, KG.hedge, KG.Roughly))
    report = validate_shapes(graph)
    assert [(v.focus, v.path, v.value) for v in report.violations] == [(STATISTIC, KG.hedge, KG.Roughly)]


def test_integer_numbers_are_decimals(graph):
    # xsd:integer is derived from xsd:decimal: the builder writes whole numbers as integers.
    graph.set((STATISTIC, KG.value, Literal(6000)))
    graph.set((STATISTIC, KG.maxValue, Literal(6000)))
    graph.set((FOUNDING, KG.confidence, Literal(1)))
    assert validate_shapes(graph).conforms


def test_statistic_value_as_double_is_reported(graph):
    graph.set((STATISTIC, KG.value, Literal(6000.0)))
    report = validate_shapes(graph)
    assert [(v.focus, v.path) for v in report.violations] == [(STATISTIC, KG.value)]
    assert '(value "6000.0"^^xsd:double)' in report.text


def test_begin_not_before_end_is_reported(graph):
    s = URIRef(f"{DOC}#char=5,5")
    graph.add((s, RDF.type, KG.TextSpan))
    graph.add((s, NIF.beginIndex, Literal(5, datatype=NON_NEGATIVE)))
    graph.add((s, NIF.endIndex, Literal(5, datatype=NON_NEGATIVE)))
    graph.add((s, NIF.anchorOf, Literal("")))
    graph.add((s, NIF.referenceContext, DOC))
    report = validate_shapes(graph)
    assert [(v.focus, v.path) for v in report.violations] == [(s, NIF.beginIndex)]


def test_span_iri_must_follow_rfc5147(graph):
    s = D["span/1"]
    graph.add((s, RDF.type, KG.TextSpan))
    graph.add((s, NIF.beginIndex, Literal(0, datatype=NON_NEGATIVE)))
    graph.add((s, NIF.endIndex, Literal(2, datatype=NON_NEGATIVE)))
    graph.add((s, NIF.anchorOf, Literal("In")))
    graph.add((s, NIF.referenceContext, DOC))
    report = validate_shapes(graph)
    assert [v.focus for v in report.violations] == [s]
    assert "#char=0,2" in report.violations[0].message


def test_testimony_needs_witness_and_body(graph):
    graph.remove((TESTIMONY, KG.witness, None))
    graph.remove((TESTIMONY, KG.testifiedBefore, None))
    report = validate_shapes(graph)
    assert sorted((v.focus, v.path) for v in report.violations) == [
        (TESTIMONY, KG.testifiedBefore),
        (TESTIMONY, KG.witness),
    ]


def test_witness_must_be_a_person(graph):
    graph.set((TESTIMONY, KG.witness, THORN))
    report = validate_shapes(graph)
    assert [(v.focus, v.path, v.value) for v in report.violations] == [(TESTIMONY, KG.witness, THORN)]


def test_marriage_with_three_partners_is_reported(graph):
    graph.add((MARRIAGE, KG.partner, D["person/someone"]))
    report = validate_shapes(graph)
    assert (MARRIAGE, KG.partner) in [(v.focus, v.path) for v in report.violations]


def test_founding_needs_a_founder(graph):
    graph.remove((FOUNDING, KG.foundedBy, None))
    report = validate_shapes(graph)
    assert [(v.focus, v.path) for v in report.violations] == [(FOUNDING, KG.foundedBy)]


def test_quote_needs_its_text(graph):
    quote = D["fact/sample/quote"]
    graph.add((quote, RDF.type, KG.Quote))
    graph.add((quote, KG.speaker, KUTCHER))
    graph.add((quote, KG.setting, TESTIMONY))
    provenance(graph, quote, "a quote", span(graph, "Kutcher testified"))
    report = validate_shapes(graph)
    assert [(v.focus, v.path) for v in report.violations] == [(quote, KG.quoteText)]
    graph.add((quote, KG.quoteText, Literal("Kutcher testified")))
    assert validate_shapes(graph).conforms


@pytest.mark.parametrize(
    "sha256",
    ["E" * 64, "e" * 63, "g" * 64, hashlib.sha256(b"another text").hexdigest()],
    ids=["uppercase", "63-digits", "not-hex", "wrong-hash"],
)
def test_document_hash_is_64_hex_of_its_text(graph, sha256):
    graph.set((DOC, KG.sha256, Literal(sha256)))
    report = validate_shapes(graph)
    assert {(v.focus, v.path) for v in report.violations} == {(DOC, KG.sha256)}


def test_year_as_gyear_is_reported(graph):
    graph.set((FOUNDING, KG.year, Literal("2012", datatype=GYEAR)))
    report = validate_shapes(graph)
    assert [(v.focus, v.path) for v in report.violations] == [(FOUNDING, KG.year)]


def test_statement_needs_object_entity_or_value_not_both(graph):
    st = D["fact/sample/statement"]
    graph.add((st, RDF.type, KG.Statement))
    graph.add((st, KG.subjectEntity, KUTCHER))
    graph.add((st, KG.relation, Literal("testified before")))
    provenance(graph, st, "a statement", span(graph, "Kutcher testified before Congress"))
    assert [v.focus for v in validate_shapes(graph).violations] == [st]
    graph.add((st, KG.objectEntity, CONGRESS))
    assert validate_shapes(graph).conforms
    graph.add((st, KG.objectValue, Literal("Congress")))
    assert [v.focus for v in validate_shapes(graph).violations] == [st]


def test_report_text_lists_one_line_per_violation(graph):
    graph.remove((FOUNDING, KG.evidence, None))
    graph.remove((STATISTIC, KG.hedge, None))
    report = validate_shapes(graph)
    lines = report.text.splitlines()
    assert lines[0] == "2 violations of the kg shapes:"
    assert len(lines) == 3
    assert all(line.startswith("- <https://w3id.org/kg-news/id/fact/sample/") for line in lines[1:])


def test_shapes_with_service_are_refused(graph):
    shapes = load_shapes()
    shapes.add(
        (
            URIRef("urn:x"),
            URIRef("http://www.w3.org/ns/shacl#select"),
            Literal("SELECT $this WHERE { SERVICE <http://127.0.0.1:9/> { $this ?p ?o } }"),
        )
    )
    with pytest.raises(ValidationError, match="uses SERVICE"):
        validate_shapes(graph, shapes=shapes)


def test_owl_imports_in_data_are_not_fetched(graph):
    with socket.socket() as canary:
        canary.bind(("127.0.0.1", 0))
        canary.listen(5)
        canary.settimeout(0.3)
        port = canary.getsockname()[1]
        graph.add((DOC, OWL.imports, URIRef(f"http://127.0.0.1:{port}/x")))
        validate_shapes(graph)
        with pytest.raises(TimeoutError):
            canary.accept()
