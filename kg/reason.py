"""OWL reasoning over kg data: is it consistent with the ontology, and which triples does the ontology add?

``check_consistency`` runs HermiT (bundled with owlready2, on the machine's Java) over ``ontology/kg.ttl``
plus the data. An inconsistent graph raises ``ValidationError`` whose message names the individuals at fault
where kg can tell (disjoint types, functional properties with two values, literals of the wrong datatype). A
consistent one yields the inferred triples only (``kg:founder`` from founding events, ``kg:testifiedIn`` /
``kg:hasQuote`` from their inverses, ``kg:spouse`` from marriages ...), so asserted and inferred stay apart.

Speed: HermiT reasons without the ontology's owl:oneOf enumeration (the closed set of hedges), which would
double or quadruple its time; kg checks the one consequence the enumeration can have on kg data (an
individual of kg:Hedge that can be none of the seven) itself, before HermiT runs. Whole document texts
(``nif:isString``) are left out too.

owlready2 is imported inside the functions: ``kg query`` must not pay for it. Every call gets its own
owlready2 ``World`` (an in-memory quadstore), so calls never see each other's data.

Security: owlready2 follows ``owl:imports`` over HTTP and file even with ``only_local=True``, and imports the
Python module named by its ``python_module`` annotation. Both kinds of triple are dropped before owlready2
sees the graph, which is handed over as N-Triples bytes (owlready2 0.51 does not read Turtle).
"""

import io
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from .errors import KgError, ValidationError
from .namespaces import KG, NIF
from .validate import load_ontology

__all__ = ["Reasoning", "check_consistency", "inferred_graph"]

# Where owlready2 writes HermiT's conclusions when no ontology is active (owlready2.reasoning).
_INFERENCES = "http://inferrences/"
# The name of the ontology kg loads data into; never fetched.
_INPUT = "http://kg-reasoning.invalid/input#"
_OWLREADY = "http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#"

# Predicates never handed to owlready2: imports (network / file reads), owlready2's own annotations (one of
# them names a Python module to import), and whole document texts (HermiT does not need them; they are big).
_DROPPED_PREDICATES = {OWL.imports, NIF.isString}

_RDF_LANG_STRING = RDF.langString
_INTEGER_TYPES = {
    XSD.integer,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.long,
    XSD.int,
    XSD.short,
    XSD.byte,
    XSD.unsignedLong,
    XSD.unsignedInt,
    XSD.unsignedShort,
    XSD.unsignedByte,
}
_DECIMAL_TYPES = _INTEGER_TYPES | {XSD.decimal}
_STRING_TYPES = {XSD.string, XSD.normalizedString, XSD.token, XSD.language, XSD.Name, XSD.NCName, XSD.NMTOKEN}
# The OWL 2 datatype map (https://www.w3.org/TR/owl2-syntax/#Datatype_Maps): HermiT refuses anything else.
_OWL2_DATATYPES = (
    _DECIMAL_TYPES
    | _STRING_TYPES
    | {
        XSD.double,
        XSD.float,
        XSD.boolean,
        XSD.hexBinary,
        XSD.base64Binary,
        XSD.anyURI,
        XSD.dateTime,
        XSD.dateTimeStamp,
        RDF.PlainLiteral,
        RDF.XMLLiteral,
        RDFS.Literal,
        OWL.real,
        OWL.rational,
        _RDF_LANG_STRING,
    }
)


@dataclass(frozen=True)
class Reasoning:
    """A consistent graph's reasoning outcome: the inferred triples only, and how long HermiT took."""

    inferred: rdflib.Graph
    seconds: float


def _data_triples(data: rdflib.Graph):
    # A Dataset's triples() sees only its default graph; quads() sees every named graph.
    if isinstance(data, rdflib.ConjunctiveGraph):
        for s, p, o, *_ in data.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from data


def _without_unsafe(triples, *, ontology_headers: set) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o in triples:
        if p in _DROPPED_PREDICATES or str(p).startswith(_OWLREADY) or s in ontology_headers:
            continue
        graph.add((s, p, o))
    return graph


