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
    ADVOCATE_NOUNS,
    APPEAR_VERBS,
    BODY_NAME_WORDS,
    BODY_NOUNS,
    COURT_AUDIENCE,
    EVIDENCE_NOUNS,
    EVIDENCE_VERBS,
    HEAR_FORMS,
    HEARING_AUDIENCE,
    HEARING_NOUNS,
    HEARING_SPEECH_LEMMAS,
    JUDGE_TITLES,
    MEMBER_TITLES,
    NOT_DONE_AUXILIARIES,
    NOT_DONE_HEADS,
    NOT_DONE_WORDS,
    TAKE_FORMS,
    TESTIFY_WORDS,
    TOLD_FORMS,
    WITNESS_NOUNS,
)
from .names import organization_type
from .observations import Observations, Ref
from .years import fallback_year, headline_years, weekday_year

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from .resolve import Resolver

__all__ = ["BODY_WORDS", "TRIGGERS", "RawTestimony", "assemble", "find_in_layout", "not_given"]

BODY_WORDS = re.compile(r"\b(?:" + "|".join(BODY_NAME_WORDS) + r")\b")
_PARTY_STATE = re.compile(r",?\s*\(?[RDI]-[A-Z][A-Za-z.]*\)?")
_JUDGE_TITLE = re.compile(r"\b(?:" + "|".join(JUDGE_TITLES) + r")\.?\s+(?:[A-Z]\.\s+)?$")
_MEMBER_TITLE = re.compile(r"\b(?:" + "|".join(MEMBER_TITLES) + r")\.?\s+(?:[A-Z]\.\s+)?$")

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
        if verb.dep_ in ("xcomp", "ccomp", "acomp", "advcl", "acl") and verb.head.i != verb.i:
            head = verb.head
            if head.lemma_.lower() in NOT_DONE_HEADS or head.lower_ in NOT_DONE_WORDS:
                return True
            verb = head
        elif verb.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "prep") and verb.head.i != verb.i:
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
            return Ref(chunk.begin(t), chunk.end(t), "hearing")  # "testifying before the panel"
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
            if not any(w.text[:1].isupper() for w in chunk.doc[left.i:right.i + 1]):
                return None  # "a court", "a public inquiry": the body of that kind the text names
            found = chunk.force(left, right, "LegislativeBody")
            mention = chunk.mention_of_ref(found) if found is not None else None
            if mention is not None and mention.label == "CONTEXT":
                mention.generic = True  # "a Senate subcommittee": the named subcommittee, if the text has one
            return found
    return None


def _body_or_audience(chunk: Chunk, tokens: list[Token]) -> Ref | None:
    """The body named in a phrase after "told", "before", "to", "at"; else, for words of an audience, the body of
    that kind the text names: "told MPs" (a committee), "told jurors", "testified at her trial" (a court)."""
    if not tokens:
        return None
    body = _body_phrase(chunk, tokens)
    if body is not None:
        return body
    for t in tokens:
        if t.pos_ in ("NOUN", "PROPN") and t.lower_ in COURT_AUDIENCE:
            return Ref(chunk.begin(t), chunk.end(t), "court")
    for t in tokens:
        if t.pos_ in ("NOUN", "PROPN") and t.lower_ in HEARING_AUDIENCE:
            return Ref(chunk.begin(t), chunk.end(t), "hearing")
    return None


def _prepositional(trigger: Token, *words: str) -> list[Token]:
    return [t for prep in children(trigger, "prep") if prep.lower_ in words for t in prep.subtree]


