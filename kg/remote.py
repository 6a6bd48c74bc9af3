"""A store on a SPARQL server: the same methods as ``EmbeddedStore``, spoken over HTTP.

Owns the client side of the SPARQL 1.1 Protocol (query and update endpoints, and Graph Store Protocol reads):
where a server keeps its endpoints (Oxigraph server, Fuseki, GraphDB, Virtuoso), authentication for writes
(HTTP digest or basic), client-side time limits, which requests are retried, and turning result documents
back into pyoxigraph terms so the CLI formats remote results exactly like embedded ones. Every write is one
SPARQL update that also maintains the union graph (see ``kg.store``): the default graph, or on a server that
has no plain default graph to write to (Virtuoso) a named graph that every query names as its default graph.
Only the standard library speaks HTTP; docs/stores.md has the setup.
"""

import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .store import COUNT_TRIPLES, StoredDocument, remove_document_by_name

__all__ = ["UNION_GRAPH", "Endpoints", "RemoteStore", "endpoints_for"]

UNION_GRAPH = "urn:kg:union"
"""The named graph holding kg's union on a server whose default graph is the union of all its graphs
(Virtuoso): there ``INSERT DATA`` has no plain default graph to write to."""

_KG = "https://w3id.org/kg-news/ontology#"
_BUILD_KEY = ox.NamedNode(_KG + "buildKey")
_GRAPH = re.compile(r"\bGRAPH\b", re.IGNORECASE)
_CREDENTIALS = ("give a user the server lets write, as http://USER@HOST/... with the password in $KG_STORE_PASSWORD "
                "(Virtuoso: an account with the SPARQL_UPDATE role, e.g. dba)")
_RESULTS_JSON = "application/sparql-results+json"
_RESULTS_XML = "application/sparql-results+xml"
_MAX_ERROR_BODY = 2_000


@dataclass(frozen=True)
class Endpoints:
    """Where one server answers: SPARQL query, SPARQL update and Graph Store Protocol URLs."""

    query: str
    update: str
    graph_store: str | None
    union_graph: str | None = None
    """The named graph kg keeps its union in, on a server with no plain default graph (``UNION_GRAPH`` for
    Virtuoso); every query then names it as its default graph (the protocol's ``default-graph-uri``)."""
    results: str = _RESULTS_JSON
    """The SPARQL results format asked for: XML from Virtuoso, whose JSON writes booleans as 1 and 0 (valid
    forms of xsd:boolean, but no other store prints them so)."""
    atomic: bool = True
    """Whether one update request is one transaction. Virtuoso keeps the operations of a request that ran
    before one failed, so there a document's build key is sent in a request of its own, after its graph."""


