"""kg serve under attack, small enough for CI (benchmarks/bench_serve_attacks.py measures the full figures):
slow clients, a burst, heavy clients beside a light one, a memory-hungry query, default-graph updates, and a
build writing the store the server reads."""

import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from kg.paths import sources_dir

from .helpers import running_server

SIMPLE = "ASK { ?s ?p ?o }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"


def client_at(address: str) -> httpx.Client:
    """A client connecting from another loopback address: to the server, another client."""
    return httpx.Client(timeout=60, transport=httpx.HTTPTransport(local_address=address))


def error_type(response) -> str:
    return response.json()["error"]["type"]


def test_slow_clients_do_not_starve_a_query_and_are_disconnected(thorn_store):
    with running_server(thorn_store, workers=1, read_timeout=2) as server:
        host, port = server.socket.getsockname()[:2]
        slow = []
        try:
            for _ in range(1000):
                sock = socket.create_connection((host, port))
                sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")  # headers never end
                slow.append(sock)
            started = time.monotonic()
            response = httpx.get(server.url, params={"query": SIMPLE}, timeout=30)
            assert response.status_code == 200 and response.json()["boolean"] is True
            assert time.monotonic() - started < 5  # the old thread-per-connection server answered 503 for hours
            # The read deadline disconnects every one of them.
            deadline = time.monotonic() + 20
            for sock in slow:
                sock.settimeout(max(0.1, deadline - time.monotonic()))
                assert sock.recv(1) == b""
        finally:
            for sock in slow:
                sock.close()


def test_a_burst_of_200_queries_is_answered_with_none_refused(thorn_store):
    with running_server(thorn_store) as server:
        host, port = server.socket.getsockname()[:2]
        statuses: list[int] = []
        gate = threading.Barrier(200)

        def one() -> None:
            connection = http.client.HTTPConnection(host, port, timeout=60)
            gate.wait()
            connection.request("GET", "/sparql?query=ASK%7B%7D")
            statuses.append(connection.getresponse().status)
            connection.close()

        threads = [threading.Thread(target=one) for _ in range(200)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [200] * 200


def test_heavy_clients_do_not_starve_a_light_one(thorn_store):
    with running_server(thorn_store, workers=3, client_queries=1, timeout=4, queue_timeout=1) as server:
        heavy_results: list = []

        def heavy(address: str) -> None:
            with client_at(address) as client:
                heavy_results.append(client.get(server.url, params={"query": HEAVY}))

        threads = [threading.Thread(target=heavy, args=(a,)) for a in ("127.0.0.2", "127.0.0.3")]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while server.active_queries < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.active_queries == 2
        # A heavy client's second query waits for its own first: refused with 429 after the queue time.
        with client_at("127.0.0.2") as client:
            second = client.get(server.url, params={"query": HEAVY})
        assert second.status_code == 429 and second.headers["retry-after"] == "1"
        assert error_type(second) == "too_many_requests"
        with client_at("127.0.0.4") as light:
            started = time.monotonic()
            response = light.get(server.url, params={"query": SIMPLE})
            assert response.status_code == 200 and time.monotonic() - started < 3
        for thread in threads:
            thread.join()
    assert sorted(r.status_code for r in heavy_results) == [503, 503]
    assert {error_type(r) for r in heavy_results} == {"timeout"}


def test_a_query_over_the_memory_limit_ends_with_a_clear_error(thorn_store):
    with running_server(thorn_store, workers=1, max_memory=1 << 30, timeout=60) as server:
        response = httpx.get(server.url, params={"query": HUNGRY}, timeout=90)
        assert response.status_code == 503 and error_type(response) == "out_of_memory"
        assert "1,024 MiB" in response.json()["error"]["message"] and "--max-memory" in response.json()["error"]["message"]
        # Its worker was replaced: the next query is answered.
        after = httpx.get(server.url, params={"query": SIMPLE}, timeout=30)
        assert after.status_code == 200 and after.json()["boolean"] is True


@pytest.mark.parametrize(("update", "where"), [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "line 1, column 15"),
    ("DELETE WHERE { ?s ?p ?o }", "line 1, column 16"),
    ("CLEAR DEFAULT", "CLEAR DEFAULT"),
])
def test_default_graph_writes_are_refused_with_the_reason(thorn_store, update, where):
    ask = "ASK { <https://w3id.org/kg-news/id/person/demi-moore> ?p ?o }"
    with running_server(thorn_store, workers=1, allow_update=True, token="t") as server, \
            httpx.Client(timeout=30) as client:
        response = client.post(server.url, content=update.encode(), headers={
            "Content-Type": "application/sparql-update", "Authorization": "Bearer t"})
        assert response.status_code == 400 and error_type(response) == "default_graph_write"
        message = response.json()["error"]["message"]
        assert where in message and "union of the document graphs" in message and "GRAPH <iri>" in message
        assert client.get(server.url, params={"query": ask}).json()["boolean"] is True  # nothing was applied


