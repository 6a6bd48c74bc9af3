"""Relation rules over one parsed chunk: foundings, marriages, testimonies and interviews.

Each rule starts from a trigger word (founded, incorporated, founder, then-wife, married, anniversary, testified,
hearing, witnesses, interview) and reads the parse around it for the agents and the year; when the parse is
unhelpful it falls back to the nearest names in the sentence, or to the layout of a list entry ("Jane Doe,
Founder and CEO, Acme"). Document-level layouts are read here too: a hearing summary's witness list under a
"Hearing Before ..." heading. Only testimony given is a fact: "will testify", "refused to testify" and "was
scheduled to testify" are not.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .chunk import YEAR, Chunk
from .names import ORGANIZATION_NOUNS, organization_type
from .observations import RawFounding, RawInterview, RawMarriage, RawMention, RawTestimony, Ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

__all__ = ["find_relations"]

_FOUNDING_VERB = re.compile(r"^(?:co-?)?found(?:ed|s|ing)?$|^establish(?:ed|es|ing)?$")
# weak verbs found a body only when the object is a named organization ("launched a new product" is not one);
# "incorporated" also means "included" ("the plan incorporated feedback")
_WEAK_FOUNDING_VERB = re.compile(r"^(?:launch(?:ed|es|ing)?|start(?:ed|s|ing)?|creat(?:ed|es|ing|e)|form(?:ed|s)?|"
                                 r"incorporat(?:ed|es|ing|e))$")
_FOUNDER_NOUN = re.compile(r"^(?:co-?)?founders?$")
_SPOUSE_NOUN = re.compile(r"^(?:(?:then|ex|former)-)?(?:wife|husband|spouse|widow|widower)$")
_BODY_WORDS = re.compile(r"\b(?:Congress|Senate|House|Parliament|Assembly|Legislature|[Cc]ommittee|"
                         r"[Ss]ubcommittee|[Pp]anel|[Cc]ommission|[Cc]ourt|[Ii]nquiry|[Cc]aucus|[Tt]ribunal)\b")
_BODY_NOUNS = {"committee", "subcommittee", "panel", "commission", "caucus", "inquiry"}
_TESTIFY = re.compile(r"^(?:testif(?:y|ies|ied|ying)|testimony)$")
_NOT_DONE_AUX = {"will", "would", "shall", "may", "might", "could", "should", "'ll", "must", "can"}
_NOT_DONE_HEADS = {"refuse", "decline", "schedule", "expect", "plan", "agree", "ask", "invite", "want", "hope",
                   "intend", "set", "prepare", "subpoena", "urge", "call", "fail", "demand", "compel", "need",
                   "threaten", "offer", "seek", "due"}
"""A testimony that has not happened: "will testify next week", "refused to testify", "was scheduled to
testify" (the gold convention: only testimony given is a fact)."""


def find_relations(chunk: Chunk) -> None:
    if chunk.offset == 0:
        _hearing_witness_lists(chunk)
        _couple_in_headline(chunk)
    for sent in chunk.doc.sents:
        for token in sent:
            lower = token.lower_
            if _FOUNDING_VERB.match(lower) and token.pos_ in ("VERB", "AUX", "ADJ", "NOUN", "PROPN"):
                _founding(chunk, sent, token, strong=True)
            elif (_WEAK_FOUNDING_VERB.match(lower) or (token.lemma_ == "set" and any(
                    c.dep_ == "prt" and c.lower_ == "up" for c in token.children))) and token.pos_ == "VERB":
                _founding(chunk, sent, token, strong=False)
            elif _FOUNDER_NOUN.match(lower):
                _founder_noun(chunk, sent, token)
            elif _SPOUSE_NOUN.match(lower):
                _spouse_noun(chunk, sent, token)
            elif lower in ("married", "divorced", "marrying", "marry", "marries", "wed", "wedded", "divorcing") \
                    and token.pos_ in ("VERB", "ADJ", "AUX"):
                _married_verb(chunk, sent, token)
            elif lower in ("anniversary", "anniversaries") and any(
                    c.lower_ in ("wedding", "marriage") for c in token.children):
                _anniversary(chunk, sent, token)
            elif lower in ("hearing", "hearings") and token.pos_ == "NOUN":
                _hearing(chunk, sent, token)
            elif lower == "witnesses" and token.pos_ in ("NOUN", "PROPN"):
                _witnesses(chunk, sent, token)
            elif _TESTIFY.match(lower) or (lower in ("told", "appeared", "appearing", "appears", "spoke")
                                           and token.pos_ == "VERB"):
                _testimony(chunk, sent, token)
            elif lower in ("interview", "interviews") and token.pos_ == "NOUN":
                _interview(chunk, sent, token)


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _subject(token: Token) -> Token | None:
    """The subject of a verb, following conjunctions and auxiliaries up ("X founded A and launched B")."""
    current = token
    for _ in range(4):
        found = _children(current, "nsubj", "nsubjpass")
        if found:
            return found[0]
        if current.dep_ == "xcomp" and _children(current.head, "dobj"):
            return _children(current.head, "dobj")[0]  # "led her to found": the object does the founding
        if current.dep_ in ("conj", "xcomp", "advcl", "ccomp") and current.head.i != current.i:
            current = current.head
        elif current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head.pos_ in ("VERB", "AUX"):
            current = current.head.head  # "after marrying Y, X moved": X
        else:
            break
    return None


