"""A learned reader of foundings: a linear model over (person, organization) pairs in sentences with a founding word.

The rules of ``foundings`` read constructions one by one; news names founders in more ways than rules written from
examples have covered. This reader takes every pair of a person and an organization a sentence with a founding word
names (mentions, pronouns and descriptions resolved like the rules' references), describes the pair by general
features of the parse (the dependency path between the two and the founding word, the founding word's lemma, tense
and modality, each side's role, what lies between, whether a rule found the pair), and scores it with a logistic
model whose weights ship in ``founding_weights.json`` (trained by ``benchmarks/train_foundings.py`` on the gold of
the development sets). A pair the model is sure enough of joins the rules' foundings; features never name anyone.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .lexicon import (
    FOUNDER_NOUNS,
    FOUNDING_VERBS,
    KINSHIP_NOUNS,
    NON_STATE_NOUNS,
    PERSON_NOUNS,
    PRONOUNS,
    SET_UP_FORMS,
    WEAK_FOUNDING_VERBS,
)
from .names import organization_type
from .observations import Ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from ..documents import Document
    from ..facts import Facts
    from .chunk import Chunk
    from .observations import Observations
    from .resolve import Resolver

__all__ = ["FEATURE_SET", "WEIGHTS_FILE", "RawPair", "candidates", "decide", "find", "pairs", "source_fingerprint"]

WEIGHTS_FILE = Path(__file__).with_name("founding_weights.json")

FEATURE_SET = "founding-pairs-1"
"""The name of the feature set below: bump it when ``_features`` changes, so the shipped weights are retrained."""

_MORE_FOUNDING_WORDS = frozenset({"opened", "opens", "open", "opening", "built", "build", "builds", "building",
                                  "set-up", "setup", "cofounder", "cofounders", "founding"})
_FOUNDING_WORDS = FOUNDING_VERBS | WEAK_FOUNDING_VERBS | SET_UP_FORMS | FOUNDER_NOUNS | _MORE_FOUNDING_WORDS
_BODY_LABELS = frozenset({"ORG", "CONTEXT", "FAC", "PRODUCT", "WORK_OF_ART", "NORP"})
_PERSON_PRONOUNS = frozenset(w for w, kind in PRONOUNS.items() if kind in ("person", "agent"))
_BODY_WORDS = NON_STATE_NOUNS | frozenset({"organization", "center", "centre", "project", "clinic", "institute",
                                          "pantry", "shelter", "school", "club"})
"""Common nouns that, after "the", stand for a body named before ("the group", "the charity")."""
_FUTURE = frozenset({"will", "would", "could", "might", "may", "shall", "plan", "plans", "planned", "hope", "hopes",
                     "hoped", "want", "wants", "wanted", "intend", "intends", "aim", "aims", "seek", "seeks",
                     "propose", "proposed", "proposes", "'ll", "going"})
_BETWEEN_WORDS = frozenset({"with", "and", "by", "of", "who", "which", "that", ",", "'s", "’s", "after", "before",
                            "for", "at", "in", "as", "said", "her", "his", "their", "its", "the", "a", "husband",
                            "wife", "—", "(", ":", "worked", "joined", "led", "leads", "director", "chief",
                            "executive", "president", "chair", "member", "former", "now", "later", "told"})


@dataclass
class RawPair:
    """A person and an organization named in one sentence with a founding word, and what the parse says of them."""

    organization: Ref
    person: Ref
    features: list[str]
    evidence: tuple[int, int]
    year: int | None


# --- candidates and features (while the chunk's parse is at hand) ------------------------------------------


def find(chunk: Chunk) -> None:
    """Record every (person, organization) pair of each sentence that has a founding word."""
    for sent in chunk.doc.sents:
        if sent.start_char < chunk.headline_end:
            continue
        triggers = [t for t in sent if t.lower_ in _FOUNDING_WORDS and _a_founding_word(t)]
        if not triggers:
            continue
        people: list[tuple[Ref, Token, str]] = []
        bodies: list[tuple[Ref, Token, str]] = []
        seen: set[tuple[int, int]] = set()
        for token in sent:
            mention = chunk.mention_at(token)
            if mention is not None:
                if (mention.begin, mention.end) in seen:
                    continue
                seen.add((mention.begin, mention.end))
                head = _head_of(chunk, mention, token)
                ref = Ref(mention.begin, mention.end)
                if chunk.names_person(mention):
                    people.append((ref, head, "name"))
                elif mention.label in _BODY_LABELS or mention.forced == "Organization":
                    bodies.append((ref, head, "name"))
                continue
            lower = token.lower_
            if lower in _PERSON_PRONOUNS and token.pos_ == "PRON":
                people.append((Ref(chunk.begin(token), chunk.end(token), PRONOUNS[lower]), token, "pronoun"))
            elif lower in ("it", "its") and token.pos_ == "PRON":
                bodies.append((Ref(chunk.begin(token), chunk.end(token), "organization"), token, "pronoun"))
            elif token.pos_ == "NOUN" and lower in _BODY_WORDS and any(
                    c.lower_ in ("the", "this", "that") for c in token.children) and not (
                    token.i + 1 < len(chunk.doc) and chunk.mention_at(chunk.doc[token.i + 1]) is not None):
                # (not "the charity Steps Together": the name that follows is the body)
                bodies.append((Ref(chunk.begin(token), chunk.end(token), "organization"), token, "description"))
        if not people or not bodies:
            continue
        evidence = chunk.sentence_span(sent)
        from .foundings import _year_of  # (foundings imports this module)
        for person, p_head, p_kind in people:
            for body, o_head, o_kind in bodies:
                if person == body or p_head.i == o_head.i:
                    continue
                trigger = min(triggers, key=lambda t: (_path_length(p_head, t) + _path_length(o_head, t),
                                                       abs(t.i - p_head.i) + abs(t.i - o_head.i)))
                features = _features(chunk, sent, trigger, p_head, p_kind, o_head, o_kind, people, bodies)
                chunk.observations.add(RawPair(body, person, features, evidence, _year_of(chunk, sent, trigger)))


def _a_founding_word(token: Token) -> bool:
    if token.lower_ in SET_UP_FORMS:
        return any(c.dep_ == "prt" and c.lower_ == "up" for c in token.children)
    return token.pos_ in ("VERB", "AUX", "NOUN", "PROPN", "ADJ")


def _head_of(chunk: Chunk, mention, token: Token) -> Token:
    """The token of a mention's span whose head lies outside it."""
    doc = chunk.doc
    first, last = token.i, token.i
    while last + 1 < len(doc) and chunk.mention_at(doc[last + 1]) is mention:
        last += 1
    for t in doc[first:last + 1]:
        if not first <= t.head.i <= last or t.head.i == t.i:
            return t
    return doc[last]


