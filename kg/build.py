"""Building: one document and its facts to RDF under the kg ontology, with provenance attached.

Every fact becomes its own node (an event, quote, statistic, relationship or statement) carrying its
qualifiers, a confidence, the method that produced it, and ``kg:evidence`` links to text-span nodes that
point into the document node (NIF 2.0). The graph of one document is self-contained, so a store can keep
one named graph per document and retract it as a whole.
"""

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from .documents import Document, curation_path, read_document
from .errors import FactsError
from .facts import Facts, Span, check_spans, load_facts
from .namespaces import DCTERMS, KG, NIF, PREFIXES, Minter

__all__ = ["HEDGE_INDIVIDUALS", "build_graph", "build_triples", "facts_for", "hedge_interval"]

BUILDER_VERSION = 2
"""Bumped whenever the RDF written for the same facts changes, so stores rebuild unchanged documents."""

HEDGE_INDIVIDUALS = {
    "exact": KG.Exact,
    "approximately": KG.Approximately,
    "nearly": KG.Nearly,
    "more_than": KG.MoreThan,
    "at_least": KG.AtLeast,
    "less_than": KG.LessThan,
    "at_most": KG.AtMost,
}

# Classes asserted with each kind of node. Superclasses are asserted too so that plain SPARQL, with no
# reasoner and no ontology in the store, finds every organization and every fact.
_ENTITY_CLASSES = {
    "Person": (KG.Person,),
    "Organization": (KG.Organization,),
    "LegislativeBody": (KG.LegislativeBody, KG.Organization),
    "GovernmentBody": (KG.GovernmentBody, KG.Organization),
}


def hedge_interval(hedge: str, value, value_max=None):
    """The interval a hedged figure states: ``(min, min_exclusive, max, max_exclusive)``, ``None`` for open.

    "more than 100" is (100, exclusive, open); "nearly 6,000" is (open, 6000 exclusive); "about 50" states no
    bound at all, so both ends are open.
    """
    if value_max is not None:
        return value, False, value_max, False
    return {
        "exact": (value, False, value, False),
        "approximately": (None, False, None, False),
        "nearly": (None, False, value, True),
        "more_than": (value, True, None, False),
        "at_least": (value, False, None, False),
        "less_than": (None, False, value, True),
        "at_most": (None, False, value, False),
    }[hedge]


def _number(value) -> Literal:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


