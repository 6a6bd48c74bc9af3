"""A store on a SPARQL server: the same methods as ``EmbeddedStore``, spoken over HTTP.

Owns the client side of the SPARQL 1.1 Protocol (query and update endpoints, and Graph Store Protocol reads):
where a server keeps its endpoints (Oxigraph server, Fuseki, GraphDB, Virtuoso), client-side time limits,
which requests are retried, and turning result documents back into pyoxigraph terms so the CLI formats remote
results exactly like embedded ones. Every write is one SPARQL update that also maintains the union default
graph (see ``kg.store``), so a server needs no union setting. Only the standard library speaks HTTP;
docs/stores.md has the setup.
"""

import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .store import COUNT_TRIPLES, StoredDocument, remove_document_by_name, union_cleanup

__all__ = ["Endpoints", "RemoteStore", "endpoints_for"]

_KG = "https://w3id.org/kg-news/ontology#"
_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT_ANY = f"{_RESULTS_JSON}, application/n-triples;q=0.9"
_MAX_ERROR_BODY = 2_000


@dataclass(frozen=True)
class Endpoints:
    """Where one server answers: SPARQL query, SPARQL update and Graph Store Protocol URLs."""

    query: str
    update: str
    graph_store: str | None


def endpoints_for(url: str) -> Endpoints:
    """The endpoint layout of a server, from the URL a user gives (see docs/stores.md).

    ``http://host:7878`` (Oxigraph server) -> /query, /update, /store; ``.../ds/query`` or ``.../ds/sparql``
    (Fuseki) -> .../ds/update, .../ds/data; ``.../repositories/ID`` (GraphDB, RDF4J) -> .../statements,
    .../rdf-graphs/service; ``host/sparql`` (Virtuoso) -> updates on /sparql, /sparql-graph-crud. Any other
    URL is taken as a query endpoint that also accepts updates.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{url}: not an http(s):// URL; give a server like http://127.0.0.1:7878")
    root = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    path = parts.path.rstrip("/")
    if path in ("", "/query"):
        return Endpoints(root + "/query", root + "/update", root + "/store")
    match = re.fullmatch(r"(.*/repositories/[^/]+)", path)
    if match:
        prefix = root + match.group(1)
        return Endpoints(prefix, prefix + "/statements", prefix + "/rdf-graphs/service")
    if path == "/sparql":
        return Endpoints(root + path, root + path, root + "/sparql-graph-crud")
    match = re.fullmatch(r"(.*)/(query|sparql)", path)
    if match:
        prefix = root + match.group(1)
        return Endpoints(root + path, prefix + "/update", prefix + "/data")
    return Endpoints(root + path, root + path, None)


class _Timeout(Exception):
    pass


class RemoteStore:
    """A SPARQL 1.1 server as a kg store: one named graph per document, replaced by one update request.

    ``timeout``: seconds one call may take, retries included; ``retries``: how often a read is retried
    (with backoff) after a refused or dropped connection or a 502/503/504. Writes are retried only when the
    connection was refused, i.e. when nothing reached the server; after a timeout or a dropped connection a
    write may or may not have been applied, so the error says so instead of sending it again (the next
    ``kg build`` compares build keys and redoes what is missing).
    """

    def __init__(self, url: str, *, read_only: bool = False, timeout: float = 60.0, retries: int = 3,
                 endpoints: Endpoints | None = None, headers: dict[str, str] | None = None):
        self.url = url
        self.read_only = read_only
        self.timeout = timeout
        self.retries = retries
        self.endpoints = endpoints or endpoints_for(url)
        self.headers = {"User-Agent": "kg (SPARQL 1.1 Protocol client)", **(headers or {})}
        # No proxy for loopback servers: a proxy from the environment would answer for 127.0.0.1 itself.
        host = urllib.parse.urlsplit(self.endpoints.query).hostname or ""
        handlers = [urllib.request.ProxyHandler({})] if host in ("127.0.0.1", "localhost", "::1") else []
        self._opener = urllib.request.build_opener(*handlers)

    @property
    def location(self) -> str:
        return self.url

    # --- HTTP ------------------------------------------------------------------------------------------

    def _send(self, method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
              write: bool = False, ok_statuses: tuple[int, ...] = ()) -> tuple[int, str, bytes]:
        """One request under the call's deadline; returns (status, content type, body)."""
        deadline = time.monotonic() + self.timeout
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._timed_out(url, write)
            request = urllib.request.Request(url, data=body, method=method, headers={**self.headers, **(headers or {})})
            retry_after = None
            try:
                with self._opener.open(request, timeout=remaining) as response:
                    return response.status, response.headers.get_content_type(), _read(response, deadline)
            except urllib.error.HTTPError as e:
                if e.code in ok_statuses:
                    return e.code, e.headers.get_content_type(), e.read(_MAX_ERROR_BODY)
                detail = e.read(_MAX_ERROR_BODY).decode("utf-8", "replace").strip()
                if e.code in (502, 503, 504) and not write and attempt < self.retries:
                    retry_after = _retry_after(e.headers.get("Retry-After"))
                else:
                    raise _http_error(url, e.code, detail) from e
            except (TimeoutError, _Timeout) as e:
                raise self._timed_out(url, write) from e
            except urllib.error.URLError as e:
                reason = e.reason
                if isinstance(reason, TimeoutError):
                    raise self._timed_out(url, write) from e
                refused = isinstance(reason, ConnectionRefusedError)
                if not (refused or not write) or attempt >= self.retries:
                    raise StoreError(f"{url}: cannot reach the SPARQL server ({reason}); check that it is "
                                     "running and the URL is right") from e
            except (ConnectionError, OSError, http.client.HTTPException) as e:
                # The connection dropped after the request went out (reset, closed without an answer).
                if write:
                    raise StoreError(f"{url}: the connection dropped before the server answered ({e}); the "
                                     "write may or may not have been applied: run the build again (build keys "
                                     "make that safe)") from e
                if attempt >= self.retries:
                    raise StoreError(f"{url}: the connection dropped before the server answered ({e})") from e
            attempt += 1
            pause = retry_after if retry_after is not None else 0.2 * 2 ** (attempt - 1)
            time.sleep(max(0.0, min(pause, deadline - time.monotonic())))

    def _timed_out(self, url: str, write: bool) -> StoreError:
        message = f"{url}: the SPARQL server did not answer within {self.timeout:g} s"
        if write:
            message += "; the write may or may not have been applied: run the build again (build keys make that safe)"
        else:
            message += "; try again later, or give it more time"
        return StoreError(message)

    def _post_query(self, text: str, accept: str, *, label: str) -> tuple[str, bytes]:
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        try:
            _, content_type, data = self._send(
                "POST", self.endpoints.query, body=body,
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        except _ClientError as e:
            raise QueryError(f"{label}: {_syntax_message(e.detail)}") from e
        return content_type, data

    def _update(self, text: str, *, what: str) -> None:
        self._check_writable()
        try:
            self._send("POST", self.endpoints.update, body=text.encode("utf-8"), write=True,
                       headers={"Content-Type": "application/sparql-update"})
        except _ClientError as e:
            raise StoreError(f"{self.endpoints.update}: {what} was refused: {e.detail or e.status}") from e

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.url} is open read-only; open it for writing to change it")

    # --- reading ---------------------------------------------------------------------------------------

    def query(self, text: str, *, params=None, label: str = "query"):
        """Run a query over the union of all graphs; pyoxigraph results (solutions, boolean or triples)."""
        from .sparql import bind_params

        content_type, data = self._post_query(bind_params(text, params or {}, label), _ACCEPT_ANY, label=label)
        return _parse_results(content_type, data, label)

    def _select(self, text: str, label: str) -> list:
        content_type, data = self._post_query(text, _RESULTS_JSON, label=label)
        return list(_parse_results(content_type, data, label))

    def documents(self) -> list[StoredDocument]:
        rows = self._select(
            f"SELECT ?g ?name ?key WHERE {{ GRAPH ?g {{ ?doc <{_KG}fileName> ?name "
            f"OPTIONAL {{ ?doc <{_KG}buildKey> ?key }} }} }}", "documents")
        return sorted((StoredDocument(r["name"].value, r["g"].value, r["key"].value if r["key"] else None)
                       for r in rows), key=lambda d: (d.name, d.graph))

    def build_key(self, graph_name: str) -> str | None:
        rows = self._select(f"SELECT ?key WHERE {{ GRAPH {ox.NamedNode(graph_name)} {{ ?doc <{_KG}buildKey> ?key }} "
                            "} LIMIT 1", "build key")
        return rows[0]["key"].value if rows else None

    def has_graph(self, graph_name: str) -> bool:
        content_type, data = self._post_query(
            f"ASK {{ GRAPH {ox.NamedNode(graph_name)} {{ ?s ?p ?o }} }}", _RESULTS_JSON, label="graph check")
        return bool(_parse_results(content_type, data, "graph check"))

    def triples(self) -> list[ox.Triple]:
        """Every distinct triple in the store, as pyoxigraph triples (graph names dropped)."""
        content_type, data = self._post_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                              "application/n-triples", label="export")
        return list(_parse_results(content_type, data, "export"))

    def count(self) -> int:
        """Triples of the union graph (a triple stated by two documents counts once)."""
        return int(self._select(COUNT_TRIPLES, "count")[0]["n"].value)

    def rdflib_graph(self):
        from .convert import ox_triples_to_rdflib

        return ox_triples_to_rdflib(self.triples())

    def rdflib_graph_of(self, graph_names: list[str]):
        """The union of some named graphs (the documents of one build) as an rdflib Graph."""
        from .convert import ox_triples_to_rdflib

        if not graph_names:
            return ox_triples_to_rdflib([])
        if len(graph_names) == 1 and self.endpoints.graph_store:
            # One document: a Graph Store Protocol GET, which any SPARQL store answers without a query plan.
            url = self.endpoints.graph_store + "?" + urllib.parse.urlencode({"graph": graph_names[0]})
            try:
                _, content_type, data = self._send("GET", url, headers={"Accept": "application/n-triples"})
                return ox_triples_to_rdflib(_parse_results(content_type, data, "export"))
            except _ClientError:
                pass  # 404 (no such graph, or no such endpoint) or 405: the query below answers either way
        values = " ".join(str(ox.NamedNode(name)) for name in graph_names)
        content_type, data = self._post_query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
            "application/n-triples", label="export")
        return ox_triples_to_rdflib(_parse_results(content_type, data, "export"))

    # --- writing ---------------------------------------------------------------------------------------

    def replace_graph(self, graph_name: str, quads: Iterable[ox.Quad]) -> None:
        """Replace one document's graph, and its share of the union, with one update request.

        One request is one transaction on Oxigraph, Fuseki (TDB2) and GraphDB: old and new never coexist.
        """
        name = ox.NamedNode(graph_name)
        payload = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        self._update(f"{union_cleanup(name)} ;\nDROP SILENT GRAPH {name} ;\n"
                     f"INSERT DATA {{ {payload}\nGRAPH {name} {{\n{payload}\n}} }}", what=f"writing {graph_name}")

    def remove_document(self, name: str) -> bool:
        """Retract every fact of the document with this file name; False when it is not stored."""
        return remove_document_by_name(self, name)

    def remove_graph(self, graph_name: str) -> bool:
        """Drop one document's graph and the triples of the union only it stated, in one update request.

        Not a Graph Store Protocol DELETE: that would leave the document's triples in the union graph.
        """
        self._check_writable()
        if not self.has_graph(graph_name):
            return False
        name = ox.NamedNode(graph_name)
        self._update(f"{union_cleanup(name)} ;\nDROP GRAPH {name}", what=f"removing {graph_name}")
        return True

    def close(self) -> None:
        self._opener = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _ClientError(StoreError):
    """A 4xx answer: the request itself was refused (syntax, permissions); never retried."""

    def __init__(self, message: str, status: int, detail: str):
        super().__init__(message)
        self.status = status
        self.detail = detail


