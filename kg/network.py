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
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import chain, islice, pairwise
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import KgError
from .namespaces import KG, NIF

if TYPE_CHECKING:
    from collections.abc import Sequence

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
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"
# Attribute names kg sets itself; a literal property with the same local name gets its prefixed name instead.
_RESERVED = {"type", "classes", "label", "evidence"}
# kg:alias is many-valued by design: always a list, so ``for alias in data["alias"]`` never walks characters.
_ALWAYS_LIST = {str(KG.alias)}
_CHAR_FRAGMENT = re.compile(r"^(?P<document>[^#]+)#char=(?P<begin>\d+),(?P<end>\d+)$")
_CHAR_FRAGMENTS = re.compile(r"^([^#\n]+)#char=(\d+),(\d+)$", re.MULTILINE)
"""``_CHAR_FRAGMENT`` of each line of a text."""
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
    """The input's statements by predicate, in plain Python values; the view is assembled from this.

    By predicate rather than by subject: a store is read one predicate at a time, and the view sets one
    attribute (or adds one kind of edge) for all its nodes at once.
    """

    classes: dict[str, list[str]] = field(default_factory=dict)
    """Node id -> its rdf:type IRIs."""
    literals: dict[str, dict[str, Sequence]] = field(default_factory=dict)
    """Predicate -> node id -> Python values (a literal stated twice is there twice): a list, or a tuple where a
    store's predicate has one value per subject (``_grouped``); never changed once read."""
    objects: dict[str, dict[str, Sequence[str]]] = field(default_factory=dict)
    """Predicate -> node id -> node ids (rdf:type aside), a list or a tuple as for ``literals``."""
    resources: set[str] = field(default_factory=set)
    """Every node id that is a subject or the object of a property other than rdf:type."""
    span_evidence: dict[str, Evidence] | None = None
    """When the spans' own triples were not read: each span's ``Evidence``, its document, begin and end from its
    IRI and its text that slice of the document's ``nif:isString``, as kg builds them (``_collect_embedded``)."""


def _append(column: dict, key: str, value) -> None:
    values = column.get(key)
    if values is None:
        column[key] = [value]
    else:
        values.append(value)


def _collect(graph, *, fold_spans: bool, meanwhile=None) -> tuple[_Collected, Any]:
    """The input's statements by predicate, and a namespace manager for prefixed names.

    Node ids are IRIs (``_:label`` for blank nodes); a literal is its Python value. A kg store and pyoxigraph
    triples are read straight from Oxigraph, never through an rdflib Graph: at a million triples the rdflib
    Graph alone would take more time and memory than the whole view. ``meanwhile`` is called while an
    embedded store is being read (see ``_collect_embedded``), for any other input before it is.
    """
    from rdflib import Graph

    from .store import EmbeddedStore

    if meanwhile is not None and not (isinstance(graph, EmbeddedStore) and not graph._union):
        meanwhile()
    if isinstance(graph, Graph):
        return _collect_statements(_rdflib_statements(graph)), graph.namespace_manager
    if getattr(graph, "graph", None) is not None:  # rdflib.query.Result of a CONSTRUCT or DESCRIBE
        return _collect_statements(_rdflib_statements(graph.graph)), graph.graph.namespace_manager
    from .convert import ox_triples_to_rdflib

    namespace_manager = ox_triples_to_rdflib([]).namespace_manager
    if isinstance(graph, EmbeddedStore) and not graph._union:
        # Its pyoxigraph store, without the ``oxigraph`` property: that one is for writing too. The store's lock
        # keeps kg's writes (a bulk batch loading in another thread) out while the view's reader threads query.
        with graph._serialized():
            return _collect_embedded(graph._store, fold_spans=fold_spans, meanwhile=meanwhile), namespace_manager
    if hasattr(graph, "rdflib_graph"):  # a RemoteStore, or a file read into memory
        graph = graph.triples()
    return _collect_statements(_oxigraph_statements(graph)), namespace_manager


def _rdflib_statements(graph):
    from rdflib import BNode, Literal

    def node_id(term) -> str:
        return f"_:{term}" if isinstance(term, BNode) else str(term)

    for s, p, o in graph.triples((None, None, None)):
        if isinstance(o, Literal):
            yield node_id(s), str(p), _python_value(o), True
        else:
            yield node_id(s), str(p), node_id(o), False