def _ancestors(token: Token) -> list[Token]:
    out = [token]
    while out[-1].head.i != out[-1].i and len(out) < 40:
        out.append(out[-1].head)
    return out


def _path_length(a: Token, b: Token) -> int:
    up_a, up_b = _ancestors(a), _ancestors(b)
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return 99


def _up_to(token: Token, target: Token) -> list[Token] | None:
    """The tokens from ``token`` up to ``target`` (excluded) when ``target`` is an ancestor, else None."""
    path = []
    for t in _ancestors(token):
        if t.i == target.i:
            return path
        path.append(t)
    return None


def _side(token: Token, trigger: Token) -> str:
    """How a name's head hangs from the founding word: its labels up to their lowest common head, and the founding
    word's (">" up from the name, "^" up from the founding word), three of each at most."""
    up_token, up_trigger = _ancestors(token), _ancestors(trigger)
    index = {t.i: n for n, t in enumerate(up_trigger)}
    for n, t in enumerate(up_token):
        if t.i in index:
            mine = ">".join(x.dep_ for x in up_token[:n][:3])
            theirs = "^".join(x.dep_ for x in up_trigger[:index[t.i]][:3])
            return (mine or "self") + ("^" + theirs if theirs else "")
    return "apart"


def _modality(trigger: Token) -> list[str]:
    out = []
    for c in trigger.children:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE:
            out.append("future")
        if c.dep_ == "neg":
            out.append("neg")
    head = trigger.head
    if trigger.dep_ == "xcomp" and head.lower_ in _FUTURE | {"help", "helped", "helps", "helping"}:
        out.append("xcomp:" + ("help" if head.lemma_ == "help" else "future"))
    if trigger.dep_ == "xcomp":
        out.append("xcomp")
    return out


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-7" if n < 8 else ("8-15" if n < 16 else "16+"))


