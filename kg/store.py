"""The store: where built graphs live, one named graph per document, and where queries run.

The default is an embedded, persistent Oxigraph store in a folder (``kg.paths.default_store_path``). Each
document is written in one atomic transaction together with its build key (hash of its text and facts), so
an unchanged document is skipped, a changed one replaces its own graph, and an interrupted build loses at most
the document in flight.

Queries run on the default graph, which kg keeps equal to the set union of the document graphs: every write
adds a document's triples to it in the same transaction, and a removal takes out the triples no other
document states. Oxigraph's own "union default graph" is a bag (a triple stated by 500 documents is seen 500
times), so every join through a shared node (a person, a hedge, a measure) multiplies; on a million-triple
corpus such queries never finish. The maintained union costs a second copy of each triple at load time and
makes remote servers need no union setting at all (docs/stores.md).

A bulk writer (``EmbeddedStore.bulk_writer``) trades per-document atomicity for load speed on new documents:
their quads go in through Oxigraph's bulk loader and each build key is written last, so a document cut short
is detected and redone by the next build, and the union is rebuilt after such a crash. The rdflib view
(through oxrdflib) is offered for notebook users; the hot paths (load, query, export) use pyoxigraph
directly. Remote SPARQL endpoints are in ``kg.remote``, with the same methods.
"""

import contextlib
import os
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from .errors import QueryError, StoreError, StoreInUseError
from .namespaces import KG, data_base_iri
from .snapshot import PUBLISH_EVERY

__all__ = [
    "RDF_FORMATS",
    "SOURCES_GRAPH",
    "BulkWriteError",
    "BulkWriter",
    "DocumentNQuads",
    "EmbeddedStore",
    "Store",
    "StoredDocument",
    "canonical_hash",
    "class_counts",
    "compact_store",
    "document_nquads",
    "folder_size",
    "graph_from_file",
    "open_store",
    "quads_of_graph",
    "remove_documents",
    "to_ox_quads",
]

_BUILD_KEY = ox.NamedNode(str(KG.buildKey))
_FILE_NAME = ox.NamedNode(str(KG.fileName))
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
STATE_GRAPH = "urn:kg:store-state"
"""A graph kg uses for its own bookkeeping (a bulk batch in progress); never a document."""
SOURCES_GRAPH = "urn:kg:sources"
"""kg's record of the file each document was built from: ``<document graph> <urn:kg:source-file> "/path.txt"``.
Bookkeeping, like ``STATE_GRAPH``: never a document and never in the union."""
_SOURCE_FILE = ox.NamedNode("urn:kg:source-file")
_BULK_MARK = ox.Quad(ox.NamedNode(STATE_GRAPH), ox.NamedNode("urn:kg:bulk-batch-in-progress"), ox.Literal(True),
                     ox.NamedNode(STATE_GRAPH))


def _BOOKKEEPING(keeper) -> None:
    """A write of kg's bookkeeping graphs: nothing changes in the networkx view."""


def union_cleanup(graph: ox.NamedNode) -> str:
    """SPARQL update taking out of the default graph the triples of ``graph`` that no other graph states."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph}) }} }}")


REBUILD_UNION = (f"DROP SILENT DEFAULT ;\nINSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                 f"FILTER (?g != <{STATE_GRAPH}> && ?g != <{SOURCES_GRAPH}>) }}")
"""SPARQL update recomputing the default graph as the union of the document graphs."""

REFRESH_UNION = (
    f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} "
    f"FILTER (?g != <{STATE_GRAPH}> && ?g != <{SOURCES_GRAPH}>) }} }} ;\n"
    f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{STATE_GRAPH}> && ?g != <{SOURCES_GRAPH}>) "
    f"FILTER NOT EXISTS {{ ?s ?p ?o }} }}")
"""SPARQL update bringing the default graph to the union of the document graphs, writing only the difference."""
_RECLAIMABLE = ox.NamedNode("urn:kg:reclaimable-bytes")
_RECLAIMABLE_AT = (ox.NamedNode(STATE_GRAPH), _RECLAIMABLE, None, ox.NamedNode(STATE_GRAPH))
_UNION_PENDING = ox.Quad(ox.NamedNode(STATE_GRAPH), ox.NamedNode("urn:kg:union-refresh-pending"), ox.Literal(True),
                         ox.NamedNode(STATE_GRAPH))
_GENERATION = ox.NamedNode("urn:kg:generation")
_GENERATION_AT = (ox.NamedNode(STATE_GRAPH), _GENERATION, None, ox.NamedNode(STATE_GRAPH))
_GENERATION_VALUE = re.compile(r"([0-9a-f]{32}) (MANIFEST-[0-9]+)")
_DROP_GENERATION = f"DELETE WHERE {{ GRAPH <{STATE_GRAPH}> {{ <{STATE_GRAPH}> {_GENERATION} ?token }} }}"


def _manifest_of(folder: str | Path) -> str | None:
    """The RocksDB manifest the folder's ``CURRENT`` names. Every read-write open of the folder, by any process
    (kg, pyoxigraph, an older kg), starts a new one; writes, compactions and read-only opens do not."""
    try:
        name = (Path(folder) / "CURRENT").read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if re.fullmatch(r"MANIFEST-[0-9]+", name) else None


def _stored_generation(store: ox.Store) -> tuple[str, str] | None:
    """The token and the manifest it was recorded in, if the store holds exactly one well-formed value."""
    found = [quad.object for quad in store.quads_for_pattern(*_GENERATION_AT)]
    if len(found) != 1 or not isinstance(found[0], ox.Literal):
        return None
    match = _GENERATION_VALUE.fullmatch(found[0].value)
    return (match[1], match[2]) if match else None


def _read_generation(store: ox.Store, folder: str | Path) -> str | None:
    """The store's generation token (``EmbeddedStore.generation``): None when it holds none, or when the folder
    ``store`` reads was opened for writing since the token was recorded by something that did not carry it
    (``_carry_generation``): a process that wrote without kg."""
    stored = _stored_generation(store)
    if stored is None or stored[1] != _manifest_of(folder):
        return None
    return stored[0]


def _record_generation(store: ox.Store, token: str, folder: str | Path) -> None:
    """Store ``token`` with the manifest of the session that writes it (one transaction; any other value goes)."""
    manifest = _manifest_of(folder)
    insert = "" if manifest is None else (f" ;\nINSERT DATA {{ GRAPH <{STATE_GRAPH}> {{ <{STATE_GRAPH}> {_GENERATION} "
                                         f"{ox.Literal(f'{token} {manifest}')} }} }}")
    store.update(_DROP_GENERATION + insert)


def _carry_generation(store: ox.Store, folder: str | Path, manifest_before: str | None) -> None:
    """After kg opened ``folder`` for writing: its token still names its content if it was recorded in the
    session before this one (the manifest ``CURRENT`` named just before the open), so it is recorded again
    with this session's manifest. Otherwise another session wrote in between, and the token is left to fail
    ``_read_generation`` until a new one is made."""
    stored = _stored_generation(store)
    if stored is not None and manifest_before is not None and stored[1] == manifest_before:
        _record_generation(store, stored[0], folder)


@contextlib.contextmanager
def maintain_union_after(store: "EmbeddedStore"):
    """Around a write made with SPARQL as a client sent it (kg serve's updates), through the pyoxigraph store
    it yields: the union default graph is brought up to date after it, in a separate step. A mark in the state
    graph covers the gap: if the process dies between the two, the next writer that opens the store rebuilds
    the union. The store's generation is withdrawn before the write (``EmbeddedStore.generation``)."""
    oxigraph = store._store
    store._changed()
    try:
        with store._writing():
            oxigraph.add(_UNION_PENDING)
            try:
                yield oxigraph
            finally:
                oxigraph.update(REFRESH_UNION)
                oxigraph.remove(_UNION_PENDING)
    except OSError as e:
        raise StoreError(f"store {store.location}: the update could not be written: {e}") from e

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
    "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json": ox.RdfFormat.JSON_LD,
    "n3": ox.RdfFormat.N3,
}


