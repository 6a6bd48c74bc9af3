"""Reported figures: the number with its hedge, what it measures, whom it is about, when, and per which source.

A figure is found by pattern in each sentence, then checked against the parse: years, dates, ages, durations, vote
tallies, numbers inside names ("Section 230", "COVID-19") and lone small words ("one person") are not statistics.
``assemble`` keeps one fact per figure, dates a figure whose sentence gives no year by the time of reporting, and
makes a figure with no agent of its own about the body the text reports on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..documents import slugify
from ..facts import Facts, Statistic
from .chunk import Chunk
from .confidence import confidence
from .grammar import children
from .layout import is_headline
from .lexicon import (
    AGE_WORDS,
    DESIGNATORS,
    DEVERBAL_NOUNS,
    HEDGE_PREPOSITIONS,
    IRREGULAR_PARTICIPLES,
    MONTHS,
    NOT_THE_FIGURES_YEAR_WORDS,
    NOW_WORDS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    RATE_WORDS,
    RELATIVE_YEAR_PATTERN,
    SAYING_LEMMAS,
    SET_DETERMINERS,
    SOURCE_LEMMAS,
    SOURCE_NOUNS,
    TIME_UNIT_PATTERN,
    VOTE_WORDS,
)
from .numbers import HEDGE_BEFORE, NUMBER_PATTERN, VAGUE_PATTERN, hedge_code, parse_number, vague_range
from .observations import Observations, Ref
from .years import YEAR, fallback_year, report_years, reporting_years

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from .resolve import Resolver

__all__ = ["INCLUDE_MONEY", "RawStatistic", "assemble", "find"]

_SAYING_OR_SOURCE_LEMMAS = SAYING_LEMMAS | SOURCE_LEMMAS

INCLUDE_MONEY = True
"""Amounts of money ("$1.2 million in grants") count as reported figures."""

_NOT_A_FIGURE_LABELS = {"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "FAC", "PRODUCT", "LAW", "EVENT",
                        "WORK_OF_ART", "GPE", "NORP", "LOC", "LANGUAGE"}
_TIME_UNITS = re.compile(r"^(?:" + TIME_UNIT_PATTERN + r")$", re.IGNORECASE)
@dataclass
class RawStatistic:
    value: float
    surface: tuple[int, int]
    hedge: str
    measure: str
    evidence: tuple[int, int]
    method: str
    about: Ref | None = None
    year: int | None = None
    source: str | None = None
    unit: str | None = None
    vague: bool = False
    value_max: float | None = None
    counted: str = ""
    """The lemma of the noun the figure counts ("resident"), when the parse gives one."""
    about_attributed: bool = False
    """``about`` is the body that reports the figure ("..., the group's chief executive said"), not the agent of
    its own clause: a body named only as a source ("According to X", "the agency reported") is no answer."""
    about_blocked: bool = False
    """The sentence names its source ("According to X", "X estimated that ..."): with no agent of its own the
    figure is about no one, rather than the body the document reports on."""
    other_year: bool = False
    """The sentence writes a year that dates something else ("cases since 2007", "up 20 percent from 2020"): no
    year of another sentence dates the figure either."""


def find(chunk: Chunk) -> None:
    """Every figure of every sentence of ``chunk``."""
    quote_spans = chunk.quote_spans
    for sent in chunk.sentences:
        text = sent.text
        base = sent.start_char
        taken: list[tuple[int, int]] = []
        reading = _Sentence(chunk, sent)
        for match in VAGUE_PATTERN.finditer(text):
            _vague_figure(chunk, sent, base + match.start(), base + match.end(), taken, reading)
        for match in _RATIO.finditer(text):
            _ratio_figure(chunk, sent, match, base, taken, reading)
        found_before = len(chunk.observations.of(RawStatistic))
        for match in NUMBER_PATTERN.finditer(text):
            begin, end = base + match.start(), base + match.end()
            if any(b < end and begin < e for b, e in taken):
                continue
            _figure(chunk, sent, match, begin, end, quote_spans, taken, reading)
        previous = ""
        for raw in sorted(chunk.observations.of(RawStatistic)[found_before:], key=lambda r: r.surface):
            if not raw.measure and previous:
                raw.measure = previous  # "18,000 people housed last year, up from 12,500 in 2022"
            previous = raw.measure or previous


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(b <= position < e for b, e in spans)


def _figure(chunk: Chunk, sent: Span, match: re.Match, begin: int, end: int,
            quote_spans: list[tuple[int, int]], taken: list[tuple[int, int]], reading: _Sentence) -> None:
    doc = chunk.doc
    number, scale = match.group("number"), match.group("scale")
    percent, currency = match.group("percent"), match.group("currency")
    lead = len(match.group(0)) - len(match.group(0).lstrip())
    begin += lead
    if number.lower() in ("a", "an", "half a") and not scale:
        return
    value = parse_number(number, scale)
    if value is None:
        return
    written = not number[:1].isdigit()
    if written and value < 2 and not (scale or percent):
        return  # "one person"
    if currency and not INCLUDE_MONEY:
        return
    if not (scale or percent or currency) and "," not in number and "." not in number and (
            YEAR.match(number) or (number.isdigit() and len(number) >= 5)):
        return  # a year, or a zip code, case or phone number
    span = doc.char_span(begin, end, alignment_mode="expand")
    if span is None:
        return
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    counted_time = after is not None and not percent and _TIME_UNITS.match(after.text) is not None and _counted_time(
        chunk, sent, span, after, value)
    if any(t.ent_type_ in _NOT_A_FIGURE_LABELS for t in span) and not (percent or currency or counted_time):
        return
    if before is not None and (before.lower_.rstrip(".") in DESIGNATORS or before.lower_ in DESIGNATORS):
        return
    if before is not None and before.text == "." and span.start >= 2 and doc[span.start - 2].lower_ in DESIGNATORS:
        return  # "S. Res. 310" tokenized as "Res" "." "310"
    if number.isdigit() and value < 130 and not (scale or percent or currency) and before is not None \
            and before.lemma_ in ("be", "at") and (after is None or after.is_punct or after.is_space) and any(
                t.lower_ in ("he", "she", "died", "dies", "death") or t.ent_type_ == "PERSON" for t in sent):
        return  # an age: "She was 81.", "dies at 81"
    if before is not None and before.lower_ in AGE_WORDS:
        return
    if after is not None and after.text.upper() in ("U.S.C.", "C.F.R.", "F.R.", "U.S.", "STAT.", "FED."):
        return  # a legal citation: "18 U.S.C. 1621", "27 F.R. 123"
    if before is not None and before.text.upper().rstrip(".") in ("U.S.C", "C.F.R", "F.R", "STAT", "USC", "CFR"):
        return  # the section of a citation: "18 U.S.C. 1622"
    if number.isdigit() and value < 100 and not (scale or percent or currency) and before is not None \
            and before.text == "." and after is not None and after.text[:1].isupper() and after.is_sent_start:
        return  # a footnote marker: "... for Afghanistan. 1 Since fiscal year 2002"
    if written and after is not None and after.pos_ not in ("NOUN", "ADJ", "PROPN") and after.lower_ != "of":
        return  # a written number that counts nothing: "the two of us", "one"
    if after is not None and not percent and _TIME_UNITS.match(after.text) and not counted_time:
        return
    if not (scale or percent or currency) and before is not None and after is not None and (
            before.text in MONTHS or after.text in MONTHS):
        return  # a date: "9 March", "March 9"
    if before is not None and before.lower_ in RATE_WORDS:
        return  # the unit of a rate: "$20 for every $1 spent", "per 1,000 residents"
    if before is not None and before.lower_ in ("a", "an") and not (scale or percent or currency) \
            and after is not None and after.tag_ == "NN":
        return  # a number that names a kind: "a 999 call"
    if written and value < 10 and before is not None and (before.lower_ in SET_DETERMINERS or (
            before.lower_ == "of" and span.start >= 2 and doc[span.start - 2].lower_ in ("one", "both", "either"))):
        return  # a small set the text already knows: "the two men", "his two sons", "one of two brothers"
    if number.isdigit() and not (scale or percent or currency) and len(number) >= 3 and after is not None \
            and _an_address(doc, after):
        return  # a room or street number: "2123 Rayburn House Office Building"
    if after is not None and after.text in ("-", "–", "to") and span.end + 1 < len(doc) \
            and doc[span.end + 1].like_num and any(t.lower_ in VOTE_WORDS for t in sent):
        return  # a vote tally: "passed 52-48", "by a vote of 12 to 9"
    if after is not None and after.text == ")" and before is not None and before.text == "(":
        return  # a list marker "(1)"
    if after is not None and after.lower_ in ("st", "nd", "rd", "th", "%-"):
        return
    if _inside(chunk.offset + begin, quote_spans) and value < 10 and not percent:
        return
    hedge_match = HEDGE_BEFORE.search(chunk.text[max(0, begin - 30):begin])
    surface_begin = begin - (len(hedge_match.group(0)) if hedge_match else 0)
    hedge = hedge_code(hedge_match.group("hedge") if hedge_match else None)
    unit = "percent" if percent else ("USD" if currency in ("$", "US$") else currency and currency)
    measure, (about, how), source, noun = _context(chunk, sent, span, percent=bool(percent))
    taken.append((begin, end))
    _add_figure(reading, span, value, (surface_begin, end), hedge, measure,
                "rule:figure+parse" if noun is not None else "rule:figure", about, how, source, noun, unit or None)


_ADDRESS_WORDS = frozenset({"Street", "St.", "Avenue", "Ave.", "Road", "Rd.", "Building", "Boulevard", "Blvd.",
                            "Drive", "Lane", "Hall", "Place", "Square"})


def _an_address(doc, after: Token) -> bool:
    """Whether the words after a number name a building or a street ("Rayburn House Office Building")."""
    if not after.text[:1].isupper() or after.pos_ != "PROPN":
        return False
    return after.ent_type_ == "FAC" or any(t.text in _ADDRESS_WORDS for t in doc[after.i:min(after.i + 5, len(doc))])


def _counted_time(chunk: Chunk, sent: Span, span: Span, unit: Token, value: float) -> bool:
    """Whether a number of hours or minutes is a reported figure rather than how long something lasted: "9,400
    hours lost", "20 hours of training", "51 minutes on average"; not "for nine hours"."""
    if unit.lower_.rstrip("s") not in ("hour", "minute"):
        return False
    following = chunk.doc[unit.i + 1] if unit.i + 1 < len(chunk.doc) else None
    return value >= 100 or (following is not None and following.lower_ == "of") or any(
        t.lower_ == "average" for t in chunk.doc[max(sent.start, span.start - 4):min(sent.end, unit.i + 5)])


