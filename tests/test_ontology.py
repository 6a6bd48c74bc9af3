"""The ontology files: they parse, declare every term docs/design.md lists, stay within OWL 2 DL typing rules,
and say what the design says (disjointness, functional properties, inverses, the chain, the closed hedge
set).
"""

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH

from kg.facts import HEDGES
from kg.namespaces import KG, NIF
from kg.paths import ontology_dir
from kg.validate import load_ontology, load_shapes

ROOT = Path(__file__).resolve().parent.parent
PREFIXES = {
    "kg": str(KG),
    "nif": str(NIF),
    "dcterms": "http://purl.org/dc/terms/",
}
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
# Terms kg/ingest.py uses that docs/design.md does not list.
INGEST_TERMS = {KG.EntityMerge, KG.mergedInto, KG.mergedName, KG.rule, KG.aliasDeclaredBy, KG.buildKey}
HEDGE_IRIS = ["Exact", "Approximately", "Nearly", "MoreThan", "AtLeast", "LessThan", "AtMost"]


def design_vocabulary() -> tuple[set[URIRef], set[URIRef]]:
    """(classes and individuals, properties) named in the Vocabulary section of docs/design.md."""
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    section = text.split("## Vocabulary", 1)[1].split("\nLabels:", 1)[0]
    prose, table = section.split("| property |", 1)

    def terms(chunk: str) -> set[URIRef]:
        found = set()
        for quoted in re.findall(r"`([^`]+)`", chunk):
            for prefix, local in re.findall(r"\b(kg|nif|dcterms):([A-Za-z][A-Za-z0-9]*)", quoted):
                found.add(URIRef(PREFIXES[prefix] + local))
        return found

    # Only the first column of the table names properties; the others hold classes and notes. The prose
    # names classes and hedge individuals, and mentions kg:code.
    first_column = "\n".join(line.split("|")[1] for line in table.splitlines() if line.startswith("| `"))
    properties = terms(first_column)
    return terms(prose) - properties, properties


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def aligned() -> Graph:
    return load_ontology(alignment=True)


def test_design_table_is_parsed():
    classes, properties = design_vocabulary()
    assert KG.TextSpan in classes and KG.AtMost in classes and KG.UnnamedSource in classes
    assert {KG.minValue, KG.maxValue, KG.objectValue, NIF.beginIndex, NIF.endIndex} <= properties
    assert URIRef("http://purl.org/dc/terms/source") in properties and KG.source in properties
    assert (len(classes), len(properties)) == (31, 51)


def test_ontology_header(onto):
    header = URIRef("https://w3id.org/kg-news/ontology")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert not list(onto.objects(None, OWL.imports))


def test_every_class_and_individual_of_the_design_is_declared(onto):
    classes, _ = design_vocabulary()
    hedges = {KG[name] for name in HEDGE_IRIS}
    assert hedges <= classes
    for term in classes - hedges:
        assert (term, RDF.type, OWL.Class) in onto, term
    for term in hedges:
        assert (term, RDF.type, OWL.NamedIndividual) in onto, term
        assert (term, RDF.type, KG.Hedge) in onto, term


def test_every_property_of_the_design_is_declared_with_a_range(onto):
    _, properties = design_vocabulary()
    kinds = {OWL.ObjectProperty, OWL.DatatypeProperty}
    for term in properties:
        declared = set(onto.objects(term, RDF.type)) & kinds
        assert len(declared) == 1, term
        assert onto.value(term, RDFS.range) is not None, term


def test_every_kg_term_has_label_and_comment(onto):
    declared = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
        for s in onto.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    classes, properties = design_vocabulary()
    assert classes | properties | INGEST_TERMS | {KG.testifiedIn, KG.hasQuote} == declared
    for term in declared:
        assert onto.value(term, RDFS.label) is not None, term
        assert onto.value(term, RDFS.comment) is not None, term


BUILTIN = (str(RDF), str(RDFS), str(OWL), XSD_NS)