def endpoints_for(url: str, *, authenticated: bool = False) -> Endpoints:
    """The endpoint layout of a server, from the URL a user gives (see docs/stores.md).

    ``http://host:7878`` (Oxigraph server) -> /query, /update, /store; ``.../ds/query`` or ``.../ds/sparql``
    (Fuseki) -> .../ds/update, .../ds/data; ``.../repositories/ID`` (GraphDB, RDF4J) -> .../statements,
    .../rdf-graphs/service; ``host/sparql`` (Virtuoso) -> updates on /sparql (/sparql-auth with credentials),
    /sparql-graph-crud(-auth), and kg's union in ``UNION_GRAPH``. Any other URL is taken as a query endpoint
    that also accepts updates.
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
        # Virtuoso: the anonymous endpoints refuse updates unless the SPARQL account may write; the -auth ones
        # ask for an account that may (digest authentication).
        auth = "-auth" if authenticated else ""
        return Endpoints(root + path, root + path + auth, root + "/sparql-graph-crud" + auth, UNION_GRAPH,
                         _RESULTS_XML, atomic=False)
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

    ``user`` and ``password`` (or ``http://USER:PASSWORD@host/...``, or the user in the URL and the password in
    ``$KG_STORE_PASSWORD``) authenticate every request with HTTP digest or basic authentication, as the
    server asks; the password never appears in ``location`` or in a message.
    """

    def __init__(self, url: str, *, read_only: bool = False, timeout: float = 60.0, retries: int = 3,
                 endpoints: Endpoints | None = None, headers: dict[str, str] | None = None,
                 user: str | None = None, password: str | None = None, federation: Iterable[str] = ()):
        parts = urllib.parse.urlsplit(url)
        user = user or (urllib.parse.unquote(parts.username) if parts.username else None)
        if password is None and parts.password is not None:
            password = urllib.parse.unquote(parts.password)
        if user and password is None:
            password = os.environ.get("KG_STORE_PASSWORD")
        if parts.username or parts.password:  # keep credentials out of every URL kg prints or requests
            url = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
        self.url = url
        self.user = user
        self.read_only = read_only
        self.federation = tuple(federation)
        """Endpoints SERVICE (and FROM) may name in queries sent to the server (``kg.guard``); none by default."""
        self.quads_written = 0
        """Quads sent in writes since the store was opened."""
        self.timeout = timeout
        self.retries = retries
        self.endpoints = endpoints or endpoints_for(url, authenticated=user is not None)
        self.union_graph = self.endpoints.union_graph
        self.headers = {"User-Agent": "kg (SPARQL 1.1 Protocol client)", **(headers or {})}
        # No proxy for loopback servers: a proxy from the environment would answer for 127.0.0.1 itself.
        host = urllib.parse.urlsplit(self.endpoints.query).hostname or ""
        handlers: list = [urllib.request.ProxyHandler({})] if host in ("127.0.0.1", "localhost", "::1") else []
        # A user without a password reads anonymously; a write then says what is missing (``_update``).
        self._password_missing = user is not None and password is None
        if user is not None and password is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for endpoint in (self.endpoints.query, self.endpoints.update, self.endpoints.graph_store):
                if endpoint:
                    passwords.add_password(None, endpoint, user, password)
            handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                         urllib.request.HTTPBasicAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

    @property
    def location(self) -> str:
        if self.user:
            parts = urllib.parse.urlsplit(self.url)
            return urllib.parse.urlunsplit(parts._replace(netloc=f"{urllib.parse.quote(self.user)}@{parts.netloc}"))
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
                    cut = response.headers.get("X-SPARQL-MaxRows")
                    if cut:
                        raise StoreError(f"{url}: the server cut its answer at {cut} rows (Virtuoso's [SPARQL] "
                                         "ResultSetMaxRows): raise that limit in virtuoso.ini, or ask for less")
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

    def _post_query(self, text: str, accept: str, *, label: str, union: bool = True,
                    named: Iterable[str] = ()) -> tuple[str, bytes]:
        """POST a query; ``union``: name the union graph as its default graph where the server needs it, with
        the ``named`` graphs as the named graphs of the query's dataset.

        kg's own queries about one document's graph pass ``union=False``: once a default graph is named, the
        dataset's named graphs are only those listed (Virtuoso finds nothing in another ``GRAPH <iri>``).
        """
        form = [("query", text)]
        if self.union_graph and union:
            named = list(named)
            form += [("default-graph-uri", self.union_graph), *(("named-graph-uri", graph) for graph in named)]
            _allow_response_headers(len(named) + 100)
        body = urllib.parse.urlencode(form).encode("utf-8")
        try:
            _, content_type, data = self._send(
                "POST", self.endpoints.query, body=body,
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        except _ClientError as e:
            if e.status in (401, 403):
                raise StoreError(f"{self.endpoints.query}: {label} was refused (HTTP {e.status}): {_CREDENTIALS}") from e
            raise QueryError(f"{label}: {_syntax_message(e.detail)}") from e
        return content_type, data

    def _update(self, text: str, *, what: str) -> None:
        self._check_writable()
        if self._password_missing:
            raise StoreError(f"{self.location}: no password for the user {self.user!r}; give it in "
                             "$KG_STORE_PASSWORD")
        try:
            self._send("POST", self.endpoints.update, body=text.encode("utf-8"), write=True,
                       headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        except _ClientError as e:
            detail = _one_line(e.detail) or f"HTTP {e.status}"
            hint = f"; {_CREDENTIALS}" if e.status in (401, 403) else ""
            raise StoreError(f"{self.endpoints.update}: {what} was refused: {detail}{hint}") from e

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.url} is open read-only; open it for writing to change it")

    # --- reading ---------------------------------------------------------------------------------------

    def query(self, text: str, *, params=None, label: str = "query", timeout: float | None = None,
              federation: Iterable[str] | None = None, max_memory: int | None = None):
        """Run a checked query (``kg.guard``) over the union of all graphs; pyoxigraph results (solutions,
        boolean or triples). ``timeout`` bounds this call (default: the store's); the server's own limits
        apply too. ``max_memory`` is for the embedded store's query processes and is ignored here."""
        from .sparql import bind_params, check_query

        form = check_query(text, federation=self.federation if federation is None else tuple(federation))
        # One format per form: asked for both, Virtuoso answers a CONSTRUCT with a table of ?s ?p ?o.
        accept = "application/n-triples" if form in ("CONSTRUCT", "DESCRIBE") else self.endpoints.results
        # With the union as the default graph, GRAPH sees the named graphs listed (the documents'), not the union.
        named = self._document_graphs() if self.union_graph and _GRAPH.search(text) else ()
        saved = self.timeout
        if timeout is not None:
            self.timeout = timeout
        try:
            content_type, data = self._post_query(bind_params(text, params or {}, label), accept, label=label, named=named)
        except QueryError as refused:
            # Servers word syntax errors their own way (Virtuoso names no column): where Oxigraph's parser finds
            # the error too, say it as kg does for the embedded store; the server's verdict stands either way.
            try:
                ox.Store().query(text)
            except SyntaxError as e:
                from .sparql import format_syntax_error

                raise format_syntax_error(e, label, text) from refused
            except (OSError, ValueError):
                pass
            raise
        finally:
            self.timeout = saved
        return _parse_results(content_type, data, label)

    def _select(self, text: str, label: str, *, union: bool = True) -> list:
        content_type, data = self._post_query(text, self.endpoints.results, label=label, union=union)
        return list(_parse_results(content_type, data, label))

    def not_a_document(self, variable: str) -> str:
        """A FILTER keeping ``?variable`` off kg's union graph, for queries over ``GRAPH ?variable`` (empty when
        the union is the default graph, which ``GRAPH ?g`` never matches)."""
        return f"FILTER (?{variable} != <{self.union_graph}>)" if self.union_graph else ""

    def _document_graphs(self) -> list[str]:
        """The named graphs of the documents (asked each time: another process may have written since)."""
        rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?doc <{_KG}fileName> ?name }} "
                            f"{self.not_a_document('g')} }}", "document graphs", union=False)
        return sorted(row["g"].value for row in rows)

    def documents(self) -> list[StoredDocument]:
        rows = self._select(
            f"SELECT ?g ?name ?key WHERE {{ GRAPH ?g {{ ?doc <{_KG}fileName> ?name "
            f"OPTIONAL {{ ?doc <{_KG}buildKey> ?key }} }} {self.not_a_document('g')} }}", "documents", union=False)
        return sorted((StoredDocument(r["name"].value, r["g"].value, r["key"].value if r["key"] else None)
                       for r in rows), key=lambda d: (d.name, d.graph))

    def build_key(self, graph_name: str) -> str | None:
        rows = self._select(f"SELECT ?key WHERE {{ GRAPH {ox.NamedNode(graph_name)} {{ ?doc <{_KG}buildKey> ?key }} "
                            "} LIMIT 1", "build key", union=False)
        return rows[0]["key"].value if rows else None

    def has_graph(self, graph_name: str) -> bool:
        return bool(self._select(f"SELECT ?s WHERE {{ GRAPH {ox.NamedNode(graph_name)} {{ ?s ?p ?o }} }} LIMIT 1",
                                 "graph check", union=False))

    def triples(self) -> list[ox.Triple]:
        """Every distinct triple in the store, as pyoxigraph triples (graph names dropped)."""
        content_type, data = self._post_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                              "application/n-triples", label="export")
        triples = list(_parse_results(content_type, data, "export"))
        expected = self.count()
        if len(triples) < expected:
            # Virtuoso answers at most 2**20 rows over HTTP whatever ResultSetMaxRows says, and says nothing.
            raise StoreError(f"{self.url}: the server sent {len(triples):,} of the {expected:,} triples of the store "
                             "(it limits the rows of one answer); export with the server's own tools instead")
        return triples

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
            "application/n-triples", label="export", union=False)
        return ox_triples_to_rdflib(_parse_results(content_type, data, "export"))

    # --- writing ---------------------------------------------------------------------------------------

    def replace_graph(self, graph_name: str, quads: Iterable[ox.Quad]) -> None:
        """Replace one document's graph, and its share of the union, with one update request.

        One request is one transaction on Oxigraph, Fuseki (TDB2) and GraphDB: old and new never coexist. Where
        it is not (Virtuoso), the build key follows in a second request: a document cut short has no key, and
        the next build redoes it.
        """
        name = ox.NamedNode(graph_name)
        quads = list(quads)
        keys = [] if self.endpoints.atomic else [q for q in quads if q.predicate == _BUILD_KEY]
        if keys:
            quads = [q for q in quads if q.predicate != _BUILD_KEY]
        self._update(f"{self._union_cleanup(name)} ;\nDROP SILENT GRAPH {name} ;\n{self._insert(name, quads)}",
                     what=f"writing {graph_name}")
        if keys:
            self._update(self._insert(name, keys), what=f"writing the build key of {graph_name}")
        self.quads_written += 2 * (len(quads) + len(keys))

    def add_new_graph(self, graph_name: str, nquads: bytes) -> None:
        """Write a new document's graph from ``kg.store.document_nquads`` text (its own graph's lines; the union
        is written as ``replace_graph`` writes it)."""
        name = ox.NamedNode(graph_name)
        try:
            quads = [q for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS) if q.graph_name == name]
        except SyntaxError as e:
            raise StoreError(f"{self.url}: the quads of {graph_name} are not valid N-Quads: {e}") from e
        self.replace_graph(graph_name, quads)

    def bulk_writer(self) -> None:
        """None: a SPARQL server takes each document as one update request (``add_new_graph``)."""

    def source_of(self, graph_name: str) -> str | None:
        """None: a remote store keeps no record of the files documents were built from."""
        return None

    def record_source(self, graph_name, source) -> None:
        """Nothing: the server's graphs are the documents' own (see ``source_of``)."""

    def compact(self, *, rewrite: bool = False) -> None:
        """Nothing: a SPARQL server manages its own storage."""

    def _insert(self, name: ox.NamedNode, quads: list[ox.Quad]) -> str:
        """INSERT DATA of triples into a document's graph and the union."""
        payload = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        union = f"GRAPH <{self.union_graph}> {{\n{payload}\n}}" if self.union_graph else payload
        return f"INSERT DATA {{ {union}\nGRAPH {name} {{\n{payload}\n}} }}"

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
        # SILENT although the graph exists: Virtuoso refuses DROP GRAPH of a graph never made by CREATE GRAPH.
        self._update(f"{self._union_cleanup(name)} ;\nDROP SILENT GRAPH {name}", what=f"removing {graph_name}")
        return True

    def _union_cleanup(self, graph: ox.NamedNode) -> str:
        """``kg.store.union_cleanup`` for this server: the union is the default graph, or ``union_graph``."""
        from .store import union_cleanup

        if not self.union_graph:
            return union_cleanup(graph)
        union = ox.NamedNode(self.union_graph)
        return (f"DELETE {{ GRAPH {union} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph} && ?other != {union}) }} }}")

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