def _features(chunk: Chunk, sent: Span, trigger: Token, person: Token, p_kind: str, body: Token, o_kind: str,
              people: list, bodies: list) -> list[str]:
    """The pair's features: general words of the parse, never a name."""
    lemma = trigger.lemma_.lower().replace("co-", "").replace("cofound", "found")
    if trigger.lower_ in FOUNDER_NOUNS or trigger.lower_ in ("cofounder", "cofounders"):
        lemma = "founder"
    p_side, o_side = _side(person, trigger), _side(body, trigger)
    distance = abs(person.i - body.i)
    first, last = sorted((person.i, body.i))
    between = chunk.doc[first + 1:last]
    features = ["bias", f"trig={lemma}", f"tag={trigger.tag_}", f"trig={lemma}|tag={trigger.tag_}",
                f"p={p_side}", f"o={o_side}", f"p={p_side}|o={o_side}", f"trig={lemma}|p={p_side}",
                f"trig={lemma}|o={o_side}", f"trig={lemma}|p={p_side}|o={o_side}",
                f"pkind={p_kind}", f"okind={o_kind}", f"pdep={person.dep_}", f"odep={body.dep_}",
                f"pdep={person.dep_}|odep={body.dep_}", f"order={'po' if person.i < body.i else 'op'}",
                f"dist={_bucket(distance)}", f"path={_bucket(_path_length(person, body))}",
                f"tpath={_bucket(_path_length(person, trigger) + _path_length(body, trigger))}",
                f"trig_between={first < trigger.i < last}", f"trigdep={trigger.dep_}",
                f"trigdep={trigger.dep_}|trig={lemma}"]
    features += [f"mod={m}" for m in _modality(trigger)]
    others_p = sum(1 for _, h, _k in people if first < h.i < last)
    others_o = sum(1 for _, h, _k in bodies if first < h.i < last)
    features += [f"people_between={min(others_p, 2)}", f"bodies_between={min(others_o, 2)}"]
    if distance <= 12:
        features += sorted({f"w={t.lower_}" for t in between if t.lower_ in _BETWEEN_WORDS})
    before_person = chunk.doc[person.i - 1].lower_ if person.i > sent.start else ""
    if before_person in _BETWEEN_WORDS:
        features.append(f"prev={before_person}")
    mention = chunk.mention_at(body)
    if mention is not None:
        features.append(f"olabel={mention.label}")
        features.append(f"otype={organization_type(mention.text)}")
    if body.i > 0 and chunk.doc[body.i - 1].lower_ in ("a", "an"):
        features.append("o_indefinite")
    if body.i + 1 < len(chunk.doc) and chunk.doc[body.i + 1].text in ("'s", "’s"):
        features.append("o_possessive")
    features += _clause_features(chunk, trigger, person, body)
    features += _where_the_person_stands(chunk, trigger, person)
    in_quote = any(b <= chunk.begin(trigger) < e for b, e in chunk.quote_spans)
    features.append(f"quote={in_quote}")
    return features


