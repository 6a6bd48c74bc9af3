"""The cache of networkx views beside a store: the store's generation changes with every write kg makes, a
second view of an unchanged store comes from the cache, and a cache file that is damaged, hostile or cannot be
written never reaches the user."""

import hashlib
import os
import subprocess
import sys
import textwrap
from decimal import Decimal

import pyoxigraph as ox
import pytest

from kg.ingest import build_documents
from kg.network import Evidence, to_networkx
from kg.store import compact_store, open_store, remove_documents
from kg.viewcache import cache_key, load_view, save_view, views_dir

from .helpers import require_program, running_server, write_curated_article

ID = "https://w3id.org/kg-news/id/"
ALICE, BRUNO, CARLA = ID + "person/alice-archer", ID + "person/bruno-baker", ID + "person/carla-cruz"
DOC_A = ID + "document/a"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TEXT_A = "Yesterday Alice Archer spoke at the town hall."


def _digest(view) -> str:
    return hashlib.sha256(repr((list(view.nodes(data=True)), list(view.edges(keys=True, data=True))))
                          .encode()).hexdigest()


def _cached_views(location) -> list:
    return sorted(views_dir(location).glob("*.view"))


def _same_view(first, second) -> None:
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "articles"
    write_curated_article(folder, "a.txt", TEXT_A, "Alice Archer")
    write_curated_article(folder, "b.txt", "Bruno Baker wrote to the council on Monday.", "Bruno Baker")
    return folder


@pytest.fixture
def store(tmp_path, corpus):
    """A store of two articles whose view is cached (taken once, saved)."""
    store = open_store(tmp_path / "store")
    assert len(build_documents([corpus], store).built) == 2
    first = to_networkx(store)
    assert [p.name for p in views_dir(store.path).iterdir()] != []
    _same_view(to_networkx(store), first)
    yield store
    store.close()


def test_a_second_view_of_an_unchanged_store_is_the_saved_one(store):
    """The view is read from the cache: a graph saved under the store's key is what comes back."""
    generation = store.generation()
    assert generation is not None and generation == store.generation()
    key = cache_key(generation, graphml_safe=False, include_spans=False)
    planted = to_networkx(store, cache=False)
    planted.nodes[ALICE]["label"] = "planted"
    assert save_view(store.path, key, planted)
    assert to_networkx(store).nodes[ALICE]["label"] == "planted"
    assert to_networkx(store, cache=False).nodes[ALICE]["label"] == "Alice Archer"
    # Options are part of the key: spans as nodes are another view.
    spans = to_networkx(store, include_spans=True)
    assert spans.nodes[ALICE]["label"] == "Alice Archer"
    assert spans.nodes[DOC_A + "#char=10,22"]["type"] == "TextSpan"
    _same_view(to_networkx(store, include_spans=True), spans)


def test_the_cached_view_equals_the_built_one_and_is_a_graph_of_its_own(store):
    cached = to_networkx(store)
    _same_view(cached, to_networkx(store, cache=False))
    assert cached.nodes[ALICE]["evidence"] == [Evidence(10, 22, "Alice Archer", DOC_A)]
    cached.nodes[ALICE]["label"] = "changed by the user"
    cached.remove_node(BRUNO)
    again = to_networkx(store)
    assert again.nodes[ALICE]["label"] == "Alice Archer" and BRUNO in again
    safe = to_networkx(store, graphml_safe=True)
    assert isinstance(safe.nodes[ALICE]["evidence"], str)
    _same_view(to_networkx(store, graphml_safe=True), safe)


# --- every write invalidates -----------------------------------------------------------------------------


def _rewrite_article_a(corpus, text: str) -> None:
    write_curated_article(corpus, "a.txt", text, "Alice Archer")


def test_a_build_of_a_new_article_is_seen(store, corpus):
    write_curated_article(corpus, "c.txt", "On Friday Carla Cruz opened the bridge.", "Carla Cruz")
    assert build_documents([corpus], store).built == ["c.txt"]
    view = to_networkx(store)
    assert view.nodes[CARLA]["label"] == "Carla Cruz"
    assert view.nodes[CARLA]["evidence"] == [Evidence(10, 20, "Carla Cruz", ID + "document/c")]