def _is_passive(token: Token) -> bool:
    return bool(_children(token, "auxpass", "agent", "nsubjpass")) or (token.tag_ == "VBN" and token.dep_ == "acl")


def _names_after(chunk: Chunk, tokens: Span | list[Token]) -> Token | None:
    for t in tokens:
        if t.i in chunk.mention_of_token:
            return t
    return None


def _proper_run(token: Token) -> tuple[Token, Token] | None:
    """The proper-noun phrase headed by ``token`` (compounds included), when it is one."""
    if token.pos_ not in ("PROPN",) and not token.text[:1].isupper():
        return None
    left = [c for c in token.lefts if c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "PROPN"]
    first = left[0].left_edge if left else token
    last = token
    for prep in _children(token, "prep"):  # "School for Negro Women", "Institute of Technology"
        objects = _children(prep, "pobj")
        if prep.lower_ in ("for", "of", "on") and objects and objects[0].pos_ == "PROPN" and prep.i == token.i + 1:
            last = objects[0].right_edge
    return first, last


def _founding(chunk: Chunk, sent: Span, verb: Token, *, strong: bool) -> None:
    if verb.lower_ == "found" and not _children(verb, "dobj", "nsubjpass", "agent"):
        return  # "found" as the past of "find": "the report found that..."
    organization: Ref | None = None
    founders: list[Ref] = []
    method = "rule:founding-verb"
    if _is_passive(verb):
        subjects = _children(verb, "nsubjpass") or ([verb.head] if verb.dep_ == "acl" else [])
        if not subjects and verb.dep_ == "advcl" and verb.i < verb.head.i:
            subjects = _children(verb.head, "nsubj", "nsubjpass")  # "Founded in 1998 by Jane Doe, Acme ..."
        if not subjects and verb.i == sent.start:
            subjects = _after_fronted_phrase(chunk, sent, verb)
        for agent in _children(verb, "agent"):
            for pobj in _children(agent, "pobj"):
                founders += chunk.refs_in(pobj)
        if subjects:
            organization = _organization_ref(chunk, subjects[0], strong)
        method = "rule:founding-passive"
    elif verb.dep_ == "relcl" and not any(c.lower_ in ("which", "that", "who") and c.dep_.startswith("nsubj")
                                          for c in verb.children):
        organization = _organization_ref(chunk, verb.head, strong)  # "Thorn, which Kutcher founded in 2012"
        subject = _subject(verb)
        founders = chunk.refs_in(subject) if subject is not None else []
        method = "rule:founding-relative"
    else:
        objects = _children(verb, "dobj")
        if objects:
            organization = _organization_ref(chunk, objects[0], strong)
        subject = _subject(verb)
        if subject is not None:
            founders = chunk.refs_in(subject)
            if not founders and subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
                # the antecedent itself, not a name inside the relative clause under it
                founders = [r for r in [chunk.ref(verb.head)] if r is not None]
                subject = verb.head
            if not founders:  # "Altman, who co-founded OpenAI": a name spaCy did not tag here
                founders = [r for r in [chunk.untyped(subject)] if r is not None]
        # "co-founded Acme with John Smith" (the parser may hang "with" on the verb or on the object)
        for prep in _children(verb, "prep") + [p for o in objects for p in _children(o, "prep")]:
            if prep.lower_ in ("with", "alongside"):
                for pobj in _children(prep, "pobj"):
                    founders += [r for r in chunk.refs_in(pobj) if _is_person_ref(chunk, r)]
    if organization is None or not founders:
        return
    founders = [f for f in founders if f != organization]
    if not founders:
        return
    year = _year_of(chunk, sent, verb)
    chunk.observations.foundings.append(RawFounding(
        organization, founders, chunk.sentence_span(sent), year, method, 0.85 if strong else 0.6))


