"""The remote store's own behaviour: endpoint layouts, time limits, retries, and the CLI over a real server."""

import contextlib
import http.server
import json
import socket
import threading
import time
from typing import ClassVar

import pytest
from rdflib import Graph

from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.paths import sources_dir
from kg.remote import UNION_GRAPH, Endpoints, RemoteStore, endpoints_for

from .conftest import THORN
from .helpers import assert_is_thorn
from .oxigraph_server import oxigraph_server

SELECT_ONE = json.dumps({"head": {"vars": ["x"]},
                         "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}).encode()


@pytest.mark.parametrize(("url", "expected"), [
    ("http://127.0.0.1:7878", Endpoints("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
                                        "http://127.0.0.1:7878/store")),
    ("http://127.0.0.1:7878/query", Endpoints("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
                                              "http://127.0.0.1:7878/store")),
    ("http://h:3030/ds/query", Endpoints("http://h:3030/ds/query", "http://h:3030/ds/update", "http://h:3030/ds/data",
                                         )),
    ("http://h:3030/ds/sparql", Endpoints("http://h:3030/ds/sparql", "http://h:3030/ds/update",
                                          "http://h:3030/ds/data")),
    ("http://h:7200/repositories/news", Endpoints(
        "http://h:7200/repositories/news", "http://h:7200/repositories/news/statements",
        "http://h:7200/repositories/news/rdf-graphs/service")),
    ("https://h:8890/sparql", Endpoints("https://h:8890/sparql", "https://h:8890/sparql",
                                        "https://h:8890/sparql-graph-crud", UNION_GRAPH,
                                        "application/sparql-results+xml", atomic=False)),
    ("http://h/endpoint", Endpoints("http://h/endpoint", "http://h/endpoint", None)),
])
def test_endpoint_layouts(url, expected):
    assert endpoints_for(url) == expected


def test_virtuoso_with_credentials_writes_through_its_authenticated_endpoints(monkeypatch):
    monkeypatch.setenv("KG_STORE_PASSWORD", "s3cret")
    store = RemoteStore("http://dba@h:8890/sparql")
    assert store.endpoints == Endpoints("http://h:8890/sparql", "http://h:8890/sparql-auth",
                                        "http://h:8890/sparql-graph-crud-auth", UNION_GRAPH,
                                        "application/sparql-results+xml", atomic=False)
    assert (store.url, store.location, store.user) == ("http://h:8890/sparql", "http://dba@h:8890/sparql", "dba")
    inline = RemoteStore("http://dba:pa%40ss@h:8890/sparql")
    assert inline.location == "http://dba@h:8890/sparql" and "ss" not in inline.url


def test_not_an_http_url():
    with pytest.raises(StoreError, match="not an http"):
        endpoints_for("ftp://example.org/sparql")


# --- time limits and retries -----------------------------------------------------------------------------

@contextlib.contextmanager
def silent_server():
    """A socket that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()


@pytest.mark.parametrize("operation", ["query", "build_key", "replace_graph", "count"])
def test_a_server_that_never_answers_times_out_within_the_limit(operation):
    with silent_server() as url:
        store = RemoteStore(url, timeout=1.0, retries=3)
        started = time.monotonic()
        with pytest.raises(StoreError, match="did not answer within 1 s") as caught:
            if operation == "query":
                store.query("SELECT * WHERE { ?s ?p ?o }")
            elif operation == "build_key":
                store.build_key("http://example.org/g")
            elif operation == "replace_graph":
                store.replace_graph("http://example.org/g", [])
            else:
                store.count()
        elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 2.0
    if operation == "replace_graph":
        assert "may or may not have been applied" in str(caught.value)


class _Scripted(http.server.BaseHTTPRequestHandler):
    """Answers each request with the next scripted reply: (status, headers, body) or "drop"."""

    replies: ClassVar[list] = []
    seen: ClassVar[list] = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.seen.append((self.command, self.path, self.rfile.read(length)))
        reply = self.replies.pop(0) if self.replies else (500, {}, b"no more replies")
        if reply == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        status, headers, body = reply
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def scripted_server(replies: list):
    handler = type("Handler", (_Scripted,), {"replies": list(replies), "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.seen
    finally:
        server.shutdown()
        server.server_close()


JSON = {"Content-Type": "application/sparql-results+json"}


def test_reads_are_retried_after_503_and_dropped_connections():
    replies = [(503, {"Retry-After": "0"}, b"busy"), "drop", (200, JSON, SELECT_ONE)]
    with scripted_server(replies) as (url, seen):
        rows = list(RemoteStore(url, retries=3).query("SELECT ?x WHERE { ?x ?p ?o }"))
    assert [row["x"].value for row in rows] == ["1"]
    assert len(seen) == 3
    assert all(path == "/query" for _, path, _ in seen)


def test_reads_give_up_after_the_retries():
    with scripted_server([(503, {}, b"busy")] * 5) as (url, seen), pytest.raises(StoreError, match="HTTP 503"):
        RemoteStore(url, retries=2).query("SELECT ?x WHERE { ?x ?p ?o }")
    assert len(seen) == 3


@pytest.mark.parametrize("reply", [(503, {}, b"busy"), "drop"])
def test_writes_are_not_retried_blindly(reply):
    with scripted_server([reply, (204, {}, b"")]) as (url, seen), pytest.raises(StoreError) as caught:
        RemoteStore(url, retries=3).replace_graph("http://example.org/g", [])
    assert len(seen) == 1
    assert seen[0][1] == "/update"
    assert b"DROP SILENT GRAPH <http://example.org/g>" in seen[0][2]
    if reply == "drop":
        assert "may or may not have been applied" in str(caught.value)


def test_where_a_request_is_no_transaction_the_build_key_is_written_last_on_its_own():
    import pyoxigraph as ox

    graph = ox.NamedNode("http://example.org/graph/a")
    fact = ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("x"), graph)
    key = ox.Quad(ox.NamedNode("http://example.org/document/a"),
                  ox.NamedNode("https://w3id.org/kg-news/ontology#buildKey"), ox.Literal("k1"), graph)
    with scripted_server([(200, {}, b""), (200, {}, b"")]) as (url, seen):
        RemoteStore(url + "/sparql").replace_graph(graph.value, [key, fact])  # a Virtuoso layout
    document, build_key = (body.decode() for _, _, body in seen)
    assert "DROP SILENT GRAPH <http://example.org/graph/a>" in document and '"x"' in document
    assert "buildKey" not in document
    assert build_key.startswith("INSERT DATA") and '"k1"' in build_key and '"x"' not in build_key
    assert "GRAPH <urn:kg:union>" in build_key  # the key is in the union too, as on any other store


def test_refused_write_says_what_the_server_said():
    with scripted_server([(403, {}, b"updates need a token")]) as (url, _), \
            pytest.raises(StoreError, match="writing http://example.org/g was refused: updates need a token"):
        RemoteStore(url).replace_graph("http://example.org/g", [])


def test_unreachable_server():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        RemoteStore(f"http://127.0.0.1:{port}", retries=1, timeout=5).count()


def test_an_answer_the_server_cut_short_is_an_error():
    reply = (200, {**JSON, "X-SPARQL-MaxRows": "10000"}, SELECT_ONE)
    with scripted_server([reply]) as (url, _), pytest.raises(StoreError, match="cut its answer at 10000 rows"):
        RemoteStore(url).query("SELECT ?x WHERE { ?x ?p ?o }")


def test_unreadable_answer():
    with scripted_server([(200, {"Content-Type": "text/html"}, b"<html>")]) as (url, _), \
            pytest.raises(StoreError, match="answered with 'text/html'"):
        RemoteStore(url).query("SELECT ?x WHERE { ?x ?p ?o }")


# --- a real server, through the CLI ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data") as url:
        yield url


@pytest.fixture(params=["oxigraph-server", "virtuoso"])
def cli_server(request, monkeypatch) -> str:
    """The --store URL of an empty real server; Virtuoso's with its user, the password in $KG_STORE_PASSWORD."""
    if request.param == "oxigraph-server":
        return request.getfixturevalue("server_url")
    from .virtuoso_server import clear

    url, user, password = request.getfixturevalue("virtuoso")
    clear(url, user, password)
    monkeypatch.setenv("KG_STORE_PASSWORD", password)
    return url.replace("http://", f"http://{user}@")


def test_cli_build_query_export_remove_on_a_server(cli_server, tmp_path, capsys):
    server_url = cli_server
    assert main(["build", str(sources_dir()), "--store", server_url]) == 0
    assert "1 built, 0 unchanged" in capsys.readouterr().err
    assert main(["build", str(sources_dir()), "--store", server_url]) == 0
    assert "0 built, 1 unchanged" in capsys.readouterr().err

    assert main(["query", "foundings", "--store", server_url, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(",") == ["founding", "org", "orgName", "founder", "founderName", "year"]
    assert [line.split(",")[4] for line in lines[1:]] == ["Ashton Kutcher", "Demi Moore"]

    assert main(["query", "about-person", "--param", "name=Demi Moore", "--store", server_url]) == 0
    assert "marriage of Ashton Kutcher and Demi Moore" in capsys.readouterr().out

    assert main(["query", "-e", "SELECT ?x WHERE {", "--store", server_url]) == 1
    assert "SPARQL syntax error at line 1" in capsys.readouterr().err

    assert main(["info", "--store", server_url]) == 0
    out = capsys.readouterr().out
    assert f"store: {server_url}" in out and "documents: 1" in out and "triples: 336" in out

    export = tmp_path / "graph.nt"
    assert main(["export", "--store", server_url, "-o", str(export)]) == 0
    assert_is_thorn(Graph().parse(export))

    assert main(["remove", THORN, "--store", server_url]) == 0
    assert main(["remove", THORN, "--store", server_url]) == 1
    assert "not in the store: thorn-kutcher.txt" in capsys.readouterr().err
    assert main(["query", "persons", "--store", server_url, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["person,name"]


def test_query_endpoint_url_and_single_graph_export(server_url):
    """The /query URL finds its siblings; one document's graph comes back through the Graph Store Protocol."""
    from kg.ingest import build_documents

    store = RemoteStore(server_url + "/query")
    assert store.endpoints.graph_store == server_url + "/store"
    report = build_documents([sources_dir()], store)
    assert report.built + report.skipped == [THORN]
    assert_is_thorn(store.rdflib_graph_of(report.graphs))
    assert len(store.rdflib_graph_of(["https://w3id.org/kg-news/id/graph/none"])) == 0
    assert store.remove_document(THORN) is True
    assert store.count() == 0


def test_virtuoso_refuses_a_wrong_password_and_a_write_without_one(virtuoso, monkeypatch, capsys):
    url, user, _ = virtuoso
    with_user = url.replace("http://", f"http://{user}@")
    monkeypatch.setenv("KG_STORE_PASSWORD", "not-the-password")
    assert main(["build", str(sources_dir()), "--store", with_user]) == 1
    err = capsys.readouterr().err
    assert "was refused" in err and "KG_STORE_PASSWORD" in err and "not-the-password" not in err
    assert len(err.strip().splitlines()) == 2  # the document's error, and the summary
    monkeypatch.delenv("KG_STORE_PASSWORD")
    assert main(["build", str(sources_dir()), "--store", with_user]) == 1
    assert f"no password for the user {user!r}; give it in $KG_STORE_PASSWORD" in capsys.readouterr().err


def test_virtuoso_ask_answers_true_and_false(virtuoso):
    from kg.ingest import build_documents

    from .virtuoso_server import clear

    url, user, password = virtuoso
    clear(url, user, password)
    store = RemoteStore(url, user=user, password=password)
    assert bool(store.query("ASK { ?s ?p ?o }")) is False  # the union graph only, not Virtuoso's own graphs
    build_documents([sources_dir()], store)
    assert bool(store.query('ASK { ?s ?p "Thorn" }')) is True
    assert bool(store.query('ASK { ?s ?p "no such text anywhere" }')) is False


def test_virtuoso_graph_queries_and_builds_over_more_documents_than_an_answer_has_headers(virtuoso):
    # Virtuoso answers a query with one header per named graph it was given: with kg listing every document
    # graph, a store of 150 documents gets answers with over 150 headers (http.client stops at 100 by default).
    from rdflib import Literal, URIRef

    from kg.ingest import build_documents
    from kg.namespaces import KG
    from kg.store import document_nquads

    from .virtuoso_server import clear

    url, user, password = virtuoso
    clear(url, user, password)
    store = RemoteStore(url, user=user, password=password)
    # kg's own IRIs, so that the store fixtures' clear() drops them after this test.
    graphs = [f"https://w3id.org/kg-news/id/graph/many-{n:03d}" for n in range(150)]
    for n, graph in enumerate(graphs):
        triples = [(URIRef(f"https://w3id.org/kg-news/id/document/many-{n:03d}"), KG.fileName,
                    Literal(f"many-{n:03d}.txt"))]
        store.add_new_graph(graph, document_nquads(triples, graph))
    rows = store.query("PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
                       "SELECT ?g ?name WHERE { GRAPH ?g { ?doc kg:fileName ?name } } ORDER BY ?g")
    assert [(row["g"].value, row["name"].value) for row in rows] == [(g, f"many-{n:03d}.txt")
                                                                     for n, g in enumerate(graphs)]
    try:
        report = build_documents([sources_dir()], store)  # asks the stored documents' names with GRAPH ?g
        assert (report.built, report.failed) == ([THORN], [])
        assert len(store.documents()) == 151
    finally:
        clear(url, user, password)


def test_query_error_from_the_server_is_a_query_error(server_url):
    with pytest.raises(QueryError, match=r"q: SPARQL syntax error at line 1, column \d+"):
        RemoteStore(server_url).query("SELEC ?x", label="q")
