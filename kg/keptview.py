"""The networkx view a writer keeps: each document graph's share of it, kept beside the store as it is written.

Reading a million triples back from Oxigraph costs seconds of term lookups before Python sees a value
(docs/stores.md). But kg's writer already holds every triple it writes, as the N-Quads text of one document
graph: so as it writes a document it also keeps that graph's statements in the form the view is assembled
from (``kg.network._Collected``: classes, literal values by predicate and subject, objects by predicate and
subject), spans left out (they fold into ``evidence``, rebuilt from their IRIs and the documents' text), in
a *part*: a file in ``<store>.views/kept/`` named by the SHA-256 of its content. A *state* file names, for one
generation of the store (``EmbeddedStore.generation``), the part of every document graph. The view of that
generation is then the parts merged and assembled by the same code as a view read from the store
(``kg.network._assemble``): the same nodes, attributes and edges, whatever number of documents state a node.

What keeps the parts equal to the store (``Keeper``, held by the writing process's store handle):
- A document written by kg (a new graph, a replaced graph, a bulk batch) has its part saved before the
  write and recorded once the write is committed; a removed graph's part is dropped; kg's bookkeeping
  writes (source records, removed bytes) change nothing in the view.
- Any other write (a SPARQL update through ``kg serve --allow-update``, the pyoxigraph store handed out by
  ``EmbeddedStore.oxigraph``, a failed write, a union repair after a crash) makes the process keep nothing
  more: no state is written for any later generation, so those views are read from the store.
- A state is written only when a new generation token is made (no write in flight): the token names
  exactly the content the parts were recorded for. A crash loses the token (``generation``), and a write
  without kg (another pyoxigraph session) makes kg drop it, so no state can be found for what follows.
- A writer that opens a store finds the state of the store's token (and keeps on from it), or an empty
  store (and starts one), or keeps nothing.

Readers take a state for their own generation (a reader of an older snapshot finds the state of its
token while the writer keeps it: the last ``KEEP_STATES``), check every part's digest and that the state was
written by the same code and libraries (``_code_digest``), and build the view from the store on any doubt.
Nothing here raises: what cannot be kept or read means a view read from the store.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
import sys
from functools import lru_cache
from itertools import chain, compress, groupby
from operator import itemgetter, methodcaller, not_
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .viewcache import views_dir, write_atomically

if TYPE_CHECKING:
    from .network import _Collected

__all__ = ["KEEP_STATES", "Keeper", "Part", "derive_part", "kept_dir", "kept_statements"]

FORMAT = b"kg-kept-part 1"
"""The first line of every part; a change of layout changes it (and the state files' ``format``)."""
KEEP_STATES = 3
"""States of earlier generations kept beside the current one (for readers of older snapshots)."""
_STATE_FORMAT = 1
_PART_SUFFIX = ".part"


def kept_dir(store_path: str | Path) -> Path:
    return views_dir(store_path) / "kept"


class Part(NamedTuple):
    """One document graph's share of the view: its statements pickled, and their digest (the file's name)."""

    graph: str
    digest: str
    payload: bytes


# --- deriving a document's part ----------------------------------------------------------------------------

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


class _Values:
    """Literal tokens (N-Triples syntax) to the view's Python values, by ``kg.network._LiteralValues``: the
    conversion a view read from the store makes. Typed tokens repeat (years, confidences): converted once,
    the cache cleared when it grows past ``limit``."""

    def __init__(self, limit: int = 200_000):
        from .network import _LiteralValues

        self.make = _LiteralValues
        self.values = _LiteralValues()
        self.limit = limit

    def column(self, tokens: list[str]) -> list:
        if len(self.values.from_tsv) > self.limit:
            self.values = self.make()
        return self.values.of_tsv_column(tokens)


_VALUES: _Values | None = None


def derive_part(graph_name: str, *, nquads: bytes | None = None, ntriples: str | None = None) -> Part | None:
    """The part of one document graph, from its ``kg.store.document_nquads`` text (each triple in the graph,
    then in the union; its terms as they were written when it is a ``kg.store.DocumentNQuads``) or from its
    triples as N-Triples text; None when it cannot be kept (blank nodes, triple terms, a class that is not
    an IRI, a value the view cache cannot hold, text not in that form)."""
    try:
        if nquads is not None:
            terms = getattr(nquads, "terms", None)
            if terms is None:
                terms = _terms_of_nquads(nquads.decode("utf-8"), graph_name)
        else:
            terms = _terms_of_ntriples(ntriples)
        statements = None if terms is None else _statements(terms)
        if statements is None:
            return None
        from .viewcache import _ViewPickler

        buffer = io.BytesIO()
        _ViewPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(statements)
    except Exception:  # noqa: BLE001 - anything not keepable is read from the store instead
        return None
    payload = buffer.getvalue()
    return Part(graph_name, hashlib.sha256(payload).hexdigest(), payload)


_split_terms = methodcaller("split", " ", 2)


def _terms_of_nquads(text: str, graph_name: str) -> list[tuple[str, str, str]] | None:
    """Each statement's subject, predicate and object as N-Triples terms, from ``document_nquads`` text, which
    writes ``s p o <graph> .`` then ``s p o .`` for every triple; None for any other text."""
    lines = text.split("\n")
    if len(lines) % 2 != 1 or lines[-1]:
        return None
    in_graph = lines[0:-1:2]
    suffix = f" <{graph_name}> ."
    if not all(map(methodcaller("endswith", suffix), in_graph)):
        return None
    cut = -len(suffix)
    return [(s, p, o[:cut]) for s, p, o in map(_split_terms, in_graph)]


def _terms_of_ntriples(text: str) -> list[tuple[str, str, str]] | None:
    lines = text.split("\n")
    if lines[-1] or not all(map(methodcaller("endswith", " ."), lines[:-1])):
        return None
    return [(s, p, o[:-2]) for s, p, o in map(_split_terms, lines[:-1])]


def _statements(terms: list[tuple[str, str, str]]) -> tuple | None:
    """``(classes, literals, objects, resources)`` of a document's statements, spans left out (see module
    doc). Most of the work is done by maps and dictionary lookups run in C: this runs for every document a
    build writes."""
    from .network import _EVIDENCE, _TEXT_SPAN, _ConvertedOnce, _grouped

    global _VALUES
    if _VALUES is None:
        _VALUES = _Values()
    subjects_seen = set(map(_first, terms))
    if any(subject[0] != "<" or subject[1] == "<" for subject in subjects_seen):
        return None  # blank nodes (Oxigraph may rename them) or triple terms
    # Spans are "DOCUMENT#char=B,E": their statements are left out here, and checked to be evidence below.
    span_subjects = {subject for subject in subjects_seen if "#char=" in subject}
    found = list(compress(terms, map(not_, map(span_subjects.__contains__, map(_first, terms))))) \
        if span_subjects else list(terms)
    found.sort(key=_second)
    node_ids = _ConvertedOnce(_node_id)
    resources = set(map(node_ids.__getitem__, subjects_seen - span_subjects))
    classes: dict = {}
    literals: dict[str, dict] = {}
    objects: dict[str, dict] = {}
    spans: set[str] = set()
    for predicate, group in groupby(found, key=_second):
        subjects, _, tokens = zip(*group, strict=True)
        ids = list(map(node_ids.__getitem__, subjects))
        kinds = set(map(_first_character, tokens))
        if kinds == {"<"}:
            if any(map(_starts_a_triple_term, tokens)):
                return None
            targets = list(map(node_ids.__getitem__, tokens))
            if predicate == _RDF_TYPE:
                classes = _grouped(ids, targets)
                continue
            resources.update(targets)
            name = _intern(predicate[1:-1])
            objects[name] = _grouped(ids, targets)
            if name == _EVIDENCE:
                spans.update(tokens)
        elif predicate != _RDF_TYPE and "<" not in kinds and "_" not in kinds:
            literals[_intern(predicate[1:-1])] = _grouped(ids, _VALUES.column(list(tokens)))
        else:
            return None  # a class that is no IRI; resources and literals, or blank nodes, under one predicate
    if not span_subjects <= spans or any(_TEXT_SPAN in found for found in classes.values()):
        return None  # a "#char=" subject that is no evidence, a span that is not: read from the store
    return classes, literals, objects, sorted(resources)


_first, _second, _first_character = itemgetter(0), itemgetter(1), itemgetter(0)
_starts_a_triple_term = methodcaller("startswith", "<<")
_intern = sys.intern


def _node_id(token: str) -> str:
    return _intern(token[1:-1])


# --- the writer's side -------------------------------------------------------------------------------------


class Keeper:
    """The parts of a store open for writing: which part each document graph has, while that is known.

    ``documents`` is None once a write kg cannot follow was made (or the store was opened without a state for
    its content): nothing more is kept until the store is next opened with one.
    """

    def __init__(self, store_path: str | Path, documents: dict[str, str] | None):
        self.folder = kept_dir(store_path)
        self.documents = documents
        """Document graph -> digest of its part."""
        self.saved: set[str] = set()
        """Parts saved by this process: never pruned while it runs (some may be waiting for their write)."""

    @classmethod
    def open(cls, store_path: str | Path, generation: str | None, *, empty: bool) -> Keeper:
        """The keeper of a store opened for writing, at ``generation``; ``empty``: it holds no triple at all."""
        documents = None
        if generation is not None:
            documents = _read_state(kept_dir(store_path), generation)
            if documents is None and empty:
                documents = {}
        keeper = cls(store_path, documents)
        if documents is not None and generation is not None:
            keeper.sealed(generation)
        return keeper

    @property
    def keeping(self) -> bool:
        return self.documents is not None

    def stop(self) -> None:
        """A write kg cannot follow: keep nothing more in this process."""
        self.documents = None

    def save(self, part: Part | None) -> bool:
        """Save a part (before its document is written); False if it cannot be."""
        if part is None or self.documents is None:
            return False
        path = self.folder / (part.digest + _PART_SUFFIX)
        if part.digest in self.saved:
            return True
        self.saved.add(part.digest)  # before the file exists: a seal in another thread never prunes it
        if not path.exists() and not write_atomically(path, (FORMAT + b"\n", part.payload)):
            self.saved.discard(part.digest)
            return False
        return True

    def written(self, graph: str, part: Part | None) -> None:
        """A document graph was written (committed): its part is ``part`` (saved), or nothing is kept."""
        if self.documents is None:
            return
        if part is None or part.digest not in self.saved:
            self.stop()
        else:
            self.documents[graph] = part.digest

    def removed(self, graph: str) -> None:
        if self.documents is not None:
            self.documents.pop(graph, None)

    def sealed(self, generation: str) -> None:
        """A new generation token was made: record the parts of its content, and prune old states and parts."""
        if self.documents is None:
            return
        state = json.dumps({"format": _STATE_FORMAT, "generation": generation, "code": _code_digest(),
                            "documents": self.documents}, sort_keys=True).encode()
        if not write_atomically(self.folder / f"state-{generation}.json", (state,)):
            self.stop()
            return
        self._prune(generation)

    def _prune(self, generation: str) -> None:
        states, parts = [], []
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                with contextlib.suppress(OSError):
                    if entry.name.startswith("state-") and entry.name != f"state-{generation}.json":
                        states.append((entry.stat().st_mtime, entry.path))
                    elif entry.name.endswith(_PART_SUFFIX):
                        parts.append(entry)
                    elif entry.name.startswith(".tmp-") and entry.stat().st_mtime < _an_hour_ago():
                        os.unlink(entry.path)
        states.sort(reverse=True)
        for _, path in states[KEEP_STATES:]:
            with contextlib.suppress(OSError):
                os.unlink(path)
        referenced = set(self.documents.values()) | self.saved
        for _, path in states[:KEEP_STATES]:
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                referenced.update(json.loads(Path(path).read_bytes())["documents"].values())
        for entry in parts:
            if entry.name[:-len(_PART_SUFFIX)] not in referenced:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _an_hour_ago() -> float:
    import time

    return time.time() - 3600.0


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What shapes a part besides the store: the code that derives it and converts its values, and the versions
    of the libraries that convert them. Parts another version made are not used."""
    import pyoxigraph
    import rdflib

    digest = hashlib.sha256(FORMAT)
    here = Path(__file__).parent
    for source in (here / "keptview.py", here / "network.py", here / "convert.py", here / "namespaces.py"):
        digest.update(source.read_bytes() if source.exists() else b"absent")
        digest.update(b"\0")
    digest.update(f"{rdflib.__version__} {pyoxigraph.__version__} {sys.version.split()[0]}".encode())
    return digest.hexdigest()


def _read_state(folder: Path, generation: str) -> dict[str, str] | None:
    try:
        state = json.loads((folder / f"state-{generation}.json").read_bytes())
    except (OSError, ValueError):
        return None
    if (not isinstance(state, dict) or state.get("format") != _STATE_FORMAT or state.get("generation") != generation
            or state.get("code") != _code_digest() or not isinstance(state.get("documents"), dict)):
        return None  # not this generation's, or parts another kg (or rdflib, pyoxigraph) made
    documents = state["documents"]
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in documents.items()):
        return None
    return documents


# --- the reader's side -------------------------------------------------------------------------------------


def kept_statements(store_path: str | Path, generation: str) -> _Collected | None:
    """The statements of the store at ``generation`` from the parts its writer kept, spans' evidence
    included; None when there is no state for it or any part is missing or not whole."""
    from .network import _EVIDENCE, _Collected, _evidence_from_iris
    from .viewcache import _ViewUnpickler

    folder = kept_dir(store_path)
    documents = _read_state(folder, generation)
    if documents is None:
        return None
    found = _Collected()
    classes, literals, objects, resources = found.classes, found.literals, found.objects, found.resources
    header = FORMAT + b"\n"
    for digest in documents.values():
        try:
            data = (folder / (digest + _PART_SUFFIX)).read_bytes()
        except OSError:
            return None
        payload = memoryview(data)[len(header):]
        if not data.startswith(header) or hashlib.sha256(payload).hexdigest() != digest:
            return None
        try:
            part = _ViewUnpickler(io.BytesIO(payload)).load()
        except Exception:  # noqa: BLE001 - a part that does not load: the view is read from the store
            return None
        if not _shaped_as_a_part(part):
            return None  # its digest holds, so someone wrote it by hand: not what kg's writer keeps
        part_classes, part_literals, part_objects, part_resources = part
        _merge(classes, part_classes)
        for predicate, column in part_literals.items():
            _merge(literals.setdefault(predicate, {}), column)
        for predicate, column in part_objects.items():
            _merge(objects.setdefault(predicate, {}), column)
        resources.update(part_resources)
    spans = list(set(chain.from_iterable(objects.get(_EVIDENCE, {}).values())))
    found.span_evidence = _evidence_from_iris(found, spans)
    if found.span_evidence is None:
        return None
    return found


def _shaped_as_a_part(part) -> bool:
    """``(classes, literals, objects, resources)`` as ``_statements`` makes them, down to the sequences of
    values (checked in C: 35-60 ms for the 2,000 parts of a million triples); the values themselves are the
    unpickler's plain data."""
    if type(part) is not tuple or len(part) != 4:
        return False
    classes, literals, objects, resources = part
    if {type(classes), type(literals), type(objects)} != {dict} or type(resources) is not list:
        return False
    columns = [classes, *literals.values(), *objects.values()]
    if not set(map(type, columns)) <= {dict}:
        return False
    return set(map(type, chain.from_iterable(map(dict.values, columns)))) <= {tuple, list}


def _merge(into: dict, column: dict) -> None:
    """Add one part's values by node to the merged column: most nodes are a single document's.

    A node many documents state (a person in 500 articles) has its list extended in place, not copied for
    each part: copying made the merge quadratic in the number of documents stating a node. Every list here
    is the merge's own (made by the unpickler for this merge, or below), so extending it changes no part.
    """
    common = into.keys() & column.keys()
    if common:
        for node in common:
            found = into[node]
            if type(found) is list:
                found.extend(column[node])
                column[node] = found
            else:
                column[node] = [*found, *column[node]]
    into.update(column)