def _name(node: rdflib.term.Node) -> str:
    """Short display of an ontology term: local name for kg terms ('Person'), prefixed name otherwise."""
    text = str(node)
    if text.startswith(str(KG)):
        return text[len(str(KG)) :]
    for prefix, namespace in (("nif", NIF), ("xsd", XSD), ("owl", OWL), ("rdfs", RDFS)):
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    return f"<{text}>"


def _prop(node: rdflib.term.Node) -> str:
    return "kg:" + _name(node) if str(node).startswith(str(KG)) else _name(node)


def _literal(lit: rdflib.Literal) -> str:
    text = str(lit)
    from .build import shorten

    text = shorten(text, 40)
    shown = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if lit.language:
        return f"{shown}@{lit.language}"
    if lit.datatype is not None:
        return f"{shown}^^{_name(lit.datatype)}"
    return shown


# -- checks HermiT cannot even start on --------------------------------------------------------------------


def _refuse_unreadable_literals(data: rdflib.Graph, ontology: rdflib.Graph) -> None:
    datatype_properties = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    problems = []
    for s, p, o in data:
        if not isinstance(o, rdflib.Literal) or p not in datatype_properties:
            continue
        if o.datatype is not None and o.datatype not in _OWL2_DATATYPES:
            hint = "; store years as xsd:integer" if o.datatype in (XSD.gYear, XSD.date) else ""
            problems.append(
                f"{s} has {_prop(p)} {_literal(o)}, a datatype HermiT does not support "
                f"(OWL 2 knows none of the xsd date types but xsd:dateTime){hint}"
            )
        elif o.ill_typed:
            problems.append(f"{s} has {_prop(p)} {_literal(o)}, which is not a valid {_name(o.datatype)}")
    if problems:
        raise ValidationError("cannot reason over the graph: " + "; ".join(sorted(problems)))


# -- explaining an inconsistency --------------------------------------------------------------------------


class _Ontology:
    """The parts of the ontology needed to say in plain words why a graph is inconsistent."""

    def __init__(self, graph: rdflib.Graph):
        self.graph = graph
        named = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, rdflib.URIRef)}
        parents = defaultdict(set)
        for c, d in graph.subject_objects(RDFS.subClassOf):
            if c in named and d in named:
                parents[c].add(d)
        for c, d in graph.subject_objects(OWL.equivalentClass):
            if c in named and d in named:
                parents[c].add(d)
                parents[d].add(c)
        self.ancestors = {c: self._closure(c, parents) for c in named}
        self.disjoint = set()
        for a, b in graph.subject_objects(OWL.disjointWith):
            self.disjoint.add(frozenset((a, b)))
        for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members = list(Collection(graph, graph.value(node, OWL.members)))
            self.disjoint.update(frozenset(pair) for pair in combinations(members, 2))
        self.different = set()
        for node in graph.subjects(RDF.type, OWL.AllDifferent):
            items = graph.value(node, OWL.distinctMembers) or graph.value(node, OWL.members)
            members = list(Collection(graph, items))
            self.different.update(frozenset(pair) for pair in combinations(members, 2))
        self.functional = set(graph.subjects(RDF.type, OWL.FunctionalProperty))
        self.object_properties = set(graph.subjects(RDF.type, OWL.ObjectProperty))
        self.datatype_properties = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
        self.irreflexive = set(graph.subjects(RDF.type, OWL.IrreflexiveProperty))
        self.domain = {p: d for p, d in graph.subject_objects(RDFS.domain) if d in named}
        self.range = {p: r for p, r in graph.subject_objects(RDFS.range)}
        self.inverse = {}
        for p, q in graph.subject_objects(OWL.inverseOf):
            if isinstance(p, rdflib.URIRef) and isinstance(q, rdflib.URIRef):
                self.inverse[p], self.inverse[q] = q, p
        self.symmetric = set(graph.subjects(RDF.type, OWL.SymmetricProperty))
        property_parents = defaultdict(set)
        for p, q in graph.subject_objects(RDFS.subPropertyOf):
            if isinstance(p, rdflib.URIRef) and isinstance(q, rdflib.URIRef):
                property_parents[p].add(q)
        self.super_properties = {p: self._closure(p, property_parents) - {p} for p in list(property_parents)}
        self.terms = set(graph.subjects()) | named

    @staticmethod
    def _closure(c, parents):
        seen, todo = {c}, [c]
        while todo:
            for d in parents[todo.pop()]:
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        return seen


