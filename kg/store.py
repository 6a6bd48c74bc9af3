"""The store: where built graphs live, one named graph per document, and where queries run.

The default is an embedded, persistent Oxigraph store in a folder (``kg.paths.default_store_path``). Each
document is written in one atomic transaction together with its build key (hash of its text and facts), so
an unchanged document is skipped, a changed one replaces its own graph, and an interrupted build loses at most
the document in flight. Queries see the union of all document graphs. The rdflib view (through oxrdflib) is
offered for notebook users; the hot paths (load, query, export) use pyoxigraph directly.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError, StoreError, StoreInUseError
from .namespaces import KG, data_base_iri

__all__ = ["EmbeddedStore", "open_store", "StoredDocument", "to_ox_quads", "graph_from_file", "RDF_FORMATS"]

_BUILD_KEY = ox.NamedNode(str(KG.buildKey))
_FILE_NAME = ox.NamedNode(str(KG.fileName))

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
    return [ox.Quad(_to_ox_term(s), _to_ox_term(p), _to_ox_term(o), name) for s, p, o in graph]


def _open_error(path: Path, error: OSError) -> StoreError:
    message = str(error)
    if "LOCK" in message or "lock" in message:
        return StoreInUseError(f"store {path} is in use by another process (a running kg build or kg serve); "
                               "wait for it to finish, or use another --store")
    return StoreError(f"store {path} cannot be opened: {message}")


class EmbeddedStore:
    """An Oxigraph store in a folder; open read-write for building, read-only for querying."""

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        try:
            if read_only:
                if not self.path.exists():
                    raise StoreError(f"store {self.path} does not exist yet; run kg build first "
                                     "(or give --store LOCATION)")
                self._store = self._open_for_reading()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as e:
            raise _open_error(self.path, e) from e

    def _open_for_reading(self) -> ox.Store:
        try:
            return ox.Store(str(self.path))
        except OSError as e:
            if "LOCK" not in str(e):
                raise
            # A writer holds the lock (kg build or kg serve): read its last committed state instead.
            return ox.Store.read_only(str(self.path))

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def oxigraph(self) -> ox.Store:
        return self._store

    # --- documents -------------------------------------------------------------------------------------

    def documents(self) -> list[StoredDocument]:
        found = self._store.query(
            f"SELECT ?g ?name ?key WHERE {{ GRAPH ?g {{ ?doc {_FILE_NAME} ?name "
            f"OPTIONAL {{ ?doc {_BUILD_KEY} ?key }} }} }}")
        return sorted(StoredDocument(r["name"].value, r["g"].value, r["key"].value if r["key"] else None)
                      for r in found)

    def build_key(self, graph_name: str) -> str | None:
        for quad in self._store.quads_for_pattern(None, _BUILD_KEY, None, ox.NamedNode(graph_name)):
            return quad.object.value
        return None

    def replace_graph(self, graph_name: str, quads: Iterable[ox.Quad]) -> None:
        """Replace one document's named graph atomically: old and new never coexist, nothing is half-written."""
        name = ox.NamedNode(graph_name)
        payload = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        try:
            self._store.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{payload}\n}} }}")
        except OSError as e:
            raise StoreError(f"store {self.path}: writing {graph_name} failed: {e}") from e

    def remove_document(self, name: str) -> bool:
        """Retract every fact of the document with this file name; False when it is not stored."""
        for doc in self.documents():
            if doc.name == name:
                return self.remove_graph(doc.graph)
        return False

    def remove_graph(self, graph_name: str) -> bool:
        name = ox.NamedNode(graph_name)
        if not self._store.contains_named_graph(name):
            return False
        self._store.remove_graph(name)
        return True

    # --- reading ---------------------------------------------------------------------------------------

    def query(self, text: str, *, params=None, label: str = "query"):
        """Run a checked query over the union of all graphs; ``params`` are bound as RDF terms."""
        from .sparql import bind_params

        try:
            return self._store.query(bind_params(text, params or {}), use_default_graph_as_union=True)
        except SyntaxError as e:
            from .sparql import format_syntax_error

            raise format_syntax_error(e, label) from e
        except OSError as e:
            raise QueryError(f"{label}: the store could not answer: {e}") from e

    def triples(self):
        """Every distinct triple of the union graph, as pyoxigraph triples (graph names dropped)."""
        return self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)

    def count(self) -> int:
        result = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
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
        return ox_triples_to_rdflib(
            self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph=graphs))

    def dataset(self):
        """An rdflib Dataset over this store through oxrdflib, for code that speaks the rdflib API."""
        from rdflib import Dataset

        from oxrdflib import OxigraphStore

        return Dataset(store=OxigraphStore(store=self._store), default_union=True)

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        del self._store

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_store(location: str | Path | None = None, *, read_only: bool = False):
    """Open the store at ``location``: a folder (embedded Oxigraph) or an ``http(s)://`` SPARQL endpoint."""
    from .paths import default_store_path

    if location is None:
        location = default_store_path()
    if isinstance(location, str) and location.startswith(("http://", "https://")):
        from .remote import RemoteStore

        return RemoteStore(location, read_only=read_only)
    return EmbeddedStore(location, read_only=read_only)


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

    def __init__(self, store: ox.Store, label: str):
        self.path = Path(label)
        self.read_only = True
        self._store = store

    def close(self) -> None:
        del self._store


def file_store(path: str | Path) -> EmbeddedStore:
    return _InMemory(graph_from_file(path), str(path))
