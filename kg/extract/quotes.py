"""Direct quotations: finding the words inside quote marks and who said them.

Quote marks are paired paragraph by paragraph over the whole text (curly and straight; an opening mark left open at
the end of a paragraph is a quote that continues in the next one). Attribution reads the clause after the quote
("," Kutcher said.), then the clause before it (Kutcher said: "), for a cue verb in either order ("X said", "said
X"); a quote with no cue that follows another quote closely continues its speaker. ``assemble`` resolves each speaker and
sets each quote in the speaker's testimony or interview it was said at.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..documents import slugify
from ..facts import Facts, Quote
from .chunk import Chunk
from .confidence import confidence
from .lexicon import (
    COMMON_CUE_FORMS,
    CUE_LEMMAS,
    INTRODUCTION_NOUNS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    PRONOUNS,
)
from .observations import Observations, Ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from .resolve import Resolver

__all__ = ["QuoteMarks", "RawQuote", "assemble", "attribute_quotes", "find", "find_quote_marks"]

_OPEN_CURLY, _CLOSE_CURLY = "“", "”"
_MIN_WORDS_UNATTRIBUTED = 4
_MIN_WORDS_ATTRIBUTED = 2


@dataclass
class RawQuote:
    begin: int
    end: int
    speaker: Ref | None
    method: str
    cue: tuple[int, int] | None = None
    """The attribution clause (for settings: "said during an interview with 48 Hours")."""
    continues: bool = False
    """No cue of its own, but it follows another quote closely: it takes that quote's speaker."""


@dataclass(frozen=True)
class QuoteMarks:
    """A quotation: the inner text ``begin``-``end`` (marks excluded), its marks, and its paragraph."""

    open_mark: int
    close_mark: int | None
    """Offset of the closing mark, or None when the quote runs on past its paragraph."""
    begin: int
    end: int
    paragraph: int
    paragraph_begin: int
    paragraph_end: int


def find_quote_marks(text: str) -> list[QuoteMarks]:
    """Every quotation in ``text`` in order, paired paragraph by paragraph."""
    found: list[QuoteMarks] = []
    position = 0
    for number, paragraph in enumerate(text.split("\n")):
        begin = position
        position += len(paragraph) + 1
        if '"' not in paragraph and _OPEN_CURLY not in paragraph:
            continue
        found += _pair(paragraph, begin, number)
    return found


def _pair(paragraph: str, base: int, number: int) -> list[QuoteMarks]:
    out: list[QuoteMarks] = []
    open_at: int | None = None
    open_kind = ""
    for i, ch in enumerate(paragraph):
        if open_at is None:
            if ch == _OPEN_CURLY or (ch == '"' and (i == 0 or not paragraph[i - 1].isalnum())):
                open_at, open_kind = i, ch
        elif (open_kind == _OPEN_CURLY and ch == _CLOSE_CURLY) or (open_kind == '"' and ch == '"'):
            out.append(_marks(paragraph, base, number, open_at, i))
            open_at = None
        elif open_kind == _OPEN_CURLY and ch == _OPEN_CURLY:
            open_at = i  # a stray opening mark: the quote starts again here
    if open_at is not None and len(paragraph) - open_at > 1:
        out.append(_marks(paragraph, base, number, open_at, None))
    return [q for q in out if q.end > q.begin]


def _marks(paragraph: str, base: int, number: int, open_at: int, close_at: int | None) -> QuoteMarks:
    inner_begin = open_at + 1
    inner_end = close_at if close_at is not None else len(paragraph.rstrip())
    # quote text excludes edge white space and a trailing comma ("... children," Kutcher said)
    while inner_begin < inner_end and paragraph[inner_begin].isspace():
        inner_begin += 1
    while inner_end > inner_begin and (paragraph[inner_end - 1].isspace() or paragraph[inner_end - 1] == ","):
        inner_end -= 1
    return QuoteMarks(base + open_at, None if close_at is None else base + close_at, base + inner_begin,
                      base + inner_end, number, base, base + len(paragraph.rstrip()))


def find(chunk: Chunk) -> None:
    """Attribute the quotes that open inside ``chunk`` (``chunk.quotes`` holds the document's quotes)."""
    first = bisect.bisect_left(chunk.quote_starts, chunk.offset)
    last = bisect.bisect_left(chunk.quote_starts, chunk.offset + len(chunk.text))
    attribute_quotes(chunk, chunk.quotes[first:last], chunk.quotes)