def _types(data: rdflib.Graph, onto: _Ontology) -> dict:
    """node -> {class: why}, from rdf:type, domains and ranges (the way HermiT will type it)."""
    types: dict = defaultdict(dict)
    for s, o in data.subject_objects(RDF.type):
        if o in onto.ancestors:
            types[s].setdefault(o, "asserted")
    for s, p, o in data:
        if p in onto.domain:
            types[s].setdefault(onto.domain[p], f"subject of {_prop(p)}")
        range_ = onto.range.get(p)
        if p in onto.object_properties and range_ in onto.ancestors and not isinstance(o, rdflib.Literal):
            types[o].setdefault(range_, f"object of {_prop(p)}")
    return types


def _clash(a, b, onto: _Ontology):
    """A pair of disjoint classes (x, y) with x a superclass of ``a`` and y of ``b``, or None."""
    for x in onto.ancestors[a]:
        for y in onto.ancestors[b]:
            if frozenset((x, y)) in onto.disjoint:
                return x, y
    return None


def _order(item) -> tuple:
    # Asserted classes first, then by name: "typed both Person and Organization" reads as the data says it.
    cls, why = item
    return (why != "asserted", str(cls))


def _disjoint_types(types: dict, onto: _Ontology) -> list[str]:
    problems = []
    for node, classes in types.items():
        # Name the most specific classes only: Organization, not also Agent.
        specific = {
            c: why
            for c, why in classes.items()
            if not any(c != d and c in onto.ancestors[d] for d in classes)
        }
        for (a, why_a), (b, why_b) in combinations(sorted(specific.items(), key=_order), 2):
            clash = _clash(a, b, onto)
            if clash is None:
                continue
            if set(clash) == {a, b}:
                text = f"{node} is typed both {_name(a)} and {_name(b)}, which the ontology declares disjoint"
            else:
                text = (
                    f"{node} is typed both {_name(a)} and {_name(b)}, but {_name(clash[0])} and "
                    f"{_name(clash[1])} are declared disjoint in the ontology"
                )
            why = [
                f"{_name(c)} as {reason}" for c, reason in ((a, why_a), (b, why_b)) if reason != "asserted"
            ]
            problems.append(text + (f" ({', '.join(why)})" if why else ""))
    return problems


def _same(a: rdflib.term.Node, b: rdflib.term.Node) -> bool:
    """Equal as OWL sees it: literals by value ("1.0" and "1.00" decimals are one value), nodes by IRI."""
    typed_values = isinstance(a, rdflib.Literal) and isinstance(b, rdflib.Literal)
    if typed_values and a.value is not None and b.value is not None and not isinstance(a.value, str):
        return a.value == b.value
    return a == b


def _functional(data: rdflib.Graph, types: dict, onto: _Ontology) -> list[str]:
    problems = []
    for p in sorted(onto.functional):
        values = defaultdict(list)
        for s, o in data.subject_objects(p):
            if not any(_same(o, v) for v in values[s]):
                values[s].append(o)
        for s, objects in values.items():
            if len(objects) < 2:
                continue
            if p in onto.datatype_properties:
                shown = ", ".join(_literal(o) if isinstance(o, rdflib.Literal) else str(o) for o in objects)
                problems.append(
                    f"{s} has {len(objects)} values for {_prop(p)} ({shown}), but {_prop(p)} is functional"
                )
                continue
            # Two values of a functional object property make them one individual: a clash only if they are
            # declared different or typed with disjoint classes.
            for a, b in combinations(objects, 2):
                merged = {**types.get(a, {}), **types.get(b, {})}
                if frozenset((a, b)) in onto.different or _disjoint_types({a: merged}, onto):
                    problems.append(
                        f"{s} has both {a} and {b} as {_prop(p)}; {_prop(p)} is functional, so they would "
                        "have to be the same individual, which they cannot be"
                    )
    return problems