_SMALL = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten"
_RATIO = re.compile(r"(?<![\w$.,])(?P<part>" + _SMALL + r")\s+(?:in|out\s+of)\s+(?P<whole>" + _SMALL + r"|\d{1,3}(?:,\d{3})*)"
                    r"(?![\w%]|[.,]\d)", re.IGNORECASE)
"""A share written as a ratio: "four in 10", "one in five", "three out of four"."""


def _ratio_figure(chunk: Chunk, sent: Span, match: re.Match, base: int, taken: list[tuple[int, int]],
                  reading: _Sentence) -> None:
    """"nearly four in 10 rural hospitals": a share, 40 percent, of what the words after it count."""
    part, whole = parse_number(match.group("part")), parse_number(match.group("whole"))
    if not part or not whole or part >= whole or whole < 2:
        return
    begin, end = base + match.start(), base + match.end()
    span = chunk.doc.char_span(base + match.start("whole"), end, alignment_mode="expand")
    if span is None or _inside(chunk.offset + begin, chunk.quote_spans):
        return
    hedge_match = HEDGE_BEFORE.search(chunk.text[max(0, begin - 30):begin])
    surface_begin = begin - (len(hedge_match.group(0)) if hedge_match else 0)
    hedge = hedge_code(hedge_match.group("hedge") if hedge_match else None)
    measure, (about, how), source, noun = _context(chunk, sent, span, percent=True)
    taken.append((begin, end))
    _add_figure(reading, span, round(part / whole * 100, 2), (surface_begin, end), hedge,
                measure if measure != "percent" else f"percent ({match.group(0)})", "rule:ratio", about, how, source,
                noun, "percent")


