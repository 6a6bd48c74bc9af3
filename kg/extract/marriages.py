"""Marriages: who is or was married to whom.

Rules start from a spouse noun ("his wife, Jane", "then-wife Demi Moore", "Mary Lee, wife of Tom Lee"), a marriage
verb ("married", "divorced"), a wedding anniversary, a married couple ("A and B, the husband-and-wife team"), or a
headline "Husband and Wife ..." whose couple the lead names; ``former`` is set for divorced, ex- and then- spouses. ``assemble`` makes one fact per couple.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..facts import Facts, Marriage
from .chunk import Chunk
from .confidence import confidence
from .grammar import children, governing_verb, subject_of
from .lexicon import (
    ANNIVERSARY_NOUNS,
    COUPLE_NOUNS,
    COUPLE_PATTERN,
    DIVORCE_VERBS,
    FORMER_SPOUSE_WORDS,
    MARRIAGE_NOUNS,
    MARRIAGE_VERBS,
    PAIR_WORDS,
    PRONOUN_GENDER,
    SPOUSE_NOUNS,
)
from .names import organization_type
from .observations import Observations, Ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from .resolve import Resolver

__all__ = ["TRIGGERS", "RawMarriage", "assemble", "find_in_layout"]


@dataclass
class RawMarriage:
    partners: tuple[Ref, Ref]
    evidence: tuple[int, int]
    former: bool
    method: str
    couple: tuple[Ref, Ref] | None = None
    """For an unnamed spouse ("her husband"): the two people of one surname named together, partners[0] among them."""


def _spouse_noun(chunk: Chunk, sent: Span, noun: Token) -> None:
    lower = noun.lower_
    if lower in _COUPLE_WORDS and noun.i + 2 < len(chunk.doc) and chunk.doc[noun.i + 1].lower_ == "and" \
            and chunk.doc[noun.i + 2].lower_ in _COUPLE_WORDS - {lower}:
        # "husband and wife Garrick and Tamsin Roe", "a husband and wife who ...": a couple, named with it
        named = _names_after(chunk, chunk.doc[noun.i + 2])
        if named is not None:
            chunk.observations.add(RawMarriage(named, chunk.sentence_span(sent), False, "rule:married-couple"))
        else:
            _couple_phrase(chunk, sent, noun.head if noun.dep_ in ("nmod", "compound") else noun)
        return
    if lower in _COUPLE_WORDS and noun.i >= 2 and chunk.doc[noun.i - 1].lower_ == "and" \
            and chunk.doc[noun.i - 2].lower_ in _COUPLE_WORDS - {lower}:
        return
    former = lower.startswith(("then-", "ex-", "former-")) or any(t.lower_ in FORMER_SPOUSE_WORDS for t in noun.lefts)
    if noun.i + 1 < len(chunk.doc) and chunk.doc[noun.i + 1].text in ("-", "–") or (
            noun.i > 0 and chunk.doc[noun.i - 1].text in ("-", "–")):
        if noun.i + 3 < len(chunk.doc) and chunk.doc[noun.i + 2].lower_ == "and" \
                and chunk.doc[noun.i + 3].text in ("-", "–"):
            _couple_phrase(chunk, sent, noun.head)  # "A and B, the husband-and-wife team who ..."
        return  # a compound word: "wife-beater"
    partner: Ref | None = None
    # the named spouse: "then-wife Demi Moore", "his wife, Jane", "his wife of 40 years, Linda"
    next_tokens = [t for t in chunk.doc[noun.i + 1:min(noun.i + 4, sent.end)] if t.text != ","]
    named = [c for c in noun.children if c.dep_ == "appos" and chunk.mention_at(c) is not None
             and chunk.mention_at(c).label == "PERSON"]
    if not named:  # "her husband, the retired surgeon Alan Cole": the name inside the description
        named = [n for c in noun.children if c.dep_ == "appos" and c.pos_ == "NOUN" for n in c.children
                 if n.dep_ in ("appos", "compound") and chunk.mention_at(n) is not None
                 and chunk.mention_at(n).label == "PERSON" and n.i > c.i]
    following = chunk.mention_at(next_tokens[0]) if next_tokens else None
    if following is not None and following.label != "PERSON" and following.begin == chunk.begin(next_tokens[0]) \
            and organization_type(following.text) is None and len(following.text.split()) >= 2:
        following.forced = "Person"  # "his then-wife Melinda French Gates", tagged as an organization
        following.label = "PERSON"
    if following is not None and following.label != "PERSON" and following.begin == chunk.begin(next_tokens[0]) \
            and " " not in following.text and following.text[:1].isupper() and noun.i + 1 < sent.end \
            and chunk.doc[noun.i + 1].text == ",":
        following.forced, following.label = "Person", "PERSON"  # "her husband, Graeme" tagged as a body
    if not named and following is None:
        for child in noun.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.text[:1].isupper() and child.i > noun.i:
                # "his then-wife, Ana Cole" with the name untagged or tagged a product: the spouse's name
                first = min((c for c in child.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"),
                            key=lambda c: c.i, default=child)
                if chunk.mention_at(first) is None or chunk.mention_at(first) is chunk.mention_at(child):
                    found = chunk.force(first, child, "Person")
                    mention = chunk.mention_of_ref(found) if found is not None else None
                    if mention is not None:
                        mention.label = "PERSON"
                        named = [child]
                break
    if following is not None and following.label == "PERSON":
        partner = chunk.ref(next_tokens[0])
    elif named:
        partner = chunk.ref(named[0])
    elif noun.i + 2 < sent.end and chunk.doc[noun.i + 1].lower_ == "of" and chunk.doc[noun.i + 2].ent_type_ == "DATE":
        # "her husband of 55 years, Roberto": the name after the length of the marriage
        j = noun.i + 2
        while j < sent.end and (chunk.doc[j].ent_type_ == "DATE" or chunk.doc[j].text == ","):
            j += 1
        mention = chunk.mention_at(chunk.doc[j]) if j < sent.end else None
        if mention is not None and mention.label == "PERSON":
            partner = Ref(mention.begin, mention.end)
    elif noun.head.i in chunk.mention_of_token and noun.dep_ in ("compound", "appos"):
        partner = chunk.ref(noun.head)  # "then-wife" parsed as a modifier of "Moore"
    elif noun.dep_ == "appos" and any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of")
                                      for c in noun.children):
        partner = chunk.ref(noun.head)  # "Demi Moore, Kutcher's wife"; not "her neighbour, a widower"
    if partner is None:
        _unnamed_spouse(chunk, sent, noun, former)
        return
    _complete_first_name(chunk, sent, partner)
    stem = lower.split("-")[-1]
    partner_mention = chunk.mention_of_ref(partner)
    if partner_mention is not None:
        partner_mention.gender = "f" if stem in ("wife", "widow") else "m" if stem in ("husband", "widower") else None
    other: Ref | None = None
    for child in noun.children:
        if child.dep_ == "poss":
            other = chunk.ref(child)
        elif child.dep_ == "prep" and child.lower_ == "of" and other is None:  # "Mary Lee, wife of Tom Lee"
            for pobj in children(child, "pobj"):
                found = chunk.refs_in(pobj) if pobj.ent_type_ != "DATE" else []  # not "husband of 55 years"
                if found and chunk.is_person(found[0]):
                    other = found[0]
    if other is None and noun.dep_ == "compound":
        for child in noun.head.children:  # "his wife Diane" parsed as "his (wife Diane)"
            if child.dep_ == "poss" and child.i < noun.i:
                other = chunk.ref(child)
    if other is None and noun.i >= 2 and chunk.doc[noun.i - 1].text in ("'", "’") \
            and chunk.doc[noun.i - 2].text.endswith("s") and chunk.mention_at(chunk.doc[noun.i - 2]) is not None:
        other = chunk.ref(chunk.doc[noun.i - 2])  # "Reyes' ex-husband", the apostrophe parsed as a sentence's end
    if other is None:
        # "Kutcher and then-wife Demi Moore": the name this one is conjoined with
        head = noun.head
        if head.dep_ == "conj":
            other = chunk.ref(head.head)
    if other is None:
        for t in reversed(list(chunk.doc[sent.start:noun.i])):
            mention = chunk.mention_of_token.get(t.i)
            if mention is not None and mention.label == "PERSON" and Ref(mention.begin, mention.end) != partner:
                other = Ref(mention.begin, mention.end)
                break
    if other is None or other == partner:
        return
    owner = chunk.mention_of_ref(other)
    if owner is not None and not chunk.names_person(owner) and " " not in owner.text and any(
            chunk.names_person(m) and len(m.text.split()) >= 2 and m.text.split()[-1] == owner.text
            for m in chunk.observations.mentions):
        owner.forced, owner.label = "Person", "PERSON"  # "Kowalczyk-Reyes' ex-husband" tagged as a body
    begin = min(other.begin, partner.begin, chunk.begin(noun))
    end = max(other.end, partner.end, chunk.end(noun))
    if end - begin > 200:
        begin, end = chunk.sentence_span(sent)
    chunk.observations.add(RawMarriage(
        (other, partner), (begin, end), former, "rule:spouse-noun"))


def _unnamed_spouse(chunk: Chunk, sent: Span, noun: Token, former: bool) -> None:
    """ "Cordelia and Everett Banks started the library ... the library she runs with her husband": a spouse the
    sentence does not name is the other of the one pair of one surname the text names together (not one a kin word
    introduces: "Mother and daughter Bev and Kerry Roe"), when the possessor is one of the pair."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None or noun.lower_.split("-")[-1] not in ("husband", "wife"):
        return
    owner_ref = chunk.ref(owner)
    if owner_ref is None:
        return
    pairs = []
    for token in chunk.doc:
        found = _named_pair(chunk, token)
        if found is None or not _one_surname(chunk, found) or found in pairs:
            continue
        first = _coordination_start(token)
        words = {t.lower_ for t in chunk.doc[max(0, first - 3):first]}
        after = chunk.doc[token.right_edge.i + 1:token.right_edge.i + 4]
        if words & KIN_WORDS or any(t.lower_ in KIN_WORDS for t in after):
            return  # "Mother and daughter Bev and Kerry Roe", "Jon and Eli Marsh, brothers from Ohio"
        pairs.append(found)
    if len(pairs) == 1:
        chunk.observations.add(RawMarriage((owner_ref, owner_ref), chunk.sentence_span(sent), former,
                                           "rule:unnamed-spouse", couple=pairs[0]))