# Offsets and confidences repeat across spans and documents; an rdflib Literal costs some 20 µs to make.
@lru_cache(maxsize=1 << 16)
def _offset(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


@lru_cache(maxsize=1024)
def _confidence(value: float) -> Literal:
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


class _Builder:
    def __init__(self, document: Document, facts: Facts, base: str | None):
        self.document = document
        self.facts = facts
        self.mint = Minter(document.slug, base=base)
        # Triples in the order they are made, each once (a dict keeps insertion order): building an rdflib
        # Graph costs several times more than this, and the store path needs only the triples.
        self.triples: dict[tuple, None] = {}
        self.entities: dict[str, URIRef] = {}
        self.names: dict[str, str] = {}
        self.events: dict[str, URIRef] = {}

    def add(self, subject, predicate, obj) -> None:
        if obj is not None:
            self.triples[(subject, predicate, obj if isinstance(obj, (URIRef, Literal)) else Literal(obj))] = None

    def span(self, span: Span) -> URIRef:
        node = self.mint.span(span.begin, span.end)
        self.add(node, RDF.type, KG.TextSpan)
        self.add(node, NIF.beginIndex, _offset(span.begin))
        self.add(node, NIF.endIndex, _offset(span.end))
        self.add(node, NIF.anchorOf, Literal(span.text))
        self.add(node, NIF.referenceContext, self.mint.document())
        return node

    def provenance(self, node: URIRef, record, spans: list[Span]) -> None:
        for span in spans:
            self.add(node, KG.evidence, self.span(span))
        self.add(node, KG.confidence, _confidence(record.confidence))
        self.add(node, KG.method, record.method)

    def fact_node(self, record, *classes: URIRef, label: str) -> URIRef:
        node = self.mint.fact(record.id)
        for cls in (*classes, KG.Fact):
            self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, label)
        self.provenance(node, record, record.evidence)
        return node

    def build(self) -> list[tuple]:
        self.document_node()
        for entity in self.facts.entities:
            node = self.mint.entity(entity.type, entity.name)
            self.entities[entity.id] = node
            self.names[entity.id] = entity.name
            for cls in _ENTITY_CLASSES[entity.type]:
                self.add(node, RDF.type, cls)
            self.add(node, KG.name, entity.name)
            self.add(node, RDFS.label, entity.name)
            for alias in entity.aliases:
                if alias != entity.name:
                    self.add(node, KG.alias, alias)
            self.provenance(node, entity, entity.mentions)
        for record in self.facts.foundings:
            self.founding(record)
        for record in self.facts.marriages:
            self.marriage(record)
        for record in self.facts.testimonies:
            self.testimony(record)
        for record in self.facts.interviews:
            self.interview(record)
        for record in self.facts.quotes:
            self.quote(record)
        for record in self.facts.statistics:
            self.statistic(record)
        for record in self.facts.statements:
            self.statement(record)
        return list(self.triples)

    def document_node(self) -> None:
        node = self.mint.document()
        self.add(node, RDF.type, KG.NewsArticle)
        self.add(node, RDF.type, KG.Document)
        self.add(node, KG.fileName, self.document.name)
        self.add(node, RDFS.label, self.facts.title or self.document.title or self.document.name)
        self.add(node, KG.sha256, self.document.sha256)
        self.add(node, NIF.isString, Literal(self.document.text))
        self.add(node, DCTERMS.title, self.facts.title or self.document.title)
        self.add(node, DCTERMS.source, self.facts.source)
        # What a saved web page says about itself (kg.webpage); schema.org terms in ontology/alignment.ttl.
        if self.document.published is not None:
            self.add(node, KG.datePublished, self.document.published.isoformat())
        for author in self.document.authors:
            self.add(node, KG.author, author)
        self.add(node, KG.siteName, self.document.site_name)
        if self.document.url:
            self.add(node, KG.url, Literal(self.document.url, datatype=XSD.anyURI))

    def founding(self, record) -> None:
        org = self.names[record.organization]
        label = f"founding of {org}" + (f" ({record.year})" if record.year else "")
        node = self.fact_node(record, KG.FoundingEvent, KG.Event, label=label)
        self.add(node, KG.organizationFounded, self.entities[record.organization])
        for founder in record.founders:
            self.add(node, KG.foundedBy, self.entities[founder])
        self.add(node, KG.year, _year(record.year))

    def marriage(self, record) -> None:
        first, second = (self.names[p] for p in record.partners)
        node = self.fact_node(record, KG.Marriage, KG.Relationship, label=f"marriage of {first} and {second}")
        for partner in record.partners:
            self.add(node, KG.partner, self.entities[partner])
        self.add(node, KG.former, Literal(record.former))

    def testimony(self, record) -> None:
        label = f"testimony of {self.names[record.witness]} before {self.names[record.body]}"
        label += f" ({record.year})" if record.year else ""
        node = self.fact_node(record, KG.Testimony, KG.Event, label=label)
        self.events[record.id] = node
        self.add(node, KG.witness, self.entities[record.witness])
        self.add(node, KG.testifiedBefore, self.entities[record.body])
        self.add(node, KG.year, _year(record.year))
        self.add(node, KG.topic, record.topic)

    def interview(self, record) -> None:
        label = f"interview of {self.names[record.interviewee]}"
        if record.programme:
            label += f" with {record.programme}"
        node = self.fact_node(record, KG.Interview, KG.Event, label=label)
        self.events[record.id] = node
        self.add(node, KG.interviewee, self.entities[record.interviewee])
        if record.interviewer:
            self.add(node, KG.interviewer, self.entities[record.interviewer])
        if record.programme:
            programme = self.mint.programme(record.programme)
            self.add(programme, RDF.type, KG.Programme)
            self.add(programme, KG.name, record.programme)
            self.add(programme, RDFS.label, record.programme)
            self.add(node, KG.programme, programme)
        self.add(node, KG.year, _year(record.year))

    def quote(self, record) -> None:
        node = self.fact_node(record, KG.Quote, label=f"“{shorten(record.text, 60)}”")
        self.add(node, KG.quoteText, record.text)
        if record.speaker:
            self.add(node, KG.speaker, self.entities[record.speaker])
        if record.setting:
            self.add(node, KG.setting, self.events[record.setting])

    def statistic(self, record) -> None:
        node = self.fact_node(record, KG.Statistic, label=f"{record.surface} {record.measure}")
        self.add(node, KG.value, _number(record.value))
        self.add(node, KG.surfaceForm, record.surface)
        hedge = HEDGE_INDIVIDUALS[record.hedge]
        # The hedge's code travels with the data so plain SPARQL can read it without the ontology.
        self.add(hedge, RDF.type, KG.Hedge)
        self.add(hedge, KG.code, record.hedge)
        self.add(hedge, RDFS.label, record.hedge.replace("_", " "))
        self.add(node, KG.hedge, hedge)
        low, low_open, high, high_open = hedge_interval(record.hedge, record.value, record.value_max)
        if low is not None:
            self.add(node, KG.minValue, _number(low))
            self.add(node, KG.minExclusive, Literal(low_open))
        if high is not None:
            self.add(node, KG.maxValue, _number(high))
            self.add(node, KG.maxExclusive, Literal(high_open))
        variable = self.mint.variable(record.measure)
        self.add(variable, RDF.type, KG.StatisticalVariable)
        self.add(variable, KG.name, record.measure)
        self.add(variable, RDFS.label, record.measure)
        self.add(node, KG.measure, variable)
        if record.about:
            self.add(node, KG.about, self.entities[record.about])
        self.add(node, KG.year, _year(record.year))
        if record.source:
            source = self.mint.source(record.source)
            is_report = "report" in record.source.lower()
            for cls in (KG.Report, KG.Document) if is_report else (KG.UnnamedSource,):
                self.add(source, RDF.type, cls)
            self.add(source, RDF.type, KG.Source)
            self.add(source, KG.name, record.source)
            self.add(source, RDFS.label, record.source)
            self.add(node, KG.source, source)
        self.add(node, KG.unit, record.unit)
        if record.vague:
            self.add(node, KG.vague, Literal(True))

    def statement(self, record) -> None:
        label = f"{self.names[record.subject]} {record.relation} " + (
            self.names[record.object] if record.object else str(record.value))
        node = self.fact_node(record, KG.Statement, label=label)
        self.add(node, KG.subjectEntity, self.entities[record.subject])
        self.add(node, KG.relation, record.relation)
        if record.object:
            self.add(node, KG.objectEntity, self.entities[record.object])
        self.add(node, KG.objectValue, record.value)


