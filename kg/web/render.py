"""The pages as HTML: Jinja2 templates (autoescaped) fed by ``kg.web.data``, and the neighbourhood graph's data.

Every page reads on its own, without JavaScript: facts, evidence sentences with the supporting words in
``<mark>``, links between entities, documents and facts. The scripts under ``static/`` only add the query editor,
the interactive graph and the pop-up of a highlighted span. Data for the scripts travels in
``<script type="application/json">`` blocks, escaped so that no text from an article can close them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import pairwise
from pathlib import Path

from . import data
from .iris import IriMapping

__all__ = ["GRAPH_FACTS", "Site", "graph_data", "json_for_script"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
MAX_FIGURE_GROUPS = 200
"""Subjects and measures listed on the figures page (those with a conflict first)."""
GRAPH_FACTS = 60
"""Facts drawn in an entity's neighbourhood graph (the page lists them all)."""

_ROLE_LABELS = {
    "foundedBy": "founded by", "organizationFounded": "organization founded", "partner": "partner",
    "witness": "witness", "testifiedBefore": "testified before", "interviewee": "interviewee",
    "interviewer": "interviewer", "programme": "programme", "speaker": "speaker", "setting": "said in",
    "about": "about", "measure": "measure", "source": "source", "hedge": "hedge", "subjectEntity": "subject",
    "objectEntity": "object", "spouse": "spouse", "founder": "founder",
}
_TYPE_LABELS = {
    "Person": "person", "Organization": "organization", "LegislativeBody": "legislative body",
    "GovernmentBody": "government body", "Programme": "programme", "FoundingEvent": "founding",
    "Marriage": "marriage", "Testimony": "testimony", "Interview": "interview", "Quote": "quote",
    "Statistic": "statistic", "Statement": "statement", "NewsArticle": "news article",
    "StatisticalVariable": "measure", "UnnamedSource": "unnamed source", "Report": "report",
}


def json_for_script(value) -> str:
    """JSON to put inside ``<script type="application/json">``: ``<``, ``>`` and ``&`` escaped, so a ``</script>``
    in an article's text stays data."""
    text = json.dumps(value, ensure_ascii=False, default=_json_default)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json_default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"cannot put {type(value).__name__} in JSON")


def role_label(role: str) -> str:
    if role in _ROLE_LABELS:
        return _ROLE_LABELS[role]
    import re

    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", role).lower()


def type_label(kind: str | None) -> str:
    if not kind:
        return ""
    return _TYPE_LABELS.get(kind, role_label(kind))


def number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


_INTERVAL_KEYS = {"minValue", "maxValue", "minExclusive", "maxExclusive", "value", "surfaceForm", "buildKey"}


def fact_values(fact: data.Fact) -> list[tuple[str, str]]:
    """A fact's literal properties as (label, text) for its card; a figure's bounds as one interval."""
    rows = [(role_label(name), "; ".join(number(v) for v in values))
            for name, values in sorted(fact.values.items()) if name not in _INTERVAL_KEYS]
    if "surfaceForm" in fact.values and ("minValue" in fact.values or "maxValue" in fact.values):
        low, high = fact.value("minValue"), fact.value("maxValue")
        left = "(−∞" if low is None else ("(" if fact.value("minExclusive") else "[") + number(low)
        right = "∞)" if high is None else number(high) + (")" if fact.value("maxExclusive") else "]")
        rows.insert(0, ("interval", f"{left}, {right}"))
    return rows


def graph_label(fact: data.Fact) -> str:
    """What the graph writes beside a fact: its kind and year, or a figure as the text gives it ("nearly 6,000").
    The full label (a quote's words, both partners of a marriage) shows on hover and on click; written out for
    every fact, labels would cover each other in all but the smallest neighbourhoods."""
    surface = fact.value("surfaceForm")
    if fact.kind == "Statistic" and surface:
        return str(surface) if len(str(surface)) <= 24 else str(surface)[:23] + "…"
    return type_label(fact.kind) + (f" {fact.year}" if fact.year is not None else "")


