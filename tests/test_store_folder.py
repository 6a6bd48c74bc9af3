"""What kg leaves in a store folder: nothing for a read-only command, bounded logs, space given back.

Also: a folder opened twice in one process (a notebook cell run again) gives two usable stores.
"""

import hashlib
import os
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import StoreError
from kg.ingest import build_documents
from kg.paths import sources_dir
from kg.store import KEEP_OLD_LOGS, open_store

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
