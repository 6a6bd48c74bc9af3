"""``kg serve``: the SPARQL 1.1 Protocol endpoint over an embedded store, and its query page.

This module owns the HTTP side (request parsing, size and concurrency limits, content negotiation, the JSON
error shape, the HTML page) and the pool of worker processes that evaluate queries. Queries run in workers
that open the store read-only, so a query past its time limit is stopped by killing its worker; the server
keeps serving on the others while a replacement starts. Only this module imports the HTTP server machinery.
"""

import hmac
import html
import json
import logging
import multiprocessing
import os
import queue
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pyoxigraph as ox

from .errors import KgError, QueryError, QueryRefusedError, QueryTimeoutError, StoreError

__all__ = [
    "BOOLEAN_TYPES",
    "DEFAULT_TIMEOUT",
    "GRAPH_TYPES",
    "RESULTS_TYPES",
    "SparqlServer",
    "make_server",
    "negotiate",
    "serve",
]

log = logging.getLogger("kg.serve")

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BODY = 1 << 20  # 1 MiB: ten times the longest query check_query accepts, form-encoded
DEFAULT_MAX_URL = 32 << 10  # longer GET queries are told to use POST
DEFAULT_MAX_CONNECTIONS = 64  # one thread per open connection; beyond this a client gets 503 at once
RETRY_AFTER_SECONDS = 1
_DRAIN_LIMIT = 64 << 20  # the most of a refused body read (and dropped) so the client sees its 413

# Media types a client can ask for, in the server's order of preference (the first wins for */* or no Accept).
# Aliases map to the same serializer; the response carries the media type the client asked for.
RESULTS_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
# CSV and TSV define no form for a boolean, so ASK answers only in JSON or XML.
BOOLEAN_TYPES = {media_type: fmt for media_type, fmt in RESULTS_TYPES.items()
                 if fmt in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/x-json+ld": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
}
_OFFERS = {"solutions": RESULTS_TYPES, "boolean": BOOLEAN_TYPES, "graph": GRAPH_TYPES}
_KIND_OF_FORM = {"SELECT": "solutions", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}

# Choices of the query page; each also names a graph type so one choice works for every query form.
_PAGE_FORMATS = [
    ("JSON (JSON-LD for graphs)", "application/sparql-results+json, application/ld+json"),
    ("XML (RDF/XML for graphs)", "application/sparql-results+xml, application/rdf+xml"),
    ("CSV (Turtle for graphs)", "text/csv, text/turtle, */*;q=0.1"),
    ("TSV (Turtle for graphs)", "text/tab-separated-values, text/turtle, */*;q=0.1"),
    ("N-Triples (JSON for results)", "application/n-triples, application/sparql-results+json"),
]


# --- content negotiation ------------------------------------------------------------------------------------