def _http_error(url: str, status: int, detail: str) -> StoreError:
    if 400 <= status < 500 and status not in (408, 429):
        return _ClientError(f"{url}: the server refused the request (HTTP {status}): {detail}", status, detail)
    return StoreError(f"{url}: the SPARQL server failed (HTTP {status}): {detail[:300]}")


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _read(response, deadline: float) -> bytes:
    chunks = []
    while True:
        if time.monotonic() > deadline:
            raise _Timeout()
        chunk = response.read(1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _syntax_message(detail: str) -> str:
    """Oxigraph's "error at 3:14: ..." as kg words it for embedded stores; other servers' text as it is."""
    match = re.match(r"error at (\d+):(\d+): (.*)", detail, re.DOTALL)
    if match:
        line, column, message = match.groups()
        return f"SPARQL syntax error at line {line}, column {column}: {message.strip()}"
    return f"the server refused the query: {detail}"


def _parse_results(content_type: str, data: bytes, label: str):
    try:
        if content_type in (_RESULTS_JSON, "application/json"):
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if content_type in ("application/sparql-results+xml", "application/xml"):
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.XML)
        if content_type in ("application/n-triples", "text/plain"):
            return [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        if content_type == "text/turtle":
            return [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.TURTLE)]
    except (SyntaxError, ValueError, json.JSONDecodeError) as e:
        raise StoreError(f"{label}: the server's answer ({content_type}) could not be read: {e}") from e
    raise StoreError(f"{label}: the server answered with {content_type!r}, which kg cannot read; expected SPARQL "
                     "results (JSON or XML) or N-Triples")
