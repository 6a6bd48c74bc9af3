"""Ingest: documents on disk into a store, one document per transaction, skipping what has not changed.

A document's build key hashes its text, its curation file (or the extractor's version) and the base IRI;
when the stored key matches, the document is skipped. A failing document is reported and the others go on.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .documents import curation_path, find_documents, read_document
from .build import BUILDER_VERSION
from .errors import KgError
from .namespaces import KG, Minter, data_base_iri

__all__ = ["BuildReport", "build_documents", "build_key"]


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    """Named graphs of every document given (built or skipped), in order."""
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.built)} built", f"{len(self.skipped)} unchanged"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return ", ".join(parts)


def _extractor_version() -> str:
    from .extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def build_key(document_sha256: str, curation: Path | None, *, base: str) -> str:
    """What a document's graph depends on; equal keys mean an identical graph."""
    digest = hashlib.sha256()
    digest.update(f"kg {__version__} builder {BUILDER_VERSION}\nbase {base}\ntext {document_sha256}\n".encode())
    if curation is not None and curation.exists():
        digest.update(b"curated\n" + curation.read_bytes())
    else:
        digest.update(f"extracted {_extractor_version()}\n".encode())
    return digest.hexdigest()


def build_documents(
    sources: list[str | Path],
    store,
    *,
    encoding: str | None = None,
    force: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> BuildReport:
    """Read, extract (or take curated facts), build and store each document; never stop at one failure."""
    from .build import build_graph
    from .facts import load_facts
    from .store import to_ox_quads

    paths = find_documents(sources)
    report = BuildReport()
    base = data_base_iri()
    for index, path in enumerate(paths):
        if progress:
            progress(index, len(paths), path.name)
        try:
            document = read_document(path, encoding=encoding)
            report.warnings.extend(document.warnings)
            graph_name = str(Minter(document.slug, base=base).graph())
            report.graphs.append(graph_name)
            curated = curation_path(path)
            key = build_key(document.sha256, curated if curated.exists() else None, base=base)
            if not force and store.build_key(graph_name) == key:
                report.skipped.append(path.name)
                continue
            if curated.exists():
                facts, origin = load_facts(curated), str(curated)
            else:
                from .extract import extract

                facts, origin = extract(document), f"extraction from {path}"
            graph = build_graph(document, facts, base=base, origin=origin)
            from rdflib import Literal

            graph.add((Minter(document.slug, base=base).document(), KG.buildKey, Literal(key)))
            store.replace_graph(graph_name, to_ox_quads(graph, None))
            report.built.append(path.name)
        except KgError as e:
            report.failed.append((str(path), str(e)))
    if progress:
        progress(len(paths), len(paths), "")
    return report
