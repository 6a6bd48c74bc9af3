"""What the pages show, read from the store with SPARQL: an entity and its facts, a document and its spans,
search hits, figures compared across documents, and an RDF description of a resource.

Every function takes a ``run`` callable (SPARQL text in, solutions out, each solution indexable by variable
name and giving pyoxigraph terms or None), so the same code reads an embedded store in a notebook
(``store_runner(store)``) and the query workers of the HTTP server. Values go into queries as RDF terms through
``bind_params``, never by formatting strings. Each query is shaped to stay fast on a million-triple store:
they start from the one resource asked for, and fetch text windows around spans instead of whole documents.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from ..namespaces import KG, PREFIXES
from ..sparql import bind_params

__all__ = [
    "FACT_KINDS",
    "Document",
    "Entity",
    "EvidenceSentence",
    "Fact",
    "Figure",
    "LabelIndex",
    "Link",
    "Runner",
    "SearchHit",
    "describe",
    "document_page",
    "documents",
    "entity_page",
    "figures_compared",
    "resource_page",
    "search",
    "store_runner",
]

Runner = Callable[[str], Iterable[Mapping[str, Any]]]

_KG = str(KG)
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PREFIXES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())

FACT_KINDS = (
    ("FoundingEvent", "Foundings"),
    ("Marriage", "Marriages"),
    ("Testimony", "Testimonies"),
    ("Interview", "Interviews"),
    ("Quote", "Quotes"),
    ("Statistic", "Statistics"),
    ("Statement", "Statements"),
)
"""Fact classes in the order entity pages group them, with the heading of each group."""
_KIND_RANK = {name: rank for rank, (name, _) in enumerate(FACT_KINDS)}
ENTITY_TYPES = ("Person", "Organization", "LegislativeBody", "GovernmentBody", "Programme")
_ENTITY_TYPE_RANK = {name: rank for rank, name in enumerate(reversed(ENTITY_TYPES))}

MAX_FACTS = 300
"""Facts shown on one entity page; a body that 2,000 testimonies name gets the first ones and a count."""
WINDOW = 600
"""Characters fetched on each side of an evidence span to find its sentence (sentences are shorter)."""


def store_runner(store) -> Runner:
    """A runner over a kg store (``open_store(...)``) or a pyoxigraph Store."""
    if isinstance(store, ox.Store):
        return store.query
    return store.query


def _run(run: Runner, text: str, **params) -> list:
    return list(run(bind_params(_PREFIXES + text, params) if params else _PREFIXES + text))


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def python_value(term) -> Any:
    """A literal as int, Decimal, bool or str; an IRI as its string; None stays None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        if datatype.endswith(("#integer", "#nonNegativeInteger", "#int", "#long")):
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if datatype.endswith("#decimal"):
            try:
                return Decimal(term.value)
            except ArithmeticError:
                return term.value
        if datatype.endswith("#boolean"):
            return term.value in ("true", "1")
        return term.value
    return term.value


# --- evidence sentences -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceSentence:
    """The sentence around an evidence span: text before the words, the words, text after."""

    document: str
    document_label: str
    begin: int
    end: int
    before: str
    marked: str
    after: str

    @property
    def text(self) -> str:
        return self.before + self.marked + self.after

    def as_json(self) -> dict:
        return {"document": self.document, "documentLabel": self.document_label, "begin": self.begin,
                "end": self.end, "before": self.before, "marked": self.marked, "after": self.after}


def _sentence(window: str, offset: int, begin: int, end: int, document: str, label: str) -> EvidenceSentence:
    from ..notebook import sentence_bounds

    local_begin, local_end = begin - offset, end - offset
    start, stop = sentence_bounds(window, local_begin, local_end)
    start, stop = min(start, local_begin), max(stop, local_end)
    return EvidenceSentence(document, label, begin, end, window[start:local_begin], window[local_begin:local_end],
                            window[local_end:stop])


