"""Foundings: who founded which organization, and when.

Rules start from a founding verb ("founded", "co-founded", "established"; "launched", "started", "set up" only with
a named organization), a founder noun ("Thorn co-founder Ashton Kutcher", "Kutcher, a co-founder of Thorn", a list
entry "Jane Doe, Founder and CEO, Acme") and read the parse for the organization, its founders and the year of the
verb's own clause. ``assemble`` makes one fact per organization with every founder the text names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..facts import Facts, Founding
from . import founding_reader
from .chunk import Chunk
from .confidence import confidence
from .grammar import children, governing_verb, is_passive, subject_of
from .lexicon import (
    BEGAN_FORMS,
    FOUNDER_NOUNS,
    FOUNDING_VERBS,
    GROUP_WORDS,
    KINSHIP_NOUNS,
    LIST_WORDS,
    NON_STATE_NOUNS,
    NOT_DONE_HEADS,
    NOT_FOUNDED_NAME_WORDS,
    NOT_FOUNDED_NOUNS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    PERSON_TITLES,
    SET_UP_FORMS,
    WEAK_FOUNDING_VERBS,
)
from .names import organization_type
from .observations import Observations, RawMention, Ref
from .years import YEAR

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from .resolve import Resolver

__all__ = ["TRIGGERS", "RawFounding", "assemble"]


@dataclass
class RawFounding:
    organization: Ref
    founders: list[Ref]
    evidence: tuple[int, int]
    year: int | None
    method: str


def _strong_verb(chunk: Chunk, sent: Span, verb: Token) -> None:
    if verb.pos_ in ("VERB", "AUX", "ADJ", "NOUN", "PROPN"):
        _founding(chunk, sent, verb, strong=True)


def _weak_verb(chunk: Chunk, sent: Span, verb: Token) -> None:
    if verb.pos_ == "VERB":
        _founding(chunk, sent, verb, strong=False)


def _set_up(chunk: Chunk, sent: Span, verb: Token) -> None:
    # (the lemma keeps the capital of a sentence's first word: "Set up in 2012 by ...")
    if verb.lemma_.lower() == "set" and verb.pos_ == "VERB" and any(c.dep_ == "prt" and c.lower_ == "up"
                                                                   for c in verb.children):
        _founding(chunk, sent, verb, strong=False)


def _founding(chunk: Chunk, sent: Span, verb: Token, *, strong: bool) -> None:
    if verb.lower_ == "found" and not children(verb, "dobj", "nsubjpass", "agent"):
        return  # "found" as the past of "find": "the report found that..."
    if _still_to_come(verb):
        return
    organization: Ref | None = None
    founders: list[Ref] = []
    method = "rule:founding-verb"
    if verb.pos_ == "NOUN":
        _founding_noun(chunk, sent, verb)
        return
    # "Founded in 2016 by ..., Acme ...", "Founded in 2016, the group ...", "DENVER, May 2 — Founded in ..."
    # ("Set up in 2012 by ...": the tagger takes a capitalized "Set" for a base form)
    fronted = (verb.tag_ == "VBN" or (verb.text == "Set" and any(c.dep_ == "agent" for c in verb.children))) and (
        verb.i == sent.start or _DATELINE_BEFORE.match(chunk.text[sent.start_char:verb.idx]) is not None)
    if is_passive(verb) or fronted:
        subjects = _after_fronted_phrase(chunk, sent, verb) if fronted else []
        subjects = subjects or children(verb, "nsubjpass") or ([verb.head] if verb.dep_ == "acl" and not fronted else [])
        if not subjects and verb.dep_ == "advcl" and verb.i < verb.head.i:
            subjects = children(verb.head, "nsubj", "nsubjpass")  # "Founded in 1998 by Jane Doe, Acme ..."
        for agent in children(verb, "agent"):
            for pobj in children(agent, "pobj"):
                found = _listed_after_a_colon(chunk, sent, pobj) or chunk.refs_in(pobj) or _group_before(chunk, pobj)
                if all(r.want == "description" for r in found):
                    # "by the retired bus driver Eamon Doyle and ...": the name the parser hung elsewhere
                    found = _person_after(chunk, sent, pobj) or found
                founders += found
            if not children(agent, "pobj"):
                founders += _person_after(chunk, sent, agent)  # "by the former Navy diver A and ...", parsed apart
            for other in children(verb, "conj"):
                if other.pos_ in ("NOUN", "PROPN"):  # "by A, B's father, and the former Navy engineer C", parsed apart
                    founders += [r for r in chunk.refs_in(other) if chunk.is_person(r)]
        if subjects:
            organization = _organization_ref(chunk, subjects[0], strong)
        method = "rule:founding-passive"
    elif verb.dep_ == "relcl" and not any(c.lower_ in ("which", "that", "who") and c.dep_.startswith("nsubj")
                                          for c in verb.children) \
            and not any(c.dep_ == "dobj" and c.lower_ not in ("which", "that") for c in verb.children):
        # "Thorn, which Kutcher founded in 2012" (not "Jane Ortiz, whose husband founded the clinic": an object of
        # the clause's own is what was founded)
        organization = _organization_ref(chunk, verb.head, strong)
        subject = subject_of(verb)
        founders = chunk.refs_in(subject) if subject is not None else []
        founders += _cofounders_with(chunk, sent, verb, [])  # "X, which she co-founded with her brother, Y"
        method = "rule:founding-relative"
    else:
        objects = children(verb, "dobj")
        right = _named_right_after(chunk, verb)
        if right and (not objects or (objects[0].i > right[0].i and chunk.mention_at(objects[0]) is None
                                      and objects[0].left_edge.i > right[0].i
                                      and not _possessive_name(chunk, right[0]))):
            # (not "founded the Halifax charity": the object's own phrase holds the name)
            # "started Read Right Detroit in 2012 with a folding table, a box of ...", parsed with "box" the object
            objects = right
        if objects:
            organization = _organization_ref(chunk, objects[0], strong)
        subject = subject_of(verb)
        if subject is not None:
            founders = chunk.refs_in(subject) or _group_before(chunk, subject)
            clause = subject.head  # "X, who left Skyward in 2021 and started Y": the verb "who" is the subject of
            if not founders and subject.lower_ in ("who", "that") and clause.dep_ == "relcl":
                # the antecedent itself, not a name inside the relative clause under it
                # "Dale and Marcy Pruitt, the team who founded ...", "The pair, who founded Tallymint in 2017, ...": the
                # two people the sentence before names
                antecedent = clause.head
                if subject.lower_ == "who":
                    antecedent = _person_a_role_describes(chunk, antecedent) or antecedent
                named = chunk.refs_in(antecedent)
                founders = [r for r in named if r.want == "mention" and chunk.is_person(r)] or _group_before(
                    chunk, antecedent) or named
                subject = antecedent
            if not founders:
                founders = _the_founders_named_before(chunk, sent, subject)
            if not founders:  # "Altman, who co-founded OpenAI": a name spaCy did not tag here
                founders = [r for r in [chunk.untyped(subject)] if r is not None]
                untagged = chunk.mention_of_ref(founders[0]) if founders else None
                if untagged is not None and len(untagged.text.split()) <= 3 and organization_type(untagged.text) is None \
                        and any(t.dep_ == "poss" and t.lower_ in ("his", "her") for t in verb.subtree):
                    untagged.forced = "Person"  # "Dhaliwal co-founded the pantry with her wife": a person's name
        founders += _cofounders_with(chunk, sent, verb, objects)
    if organization is None:
        return
    founders = [f for f in founders if f != organization]
    for founder in founders:
        chunk.person_in_a_persons_place(founder)  # "Ella Stone founded ...", "by Paul and Dina Reyes"
    founders += [f for f in _listed_beside(chunk, sent, founders) if f != organization and f not in founders]
    year = _year_of(chunk, sent, verb)
    if not founders and (year is None or not (is_passive(verb) or fronted)):
        return  # "Founded in 2016, X ...": the year of a founding the text tells elsewhere
    chunk.observations.add(RawFounding(
        organization, founders, chunk.sentence_span(sent), year, method if strong else method + "-weak"))


def _still_to_come(verb: Token) -> bool:
    """A founding not (yet) done: "will launch X next spring", "plans to set up X", "declined to start X" (not "would
    later found X", a biography's past)."""
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "shall", "'ll", "wo") for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in NOT_DONE_HEADS


