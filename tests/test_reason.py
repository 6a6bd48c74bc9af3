"""OWL reasoning with HermiT: consistent data yields only inferred triples; inconsistent data raises an error
that names the individual at fault; nothing in the data can make owlready2 reach the network or import
code.
"""

import socket
import subprocess
import sys
from decimal import Decimal

import pytest
from rdflib import RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL

from kg.errors import ValidationError
from kg.namespaces import KG, NIF
from kg.reason import check_consistency, inferred_graph
from kg.validate import load_ontology

pytestmark = pytest.mark.slow  # each HermiT run starts a JVM: about 2 s

D = Namespace("https://w3id.org/kg-news/id/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
# Spelled out: rdflib's closed XSD namespace makes pytest's collection warn.
NON_NEGATIVE = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")

TEXT = (
    "In 2012, Kutcher and then-wife Demi Moore co-founded Thorn. "
    "Kutcher testified: \u201cWe build tools.\u201d"
)
DOC = D["document/sample"]
THORN = D["organization/thorn"]
KUTCHER = D["person/ashton-kutcher"]
MOORE = D["person/demi-moore"]
CONGRESS = D["organization/congress"]
FOUNDING = D["fact/sample/founding"]
MARRIAGE = D["fact/sample/marriage"]
TESTIMONY = D["fact/sample/testimony"]
QUOTE = D["fact/sample/quote"]
STATISTIC = D["fact/sample/statistic"]


def span(g: Graph, words: str) -> URIRef:
    begin = TEXT.index(words)
    node = URIRef(f"{DOC}#char={begin},{begin + len(words)}")
    g.add((node, RDF.type, KG.TextSpan))
    g.add((node, NIF.beginIndex, Literal(begin, datatype=NON_NEGATIVE)))
    g.add((node, NIF.endIndex, Literal(begin + len(words), datatype=NON_NEGATIVE)))
    g.add((node, NIF.anchorOf, Literal(words)))
    g.add((node, NIF.referenceContext, DOC))
    return node


def sample() -> Graph:
    """A founding with two founders, a marriage, a testimony with a quote, and a statistic."""
    g = Graph()
    g.add((DOC, RDF.type, KG.NewsArticle))
    g.add((DOC, NIF.isString, Literal(TEXT)))
    for node, cls, name in [
        (THORN, KG.Organization, "Thorn"),
        (KUTCHER, KG.Person, "Kutcher"),
        (MOORE, KG.Person, "Demi Moore"),
        (CONGRESS, KG.LegislativeBody, "Congress"),
    ]:
        g.add((node, RDF.type, cls))
        g.add((node, KG.name, Literal(name)))
        g.add((node, KG.confidence, Literal(Decimal("1.0"))))
        if name in TEXT:
            g.add((node, KG.evidence, span(g, name)))
    founding_span = span(g, TEXT[: TEXT.index("Thorn.") + 6])
    g.add((FOUNDING, RDF.type, KG.FoundingEvent))
    g.add((FOUNDING, KG.organizationFounded, THORN))
    g.add((FOUNDING, KG.foundedBy, KUTCHER))
    g.add((FOUNDING, KG.foundedBy, MOORE))
    g.add((FOUNDING, KG.year, Literal(2012)))
    g.add((FOUNDING, KG.evidence, founding_span))
    g.add((MARRIAGE, RDF.type, KG.Marriage))
    g.add((MARRIAGE, KG.partner, KUTCHER))
    g.add((MARRIAGE, KG.partner, MOORE))
    g.add((MARRIAGE, KG.former, Literal(True)))
    g.add((MARRIAGE, KG.evidence, span(g, "Kutcher and then-wife Demi Moore")))
    g.add((TESTIMONY, RDF.type, KG.Testimony))
    g.add((TESTIMONY, KG.witness, KUTCHER))
    g.add((TESTIMONY, KG.testifiedBefore, CONGRESS))
    g.add((TESTIMONY, KG.evidence, span(g, "Kutcher testified")))
    g.add((QUOTE, RDF.type, KG.Quote))
    g.add((QUOTE, KG.quoteText, Literal("We build tools.")))
    g.add((QUOTE, KG.speaker, KUTCHER))
    g.add((QUOTE, KG.setting, TESTIMONY))
    g.add((QUOTE, KG.evidence, span(g, "We build tools.")))
    variable = D["variable/tools-built"]
    g.add((variable, RDF.type, KG.StatisticalVariable))
    g.add((STATISTIC, RDF.type, KG.Statistic))
    g.add((STATISTIC, KG.value, Literal(Decimal(6000))))
    g.add((STATISTIC, KG.hedge, KG.Nearly))
    g.add((STATISTIC, KG.measure, variable))
    g.add((STATISTIC, KG.about, THORN))
    g.add((STATISTIC, KG.evidence, founding_span))
    return g


@pytest.fixture(scope="module")
def reasoned():
    data = sample()
    return data, check_consistency(data)


def test_inferred_graph_holds_exactly_the_entailed_shortcuts(reasoned):
    _, result = reasoned
    assert set(result.inferred) == {
        (THORN, KG.founder, KUTCHER),
        (THORN, KG.founder, MOORE),
        (KUTCHER, KG.testifiedIn, TESTIMONY),
        (TESTIMONY, KG.hasQuote, QUOTE),
        (KUTCHER, KG.spouse, MOORE),
        (MOORE, KG.spouse, KUTCHER),
    }


def test_inferred_graph_has_no_asserted_triple(reasoned):
    data, result = reasoned
    assert not set(result.inferred) & set(data)
    assert (FOUNDING, KG.foundedBy, KUTCHER) not in result.inferred


def test_reasoning_leaves_the_data_alone(reasoned):
    data, _ = reasoned
    assert set(data) == set(sample())
    assert (THORN, KG.founder, KUTCHER) not in data


def test_the_builder_output_for_the_thorn_article_is_consistent():
    from kg.build import build_graph, facts_for
    from kg.paths import sources_dir

    document, facts, _ = facts_for(sources_dir() / "thorn-kutcher.txt", extract=False)
    data = build_graph(document, facts, base=str(D))
    result = check_consistency(data)
    thorn, kutcher = D["organization/thorn"], D["person/ashton-kutcher"]
    assert (thorn, KG.founder, kutcher) in result.inferred
    assert (D["person/demi-moore"], KG.spouse, kutcher) in result.inferred
    assert (
        kutcher,
        KG.testifiedIn,
        D["fact/thorn-kutcher/testimony-kutcher-congress-2017"],
    ) in result.inferred
    assert not set(result.inferred) & set(data)


def test_untyped_founder_is_typed_by_the_range():
    data = sample()
    newcomer = D["person/newcomer"]
    data.add((FOUNDING, KG.foundedBy, newcomer))
    inferred = inferred_graph(data)
    assert (newcomer, RDF.type, KG.Agent) in inferred
    assert (THORN, KG.founder, newcomer) in inferred


def test_named_graphs_of_a_dataset_are_reasoned_over():
    ds = Dataset()
    graph = ds.graph(D["graph/sample"])
    for triple in sample():
        graph.add(triple)
    assert (THORN, KG.founder, MOORE) in inferred_graph(ds)


def test_alignment_adds_schema_and_wikidata_shortcuts():
    inferred = inferred_graph(sample(), ontology=load_ontology(alignment=True))
    assert (THORN, WDT.P112, KUTCHER) in inferred
    assert (THORN, SCHEMA.founder, MOORE) in inferred
    assert (MOORE, WDT.P26, KUTCHER) in inferred
    assert (QUOTE, PROV.wasDerivedFrom, URIRef(f"{DOC}#char=80,95")) in inferred
    assert (KUTCHER, KG.testifiedIn, TESTIMONY) in inferred


def test_person_and_organization_is_inconsistent_and_named():
    data = sample()
    data.add((KUTCHER, RDF.type, KG.Organization))
    with pytest.raises(ValidationError) as info:
        check_consistency(data)
    message = str(info.value)
    assert f"{KUTCHER} is typed both Organization and Person, which the ontology declares disjoint" in message
    assert str(MOORE) not in message


def test_disjointness_through_a_subclass_names_the_declared_pair():
    data = sample()
    data.add((MOORE, RDF.type, KG.LegislativeBody))
    with pytest.raises(ValidationError) as info:
        check_consistency(data)
    assert (
        f"{MOORE} is typed both LegislativeBody and Person, but Organization and Person are declared disjoint"
        in str(info.value)
    )


def test_type_from_a_range_is_explained():
    data = sample()
    data.add((TESTIMONY, KG.testifiedBefore, KUTCHER))  # a person is not a body
    with pytest.raises(ValidationError) as info:
        check_consistency(data)
    assert f"{KUTCHER} is typed both Person and Organization" in str(info.value)
    assert "Organization as object of kg:testifiedBefore" in str(info.value)


def test_double_where_decimal_is_required_is_named():
    data = sample()
    data.set((STATISTIC, KG.value, Literal(6000.0)))
    with pytest.raises(ValidationError) as info:
        check_consistency(data)
    assert f'{STATISTIC} has kg:value "6000.0"^^xsd:double, but its values must be xsd:decimal' in str(
        info.value
    )


def test_unknown_hedge_code_breaks_the_closed_set():
    data = sample()
    data.set((STATISTIC, KG.hedge, KG.Roughly))
    data.add((KG.Roughly, KG.code, Literal("roughly")))
    with pytest.raises(ValidationError) as info:
        check_consistency(data)
    assert (
        f"{KG.Roughly} is a Hedge, but Hedge is the closed set kg:Exact, kg:Approximately, kg:Nearly, "
        'kg:MoreThan, kg:AtLeast, kg:LessThan, kg:AtMost, and it can be none of them (its kg:code "roughly" '
        "is not theirs)" in str(info.value)
    )


def test_unknown_hedge_without_a_code_may_be_one_of_the_seven():
    # Open world: an unnamed hedge could be kg:Nearly under another name; SHACL's sh:in flags it instead.
    data = sample()
    data.set((STATISTIC, KG.hedge, KG.Roughly))
    assert (THORN, KG.founder, KUTCHER) in inferred_graph(data)


def test_hermit_agrees_that_an_unknown_hedge_code_is_inconsistent():
    # kg checks the closed set itself so HermiT can reason without nominals; with them, HermiT concurs.
    import owlready2

    from kg.reason import _hermit

    data = sample()
    data.set((STATISTIC, KG.hedge, KG.Roughly))
    data.add((KG.Roughly, KG.code, Literal("roughly")))
    merged = load_ontology() + data
    merged.remove((None, NIF.isString, None))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(merged)


def test_two_hedges_on_one_statistic_is_inconsistent():
    data = sample()
    data.add((STATISTIC, KG.hedge, KG.MoreThan))
    with pytest.raises(ValidationError, match=f"{STATISTIC} has both .* as kg:hedge; kg:hedge is functional"):
        check_consistency(data)


def test_gyear_is_refused_before_hermit_runs():
    data = sample()
    data.set((FOUNDING, KG.year, Literal("2012", datatype=GYEAR)))
    with pytest.raises(ValidationError, match="store years as xsd:integer") as info:
        check_consistency(data)
    assert str(FOUNDING) in str(info.value)


def test_owl_imports_and_python_module_in_data_are_stripped():
    data = sample()
    with socket.socket() as canary:
        canary.bind(("127.0.0.1", 0))
        canary.listen(5)
        canary.settimeout(0.3)
        port = canary.getsockname()[1]
        target = URIRef(f"http://127.0.0.1:{port}/x")
        header = URIRef("http://example.org/evil-ontology")
        data.add((header, RDF.type, OWL.Ontology))
        data.add((header, OWL.imports, target))
        data.add((DOC, OWL.imports, target))
        module = URIRef(
            "http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#python_module"
        )
        data.add((header, module, Literal("kg_canary_module_never_imported")))
        data.add(
            (URIRef("http://kg-reasoning.invalid/input"), module, Literal("kg_canary_module_never_imported"))
        )
        inferred = inferred_graph(data)
        with pytest.raises(TimeoutError):
            canary.accept()
    assert (THORN, KG.founder, KUTCHER) in inferred
    assert "kg_canary_module_never_imported" not in sys.modules


@pytest.mark.parametrize("module", ["kg.reason", "kg.validate"])
def test_importing_kg_modules_does_not_import_heavy_libraries(module):
    heavy = ("owlready2", "pyshacl", "spacy")
    code = f"import sys, {module}; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