@pytest.mark.parametrize("which", ["kg.ttl", "kg.ttl + alignment.ttl"])
def test_owl2_dl_typing(which, onto, aligned):
    """Every used term has one OWL kind: what an OWL 2 DL parser needs to avoid falling back to OWL Full."""
    graph = onto if which == "kg.ttl" else aligned
    objects = set(graph.subjects(RDF.type, OWL.ObjectProperty))
    datatypes = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
    annotations = set(graph.subjects(RDF.type, OWL.AnnotationProperty)) | {
        RDFS.label,
        RDFS.comment,
        OWL.versionInfo,
    }
    classes = set(graph.subjects(RDF.type, OWL.Class))
    assert not objects & datatypes
    for p in set(graph.predicates()):
        assert str(p).startswith(BUILTIN) or p in objects | datatypes | annotations, (
            f"undeclared predicate {p}"
        )
    for s, o in graph.subject_objects(RDFS.subClassOf):
        assert s in classes and o in classes, (s, o)
    for p, o in graph.subject_objects(RDFS.subPropertyOf):
        assert (p in objects and o in objects) or (p in datatypes and o in datatypes), (p, o)
    for p, r in graph.subject_objects(RDFS.range):
        if p in objects:
            assert r in classes, (p, r)
        else:
            assert str(r).startswith(XSD_NS) or r == RDFS.Literal, (p, r)
    for p, d in graph.subject_objects(RDFS.domain):
        assert d in classes, (p, d)


@pytest.mark.parametrize(
    "prop",
    [
        KG.name,
        KG.code,
        KG.sha256,
        KG.value,
        KG.hedge,
        KG.measure,
        KG.year,
        KG.organizationFounded,
        NIF.beginIndex,
        NIF.endIndex,
        NIF.anchorOf,
        NIF.referenceContext,
        NIF.isString,
    ],
)
def test_functional(onto, prop):
    assert (prop, RDF.type, OWL.FunctionalProperty) in onto


@pytest.mark.parametrize("prop", [KG.founder, KG.confidence, KG.method, KG.foundedBy, KG.evidence])
def test_not_functional(onto, prop):
    # kg:founder is non-simple (a chain): OWL 2 DL forbids it; confidence/method repeat on shared agents.
    assert (prop, RDF.type, OWL.FunctionalProperty) not in onto


def test_person_and_organization_disjoint(onto):
    assert (KG.Person, OWL.disjointWith, KG.Organization) in onto