def test_a_bulk_build_is_seen(store, corpus):
    write_curated_article(corpus, "c.txt", "On Friday Carla Cruz opened the bridge.", "Carla Cruz")
    assert build_documents([corpus], store, bulk=True).built == ["c.txt"]
    view = to_networkx(store)
    assert view.nodes[CARLA]["type"] == "Person"
    assert view.nodes[ID + "document/c"]["isString"] == "On Friday Carla Cruz opened the bridge."


def test_a_changed_article_replaces_its_graph_and_is_seen(store, corpus):
    _rewrite_article_a(corpus, "Late on Sunday, Alice Archer spoke.")
    assert build_documents([corpus], store).built == ["a.txt"]
    view = to_networkx(store)
    assert view.nodes[DOC_A]["isString"] == "Late on Sunday, Alice Archer spoke."
    assert view.nodes[ALICE]["evidence"] == [Evidence(16, 28, "Alice Archer", DOC_A)]


def test_a_removal_is_seen(store):
    assert remove_documents(store, ["b.txt"]) == []
    view = to_networkx(store)
    assert BRUNO not in view and ID + "document/b" not in view
    assert view.nodes[ALICE]["label"] == "Alice Archer"


def test_an_update_through_kg_serve_is_seen(store):
    httpx = pytest.importorskip("httpx")
    update = (f"DELETE WHERE {{ GRAPH <{ID}graph/a> {{ <{ALICE}> <{RDFS_LABEL}> ?old }} }} ;"
              f"INSERT DATA {{ GRAPH <{ID}graph/a> {{ <{ALICE}> <{RDFS_LABEL}> \"Alice the First\" . "
              f"<{ALICE}> <{ID}knows> <{BRUNO}> }} }}")
    with running_server(store, workers=1, allow_update=True, token="a-token-for-tests") as server:
        answer = httpx.post(server.url, content=update.encode(), timeout=30,
                            headers={"Content-Type": "application/sparql-update",
                                     "Authorization": "Bearer a-token-for-tests"})
        assert answer.status_code == 204, answer.text
    view = to_networkx(store)
    assert view.nodes[ALICE]["label"] == "Alice the First"
    assert view.has_edge(ALICE, BRUNO, key="knows")


def test_a_write_through_the_pyoxigraph_store_is_seen(store):
    """``store.oxigraph`` escapes kg's bookkeeping: the store has no generation (no cached view) until reopened."""
    nickname = ox.Quad(ox.NamedNode(ALICE), ox.NamedNode(ID + "nickname"), ox.Literal("Ally"))
    store.oxigraph.add(nickname)
    assert store.generation() is None
    assert to_networkx(store).nodes[ALICE]["nickname"] == "Ally"
    store.oxigraph.remove(nickname)
    assert "nickname" not in to_networkx(store).nodes[ALICE]


def test_compaction_keeps_the_generation_and_the_cached_view(store):
    generation, before = store.generation(), to_networkx(store)
    files = {p.name: p.stat().st_mtime_ns for p in views_dir(store.path).glob("*.view")}
    store.compact()
    compact_store(store)  # the rewrite into a fresh folder
    assert store.generation() == generation
    _same_view(to_networkx(store), before)
    assert {p.name: p.stat().st_mtime_ns for p in views_dir(store.path).glob("*.view")} == files


_CRASH = textwrap.dedent("""
    import os, sys
    import pyoxigraph as ox
    from kg.network import to_networkx
    from kg.store import maintain_union_after, open_store
    location, alice, how, graph = sys.argv[1:]
    store = open_store(location)
    to_networkx(store)  # the view of the content before, saved
    nickname = f"<{alice}> <https://w3id.org/kg-news/id/nickname> 'after the crash'"
    if how == "replace":
        kept = [ox.Quad(t.subject, t.predicate, t.object)
                for t in store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")]
        added = ox.Quad(ox.NamedNode(alice), ox.NamedNode("https://w3id.org/kg-news/id/nickname"),
                        ox.Literal("after the crash"))
        store.replace_graph(graph, [*kept, added])
        os._exit(0)  # no close: the process dies after the write
    with maintain_union_after(store) as oxigraph:
        oxigraph.update(f"INSERT DATA {{ {nickname} GRAPH <{graph}> {{ {nickname} }} }}")
        os._exit(0)  # the process dies inside the write, before the union is refreshed
""")