def graph_data(entity: data.Entity, href) -> dict:
    """The neighbourhood of an entity as nodes and edges for kg-graph.js: the entity, its facts (at most
    ``GRAPH_FACTS``), and what those facts link to; each fact with its evidence sentences."""
    nodes: dict[str, dict] = {}
    edges = []

    def node(iri, label, kind, group, **extra):
        if iri not in nodes:
            nodes[iri] = {"id": iri, "label": label, "short": label, "kind": kind or "", "kindLabel": type_label(kind),
                          "group": group, "href": href(iri), "center": False, **extra}
        return nodes[iri]

    node(entity.iri, entity.name, entity.type, "entity", center=True)
    shown = entity.facts[:GRAPH_FACTS]
    shown_ids = {fact.iri for fact in shown}
    for fact in shown:
        node(fact.iri, fact.label, fact.kind, "fact", year=fact.year, short=graph_label(fact),
             evidence=[dict(sentence.as_json(), href=href(sentence.document)) for sentence in fact.evidence])
    for fact in shown:
        for link in fact.links:
            if link.type in data.ENTITY_TYPES:
                node(link.iri, link.label, link.type, "entity")
            elif link.iri not in shown_ids:
                continue
            edges.append({"id": f"{fact.iri} {link.role} {link.iri}", "source": fact.iri, "target": link.iri,
                          "label": role_label(link.role or "")})
    return {"center": entity.iri, "nodes": list(nodes.values()), "edges": edges,
            "omitted": max(0, len(entity.facts) - len(shown))}


@dataclass
class Site:
    """Renders the pages of one server: how its data IRIs map to paths, and where static files are."""

    mapping: IriMapping = field(default_factory=IriMapping.for_base)
    static_path: str = "/static/"
    endpoint_path: str = "/sparql"

    @cached_property
    def environment(self):
        from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

        env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters.update(number=number, role=role_label, kind=type_label, script_json=json_for_script,
                           fact_values=fact_values)
        env.globals.update(href=self.href, static=self.static, site=self)
        return env

    def href(self, iri: str | None) -> str | None:
        """The server path of a data IRI; None for IRIs the server does not answer (shown as text)."""
        if iri is None:
            return None
        return self.mapping.path_of(iri)

    def static(self, name: str) -> str:
        return self.static_path + name

    def render(self, template: str, **context) -> str:
        return self.environment.get_template(template).render(**context)

    # --- pages ---

    def entity(self, entity: data.Entity, *, figures: list | None = None) -> str:
        return self.render("entity.html", entity=entity, graph=graph_data(entity, self.href),
                           figures=figures or [], title=entity.name)

    def resource(self, resource: data.Resource) -> str:
        return self.render("resource.html", resource=resource, title=resource.label)

    def document(self, document: data.Document) -> str:
        segments = highlight_segments(document)
        fact_index = {fact.iri: index for index, fact in enumerate(document.facts, 1)}
        details = {f"f{index}": {
            "label": fact.label, "kind": type_label(fact.kind), "href": self.href(fact.iri),
            "links": [{"label": link.label, "role": role_label(link.role or ""), "href": self.href(link.iri),
                       "kind": type_label(link.type)} for link in fact.links
                      if link.type in data.ENTITY_TYPES or link.role in ("setting", "measure", "source")],
            "year": fact.year} for fact, index in ((f, fact_index[f.iri]) for f in document.facts)}
        return self.render("document.html", document=document, text_html=self._text_html(segments, document),
                           details=details, title=document.title)

    def _text_html(self, segments: list[Segment], document: data.Document):
        """The article text as HTML: fact spans in ``<mark>`` (their facts in ``data-facts``), entity mentions as
        links to the entity pages, an empty anchor ``char=B,E`` where each evidence span starts."""
        from markupsafe import Markup, escape

        labels = {index: fact.label for index, fact in enumerate(document.facts, 1)}
        parts = []
        for segment in segments:
            parts.extend(f'<span class="anchor" id="{escape(anchor)}"></span>' for anchor in segment.starts)
            piece = escape(segment.text)
            if segment.mention and self.href(segment.mention):
                piece = Markup('<a class="mention" href="{}">{}</a>').format(self.href(segment.mention), piece)
            if segment.facts:
                ids = " ".join(f"f{index}" for index in segment.facts)
                title = "; ".join(labels[index] for index in segment.facts)
                piece = Markup('<mark class="span" data-facts="{}" title="{}" tabindex="0">{}</mark>').format(
                    ids, title, piece)
            parts.append(str(piece))
        return Markup("".join(parts))

    def documents(self, rows) -> str:
        return self.render("documents.html", rows=rows, title="Documents")

    def search(self, query: str, hits: list[data.SearchHit]) -> str:
        return self.render("search.html", q=query, hits=hits, title=f"Search: {query}" if query else "Search")

    def figures(self, figures: list[data.Figure], *, text: str, max_groups: int = MAX_FIGURE_GROUPS) -> str:
        """Figures grouped by subject and measure, the groups with a conflict first; past ``max_groups`` the
        page says how many more there are (a million-triple store has thousands)."""
        groups: dict[tuple[str, str], list[data.Figure]] = {}
        for figure in figures:
            groups.setdefault((figure.about, figure.measure), []).append(figure)
        ordered = sorted(groups.items(), key=lambda item: not any(f.conflict for f in item[1]))
        return self.render("figures.html", groups=ordered[:max_groups], omitted=len(ordered[max_groups:]),
                           total=len(ordered), text=text, conflicts=sum(1 for f in figures if f.conflict),
                           title="Figures across sources")

    def query_page(self, *, examples: list[dict], prefixes: dict[str, str], default_query: str,
                   read_only: bool, query: str | None = None, tab: str | None = None) -> str:
        """YASGUI with a tab per named query; ``query`` opens a tab of its own, ``tab`` selects a named one. The
        form shown without JavaScript holds the same query."""
        config = {"endpoint": self.endpoint_path, "examples": examples, "prefixes": prefixes,
                  "defaultQuery": default_query, "dataBase": self.mapping.base, "dataPath": self.mapping.path,
                  "query": query, "tab": tab}
        shown = query or next((q["query"] for q in examples if q["name"] == tab), default_query)
        return self.render("query.html", config=config, examples=examples, read_only=read_only, shown=shown,
                           title="SPARQL query")

    def error(self, status: int, message: str) -> str:
        return self.render("error.html", status=status, message=message, title=f"{status}")


