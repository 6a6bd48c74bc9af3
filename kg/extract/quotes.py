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
from .grammar import children, governing_verb, relative_antecedents, subject_of
from .layout import is_set_apart_headline
from .lexicon import (
    COMMON_CUE_FORMS,
    CUE_LEMMAS,
    EMBEDDING_CUE_LEMMAS,
    INNER_TITLES,
    INTRODUCTION_NOUNS,
    MINOR_WORDS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    PRONOUN_GENDER,
    PRONOUNS,
    TITLES,
    UNNAMED_SPEAKER_NOUNS,
)
from .names import NAME_WORD, organization_type
from .observations import Observations, RawMention, Ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from .resolve import Resolver

__all__ = ["QuoteMarks", "RawQuote", "assemble", "attribute_quotes", "find", "find_quote_marks"]

_PERSON_OR_BODY_NOUNS = PERSON_NOUNS | ORGANIZATION_NOUNS
_NOUNS_OF_PEOPLE_OR_BODIES = _PERSON_OR_BODY_NOUNS | TITLES

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
    joint: tuple[Ref, ...] = ()
    """The other speakers of the same words ("Senators A and B said"): one quote each."""
    runs_on: bool = False
    """Its paragraph ends before a closing mark: the quote opening the next paragraph goes on with it."""
    unnamed: bool = False
    """The text gives a speaker who is no named person ("a spokeswoman said", "the company said"): the quote
    has no speaker, and does not take another quote's."""
    paragraph: tuple[int, int] = (0, 0)
    """Where the quote's paragraph begins and ends."""
    opens_paragraph: bool = False
    headline: bool = False
    """Quoted in the headline ('... tells MPs grid delays are ‘strangling community energy’'): kept however short,
    unless the article quotes the same words again."""


@dataclass
class _Found:
    """What an attribution clause says: the people speaking, the clause, and whether it names a speaker who is
    no person of the text (an organization, "a spokesman")."""

    speakers: list[Ref]
    cue: tuple[int, int] | None
    unnamed: bool = False


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
        if number == 0 and is_set_apart_headline(text, paragraph):
            found += _headline_quotes(paragraph)
        if '"' not in paragraph and _OPEN_CURLY not in paragraph:
            continue
        found += _pair(paragraph, begin, number)
    return sorted(found, key=lambda q: q.open_mark)


_SINGLE_QUOTED = re.compile(r"(?:^|(?<=[\s:(]))['‘](?=\w)(?P<inner>[^'‘’\n]*?[\w.!?,])['’](?=$|[\s,.:;!?)—–-])")
"""Words in single marks, as headlines quote ('delays are ‘strangling community energy’'); not an apostrophe
("fishers' co-op", "It's")."""


def _headline_quotes(line: str) -> list[QuoteMarks]:
    out = []
    for match in _SINGLE_QUOTED.finditer(line):
        begin, end = match.start("inner"), match.end("inner")
        while end > begin and line[end - 1] in ",":
            end -= 1
        out.append(QuoteMarks(match.start(), match.end() - 1, begin, end, 0, 0, len(line.rstrip())))
    return out


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
    text = chunk.text
    for quote in quotes:
        if not (low <= quote.open_mark and quote.end <= high):
            continue
        if quote.paragraph == 0 and text[quote.open_mark - low] in "'‘" and low == 0:
            _headline_quote(chunk, quote)
            continue
        position = index[quote.open_mark]
        previous = all_quotes[position - 1] if position > 0 else None
        following = all_quotes[position + 1] if position + 1 < len(all_quotes) else None
        words = len(text[quote.begin - low:quote.end - low].split())
        head_begin = quote.paragraph_begin
        if previous is not None and previous.paragraph == quote.paragraph and previous.close_mark is not None:
            head_begin = previous.close_mark + 1
        partial = _is_partial(chunk, quote, head_begin)
        found, method = None, ""
        if partial:
            # a quote inside reported speech: 'told the committee that the problem was "hiding in plain sight."'
            found, method = _embedding_cue(chunk, quote), "rule:quote-embedded"
        if found is None and quote.close_mark is not None and (not partial or _ends_clause(chunk, quote)):
            tail_end = quote.paragraph_end
            if following is not None and following.paragraph == quote.paragraph:
                tail_end = following.open_mark
            tail_begin = quote.close_mark + 1
            if not text[tail_begin - low:tail_end - low].strip():
                # the cue may open the next paragraph: '..." (new paragraph) said FBI Agent Robert Tripp.'
                next_begin, next_end = _next_paragraph(text, tail_end - low)
                if next_begin is not None and _OPENS_WITH_CUE.match(text[next_begin:next_end]):
                    tail_begin, tail_end = low + next_begin, low + next_end
            found, method = _cue_in(chunk, tail_begin, tail_end, after_quote=True), "rule:quote-cue-after"
        if found is None:
            found, method = _cue_in(chunk, head_begin, quote.open_mark, after_quote=False), "rule:quote-cue-before"
        if found is None and not partial:
            found, method = _embedding_cue(chunk, quote), "rule:quote-embedded"
        head_is_empty = _no_words(text[head_begin - low:quote.open_mark - low])
        opens_paragraph = head_is_empty and head_begin == quote.paragraph_begin
        if found is None and opens_paragraph:
            # "The following is a statement from NASA Administrator Charles Bolden:" (new paragraph) "..."
            found, method = _introduced_by(chunk, quote.paragraph_begin - low), "rule:quote-introduction"
        continues = False
        if found is None:
            # a quote with no cue of its own continues the quote just before it in its paragraph, or the
            # quote that ended the previous paragraph when it opens this one
            continues = previous is not None and (previous.paragraph == quote.paragraph or (
                head_is_empty and (_no_words(text[max(previous.end - low, 0):quote.open_mark - low])
                                  or not text[max(previous.paragraph_end - low, 0):quote.paragraph_begin - low].strip())))
            method = "rule:quote-continuation" if continues else "rule:quote-unattributed"
            if not continues and opens_paragraph:
                if _follows_headline(text, quote.paragraph_begin - low):
                    # an article that opens on a quote names its speaker in the next paragraph ("That was how
                    # Jane Doe opened her evidence ...")
                    found, method = _named_after(chunk, quote), "rule:quote-named-after"
                else:
                    # a press-release quote after the lead paragraph: its first named person speaks
                    found, method = _introduced_by(chunk, quote.paragraph_begin - low, weak=True), \
                        "rule:quote-after-lead"
                if found is None:
                    method = "rule:quote-unattributed"
            elif not continues and not partial:
                # 'X did not dispute the timeline. "We should have called the fire department ourselves."': the
                # person the sentence before it in its paragraph is about
                found = _subject_of_sentence_before(chunk, quote)
                if found is not None:
                    method = "rule:quote-sentence-before"
        speakers = found.speakers if found is not None else []
        if len(speakers) == 1 and speakers[0].want == "person" and not partial:
            # '"...," he said.' after a sentence about a named person in its paragraph (or, when the quote opens
            # its paragraph, at the end of the paragraph before): that person, not whoever else the text names last
            local = _person_of_sentence_before(chunk, quote, text[speakers[0].begin - low:speakers[0].end - low],
                                               across_paragraphs=opens_paragraph)
            if local is not None:
                speakers, method = [local], "rule:quote-local-pronoun"
        unnamed = found is not None and found.unnamed and not speakers
        if unnamed:
            method = "rule:quote-unnamed"
        if words < _MIN_WORDS_ATTRIBUTED:
            continue
        if speakers and speakers[0].want != "mention":
            method += "+anaphor"  # "she said": right as often as the pronoun is resolved right
        chunk.observations.add(RawQuote(
            quote.begin, quote.end, speakers[0] if speakers else None, method,
            found.cue if found is not None else None, continues, tuple(speakers[1:]), quote.close_mark is None,
            unnamed, (quote.paragraph_begin, quote.paragraph_end), opens_paragraph))


