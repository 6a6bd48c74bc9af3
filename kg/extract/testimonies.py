"""Testimonies: who gave evidence before which body (a legislature, committee, court or inquiry), and when.

Rules start from "testified"/"testimony" with a body after "before", "to" or "at", from "told"/"appeared"/"spoke"
whose object or "before" phrase names a body ("told the committee", "appeared before the panel"), from a hearing
phrase ("said at a hearing of the Senate Finance Committee"), and from witness lists ("Witnesses include ...", a
hearing summary's entries under "Hearing Before ..."). Only testimony given is a fact: "will testify", "refused
to testify" and "was scheduled to testify" are not. ``assemble`` keeps one testimony per witness, body and year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..facts import Facts, Testimony
from .chunk import Chunk
from .confidence import confidence
from .grammar import children, governing_verb, subject_of
from .lexicon import (
    BODY_NAME_WORDS,
    BODY_NOUNS,
    HEARING_NOUNS,
    HEARING_SPEECH_LEMMAS,
    NOT_DONE_AUXILIARIES,
    NOT_DONE_HEADS,
    NOT_DONE_WORDS,
    TESTIFY_WORDS,
    TESTIMONY_VERBS,
    WITNESS_NOUNS,
)
from .names import organization_type
from .observations import Observations, Ref
from .years import fallback_year, reporting_years, weekday_year

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from .resolve import Resolver

__all__ = ["BODY_WORDS", "TRIGGERS", "RawTestimony", "assemble", "find_in_layout", "not_given"]

BODY_WORDS = re.compile(r"\b(?:" + "|".join(BODY_NAME_WORDS) + r")\b")
"""Words that make a phrase a body one testifies before."""


@dataclass
class RawTestimony:
    witness: Ref
    body: Ref
    evidence: tuple[int, int]
    year: int | None
    method: str
    topic: str | None = None


def not_given(trigger: Token) -> bool:
    """A testimony announced, refused or negated rather than given (see ``NOT_DONE_HEADS``)."""
    verb = trigger
    for _ in range(3):
        if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in NOT_DONE_AUXILIARIES) for c in verb.children):
            return True
        if verb.dep_ in ("xcomp", "ccomp", "acomp", "advcl") and verb.head.i != verb.i:
            head = verb.head
            if head.lemma_.lower() in NOT_DONE_HEADS or head.lower_ in NOT_DONE_WORDS:
                return True
            verb = head
        elif verb.dep_ in ("pobj", "dobj", "nsubj") and verb.head.i != verb.i:
            verb = verb.head
        else:
            break
    return False


def _hearing(chunk: Chunk, sent: Span, noun: Token) -> None:
    """ "spoke at a hearing of the Senate Finance Committee", "During a hearing before the House Ways and Means
    Committee, Jane Doe said": the speaker of the clause the hearing phrase belongs to."""
    tokens: list[Token] = []
    for prep in children(noun, "prep"):
        if prep.lower_ in ("of", "before", "by"):
            tokens += list(prep.subtree)
    if not tokens or noun.dep_ != "pobj" or noun.head.lower_ not in ("at", "during", "in", "before"):
        return
    verb = governing_verb(noun.head.head)
    if verb.lemma_.lower() not in HEARING_SPEECH_LEMMAS:
        return  # "chaired a hearing", "held a hearing": the chair, not a witness
    if not_given(verb):
        return
    body = _body_phrase(chunk, tokens)
    subject = subject_of(verb)
    if body is None or subject is None:
        return
    found = [r for r in chunk.refs_in(subject) if chunk.is_person(r)]
    if not found or found[0] == body:
        return
    chunk.observations.add(RawTestimony(
        found[0], body, chunk.sentence_span(sent), chunk.year_near(sent, noun), "rule:at-hearing"))