def _coordination_start(token: Token) -> int:
    """The first token of the coordination ``token`` heads: of its conjuncts' phrases, or of its own when the names
    hang before it ("Ana and Tom Roe" parsed as one noun with the first names as modifiers, no conjunct)."""
    return min([token.left_edge.i, *(c.left_edge.i for c in token.conjuncts)])


KIN_WORDS = frozenset({"mother", "father", "daughter", "son", "brother", "brothers", "sister", "sisters", "siblings",
                       "twins", "cousins", "mum", "mom", "dad", "sons", "daughters"})
"""Words that make two people of one surname named together relatives other than a couple."""


def _complete_first_name(chunk: Chunk, sent: Span, partner: Ref) -> None:
    """ "Bronwyn Tuckerman ... with her husband, Graeme": a spouse named by a first name only is a person, and takes
    the surname of the person the sentence names first when the text writes that full name elsewhere ("Graeme
    Tuckerman said ..."); else the name stays as the text gives it ("his wife, Margaret")."""
    mention = chunk.mention_of_ref(partner)
    if mention is None or " " in mention.text or not mention.text[:1].isupper():
        return
    mention.label, mention.forced = "PERSON", "Person"
    for token in sent:
        other = chunk.mention_at(token)
        if other is not None and other is not mention and chunk.names_person(other) \
                and len(other.text.split()) >= 2 and other.begin < mention.begin:
            full = f"{mention.text} {other.text.split()[-1]}"
            if re.search(rf"\b{re.escape(full)}\b", chunk.text):
                mention.text = full
            return
    # "with his wife, Anne-Marie" and "Anne-Marie Roe, who kept the books": the one full name the text gives her
    fuller = set(re.findall(rf"\b{re.escape(mention.text)} ([A-Z][\w'’-]+)\b", chunk.text))
    if len(fuller) == 1:
        mention.text = f"{mention.text} {fuller.pop()}"