def _oxigraph_statements(triples):
    """``_rdflib_statements`` for pyoxigraph triples or quads."""
    import pyoxigraph as ox

    literal, values = ox.Literal, _LiteralValues()
    for triple in triples:
        value = triple.object
        if type(value) is literal:
            yield _ox_node_id(triple.subject), triple.predicate.value, values.of(value), True
        else:
            yield _ox_node_id(triple.subject), triple.predicate.value, _ox_node_id(value), False


def _collect_statements(statements, found: _Collected | None = None) -> _Collected:
    found = _Collected() if found is None else found
    classes, literals, objects, resources = found.classes, found.literals, found.objects, found.resources
    intern: dict[str, str] = {}  # one str per IRI, however many statements repeat it
    for subject, predicate, value, is_literal in statements:
        subject = intern.setdefault(subject, subject)
        resources.add(subject)
        if is_literal:
            if predicate != _RDF_TYPE:
                _append(literals.setdefault(predicate, {}), subject, value)
            continue
        value = intern.setdefault(value, value)
        if predicate == _RDF_TYPE:
            _append(classes, subject, value)
        else:
            resources.add(value)
            _append(objects.setdefault(predicate, {}), subject, value)
    return found


class _LiteralValues:
    """Literals to Python values, each distinct typed literal converted once: values repeat (years, offsets,
    confidences), and the conversion goes through rdflib, so that every kind of input gives the same values."""

    def __init__(self):
        import pyoxigraph as ox

        self.ox = ox
        self.string = ox.NamedNode(_XSD_STRING)
        self.converted: dict = {}  # pyoxigraph literal -> Python value
        self.from_tsv = _ConvertedOnce(self._of_tsv)
        """TSV token -> Python value: numbers, dates, years... repeat, and a token seen before costs a lookup."""

    def of(self, literal) -> Any:
        if literal.language or literal.datatype == self.string:
            return literal.value
        python = self.converted.get(literal)
        if python is None:
            from .convert import ox_term_to_rdflib

            python = self.converted[literal] = _python_value(ox_term_to_rdflib(literal))
        return python

    def of_tsv_column(self, tokens: list[str]) -> list:
        """``of_tsv`` of each token of a result's column, in order.

        A column of plain strings (names, labels, quotes) is cut out of the joined column in one go: a token is
        ``"..."`` with its quotes and tabs escaped, so a quote, a tab and a quote are only ever the seam between
        two tokens. Any other column goes token by token, each distinct token converted once.
        """
        joined = "\t".join(tokens)
        if joined[:1] == '"' and joined[-1:] == '"' and joined.count('"\t"') == len(tokens) - 1:
            strings = joined[1:-1].split('"\t"')
            if "\\" in joined:
                strings = [_unescape(text) if "\\" in text else text for text in strings]
            return strings
        return list(map(self.from_tsv.__getitem__, tokens))

    def of_tsv(self, token: str) -> Any:
        """The value of a literal as Oxigraph writes it in a TSV result (N-Triples syntax, numbers and booleans
        in Turtle's short form)."""
        return self.from_tsv[token]

    def _of_tsv(self, token: str) -> Any:
        if token[0] == '"':
            end = token.rfind('"')
            if end == len(token) - 1:  # a plain string
                return _unescape(token[1:-1])
            if token[end + 1] == "@":  # a language-tagged string
                return _unescape(token[1:end])
        return self.of(self._tsv_literal(token))

    def _tsv_literal(self, token: str):
        ox = self.ox
        if token[0] == '"':
            end = token.rfind('"')
            if not (token.startswith("^^<", end + 1) and token.endswith(">")):
                raise KgError(f"cannot read the literal {token[:200]} that Oxigraph wrote in a result")
            return ox.Literal(_unescape(token[1:end]), datatype=ox.NamedNode(token[end + 4:-1]))
        if token in ("true", "false"):
            datatype = "boolean"
        elif "e" in token or "E" in token:
            datatype = "double"
        elif "." in token:
            datatype = "decimal"
        else:
            datatype = "integer"
        return ox.Literal(token, datatype=ox.NamedNode(_XSD + datatype))