def _datatype_ok(lit: rdflib.Literal, range_: rdflib.term.Node) -> bool:
    """Whether OWL 2 puts the literal's value in the range (an integer-valued decimal is an xsd:integer)."""
    if range_ == RDFS.Literal:
        return True
    datatype = lit.datatype or (_RDF_LANG_STRING if lit.language else XSD.string)
    if range_ in _STRING_TYPES:
        return datatype in _STRING_TYPES
    if range_ == XSD.decimal:
        return datatype in _DECIMAL_TYPES
    if range_ in _INTEGER_TYPES:
        value = lit.value
        if datatype not in _DECIMAL_TYPES or not isinstance(value, (int, Decimal)) or value != int(value):
            return False
        if range_ == XSD.nonNegativeInteger:
            return value >= 0
        if range_ == XSD.positiveInteger:
            return value > 0
        return True
    return datatype == range_


def _literals(data: rdflib.Graph, onto: _Ontology) -> list[str]:
    problems = []
    for s, p, o in data:
        if p in onto.datatype_properties and isinstance(o, rdflib.Literal):
            range_ = onto.range.get(p)
            if range_ is not None and not _datatype_ok(o, range_):
                note = (
                    " (an xsd:double is not an xsd:decimal in OWL 2)"
                    if o.datatype in (XSD.double, XSD.float)
                    else ""
                )
                problems.append(
                    f"{s} has {_prop(p)} {_literal(o)}, but its values must be {_name(range_)}{note}"
                )
        elif p in onto.datatype_properties:
            problems.append(f"{s} has {_prop(p)} {o}, a node, but {_prop(p)} takes literal values")
        elif p in onto.object_properties and isinstance(o, rdflib.Literal):
            problems.append(f"{s} has {_prop(p)} {_literal(o)}, a literal, but {_prop(p)} links to nodes")
        if p in onto.irreflexive and s == o:
            problems.append(f"{s} is its own {_prop(p)}, which the ontology forbids")
    return problems


# -- closed classes (owl:oneOf), checked here instead of by HermiT -------------------------------------------


def _closed_classes(ontology: rdflib.Graph) -> dict:
    """class -> (its owl:oneOf class expression, the members), for each class equivalent to an enumeration."""
    closed = {}
    for cls, expression in ontology.subject_objects(OWL.equivalentClass):
        items = ontology.value(expression, OWL.oneOf)
        if isinstance(cls, rdflib.URIRef) and items is not None:
            closed[cls] = (expression, list(Collection(ontology, items)))
    return closed


def _without_enumerations(ontology: rdflib.Graph, closed: dict) -> rdflib.Graph:
    # Nominals (owl:oneOf) make HermiT 2 to 4 times slower (1.7 s against 3.2 s on the Thorn article, 2.8 s
    # against 10 s on the 17 development documents). The only consequence they can have on kg data is checked
    # exactly by _outside_closed_classes, so HermiT reasons without them.
    graph = rdflib.Graph()
    graph += ontology
    for cls, (expression, _) in closed.items():
        items = ontology.value(expression, OWL.oneOf)
        graph.remove((cls, OWL.equivalentClass, expression))
        graph.remove((expression, None, None))
        while items is not None and items != RDF.nil:
            following = ontology.value(items, RDF.rest)
            graph.remove((items, None, None))
            items = following
    return graph