def test_updates_run_as_sent_and_the_union_follows(thorn_store):
    person = "<https://w3id.org/kg-news/id/person/demi-moore>"
    with running_server(thorn_store, workers=1, allow_update=True, token="t") as server, \
            httpx.Client(timeout=30) as client:
        def update(text: str) -> int:
            return client.post(server.url, content=text.encode(), headers={
                "Content-Type": "application/sparql-update", "Authorization": "Bearer t"}).status_code

        def ask(text: str) -> bool:
            return client.get(server.url, params={"query": text}).json()["boolean"]

        # A trailing comment once broke the text the server appended to the update; nothing is appended now.
        assert update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "added" } } # added by hand') == 204
        assert ask('ASK { <urn:s> <urn:p> "added" }')
        assert update("DELETE DATA { GRAPH <urn:g> { <urn:s> <urn:p> \"added\" } }") == 204
        assert not ask('ASK { <urn:s> <urn:p> "added" }')
        # Dropping the article's graph takes its facts out of the union the queries see.
        assert update("DROP GRAPH <https://w3id.org/kg-news/id/graph/thorn-kutcher>") == 204
        assert not ask(f"ASK {{ {person} ?p ?o }}")
    assert thorn_store.count() == 0


def test_a_build_while_serving_never_disturbs_readers(tmp_path):
    """kg build writes the folder the server reads (through snapshots): readers see the old state, then the
    new one, and never an error."""
    store = tmp_path / "store"
    sources = tmp_path / "sources"
    shutil.copytree(sources_dir(), sources)
    first = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(sources / "thorn-kutcher.txt"),
                            "--store", str(store)], capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    second = sources / "copy.txt"
    shutil.copy(sources / "thorn-kutcher.txt", second)
    facts = json.loads((sources / "thorn-kutcher.facts.json").read_text(encoding="utf-8"))
    facts["document"] = "copy.txt"
    (sources / "copy.facts.json").write_text(json.dumps(facts), encoding="utf-8")
    documents = "SELECT (COUNT(DISTINCT ?d) AS ?n) { ?d <https://w3id.org/kg-news/ontology#fileName> ?f }"
    with running_server(str(store), workers=2) as server:
        seen: list[int] = []
        errors: list[str] = []
        done = threading.Event()

        def read() -> None:
            with httpx.Client(timeout=30) as client:
                while not done.is_set():
                    response = client.get(server.url, params={"query": documents})
                    if response.status_code != 200:
                        errors.append(response.text)
                    else:
                        seen.append(int(response.json()["results"]["bindings"][0]["n"]["value"]))

        reader = threading.Thread(target=read)
        reader.start()
        for command in (["build", str(second)], ["remove", "copy.txt"], ["build", str(second)]):
            done_run = subprocess.run([sys.executable, "-m", "kg.cli", *command, "--store", str(store)],
                                      capture_output=True, text=True, check=False)
            assert done_run.returncode == 0, done_run.stderr
        time.sleep(0.5)
        done.set()
        reader.join()
        final = httpx.get(server.url, params={"query": documents}, timeout=30).json()
    assert errors == []
    assert set(seen) <= {1, 2} and seen[0] == 1
    assert final["results"]["bindings"][0]["n"]["value"] == "2"
