"""The graph as networkx: RDF (or a CONSTRUCT result) to a ``MultiDiGraph``, and the walks analysts ask for.

Resources become nodes keyed by IRI, with a ``type`` (most specific class), a ``label`` and every literal
property as an attribute; object properties become edges keyed by the property's local name. Literals never
become nodes and ``rdf:type`` is no edge. Text spans are folded into an ``evidence`` attribute of the node
they support unless asked for as nodes. networkx is imported inside the functions, so importing this module
costs nothing on the ``kg query`` path.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import KgError
from .namespaces import KG, NIF

if TYPE_CHECKING:
    import networkx

__all__ = [
    "GRAPHML_SEPARATOR",
    "PATH_AVOIDS",
    "Evidence",
    "ExplainedPath",
    "Neighbour",
    "NoPathError",
    "PathStep",
    "UnknownNodeError",
    "explain_path",
    "find_node",
    "format_path",
    "neighbours",
    "subgraph_around",
    "to_networkx",
]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_EVIDENCE = str(KG.evidence)
_TEXT_SPAN = str(KG.TextSpan)
_BEGIN, _END, _ANCHOR = str(NIF.beginIndex), str(NIF.endIndex), str(NIF.anchorOf)
_REFERENCE_CONTEXT = str(NIF.referenceContext)
_IS_STRING = str(NIF.isString)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Attribute names kg sets itself; a literal property with the same local name gets its prefixed name instead.
_RESERVED = {"type", "classes", "label", "evidence"}
# kg:alias is many-valued by design: always a list, so ``for alias in data["alias"]`` never walks characters.
_ALWAYS_LIST = {str(KG.alias)}
_CHAR_FRAGMENT = re.compile(r"^(?P<document>[^#]+)#char=(?P<begin>\d+),(?P<end>\d+)$")
# Characters XML 1.0 cannot carry; GraphML is XML.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

GRAPHML_SEPARATOR = " | "
"""Joins the values of a many-valued attribute when ``graphml_safe`` (GraphML attributes are scalars)."""

PATH_AVOIDS = frozenset({"Hedge", "TextSpan", "NewsArticle"})
"""Node types ``explain_path`` does not walk through by default: a shared hedge ("more than"), a text span
or the article itself links everything to everything and explains nothing."""


class UnknownNodeError(KgError, LookupError):
    """No node has the IRI, name, label or alias asked for (or several do)."""


class NoPathError(KgError):
    """Two nodes are not connected (through the node types allowed)."""


class Evidence(NamedTuple):
    """One text span supporting a node: code-point offsets (end exclusive), the words, and their document."""

    begin: int | None
    end: int | None
    text: str | None
    document: str | None


class Neighbour(NamedTuple):
    node: str
    label: str
    type: str
    distance: int


class ExplainedPath(list):
    """The steps of a path (``PathStep``), printed as one line: ``print(explain_path(G, a, b))``."""

    def __str__(self) -> str:
        return format_path(self)


class PathStep(NamedTuple):
    """One node of a path and the edge that reached it (``predicate`` is None for the first node).

    ``forward`` is True when the RDF edge points from the previous node to this one.
    """

    node: str
    label: str
    type: str
    predicate: str | None
    forward: bool | None
    is_fact: bool


# --- conversion ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _ontology_superclasses() -> dict[str, frozenset[str]]:
    """Every class of the kg ontology to all its superclasses, read once from ``ontology/kg.ttl``."""
    from rdflib import Graph, URIRef

    from .paths import ontology_dir

    path = ontology_dir() / "kg.ttl"
    if not path.exists():
        return {}
    ontology = Graph().parse(path, format="turtle")
    return _close(((str(s), str(o)) for s, o in ontology.subject_objects(URIRef(_SUBCLASS))))


def _close(pairs) -> dict[str, frozenset[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for child, parent in pairs:
        parents[child].add(parent)
    closed = {}
    for cls in list(parents):
        seen: set[str] = set()
        todo = list(parents[cls])
        while todo:
            parent = todo.pop()
            if parent not in seen:
                seen.add(parent)
                todo.extend(parents.get(parent, ()))
        closed[cls] = frozenset(seen)
    return closed


def _local_name(iri: str) -> str:
    for separator in ("#", "/", ":"):
        _, found, tail = iri.rstrip(separator).rpartition(separator)
        if found and tail:
            return tail
    return iri


def _most_specific(classes: set[str], superclasses: dict[str, frozenset[str]]) -> str:
    """The class no other asserted class is a subclass of; ties go to kg's own classes, then by name."""
    if not classes:
        return "Resource"
    inherited = set().union(*(superclasses.get(cls, ()) for cls in classes))
    candidates = (classes - inherited) or classes

    def rank(cls: str):
        return (not cls.startswith(str(KG)), -len(superclasses.get(cls, ())), _local_name(cls))

    return _local_name(min(candidates, key=rank))