def _vague_figure(chunk: Chunk, sent: Span, begin: int, end: int, taken: list[tuple[int, int]],
                  reading: _Sentence) -> None:
    doc = chunk.doc
    surface = chunk.text[begin:end]
    if _inside(chunk.offset + begin, chunk.quote_spans):
        return  # "I have written hundreds of these reports": a manner of speaking
    found = vague_range(surface)
    if found is None:
        return
    span = doc.char_span(begin, end, alignment_mode="expand")
    after = doc[span.end] if span is not None and span.end < len(doc) else None
    if span is None or after is None or after.lower_ != "of":
        return  # "thousands of victims" is a count; "by the thousands" is not worth a fact
    if after.i + 1 < len(doc) and _TIME_UNITS.match(doc[after.i + 1].text):
        return  # "thousands of years"
    low, high = found
    measure, (about, how), source, noun = _context(chunk, sent, span, percent=False)
    if noun is None:
        return
    taken.append((begin, noun.idx + len(noun.text)))
    _add_figure(reading, span, low, (begin, end), "at_least", measure, "rule:vague-count", about, how, source,
                noun, None, vague=True, value_max=high)


def _add_figure(reading: _Sentence, span: Span, value: float, surface: tuple[int, int], hedge: str,
                measure: str, method: str, about: Ref | None, how: str | None, source: str | None,
                noun: Token | None, unit: str | None, *, vague: bool = False, value_max: float | None = None) -> None:
    """Store a figure found at ``surface`` (offsets in the chunk) with what its sentence tells of it: its year,
    whether ``about`` is only the reporting body, whether a named source or another year rules one out."""
    chunk = reading.chunk
    year = _year(reading, span)
    chunk.observations.add(RawStatistic(
        value, (chunk.offset + surface[0], chunk.offset + surface[1]), hedge, measure, reading.span,
        method, about, year, source, unit, vague, value_max, counted=_lemma(noun),
        about_attributed=how == "reporter", about_blocked=how == "source" or reading.names_a_source,
        other_year=year is None and reading.dates_something_else))


