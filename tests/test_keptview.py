"""The networkx view the writer keeps (kg.keptview): equal to the view read from the store after every kind of
write kg makes, and never used when the store changed in a way the writer did not follow."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.ingest import build_documents
from kg.keptview import kept_dir, kept_statements
from kg.network import _kept_view, _to_networkx, to_networkx
from kg.store import open_store, remove_documents

from .helpers import running_server, write_curated_article

ID = "https://w3id.org/kg-news/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _cold(store, *, graphml_safe=False):
    """The view read from the store itself (no saved view, no kept parts)."""
    return _to_networkx(store, graphml_safe=graphml_safe, include_spans=False)


def _kept(store, *, graphml_safe=False):
    generation = store.generation()
    assert generation is not None
    return _kept_view(store.path, generation, graphml_safe=graphml_safe)


def _same_in_order(view, reference) -> None:
    """Same nodes, attributes (and their order), successors, predecessors and edges."""
    assert list(view.nodes) == list(reference.nodes)
    for node, data in reference.nodes(data=True):
        assert list(view.nodes[node].items()) == list(data.items()), node
        assert list(view.succ[node]) == list(reference.succ[node]), node
        assert list(view.pred[node]) == list(reference.pred[node]), node
    assert list(view.edges(keys=True, data=True)) == list(reference.edges(keys=True, data=True))


def _assert_kept_equals_cold(store) -> None:
    kept = _kept(store)
    assert kept is not None, "the writer kept no view of this content"
    _same_in_order(kept, _cold(store))
    _same_in_order(_kept(store, graphml_safe=True), _cold(store, graphml_safe=True))
    _same_in_order(to_networkx(store), kept)  # and to_networkx gives it (then from the cache of views)


@pytest.fixture
def corpus(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic import write_corpus

    folder = tmp_path / "articles"
    write_corpus(folder, 8)  # people, organizations, measures shared across articles
    return folder


@pytest.mark.parametrize("bulk", [False, True])
def test_the_kept_view_is_the_view_read_from_the_store(tmp_path, corpus, bulk):
    with open_store(tmp_path / "store") as store:
        assert len(build_documents([corpus], store, bulk=bulk).built) == 8
        _assert_kept_equals_cold(store)
        view = _kept(store)
        assert view.number_of_nodes() > 150 and view.number_of_edges() > 300
        # A person several articles name: one node, the union of what each article states.
        shared = [node for node, data in view.nodes(data=True)
                  if data["type"] == "Person" and len({e.document for e in data["evidence"]}) > 1]
        assert shared
        generation = store.generation()
    with open_store(tmp_path / "store", read_only=True) as reader:  # another process's view: the same parts
        assert reader.generation() == generation
        assert kept_statements(reader.path, generation) is not None


def test_skip_change_remove_and_a_curated_override_keep_it_equal(tmp_path, corpus):
    carla = ID + "person/carla-cruz"
    with open_store(tmp_path / "store") as store:
        build_documents([corpus], store, bulk=True)
        generation = store.generation()
        assert build_documents([corpus], store).built == []  # all unchanged: nothing written
        assert store.generation() == generation
        _assert_kept_equals_cold(store)
        # A new article, then the same article changed (its graph replaced).
        write_curated_article(corpus, "zz.txt", "On Friday Carla Cruz opened the bridge.", "Carla Cruz")
        assert build_documents([corpus], store).built == ["zz.txt"]
        _assert_kept_equals_cold(store)
        write_curated_article(corpus, "zz.txt", "Carla Cruz closed the bridge on Sunday.", "Carla Cruz")
        assert build_documents([corpus], store).built == ["zz.txt"]
        assert [e.text for e in to_networkx(store).nodes[carla]["evidence"]] == ["Carla Cruz"]
        _assert_kept_equals_cold(store)
        # A curated override: an article's facts edited (a new alias of a person other articles name too).
        view = _kept(store)

        def shared(entity) -> bool:
            node = ID + "person/" + entity["name"].lower().replace(" ", "-")
            return entity["type"] == "Person" and len({e.document for e in view.nodes[node]["evidence"]}) > 1

        first, facts, person = next((path, facts, entity) for path in sorted(corpus.glob("*.facts.json"))
                                    for facts in [json.loads(path.read_text(encoding="utf-8"))]
                                    for entity in facts["entities"] if shared(entity))
        person["aliases"] = [*person.get("aliases", []), "The Override"]
        first.write_text(json.dumps(facts), encoding="utf-8")
        assert build_documents([corpus], store).built == [first.name.replace(".facts.json", ".txt")]
        overridden = ID + "person/" + person["name"].lower().replace(" ", "-")
        assert "The Override" in _kept(store).nodes[overridden]["alias"]
        _assert_kept_equals_cold(store)
        removed = [first.name.replace(".facts.json", ".txt"), "zz.txt"]
        assert remove_documents(store, removed) == []  # none missing
        assert carla not in _kept(store)
        _assert_kept_equals_cold(store)
    with open_store(tmp_path / "store") as store:  # a writer opening the store goes on keeping it
        assert build_documents([corpus], store).built == removed
        _assert_kept_equals_cold(store)


def test_terms_of_every_kind_written_by_kg_give_the_view_read_from_the_store(tmp_path):
    """Literals as Oxigraph writes them back (canonical numbers, escapes, language tags, characters outside
    the BMP) convert to the values of the triples kg wrote."""
    ex, thing = "http://example.org/", ox.NamedNode("http://example.org/thing/é?a=1&b=%20#x")

    def typed(value, datatype):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))

    literals = [ox.Literal(text) for text in ("tab\there", 'quote " and \\ backslash', "line\nbreak", "😀 é",
                                              "\u2028 separator", "")]
    literals += [ox.Literal("bonjour\n", language="fr"), typed("007", "integer"), typed("1.50", "decimal"),
                 typed("1e3", "double"), typed("true", "boolean"), typed("1978-02-07", "date"),
                 typed("2020-01-01T10:00:00Z", "dateTime"), typed("not a number", "integer"),
                 typed("typed\tstring", "string"), ox.Literal('odd "value"', datatype=ox.NamedNode(ex + "dt"))]
    quads = [ox.Quad(thing, ox.NamedNode(f"{ex}p{i}"), value) for i, value in enumerate(literals)]
    quads.append(ox.Quad(thing, ox.NamedNode(ex + "knows"), ox.NamedNode(ex + "other")))
    with open_store(tmp_path / "store") as store:
        store.replace_graph(ID + "graph/odd", quads)
        _assert_kept_equals_cold(store)


@pytest.mark.parametrize("how", ["blank node", "served update", "pyoxigraph store"])
def test_writes_the_writer_cannot_follow_make_the_view_come_from_the_store(tmp_path, corpus, how):
    location = tmp_path / "store"
    with open_store(location) as store:
        build_documents([corpus], store)
        _assert_kept_equals_cold(store)
        person = next(n for n, d in _kept(store).nodes(data=True) if d["type"] == "Person")
        if how == "blank node":  # kg's builder mints none; Oxigraph may rename them: not kept
            store.replace_graph(ID + "graph/odd", [ox.Quad(ox.BlankNode("b"), ox.NamedNode(ID + "nickname"),
                                                           ox.Literal("a blank node"))])
        elif how == "served update":
            from kg.store import maintain_union_after

            with maintain_union_after(store) as oxigraph:
                oxigraph.update(f"INSERT DATA {{ GRAPH <{ID}graph/odd> {{ <{person}> <{ID}nickname> 'nick' }} }}")
        else:
            store.oxigraph.add(ox.Quad(ox.NamedNode(person), ox.NamedNode(ID + "nickname"), ox.Literal("nick")))
        generation = store.generation()
        if generation is not None:
            assert kept_statements(location, generation) is None
        view = to_networkx(store)
        _same_in_order(view, _cold(store))
        if how != "blank node":
            assert view.nodes[person]["nickname"] == "nick"
        # Later writes by kg keep nothing either, until the store is opened again with a state for it.
        write_curated_article(corpus, "zz.txt", "On Friday Carla Cruz opened the bridge.", "Carla Cruz")
        build_documents([corpus], store)
        assert kept_statements(location, store.generation()) is None
        assert ID + "person/carla-cruz" in to_networkx(store)


def test_an_update_through_kg_serve_is_not_in_a_kept_view(tmp_path, corpus):
    httpx = pytest.importorskip("httpx")
    with open_store(tmp_path / "store") as store:
        build_documents([corpus], store)
        person = next(n for n, d in _kept(store).nodes(data=True) if d["type"] == "Person")
        update = f"INSERT DATA {{ GRAPH <{ID}graph/odd> {{ <{person}> <{ID}nickname> 'served' }} }}"
        with running_server(store, workers=1, allow_update=True, token="a-token-for-tests") as server:
            answer = httpx.post(server.url, content=update.encode(), timeout=30,
                                headers={"Content-Type": "application/sparql-update",
                                         "Authorization": "Bearer a-token-for-tests"})
            assert answer.status_code == 204, answer.text
        assert kept_statements(store.path, store.generation()) is None
        view = to_networkx(store)
        assert view.nodes[person]["nickname"] == "served"
        _same_in_order(view, _cold(store))


_KILLED = textwrap.dedent("""
    import os, sys
    import kg.store
    from kg.ingest import build_documents
    from kg.store import open_store
    location, corpus = sys.argv[1:]

    def killed_mid_batch(self, data, keys, parts):
        self.store._store.bulk_load(data, format=kg.store.ox.RdfFormat.N_QUADS)
        os._exit(9)  # as a kill -9 would: the batch's quads are in, its build keys are not

    kg.store.BulkWriter._write_batch = killed_mid_batch
    build_documents([corpus], open_store(location), bulk=True)