def _python_value(literal) -> Any:
    value = literal.toPython()
    if value is literal:  # rdflib knows no Python type for this datatype
        return str(literal)
    if isinstance(value, Decimal):
        # Decimals become floats: what pandas, matplotlib and GraphML expect of a number.
        return float(value)
    return value


def _attribute_names(predicates, namespace_manager, reserved: set[str]) -> dict[str, str]:
    """Each predicate to its local name, or its prefixed name where two predicates (or kg) share one."""
    by_local: dict[str, list[str]] = defaultdict(list)
    for predicate in predicates:
        by_local[_local_name(predicate)].append(predicate)
    names = {}
    for local, group in by_local.items():
        for predicate in group:
            if len(group) == 1 and local not in reserved:
                names[predicate] = local
            else:
                from rdflib import URIRef

                names[predicate] = namespace_manager.normalizeUri(URIRef(predicate)).strip("<>")
    return names


@dataclass
class _Collected:
    """The input's triples grouped by subject, in plain Python values; the view is assembled from this."""

    classes: dict[str, set[str]] = field(default_factory=dict)
    """Node id -> its rdf:type IRIs."""
    literals: dict[str, dict[str, list]] = field(default_factory=dict)
    """Node id -> predicate -> Python values (a literal stated twice is there twice)."""
    objects: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Node id -> predicate -> node ids (rdf:type aside)."""
    resources: dict[str, None] = field(default_factory=dict)
    """Every node id that is a subject or the object of a property other than rdf:type."""
    evidence_targets: set[str] = field(default_factory=set)
    subclass_pairs: list[tuple[str, str]] = field(default_factory=list)
    spans_from_iris: bool = False
    """The spans' own triples were not read: each span's offsets and document come from its IRI and its text
    from the document's ``nif:isString``, as kg builds them (``_collect_embedded``)."""


def _collect(graph, *, fold_spans: bool) -> tuple[_Collected, Any]:
    """The input's triples grouped by subject, and a namespace manager for prefixed names.

    Node ids are IRIs (``_:label`` for blank nodes); a literal is its Python value. A kg store and pyoxigraph
    triples are read straight from Oxigraph, never through an rdflib Graph: at a million triples the rdflib
    Graph alone would take more time and memory than the whole view.
    """
    from rdflib import Graph

    if isinstance(graph, Graph):
        return _collect_statements(_rdflib_statements(graph)), graph.namespace_manager
    if getattr(graph, "graph", None) is not None:  # rdflib.query.Result of a CONSTRUCT or DESCRIBE
        return _collect_statements(_rdflib_statements(graph.graph)), graph.graph.namespace_manager
    from .convert import ox_triples_to_rdflib

    namespace_manager = ox_triples_to_rdflib([]).namespace_manager
    oxigraph = getattr(graph, "oxigraph", None)
    if oxigraph is not None and not getattr(graph, "_union", False):
        return _collect_embedded(oxigraph, fold_spans=fold_spans), namespace_manager
    if hasattr(graph, "rdflib_graph"):  # a RemoteStore, or a file read into memory
        graph = graph.triples()
    return _collect_oxigraph(graph), namespace_manager


def _rdflib_statements(graph):
    from rdflib import BNode, Literal

    def node_id(term) -> str:
        return f"_:{term}" if isinstance(term, BNode) else str(term)

    for s, p, o in graph.triples((None, None, None)):
        if isinstance(o, Literal):
            yield node_id(s), str(p), _python_value(o), True
        else:
            yield node_id(s), str(p), node_id(o), False


