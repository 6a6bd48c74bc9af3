"""The kinds of fact extraction finds, and the order their rules run and their facts are assembled in.

Each family is a module with what it finds per chunk (``find``: quotes, statistics; ``find_in_layout``: rules that
read a document's layout; ``find_after_rules``: readers that see what the rules found; ``TRIGGERS``: word sets from
``lexicon`` mapped to the rule each word starts) and an ``assemble`` that turns its observations into facts. A new
kind of fact is a new module listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from . import foundings, interviews, marriages, quotes, statistics, testimonies

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from ..facts import Facts
    from .chunk import Chunk
    from .observations import Observations
    from .resolve import Resolver

__all__ = ["RELATIONS", "assemble_facts", "find_in_chunk"]

RELATIONS = (foundings, marriages, testimonies, interviews)
"""Families whose rules start from a trigger word."""

_ASSEMBLY_ORDER = (foundings, marriages, testimonies, interviews, quotes, statistics)
"""Quotes are set in the testimonies and interviews assembled before them."""

Rule = Callable[["Chunk", "Span", "Token"], None]


@lru_cache(maxsize=1)
def _rules_by_word() -> dict[str, tuple[Rule, ...]]:
    table: dict[str, tuple[Rule, ...]] = {}
    for family in RELATIONS:
        for words, rule in family.TRIGGERS.items():
            for word in words:
                table[word] = (*table.get(word, ()), rule)
    return table


def find_in_chunk(chunk: Chunk) -> None:
    """Run every family's rules over one parsed chunk: quotes first (their cues are read before other rules force
    types on names), then the layouts and trigger words of relations, then figures."""
    quotes.find(chunk)
    for family in RELATIONS:
        layout = getattr(family, "find_in_layout", None)
        if layout is not None:
            layout(chunk)
    from spacy.attrs import LOWER

    rules = _rules_by_word()
    for i in chunk.indices_with(LOWER, rules):
        sent = chunk.sentence_of(i)
        if sent.start_char < chunk.headline_end:
            continue
        token = chunk.doc[i]
        for rule in rules[token.lower_]:
            rule(chunk, sent, token)
    for family in RELATIONS:
        after = getattr(family, "find_after_rules", None)
        if after is not None:
            after(chunk)
    statistics.find(chunk)


def assemble_facts(observations: Observations, resolver: Resolver, facts: Facts) -> None:
    """Each family's facts, in an order where a family may read the facts of those before it."""
    for family in _ASSEMBLY_ORDER:
        family.assemble(observations, resolver, facts)
