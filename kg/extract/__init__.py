"""Automatic extraction: one English news article (a ``Document``) to ``Facts`` with character spans.

The public entry point is ``extract``. spaCy and its model load on first use, not on import, so importing
``kg.extract`` stays cheap. Stages: ``pipeline`` (model, long-text splitting), ``chunk`` (mentions), rules in
``quotes``, ``relations`` and ``statistics``, then ``resolve`` (entities, references, ids).
"""

from __future__ import annotations

import re

from ..documents import Document
from ..facts import Facts

__all__ = ["EXTRACTOR_VERSION", "extract"]

EXTRACTOR_VERSION = "5"
"""Part of every extracted document's build key: bump it when the rules change so stores re-extract."""

_READABLE = re.compile(r"[^\W\d_]{2,}")


def extract(document: Document) -> Facts:
    """The entities and facts of ``document``, every one with evidence spans into ``document.text``.

    Each fact records a ``confidence`` (0..1) and the ``method`` (rule or model) that produced it. The same
    text always gives the same facts and ids.
    """
    from .chunk import Chunk
    from .observations import Observations
    from .pipeline import parse
    from .quotes import attribute_quotes, find_quote_marks
    from .relations import find_relations
    from .resolve import assemble
    from .statistics import find_statistics

    text = document.text
    observations = Observations()
    quotes = find_quote_marks(text)
    if not _READABLE.search(text):
        # punctuation or numbers only: nothing a reader could take as a sentence
        return Facts(document=document.name, sha256=document.sha256)
    quote_spans = [(q.begin, q.end) for q in quotes]
    starts = [q.open_mark for q in quotes]
    import bisect

    for offset, doc in parse(text):
        chunk = Chunk(doc, offset, observations)
        first = bisect.bisect_left(starts, offset)
        last = bisect.bisect_left(starts, offset + len(chunk.text))
        attribute_quotes(chunk, quotes[first:last], quotes)
        find_relations(chunk)
        find_statistics(chunk, quote_spans)
        chunk.record_roles()
    return assemble(document, observations, quotes)