class _Sentence:
    """What one sentence tells of every figure in it, read once however many figures it holds."""

    def __init__(self, chunk: Chunk, sent: Span):
        self.chunk, self.sent = chunk, sent

    @cached_property
    def span(self) -> tuple[int, int]:
        return self.chunk.sentence_span(self.sent)

    @cached_property
    def of_today(self) -> bool:
        return _said_of_today(self.sent)

    @cached_property
    def years(self) -> list[Token]:
        """The years written as a date, or naming the study the figures come from ("A 2024 survey found that
        ..."), that date no other event; none in a sentence said to hold today."""
        if self.of_today:
            return []
        sent = self.sent
        return [t for t in sent if YEAR.match(t.text) and (t.ent_type_ == "DATE" or (
            t.dep_ in ("nummod", "compound", "amod") and t.head.lower_ in SOURCE_NOUNS)) and not _dates_another_event(
            t, sent)]

    @cached_property
    def names_a_source(self) -> bool:
        return _names_a_source(self.chunk, self.sent)

    @cached_property
    def dates_something_else(self) -> bool:
        return not self.of_today and _dates_something_else(self.sent)


_NOT_THE_FIGURES_YEAR = re.compile(r"^(?:" + "|".join(NOT_THE_FIGURES_YEAR_WORDS) + r")$", re.IGNORECASE)


def _year(reading: _Sentence, span: Span) -> int | None:
    """The year written in the figure's sentence, unless it dates something else ("since its founding in 1887",
    "Begun in 1887, the institute today has 27 centers": a figure said to hold today is of the reporting year)."""
    years = reading.years
    # "..., which DHS approved after it revised its policy in November 2008. GAO could not assess six programs":
    # a year inside a clause that does not hold the figure dates that clause
    years = [t for t in years if not _in_other_clause(t, span[0], span.root)]
    if not years:
        return None
    return int(min(years, key=lambda t: abs(t.i - span[0].i)).text)


def _dates_another_event(year: Token, sent: Span) -> bool:
    """ "cases since 2007", "founded in 2002": a word just before the year makes it the date of something else;
    not in "up from 980,000 in 2019", where the word governs a figure written between them."""
    window = list(year.doc[max(sent.start, year.i - 3):year.i])
    for k, word in enumerate(window):
        if _NOT_THE_FIGURES_YEAR.match(word.text) and not any(t.like_num for t in window[k + 1:]):
            return True
    return False


_RELATIVE_YEAR = re.compile(RELATIVE_YEAR_PATTERN, re.IGNORECASE)