def attribute_quotes(chunk: Chunk, quotes: list[QuoteMarks], all_quotes: list[QuoteMarks]) -> None:
    """Attribute each quote inside ``chunk``; ``all_quotes`` (document order) bounds each clause."""
    low, high = chunk.offset, chunk.offset + len(chunk.text)
    index = {q.open_mark: i for i, q in enumerate(all_quotes)}
    for quote in quotes:
        if not (low <= quote.open_mark and quote.end <= high):
            continue
        position = index[quote.open_mark]
        previous = all_quotes[position - 1] if position > 0 else None
        following = all_quotes[position + 1] if position + 1 < len(all_quotes) else None
        words = len(chunk.text[quote.begin - low:quote.end - low].split())
        speaker, cue, method = None, None, ""
        text = chunk.text
        if quote.close_mark is not None:
            tail_end = quote.paragraph_end
            if following is not None and following.paragraph == quote.paragraph:
                tail_end = following.open_mark
            tail_begin = quote.close_mark + 1
            if not text[tail_begin - low:tail_end - low].strip():
                # the cue may open the next paragraph: '..." (new paragraph) said FBI Agent Robert Tripp.'
                next_begin, next_end = _next_paragraph(text, tail_end - low)
                if next_begin is not None and _OPENS_WITH_CUE.match(text[next_begin:next_end]):
                    tail_begin, tail_end = low + next_begin, low + next_end
            speaker, cue = _cue_in(chunk, tail_begin, tail_end, after_quote=True)
            method = "rule:quote-cue-after"
        head_begin = quote.paragraph_begin
        if previous is not None and previous.paragraph == quote.paragraph and previous.close_mark is not None:
            head_begin = previous.close_mark + 1
        if speaker is None:
            speaker, cue = _cue_in(chunk, head_begin, quote.open_mark, after_quote=False)
            method = "rule:quote-cue-before"
        if speaker is None:
            # a quote inside reported speech: 'told the committee that the problem was "hiding in plain sight."'
            speaker, cue = _embedding_cue(chunk, quote)
            method = "rule:quote-embedded"
        head_is_empty = _no_words(text[head_begin - low:quote.open_mark - low])
        if speaker is None and head_is_empty and head_begin == quote.paragraph_begin:
            # "The following is a statement from NASA Administrator Charles Bolden:" (new paragraph) "..."
            speaker, cue = _introduced_by(chunk, quote.paragraph_begin - low)
            method = "rule:quote-introduction"
        continues = False
        if speaker is None:
            # a quote with no cue of its own continues the quote just before it in its paragraph, or the
            # quote that ended the previous paragraph when it opens this one
            continues = previous is not None and (previous.paragraph == quote.paragraph or (
                head_is_empty and (_no_words(text[max(previous.end - low, 0):quote.open_mark - low])
                                  or not text[max(previous.paragraph_end - low, 0):quote.paragraph_begin - low].strip())))
            method = "rule:quote-continuation" if continues else "rule:quote-unattributed"
            if not continues and head_is_empty and head_begin == quote.paragraph_begin:
                # a press-release quote after the lead paragraph: its first named person speaks
                speaker, cue = _introduced_by(chunk, quote.paragraph_begin - low, weak=True)
                method = "rule:quote-after-lead"
        if speaker is None and not continues and words < _MIN_WORDS_UNATTRIBUTED:
            continue  # scare quotes and titles: "a 'crisis'", the film "Jobs"
        if words < _MIN_WORDS_ATTRIBUTED:
            continue
        if speaker is not None and speaker.want != "mention":
            method += "+anaphor"  # "she said": right as often as the pronoun is resolved right
        chunk.observations.add(RawQuote(quote.begin, quote.end, speaker, method, cue, continues))


_TIMESTAMP = re.compile(r"\(\s*[\d:.]+\s*\)")
_NON_WORD = re.compile(r"[\W_]+")


def _no_words(text: str) -> bool:
    """True when ``text`` holds nothing but punctuation, space and time stamps such as "(0:22)"."""
    return not _NON_WORD.sub("", _TIMESTAMP.sub("", text))
_OPENS_WITH_CUE = re.compile(r"\s*(?:" + "|".join(COMMON_CUE_FORMS) + r"|according to)\b")
_CUE_AT_END = re.compile(r"[:,]\s*$|\b(?:" + "|".join(COMMON_CUE_FORMS) + r")\s*$")
_INTRODUCTION = re.compile(r"\b(?:" + "|".join(INTRODUCTION_NOUNS) + r")\s+(?:from|by|of)\b|:\s*$")


def _next_paragraph(text: str, position: int) -> tuple[int | None, int]:
    """The next non-blank paragraph after the line holding ``position`` (doc offsets)."""
    newline = text.find("\n", position)
    while newline >= 0:
        start = newline + 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            return start, end
        newline = text.find("\n", start) if end < len(text) else -1
    return None, 0