def _after_fronted_phrase(chunk: Chunk, sent: Span, verb: Token) -> list[Token]:
    """The name right after the comma that closes a fronted participle phrase ("Founded in 1998 by Jane Doe,
    Acme Robotics now ..."), which the parser often attaches to the wrong word."""
    for t in sent[verb.i - sent.start + 1:]:
        if t.text == ",":
            following = chunk.doc[t.i + 1] if t.i + 1 < sent.end else None
            if following is None or chunk.mention_at(following) is None:
                return []
            mention = chunk.mention_at(following)
            last = following
            while last.i + 1 < sent.end and chunk.mention_at(chunk.doc[last.i + 1]) is mention:
                last = chunk.doc[last.i + 1]
            return [last]
    return []


def _mention_of(chunk: Chunk, ref: Ref) -> RawMention | None:
    if ref.want != "mention":
        return None
    first = chunk.doc.char_span(ref.begin - chunk.offset, ref.end - chunk.offset, alignment_mode="expand")
    mention = chunk.mention_at(first[0]) if first is not None and len(first) else None
    return mention if mention is not None and (mention.begin, mention.end) == (ref.begin, ref.end) else None


def _is_person_ref(chunk: Chunk, ref: Ref) -> bool:
    if ref.want != "mention":
        return ref.want in ("person", "agent")
    mention = _mention_of(chunk, ref)
    return mention is not None and (mention.label == "PERSON" or mention.forced == "Person")


def _organization_ref(chunk: Chunk, head: Token, strong: bool) -> Ref | None:
    if head.lower_ in ("that", "which") and head.head.dep_ == "relcl":
        head = head.head.head  # "an organization that was founded in 2005 by ...": what the clause describes
    named = _described_name(chunk, head)
    if named is not None:
        # "Polaris, the nonprofit founded in 2002 by ...", "Polaris, a charity that Chon started": the name the
        # appositive describes, a body whatever spaCy called it
        head, strong = named, True
    mention = chunk.mention_at(head)
    if mention is None and strong and head.pos_ == "NOUN" and head.lower_ in ORGANIZATION_NOUNS and any(
            c.lower_ in ("the", "this") for c in head.children) and not any(
            c.dep_ == "compound" for c in head.children):
        return Ref(chunk.begin(head), chunk.end(head), "organization")  # "The organization was co-founded by ..."
    if mention is None:
        for child in head.children:
            if child.dep_ == "compound" and chunk.mention_at(child) is not None:
                mention = chunk.mention_at(child)
                break
    if mention is not None:
        if mention.label == "PERSON" and not strong:
            return None
        if strong or mention.label == "ORG":
            mention.forced = mention.forced if mention.forced not in (None, "Person") else "Organization"
            return Ref(mention.begin, mention.end)
        return None
    run = _proper_run(head)
    if run is None and strong and head.pos_ == "NOUN":
        # "founder of Generación Y blog": the name is the proper-noun modifiers of a common noun
        names = [c for c in head.lefts if c.dep_ == "compound" and (c.pos_ == "PROPN" or c.text[:1].isupper())]
        if names:
            return chunk.force(names[0], names[-1], "Organization")
    if run is None:
        return None
    if not strong and organization_type(chunk.text[run[0].idx:run[1].idx + len(run[1].text)]) is None:
        return None  # "started Redwood" may be anything; "created the Bluebird Project" names a body
    return chunk.force(run[0], run[1], "Organization")


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
    if chunk.mention_at(name) is not None or (name.pos_ == "PROPN" and name.text[:1].isupper()):
        return name
    return None