def _why_different(x, member, data: rdflib.Graph, types: dict, onto: _Ontology) -> str | None:
    """Why ``x`` cannot be the same individual as ``member``, or None if it can."""
    if frozenset((x, member)) in onto.different:
        return "declared different"
    for p in sorted(onto.functional & onto.datatype_properties):
        mine = list(data.objects(x, p))
        theirs = list(onto.graph.objects(member, p)) + list(data.objects(member, p))
        if mine and theirs and not any(_same(a, b) for a in mine for b in theirs):
            return f"its {_prop(p)} {', '.join(_literal(v) for v in mine)} is not theirs"
    member_types = {c: "asserted" for c in onto.graph.objects(member, RDF.type) if c in onto.ancestors}
    if _disjoint_types({x: {**types.get(x, {}), **member_types}}, onto):
        return "its types are disjoint with theirs"
    return None


def _outside_closed_classes(data: rdflib.Graph, onto: _Ontology, closed: dict) -> list[str]:
    """Individuals of a closed class that can be none of its members: what owl:oneOf makes inconsistent.

    Under OWL's open world an unknown individual of kg:Hedge is simply one of the seven under another name;
    it is a contradiction only when it differs from each of them, e.g. by a kg:code (functional) none of them
    has.
    """
    types = _types(data, onto)
    problems = []
    for cls, (_, members) in sorted(closed.items()):
        for node, classes in types.items():
            if node in members or not any(cls in onto.ancestors[c] for c in classes):
                continue
            reasons = [_why_different(node, member, data, types, onto) for member in members]
            if all(reasons):
                why = reasons[0] if len(set(reasons)) == 1 else "it differs from each of them"
                names = ", ".join(_prop(m) for m in members)
                problems.append(
                    f"{node} is a {_name(cls)}, but {_name(cls)} is the closed set {names}, "
                    f"and it can be none of them ({why})"
                )
    return problems


def _explain(data: rdflib.Graph, ontology: rdflib.Graph) -> list[str]:
    onto = _Ontology(ontology)
    types = _types(data, onto)
    found = _disjoint_types(types, onto) + _functional(data, types, onto) + _literals(data, onto)
    return sorted(dict.fromkeys(found))


# -- inferred triples -------------------------------------------------------------------------------------


def _spouses(graph: rdflib.Graph) -> set:
    # inverse(partner) o partner would also make each partner their own spouse, so OWL cannot derive
    # kg:spouse; this rule does, for marriages with exactly two distinct partners.
    found = set()
    for marriage in set(graph.subjects(RDF.type, KG.Marriage)):
        partners = set(graph.objects(marriage, KG.partner))
        if len(partners) == 2:
            a, b = partners
            found |= {(a, KG.spouse, b), (b, KG.spouse, a)}
    return found


def _closed_under_properties(triples: set, onto: _Ontology) -> set:
    """Add what inverse, symmetric and sub-property axioms entail.

    HermiT's property-value output (owlready2's ``infer_property_values``) lists chain results but not these:
    owlready2 drops a value whose inverse is stored, and HermiT leaves super-properties without the values
    of their sub-properties (kg:founder's values never show up under wdt:P112). They are simple to add here.
    """
    closed = set(triples)
    todo = list(triples)
    while todo:
        s, p, o = todo.pop()
        new = {(s, q, o) for q in onto.super_properties.get(p, ())}
        if not isinstance(o, rdflib.Literal):
            if p in onto.inverse:
                new.add((o, onto.inverse[p], s))
            if p in onto.symmetric:
                new.add((o, p, s))
        for triple in new - closed:
            closed.add(triple)
            todo.append(triple)
    return closed


def _owlready2():
    from .extras import import_extra

    return import_extra("owlready2", extra="validate", feature="kg validate (the OWL reasoner)")


