"""Ingest: documents on disk into a store, one document per transaction, skipping what has not changed.

A document's build key hashes its text, its curation file (or the extractor's version) and the base IRI,
plus the cross-document merges applied to it; when the stored key matches, the document is skipped. A failing
document is reported and the others go on. The key is stored inside the document's graph and written with
it, so a build cut short loses at most the document (or bulk batch) in flight and the next build redoes it.

Entities across documents: IRIs are minted from canonical names, so the same name in two documents is one
node with each document's mentions as evidence (rule ``same-name``, by construction). One more rule maps a
document's entity onto another document's entity when its name is that entity's declared alias and nothing
else (rule ``alias-of-named-entity``); each such merge is recorded as a ``kg:EntityMerge`` node in the
merged document's graph and is undone by rebuilding with the rule off (``merge_aliases=False``) or with the
name listed in ``no_merge`` (docs/stores.md, "Entities across documents").
"""

import contextlib
import hashlib
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from . import __version__
from .build import BUILDER_VERSION
from .documents import DEFAULT_MAX_CHARS, curation_path, read_document, scan_sources, slugify
from .errors import DocumentError, KgError
from .namespaces import KG, Minter, data_base_iri
from .store import BulkWriteError, Store

COMPACT_AFTER_QUADS = 500_000
"""A build that wrote this many quads (a thousand articles or so) compacts the embedded store at its end:
queries over the new data then run as fast as over a store loaded in one go (``EmbeddedStore.compact``)."""

__all__ = ["MERGE_RULE", "BuildReport", "EntityMerge", "build_documents", "build_key"]