_DESCRIPTION_TAGS = ("DET", "ADJ", "NOUN", "PROPN", "NUM")
_BARE_TITLES = frozenset(t.rstrip(".") for t in PERSON_TITLES)


def _cofounders_with(chunk: Chunk, sent: Span, verb: Token, objects: list[Token]) -> list[Ref]:
    """The people a founding verb's "with" names: "co-founded Acme with John Smith", "with his cousin, Sam Ode",
    "with her neighbor Abdul Haddad", "with software engineer Ravi Rao" (the parser may hang "with" on the verb or
    on the object, and a name after a relative or role noun apart from it). Never "with a grant from Jane Doe"."""
    found: list[Ref] = []
    for prep in children(verb, "prep") + [p for o in objects for p in children(o, "prep")]:
        if prep.lower_ not in ("with", "alongside"):
            continue
        for pobj in children(prep, "pobj"):
            # not the people a phrase under the noun names ("with help from her neighbor X")
            under = [(chunk.begin(p.left_edge), chunk.end(p.right_edge)) for p in children(pobj, "prep")]
            people = [r for r in chunk.refs_in(pobj) if chunk.is_person(r)
                      and not any(b <= r.begin < e for b, e in under)]
            if not people and pobj.pos_ == "NOUN" and (
                    pobj.lower_ in KINSHIP_NOUNS or pobj.lower_ in PERSON_NOUNS
                    or any(c.dep_ == "poss" for c in pobj.children)):
                # "with his cousin, Sam Ode", "with her late father Hector Doe": the name parsed apart from the noun
                named = _named_after_comma(chunk, pobj)
                people = [named] if named is not None else _person_after(chunk, sent, pobj)
            found += people
    return found


def _person_a_role_describes(chunk: Chunk, token: Token) -> Token | None:
    """The person a "who" clause the parser hung on a body is about: "A, pastor of Hope Church, who founded ...",
    "A, a director at Acme, who set up ...": from the body up through the role noun to the name it describes."""
    mention = chunk.mention_at(token)
    if mention is None or chunk.names_person(mention):
        return None
    for _ in range(4):
        if token.dep_ not in ("pobj", "prep", "appos", "compound") or token.head.i == token.i:
            return None
        token = token.head
        found = chunk.mention_at(token)
        if token.dep_ != "prep" and chunk.names_person(found):
            return token
    return None


def _group_before(chunk: Chunk, token: Token) -> list[Ref]:
    """The people "the couple", "the pair", "the three" stand for: the last list of that many people the text
    names before ("Kevin and Dana Marsh met in 1990 ... the couple founded ..."), within two sentences."""
    size = GROUP_WORDS.get(token.lower_)
    if size is None or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return []
    sentences = [s for s in chunk.doc.sents if s.start <= token.i][-3:]
    for candidate in reversed(chunk.doc[sentences[0].start:token.i]):
        if candidate.dep_ == "conj" or not chunk.names_person(chunk.mention_at(candidate)) \
                or not candidate.conjuncts:
            continue
        people = [r for r in chunk.refs_in(candidate) if chunk.is_person(r)]
        if len(people) == size:
            return people
        return []  # the last list named is of another size: not one a reader takes "the couple" for
    if size == 2 and len(sentences) >= 2:
        # no list: the two people the sentence before names, each once or more ("X ... with her husband, Y. The
        # couple founded ...", "X appeared alongside her fellow co-founder, Y. The pair launched ...")
        named: dict[str, RawMention] = {}
        for t in sentences[-2]:
            mention = chunk.mention_at(t)
            if chunk.names_person(mention):
                named.setdefault(mention.text, mention)
        # "Ms Hale" after "Ana Hale" is one of them, not a third
        full = [n.split() for n in named if " " in n]
        people = [m for n, m in named.items() if " " in n or not any(w[-1] == n or w[0] == n for w in full)]
        if len(people) == 2:
            return [Ref(m.begin, m.end) for m in people]
    return []


def _listed_after_a_colon(chunk: Chunk, sent: Span, noun: Token) -> list[Ref]:
    """ "founded by six friends who had lived on the same floor: A, B, brothers C and D E": the people a plural
    noun (or a number of them) announces, listed after a colon or a dash later in the sentence."""
    if noun.pos_ != "NOUN" or not (noun.tag_ == "NNS" or any(c.dep_ == "nummod" for c in noun.children)):
        return []
    mark = next((t for t in sent if t.i > noun.i and t.text in (":", "—", "–")), None)
    if mark is None:
        return []
    found: list[Ref] = []
    for token in chunk.doc[mark.i + 1:sent.end]:
        mention = chunk.mention_at(token)
        if chunk.names_person(mention):
            ref = Ref(mention.begin, mention.end)
            if ref not in found:
                found.append(ref)
        elif mention is not None and mention.label not in _PLACE_LABELS:
            return []  # a list of bodies or things, not of the people announced
    return found


def _the_founders_named_before(chunk: Chunk, sent: Span, subject: Token) -> list[Ref]:
    """ "In 2015 the six founders also created X": "the (N) founders" are the founders of the body a founding
    before this sentence names (never "its founders" or "the founders of Y": another body's)."""
    if subject.lower_ not in ("founders", "co-founders", "cofounders") \
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children) \
            or any(c.dep_ == "prep" for c in subject.children):
        return []
    earlier = [raw for raw in chunk.observations.of(RawFounding)
               if raw.founders and raw.evidence[1] <= chunk.offset + sent.start_char]
    return list(earlier[-1].founders) if earlier else []