_HEADLINE_SPEECH = re.compile(r"\b(?:tells?|says?|admits?|warns?|insists?|denies|urges?|describes?|calls?)\b|"
                              r"\bto\s+[\w\s'’-]+:\s*$")
"""A headline's own speech verb before its quote ("founder tells MPs grid delays are '...'", "owner to Statehouse
panel: '...'"); after it ("'...', inquiry hears", "jury told") the headline names no speaker."""


def _headline_quote(chunk: Chunk, quote: QuoteMarks) -> None:
    """A quote in the headline: said by the person the lead names first when the headline's subject tells or says
    it before the quote ('Island co-op founder tells MSPs delays are ‘strangling community energy’'); else by no
    one the headline gives ('Apprentice was ‘never shown’ procedure, inquest hears')."""
    text = chunk.text
    speaker = None
    if _HEADLINE_SPEECH.search(text[:quote.open_mark]):
        speaker = _lead_person(chunk, quote.paragraph_end)
    chunk.observations.add(RawQuote(quote.begin, quote.end, speaker, "rule:quote-headline", None,
                                    paragraph=(0, quote.paragraph_end), headline=True))


def _lead_person(chunk: Chunk, headline_end: int) -> Ref | None:
    """The first person the lead names: in its first sentence, else in the first sentence of the next paragraph
    ("The founder of a charity told MPs ..." then "Jane Doe, who started it in 2013, ...")."""
    position = headline_end
    for _ in range(2):
        begin, end = _next_paragraph(chunk.text, position)
        if begin is None:
            return None
        span = chunk.doc.char_span(begin, end, alignment_mode="contract")
        sentences = list(span.sents) if span is not None and len(span) else []
        while len(sentences) > 1 and _DATELINE_PIECE.fullmatch(sentences[0].text.strip()):
            sentences = sentences[1:]  # "DOVER —" parsed as sentences of their own
        # a protagonist comes in with a full name; a lone word tagged a person may be a place ("a wind farm on Lewis")
        people = [m for m in _people_in(chunk, sentences[0]) if " " in m.text] if sentences else []
        if people:
            return Ref(people[0].begin, people[0].end)
        position = end
    return None


_DATELINE_PIECE = re.compile(r"[A-Z][A-Z.'’ ,-]+(?:\([^)]*\))?\s*[—–-]{0,2}|[—–-]{1,2}")


_TIMESTAMP = re.compile(r"\(\s*[\d:.]+\s*\)")
_NON_WORD = re.compile(r"[\W_]+")


def _no_words(text: str) -> bool:
    """True when ``text`` holds nothing but punctuation, space and time stamps such as "(0:22)"."""
    return not _NON_WORD.sub("", _TIMESTAMP.sub("", text))


_OPENS_WITH_CUE = re.compile(r"\s*(?:" + "|".join(COMMON_CUE_FORMS) + r"|according to)\b")
_CUE_AT_END = re.compile(r"[:,]\s*$|\b(?:" + "|".join(COMMON_CUE_FORMS) + r")\s*$")
_INTRODUCTION = re.compile(r"\b(?:" + "|".join(INTRODUCTION_NOUNS) + r")\s+(?:from|by|of)\b|:\s*$")
_LEADS_INTO_QUOTE = re.compile(r"[:,\u2014\u2013]\s*$|\s-\s*$")
_ENDS_CLAUSE = re.compile(r"[,.!?;:\u2014\u2013-]\s*$")
_STARTS_CLAUSE = re.compile(r"\s*[,;:\u2014\u2013-]")
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _is_partial(chunk: Chunk, quote: QuoteMarks, head_begin: int) -> bool:
    """Whether the quote runs inside its sentence: words of the sentence come before its opening mark, and they
    do not lead into it with a colon, comma or dash ('said the regulators had been "asleep at the wheel"')."""
    low = chunk.offset
    span = chunk.doc.char_span(quote.begin - low, quote.end - low, alignment_mode="expand")
    start = head_begin
    if span is not None and len(span):
        start = max(start, chunk.offset + span[0].sent.start_char)
    head = chunk.text[start - low:quote.open_mark - low]
    return not _no_words(head) and not _LEADS_INTO_QUOTE.search(head)


