"""What kg leaves in a store folder: nothing for a read-only command, bounded logs, space given back.

Also: a folder opened twice in one process (a notebook cell run again) gives two usable stores.
"""

import hashlib
import os
import re
import threading
import time
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import StoreError
from kg.ingest import build_documents
from kg.paths import sources_dir
from kg.store import KEEP_OLD_LOGS, folder_size, open_store

from .conftest import THORN


def folder_state(path: Path) -> dict[str, tuple]:
    """Every file of a folder with its size, modification time and content hash."""
    return {entry.name: (entry.stat().st_size, entry.stat().st_mtime_ns,
                         hashlib.sha256(Path(entry.path).read_bytes()).hexdigest())
            for entry in os.scandir(path)}


def folder_bytes(path: Path) -> int:
    return sum(entry.stat().st_size for entry in os.scandir(path))


@pytest.fixture
def thorn_folder(tmp_path) -> Path:
    location = tmp_path / "store"
    with open_store(location) as store:
        assert build_documents([sources_dir()], store).built == [THORN]
    return location


READ_ONLY_COMMANDS = [
    ["query", "foundings"],
    ["query", "persons", "--format", "json"],
    ["query", "-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
    ["info"],
    ["export", "--format", "nt"],
    ["validate", "--no-reasoner"],
]


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS, ids=" ".join)
def test_a_read_only_command_writes_nothing_into_the_store_folder(thorn_folder, capsys, command):
    before = folder_state(thorn_folder)
    assert main([*command, "--store", str(thorn_folder)]) == 0, capsys.readouterr().err
    assert folder_state(thorn_folder) == before


def test_old_logs_do_not_pile_up_across_writes(thorn_folder, capsys):
    for _ in range(6):
        assert main(["build", "--store", str(thorn_folder)]) == 0
    assert "0 built, 1 unchanged" in capsys.readouterr().err
    assert len(list(thorn_folder.glob("LOG.old.*"))) == KEEP_OLD_LOGS
    assert (thorn_folder / "LOG").exists()  # RocksDB's current log is left alone


def test_opening_a_store_this_process_holds_gives_a_usable_store(tmp_path):
    """The README snippet or a notebook cell run twice: the second open shares the first one's handle."""
    location = tmp_path / "store"
    first = open_store(location)
    second = open_store(location)
    assert build_documents([sources_dir()], second).built == [THORN]
    assert [d.name for d in first.documents()] == [THORN]  # one handle: the first store sees the build
    reader = open_store(location, read_only=True)
    first.close()
    assert second.remove_document(THORN) is True  # still writable after the other store closed
    assert reader.documents() == []
    second.close()
    reader.close()
    with open_store(location) as again:  # every user closed: the folder was released and opens again
        assert again.documents() == []


def test_stores_opened_read_only_move_to_a_writer_opened_later(thorn_folder):
    reader = open_store(thorn_folder, read_only=True)
    with open_store(thorn_folder) as writer:
        writer.remove_document(THORN)
        assert reader.documents() == []  # the reader reads the writer's handle, not a stale snapshot
    assert reader.documents() == []
    reader.close()


def test_a_closed_store_says_so(thorn_folder):
    store = open_store(thorn_folder, read_only=True)
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="is closed; open it again"):
        store.documents()


def test_a_folder_that_is_no_store_is_refused_for_reading(tmp_path):
    (tmp_path / "notes").mkdir()
    with pytest.raises(StoreError, match="holds no Oxigraph data; run kg build --store"):
        open_store(tmp_path / "notes", read_only=True)
    (tmp_path / "file.ttl").write_text("")
    with pytest.raises(StoreError, match="is a file, not a store folder"):
        open_store(tmp_path / "file.ttl", read_only=True)


def long_article(folder: Path, name: str, size: int) -> Path:
    """A curated article of about ``size`` characters: one entity, its one mention at the start."""
    import json

    text = "Jane Roe founded nothing. " + "Filler words that no rule reads stand here. " * (size // 44)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    facts = {"format": "kg-facts", "version": 1, "document": f"{name}.txt",
             "entities": [{"id": "roe", "type": "Person", "name": "Jane Roe",
                           "mentions": [{"begin": 0, "end": 8, "text": "Jane Roe"}]}]}
    (folder / f"{name}.facts.json").write_text(json.dumps(facts), encoding="utf-8")
    return folder / f"{name}.txt"