def test_top_classes_pairwise_disjoint(onto):
    groups = [
        set(Collection(onto, onto.value(n, OWL.members)))
        for n in onto.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    expected = {KG.Agent, KG.Programme, KG.Fact, KG.Source, KG.TextSpan, KG.StatisticalVariable, KG.Hedge}
    assert expected in groups


def test_inverses_symmetry_and_chain(onto):
    assert (KG.witness, OWL.inverseOf, KG.testifiedIn) in onto
    assert (KG.setting, OWL.inverseOf, KG.hasQuote) in onto
    assert (KG.spouse, RDF.type, OWL.SymmetricProperty) in onto
    chain = list(Collection(onto, onto.value(KG.founder, OWL.propertyChainAxiom)))
    assert len(chain) == 2
    assert onto.value(chain[0], OWL.inverseOf) == KG.organizationFounded
    assert chain[1] == KG.foundedBy


def test_years_are_integers_and_offsets_non_negative(onto):
    assert onto.value(KG.year, RDFS.range) == URIRef(XSD_NS + "integer")
    assert onto.value(NIF.beginIndex, RDFS.range) == URIRef(XSD_NS + "nonNegativeInteger")


def test_hedges_are_a_closed_set_matching_the_facts_format(onto):
    one_of = next(onto.objects(KG.Hedge, OWL.equivalentClass))
    members = list(Collection(onto, onto.value(one_of, OWL.oneOf)))
    assert members == [KG[name] for name in HEDGE_IRIS]
    assert [str(onto.value(m, KG.code)) for m in members] == list(HEDGES)
    different = [
        list(Collection(onto, onto.value(n, OWL.distinctMembers)))
        for n in onto.subjects(RDF.type, OWL.AllDifferent)
    ]
    assert different == [members]


@pytest.mark.parametrize(
    "triple",
    [
        (KG.Person, RDFS.subClassOf, SCHEMA.Person),
        (KG.Organization, RDFS.subClassOf, SCHEMA.Organization),
        (KG.Quote, RDFS.subClassOf, SCHEMA.Quotation),
        (KG.Statistic, RDFS.subClassOf, SCHEMA.Observation),
        (KG.Agent, RDFS.subClassOf, PROV.Agent),
        (KG.Fact, RDFS.subClassOf, PROV.Entity),
        (KG.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (KG.founder, RDFS.subPropertyOf, SCHEMA.founder),
        (KG.founder, RDFS.subPropertyOf, WDT.P112),
        (KG.spouse, RDFS.subPropertyOf, SCHEMA.spouse),
        (KG.spouse, RDFS.subPropertyOf, WDT.P26),
        (KG.quoteText, RDFS.subPropertyOf, WDT.P1683),
        (KG.year, URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"), WDT.P585),
        (KG.datePublished, RDFS.subPropertyOf, SCHEMA.datePublished),
        (KG.url, RDFS.subPropertyOf, SCHEMA.url),
        (KG.author, URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"), SCHEMA.author),
        (KG.siteName, URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"), SCHEMA.publisher),
    ],
)
def test_alignment(triple):
    graph = Graph().parse(data=(ontology_dir() / "alignment.ttl").read_bytes(), format="turtle")
    assert triple in graph


def test_alignment_imports_nothing_and_maps_no_class_to_prov_activity(aligned):
    assert not list(aligned.objects(None, OWL.imports))
    assert not list(aligned.subjects(RDFS.subClassOf, PROV.Activity))


def test_shapes_refer_to_declared_terms(onto):
    shapes = load_shapes()
    classes = set(onto.subjects(RDF.type, OWL.Class))
    properties = set(onto.subjects(RDF.type, OWL.ObjectProperty)) | set(
        onto.subjects(RDF.type, OWL.DatatypeProperty)
    )
    targets = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    assert targets and targets <= classes
    paths = {p for p in shapes.objects(None, SH.path) if isinstance(p, URIRef)}
    assert paths <= properties | {RDFS.label}, paths - properties
    assert {
        KG.Fact,
        KG.Agent,
        KG.TextSpan,
        KG.Statistic,
        KG.Testimony,
        KG.Quote,
        KG.FoundingEvent,
        KG.Marriage,
        KG.Document,
    } <= set(shapes.objects(None, SH.targetClass))


def test_shapes_hedge_list_is_the_closed_set():
    shapes = load_shapes()
    lists = [list(Collection(shapes, node)) for node in shapes.objects(None, SH["in"])]
    assert lists == [[KG[name] for name in HEDGE_IRIS]]


@pytest.mark.parametrize("name, expected", [
    ("kg.ttl", (URIRef("https://w3id.org/kg-news/ontology"), RDF.type, OWL.Ontology)),
    ("alignment.ttl", (KG.Person, RDFS.subClassOf, SCHEMA.Person)),
    ("shapes.ttl", (URIRef("https://w3id.org/kg-news/shapes#DocumentShape"), SH.targetClass, KG.Document)),
])
def test_files_are_utf8_turtle_with_no_literal_language_on_kg_values(name, expected):
    data = (ontology_dir() / name).read_bytes()
    graph = Graph().parse(data=data, format="turtle")
    assert expected in graph
    # kg values (codes) must be plain strings: HermiT sees "exact"@en and "exact" as different values.
    for lit in graph.objects(None, KG.code):
        assert isinstance(lit, Literal) and lit.language is None and lit.datatype is None