def _witnesses(chunk: Chunk, sent: Span, noun: Token) -> None:
    """ "Witnesses include Rep. Joyce Beatty, Dean Risa Goluboff and Captain Frederick Thomas", "Witnesses: ...":
    every person listed testified before the body of the hearing, the legislative body named last before."""
    after = chunk.doc[noun.i + 1] if noun.i + 1 < sent.end else None
    verb = noun.head
    if not (after is not None and after.text == ":") and not (
            noun.dep_ == "nsubj" and verb.lemma_.lower() in ("include", "be")):
        return
    people = []
    for t in chunk.doc[noun.i + 1:min(noun.i + 120, len(chunk.doc))]:
        if t.i >= sent.end and ("\n\n" in t.text or "\n" in chunk.doc[t.i - 1].whitespace_ + t.text
                                and chunk.doc[t.i - 1].text in ".:;"):
            break  # the list ends with its paragraph (the parser may cut a long list into sentences)
        mention = chunk.mention_at(t)
        if mention is not None and mention.label == "PERSON":
            ref = Ref(mention.begin, mention.end)
            if ref not in people:
                people.append(ref)
    if len(people) < 1 or not_given(verb):
        return
    body = Ref(chunk.begin(noun), chunk.begin(noun), "body")
    for person in people:
        chunk.observations.add(RawTestimony(
            person, body, chunk.sentence_span(sent), chunk.year_near(sent, noun), "rule:witness-list"))


_HEARING_HEADING = re.compile(r"\bHearing\s+[Bb]efore\b|\bHearing\s+of\s+the\b")
_MEMBER_HEADING = re.compile(r"\bMembers?\b|\bPresent\b")
_MEMBER_LINE = re.compile(r"\([RDI]\s*-\s*[A-Z]{2}\)")  # "(R-FL)": a member of Congress
_YEAR_IN_LINE = re.compile(r"\b(?:19|20)\d\d\b")
def _hearing_witness_lists(chunk: Chunk) -> None:
    """A hearing summary: a heading "Hearing Before the House Committee on X -- Subcommittee on Y -- June 27,
    2001", then a list "Jane Doe, President, Acme Association; John Roe, ...". Each person opening an entry of a
    semicolon list testified before the last body of the heading; lists of members ("Members Present",
    "(R-FL)") are not witnesses."""
    text = chunk.text
    first_line_end = text.find("\n")
    heading = text[:first_line_end if first_line_end >= 0 else len(text)]
    if not _HEARING_HEADING.search(heading):
        return
    body: Ref | None = None
    for t in chunk.doc:
        if t.idx >= len(heading):
            break
        mention = chunk.mention_at(t)
        if mention is not None and mention.label != "PERSON" and BODY_WORDS.search(mention.text):
            mention.forced = mention.forced or "Organization"
            body = Ref(mention.begin, mention.end)
    if body is None:
        return
    years = _YEAR_IN_LINE.findall(heading)
    year = int(years[-1]) if years else None
    previous = ""
    for line in re.finditer(r"[^\n]+", text):
        content = line.group(0)
        if content.count(";") >= 2 and not (len(previous) < 80 and _MEMBER_HEADING.search(previous)) \
                and not _MEMBER_LINE.search(content):
            start = line.start()
            for entry in re.finditer(r"[^;]+", content):
                begin = start + entry.start() + len(entry.group(0)) - len(entry.group(0).lstrip())
                span = chunk.doc.char_span(begin, start + entry.end(), alignment_mode="expand")
                if span is None:
                    continue
                first = span[0]
                if first.lower_ in ("and", "dr", "dr.", "mr.", "ms.", "mrs.") and len(span) > 1:
                    first = span[1]
                mention = chunk.mention_at(first)
                if mention is not None and mention.label == "PERSON":
                    chunk.observations.add(RawTestimony(
                        Ref(mention.begin, mention.end), body, (chunk.offset + line.start(), chunk.offset
                                                                 + line.end()), year, "rule:hearing-witness-list"))
        if content.strip():
            previous = content
    return