def _married_verb(chunk: Chunk, sent: Span, verb: Token) -> None:
    clause = verb if verb.pos_ == "VERB" else verb.head
    subject = subject_of(clause)
    if subject is None and verb.dep_ == "acl" and verb.head.pos_ == "PROPN":
        # "Tillery and Yoon, who met in college, married in 2010": the names the verb was hung on
        found = _named_pair(chunk, verb.head)
        if found is not None:
            chunk.observations.add(RawMarriage(found, chunk.sentence_span(sent), verb.lower_ in DIVORCE_VERBS,
                                               "rule:married-verb"))
        return
    if subject is None:
        # a fact sheet line, "MARITAL STATUS: Married to the former Nancy Shimer": the person it is about
        spouse = [r for prep in children(verb, "prep") if prep.lower_ == "to"
                  for pobj in children(prep, "pobj") for r in chunk.refs_in(pobj) if chunk.is_person(r)]
        if verb.text == "Married" and spouse:
            chunk.observations.add(RawMarriage(
                (Ref(chunk.begin(verb), chunk.end(verb), "subject"), spouse[0]), chunk.sentence_span(sent), False,
                "rule:married-to-line"))
        return
    partners = chunk.refs_in(subject)
    for partner in partners:
        chunk.person_in_a_persons_place(partner)  # "Rosa Diaz divorced ..." with the name tagged a body
    if not partners and subject.lower_ in ("who", "that") and clause.dep_ == "relcl":
        partners = chunk.refs_in(clause.head)  # "Robert Hale, who is married to Linda Hale"
    for obj in children(verb, "dobj"):
        partners += chunk.refs_in(obj)
    for prep in children(verb, "prep"):
        if prep.lower_ == "to":
            for pobj in children(prep, "pobj"):
                if pobj.pos_ == "NOUN" and any(c.dep_ == "poss" for c in pobj.children):
                    # "married to Ana Roe's cousin, the winemaker Eva Lind": the cousin, not Ana Roe
                    partners += [r for c in children(pobj, "appos") for r in chunk.refs_in(c) if chunk.is_person(r)]
                else:
                    partners += chunk.refs_in(pobj)
    partners = list(dict.fromkeys(partners))
    pair_subject = subject.lower_ in PAIR_WORDS and (subject.lower_ == "they" or any(
        c.lower_ == "the" for c in subject.children))
    if pair_subject and len(partners) <= 1 and not children(verb, "dobj"):
        # "They married in 2019", "The two met at college and married in 1999": the two people named together
        found = _pair_before(chunk, subject, 0)
        if found is not None:
            chunk.observations.add(RawMarriage(found, chunk.sentence_span(sent), verb.lower_ in DIVORCE_VERBS,
                                               "rule:married-verb"))
        return
    if len(partners) != 2:
        return
    former = verb.lower_ in DIVORCE_VERBS or any(t.lower_ in ("formerly", "once") for t in verb.children)
    chunk.observations.add(RawMarriage(
        (partners[0], partners[1]), chunk.sentence_span(sent), former, "rule:married-verb"))


