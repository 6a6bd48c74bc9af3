"""Automatic extraction: one English news article (a ``Document``) to ``Facts`` with character spans.

The public entry point is ``extract``. spaCy and its model load on first use, not on import, so importing
``kg.extract`` stays cheap. Stages: ``pipeline`` (model, long-text splitting), ``chunk`` (mentions), the rules of
each family of facts (``families`` lists them: ``foundings``, ``marriages``, ``testimonies``, ``interviews``,
``quotes``, ``statistics``), then ``resolve`` (entities, references, ids) and each family's ``assemble``. The
words rules react to live in ``lexicon``; parse walking in ``grammar``; text layout and years in ``layout`` and
``years``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..documents import Document
from ..facts import Facts

if TYPE_CHECKING:  # pragma: no cover
    from .observations import Observations
    from .resolve import Resolver

__all__ = ["EXTRACTOR_VERSION", "extract", "observe"]

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
    from .confidence import keep_confident
    from .families import assemble_facts

    facts = Facts(document=document.name, sha256=document.sha256)
    if not _READABLE.search(document.text):
        # punctuation or numbers only: nothing a reader could take as a sentence
        return facts
    observations, resolver = observe(document, progress)
    assemble_facts(observations, resolver, facts)
    facts.entities = resolver.kept_entities(facts)
    return keep_confident(facts, min_confidence)


def observe(document: Document, progress: Callable[[int, int], None] | None = None) -> tuple[Observations, Resolver]:
    """What every rule of every family observed in ``document`` (parsed part by part), and the resolver of its
    names: what ``extract`` assembles facts from, and what the founding reader's training reads."""
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
    for done, (offset, doc) in enumerate(parse(text), 1):
        chunk = Chunk(doc, offset, observations, quotes=quotes)
        find_in_chunk(chunk)
        chunk.record_roles()
        if progress:
            progress(done, total)
    resolver = Resolver(text, observations.mentions, [(q.begin, q.end) for q in quotes],
                        sentences=observations.sentences, roles=observations.roles, published=document.published,
                        addressees=observations.addressees)
    return observations, resolver
