"""Interviews: who was interviewed, on which programme or by which outlet ("in an interview with 48 Hours").

The interview a quote was given in is its setting (see ``quotes``). ``assemble`` keeps one interview per person and
programme.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..documents import slugify
from ..facts import Facts, Interview
from .chunk import Chunk
from .confidence import confidence
from .grammar import children, governing_verb, subject_of
from .lexicon import INTERVIEW_NOUNS
from .observations import Observations, Ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from .resolve import Resolver

__all__ = ["TRIGGERS", "RawInterview", "assemble"]


@dataclass
class RawInterview:
    interviewee: Ref
    evidence: tuple[int, int]
    programme: str | None
    method: str


def _interview(chunk: Chunk, sent: Span, noun: Token) -> None:
    programme = None
    for prep in children(noun, "prep"):
        if prep.lower_ in ("with", "on", "to") and prep.i + 1 < sent.end:
            pobj = children(prep, "pobj")
            if pobj and (pobj[0].pos_ in ("PROPN", "NUM") or pobj[0].text[:1].isupper()):
                first = pobj[0].left_edge
                while first.lower_ in ("the", "a", "an") and first.i < pobj[0].i:
                    first = chunk.doc[first.i + 1]
                programme = chunk.text[first.idx:pobj[0].idx + len(pobj[0].text)]
                if chunk.mention_at(pobj[0]) is not None and chunk.mention_at(pobj[0]).label == "PERSON":
                    return  # "an interview with Jane Doe": Jane Doe is the interviewee, not a programme
    if programme is None:
        return
    interviewee: Ref | None = None
    verb = governing_verb(noun)
    subject = subject_of(verb)
    if subject is not None:
        found = chunk.refs_in(subject)
        interviewee = found[0] if found else None
    if interviewee is None:
        return
    chunk.observations.add(RawInterview(
        interviewee, chunk.sentence_span(sent), programme, "rule:interview-with"))


def _interview_noun(chunk: Chunk, sent: Span, noun: Token) -> None:
    if noun.pos_ == "NOUN":
        _interview(chunk, sent, noun)


TRIGGERS = {INTERVIEW_NOUNS: _interview_noun}
"""Words (lower case) that start an interview rule, and the rule."""


def assemble(observations: Observations, resolver: Resolver, facts: Facts) -> None:
    """One interview per person and programme, with the evidence of every sentence that tells it."""
    interviews: dict[tuple, Interview] = {}
    for raw in observations.of(RawInterview):
        interviewee = resolver.resolve(raw.interviewee, want="person")
        if interviewee is None:
            continue
        key = (interviewee, raw.programme)
        if key in interviews:
            interviews[key].evidence.append(resolver.span(*raw.evidence))
            continue
        programme_slug = f"-{slugify(raw.programme)}" if raw.programme else ""
        interviews[key] = Interview(f"interview-{interviewee}{programme_slug}", interviewee,
                                    [resolver.span(*raw.evidence)], raw.programme, None, None,
                                    confidence("interview", raw.method),
                                    raw.method)
    facts.interviews = list(interviews.values())