@dataclass
class Segment:
    """A run of a document's text with the same facts and entity mentions over all of it."""

    text: str
    begin: int
    facts: tuple[int, ...]
    """Indexes (1-based) of the facts whose evidence covers the run."""
    mention: str | None
    """An entity mentioned over the run (the innermost when mentions overlap)."""
    starts: tuple[str, ...]
    """Anchors (``char=B,E``) of the evidence spans starting here."""


def highlight_segments(document: data.Document) -> list[Segment]:
    """The text cut at every span boundary, each run knowing the facts and the entity that cover it."""
    text = document.text
    fact_index = {fact.iri: index for index, fact in enumerate(document.facts, 1)}
    cuts = {0, len(text)}
    spans = [(s.begin, s.end, fact_index[s.resource]) for s in document.fact_spans if s.resource in fact_index]
    mentions = [(s.begin, s.end, s.resource) for s in document.mentions]
    for begin, end, _ in spans + mentions:
        if 0 <= begin < end <= len(text):
            cuts.update((begin, end))
    bounds = sorted(cuts)
    anchors: dict[int, list[str]] = {}
    for begin, end, _ in spans:
        anchors.setdefault(begin, [])
        if f"char={begin},{end}" not in anchors[begin]:
            anchors[begin].append(f"char={begin},{end}")
    segments = []
    for begin, end in pairwise(bounds):
        facts = tuple(sorted({index for b, e, index in spans if b <= begin and end <= e}))
        covering = [(e - b, iri) for b, e, iri in mentions if b <= begin and end <= e]
        mention = min(covering)[1] if covering else None
        segments.append(Segment(text[begin:end], begin, facts, mention, tuple(anchors.get(begin, ()))))
    return segments
