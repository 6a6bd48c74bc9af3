"""Ingest: incremental and idempotent builds, crash and resume, entities across documents, merges and undo."""

import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg import facts as facts_format
from kg.cli import main
from kg.documents import document_from_text
from kg.facts import Entity, Facts, Span, dump_facts
from kg.ingest import MERGE_RULE, build_documents
from kg.store import EmbeddedStore, canonical_hash, open_store

from .helpers import OneThreadAtATime
from .oxigraph_server import clear, oxigraph_server, server_url_fixture, store_fixture  # noqa: F401 - fixtures

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic import write_corpus

ID = "https://w3id.org/kg-news/id/"
KG = "https://w3id.org/kg-news/ontology#"


def _corpus(tmp_path_factory, count: int) -> tuple[Path, str, int]:
    """A synthetic corpus, and the canonical hash and triple count of one uninterrupted build of it."""
    folder = tmp_path_factory.mktemp(f"synthetic-{count}")
    write_corpus(folder, count)
    with open_store(tmp_path_factory.mktemp("reference") / "store") as store:
        report = build_documents([folder], store)
        assert len(report.built) == count and not report.failed
        return folder, canonical_hash(store), store.count()


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic-200")
    write_corpus(folder, 200)
    return folder


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, str, int]:
    return _corpus(tmp_path_factory, 40)


def _values(store, query: str) -> list:
    result = store.query("PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
                         "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n" + query)
    names = [v.value for v in result.variables]
    return sorted(tuple(None if row[n] is None else row[n].value for n in names) for row in result)


# --- incremental, idempotent -----------------------------------------------------------------------------

def test_synthetic_corpus_twice_adds_nothing(store, request):
    # 200 articles in the embedded store; the server gets 40 (every write is an HTTP request and the suite
    # must stay quick). benchmarks/kill_resume.py does the same with 2,000.
    if isinstance(store, EmbeddedStore):
        corpus, size = request.getfixturevalue("large"), 200
    else:
        (corpus, digest, count), size = request.getfixturevalue("small"), 40
    first = build_documents([corpus], store)
    assert len(first.built) == size and not first.failed
    digest_after_first, count_after_first = canonical_hash(store), store.count()
    assert count_after_first > 400 * size
    if size == 40:
        assert (digest_after_first, count_after_first) == (digest, count)
    second = build_documents([corpus], store)
    assert second.built == [] and len(second.skipped) == size
    assert (canonical_hash(store), store.count()) == (digest_after_first, count_after_first)
    assert second.summary() == f"0 built, {size} unchanged"


def test_bulk_build_makes_the_same_graph(tmp_path, small):
    corpus, digest, count = small
    with open_store(tmp_path / "store") as store:
        report = build_documents([corpus], store, bulk=True)
        assert len(report.built) == 40
        assert (canonical_hash(store), store.count()) == (digest, count)
        assert len(build_documents([corpus], store, bulk=True).skipped) == 40
        assert all(doc.build_key for doc in store.documents())


def test_bulk_writer_flushes_in_batches(tmp_path, small):
    corpus, digest, count = small
    with open_store(tmp_path / "store") as store:
        writer = store.bulk_writer(max_quads=5_000)  # a batch every eight articles or so
        store.bulk_writer = lambda: writer
        build_documents([corpus], store, bulk=True)
        assert (canonical_hash(store), store.count()) == (digest, count)


def test_while_a_bulk_batch_loads_nothing_else_enters_the_store(tmp_path, small):
    # A 1,000-article bulk build died of a general protection fault inside pyoxigraph in one of its threads;
    # the build's main thread read the store while the writer's thread loaded a batch. Now the build reads
    # what it needs before the first batch, and the store admits one thread at a time.
    corpus, digest, count = small
    with open_store(tmp_path / "store") as store:
        watch = store._handle.store = OneThreadAtATime(store._handle.store)
        writer = store.bulk_writer(max_quads=5_000)  # a batch every eight articles or so
        store.bulk_writer = lambda: writer
        report = build_documents([corpus], store, bulk=True)
        assert watch.batches >= 4 and len(report.built) == 40
        assert watch.overlaps == []
        assert (canonical_hash(store), store.count()) == (digest, count)
        store._handle.store = watch.store