def _introduced_by(chunk: Chunk, paragraph_begin: int, *, weak: bool = False
                   ) -> tuple[Ref | None, tuple[int, int] | None]:
    """The speaker named by the paragraph before a quote when it introduces one ("a statement from X:")."""
    text = chunk.text
    end = paragraph_begin - 1
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = text.rfind("\n", 0, end) + 1
    if start < chunk.headline_end:
        return None, None  # a headline introduces no quote
    intro = text[start:end]
    match = _INTRODUCTION.search(intro)
    if weak:
        if "“" in intro or '"' in intro:
            return None, None
        span = chunk.doc.char_span(start, end, alignment_mode="expand")
        people = [chunk.mention_of_token[t.i] for t in span or [] if t.i in chunk.mention_of_token
                  and chunk.mention_of_token[t.i].label == "PERSON"]
        if not people:
            return None, None
        return Ref(people[0].begin, people[0].end), (chunk.offset + start, chunk.offset + end)
    if not intro.strip() or match is None:
        return None, None
    span = chunk.doc.char_span(start + match.start(), end, alignment_mode="expand")
    if span is None:
        return None, None
    people = [chunk.mention_of_token[t.i] for t in span if t.i in chunk.mention_of_token
              and chunk.mention_of_token[t.i].label == "PERSON"]
    if not people:
        span = chunk.doc.char_span(start, end, alignment_mode="expand")
        people = [chunk.mention_of_token[t.i] for t in span or [] if t.i in chunk.mention_of_token
                  and chunk.mention_of_token[t.i].label == "PERSON"]
        people = people[-1:]
    if not people:
        return None, None
    return Ref(people[0].begin, people[0].end), (chunk.offset + start, chunk.offset + end)


def _cue_in(chunk: Chunk, begin: int, end: int, *, after_quote: bool) -> tuple[Ref | None, tuple[int, int] | None]:
    """Find a cue verb in ``text[begin:end]`` (one clause next to a quote) and the speaker it names."""
    doc = chunk.doc
    low = chunk.offset
    if end <= begin:
        return None, None
    span = doc.char_span(begin - low, end - low, alignment_mode="contract")
    if span is None or len(span) == 0:
        return None, None
    tokens = list(span)
    if after_quote:
        # the clause right after the quote ends at its sentence's end
        for k, t in enumerate(tokens):
            if k > 0 and t.is_sent_start and k > 1:
                tokens = tokens[:k]
                break
    else:
        # only the last sentence before the quote introduces it
        starts = [k for k, t in enumerate(tokens) if t.is_sent_start]
        if starts:
            tokens = tokens[starts[-1]:]
        if not tokens or not _CUE_AT_END.search(chunk.text[tokens[0].idx:end - low]):
            return None, None
    if not tokens:
        return None, None
    cue_span = (chunk.begin(tokens[0]), chunk.end(tokens[-1]))
    if after_quote and tokens[0].text in ("–", "—", "-", "--", "―"):
        # a byline after the quote: "..." – Rep. Joyce Beatty
        for t in tokens[1:7]:
            mention = chunk.mention_at(t)
            if mention is not None and mention.label == "PERSON":
                return Ref(mention.begin, mention.end), cue_span
    for t in tokens:
        if t.lower_ == "according" and t.i + 2 < len(doc) and doc[t.i + 1].lower_ == "to":
            found = _speaker_from(chunk, doc[t.i + 2])
            if found is not None:
                return found, cue_span
    cues = [t for t in tokens if t.lemma_.lower() in CUE_LEMMAS and t.pos_ in ("VERB", "AUX")]
    if not cues and after_quote and len(tokens) <= 8:
        # the tagger sometimes takes "said" for an adjective
        cues = [t for t in tokens if t.lower_ in COMMON_CUE_FORMS]
    for cue in cues:
        for child in cue.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i in range(tokens[0].i, tokens[-1].i + 1):
                found = _person_in_phrase(chunk, child)
                if found is None and child.i < cue.i:
                    # an inverted subject ("said FBI Special Agent in Charge Robert Tripp") is read below,
                    # where a person after the cue wins over the body in the title
                    found = _speaker_from(chunk, child)
                if found is not None:
                    return found, cue_span
        # "said Kutcher", "said FBI Special Agent Robert Tripp": the person named right after the cue
        named = []
        for t in doc[cue.i + 1:min(cue.i + 12, tokens[-1].i + 1)]:
            if t.text in (",", ".", ";", "“", '"'):
                break
            if t.i in chunk.mention_of_token:
                named.append(t)
            elif t.lower_ in PRONOUNS and t.pos_ == "PRON" and t.i == cue.i + 1:
                return _speaker_from(chunk, t), cue_span
        people = [t for t in named if chunk.mention_of_token[t.i].label == "PERSON"]
        if people or named:
            return _speaker_from(chunk, (people or named)[0]), cue_span
        # the parse may miss the subject: the nearest name just before the cue in the clause
        for t in reversed(doc[max(tokens[0].i, cue.i - 4):cue.i]):
            found = _speaker_from(chunk, t)
            if found is not None:
                return found, cue_span
    return None, None


