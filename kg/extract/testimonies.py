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
from .grammar import children, governing_verb, is_passive, relative_antecedents, subject_of
from .lexicon import (
    ADVOCATE_NOUNS,
    ADVOCATE_TITLE_PATTERN,
    APPEAR_VERBS,
    BODY_NAME_WORDS,
    BODY_NOUNS,
    CHAMBER_AUDIENCE,
    COUNSEL_SPEECH_WORDS,
    COURT_AUDIENCE,
    EVIDENCE_NOUNS,
    EVIDENCE_VERBS,
    FLOOR_PHRASES,
    FLOOR_WORDS,
    HEAR_FORMS,
    HEARING_AUDIENCE,
    HEARING_NOUNS,
    HEARING_SPEECH_LEMMAS,
    JUDGE_TITLES,
    LOCAL_BODY_AUDIENCE,
    MEMBER_TITLES,
    MINISTER_TITLE_PATTERN,
    NOT_DONE_AUXILIARIES,
    NOT_DONE_HEADS,
    NOT_DONE_WORDS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    QUESTION_NOUNS,
    QUESTIONED_FORMS,
    STATEMENT_NOUNS,
    TAKE_FORMS,
    TESTIFY_WORDS,
    TITLES,
    TOLD_FORMS,
    UNNAMED_SPEAKER_NOUNS,
    WITNESS_NOUN,
    WITNESS_NOUNS,
)
from .names import NAME_WORD, extend_organization, organization_type
from .observations import Observations, Ref
from .years import fallback_year, headline_years, weekday_year

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from .resolve import Resolver

__all__ = ["BODY_WORDS", "TRIGGERS", "RawTestimony", "assemble", "find_in_layout", "not_given"]

_NOUNS_OF_PEOPLE_OR_BODIES = PERSON_NOUNS | ORGANIZATION_NOUNS | TITLES

BODY_WORDS = re.compile(r"\b(?:" + "|".join(BODY_NAME_WORDS) + r")\b")
"""Words that make a phrase a body one testifies before."""
_PARTY_STATE = re.compile(r",?\s*\(?[RDI]-[A-Z][A-Za-z.]*\)?")
_JUDGE_TITLE = re.compile(r"\b(?:" + "|".join(JUDGE_TITLES) + r")\.?\s+(?:[A-Z]\.\s+)?$")
_ADVOCATE_BEFORE = re.compile(ADVOCATE_TITLE_PATTERN + r"\s+(?:[A-Z][\w'’.-]*\s+){0,2}$")
_MINISTER_BEFORE = re.compile(MINISTER_TITLE_PATTERN + r"\s+(?:[A-Z][\w'’.-]*\s+){0,2}$")
_COUNSEL_AFTER = re.compile(r",?\s+(?:KC|QC|SC)\b")
_MEMBER_TITLE = re.compile(r"\b(?:" + "|".join(MEMBER_TITLES) + r")\.?\s+(?:[A-Z]\.\s+)?$")


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
    if noun.dep_ == "pobj" and verb.lower_ == "among" and verb.head.lemma_ == "be" and verb.i < noun.i:
        # "Among the other witnesses on Monday were A; B; and C": the copula's list names them; in the present
        # ("Among the witnesses are") or of witnesses still to come ("who will appear") it announces a hearing
        modifiers = [t for c in noun.children if c.dep_ in ("relcl", "acl", "amod") for t in c.subtree]
        if verb.head.tag_ == "VBD" and not not_given(verb.head) and not any(
                t.lower_ in NOT_DONE_AUXILIARIES or t.lower_ in NOT_DONE_WORDS or t.lemma_.lower() in NOT_DONE_HEADS
                for t in modifiers):
            _listed(chunk, sent, noun)
        return
    if not (after is not None and after.text == ":") and not (
            noun.dep_ == "nsubj" and verb.lemma_.lower() in ("include", "be")):
        return
    if not_given(verb):
        return
    _listed(chunk, sent, noun)