def _year_of(chunk: Chunk, sent: Span, verb: Token) -> int | None:
    for prep in _children(verb, "prep"):
        for pobj in _children(prep, "pobj"):
            if YEAR.match(pobj.text):
                return int(pobj.text)
    # "co-founded PayPal and later founded SpaceX in 2002", "In 1924 she was elected ..., and later she founded
    # X": the year of a conjoined verb is not this one's
    conjoined = {c.i for c in _children(verb, "conj")} | ({verb.head.i} if verb.dep_ == "conj" else set())
    years = [t for t in sent if YEAR.match(t.text) and t.ent_type_ == "DATE"
             and _governing_verb(t).i not in conjoined]
    if not years:
        return None
    return int(min(years, key=lambda t: abs(t.i - verb.i)).text)


def _governing_verb(token: Token) -> Token:
    current = token
    while current.head.i != current.i and current.pos_ not in ("VERB", "AUX"):
        current = current.head
    return current


def _founder_noun(chunk: Chunk, sent: Span, noun: Token) -> None:
    """ "Thorn co-founder Ashton Kutcher", "Kutcher, a co-founder of Thorn"."""
    organization: Ref | None = None
    for prep in _children(noun, "prep"):
        if prep.lower_ == "of":
            for pobj in _children(prep, "pobj"):
                organization = _organization_ref(chunk, pobj, True)
    if organization is None:
        for child in noun.lefts:
            if child.dep_ in ("compound", "poss") and child.i in chunk.mention_of_token:
                mention = chunk.mention_of_token[child.i]
                # "Acme's founder": a possessive before "founder" is the body whatever spaCy called it
                if mention.label != "PERSON" or child.dep_ == "poss":
                    organization = _organization_ref(chunk, child, True)
            elif child.dep_ == "poss" and child.lower_ in ORGANIZATION_NOUNS:
                found = chunk.ref(child)  # "the foundation's founder": the foundation named before
                if found is not None and found.want == "organization":
                    organization = found
    role = noun
    while role.dep_ == "conj" and role.head.i != role.i:  # "Innovator and Blogger, Founder of X"
        role = role.head
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
        return
    founder: Ref | None = None
    for child in noun.children:
        if child.dep_ in ("appos", "compound") and child.i in chunk.mention_of_token \
                and chunk.mention_of_token[child.i].label == "PERSON":
            founder = chunk.ref(child)
    if founder is None and role.dep_ in ("appos", "attr"):
        head = role.head
        if role.dep_ == "attr":
            head = _subject(role.head) or head
        founder = chunk.ref(head)
    if founder is None:
        after = noun.i + 1
        if after < len(chunk.doc) and chunk.doc[after].i in chunk.mention_of_token \
                and chunk.mention_of_token[after].label == "PERSON":
            founder = chunk.ref(chunk.doc[after])
    if founder is None and noun.i > sent.start:
        founder = _listed_person_before(chunk, sent, noun)
    if founder is None or founder == organization:
        return
    chunk.observations.foundings.append(RawFounding(
        organization, [founder], chunk.sentence_span(sent), None, "rule:founder-noun", 0.7))


_LIST_WORDS = {"of", "and", "&", ",", "the"}


def _named_after(chunk: Chunk, sent: Span, noun: Token) -> Ref | None:
    """The body a list entry names after a role: "Founder and Chief Executive Officer, Acme Association"."""
    for t in chunk.doc[noun.i + 1:min(noun.i + 12, sent.end)]:
        mention = chunk.mention_at(t)
        if mention is not None and mention.label in ("ORG", "CONTEXT", "FAC", "WORK_OF_ART", "PRODUCT"):
            return _organization_ref(chunk, t, True)
        if not (t.lower_ in _LIST_WORDS or (t.text[:1].isupper() and mention is None)):
            return None
    return None