_EVIDENCE = f"""
SELECT ?fact ?doc ?docLabel ?begin ?end ?from ?window WHERE {{
  ?fact kg:evidence ?span .
  ?span nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext ?doc .
  ?doc nif:isString ?text .
  OPTIONAL {{ ?doc rdfs:label ?docLabel }}
  BIND(IF(?begin > {WINDOW}, ?begin - {WINDOW}, 0) AS ?from)
  BIND(SUBSTR(?text, ?from + 1, ?end - ?from + {WINDOW}) AS ?window)
}}
"""


def _evidence(run: Runner, facts: list[str]) -> dict[str, list[EvidenceSentence]]:
    """Each fact's evidence sentences, in document order."""
    if not facts:
        return {}
    values = " ".join(str(_iri(fact)) for fact in facts)
    text = _EVIDENCE.replace("?fact kg:evidence", f"VALUES ?fact {{ {values} }}\n  ?fact kg:evidence", 1)
    found: dict[str, list[EvidenceSentence]] = defaultdict(list)
    for row in _run(run, text):
        document = row["doc"].value
        label = row["docLabel"].value if row["docLabel"] is not None else local_name(document)
        found[row["fact"].value].append(_sentence(row["window"].value, int(row["from"].value),
                                                  int(row["begin"].value), int(row["end"].value), document, label))
    for sentences in found.values():
        sentences.sort(key=lambda s: (s.document, s.begin, s.end))
    return found


# --- entities and facts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A resource as a page shows it: its IRI, a label and (for entities and facts) its type's local name."""

    iri: str
    label: str
    type: str | None = None
    role: str | None = None


@dataclass
class Fact:
    iri: str
    kind: str
    label: str
    roles: list[str] = field(default_factory=list)
    """The properties linking this fact to the entity of the page (``foundedBy``...)."""
    year: int | None = None
    confidence: Decimal | None = None
    method: str | None = None
    values: dict[str, list[Any]] = field(default_factory=dict)
    """Literal properties by local name (``quoteText``, ``surfaceForm``, ``topic``...)."""
    links: list[Link] = field(default_factory=list)
    """Resources the fact points to, ``role`` the property's local name."""
    evidence: list[EvidenceSentence] = field(default_factory=list)

    @property
    def documents(self) -> list[tuple[str, str]]:
        seen = {}
        for sentence in self.evidence:
            seen.setdefault(sentence.document, sentence.document_label)
        return list(seen.items())

    def value(self, name: str):
        values = self.values.get(name)
        return values[0] if values else None


@dataclass
class Entity:
    iri: str
    name: str
    type: str
    types: list[str]
    aliases: list[str]
    confidence: Decimal | None
    method: str | None
    facts: list[Fact]
    fact_count: int
    """Facts the entity takes part in, even past ``MAX_FACTS``."""
    documents: list[tuple[str, str, int]]
    """(IRI, label, mentions) of the documents that mention the entity or state its facts."""

    def groups(self) -> list[tuple[str, str, list[Fact]]]:
        """(kind, heading, facts) in the order of ``FACT_KINDS``, then any other kind."""
        by_kind: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.facts:
            by_kind[fact.kind].append(fact)
        headings = dict(FACT_KINDS)
        order = sorted(by_kind, key=lambda kind: (_KIND_RANK.get(kind, len(FACT_KINDS)), kind))
        return [(kind, headings.get(kind, kind), by_kind[kind]) for kind in order]

    def timeline(self) -> list[Fact]:
        return sorted((fact for fact in self.facts if fact.year is not None), key=lambda f: (f.year, f.label))


def _most_specific(types: Iterable[str]) -> str:
    names = {local_name(t) for t in types if t.startswith(_KG)}
    for kind, _ in FACT_KINDS:
        if kind in names:
            return kind
    for kind in ("Event", "Relationship"):
        if kind in names:
            return kind
    return "Fact"


def _entity_type(types: Iterable[str]) -> str:
    names = [local_name(t) for t in types if t.startswith(_KG)]
    ranked = sorted((n for n in names if n in _ENTITY_TYPE_RANK), key=lambda n: _ENTITY_TYPE_RANK[n])
    return ranked[0] if ranked else (min(names) if names else "Resource")