def _dates_something_else(sent: Span) -> bool:
    """Whether a sentence whose figure has no year of its own starts a period or dates another event with one
    ("cases since 2007", "founded in 2002", "up 20 percent from 2020"), or gives a year relative to an unknown
    date ("last year"): then the year of another sentence does not date the figure either (a figure said to hold
    today takes the reporting year: ``_Sentence.dates_something_else``)."""
    return bool(_RELATIVE_YEAR.search(sent.text)) or any(
        YEAR.match(t.text) and t.ent_type_ == "DATE" and any(
            _NOT_THE_FIGURES_YEAR.match(w.text) for w in t.doc[max(sent.start, t.i - 3):t.i]) for t in sent)


def _said_of_today(sent: Span) -> bool:
    return any(t.lower_ in NOW_WORDS and t.dep_ in ("npadvmod", "advmod") for t in sent)


def _in_other_clause(year: Token, figure: Token, root: Token | None = None) -> bool:
    current = year
    while current.head.i != current.i:
        if current.dep_ in ("advcl", "relcl", "acl") and current.pos_ in ("VERB", "AUX"):
            if root is not None and current.dep_ in ("relcl", "acl") and root in current.ancestors:
                return False  # "$3.4 billion in settlements that were secured in FY 2010": a clause of the figure
            return not (current.left_edge.i <= figure.i <= current.right_edge.i)
        current = current.head
    return False


def _counted_noun(span: Span) -> Token | None:
    """The noun a figure counts: "6,000 ... victims", "thousands of child victims", "40 percent of adults"."""
    doc = span.doc
    last = span[-1]
    if last.dep_ == "nummod" and last.head.pos_ in ("NOUN", "PROPN") and last.head.i > last.i:
        return last.head
    head = last.head
    for token in [last, *last.children, head]:
        if token.lower_ == "of" or (token.dep_ == "prep" and token.lower_ == "of"):
            objects = children(token, "pobj")
            if objects:
                return objects[0]
    nxt = span.end
    while nxt < len(doc) and doc[nxt].pos_ in ("ADJ", "NOUN", "PROPN", "ADV") and nxt - span.end < 6:
        if doc[nxt].pos_ == "NOUN" and (nxt + 1 >= len(doc) or doc[nxt + 1].pos_ != "NOUN"):
            return doc[nxt]
        nxt += 1
    if nxt < len(doc) and doc[nxt].lower_ == "of" and nxt + 1 < len(doc):
        for t in doc[nxt + 1:min(nxt + 7, len(doc))]:
            if t.pos_ == "NOUN" and (t.i + 1 >= len(doc) or doc[t.i + 1].pos_ != "NOUN"):
                return t
    return None


def _participle(verb: Token) -> str:
    if verb.tag_ == "VBN" or (verb.tag_ == "VBD" and verb.lemma_.lower() not in IRREGULAR_PARTICIPLES
                              and verb.lower_.endswith("ed")):
        return verb.lower_
    lemma = verb.lemma_.lower() or verb.lower_
    if lemma in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _context(chunk: Chunk, sent: Span, span: Span, *, percent: bool
             ) -> tuple[str, tuple[Ref | None, str], str | None, Token | None]:
    doc = chunk.doc
    noun = _counted_noun(span)
    measure = ""
    if noun is not None and noun.pos_ == "PRON":
        # "Nearly 3.3 million of them were children": what the figure is said to be, never the pronoun
        predicate = _predicate_noun(span[-1])
        if predicate is not None:
            words = [t.text for t in predicate.lefts if t.dep_ in ("amod", "compound") and t.pos_ != "PRON"]
            measure = " ".join([*words, predicate.text])
        if percent:
            measure = ("percent " + measure).strip()
    elif noun is not None:
        start = span.end
        if doc[start].lower_ == "of":
            start += 1
        modifiers = [t for t in doc[start:noun.i] if t.pos_ in ("ADJ", "NOUN", "PROPN", "VERB") or t.text == "-"]
        # written as in the text: "fourth-graders", "low-income families"; with what it is of ("hours of training")
        measure = "".join(t.text + (t.whitespace_ and " ") for t in modifiers) + noun.text + _of_phrase(noun)
        if percent:
            measure = "percent of " + measure
        verb = _governing_verb(noun, span[-1])
        if verb is not None:
            measure += " " + verb
        elif percent and noun.head.lower_ == "of" and noun.head.head.i == span[-1].i:
            # "40 percent of fourth-graders read below grade level": what is said of the share
            measure += _predicate_of(span[-1])
    elif percent:
        predicate = _predicate_noun(span[-1])
        # "Of those refused, 40 percent were women"
        measure = f"percent who were {predicate.text}" if predicate is not None else "percent"
    elif (currency := _currency_word(span)) is not None:
        # "$85 million raised from investors": the money and what was done with it
        verb = _governing_verb(span[-1])
        measure = currency + (" " + verb if verb else "")
    # otherwise no measure: "up from 12,500" takes what the figure before it in the sentence counts (see ``find``)
    about = _about(chunk, span[0])
    source = _source(chunk, sent)
    return measure.strip(), about, source, noun