def _person_after(chunk: Chunk, sent: Span, word: Token) -> list[Ref]:
    """The person named right after ``word``, past at most five words of description."""
    for token in chunk.doc[word.i + 1:min(word.i + 7, sent.end)]:
        mention = chunk.mention_at(token)
        if chunk.names_person(mention):
            return [Ref(mention.begin, mention.end)]
        if token.pos_ not in _DESCRIPTION_TAGS:
            return []
    return []


def _listed_beside(chunk: Chunk, sent: Span, founders: list[Ref]) -> list[Ref]:
    """People the text lists with a founder ("A and B", "by the former sergeant A and the Boston attorney B") when
    the parser broke the list apart: read from the words, past descriptions, never past a verb or a clause."""
    def person(token: Token) -> RawMention | None:
        mention = chunk.mention_at(token)
        return mention if chunk.names_person(mention) else None

    found: list[Ref] = []
    for founder in founders:
        mention = chunk.mention_of_ref(founder)
        if mention is None:
            continue
        span = chunk.doc.char_span(mention.begin - chunk.offset, mention.end - chunk.offset, alignment_mode="expand")
        if person(span[0]) is None:
            continue
        # to the right: past the founder's own description (", a former restaurant manager,"), ", and" / "and",
        # then at most five words of description ("her husband,"), then a name
        i = _past_an_appositive(chunk, sent, span.end)
        while i + 1 < sent.end and chunk.doc[i].lower_ == "and" or (
                i + 2 < sent.end and chunk.doc[i].text == "," and chunk.doc[i + 1].lower_ == "and"):
            i += 1 if chunk.doc[i].lower_ == "and" else 2
            j = i
            while j < min(i + 6, sent.end) and person(chunk.doc[j]) is None and chunk.doc[j].lower_ != "and" and (
                    chunk.doc[j].pos_ in _DESCRIPTION_TAGS or (j == i and chunk.doc[j].lower_ in ("his", "her", "their"))
                    or (chunk.doc[j].text == "," and j > i and chunk.doc[j - 1].pos_ == "NOUN"
                        and j + 1 < sent.end and person(chunk.doc[j + 1]) is not None)):
                j += 1
            other = person(chunk.doc[j]) if j < sent.end else None
            if other is None:
                break
            found.append(Ref(other.begin, other.end))
            i = j
            while i < sent.end and chunk.mention_at(chunk.doc[i]) is other:
                i += 1
        # to the left: a name, then "and" right before this one ("Nikhil Varma and Jessamyn Clarke-Ortiz", "Dr Ana
        # Bell and Prof Tom Reid")
        start = span.start - 1 if span.start - 1 > sent.start and chunk.doc[span.start - 1].text.rstrip(".") \
            in _BARE_TITLES else span.start
        if start - 2 >= sent.start and chunk.doc[start - 1].lower_ == "and":
            other = person(chunk.doc[start - 2])
            if other is not None:
                found.append(Ref(other.begin, other.end))
    return found


def _past_an_appositive(chunk: Chunk, sent: Span, i: int) -> int:
    """Where the words after a name go on past its description ", a former restaurant manager," (the closing comma),
    or ``i`` when no such description follows."""
    doc = chunk.doc
    if i + 2 >= sent.end or doc[i].text != "," or doc[i + 1].lower_ not in ("a", "an", "the"):
        return i
    j = i + 2
    while j < min(i + 8, sent.end) and doc[j].pos_ in _DESCRIPTION_TAGS and chunk.mention_at(doc[j]) is None:
        j += 1
    return j if j < sent.end and j > i + 2 and doc[j].text == "," else i


def _named_after_comma(chunk: Chunk, noun: Token) -> Ref | None:
    """The person named right after ", " that closes a relative noun ("with his cousin, Sam Ode")."""
    after = noun.i + 2
    if after >= len(chunk.doc) or chunk.doc[noun.i + 1].text != ",":
        return None
    mention = chunk.mention_at(chunk.doc[after])
    if not chunk.names_person(mention):
        return None
    return Ref(mention.begin, mention.end)


def _began_in_a_year(chunk: Chunk, sent: Span, verb: Token) -> None:
    """ "The River City League began in the spring of 2006 with two teams", "Larder Link, which began in 2013 as a
    shelf of tins": the founding year of a named body (its founders come from another sentence). Only a body that
    itself began, with nothing it began ("began trading", "began an inquiry"), and a year inside the verb's own
    phrases."""
    if verb.pos_ != "VERB" or children(verb, "dobj", "xcomp", "ccomp"):
        return
    subject = subject_of(verb)
    if subject is not None and subject.lower_ in ("which", "that") and verb.dep_ == "relcl":
        subject = verb.head
    mention = chunk.mention_at(subject) if subject is not None else None
    if mention is None or not (mention.label == "ORG" or mention.forced in ORGANIZATION_TYPES) \
            or mention.forced == "Person" or organization_type(mention.text) not in (None, "Organization"):
        return
    years = [t for prep in children(verb, "prep") for t in prep.subtree if YEAR.match(t.text) and t.ent_type_ == "DATE"]
    if years:
        chunk.observations.add(RawFounding(Ref(mention.begin, mention.end), [], chunk.sentence_span(sent),
                                           int(years[0].text), "rule:founding-year"))


def _founding_noun(chunk: Chunk, sent: Span, noun: Token) -> None:
    """ "Since its founding in 2018, FieldPulse Robotics has ...": the founding year of the body the clause is about
    (its founders come from another sentence)."""
    year = next((int(p.text) for prep in children(noun, "prep") for p in children(prep, "pobj")
                 if YEAR.match(p.text)), None)
    if year is None or not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in noun.children):
        return
    subject = subject_of(governing_verb(noun))
    if subject is not None and subject.lower_ == "it" and subject.pos_ == "PRON":
        # "The charity was formed by A, and since its founding in 1994 it has served ...": the body the sentence
        # says was founded
        same = [raw for raw in chunk.observations.of(RawFounding) if raw.evidence == chunk.sentence_span(sent)]
        if same:
            chunk.observations.add(RawFounding(same[-1].organization, [], chunk.sentence_span(sent), year,
                                               "rule:founding-year"))
        return
    mention = chunk.mention_at(subject) if subject is not None else None
    if mention is not None and mention.label != "PERSON":
        chunk.observations.add(RawFounding(Ref(mention.begin, mention.end), [], chunk.sentence_span(sent), year,
                                           "rule:founding-year"))


def _named_right_after(chunk: Chunk, verb: Token) -> list[Token]:
    """The organization named right after a verb the parser gave no object ("helped establish the Tasmanian
    Growers Co-operative", parsed as a clause)."""
    for token in chunk.doc[verb.i + 1:min(verb.i + 4, len(chunk.doc))]:
        mention = chunk.mention_at(token)
        if mention is not None:
            return [token] if mention.label == "ORG" or mention.forced in ORGANIZATION_TYPES else []
        if token.pos_ not in ("DET", "ADJ"):
            return []
    return []