_HEADER = """
SELECT ?p ?o WHERE {
  ?entity ?p ?o .
  FILTER(?p IN (rdf:type, kg:name, rdfs:label, kg:alias, kg:confidence, kg:method))
}
"""

_FACTS = """
SELECT ?fact ?role WHERE {
  ?fact ?role ?entity .
  ?fact a kg:Fact .
}
ORDER BY ?fact
LIMIT %d
"""

_FACT_COUNT = """
SELECT (COUNT(DISTINCT ?fact) AS ?n) WHERE { ?fact ?role ?entity . ?fact a kg:Fact . }
"""

_FACT_PROPERTIES = """
SELECT ?fact ?p ?o ?oLabel ?oType WHERE {
  ?fact ?p ?o .
  FILTER(?p != kg:evidence)
  OPTIONAL { ?o rdfs:label ?oLabel }
  OPTIONAL { ?o a ?oType . FILTER(?p != rdf:type) }
}
"""

_MENTIONS = """
SELECT ?doc ?docLabel (COUNT(DISTINCT ?span) AS ?mentions) WHERE {
  ?entity kg:evidence ?span .
  ?span nif:referenceContext ?doc .
  OPTIONAL { ?doc rdfs:label ?docLabel }
}
GROUP BY ?doc ?docLabel
"""


def _facts(run: Runner, fact_roles: dict[str, list[str]]) -> list[Fact]:
    """The facts named, with their properties, links and evidence sentences."""
    if not fact_roles:
        return []
    values = " ".join(str(_iri(fact)) for fact in fact_roles)
    text = _FACT_PROPERTIES.replace("?fact ?p ?o .", f"VALUES ?fact {{ {values} }}\n  ?fact ?p ?o .", 1)
    types: dict[str, set[str]] = defaultdict(set)
    literals: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    links: dict[str, dict[tuple[str, str], Link]] = defaultdict(dict)
    link_types: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for row in _run(run, text):
        fact, predicate, obj = row["fact"].value, row["p"].value, row["o"]
        if predicate == _RDF_TYPE:
            types[fact].add(obj.value)
        elif predicate == _RDFS_LABEL:
            labels[fact] = obj.value
        elif isinstance(obj, ox.Literal):
            values = literals[fact][local_name(predicate)]
            value = python_value(obj)
            if value not in values:
                values.append(value)
        elif isinstance(obj, ox.NamedNode):
            role = local_name(predicate)
            label = row["oLabel"].value if row["oLabel"] is not None else local_name(obj.value)
            links[fact].setdefault((role, obj.value), Link(obj.value, label, None, role))
            if row["oType"] is not None:
                link_types[(fact, role, obj.value)].add(row["oType"].value)
    evidence = _evidence(run, list(fact_roles))
    facts = []
    for iri, roles in fact_roles.items():
        values = {name: sorted(vals, key=str) for name, vals in literals[iri].items()}
        year = values.pop("year", [None])[0]
        confidence = values.pop("confidence", [None])[0]
        method = values.pop("method", [None])[0]
        fact_links = []
        for (role, obj), link in sorted(links[iri].items(), key=lambda item: (item[0][0], item[1].label)):
            kinds = link_types.get((iri, role, obj), set())
            kind = _most_specific(kinds) if f"{_KG}Fact" in kinds else _entity_type(kinds)
            fact_links.append(Link(link.iri, link.label, kind, role))
        facts.append(Fact(iri=iri, kind=_most_specific(types[iri]), label=labels.get(iri, local_name(iri)),
                          roles=sorted(set(roles)), year=year if isinstance(year, int) else None,
                          confidence=confidence, method=method, values=values, links=fact_links,
                          evidence=evidence.get(iri, [])))
    return facts