def _listed(chunk: Chunk, sent: Span, noun: Token) -> None:
    """Every person named after ``noun`` to the end of its paragraph testified before the body of the hearing."""
    people = []
    for t in chunk.doc[noun.i + 1:min(noun.i + 120, len(chunk.doc))]:
        if "\n\n" in t.text or "\n\n" in chunk.doc[t.i - 1].whitespace_ or t.i >= sent.end and (
                "\n" in chunk.doc[t.i - 1].whitespace_ + t.text and chunk.doc[t.i - 1].text in ".:;"):
            break  # the list ends with its paragraph (the parser may cut a long list into sentences)
        mention = chunk.mention_at(t)
        if mention is not None and mention.label == "PERSON":
            ref = Ref(mention.begin, mention.end)
            if ref not in people:
                people.append(ref)
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
    owner: Ref | None = None
    for t in tokens:
        mention = chunk.mention_at(t)
        if mention is not None and t.dep_ == "compound" and t.head.lower_ in BODY_NOUNS:
            continue  # "a Senate subcommittee": the body is the whole phrase, not the Senate
        if mention is not None and mention.label != "PERSON":
            text = mention.text
            after = chunk.doc.char_span(mention.end - chunk.offset, len(chunk.text), alignment_mode="expand")
            if after is not None and len(after) and after[0].lower_ in BODY_NOUNS:
                continue  # "a Senate Judiciary subcommittee": the name only qualifies the body
            if after is not None and _remit_then_body(after, {w.i for w in tokens}):
                continue  # "the Commons environmental audit committee": the committee the chamber qualifies
            if mention.label in ("ORG", "CONTEXT") or BODY_WORDS.search(text):
                longer = _named_run(chunk, mention)
                if longer is not None:
                    return longer
                mention.forced = mention.forced or organization_type(text) or "Organization"
                if chunk.text[mention.end - chunk.offset:mention.end - chunk.offset + 2] in ("'s", "’s"):
                    # "the House Financial Services Committee's Subcommittee on Digital Assets": the body it owns,
                    # when the phrase names one
                    owner = owner or Ref(mention.begin, mention.end)
                    owned = _owned_panel(chunk, mention.end - chunk.offset + 2)
                    if owned is not None:
                        return owned
                    continue
                return Ref(mention.begin, mention.end)
    if owner is not None:
        return owner
    for t in tokens:
        if t.pos_ == "NOUN" and t.lower_ in ("panel", "committee", "subcommittee", "commission") and any(
                c.lower_ in ("the", "this", "that", "our") for c in t.children) and not any(
                c.pos_ == "PROPN" for c in t.children):
            return Ref(chunk.begin(t), chunk.end(t), "hearing")  # "testifying before the panel"
    # a capitalized panel word heads the phrase too: "the House Oversight and Government Reform Committee" that
    # the tagger named no entity, not its "House"
    heads = [t for t in tokens if t.lower_ in BODY_NOUNS and (t.pos_ == "NOUN" or t.text in _PANEL_HEADS)]
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
            if mention is not None and mention.label == "CONTEXT" and not t.text[:1].isupper() \
                    and not _lower_case_name(chunk.doc[left.i - 1] if left.i else None, chunk.doc[left.i:right.i + 1]):
                # "a Senate subcommittee": the named subcommittee, if the text has one ("the Work and Pensions
                # Committee" is a name)
                mention.generic = True
            return found
    return None


_OWNED_PANEL = re.compile(r"\s+((?:Subcommittee|Committee|Panel) on [A-Z])")


def _owned_panel(chunk: Chunk, at: int) -> Ref | None:
    """The panel a possessive names, which the tagger may leave out of every name or cut at its commas ("the House
    Financial Services Committee's Subcommittee on Digital Assets, Financial Technology, and Artificial
    Intelligence"): its whole name."""
    match = _OWNED_PANEL.match(chunk.text, at)
    if match is None:
        return None
    begin = match.start(1)
    end = extend_organization(chunk.text, begin, match.end(1) + len(re.match(r"\w*", chunk.text[match.end(1):]).group()))
    first = chunk.doc.char_span(begin, begin + len(match.group(1)) - 2, alignment_mode="expand")
    last = chunk.doc.char_span(begin, end, alignment_mode="contract")
    if first is None or last is None or not len(last):
        return None
    return chunk.force(first[0], last[-1], "LegislativeBody")


_KIND_WORDS = CHAMBER_AUDIENCE | BODY_NOUNS | {
    "lords", "parliamentary", "legislative", "congressional", "select", "standing", "joint", "special", "public",
    "independent", "judicial", "statutory", "state", "federal", "provincial", "city", "county", "council", "new",
    "permanent", "full", "relevant", "powerful", "influential", "cross-party", "all-party", "same", "this", "that",
    "of", "the", "'s", "’s", "u.s.", "us", "uk"}
"""Words that tell only which kind of body a lower-case committee phrase is ("a Senate subcommittee", "the
parliamentary committee"), not which one."""


def _lower_case_name(before: Token | None, words: Span) -> bool:
    """Whether a lower-case committee phrase names one body, as UK and Canadian outlets write names: "the Commons
    business and trade committee", "the standing committee on social and economic development" (words of its
    remit); not "a Senate subcommittee", "the parliamentary committee", "a public inquiry"."""
    if before is not None and before.lower_ in ("a", "an", "another", "one", "each", "every", "any"):
        return False  # an indefinite body brings in no name
    remit = [t for t in words if t.is_alpha and t.text.islower() and len(t.text) > 2 and t.lower_ not in _KIND_WORDS
             and t.pos_ in ("NOUN", "ADJ", "VERB") and t.ent_type_ not in ("DATE", "TIME", "ORDINAL")]
    return bool(remit)


def _remit_then_body(after: Span, phrase: set[int]) -> bool:
    """Lower-case words of a remit, then a body noun of the same phrase: "environmental audit committee" after
    "the Commons" (not "told the House that the committee ...")."""
    for t in after[:7]:
        if t.i not in phrase or t.lower_ in ("that", "which", "who", "when", "where", "as", "because"):
            return False
        if t.lower_ in BODY_NOUNS:
            return t.i > after[0].i
        if not (t.is_alpha and t.text.islower()):
            return False
    return False


_PANEL_HEADS = frozenset({"Committee", "Subcommittee", "Commission", "Inquiry", "Tribunal", "Panel"})
_RUN_JOINERS = frozenset({"and", "&"})