def _body_phrase(chunk: Chunk, tokens: list[Token]) -> Ref | None:
    """The body in a phrase after "before"/"told"/"at": a named mention, or the noun phrase that names it."""
    for t in tokens:
        mention = chunk.mention_at(t)
        if mention is not None and t.dep_ == "compound" and t.head.lower_ in BODY_NOUNS:
            continue  # "a Senate subcommittee": the body is the whole phrase, not the Senate
        if mention is not None and mention.label != "PERSON":
            text = mention.text
            after = chunk.doc.char_span(mention.end - chunk.offset, len(chunk.text), alignment_mode="expand")
            if after is not None and len(after) and after[0].lower_ in BODY_NOUNS:
                continue  # "a Senate Judiciary subcommittee": the name only qualifies the body
            if mention.label in ("ORG", "CONTEXT") or BODY_WORDS.search(text):
                mention.forced = mention.forced or organization_type(text) or "Organization"
                return Ref(mention.begin, mention.end)
    for t in tokens:
        if t.pos_ == "NOUN" and t.lower_ in ("panel", "committee", "subcommittee", "commission") and any(
                c.lower_ in ("the", "this", "that", "our") for c in t.children) and not any(
                c.pos_ == "PROPN" for c in t.children):
            return Ref(chunk.begin(t), chunk.end(t), "body")  # "testifying before the panel"
    heads = [t for t in tokens if t.lower_ in BODY_NOUNS and t.pos_ == "NOUN"]
    for t in heads + [t for t in tokens if t not in heads]:  # the body noun heads the phrase when there is one
        if t.dep_ == "compound" and t.head.lower_ in BODY_NOUNS:
            continue
        if t.pos_ in ("NOUN", "PROPN") and BODY_WORDS.search(t.text):
            left = t.left_edge
            right = t
            # "a Senate subcommittee on Tuesday": the phrase without determiner and trailing dates
            for child in t.rights:
                if child.dep_ == "prep" and child.lower_ in ("on", "of", "for") and not any(
                        g.ent_type_ in ("DATE", "TIME") for g in child.subtree):
                    right = child.right_edge
            while left.pos_ in ("DET", "PRON") or left.tag_ == "POS" or left.lower_ in ("a", "an", "the"):
                if left.i >= right.i:
                    return None
                left = chunk.doc[left.i + 1]
            return chunk.force(left, right, "LegislativeBody")
    return None


def _testimony(chunk: Chunk, sent: Span, trigger: Token) -> None:
    lower = trigger.lower_
    body: Ref | None = None
    if lower == "told":
        objects = children(trigger, "dobj", "dative")
        tokens = [t for o in objects for t in o.subtree]
        if not any(BODY_WORDS.search(t.text) for t in tokens):
            return
        body = _body_phrase(chunk, tokens)
        method = "rule:told-committee"
    else:
        tokens = []
        for prep in children(trigger, "prep"):
            if prep.lower_ in ("before", "to", "at", "in", "for"):
                tokens += list(prep.subtree)
        if lower in ("appeared", "appearing", "appears", "spoke") and not any(
                p.lower_ == "before" for p in children(trigger, "prep")):
            return
        if not tokens:  # the parse may attach "before Congress" elsewhere: read the words after the trigger
            tokens = list(chunk.doc[trigger.i + 1:min(trigger.i + 12, sent.end)])
            if not tokens or tokens[0].lower_ not in ("before", "to", "at"):
                return
        body = _body_phrase(chunk, tokens)
        method = "rule:testified-before"
    if body is None:
        return
    if trigger.pos_ in ("VERB", "AUX") and not_given(trigger):
        return
    witness: Ref | None = None
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    subject = subject_of(verb)
    if subject is not None:
        found = [r for r in chunk.refs_in(subject) if chunk.is_person(r)]
        witness = found[0] if found else None
    if witness is None:
        for t in reversed(list(chunk.doc[sent.start:trigger.i])):
            mention = chunk.mention_at(t)
            if mention is not None and mention.label == "PERSON":
                witness = Ref(mention.begin, mention.end)
                break
    if witness is None and trigger.lower_ == "testimony":
        # a heading: "Testimony before the Subcommittee on Health ... Statement of Francis S. Collins"
        for t in chunk.doc[trigger.i + 1:min(trigger.i + 120, len(chunk.doc))]:
            mention = chunk.mention_at(t)
            if mention is not None and mention.label == "PERSON":
                mention.forced = mention.forced or "Person"  # a heading line: keep the name though title-case
                witness = Ref(mention.begin, mention.end)
                method = "rule:testimony-heading"
                break
    if witness is None or witness == body:
        return
    year = chunk.year_near(sent, trigger)
    topic = None
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "about", "regarding") and not any(
                g.ent_type_ in ("DATE", "TIME") for g in child.subtree):
            topic = chunk.text[child.idx + len(child.text):child.right_edge.idx
                                   + len(child.right_edge.text)].strip() or None
    chunk.observations.add(RawTestimony(
        witness, body, chunk.sentence_span(sent), year, method, topic))