def _where_the_person_stands(chunk: Chunk, trigger: Token, person: Token) -> list[str]:
    """Whether the founding word's own clause holds the person ("pclause=trigger": the nearest verb above them is
    the founding word; "above": the founding word hangs from them, "A, who founded X"), and whether a noun for a
    thing or a body's name stands between them ("with help from A", "A's father"): "p_thing" vetoes."""
    out = []
    verb = next((t for t in _ancestors(person)[1:] if t.pos_ in ("VERB", "AUX")), None)
    above = _up_to(trigger, person)
    if verb is not None and verb.i == trigger.i:
        out.append("pclause=trigger")
    elif above is not None and len(above) <= 3:
        out.append("pclause=above")
    else:
        out.append("pclause=other")
    path = _up_to(person, trigger) or []
    own = chunk.mention_at(person)
    for token in path[1:]:
        mention = chunk.mention_at(token)
        thing = token.pos_ == "NOUN" and mention is None and token.lower_ not in PERSON_NOUNS \
            and token.lower_ not in KINSHIP_NOUNS and token.lower_ not in FOUNDER_NOUNS
        # a name hung on a body's name ("founded by local firms: Acme Boats, ..." parsed as "Rowing, Acme Boats")
        in_a_body = mention is not None and mention is not own and not chunk.names_person(mention)
        if thing or in_a_body:
            out.append("p_thing")
            break
    if person.dep_ == "poss" and person.head.lower_ in KINSHIP_NOUNS:
        out.append("p_thing")  # "Gareth's father": the father
    return out


def _within(token: Token, heads: list[Token]) -> bool:
    return any(h.left_edge.i <= token.i <= h.right_edge.i for h in heads)