def _named_run(chunk: Chunk, mention) -> Ref | None:
    """The whole name when the tagger named only its first word ("the House Oversight and Government Reform
    Committee" with "House" alone a mention): the capitalized words after it up to the last word of a panel's
    name, in the same sentence; None when no such word ends them."""
    doc = chunk.doc
    span = doc.char_span(mention.begin - chunk.offset, mention.end - chunk.offset, alignment_mode="expand")
    if span is None or not len(span) or any(t.text in _PANEL_HEADS for t in span):
        return None  # a panel's name already ("Subcommittee on X of the House Y Committee": two bodies)
    last = None
    for t in doc[span.end:min(span.end + 10, len(doc))]:
        if t.is_sent_start or not (t.lower_ in _RUN_JOINERS or (t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN"))):
            break
        if t.text in _PANEL_HEADS:
            last = t
    if last is None:
        return None
    return chunk.force(span[0], last, "LegislativeBody")


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
        if t.pos_ in ("NOUN", "PROPN") and t.lower_ in LOCAL_BODY_AUDIENCE and t.text.islower():
            # "told supervisors", "told the board", "told board members": the council, board or commission of a
            # local public hearing the text names (a company's board is none)
            return Ref(chunk.begin(t), chunk.end(t), "local")
    for t in tokens:
        if t.pos_ in ("NOUN", "PROPN") and t.lower_ in HEARING_AUDIENCE:
            # an inquiry or a hearing may sit in a court ("told the inquiry" of a fatal accident inquiry held at
            # a sheriff court): the hearing's body the text names, else its court
            return Ref(chunk.begin(t), chunk.end(t), "setting" if t.lower_ in _SITTING_WORDS else "hearing")
    return None


_SITTING_WORDS = frozenset({"inquiry", "hearing", "hearings"})


def _prepositional(trigger: Token, *words: str) -> list[Token]:
    # the parse makes the "to" of a recipient a dative: "gave evidence to the committee"
    return [t for prep in children(trigger, "prep", "dative") if prep.lower_ in words for t in prep.subtree]


def _testimony(chunk: Chunk, sent: Span, trigger: Token) -> None:
    """ "testified before the X Committee", "testified at her trial", "testified for the prosecution", "in
    written testimony to X"; "testified" alone at the hearing or trial the text tells of; "took testimony from A,
    B and C"; "The family members who testified at today's hearing were: A, B and C"."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else governing_verb(trigger)
    if trigger.pos_ == "NOUN" and verb.lemma_.lower() in NOT_DONE_HEADS:
        return  # "his testimony had been postponed", "requested testimony from"
    owner = next((t for t in (trigger, verb if trigger.dep_ == "dobj" else None) if t is not None and any(
        p.lower_ == "from" for p in children(t, "prep"))), None) if trigger.lower_ == "testimony" else None
    if owner is not None:
        if verb.lemma_.lower() in ("take", "hear", "receive"):
            _heard_from(chunk, sent, verb, owner)
        return  # "released testimony from", "wants to hear testimony from": not said here
    listed = _listing(trigger)
    if listed is not None:
        if not not_given(trigger):
            _listed(chunk, sent, listed)
        return
    tokens = _prepositional(trigger, "before", "to", "at", "in", "during")
    side = _prepositional(trigger, "for")
    if any(t.lower_ in COURT_AUDIENCE for t in side):
        tokens += side  # "testified for the prosecution"; not the body a witness speaks for ("for the association")
    if not tokens:  # the parse may attach "before Congress" elsewhere: read the words after the trigger
        following = list(chunk.doc[trigger.i + 1:min(trigger.i + 12, sent.end)])
        if following and following[0].lower_ in ("before", "to", "at"):
            tokens = following
    body = _body_or_audience(chunk, tokens)
    method = "rule:testified-before"
    if body is None:
        body, method = Ref(chunk.begin(trigger), chunk.end(trigger), "setting"), "rule:testified"
    _add(chunk, sent, trigger, verb, body, method)


def _listing(trigger: Token) -> Token | None:
    """ "The members who testified ... were: A, B and C": the copula whose list names the witnesses."""
    if trigger.dep_ != "relcl" or trigger.head.tag_ != "NNS" or trigger.head.dep_ != "nsubj":
        return None
    copula = trigger.head.head
    return copula if copula.lemma_ == "be" else None


def _questioned(chunk: Chunk, sent: Span, verb: Token) -> None:
    """A witness questioned by a body or its members: "was grilled by MPs", "faced questions from senators / before
    the committee", "Committee members questioned X", "cross-examined her" (at a trial), "fronted the royal
    commission"."""
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB":
        return
    if lemma == "face":
        questions = [o for o in children(verb, "dobj") if o.lower_ in QUESTION_NOUNS]
        if questions:
            tokens = (_prepositional(questions[0], "from", "before", "at", "by")
                      or _prepositional(verb, "from", "before", "at", "by"))
            body = _body_or_audience(chunk, tokens)
            if body is not None and not _outlet(chunk, body):
                _add(chunk, sent, verb, verb, body, "rule:questioned")
        return
    if lemma == "front":
        body = _body_phrase(chunk, [t for o in children(verb, "dobj") for t in o.subtree])
        if body is not None and not _outlet(chunk, body):
            _add(chunk, sent, verb, verb, body, "rule:questioned")
        return
    if is_passive(verb):
        agents = [t for a in children(verb, "agent") for t in children(a, "pobj")]
        body = _questioner(chunk, agents)
        if body is not None:
            _add(chunk, sent, verb, verb, body, "rule:questioned")
        return
    subject = subject_of(verb)
    body = _questioner(chunk, [subject] if subject is not None else [])
    if body is None or not_given(verb):
        return
    court = _court_body(chunk, body, sent)
    for obj in children(verb, "dobj"):
        for witness in _people(chunk, obj):
            if witness.want != "description" and not _member(chunk, witness, court=court):
                _record(chunk, sent, verb, witness, body, "rule:questioned")


def _questioner(chunk: Chunk, phrases: list[Token]) -> Ref | None:
    """The body whose members or counsel question a witness: a body or an audience named ("MPs", "the committee",
    "Committee members"), a member by title ("Rep. X", "the committee's chair"), counsel at a trial (the court)."""
    for phrase in phrases:
        words = list(phrase.subtree)
        if phrase.lower_ in ADVOCATE_NOUNS or any(
                _ADVOCATE_BEFORE.search(chunk.text, max(0, t.idx - 45), t.idx) for t in words
                if chunk.mention_at(t) is not None):
            return Ref(chunk.begin(phrase), chunk.end(phrase), "court")
        body = _body_or_audience(chunk, words)
        if body is not None and not _outlet(chunk, body):
            return body
        if phrase.lower_ in _MEMBER_NOUNS or any(
                chunk.is_person(r) and r.want == "mention" and _member(chunk, r) for r in chunk.refs_in(phrase)):
            return Ref(chunk.begin(phrase), chunk.end(phrase), "hearing")
    return None


_MEMBER_NOUNS = frozenset({"chair", "chairman", "chairwoman", "convener", "convenor", "senator", "lawmaker",
                           "legislator", "member", "congressman", "congresswoman", "representative", "mp", "msp"})


def _statement(chunk: Chunk, sent: Span, noun: Token) -> None:
    """Evidence in writing: "In a written statement to the inquiry, X said", "In a witness statement tendered to the
    commission", "in a submission to the committee"."""
    if noun.pos_ != "NOUN":
        return
    tokens = _prepositional(noun, "to", "before") or [
        t for acl in children(noun, "acl") for t in _prepositional(acl, "to", "before")]
    if not tokens:
        return
    body = _body_or_audience(chunk, tokens)
    if body is None or _outlet(chunk, body):
        return
    _add(chunk, sent, noun, governing_verb(noun), body, "rule:written-evidence")


def _witness(chunk: Chunk, sent: Span, noun: Token) -> None:
    """A person the text calls a witness: "X was the Crown's first witness", "X was also called as a witness",
    "A second witness, X, said", "She was joined at the witness table by X", "X shared the witness table with Y";
    not "a witness statement", "was listed as a witness"."""
    if noun.pos_ != "NOUN" or (noun.dep_ == "compound" and noun.head.lower_ not in ("table", "stand")):
        return
    body = Ref(chunk.begin(noun), chunk.end(noun), "setting")
    head = noun.head
    if noun.dep_ == "compound" and head.lower_ in ("table", "stand") and head.dep_ == "pobj" \
            and head.head.lower_ == "at" and head.head.head.lemma_.lower() == "join":
        # "She was joined at the witness table by A, an economist, and B": they testified too
        verb = head.head.head
        if is_passive(verb) and not not_given(verb):
            for agent in children(verb, "agent"):
                for pobj in children(agent, "pobj"):
                    for witness in _listed_in(chunk, pobj):
                        if not _member(chunk, witness):
                            _record(chunk, sent, verb, witness, body, "rule:witness")
        return
    if noun.dep_ == "compound" and head.lower_ == "table" and head.dep_ == "dobj" \
            and head.head.lemma_.lower() == "share" and not not_given(head.head):
        # "Dunmore shared the witness table with A, a psychologist, and B": all of them testified
        verb = head.head
        _add(chunk, sent, noun, verb, body, "rule:witness")
        for prep in children(verb, "prep") + children(head, "prep"):
            if prep.lower_ == "with":
                for pobj in children(prep, "pobj"):
                    for witness in _listed_in(chunk, pobj):
                        if not _member(chunk, witness):
                            _record(chunk, sent, verb, witness, body, "rule:witness")
        return
    if noun.dep_ == "compound":
        return
    if noun.dep_ == "attr" and head.lemma_ == "be":
        _add(chunk, sent, noun, head, body, "rule:witness")
    elif noun.dep_ == "pobj" and head.lower_ == "as" and head.head.lemma_ == "call" and is_passive(head.head):
        _add(chunk, sent, noun, head.head, body, "rule:witness")
    elif noun.dep_ == "nsubj" and head.pos_ == "VERB" and head.lemma_.lower() in HEARING_SPEECH_LEMMAS \
            and any(c.dep_ == "appos" for c in noun.children):
        _add(chunk, sent, noun, head, body, "rule:witness", subject=noun)


def _told(chunk: Chunk, sent: Span, trigger: Token) -> None:
    """ "told the committee", "told MPs", "told jurors", "told a public inquiry"; "told Sheriff X" (the judge of
    the trial)."""
    objects = children(trigger, "dobj", "dative")
    # not someone named in a clause the parse hung on the object ("told the tribunal she had not seen X's emails")
    clauses = {t.i for o in objects for d in o.subtree if d.dep_ in ("relcl", "acl", "ccomp", "advcl")
               for t in d.subtree}
    people = [r for o in objects for r in chunk.refs_in(o) if chunk.is_person(r) and not (
        r.want == "mention" and _first_token(chunk, r) in clauses)]
    if people:
        if all(_member(chunk, r, court=True) for r in people):
            _add(chunk, sent, trigger, trigger, Ref(chunk.begin(trigger), chunk.end(trigger), "court"),
                 "rule:told-committee")
        return  # "told reporters", "told Sir Malcolm": someone, not a body
    words = [t for o in objects for t in o.subtree] or _audience_the_parse_lost(chunk, sent, trigger)
    body = _body_or_audience(chunk, words)
    if body is None or _outlet(chunk, body) or _floor_speech(chunk, sent, trigger, words):
        return
    _add(chunk, sent, trigger, trigger, body, "rule:told-committee")


def _audience_the_parse_lost(chunk: Chunk, sent: Span, trigger: Token) -> list[Token]:
    """ "told the committee staff turnover was high", "told MPs the firm had failed": with no "that", the parse may
    make the audience a word of the reported clause's subject; the audience noun right after "told" is still it."""
    following = [t for t in chunk.doc[trigger.i + 1:min(trigger.i + 3, sent.end)]]
    while following and following[0].pos_ == "DET":
        following = following[1:]
    if following and following[0].pos_ in ("NOUN", "PROPN") and following[0].dep_ in ("compound", "nsubj") and (
            following[0].lower_ in HEARING_AUDIENCE or following[0].lower_ in COURT_AUDIENCE
            or following[0].lower_ in LOCAL_BODY_AUDIENCE):
        return following[:1]
    return []


def _first_token(chunk: Chunk, ref: Ref) -> int | None:
    span = chunk.doc.char_span(ref.begin - chunk.offset, ref.end - chunk.offset, alignment_mode="expand")
    return span.start if span is not None else None


def _floor_speech(chunk: Chunk, sent: Span, verb: Token, audience: list[Token]) -> bool:
    """A speech in the chamber, no evidence: "told MPs in the Commons chamber", "told the House during question
    period", a minister telling the chamber ("Home Secretary X told the House of Commons")."""
    if any(t.lower_ in FLOOR_WORDS and chunk.doc[t.i - 1].lower_ not in ("hearing", "committee")
           for t in sent if t.i > verb.i) or any(p in sent.text.lower() for p in FLOOR_PHRASES):
        return True
    if not any(t.lower_ in CHAMBER_AUDIENCE for t in audience) or any(
            t.lower_ in ("committee", "subcommittee", "inquiry", "commission") for t in audience):
        return False
    subject = subject_of(verb)
    return subject is not None and any(
        _MINISTER_BEFORE.search(chunk.text, max(0, r.begin - chunk.offset - 45), r.begin - chunk.offset)
        for r in chunk.refs_in(subject) if r.want == "mention")


def _outlet(chunk: Chunk, body: Ref) -> bool:
    """A named organization that hears no evidence ("told VOA", "told Reuters"): no body of a legislature, court
    or inquiry."""
    mention = chunk.mention_of_ref(body) if body.want == "mention" else None
    return mention is not None and not BODY_WORDS.search(mention.text) and organization_type(mention.text) not in (
        "LegislativeBody", "GovernmentBody") and mention.text.lower() not in HEARING_AUDIENCE


def _appeared(chunk: Chunk, sent: Span, trigger: Token) -> None:
    """ "appeared before the committee", "spoke before the panel"; "appeared on the same panel" (of witnesses)."""
    if any(p.lower_ == "on" and any(o.lower_ == "panel" and any(a.lower_ == "same" for a in o.children)
                                    for o in children(p, "pobj")) for p in children(trigger, "prep")):
        _add(chunk, sent, trigger, trigger, Ref(chunk.begin(trigger), chunk.end(trigger), "hearing"),
             "rule:testified-before")
        return
    if not any(p.lower_ == "before" for p in children(trigger, "prep")):
        # "appeared at the Standing Committee on Fisheries": at a named committee or inquiry (at a court, a
        # defendant appears too)
        body = _body_phrase(chunk, _prepositional(trigger, "at"))
        mention = chunk.mention_of_ref(body) if body is not None and body.want == "mention" else None
        if mention is not None and _HEARING_BODY_NAME.search(mention.text):
            _add(chunk, sent, trigger, trigger, body, "rule:testified-before")
            _alongside(chunk, sent, trigger, body)
        elif body is None and not _prepositional(trigger, "at", "in", "on") and _alongside(
                chunk, sent, trigger, Ref(chunk.begin(trigger), chunk.end(trigger), "hearing")):
            # "She appeared alongside A of X and B": at the hearing the text tells of, each of them a witness
            _add(chunk, sent, trigger, trigger, Ref(chunk.begin(trigger), chunk.end(trigger), "hearing"),
                 "rule:appeared-alongside")
        return
    body = _body_or_audience(chunk, _prepositional(trigger, "before"))
    if body is not None:
        _add(chunk, sent, trigger, trigger, body, "rule:testified-before")
        _alongside(chunk, sent, trigger, body)


def _alongside(chunk: Chunk, sent: Span, verb: Token, body: Ref) -> bool:
    """The people a witness appeared "alongside" testified before the same body ("appeared before the committee
    alongside A, a researcher, and B"); True when the clause names any. Not a description ("alongside the
    director of a lender": no one named)."""
    if verb.pos_ != "VERB" or not_given(verb) or verb.lower_ in ("appear", "appears"):
        return False  # "will appear alongside", the present of a programme ("she appears alongside")
    found = False
    for prep in children(verb, "prep"):
        if prep.lower_ != "alongside":
            continue
        for pobj in children(prep, "pobj"):
            for witness in _listed_in(chunk, pobj):
                if witness.want == "mention" and not _member(chunk, witness):
                    _record(chunk, sent, verb, witness, body, "rule:appeared-alongside")
                    found = True
    return found


_HEARING_BODY_NAME = re.compile(r"\b(?:Committee|Subcommittee|Inquiry|Commission)\b")


def _evidence(chunk: Chunk, sent: Span, noun: Token) -> None:
    """ "gave evidence to the committee", "giving evidence at Southwark Crown Court", "opened her evidence to
    the Education Committee"."""
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in ("take", "hear", "receive"):
        # "The committee also took evidence from A, of X, and B": the people the body heard
        owner = next((t for t in (noun, verb) if any(p.lower_ == "from" for p in children(t, "prep"))), None)
        if owner is not None:
            _heard_from(chunk, sent, verb, owner)
        return
    if noun.dep_ == "pobj" and noun.head.lower_ == "in" and children(noun, "poss"):
        # "In his evidence on Tuesday, Mr X denied ...", "X said in her evidence that ...": the evidence of the
        # subject of the clause it belongs to, before the body it was given to or the hearing the text names
        clause = governing_verb(noun.head.head)
        tokens = _prepositional(noun, "to", "before")
        body = _body_or_audience(chunk, tokens) if tokens else None
        if clause.pos_ in ("VERB", "AUX") and (body is None or not _outlet(chunk, body)):
            _add(chunk, sent, noun, clause, body or Ref(chunk.begin(noun), chunk.end(noun), "setting"),
                 "rule:gave-evidence")
        return
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in EVIDENCE_VERBS:
        return
    # the body it is given to before the place it is given at ("to the committee at a hearing held at X
    # University"), whichever word the parse hangs them on
    tokens = (_prepositional(noun, "to", "before") or _prepositional(verb, "to", "before")
              or _prepositional(noun, "at") or _prepositional(verb, "at"))
    body = _body_or_audience(chunk, tokens)
    sides = [t for head in (noun, verb) for p in children(head, "prep", "dative") if p.lower_ == "for"
             for t in p.subtree]  # the parse may make "for the prosecution" a dative
    if body is None and any(t.lower_ in COURT_AUDIENCE for t in sides):
        body = Ref(chunk.begin(noun), chunk.end(noun), "court")  # "gave evidence for the prosecution"
    body = body or Ref(chunk.begin(noun), chunk.end(noun), "setting")
    owner = children(noun, "poss")
    _add(chunk, sent, noun, verb, body, "rule:gave-evidence", subject=owner[0] if owner else None)


def _took_stand(chunk: Chunk, sent: Span, verb: Token) -> None:
    """ "took the stand" at a trial: before the court the text names."""
    if verb.lemma_.lower() == "take" and any(o.lower_ == "stand" for o in children(verb, "dobj")):
        _add(chunk, sent, verb, verb, Ref(chunk.begin(verb), chunk.end(verb), "court"), "rule:took-stand")


def _heard_from(chunk: Chunk, sent: Span, verb: Token, owner: Token | None = None) -> None:
    """ "The committee also heard from Brenda Okafor", "The Subcommittee took testimony from A, of X; B; and C":
    the people the body heard testified before it."""
    sources = [t for prep in children(owner or verb, "prep") if prep.lower_ == "from" for t in children(prep, "pobj")]
    subject = subject_of(verb)
    if not sources or subject is None or not_given(verb):
        return
    body = _body_or_audience(chunk, list(subject.subtree))
    if body is None and subject.lower_ == "it" and subject.dep_ == "nsubj":
        # "Earlier on Friday it heard from A": what hears a witness is the committee, inquiry or court of the text
        body = Ref(chunk.begin(subject), chunk.end(subject), "setting")
    if body is None:
        return
    witnesses = [w for source in sources for w in _listed_in(chunk, source)]
    last = max(t.right_edge.i for t in sources)
    if last + 1 < sent.end and chunk.doc[last + 1].text == ";":
        # "from A, of X; B, chief of Y; and C": the parser leaves the entries after the first elsewhere
        entry_start = True
        for t in chunk.doc[last + 1:sent.end]:
            if t.text == ";":
                entry_start = True
                continue
            mention = chunk.mention_at(t)
            if entry_start and chunk.names_person(mention):
                witnesses.append(Ref(mention.begin, mention.end))
                entry_start = False
    for witness in dict.fromkeys(witnesses):
        if not _member(chunk, witness):
            _record(chunk, sent, verb, witness, body, "rule:heard-from")


def _people_by_company(chunk: Chunk, token: Token) -> None:
    """A name conjoined with people's names that the tagger called a place or a body, though its words are a
    person's ("heard from Helen Ruiz, Peter Walsh and Carol Whitman", "Helen Ruiz" tagged a place): a person."""
    conjoined = [token, *token.conjuncts]
    mentions = [chunk.mention_at(t) for t in conjoined]
    if not any(chunk.names_person(m) for m in mentions):
        return
    for mention in mentions:
        if mention is not None and not chunk.names_person(mention) and mention.label in ("GPE", "ORG", "NORP") \
                and _PERSON_LIKE.fullmatch(mention.text) and organization_type(mention.text) is None:
            mention.label, mention.forced = "PERSON", "Person"


_PERSON_LIKE = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’.-]+){1,2}")