def _testimony(chunk: Chunk, sent: Span, trigger: Token) -> None:
    """ "testified before the X Committee", "testified at her trial", "testified for the prosecution", "in
    written testimony to X"; "testified" alone at the hearing or trial the text tells of."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else governing_verb(trigger)
    tokens = _prepositional(trigger, "before", "to", "at", "in", "for", "during")
    if not tokens:  # the parse may attach "before Congress" elsewhere: read the words after the trigger
        following = list(chunk.doc[trigger.i + 1:min(trigger.i + 12, sent.end)])
        if following and following[0].lower_ in ("before", "to", "at"):
            tokens = following
    body = _body_or_audience(chunk, tokens)
    method = "rule:testified-before"
    if body is None:
        body, method = Ref(chunk.begin(trigger), chunk.end(trigger), "setting"), "rule:testified"
    _add(chunk, sent, trigger, verb, body, method)


def _told(chunk: Chunk, sent: Span, trigger: Token) -> None:
    """ "told the committee", "told MPs", "told jurors", "told a public inquiry"."""
    objects = children(trigger, "dobj", "dative")
    if any(chunk.is_person(r) for o in objects for r in chunk.refs_in(o)):
        return  # "told Judge Catherine Ng", "told reporters": someone, not a body
    body = _body_or_audience(chunk, [t for o in objects for t in o.subtree])
    if body is not None:
        _add(chunk, sent, trigger, trigger, body, "rule:told-committee")


def _appeared(chunk: Chunk, sent: Span, trigger: Token) -> None:
    """ "appeared before the committee", "spoke before the panel"."""
    if not any(p.lower_ == "before" for p in children(trigger, "prep")):
        return
    body = _body_or_audience(chunk, _prepositional(trigger, "before"))
    if body is not None:
        _add(chunk, sent, trigger, trigger, body, "rule:testified-before")


def _evidence(chunk: Chunk, sent: Span, noun: Token) -> None:
    """ "gave evidence to the committee", "giving evidence at Southwark Crown Court", "opened her evidence to
    the Education Committee"."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in EVIDENCE_VERBS:
        return
    tokens = _prepositional(noun, "to", "before", "at") or _prepositional(verb, "to", "before", "at")
    body = _body_or_audience(chunk, tokens) or Ref(chunk.begin(noun), chunk.end(noun), "setting")
    owner = [c for c in noun.children if c.dep_ == "poss"]
    _add(chunk, sent, noun, verb, body, "rule:gave-evidence", subject=owner[0] if owner else None)


def _took_stand(chunk: Chunk, sent: Span, verb: Token) -> None:
    """ "took the stand" at a trial: before the court the text names."""
    if verb.lemma_.lower() == "take" and any(o.lower_ == "stand" for o in children(verb, "dobj")):
        _add(chunk, sent, verb, verb, Ref(chunk.begin(verb), chunk.end(verb), "court"), "rule:took-stand")


def _heard_from(chunk: Chunk, sent: Span, verb: Token) -> None:
    """ "The committee also heard from Brenda Okafor": the people the body heard testified before it."""
    sources = [t for prep in children(verb, "prep") if prep.lower_ == "from" for t in children(prep, "pobj")]
    subject = subject_of(verb)
    if not sources or subject is None or not_given(verb):
        return
    body = _body_or_audience(chunk, list(subject.subtree))
    if body is None:
        return
    for source in sources:
        for witness in chunk.refs_in(source):
            if chunk.is_person(witness) and not _member(chunk, witness):
                _record(chunk, sent, verb, witness, body, "rule:heard-from")


def _member(chunk: Chunk, ref: Ref, *, court: bool = False) -> bool:
    """Whether the person is a member of the body spoken to: for a legislature, a title before the name ("Sen.") or
    a party and state after it ("Yvonne Castellanos-Reid, D-Va."); for a court, a judge's title."""
    if ref.want != "mention":
        return False
    begin, end = ref.begin - chunk.offset, ref.end - chunk.offset
    if court:
        return bool(_JUDGE_TITLE.search(chunk.text, max(0, begin - 40), begin))
    return bool(_MEMBER_TITLE.search(chunk.text, max(0, begin - 40), begin) or _PARTY_STATE.match(chunk.text, end))


def _court_body(chunk: Chunk, body: Ref, sent: Span) -> bool:
    """Whether ``body`` is a court: named one, an audience of a trial, or a setting in a sentence about a trial."""
    if body.want == "court":
        return True
    if body.want == "mention":
        return bool(re.search(r"\b(?:Court|Tribunal)\b", chunk.text[body.begin - chunk.offset:body.end - chunk.offset]))
    return body.want == "setting" and any(t.lower_ in COURT_AUDIENCE - {"judge", "magistrate"} for t in sent)


def _advocate(chunk: Chunk, subject: Token | None) -> bool:
    """A lawyer speaking for a party ("His barrister, Aisha Rahman SC, told the court"): no witness."""
    return subject is not None and subject.lower_ in ADVOCATE_NOUNS