def _anniversary(chunk: Chunk, sent: Span, noun: Token) -> None:
    """ "Nixon and Mrs. Nixon celebrated their 53rd wedding anniversary": the two people the clause is about."""
    verb = governing_verb(noun)
    subject = subject_of(verb)
    if subject is None:
        return
    partners = [r for r in chunk.refs_in(subject) if chunk.is_person(r)]
    if len(partners) == 2:
        chunk.observations.add(RawMarriage(
            (partners[0], partners[1]), chunk.sentence_span(sent), False, "rule:wedding-anniversary"))


_COUPLE = re.compile(r"\b(?:" + COUPLE_PATTERN + r")\b", re.IGNORECASE)


def _couple_in_headline(chunk: Chunk) -> None:
    """A headline "Husband And Wife Sentenced In Scheme" and a lead "Jane Roe and John Roe ... were sentenced":
    the two people the lead's clause with the headline's verb is about are the couple."""
    end = chunk.text.find("\n")
    headline = chunk.text[:end if end >= 0 else len(chunk.text)]
    if not _COUPLE.search(headline) or end < 0:
        return
    doc = chunk.doc
    # a title-case headline's verbs are often tagged as proper nouns ("Plead"): compare the words
    words = {w for t in doc if t.idx < len(headline) for w in (t.lower_, t.lemma_.lower())} - {"be", "have"}
    for sent in doc.sents:
        if sent.start_char < len(headline):
            continue
        for verb in sent:
            if not {verb.lemma_.lower(), verb.lower_} & words or verb.pos_ not in ("VERB", "AUX"):
                continue
            subject = subject_of(verb)
            people = [r for r in chunk.refs_in(subject) if chunk.is_person(r)] if subject is not None else []
            if len(people) == 2:
                chunk.observations.add(RawMarriage(
                    (people[0], people[1]), chunk.sentence_span(sent), False, "rule:couple-headline"))
                return