""")


def test_a_build_killed_mid_batch_leaves_no_kept_view_in_use(tmp_path, corpus):
    location = tmp_path / "store"
    with open_store(location) as store:
        build_documents([min(corpus.glob("*.txt"))], store)
        before = store.generation()
        assert kept_statements(location, before) is not None
    done = subprocess.run([sys.executable, "-c", _KILLED, str(location), str(corpus)], timeout=300, check=False)
    assert done.returncode == 9
    assert (kept_dir(location) / f"state-{before}.json").exists()  # the content before the crash, still kept
    with open_store(location, read_only=True) as reader:
        assert reader.generation() is None  # the crash left no token: no saved or kept view is taken
        _same_in_order(to_networkx(reader), _cold(reader))
    with open_store(location) as store:  # the next build redoes the documents without their keys
        assert store.generation() not in (None, before)
        assert kept_statements(location, store.generation()) is None
        assert len(build_documents([corpus], store).built) == 7
        _same_in_order(to_networkx(store), _cold(store))


_CRASHED_AFTER_THE_WRITE = textwrap.dedent("""
    import os, sys
    import kg.keptview
    from kg.ingest import build_documents
    from kg.store import open_store
    location, corpus, where = sys.argv[1:]

    def killed(self, generation):
        os._exit(9)  # the token is recorded, the state naming its parts is not

    store = open_store(location)
    assert store._handle.keeper.keeping
    if where == "before its state":
        kg.keptview.Keeper.sealed = killed
    build_documents([corpus], store)
    os._exit(9)  # "before its token": the write is committed, no token made for it (nor a state)