def _of_phrase(noun: Token) -> str:
    """A short "of" phrase after a counted noun: "hours of training", "pages of documents"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == noun.i + 1:
            phrase = list(child.subtree)
            if len(phrase) <= 4 and not any(t.is_punct or t.like_num or t.pos_ == "PRON" for t in phrase):
                return " " + "".join(t.text + (t.whitespace_ and " ") for t in phrase).strip()
    return ""


_CURRENCY_WORDS = {"$": "dollars", "US$": "dollars", "£": "pounds", "€": "euros"}


def _currency_word(span: Span) -> str | None:
    for t in span.doc[max(0, span.start - 1):span.end]:
        if t.text in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[t.text]
    return None


def _predicate_of(figure: Token) -> str:
    """The verb phrase a share is the subject of, when it changes what the share means ("read below grade
    level"): the verb and what follows it in its clause, up to a few words."""
    verb = figure.head
    if figure.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX") or verb.lemma_ == "be" and not [
            c for c in verb.children if c.dep_ in ("acomp", "attr", "prep")]:
        return ""
    words = [] if verb.lemma_ == "be" else [verb]
    for child in verb.rights:
        if child.dep_ not in ("prep", "dobj", "acomp", "attr", "xcomp", "prt", "advmod"):
            break
        phrase = list(child.subtree)
        if len(words) + len(phrase) > 6 or any(t.is_punct or t.ent_type_ in ("DATE", "TIME") or t.like_num
                                                for t in phrase):
            break
        words += phrase
    return (" " + "".join(t.text + (t.whitespace_ and " ") for t in words).strip()) if words else ""


def _predicate_noun(figure: Token) -> Token | None:
    """The noun a figure is said to be: "3.3 million of them were children" -> children."""
    verb = figure.head
    if figure.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_.lower() != "be":
        return None
    for child in verb.children:
        if child.dep_ in ("attr", "acomp") and child.pos_ == "NOUN":
            return child
    return None


def _governing_verb(noun: Token, figure: Token | None = None) -> str | None:
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in HEDGE_PREPOSITIONS and head.head.pos_ == "VERB":
        return _participle(head.head)  # "identify over 6,600 perpetrators": "over" parsed as a preposition
    if noun.dep_ == "pobj" and head.lower_ == "of" and figure is not None and head.head == figure:
        return _governing_verb(figure)  # "identify thousands of child victims"
    if noun.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB":
        return _participle(head)
    if noun.dep_ == "nsubj" and head.pos_ == "VERB" and head.lower_ not in ("have", "has", "had", "is", "are"):
        # the verb with what changes its meaning: "reading below grade level", "live in poverty"
        return _predicate_of(noun).strip() or head.lower_
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return DEVERBAL_NOUNS.get(head.head.lower_)
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "VERB":
        return _participle(head.head)
    return None


def _about(chunk: Chunk, token: Token) -> tuple[Ref | None, str]:
    """Whom a figure is about, and how the text says so ("own", "reporter" or "source"): the subject of its clause
    ("Thorn's technology had contributed ..."), the owner its subject names ("Polaris says its hotline has
    identified ..."); else, for a clause said by a body, that body ("The group's chief executive said that 10,900
    survivors contacted the hotline"); a body that estimates, finds or reports figures is their source, not what
    they are about ("The World Health Organization estimated that 12 million people ...")."""
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX"):
            subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                subject = subjects[0]
                if current.dep_ in ("ccomp", "xcomp") and subject.left_edge.i <= token.i <= subject.right_edge.i \
                        and current.head.lemma_.lower() not in _SAYING_OR_SOURCE_LEMMAS:
                    # "the agency has helped [60,000 refugees find homes]": what is counted is no agent; the
                    # subject of the verb above is
                    current = current.head
                    continue
                found = chunk.ref(subject)
                if found is None:
                    for sub in subject.subtree:
                        mention = chunk.mention_at(sub)
                        if mention is not None and mention.label not in ("GPE", "NORP"):
                            return Ref(mention.begin, mention.end), "own"
                    if subject.lower_ in ORGANIZATION_NOUNS:
                        return Ref(chunk.begin(subject), chunk.end(subject), "organization"), "own"
                    if subject.lower_ in PERSON_NOUNS:
                        return Ref(chunk.begin(subject), chunk.end(subject), "person"), "own"
                    owner = _owner(chunk, subject)
                    if owner is not None:
                        return owner, "own"
                    return _reporting_body(chunk, current)
                return found, "own"
        if current.head.i == current.i:
            break
        current = current.head
    return None, "own"


