"""The store contract, run against the embedded Oxigraph folder and a real Oxigraph server alike."""

import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.errors import QueryError, StoreError, StoreInUseError
from kg.ingest import build_documents
from kg.paths import sources_dir
from kg.sparql import named_queries
from kg.store import EmbeddedStore, canonical_hash, open_store

from .answers import THORN_ANSWERS
from .conftest import THORN
from .helpers import assert_is_thorn, assert_isomorphic, thorn_golden
from .oxigraph_server import clear, oxigraph_server, server_url_fixture, store_fixture  # noqa: F401 - fixtures

ID = "https://w3id.org/kg-news/id/"
KG = "https://w3id.org/kg-news/ontology#"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture
def built(store):
    report = build_documents([sources_dir()], store)
    assert report.built == [THORN], report.failed
    return store


@pytest.fixture(scope="module")
def reference_hash(tmp_path_factory):
    """The canonical hash of the Thorn graph built into an embedded store."""
    with open_store(tmp_path_factory.mktemp("reference") / "store") as store:
        build_documents([sources_dir()], store)
        return canonical_hash(store)


def _rows(result) -> list[tuple]:
    names = [v.value for v in result.variables]
    return [tuple(None if row[n] is None else row[n].value for n in names) for row in result]


def test_every_named_query_has_an_expected_answer():
    assert set(THORN_ANSWERS) == set(named_queries())


@pytest.mark.parametrize("name", sorted(THORN_ANSWERS))
def test_named_query_answers(built, name):
    from kg.sparql import parse_param

    params, columns, rows = THORN_ANSWERS[name]
    terms = dict(parse_param(f"{key}={value}") for key, value in params.items())
    result = built.query(named_queries()[name].text, params=terms, label=name)
    assert [tuple(None if row[c] is None else row[c].value for c in columns) for row in result] == rows


def test_documents_and_build_key(built):
    [doc] = built.documents()
    assert doc.name == THORN
    assert doc.graph == ID + "graph/thorn-kutcher"
    assert doc.build_key == built.build_key(doc.graph)
    assert len(doc.build_key) == 64
    assert built.build_key(ID + "graph/nothing") is None


def test_export_is_the_built_graph(built, thorn_graph, request):
    from rdflib import XSD, Literal, URIRef

    from kg.namespaces import KG

    # Oxigraph (0.5) stores xsd:nonNegativeInteger literals as xsd:integer, the NIF offsets included; Virtuoso
    # keeps the datatype kg wrote.
    canonical = request.node.callspec.params["store"] != "virtuoso"
    expected = thorn_graph.__class__()
    for s, p, o in thorn_graph:
        if canonical and isinstance(o, Literal) and o.datatype == XSD.nonNegativeInteger:
            o = Literal(str(o), datatype=XSD.integer)
        expected.add((s, p, o))
    [doc] = built.documents()
    expected.add((URIRef(ID + "document/thorn-kutcher"), KG.buildKey, Literal(doc.build_key)))
    assert_isomorphic(expected, built.rdflib_graph())
    assert_isomorphic(expected, built.rdflib_graph_of([doc.graph]))
    assert len(built.rdflib_graph_of([])) == 0


def test_same_graph_in_both_kinds_of_store(built, reference_hash):
    assert canonical_hash(built) == reference_hash
    assert_is_thorn(built.triples())
    assert built.count() == len(thorn_golden()) + 1  # and the build key


def test_rebuild_is_idempotent(built, reference_hash):
    report = build_documents([sources_dir()], built)
    assert (report.built, report.skipped) == ([], [THORN])
    forced = build_documents([sources_dir()], built, force=True)
    assert forced.built == [THORN]
    assert canonical_hash(built) == reference_hash