def test_remove_gives_back_the_space_of_the_removed_text(thorn_folder, tmp_path, capsys):
    """Oxigraph keeps removed strings through any RocksDB compaction; kg remove rewrites the folder."""
    baseline = folder_bytes(thorn_folder)
    article = long_article(tmp_path / "long", "long", 1_500_000)
    assert main(["build", str(article), "--store", str(thorn_folder)]) == 0
    assert folder_bytes(thorn_folder) > baseline + 1_500_000
    before = folder_state(thorn_folder)
    with open_store(thorn_folder, read_only=True) as store:
        from kg.store import canonical_hash

        assert main(["remove", "long.txt", "--store", str(thorn_folder)]) == 0
        assert "kg: removed long.txt" in capsys.readouterr().err
        assert [d.name for d in store.documents()] == [THORN]  # a store open during the rewrite still reads
    assert folder_bytes(thorn_folder) < baseline + 300_000, sorted(folder_state(thorn_folder).items())
    assert folder_state(thorn_folder) != before
    assert not thorn_folder.with_name("store.compacting").exists()
    with open_store(thorn_folder, read_only=True) as store:
        reference = tmp_path / "reference"
        with open_store(reference) as fresh:
            build_documents([sources_dir()], fresh)
            assert canonical_hash(store) == canonical_hash(fresh)