def entity_page(run: Runner, iri: str) -> Entity | None:
    """Everything an entity page shows; None when the store knows nothing of ``iri``."""
    entity = _iri(iri)
    header: dict[str, list] = defaultdict(list)
    for row in _run(run, _HEADER, entity=entity):
        header[local_name(row["p"].value)].append(row["o"])
    if not header:
        return None
    fact_roles: dict[str, list[str]] = defaultdict(list)
    for row in _run(run, _FACTS % MAX_FACTS, entity=entity):
        fact_roles[row["fact"].value].append(local_name(row["role"].value))
    count = len(fact_roles)
    if count >= MAX_FACTS:
        count = int(_run(run, _FACT_COUNT, entity=entity)[0]["n"].value)
    facts = _facts(run, dict(fact_roles))
    facts.sort(key=lambda f: (_KIND_RANK.get(f.kind, len(FACT_KINDS)), f.year or 0, f.label))
    documents: dict[str, list] = {}
    for row in _run(run, _MENTIONS, entity=entity):
        label = row["docLabel"].value if row["docLabel"] is not None else local_name(row["doc"].value)
        documents[row["doc"].value] = [label, int(row["mentions"].value)]
    for fact in facts:
        for document, label in fact.documents:
            documents.setdefault(document, [label, 0])
    types = sorted(term.value for term in header.get("type", []))
    names = [term.value for term in header.get("name", [])] or [term.value for term in header.get("label", [])]
    confidence = [python_value(term) for term in header.get("confidence", [])]
    method = [term.value for term in header.get("method", [])]
    return Entity(
        iri=iri, name=names[0] if names else local_name(iri), type=_entity_type(types), types=types,
        aliases=sorted({term.value for term in header.get("alias", [])} - set(names), key=str.lower),
        confidence=confidence[0] if confidence else None, method=method[0] if method else None,
        facts=facts, fact_count=count,
        documents=sorted(((doc, label, n) for doc, (label, n) in documents.items()), key=lambda d: (-d[2], d[1])))


# --- any resource -------------------------------------------------------------------------------------------


@dataclass
class Resource:
    """A resource with no page of its own kind (a fact, a measure, a source, a programme)."""

    iri: str
    label: str
    type: str
    types: list[str]
    properties: list[tuple[str, Any, Link | None]]
    """(property local name, literal value or None, link or None)."""
    incoming: list[Link]
    """Resources pointing here, ``role`` the property."""
    incoming_count: int
    fact: Fact | None


_OUTGOING = """
SELECT ?p ?o ?oLabel WHERE {
  ?resource ?p ?o .
  OPTIONAL { ?o rdfs:label ?oLabel }
}
"""
_INCOMING = """
SELECT ?s ?p ?sLabel WHERE {
  ?s ?p ?resource .
  OPTIONAL { ?s rdfs:label ?sLabel }
}
ORDER BY ?p ?s
LIMIT %d
"""
_INCOMING_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?resource }"


def resource_page(run: Runner, iri: str) -> Resource | None:
    resource = _iri(iri)
    properties, types, label = [], [], None
    for row in _run(run, _OUTGOING, resource=resource):
        predicate, obj = row["p"].value, row["o"]
        if predicate == _RDF_TYPE:
            types.append(obj.value)
        elif predicate == _RDFS_LABEL:
            label = obj.value
        elif isinstance(obj, ox.Literal):
            properties.append((local_name(predicate), python_value(obj), None))
        else:
            obj_label = row["oLabel"].value if row["oLabel"] is not None else local_name(obj.value)
            properties.append((local_name(predicate), None, Link(obj.value, obj_label, None, local_name(predicate))))
    incoming = [Link(row["s"].value, row["sLabel"].value if row["sLabel"] is not None else local_name(row["s"].value),
                     None, local_name(row["p"].value))
                for row in _run(run, _INCOMING % MAX_FACTS, resource=resource)]
    if not properties and not types and not incoming:
        return None
    count = len(incoming)
    if count >= MAX_FACTS:
        count = int(_run(run, _INCOMING_COUNT, resource=resource)[0]["n"].value)
    is_fact = f"{_KG}Fact" in types
    fact = _facts(run, {iri: []})[0] if is_fact else None
    properties.sort(key=lambda item: (item[0], str(item[1]), item[2].label if item[2] else ""))
    kind = _most_specific(types) if is_fact else _entity_type(types)
    return Resource(iri, label or local_name(iri), kind, sorted(types), properties, incoming, count, fact)


