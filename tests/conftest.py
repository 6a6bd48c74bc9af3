"""Shared fixtures: every test gets its own default store, the Thorn graph is built once per session, and each
development document is extracted once per session."""

import shutil
from pathlib import Path

import pytest

from kg.paths import sources_dir

THORN = "thorn-kutcher.txt"


@pytest.fixture(autouse=True)
def isolated_store(tmp_path, monkeypatch) -> Path:
    """Point the default store at a fresh folder so no test reads or writes the user's store."""
    store = tmp_path / "default-store"
    monkeypatch.setenv("KG_STORE", str(store))
    monkeypatch.delenv("KG_BASE_IRI", raising=False)
    return store


@pytest.fixture
def thorn_sources(tmp_path) -> Path:
    """A private copy of the bundled corpus (article + curation file) that a test may modify."""
    target = tmp_path / "sources"
    shutil.copytree(sources_dir(), target)
    return target


@pytest.fixture(scope="session")
def thorn_graph():
    """The curated Thorn article built into an rdflib Graph (read-only: do not modify)."""
    from kg.build import build_graph
    from kg.documents import read_document
    from kg.facts import load_facts

    document = read_document(sources_dir() / THORN)
    return build_graph(document, load_facts(sources_dir() / "thorn-kutcher.facts.json"))


@pytest.fixture
def thorn_store(tmp_path):
    """An embedded store holding the curated Thorn article."""
    from kg.ingest import build_documents
    from kg.store import open_store

    store = open_store(tmp_path / "thorn-store")
    report = build_documents([sources_dir()], store)
    assert report.built == [THORN], report.failed
    yield store
    store.close()


@pytest.fixture(scope="session")
def cached_extract():
    """``kg.extract.extract`` remembering each document's facts, so that the tests scoring the development sets
    extract every document once per session (extraction is the slow part)."""
    pytest.importorskip("spacy")
    from kg.extract import extract

    done: dict[str, object] = {}

    def extract_once(document):
        if document.sha256 not in done:
            done[document.sha256] = extract(document)
        return done[document.sha256]

    return extract_once


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A real Virtuoso for the whole session: ``(url, user, password)`` (see tests/virtuoso_server.py)."""
    from .virtuoso_server import virtuoso_server

    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server