""")


@pytest.mark.parametrize("where", ["before its token", "before its state"])
def test_a_crash_between_a_write_and_its_state_leaves_the_view_to_the_store(tmp_path, corpus, where):
    location, carla = tmp_path / "store", ID + "person/carla-cruz"
    with open_store(location) as store:
        build_documents([corpus], store)
        before = store.generation()
        assert kept_statements(location, before) is not None
    write_curated_article(corpus, "zz.txt", "On Friday Carla Cruz opened the bridge.", "Carla Cruz")
    done = subprocess.run([sys.executable, "-c", _CRASHED_AFTER_THE_WRITE, str(location), str(corpus), where],
                          timeout=300, check=False)
    assert done.returncode == 9
    with open_store(location) as store:
        generation = store.generation()
        assert generation not in (None, before)
        assert not (kept_dir(location) / f"state-{generation}.json").exists()
        assert kept_statements(location, generation) is None
        view = to_networkx(store)
        assert view.nodes[carla]["label"] == "Carla Cruz"  # the write the state would have missed
        _same_in_order(view, _cold(store))


def _first_part(location) -> Path:
    return min(kept_dir(location).glob("*.part"))


def _damage(location, generation: str, how: str) -> None:
    folder = kept_dir(location)
    part = _first_part(location)
    data = part.read_bytes()
    if how == "part, one byte changed":
        part.write_bytes(data[:-40] + bytes([data[-40] ^ 0x01]) + data[-39:])
    elif how == "part, truncated":
        part.write_bytes(data[:len(data) // 2])
    elif how == "part, empty":
        part.write_bytes(b"")
    elif how == "part, missing":
        part.unlink()
    elif how == "part, another document's":
        other = max(folder.glob("*.part"))
        assert other != part
        part.write_bytes(other.read_bytes())
    else:
        state = folder / f"state-{generation}.json"
        assert how == "state, not JSON", how
        state.write_bytes(state.read_bytes()[:-10])


@pytest.mark.parametrize("how", ["part, one byte changed", "part, truncated", "part, empty", "part, missing",
                                 "part, another document's", "state, not JSON"])
def test_a_damaged_part_or_state_gives_the_view_read_from_the_store(tmp_path, corpus, how):
    with open_store(tmp_path / "store") as store:
        build_documents([corpus], store)
        generation = store.generation()
        assert kept_statements(store.path, generation) is not None
        _damage(store.path, generation, how)
        assert kept_statements(store.path, generation) is None
        view = to_networkx(store)  # no saved view yet: without the parts, read from the store
        assert view.number_of_nodes() > 150
        _same_in_order(view, _cold(store))


def test_a_hostile_part_with_its_own_digest_runs_nothing(tmp_path, corpus):
    """A part is a pickle named by its digest, so anyone who can write the folder can give a part whose
    digest holds: it is read by the cache of views' unpickler, which makes no object but plain data."""
    import hashlib
    import os
    import pickle

    from kg.keptview import FORMAT

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return os.system, (f"touch {marker}",)

    with open_store(tmp_path / "store") as store:
        build_documents([corpus], store)
        generation = store.generation()
        payload = pickle.dumps(Payload())
        digest = hashlib.sha256(payload).hexdigest()
        (kept_dir(store.path) / f"{digest}.part").write_bytes(FORMAT + b"\n" + payload)
        state = kept_dir(store.path) / f"state-{generation}.json"
        content = json.loads(state.read_bytes())
        content["documents"][min(content["documents"])] = digest
        state.write_text(json.dumps(content))
        assert kept_statements(store.path, generation) is None
        _same_in_order(to_networkx(store), _cold(store))
    assert not marker.exists()


@pytest.mark.parametrize("shape", [(), ([], {}, {}, []), ({}, {"p": []}, {}, []), ({}, {}, {}, 7),
                                   ({"n": "not a sequence"}, {}, {}, [])])
def test_a_part_of_the_wrong_shape_gives_the_view_read_from_the_store(tmp_path, corpus, shape):
    import hashlib
    import pickle

    from kg.keptview import FORMAT

    with open_store(tmp_path / "store") as store:
        build_documents([corpus], store)
        generation = store.generation()
        payload = pickle.dumps(shape)
        digest = hashlib.sha256(payload).hexdigest()
        (kept_dir(store.path) / f"{digest}.part").write_bytes(FORMAT + b"\n" + payload)
        state = kept_dir(store.path) / f"state-{generation}.json"
        content = json.loads(state.read_bytes())
        content["documents"][min(content["documents"])] = digest
        state.write_text(json.dumps(content))
        assert kept_statements(store.path, generation) is None
        _same_in_order(to_networkx(store), _cold(store))