def _possessive_name(chunk: Chunk, token: Token) -> bool:
    """Whether the mention at ``token`` is a possessive ("set up Acme's new office")."""
    mention = chunk.mention_at(token)
    last = token
    while last.i + 1 < len(chunk.doc) and chunk.mention_at(chunk.doc[last.i + 1]) is mention:
        last = chunk.doc[last.i + 1]
    return last.i + 1 < len(chunk.doc) and chunk.doc[last.i + 1].text in ("'s", "’s", "'")


_DATELINE_BEFORE = re.compile(r"[A-Z][A-Z.'’ -]{2,}(?:,[^—–\n]{0,40})?\s*[—–-]{1,2}\s*$")


def _after_fronted_phrase(chunk: Chunk, sent: Span, verb: Token) -> list[Token]:
    """What a fronted participle phrase describes: the name (or "the group") after the comma that closes it,
    past the commas of descriptions inside it ("Founded in 1979 by the Rev. A B, a pastor who ..., the Acme
    Alliance now ..."), which the parser often attaches to the wrong word. Nothing once the main verb is passed."""
    for t in sent[verb.i - sent.start + 1:]:
        if t.dep_ == "ROOT" and t.i != verb.i and t.pos_ in ("VERB", "AUX"):
            return []
        if t.text != ",":
            continue
        following = chunk.doc[t.i + 1] if t.i + 1 < sent.end else None
        if following is not None and following.lower_ == "the" and following.i + 1 < sent.end:
            following = chunk.doc[following.i + 1]
        if following is not None and following.i + 3 < sent.end and chunk.doc[following.i + 1].text in ("-", "–") \
                and chunk.doc[following.i + 2].lower_ in ("based", "headquartered"):
            following = chunk.doc[following.i + 3]  # "Lisburn-based Fibrelink Networks": the place it is in
        if following is None:
            return []
        mention = chunk.mention_at(following)
        if mention is not None:
            last = following
            while last.i + 1 < sent.end and chunk.mention_at(chunk.doc[last.i + 1]) is mention:
                last = chunk.doc[last.i + 1]
            main = verb.head if verb.dep_ == "advcl" and verb.head.i > t.i else None
            if chunk.names_person(mention) and not (
                    mention.forced != "Person" and main is not None and (
                        (last.dep_ == "nsubj" and last.head.i == main.i)
                        or (last.i + 1 == main.i and not children(main, "nsubj", "nsubjpass")))):
                # "..., and the Boston attorney Jo Keller": another founder; but the subject of the verb the phrase
                # is fronted to is what it describes ("Founded in 2015 by A and B Roe, Alto Builders grew"),
                # whatever the tagger called its name
                continue
            if mention.label in _PLACE_LABELS and chunk.doc[t.i + 1].lower_ != "the":
                continue
            return [last]
        if following.pos_ == "NOUN" and following.lower_ in ORGANIZATION_NOUNS:
            return [following]  # "Founded in 2016, the group now ..."
        if following.pos_ == "PROPN" and following.text[:1].isupper():
            last = following
            while last.i + 1 < sent.end and chunk.doc[last.i + 1].pos_ == "PROPN" \
                    and chunk.doc[last.i + 1].text[:1].isupper() and chunk.mention_at(chunk.doc[last.i + 1]) is None:
                last = chunk.doc[last.i + 1]
            chunk.force(following, last, "Organization")  # a name the tagger missed: what the phrase describes
            return [last]
    return []


def _proper_run(token: Token) -> tuple[Token, Token] | None:
    """The proper-noun phrase headed by ``token`` (compounds included), when it is one."""
    if not token.text[:1].isupper():
        return None  # "a Salford food bank" with "bank" tagged a proper noun: a name's head is capitalized
    left = [c for c in token.lefts if c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "PROPN"]
    first = left[0].left_edge if left else token
    last = token
    for prep in children(token, "prep"):  # "School for Negro Women", "Institute of Technology"
        objects = children(prep, "pobj")
        if prep.lower_ in ("for", "of", "on") and objects and objects[0].pos_ == "PROPN" and prep.i == token.i + 1:
            last = objects[0].right_edge
    return first, last


def _organization_ref(chunk: Chunk, head: Token, strong: bool) -> Ref | None:
    if head.lower_ in ("that", "which") and head.head.dep_ == "relcl":
        head = head.head.head  # "an organization that was founded in 2005 by ...": what the clause describes
    if head.lower_ == "it" and head.pos_ == "PRON":
        if not (strong or _passive_by_person(head) or _person_set_up_a_body_just_named(chunk, head)):
            return None
        return Ref(chunk.begin(head), chunk.end(head), "organization")  # "It was founded in 2010 by ..."
    named = _named_in_apposition(chunk, head, strong)
    if named is not None:
        head, strong = named, True  # "started a consulting firm, Lorne Advisory": the name, a body
    named = _described_name(chunk, head) or _named_by_copula(chunk, head)
    if named is not None:
        # "Polaris, the nonprofit founded in 2002 by ...", "Polaris, a charity that Chon started": the name the
        # appositive describes, a body whatever spaCy called it
        head, strong = named, True
    if not strong and any(c.dep_ == "appos" and c.lower_ in NON_STATE_NOUNS for c in head.children):
        strong = True  # "created the River Youth Fund, a nonprofit": what the appositive calls it, not its name's word
    if not strong and _not_a_body(head):
        return None  # "created WordBridge, a free app", "launched an appeal called Beds Before Winter"
    mention = chunk.mention_at(head)
    if mention is None and head.pos_ == "NOUN" and head.lower_ in ORGANIZATION_NOUNS and head.i + 1 < len(chunk.doc) \
            and chunk.doc[head.i + 1].pos_ == "PROPN" and chunk.doc[head.i + 1].text[:1].isupper():
        # "set up the charity Open Pages": the name after the noun
        last = chunk.doc[head.i + 1]
        while last.i + 1 < len(chunk.doc) and chunk.doc[last.i + 1].pos_ == "PROPN" \
                and chunk.doc[last.i + 1].text[:1].isupper():
            last = chunk.doc[last.i + 1]
        if chunk.mention_at(chunk.doc[head.i + 1]) is None:
            return chunk.force(chunk.doc[head.i + 1], last, "Organization")
        head, strong = chunk.doc[head.i + 1], True  # whatever the tagger called it, the noun before makes it a body
        mention = chunk.mention_at(head)
    if mention is None and (strong or _passive_by_person(head) or head.dep_ == "dobj") and head.pos_ == "NOUN" \
            and (head.lower_ in ORGANIZATION_NOUNS or _names_a_body_before(chunk, head)) \
            and any(c.lower_ in ("the", "this") for c in head.children) \
            and not any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children
                        if not _a_place_before_a_body_noun(chunk, c, head)):
        # "The organization was co-founded by ...", "helped establish the credit union", "The firm was set up
        # in 1987 by her father", "co-founded the pantry": the body named before
        return Ref(chunk.begin(head), chunk.end(head), "organization")
    if mention is None:
        for child in head.children:
            if child.dep_ == "compound" and chunk.mention_at(child) is not None \
                    and chunk.mention_at(child).label not in _PLACE_LABELS \
                    and not _a_modifier_of_a_description(chunk, child, head):
                mention = chunk.mention_at(child)  # not "a San Francisco startup"
                break
    lenient = not strong and _made_by_a_person(chunk, head)
    if mention is not None:
        if mention.label == "PERSON" and not (strong or lenient) and mention.forced not in ORGANIZATION_TYPES:
            return None  # (a name right after the verb is a body's whatever the tagger said: chunk._founded_names)
        if mention.forced == "Person":
            return None  # a name its context made a person's ("her husband, X", "X, 61,"): never the body founded
        if lenient and (mention.label in {"DATE", "TIME", "EVENT", "LAW", "CARDINAL", "MONEY"} or (
                mention.label in _PLACE_LABELS and head.dep_ != "dobj")):
            return None  # a place as the object of "set up" is a body the tagger took for one: "set up Vigilis"
        if strong or lenient or mention.label == "ORG" or mention.forced in ORGANIZATION_TYPES:
            # "set up the charity Steps Together": a name the words around make a body
            mention.forced = mention.forced or "Organization"
            return Ref(mention.begin, mention.end)
        return None
    run = _proper_run(head)
    if run is None and strong and head.pos_ == "NOUN":
        # "founder of Generación Y blog": the name is the proper-noun modifiers of a common noun
        names = [c for c in head.lefts if c.dep_ == "compound" and (c.pos_ == "PROPN" or c.text[:1].isupper())
                 and c.ent_type_ not in _PLACE_LABELS]  # not "a Baltimore nonprofit", "a San Francisco startup"
        if names and not (len(names) == 1 and _a_modifier_of_a_description(chunk, names[0], head)):
            return chunk.force(names[0], names[-1], "Organization")
    if run is None:
        return None
    described = run[0].i > 0 and chunk.doc[run[0].i - 1].lower_ in ORGANIZATION_NOUNS
    if not strong and not described and not lenient \
            and organization_type(chunk.text[run[0].idx:run[1].idx + len(run[1].text)]) is None:
        return None  # "started Redwood" may be anything; "created the Bluebird Project", "set up the charity
        # Open Pages" name a body
    return chunk.force(run[0], run[1], "Organization")