def test_changed_document_replaces_its_own_graph(store, thorn_sources):
    build_documents([thorn_sources], store)
    facts = thorn_sources / "thorn-kutcher.facts.json"
    facts.write_text(facts.read_text(encoding="utf-8").replace('"year": 2012', '"year": 2013'), encoding="utf-8")
    report = build_documents([thorn_sources], store)
    assert report.built == [THORN]
    years = {row[0] for row in _rows(store.query(
        "PREFIX kg: <https://w3id.org/kg-news/ontology#> SELECT ?y WHERE { ?f a kg:FoundingEvent ; kg:year ?y }"))}
    assert years == {"2013"}
    assert len(store.documents()) == 1


def test_remove_document_retracts_its_facts(built):
    assert built.remove_document("nothing.txt") is False
    assert built.remove_document(THORN) is True
    assert built.documents() == []
    assert built.count() == 0
    assert built.remove_document(THORN) is False
    assert built.remove_graph(ID + "graph/thorn-kutcher") is False


def test_parameters_are_values_not_query_text(built):
    query = named_queries()["about-person"].text
    hostile = ox.Literal('x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #')
    assert _rows(built.query(query, params={"name": hostile})) == []
    assert_is_thorn(built.triples())  # nothing dropped


def test_syntax_error_names_line_and_column(store):
    with pytest.raises(QueryError, match=r"my query: SPARQL syntax error at line 2, column \d+"):
        store.query("SELECT ?x\nWHERE { ?x ?p }", label="my query")


def test_construct_and_ask(built):
    triples = list(built.query("CONSTRUCT { ?p a ?c } WHERE { ?p a ?c ; <https://w3id.org/kg-news/ontology#name> "
                               "\"Demi Moore\" }"))
    assert [str(t.object) for t in triples] == ["<https://w3id.org/kg-news/ontology#Person>"]
    assert bool(built.query("ASK { ?s ?p \"Thorn\" }")) is True


def test_read_only_store_refuses_writes(built):
    # The embedded store is still open for writing here: a reader sees its committed state all the same.
    with open_store(built.location, read_only=True) as reader:
        assert_is_thorn(reader.triples())
        with pytest.raises(StoreError, match="read-only"):
            reader.remove_document(THORN)
        with pytest.raises(StoreError, match="read-only"):
            reader.replace_graph(ID + "graph/x", [])
    assert_is_thorn(built.triples())


def test_embedded_read_only_store_must_exist(tmp_path):
    with pytest.raises(StoreError, match="does not exist yet; run kg build first"):
        open_store(tmp_path / "missing", read_only=True)