@dataclass(frozen=True)
class StoredDocument:
    name: str
    graph: str
    build_key: str | None


@runtime_checkable
class Store(Protocol):
    """What every kg store offers, embedded (``EmbeddedStore``, a folder) or remote (``kg.remote.RemoteStore``, a
    SPARQL server): the build (``kg.ingest``), the CLI and the server speak to a store only through these.

    One named graph per document, the default graph kept as their union. Where a store has no use for an
    operation it still answers it, as documented, so callers never ask what kind of store they hold.
    """

    read_only: bool
    federation: tuple[str, ...]
    """Endpoints SERVICE (and FROM) may name in queries (``kg.guard``); none unless given to ``open_store``."""
    quads_written: int
    """Quads written since the store was opened."""

    @property
    def location(self) -> str: ...

    def query(self, text: str, *, params=None, label: str = "query", timeout: float | None = None,
              federation: Iterable[str] | None = None, max_memory: int | None = None):
        """A checked query (``kg.guard``) over the union of all graphs: pyoxigraph solutions, boolean or triples."""

    def documents(self) -> "list[StoredDocument]": ...

    def build_key(self, graph_name: str) -> str | None: ...

    def has_graph(self, graph_name: str) -> bool: ...

    def source_of(self, graph_name: str) -> str | None:
        """The file a stored document was last built from, if the store records it (None otherwise)."""

    def record_source(self, graph_name: str, source: str | Path) -> None:
        """Remember the file a document was built from (a store that keeps no such record ignores it)."""

    def triples(self) -> Iterable[ox.Triple]: ...

    def count(self) -> int: ...

    def rdflib_graph(self): ...

    def rdflib_graph_of(self, graph_names: list[str]): ...

    def replace_graph(self, graph_name: str, quads: Iterable[ox.Quad]) -> None:
        """Replace one document's graph, and its share of the union, in one transaction."""

    def add_new_graph(self, graph_name: str, nquads: bytes) -> None:
        """Write a graph that does not exist yet from ``document_nquads`` text."""

    def bulk_writer(self) -> "BulkWriter | None":
        """A writer for many new documents at once, or None when the store has no faster path than
        ``add_new_graph``."""

    def remove_document(self, name: str) -> bool: ...

    def remove_graph(self, graph_name: str) -> bool: ...

    def compact(self, *, rewrite: bool = False) -> None:
        """Merge (``rewrite``: and shrink) the store's files; a SPARQL server manages its own, and ignores it."""

    def close(self) -> None: ...

    def __enter__(self): ...

    def __exit__(self, *exc): ...


def _to_ox_term(term):
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store the term {term!r}")


def to_ox_quads(graph, graph_name: str | None) -> list[ox.Quad]:
    """An rdflib graph as pyoxigraph quads in ``graph_name`` (the default graph when None)."""
    name = ox.NamedNode(graph_name) if graph_name else ox.DefaultGraph()
    # Predicates, classes and shared nodes repeat on every line; converting each term once per graph
    # roughly halves the cost of this loop, which is on the load path of every document.
    seen: dict = {}

    def term(value):
        found = seen.get(value)
        if found is None:
            found = seen[value] = _to_ox_term(value)
        return found

    return [ox.Quad(term(s), term(p), term(o), name) for s, p, o in graph]


_IRI_OK = re.compile(r"[^<>\"{}|^`\\\x00-\x20]+")
_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class DocumentNQuads(bytes):
    """``document_nquads`` text that also holds its statements' terms as written (``terms``: subject, predicate
    and object in N-Triples syntax), so the writer keeps the networkx view's part (``kg.keptview``) without
    parsing the text back. ``+`` of two keeps the terms of both."""

    terms: list[tuple[str, str, str]]

    def __add__(self, other):
        joined = DocumentNQuads(bytes(self) + bytes(other))
        joined.terms = self.terms + other.terms if isinstance(other, DocumentNQuads) else None
        return joined


def document_nquads(graph, graph_name: str, extra: Iterable[tuple] = (), *, keep_terms: bool = False) -> bytes:
    """An rdflib graph or list of triples (plus ``extra``) as N-Quads: each triple in ``graph_name`` and in the union.

    Oxigraph parses this text in Rust far faster than Python builds term objects, which is most of the cost
    of loading a document. Every IRI is checked and every literal escaped here, so no value can end a term
    early and inject a statement. ``keep_terms``: a ``DocumentNQuads``, for the writer of an embedded store.
    """
    from rdflib import BNode, Literal, URIRef

    seen: dict = {}

    def term(value) -> str:
        found = seen.get(value)
        if found is not None:
            return found
        if isinstance(value, URIRef):
            found = _iri(str(value))
        elif isinstance(value, Literal):
            text = '"' + str(value).translate(_LITERAL_ESCAPES) + '"'
            if value.language:
                found = f"{text}@{value.language}"
            elif value.datatype is not None:
                found = f"{text}^^{_iri(str(value.datatype))}"
            else:
                found = text
        elif isinstance(value, BNode):
            found = "_:" + re.sub(r"[^A-Za-z0-9]", "_", str(value))
        else:
            raise StoreError(f"cannot store the term {value!r}")
        seen[value] = found
        return found

    name = _iri(graph_name)
    terms = [(term(s), term(p), term(o)) for s, p, o in (*graph, *extra)]
    text = "".join(f"{triple} {name} .\n{triple} .\n" for triple in map(" ".join, terms)).encode("utf-8")
    if not keep_terms:
        return text
    kept = DocumentNQuads(text)
    kept.terms = terms
    return kept