def _add(chunk: Chunk, sent: Span, trigger: Token, verb: Token, body: Ref, method: str, *,
         subject: Token | None = None) -> None:
    """One testimony before ``body`` for each person the clause of ``verb`` has as subject (``subject`` when
    given); a description ("the founder of X") stands for the person the text names before or next."""
    if verb.pos_ in ("VERB", "AUX") and not_given(verb):
        return
    subject = subject if subject is not None else subject_of(verb)
    witnesses = [r for r in chunk.refs_in(subject) if chunk.is_person(r)] if subject is not None else []
    if not witnesses and trigger.lower_ == "testimony":
        # a heading: "Testimony before the Subcommittee on Health ... Statement of Francis S. Collins"
        for t in chunk.doc[trigger.i + 1:min(trigger.i + 120, len(chunk.doc))]:
            mention = chunk.mention_at(t)
            if mention is not None and mention.label == "PERSON":
                mention.forced = mention.forced or "Person"  # a heading line: keep the name though title-case
                witnesses, method = [Ref(mention.begin, mention.end)], "rule:testimony-heading"
                break
    if not witnesses and subject is None:
        for t in reversed(list(chunk.doc[sent.start:trigger.i])):
            mention = chunk.mention_at(t)
            if mention is not None and mention.label == "PERSON":
                witnesses = [Ref(mention.begin, mention.end)]
                break
    # "gave evidence to the Transport Committee alongside Kieran Doyle": witnesses beside the subject
    for prep in (t for t in sent if t.lower_ == "alongside" and t.i > trigger.i):
        if witnesses:
            for pobj in children(prep, "pobj"):
                witnesses += [r for r in chunk.refs_in(pobj) if r.want == "mention" and chunk.is_person(r)]
    # a member of a body or a judge speaking in their own chamber or court is no witness; before another body
    # named outright ("Sen. Mary Jones testified before the House Judiciary Committee") they are
    named_outright = method == "rule:testified-before" and body.want == "mention"
    court = _court_body(chunk, body, sent)
    for witness in dict.fromkeys(witnesses):
        if witness != body and (named_outright or not _member(chunk, witness, court=court)) \
                and not _advocate(chunk, subject):
            _record(chunk, sent, trigger, witness, body, method)


def _record(chunk: Chunk, sent: Span, trigger: Token, witness: Ref, body: Ref, method: str) -> None:
    topic = None
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "about", "regarding") and not any(
                g.ent_type_ in ("DATE", "TIME") for g in child.subtree):
            topic = chunk.text[child.idx + len(child.text):child.right_edge.idx
                                   + len(child.right_edge.text)].strip() or None
    chunk.observations.add(RawTestimony(
        witness, body, chunk.sentence_span(sent), chunk.year_near(sent, trigger), method, topic))


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


def _verb(rule):
    def only_verbs(chunk: Chunk, sent: Span, token: Token) -> None:
        if token.pos_ == "VERB":
            rule(chunk, sent, token)
    return only_verbs


def _noun(rule):
    def only_nouns(chunk: Chunk, sent: Span, token: Token) -> None:
        if token.pos_ == "NOUN":
            rule(chunk, sent, token)
    return only_nouns


TRIGGERS = {HEARING_NOUNS: _hearing_noun, WITNESS_NOUNS: _witness_noun, TESTIFY_WORDS: _testimony,
            TOLD_FORMS: _verb(_told), APPEAR_VERBS: _verb(_appeared), EVIDENCE_NOUNS: _noun(_evidence),
            TAKE_FORMS: _verb(_took_stand), HEAR_FORMS: _verb(_heard_from)}
"""Words (lower case) that start a testimony rule, and the rule."""


def assemble(observations: Observations, resolver: Resolver, facts: Facts) -> None:
    """One testimony per witness and body: the most specific body the text names for it, and the year of the first
    clause that dates it (else the year of the dateline or the headline)."""
    text = resolver.text
    title_years = headline_years(text)
    testimonies: dict[tuple, Testimony] = {}
    weekday_years: dict[tuple, int] = {}
    for raw in observations.of(RawTestimony):
        witness = resolver.resolve(raw.witness, want="person")
        body = resolver.resolve(raw.body, want=None if raw.body.want != "mention" else "organization")
        if witness is None or body is None:
            continue
        body = resolver.specific_body(body, raw.evidence[0])
        key = (witness, body)
        if raw.year is None and key not in weekday_years:
            # "testified Tuesday" on a page whose publication date is known
            found = weekday_year(resolver.text[raw.evidence[0]:raw.evidence[1]], resolver.published)
            if found is not None:
                weekday_years[key] = found
        fact = testimonies.get(key)
        if fact is not None:
            fact.year = fact.year or raw.year
            continue
        testimonies[key] = Testimony(f"testimony-{witness}-{body}", witness, body, [resolver.span(*raw.evidence)],
                                     raw.year, raw.topic, confidence("testimony", raw.method), raw.method)
    for key, fact in testimonies.items():
        if fact.year is None:
            # a year of another sentence dates something else ("founded in 2009"); the dateline's or the
            # headline's is the time of the report, else the publication date of a page that dates it by weekday
            fact.year = fallback_year(title_years, fact.evidence[0].begin, look_ahead=False) or weekday_years.get(key)
        if fact.year is not None:
            fact.id += f"-{fact.year}"
    facts.testimonies = list(testimonies.values())