def _clause_features(chunk: Chunk, trigger: Token, person: Token, body: Token) -> list[str]:
    """Who the founding word's clause says founded, and what: this pair, someone or something else, or no one."""
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "csubj")]
    subjects += [p for a in trigger.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    if trigger.dep_ in ("relcl", "acl") and not objects and not any(c.lower_ in ("who", "that", "which")
                                                                    and c.dep_ == "nsubj" for c in trigger.children):
        objects = [trigger.head]  # "X, which she founded", "the charity founded by ..."
    if trigger.dep_ == "relcl" and any(c.lower_ in ("who", "that") and c.dep_ == "nsubj" for c in trigger.children):
        subjects = [trigger.head]  # "A, who founded X"

    def kind(heads: list[Token], mine: Token, person_side: bool) -> str:
        if not heads:
            return "none"
        if _within(mine, heads) or any(h.i == mine.i for h in heads):
            return "this"
        named = [chunk.mention_at(t) for h in heads for t in h.subtree if chunk.mention_at(t) is not None]
        if any(chunk.names_person(m) == person_side for m in named):
            return "other"
        if heads[0].pos_ == "PRON":
            return "pronoun"
        return "noun:" + (heads[0].lower_ if heads[0].lower_ in _BODY_WORDS else "other")

    subject, obj = kind(subjects, person, True), kind(objects, body, False)
    out = [f"subj={subject}", f"obj={obj}", f"subj={subject}|obj={obj}"]
    up_person, up_body = _ancestors(person), _ancestors(body)
    index = {t.i: n for n, t in enumerate(up_body)}
    lca = next((t for t in up_person if t.i in index), None)
    if lca is not None and lca.i != trigger.i and lca.pos_ in ("VERB", "AUX"):
        out.append(f"lca={lca.lemma_.lower()}")
    if person.head.pos_ in ("VERB", "AUX") and person.head.i != trigger.i:
        out.append(f"phead={person.dep_}:{person.head.lemma_.lower()}")
    if body.head.pos_ in ("VERB", "AUX") and body.head.i != trigger.i:
        out.append(f"ohead={body.dep_}:{body.head.lemma_.lower()}")
    return out


# --- pairs resolved to entities, and the model's decision ---------------------------------------------------


@dataclass
class Pair:
    """A candidate founding of ``organization`` by ``person`` (entity ids), with every sentence's features."""

    organization: str
    person: str
    features: list[list[str]]
    evidence: list[tuple[int, int]]
    year: int | None


def pairs(observations: Observations, resolver: Resolver, facts: Facts,
          raws: list[RawPair] | None = None) -> list[Pair]:
    """The document's candidate pairs by entity (of ``raws``, by default every one), each occurrence's features with
    whether the rules' foundings (already in ``facts``) hold the pair, and by which method."""
    from .foundings import _the_body_a_story_is_about

    by_rule = {(f.organization, p): f.method for f in facts.foundings for p in f.founders}
    found: dict[tuple[str, str], Pair] = {}
    told: dict[str, list[str]] = {}
    resolved: dict[tuple[Ref, str], str | None] = {}  # one sentence's names make many pairs: resolve each once

    def resolve(ref: Ref, want: str) -> str | None:
        if (ref, want) not in resolved:
            found = _the_body_a_story_is_about(resolver, ref) if want == "organization" else None
            resolved[ref, want] = found or resolver.resolve(ref, want=want)
        return resolved[ref, want]

    for raw in observations.of(RawPair) if raws is None else raws:
        organization = resolve(raw.organization, "organization")
        person = resolve(raw.person, "person")
        if organization is None or person is None or organization == person:
            continue
        if resolver.entities[organization].type == "Person" or resolver.entities[person].type != "Person":
            continue
        method = by_rule.get((organization, person))
        stacked = [f"rule={method is not None}", f"rule_method={method}"]
        if organization not in told:
            told[organization] = _what_the_text_tells(resolver, raw.organization, organization)
        pair = found.setdefault((organization, person), Pair(organization, person, [], [], raw.year))
        pair.features.append(raw.features + told[organization] + stacked)
        pair.evidence.append(raw.evidence)
        pair.year = pair.year or raw.year
    return list(found.values())


def _what_the_text_tells(resolver: Resolver, ref: Ref, organization: str) -> list[str]:
    """What the whole text says of the body: its kind, how often it is named, whether someone is called its
    founder or it is said to be founded anywhere, whether a description ("the company") fits its name."""
    import re

    from .foundings import _said_founded

    entity = resolver.entities[organization]
    names = sorted({entity.name, *entity.aliases}, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, names))
    named = len(re.findall(r"\b(?:" + alternatives + r")\b", resolver.text))
    out = [f"oentity={entity.type}", f"onamed={_bucket(named)}",
           f"said_founded={_said_founded(resolver.text, names)}"]
    if ref.want == "organization":
        noun = resolver.text[ref.begin:ref.end].lower()
        out.append(f"odesc_in_name={noun in entity.name.lower()}")
    return out


def source_fingerprint() -> str:
    """The SHA-256 of this module's source: the shipped weights record the one they were trained with, and a test
    fails when the features changed since (retrain with ``benchmarks/train_foundings.py``)."""
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


_TEXT_FEATURES = ("oentity=", "onamed=", "said_founded=", "odesc_in_name=")
"""The kinds of feature ``_what_the_text_tells`` gives a pair, one of each at most."""


@lru_cache(maxsize=1)
def _most_the_text_adds() -> float:
    weights = _model()["weights"]
    return sum(max([0.0] + [w for f, w in weights.items() if f.startswith(kind)]) for kind in _TEXT_FEATURES)


@lru_cache(maxsize=1)
def _model() -> dict:
    return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")) if WEIGHTS_FILE.exists() else {}


