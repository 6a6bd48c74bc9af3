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
import sys
from collections import defaultdict
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


def _statements(graph):
    """The input's triples as ``(subject, predicate, object, is_literal)`` of plain Python values, and a namespace
    manager for prefixed names.

    Node ids are IRIs (``_:label`` for blank nodes); a literal object is its Python value. A kg store and
    pyoxigraph triples are read straight from Oxigraph, never through an rdflib Graph: at a million triples
    the rdflib Graph alone would take more time and memory than the whole view.
    """
    from rdflib import Graph

    if isinstance(graph, Graph):
        return _rdflib_statements(graph), graph.namespace_manager
    if getattr(graph, "graph", None) is not None:  # rdflib.query.Result of a CONSTRUCT or DESCRIBE
        return _rdflib_statements(graph.graph), graph.graph.namespace_manager
    from .convert import ox_triples_to_rdflib

    namespace_manager = ox_triples_to_rdflib([]).namespace_manager
    if hasattr(graph, "rdflib_graph"):  # an EmbeddedStore or RemoteStore
        graph = graph.triples()
    return _oxigraph_statements(graph), namespace_manager


def _rdflib_statements(graph):
    from rdflib import BNode, Literal

    def node_id(term) -> str:
        return sys.intern(f"_:{term}" if isinstance(term, BNode) else str(term))

    for s, p, o in graph.triples((None, None, None)):
        if isinstance(o, Literal):
            yield node_id(s), sys.intern(str(p)), _python_value(o), True
        else:
            yield node_id(s), sys.intern(str(p)), node_id(o), False


def _oxigraph_statements(triples):
    import pyoxigraph as ox

    blank, literal = ox.BlankNode, ox.Literal
    converted: dict[tuple[str, str], Any] = {}

    def node_id(term) -> str:
        if isinstance(term, blank):
            return sys.intern(f"_:{term.value}")
        if isinstance(term, literal) or not hasattr(term, "value"):
            raise KgError(f"cannot make a node of {term}: RDF 1.2 triple terms are not supported")
        return sys.intern(term.value)

    def value_of(term):
        if term.language:
            return term.value
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return term.value
        key = (term.value, datatype)
        found = converted.get(key)
        if found is None:
            # Values repeat (years, offsets, confidences): each lexical form is converted by rdflib once, so
            # both inputs give the same Python values.
            from .convert import ox_term_to_rdflib

            found = converted[key] = _python_value(ox_term_to_rdflib(term))
        return found

    for triple in triples:
        o = triple.object
        if isinstance(o, literal):
            yield node_id(triple.subject), sys.intern(triple.predicate.value), value_of(o), True
        else:
            yield node_id(triple.subject), sys.intern(triple.predicate.value), node_id(o), False


def _span_evidence(span: str, literals: dict[str, dict[str, list]], objects: dict[str, dict[str, list]]):
    props = literals.get(span, {})

    def first(predicate):
        values = props.get(str(predicate))
        return values[0] if values else None

    begin, end, text = first(NIF.beginIndex), first(NIF.endIndex), first(NIF.anchorOf)
    documents = objects.get(span, {}).get(str(NIF.referenceContext))
    document = documents[0] if documents else None
    # A CONSTRUCT result may hold the evidence link but not the span's triples: RFC 5147 IRIs still say where.
    fragment = _CHAR_FRAGMENT.match(span)
    if fragment:
        begin = int(fragment["begin"]) if begin is None else begin
        end = int(fragment["end"]) if end is None else end
        document = document or fragment["document"]
    return Evidence(begin, end, text, document)


def to_networkx(graph, *, graphml_safe: bool = False, include_spans: bool = False) -> networkx.MultiDiGraph:
    """The RDF graph as a ``networkx.MultiDiGraph``: resources as nodes, object properties as keyed edges.

    Parameters
    ----------
    graph : kg store, rdflib.Graph, CONSTRUCT result or iterable of pyoxigraph triples
        A kg store (its whole union graph, read straight from Oxigraph: a million triples take some 20 s and
        under 1 GB), an rdflib Graph, or a CONSTRUCT result (rdflib result or pyoxigraph triples).
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
    >>> G = to_networkx(store)                          # ``store`` holds the bundled Thorn article
    >>> G.nodes["https://w3id.org/kg-news/id/person/ashton-kutcher"]["label"]
    'Ashton Kutcher'
    >>> sorted(key for _, _, key in G.out_edges("https://w3id.org/kg-news/id/fact/thorn-kutcher/founding-thorn",
    ...                                          keys=True))
    ['foundedBy', 'foundedBy', 'organizationFounded']
    """
    import networkx as nx

    statements, namespace_manager = _statements(graph)
    classes: dict[str, set[str]] = defaultdict(set)
    literal_values: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    objects: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    resources: set[str] = set()
    subclass_pairs = []

    for subject, predicate, value, is_literal in statements:
        resources.add(subject)
        if is_literal:
            if predicate != _RDF_TYPE:
                literal_values[subject][predicate].append(value)
        elif predicate == _RDF_TYPE:
            classes[subject].add(value)
        else:
            resources.add(value)
            objects[subject][predicate].append(value)
            if predicate == _SUBCLASS:
                subclass_pairs.append((subject, value))

    superclasses = dict(_ontology_superclasses())
    for cls, parents in _close(subclass_pairs).items():
        superclasses[cls] = superclasses.get(cls, frozenset()) | parents
    spans = {r for r in resources if _TEXT_SPAN in classes.get(r, ())}
    spans |= {t for props in objects.values() for t in props.get(_EVIDENCE, ())}
    for props in literal_values.values():
        for predicate, values in props.items():
            # A triple read twice (a store answering over a bag of graphs) is one value, as in a graph.
            unique = {(_sort_key(v), v) for v in values}
            props[predicate] = [v for _, v in sorted(unique, key=lambda item: item[0])]

    kept = sorted(resources if include_spans else resources - spans)
    del resources
    literal_names = _attribute_names({p for s in kept for p in literal_values.get(s, ())} - {_RDFS_LABEL},
                                     namespace_manager, _RESERVED)
    edge_names = _attribute_names({p for s in kept for p in objects.get(s, ())}, namespace_manager, set())

    G = nx.MultiDiGraph()
    for node in kept:
        values = literal_values.get(node, {})
        attributes: dict[str, Any] = {
            "type": _most_specific(classes.get(node, set()), superclasses),
            "classes": sorted(_local_name(c) for c in classes.get(node, ())),
            "label": _label(node, values),
        }
        for predicate, found in sorted(values.items()):
            if predicate == _RDFS_LABEL:
                continue
            many = len(found) > 1 or predicate in _ALWAYS_LIST
            attributes[literal_names[predicate]] = found if many else found[0]
        if not include_spans:
            evidence = sorted((_span_evidence(span, literal_values, objects)
                               for span in set(objects.get(node, {}).get(_EVIDENCE, ()))), key=_evidence_key)
            if evidence:
                attributes["evidence"] = evidence
        G.add_node(node, **attributes)
    for subject in kept:
        for predicate, targets in sorted(objects.get(subject, {}).items()):
            for target in sorted(set(targets)):
                if target in G:  # folded spans are attributes now, not edges
                    G.add_edge(subject, target, key=edge_names[predicate], predicate=predicate)
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