def quads_of_graph(nquads: bytes, graph_name: str) -> list[ox.Quad]:
    """The quads of ``graph_name`` in ``document_nquads`` text (its union copies left out), for ``replace_graph``."""
    name = ox.NamedNode(graph_name)
    try:
        return [quad for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS) if quad.graph_name == name]
    except SyntaxError as e:
        raise StoreError(f"the quads of {graph_name} are not valid N-Quads: {e}") from e


def _iri(value: str) -> str:
    if not _IRI_OK.fullmatch(value):
        raise StoreError(f"cannot store the IRI {value!r}: it holds a space, a quote or a bracket")
    return f"<{value}>"


def _open_error(path: Path, error: OSError) -> StoreError:
    message = str(error)
    if "current process" in message:
        # kg shares its own handles (``_Handle``); this is a pyoxigraph Store opened directly on the folder.
        return StoreInUseError(f"store {path} is open in this process by a pyoxigraph Store kg did not open; "
                               "delete that Store object (del store) or open the folder only through kg")
    if "LOCK" in message or "lock" in message:
        return StoreInUseError(f"store {path} is in use by another process (a running kg build or kg serve); "
                               "wait for it to finish, or use another --store")
    return StoreError(f"store {path} cannot be opened: {message}")


def _swap_folders(a: Path, b: Path) -> None:
    """Exchange two folders atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``), else by three renames.

    With the fallback a crash between the renames leaves the store at ``<store>.old``, which the next open
    puts back (``_restore_interrupted_swap``).
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        renameat2 = None
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
    parked = a.with_name(a.name + ".old")
    os.rename(a, parked)
    os.rename(b, a)
    os.rename(parked, b)


def _restore_interrupted_swap(path: Path) -> None:
    parked = path.with_name(path.name + ".old")
    if not path.exists() and (parked / "CURRENT").exists():
        os.rename(parked, path)


STALE_LOG_BYTES = 8_000_000


def _drop_stale_write_ahead_log(path: Path) -> None:
    """Give back the space of a big write-ahead log once its writes are flushed.

    RocksDB recycles the log file of a big transaction under a new number, keeping its size (130 MB after
    one 2.8 MB article), and deletes it only when the folder is next opened for writing. One more open and
    close right away does that, so the folder is not left at many times the size of its data.
    """
    try:
        big = any(entry.name.endswith(".log") and entry.stat().st_size > STALE_LOG_BYTES for entry in os.scandir(path))
    except OSError:
        return
    if big:
        with contextlib.suppress(OSError):
            before = _manifest_of(path)
            reopened = ox.Store(str(path))
            _carry_generation(reopened, path, before)
            del reopened
        _trim_old_logs(path)


class _Handle:
    """One pyoxigraph store over a folder, shared by every ``EmbeddedStore`` this process opens on it.

    RocksDB lets one process open a folder for writing once; a second ``open_store`` of the same folder in the
    same process (a notebook cell run twice, the README snippet run again) shares the open handle instead of
    failing, and the folder is closed when its last user closes.

    kg's calls into the store run one at a time (``lock``), from whatever thread. A 1,000-article bulk build
    died of a general protection fault inside RocksDB (``FindFile``, reading a level's file list) in a thread
    of its building process, whose main thread then read the store while the bulk writer's thread (and the
    loader's own threads, beside RocksDB's compactions) loaded a batch. Not reproduced, so not proven to be
    that overlap; kg's calls no longer make it.
    """

    def __init__(self, key: str | None, store: ox.Store, *, writable: bool, snapshot: tuple | None = None):
        self.key = key
        self.store: ox.Store | None = store
        self.writable = writable
        self.users = 0
        self.snapshot_path, self.snapshot_lock = snapshot or (None, None)
        """A read-only handle on a snapshot (``kg.snapshot``) holds this lock so no writer deletes it."""
        self.unpublished = False
        """Written since the last snapshot for readers was published."""
        self.published_at = 0.0
        self.lock = threading.RLock()
        """One thread at a time in ``store`` (``EmbeddedStore._serialized``): every kg call into it holds this,
        a write until it is committed, the bulk writer's thread for a whole batch."""
        self.writes_in_flight = 0
        self.generation_withdrawn = False
        """The store is known to hold no generation token (it was deleted since the last one was written)."""
        self.raw_access = False
        """The pyoxigraph store was handed out for writing (``EmbeddedStore.oxigraph``): kg no longer sees every
        write, so the store gets no generation while this handle is open."""
        self.keeper = None
        """The parts of the networkx view kept as documents are written (``kg.keptview.Keeper``), on a
        writable handle."""

    def release_snapshot(self) -> None:
        if self.snapshot_lock is not None:
            os.close(self.snapshot_lock)
            self.snapshot_path = self.snapshot_lock = None


_HANDLES: dict[str, _Handle] = {}
_HANDLES_LOCK = threading.Lock()
KEEP_OLD_LOGS = 1
"""RocksDB renames its diagnostic log to ``LOG.old.<time>`` at every read-write open and never deletes one;
kg keeps this many (the last session's) so the folder does not grow by 137 KB per command."""


def _trim_old_logs(path: Path) -> None:
    old = sorted(path.glob("LOG.old.*"), key=lambda p: p.name)
    for log in old[: max(0, len(old) - KEEP_OLD_LOGS)]:
        with contextlib.suppress(OSError):
            log.unlink()