def find_in_layout(chunk: Chunk) -> None:
    """Rules that read the layout of a document's first chunk rather than one sentence."""
    if chunk.offset == 0:
        _hearing_witness_lists(chunk)


def _hearing_noun(chunk: Chunk, sent: Span, noun: Token) -> None:
    if noun.pos_ == "NOUN":
        _hearing(chunk, sent, noun)


def _witness_noun(chunk: Chunk, sent: Span, noun: Token) -> None:
    if noun.pos_ in ("NOUN", "PROPN"):
        _witnesses(chunk, sent, noun)


def _testimony_verb(chunk: Chunk, sent: Span, verb: Token) -> None:
    if verb.pos_ == "VERB":
        _testimony(chunk, sent, verb)


TRIGGERS = {HEARING_NOUNS: _hearing_noun, WITNESS_NOUNS: _witness_noun, TESTIFY_WORDS: _testimony,
            TESTIMONY_VERBS: _testimony_verb}
"""Words (lower case) that start a testimony rule, and the rule."""


def assemble(observations: Observations, resolver: Resolver, facts: Facts) -> None:
    """One testimony per witness, body and year, from the first sentence that tells it."""
    text = resolver.text
    testimonies: dict[tuple, Testimony] = {}
    weekday_dated: set[tuple[str, str]] = set()
    for raw in observations.of(RawTestimony):
        witness = resolver.resolve(raw.witness, want="person")
        body = resolver.resolve(raw.body, want=None if raw.body.want == "body" else "organization")
        if witness is None or body is None:
            continue
        if raw.year is None:
            # Only a year written before the sentence (a dateline, an earlier date) dates it: the sentence's
            # own years were already judged to belong to other clauses, and later ones to later events.
            raw.year = fallback_year(reporting_years(text), raw.evidence[0], look_ahead=False)
        if raw.year is None:
            raw.year = weekday_year(text[raw.evidence[0]:raw.evidence[1]], resolver.published)
            if raw.year is not None:
                weekday_dated.add((witness, body))
        key = (witness, body, raw.year)
        if key in testimonies:
            continue
        suffix = f"-{raw.year}" if raw.year else ""
        testimonies[key] = Testimony(f"testimony-{witness}-{body}{suffix}", witness, body,
                                     [resolver.span(*raw.evidence)], raw.year, raw.topic,
                                     confidence("testimony", raw.method),
                                     raw.method)
    for witness, body in weekday_dated:
        # Without a publication date these would be one testimony (the first mention's): another yearless
        # mention of the same witness and body ("Delgado told the committee") is the one the weekday dated.
        testimonies.pop((witness, body, None), None)
    facts.testimonies = list(testimonies.values())