def _listed_person_before(chunk: Chunk, sent: Span, noun: Token) -> Ref | None:
    """The person a list entry opens with: "Jane Doe, Journalist and Blogger, Founder of ..."."""
    for t in reversed(list(chunk.doc[max(sent.start, noun.i - 12):noun.i])):
        mention = chunk.mention_at(t)
        if mention is not None and mention.label == "PERSON" and t.i < noun.i - 1:
            return Ref(mention.begin, mention.end)
        if not (t.lower_ in _LIST_WORDS or t.text[:1].isupper()):
            return None
    return None


def _spouse_noun(chunk: Chunk, sent: Span, noun: Token) -> None:
    lower = noun.lower_
    former = lower.startswith(("then-", "ex-", "former-")) or any(
        t.lower_ in ("former", "ex", "divorced", "estranged", "then", "first") for t in noun.lefts)
    if noun.i + 1 < len(chunk.doc) and chunk.doc[noun.i + 1].text in ("-", "–") or (
            noun.i > 0 and chunk.doc[noun.i - 1].text in ("-", "–")):
        return  # a compound word: "wife-beater"
    partner: Ref | None = None
    # the named spouse: "then-wife Demi Moore", "his wife, Jane", "his wife of 40 years, Linda"
    next_tokens = [t for t in chunk.doc[noun.i + 1:min(noun.i + 4, sent.end)] if t.text != ","]
    named = [c for c in noun.children if c.dep_ == "appos" and chunk.mention_at(c) is not None
             and chunk.mention_at(c).label == "PERSON"]
    following = chunk.mention_at(next_tokens[0]) if next_tokens else None
    if following is not None and following.label != "PERSON" and following.begin == chunk.begin(next_tokens[0]) \
            and organization_type(following.text) is None and len(following.text.split()) >= 2:
        following.forced = "Person"  # "his then-wife Melinda French Gates", tagged as an organization
        following.label = "PERSON"
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
    elif noun.dep_ == "appos":
        partner = chunk.ref(noun.head)  # "Demi Moore, Kutcher's wife"
    if partner is None:
        return
    stem = lower.split("-")[-1]
    partner_mention = _mention_of(chunk, partner)
    if partner_mention is not None:
        partner_mention.gender = "f" if stem in ("wife", "widow") else "m" if stem in ("husband", "widower") else None
    other: Ref | None = None
    for child in noun.children:
        if child.dep_ == "poss":
            other = chunk.ref(child)
        elif child.dep_ == "prep" and child.lower_ == "of" and other is None:  # "Mary Lee, wife of Tom Lee"
            for pobj in _children(child, "pobj"):
                found = chunk.refs_in(pobj) if pobj.ent_type_ != "DATE" else []  # not "husband of 55 years"
                if found and _is_person_ref(chunk, found[0]):
                    other = found[0]
    if other is None and noun.dep_ == "compound":
        for child in noun.head.children:  # "his wife Diane" parsed as "his (wife Diane)"
            if child.dep_ == "poss" and child.i < noun.i:
                other = chunk.ref(child)
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
    begin = min(other.begin, partner.begin, chunk.begin(noun))
    end = max(other.end, partner.end, chunk.end(noun))
    if end - begin > 200:
        begin, end = chunk.sentence_span(sent)
    chunk.observations.marriages.append(RawMarriage(
        (other, partner), (begin, end), former, "rule:spouse-noun", 0.8))