class EmbeddedStore:
    """An Oxigraph store in a folder; open read-write for building, read-only for querying.

    A read-only store is opened with Oxigraph's read-only mode, which writes nothing into the folder.
    Every store of one folder opened in one process shares one Oxigraph handle (``_Handle``).
    """

    _union = False
    """Query Oxigraph's bag union of all graphs instead of the default graph (only for loaded files)."""

    def __init__(self, path: str | Path, *, read_only: bool = False, federation: Iterable[str] = ()):
        self.path = Path(path)
        self.read_only = read_only
        self.federation = tuple(federation)
        """Endpoints SERVICE (and FROM) may name in queries (``kg.guard``); none by default."""
        self._unflushed_quads = 0
        self.quads_written = 0
        """Quads written since the store was opened (by transactions and the bulk writer)."""
        _restore_interrupted_swap(self.path)
        if read_only and not self.path.exists():
            raise StoreError(f"store {self.path} does not exist yet; run kg build first (or give --store LOCATION)")
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"store {self.path} is a file, not a store folder; give a folder (or an "
                             "http(s):// endpoint) as --store")
        key = os.path.realpath(self.path)
        with _HANDLES_LOCK:
            handle = _HANDLES.get(key)
            try:
                if handle is None:
                    store, snapshot = self._open(read_only=read_only)
                    handle = _Handle(key, store, writable=not read_only, snapshot=snapshot)
                    _HANDLES[key] = handle
                elif not read_only and not handle.writable:
                    # Stores of this folder opened read-only so far: they all move to the read-write handle,
                    # so none keeps reading files the writer may compact away.
                    with handle.lock:
                        handle.store = None
                        handle.release_snapshot()
                        handle.store, handle.writable = self._open(read_only=False)[0], True
            except OSError as e:
                raise _open_error(self.path, e) from e
            handle.users += 1
            self._handle: _Handle | None = handle
        if not read_only:
            _trim_old_logs(self.path)
            self._repair_union()
            self._seal_generation(self._handle)
            self._start_keeping(self._handle)
            from .snapshot import current_snapshot

            if current_snapshot(self.path) is None:
                # Readers in other processes read snapshots while a writer holds the folder: give them one.
                self.publish_snapshot()

    def _start_keeping(self, handle: "_Handle") -> None:
        """Keep the networkx view's parts from here on, if the store's content is one they are known for."""
        if handle.keeper is not None or handle.key is None:
            return
        from .keptview import Keeper

        with handle.lock:
            store = handle.store
            empty = (next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
                     and not any(graph.value not in (STATE_GRAPH, SOURCES_GRAPH) for graph in store.named_graphs()))
            generation = None if handle.writes_in_flight or handle.raw_access else _read_generation(store, self.path)
            handle.keeper = Keeper.open(self.path, generation, empty=empty)

    def _open(self, *, read_only: bool) -> tuple[ox.Store, tuple[Path, int] | None]:
        """The Oxigraph store, and the snapshot it reads with the lock held on it (if it reads one)."""
        if not read_only:
            self.path.mkdir(parents=True, exist_ok=True)
            before = _manifest_of(self.path)
            store = ox.Store(str(self.path))
            _carry_generation(store, self.path, before)
            return store, None
        if not (self.path / "CURRENT").exists():
            raise StoreError(f"store {self.path} holds no Oxigraph data; run kg build --store {self.path} first, "
                             "or give the folder kg build wrote")
        from .snapshot import open_snapshot, writer_active

        if writer_active(self.path):
            # Another process writes the folder: read the last snapshot it published (kg.snapshot), never
            # the files it is changing.
            store, target, lock = open_snapshot(self.path)
            return store, (target, lock)
        # Oxigraph's read-only mode writes nothing into the folder (no log, lock or manifest), so queries leave
        # the store as they found it.
        return ox.Store.read_only(str(self.path)), None

    @property
    def _store(self) -> ox.Store:
        handle = self._handle
        if handle is None or handle.store is None:
            raise StoreError(f"store {self.path} is closed; open it again with open_store")
        return handle.store

    def _serialized(self) -> threading.RLock:
        """The lock every call into the pyoxigraph store holds (``_Handle.lock``); a lazy result (a query's
        solutions) is read after it is released, from Oxigraph's snapshot."""
        handle = self._handle
        if handle is None or handle.store is None:
            raise StoreError(f"store {self.path} is closed; open it again with open_store")
        return handle.lock

    def _repair_union(self) -> None:
        """Recompute the union after a crashed bulk batch, or for a store written before kg kept one."""
        store = self._store
        with self._serialized():
            # The marks themselves, not their graph: it also holds the generation and the removed bytes.
            crashed = _BULK_MARK in store or _UNION_PENDING in store
            has_union = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
            bookkeeping = {STATE_GRAPH, SOURCES_GRAPH}
            has_documents = any(graph.value not in bookkeeping for graph in store.named_graphs())
        if crashed or (not has_union and has_documents):
            self._changed()
            try:
                with self._writing():
                    store.update(REBUILD_UNION)
                    if crashed:
                        store.remove(_BULK_MARK)
                        store.remove(_UNION_PENDING)
            except OSError as e:
                raise StoreError(f"store {self.path}: rebuilding the union graph failed: {e}") from e

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store itself. On a store open for writing, what is written through it escapes kg's
        bookkeeping: from then on until the store is closed, it has no generation (``generation``), so no
        view of it is taken from the cache of views (``kg.viewcache``)."""
        store, handle = self._store, self._handle
        if handle.writable and handle.key is not None:
            with handle.lock:
                handle.raw_access = True
                if handle.keeper is not None:
                    handle.keeper.stop()
                self._withdraw_generation(handle)
        return store

    # --- documents -------------------------------------------------------------------------------------

    def documents(self) -> list[StoredDocument]:
        with self._serialized():
            found = list(self._store.query(
                f"SELECT ?g ?name ?key WHERE {{ GRAPH ?g {{ ?doc {_FILE_NAME} ?name "
                f"OPTIONAL {{ ?doc {_BUILD_KEY} ?key }} }} }}"))
        return sorted((StoredDocument(r["name"].value, r["g"].value, r["key"].value if r["key"] else None)
                       for r in found), key=lambda d: (d.name, d.graph))

    def build_key(self, graph_name: str) -> str | None:
        with self._serialized():
            for quad in self._store.quads_for_pattern(None, _BUILD_KEY, None, ox.NamedNode(graph_name)):
                return quad.object.value
        return None

    def has_graph(self, graph_name: str) -> bool:
        with self._serialized():
            return self._store.contains_named_graph(ox.NamedNode(graph_name))

    def source_of(self, graph_name: str) -> str | None:
        """The file a stored document was last built from (absolute path), if recorded."""
        with self._serialized():
            for quad in self._store.quads_for_pattern(ox.NamedNode(graph_name), _SOURCE_FILE, None,
                                                      ox.NamedNode(SOURCES_GRAPH)):
                return quad.object.value
        return None

    def record_source(self, graph_name: str, source: str | Path) -> None:
        """Remember the file a document was built from, in ``SOURCES_GRAPH`` (never in the union).

        A later build of a file with the same name from another place is then told apart from a rebuild.
        """
        self._check_writable()
        subject, state = ox.NamedNode(graph_name), ox.NamedNode(SOURCES_GRAPH)
        try:
            with self._writing(kept=_BOOKKEEPING):
                self._store.update(f"DELETE WHERE {{ GRAPH {state} {{ {subject} {_SOURCE_FILE} ?file }} }} ;\n"
                                   f"INSERT DATA {{ GRAPH {state} {{ {subject} {_SOURCE_FILE} "
                                   f"{ox.Literal(str(source))} }} }}")
        except OSError as e:
            raise StoreError(f"store {self.path}: recording the source of {graph_name} failed: {e}") from e

    def replace_graph(self, graph_name: str, quads: Iterable[ox.Quad]) -> None:
        """Replace one document's named graph atomically: old and new never coexist, nothing is half-written.

        The quads are written into ``graph_name`` whatever graph they name, and into the union.
        """
        self._check_writable()
        name = ox.NamedNode(graph_name)
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        payload = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        part = self._keep(graph_name, ntriples=payload + "\n" if payload else "")
        try:
            with self._writing(kept=lambda keeper: keeper.written(graph_name, part)):
                if not self._store.contains_named_graph(name):
                    # A new graph: one transaction adding every quad (about twice as fast as parsing an update).
                    self._store.extend(_with_union(triples, name))
                else:
                    self._store.update(f"{union_cleanup(name)} ;\nDROP SILENT GRAPH {name} ;\n"
                                       f"INSERT DATA {{ {payload}\nGRAPH {name} {{\n{payload}\n}} }}")
                self._written(2 * len(triples))
        except OSError as e:
            raise StoreError(f"store {self.path}: writing {graph_name} failed: {e}") from e

    def _written(self, quads: int) -> None:
        """Flush Oxigraph's in-memory writes to disk every ~200,000 quads written by transactions.

        Without it a long build of one transaction per document keeps every write in memory until the store
        is closed: 1.3 GB at 2,000 articles (a million triples), against 0.3 GB with these flushes, at no
        cost in time.
        """
        self.quads_written += quads
        self._unflushed_quads += quads
        self._changed()
        handle = self._handle
        if handle is not None and time.monotonic() - handle.published_at > PUBLISH_EVERY:
            self._publish(handle)
        if self._unflushed_quads >= 200_000:
            self._store.flush()
            self._unflushed_quads = 0

    def add_new_graph(self, graph_name: str, nquads: bytes) -> None:
        """Write a graph that does not exist yet from ``document_nquads`` text, in one transaction."""
        self._check_writable()
        part = self._keep(graph_name, nquads=nquads)
        try:
            with self._writing(kept=lambda keeper: keeper.written(graph_name, part)):
                self._store.load(nquads, format=ox.RdfFormat.N_QUADS)
                self._written(nquads.count(b"\n"))
        except SyntaxError as e:
            raise StoreError(f"store {self.path}: the quads of {graph_name} are not valid N-Quads: {e}") from e
        except OSError as e:
            raise StoreError(f"store {self.path}: writing {graph_name} failed: {e}") from e

    def compact(self, *, rewrite: bool = False) -> None:
        """Merge the store's files (RocksDB compaction) so reads touch fewer of them.

        Many transactions or bulk batches leave the data spread over more, overlapping files than one bulk
        load would; at a million triples the named queries then run up to 1.4x slower than on a store loaded
        in one go, and after compaction at 0.8-1.06x. Takes some 7 s per million triples; readers may go on.

        ``rewrite=True`` also gives back the space of removed documents (``kg compact``, ``kg remove``):
        Oxigraph never deletes a string from its string table, so the text of a removed 2.8 MB article stays
        on disk through any compaction. The quads are copied into a fresh folder beside the store, which then
        takes the store's place (``_swap_folders``); a crash before the swap leaves the store as it was.
        """
        self._check_writable()
        if rewrite:
            self._rewrite()
            return
        try:
            with self._serialized():
                self._store.optimize()
        except OSError as e:
            raise StoreError(f"store {self.path}: compacting failed: {e}") from e

    def graph_bytes(self, graph_name: str) -> int:
        """The size of one named graph written as N-Quads: about what its removal leaves dead in the folder."""
        with self._serialized():
            return sum(len(str(quad)) + 3 for quad in self._store.quads_for_pattern(None, None, None,
                                                                                    ox.NamedNode(graph_name)))

    def reclaimable_bytes(self) -> int:
        """Bytes of removed documents still on disk (as ``graph_bytes`` counts them) until the next rewrite."""
        with self._serialized():
            for quad in self._store.quads_for_pattern(*_RECLAIMABLE_AT):
                return int(quad.object.value)
        return 0

    def add_reclaimable_bytes(self, freed: int) -> int:
        """Count ``freed`` more removed bytes in the store's bookkeeping; the new total."""
        self._check_writable()
        try:
            with self._writing(kept=_BOOKKEEPING):
                total = self.reclaimable_bytes() + freed
                self._store.update(f"DELETE WHERE {{ GRAPH <{STATE_GRAPH}> {{ ?s {_RECLAIMABLE} ?n }} }} ;\n"
                                   f"INSERT DATA {{ GRAPH <{STATE_GRAPH}> {{ <{STATE_GRAPH}> {_RECLAIMABLE} "
                                   f"{total} }} }}")
        except OSError as e:
            raise StoreError(f"store {self.path}: recording removed space failed: {e}") from e
        return total

    def _rewrite(self) -> None:
        with self._serialized():  # to the end: no write goes into the old folder while it is copied
            self._rewrite_locked(self._handle)

    def _rewrite_locked(self, handle: "_Handle") -> None:
        import shutil

        # The copy holds the same content: its token goes with it, recorded anew in the fresh folder's session.
        token = _read_generation(self._store, self.path)
        fresh_path = self.path.with_name(self.path.name + ".compacting")
        shutil.rmtree(fresh_path, ignore_errors=True)  # left by a rewrite cut short: never the store itself
        try:
            fresh = ox.Store(str(fresh_path))
            # Streamed: the quads go from one store to the other without a copy in memory.
            fresh.bulk_extend(quad for quad in self._store.quads_for_pattern(None, None, None, None)
                              if quad.predicate != _RECLAIMABLE)  # nothing is dead in the fresh folder
            fresh.optimize()
            fresh.flush()
            del fresh
        except OSError as e:
            shutil.rmtree(fresh_path, ignore_errors=True)
            raise StoreError(f"store {self.path}: compacting failed: {e}; the store is unchanged") from e
        # Every store of this folder in the process shares the handle (and takes its lock, held here, to use
        # it): they all move to the new folder.
        handle.store = None
        try:
            _swap_folders(self.path, fresh_path)
        finally:
            handle.store = ox.Store(str(self.path))
        if token is not None:
            try:
                _record_generation(handle.store, token, self.path)
            except OSError as e:
                raise StoreError(f"store {self.path}: compacting failed: {e}") from e
        shutil.rmtree(fresh_path, ignore_errors=True)  # the old folder, after the swap

    def bulk_writer(self, *, max_quads: int = 200_000) -> "BulkWriter":
        """A writer for many new documents at a time through Oxigraph's bulk loader (see ``BulkWriter``)."""
        self._check_writable()
        return BulkWriter(self, max_quads=max_quads)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only; open it for writing to change it")

    def remove_document(self, name: str) -> bool:
        """Retract every fact of the document with this file name; False when it is not stored."""
        return remove_document_by_name(self, name)

    def remove_graph(self, graph_name: str) -> bool:
        self._check_writable()
        name = ox.NamedNode(graph_name)
        if not self.has_graph(graph_name):
            return False
        self._changed()
        try:
            with self._writing(kept=lambda keeper: keeper.removed(graph_name)):
                self._store.update(f"{union_cleanup(name)} ;\nDROP GRAPH {name} ;\n"
                                   f"DELETE WHERE {{ GRAPH <{SOURCES_GRAPH}> {{ {name} {_SOURCE_FILE} ?file }} }}")
        except OSError as e:
            raise StoreError(f"store {self.path}: removing {graph_name} failed: {e}") from e
        return True

    # --- the generation: a token naming the store's committed content ---------------------------------------

    def generation(self) -> str | None:
        """A token that names the store's committed content, for caches derived from it (``kg.viewcache``).

        Every write kg makes (build, bulk build, replace, remove, ``kg serve --allow-update``) first deletes
        the token, in a transaction of its own committed before the write's; a fresh random token is written
        only when no write is in flight (when a snapshot is published, when the store is closed or opened for
        writing, and when it is asked for here). So while a store holds a token, nothing was written since
        it was made: the same token means the same content. A crash mid-write leaves none, and so does a
        store whose pyoxigraph store was handed out for writing (``oxigraph``), until it is next opened for
        writing. A rewrite (``compact``) copies the token with the content it names.

        Writes kg does not make are caught by the session: the token is recorded with the RocksDB manifest
        of the read-write session that wrote it (``CURRENT`` names a new one at every read-write open, by any
        process), and kg carries it into its own next session only if no other session came in between. So
        after the folder was opened for writing by pyoxigraph itself, or by a kg older than the token, the
        store has no generation until kg next opens it for writing and makes a new one.

        None when the store holds no valid token (or a write is in progress); always None for a file read
        into memory.
        """
        handle = self._handle
        if handle is None or handle.store is None or handle.key is None:
            return None
        with handle.lock:
            if handle.writable:
                self._seal_generation(handle)
                if handle.writes_in_flight or handle.raw_access:
                    return None
            return _read_generation(handle.store, handle.snapshot_path or self.path)

    @contextlib.contextmanager
    def _writing(self, *, kept=None):
        """Around every write: the generation token is deleted, and committed so, before the write begins; the
        store is the writer's alone until the write ends (``_Handle.lock``).

        ``kept`` says what the write does to the networkx view's kept parts (``kg.keptview``): called with the
        keeper once the write is done (``_BOOKKEEPING``: nothing). Without it, or if the write fails, nothing
        more is kept in this process: the views of what follows are read from the store.
        """
        with self._serialized():
            handle = self._handle
            keeper = handle.keeper
            if keeper is not None and kept is None:
                keeper.stop()
            self._withdraw_generation(handle)
            handle.writes_in_flight += 1
            try:
                yield
            except BaseException:
                if keeper is not None:
                    keeper.stop()
                raise
            else:
                if keeper is not None and kept is not None:
                    kept(keeper)
            finally:
                handle.writes_in_flight -= 1

    def _keep(self, graph_name: str, *, nquads: bytes | None = None, ntriples: str | None = None):
        """The kept part of a document graph about to be written (``kg.keptview.derive_part``), saved; None when
        nothing is kept."""
        handle = self._handle
        keeper = handle.keeper if handle is not None else None
        if keeper is None or not keeper.keeping:
            return None
        from .keptview import derive_part

        part = derive_part(graph_name, nquads=nquads, ntriples=ntriples)
        return part if keeper.save(part) else None

    def _withdraw_generation(self, handle: "_Handle") -> None:
        """Delete the generation token (the caller holds the handle's lock)."""
        if handle.generation_withdrawn:
            return
        try:
            handle.store.update(_DROP_GENERATION)
        except OSError as e:
            raise StoreError(f"store {self.path}: writing failed: {e}") from e
        handle.generation_withdrawn = True

    def _seal_generation(self, handle: "_Handle") -> None:
        """Write a fresh generation token if the store holds none and no write is in flight."""
        if not handle.writable or handle.key is None or handle.store is None:
            return
        with handle.lock:
            if handle.writes_in_flight or handle.raw_access:
                return
            if _read_generation(handle.store, self.path) is None:
                import secrets

                token = secrets.token_hex(16)
                try:
                    _record_generation(handle.store, token, self.path)
                except OSError as e:
                    raise StoreError(f"store {self.path}: writing failed: {e}") from e
                self._changed()
                if handle.keeper is not None:
                    handle.keeper.sealed(token)
            handle.generation_withdrawn = False

    # --- snapshots for readers (kg.snapshot) -------------------------------------------------------------

    def _changed(self) -> None:
        """Note a write: readers in other processes see it once a snapshot is published."""
        handle = self._handle
        if handle is not None and handle.writable and not handle.unpublished and handle.key is not None:
            handle.unpublished = True
            from .snapshot import mark_unpublished

            mark_unpublished(self.path)

    def publish_snapshot(self) -> Path:
        """Publish the store's committed state as the snapshot readers in other processes (and kg serve's
        workers) open; done on close after writes, and every ``kg.snapshot.PUBLISH_EVERY`` seconds of writing."""
        self._check_writable()
        return self._publish(self._handle)

    def _publish(self, handle: "_Handle") -> Path:
        from .snapshot import publish

        with handle.lock:
            self._seal_generation(handle)
            target = publish(handle.store, self.path)
            handle.unpublished = False
            handle.published_at = time.monotonic()
        return target

    # --- reading ---------------------------------------------------------------------------------------

    def query(self, text: str, *, params=None, label: str = "query", timeout: float | None = None,
              federation: Iterable[str] | None = None, max_memory: int | None = None):
        """Run a checked query (``kg.guard``) over the union of all graphs; ``params`` are bound as RDF terms.

        SERVICE and FROM may name only the endpoints of ``federation`` (default: the store's, none unless
        given to ``open_store``). With ``timeout`` (seconds) the query runs in a process of its own, stopped at
        the deadline with ``QueryTimeoutError`` (and by Ctrl-C), under ``max_memory`` bytes of address space
        (default ``kg.isolate.DEFAULT_MAX_MEMORY``); without it, it runs here and cannot be interrupted.
        """
        from .sparql import bind_params, check_query

        check_query(text, federation=self.federation if federation is None else tuple(federation))
        bound = bind_params(text, params or {}, label)
        try:
            if timeout is not None:
                from .isolate import DEFAULT_MAX_MEMORY, query_in_child

                return query_in_child(self._query_source(), bound, {"use_default_graph_as_union": self._union},
                                      timeout=timeout, max_memory=max_memory or DEFAULT_MAX_MEMORY, label=label)
            with self._serialized():
                return self._store.query(bound, use_default_graph_as_union=self._union)
        except SyntaxError as e:
            from .sparql import syntax_error_in

            raise syntax_error_in(text, e, label, params) from e
        except OSError as e:
            raise QueryError(f"{label}: the store could not answer: {e}") from e

    def _query_source(self) -> tuple[str, str]:
        """What a query process opens to see what this store sees: a snapshot, never a folder being written."""
        from .snapshot import current_snapshot, writer_active

        handle = self._handle
        if handle is None or handle.store is None:
            raise StoreError(f"store {self.path} is closed; open it again with open_store")
        if handle.writable:
            if handle.unpublished or current_snapshot(self.path) is None:
                self._publish(handle)
            return "snapshot", str(current_snapshot(self.path))
        if handle.snapshot_path is not None:
            return "snapshot", str(handle.snapshot_path)
        if writer_active(self.path) and current_snapshot(self.path) is not None:
            return "snapshot", str(current_snapshot(self.path))
        return "folder", str(self.path)

    def triples(self):
        """Every distinct triple of the union graph, as pyoxigraph triples (graph names dropped)."""
        with self._serialized():
            return self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                     use_default_graph_as_union=self._union)

    def count(self) -> int:
        """Distinct triples of the union graph (a triple stated by two documents counts once)."""
        with self._serialized():
            result = self._store.query(COUNT_TRIPLES, use_default_graph_as_union=self._union)
            return int(next(iter(result))["n"].value)

    def rdflib_graph(self):
        """The union graph as an in-memory rdflib Graph (for export, validation and networkx)."""
        from .convert import ox_triples_to_rdflib

        return ox_triples_to_rdflib(self.triples())

    def rdflib_graph_of(self, graph_names: list[str]):
        """The union of some named graphs (the documents of one build) as an rdflib Graph."""
        from .convert import ox_triples_to_rdflib

        graphs = [ox.NamedNode(name) for name in graph_names]
        if not graphs:
            return ox_triples_to_rdflib([])
        with self._serialized():
            triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph=graphs)
        return ox_triples_to_rdflib(triples)

    def dataset(self):
        """An rdflib Dataset over this store through oxrdflib, for code that speaks the rdflib API."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        return Dataset(store=OxigraphStore(store=self._store), default_union=True)

    def close(self) -> None:
        """Flush this store's writes and publish them to readers (``publish_snapshot``); the folder itself is
        closed when the last store of it in the process is."""
        handle = self._handle
        if handle is None:
            return
        with _HANDLES_LOCK, handle.lock:  # a write in flight in another thread ends first
            try:
                if handle.writable and handle.store is not None:
                    self._seal_generation(handle)
                    handle.store.flush()
                    if handle.unpublished:
                        self._publish(handle)
            finally:
                self._handle = None
                handle.users -= 1
                if handle.users == 0:
                    if handle.key is not None and _HANDLES.get(handle.key) is handle:
                        del _HANDLES[handle.key]
                    handle.store = None  # the last reference: Oxigraph closes the folder and frees its lock
                    handle.release_snapshot()
                    if handle.writable and handle.key is not None:
                        _drop_stale_write_ahead_log(Path(handle.key))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class BulkWriteError(StoreError):
    """A bulk batch could not be written: the store failed, not a document (the batch's documents have no key)."""


class BulkWriter:
    """Writes the graphs of new documents in batches through Oxigraph's bulk loader, build keys last.

    The bulk loader skips transactions, so a batch cut short by a crash can leave part of a document in the
    store; but a document's build key is written only after all of its quads, in one transaction with the
    other keys of the batch, so the next build sees no key (or an old one) for it and rebuilds it with the
    atomic ``replace_graph``, which drops the partial graph first. A crash loses at most the batch in flight.
    Only for graphs that do not exist yet: the bulk loader cannot drop the old version of a graph.

    A full batch is written by a background thread while the caller builds the next one: Oxigraph's loader
    releases the GIL, so building triples in Python and loading them in Rust overlap. At most one batch is in
    flight (memory stays bounded), batches are written in order, and ``flush`` returns only when everything
    queued is stored; an error of the background write is raised by the next ``add`` or ``flush``.
    """

    def __init__(self, store: EmbeddedStore, *, max_quads: int = 200_000):
        self.store = store
        self.max_bytes = max_quads * 200  # an N-Quads line of kg's is about 200 bytes
        self._data: list[bytes] = []
        self._size = 0
        self._keys: list[bytes] = []
        self._graphs: list[str] = []
        self._in_flight = None
        self._error: BaseException | None = None

    def add(self, graph_name: str, nquads: bytes, key_nquads: bytes) -> None:
        """Queue one new document: its ``document_nquads`` text, and the text of its build key (written last)."""
        self._data.append(nquads)
        self._size += len(nquads)
        self._keys.append(key_nquads)
        self._graphs.append(graph_name)
        if self._size >= self.max_bytes:
            self._submit()

    def flush(self) -> None:
        """Write everything queued and wait until it is stored."""
        self._submit()
        self.wait()

    def submit(self) -> None:
        """Start loading what is queued, full batch or not, and return (after the batch in flight, if any)."""
        self._submit()

    def wait(self) -> None:
        """Wait for the batch in flight; raise its error, if it had one."""
        if self._in_flight is not None:
            self._in_flight.join()
            self._in_flight = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _submit(self) -> None:
        import threading

        if not self._keys:
            return
        # The view's parts of the batch (kg.keptview), made here while the batch before loads in Rust.
        parts = [(graph, self.store._keep(graph, nquads=nquads + key))
                 for graph, nquads, key in zip(self._graphs, self._data, self._keys, strict=True)]
        data, keys = b"".join(self._data), b"".join(self._keys)
        self._data, self._keys, self._graphs, self._size = [], [], [], 0
        self.wait()
        # Not a daemon: on Ctrl-C the batch in flight is finished (its documents complete, keys last) before
        # the process exits; a kill -9 cuts it, and the mark makes the next writer repair the union.
        self._in_flight = threading.Thread(target=self._write_batch, args=(data, keys, parts),
                                           name="kg-bulk-writer")
        self._in_flight.start()

    def _write_batch(self, data: bytes, keys: bytes, parts: list) -> None:
        def kept(keeper) -> None:
            for graph, part in parts:
                keeper.written(graph, part)

        try:
            # The mark says "a bulk batch is being written": if it survives a crash, the next writer rebuilds
            # the union, which may hold triples of documents whose named graphs were cut short.
            self.store._changed()
            # The store is this thread's alone until the keys are in.
            with self.store._writing(kept=kept):
                oxigraph = self.store._store
                oxigraph.add(_BULK_MARK)
                oxigraph.bulk_load(data, format=ox.RdfFormat.N_QUADS)
                # Keys last, in one transaction: a document whose key is stored is complete.
                oxigraph.load(keys, format=ox.RdfFormat.N_QUADS)
                oxigraph.remove(_BULK_MARK)
            self.store.quads_written += data.count(b"\n") + keys.count(b"\n")
        except SyntaxError as e:
            self._error = BulkWriteError(f"store {self.store.location}: a bulk batch is not valid N-Quads: {e}")
        except OSError as e:
            self._error = BulkWriteError(f"store {self.store.location}: bulk writing failed: {e}; the "
                                         "documents of that batch were not stored: run the build again")
        except BaseException as e:  # noqa: BLE001 - handed to the caller's thread, never lost with this one
            self._error = e

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        # On an error the queued batch is dropped, not written: its documents have no key and are rebuilt next
        # time. The batch already in flight is complete and is let finish.
        if exc_type is None:
            self.flush()
        elif self._in_flight is not None:
            self._in_flight.join()


def _with_union(triples: list[ox.Triple], name: ox.NamedNode) -> list[ox.Quad]:
    """Each triple in the document's graph and in the union (the default graph)."""
    default = ox.DefaultGraph()
    return ([ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
            + [ox.Quad(t.subject, t.predicate, t.object, default) for t in triples])


def canonical_hash(store) -> str:
    """SHA-256 of the union graph as sorted N-Triples lines: equal hashes mean equal graphs.

    kg mints no blank nodes, so no canonical relabelling is needed; the hash is the same for an embedded and a
    remote store holding the same triples.
    """
    import hashlib

    triples = store.triples()
    if not isinstance(store, EmbeddedStore):
        # Oxigraph keeps literals in canonical form ("05"^^xsd:nonNegativeInteger is "5"^^xsd:integer); a server
        # that keeps them as written (Virtuoso) holds the same values: compare them in Oxigraph's form.
        canonical = ox.Store()
        canonical.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        triples = [quad.triple for quad in canonical]
    lines = sorted({f"{t.subject} {t.predicate} {t.object} .\n" for t in triples})
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()


def remove_document_by_name(store, name: str) -> bool:
    """Remove the graph of the stored document with file name ``name`` from any kg store; False if absent."""
    for doc in store.documents():
        if doc.name == name:
            return store.remove_graph(doc.graph)
    return False


REWRITE_SHARE = 0.25
"""``kg remove`` rewrites an embedded store once removed documents left at least this share of its folder dead."""


def remove_documents(store, names: Iterable[str], *, compact: bool = True) -> list[str]:
    """Remove the stored documents with these file names and give back their space; return the names not stored.

    Only a rewrite (``EmbeddedStore.compact(rewrite=True)``) frees the disk space of removed text, and it copies
    the whole store: worth it when the removed documents are a sizeable part of the folder (a long feature taken
    out of a small store), not for one article out of a million triples. So with ``compact`` an embedded store
    is rewritten once the space its removals left behind (``reclaimable_bytes``, counted across commands) reaches
    ``REWRITE_SHARE`` of its folder; below that, ``kg compact`` gives it back on demand. A SPARQL server manages
    its own storage.
    """
    names = list(names)
    embedded = isinstance(store, EmbeddedStore)
    missing = []
    freed = 0
    stored = {document.name: document for document in store.documents()}  # one listing, not one per name
    for name in names:
        document = stored.pop(Path(name).name, None)  # popped: a name given twice is missing the second time
        if document is None:
            missing.append(name)
            continue
        if embedded:
            freed += store.graph_bytes(document.graph)
        store.remove_graph(document.graph)
    if embedded and freed:
        pending = store.add_reclaimable_bytes(freed)
        if compact and pending >= REWRITE_SHARE * folder_size(store.path):
            store.compact(rewrite=True)
    return missing


def compact_store(store: Store) -> tuple[int, int]:
    """``kg compact``: rewrite an embedded store (see ``EmbeddedStore.compact``); its size before and after, in bytes."""
    if not isinstance(store, EmbeddedStore):
        raise StoreError(f"{store.location} is a SPARQL server, which manages its own storage; kg compact works "
                         "on an embedded store folder")
    before = folder_size(store.path)
    store.compact(rewrite=True)
    return before, folder_size(store.path)


def folder_size(path: str | Path) -> int:
    """Bytes of the files in a store folder.

    RocksDB deletes files in the background (compaction, old logs) while an open store's folder is listed: a
    file listed but gone by the time it is measured holds no bytes any more.
    """
    total = 0
    for entry in os.scandir(path):
        try:
            if entry.is_file():
                total += entry.stat().st_size
        except FileNotFoundError:
            continue
    return total


CLASS_COUNTS = ("SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } "
                "GROUP BY ?class ORDER BY DESC(?n) ?class")


def class_counts(store) -> list[tuple[ox.NamedNode, int]]:
    """Nodes per class in the union graph, most frequent first (``kg info``)."""
    return [(row["class"], int(row["n"].value)) for row in store.query(CLASS_COUNTS, label="class counts")]


def open_store(location: str | Path | None = None, *, read_only: bool = False, federation: Iterable[str] = ()):
    """Open the store at ``location``: a folder (embedded Oxigraph) or an ``http(s)://`` SPARQL endpoint.

    ``None`` opens the default store (``$KG_STORE``, else ``~/.local/share/kg/store``). A folder this process
    already holds gives a store sharing its handle; ``read_only`` writes nothing into the folder.
    ``federation``: the endpoints SERVICE (and FROM) may name in this store's queries; by default none, so a
    query can never make the process send a request elsewhere (``kg.guard``).

    >>> reader = open_store(store.location, read_only=True)    # ``store`` holds the bundled Thorn article
    >>> [document.name for document in reader.documents()]
    ['thorn-kutcher.txt']
    >>> reader.close()
    """
    from .paths import default_store_path

    if location is None:
        location = default_store_path()
    if isinstance(location, str) and location.startswith(("http://", "https://")):
        from .remote import RemoteStore

        return RemoteStore(location, read_only=read_only, federation=federation)
    return EmbeddedStore(location, read_only=read_only, federation=federation)


def serialize_triples(triples, fmt: str) -> bytes:
    """CONSTRUCT/DESCRIBE results as Turtle or N-Triples."""
    from .convert import ox_triples_to_rdflib, serialize_graph

    return serialize_graph(ox_triples_to_rdflib(triples), fmt)


def graph_from_file(path: str | Path) -> ox.Store:
    """Load an RDF file into an in-memory Oxigraph store for ``kg query --graph``; format from the extension."""
    path = Path(path)
    fmt = RDF_FORMATS.get(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise StoreError(f"{path}: cannot tell the RDF format from the extension {path.suffix!r}; "
                         f"use one of: {', '.join('.' + k for k in RDF_FORMATS)}")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise StoreError(f"{path}: cannot be read ({e.strerror or e})") from e
    if fmt == ox.RdfFormat.RDF_XML and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
        raise StoreError(f"{path}: RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity expansion "
                         "can exhaust memory); remove the declarations")
    store = ox.Store()
    try:
        store.load(data, format=fmt, base_iri=data_base_iri())
    except SyntaxError as e:
        raise StoreError(f"{path}: not valid {path.suffix.lstrip('.')} ({e}); fix the file at that position") from e
    return store


class _InMemory(EmbeddedStore):
    """A store over an already loaded in-memory Oxigraph store (``--graph FILE``)."""

    _union = True  # a TriG or N-Quads file's named graphs are queried too; kg keeps no union there

    def __init__(self, store: ox.Store, label: str, *, federation: Iterable[str] = ()):
        self.path = Path(label)
        self.read_only = True
        self.federation = tuple(federation)
        self._handle = _Handle(None, store, writable=False)
        self._handle.users = 1

    def _query_source(self) -> tuple[str, str]:
        return "file", str(self.path)


def file_store(path: str | Path, *, federation: Iterable[str] = ()) -> EmbeddedStore:
    """An RDF file loaded into memory as a read-only store (``kg query --graph FILE``)."""
    return _InMemory(graph_from_file(path), str(path), federation=federation)