def _ends_clause(chunk: Chunk, quote: QuoteMarks) -> bool:
    """Whether a quote ends its clause (punctuation at its end, or a comma or dash after it), so that the words
    after it may be its cue ('..." the regulator said'), not the rest of its sentence."""
    low = chunk.offset
    inside = chunk.text[quote.begin - low:quote.close_mark - low]
    return bool(_ENDS_CLAUSE.search(inside) or _STARTS_CLAUSE.match(chunk.text, quote.close_mark - low + 1))


def _title_case(text: str) -> bool:
    """ "Protecting America from the Threat of ISIS": every word capitalized but the minor ones (a title)."""
    words = [w for w in _TITLE_WORD.findall(text) if w.lower() not in MINOR_WORDS]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _follows_headline(text: str, paragraph_begin: int) -> bool:
    """Whether the paragraph at ``paragraph_begin`` opens the article: nothing before it, or only its headline
    (one line with no full stop at its end) and a dateline."""
    before = [line.strip() for line in text[:paragraph_begin].split("\n") if line.strip()]
    if not before:
        return True
    return len(before) == 1 and not before[0].endswith((".", '"', "”", ":")) and text[:paragraph_begin].lstrip() \
        .startswith(before[0])


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


def _people_in(chunk: Chunk, tokens) -> list[RawMention]:
    """The named people among ``tokens``, in order, once each, leaving out a title the tagger took for a name
    ("Principal" of "Principal Deputy Assistant Attorney General Jane Doe")."""
    out: list[RawMention] = []
    for t in tokens:
        mention = chunk.mention_of_token.get(t.i)
        if mention is not None and chunk.names_person(mention) and mention not in out and not _title_only(mention.text):
            out.append(mention)
    return out


def _title_only(name: str) -> bool:
    words = [w.lower().rstrip(".") for w in name.split()]
    return bool(words) and all(w in TITLES or w in INNER_TITLES or w in PERSON_NOUNS for w in words)


_ASKING_LEMMAS = frozenset({"ask", "question", "press", "quiz", "grill", "challenge", "read", "show", "point",
                            "hold", "display", "sign"})
"""Verbs of a sentence whose subject does not say the quote after it: an asker (the one asked answers), or someone
showing or reading out words that are not theirs ("X held up a sign. "No entry."")."""


def _person_of_sentence_before(chunk: Chunk, quote: QuoteMarks, pronoun: str, *,
                               across_paragraphs: bool) -> Ref | None:
    """The named person the sentence before a quote is about, when a pronoun of their gender says the quote."""
    found = _subject_of_sentence_before(chunk, quote, across_paragraphs=across_paragraphs)
    if found is None or found.speakers[0].want != "mention":
        return None
    ref = found.speakers[0]
    mention = next((m for m in chunk.observations.mentions if (m.begin, m.end) == (ref.begin, ref.end)), None)
    gender = PRONOUN_GENDER.get(pronoun.lower())
    if gender is None or mention is None or (mention.gender is not None and mention.gender != gender) \
            or "," in mention.text or organization_type(mention.text) is not None:
        return None  # not a name run into a body's ("Committee on X, Doe")
    if not chunk.names_person(mention) and (_like_a_persons_name(mention.text) or (
            " " not in mention.text and any(m.text.endswith(" " + mention.text) and (
                chunk.names_person(m) or _like_a_persons_name(m.text)) for m in chunk.observations.mentions))):
        mention.forced = "Person"  # "he said" of it: a person's name or surname, whatever the tagger made of it
    return ref


def _subject_of_sentence_before(chunk: Chunk, quote: QuoteMarks, *, across_paragraphs: bool = False) -> _Found | None:
    """The named person (or he/she) that is the subject of the sentence right before a quote in its paragraph (or
    ending the paragraph before, ``across_paragraphs``), when that sentence quotes nothing and its verb says or does
    something of the subject's own."""
    low = chunk.offset
    span = chunk.doc.char_span(quote.begin - low, quote.end - low, alignment_mode="expand")
    if span is None or not len(span) or span[0].sent.start == 0:
        return None
    before = chunk.doc[span[0].sent.start - 1].sent
    if before.text.strip() == "" and before.start > 0:
        before = chunk.doc[before.start - 1].sent  # a blank line parsed as a sentence of its own
    if '"' in before.text or "“" in before.text or "”" in before.text or before.text.rstrip().endswith("?"):
        return None
    between = chunk.text[before.end_char:quote.open_mark - low]
    if across_paragraphs:
        if chunk.begin(before[0]) < chunk.headline_end or between.count("\n") > 2 or not _no_words(between):
            return None
    elif chunk.begin(before[0]) < quote.paragraph_begin or not _no_words(between):
        return None
    root = before.root
    if root.pos_ not in ("VERB", "AUX") or root.lemma_.lower() in _ASKING_LEMMAS:
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    if subject.lower_ in ("he", "she") and subject.pos_ == "PRON":
        return _Found([Ref(chunk.begin(subject), chunk.end(subject), "person")], None)
    if subject.pos_ != "PROPN" and chunk.mention_at(subject) is None and not _surname_of_someone(chunk, subject) \
            and not _direct_people(chunk, subject):
        return None  # "the company", "a spokesman": no one named
    found = _subject_speakers(chunk, subject)
    if found is None or found.unnamed or len(found.speakers) != 1 or found.speakers[0].want != "mention":
        return None
    return found