@pytest.mark.parametrize("where", ["replace", "served update"])
def test_a_crash_during_a_write_leaves_no_cached_view_that_looks_valid(tmp_path, corpus, where):
    location = tmp_path / "store"
    with open_store(location) as store:
        build_documents([corpus], store)
    subprocess.run([sys.executable, "-c", _CRASH, str(location), ALICE, where.split()[0], ID + "graph/a"],
                   check=True, timeout=120)
    assert list(views_dir(location).iterdir()) != []  # the view of before is there
    with open_store(location, read_only=True) as reader:
        assert reader.generation() is None
        assert to_networkx(reader).nodes[ALICE]["nickname"] == "after the crash"
    with open_store(location) as writer:  # a writer repairs what the crash left and makes a generation
        assert writer.generation() is not None
        assert to_networkx(writer).nodes[ALICE]["nickname"] == "after the crash"
        _same_view(to_networkx(writer), to_networkx(writer, cache=False))


# --- damaged, hostile, unwritable -------------------------------------------------------------------------


def _cache_file(store):
    (found,) = [p for p in views_dir(store.path).iterdir() if p.suffix == ".view"]
    return found


@pytest.mark.parametrize("damage", ["truncated", "one byte changed", "empty", "not a view"])
def test_a_damaged_cache_file_is_rebuilt_without_an_error(store, damage):
    expected = to_networkx(store, cache=False)
    path = _cache_file(store)
    data = path.read_bytes()
    path.write_bytes({
        "truncated": data[: len(data) // 2],
        "one byte changed": data[:-100] + bytes([data[-100] ^ 0x20]) + data[-99:],
        "empty": b"",
        "not a view": b"\x00garbage\n" * 50,
    }[damage])
    _same_view(to_networkx(store), expected)
    key = path.name.removesuffix(".view")
    assert load_view(store.path, key) is not None  # saved again, whole


def test_a_hostile_pickle_with_a_valid_header_is_refused_and_runs_nothing(store, tmp_path):
    import pickle

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return os.system, (f"touch {marker}",)

    path = _cache_file(store)
    payload = pickle.dumps(Payload())
    header = b"kg-networkx-view 1\n%s\n%s\n" % (path.name.removesuffix(".view").encode(),
                                                 hashlib.sha256(payload).hexdigest().encode())
    path.write_bytes(header + payload)
    _same_view(to_networkx(store), to_networkx(store, cache=False))
    assert not marker.exists()


def test_a_view_holding_a_value_of_another_class_is_not_saved(store):
    view = to_networkx(store, cache=False)
    for odd in (Decimal("1.5"), Decimal, hashlib.sha256()):  # a value, a class the reader would refuse
        view.nodes[ALICE]["odd"] = odd
        assert not save_view(store.path, "0" * 32 + "-odd", view)
    assert not (views_dir(store.path) / ("0" * 32 + "-odd.view")).exists()


_READER = textwrap.dedent("""
    import hashlib, sys
    from kg.network import to_networkx
    from kg.store import open_store
    with open_store(sys.argv[1], read_only=True) as store:
        view = to_networkx(store)
    print(hashlib.sha256(repr((list(view.nodes(data=True)), list(view.edges(keys=True, data=True))))
                         .encode()).hexdigest())
""")


def test_concurrent_readers_all_get_the_view(tmp_path, corpus):
    location = tmp_path / "store"
    with open_store(location) as store:
        build_documents([corpus], store)
        expected = _digest(to_networkx(store, cache=False))
    assert _cached_views(location) == []
    readers = [subprocess.Popen([sys.executable, "-c", _READER, str(location)], stdout=subprocess.PIPE, text=True)
               for _ in range(4)]
    digests = [reader.communicate(timeout=300)[0].strip() for reader in readers]
    assert digests == [expected] * 4
    assert [p.suffix for p in views_dir(location).iterdir() if p.name != "kept"] == [".view"]  # no temporary
    again = subprocess.run([sys.executable, "-c", _READER, str(location)], capture_output=True, text=True,
                           check=True, timeout=300)
    assert again.stdout.strip() == expected


def test_a_store_in_a_folder_that_cannot_be_written_still_gives_the_view(tmp_path, corpus):
    """Nothing can be written beside the store (nor in it): the view is built, every time, with no error."""
    location = tmp_path / "locked" / "store"
    with open_store(location) as store:
        build_documents([corpus], store)
        expected = _digest(to_networkx(store, cache=False))
    command = [sys.executable, "-c", _READER, str(location)]
    if os.geteuid() == 0:  # root writes anywhere: the reader runs without that capability
        command = [require_program("setpriv", "util-linux"), "--bounding-set=-dac_override,-dac_read_search",
                   "--", *command]
    views = views_dir(location)  # the parts the writer kept (kg.keptview) are there: read, never written
    modes = {path: path.stat().st_mode
             for path in (location.parent, location, *location.iterdir(), views, *views.rglob("*"))}
    try:
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        for _ in range(2):
            done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == 0, done.stderr
            assert done.stdout.strip() == expected and done.stderr == ""
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    assert _cached_views(location) == []


def test_a_view_read_while_the_store_is_written_is_not_saved(tmp_path, corpus, monkeypatch):
    """The token is read before and after the store is: a write in between (here by the same process, at the
    end of the read) means the view may mix two contents, so it is returned but never saved."""
    import kg.network

    location = tmp_path / "store"
    store = open_store(location)
    try:
        build_documents([corpus], store)
        before = store.generation()
        built = kg.network._to_networkx

        def read_then_write(*args, **kwargs):
            view = built(*args, **kwargs)
            write_curated_article(corpus, "c.txt", "On Friday Carla Cruz opened the bridge.", "Carla Cruz")
            assert build_documents([corpus], store).built == ["c.txt"]
            return view

        monkeypatch.setattr(kg.network, "_to_networkx", read_then_write)
        monkeypatch.setattr(kg.network, "_kept_view", lambda *args, **kwargs: None)  # read from the store
        assert CARLA not in to_networkx(store)
        monkeypatch.undo()
        assert _cached_views(location) == []
        assert store.generation() not in (None, before)
        assert to_networkx(store).nodes[CARLA]["label"] == "Carla Cruz"
    finally:
        store.close()


def test_a_store_opened_again_by_kg_keeps_its_generation_and_its_cached_view(store):
    token, location = store.generation(), store.path
    files = {p.name: p.stat().st_mtime_ns for p in views_dir(location).glob("*.view")}
    store.close()
    for _ in range(2):
        with open_store(location) as writer:  # a new read-write session of RocksDB, by kg: the token goes on
            assert writer.generation() == token
    with open_store(location, read_only=True) as reader:
        assert reader.generation() == token
        assert to_networkx(reader).nodes[ALICE]["label"] == "Alice Archer"
    assert {p.name: p.stat().st_mtime_ns for p in views_dir(location).glob("*.view")} == files


def test_a_write_without_kg_in_a_session_of_its_own_is_seen(tmp_path, corpus):
    """pyoxigraph opening the folder itself (or a kg older than generations) deletes no token; the session it
    opens is seen instead, and the store has no generation until kg opens it for writing again."""
    location = tmp_path / "store"
    with open_store(location) as store:
        build_documents([corpus], store)
        token = store.generation()
        assert "nickname" not in to_networkx(store).nodes[ALICE]
    raw = ox.Store(str(location))
    raw.add(ox.Quad(ox.NamedNode(ALICE), ox.NamedNode(ID + "nickname"), ox.Literal("written without kg")))
    del raw
    with open_store(location, read_only=True) as reader:
        assert reader.generation() is None
        assert to_networkx(reader).nodes[ALICE]["nickname"] == "written without kg"
    with open_store(location) as writer:
        assert writer.generation() not in (None, token)
        assert to_networkx(writer).nodes[ALICE]["nickname"] == "written without kg"
    with open_store(location, read_only=True) as reader:
        assert to_networkx(reader).nodes[ALICE]["nickname"] == "written without kg"
