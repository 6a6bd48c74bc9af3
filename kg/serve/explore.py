"""The pages of kg serve beside ``/sparql``: the query page (YASGUI), dereferenceable data IRIs, documents,
figures and search, and their static files.

Every query a page asks runs on the endpoint's workers, like a query to ``/sparql``: under the same time limit,
memory cap and per-client share of the workers, and refused with the same 414/429/503 when a limit is reached.
The page code itself (``kg.web``) is synchronous; it runs in a thread and hands each query to the event loop.
A data IRI answers HTML to a browser and Turtle, N-Triples, JSON-LD or RDF/XML to an RDF client.
"""

from __future__ import annotations

import logging
import time

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..web import data
from ..web.iris import IriMapping
from ..web.render import STATIC, Site
from .app import HttpError, _check_url, _client, _error_of, error_body
from .negotiation import GRAPH_TYPES, negotiate
from .workers import QueryJob

__all__ = ["HTML_HEADERS", "EndpointBackend", "negotiate_resource", "page_routes"]

log = logging.getLogger("kg.serve")

HTML_HEADERS = {
    # Scripts, styles and data come from this server only. YASGUI and cytoscape.js set inline styles, and
    # YASGUI's icons are inline SVG (data: images); no inline script runs (page data is in JSON blocks).
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
_FORMAT_PARAMETER = {"ttl": "text/turtle", "turtle": "text/turtle", "nt": "application/n-triples",
                     "jsonld": "application/ld+json", "rdf": "application/rdf+xml", "xml": "application/rdf+xml",
                     "html": "text/html"}
_JSON_RESULTS = "application/sparql-results+json"
MAX_SEARCH = 200
"""Longest search text accepted (characters)."""


class LabelIndexes:
    """The search index (``data.LabelIndex``) of the newest store snapshot, built once per snapshot (one query on
    the workers, some 100 ms on a million triples) and shared by every search after it. Any other page that
    finds the index out of date starts its build in the background, so the search box of that page answers
    from a ready index; a search that arrives while it is being built waits for that build instead of starting
    its own."""

    def __init__(self):
        import threading

        self._lock = threading.Lock()
        self._snapshot: str | None = None
        self._index: data.LabelIndex | None = None
        self._warming = None

    def of(self, backend: EndpointBackend) -> data.LabelIndex:
        with self._lock:
            if self._snapshot != backend.snapshot_key or self._index is None:
                self._index = data.LabelIndex.of(backend.select)
                self._snapshot = backend.snapshot_key
            return self._index

    def warm(self, backend: EndpointBackend) -> None:
        """Build the index of ``backend``'s snapshot in the background unless it is built or being built (called
        on the event loop)."""
        import asyncio

        import anyio.to_thread

        if self._snapshot == backend.snapshot_key or (self._warming is not None and not self._warming.done()):
            return

        async def build() -> None:
            try:
                await anyio.to_thread.run_sync(self.of, backend)
            except Exception as exc:  # noqa: BLE001 - only a head start: the next search builds it and reports
                log.info("the search index was not built ahead of a search: %s", exc)

        self._warming = asyncio.get_running_loop().create_task(build())


class EndpointBackend:
    """Runs a page's queries on the endpoint's workers, as the client of the request (for its fair share), all
    on the store snapshot current when the page was asked for, so one page never mixes two states of the store."""

    def __init__(self, endpoint, client: str):
        self.endpoint = endpoint
        self.client = client
        self.snapshot = endpoint.pool.snapshot()

    @property
    def snapshot_key(self) -> str:
        """The snapshot, named so that a store removed and built again at the same path is told apart."""
        import os

        try:
            stat = os.stat(self.snapshot)
        except OSError:
            return self.snapshot
        return f"{self.snapshot}@{stat.st_ino}:{stat.st_mtime_ns}"

    def _run(self, text: str, media_types: dict[str, str | None]) -> bytes:
        import anyio.from_thread

        from ..sparql import check_query

        check_query(text)
        job = QueryJob(query=text, default_graphs=None, named_graphs=None, media_types=media_types,
                       base_iri=self.endpoint.url, store=self.snapshot)
        reply = anyio.from_thread.run(self.endpoint.run_query, job, self.client)
        if reply[0] != "ok":
            # kg's own page queries: a failure here is a bug, reported as a 500 with the details in the log.
            raise RuntimeError(f"a page query failed ({reply[0]}): {reply[1]}\n{text}")
        return reply[2]

    def select(self, text: str):
        body = self._run(text, {"solutions": _JSON_RESULTS, "boolean": _JSON_RESULTS, "graph": None})
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def graph(self, text: str, media_type: str) -> bytes:
        return self._run(text, {"solutions": None, "boolean": None, "graph": media_type})


def negotiate_resource(accept: str | None, format_parameter: str | None) -> str | None:
    """``text/html`` or an RDF media type for a request to a data IRI; None when the client accepts neither.

    A ``format`` query parameter (``ttl``, ``nt``, ``jsonld``, ``rdf``, ``html``) wins over Accept, so a browser can
    follow a link to the Turtle. No Accept header, or ``*/*``, gets HTML.
    """
    if format_parameter:
        return _FORMAT_PARAMETER.get(format_parameter.lower())
    return negotiate(accept, ["text/html", *GRAPH_TYPES])


def _not_found(message: str) -> HttpError:
    return HttpError(404, "not_found", message)


def _wants_html(request: Request) -> bool:
    return negotiate(request.headers.get("accept"), ["text/html", "application/json"]) == "text/html"


def _html(body: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers={**HTML_HEADERS, **(headers or {})})


def _error(site: Site, request: Request, error: HttpError) -> Response:
    """An error as a page for browsers, and in the endpoint's JSON error shape for everyone else."""
    if _wants_html(request):
        return _html(site.error(error.status, error.message), error.status, error.headers)
    return Response(error_body(error.status, error.type, error.message), status_code=error.status,
                    media_type="application/json", headers=error.headers)


def page_routes(site: Site | None = None, *, read_only: bool = True) -> list[BaseRoute]:
    """The pages' routes, to mount before the endpoint's own (``create_app(endpoint, routes=...)``)."""
    import anyio.to_thread

    site = site or Site(mapping=IriMapping.for_base())
    mapping = site.mapping
    label_indexes = LabelIndexes()

    def page(render):
        async def handle(request: Request) -> Response:
            endpoint = request.app.state.kg
            started = time.perf_counter()
            try:
                _check_url(request, endpoint)
                backend = EndpointBackend(endpoint, _client(request))
                response = await anyio.to_thread.run_sync(render, request, backend)
                if render.__name__ != "search":
                    label_indexes.warm(backend)
            except Exception as exc:  # noqa: BLE001 - _error_of: 4xx for client errors, a logged 500 otherwise
                response = _error(site, request, _error_of(exc))
            # The server's own time for the page (queries on the workers, HTML), for browsers' developer tools
            # and benchmarks/bench_pages.py: what a client measures adds the network and its own work.
            response.headers["Server-Timing"] = f"page;dur={(time.perf_counter() - started) * 1000:.1f}"
            return response

        handle.__name__ = render.__name__
        return handle

    def query_page(request: Request, backend) -> Response:
        from ..namespaces import PREFIXES
        from ..sparql import named_queries

        examples = [{"name": q.name, "question": q.question, "query": q.text} for q in named_queries().values()]
        first = ["persons", "foundings"]
        examples.sort(key=lambda q: (first.index(q["name"]) if q["name"] in first else len(first), q["name"]))
        prefixes = dict(PREFIXES, id=mapping.base)
        default = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items() if name in ("kg", "rdfs"))
        default += "SELECT ?entity ?name WHERE {\n  ?entity kg:name ?name .\n}\nLIMIT 20\n"
        # ?query= opens a tab holding that query; ?example= (or ?tab=) opens a named query's tab.
        query = request.query_params.get("query")
        example = request.query_params.get("example") or request.query_params.get("tab")
        named = {q["name"]: q["query"] for q in examples}
        return _html(site.query_page(examples=examples, prefixes=prefixes, default_query=default,
                                     read_only=read_only, query=query,
                                     tab=example if example in named else None))

    def resource(request: Request, backend) -> Response:
        path = request.url.path
        iri = mapping.iri_of(path)
        if iri is None:
            raise _not_found(f"no resource at {path}; data IRIs are served like {mapping.path}person/ashton-kutcher")
        media_type = negotiate_resource(request.headers.get("accept"), request.query_params.get("format"))
        if not media_type:
            raise HttpError(406, "not_acceptable", f"cannot send {iri} as any type in Accept (or format=); "
                                                   f"available: text/html, {', '.join(GRAPH_TYPES)}")
        headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
        if media_type != "text/html":
            body = backend.graph(data.describe(iri), media_type)
            if not next(iter(ox.parse(body, format=GRAPH_TYPES[media_type])), None):
                raise _not_found(f"the store says nothing about {iri}")
            content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
            return Response(body, media_type=content_type, headers={**headers, "X-Content-Type-Options": "nosniff"})
        kind = mapping.kind_of(iri)
        run = backend.select
        if kind in ("person", "organization"):
            found = data.entity_page(run, iri)
            body = site.entity(found, figures=_figures_about(run, found)) if found else None
        elif kind == "document":
            found = data.document_page(run, iri)
            body = site.document(found) if found else None
        else:
            found = data.resource_page(run, iri)
            body = site.resource(found) if found else None
        if body is None:
            raise _not_found(f"the store knows nothing about {iri}")
        return _html(body, headers=headers)

    def documents(request: Request, backend) -> Response:
        return _html(site.documents(data.documents(backend.select)))

    def figures(request: Request, backend) -> Response:
        from ..sparql import named_query

        about = request.query_params.get("about")
        if about is not None and mapping.kind_of(about) is None:
            raise HttpError(400, "bad_request", f"about={about!r} is not a data IRI of this server; give an "
                                                f"IRI starting with {mapping.base}")
        rows = data.figures_compared(backend.select, about=about)
        return _html(site.figures(rows, text=named_query("figures-compared").text))

    def search(request: Request, backend) -> Response:
        text = request.query_params.get("q", "")
        if len(text) > MAX_SEARCH:
            raise HttpError(400, "bad_request", f"the search text is {len(text):,} characters; give at most "
                                                f"{MAX_SEARCH}")
        hits = label_indexes.of(backend).search(text) if text.strip() else []
        if not _wants_html(request):
            import json

            body = [{"iri": h.iri, "name": h.name, "type": h.type, "matched": h.matched, "href": site.href(h.iri)}
                    for h in hits]
            return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")
        return _html(site.search(text, hits))

    return [
        Route("/", page(query_page), methods=["GET", "HEAD"]),
        Route("/index.html", page(query_page), methods=["GET", "HEAD"]),
        Route(mapping.path.rstrip("/") + "/{rest:path}", page(resource), methods=["GET", "HEAD"]),
        Route("/documents", page(documents), methods=["GET", "HEAD"]),
        Route("/figures", page(figures), methods=["GET", "HEAD"]),
        Route("/search", page(search), methods=["GET", "HEAD"]),
        Mount(site.static_path.rstrip("/"), app=StaticFiles(directory=str(STATIC)), name="static"),
    ]


def _figures_about(run, entity: data.Entity) -> list[data.Figure]:
    """The figures compared about an entity, when some statistic is about it (one more query, some 40 ms on a
    million triples; none for an entity no figure is about)."""
    if not any("about" in fact.roles for fact in entity.facts):
        return []
    return data.figures_compared(run, about=entity.iri)