def probability(features: list[str], weights: dict[str, float]) -> float:
    z = sum(weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def pair_probability(pair: Pair, weights: dict[str, float], *, stacked: bool) -> float:
    """The pair's probability: its most telling sentence's."""
    return best_reading(pair.features, weights, stacked=stacked)[0]


def best_reading(rows: list[list[str]], weights: dict[str, float], *, stacked: bool) -> tuple[float, list[str]]:
    """The probability of a pair's most telling sentence, and that sentence's features."""
    if not stacked:
        rows = [[f for f in row if not f.startswith("rule")] for row in rows]
    return max(((probability(row, weights), row) for row in rows), key=lambda found: found[0])


def _vetoed(row: list[str]) -> bool:
    return "trig=founder" in row or "pclause=other" in row or "p_thing" in row


def admitted(rows: list[list[str]], model: dict) -> bool:
    """Whether the model's reading of a pair makes it a founding: one sentence's reading at or above the
    threshold, read from a founding verb (founder nouns are the rules': "the founders of X were absent", "who sued
    one of the founders of X"), the verb's own clause holds the person, and no noun for a thing stands between
    them ("with help from A"). Each sentence, and each word naming the person in it, is its own reading: "her" in
    "A and her husband, B, set up X" is vetoed ("her husband" is B), the name "A" is not."""
    readings = [row for row in rows if not _vetoed(row)]
    return bool(readings) and best_reading(readings, model["weights"], stacked=model["stacked"])[0] \
        >= model["threshold"]


def decide(observations: Observations, resolver: Resolver, facts: Facts) -> None:
    """Add the pairs the shipped model is sure of (at or above its threshold) to the rules' foundings."""
    model = _model()
    if not model or model.get("feature_set") != FEATURE_SET or model["stacked"]:
        return
    # a sentence's pair can reach the threshold only if its own features with the best the whole text could add
    # do: the rest are not resolved (the same facts, at a fraction of the cost)
    weights, lowest = model["weights"], math.log(model["threshold"] / (1 - model["threshold"]))
    raws = [raw for raw in observations.of(RawPair)
            if sum(weights.get(f, 0.0) for f in raw.features) + _most_the_text_adds() >= lowest]
    if not raws:
        return
    from ..facts import Founding
    from .confidence import confidence

    by_organization = {f.organization: f for f in facts.foundings}
    for pair in pairs(observations, resolver, facts, raws):
        if any(pair.person in f.founders and f.organization == pair.organization for f in facts.foundings):
            continue
        if not admitted(pair.features, model):
            continue
        fact = by_organization.get(pair.organization)
        if fact is None:
            fact = by_organization[pair.organization] = Founding(
                f"founding-{pair.organization}", pair.organization, [], [], pair.year,
                confidence("founding", "model:founding-reader"), "model:founding-reader")
            facts.foundings.append(fact)
        fact.founders.append(pair.person)
        evidence = resolver.span(*pair.evidence[0])
        if evidence not in fact.evidence:
            fact.evidence.append(evidence)
        fact.year = fact.year or pair.year


def candidates(document: Document) -> tuple[list[dict], list[dict]]:
    """What training and tests read: the document's foundings by the rules alone (in the gold form) and each
    candidate pair by name, with its year, every sentence's features and its probability under the shipped model
    (without the rules' features unless the model is stacked)."""
    from ..evaluate import facts_to_gold
    from ..facts import Facts
    from . import foundings, observe

    facts = Facts(document=document.name, sha256=document.sha256)
    observations, resolver = observe(document)
    foundings.assemble(observations, resolver, facts, reader=False)
    named = {f.organization for f in facts.foundings} | {p for f in facts.foundings for p in f.founders}
    facts.entities = [resolver.entities[e] for e in sorted(named)]
    model = _model()
    found = []
    for pair in pairs(observations, resolver, facts):
        probability_ = pair_probability(pair, model["weights"], stacked=model["stacked"]) if model else None
        found.append({"organization": resolver.entities[pair.organization].name,
                      "person": resolver.entities[pair.person].name, "year": pair.year,
                      "features": pair.features, "probability": probability_})
    return facts_to_gold(facts)["foundings"], found