class _ConvertedOnce(dict):
    """A dict that makes a missing key's value with ``make`` and keeps it: ``map(d.__getitem__, keys)`` then
    converts each distinct key once, and looks every other one up without a Python call."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)


def _unescape(text: str) -> str:
    """An N-Triples string's characters: ``\\t``, ``\\n``, ``\\"``... and ``\\uXXXX`` undone."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(_unescaped, text)


def _unescaped(match) -> str:
    code = match[1] or match[2]
    return chr(int(code, 16)) if code else _ECHAR.get(match[3], match[0])


def _tsv_cells(data: bytes, columns: int) -> list[str]:
    """The cells of a SELECT result Oxigraph wrote as TSV, row after row, without the header.

    Oxigraph escapes tabs and line breaks inside literals (IRIs and blank node labels cannot hold them), so
    every tab and newline of the text ends a cell; splitting on those only, not on what ``str.splitlines``
    also takes for a line break (form feeds, U+2028...), which literals hold unescaped.
    """
    return data.decode().replace("\n", "\t").split("\t")[columns:-1]


def _tsv_node_id(token: str) -> str:
    if token[0] == "<":
        if token.startswith("<<"):
            raise KgError(f"cannot make a node of {token[:200]}: RDF 1.2 triple terms are not supported")
        return sys.intern(token[1:-1])
    return sys.intern(token)  # a blank node, "_:label": the node id kg gives blank nodes


def _node_ids() -> _ConvertedOnce:
    """TSV token of a resource (``<iri>``, ``_:label``) -> its node id, one str per resource however many
    results name it; ``list(map(ids.__getitem__, tokens))`` looks known tokens up without a Python call."""
    return _ConvertedOnce(_tsv_node_id)


_SPAN_PREDICATES = (_BEGIN, _END, _ANCHOR, _REFERENCE_CONTEXT)
_READERS = 2
"""Threads that have Oxigraph evaluate queries and write their results: it does so without the GIL, so two
of them and the thread reading their results share the work; more did not help on two cores."""


def _collect_embedded(store, *, fold_spans: bool, meanwhile=None) -> _Collected:
    """``_collect_statements`` of an embedded store's default graph (kg keeps the union there).

    Most of the time is Oxigraph's: each term of a result is looked up in RocksDB (some 5 µs), and building a
    pyoxigraph object for each costs as much again. So each query's result is written by Oxigraph as TSV
    bytes in a worker thread (without the GIL) and split in Python, and the queries ask for as few terms as
    they can: one query per predicate (no predicate decoded) and one per class (no class decoded).

    With ``fold_spans`` the spans' own triples (type, offsets, text, document: 43% of a kg store) are not read
    when the store holds them as kg writes them: one span per evidence target, each with one value of each,
    its IRI ``DOCUMENT#char=BEGIN,END`` and its text that slice of the document's ``nif:isString``
    (``check_spans`` holds every built span to it). The counts (one typed span and one value of each property
    per evidence target) are checked in the store, and every IRI and document here; on any difference the
    spans are read like everything else.

    ``meanwhile`` (no arguments) is called once the first queries are under way: work of the calling thread
    that does not need their results.
    """
    from concurrent.futures import ThreadPoolExecutor

    import pyoxigraph as ox

    tsv = ox.QueryResultsFormat.TSV

    def select(query: str) -> bytes:
        return store.query(query).serialize(format=tsv)

    found, values, ids = _Collected(), _LiteralValues(), _node_ids()
    text_span = f"<{_TEXT_SPAN}>"
    pool = ThreadPoolExecutor(_READERS)
    try:
        predicates_read = pool.submit(select, "SELECT DISTINCT ?p WHERE { ?s ?p ?o }")
        classes = _tsv_cells(select("SELECT DISTINCT ?c WHERE { ?s a ?c }"), 1)  # FILTER (isIRI) costs 5x
        if any(cls[0] != "<" for cls in classes):  # blank nodes or literals as classes: rare, read as they come
            _add_pairs(found, values, ids, _RDF_TYPE,
                       select("SELECT ?s ?c WHERE { ?s a ?c FILTER (!isIRI(?c)) }"))
            classes = [cls for cls in classes if cls[0] == "<"]
        deferred = [text_span] if fold_spans and text_span in classes else []
        class_reads = [(cls, pool.submit(select, f"SELECT ?s WHERE {{ ?s a {cls} }}"))
                       for cls in classes if cls not in deferred]
        if meanwhile is not None:
            meanwhile()
        predicates = [p for p in _tsv_cells(predicates_read.result(), 1) if p != f"<{_RDF_TYPE}>"]
        if fold_spans:
            deferred += [p for p in predicates if p[1:-1] in _SPAN_PREDICATES]
        counts = [pool.submit(select, "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?d) WHERE { "
                              + (f"?s a {term}" if term == text_span else f"?s {term} ?o") + " }")
                  for term in deferred]
        predicate_reads = [(p, pool.submit(select, f"SELECT ?s ?o WHERE {{ ?s {p} ?o }}"))
                           for p in predicates if p not in deferred]
        for cls, read in class_reads:
            _add_class(found, ids, _tsv_node_id(cls), read.result())
        for predicate, read in predicate_reads:
            _add_pairs(found, values, ids, sys.intern(predicate[1:-1]), read.result())
        if deferred:
            found.span_evidence = _spans_as_kg_writes_them(found, [read.result() for read in counts])
            if found.span_evidence is None:
                for term in deferred:
                    if term == text_span:
                        _add_class(found, ids, _TEXT_SPAN, select(f"SELECT ?s WHERE {{ ?s a {term} }}"))
                    else:
                        _add_pairs(found, values, ids, term[1:-1],
                                   select(f"SELECT ?s ?o WHERE {{ ?s {term} ?o }}"))
    finally:
        pool.shutdown(cancel_futures=True)
    return found