def _named_after(chunk: Chunk, quote: QuoteMarks) -> _Found | None:
    """The first person named in the paragraph after a quote that fills its own paragraph."""
    low = chunk.offset
    begin, end = _next_paragraph(chunk.text, quote.paragraph_end - low)
    if begin is None:
        return None
    span = chunk.doc.char_span(begin, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    first_sentence = next(iter(span.sents), None)
    people = _people_in(chunk, first_sentence or [])
    if not people:
        return None
    return _Found([Ref(people[0].begin, people[0].end)], (low + begin, low + end))


def _introduced_by(chunk: Chunk, paragraph_begin: int, *, weak: bool = False) -> _Found | None:
    """The speaker named by the paragraph before a quote when it introduces one ("a statement from X:"; "A and
    B released the following statement:" names two)."""
    text = chunk.text
    end = paragraph_begin - 1
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = text.rfind("\n", 0, end) + 1
    if start < chunk.headline_end:
        return None  # a headline introduces no quote
    intro = text[start:end]
    cue = (chunk.offset + start, chunk.offset + end)
    if weak:
        if "“" in intro or '"' in intro:
            return None
        span = chunk.doc.char_span(start, end, alignment_mode="expand")
        people = _people_in(chunk, span or [])
        return _Found([Ref(people[0].begin, people[0].end)], cue) if people else None
    match = _INTRODUCTION.search(intro)
    if not intro.strip() or match is None:
        return None
    span = chunk.doc.char_span(start + match.start(), end, alignment_mode="expand")
    if span is None:
        return None
    people = _people_in(chunk, span)
    if people:
        return _Found([Ref(people[0].begin, people[0].end)], cue)
    whole = chunk.doc.char_span(start, end, alignment_mode="expand")
    if whole is None or not len(whole):
        return None
    # the subject of the introducing verb, every one of them: "Rodgers and Johnson released the statement:"
    root = whole[-1].sent.root
    subject = subject_of(root) if root.pos_ in ("VERB", "AUX") else None
    if subject is not None:
        found = _subject_speakers(chunk, subject)
        if found is not None and found.speakers:
            return _Found(found.speakers, cue)
    people = _people_in(chunk, whole)[-1:]
    return _Found([Ref(people[0].begin, people[0].end)], cue) if people else None


def _cue_in(chunk: Chunk, begin: int, end: int, *, after_quote: bool) -> _Found | None:
    """Find a cue verb in ``text[begin:end]`` (one clause next to a quote) and the speakers it names."""
    doc = chunk.doc
    low = chunk.offset
    if end <= begin:
        return None
    span = doc.char_span(begin - low, end - low, alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
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
            return None
    if not tokens:
        return None
    cue_span = (chunk.begin(tokens[0]), chunk.end(tokens[-1]))
    if after_quote and tokens[0].text in ("–", "—", "-", "--", "―"):
        # a byline after the quote: "..." – Rep. Joyce Beatty
        people = _people_in(chunk, tokens[1:7])
        if people:
            return _Found([Ref(people[0].begin, people[0].end)], cue_span)
    for t in tokens:
        if t.lower_ == "according" and t.i + 2 < len(doc) and doc[t.i + 1].lower_ == "to":
            found = _speaker_from(chunk, doc[t.i + 2])
            if found is not None:
                return _Found([found], cue_span)
    # "Asked by MP X whether ..., Y said": the one asked answers, not the one asking
    cues = [t for t in tokens if t.lemma_.lower() in CUE_LEMMAS and t.pos_ in ("VERB", "AUX") and not (
        t.tag_ == "VBN" and t.dep_ in ("advcl", "acl") and any(c.dep_ == "agent" for c in t.children))]
    if not cues and after_quote and len(tokens) <= 8:
        # the tagger sometimes takes "said" for an adjective
        cues = [t for t in tokens if t.lower_ in COMMON_CUE_FORMS]
    first, last = tokens[0].i, tokens[-1].i
    for cue in cues:
        for child in cue.children:
            if child.dep_ in ("nsubj", "nsubjpass") and first <= child.i <= last:
                found = _subject_speakers(chunk, child, inverted=child.i > cue.i)
                if found is not None:
                    return _Found(found.speakers, cue_span, found.unnamed)
        # "said Kutcher", "said FBI Special Agent Robert Tripp", "said Sens. A and B": the people named right
        # after the cue
        run = []
        for t in doc[cue.i + 1:min(cue.i + 16, last + 1)]:
            if t.text in (".", ";", "“", '"') or (t.text == "," and (_people_in(chunk, run) or not run)):
                break  # past a comma only to the name of a role: "replied the committee's chair, Dame Jane Doe"
            if t.lower_ in PRONOUNS and t.pos_ == "PRON" and t.i == cue.i + 1:
                found = _speaker_from(chunk, t)
                return _Found([found], cue_span) if found is not None else None
            run.append(t)
        people = _people_in(chunk, run)
        if people:
            return _Found([Ref(m.begin, m.end) for m in people], cue_span)
        named = [t for t in run if t.i in chunk.mention_of_token and not _title_only(chunk.mention_of_token[t.i].text)]
        if named:
            return _Found([Ref(chunk.mention_of_token[named[0].i].begin, chunk.mention_of_token[named[0].i].end)],
                          cue_span)
        # the parse may miss the subject: the nearest name just before the cue in the clause, with the names
        # joined to it ("Sens. A and B said")
        for t in reversed(doc[max(first, cue.i - 4):cue.i]):
            mention = chunk.mention_at(t)
            if mention is not None and chunk.names_person(mention) and not _title_only(mention.text):
                return _Found([*_joined_before(chunk, t, first), Ref(mention.begin, mention.end)], cue_span)
            if mention is not None or t.pos_ in ("NOUN", "PROPN", "PRON") or _looks_like_a_name(t):
                found = _subject_speakers(chunk, t)
                if found is not None:
                    return _Found(found.speakers, cue_span, found.unnamed)
    if not after_quote and not cues and tokens[-1].text.endswith(":"):
        # "He opened with a prepared statement:", "She read a statement:": the subject of the verb the statement
        # belongs to
        for t in tokens:
            if t.lower_ in INTRODUCTION_NOUNS and t.pos_ == "NOUN" and not any(
                    c.dep_ == "prep" and c.lower_ in ("from", "by", "of") for c in t.children):
                verb = governing_verb(t)
                subject = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
                if subject is not None and first <= subject.i <= last:
                    found = _subject_speakers(chunk, subject)
                    if found is not None:
                        return _Found(found.speakers, cue_span, found.unnamed)
    if not after_quote and not cues and tokens[-1].text.endswith(":") and not any(
            t.pos_ in ("VERB", "AUX") for t in tokens if t.i not in chunk.mention_of_token):
        # a speaker's name as a label: "Congressman John Joyce (PA-13): "..."
        people = _people_in(chunk, tokens)
        if people:
            return _Found([Ref(m.begin, m.end) for m in people], cue_span)
    return None


def _embedding_cue(chunk: Chunk, quote: QuoteMarks) -> _Found | None:
    """The speaker of the cue verb whose clause holds a quote, when the verb comes before the quote in its sentence
    ("Chon told the committee that the problem was "hiding in plain sight"", "She said the program "saves
    lives"", "X said he supported it but warned of "hard choices"", "The program, she said, was "a lifeline""); a
    cue whose subject is no person ("her report described the cracks as "serious"") gives way to the cue above it
    ("X testified that her report ...")."""
    low = chunk.offset
    span = chunk.doc.char_span(quote.begin - low, quote.end - low, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    first = span[0]
    sent = first.sent
    verbs: list[Token] = []
    for node in (first, *first.ancestors):
        if node.i < sent.start:
            break
        if node is not first:
            verbs.append(node)
        verbs += children(node, "parataxis")  # a cue set off by commas
    unnamed = None
    for verb in verbs:
        if chunk.begin(verb) >= quote.open_mark or verb.lemma_.lower() not in EMBEDDING_CUE_LEMMAS \
                or verb.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] or [
            s for s in [subject_of(verb)] if s is not None]
        if not subjects and verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ == "PROPN":
            # "X, whose department has 22 volunteers, described ... a plume "the color of weak tea"": the parse
            # found no main verb and hung the cue on the name
            subjects = [verb.head]
        found = None
        # a subject that names people first: "Sens. A and B said" parses "Sens." as a subject too
        for subject in sorted(subjects, key=lambda t: (not _direct_people(chunk, t), abs(verb.i - t.i))):
            if chunk.begin(subject) >= quote.open_mark:
                continue
            if subject.ent_type_ in ("GPE", "LOC", "FAC") and verb.dep_ == "conj" and subject.head.i != verb.i:
                # "She told X that Canada imports ... and said the fund was "a start"": the cue was parsed into
                # the clause of a place; the cue above it decides
                continue
            found = _subject_speakers(chunk, subject)
            if found is not None and found.speakers:
                break
        if not subjects:
            found = _name_before(chunk, verb, sent.start)  # "X, 67, said she had been "frightened""
        if found is None:
            continue
        if found.speakers:
            return _Found(found.speakers, (chunk.begin(sent[0]), chunk.end(sent[-1])))
        unnamed = unnamed or _Found([], (chunk.begin(sent[0]), chunk.end(sent[-1])), True)
    return unnamed


def _name_before(chunk: Chunk, verb: Token, floor: int) -> _Found | None:
    """A person named just before a verb the parse gave no subject, past an age or a title between commas."""
    for t in reversed(chunk.doc[max(floor, verb.i - 8):verb.i]):
        if t.is_punct or t.like_num or t.ent_type_ == "DATE":
            continue
        mention = chunk.mention_at(t)
        if mention is not None and chunk.names_person(mention) and not _title_only(mention.text):
            return _Found([Ref(mention.begin, mention.end)], None)
        return None
    return None


def _subject_speakers(chunk: Chunk, subject: Token, *, inverted: bool = False) -> _Found | None:
    """Who the subject of a cue verb is: the people it names ("Sens. A and B": both), a pronoun, or a role noun
    that stands for a person named before ("the senator"); ``unnamed`` when it names no person of the text ("a
    spokeswoman", "an Echoform spokesman", "the company", "the report"); None when it is no speaker at all."""
    if subject.tag_ == "WP" and subject.lower_ == "who":
        # "X, a grower, who said farmers were "pulling out orchards"", "X, a director at Y, who said": the person
        # the relative clause is about
        antecedents = [a for a in relative_antecedents(subject) if a.i < subject.i]
        named = next((a for a in antecedents if _direct_people(chunk, a)), None)
        if named is not None or antecedents:
            return _subject_speakers(chunk, named if named is not None else antecedents[0])
    people = _direct_people(chunk, subject)
    if people:
        for other in subject.conjuncts:
            mention = chunk.mention_at(other)
            if mention is not None and mention not in people and mention.label != "PERSON" \
                    and _like_a_persons_name(mention.text):
                # "Senators A and B said", B tagged as a body: joined to a person speaking, a person too
                mention.forced, mention.label = "Person", "PERSON"
                people.append(mention)
        return _Found([Ref(m.begin, m.end) for m in sorted(people, key=lambda m: m.begin)], None)
    if (subject.pos_ == "PROPN" and subject.lower_.rstrip(".") in TITLES) or (
            subject.ent_type_ in ("GPE", "LOC") and subject.text.isupper()):
        return None  # "Sens." or a dateline's "LONDON" parsed as a subject of its own
    if inverted:
        # an inverted subject ("said FBI Special Agent in Charge Robert Tripp"): the person after the cue is read
        # by the caller, before the body in the title
        return None
    mention = chunk.mention_at(subject)
    if mention is not None and not chunk.names_person(mention) and _titled_first_name(chunk, mention):
        # "Dame Harriet said" (tagged a work of art) after "Dame Harriet Coyle": the person, without the title
        shift = mention.text.index(" ") + 1
        mention.begin, mention.text = mention.begin + shift, mention.text[shift:]
        mention.label, mention.forced = "PERSON", "Person"
    if mention is not None and mention.label in _SPEECHLESS_LABELS and not mention.forced:
        if "," not in mention.text and _like_a_persons_name(mention.text):
            # '"...," Nayeli Soto told jurors': a name after a closing mark tagged as a title; no work of art speaks
            mention.label, mention.forced = "PERSON", "Person"
        elif ", " in mention.text:
            # '"...," Rowe-Bennett, Cargowise's chief executive, said': the surname of a person named before
            surname = mention.text.split(", ")[0]
            if " " not in surname and any(m.text.endswith(" " + surname) and (
                    chunk.names_person(m) or _like_a_persons_name(m.text)) for m in chunk.observations.mentions):
                begin = chunk.doc.char_span(mention.begin - chunk.offset, mention.begin - chunk.offset + len(surname),
                                            alignment_mode="contract")
                found = chunk.force(begin[0], begin[-1], "Person") if begin is not None and len(begin) else None
                if found is not None:
                    return _Found([found], None)
            return None
    if mention is not None and not _title_only(mention.text):
        # a name, whatever the tagger called it: the resolver decides whether it is a person's
        return _Found([Ref(mention.begin, mention.end)], None)
    lower = subject.lower_
    if lower in _JOINT_WORDS:
        joint = _joint_speakers(chunk, subject)
        if joint:
            return _Found(joint, None)
    if lower in PRONOUNS and subject.pos_ == "PRON":
        if PRONOUNS[lower] == "organization":
            return _Found([], None, True)
        answerer = _answerer(chunk, subject)
        if answerer is not None:
            return _Found([answerer], None)
        return _Found([Ref(chunk.begin(subject), chunk.end(subject), PRONOUNS[lower])], None)
    if (subject.pos_ == "PROPN" and subject.text[:1].isupper()) or _looks_like_a_name(subject) \
            or _surname_of_someone(chunk, subject):
        # a name the tagger missed ("Pettaway-Sims told jurors"): what its other mentions make it
        found = chunk.ref(subject) or chunk.untyped(subject) or _untagged_name(chunk, subject)
        return _Found([found], None) if found is not None else None
    if _introduces_someone(chunk, subject):
        # "A travel nurse from Tulsa who has worked in 14 hospitals told a Senate committee ...": a lead's
        # protagonist, whom the next sentence opens with
        return _Found([Ref(chunk.begin(subject.left_edge), chunk.end(subject), "description")], None)
    if subject.pos_ in ("NOUN", "ADJ") and _names_someone(chunk, subject):
        if lower in UNNAMED_SPEAKER_NOUNS or _indefinite_or_of_a_body(chunk, subject):
            return _Found([], None, True)  # "a spokeswoman said", "the Echoform spokesman said"
        # "the senator said", "The chief executive of X told MPs", "the 71-year-old said": the person the
        # description stands for
        found = chunk.ref(subject) or Ref(chunk.begin(subject), chunk.end(subject), "description")
        return _Found([found], None)
    if subject.pos_ in ("NOUN", "PROPN"):
        return _Found([], None, True)  # "the report said", "officials said", "the company said"
    return None


_AGENT_ENDINGS = ("er", "or", "ist", "ian", "hand", "man", "woman", "person")
"""Endings of nouns naming someone by what they do ("grower", "organizer", "toxicologist", "deckhand")."""
_THINGS_ENDING_LIKE_AGENTS = frozenset({"letter", "paper", "order", "number", "matter", "chapter", "center",
                                        "centre", "poster", "flyer", "folder", "register", "counter", "filter",
                                        "banner", "error", "factor", "sector", "motor", "monitor", "corridor"})
_YEAR_OLD = re.compile(r"\d{1,3}-year-$")


def _names_someone(chunk: Chunk, noun: Token) -> bool:
    """A noun that names a person by role or age: "the senator", "the co-owner of X", "the 71-year-old"."""
    lower = noun.lower_
    if noun.pos_ == "NOUN" and (lower in PERSON_NOUNS or noun.lemma_.lower() in PERSON_NOUNS or (
            lower.startswith("co-") and lower[3:] in PERSON_NOUNS)):
        return True
    # "the 71-year-old said" (not "my 8-year-old said", a child the speaker tells of)
    return lower == "old" and any(c.lower_ == "the" for c in noun.children) and bool(
        _YEAR_OLD.search(chunk.text, max(0, noun.idx - 12), noun.idx))


def _introduces_someone(chunk: Chunk, noun: Token) -> bool:
    """An indefinite description heavy enough to bring in a protagonist ("A former deckhand on a trawler", "A
    travel nurse from Tulsa who has worked in 14 hospitals"), not a passer-by ("a resident", "a lawyer for the
    firm", "an Echoform spokesman")."""
    lower = noun.lower_
    if noun.pos_ != "NOUN" or noun.tag_ != "NN" or noun.ent_type_ or lower in UNNAMED_SPEAKER_NOUNS \
            or lower in ORGANIZATION_NOUNS or lower in _THINGS_ENDING_LIKE_AGENTS:
        return False
    if not (_names_someone(chunk, noun) or lower.endswith(_AGENT_ENDINGS)):
        return False
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children):
        return False
    relative = any(c.dep_ == "relcl" and c.i > noun.i for c in noun.children)
    if not relative and any(c.dep_ in ("compound", "poss", "nmod") and c.i in chunk.mention_of_token
                            for c in noun.children):
        return False  # "an Echoform engineer at the plant": someone of the firm; "a former Army medic who runs X" is not
    return any(c.dep_ in ("prep", "relcl", "acl") and c.i > noun.i and c.lower_ != "for" for c in noun.children)


def _titled_first_name(chunk: Chunk, mention: RawMention) -> bool:
    """A title and one name ("Dame Harriet", "Sir Malcolm") that is the first name of a person named in full."""
    words = mention.text.split()
    return len(words) == 2 and words[0].lower().rstrip(".") in TITLES and any(
        m is not mention and m.text.startswith(words[1] + " ") and chunk.names_person(m)
        for m in chunk.observations.mentions)


def _like_a_persons_name(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and organization_type(name) is None


def _looks_like_a_name(token: Token) -> bool:
    """A capitalized word inside a sentence that is no role, body noun or pronoun ("Pryce-Jarvis" tagged as an
    adjective before "said")."""
    return (token.text[:1].isupper() and not token.is_sent_start and bool(NAME_WORD.fullmatch(token.text))
            and token.pos_ not in ("VERB", "AUX", "DET", "ADP", "PRON", "CCONJ", "SCONJ")
            and token.lower_ not in _NOUNS_OF_PEOPLE_OR_BODIES)


def _surname_of_someone(chunk: Chunk, token: Token) -> bool:
    """A capitalized word, even opening its sentence, that ends the name of a person named before ("Pimentel,
    78, still comes in", "O'Rourke-Lam said" tagged as common nouns)."""
    return token.text[:1].isupper() and bool(NAME_WORD.fullmatch(token.text)) and token.pos_ in ("NOUN", "PROPN", "ADJ") \
        and any(m.text.endswith(" " + token.text) and chunk.names_person(m) for m in chunk.observations.mentions)


def _untagged_name(chunk: Chunk, token: Token) -> Ref | None:
    """A capitalized word the tagger did not take for a name: a person's when a person named before has it as
    the end of their name ("Gloria Pettaway-Sims" ... "Pettaway-Sims told jurors"), else a mention whose type its
    other mentions decide."""
    surname = any(m.text.endswith(" " + token.text) and chunk.names_person(m)
                  for m in chunk.observations.mentions)
    if token.i > 0 and chunk.doc[token.i - 1].lower_.rstrip(".") in TITLES and any(
            m.text.startswith(token.text + " ") and chunk.names_person(m) for m in chunk.observations.mentions):
        surname = True  # "Dame Harriet said", "Sir Malcolm told MPs": a titled first name of a person named before
    found = chunk.force(token, token, "Person" if surname else "CONTEXT")
    mention = chunk.mention_at(token)
    if mention is not None and not surname:
        mention.forced = None
    return found


def _joined_before(chunk: Chunk, token: Token, first: int) -> list[Ref]:
    """The people named before the one at ``token`` and joined to it by "and" or commas ("Sens. A and B")."""
    out: list[Ref] = []
    mention = chunk.mention_at(token)
    if mention is None:
        return out
    i = chunk.doc.char_span(mention.begin - chunk.offset, mention.end - chunk.offset, alignment_mode="expand").start
    while i - 2 >= first and chunk.doc[i - 1].lower_ in ("and", ",", "&"):
        other = chunk.mention_at(chunk.doc[i - 2])
        if other is None or not chunk.names_person(other) or _title_only(other.text):
            break
        out.insert(0, Ref(other.begin, other.end))
        i = chunk.doc.char_span(other.begin - chunk.offset, other.end - chunk.offset, alignment_mode="expand").start
    return out


def _answerer(chunk: Chunk, pronoun: Token) -> Ref | None:
    """Who answers in a question and answer: 'X asked whether Y had read the reports. "Some weeks," he said.' The
    pronoun after a sentence whose subject asks about a person named in the question stands for that person; after
    a quoted question that names whom it addresses ('"Where is the paperwork, Mr. Doe?" X asked.'), for that one."""
    sent = pronoun.sent
    if sent.start == 0 or PRONOUNS.get(pronoun.lower_) != "person":
        return None
    before = chunk.doc[sent.start - 1].sent
    root = before.root
    if root.lemma_.lower() not in ("ask", "question", "press"):
        return None
    asker = [m for c in root.children if c.dep_ == "nsubj" for m in _direct_people(chunk, c)]
    if before.start > 0 and asker and not any(c.dep_ in ("ccomp", "advcl") for c in root.children):
        # '"Is a condo a classroom, Ms. X?" Strand asked. / "It was a place to stay," she said.': the one the
        # question addresses by name answers
        question = chunk.doc[before.start - 1].sent
        if question.text.rstrip().rstrip("\"”").endswith("?"):
            comma = max((t.i for t in question if t.text == ","), default=question.start)
            addressed = [m for m in _people_in(chunk, chunk.doc[comma:question.end]) if m not in asker]
            if len(addressed) == 1:
                return Ref(addressed[0].begin, addressed[0].end)
    if "\n" in chunk.text[before.end_char:sent.start_char]:
        return None
    question = [c for c in root.children if c.dep_ in ("ccomp", "advcl") and any(
        t.lower_ in ("whether", "if", "why", "how", "what", "when") for t in c.subtree)]
    asked = [m for c in question for m in _people_in(chunk, c.subtree) if m not in asker]
    return Ref(asked[0].begin, asked[0].end) if asker and len(asked) == 1 else None


def _indefinite_or_of_a_body(chunk: Chunk, noun: Token) -> bool:
    """ "a spokeswoman", "one official", "the company's lawyer", "an Echoform spokesman", "a lawyer for the
    firm": a person the text does not name."""
    for child in noun.children:
        if child.dep_ == "det" and child.lower_ in ("a", "an", "another", "one", "some"):
            return True
        if child.dep_ in ("compound", "poss", "nmod") and child.i in chunk.mention_of_token and \
                chunk.mention_of_token[child.i].label not in ("PERSON", "GPE", "LOC", "NORP"):
            return True  # "the Echoform spokesman"; not "the Michigan lawmaker", a place's
    return False


_SPEECHLESS_LABELS = frozenset({"WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
"""Tagger labels of things that say nothing: a name with one of them as the subject of a cue verb is a person's."""

_JOINT_WORDS = frozenset({"they", "lawmakers", "senators", "legislators", "representatives", "congressmen",
                          "congresswomen", "mps", "founders", "co-founders", "couple", "pair", "two"})
"""Subjects that may stand for the people a joint statement named just before: "Sens. A and B said in a joint
statement ... "...," they said."""


def _joint_speakers(chunk: Chunk, subject: Token) -> list[Ref]:
    """The people named together as the subject nearest before ``subject`` (in its sentence or the one before),
    when there are several: "Reps. A and B said in a joint statement that ... "...," the lawmakers said"."""
    sent = subject.sent
    start = sent.start
    if start > 0:
        start = chunk.doc[start - 1].sent.start
    for token in reversed(chunk.doc[start:subject.i]):
        position = chunk.begin(token)
        if token.dep_ not in ("nsubj", "nsubjpass") or any(b <= position < e for b, e in chunk.quote_spans):
            continue  # a subject inside the quotation speaks of something else
        if token.lower_ in _JOINT_WORDS:
            continue  # "... said that they would ...": the same people
        people = _direct_people(chunk, token)
        if len(people) >= 2:
            return [Ref(m.begin, m.end) for m in sorted(people, key=lambda m: m.begin)]
        return []  # the nearest subject is someone or something else
    return []


def _direct_people(chunk: Chunk, head: Token) -> list[RawMention]:
    """The people named in a phrase itself ("FBI Special Agent in Charge Robert Tripp", "Sens. A and B"), not in a
    possessor, a modifier of a noun or a preposition's object ("Kutcher's spokesman", "a Lumora spokesman", "a
    spokesman for Sen. Doe")."""
    out: list[RawMention] = []
    for token in head.subtree:
        mention = chunk.mention_at(token)
        if mention is None or not chunk.names_person(mention) or mention in out or _title_only(mention.text):
            continue
        current, direct = token, True
        while current.i != head.i and current.head.i != current.i:
            if current.dep_ in ("poss", "pobj", "prep") and current.head.i != head.i:
                direct = False
                break
            if current.dep_ in ("poss", "relcl", "acl") or (current.dep_ == "compound" and current.head.pos_ == "NOUN"):
                direct = False  # "Kutcher's spokesman", "a Lumora spokesman": someone else speaks
                break
            if current.dep_ == "appos" and current.head.i == head.i and chunk.mention_at(head) is not None and any(
                    c.dep_ == "relcl" and c.i < current.i for c in head.children):
                direct = False  # "X, who started it with his roommate, Y, said": Y ends the relative clause
                break
            current = current.head
        if direct:
            out.append(mention)
    return out


def _speaker_from(chunk: Chunk, token: Token) -> Ref | None:
    mention = chunk.mention_at(token)
    if mention is not None:
        return None if _title_only(mention.text) else Ref(mention.begin, mention.end)
    found = chunk.ref(token)
    if found is not None:
        return found
    lower = token.lower_
    if token.pos_ == "NOUN" and lower in _PERSON_OR_BODY_NOUNS:
        return Ref(chunk.begin(token), chunk.end(token), "person" if lower in PERSON_NOUNS else "organization")
    return None


def assemble(observations: Observations, resolver: Resolver, facts: Facts) -> None:
    """Every quote with its speaker resolved (or the speaker of the quote it continues) and its setting, one per
    speaker when several say the same words; needs the testimonies and interviews of ``facts``."""
    text = resolver.text
    raws: list[RawQuote] = []
    seen: set[tuple[int, int]] = set()
    for raw in sorted(observations.of(RawQuote), key=lambda q: q.begin):
        if (raw.begin, raw.end) not in seen:
            seen.add((raw.begin, raw.end))
            raws.append(raw)
    own = [_person(resolver, raw.speaker) for raw in raws]
    out: list[Quote] = []
    previous: Quote | None = None
    previous_end = -1
    for k, raw in enumerate(raws):
        speaker, setting, method = own[k], None, raw.method
        if speaker is None and raw.runs_on and not raw.unnamed:
            # a quote that goes on in the next paragraph is said by whoever the text names where it ends
            speaker, method = _speaker_where_it_ends(raws, own, k, text), "rule:quote-runs-on"
        if speaker is None and raw.continues and previous is not None and raw.begin - previous_end < 1500:
            speaker, setting = previous.speaker, previous.setting
        words = text[raw.begin:raw.end]
        if raw.headline and _quoted_again(words, raws, text):
            continue  # the headline quotes the words of a quote in the article: the article's quote is the one
        if speaker is None and not raw.continues and not raw.unnamed and not raw.headline and (
                len(words.split()) < _MIN_WORDS_UNATTRIBUTED or (not raw.runs_on and _title_case(words))):
            continue  # scare quotes and titles: "a 'crisis'", the film "Jobs", a hearing "Protecting the Grid"
        if speaker is None:
            method = "rule:quote-unnamed" if raw.unnamed else "rule:quote-unattributed"
        if speaker is not None and setting is None:
            setting = _setting(raw.cue, raw.begin, speaker, facts)
        slug = slugify(" ".join(text[raw.begin:raw.end].split()[:4]))[:40]
        quote = Quote(f"quote-{raw.begin}-{slug}", text[raw.begin:raw.end], [resolver.span(raw.begin, raw.end)],
                      speaker, setting, confidence("quote", method), method)
        out.append(quote)
        others = [_person(resolver, ref) for ref in raw.joint]
        for other in dict.fromkeys(o for o in others if o is not None and o != speaker):
            out.append(Quote(f"{quote.id}-{other}", quote.text, list(quote.evidence), other,
                             _setting(raw.cue, raw.begin, other, facts), confidence("quote", "rule:quote-joint"),
                             "rule:quote-joint"))
        previous, previous_end = quote, raw.end
    facts.quotes = out


def _quoted_again(words: str, raws: list[RawQuote], text: str) -> bool:
    """Whether the article quotes the headline's words again in a quote it keeps (one with a speaker or long
    enough to stand without one)."""
    key = _plain(words)
    return any(not other.headline and key in _plain(text[other.begin:other.end]) and (
        other.speaker is not None or other.continues or other.unnamed
        or len(text[other.begin:other.end].split()) >= _MIN_WORDS_UNATTRIBUTED) for other in raws)


def _plain(words: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", words.lower().replace("’", "'")).split())


def _person(resolver: Resolver, ref: Ref | None) -> str | None:
    """The entity a speaker reference resolves to, unless it is surely a body ("the Acme Corporation said"): a
    one-word name the tagger alone called a body may be a surname ("Blackstone described it as ...")."""
    if ref is None:
        return None
    found = resolver.resolve(ref, want="person" if ref.want != "mention" else None)
    if found is None:
        return None
    entity = resolver.entities[found]
    if entity.type != "Person" and (organization_type(entity.name) is not None or entity.method != "spacy:ner"
                                    or len(entity.name.split()) > 1):
        return None
    return found


def _speaker_where_it_ends(raws: list[RawQuote], own: list[str | None], k: int, text: str) -> str | None:
    """The speaker of a quote's last piece: the pieces that open each following paragraph until one closes."""
    current = raws[k]
    for j in range(k + 1, len(raws)):
        piece = raws[j]
        if not piece.opens_paragraph or text[current.paragraph[1]:piece.paragraph[0]].strip():
            return None
        if own[j] is not None:
            return own[j]
        if piece.unnamed or not piece.runs_on:
            return None
        current = piece
    return None


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