def test_a_store_call_from_another_thread_waits_for_the_bulk_batch(tmp_path, small):
    corpus, _digest, count = small
    with open_store(tmp_path / "store") as store:
        build_documents([corpus], store, bulk=True)
        assert store.count() == count
        watch = store._handle.store = OneThreadAtATime(store._handle.store, linger=0.5)
        writer = store.bulk_writer(max_quads=1)  # every add starts loading at once, in the writer's thread
        graph = ID + "graph/late"
        writer.add(graph, f'<{ID}late> <{KG}name> "Late" <{graph}> .\n<{ID}late> <{KG}name> "Late" .\n'.encode(),
                   b"")
        # Asked while the batch is in the loader: answered after it, with its triple.
        assert store.count() == count + 1
        assert store.has_graph(graph) and store.documents()
        writer.flush()
        assert watch.batches == 1 and watch.overlaps == []
        store._handle.store = watch.store


def test_a_failing_bulk_batch_stops_the_build_and_the_next_build_repairs_it(tmp_path, small):
    from kg.store import BulkWriteError

    corpus, digest, count = small
    with open_store(tmp_path / "store") as store:
        writer = store.bulk_writer(max_quads=1)
        # A batch the loader rejects is in flight when the build starts: the build must stop on it, not
        # blame an article and go on.
        writer.add("https://w3id.org/kg-news/id/graph/broken", b"<broken .\n", b"")
        store.bulk_writer = lambda: writer
        with pytest.raises(BulkWriteError, match="not valid N-Quads"):
            build_documents([corpus], store, bulk=True)
        del store.bulk_writer
        report = build_documents([corpus], store, bulk=True)
        assert not report.failed
        assert (canonical_hash(store), store.count()) == (digest, count)


@pytest.mark.parametrize("bulk", [False, True])
def test_a_large_build_compacts_the_store_and_keeps_the_graph(tmp_path, small, monkeypatch, bulk):
    import kg.ingest

    corpus, digest, count = small
    monkeypatch.setattr(kg.ingest, "COMPACT_AFTER_QUADS", 1_000)
    steps = []
    with open_store(tmp_path / "store") as store:
        build_documents([corpus], store, bulk=bulk, progress=lambda index, total, name: steps.append(name))
        assert store.quads_written >= 2 * count  # every triple in its document graph and in the union
        assert (canonical_hash(store), store.count()) == (digest, count)
    assert steps[-2:] == ["compacting the store", ""]
    with open_store(tmp_path / "store") as store:  # a second build writes nothing, so does not compact
        build_documents([corpus], store, bulk=bulk, progress=lambda index, total, name: steps.append(name))
        assert store.quads_written == 0
    assert steps.count("compacting the store") == 1


def test_changed_and_removed_documents_touch_only_their_own_graph(store, tmp_path):
    folder = tmp_path / "docs"
    write_corpus(folder, 5)
    build_documents([folder], store)
    before = {doc.name: doc.build_key for doc in store.documents()}
    # Change one article's facts: only it is rebuilt, and the old value is gone.
    facts_path = folder / "synthetic-000002.facts.json"
    data = json.loads(facts_path.read_text(encoding="utf-8"))
    old_topic = data["testimonies"][0]["topic"]
    data["testimonies"][0]["topic"] = "a changed topic"
    facts_path.write_text(json.dumps(data), encoding="utf-8")
    report = build_documents([folder], store)
    assert report.built == ["synthetic-000002.txt"] and len(report.skipped) == 4
    topics = _values(store, f"SELECT ?t WHERE {{ GRAPH <{ID}graph/synthetic-000002> {{ ?x kg:topic ?t }} }}")
    assert topics == [("a changed topic",)] and old_topic != "a changed topic"
    after = {doc.name: doc.build_key for doc in store.documents()}
    assert {name for name in before if before[name] != after[name]} == {"synthetic-000002.txt"}
    # Remove another: its facts go, every other document's stay.
    store.remove_document("synthetic-000003.txt")
    assert [d.name for d in store.documents()] == ["synthetic-000000.txt", "synthetic-000001.txt",
                                                    "synthetic-000002.txt", "synthetic-000004.txt"]
    graphs = [g for (g,) in _values(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?f a kg:Testimony } }")]
    assert graphs == [ID + f"graph/synthetic-00000{i}" for i in (0, 1, 2, 4)]


def test_one_failing_document_does_not_stop_the_others(store, tmp_path):
    folder = tmp_path / "docs"
    write_corpus(folder, 3)
    (folder / "synthetic-000001.facts.json").write_text("{ not json", encoding="utf-8")
    report = build_documents([folder], store)
    assert report.built == ["synthetic-000000.txt", "synthetic-000002.txt"]
    assert len(report.failed) == 1 and "synthetic-000001.facts.json: line 1" in report.failed[0][1]


