"""The pages as Starlette routes: the query page, dereferenceable data IRIs, documents, figures and search.

``page_routes(backend, site)`` returns routes to mount in kg's ASGI app. The backend answers SELECT queries
(``select``) and serializes CONSTRUCT results (``graph``); the server gives one that runs every query in its
workers, under the same time limits and caps as ``/sparql``. ``StoreBackend`` reads an open store directly,
for tests and for embedding the pages elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from . import data
from .render import STATIC, Site

__all__ = ["GRAPH_OFFERS", "HTML_HEADERS", "PageBackend", "StoreBackend", "negotiate_resource", "page_routes"]

GRAPH_OFFERS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/json": ox.RdfFormat.JSON_LD,
}
"""What a data IRI answers to an RDF client, besides ``text/html`` (offered first)."""
_FORMAT_PARAMETER = {"ttl": "text/turtle", "turtle": "text/turtle", "nt": "application/n-triples",
                     "jsonld": "application/ld+json", "rdf": "application/rdf+xml", "xml": "application/rdf+xml",
                     "html": "text/html"}
HTML_HEADERS = {
    # Scripts, styles and data come from this server only; YASGUI and cytoscape set inline styles, and
    # YASGUI's icons are inline SVG (data: images).
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
MAX_SEARCH = 200
"""Longest search text accepted (characters)."""


class PageBackend(Protocol):
    def select(self, text: str) -> Iterable[Mapping[str, Any]]:
        """Solutions of a SELECT query, each indexable by variable name (pyoxigraph terms or None)."""

    def graph(self, text: str, media_type: str) -> bytes:
        """A CONSTRUCT query's result serialized in ``media_type`` (a key of ``GRAPH_OFFERS``)."""


class StoreBackend:
    """Queries an open kg store (or pyoxigraph Store) in the calling thread, with no time limit."""

    def __init__(self, store):
        self.store = store

    def select(self, text: str):
        return self.store.query(text)

    def graph(self, text: str, media_type: str) -> bytes:
        from ..namespaces import PREFIXES

        fmt = GRAPH_OFFERS[media_type]
        return ox.serialize(self.store.query(text), format=fmt,
                            prefixes=dict(PREFIXES) if fmt == ox.RdfFormat.TURTLE else None)


def negotiate_resource(accept: str | None, format_parameter: str | None) -> str | None:
    """``text/html`` or one of ``GRAPH_OFFERS`` for a request; None when the client accepts none of them.

    A ``format`` query parameter (``ttl``, ``nt``, ``jsonld``, ``rdf``, ``html``) wins over Accept, so a browser
    can follow a link to the Turtle. No or an empty Accept header gets HTML, as ``*/*`` does.
    """
    from ..serve import negotiate

    if format_parameter:
        return _FORMAT_PARAMETER.get(format_parameter.lower(), "")
    return negotiate(accept, ["text/html", *GRAPH_OFFERS])


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=HTML_HEADERS)


def _error(site: Site, request: Request, status: int, message: str) -> Response:
    """An HTML page for browsers, kg's JSON error shape for everyone else."""
    if negotiate_resource(request.headers.get("accept"), None) == "text/html":
        return _html(site.error(status, message), status)
    kind = {404: "not_found", 406: "not_acceptable", 400: "bad_request"}.get(status, "error")
    return JSONResponse({"error": {"status": status, "type": kind, "message": message}}, status_code=status)


def page_routes(backend: PageBackend, site: Site, *, read_only: bool = True) -> list[BaseRoute]:
    """The routes of the pages, to add to an ASGI app beside ``/sparql``."""
    run = backend.select
    mapping = site.mapping

    def query_page(request: Request) -> Response:
        from ..namespaces import PREFIXES
        from ..sparql import named_queries

        examples = [{"name": q.name, "question": q.question, "query": q.text} for q in named_queries().values()]
        order = ["persons", "foundings"]
        examples.sort(key=lambda q: (order.index(q["name"]) if q["name"] in order else len(order), q["name"]))
        prefixes = dict(PREFIXES, id=mapping.base)
        default = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items() if name in ("kg", "rdfs"))
        default += "SELECT ?entity ?name WHERE {\n  ?entity kg:name ?name .\n}\nLIMIT 20\n"
        return _html(site.query_page(examples=examples, prefixes=prefixes, default_query=default,
                                     read_only=read_only))

    def resource(request: Request) -> Response:
        path = request.url.path
        iri = mapping.iri_of(path)
        if iri is None:
            return _error(site, request, 404, f"no resource at {path}; data IRIs look like "
                                              f"{mapping.path}person/ashton-kutcher")
        media_type = negotiate_resource(request.headers.get("accept"), request.query_params.get("format"))
        if not media_type:
            offered = ", ".join(["text/html", *GRAPH_OFFERS])
            return _error(site, request, 406, f"cannot send {iri} as any type in Accept (or format=); "
                                              f"available: {offered}")
        headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
        if media_type != "text/html":
            body = backend.graph(data.describe(iri), media_type)
            if body.strip() in (b"", b"[]", b"{}"):
                return _error(site, request, 404, f"the store says nothing about {iri}")
            content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
            return Response(body, media_type=content_type, headers=headers)
        kind = mapping.kind_of(iri)
        page = None
        if kind in ("person", "organization"):
            entity = data.entity_page(run, iri)
            if entity is not None:
                page = site.entity(entity)
        elif kind == "document":
            document = data.document_page(run, iri)
            if document is not None:
                page = site.document(document)
        else:
            found = data.resource_page(run, iri)
            if found is not None:
                page = site.resource(found)
        if page is None:
            return _error(site, request, 404, f"the store knows nothing about {iri}")
        response = _html(page)
        response.headers.update(headers)
        return response

    def documents(request: Request) -> Response:
        return _html(site.documents(data.documents(run)))

    def figures(request: Request) -> Response:
        from ..sparql import named_query

        return _html(site.figures(data.figures_compared(run), text=named_query("figures-compared").text))

    def search(request: Request) -> Response:
        text = request.query_params.get("q", "")
        if len(text) > MAX_SEARCH:
            return _error(site, request, 400, f"the search text is {len(text):,} characters; give at most "
                                              f"{MAX_SEARCH}")
        hits = data.search(run, text) if text.strip() else []
        if request.query_params.get("format") == "json" or (
                negotiate_resource(request.headers.get("accept"), None) != "text/html"
                and "application/json" in request.headers.get("accept", "")):
            return JSONResponse([{"iri": h.iri, "name": h.name, "type": h.type, "matched": h.matched,
                                  "href": site.href(h.iri)} for h in hits])
        return _html(site.search(text, hits))

    return [
        Route("/", query_page, methods=["GET", "HEAD"]),
        Route("/index.html", query_page, methods=["GET", "HEAD"]),
        Route(mapping.path.rstrip("/") + "/{rest:path}", resource, methods=["GET", "HEAD"]),
        Route("/documents", documents, methods=["GET", "HEAD"]),
        Route("/figures", figures, methods=["GET", "HEAD"]),
        Route("/search", search, methods=["GET", "HEAD"]),
        Mount(site.static_path.rstrip("/"), app=StaticFiles(directory=str(STATIC)), name="static"),
    ]