def _embedding_cue(chunk: Chunk, quote: QuoteMarks) -> tuple[Ref | None, tuple[int, int] | None]:
    """The speaker of the cue verb whose clause holds a quote, when the verb comes before the quote in its sentence
    ("Chon told the committee that the problem was "hiding in plain sight"", "She said the program "saves
    lives"")."""
    low = chunk.offset
    span = chunk.doc.char_span(quote.begin - low, quote.end - low, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, None
    first = span[0]
    sent = first.sent
    for verb in first.ancestors:
        if verb.i < sent.start or chunk.begin(verb) >= quote.open_mark:
            continue
        if verb.lemma_.lower() in CUE_LEMMAS and verb.pos_ in ("VERB", "AUX"):
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass") and chunk.begin(child) < quote.open_mark:
                    found = _person_in_phrase(chunk, child) or _speaker_from(chunk, child)
                    if found is not None:
                        return found, (chunk.begin(sent[0]), chunk.end(sent[-1]))
            return None, None
    return None, None


def _person_in_phrase(chunk: Chunk, head: Token) -> Ref | None:
    """A person named in the phrase itself ("FBI Special Agent in Charge Robert Tripp"), not in a possessor
    or a preposition's object ("Kutcher's spokesman", "a spokesman for Sen. Doe")."""
    for token in head.subtree:
        mention = chunk.mention_at(token)
        if mention is None or mention.label != "PERSON":
            continue
        current, direct = token, True
        while current.i != head.i and current.head.i != current.i:
            if current.dep_ in ("poss", "pobj", "prep") and current.head.i != head.i:
                direct = False
                break
            if current.dep_ == "poss":
                direct = False
                break
            current = current.head
        if direct:
            return Ref(mention.begin, mention.end)
    return None


def _speaker_from(chunk: Chunk, token: Token) -> Ref | None:
    mention = chunk.mention_at(token)
    if mention is not None:
        return Ref(mention.begin, mention.end)
    found = chunk.ref(token)
    if found is not None:
        return found
    lower = token.lower_
    if token.pos_ == "NOUN" and lower in PERSON_NOUNS | ORGANIZATION_NOUNS:
        return Ref(chunk.begin(token), chunk.end(token), "person" if lower in PERSON_NOUNS else "organization")
    return None


def assemble(observations: Observations, resolver: Resolver, facts: Facts) -> None:
    """Every quote with its speaker resolved (or the speaker of the quote it continues) and its setting; needs the
    testimonies and interviews of ``facts``."""
    text = resolver.text
    out: list[Quote] = []
    previous: Quote | None = None
    previous_end = -1
    seen: set[tuple[int, int]] = set()
    for raw in sorted(observations.of(RawQuote), key=lambda q: q.begin):
        if (raw.begin, raw.end) in seen:
            continue
        seen.add((raw.begin, raw.end))
        speaker = resolver.resolve(raw.speaker)
        setting = None
        method = raw.method
        if speaker is None and raw.continues and previous is not None and raw.begin - previous_end < 1500:
            speaker, setting = previous.speaker, previous.setting
        if speaker is None:
            method = "rule:quote-unattributed"
        if speaker is not None and setting is None:
            setting = _setting(raw.cue, raw.begin, speaker, facts)
        slug = slugify(" ".join(text[raw.begin:raw.end].split()[:4]))[:40]
        quote = Quote(f"quote-{raw.begin}-{slug}", text[raw.begin:raw.end], [resolver.span(raw.begin, raw.end)],
                      speaker, setting, confidence("quote", method), method)
        out.append(quote)
        previous, previous_end = quote, raw.end
    facts.quotes = out


def _setting(cue: tuple[int, int] | None, position: int, speaker: str, facts: Facts) -> str | None:
    """The event a quote was said at: an interview named in its cue, else the speaker's testimony or interview
    told just before (or in the quote's own sentence: 'told the committee that it was "hiding in plain sight"')."""
    if cue is not None:
        for interview in facts.interviews:
            if interview.interviewee == speaker and any(e.begin <= cue[1] and cue[0] <= e.end
                                                        for e in interview.evidence):
                return interview.id
    best = None
    events = [(t.witness, t.evidence[0], t.id) for t in facts.testimonies] + [
        (i.interviewee, i.evidence[-1], i.id) for i in facts.interviews]
    for person, evidence, event in events:
        if person == speaker and evidence.begin <= position and position - evidence.end < 800 and (
                best is None or evidence.end > best[0]):
            best = (evidence.end, event)
    return best[1] if best else None