def _allow_response_headers(count: int) -> None:
    """Let http.client read answers with ``count`` headers.

    Virtuoso echoes each ``named-graph-uri`` of a query as an ``X-SPARQL-named-graph`` header of its answer, and
    http.client refuses an answer with more than 100 headers: a ``GRAPH`` query (kg build asks one) over a
    store of some 95 documents or more would fail. The limit is a module global with no other way to set it;
    it is only ever raised, to what the request asks for.
    """
    if getattr(http.client, "_MAXHEADERS", count) < count:
        http.client._MAXHEADERS = count


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
            return _virtuoso_ask(ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON))
        if content_type in (_RESULTS_XML, "application/xml"):
            return _virtuoso_ask(ox.parse_query_results(data, format=ox.QueryResultsFormat.XML))
        if content_type in ("application/n-triples", "text/plain"):
            return [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        if content_type == "text/turtle":
            return [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.TURTLE)]
    except (SyntaxError, ValueError, json.JSONDecodeError) as e:
        raise StoreError(f"{label}: the server's answer ({content_type}) could not be read: {e}") from e
    raise StoreError(f"{label}: the server answered with {content_type!r}, which kg cannot read; expected SPARQL "
                     "results (JSON or XML) or N-Triples")


_ASK_RETVAL = ox.Variable("__ASK_RETVAL")


def _virtuoso_ask(results):
    """Virtuoso (7.2) answers ASK with a table of one variable ``__ASK_RETVAL``: a row when true, none when
    false. Turn it into the boolean result the protocol defines."""
    if isinstance(results, ox.QuerySolutions) and results.variables == [_ASK_RETVAL]:
        answer = "true" if list(results) else "false"
        return ox.parse_query_results(f'{{"head": {{}}, "boolean": {answer}}}', format=ox.QueryResultsFormat.JSON)
    return results


def _one_line(text: str) -> str:
    """A server's error page as one short line (Virtuoso sends HTML for a 401)."""
    text = re.sub(r"<[^>]+>", " ", text or "")
    return re.sub(r"\s+", " ", text).strip()[:300]