def test_second_writer_in_another_process_is_told_the_store_is_in_use(tmp_path):
    location = tmp_path / "store"
    holder = textwrap.dedent(f"""
        import sys, time
        from kg.store import open_store
        store = open_store({str(location)!r})
        print("open", flush=True)
        sys.stdin.readline()
    """)
    process = subprocess.Popen([sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout.readline().strip() == "open"
        with pytest.raises(StoreInUseError, match="in use by another process"):
            EmbeddedStore(location)
        # Readers are not writers: they see the last committed state while the writer holds the lock.
        with open_store(location, read_only=True) as reader:
            assert reader.count() == 0
    finally:
        process.communicate("\n", timeout=30)
    assert process.returncode == 0


def test_bulk_writer_keys_come_last_and_a_cut_batch_is_redone(tmp_path, reference_hash):
    """A batch the bulk loader wrote only in part (no keys) is rebuilt atomically by the next build."""
    from kg.build import build_graph
    from kg.documents import read_document
    from kg.facts import load_facts
    from kg.store import to_ox_quads

    location = tmp_path / "store"
    with open_store(location) as store:
        graph = build_graph(read_document(sources_dir() / THORN),
                            load_facts(sources_dir() / "thorn-kutcher.facts.json"))
        quads = to_ox_quads(graph, ID + "graph/thorn-kutcher")
        store.oxigraph.bulk_extend(quads[: len(quads) // 2])  # a crash in the middle of a bulk batch
        assert store.build_key(ID + "graph/thorn-kutcher") is None
        report = build_documents([sources_dir()], store, bulk=True)
        assert report.built == [THORN]
        assert canonical_hash(store) == reference_hash
    with open_store(tmp_path / "bulk") as store:
        assert build_documents([sources_dir()], store, bulk=True).built == [THORN]
        assert canonical_hash(store) == reference_hash
        assert build_documents([sources_dir()], store, bulk=True).skipped == [THORN]


def test_a_crash_during_a_bulk_batch_rebuilds_the_union_on_the_next_open(tmp_path, reference_hash):
    """A mark left by a cut bulk batch makes the next writer recompute the union from the document graphs."""
    from kg.store import STATE_GRAPH

    location = tmp_path / "store"
    with open_store(location) as store:
        build_documents([sources_dir()], store)
        stray = ox.Quad(ox.NamedNode(ID + "person/nobody"), ox.NamedNode(ID + "p"), ox.Literal("x"))
        store.oxigraph.add(stray)  # in the union only, as a cut batch can leave it
        store.oxigraph.add(ox.Quad(ox.NamedNode(STATE_GRAPH), ox.NamedNode("urn:kg:bulk-batch-in-progress"),
                                   ox.Literal(True), ox.NamedNode(STATE_GRAPH)))
        assert store.count() == len(thorn_golden()) + 2  # the build key and the stray triple
    with open_store(location) as store:
        assert_is_thorn(store.triples())
        assert canonical_hash(store) == reference_hash
        marks = list(store.oxigraph.quads_for_pattern(None, ox.NamedNode("urn:kg:bulk-batch-in-progress"), None))
        assert marks == []


def test_a_failed_background_batch_is_raised_to_the_caller_and_earlier_batches_stay(tmp_path):
    """Batches are written by a background thread; its error reaches the builder, and nothing before is lost."""
    from kg.store import document_nquads

    def document(n: int) -> tuple[str, bytes, bytes]:
        name = f"{ID}graph/doc-{n}"
        subject = URIRef(f"{ID}person/p-{n}")
        quads = document_nquads([(subject, URIRef(KG + "name"), Literal(f"Person {n}"))], name)
        key = document_nquads((), name, [(URIRef(f"{ID}document/doc-{n}"), URIRef(KG + "buildKey"),
                                          Literal(f"key-{n}"))])
        return name, quads, key

    with open_store(tmp_path / "store") as store:
        writer = store.bulk_writer(max_quads=1)  # every document is a batch of its own
        writer.add(*document(1))
        writer.add(*document(2))
        writer.wait()
        name, _, key = document(3)
        writer.add(name, b"<not-an-iri> <broken .\n", key)
        with pytest.raises(StoreError, match="not valid N-Quads"):
            writer.flush()
        assert store.build_key(f"{ID}graph/doc-1") == "key-1"
        assert store.build_key(f"{ID}graph/doc-2") == "key-2"
        assert store.build_key(f"{ID}graph/doc-3") is None  # so the next build redoes it
        assert store.count() == 4  # two names, two build keys


def test_embedded_and_remote_stores_implement_the_store_protocol(tmp_path):
    import inspect

    from kg.remote import RemoteStore
    from kg.store import Store

    embedded = open_store(tmp_path / "store")
    remote = RemoteStore("http://127.0.0.1:9/sparql")
    try:
        for store in (embedded, remote):
            assert isinstance(store, Store)
            for name, member in inspect.getmembers(Store, inspect.isfunction):
                if not name.startswith("_"):
                    declared = inspect.signature(member).parameters
                    offered = inspect.signature(getattr(store, name)).parameters
                    assert set(declared) - {"self"} <= set(offered), (type(store).__name__, name)
        assert remote.bulk_writer() is None and remote.source_of("urn:g") is None
        assert embedded.bulk_writer() is not None
    finally:
        embedded.close()
        remote.close()