def _listed_in(chunk: Chunk, phrase: Token) -> list[Ref]:
    """The people a phrase lists ("A, senior vice president at X; B, chief of Y; and Dr. C"), whatever the parse
    made of the list's commas and semicolons, but not those named in a relative clause of it."""
    _people_by_company(chunk, phrase)
    people = list(_people(chunk, phrase))
    in_relative = {t.i for r in phrase.subtree if r.dep_ == "relcl" for t in r.subtree}
    for t in phrase.subtree:
        if t.i in in_relative:
            continue
        mention = chunk.mention_at(t)
        if chunk.names_person(mention):
            ref = Ref(mention.begin, mention.end)
            if ref not in people:
                people.append(ref)
    return [r for r in people if r.want == "mention" or (r.want == "person" and len(people) == 1)]


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


_IN_HOUSE = frozenset({"general", "in-house", "corporate"})
"""Words that make a lawyer someone's employee, not an advocate in court ("the company's general counsel")."""


def _advocate(chunk: Chunk, subject: Token | None, witness: Ref, sent: Span, *, court: bool) -> bool:
    """A lawyer speaking for a party ("His barrister, Aisha Rahman SC, told the court", "Crown prosecutor X told the
    jury", "told jurors in her opening address"): no witness."""
    if subject is not None and subject.lower_ in ADVOCATE_NOUNS and not any(
            c.lower_ in _IN_HOUSE for c in subject.children):
        return True  # not a company's own lawyer ("its general counsel, X, testified"): a witness like any other
    if not court:
        return False
    if witness.want == "mention":
        begin, end = witness.begin - chunk.offset, witness.end - chunk.offset
        if _ADVOCATE_BEFORE.search(chunk.text, max(0, begin - 45), begin) or _COUNSEL_AFTER.match(chunk.text, end):
            return True
    return any(t.lower_ in COUNSEL_SPEECH_WORDS for t in sent)