def _add_class(found: _Collected, ids: _ConvertedOnce, cls: str, result: bytes) -> None:
    """The ``?s`` rows of ``?s a cls``, as TSV."""
    subjects = list(map(ids.__getitem__, _tsv_cells(result, 1)))
    found.resources.update(subjects)
    classes = found.classes
    get = classes.get
    for subject in subjects:
        known = get(subject)
        if known is None:
            classes[subject] = [cls]
        else:
            known.append(cls)


def _add_pairs(found: _Collected, values: _LiteralValues, ids: _ConvertedOnce, predicate: str,
               result: bytes) -> None:
    """The ``?s ?o`` rows of one predicate, as TSV (each predicate is read once)."""
    cells = _tsv_cells(result, 2)
    subjects = list(map(ids.__getitem__, cells[0::2]))
    tokens = cells[1::2]
    del cells
    found.resources.update(subjects)
    kinds = set(map(itemgetter(0), tokens))  # "<" an IRI, "_" a blank node, anything else a literal
    if predicate != _RDF_TYPE and kinds <= {"<", "_"}:  # resources only: edges
        if any(token.startswith("<<") for token in tokens):
            raise KgError(f"the store holds an RDF 1.2 triple term as the object of <{predicate}>; "
                          "triple terms cannot be nodes of the networkx view")
        targets = list(map(ids.__getitem__, tokens))
        found.resources.update(targets)
        found.objects[predicate] = _grouped(subjects, targets)
    elif predicate != _RDF_TYPE and not kinds & {"<", "_"}:  # literals only: attributes
        found.literals[predicate] = _grouped(subjects, values.of_tsv_column(tokens))
    else:
        statements = ((subject, predicate, ids[token], False) if token[0] in "<_"
                      else (subject, predicate, values.of_tsv(token), True)
                      for subject, token in zip(subjects, tokens, strict=True))
        _collect_statements(statements, found)


def _grouped(keys: list[str], values: list) -> dict[str, Sequence]:
    """Each key to its values in order (a tuple of one, or a list): most properties have one value per
    subject."""
    # One-value tuples, made in C by zip: half the allocations of one-item lists, and as quickly freed.
    grouped = dict(zip(keys, zip(values), strict=True))
    if len(grouped) < len(keys):
        grouped = {}
        get = grouped.get
        for key, value in zip(keys, values, strict=True):
            found = get(key)
            if found is None:
                grouped[key] = [value]
            else:
                found.append(value)
    return grouped