MERGE_RULE = "alias-of-named-entity"
"""The one rule that maps an entity to a node with another name; recorded on every merge it makes."""


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    """Named graphs of every document given (built or skipped), in order."""
    warnings: list[str] = field(default_factory=list)
    merges: list["EntityMerge"] = field(default_factory=list)
    """Cross-document merges applied to the documents built by this run."""
    ignored: list[str] = field(default_factory=list)
    """Files in the given folders that are not documents (neither .txt nor .html), left out."""
    words: int = 0
    """Words of the extracted documents written so far (for words per second)."""
    seconds: dict[str, float] = field(default_factory=lambda: {"extract": 0.0, "build": 0.0, "write": 0.0})
    """Time spent per stage: extraction and building summed over every process that did them (so more than the
    wall time with several workers), writing in this process."""
    workers: dict[str, float] = field(default_factory=dict)
    """Peak resident memory (MB) of each extraction worker process, by host and process id."""
    model_loads: dict[str, int] = field(default_factory=dict)
    """How many times each extraction worker process loaded the spaCy model (once each, when all is well)."""
    worker_cpu: dict[str, float] = field(default_factory=dict)
    """Processor seconds each extraction worker process spent on the documents of this build."""
    engine: str = "this process"
    """Where extraction ran (this process, N worker processes, or a Dask scheduler's address)."""

    def summary(self) -> str:
        parts = [f"{len(self.built)} built", f"{len(self.skipped)} unchanged"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.merges:
            parts.append(f"{len(self.merges)} entities merged by alias")
        if self.ignored:
            shown = ", ".join(self.ignored[:5]) + (f" and {len(self.ignored) - 5} more" if len(self.ignored) > 5 else "")
            parts.append(f"{len(self.ignored)} other file{'s' if len(self.ignored) > 1 else ''} left out "
                         f"(not .txt or .html: {shown})")
        return ", ".join(parts)


@dataclass(frozen=True)
class EntityMerge:
    """One document's entity mapped onto the node of another name, and why."""

    document: str
    """File name of the document whose entity was merged."""
    entity: str
    """The entity's id in that document's facts."""
    name: str
    """The name the document gives it."""
    into: str
    """The canonical name it was merged into (its node is minted from this name)."""
    declared_by: tuple[str, ...]
    """Document IRIs whose facts declare ``name`` as an alias of ``into``."""
    rule: str = MERGE_RULE


def _extractor_version() -> str:
    from .extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def build_key(document_sha256: str, curation: Path | None, *, base: str,
              merges: Collection[EntityMerge] = (), metadata: str = "", min_confidence: float = 0.0) -> str:
    """What a document's graph depends on; equal keys mean an identical graph.

    Without merges this is the hex digest of the text, facts and builder; merges add ``+`` and their digest,
    so a build can tell "same input, other merges" (rebuild) from "same input" (skip) without extracting.
    """
    digest = hashlib.sha256()
    digest.update(f"kg {__version__} builder {BUILDER_VERSION}\nbase {base}\ntext {document_sha256}\n".encode())
    if metadata:  # a saved web page's title, date, authors...: in the graph, and the date dates events
        digest.update(f"metadata {metadata}\n".encode())
    if curation is not None and curation.exists():
        digest.update(b"curated\n" + curation.read_bytes())
    else:
        digest.update(f"extracted {_extractor_version()}\n".encode())
        if min_confidence > 0:  # a threshold keeps other facts: another graph
            digest.update(f"min-confidence {min_confidence}\n".encode())
    key = digest.hexdigest()
    if merges:
        merged = hashlib.sha256()
        for merge in sorted(merges, key=lambda m: (m.entity, m.name)):
            merged.update(f"{merge.rule}\t{merge.entity}\t{merge.name}\t{merge.into}\t"
                          f"{' '.join(merge.declared_by)}\n".encode())
        key += "+" + merged.hexdigest()
    return key


def _kind(entity_type: str) -> str:
    return "person" if entity_type == "Person" else "organization"


class _Names:
    """Canonical names and declared aliases of entities, by the document that states them."""

    def __init__(self):
        # (kind, slug) -> documents that use it as a canonical name
        self.canonical: dict[tuple[str, str], set[str]] = {}
        # (kind, alias slug) -> {(canonical slug, canonical name, document)}
        self.aliases: dict[tuple[str, str], set[tuple[str, str, str]]] = {}

    def add(self, document: str, kind: str, name: str, aliases: Collection[str]) -> None:
        slug = slugify(name)
        self.canonical.setdefault((kind, slug), set()).add(document)
        for alias in aliases:
            if slugify(alias) != slug:
                self.aliases.setdefault((kind, slugify(alias)), set()).add((slug, name, document))

    def add_facts(self, document: str, facts) -> None:
        for entity in facts.entities:
            self.add(document, _kind(entity.type), entity.name, entity.aliases)

    def add_store(self, store, *, skip_graphs: set[str], base: str) -> None:
        """Names and aliases stated by the stored documents outside this build."""
        rows = store.query(
            "PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
            "SELECT ?g ?doc ?e ?name ?alias WHERE { GRAPH ?g { ?doc kg:fileName ?file . ?e kg:name ?name "
            "OPTIONAL { ?e kg:alias ?alias } } }", label="entity names")
        stated: dict[tuple[str, str, str, str], set[str]] = {}
        for row in rows:
            if row["g"].value in skip_graphs:
                continue
            entity = row["e"].value
            if entity.startswith(base + "person/"):
                kind = "person"
            elif entity.startswith(base + "organization/"):
                kind = "organization"
            else:
                continue
            aliases = stated.setdefault((row["doc"].value, kind, entity, row["name"].value), set())
            if row["alias"] is not None:
                aliases.add(row["alias"].value)
        for (document, kind, _entity, name), aliases in stated.items():
            self.add(document, kind, name, aliases)

    def resolve(self, document: str, facts, *, no_merge: Collection[str] = ()) -> list[EntityMerge]:
        """The merges the alias rule makes for one document's entities (never against its own statements)."""
        merges = []
        refused = {slugify(name) for name in no_merge}
        for entity in facts.entities:
            kind, slug = _kind(entity.type), slugify(entity.name)
            if self.canonical.get((kind, slug), set()) - {document}:
                continue  # another document uses this very name: same-name identity, not a merge
            targets = {(c_slug, c_name, doc) for c_slug, c_name, doc in self.aliases.get((kind, slug), ())
                       if doc != document}
            slugs = {c_slug for c_slug, _, _ in targets}
            if len(slugs) != 1 or slug in refused or next(iter(slugs)) in refused:
                continue  # unknown, ambiguous (an alias of several entities) or refused by the user
            merges.append(EntityMerge(
                document=facts.document, entity=entity.id, name=entity.name,
                into=min(c_name for _, c_name, _ in targets),
                declared_by=tuple(sorted({doc for _, _, doc in targets}))))
        return merges


def _apply_merges(facts, merges: list[EntityMerge]):
    """The facts with each merged entity renamed to the name of the node it joins."""
    if not merges:
        return facts
    into = {merge.entity: merge.into for merge in merges}
    entities = [replace(e, name=into[e.id]) if e.id in into else e for e in facts.entities]
    return replace(facts, entities=entities)


def _merge_triples(minter: Minter, facts, merges: list[EntityMerge]) -> list[tuple]:
    """A ``kg:EntityMerge`` node per merge, for the merged document's own graph (removed with it)."""
    from rdflib import RDF, RDFS, Literal, URIRef

    triples: list[tuple] = []
    add = triples.append
    for merge in merges:
        entity = facts.entity(merge.entity)
        node = URIRef(f"{minter.base}merge/{minter.doc_slug}/{slugify(merge.entity)}")
        # Superclass asserted too, as the builder does for facts, so plain SPARQL finds it among kg:Fact.
        add((node, RDF.type, KG.EntityMerge))
        add((node, RDF.type, KG.Fact))
        add((node, KG.confidence, Literal(Decimal("1.0"))))  # a deterministic rule, not a guess
        add((node, RDFS.label, Literal(f"{merge.name} merged into {merge.into} ({merge.rule})")))
        add((node, KG.rule, Literal(merge.rule)))
        add((node, KG.method, Literal(f"rule:{merge.rule}")))
        add((node, KG.mergedName, Literal(merge.name)))
        add((node, KG.mergedInto, minter.entity(entity.type, merge.into)))
        for document in merge.declared_by:
            add((node, KG.aliasDeclaredBy, URIRef(document)))
        for span in entity.mentions:
            add((node, KG.evidence, minter.span(span.begin, span.end)))
    return triples


@dataclass
class _Item:
    index: int
    path: Path
    document: object
    graph_name: str
    minter: Minter
    curated: Path | None
    facts: object | None
    base_key: str
    stored_graph: bool = False
    """The store holds a graph of this name (with or without a build key), as read before any write."""


def build_documents(
    sources: list[str | Path],
    store: Store,
    *,
    encoding: str | None = None,
    force: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    bulk: bool = False,
    merge_aliases: bool = True,
    no_merge: Collection[str] = (),
    replace: bool = False,
    jobs: int | None = None,
    scheduler=None,
    report: BuildReport | None = None,
    min_confidence: float = 0.0,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> BuildReport:
    """Read, extract (or take curated facts), build and store each document; never stop at one failure.

    ``bulk``: write new documents through the store's bulk loader when it has one (much faster for a first
    load; a crash loses the batch in flight instead of one document, and the next build redoes it).
    ``merge_aliases``: apply the alias rule across documents; ``no_merge``: names never merged by it.
    ``replace``: a file whose name is that of a stored document built from another file (with another text)
    replaces it; without it such a file is refused, since a file name is a document's identity in the store.
    ``jobs``: extraction processes on this machine (default: one per core, but one alone when little is to
    be extracted); ``scheduler``: extract on a Dask cluster instead (``tcp://host:8786`` or a
    ``distributed.Client``). Either way this process alone writes, and the store ends with the graph a
    one-process build makes. ``report``: a report to fill in as the build goes (a progress display reads its
    ``words``); a new one otherwise.

    ``max_chars``: refuse to extract a document longer than this (a document with a curation file is not
    extracted and may be longer).
    ``min_confidence``: keep only extracted facts whose calibrated confidence is at least this (curated facts are
    all kept).

    >>> from kg.paths import sources_dir
    >>> build_documents([sources_dir()], store).summary()      # ``store`` already holds the Thorn article
    '0 built, 1 unchanged'
    """
    from .facts import load_facts

    found = scan_sources(sources)
    paths = found.documents
    report = report if report is not None else BuildReport()
    report.ignored = [str(path) for path in found.ignored]
    base = data_base_iri()

    # First pass, cheap: texts, curated facts and the names they state, so that merges do not depend on the
    # order documents are built in.
    items: list[_Item] = []
    names = _Names()
    for index, path in enumerate(paths):
        try:
            curated = curation_path(path)
            curated = curated if curated.exists() else None
            # The limit bounds extraction (some 90 s per million characters); a curated text is only sliced.
            document = read_document(path, encoding=encoding, max_chars=None if curated else max_chars)
            report.warnings.extend(document.warnings)
            minter = Minter(document.slug, base=base)
            facts = load_facts(curated) if curated else None
            item = _Item(index, path, document, str(minter.graph()), minter, curated, facts,
                         build_key(document.sha256, curated, base=base, metadata=document.metadata_key,
                                   min_confidence=min_confidence))
        except KgError as e:
            report.failed.append((str(path), str(e)))
            continue
        items.append(item)
        report.graphs.append(item.graph_name)
        if facts is not None and merge_aliases:
            names.add_facts(str(minter.document()), facts)
    if merge_aliases:
        names.add_store(store, skip_graphs=set(report.graphs), base=base)

    # On an exception (Ctrl-C included) the writer's queued batch is dropped: those documents have no key
    # yet, so the next build writes them. The batch already being loaded is let finish before the exception
    # goes on, so the store is never closed under it.
    writer = store.bulk_writer() if bulk else None
    written_before = store.quads_written
    build = _Build(store, writer, names, report, progress, total=len(items), merge_aliases=merge_aliases,
                   no_merge=no_merge, min_confidence=min_confidence)
    with writer if writer is not None else contextlib.nullcontext():
        # Every read of the store is made here, before the first batch goes to the bulk loader: while a batch
        # loads, this thread leaves the store to the writer's thread (a write of its own waits for the batch).
        checked: list[tuple[_Item, str | None]] = []
        for item in items:
            stored = store.build_key(item.graph_name)
            try:
                _check_source(item, store, stored, replace=replace)
            except KgError as e:
                build.step(item)
                report.failed.append((str(item.path), str(e)))
                continue
            item.stored_graph = stored is not None or store.has_graph(item.graph_name)
            checked.append((item, stored))
        # Skip-unchanged is decided here, before any work is sent out: only changed documents are extracted.
        to_extract: list[tuple[_Item, str | None]] = []
        for item, stored in checked:
            if item.facts is not None:
                build.curated(item, stored, force=force)
            elif (not force and stored is not None and stored.split("+")[0] == item.base_key
                  and (merge_aliases or "+" not in stored)):
                # Extraction is the slow part: skip on the text and extractor alone; merges are re-resolved
                # whenever the document is rebuilt, and a stored merge is dropped when the rule is turned off.
                build.step(item)
                report.skipped.append(item.path.name)
            else:
                to_extract.append((item, stored))
        if to_extract:
            from .parallel import ExtractionJob

            by_index = {item.index: (item, stored) for item, stored in to_extract}
            work = (ExtractionJob(item.index, item.document, item.graph_name, base, f"extraction from {item.path}",
                                  min_confidence) for item, _ in to_extract)
            with _engine(jobs, scheduler, [item for item, _ in to_extract]) as engine:
                report.engine = engine.describe()
                tail = TAIL_DOCUMENTS_PER_WORKER * engine.workers if writer is not None else -1
                for result in engine.run(work):
                    item, stored = by_index.pop(result.index)
                    build.extracted(item, stored, result)
                    if len(by_index) == tail:
                        writer.submit()
    order = {item.path.name: item.index for item in items}
    report.built.sort(key=order.__getitem__)
    report.skipped.sort(key=order.__getitem__)
    if store.quads_written - written_before >= COMPACT_AFTER_QUADS:
        if progress:
            progress(len(items), len(items), "compacting the store")
        store.compact()
    if progress:
        progress(len(items), len(items), "")
    return report


def _check_source(item: _Item, store: Store, stored: str | None, *, replace: bool) -> None:
    """Refuse a file named like a stored document built from another file (unless ``replace``); record the file."""
    source = str(item.path.resolve())
    recorded = store.source_of(item.graph_name)
    if stored is not None and not replace and recorded not in (None, source):
        _refuse_name_clash(item, store, recorded)
    if recorded != source:
        # Before the graph: a crash in between leaves this file recorded for the stored version, which the
        # next build of the same file replaces; never a stored graph whose file is unknown.
        store.record_source(item.graph_name, source)


def _refuse_name_clash(item: _Item, store, recorded: str) -> None:
    """Refuse a file named like a stored document that was built from another file with another text."""
    rows = store.query(f"SELECT ?sha WHERE {{ GRAPH <{item.graph_name}> {{ ?doc <{KG.sha256}> ?sha }} }}",
                       label="stored document hash")
    if any(row["sha"].value == item.document.sha256 for row in rows):
        return  # the same text moved or copied elsewhere: the same document
    raise DocumentError(
        f"{item.path}: the store already holds a document named {item.path.name!r}, built from {recorded}; "
        "a file name is a document's identity in the store: rename this file, or pass --replace to replace "
        "the stored document")


TAIL_DOCUMENTS_PER_WORKER = 8
"""With this many documents per extracting process still to come, the bulk writer loads what it holds without
waiting for a full batch: the load runs while the last documents are extracted, so what is left to load after
the last extraction is some documents, not up to a whole batch (seconds on one core while the others idle)."""

SMALL_EXTRACTION_WORDS = 2_000
"""Below this many words to extract in all, a default build extracts in its own process: starting workers
(each loads the model) costs more than sharing so little saves."""


def _engine(jobs: int | None, scheduler, items: list[_Item]):
    """Where extraction runs: a Dask cluster, worker processes, or this process."""
    from .parallel import DaskEngine, InProcessEngine, ProcessPoolEngine, available_cores

    if scheduler is not None:
        return DaskEngine(scheduler)
    if jobs is not None and jobs < 1:
        raise KgError(f"--jobs must be 1 or more, not {jobs}")
    if jobs is None:
        words = sum(len(item.document.text.split()) for item in items)
        jobs = available_cores() if words >= SMALL_EXTRACTION_WORDS else 1
    jobs = min(jobs, len(items))
    return ProcessPoolEngine(jobs) if jobs > 1 else InProcessEngine()


class _Build:
    """The writer's side of a build: merges, build keys and the one place documents are written."""

    def __init__(self, store, writer, names: _Names, report: BuildReport, progress, *, total: int,
                 merge_aliases: bool, no_merge: Collection[str], min_confidence: float = 0.0):
        self.store = store
        self.writer = writer
        self.names = names
        self.report = report
        self.progress = progress
        self.total = total
        self.done = 0
        self.merge_aliases = merge_aliases
        self.no_merge = no_merge
        self.min_confidence = min_confidence
        self.written: set[str] = set()
        """Graphs written (or queued for the bulk writer) by this build."""

    def step(self, item: _Item) -> None:
        if self.progress:
            self.progress(self.done, self.total, item.path.name)
        self.done += 1

    def merges(self, item: _Item, facts) -> list[EntityMerge]:
        if not self.merge_aliases:
            return []
        return self.names.resolve(str(item.minter.document()), facts, no_merge=self.no_merge)

    def curated(self, item: _Item, stored: str | None, *, force: bool) -> None:
        self.step(item)
        try:
            merges = self.merges(item, item.facts)
            key = build_key(item.document.sha256, item.curated, base=item.minter.base, merges=merges,
                            metadata=item.document.metadata_key)
            if not force and stored == key:
                self.report.skipped.append(item.path.name)
                return
            started = time.perf_counter()
            nquads = self._nquads(item, item.facts, merges, origin=str(item.curated))
            self.report.seconds["build"] += time.perf_counter() - started
            self._write(item, stored, key, nquads, merges)
        except BulkWriteError:
            raise  # the store failed, not this document: stop (the batch's documents have no keys)
        except KgError as e:
            self.report.failed.append((str(item.path), str(e)))

    def extracted(self, item: _Item, stored: str | None, result) -> None:
        self.step(item)
        _check_versions(result)
        report = self.report
        report.seconds["extract"] += result.extract_seconds
        report.seconds["build"] += result.build_seconds
        if result.worker:
            report.workers[result.worker] = max(result.peak_mb, report.workers.get(result.worker, 0.0))
            report.model_loads[result.worker] = max(result.model_loads, report.model_loads.get(result.worker, 0))
            report.worker_cpu[result.worker] = report.worker_cpu.get(result.worker, 0.0) + result.cpu_seconds
        if result.error is not None:
            report.failed.append((str(item.path), result.error))
            return
        try:
            merges = self.merges(item, result.facts)
            key = build_key(item.document.sha256, None, base=item.minter.base, merges=merges,
                            metadata=item.document.metadata_key, min_confidence=self.min_confidence)
            nquads = result.nquads
            if merges:  # rare: the worker built the document without them
                started = time.perf_counter()
                nquads = self._nquads(item, result.facts, merges, origin=f"extraction from {item.path}")
                report.seconds["build"] += time.perf_counter() - started
            self._write(item, stored, key, nquads, merges)
            report.words += result.words
        except BulkWriteError:
            raise
        except KgError as e:
            report.failed.append((str(item.path), str(e)))

    @staticmethod
    def _nquads(item: _Item, facts, merges: list[EntityMerge], *, origin: str) -> bytes:
        from .build import build_triples
        from .store import document_nquads

        # Triples straight from the builder, no rdflib Graph: deduplicated as a graph would be, merges included.
        triples = build_triples(item.document, _apply_merges(facts, merges), base=item.minter.base, origin=origin)
        if merges:
            triples = list(dict.fromkeys([*triples, *_merge_triples(item.minter, facts, merges)]))
        # With the terms as written: the writer keeps the networkx view's part from them (kg.keptview).
        return document_nquads(triples, item.graph_name, keep_terms=True)

    def _write(self, item: _Item, stored: str | None, key: str, nquads: bytes, merges: list[EntityMerge]) -> None:
        from rdflib import Literal

        from .store import document_nquads, quads_of_graph

        store = self.store
        started = time.perf_counter()
        key_nquads = document_nquads((), item.graph_name, [(item.minter.document(), KG.buildKey, Literal(key))],
                                     keep_terms=True)
        # Not asked of the store (``stored_graph`` was read before any write): a batch may be loading. A name
        # written earlier in this build is replaced, as a second file of the same name always was.
        new = not item.stored_graph and item.graph_name not in self.written
        self.written.add(item.graph_name)
        if new and self.writer is not None:
            self.writer.add(item.graph_name, nquads, key_nquads)
        elif new:
            store.add_new_graph(item.graph_name, nquads + key_nquads)
        else:
            if self.writer is not None:
                # Rare in a bulk build (a changed document): what is queued goes first, so a graph queued
                # earlier under this name is never loaded over its replacement.
                self.writer.flush()
            store.replace_graph(item.graph_name, quads_of_graph(nquads + key_nquads, item.graph_name))
        self.report.seconds["write"] += time.perf_counter() - started
        self.report.built.append(item.path.name)
        self.report.merges.extend(merges)


def _check_versions(result) -> None:
    from .parallel import _versions

    if result.versions and tuple(result.versions) != _versions():
        theirs, ours = result.versions, _versions()
        raise KgError(f"the worker {result.worker} runs kg {theirs[0]} (extractor {theirs[1]}, builder "
                      f"{theirs[2]}) but this process runs kg {ours[0]} (extractor {ours[1]}, builder {ours[2]}): "
                      "install the same kg on every worker, or their graphs would not match their build keys")
