"""The endpoint as an ASGI application (Starlette): the SPARQL 1.1 Protocol at ``/sparql``, the query page at
``/``, one JSON error shape for every failure, and the ``Endpoint`` object that runs queries on the workers.

``create_app(endpoint, routes=...)`` builds the application; more pages mount by passing their routes (they
reach the endpoint as ``request.app.state.kg``). Only this subpackage imports the web framework.
"""

import hmac
import json
import logging
import threading
from collections.abc import Sequence
from http import HTTPStatus
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..errors import QueryError, QueryRefusedError, QueryTimeoutError
from .negotiation import OFFERS, kind_of_form, negotiate
from .pages import PAGE_HEADERS, query_page
from .workers import Busy, QueryJob, WorkerDied, WorkerPool

__all__ = ["Endpoint", "HttpError", "create_app", "error_body"]

log = logging.getLogger("kg.serve")

RETRY_AFTER_SECONDS = 1
_SPARQL_METHODS = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"]
_KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"}


class HttpError(Exception):
    """A request answered with a 4xx/5xx status: the status, a short type and a message for the client."""

    def __init__(self, status: int, type_: str, message: str, *, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.headers = headers or {}


_TYPE_BY_STATUS = {
    400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 406: "not_acceptable",
    411: "length_required", 413: "payload_too_large", 414: "uri_too_long", 415: "unsupported_media_type",
    429: "too_many_requests", 431: "headers_too_large", 500: "internal_error", 501: "not_implemented",
    503: "unavailable",
}


def error_body(status: int, type_: str, message: str) -> bytes:
    """The one JSON error shape, escaped so that a query echoed in a message can never be read as markup."""
    text = json.dumps({"error": {"status": status, "type": type_, "message": message}}, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


class Endpoint:
    """What the application serves: the worker pool and the limits, update settings and writer around it."""

    def __init__(self, pool: WorkerPool, *, timeout: float, queue_timeout: float, max_body: int, max_url: int,
                 allow_update: bool, token: str | None, cors_origin: str | None, updater=None,
                 federation: tuple[str, ...] = ()):
        self.pool = pool
        self.timeout = timeout
        self.queue_timeout = queue_timeout
        self.max_body = max_body
        self.max_url = max_url
        self.allow_update = allow_update
        self.token = token or ""
        self.cors_origin = cors_origin
        self.updater = updater
        """Runs an authorized update (``updater.update(text, base_iri=...)``) and what must follow it."""
        self.federation = tuple(federation)
        """Endpoints SERVICE (and FROM) may name in queries (``kg.guard``); none by default."""
        self.base_url = "http://127.0.0.1"
        """Set by the server once it listens: the base of relative IRIs in queries and updates."""
        self._threads = None
        self.update_lock = threading.Lock()

    @property
    def url(self) -> str:
        return self.base_url + "/sparql"

    async def run_query(self, job: QueryJob, client: str) -> tuple:
        """Evaluate ``job`` on a worker, fairly among clients, stopping it at the deadline."""
        import anyio

        if self._threads is None:
            # One thread per worker talks to it; anyio's shared pool is left to the rest of the app.
            self._threads = anyio.CapacityLimiter(self.pool.size + 1)
        try:
            worker = await self.pool.acquire(client, self.queue_timeout)
        except Busy as e:
            if e.per_client:
                raise HttpError(429, "too_many_requests", str(e),
                                headers={"Retry-After": str(RETRY_AFTER_SECONDS)}) from e
            raise HttpError(503, "overloaded", str(e), headers={"Retry-After": str(RETRY_AFTER_SECONDS)}) from e
        try:
            reply = await anyio.to_thread.run_sync(self.pool.run, worker, job, self.timeout,
                                                   limiter=self._threads)
        except TimeoutError:
            self.pool.discard(worker, client)
            raise QueryTimeoutError(
                f"query exceeded the {self.timeout:g} s time limit and was stopped; narrow it "
                "(more specific patterns, LIMIT) or ask for a longer --timeout") from None
        except WorkerDied as e:
            self.pool.discard(worker, client)
            if e.out_of_memory:
                raise HttpError(503, "out_of_memory", str(e)) from None
            raise RuntimeError(str(e)) from e
        except BaseException:
            self.pool.discard(worker, client)
            raise
        self.pool.release(worker, client)
        return reply


# --- requests -----------------------------------------------------------------------------------------------


def _response(endpoint: Endpoint, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> Response:
    all_headers = {"X-Content-Type-Options": "nosniff"}
    if endpoint.cors_origin:
        all_headers["Access-Control-Allow-Origin"] = endpoint.cors_origin
        all_headers["Vary"] = "Origin"
    for name, value in (headers or {}).items():
        if name == "Vary" and "Vary" in all_headers:
            value = f"{all_headers['Vary']}, {value}"
        all_headers[name] = value
    return Response(body, status_code=status, media_type=content_type, headers=all_headers)


def _error_response(endpoint: Endpoint, error: HttpError) -> Response:
    return _response(endpoint, error.status, error_body(error.status, error.type, error.message),
                     "application/json", error.headers)


def _error_of(exc: BaseException) -> HttpError:
    """The response for an exception raised while handling a request (datasette's handle_exception, in small).

    Errors kg raises on purpose become 4xx with their message; a timeout is 503; anything else is a server
    fault: 500, logged with its traceback, and its details stay in the log.
    """
    if isinstance(exc, HttpError):
        return exc
    if isinstance(exc, QueryTimeoutError):
        return HttpError(503, "timeout", str(exc))
    if isinstance(exc, QueryRefusedError):
        return HttpError(400, "query_refused", str(exc))
    if isinstance(exc, QueryError):
        return HttpError(400, "query_error", str(exc))
    log.error("unexpected error while handling a request", exc_info=exc)
    return HttpError(500, "internal_error",
                     "the server failed while handling this request; the details are in the server log")


def _handler(function):
    """Wrap a request handler so that every exception becomes the JSON error shape."""

    async def handle(request: Request) -> Response:
        endpoint = request.app.state.kg
        try:
            return await function(request, endpoint)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody reads it
        except Exception as exc:  # noqa: BLE001 - _error_of: 4xx for client errors, a logged 500 otherwise
            return _error_response(endpoint, _error_of(exc))

    handle.__name__ = function.__name__
    return handle


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise HttpError(400, "bad_request",
                        f"the request gives {len(values)} {name} parameters; give exactly one")
    return values[0] if values else None


def _parse_params(text: str, where: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=1000)
    except UnicodeDecodeError as e:
        raise HttpError(400, "bad_request", f"the {where} is not valid percent-encoded UTF-8 ({e.reason} at "
                                            f"byte {e.start})") from e
    except ValueError as e:
        raise HttpError(400, "bad_request", f"the {where} cannot be parsed: {e}") from e


def _url_params(request: Request) -> dict[str, list[str]]:
    # Latin-1 keeps every byte as one character; parse_qs then decodes percent-escapes as strict UTF-8.
    return _parse_params(request.scope["query_string"].decode("latin-1"), "URL query string")


def _decode_body(body: bytes, charset: str | None, what: str) -> str:
    if charset is not None and charset.lower() not in ("utf-8", "utf8"):
        raise HttpError(415, "unsupported_media_type",
                        f"{what} must be UTF-8, not {charset}; re-encode it and send charset=utf-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise HttpError(400, "bad_request",
                        f"{what} is not valid UTF-8 (byte {e.start}); re-encode it") from e


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    media, *params = (piece.strip() for piece in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"')
    return media.lower(), charset


def _check_url(request: Request, endpoint: Endpoint) -> None:
    length = len(request.scope.get("raw_path", b"")) + 1 + len(request.scope["query_string"])
    if length > endpoint.max_url:
        raise HttpError(414, "uri_too_long", f"the request URL is {length:,} characters, over the limit of "
                                             f"{endpoint.max_url:,}; send the query with POST")


async def _read_body(request: Request, endpoint: Endpoint) -> bytes:
    if "chunked" in request.headers.get("transfer-encoding", "").lower():
        raise HttpError(411, "length_required", "chunked request bodies are not accepted; send Content-Length",
                        headers={"Connection": "close"})
    length_header = request.headers.get("content-length", "0").strip() or "0"
    if not length_header.isdigit():
        raise HttpError(400, "bad_request", f"Content-Length {length_header!r} is not a number of bytes",
                        headers={"Connection": "close"})
    length = int(length_header)
    if length > endpoint.max_body:
        # Refused before the body is read; the server closes the connection after answering.
        raise HttpError(413, "payload_too_large", f"the request body is {length:,} bytes, over the limit of "
                                                  f"{endpoint.max_body:,}", headers={"Connection": "close"})
    return await request.body()


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# --- /sparql ------------------------------------------------------------------------------------------------


@_handler
async def sparql(request: Request, endpoint: Endpoint) -> Response:
    _check_url(request, endpoint)
    method = request.method
    if method in ("GET", "HEAD"):
        return await _get(request, endpoint)
    if method == "POST":
        return await _post(request, endpoint)
    if method == "OPTIONS":
        headers = {"Allow": "GET, POST, OPTIONS"}
        if endpoint.cors_origin:
            headers.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                            "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
                            "Access-Control-Max-Age": "600"})
        return _response(endpoint, 204, b"", "text/plain", headers)
    raise HttpError(405, "method_not_allowed", f"{method} is not allowed here; use GET, POST, OPTIONS",
                    headers={"Allow": "GET, POST, OPTIONS"})


async def _get(request: Request, endpoint: Endpoint) -> Response:
    params = _url_params(request)
    if "update" in params:
        raise HttpError(405, "method_not_allowed",
                        "send updates with POST (application/sparql-update or a form with update=)",
                        headers={"Allow": "POST"})
    query = _single(params, "query")
    if query is None:
        if negotiate(request.headers.get("accept"), ["application/sparql-results+json", "text/html"]) \
                == "text/html":
            return _page_response(params, endpoint)
        raise HttpError(400, "bad_request", "no query: give ?query=SPARQL (URL-encoded), or POST the query")
    return await _query(request, endpoint, query, params)


async def _post(request: Request, endpoint: Endpoint) -> Response:
    body = await _read_body(request, endpoint)
    params = _url_params(request)
    media, charset = _content_type(request.headers.get("content-type"))
    if media == "application/x-www-form-urlencoded":
        form = _parse_params(_decode_body(body, charset, "the form body"), "form body")
        for name, values in form.items():
            params.setdefault(name, []).extend(values)
        if "update" in params and "query" in params:
            raise HttpError(400, "bad_request", "the request gives both query and update; send one operation")
        if "update" in params:
            return await _update(request, endpoint, _single(params, "update"), params)
        query = _single(params, "query")
        if query is None:
            raise HttpError(400, "bad_request", "the form has no query= (or update=) field")
        return await _query(request, endpoint, query, params)
    if media == "application/sparql-query":
        if "query" in params:
            raise HttpError(400, "bad_request", "the query is in the body; do not also give query= in the URL")
        return await _query(request, endpoint, _decode_body(body, charset, "the query"), params)
    if media == "application/sparql-update":
        return await _update(request, endpoint, _decode_body(body, charset, "the update"), params)
    shown = f"Content-Type {media}" if media else "no Content-Type"
    raise HttpError(415, "unsupported_media_type",
                    f"POST with {shown}: send application/sparql-query, application/sparql-update or "
                    "application/x-www-form-urlencoded (query= or update=)")


def _graph_iris(params: dict[str, list[str]], name: str) -> list[str] | None:
    if name not in params:
        return None
    for iri in params[name]:
        try:
            ox.NamedNode(iri)
        except ValueError as e:
            raise HttpError(400, "bad_request", f"{name} {iri!r} is not a valid IRI ({e})") from e
    return params[name]


def _not_acceptable(kind: str, accept: str | None) -> HttpError:
    what = {"solutions": "SELECT results", "boolean": "an ASK result", "graph": "a graph"}[kind]
    return HttpError(406, "not_acceptable", f"cannot send {what} as any type in Accept: {accept!r}; "
                                            f"available: {', '.join(OFFERS[kind])}")


async def _query(request: Request, endpoint: Endpoint, text: str, params: dict[str, list[str]]) -> Response:
    from ..sparql import check_query, format_syntax_error

    default_graphs = _graph_iris(params, "default-graph-uri")
    named_graphs = _graph_iris(params, "named-graph-uri")
    dataset_given = default_graphs is not None or named_graphs is not None
    # With a protocol dataset, FROM / FROM NAMED are overridden (SPARQL 1.1 Protocol 2.1.4): they read nothing.
    form = check_query(text, allow_from=dataset_given, federation=endpoint.federation)
    accept = _single(params, "accept")  # the query page's format choice overrides the header
    if accept is None:
        accept = request.headers.get("accept")
    media_types = {kind: negotiate(accept, list(offers)) for kind, offers in OFFERS.items()}
    kind = kind_of_form(form)
    if media_types[kind] is None:
        raise _not_acceptable(kind, accept)
    job = QueryJob(query=text, default_graphs=default_graphs, named_graphs=named_graphs,
                   media_types=media_types, base_iri=endpoint.url, store=endpoint.pool.snapshot())
    reply = await endpoint.run_query(job, _client(request))
    if reply[0] == "ok":
        _, media_type, body = reply
        content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
        return _response(endpoint, 200, body, content_type, {"Vary": "Accept"})
    if reply[0] == "syntax":
        raise HttpError(400, "syntax_error", str(format_syntax_error(SyntaxError(reply[1]), "query")))
    if reply[0] == "not_acceptable":
        raise _not_acceptable(reply[1], accept)
    raise RuntimeError(f"query worker failed:\n{reply[1]}")


async def _update(request: Request, endpoint: Endpoint, text: str | None, params: dict[str, list[str]]) -> Response:
    import anyio

    from ..sparql import check_query, format_syntax_error

    if not endpoint.allow_update:
        raise HttpError(403, "forbidden", "this endpoint is read-only; updates need kg serve "
                                          "--allow-update --token TOKEN and Authorization: Bearer TOKEN")
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(credentials.strip().encode(),
                                                             endpoint.token.encode()):
        raise HttpError(403, "forbidden", "updates need the header Authorization: Bearer TOKEN with the "
                                          "token the server was started with")
    if text is None:
        raise HttpError(400, "bad_request", "no update text")
    for name in ("using-graph-uri", "using-named-graph-uri"):
        if name in params:
            raise HttpError(400, "bad_request",
                            f"{name} is not supported; name graphs with USING or WITH in the update")
    check_query(text, allow_update=True, federation=endpoint.federation)
    from ..guard import writes_default_graph

    where = writes_default_graph(text)
    if where is not None:
        raise HttpError(400, "default_graph_write",
                        f"update refused at {where}: the default graph is the union of the document graphs, which "
                        "the server keeps itself, so a write there would be undone; write into a named graph "
                        "(GRAPH <iri> { ... } or WITH <iri>)")

    def apply() -> None:
        with endpoint.update_lock:
            endpoint.updater.update(text, base_iri=endpoint.url)

    try:
        await anyio.to_thread.run_sync(apply)
    except SyntaxError as e:
        raise HttpError(400, "syntax_error", str(format_syntax_error(e, "update"))) from e
    return _response(endpoint, 204, b"", "text/plain")


# --- the query page -----------------------------------------------------------------------------------------


def _page_response(params: dict[str, list[str]], endpoint: Endpoint) -> Response:
    note = "Updates are enabled with a bearer token." if endpoint.allow_update else "This endpoint is read-only."
    page = query_page(_single(params, "query"), example=_single(params, "example"), update_note=note)
    return _response(endpoint, 200, page, "text/html; charset=utf-8", PAGE_HEADERS)


@_handler
async def page(request: Request, endpoint: Endpoint) -> Response:
    _check_url(request, endpoint)
    return _page_response(_url_params(request), endpoint)


# --- the application ----------------------------------------------------------------------------------------


async def _http_exception(request: Request, exc: HTTPException) -> Response:
    """Starlette's own refusals (no route, method not allowed) in the JSON error shape."""
    endpoint = request.app.state.kg
    status = exc.status_code
    if status == 405 and request.method not in _KNOWN_METHODS:
        error = HttpError(501, "not_implemented", f"the method {request.method} is not implemented")
    elif status == 404:
        error = HttpError(404, "not_found", f"no such resource {request.url.path!r}; the endpoint is /sparql "
                                            "and the query page is /")
    elif status == 405:
        allowed = (exc.headers or {}).get("Allow", "GET, HEAD")
        error = HttpError(405, "method_not_allowed", f"{request.method} is not allowed here; use {allowed}",
                          headers={"Allow": allowed})
    else:
        error = HttpError(status, _TYPE_BY_STATUS.get(status, "http_error"),
                          exc.detail or HTTPStatus(status).phrase, headers=dict(exc.headers or {}))
    return _error_response(endpoint, error)


def create_app(endpoint: Endpoint, *, routes: Sequence[BaseRoute] = ()) -> Starlette:
    """The ASGI application over ``endpoint``; ``routes`` are mounted before the built-in ones.

    Handlers reach the endpoint (worker pool, settings) as ``request.app.state.kg``.
    """
    app = Starlette(
        routes=[
            *routes,
            Route("/sparql", sparql, methods=_SPARQL_METHODS),
            Route("/sparql/", sparql, methods=_SPARQL_METHODS),
            Route("/", page, methods=["GET", "HEAD"]),
            Route("/index.html", page, methods=["GET", "HEAD"]),
        ],
        exception_handlers={HTTPException: _http_exception},
    )
    app.state.kg = endpoint
    return app