def _spans_as_kg_writes_them(found: _Collected, counts: list[bytes]) -> dict[str, Evidence] | None:
    """Each span's ``Evidence`` from its IRI and its document's text, if every span's triples are what that
    rebuilds (the counts of its triples are ``counts``' and its IRI and document are as kg writes them);
    None otherwise, and ``_span_evidence`` reads them."""
    spans = list(set(chain.from_iterable(found.objects.get(_EVIDENCE, {}).values())))
    for result in counts:
        n, distinct = _tsv_cells(result, 2)
        if int(n) != len(spans) or int(distinct) != len(spans):
            return None
    return _evidence_from_iris(found, spans)


def _evidence_from_iris(found: _Collected, spans: list[str]) -> dict[str, Evidence] | None:
    """Each span's ``Evidence`` from its IRI ``DOCUMENT#char=BEGIN,END`` and that slice of its document's one
    ``nif:isString``; None if a span's IRI or document is not as kg writes them."""
    # One search over every IRI, a line each (an IRI holds no line break), instead of a match per span.
    fragments = _CHAR_FRAGMENTS.findall("\n".join(spans))
    if len(fragments) != len(spans):
        return None
    texts = {document: (document, values[0])
             for document, values in found.literals.get(_IS_STRING, {}).items() if len(values) == 1}
    evidence = {}
    for span, (document, begin, end) in zip(spans, fragments, strict=True):
        found_text = texts.get(document)
        begin, end = int(begin), int(end)
        if found_text is None or not begin <= end <= len(found_text[1]):
            return None
        # The document's node id, not a copy per span: the view holds one str per document.
        evidence[span] = Evidence(begin, end, found_text[1][begin:end], found_text[0])
    return evidence


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


def _evidence_of(found: _Collected, evidence: dict[str, list[str]]) -> dict[str, Evidence]:
    """Every evidence target's ``Evidence``."""
    if found.span_evidence is not None:
        return found.span_evidence
    spans = {target for targets in evidence.values() for target in targets}
    return {span: _span_evidence(span, found) for span in spans}


def _span_evidence(span: str, found: _Collected) -> Evidence:
    def first(predicate):
        values = found.literals.get(predicate, {}).get(span)
        return _sorted_unique(values)[0] if values else None

    begin, end, text = first(_BEGIN), first(_END), first(_ANCHOR)
    documents = found.objects.get(_REFERENCE_CONTEXT, {}).get(span)
    document = documents[0] if documents else None
    # A CONSTRUCT result may hold the evidence link but not the span's triples: RFC 5147 IRIs still say where.
    fragment = _CHAR_FRAGMENT.match(span)
    if fragment:
        begin = int(fragment["begin"]) if begin is None else begin
        end = int(fragment["end"]) if end is None else end
        document = document or fragment["document"]
    return Evidence(begin, end, text, document)


