"""Queries that cannot hold the caller: kg query's time limit, memory limit and Ctrl-C, the same limits in the
Python API, and arguments and names that are not what they seem."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from kg.cli import main
from kg.errors import QueryError, QueryTimeoutError
from kg.paths import sources_dir

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"


@pytest.fixture
def thorn_location(thorn_store):
    thorn_store.close()  # flushed and published: the kg command below opens it on its own
    return thorn_store.location


def kg(*args: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **options)


def test_kg_query_stops_at_its_time_limit(thorn_location):
    started = time.monotonic()
    process = kg("query", "-e", SLOW, "--timeout", "1", "--store", thorn_location)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1 and out == ""
    assert err == ("kg: error: inline query exceeded the 1 s time limit and was stopped; narrow it (more specific "
                   "patterns, LIMIT) or give a longer --timeout\n")
    assert time.monotonic() - started < 15


def test_ctrl_c_stops_kg_query_within_a_second(thorn_location):
    process = kg("query", "-e", SLOW, "--store", thorn_location)
    time.sleep(3)  # well into the query
    assert process.poll() is None
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert time.monotonic() - sent < 1.0
    assert process.returncode == 130 and err == "kg: interrupted\n"


def test_kg_query_over_its_memory_limit_says_so(thorn_location):
    process = kg("query", "-e", HUNGRY, "--max-memory", "1G", "--store", thorn_location)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert err.startswith("kg: error: inline query needed more than the 1,024 MiB it may use") and err.count("\n") == 1


def test_the_python_api_has_the_same_limits(thorn_store):
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="exceeded the 1 s time limit"):
        thorn_store.query(SLOW, timeout=1)
    assert time.monotonic() - started < 10
    with pytest.raises(QueryError, match="needed more than the 1,024 MiB"):
        thorn_store.query(HUNGRY, timeout=60, max_memory=1 << 30)
    # The same answers as in process, through a query process reading the store's snapshot.
    names = {row["name"].value for row in thorn_store.query(
        "SELECT ?name { ?p a <https://w3id.org/kg-news/ontology#Person> ; "
        "<https://w3id.org/kg-news/ontology#name> ?name }", timeout=30)}
    assert names == {"Ashton Kutcher", "Demi Moore"}
    assert len(thorn_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", timeout=30)) == thorn_store.count()


def test_an_argument_that_is_not_utf8_is_an_error_not_a_traceback(capsys):
    bad = b"name=\xff".decode("utf-8", "surrogateescape")  # what Python makes of the bytes in argv
    assert main(["query", "persons", "--param", bad]) == 2
    err = capsys.readouterr().err
    assert err == "kg: error: argument 4 (name=\\xff) is not valid UTF-8 (byte 0xff at character 6); give text in UTF-8\n"


def test_kg_info_shows_control_characters_in_names_escaped(tmp_path, capsys):
    sources = tmp_path / "sources"
    sources.mkdir()
    name = "evil\nnews.txt"
    shutil.copy(sources_dir() / "thorn-kutcher.txt", sources / name)
    facts = json.loads((sources_dir() / "thorn-kutcher.facts.json").read_text(encoding="utf-8"))
    facts["document"] = name
    (sources / "evil\nnews.facts.json").write_text(json.dumps(facts), encoding="utf-8")
    store = str(tmp_path / "store")
    assert main(["build", str(sources), "--store", store]) == 0
    capsys.readouterr()
    assert main(["info", "--store", store]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "  evil\\x0anews.txt" in lines
    assert not any(line == "news.txt" for line in lines)


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="thread count from /proc")
def test_kg_query_in_a_threaded_process_runs_in_process(thorn_store, capsys):
    # A fork would copy no thread but the caller's: inside a test runner (Oxigraph's threads are running
    # here) the command evaluates in this process instead, and still answers.
    assert main(["query", "persons", "--store", thorn_store.location, "--format", "csv"]) == 0
    assert "Demi Moore" in capsys.readouterr().out