_PLACE_LABELS = {"GPE", "LOC", "NORP", "FAC"}


def _a_place_before_a_body_noun(chunk: Chunk, name: Token, noun: Token) -> bool:
    """ "founded the Houston company", "launched the San Francisco company": the place a body named before is in,
    not a name (a body's own name before its noun is one the text names as a body elsewhere: "the Acme company")."""
    if noun.lower_ not in NON_STATE_NOUNS or name.ent_type_ not in ("GPE", "LOC", "PERSON", "ORG", ""):
        return False
    words = [t for t in noun.lefts if t.dep_ == "compound"]
    if not words or len(words) > 2 or any(not t.text[:1].isupper() for t in words):
        return False
    if name.ent_type_ == "ORG" and (len(words) > 1 or not any(c.lower_ == "the" for c in noun.children)):
        return False  # "the Halifax charity": one word the tagger called a body only here, before "the ... noun"
    text = " ".join(t.text for t in words)
    here = chunk.mention_at(name)
    return not any(m.text == text and (m.label == "ORG" or m.forced in ORGANIZATION_TYPES)
                   and not chunk.names_person(m) and m is not here and not _only_a_modifier(chunk, m)
                   for m in chunk.observations.mentions)


def _only_a_modifier(chunk: Chunk, mention: RawMention) -> bool:
    """A name used only before other nouns ("Halifax literacy pioneer"): no sign the text names a body by it."""
    span = chunk.doc.char_span(mention.begin - chunk.offset, mention.end - chunk.offset, alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].dep_ in ("compound", "amod") and span[0].head.pos_ == "NOUN"


def _a_modifier_of_a_description(chunk: Chunk, name: Token, head: Token) -> bool:
    """A one-word name before common nouns that describe a body, not name it: "a Govan youth boxing charity",
    "Salford food bank founder" (the place the body is in; "Thorn co-founder", "Acme Foods founder" name it)."""
    mention = chunk.mention_at(name)
    if mention is None or " " in mention.text or mention.text.isupper() or organization_type(mention.text):
        return False
    between = chunk.doc[name.i + 1:head.i]
    if not between or not all(t.pos_ in ("NOUN", "ADJ", "PROPN") and t.text.islower() for t in between):
        return False
    before = chunk.doc[name.i - 1] if name.i > 0 else None
    return mention.label in _PLACE_LABELS or (before is not None and before.lower_ in ("a", "an"))
ORGANIZATION_TYPES = ("Organization", "LegislativeBody", "GovernmentBody")


def _names_a_body_before(chunk: Chunk, noun: Token) -> bool:
    """A common noun that ends the name of a body the text named before ("the Valley Community Pantry" ... "the
    pantry", "the rescue", "the collective"): that body, made one if the tagger called its name a place. A noun no
    name before ends with ("the practice of ...") is no body."""
    if noun.pos_ != "NOUN" or not noun.text.islower():
        return False
    begin = chunk.begin(noun)
    named = [m for m in chunk.observations.mentions
             if m.begin < begin and " " in m.text and not chunk.names_person(m)
             and m.text.rsplit(" ", 1)[1].lower() == noun.lower_
             and (m.label in ("ORG", "FAC") or m.forced in ORGANIZATION_TYPES)]
    if named and named[-1].label == "FAC" and named[-1].forced is None:
        for mention in chunk.observations.mentions:  # the nearest one, tagged a building
            if mention.text == named[-1].text and mention.label == "FAC":
                mention.forced = "Organization"
    return bool(named)


