"""Automatic extraction: one English news article (a ``Document``) to ``Facts`` with character spans.

The public entry points are ``extract`` and ``extract_many`` (the same facts for many documents, short ones
parsed together: what a build uses). spaCy and its model load on first use, not on import, so importing
``kg.extract`` stays cheap. Stages: ``pipeline`` (model, long-text splitting), ``chunk`` (mentions), the rules of
each family of facts (``families`` lists them: ``foundings``, ``marriages``, ``testimonies``, ``interviews``,
``quotes``, ``statistics``), then ``resolve`` (entities, references, ids) and each family's ``assemble``. The
words rules react to live in ``lexicon``; parse walking in ``grammar``; text layout and years in ``layout`` and
``years``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from ..documents import Document
from ..facts import Facts

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from .observations import Observations
    from .resolve import Resolver

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_many", "observe"]

EXTRACTOR_VERSION = "62"
"""Part of every extracted document's build key: bump it when the rules change so stores re-extract."""

_READABLE = re.compile(r"[^\W\d_]{2,}")


LONG_DOCUMENT_CHARS = 100_000
"""Documents at least this long report each part extracted (``chunk_progress``): they take a minute or more."""


def chunk_progress(name: str, length: int):
    """A ``progress`` for ``extract`` that tells stderr of each part of a long document, or None for short ones."""
    if length < LONG_DOCUMENT_CHARS:
        return None
    import sys

    def report(done: int, total: int) -> None:
        print(f"kg: {name}: part {done} of {total} extracted", file=sys.stderr, flush=True)

    return report


def extract(document: Document, *, min_confidence: float = 0.0,
            progress: Callable[[int, int], None] | None = None) -> Facts:
    """The entities and facts of ``document``, every one with evidence spans into ``document.text``.

    Each fact records the ``method`` (rule or model) that produced it and a ``confidence`` (0..1): the precision
    that method measured on the development corpus (``confidence``). Facts below ``min_confidence`` are left
    out, and so are entities below it that no kept fact refers to. The same text always gives the same facts
    and ids. ``progress(done, total)`` is called after each part of the text is parsed and read (a long text
    is parsed in parts of ``pipeline.CHUNK_CHARS`` characters).
    """
    return _facts(document, None, min_confidence, progress)


Outcome = tuple[Document, Facts | Exception]
"""What ``extract_many`` yields per document: its facts, or the error its extraction raised."""


def extract_many(documents: Iterable[Document], *, min_confidence: float = 0.0,
                 progress: Callable[[Document], Callable[[int, int], None] | None] | None = None) \
        -> Iterator[Outcome]:
    """``extract`` of each document, in order, as ``(document, facts)``; short documents are parsed together.

    The facts are those ``extract`` gives each document alone, in less time: up to ``pipeline.BATCH_CHARS``
    characters of short documents go through the model in one call; a document longer than a parsed piece
    (``pipeline.CHUNK_CHARS``) is parsed in parts on its own, ``progress(document)`` giving its ``progress``.
    Documents are read from ``documents`` as batches fill, so an endless stream is fine.

    One document's failure never stops the others: its outcome is ``(document, error)``, the exception its
    extraction raised (a ``KgError``, or a bug of the rules on its wording). When parsing a batch fails, each
    of its documents is parsed again alone, so the error belongs to the document that raises it. Running out
    of memory is the process's trouble, not a document's: ``MemoryError`` propagates.
    """
    from .pipeline import BATCH_CHARS, CHUNK_CHARS

    batch: list[Document] = []
    size = 0
    for document in documents:
        if len(document.text) > CHUNK_CHARS:
            yield from _extract_together(batch, min_confidence)
            batch, size = [], 0
            yield document, _outcome(lambda d=document: _facts(d, None, min_confidence,
                                                                 progress(d) if progress else None))
            continue
        if batch and size + len(document.text) > BATCH_CHARS:
            yield from _extract_together(batch, min_confidence)
            batch, size = [], 0
        batch.append(document)
        size += len(document.text)
    yield from _extract_together(batch, min_confidence)


def _extract_together(batch: list[Document], min_confidence: float) -> Iterator[Outcome]:
    """The outcomes of short documents parsed in one call of the model (each alone if that call fails)."""
    from .pipeline import parse_together

    readable = [(document.text, i) for i, document in enumerate(batch) if _READABLE.search(document.text)]
    parsed: dict[int, Doc] = {}
    if len(readable) > 1:
        try:
            parsed = {i: doc for doc, i in parse_together(readable)}
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - which document broke the batch is found below, parsing each alone
            parsed = {}
    for i, document in enumerate(batch):
        doc = parsed.pop(i, None)  # each parse let go once read
        yield document, _outcome(lambda d=document, doc=doc: _facts(d, doc, min_confidence, None))


def _outcome(extraction: Callable[[], Facts]) -> Facts | Exception:
    try:
        return extraction()
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - the caller reports it as this document's failure
        return e


def _facts(document: Document, parsed: Doc | None, min_confidence: float,
           progress: Callable[[int, int], None] | None) -> Facts:
    """``extract``'s facts of ``document``; ``parsed``: its text parsed already (a short text, in one piece)."""
    from .confidence import keep_confident
    from .families import assemble_facts

    facts = Facts(document=document.name, sha256=document.sha256)
    if not _READABLE.search(document.text):
        # punctuation or numbers only: nothing a reader could take as a sentence
        return facts
    observations, resolver = observe(document, progress, parsed=parsed)
    assemble_facts(observations, resolver, facts)
    facts.entities = resolver.kept_entities(facts)
    return keep_confident(facts, min_confidence)


def observe(document: Document, progress: Callable[[int, int], None] | None = None, *,
            parsed: Doc | None = None) -> tuple[Observations, Resolver]:
    """What every rule of every family observed in ``document`` (parsed part by part), and the resolver of its
    names: what ``extract`` assembles facts from, and what the founding reader's training reads. ``parsed``:
    the text of a short document parsed already, in one piece."""
    from .chunk import Chunk
    from .families import find_in_chunk
    from .observations import Observations
    from .pipeline import parse, split_text
    from .quotes import find_quote_marks
    from .resolve import Resolver

    text = document.text
    observations = Observations()
    quotes = find_quote_marks(text)
    total = len(split_text(text)) if progress else 0
    for done, (offset, doc) in enumerate(parse(text) if parsed is None else [(0, parsed)], 1):
        chunk = Chunk(doc, offset, observations, quotes=quotes)
        find_in_chunk(chunk)
        chunk.record_roles()
        if progress:
            progress(done, total)
    resolver = Resolver(text, observations.mentions, [(q.begin, q.end) for q in quotes],
                        sentences=observations.sentences, roles=observations.roles, published=document.published,
                        addressees=observations.addressees)
    return observations, resolver