def _people(chunk: Chunk, token: Token) -> list[Ref]:
    """The people a subject or object phrase names: its names and their conjuncts, names conjoined after an
    appositive ("A, chief executive of X, and B, an analyst, testified"), the antecedent of a relative pronoun
    ("X, who testified for the association, said"); a description with no name in it ("A former deckhand on a
    Nelson-based trawler told a jury") stands for the person the text names before or, when indefinite, next."""
    named = [r for a in children(token, "appos") for r in chunk.refs_in(a)
             if r.want == "mention" and chunk.is_person(r)]
    if named and token.i not in chunk.mention_of_token:
        return named  # "McRitchie's partner, Shona Keir, a nurse": the partner, not McRitchie
    if token.tag_ in ("WP", "WDT") and token.lower_ in ("who", "that"):
        antecedents = relative_antecedents(token)
        if not antecedents:
            return []
        # "A, chief financial officer of X, who told MLAs": the person the role belongs to, not its employer
        token = next((a for a in antecedents if any(chunk.is_person(r) for r in chunk.refs_in(a))), antecedents[0])
        if token.i not in chunk.mention_of_token and token.dep_ == "appos":
            # "said A, a vice president at X, who testified against the bill": the person the description is of
            named = [r for r in chunk.refs_in(token) if r.want == "mention" and chunk.is_person(r)]
            if named:
                return named
    indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in token.children)
    if token.i not in chunk.mention_of_token and _description(token, indefinite=indefinite) and not any(
            c.dep_ in ("compound", "appos") and c.i in chunk.mention_of_token for c in token.children):
        # "A former deckhand on a Nelson-based trawler": not the name inside the description
        if not indefinite:
            return [Ref(chunk.begin(token), chunk.end(token.right_edge), "description")]
        # an indefinite one introduces someone: named just after it ("An executive from X, commercial director
        # Y, told"), else by the text next; with another person in its sentence, no one a reader can be sure of
        sent = token.sent
        named = {id(chunk.mention_at(t)): t for t in sent if t.i != token.i and chunk.mention_at(t) is not None}
        others = [(chunk.mention_at(t), t) for t in named.values()]
        others = [(m, t) for m, t in others if chunk.names_person(m)]
        verb = token.head
        appositive = [m for m, t in others if chunk.begin(token) < m.begin < chunk.begin(verb) and any(
            w.dep_ == "appos" for w in sent if chunk.mention_at(w) is m)]
        if appositive:
            return [Ref(appositive[0].begin, appositive[0].end)]
        if others:
            return []
        return [Ref(chunk.begin(token.left_edge), chunk.end(token.right_edge), "description")]
    _people_by_company(chunk, token)
    people = [r for r in chunk.refs_in(token) if chunk.is_person(r)]
    if not people:
        people = _untagged_name(chunk, token)
    for appositive in children(token, "appos"):
        for other in appositive.conjuncts:  # a name ("A, an analyst, and B"), not a role ("A, X's son and manager")
            people += [r for r in chunk.refs_in(other) if chunk.is_person(r) and r.want == "mention"
                       and r not in people]
    return people