def _married_verb(chunk: Chunk, sent: Span, verb: Token) -> None:
    clause = verb if verb.pos_ == "VERB" else verb.head
    subject = _subject(clause)
    if subject is None:
        # a fact sheet line, "MARITAL STATUS: Married to the former Nancy Shimer": the person it is about
        spouse = [r for prep in _children(verb, "prep") if prep.lower_ == "to"
                  for pobj in _children(prep, "pobj") for r in chunk.refs_in(pobj) if _is_person_ref(chunk, r)]
        if verb.text == "Married" and spouse:
            chunk.observations.marriages.append(RawMarriage(
                (Ref(chunk.begin(verb), chunk.end(verb), "subject"), spouse[0]), chunk.sentence_span(sent), False,
                "rule:married-to-line", 0.6))
        return
    partners = chunk.refs_in(subject)
    if not partners and subject.lower_ in ("who", "that") and clause.dep_ == "relcl":
        partners = chunk.refs_in(clause.head)  # "Robert Hale, who is married to Linda Hale"
    for obj in _children(verb, "dobj"):
        partners += chunk.refs_in(obj)
    for prep in _children(verb, "prep"):
        if prep.lower_ == "to":
            for pobj in _children(prep, "pobj"):
                partners += chunk.refs_in(pobj)
    partners = list(dict.fromkeys(partners))
    if len(partners) == 1 and verb.pos_ == "VERB" and verb.i == verb.head.i and subject is None:
        pass
    if len(partners) != 2:
        return
    former = verb.lower_ in ("divorced", "divorcing") or any(t.lower_ in ("formerly", "once") for t in verb.children)
    chunk.observations.marriages.append(RawMarriage(
        (partners[0], partners[1]), chunk.sentence_span(sent), former, "rule:married-verb", 0.7))


def _anniversary(chunk: Chunk, sent: Span, noun: Token) -> None:
    """ "Nixon and Mrs. Nixon celebrated their 53rd wedding anniversary": the two people the clause is about."""
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subject = _subject(verb)
    if subject is None:
        return
    partners = [r for r in chunk.refs_in(subject) if _is_person_ref(chunk, r)]
    if len(partners) == 2:
        chunk.observations.marriages.append(RawMarriage(
            (partners[0], partners[1]), chunk.sentence_span(sent), False, "rule:wedding-anniversary", 0.7))


def _not_given(trigger: Token) -> bool:
    """A testimony announced, refused or negated rather than given (see ``_NOT_DONE_HEADS``)."""
    verb = trigger
    for _ in range(3):
        if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _NOT_DONE_AUX) for c in verb.children):
            return True
        if verb.dep_ in ("xcomp", "ccomp", "acomp", "advcl") and verb.head.i != verb.i:
            head = verb.head
            if head.lemma_.lower() in _NOT_DONE_HEADS or head.lower_ in ("scheduled", "expected", "due", "set"):
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
    for prep in _children(noun, "prep"):
        if prep.lower_ in ("of", "before", "by"):
            tokens += list(prep.subtree)
    if not tokens or noun.dep_ != "pobj" or noun.head.lower_ not in ("at", "during", "in", "before"):
        return
    verb = noun.head.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.lemma_.lower() not in ("say", "speak", "tell", "testify", "state", "argue", "warn", "explain",
                                   "acknowledge", "admit", "answer", "appear", "defend", "describe", "insist",
                                   "note", "add", "deny", "claim", "concede", "respond", "reply"):
        return  # "chaired a hearing", "held a hearing": the chair, not a witness
    if _not_given(verb):
        return
    body = _body_phrase(chunk, tokens)
    subject = _subject(verb)
    if body is None or subject is None:
        return
    found = [r for r in chunk.refs_in(subject) if _is_person_ref(chunk, r)]
    if not found or found[0] == body:
        return
    chunk.observations.testimonies.append(RawTestimony(
        found[0], body, chunk.sentence_span(sent), chunk.year_near(sent, noun), "rule:at-hearing", 0.65))


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
    if len(people) < 1 or _not_given(verb):
        return
    body = Ref(chunk.begin(noun), chunk.begin(noun), "body")
    for person in people:
        chunk.observations.testimonies.append(RawTestimony(
            person, body, chunk.sentence_span(sent), chunk.year_near(sent, noun), "rule:witness-list", 0.6))


_COUPLE = re.compile(r"\b(?:husband\s+and\s+wife|wife\s+and\s+husband|married\s+couple)\b", re.IGNORECASE)


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
            subject = _subject(verb)
            people = [r for r in chunk.refs_in(subject) if _is_person_ref(chunk, r)] if subject is not None else []
            if len(people) == 2:
                chunk.observations.marriages.append(RawMarriage(
                    (people[0], people[1]), chunk.sentence_span(sent), False, "rule:couple-headline", 0.6))
                return


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
        if mention is not None and mention.label != "PERSON" and _BODY_WORDS.search(mention.text):
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
                    chunk.observations.testimonies.append(RawTestimony(
                        Ref(mention.begin, mention.end), body, (chunk.offset + line.start(), chunk.offset
                                                                 + line.end()), year, "rule:hearing-witness-list",
                        0.6))
        if content.strip():
            previous = content
    return


