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

from ..documents import Document
from ..facts import Facts

__all__ = ["EXTRACTOR_VERSION", "extract"]

EXTRACTOR_VERSION = "6"
"""Part of every extracted document's build key: bump it when the rules change so stores re-extract."""

_READABLE = re.compile(r"[^\W\d_]{2,}")


def extract(document: Document, *, min_confidence: float = 0.0) -> Facts:
    """The entities and facts of ``document``, every one with evidence spans into ``document.text``.

    Each fact records the ``method`` (rule or model) that produced it and a ``confidence`` (0..1): the precision
    that method measured on the development corpus (``confidence``). Facts below ``min_confidence`` are left
    out, and so are entities below it that no kept fact refers to. The same text always gives the same facts
    and ids.
    """
    from .chunk import Chunk
    from .confidence import keep_confident
    from .families import assemble_facts, find_in_chunk
    from .observations import Observations
    from .pipeline import parse
    from .quotes import find_quote_marks
    from .resolve import Resolver

    text = document.text
    facts = Facts(document=document.name, sha256=document.sha256)
    if not _READABLE.search(text):
        # punctuation or numbers only: nothing a reader could take as a sentence
        return facts
    observations = Observations()
    quotes = find_quote_marks(text)
    for offset, doc in parse(text):
        chunk = Chunk(doc, offset, observations, quotes=quotes)
        find_in_chunk(chunk)
        chunk.record_roles()
    resolver = Resolver(text, observations.mentions, [(q.begin, q.end) for q in quotes],
                        sentences=observations.sentences, roles=observations.roles, published=document.published)
    assemble_facts(observations, resolver, facts)
    facts.entities = resolver.kept_entities(facts)
    return keep_confident(facts, min_confidence)