def _untagged_name(chunk: Chunk, token: Token) -> list[Ref]:
    """A witness's name the tagger missed, its letters unusual to it ("Renata Szymańska-Cole told the committee",
    "Also testifying was Bjørn Halvorsen"): two or three capitalized name words heading the subject, none a role,
    title or body word, no body's name."""
    if token.dep_ not in ("nsubj", "nsubjpass", "attr") or not token.text[:1].isupper() or token.is_sent_start:
        return []
    words = [c for c in token.lefts if c.dep_ in ("compound", "amod") and c.i >= token.i - 2] + [token]
    begin, end = chunk.begin(words[0]), chunk.end(token)
    if not 2 <= len(words) <= 3 or words[-1].i - words[0].i != len(words) - 1 or any(
            (w.i in chunk.mention_of_token and not _within(chunk.mention_of_token[w.i], begin, end))
            or not w.text[:1].isupper() or w.text.isupper()
            or not NAME_WORD.fullmatch(w.text) or w.lower_ in _NOUNS_OF_PEOPLE_OR_BODIES
            for w in words):
        return []
    name = chunk.text[words[0].idx:token.idx + len(token.text)]
    if organization_type(name) is not None or not any(w.is_sent_start is False for w in words[:1]):
        return []
    found = chunk.force(words[0], token, "Person")
    return [found] if found is not None else []