def _owner(chunk: Chunk, subject: Token) -> Ref | None:
    """ "its national hotline": the body that says so in the sentence ("Polaris says its hotline ..."), else the
    pronoun for the resolver."""
    for child in subject.children:
        if child.dep_ == "poss" and child.lower_ in ("its", "their"):
            for verb in child.ancestors:
                if verb.pos_ not in ("VERB", "AUX") or verb.i == subject.head.i:
                    continue
                for other in verb.children:
                    if other.dep_ in ("nsubj", "nsubjpass"):
                        found = _body_named(chunk, other)
                        if found is not None:
                            return found
            return Ref(chunk.begin(child), chunk.end(child), "organization")
    return None


def _body_named(chunk: Chunk, token: Token) -> Ref | None:
    """The body a phrase names: its own name ("Polaris"), "the group", or a possessor ("the group's chief
    executive"); not a person."""
    mention = chunk.mention_at(token)
    if mention is not None:
        person = mention.label == "PERSON" and mention.forced in (None, "Person")
        return None if person or mention.label in ("GPE", "NORP") else Ref(mention.begin, mention.end)
    if token.pos_ == "NOUN" and token.lower_ in ORGANIZATION_NOUNS and any(
            c.lower_ in ("the", "this", "that") for c in token.children):
        return Ref(chunk.begin(token), chunk.end(token), "organization")
    for child in token.children:
        if child.dep_ == "poss":
            if child.lower_ in ("its", "their"):
                return Ref(chunk.begin(child), chunk.end(child), "organization")
            return _body_named(chunk, child)
    return None


def _reporting_body(chunk: Chunk, clause: Token) -> tuple[Ref | None, str]:
    """The body that says a clause ("X said that ...", "the group's chief executive said"), or a body that is the
    source of its figures ("X estimated that ...", "..., the agency reported")."""
    lemma = clause.head.lemma_.lower()
    if clause.dep_ != "ccomp" or lemma not in _SAYING_OR_SOURCE_LEMMAS:
        return None, "own"
    if lemma in SOURCE_LEMMAS:
        return None, "source"  # "A report by X found that ...", "the researchers estimated"
    for child in clause.head.children:
        if child.dep_ == "nsubj":
            return _body_named(chunk, child), "reporter"
    return None, "own"


def _names_a_source(chunk: Chunk, sent: Span) -> bool:
    """ "According to the International Labour Organization, ...": the sentence says whose figures they are."""
    for t in sent:
        if t.lower_ == "according" and t.i + 2 < sent.end and chunk.doc[t.i + 1].lower_ == "to":
            return True
    return False


def _source(chunk: Chunk, sent: Span) -> str | None:
    doc = chunk.doc
    for t in sent:
        if t.lower_ == "according" and t.i + 2 < sent.end and doc[t.i + 1].lower_ == "to":
            target = doc[t.i + 2]
            for pobj in doc[t.i + 1].children:
                if pobj.dep_ == "pobj":
                    target = pobj
            first = target.left_edge
            while first.lower_ in ("the", "a", "an") and first.i < target.i:
                first = doc[first.i + 1]
            mention = chunk.mention_at(target)
            end = target.idx + len(target.text)
            if mention is not None and mention.end - chunk.offset > end:  # "the U.S. Department of Agriculture"
                end = mention.end - chunk.offset
            return chunk.text[first.idx:end]
    for t in sent:
        if t.lower_ in SOURCE_NOUNS and t.pos_ == "NOUN":
            first = t.left_edge
            while first.lower_ in ("a", "an", "the", "this", "that", "its", "their", "his", "her") \
                    and first.i < t.i:
                first = doc[first.i + 1]
            return chunk.text[first.idx:t.idx + len(t.text)].lower() if first.pos_ != "PROPN" else \
                chunk.text[first.idx:t.idx + len(t.text)]
    return None