def _collect_statements(statements) -> _Collected:
    found = _Collected()
    intern: dict[str, str] = {}
    for subject, predicate, value, is_literal in statements:
        subject = intern.setdefault(subject, subject)
        predicate = intern.setdefault(predicate, predicate)
        found.resources[subject] = None
        if is_literal:
            if predicate != _RDF_TYPE:
                found.literals.setdefault(subject, {}).setdefault(predicate, []).append(value)
            continue
        value = intern.setdefault(value, value)
        _add_object(found, subject, predicate, value)
    return found


def _add_object(found: _Collected, subject: str, predicate: str, target: str) -> None:
    if predicate == _RDF_TYPE:
        found.classes.setdefault(subject, set()).add(target)
        return
    found.resources[target] = None
    by_predicate = found.objects.get(subject)
    if by_predicate is None:
        by_predicate = found.objects[subject] = {}
    targets = by_predicate.get(predicate)
    if targets is None:
        by_predicate[predicate] = [target]
    else:
        targets.append(target)
    if predicate == _EVIDENCE:
        found.evidence_targets.add(target)
    elif predicate == _SUBCLASS:
        found.subclass_pairs.append((subject, target))


class _OxigraphReader:
    """Groups pyoxigraph terms into a ``_Collected``: a million triples pass through here, so each costs a few
    attribute reads and dictionary operations, and nothing more."""

    def __init__(self):
        import pyoxigraph as ox

        self.found = _Collected()
        self.named, self.literal = ox.NamedNode, ox.Literal
        self.string = ox.NamedNode(_XSD_STRING)
        self.intern: dict[str, str] = {}  # one str per IRI, however many triples repeat it
        self.converted: dict = {}  # typed literal -> Python value: values repeat (years, offsets, confidences)

    def node_id(self, term) -> str:
        value = term.value if type(term) is self.named else _ox_node_id(term)
        return self.intern.setdefault(value, value)

    def value(self, literal):
        if literal.language or literal.datatype == self.string:
            return literal.value
        python = self.converted.get(literal)
        if python is None:
            from .convert import ox_term_to_rdflib

            # Through rdflib, so that both kinds of input give the same Python values.
            python = self.converted[literal] = _python_value(ox_term_to_rdflib(literal))
        return python

    def add_triples(self, triples) -> None:
        """Triples or quads of any predicates."""
        intern = self.intern
        for triple in triples:
            predicate = triple.predicate.value
            self.add_pairs(intern.setdefault(predicate, predicate), ((triple.subject, triple.object),))

    def add_pairs(self, predicate: str, pairs) -> None:
        """``(subject, object)`` pairs of one predicate (an interned str)."""
        found, literal, node_id, value_of = self.found, self.literal, self.node_id, self.value
        literals, resources = found.literals, found.resources
        is_type = predicate == _RDF_TYPE
        for subject, value in pairs:
            subject = node_id(subject)
            resources[subject] = None
            if type(value) is not literal:
                _add_object(found, subject, predicate, node_id(value))
                continue
            if is_type:
                continue
            value = value_of(value)
            by_predicate = literals.get(subject)
            if by_predicate is None:
                literals[subject] = {predicate: [value]}
                continue
            values = by_predicate.get(predicate)
            if values is None:
                by_predicate[predicate] = [value]
            else:
                values.append(value)


def _collect_oxigraph(triples) -> _Collected:
    """``_collect_statements`` for pyoxigraph triples or quads."""
    reader = _OxigraphReader()
    reader.add_triples(triples)
    return reader.found


_SPAN_PREDICATES = (_BEGIN, _END, _ANCHOR, _REFERENCE_CONTEXT)