def _year(year: int | None) -> Literal | None:
    return None if year is None else Literal(year, datatype=XSD.integer)


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, "..." marking the cut (labels)."""
    if len(text) <= width:
        return text
    cut = text[: width - 3].rsplit(None, 1)[0] if " " in text[: width - 3] else text[: width - 3]
    return cut.rstrip(",;:-–—") + "..."


def build_graph(document: Document, facts: Facts, *, base: str | None = None, origin: str | None = None) -> Graph:
    """The RDF graph of one document: document node, spans, entities and facts.

    Every span is checked against the text first; a mismatch stops the build with a message naming the
    fact and its offsets, before anything reaches a store.
    """
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    for triple in build_triples(document, facts, base=base, origin=origin):
        graph.add(triple)
    return graph


def build_triples(document: Document, facts: Facts, *, base: str | None = None,
                  origin: str | None = None) -> list[tuple]:
    """The triples of ``build_graph`` as a list of rdflib terms, each once, without building a Graph.

    For the store path (``kg.store.document_nquads`` turns them into N-Quads text); same checks as
    ``build_graph``.
    """
    origin = origin or f"facts of {document.name}"
    if facts.document != document.name:
        raise FactsError(f"{origin}: written for document {facts.document!r}, not {document.name!r}; "
                         "fix its \"document\" key or move it beside the right document")
    check_spans(facts, document.text, origin=origin)
    return _Builder(document, facts, base).build()


def facts_for(path: str | Path, *, encoding: str | None = None, extract: bool = True) -> tuple[Document, Facts, str]:
    """Read a document and its facts: the curation file beside it when there is one, else extraction.

    Returns the document, its facts and where the facts came from ("curated: <file>" or "extracted").
    """
    path = Path(path)
    document = read_document(path, encoding=encoding)
    curated = curation_path(path)
    if curated.exists():
        return document, load_facts(curated), f"curated: {curated}"
    if not extract:
        return document, Facts(document=document.name), "none"
    from .extract import extract as run_extraction

    return document, run_extraction(document), "extracted"
