"""Notebook helpers: query results as pandas DataFrames, a fact's evidence as its sentence highlighted.

pandas is imported inside the functions that need it, so importing this module stays cheap. Nothing here
needs IPython: ``Highlight`` has a ``_repr_html_``, which Jupyter displays as HTML by itself.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .errors import KgError, QueryError

if TYPE_CHECKING:
    import networkx
    import pandas

__all__ = ["Highlight", "NeighbourhoodGraph", "evidence_of", "neighbourhood", "query_frame", "sentence_bounds"]

# The end of a sentence: a full stop, question or exclamation mark and any closing quote, then a space or (as
# in "perpetrators.A 2017" in the bundled article) a capital letter straight away.
_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*(?:\s+|(?=[A-Z“\"]))")


def _params_as_terms(params: dict, text: str) -> dict:
    """Python values to RDF terms, as ``kg query --param`` reads them; names checked against the query."""
    import pyoxigraph as ox

    from .sparql import parse_param, query_variables

    known = query_variables(text)
    terms = {}
    for name, value in params.items():
        if name not in known:
            raise QueryError(f"parameter {name}: the query has no variable ?{name}; its variables: "
                             + (", ".join(sorted(known)) or "none"))
        if isinstance(value, (ox.NamedNode, ox.Literal)):
            terms[name] = value
        elif isinstance(value, bool):
            terms[name] = ox.Literal("true" if value else "false",
                                     datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
        elif hasattr(value, "n3") and type(value).__name__ == "URIRef":
            terms[name] = ox.NamedNode(str(value))
        else:
            terms[name] = parse_param(f"{name}={value}")[1]
    return terms


def _cell(term):
    if term is None:
        return None
    from .convert import ox_term_to_rdflib

    value = ox_term_to_rdflib(term)
    python = value.toPython() if hasattr(value, "toPython") else value
    if isinstance(python, Decimal):
        return float(python)
    return str(python) if python is value else python


def query_frame(store, query: str, /, **params) -> pandas.DataFrame:
    """Run a named query (or a ``.rq`` file, or SPARQL text) on a store and return the rows as a DataFrame.

    Keyword arguments bind query variables as RDF terms, read as ``kg query --param`` reads them
    (``name="Ashton Kutcher"`` a string, ``year=2017`` an integer, ``"<https://...>"`` or ``"kg:Person"`` an
    IRI). IRIs come back as strings, numbers as int or float, booleans as bool; an unbound cell is None.

    >>> frame = query_frame(store, "about-person", name="moore")  # ``store`` holds the bundled Thorn article
    >>> frame["label"].tolist()
    ['founding of Thorn (2012)', 'marriage of Ashton Kutcher and Demi Moore']
    """
    import pyoxigraph as ox

    from .extras import import_extra
    from .sparql import check_query, resolve_query

    pd = import_extra("pandas", extra="notebook", feature="query_frame")

    if "{" in query:
        label, text = "inline query", query
    else:
        label, text = resolve_query(query)
    form = check_query(text)
    if form not in ("SELECT", "ASK"):
        raise QueryError(f"{label}: a DataFrame holds SELECT (or ASK) results, not {form}; "
                         "for a CONSTRUCT use kg.network.to_networkx on its result")
    result = store.query(text, params=_params_as_terms(params, text), label=label)
    if isinstance(result, ox.QueryBoolean):
        return pd.DataFrame({"answer": [bool(result)]})
    names = [variable.value for variable in result.variables]
    return pd.DataFrame([[_cell(row[name]) for name in names] for row in result], columns=names)


def sentence_bounds(text: str, begin: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the sentence(s) holding ``text[begin:end]``; a line break ends a sentence."""
    start = text.rfind("\n", 0, begin) + 1
    # One character past ``begin``, so the capital after "perpetrators." is seen; ends past it are not ends.
    for match in _SENTENCE_END.finditer(text, start, min(len(text), begin + 1)):
        if match.end() <= begin:
            start = match.end()
    stop = text.find("\n", end)
    stop = len(text) if stop < 0 else stop
    # The span may itself end with the full stop: look from its last character.
    match = _SENTENCE_END.search(text, max(begin, end - 1), stop)
    if match:
        stop = match.end()
    return start, len(text[:stop].rstrip())


@dataclass(frozen=True, repr=False)
class Highlight:
    """A passage of a document with evidence spans marked; shows as HTML with ``<mark>`` in Jupyter."""

    label: str
    document: str
    text: str
    offset: int
    marks: tuple[tuple[int, int], ...]
    """Document offsets (begin, end) of the marked spans, inside the passage."""

    def _pieces(self):
        position = self.offset
        for begin, end in self.marks:
            yield False, self.text[position - self.offset: begin - self.offset]
            yield True, self.text[begin - self.offset: end - self.offset]
            position = end
        yield False, self.text[position - self.offset:]

    def __str__(self) -> str:
        return "".join(f"[[{piece}]]" if marked else piece for marked, piece in self._pieces())

    def __repr__(self) -> str:
        # A notebook's text/plain: the passage with [[marks]], readable where HTML is not rendered.
        return f"<Highlight {self.label}: {self}>"

    def _repr_html_(self) -> str:
        body = "".join(f"<mark>{html.escape(piece)}</mark>" if marked else html.escape(piece)
                       for marked, piece in self._pieces())
        where = f"{html.escape(self.document)}, characters {self.offset}–{self.offset + len(self.text)}"
        return (f"<div><b>{html.escape(self.label)}</b><br><span style='color:gray'>{where}</span>"
                f"<blockquote>{body}</blockquote></div>")