def _richness(raw: RawStatistic) -> int:
    return sum(x is not None for x in (raw.year, raw.about, raw.source)) + bool(raw.measure) * 2


def _lemma(noun: Token | None) -> str:
    # "Students" of a title-case headline and "students": one word
    return noun.lemma_.lower().removesuffix("s") if noun is not None and noun.pos_ != "PRON" else ""


def _counts_the_same(a: RawStatistic, b: RawStatistic) -> bool:
    """Whether two figures of one value may be the same fact: they count the same thing, or one says not what."""
    return not a.counted or not b.counted or a.counted == b.counted


def assemble(observations: Observations, resolver: Resolver, facts: Facts) -> None:
    """One statistic per figure, with its year, its subject and its source."""
    text = resolver.text
    out: list[Statistic] = []
    years = reporting_years(text)
    # one fact per figure: a headline and the body often repeat "$2 billion"; keep the fullest sentence
    # ... but two figures of one value that count different things ("three residents died", "three counts of
    # manslaughter") are two facts
    best: dict[tuple, list[RawStatistic]] = {}
    first_line = text.find("\n")
    title_end = first_line if first_line > 0 and is_headline(text[:first_line]) else 0

    def fullness(raw: RawStatistic) -> tuple[bool, int]:
        return raw.surface[0] >= title_end, _richness(raw)  # the body's sentence before the headline's words

    for raw in observations.of(RawStatistic):
        same = best.setdefault((raw.value, raw.value_max, raw.unit), [])
        k = next((k for k, other in enumerate(same) if _counts_the_same(raw, other)), None)
        if k is None:
            same.append(raw)
        elif fullness(raw) > fullness(same[k]):
            same[k] = raw
    topic = resolver.topic_organization()
    previous: tuple[int, str | None, bool] = (-1, None, False)
    for raw in sorted((raw for same in best.values() for raw in same), key=lambda s: s.surface):
        if raw.year is None and not raw.other_year:
            # a year of the report written before (its title, date line or lead, a fiscal year, an earlier sentence
            # of the figure's paragraph), else one later in the figure's own sentence ("announced today that X
            # collected $3 million in fiscal year 2019") or, for a headline, the first one of the text; not the
            # year of an event told in another paragraph
            line_start = text.rfind("\n", 0, raw.surface[0]) + 1
            line_end = text.find("\n", raw.surface[0])
            line = text[line_start:line_end if line_end >= 0 else len(text)]
            headline = is_headline(line) or (not text[:line_start].strip() and not line.rstrip().endswith(
                (".", "?", "!", '"', "”")))  # the title, however it is capitalized
            raw.year = fallback_year(report_years(text, years, raw.surface[0], raw.evidence[0]), raw.surface[0],
                                     until=None if headline else raw.evidence[1])
        # a figure with no agent in its clause ("Of this amount, $8 million was collected in criminal actions")
        # is about what the figure before it in the paragraph is about, else the body the document reports on;
        # but a figure whose sentence names its source ("According to X", "..., the agency reported") or follows
        # one such in its paragraph is about no one the text says
        about = resolver.resolve(raw.about, want="organization" if raw.about_attributed else None)
        blocked = raw.about_blocked and about is None
        if about is not None and raw.about_attributed and resolver.aside_only(about):
            about, blocked = None, True
        same_paragraph = previous[0] >= 0 and "\n" not in text[previous[0]:raw.surface[0]]
        if about is None and not blocked:
            if same_paragraph and previous[2]:
                blocked = True
            else:
                about = previous[1] if same_paragraph and previous[1] else topic
        previous = (raw.surface[1], about, blocked)
        surface = text[raw.surface[0]:raw.surface[1]]
        evidence = [resolver.span(*raw.evidence)]
        out.append(Statistic(f"stat-{raw.surface[0]}-{slugify(surface)[:30]}", raw.value, surface, raw.hedge,
                             raw.measure or "figure", evidence, about, raw.year, raw.source, raw.unit, raw.vague,
                             raw.value_max, confidence("statistic", raw.method), raw.method))
    facts.statistics = out