def test_kg_compact_gives_back_the_space_left_by_remove_no_compact(thorn_folder, tmp_path, capsys):
    article = long_article(tmp_path / "long", "long", 1_000_000)
    assert main(["build", str(article), "--store", str(thorn_folder)]) == 0
    assert main(["remove", "long.txt", "--no-compact", "--store", str(thorn_folder)]) == 0
    left = folder_bytes(thorn_folder)
    assert main(["compact", "--store", str(thorn_folder)]) == 0
    err = capsys.readouterr().err
    reported = re.search(rf"kg: compacted {re.escape(str(thorn_folder))}: ([\d.]+) MB -> ([\d.]+) MB", err)
    # opening the store for the rewrite may add a write-ahead log file of its own: about the size left
    assert reported and abs(float(reported[1]) - left / 1e6) < 0.3, err
    assert float(reported[2]) == round(folder_bytes(thorn_folder) / 1e6, 1)
    assert folder_bytes(thorn_folder) < left - 900_000
    assert main(["query", "persons", "--format", "csv", "--store", str(thorn_folder)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "https://w3id.org/kg-news/id/person/ashton-kutcher,Ashton Kutcher",
        "https://w3id.org/kg-news/id/person/demi-moore,Demi Moore"]


def test_a_store_parked_by_an_interrupted_swap_is_put_back_on_open(thorn_folder):
    """The swap's fallback (three renames) cut after the first leaves the store at <store>.old."""
    parked = thorn_folder.with_name(thorn_folder.name + ".old")
    os.rename(thorn_folder, parked)
    with open_store(thorn_folder, read_only=True) as store:
        assert [d.name for d in store.documents()] == [THORN]
    assert not parked.exists()


def test_a_big_write_ahead_log_is_given_back_when_the_writer_closes(tmp_path, monkeypatch):
    """RocksDB recycles a big transaction's log file at its full size until the next open; kg's close does that."""
    import pyoxigraph as ox

    import kg.store

    monkeypatch.setattr(kg.store, "STALE_LOG_BYTES", 200_000)
    location = tmp_path / "store"
    store = open_store(location)
    graph = ox.NamedNode("https://w3id.org/kg-news/id/graph/big")
    store.oxigraph.extend(ox.Quad(ox.NamedNode(f"https://w3id.org/kg-news/id/n/{i}"), ox.NamedNode("urn:p"),
                                  ox.Literal(f"value {i} " * 4), graph) for i in range(5_000))
    store.oxigraph.flush()
    logs = {entry.name: entry.stat().st_size for entry in os.scandir(location) if entry.name.endswith(".log")}
    assert max(logs.values()) > 200_000  # the recycled log, as RocksDB leaves it
    store.close()
    assert all(entry.stat().st_size < 200_000 for entry in os.scandir(location) if entry.name.endswith(".log"))
    with open_store(location, read_only=True) as reader:
        assert len(reader.oxigraph) == 5_000


def test_removing_a_small_document_from_a_larger_store_leaves_the_rewrite_to_kg_compact(thorn_folder, tmp_path,
                                                                                       capsys):
    """A rewrite copies the whole store: kg remove does it only once removals left a quarter of the folder dead."""
    from kg.store import REWRITE_SHARE

    small = long_article(tmp_path / "small", "small", 20_000)
    assert main(["build", str(small), "--store", str(thorn_folder)]) == 0
    folder = os.stat(thorn_folder).st_ino
    capsys.readouterr()
    assert main(["remove", "small.txt", "--store", str(thorn_folder)]) == 0
    err = capsys.readouterr().err
    assert os.stat(thorn_folder).st_ino == folder  # not swapped for a rewritten copy
    with open_store(thorn_folder, read_only=True) as store:
        dead = store.reclaimable_bytes()
        assert [d.name for d in store.documents()] == [THORN]
    assert 20_000 < dead < REWRITE_SHARE * folder_bytes(thorn_folder)
    assert f"kg: {dead / 1e6:.1f} MB of removed documents stays in the folder until kg compact" in err

    # the dead space adds up across commands, and a removal that brings it past the share rewrites the store
    article = long_article(tmp_path / "long", "long", 1_000_000)
    assert main(["build", str(article), "--store", str(thorn_folder)]) == 0
    assert main(["remove", "long.txt", "--store", str(thorn_folder)]) == 0
    assert os.stat(thorn_folder).st_ino != folder
    assert "stays in the folder" not in capsys.readouterr().err
    with open_store(thorn_folder, read_only=True) as store:
        assert store.reclaimable_bytes() == 0
        assert [d.name for d in store.documents()] == [THORN]


def test_the_space_removals_left_is_still_counted_after_the_store_is_opened_for_writing(thorn_folder, tmp_path):
    """The count lives in the graph that holds a crashed batch's mark: a writer's open took it for the mark (the
    union was rebuilt and the count dropped at every open after a removal)."""
    small = long_article(tmp_path / "small", "small", 20_000)
    assert main(["build", str(small), "--store", str(thorn_folder)]) == 0
    assert main(["remove", "small.txt", "--store", str(thorn_folder)]) == 0
    with open_store(thorn_folder, read_only=True) as store:
        dead = store.reclaimable_bytes()
    assert dead > 20_000
    other = long_article(tmp_path / "other", "other", 2_000)
    assert main(["build", str(other), "--store", str(thorn_folder)]) == 0
    with open_store(thorn_folder, read_only=True) as store:
        assert store.reclaimable_bytes() == dead
        assert sorted(d.name for d in store.documents()) == ["other.txt", THORN]


def test_kg_compact_forgets_the_space_it_gave_back(thorn_folder, tmp_path):
    small = long_article(tmp_path / "small", "small", 20_000)
    assert main(["build", str(small), "--store", str(thorn_folder)]) == 0
    assert main(["remove", "small.txt", "--store", str(thorn_folder)]) == 0
    assert main(["compact", "--store", str(thorn_folder)]) == 0
    with open_store(thorn_folder, read_only=True) as store:
        assert store.reclaimable_bytes() == 0


def test_folder_size_counts_a_folder_whose_files_vanish_while_it_is_listed(tmp_path):
    """RocksDB deletes compacted files in the background while ``kg remove`` measures the folder: a file listed
    and gone before it is measured must not stop the command (it did: FileNotFoundError from ``kg remove``)."""
    (tmp_path / "kept.sst").write_bytes(b"k" * 1000)
    stop = threading.Event()

    def churn():
        number = 0
        while not stop.is_set():
            passing = tmp_path / f"{number % 50:06d}.sst"
            passing.write_bytes(b"p" * 10)
            passing.unlink()
            number += 1

    churner = threading.Thread(target=churn)
    churner.start()
    sizes = []
    try:
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            sizes.append(folder_size(tmp_path))
    finally:
        stop.set()
        churner.join()
    assert sizes and all(1000 <= size <= 1010 for size in sizes)
    assert folder_size(tmp_path) == 1000