def _within(mention, begin: int, end: int) -> bool:
    """A mention the tagger made of part of a name, typed anything but a person ("Szymańska-Cole" a nationality)."""
    return begin <= mention.begin and mention.end <= end and mention.label != "PERSON" and not mention.forced


def _description(token: Token, *, indefinite: bool = False) -> bool:
    """A singular common noun naming someone by role ("a tenant organizer", "the kennel hand"), not a body ("the
    commission"), a group ("officials") or, unless it introduces someone ("An official from the agency appeared"),
    an unnamed spokesperson."""
    lower = token.lower_
    return (token.pos_ == "NOUN" and token.tag_ == "NN" and (lower in PERSON_NOUNS or lower.endswith(_AGENT_ENDINGS))
            and lower not in ORGANIZATION_NOUNS and (indefinite or lower not in UNNAMED_SPEAKER_NOUNS)
            and lower not in HEARING_AUDIENCE and lower not in COURT_AUDIENCE and token.ent_type_ == ""
            and any((c.dep_ == "det" and c.lower_ in ("a", "an", "the", "another")) or c.dep_ == "poss"
                    for c in token.children))


_AGENT_ENDINGS = ("er", "or", "ist", "ian", "hand", "man", "woman", "person")
"""Endings of nouns naming someone by what they do ("grower", "organizer", "toxicologist", "deckhand")."""