def _hermit(graph: rdflib.Graph) -> tuple[set, float]:
    """HermiT over ``graph``: the object triples it adds and its run time, or owlready2's inconsistency."""
    owlready2 = _owlready2()

    world = owlready2.World()
    try:
        ntriples = graph.serialize(format="nt", encoding="utf-8")
        world.get_ontology(_INPUT).load(fileobj=io.BytesIO(ntriples), format="ntriples")
        start = time.perf_counter()
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except FileNotFoundError as e:
            raise KgError(
                f"HermiT needs Java, and {owlready2.JAVA_EXE!r} was not found: install a Java runtime "
                "(11 or later) or put java on PATH"
            ) from e
        except owlready2.OwlReadyJavaError as e:
            lines = [line.strip() for line in str(e).splitlines() if "Exception" in line or "Error" in line]
            raise ValidationError(
                "HermiT could not reason over the graph: " + (lines[-1] if lines else str(e))
            ) from e
        seconds = time.perf_counter() - start
        inferences = world.get_ontology(_INFERENCES)
        added = set()
        for s, p, o in inferences._get_obj_triples_spo_spo(None, None, None):
            if s < 0 or o < 0:  # blank nodes: anonymous class expressions, not data
                continue
            added.add(tuple(rdflib.URIRef(world._unabbreviate(x)) for x in (s, p, o)))
        return added, seconds
    finally:
        world.close()


def check_consistency(data: rdflib.Graph, *, ontology: rdflib.Graph | None = None) -> Reasoning:
    """Reason over ``ontology`` (``kg.ttl`` by default) plus ``data`` with HermiT.

    Raises ``ValidationError`` if the graph is inconsistent (the message names the individuals at fault where
    kg can tell) or uses literals HermiT cannot read. Returns the inferred triples: those the ontology entails
    about the data's nodes that ``data`` does not assert (property chains, inverse, symmetric and
    sub-properties, and the most specific types HermiT derives for untyped nodes), plus ``kg:spouse`` between
    the two partners of each marriage. Super-class types are not materialized: query them with
    ``rdf:type/rdfs:subClassOf*``. ``data`` is not modified.
    """
    owlready2 = _owlready2()

    ontology = ontology if ontology is not None else load_ontology()
    asserted = rdflib.Graph()
    for triple in _data_triples(data):
        asserted.add(triple)
    _refuse_unreadable_literals(asserted, ontology)

    closed = _closed_classes(ontology)
    outside = _outside_closed_classes(asserted, _Ontology(ontology), closed)
    if outside:
        raise ValidationError("the graph is inconsistent with the kg ontology: " + "; ".join(outside))

    headers = set(ontology.subjects(RDF.type, OWL.Ontology)) | set(asserted.subjects(RDF.type, OWL.Ontology))
    merged = _without_unsafe(iter(_without_enumerations(ontology, closed)), ontology_headers=headers)
    for triple in _without_unsafe(iter(asserted), ontology_headers=headers):
        merged.add(triple)

    try:
        added, seconds = _hermit(merged)
    except owlready2.OwlReadyInconsistentOntologyError as e:
        reasons = _explain(asserted, ontology)
        if not reasons:
            raise ValidationError(
                "the graph is inconsistent with the kg ontology, but kg could not point at the individuals "
                "involved; check disjoint types, datatypes of literals and functional properties"
            ) from e
        raise ValidationError("the graph is inconsistent with the kg ontology: " + "; ".join(reasons)) from e

    onto = _Ontology(ontology)
    noise = {OWL.Thing, OWL.NamedIndividual}
    added = {
        (s, p, o)
        for s, p, o in added
        if s not in onto.terms and str(s) != _INFERENCES.rstrip("/") and not (p == RDF.type and o in noise)
    }
    entailed = _closed_under_properties(added | set(asserted) | _spouses(asserted), onto)
    inferred = rdflib.Graph()
    inferred.bind("kg", KG)
    for triple in entailed:
        if triple not in asserted and triple[0] not in onto.terms:
            inferred.add(triple)
    return Reasoning(inferred=inferred, seconds=seconds)


def inferred_graph(data: rdflib.Graph, *, ontology: rdflib.Graph | None = None) -> rdflib.Graph:
    """Only the triples the ontology adds to ``data`` (see ``check_consistency``, whose errors it raises)."""
    return check_consistency(data, ontology=ontology).inferred