def test_build_of_a_folder_without_text_files_says_so_and_exits_1(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not an article", encoding="utf-8")
    assert main(["build", str(empty), "--store", str(tmp_path / "store")]) == 1
    err = capsys.readouterr().err
    assert "the folder holds no .txt or .html files" in err and str(empty) in err


# --- crash and resume ----------------------------------------------------------------------------------

_BUILDER = textwrap.dedent("""
    import sys
    from kg.ingest import build_documents
    from kg.store import open_store

    def progress(index, total, name):
        print(index, flush=True)

    with open_store(sys.argv[2]) as store:
        build_documents([sys.argv[1]], store, progress=progress, bulk=sys.argv[3] == "bulk")
""")


def kill_during_build(corpus: Path, store: Path, *, after: int, bulk: bool = False) -> int:
    """Run a build in a child process and kill -9 it once it has started document ``after``."""
    process = subprocess.Popen([sys.executable, "-c", _BUILDER, str(corpus), str(store), "bulk" if bulk else "one"],
                               stdout=subprocess.PIPE, text=True)
    try:
        for line in process.stdout:
            if int(line) >= after:
                process.kill()
                break
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    return after


@pytest.mark.parametrize("run", range(3))
def test_build_killed_at_a_random_document_resumes_to_the_same_graph(tmp_path, small, run):
    corpus, digest, count = small
    after = random.Random(run).randrange(3, 38)
    location = tmp_path / "store"
    kill_during_build(corpus, location, after=after)
    with open_store(location) as store:
        committed = [doc for doc in store.documents() if doc.build_key]
        # Documents 0 .. after-1 were committed before document `after` started: at most one is lost.
        assert len(committed) >= after
        report = build_documents([corpus], store)
        assert len(report.built) == 40 - len(committed)
        assert (canonical_hash(store), store.count()) == (digest, count)


def test_bulk_build_killed_resumes_to_the_same_graph(tmp_path, small):
    corpus, digest, count = small
    location = tmp_path / "store"
    kill_during_build(corpus, location, after=30, bulk=True)
    with open_store(location) as store:
        build_documents([corpus], store)
        assert (canonical_hash(store), store.count()) == (digest, count)


# --- entities across documents -------------------------------------------------------------------------

def write_article(folder: Path, name: str, text: str, entities: list[tuple[str, str, str, list[str]]],
                  testimonies: list[tuple[str, str]] = ()) -> None:
    """An article and its curation file; entities are (id, type, name, aliases), mentioned where they occur."""
    document = document_from_text(name, text)
    facts = Facts(document=name, sha256=document.sha256)
    for entity_id, kind, entity_name, aliases in entities:
        mentions = []
        for surface in [entity_name, *aliases]:
            at = text.find(surface)
            if at >= 0 and not any(m.begin <= at < m.end for m in mentions):
                mentions.append(Span(at, at + len(surface), surface))
        facts.entities.append(Entity(id=entity_id, type=kind, name=entity_name, aliases=aliases, mentions=mentions))
    for i, (witness, body) in enumerate(testimonies):
        facts.testimonies.append(facts_format.Testimony(id=f"t{i}", witness=witness, body=body,
                                           evidence=[Span(0, len(text), text)]))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    dump_facts(facts, folder / name.replace(".txt", ".facts.json"))


def test_same_person_in_two_articles_is_one_node_with_all_evidence(store, tmp_path):
    folder = tmp_path / "docs"
    write_article(folder, "a.txt", "Grace Hopper testified before the Senate.",
                  [("hopper", "Person", "Grace Hopper", []), ("senate", "LegislativeBody", "Senate", [])],
                  [("hopper", "senate")])
    write_article(folder, "b.txt", "Later, Grace Hopper spoke again.", [("gh", "Person", "Grace Hopper", [])])
    build_documents([folder], store)
    evidence = _values(store, f"""SELECT DISTINCT ?doc ?text WHERE {{ <{ID}person/grace-hopper> kg:evidence ?span .
        ?span nif:referenceContext ?doc ; nif:anchorOf ?text }}""")
    assert evidence == [(ID + "document/a", "Grace Hopper"), (ID + "document/b", "Grace Hopper")]
    assert _values(store, "SELECT DISTINCT ?p WHERE { ?p a kg:Person }") == [(ID + "person/grace-hopper",)]
    # Removing one article keeps the node and the other article's evidence.
    store.remove_document("a.txt")
    evidence = _values(store, f"""SELECT DISTINCT ?doc WHERE {{ <{ID}person/grace-hopper> kg:evidence/nif:referenceContext
        ?doc }}""")
    assert evidence == [(ID + "document/b",)]


def _merge_corpus(folder: Path) -> None:
    write_article(folder, "a.txt", "Ashton Kutcher, known as Kutcher, testified before Congress.",
                  [("ak", "Person", "Ashton Kutcher", ["Kutcher"]), ("c", "LegislativeBody", "Congress", [])],
                  [("ak", "c")])
    write_article(folder, "b.txt", "Kutcher returned to Congress in 2019.",
                  [("k", "Person", "Kutcher", []), ("c", "LegislativeBody", "Congress", [])], [("k", "c")])


MERGES = """SELECT ?merge ?name ?into ?rule ?declared ?evidence WHERE {
    ?merge a kg:EntityMerge ; kg:mergedName ?name ; kg:mergedInto ?into ; kg:rule ?rule ;
           kg:aliasDeclaredBy ?declared ; kg:evidence/nif:anchorOf ?evidence }"""
WITNESSES = "SELECT ?doc ?w WHERE { GRAPH ?g { ?t kg:witness ?w . ?doc kg:fileName ?f } }"


def test_alias_merge_joins_the_node_and_records_its_rule(store, tmp_path):
    folder = tmp_path / "docs"
    _merge_corpus(folder)
    report = build_documents([folder], store)
    assert [(m.document, m.name, m.into) for m in report.merges] == [("b.txt", "Kutcher", "Ashton Kutcher")]
    assert _values(store, WITNESSES) == [(ID + "document/a", ID + "person/ashton-kutcher"),
                                         (ID + "document/b", ID + "person/ashton-kutcher")]
    assert _values(store, MERGES) == [(ID + "merge/b/k", "Kutcher", ID + "person/ashton-kutcher", MERGE_RULE,
                                       ID + "document/a", "Kutcher")]
    assert _values(store, "SELECT DISTINCT ?p WHERE { ?p a kg:Person }") == [(ID + "person/ashton-kutcher",)]
    # The merge is part of b's build key: nothing changes on a second build.
    assert build_documents([folder], store).built == []


def test_merge_does_not_depend_on_build_order_or_on_what_else_is_built(store, tmp_path):
    folder = tmp_path / "docs"
    _merge_corpus(folder)
    # b alone first (no a anywhere: nothing to merge with), then a, then b again: b now merges.
    assert build_documents([folder / "b.txt"], store).merges == []
    build_documents([folder / "a.txt"], store)
    report = build_documents([folder / "b.txt"], store)
    assert report.built == ["b.txt"] and [m.declared_by for m in report.merges] == [(ID + "document/a",)]
    together = canonical_hash(store)
    assert build_documents([folder], store).built == []
    assert canonical_hash(store) == together


@pytest.mark.parametrize("undo", ["rule-off", "no-merge", "declaring-document-removed"])
def test_merge_is_undone_by_rebuilding(store, tmp_path, undo):
    folder = tmp_path / "docs"
    _merge_corpus(folder)
    build_documents([folder], store)
    if undo == "rule-off":
        report = build_documents([folder], store, merge_aliases=False)
    elif undo == "no-merge":
        report = build_documents([folder], store, no_merge=["Kutcher"])
    else:
        store.remove_document("a.txt")
        report = build_documents([folder / "b.txt"], store)
    assert report.built == ["b.txt"] and report.merges == []
    assert _values(store, MERGES) == []
    witnesses = _values(store, WITNESSES)
    assert (ID + "document/b", ID + "person/kutcher") in witnesses
    assert (ID + "document/a", ID + "person/ashton-kutcher") in witnesses or undo == "declaring-document-removed"


def test_ambiguous_alias_merges_nothing(store, tmp_path):
    folder = tmp_path / "docs"
    write_article(folder, "a.txt", "Ashton Kutcher, known as Kutcher.", [("a", "Person", "Ashton Kutcher", ["Kutcher"])])
    write_article(folder, "c.txt", "Mila Kutcher, also Kutcher.", [("m", "Person", "Mila Kutcher", ["Kutcher"])])
    write_article(folder, "b.txt", "Kutcher spoke.", [("k", "Person", "Kutcher", [])])
    # An organization's alias never captures a person.
    write_article(folder, "d.txt", "Thorn Group, or Spoke.", [("t", "Organization", "Thorn Group", ["Spoke"])])
    write_article(folder, "e.txt", "Spoke was there.", [("s", "Person", "Spoke", [])])
    report = build_documents([folder], store)
    assert report.merges == []
    assert (ID + "person/kutcher",) in _values(store, "SELECT DISTINCT ?p WHERE { ?p a kg:Person }")


def test_same_name_is_identity_not_a_merge(store, tmp_path):
    folder = tmp_path / "docs"
    # "Kutcher" is a canonical name in c.txt: the alias rule stands aside, same-name identity applies.
    _merge_corpus(folder)
    write_article(folder, "c.txt", "Kutcher, a different person.", [("k2", "Person", "Kutcher", [])])
    report = build_documents([folder], store)
    assert report.merges == []