def _not_a_body(head: Token) -> bool:
    """What a weak founding verb makes that is no organization: a thing its appositive or head noun calls an app,
    a fund, a campaign ("created WordBridge, a free app"; "launched an appeal called X")."""
    # a capitalized word ending a name is the name's, not a kind of thing: "the Second Opinion Line", a helpline
    nouns = [] if head.pos_ == "PROPN" and head.text[:1].isupper() and head.lower_ not in NOT_FOUNDED_NAME_WORDS \
        else [head]
    nouns += [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    for t in head.subtree:
        if t.dep_ == "appos" and t.pos_ == "NOUN" and t.i > head.i:
            nouns.append(t)
    return any(n.lemma_.lower() in NOT_FOUNDED_NOUNS for n in nouns)


def _named_in_apposition(chunk: Chunk, noun: Token, strong: bool = False) -> Token | None:
    """The name an organization noun is set beside: "a consulting firm, Lorne Advisory", "the charity, Open
    Pages"; with "founded" also a programme's ("The program, Second Gear, was founded in 2014 by A and B": what
    people found is a body, what a body launches is its programme)."""
    if noun.pos_ != "NOUN" or noun.lower_ not in ORGANIZATION_NOUNS or (
            noun.lower_ in NOT_FOUNDED_NOUNS and not strong):
        return None
    for child in noun.rights:
        if child.dep_ == "appos" and child.i >= noun.i + 2 and chunk.doc[child.left_edge.i - 1].text == "," \
                and child.pos_ == "PROPN" and child.text[:1].isupper():
            mention = chunk.mention_at(child)
            if mention is None or mention.label not in _PLACE_LABELS:
                return child
    # the parser hung the name elsewhere ("started a crop-spraying firm, Prairie Rotor Works, did not ..."): read
    # from the words, a run of capitalized proper nouns closed by a comma or the sentence's end
    doc = chunk.doc
    if noun.i + 2 < len(doc) and doc[noun.i + 1].text == "," and doc[noun.i + 2].pos_ == "PROPN" \
            and doc[noun.i + 2].text[:1].isupper():
        last = doc[noun.i + 2]
        while last.i + 1 < len(doc) and doc[last.i + 1].pos_ == "PROPN" and doc[last.i + 1].text[:1].isupper():
            last = doc[last.i + 1]
        mention = chunk.mention_at(doc[noun.i + 2])
        closed = last.i + 1 >= len(doc) or doc[last.i + 1].text in (",", ".", ";")
        if closed and (mention is None or not (chunk.names_person(mention) or mention.label in _PLACE_LABELS)):
            return last
    return None


_STARTING_LEMMAS = frozenset({"start", "set", "form"})


def _made_by_a_person(chunk: Chunk, head: Token) -> bool:
    """A name a person started, set up or formed ("started Kestrel Custody in 2019 with ...", "Brackwell was set up
    in 1991 by the brothers ..."): something one starts with a name is a body, unlike what one launches or creates
    (an app, a podcast)."""
    verb = head.head
    # (a name's first word the parser took for a verb: "started Read Right Detroit", "Read" an xcomp)
    if (head.dep_ == "dobj" or (head.dep_ == "xcomp" and head.pos_ == "PROPN")) \
            and verb.lemma_.lower() in _STARTING_LEMMAS:
        subject = subject_of(verb)
        # "Adaeze Okafor-Whitlock, 41, set up Tallyfield": a double-barrelled surname the tagger calls a common noun
        return subject is not None and (subject.pos_ in ("PROPN", "PRON") or subject.lower_ in ("who", "that")
                                        or chunk.names_person(chunk.mention_at(subject)))
    return _passive_by_person(head) and verb.lemma_.lower() in _STARTING_LEMMAS


def _person_set_up_a_body_just_named(chunk: Chunk, it: Token) -> bool:
    """ "Jan Brooks runs the Harbor Dog Rescue. She set it up in 2015 with ...": "it" a person set up or started
    right after a body is named (in that sentence or the one before) is that body."""
    verb = it.head
    if it.dep_ != "dobj" or verb.lemma_ not in ("set", "start"):
        return False
    subject = subject_of(verb)
    if subject is None or not (subject.lower_ in ("he", "she") or chunk.names_person(chunk.mention_at(subject))):
        return False
    sentences = [s for s in chunk.doc.sents if s.start <= it.i][-2:]
    begin, end = chunk.offset + sentences[0].start_char, chunk.begin(it)
    return any(begin <= m.begin < end and (m.label == "ORG" or m.forced in ORGANIZATION_TYPES)
               for m in chunk.observations.mentions)


def _passive_by_person(head: Token) -> bool:
    """ "The firm was set up by her father": a passive founding whose agent is named."""
    verb = head.head
    return head.dep_ == "nsubjpass" and any(c.dep_ == "agent" for c in verb.children)


def _described_name(chunk: Chunk, noun: Token) -> Token | None:
    """The name an appositive organization noun describes: "Polaris, the anti-trafficking nonprofit", "ReadUp, a
    literacy nonprofit" (read from the words, as the parser may hang the appositive on a dateline)."""
    if noun.pos_ not in ("NOUN", "ADJ") or not (noun.lower_ in ORGANIZATION_NOUNS or any(
            c.dep_ == "amod" and c.lower_ in ORGANIZATION_NOUNS for c in noun.children)):
        return None
    first = noun.left_edge
    if first.i < 2 or chunk.doc[first.i - 1].text != "," or first.lower_ not in ("a", "an", "the"):
        return None
    name = chunk.doc[first.i - 2]
    mention = chunk.mention_at(name)
    if mention is not None and mention.forced == "Person":
        # "..., and her husband, Karim Hassan, the charity has grown": a name its context made a person's (a founder),
        # then the body; the tagger's PERSON alone may be a body's name ("Segunda Mesa, a nonprofit started by")
        return None
    if chunk.mention_at(name) is not None or (name.pos_ == "PROPN" and name.text[:1].isupper()):
        return name
    return None


def _named_by_copula(chunk: Chunk, noun: Token) -> Token | None:
    """The name an organization noun is said to be: "Rideline is a Brisbane company set up in 2017 by ..."."""
    if noun.dep_ != "attr" or noun.pos_ != "NOUN" or noun.lower_ not in ORGANIZATION_NOUNS \
            or noun.head.lemma_ != "be":
        return None
    subject = subject_of(noun.head)
    mention = chunk.mention_at(subject) if subject is not None else None
    if mention is None or chunk.names_person(mention) or mention.label in _PLACE_LABELS:
        return None
    return subject


def _year_of(chunk: Chunk, sent: Span, verb: Token) -> int | None:
    for prep in children(verb, "prep"):
        for pobj in children(prep, "pobj"):
            if YEAR.match(pobj.text):
                return int(pobj.text)
    # "co-founded PayPal and later founded SpaceX in 2002", "In 1924 she was elected ..., and later she founded
    # X": the year of a conjoined verb is not this one's
    conjoined = {c.i for c in children(verb, "conj")} | ({verb.head.i} if verb.dep_ == "conj" else set())
    years = [t for t in sent if YEAR.match(t.text) and t.ent_type_ == "DATE"
             and governing_verb(t).i not in conjoined]
    if not years:
        return _year_referred_to(chunk, sent, verb)
    return int(min(years, key=lambda t: abs(t.i - verb.i)).text)


_YEAR_ANAPHORS = {"that": 0, "same": 0, "following": 1, "next": 1}


def _year_referred_to(chunk: Chunk, sent: Span, verb: Token) -> int | None:
    """ "launched X that year", "the following year": the year the sentence before gives (plus one for "the
    following year")."""
    for t in verb.subtree:
        if t.lower_ == "year" and t.i > 0 and chunk.doc[t.i - 1].lower_ in _YEAR_ANAPHORS \
                and governing_verb(t).i == verb.i:
            before = [y for y in chunk.doc[max(0, sent.start - 60):sent.start]
                      if YEAR.match(y.text) and y.ent_type_ == "DATE"]
            if before:
                return int(before[-1].text) + _YEAR_ANAPHORS[chunk.doc[t.i - 1].lower_]
    return None


def _founder_noun(chunk: Chunk, sent: Span, noun: Token) -> None:
    """ "Thorn co-founder Ashton Kutcher", "Kutcher, a co-founder of Thorn"."""
    organization: Ref | None = None
    # "co-founder and chief executive of Acme": the "of" of the last conjoined role is the founder noun's too
    for prep in children(noun, "prep") + [p for c in noun.conjuncts if c.i > noun.i for p in children(c, "prep")]:
        if prep.lower_ == "of" and organization is None:
            for pobj in children(prep, "pobj"):
                organization = _organization_ref(chunk, pobj, True)
    if organization is None:
        for child in noun.lefts:
            if child.dep_ in ("compound", "poss") and child.i in chunk.mention_of_token \
                    and not _a_modifier_of_a_description(chunk, child, noun):
                mention = chunk.mention_of_token[child.i]
                # "Acme's founder": a possessive before "founder" is the body whatever spaCy called it
                if mention.label != "PERSON" or child.dep_ == "poss":
                    organization = _organization_ref(chunk, child, True)
            elif child.dep_ == "poss" and child.lower_ == "its":
                organization = Ref(chunk.begin(child), chunk.end(child), "organization")  # "its founder, X"
            elif child.dep_ == "poss" and (child.lower_ in ORGANIZATION_NOUNS or _names_a_body_before(chunk, child)):
                found = chunk.ref(child)  # "the foundation's founder": the foundation named before
                if found is not None and found.want == "organization":
                    organization = found
    role = noun
    while role.dep_ == "conj" and role.head.i != role.i:  # "Innovator and Blogger, Founder of X"
        role = role.head
    one_of = role.dep_ == "pobj" and role.head.lower_ == "of" and role.head.head.lower_ == "one"
    if one_of:
        role = role.head.head  # "Sarah Jones, one of the founders of X": one founder, the person "one" is said of
    if organization is None and role.dep_ == "appos":
        # a list entry "Jane Doe, Founder and Chief Executive Officer, Acme Association, (Pakistan)"
        for sibling in role.head.children:
            mention = chunk.mention_at(sibling)
            if sibling.dep_ == "appos" and sibling.i > noun.i and mention is not None \
                    and mention.label in ("ORG", "CONTEXT") and mention.label != "PERSON":
                organization = _organization_ref(chunk, sibling, True)
                break
    if organization is None:
        organization = _named_after(chunk, sent, noun)
    if organization is None:
        organization = _owner_before(chunk, noun)  # "The rescue's co-founder, ...", the parse broken around it
    if organization is None and any(c.dep_ == "poss" and (c.lower_ in ("his", "her", "their") or chunk.names_person(
            chunk.mention_at(c))) for c in (*noun.children, *role.children)):
        # "His co-founder, Dr Rita Shah, ...", "Marsh's brother and co-founder, Julian Marsh": a co-founder of what
        # the person the story follows founded
        earlier = [raw for raw in chunk.observations.of(RawFounding)
                   if raw.founders and raw.evidence[1] <= chunk.offset + sent.start_char]
        if earlier and noun.lower_.startswith("co"):
            organization = earlier[-1].organization
    if organization is None:
        return
    founder: Ref | None = None
    for child in noun.children:
        if child.dep_ in ("appos", "compound") and child.i in chunk.mention_of_token \
                and chunk.mention_of_token[child.i].label == "PERSON":
            founder = chunk.ref(child)
    if founder is None and role.dep_ in ("appos", "attr"):
        head = role.head
        if role.dep_ == "attr":
            head = subject_of(role.head) or head
        founder = chunk.ref(head)
    if founder is None:
        after = noun.i + 1
        if after < len(chunk.doc) and chunk.doc[after].i in chunk.mention_of_token \
                and chunk.mention_of_token[after].label == "PERSON":
            founder = chunk.ref(chunk.doc[after])
    if founder is None:
        founder = _named_after_comma_past_description(chunk, sent, noun)
    if founder is None and noun.i > sent.start:
        founder = _listed_person_before(chunk, sent, noun)
    if founder is None or founder == organization:
        return
    founders = [founder]
    if role.dep_ == "attr" and noun.lower_.endswith("founders"):
        # "A, a former porter, and her husband, B, are the co-founders of X": every person the plural subject names
        subject = subject_of(role.head)
        if subject is not None:
            founders += [r for r in chunk.refs_in(subject) if chunk.is_person(r) and r.want == "mention"
                         and r not in founders and r != organization]
    if noun.lower_.endswith("founders") and not one_of:
        # "Murray and Edna Black, the founders of X", "X's married co-founders, Adam and Christin Healey": the
        # people listed with the one the noun is said of
        founders += [r for r in _listed_beside(chunk, sent, founders) if r not in founders and r != organization]
    chunk.observations.add(RawFounding(
        organization, founders, chunk.sentence_span(sent), None, "rule:founder-noun"))


def _owner_before(chunk: Chunk, noun: Token) -> Ref | None:
    """The body whose founder ``noun`` is, read from the words: "Acme's co-founder", "the rescue's co-founder"."""
    if noun.i < 2 or chunk.doc[noun.i - 1].text not in ("'s", "’s"):
        return None
    owner = chunk.doc[noun.i - 2]
    mention = chunk.mention_at(owner)
    if mention is not None:
        return None if chunk.names_person(mention) else _organization_ref(chunk, owner, True)
    if owner.lower_ in ORGANIZATION_NOUNS or _names_a_body_before(chunk, owner):
        return Ref(chunk.begin(owner), chunk.end(owner), "organization")
    return None


def _named_after_comma_past_description(chunk: Chunk, sent: Span, noun: Token) -> Ref | None:
    """The person named after ", " that follows a founder noun, past a description and the person it relates them
    to ("The rescue's co-founder, Lévesque's sister Ana Lévesque, ...", "Its co-founder, the Leeds GP Dr Ann Bell")."""
    if noun.i + 2 >= sent.end or chunk.doc[noun.i + 1].text != ",":
        return None
    i = noun.i + 2
    while i < min(noun.i + 12, sent.end):
        token = chunk.doc[i]
        mention = chunk.mention_at(token)
        if mention is not None:
            last = i
            while last + 1 < sent.end and chunk.mention_at(chunk.doc[last + 1]) is mention:
                last += 1
            if last + 1 < sent.end and chunk.doc[last + 1].text in ("'s", "’s"):
                i = last + 2  # whose relative: "Lévesque's sister"
                continue
            return Ref(mention.begin, mention.end) if chunk.names_person(mention) else None
        if token.pos_ not in _DESCRIPTION_TAGS:
            return None
        i += 1
    return None


def _named_after(chunk: Chunk, sent: Span, noun: Token) -> Ref | None:
    """The body a list entry names after a role: "Founder and Chief Executive Officer, Acme Association"."""
    for t in chunk.doc[noun.i + 1:min(noun.i + 12, sent.end)]:
        mention = chunk.mention_at(t)
        if mention is not None and mention.label in ("ORG", "CONTEXT", "FAC", "WORK_OF_ART", "PRODUCT"):
            return _organization_ref(chunk, t, True)
        if not (t.lower_ in LIST_WORDS or (t.text[:1].isupper() and mention is None)):
            return None
    return None


def _listed_person_before(chunk: Chunk, sent: Span, noun: Token) -> Ref | None:
    """The person a list entry opens with: "Jane Doe, Journalist and Blogger, Founder of ..."."""
    for t in reversed(list(chunk.doc[max(sent.start, noun.i - 12):noun.i])):
        mention = chunk.mention_at(t)
        if mention is not None and mention.label == "PERSON" and t.i < noun.i - 1:
            return Ref(mention.begin, mention.end)
        if not (t.lower_ in LIST_WORDS or t.text[:1].isupper()):
            return None
    return None


TRIGGERS = {FOUNDING_VERBS: _strong_verb, WEAK_FOUNDING_VERBS: _weak_verb, SET_UP_FORMS: _set_up,
            FOUNDER_NOUNS: _founder_noun, BEGAN_FORMS: _began_in_a_year}
"""Words (lower case) that start a founding rule, and the rule."""


def find_after_rules(chunk: Chunk) -> None:
    """The learned reader's candidate pairs (``founding_reader``), once the rules have typed the chunk's names."""
    founding_reader.find(chunk)


def assemble(observations: Observations, resolver: Resolver, facts: Facts, *, reader: bool = True) -> None:
    """One founding per organization, with every founder any rule found for it and the first year given; then the
    pairs the learned reader is sure of (``reader=False``: the rules' alone)."""
    foundings: dict[str, Founding] = {}
    years: dict[str, int] = {}
    founded_by: dict[str, str] = {}  # a founder -> the named body the text said they founded
    for raw in observations.of(RawFounding):
        organization = _the_body_a_story_is_about(resolver, raw.organization) \
            or resolver.resolve(raw.organization, want="organization")
        if organization is not None and raw.organization.want == "organization" \
                and resolver.text[raw.organization.begin:raw.organization.end].lower() in NON_STATE_NOUNS \
                and resolver.entities[organization].type != "Organization":
            organization = None  # "she set up the charity": never the committee she spoke to
        # a founder is a person: "set up by the Scottish Government" names a parent body, not a founder
        founders = [f for f in (resolver.resolve(r, want="person") for r in raw.founders if r.want != "organization")
                    if f and f != organization]
        if raw.organization.want == "organization" and any(f in founded_by for f in founders):
            # "he had started the charity": the body the text said he founded, not the body named last
            organization = next(founded_by[f] for f in founders if f in founded_by)
        elif raw.organization.want == "mention" and organization is not None:
            for founder in founders:
                founded_by.setdefault(founder, organization)
        if organization is not None and not founders and raw.year is not None:
            years.setdefault(organization, raw.year)  # "Since its founding in 2018, ...": a year, no founders
        if organization is None or not founders:
            continue
        fact = foundings.get(organization)
        if fact is None:
            fact = foundings[organization] = Founding(f"founding-{organization}", organization, [],
                                                      [], None, confidence("founding", raw.method), raw.method)
        for founder in founders:
            if founder not in fact.founders:
                fact.founders.append(founder)
        evidence = resolver.span(*raw.evidence)
        if evidence not in fact.evidence:
            fact.evidence.append(evidence)
        fact.year = fact.year or raw.year
    for organization, fact in foundings.items():
        fact.year = fact.year or years.get(organization)
    facts.foundings = list(foundings.values())
    if reader:
        founding_reader.decide(observations, resolver, facts)


def _the_body_a_story_is_about(resolver: Resolver, ref: Ref) -> str | None:
    """ "X and Y founded the business in 2016", "The company was set up in 2021 by ...": in news "the company",
    "the charity" a founder started is the body the story is about (the one its text names most, before this),
    not the investor, buyer or employer named last, unless a body named before has that noun in its name ("the
    pantry")."""
    noun = resolver.text[ref.begin:ref.end].lower()
    if ref.want != "organization" or noun not in NON_STATE_NOUNS:
        return None
    if resolver.nearest(ref.begin, "organization", inside_quote=resolver.in_quote(ref.begin), word=noun):
        return None
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    with_founder: list[str] = []
    for entity_id, entity in resolver.entities.items():
        if entity.type != "Organization":
            continue
        names = sorted({entity.name, *entity.aliases}, key=len, reverse=True)
        # the tagger misses many of a body's later mentions ("Ledgerleaf's board"): count the name in the text
        alternatives = "|".join(map(re.escape, names))
        found = [m.start() for m in re.finditer(r"\b(?:" + alternatives + r")\b", resolver.text)
                 if not resolver.in_quote(m.start())]
        if found and found[0] < ref.begin:
            counts[entity_id] = len(found)
            first[entity_id] = found[0]
            if _said_founded(resolver.text, names, ref.begin):
                with_founder.append(entity_id)
    if len(with_founder) == 1:
        # "the founder of Harbour Lights ... founded the charity", "The two scientists who founded Cork-based Lunasa
        # ... Dr A and Prof B, who set up the business": the one body the text said someone founded
        return with_founder[0]
    if not counts or max(counts.values()) < 3:
        return None
    # named as often as another: the one named first, which a story's headline and lead name
    return max(counts, key=lambda e: (counts[e], -first[e]))


def _said_founded(text: str, names: list[str], before: int | None = None) -> bool:
    """Whether ``text`` calls someone the founder of the body of these names, or says it was founded, in words
    starting before offset ``before`` (anywhere when None): "the founder of X", "X's co-founder", "who founded
    Cork-based X", "X was founded"."""
    limit = len(text) + 1 if before is None else before
    alternatives = "|".join(map(re.escape, names))
    for pattern in _SAID_FOUNDED:
        if "{end}" not in pattern:
            found = re.search(pattern.format(name=alternatives), text)
            if found and found.start() < limit:
                return True
            continue
        # one name at a time and its end checked where it matches: the same answer as one pattern of every name
        # with the end inside it, which the end's long list of nouns makes costly to compile for each body
        for name in names:
            if any(m.start() < limit and _name_end().match(text, m.end())
                   for m in re.finditer(pattern.format(name=re.escape(name), end=""), text)):
                return True
    return False


@lru_cache(maxsize=1)
def _name_end() -> re.Pattern:
    return re.compile(_NAME_ENDS)


_NAME_ENDS = r"(?![\w-]|\s+(?:" + "|".join(sorted(ORGANIZATION_NOUNS | NON_STATE_NOUNS)) + r")\b)"
"""The end of a body's name, not a place before a noun of a body ("Cork-based X", "the Halifax charity")."""

_SAID_FOUNDED = (r"\b(?:co-?)?founders? of (?:the )?(?:{name}){end}",
                 r"\b(?:{name})(?:['’]s)? (?:co-?)?founders?\b",
                 r"\b(?:co-?)?founded (?:the )?(?:[\w.’'-]+-based )?(?:{name}){end}",
                 r"\b(?:{name}),? (?:which |that )?(?:was |were )?(?:co-?)?founded\b")
"""A body the text says was founded, in the words news uses for it."""