def _parse_accept(accept: str) -> list[tuple[str, str, float]]:
    """An Accept header as (type, subtype, q) ranges; malformed ranges are skipped, as RFC 9110 allows."""
    ranges = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        kind, slash, subtype = media.lower().partition("/")
        if not slash or not kind or not subtype or (kind == "*" and subtype != "*"):
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    q = -1.0
        if q >= 0:
            ranges.append((kind, subtype, q))
    return ranges


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client rates highest under an Accept header, or None when it accepts none of them.

    Each offer takes the q of the most specific range that matches it (``text/csv`` over ``text/*`` over
    ``*/*``), so ``text/*;q=0.5, text/csv`` rates CSV 1 and ``*/*, text/csv;q=0`` excludes CSV. Ties go to
    the earlier offer (the server's preference). No or an empty Accept header accepts the first offer.
    """
    if not offers:
        return None
    if accept is None or not accept.strip():
        return offers[0]
    ranges = _parse_accept(accept)
    best, best_q = None, 0.0
    for offer in offers:
        kind, _, subtype = offer.lower().partition("/")
        specificity, q = -1, 0.0
        for range_kind, range_subtype, range_q in ranges:
            if range_kind == kind and range_subtype == subtype:
                rank = 2
            elif range_kind == kind and range_subtype == "*":
                rank = 1
            elif range_kind == "*":
                rank = 0
            else:
                continue
            if rank > specificity:
                specificity, q = rank, range_q
        if q > best_q:
            best, best_q = offer, q
    return best


# --- worker processes ---------------------------------------------------------------------------------------


def _store_fingerprint(path: str) -> tuple:
    """Names, sizes and times of the store's files: any write (WAL append, flush, compaction) changes it."""
    try:
        return tuple(sorted((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                            for entry in os.scandir(path) if not entry.name.startswith("LOG")))
    except OSError:
        return ()


def _worker_main(conn, path: str, prefixes: dict[str, str]) -> None:
    """Evaluate jobs from ``conn`` until it closes; the parent kills this process at a query's deadline."""
    import signal

    # Ctrl-C reaches the whole process group; the server decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        fingerprint = _store_fingerprint(path)
        store = ox.Store.read_only(path)
    except OSError as e:
        conn.send(("fatal", f"store {path} cannot be opened for reading: {e}"))
        return
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            # A read-only Oxigraph store is a snapshot: reopen it when a writer (kg build, an update through
            # this server) has changed the files since, so answers are never staler than the last commit.
            current = _store_fingerprint(path)
            if current != fingerprint:
                store, fingerprint = ox.Store.read_only(path), current
            reply = _evaluate(store, job, prefixes, union=_needs_union(store))
        except Exception:  # noqa: BLE001 - a fault in the worker is reported to the parent, which logs it
            reply = ("fault", traceback.format_exc())
        conn.send(reply)


def _needs_union(store: ox.Store) -> bool:
    """kg keeps the set union of its document graphs in the default graph; a store of named graphs only
    (loaded by other tools) is queried through Oxigraph's union instead, so its default graph is not empty."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None


def _evaluate(store: ox.Store, job: dict, prefixes: dict[str, str], *, union: bool = False) -> tuple:
    options = {"base_iri": job["base_iri"]}
    if job["default_graphs"] is None and job["named_graphs"] is None:
        if union:
            options["use_default_graph_as_union"] = True
    else:
        # The protocol's dataset replaces the query's (FROM is overridden); an IRI naming no graph of the
        # store contributes an empty graph. Nothing is ever fetched.
        options["default_graph"] = [ox.NamedNode(iri) for iri in job["default_graphs"] or ()]
        options["named_graphs"] = [ox.NamedNode(iri) for iri in job["named_graphs"] or ()]
    try:
        result = store.query(job["query"], **options)
    except SyntaxError as e:
        return ("syntax", str(e))
    if isinstance(result, ox.QueryBoolean):
        kind = "boolean"
    elif isinstance(result, ox.QuerySolutions):
        kind = "solutions"
    else:
        kind = "graph"
    media_type = job["media_types"][kind]
    if media_type is None:
        return ("not_acceptable", kind)
    if kind == "graph":
        fmt = GRAPH_TYPES[media_type]
        body = ox.serialize(result, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None)
    else:
        body = result.serialize(format=_OFFERS[kind][media_type])
    return ("ok", media_type, body)


class _Worker:
    def __init__(self, context, path: str, prefixes: dict[str, str]):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, path, prefixes),
                                       name="kg-serve-worker", daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not start within {timeout:g} s")
        try:
            message = self.conn.recv()
        except (EOFError, OSError) as e:
            self.kill()
            raise StoreError("a query worker exited while starting; if make_server is called from a script, "
                             "guard the script with if __name__ == '__main__' (workers are started by "
                             "multiprocessing's forkserver)") from e
        if message[0] != "ready":
            self.kill()
            raise StoreError(message[1])

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class _WorkerPool:
    """Pre-started workers, one query at a time each; a killed or dead one is replaced in the background."""

    def __init__(self, path: Path, size: int, prefixes: dict[str, str]):
        # forkserver, not fork: the server process has threads (and maybe the store open read-write), and
        # forking a threaded process can copy a held lock into the child. The fork server is single-threaded
        # and has kg imported, so a replacement starts in tens of milliseconds, mostly opening the store.
        self._context = multiprocessing.get_context("forkserver")
        # "__main__" too, so each worker does not import the main module (and all it imports) again.
        self._context.set_forkserver_preload(["__main__", "kg.serve"])
        self._path = str(path)
        self._prefixes = prefixes
        self.size = size
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._busy = 0
        self._lock = threading.Lock()
        self._start_lock = threading.Lock()  # respawn threads may start workers at the same moment
        self._closed = False
        started = []
        try:
            for _ in range(size):
                started.append(_Worker(self._context, self._path, prefixes))
            for worker in started:
                worker.wait_ready(30)
        except BaseException:
            for worker in started:
                worker.kill()
            raise
        for worker in started:
            self._idle.put(worker)

    @property
    def busy(self) -> int:
        return self._busy

    def acquire(self, wait: float) -> _Worker | None:
        deadline = time.monotonic() + wait
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic())) if wait > 0 \
                    else self._idle.get_nowait()
            except queue.Empty:
                return None
            if worker.process.is_alive():
                with self._lock:
                    self._busy += 1
                return worker
            log.error("a query worker (pid %s) died while idle; starting a replacement", worker.process.pid)
            self._replace(worker)

    def release(self, worker: _Worker) -> None:
        with self._lock:
            self._busy -= 1
        if self._closed:
            worker.kill()
        else:
            self._idle.put(worker)

    def discard(self, worker: _Worker) -> None:
        """Kill a busy worker (past its deadline or broken) and start another in its place."""
        with self._lock:
            self._busy -= 1
        self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        if not self._closed:
            threading.Thread(target=self._start_one, name="kg-serve-respawn", daemon=True).start()

    def _start_one(self) -> None:
        delay = 0.5
        while not self._closed:
            try:
                with self._start_lock:
                    worker = _Worker(self._context, self._path, self._prefixes)
                worker.wait_ready(30)
            except (StoreError, OSError) as e:
                log.error("cannot start a query worker (%s); retrying in %g s", e, delay)
                time.sleep(delay)
                delay = min(delay * 2, 30)
                continue
            if self._closed:
                worker.kill()
            else:
                self._idle.put(worker)
            return

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


# --- errors -------------------------------------------------------------------------------------------------


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
    431: "headers_too_large", 500: "internal_error", 501: "not_implemented", 503: "unavailable",
    505: "http_version_not_supported",
}


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


def _json_bytes(value) -> bytes:
    # Escaped so that a query echoed in a message can never be read as markup, whatever a client renders.
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


# --- the query page -----------------------------------------------------------------------------------------

_DEFAULT_QUERY = """PREFIX kg: <https://w3id.org/kg-news/ontology#>
SELECT ?person ?name WHERE {
  ?person a kg:Person ; kg:name ?name .
}
LIMIT 20
"""

_PAGE_STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
textarea{width:100%;font-family:monospace;font-size:0.9rem}
pre{background:#f4f4f4;padding:0.5rem;overflow-x:auto}h3{margin-bottom:0.2rem}"""


def _page(query_text: str, *, update_note: str) -> bytes:
    from .sparql import named_queries

    esc = html.escape
    options = "".join(f'<option value="{esc(value)}">{esc(label)}</option>' for label, value in _PAGE_FORMATS)
    examples = []
    for name, named in named_queries().items():
        run = "/sparql?query=" + quote(named.text, safe="") + "&accept=" + quote(_PAGE_FORMATS[0][1], safe="")
        examples.append(
            f'<h3>{esc(name)}</h3><p>{esc(named.question)} '
            f'<a href="/?example={quote(name, safe="")}">edit</a> · <a href="{esc(run)}">run</a></p>'
            f'<pre>{esc(named.text)}</pre>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>{_PAGE_STYLE}</style></head>
<body><h1>kg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/sparql</code> (GET or POST). Queries see the union of all document graphs.
{esc(update_note)}</p>
<form method="get" action="/sparql">
<textarea name="query" rows="14" spellcheck="false">{esc(query_text)}</textarea>
<p><label>Results as <select name="accept">{options}</select></label>
<button type="submit">Run query</button></p>
</form>
<h2>Named queries</h2>
{"".join(examples)}
</body></html>
""".encode()


# --- HTTP ---------------------------------------------------------------------------------------------------


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


class _Handler(BaseHTTPRequestHandler):
    server: "SparqlServer"
    protocol_version = "HTTP/1.1"  # keep-alive: a client's next query skips the TCP handshake
    server_version = "kg-serve"
    timeout = 60  # seconds a client may stay silent mid-request or between keep-alive requests
    disable_nagle_algorithm = True  # headers and body are two writes; Nagle would hold the second ~40 ms

    # --- plumbing ---

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):
        log.info("%s %s", self.address_string(), format % args)

    def send_error(self, code, message=None, explain=None):
        # The stdlib calls this for requests it cannot parse (bad request line, 414, 431, unknown method);
        # answer those in the one JSON error shape too. The request may be unread: close the connection.
        self.close_connection = True
        phrase = message or HTTPStatus(code).phrase
        self._send_error(HttpError(code, _TYPE_BY_STATUS.get(code, "http_error"), phrase))

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.server.cors_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.cors_origin)
            self.send_header("Vary", "Origin")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_error(self, error: HttpError) -> None:
        payload = {"error": {"status": error.status, "type": error.type, "message": error.message}}
        self._send(error.status, _json_bytes(payload), "application/json", error.headers)

    def _handle(self, method) -> None:
        try:
            if len(self.path) > self.server.max_url:
                self.close_connection = True
                raise HttpError(414, "uri_too_long",
                                f"the request URL is {len(self.path):,} characters, over the limit of "
                                f"{self.server.max_url:,}; send the query with POST")
            method()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away; nothing to answer
        except Exception as exc:  # noqa: BLE001 - _error_of: 4xx for client errors, a logged 500 otherwise
            try:
                self._send_error(_error_of(exc))
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    def handle_expect_100(self):
        # Refuse an oversized body before the client sends it.
        length = self.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.server.max_body:
            self.close_connection = True
            self._send_error(self._too_large(int(length)))
            return False
        return super().handle_expect_100()

    def _refuse_body(self, length: int) -> None:
        self.close_connection = True
        self._send_error(self._too_large(length))
        # Read and drop what the client is still sending, for a moment: closing on unread data resets the
        # connection, and a client still writing its body would see the reset instead of the 413.
        deadline = time.monotonic() + 2
        remaining = min(length, _DRAIN_LIMIT)
        try:
            self.connection.settimeout(0.5)
            while remaining > 0 and time.monotonic() < deadline:
                chunk = self.rfile.read1(min(remaining, 1 << 16))
                if not chunk:
                    break
                remaining -= len(chunk)
        except OSError:
            pass

    def _too_large(self, length: int) -> HttpError:
        return HttpError(413, "payload_too_large", f"the request body is {length:,} bytes, over the limit of "
                                                   f"{self.server.max_body:,}")

    # --- methods ---

    def do_GET(self):
        self._handle(self._get)

    def do_HEAD(self):
        self._handle(self._get)

    def do_POST(self):
        self._handle(self._post)

    def do_OPTIONS(self):
        self._handle(self._options)

    def _method_not_allowed(self):
        self._handle(self._refuse_method)

    do_PUT = do_DELETE = do_PATCH = _method_not_allowed

    def _route(self) -> tuple[str, str]:
        parts = urlsplit(self.path)
        if parts.path in ("/sparql", "/sparql/"):
            return "sparql", parts.query
        if parts.path in ("/", "/index.html"):
            return "page", parts.query
        raise HttpError(404, "not_found",
                        f"no such resource {parts.path!r}; the endpoint is /sparql and the query page is /")

    def _refuse_method(self):
        if self.headers.get("Content-Length"):
            self.close_connection = True  # the body is left unread
        where, _ = self._route()
        allowed = "GET, POST, OPTIONS" if where == "sparql" else "GET, HEAD"
        raise HttpError(405, "method_not_allowed", f"{self.command} is not allowed here; use {allowed}",
                        headers={"Allow": allowed})

    def _options(self):
        where, _ = self._route()
        headers = {"Allow": "GET, POST, OPTIONS" if where == "sparql" else "GET, HEAD"}
        if self.server.cors_origin:
            headers.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                            "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
                            "Access-Control-Max-Age": "600"})
        self._send(204, b"", "text/plain", headers)

    def _get(self):
        if self.headers.get("Content-Length", "0").strip() not in ("", "0"):
            self.close_connection = True  # a GET body is never read; do not parse it as the next request
        where, query_string = self._route()
        params = _parse_params(query_string, "URL query string")
        if where == "page":
            return self._send_page(params)
        if "update" in params:
            raise HttpError(405, "method_not_allowed",
                            "send updates with POST (application/sparql-update or a form with update=)",
                            headers={"Allow": "POST"})
        query = _single(params, "query")
        if query is None:
            if negotiate(self.headers.get("Accept"), ["application/sparql-results+json", "text/html"]) \
                    == "text/html":
                return self._send_page(params)
            raise HttpError(400, "bad_request",
                            "no query: give ?query=SPARQL (URL-encoded), or POST the query")
        self._query(query, params)

    def _post(self):
        where, query_string = self._route()
        if where != "sparql":
            self._refuse_method()
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise HttpError(411, "length_required",
                            "chunked request bodies are not accepted; send Content-Length")
        length_header = self.headers.get("Content-Length", "0").strip() or "0"
        if not length_header.isdigit():
            self.close_connection = True
            raise HttpError(400, "bad_request", f"Content-Length {length_header!r} is not a number of bytes")
        length = int(length_header)
        if length > self.server.max_body:
            return self._refuse_body(length)
        body = self.rfile.read(length)
        params = _parse_params(query_string, "URL query string")
        media, charset = _content_type(self.headers.get("Content-Type"))
        if media == "application/x-www-form-urlencoded":
            form = _parse_params(_decode_body(body, charset, "the form body"), "form body")
            for name, values in form.items():
                params.setdefault(name, []).extend(values)
            if "update" in params and "query" in params:
                raise HttpError(400, "bad_request",
                                "the request gives both query and update; send one operation")
            if "update" in params:
                return self._update(_single(params, "update"), params)
            query = _single(params, "query")
            if query is None:
                raise HttpError(400, "bad_request", "the form has no query= (or update=) field")
            return self._query(query, params)
        if media == "application/sparql-query":
            if "query" in params:
                raise HttpError(400, "bad_request",
                                "the query is in the body; do not also give query= in the URL")
            return self._query(_decode_body(body, charset, "the query"), params)
        if media == "application/sparql-update":
            return self._update(_decode_body(body, charset, "the update"), params)
        shown = f"Content-Type {media}" if media else "no Content-Type"
        raise HttpError(415, "unsupported_media_type",
                        f"POST with {shown}: send application/sparql-query, application/sparql-update or "
                        "application/x-www-form-urlencoded (query= or update=)")

    # --- operations ---

    def _send_page(self, params):
        example = _single(params, "example")
        text = _single(params, "query")
        if text is None:
            from .sparql import named_queries

            named = named_queries().get(example) if example else None
            text = named.text if named else _DEFAULT_QUERY
        note = ("Updates are enabled with a bearer token." if self.server.allow_update
                else "This endpoint is read-only.")
        self._send(200, _page(text, update_note=note), "text/html; charset=utf-8", {
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
            "Referrer-Policy": "no-referrer",
        })

    def _graph_iris(self, params, name: str) -> list[str] | None:
        if name not in params:
            return None
        for iri in params[name]:
            try:
                ox.NamedNode(iri)
            except ValueError as e:
                raise HttpError(400, "bad_request", f"{name} {iri!r} is not a valid IRI ({e})") from e
        return params[name]

    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        from .sparql import check_query, format_syntax_error

        default_graphs = self._graph_iris(params, "default-graph-uri")
        named_graphs = self._graph_iris(params, "named-graph-uri")
        dataset_given = default_graphs is not None or named_graphs is not None
        # With a protocol dataset, FROM / FROM NAMED are overridden (SPARQL 1.1 Protocol 2.1.4): they read
        # nothing.
        form = check_query(text, allow_from=dataset_given)
        accept = _single(params, "accept")  # the query page's format choice overrides the header
        if accept is None:
            accept = self.headers.get("Accept")
        media_types = {kind: negotiate(accept, list(offers)) for kind, offers in _OFFERS.items()}
        kind = _KIND_OF_FORM.get(form, "solutions")
        if media_types[kind] is None:
            raise self._not_acceptable(kind, accept)
        job = {"query": text, "default_graphs": default_graphs, "named_graphs": named_graphs,
               "media_types": media_types, "base_iri": self.server.url}
        reply = self.server.run_job(job)
        if reply[0] == "ok":
            _, media_type, body = reply
            content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
            return self._send(200, body, content_type, {"Vary": "Accept"})
        if reply[0] == "syntax":
            raise HttpError(400, "syntax_error", str(format_syntax_error(SyntaxError(reply[1]), "query")))
        if reply[0] == "not_acceptable":
            raise self._not_acceptable(reply[1], accept)
        raise RuntimeError(f"query worker failed:\n{reply[1]}")

    @staticmethod
    def _not_acceptable(kind: str, accept: str | None) -> HttpError:
        what = {"solutions": "SELECT results", "boolean": "an ASK result", "graph": "a graph"}[kind]
        return HttpError(406, "not_acceptable", f"cannot send {what} as any type in Accept: {accept!r}; "
                                                f"available: {', '.join(_OFFERS[kind])}")

    def _update(self, text: str | None, params: dict[str, list[str]]) -> None:
        from .sparql import check_query, format_syntax_error

        if not self.server.allow_update:
            raise HttpError(403, "forbidden", "this endpoint is read-only; updates need kg serve "
                                              "--allow-update --token TOKEN and Authorization: Bearer TOKEN")
        authorization = self.headers.get("Authorization", "")
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(credentials.strip().encode(),
                                                                 self.server.token.encode()):
            raise HttpError(403, "forbidden", "updates need the header Authorization: Bearer TOKEN with the "
                                              "token the server was started with")
        if text is None:
            raise HttpError(400, "bad_request", "no update text")
        for name in ("using-graph-uri", "using-named-graph-uri"):
            if name in params:
                raise HttpError(400, "bad_request",
                                f"{name} is not supported; name graphs with USING or WITH in the update")
        check_query(text, allow_update=True)
        try:
            with self.server.update_lock:
                writer = self.server.writer
                if not _needs_union(writer):
                    # A kg store keeps the union of its document graphs as the default graph: recompute it in
                    # the same transaction, so readers never see the update without it.
                    from .store import REBUILD_UNION

                    text = f"{text.rstrip().rstrip(';')} ;\n{REBUILD_UNION}"
                writer.update(text, base_iri=self.server.url)
        except SyntaxError as e:
            raise HttpError(400, "syntax_error", str(format_syntax_error(e, "update"))) from e
        self._send(204, b"", "text/plain")


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: an HTTP server and its worker pool. ``serve_forever()`` runs it; ``close()`` stops it."""

    daemon_threads = True
    block_on_close = False  # keep-alive connections may sit idle; do not wait for them on close

    def __init__(self, address, *, pool: _WorkerPool, timeout: float, queue_timeout: float, max_body: int,
                 max_url: int, max_connections: int, allow_update: bool, token: str | None,
                 cors_origin: str | None, writer: ox.Store | None, owned_store=None):
        if ":" in address[0]:
            self.address_family = __import__("socket").AF_INET6
        self.pool = pool
        self.timeout_seconds = timeout
        self.queue_timeout = queue_timeout
        self.max_body = max_body
        self.max_url = max_url
        self.max_connections = max_connections
        self.allow_update = allow_update
        self.token = token or ""
        self.cors_origin = cors_origin
        self.writer = writer
        self.update_lock = threading.Lock()
        self._owned_store = owned_store
        self._connections = 0
        self._connections_lock = threading.Lock()
        self._serving = False
        try:
            super().__init__(address, _Handler)
        except OSError as e:
            raise StoreError(f"cannot listen on {address[0]}:{address[1]}: {e.strerror or e}") from e

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    @property
    def url(self) -> str:
        """The endpoint's URL (also the base IRI of relative IRIs in queries and updates)."""
        return self.base_url + "/sparql"

    @property
    def active_queries(self) -> int:
        return self.pool.busy

    def run_job(self, job: dict) -> tuple:
        """Run a query job on a worker within the time limit; the worker is killed at the deadline."""
        worker = self.pool.acquire(self.queue_timeout)
        if worker is None:
            raise HttpError(503, "overloaded", f"all {self.pool.size} query workers are busy; retry shortly",
                            headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout_seconds):
                self.pool.discard(worker)
                worker = None
                raise QueryTimeoutError(
                    f"query exceeded the {self.timeout_seconds:g} s time limit and was stopped; narrow it "
                    "(more specific patterns, LIMIT) or ask for a longer --timeout")
            return worker.conn.recv()
        except (EOFError, OSError) as e:
            self.pool.discard(worker)
            worker = None
            raise RuntimeError("a query worker died while answering (crash or out of memory)") from e
        finally:
            if worker is not None:
                self.pool.release(worker)

    # One thread per connection: cap them so a flood of idle connections cannot exhaust the process.
    def process_request(self, request, client_address):
        with self._connections_lock:
            full = self._connections >= self.max_connections
            if not full:
                self._connections += 1
        if full:
            body = _json_bytes({"error": {"status": 503, "type": "overloaded",
                                          "message": "too many open connections; retry shortly"}})
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                b"Retry-After: %d\r\nConnection: close\r\nContent-Length: %d\r\n\r\n"
                                % (RETRY_AFTER_SECONDS, len(body)) + body)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._connections_lock:
                self._connections -= 1

    def handle_error(self, request, client_address):
        log.exception("error on the connection from %s", client_address[0])

    def serve_forever(self, poll_interval=0.5):
        self._serving = True
        try:
            super().serve_forever(poll_interval)
        finally:
            self._serving = False

    def server_close(self):
        super().server_close()
        self.pool.close()
        if self._owned_store is not None:
            self._owned_store.close()
            self._owned_store = None

    def close(self) -> None:
        """Stop serving (``serve_forever`` in another thread), close the socket, stop the workers."""
        if self._serving:
            self.shutdown()
        self.server_close()


def _resolve_store(store, allow_update: bool):
    """The folder workers open read-only, the read-write handle for updates, and a store to close later."""
    from .store import EmbeddedStore

    if isinstance(store, EmbeddedStore):
        path = store.path
        if not path.is_dir():
            raise StoreError(f"{path}: kg serve serves a store folder, not an RDF file")
        if allow_update and store.read_only:
            raise StoreError(f"store {path} is open read-only; open it read-write to serve updates")
        return path, (store.oxigraph if allow_update else None), None
    if store is None:
        from .paths import default_store_path

        store = default_store_path()
    if isinstance(store, str) and store.startswith(("http://", "https://")):
        raise StoreError(f"kg serve serves a store folder; {store} is already a SPARQL endpoint, "
                         "query it directly")
    path = Path(store)
    if not path.is_dir():
        raise StoreError(f"store {path} does not exist yet; run kg build first (or give --store LOCATION)")
    if allow_update:
        owned = EmbeddedStore(path)
        return path, owned.oxigraph, owned
    return path, None, None


def make_server(
    store=None,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = DEFAULT_TIMEOUT,
    allow_update: bool = False,
    token: str | None = None,
    cors_origin: str | None = None,
    workers: int | None = None,
    queue_timeout: float = 0.5,
    max_body: int = DEFAULT_MAX_BODY,
    max_url: int = DEFAULT_MAX_URL,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
) -> SparqlServer:
    """A ready endpoint over ``store`` (a folder, an ``EmbeddedStore`` or None for the default store).

    ``workers`` worker processes answer queries (at most that many at once; a query waiting more than
    ``queue_timeout`` seconds for one gets 503 with Retry-After); each query has ``timeout`` seconds. Updates
    are refused (403) unless ``allow_update`` and ``token`` are both given. ``port=0`` picks a free port. Run
    it with ``serve_forever()`` (in a thread if you like) and stop it with ``close()``. Workers are started by
    multiprocessing's forkserver, so a script calling this needs the ``if __name__ == "__main__"`` guard.
    """
    if allow_update and not token:
        raise KgError("updates need a token: give --token TOKEN with --allow-update (clients send "
                      "Authorization: Bearer TOKEN)")
    if timeout <= 0:
        raise KgError(f"--timeout must be a positive number of seconds, not {timeout:g}")
    workers = workers or min(4, os.cpu_count() or 1)
    path, writer, owned = _resolve_store(store, allow_update)
    from .namespaces import PREFIXES

    # No prefix for data IRIs: their local names hold "/", which Turtle would have to escape.
    prefixes = dict(PREFIXES)
    try:
        pool = _WorkerPool(path, workers, prefixes)
    except BaseException:
        if owned is not None:
            owned.close()
        raise
    try:
        return SparqlServer((host, port), pool=pool, timeout=timeout, queue_timeout=queue_timeout,
                            max_body=max_body, max_url=max_url, max_connections=max_connections,
                            allow_update=allow_update, token=token, cors_origin=cors_origin, writer=writer,
                            owned_store=owned)
    except BaseException:
        pool.close()
        if owned is not None:
            owned.close()
        raise


def serve(store=None, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = DEFAULT_TIMEOUT,
          allow_update: bool = False, token: str | None = None, cors_origin: str | None = None,
          **options) -> None:
    """Run the endpoint until Ctrl-C, printing its URL and a request log to stderr."""
    if not logging.getLogger().handlers and not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    server = make_server(store, host=host, port=port, timeout=timeout, allow_update=allow_update, token=token,
                         cors_origin=cors_origin, **options)
    mode = "updates allowed with the bearer token" if allow_update else "read-only"
    print(f"kg serve: SPARQL endpoint at {server.url} ({mode}, {timeout:g} s per query, "
          f"{server.pool.size} workers); query page at {server.base_url}/ ; Ctrl-C to stop", file=sys.stderr)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"kg serve: warning: listening on {host}, reachable from other machines", file=sys.stderr)
    if threading.current_thread() is threading.main_thread():
        # Stop as on Ctrl-C when a service manager sends SIGTERM, so workers and the store are closed.
        import signal

        def stop(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("kg serve: stopped", file=sys.stderr)
    finally:
        server.close()