def _collect_embedded(store, *, fold_spans: bool) -> _Collected:
    """``_collect_oxigraph`` of an embedded store's default graph (kg keeps the union there), one predicate at
    a time: Oxigraph then decodes no predicate, and no class of an ``rdf:type`` triple (each class is a query
    of its own).

    With ``fold_spans`` the spans' own triples (type, offsets, text, document: 43% of a kg store) are not read
    when the store holds them as kg writes them: one span per evidence target, each with one value of each,
    its IRI ``DOCUMENT#char=BEGIN,END`` and its text that slice of the document's ``nif:isString``
    (``check_spans`` holds every built span to it). The counts (one typed span and one value of each property
    per evidence target) are checked in the store, and every IRI and document here; on any difference the
    spans are read like everything else.
    """
    import pyoxigraph as ox

    reader = _OxigraphReader()
    found = reader.found
    rdf_type, text_span = ox.NamedNode(_RDF_TYPE), ox.NamedNode(_TEXT_SPAN)
    predicates = [row[0] for row in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")]
    deferred = [p for p in predicates if p.value in _SPAN_PREDICATES] if fold_spans else []
    if rdf_type in predicates:
        predicates.remove(rdf_type)
        for (cls,) in store.query("SELECT DISTINCT ?c WHERE { ?s a ?c FILTER (isIRI(?c)) }"):
            if cls == text_span and fold_spans:
                deferred.append(cls)
                continue
            _read_class(reader, store, cls)
        # Blank nodes and literals as classes: rare, and read as they come.
        reader.add_pairs(_RDF_TYPE, store.query("SELECT ?s ?c WHERE { ?s a ?c FILTER (!isIRI(?c)) }"))
    for predicate in predicates:
        if predicate not in deferred:
            reader.add_pairs(reader.node_id(predicate), store.query(f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"))
    if deferred:
        if _spans_as_kg_writes_them(store, found, deferred):
            found.spans_from_iris = True
        else:
            for term in deferred:
                if term == text_span:
                    _read_class(reader, store, term)
                else:
                    reader.add_pairs(reader.node_id(term), store.query(f"SELECT ?s ?o WHERE {{ ?s {term} ?o }}"))
    return found


def _read_class(reader: _OxigraphReader, store, cls) -> None:
    found = reader.found
    name = reader.node_id(cls)
    for (subject,) in store.query(f"SELECT ?s WHERE {{ ?s a {cls} }}"):
        subject = reader.node_id(subject)
        found.resources[subject] = None
        found.classes.setdefault(subject, set()).add(name)


def _spans_as_kg_writes_them(store, found: _Collected, deferred: list) -> bool:
    """Whether every span's triples are what ``_span_evidence`` can rebuild from its IRI and its document."""
    spans = found.evidence_targets
    for term in deferred:
        pattern = f"?s a {term}" if term.value == _TEXT_SPAN else f"?s {term} ?o"
        counted = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?d) WHERE {{ {pattern} }}")))
        if int(counted["n"].value) != len(spans) or int(counted["d"].value) != len(spans):
            return False
    for span in spans:
        fragment = _CHAR_FRAGMENT.match(span)
        if not fragment:
            return False
        texts = found.literals.get(fragment["document"], {}).get(_IS_STRING)
        if not texts or len(texts) != 1 or not int(fragment["begin"]) <= int(fragment["end"]) <= len(texts[0]):
            return False
    return True


def _ox_node_id(term) -> str:
    import pyoxigraph as ox

    kind = type(term)
    if kind is ox.NamedNode:
        return term.value
    if kind is ox.BlankNode:
        return "_:" + term.value
    raise KgError(f"cannot make a node of {term}: RDF 1.2 triple terms are not supported")


def _sorted_unique(values: list) -> list:
    """A predicate's values once each, in a stable order (a triple read twice is one value, as in a graph)."""
    if len(values) == 1:
        return values
    unique = {(_sort_key(v), v) for v in values}
    return [v for _, v in sorted(unique, key=lambda item: item[0])]


def _span_evidence(span: str, found: _Collected) -> Evidence:
    props = found.literals.get(span, {})

    def first(predicate):
        values = props.get(predicate)
        return _sorted_unique(values)[0] if values else None

    begin, end, text = first(_BEGIN), first(_END), first(_ANCHOR)
    documents = found.objects.get(span, {}).get(_REFERENCE_CONTEXT)
    document = documents[0] if documents else None
    # A CONSTRUCT result may hold the evidence link but not the span's triples: RFC 5147 IRIs still say where.
    fragment = _CHAR_FRAGMENT.match(span)
    if fragment:
        begin = int(fragment["begin"]) if begin is None else begin
        end = int(fragment["end"]) if end is None else end
        document = document or fragment["document"]
        if found.spans_from_iris:
            text = found.literals[document][_IS_STRING][0][begin:end]
    return Evidence(begin, end, text, document)


def to_networkx(graph, *, graphml_safe: bool = False, include_spans: bool = False) -> networkx.MultiDiGraph:
    """The RDF graph as a ``networkx.MultiDiGraph``: resources as nodes, object properties as keyed edges.

    Parameters
    ----------
    graph : kg store, rdflib.Graph, CONSTRUCT result or iterable of pyoxigraph triples
        A kg store (its whole union graph, read straight from Oxigraph: a million triples take a few seconds
        and under 600 MB), an rdflib Graph, or a CONSTRUCT result (rdflib result or pyoxigraph triples).
    graphml_safe : bool
        Make every attribute a scalar GraphML can hold: lists joined with ``GRAPHML_SEPARATOR``, evidence as
        JSON text, one type per attribute name; ``networkx.write_graphml`` then writes the graph as is.
    include_spans : bool
        Keep text spans as nodes (type ``TextSpan``) with ``evidence`` and ``referenceContext`` edges. By
        default they are folded into an ``evidence`` attribute of the node they support: a list of
        ``Evidence(begin, end, text, document)``; the document node is then left without edges.

    Node attributes: ``type`` (local name of the most specific class, "Resource" when untyped), ``classes``
    (local names of all asserted classes), ``label`` (``rdfs:label``, else ``kg:name``, else the span text or
    the IRI's last segment) and one attribute per literal property, named by its local name (``year``,
    ``quoteText``, ``isString``...): a single value as a Python value (``xsd:decimal`` as float), several as
    a sorted list; ``alias`` is always a list. Edge key: the property's local name; edge attribute
    ``predicate``: its full IRI. Nodes and edges are added in sorted order, so the same RDF gives the same
    networkx graph.

    Examples
    --------
    >>> G = to_networkx(store)                                                       # doctest: +SKIP
    >>> G.nodes["https://w3id.org/kg-news/id/person/ashton-kutcher"]["label"]        # doctest: +SKIP
    'Ashton Kutcher'
    """
    import networkx as nx

    found, namespace_manager = _collect(graph, fold_spans=not include_spans)
    superclasses = dict(_ontology_superclasses())
    for cls, parents in _close(found.subclass_pairs).items():
        superclasses[cls] = superclasses.get(cls, frozenset()) | parents
    classes, literals, objects = found.classes, found.literals, found.objects
    spans = found.evidence_targets | {node for node, types in classes.items() if _TEXT_SPAN in types}
    kept = sorted(found.resources if include_spans else found.resources.keys() - spans)
    del found.resources

    literal_names = _attribute_names({p for node in kept for p in literals.get(node, ())} - {_RDFS_LABEL},
                                     namespace_manager, _RESERVED)
    edge_names = _attribute_names({p for node in kept for p in objects.get(node, ())}, namespace_manager, set())
    # Many nodes share one set of classes: their type and class names are worked out once per set.
    typed: dict[frozenset, tuple[str, list[str]]] = {}
    evidence_of: dict[str, Evidence] = {}
    no_classes: set[str] = set()
    nodes = []
    for node in kept:
        node_classes = frozenset(classes.get(node, no_classes))
        found_type = typed.get(node_classes)
        if found_type is None:
            found_type = typed[node_classes] = (_most_specific(set(node_classes), superclasses),
                                                sorted(_local_name(c) for c in node_classes))
        values = literals.get(node, {})
        for predicate, found_values in values.items():
            if len(found_values) > 1:
                values[predicate] = _sorted_unique(found_values)
        attributes: dict[str, Any] = {"type": found_type[0], "classes": list(found_type[1]),
                                      "label": _label(node, values)}
        for predicate in sorted(values):
            if predicate == _RDFS_LABEL:
                continue
            found_values = values[predicate]
            many = len(found_values) > 1 or predicate in _ALWAYS_LIST
            attributes[literal_names[predicate]] = list(found_values) if many else found_values[0]
        if not include_spans:
            evidence = []
            for span in set(objects.get(node, {}).get(_EVIDENCE, ())):
                found_evidence = evidence_of.get(span)
                if found_evidence is None:
                    found_evidence = evidence_of[span] = _span_evidence(span, found)
                evidence.append(found_evidence)
            if evidence:
                attributes["evidence"] = sorted(evidence, key=_evidence_key)
        nodes.append((node, attributes))
    del evidence_of, literals
    G = nx.MultiDiGraph()
    G.add_nodes_from(nodes)
    del nodes
    edges = []
    for subject in kept:
        by_predicate = objects.get(subject)
        if not by_predicate:
            continue
        for predicate in sorted(by_predicate):
            key = edge_names[predicate]
            targets = by_predicate[predicate]
            for target in sorted(set(targets)) if len(targets) > 1 else targets:
                if target in G:  # folded spans are attributes now, not edges
                    edges.append((subject, target, key, {"predicate": predicate}))
    G.add_edges_from(edges)
    if graphml_safe:
        _make_graphml_safe(G)
    return G


def _sort_key(value):
    return (type(value).__name__, str(value))


def _evidence_key(evidence: Evidence):
    return (evidence.document or "", evidence.begin if evidence.begin is not None else -1,
            evidence.end if evidence.end is not None else -1, evidence.text or "")


def _label(node: str, values: dict[str, list]) -> str:
    for predicate in (_RDFS_LABEL, str(KG.name), str(NIF.anchorOf)):
        found = values.get(predicate)
        if found:
            return str(found[0])
    return _local_name(node)


def _scalar(value) -> Any:
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _XML_ILLEGAL.sub("", str(value))


def _make_graphml_safe(G) -> None:
    """Scalars only, and one Python type per attribute name (GraphML declares one type per key)."""
    def convert(name: str, value):
        if name == "evidence":
            return json.dumps([e._asdict() for e in value], ensure_ascii=False)
        if isinstance(value, list):
            return GRAPHML_SEPARATOR.join(str(_scalar(v)) for v in value)
        return _scalar(value)

    for scope in (G.nodes(data=True), G.edges(keys=True, data=True)):
        data_of = [item[-1] for item in scope]
        for data in data_of:
            for name in [n for n, v in data.items() if v is None]:
                del data[name]
            for name, value in data.items():
                data[name] = convert(name, value)
        types: dict[str, set[type]] = defaultdict(set)
        for data in data_of:
            for name, value in data.items():
                types[name].add(type(value))
        for name, found in types.items():
            if len(found) < 2:
                continue
            target = float if found <= {int, float} else str
            for data in data_of:
                if name in data:
                    data[name] = target(data[name])


# --- finding nodes ---------------------------------------------------------------------------------------


def _names_of(data: dict) -> list[str]:
    names = [data.get("label"), data.get("name")]
    aliases = data.get("alias") or []
    if isinstance(aliases, str):  # graphml_safe joined them
        aliases = aliases.split(GRAPHML_SEPARATOR)
    return [n for n in (*names, *aliases) if isinstance(n, str) and n]


def find_node(G: networkx.MultiDiGraph, entity: str) -> str:
    """The node an IRI, name, label or alias designates (case does not matter when the exact form is absent).

    Raises ``UnknownNodeError`` listing close names when nothing matches, or the candidates when several
    nodes share the name.
    """
    if entity in G:
        return entity
    wanted = entity.strip()
    for fold in (lambda s: s, str.casefold):
        found = sorted({node for node, data in G.nodes(data=True)
                        if data.get("type") != "TextSpan" and fold(wanted) in map(fold, _names_of(data))})
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(f"{G.nodes[n]['label']} ({G.nodes[n].get('type')}: {n})" for n in found)
            raise UnknownNodeError(f"{entity!r} names {len(found)} nodes: {listed}; "
                                   "give the IRI of the one meant")
    raise UnknownNodeError(_unknown_message(G, entity))


def _unknown_message(G, entity: str) -> str:
    names = sorted({name for _, data in G.nodes(data=True) if data.get("type") != "TextSpan"
                    for name in _names_of(data)})
    folded = entity.casefold()
    close = [n for n in names if folded in n.casefold() or n.casefold() in folded]
    close += [n for n in difflib.get_close_matches(entity, names, n=5, cutoff=0.6) if n not in close]
    if close:
        return f"no node named {entity!r}; close names: {', '.join(close[:8])}"
    agents = sorted({data["label"] for _, data in G.nodes(data=True)
                     if data.get("type") in ("Person", "Organization", "LegislativeBody", "GovernmentBody")})
    return (f"no node named {entity!r} and no close name; give an IRI, a name or an alias"
            + (f", e.g. {', '.join(agents[:8])}" if agents else ""))


# --- walks -----------------------------------------------------------------------------------------------


def neighbours(G: networkx.MultiDiGraph, entity: str, *, depth: int = 1) -> list[Neighbour]:
    """The nodes within ``depth`` edges of an entity, edge direction ignored, nearest first, then by label.

    ``entity`` is an IRI or a name, label or alias (see ``find_node``).
    """
    import networkx as nx

    if depth < 1:
        raise KgError(f"depth must be 1 or more, not {depth}")
    start = find_node(G, entity)
    reached = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), start, cutoff=depth)
    found = [Neighbour(node, G.nodes[node]["label"], G.nodes[node]["type"], distance)
             for node, distance in reached.items() if node != start]
    return sorted(found, key=lambda n: (n.distance, n.label, n.node))