def evidence_of(G: networkx.MultiDiGraph, fact: str) -> list[Highlight]:
    """The evidence of a fact (or an entity's mentions) as the sentences holding it, the span marked.

    ``G`` is ``kg.network.to_networkx(...)`` with spans folded into ``evidence`` (the default); ``fact`` is an
    IRI or a label such as ``"founding of Thorn (2012)"``. One ``Highlight`` per sentence; spans sharing a
    sentence are marked together.
    """
    from .network import find_node

    node = find_node(G, fact)
    data = G.nodes[node]
    evidence = data.get("evidence")
    if not evidence:
        raise KgError(f"{data['label']} has no evidence attribute; build the networkx graph with "
                      "to_networkx(graph) (include_spans=False) from a graph holding its kg:evidence spans")
    sentences: dict[tuple[str, int, int], list[tuple[int, int]]] = {}
    for item in evidence:
        document = G.nodes.get(item.document, {}) if item.document else {}
        text = document.get("isString")
        if text is None or item.begin is None or item.end is None:
            raise KgError(f"{data['label']}: the text of {item.document} is not in the graph; convert the "
                          "whole graph (store.rdflib_graph()), not a CONSTRUCT result without the document")
        start, stop = sentence_bounds(text, item.begin, item.end)
        sentences.setdefault((item.document, start, stop), []).append((item.begin, item.end))
    highlights = []
    for (document, start, stop), spans in sorted(sentences.items()):
        text = G.nodes[document]["isString"]
        marks, last = [], start
        for begin, end in sorted(spans):
            # Overlapping spans are marked as one run, so the marks never nest.
            if marks and begin < marks[-1][1]:
                marks[-1] = (marks[-1][0], max(end, marks[-1][1]))
            else:
                marks.append((max(begin, last), end))
            last = marks[-1][1]
        highlights.append(Highlight(data["label"], G.nodes[document].get("label", document), text[start:stop],
                                    start, tuple(marks)))
    return highlights


class NeighbourhoodGraph:
    """An entity's neighbourhood drawn with cytoscape.js inside a notebook cell, offline: the library, kg's
    graph script and the data travel in the cell's output (an ``<iframe srcdoc>``, so the page's own styles and
    scripts do not interfere). Clicking a fact shows its evidence sentences with the supporting words marked.

    Made by ``neighbourhood(store, entity)``; ``data`` holds the nodes and edges, ``entity`` the page data.
    """

    def __init__(self, entity, data: dict, *, height: int = 520):
        self.entity = entity
        self.data = data
        self.height = height

    def __repr__(self) -> str:
        facts = sum(1 for node in self.data["nodes"] if node["group"] == "fact")
        others = sorted(node["label"] for node in self.data["nodes"] if node["group"] == "entity"
                        and not node["center"])
        return f"<NeighbourhoodGraph of {self.entity.name}: {facts} facts; " + ", ".join(others) + ">"

    def document(self) -> str:
        """The self-contained HTML page drawn in the cell (also fine to save and open in a browser)."""
        from .web.render import STATIC, json_for_script

        def asset(name: str) -> str:
            # A "</script" inside a library would end the inline block early; none of these has one.
            return (STATIC / name).read_text(encoding="utf-8").replace("</script", "<\\/script")

        style = (STATIC / "kg.css").read_text(encoding="utf-8")
        return (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(self.entity.name)}</title><style>{style}\n"
            "body{margin:0;padding:8px} .kg-graph{height:360px} .graph-details{max-height:" 
            f"{self.height - 400}px;overflow:auto}}</style></head><body>"
            f"<div id='kg-graph' class='kg-graph' data-graph='kg-graph-data'></div>"
            "<div id='kg-graph-details' class='graph-details'><p class='muted'>Click a fact (orange) to read the "
            "sentence it comes from.</p></div>"
            f"<script type='application/json' id='kg-graph-data'>{json_for_script(self.data)}</script>"
            f"<script>{asset('vendor/cytoscape/cytoscape.min.js')}</script>"
            f"<script>{asset('kg-graph.js')}</script></body></html>")

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.document(), quote=True)}" style="width:100%;'
                f'height:{self.height}px;border:1px solid #d8dee4" title="neighbourhood of '
                f'{html.escape(self.entity.name, quote=True)}"></iframe>')


def neighbourhood(store, entity: str, *, height: int = 520) -> NeighbourhoodGraph:
    """The interactive neighbourhood graph of an entity (name, alias or IRI), as kg serve's entity page draws it.

    ``store`` is a kg store (``open_store``). The graph holds the entity, its facts and what they link to; in
    Jupyter it shows inline, and clicking a fact shows its evidence sentence. Nothing is loaded from the network.

    >>> neighbourhood(store, "Ashton Kutcher")                                   # doctest: +SKIP
    """
    from .web import data
    from .web.render import graph_data

    run = data.store_runner(store)
    iri = entity if entity.startswith(("http://", "https://", "urn:")) else None
    if iri is None:
        hits = data.search(run, entity)
        exact = [hit for hit in hits if data.search_key(hit.matched) == data.search_key(entity)]
        if len(exact) > 1:
            raise KgError(f"{entity!r} names {len(exact)} entities: "
                          + ", ".join(f"{hit.name} ({hit.iri})" for hit in exact) + "; give the IRI")
        if not exact:
            close = ", ".join(hit.name for hit in hits[:5])
            raise KgError(f"no person or organization is called {entity!r}"
                          + (f"; names containing it: {close}" if close else ""))
        iri = exact[0].iri
    page = data.entity_page(run, iri)
    if page is None:
        raise KgError(f"the store knows nothing about {iri}")
    return NeighbourhoodGraph(page, graph_data(page, lambda _: None), height=height)