def _body_phrase(chunk: Chunk, tokens: list[Token]) -> Ref | None:
    """The body in a phrase after "before"/"told"/"at": a named mention, or the noun phrase that names it."""
    for t in tokens:
        mention = chunk.mention_at(t)
        if mention is not None and t.dep_ == "compound" and t.head.lower_ in _BODY_NOUNS:
            continue  # "a Senate subcommittee": the body is the whole phrase, not the Senate
        if mention is not None and mention.label != "PERSON":
            text = mention.text
            after = chunk.doc.char_span(mention.end - chunk.offset, len(chunk.text), alignment_mode="expand")
            if after is not None and len(after) and after[0].lower_ in _BODY_NOUNS:
                continue  # "a Senate Judiciary subcommittee": the name only qualifies the body
            if mention.label in ("ORG", "CONTEXT") or _BODY_WORDS.search(text):
                mention.forced = mention.forced or organization_type(text) or "Organization"
                return Ref(mention.begin, mention.end)
    for t in tokens:
        if t.pos_ == "NOUN" and t.lower_ in ("panel", "committee", "subcommittee", "commission") and any(
                c.lower_ in ("the", "this", "that", "our") for c in t.children) and not any(
                c.pos_ == "PROPN" for c in t.children):
            return Ref(chunk.begin(t), chunk.end(t), "body")  # "testifying before the panel"
    heads = [t for t in tokens if t.lower_ in _BODY_NOUNS and t.pos_ == "NOUN"]
    for t in heads + [t for t in tokens if t not in heads]:  # the body noun heads the phrase when there is one
        if t.dep_ == "compound" and t.head.lower_ in _BODY_NOUNS:
            continue
        if t.pos_ in ("NOUN", "PROPN") and _BODY_WORDS.search(t.text):
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
    if lower in ("told",):
        objects = _children(trigger, "dobj", "dative")
        tokens = [t for o in objects for t in o.subtree]
        if not any(_BODY_WORDS.search(t.text) for t in tokens):
            return
        body = _body_phrase(chunk, tokens)
        method = "rule:told-committee"
    else:
        tokens = []
        for prep in _children(trigger, "prep"):
            if prep.lower_ in ("before", "to", "at", "in", "for"):
                tokens += list(prep.subtree)
        if lower in ("appeared", "appearing", "appears", "spoke") and not any(
                p.lower_ == "before" for p in _children(trigger, "prep")):
            return
        if not tokens:  # the parse may attach "before Congress" elsewhere: read the words after the trigger
            tokens = list(chunk.doc[trigger.i + 1:min(trigger.i + 12, sent.end)])
            if not tokens or tokens[0].lower_ not in ("before", "to", "at"):
                return
        body = _body_phrase(chunk, tokens)
        method = "rule:testified-before"
    if body is None:
        return
    if trigger.pos_ in ("VERB", "AUX") and _not_given(trigger):
        return
    witness: Ref | None = None
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    subject = _subject(verb)
    if subject is not None:
        found = [r for r in chunk.refs_in(subject) if _is_person_ref(chunk, r)]
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
    chunk.observations.testimonies.append(RawTestimony(
        witness, body, chunk.sentence_span(sent), year, method, 0.8, topic))


def _interview(chunk: Chunk, sent: Span, noun: Token) -> None:
    programme = None
    for prep in _children(noun, "prep"):
        if prep.lower_ in ("with", "on", "to") and prep.i + 1 < sent.end:
            pobj = _children(prep, "pobj")
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
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subject = _subject(verb)
    if subject is not None:
        found = chunk.refs_in(subject)
        interviewee = found[0] if found else None
    if interviewee is None:
        return
    chunk.observations.interviews.append(RawInterview(
        interviewee, chunk.sentence_span(sent), programme, "rule:interview-with", 0.75))