# --- documents ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    begin: int
    end: int
    resource: str
    """The fact (or entity, for a mention) the span supports."""


@dataclass
class Document:
    iri: str
    title: str
    text: str
    properties: dict[str, str]
    """title, source, fileName, sha256 and any other literal property."""
    facts: list[Fact]
    fact_spans: list[Span]
    mentions: list[Span]
    entities: dict[str, Link]
    """Entities the document mentions or its facts name, by IRI."""


_DOCUMENT = """
SELECT ?p ?o WHERE { ?doc ?p ?o . FILTER(isLiteral(?o)) }
"""
_DOCUMENT_SPANS = """
SELECT ?node ?begin ?end ?isFact WHERE {
  ?span nif:referenceContext ?doc ; nif:beginIndex ?begin ; nif:endIndex ?end .
  ?node kg:evidence ?span .
  BIND(EXISTS { ?node a kg:Fact } AS ?isFact)
}
"""
_ENTITY_LABELS = """
SELECT ?entity ?name ?type WHERE {
  ?entity kg:name ?name ; a ?type .
}
"""


def document_page(run: Runner, iri: str) -> Document | None:
    doc = _iri(iri)
    literals: dict[str, str] = {}
    for row in _run(run, _DOCUMENT, doc=doc):
        literals.setdefault(local_name(row["p"].value), row["o"].value)
    text = literals.pop("isString", None)
    if text is None:
        return None
    fact_spans, mentions = [], []
    for row in _run(run, _DOCUMENT_SPANS, doc=doc):
        span = Span(int(row["begin"].value), int(row["end"].value), row["node"].value)
        (fact_spans if python_value(row["isFact"]) else mentions).append(span)
    fact_roles = {span.resource: [] for span in sorted(fact_spans, key=lambda s: (s.begin, s.end))}
    facts = _facts(run, fact_roles)
    entities: dict[str, Link] = {}
    mentioned = {span.resource for span in mentions}
    for fact in facts:
        for link in fact.links:
            if link.type in ENTITY_TYPES:
                entities.setdefault(link.iri, Link(link.iri, link.label, link.type))
    missing = sorted(mentioned - set(entities))
    if missing:
        values = " ".join(str(_iri(e)) for e in missing)
        types: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        for row in _run(run, _ENTITY_LABELS.replace("?entity kg:name", f"VALUES ?entity {{ {values} }}\n  ?entity kg:name", 1)):
            names[row["entity"].value] = row["name"].value
            types[row["entity"].value].add(row["type"].value)
        for entity in missing:
            entities[entity] = Link(entity, names.get(entity, local_name(entity)), _entity_type(types[entity]))
    title = literals.get("title") or literals.get("label") or literals.get("fileName") or local_name(iri)
    return Document(iri, title, text, literals, facts, sorted(fact_spans, key=lambda s: (s.begin, s.end)),
                    sorted(mentions, key=lambda s: (s.begin, s.end)), entities)


_DOCUMENTS = """
SELECT ?doc ?title ?fileName (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
  ?doc a kg:NewsArticle ; kg:fileName ?fileName .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?span nif:referenceContext ?doc . ?fact kg:evidence ?span . ?fact a kg:Fact }
}
GROUP BY ?doc ?title ?fileName
ORDER BY ?fileName
LIMIT %d
"""


def documents(run: Runner, *, limit: int = 1000) -> list[tuple[str, str, str, int]]:
    """(IRI, title, file name, facts) of the stored documents, by file name."""
    return [(row["doc"].value, row["title"].value if row["title"] is not None else row["fileName"].value,
             row["fileName"].value, int(row["facts"].value)) for row in _run(run, _DOCUMENTS % limit)]


# --- search -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    iri: str
    name: str
    type: str
    matched: str
    """The name or alias that matched."""