def _inverted_subject(verb: Token) -> Token | None:
    """The subject after the verb in "Also testifying were A and B", "Also appearing was C"."""
    if verb.dep_ == "csubj" and verb.head.lemma_ == "be":  # "testifying" parsed as the subject of "were"
        found = [c for c in verb.head.children if c.dep_ in ("attr", "nsubj") and c.i > verb.i]
        return found[0] if found else None
    copulas = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.lemma_ == "be" and c.i > verb.i]
    if not copulas:
        return None
    found = [c for head in (verb, *copulas) for c in head.children
             if c.dep_ in ("attr", "nsubj", "nsubjpass") and c.i > verb.i]
    return found[0] if found else None


def _add(chunk: Chunk, sent: Span, trigger: Token, verb: Token, body: Ref, method: str, *,
         subject: Token | None = None) -> None:
    """One testimony before ``body`` for each person the clause of ``verb`` has as subject (``subject`` when
    given); a description ("the founder of X") stands for the person the text names before or next."""
    if verb.pos_ in ("VERB", "AUX") and not_given(verb):
        return
    if subject is None:
        subject = subject_of(verb) or _inverted_subject(verb)
    witnesses = _people(chunk, subject) if subject is not None else []
    if not witnesses and trigger.text == "Testimony":
        # a heading, written with a capital: "Testimony before the Subcommittee on Health ... Statement of Francis
        # S. Collins"; in prose ("the senator said the testimony matched ...") the names after it are no witnesses
        for t in chunk.doc[trigger.i + 1:min(trigger.i + 120, len(chunk.doc))]:
            mention = chunk.mention_at(t)
            if mention is not None and mention.label == "PERSON":
                mention.forced = mention.forced or "Person"  # a heading line: keep the name though title-case
                witnesses, method = [Ref(mention.begin, mention.end)], "rule:testimony-heading"
                break
    if not witnesses and subject is None and verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i < verb.head.i:
        # "Also giving evidence, A, director of X, said": a fronted participle's subject is the person its main
        # clause opens with, whatever the parse made of the name
        for t in chunk.doc[trigger.right_edge.i + 1:verb.head.i]:
            mention = chunk.mention_at(t)
            if chunk.names_person(mention):
                witnesses = [Ref(mention.begin, mention.end)]
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
                and not _advocate(chunk, subject, witness, sent, court=court):
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
            TAKE_FORMS: _verb(_took_stand), HEAR_FORMS: _verb(_heard_from), QUESTIONED_FORMS: _questioned,
            STATEMENT_NOUNS: _statement, WITNESS_NOUN: _witness}
"""Words (lower case) that start a testimony rule, and the rule."""


_COUNCIL_WORDS = frozenset(w for w, body in LOCAL_BODY_AUDIENCE.items() if body == "council")


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
        if raw.body.want != "local" or resolver.text[raw.body.begin:raw.body.end].lower() in _COUNCIL_WORDS:
            # a county board or commission hears the public itself, not through a committee the text names
            # elsewhere ("the Planning Commission recommended approval"); a council through its committees
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