def subgraph_around(G: networkx.MultiDiGraph, entity: str, *, radius: int = 2) -> networkx.MultiDiGraph:
    """A copy of the part of ``G`` within ``radius`` edges of an entity (edge direction ignored)."""
    import networkx as nx

    return nx.ego_graph(G, find_node(G, entity), radius=radius, undirected=True)


def explain_path(G: networkx.MultiDiGraph, source: str, target: str, *, avoid=PATH_AVOIDS) -> ExplainedPath:
    """How two entities are connected: the shortest path between them, edge direction ignored, as steps.

    The path does not pass through nodes whose ``type`` is in ``avoid`` (the endpoints may be anything);
    give ``avoid=()`` to allow every node. When several paths are equally short, the one whose labels sort
    first is returned, so the answer is stable. Raises ``NoPathError`` when the two are not connected.

    The result is a list of ``PathStep`` that prints as one line (``format_path``).

    Examples
    --------
    >>> print(explain_path(G, "Demi Moore", "Thorn"))                              # doctest: +SKIP
    Demi Moore <-foundedBy- founding of Thorn (2012) -organizationFounded-> Thorn
    """
    import networkx as nx

    start, end = find_node(G, source), find_node(G, target)
    avoid = frozenset(avoid)
    allowed = nx.subgraph_view(G.to_undirected(as_view=True),
                               filter_node=lambda n: n in (start, end) or G.nodes[n].get("type") not in avoid)
    try:
        # Bounded: in a dense graph the number of equally short paths can explode.
        candidates = list(islice(nx.all_shortest_paths(allowed, start, end), 1000))
    except nx.NetworkXNoPath as e:
        through = f" through nodes other than {', '.join(sorted(avoid))}" if avoid else ""
        raise NoPathError(f"{G.nodes[start]['label']} and {G.nodes[end]['label']} are not connected{through}"
                          ) from e
    path = min(candidates, key=lambda nodes: [G.nodes[n]["label"] for n in nodes])
    steps = ExplainedPath([_step(G, path[0], None, None)])
    for previous, node in pairwise(path):
        forward_keys = sorted(G.get_edge_data(previous, node, default={}))
        backward_keys = sorted(G.get_edge_data(node, previous, default={}))
        if forward_keys:
            steps.append(_step(G, node, forward_keys[0], True))
        else:
            steps.append(_step(G, node, backward_keys[0], False))
    return steps


def _step(G, node: str, predicate: str | None, forward: bool | None) -> PathStep:
    data = G.nodes[node]
    classes = data.get("classes") or []
    if isinstance(classes, str):
        classes = classes.split(GRAPHML_SEPARATOR)
    return PathStep(node, data["label"], data["type"], predicate, forward, "Fact" in classes)


def format_path(steps: list[PathStep]) -> str:
    """A path as one line, arrows in RDF direction.

    ``Demi Moore <-foundedBy- founding of Thorn (2012) -organizationFounded-> Thorn``
    """
    parts = []
    for step in steps:
        if step.predicate is not None:
            parts.append(f"-{step.predicate}->" if step.forward else f"<-{step.predicate}-")
        parts.append(step.label)
    return " ".join(parts)