def _couple_noun(chunk: Chunk, sent: Span, noun: Token) -> None:
    """ "A and B, a married couple from Leeds": a couple the text says is married; "Luis and Marisol Roe ...
    the couple": two people of one surname named together before "the couple"."""
    if noun.pos_ != "NOUN":
        return
    if any(c.lower_ in ("married", "wedded") for c in noun.children):
        _couple_phrase(chunk, sent, noun)
        return
    following = chunk.doc[noun.i + 1] if noun.i + 1 < len(chunk.doc) else None
    if noun.lower_ != "couple" or not any(c.lower_ == "the" and c.dep_ == "det" for c in noun.children) \
            or (following is not None and following.lower_ == "of"):
        return  # "a couple of days", "couples who"
    found = _pair_before(chunk, noun, 0)
    if found is None:
        return
    if _one_surname(chunk, found):
        chunk.observations.add(RawMarriage(found, chunk.sentence_span(sent), False, "rule:married-couple"))


def _marriage_noun(chunk: Chunk, sent: Span, noun: Token) -> None:
    """ "His first marriage, to Jane Roe, ended in divorce", "her marriage to Tom Roe": whose marriage, to whom;
    former when the marriage was a first or former one or the sentence tells of a divorce."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None or noun.pos_ != "NOUN":
        return
    spouses = [r for prep in children(noun, "prep") if prep.lower_ == "to"
               for pobj in children(prep, "pobj") for r in chunk.refs_in(pobj)]
    for spouse in spouses:
        chunk.person_in_a_persons_place(spouse)  # "to Doreen Pryce" tagged as a body
    spouses = [r for r in spouses if chunk.is_person(r)]
    partner = chunk.ref(owner)
    if len(spouses) != 1 or partner is None:
        return
    former = any(t.lower_ in FORMER_SPOUSE_WORDS for t in noun.lefts) or any(
        t.lemma_.lower() in ("divorce", "annul", "annulment") for t in sent)
    chunk.observations.add(RawMarriage((partner, spouses[0]), chunk.sentence_span(sent), former,
                                       "rule:marriage-noun"))


def _couple_phrase(chunk: Chunk, sent: Span, noun: Token) -> None:
    """The two people a married-couple phrase is said of: the names it is in apposition to ("A and B, the
    husband-and-wife team"), the subject it is the predicate of ("A and B are a married couple"), the names it
    is a title of ("husband and wife Garrick and Tamsin Roe", "the husband-and-wife team of A and B Roe"); else,
    for the phrase as a subject, the two people named together before it in its sentence ("A and B Roe founded X
    after the husband-and-wife team arrived"), or, for "A husband and wife who ... told senators", in the next
    sentence."""
    named = None
    if noun.dep_ == "appos":
        named = noun.head
    elif noun.dep_ == "attr" and noun.head.lemma_ == "be":
        named = subject_of(noun.head)
    elif noun.pos_ == "PROPN" and noun.i in chunk.mention_of_token:
        named = noun  # "husband and wife Garrick and Tamsin Roe": the names the title stands before
    else:
        # "The husband-and-wife team behind the bakery, Sam and Lila Ortiz, ...": the names set after it
        named = next((c for c in noun.children if c.dep_ in ("appos", "conj") and c.pos_ == "PROPN"
                      and c.i > noun.i and chunk.doc[c.left_edge.i - 1].text == ","), None)
        if named is None:  # "the husband-and-wife team of Pauline and Trevor Roe"
            named = next((p for prep in children(noun, "prep") if prep.lower_ == "of"
                          for p in children(prep, "pobj") if p.pos_ == "PROPN"), None)
    partners = [r for r in chunk.refs_in(named) if chunk.is_person(r)] if named is not None else []
    if len(partners) != 2 and noun.dep_ in ("nsubj", "nsubjpass"):
        determiner = next((c.lower_ for c in noun.children if c.dep_ == "det"), None)
        if determiner == "the":
            found = _pair_before(chunk, noun, sent.start)
        elif determiner in ("a", "an") and noun.head.i == sent.root.i:
            found = _pair_after(chunk, sent)
        else:
            found = None
        partners = list(found) if found is not None else []
    if len(partners) == 2:
        chunk.observations.add(RawMarriage((partners[0], partners[1]), chunk.sentence_span(sent), False,
                                           "rule:married-couple"))


_COUPLE_WORDS = frozenset({"husband", "wife"})


def _names_after(chunk: Chunk, last: Token) -> tuple[Ref, Ref] | None:
    """The two people named right after a couple's title ending at ``last`` ("husband and wife Owen and Carys Roe",
    "the husband-and-wife team of Nora and Felix Roe,"), or None."""
    doc = chunk.doc
    i = last.i + 1
    while i < len(doc) and doc[i].lower_ in ("team", "duo", "of", ",", "-", "–"):
        i += 1
    people: list[Ref] = []
    while i < len(doc) and (doc[i].pos_ == "PROPN" or doc[i].lower_ in ("and", "&")) and doc[i].text[:1] != "'":
        mention = chunk.mention_at(doc[i])
        if chunk.names_person(mention) and Ref(mention.begin, mention.end) not in people:
            people.append(Ref(mention.begin, mention.end))
        i += 1
    return (people[0], people[1]) if len(people) == 2 else None


def _named_pair(chunk: Chunk, token: Token) -> tuple[Ref, Ref] | None:
    """The two people a coordination headed by ``token`` names ("Ana Ruiz and Paul Okoye", "Luis and Marisol
    Roe"), or None."""
    if token.dep_ == "conj" or not (token.conjuncts or any(c.dep_ == "nmod" and c.conjuncts for c in token.lefts)):
        return None
    people = []
    for candidate in (token, *token.conjuncts):
        mention = chunk.mention_at(candidate)
        if chunk.names_person(mention):
            people.append(Ref(mention.begin, mention.end))
        for first in (c for c in candidate.lefts if c.dep_ == "nmod"):
            for other in (first, *first.conjuncts):
                mention = chunk.mention_at(other)
                if chunk.names_person(mention):
                    people.append(Ref(mention.begin, mention.end))
    people = list(dict.fromkeys(people))
    return (people[0], people[1]) if len(people) == 2 else None


def _pair_before(chunk: Chunk, anchor: Token, start: int) -> tuple[Ref, Ref] | None:
    """The last two people named together ("A and B") between token ``start`` and ``anchor``: whom "the couple",
    "they" or "the two" stand for; None when the last coordination of names before it is not two people."""
    for token in reversed(chunk.doc[start:anchor.i]):
        found = _named_pair(chunk, token)
        if found is not None:
            return found
        mention = chunk.mention_at(token)
        if token.dep_ != "conj" and mention is not None and any(
                chunk.mention_at(c) not in (None, mention) for c in token.conjuncts):
            return None  # "Acme and Bolt", "Ana, Paul and Rosa": the last names given together are no couple
    return None


def _pair_after(chunk: Chunk, sent: Span) -> tuple[Ref, Ref] | None:
    """The first two people named together in the sentence after ``sent``."""
    following = next((s for s in chunk.doc.sents if s.start == sent.end), None)
    if following is None:
        return None
    for token in following:
        found = _named_pair(chunk, token)
        if found is not None:
            return found if _one_surname(chunk, found) else None
    return None


def _one_surname(chunk: Chunk, pair: tuple[Ref, Ref]) -> bool:
    """Whether two people's full names end in one surname ("Luis and Marisol Roe")."""
    names = [chunk.mention_of_ref(r) for r in pair]
    return all(m is not None and len(m.text.split()) >= 2 for m in names) \
        and names[0].text.split()[-1] == names[1].text.split()[-1]


def find_in_layout(chunk: Chunk) -> None:
    """Rules that read the layout of a document's first chunk rather than one sentence."""
    if chunk.offset == 0:
        _couple_in_headline(chunk)


def _marriage_verb(chunk: Chunk, sent: Span, verb: Token) -> None:
    if verb.pos_ in ("VERB", "ADJ", "AUX"):
        _married_verb(chunk, sent, verb)


def _anniversary_noun(chunk: Chunk, sent: Span, noun: Token) -> None:
    if any(c.lower_ in ("wedding", "marriage") for c in noun.children):
        _anniversary(chunk, sent, noun)


TRIGGERS = {SPOUSE_NOUNS: _spouse_noun, MARRIAGE_VERBS: _marriage_verb, ANNIVERSARY_NOUNS: _anniversary_noun,
            COUPLE_NOUNS: _couple_noun, MARRIAGE_NOUNS: _marriage_noun}
"""Words (lower case) that start a marriage rule, and the rule."""


def _namesake_spouse(resolver: Resolver, pronoun_person: str, spouse: str, pronoun: Ref) -> str:
    """ "Her husband, Warwick Kinsella": "her" is the one other person of the surname the spouse's full name gives
    (Deborah Kinsella), when the nearest person the pronoun fell to bears another surname; with two or more others
    of that surname, or none, the pronoun's person stays."""
    entities = resolver.entities
    words = entities[spouse].name.split()
    # "Rachel Roe-Finch ... Her husband, Kayode Roe": a double-barrelled surname holding the spouse's is shared
    if len(words) < 2 or words[-1] in re.split(r"[-–]", entities[pronoun_person].name.split()[-1]):
        return pronoun_person
    namesakes = [e.id for e in entities.values() if e.type == "Person" and e.id != spouse
                 and len(e.name.split()) >= 2 and e.name.split()[-1] == words[-1]]
    if len(namesakes) != 1 or min(m.begin for m in entities[namesakes[0]].mentions) > pronoun.begin:
        return pronoun_person  # "his wife, Ana Cole. Rosa Cole, her sister, ...": no one of the name before
    gender = resolver.gender.get(namesakes[0])
    said = PRONOUN_GENDER.get(resolver.text[pronoun.begin:pronoun.end].lower())
    if gender is not None and (gender == resolver.gender.get(spouse) or (said is not None and gender != said)):
        return pronoun_person
    return namesakes[0]


def assemble(observations: Observations, resolver: Resolver, facts: Facts) -> None:
    """One marriage per couple; former when any mention of it says so."""
    marriages: dict[tuple[str, str], Marriage] = {}
    def by_pronoun(raw: RawMarriage) -> bool:  # "Denise Roe, who divorced him": after the couples named otherwise
        return raw.method == "rule:married-verb" and raw.partners[1].want != "mention"

    raws = sorted(observations.of(RawMarriage), key=by_pronoun)
    named_spouses: dict[str, set[str]] = {}
    for raw in raws:
        if raw.couple is not None:
            owner = resolver.resolve(raw.partners[0], want="person")
            a, b = (resolver.resolve(r, want="person") for r in raw.couple)
            if owner is None or owner not in (a, b):
                continue  # "her husband" said of someone else than the pair
        else:
            a, b = (resolver.resolve(r, want="person") for r in raw.partners)
        if a is None or b is None or a == b:
            continue
        if raw.method == "rule:spouse-noun" and raw.partners[0].want != "mention":
            a = _namesake_spouse(resolver, a, b, raw.partners[0])
        if not by_pronoun(raw):
            named_spouses.setdefault(a, set()).add(b)
            named_spouses.setdefault(b, set()).add(a)
        elif raw.partners[0].want == "mention":
            # "Denise Roe, who divorced him in 2017": the one spouse the text names for her, not the man named last
            known = named_spouses.get(a, set())
            if len(known) == 1 and b not in known:
                b = next(iter(known))
        pair = tuple(sorted((a, b)))
        fact = marriages.get(pair)
        if fact is None:
            fact = marriages[pair] = Marriage(f"marriage-{pair[0]}-{pair[1]}", [a, b], [], raw.former,
                                              confidence("marriage", raw.method), raw.method)
        fact.former = fact.former or raw.former
        evidence = resolver.span(*raw.evidence)
        if evidence not in fact.evidence:
            fact.evidence.append(evidence)
    facts.marriages = list(marriages.values())