_LABELS = """
SELECT ?entity ?type ?name ?alias WHERE {
  VALUES ?type { kg:Person kg:Organization kg:LegislativeBody kg:GovernmentBody kg:Programme }
  ?entity a ?type ; kg:name ?name .
  OPTIONAL { ?entity kg:alias ?alias }
}
"""
"""The names and aliases a search looks in: those of the entities of the kinds a search finds (about a thousand
in a million-triple store), not every kg:name, most of which name sources and measures."""


_PLAIN_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def search_key(text: str) -> str:
    """What a search compares: NFKC, lowercase (as SPARQL's LCASE), quotes and dashes made plain, spaces
    collapsed."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_PLAIN_PUNCTUATION)
    return " ".join(text.split())


class LabelIndex:
    """The names and aliases of a store's entities, sorted for search: built from one query, then every search
    is answered in this process without asking the store.

    A search ranks what it finds: a name or alias equal to the text, then one starting with it, then one with a
    word starting with it, then one merely containing it. The first three are ranges of sorted lists found by
    bisection (every label, and every label's tail from each word after its first), so a one-letter search costs
    the matches it returns, not a scan; only when they leave fewer hits than asked for are the labels scanned
    for the text inside a word, as one ``str.find`` loop over all labels joined.
    """

    _SEPARATOR = "\n"  # search_key never leaves a newline in a label or in the text searched for

    def __init__(self, rows: Iterable[tuple[str, str, str, str | None]]):
        """``rows``: (entity IRI, type IRI, name, alias or None), as the label query answers."""
        entities: dict[str, tuple[str, set[str]]] = {}
        labels: dict[tuple[str, str], None] = {}
        for iri, kind, name, alias in rows:
            entities.setdefault(iri, (name, set()))[1].add(kind)
            labels[(iri, name)] = None
            if alias is not None:
                labels[(iri, alias)] = None
        self.entity_count = len(entities)
        self._entities = {iri: (name, _entity_type(kinds)) for iri, (name, kinds) in entities.items()}
        # One entry per (entity, label): its key, the entity, the label as written.
        keyed = ((search_key(label), iri, label) for iri, label in labels)
        entries = sorted(entry for entry in keyed if entry[0])
        self._entries = entries
        self._keys = [key for key, _, _ in entries]
        tails = []
        for number, key in enumerate(self._keys):
            tails.extend((key[match.start():], number) for match in re.finditer(r"(?<=[ \-'\"/(.&])\S", key))
        tails.sort()
        self._tails = tails
        self._tail_keys = [tail for tail, _ in tails]
        self._joined = self._SEPARATOR.join(self._keys)
        self._starts = list(itertools.accumulate((len(key) + 1 for key in self._keys[:-1]), initial=0))

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def of(cls, run: Runner) -> LabelIndex:
        """The index of the store ``run`` reads (one query)."""
        return cls((row["entity"].value, row["type"].value, row["name"].value,
                    row["alias"].value if row["alias"] is not None else None) for row in _run(run, _LABELS))

    def _prefixed(self, keys: list[str], needle: str) -> range:
        low = bisect.bisect_left(keys, needle)
        return range(low, bisect.bisect_left(keys, needle + "\U0010ffff", low))

    def _inside(self, needle: str) -> Iterable[int]:
        """Numbers of the labels containing ``needle`` anywhere."""
        joined, position = self._joined, self._joined.find(needle)
        while position >= 0:
            number = bisect.bisect_right(self._starts, position) - 1
            yield number
            # On to the next label: a label counts once however often it holds the text.
            next_start = self._starts[number + 1] if number + 1 < len(self._starts) else len(joined)
            position = joined.find(needle, next_start)

    def search(self, text: str, *, limit: int = 50) -> list[SearchHit]:
        needle = search_key(text)
        if not needle or limit <= 0:
            return []
        best: dict[str, tuple] = {}

        def consider(rank: int, number: int) -> None:
            _, iri, label = self._entries[number]
            name = self._entities[iri][0]
            order = (rank, name.lower(), label != name, label.lower(), label)
            if iri not in best or order < best[iri]:
                best[iri] = order

        found = self._prefixed(self._keys, needle)
        for number in found:
            consider(0 if self._keys[number] == needle else 1, number)
        if len(best) < limit:
            for position in self._prefixed(self._tail_keys, needle):
                consider(2, self._tails[position][1])
        if len(best) < limit:
            for number in self._inside(needle):
                consider(3, number)
        ranked = sorted(best.items(), key=lambda item: item[1])[:limit]
        return [SearchHit(iri, self._entities[iri][0], self._entities[iri][1], order[4]) for iri, order in ranked]


def search(run: Runner, text: str, *, limit: int = 50, index: LabelIndex | None = None) -> list[SearchHit]:
    """Entities whose name or an alias contains ``text`` (case-insensitive): exact matches first, then names
    starting with it, then a word starting with it, then the rest, alphabetically by name.

    Pass the ``index`` of the store (``LabelIndex.of(run)``) when searching more than once: without one, this
    builds it (a query over every entity's names and aliases).
    """
    if not search_key(text):
        return []
    return (index or LabelIndex.of(run)).search(text, limit=limit)


# --- figures compared ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One row of the ``figures-compared`` named query."""

    stat: str
    about: str
    about_name: str
    measure: str
    value: Any
    qualifier: str
    surface: str
    low: Any
    low_exclusive: bool
    high: Any
    high_exclusive: bool
    year: int | None
    document: str
    document_label: str
    conflict: bool
    conflicts_with: tuple[str, ...]

    @property
    def interval(self) -> str:
        """The interval in mathematical notation: ``(6600, ∞)``, ``(−∞, 6000)``, ``[1000, 1000]``."""
        left = "(−∞" if self.low is None else ("(" if self.low_exclusive else "[") + _number(self.low)
        right = "∞)" if self.high is None else _number(self.high) + (")" if self.high_exclusive else "]")
        return f"{left}, {right}"


def _number(value) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return f"{value:,}" if isinstance(value, (int, Decimal)) else str(value)


def figures_query(about: str | None = None) -> str:
    """The ``figures-compared`` named query, restricted to one subject when ``about`` is an IRI.

    The subject is bound in every sub-query (each starts with ``VALUES ?about``): bound only outside, as
    ``kg query --param`` does, the engine would still compare every figure of the store first (seconds on a
    million triples, against some 40 ms).
    """
    from ..sparql import _TOKEN, named_query

    text = named_query("figures-compared").text
    if about is None:
        return text
    block = f" VALUES ?about {{ {_iri(about)} }} "
    pieces, position, seen_where = [], 0, False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in (None, "comment"):
            continue
        if kind == "open" and match.group() == "{" and seen_where:
            pieces.append(text[position:match.end()] + block)
            position = match.end()
        seen_where = kind == "word" and match.group().upper() == "WHERE"
    return "".join(pieces) + text[position:]


def figures_compared(run: Runner, *, about: str | None = None) -> list[Figure]:
    """The rows of the ``figures-compared`` named query (only those about one entity IRI when ``about``)."""
    rows = list(run(figures_query(about)))
    figures = []
    for row in rows:
        def get(name, row=row):
            return python_value(row[name])
        others = tuple(sorted(filter(None, (get("conflictsWith") or "").split(" | "))))
        figures.append(Figure(
            stat=get("stat"), about=get("about"), about_name=get("aboutName"), measure=get("measure"),
            value=get("value"), qualifier=get("qualifier"), surface=get("surfaceForm"), low=get("low"),
            low_exclusive=bool(get("lowExclusive")), high=get("high"), high_exclusive=bool(get("highExclusive")),
            year=get("year"), document=get("document"), document_label=get("documentLabel") or "",
            conflict=bool(get("conflict")), conflicts_with=others))
    return figures


# --- RDF descriptions ---------------------------------------------------------------------------------------

_DESCRIBE = """
CONSTRUCT { ?resource ?p ?o . ?s ?q ?resource }
WHERE { { ?resource ?p ?o } UNION { ?s ?q ?resource } }
"""


def describe(iri: str) -> str:
    """A CONSTRUCT query for what the store says of ``iri``: its own triples and those pointing at it."""
    return bind_params(_DESCRIBE, {"resource": _iri(iri)})