def to_networkx(graph, *, graphml_safe: bool = False, include_spans: bool = False,
                cache: bool = True) -> networkx.MultiDiGraph:
    """The RDF graph as a ``networkx.MultiDiGraph``: resources as nodes, object properties as keyed edges.

    Parameters
    ----------
    graph : kg store, rdflib.Graph, CONSTRUCT result or iterable of pyoxigraph triples
        A kg store (its whole union graph, read straight from Oxigraph by two threads: a million triples take
        0.4-0.6x the time of a plain loop over them, and under 450 MB; see docs/stores.md), an rdflib Graph,
        or a CONSTRUCT result (rdflib result or pyoxigraph triples).
    graphml_safe : bool
        Make every attribute a scalar GraphML can hold: lists joined with ``GRAPHML_SEPARATOR``, evidence as
        JSON text, one type per attribute name; ``networkx.write_graphml`` then writes the graph as is.
    include_spans : bool
        Keep text spans as nodes (type ``TextSpan``) with ``evidence`` and ``referenceContext`` edges. By
        default they are folded into an ``evidence`` attribute of the node they support: a list of
        ``Evidence(begin, end, text, document)``; the document node is then left without edges.
    cache : bool
        For an embedded store: take the view from the store's cache of views (``kg.viewcache``, in
        ``<store>.views/`` beside the folder) when one was saved for the store's current content and these
        options, and save it there otherwise. Every write kg makes to the store makes the saved views unused
        (``EmbeddedStore.generation``); a second view of an unchanged store of a million triples loads in
        under a second instead of being built again (docs/stores.md). Without a saved view, the view is
        assembled from the parts the store's writer kept as it wrote each document (``kg.keptview``) when it
        kept them for the store's current content, instead of being read from the store. ``cache=False``
        always reads the store.

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
    import gc

    from .store import EmbeddedStore

    generation = graph.generation() if cache and isinstance(graph, EmbeddedStore) and not graph._union else None
    if generation is not None:
        from .viewcache import cache_key, load_view

        key = cache_key(generation, graphml_safe=graphml_safe, include_spans=include_spans)
        view = load_view(graph.path, key)
        if view is not None:
            return view
    # The view makes millions of containers and frees none of them: the cyclic collector would walk them all
    # again at every collection, for nothing (a third of the view's time at a million triples).
    collecting = gc.isenabled()
    gc.disable()
    try:
        view = None
        if generation is not None and not include_spans:
            view = _kept_view(graph.path, generation, graphml_safe=graphml_safe)
        if view is None:
            view = _to_networkx(graph, graphml_safe=graphml_safe, include_spans=include_spans)
    finally:
        if collecting:
            gc.enable()
    # Saved only if nothing was written while the store was read: the same token before and after.
    if generation is not None and graph.generation() == generation:
        from .viewcache import save_view

        save_view(graph.path, key, view)
    return view


def _kept_view(store_path, generation: str, *, graphml_safe: bool) -> networkx.MultiDiGraph | None:
    """The view of an embedded store at ``generation`` from the parts its writer kept (``kg.keptview``), or
    None when it kept none for that content."""
    from .keptview import kept_statements

    found = kept_statements(store_path, generation)
    if found is None:
        return None
    from .convert import ox_triples_to_rdflib

    return _assemble(found, ox_triples_to_rdflib([]).namespace_manager, graphml_safe=graphml_safe,
                     include_spans=False)


def _to_networkx(graph, *, graphml_safe: bool, include_spans: bool) -> networkx.MultiDiGraph:
    def prepare() -> None:
        """What the view needs besides the statements: done while Oxigraph reads them."""
        import networkx  # noqa: F401 - imported here, while the store is read, not after

        _ontology_superclasses()

    found, namespace_manager = _collect(graph, fold_spans=not include_spans, meanwhile=prepare)
    return _assemble(found, namespace_manager, graphml_safe=graphml_safe, include_spans=include_spans)


def _assemble(found: _Collected, namespace_manager, *, graphml_safe: bool,
              include_spans: bool) -> networkx.MultiDiGraph:
    """The view of the statements ``found``: the same graph whatever order and however often (from one
    store, or from the parts a writer kept, ``kg.keptview``) each statement was collected."""
    import networkx as nx

    classes, literals, objects = found.classes, found.literals, found.objects
    superclasses = dict(_ontology_superclasses())
    subclass_pairs = [(cls, parent) for cls, parents in objects.get(_SUBCLASS, {}).items() for parent in parents]
    for cls, parents in _close(subclass_pairs).items():
        superclasses[cls] = superclasses.get(cls, frozenset()) | parents
    evidence = objects.get(_EVIDENCE, {})
    if include_spans:
        kept_set = found.resources
    else:
        spans = set(chain.from_iterable(evidence.values()))
        spans.update(node for node, types in classes.items() if _TEXT_SPAN in types)
        kept_set = found.resources - spans
        del spans
    kept = sorted(kept_set)
    del found.resources

    def on_kept(column: dict) -> bool:
        return any(node in kept_set for node in column)

    literal_names = _attribute_names({p for p, column in literals.items() if on_kept(column)} - {_RDFS_LABEL},
                                     namespace_manager, _RESERVED)
    edge_names = _attribute_names({p for p, column in objects.items() if on_kept(column)}, namespace_manager,
                                  set())
    # Each node's label values: the first of rdfs:label, kg:name and nif:anchorOf it has (set last, so kept).
    labels: dict[str, list] = {}
    for predicate in (_ANCHOR, str(KG.name), _RDFS_LABEL):
        labels.update(literals.get(predicate, {}))
    # Many nodes share one set of classes: their type and class names are worked out once per set.
    typed: dict[frozenset, tuple[str, list[str]]] = {}
    # The nodes' attribute dicts, in node order: they become the graph's own (no copy, as add_nodes_from makes).
    attributes: dict[str, dict[str, Any]] = {}
    no_classes: frozenset[str] = frozenset()
    for node in kept:
        node_classes = classes.get(node)
        node_classes = frozenset(node_classes) if node_classes else no_classes
        found_type = typed.get(node_classes)
        if found_type is None:
            found_type = typed[node_classes] = (_most_specific(set(node_classes), superclasses),
                                                sorted(_local_name(c) for c in node_classes))
        label = labels.get(node)
        label = str(label[0] if len(label) == 1 else _sorted_unique(label)[0]) if label else _local_name(node)
        attributes[node] = {"type": found_type[0], "classes": list(found_type[1]), "label": label}
    del classes, labels
    # Attributes in the order of their predicates' IRIs, then the evidence: each node's dict in the same order.
    for predicate in sorted(literal_names):
        name, always_list = literal_names[predicate], predicate in _ALWAYS_LIST
        for node, found_values in literals[predicate].items():
            data = attributes.get(node)
            if data is None:
                continue
            if len(found_values) > 1:
                found_values = _sorted_unique(found_values)
            data[name] = list(found_values) if len(found_values) > 1 or always_list else found_values[0]
    if not include_spans:
        evidence_of = _evidence_of(found, evidence)
        # Spans read from their IRIs have every field: their tuples sort without a Python key function.
        by_key = _evidence_key if found.span_evidence is None else itemgetter(3, 0, 1, 2)
        for node, targets in evidence.items():
            data = attributes.get(node)
            if data is None:
                continue
            if len(targets) == 1:
                data["evidence"] = [evidence_of[targets[0]]]
            else:
                data["evidence"] = sorted([evidence_of[span] for span in set(targets)], key=by_key)
        del evidence_of
    del literals
    # The adjacency as ``MultiDiGraph.add_edge`` leaves it after adding, subject by subject in node order, each
    # subject's edges by predicate, then by target: successors -> target -> key -> {"predicate": IRI}, and
    # the same key dicts under predecessors, each target's sources in node order. Built here in plain dicts,
    # some ten times faster than add_edge (and add_edges_from, slower still).
    successors: dict[str, dict[str, dict]] = {node: {} for node in kept}
    for predicate in sorted(edge_names):
        key = edge_names[predicate]
        for subject, targets in objects[predicate].items():
            adjacent = successors.get(subject)
            if adjacent is None:
                continue
            for target in sorted(set(targets)) if len(targets) > 1 else targets:
                if target not in successors:  # folded spans are attributes now, not edges
                    continue
                keys = adjacent.get(target)
                if keys is None:
                    adjacent[target] = {key: {"predicate": predicate}}
                else:
                    keys[key] = {"predicate": predicate}
    predecessors: dict[str, dict[str, dict]] = {node: {} for node in kept}
    for subject, adjacent in successors.items():
        for target, keys in adjacent.items():
            predecessors[target][subject] = keys
    G = nx.MultiDiGraph()
    G._node.update(attributes)
    G._succ.update(successors)  # G._adj is the same dict
    G._pred.update(predecessors)
    del attributes, successors, predecessors
    if graphml_safe:
        _make_graphml_safe(G)
    return G


def _sort_key(value):
    return (type(value).__name__, str(value))


def _evidence_key(evidence: Evidence):
    return (evidence.document or "", evidence.begin if evidence.begin is not None else -1,
            evidence.end if evidence.end is not None else -1, evidence.text or "")


def _label(node: str, label_columns: list[dict[str, list]]) -> str:
    """``rdfs:label``, else ``kg:name``, else ``nif:anchorOf`` (the first of each in sorted order)."""
    for column in label_columns:
        found = column.get(node)
        if found:
            return str(_sorted_unique(found)[0])
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
