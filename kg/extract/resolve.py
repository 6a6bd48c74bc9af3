"""From mentions to entities: one entity per person or organization, and every reference resolved to one.

Owns the type of each name (context the rules forced, then words in the name, then spaCy's votes over all
mentions), alias merging within a document ("Kutcher" = "Ashton Kutcher" when only one Kutcher is named;
"Federal Bureau of Investigation (FBI)" = "FBI"; "the Committee" = the committee named before it), dropping names
that are no entity (awards, days, laws and programmes; one-word titles such as "Speaker"; state codes), resolving
anaphors to the nearest compatible entity, with ids derived from content so the same text always gives the same
ids. Each family's ``assemble`` turns its observations into facts through a ``Resolver``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..documents import slugify
from ..facts import Entity, Span
from .confidence import confidence, fact_references
from .layout import FIELD_LINE, is_headline, unwrap, wrapped
from .lexicon import (
    BODY_NOUNS,
    GENERIC_NAME_WORDS,
    KINSHIP_NOUNS,
    LOCAL_BODY_AUDIENCE,
    MINOR_WORDS,
    NAME_SUFFIXES,
    NON_STATE_NOUNS,
    NOT_A_BODY_HEADS,
    NOT_PERSON_NAMES,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    PLACE_HEADS,
    PRONOUN_GENDER,
    PRONOUNS,
    STATE_CODES,
    TITLES,
)
from .names import (
    looks_like_org_name,
    looks_like_person_name,
    name_key,
    organization_type,
)
from .observations import RawMention, Ref

__all__ = ["ORGANIZATION_TYPES", "Resolver"]

ORGANIZATION_TYPES = ("Organization", "LegislativeBody", "GovernmentBody")
_ANAPHOR_REACH = 3000
"""How far back (characters) "he" or "the organization" looks for its antecedent."""


@dataclass
class _Group:
    """Mentions of one entity while merging."""

    type: str
    mentions: list[RawMention] = field(default_factory=list)
    keys: Counter = field(default_factory=Counter)
    forced: bool = False
    generic: bool = True
    """Every mention is of common words ("a Senate subcommittee")."""
    prefer_long: bool = False
    """Name it by its longest form (an office merged with the district it serves)."""

    def first(self) -> int:
        return min(m.begin for m in self.mentions)


def _mention_type(mention: RawMention) -> str | None:
    if mention.forced:
        if mention.forced == "Organization":
            return organization_type(mention.text) or "Organization"
        return mention.forced
    if mention.label == "PERSON":
        return "Person"
    if mention.label == "ORG":
        return organization_type(mention.text) or "Organization"
    if mention.label in ("FAC", "PRODUCT", "WORK_OF_ART"):
        kind = organization_type(mention.text)
        return kind if kind in ("LegislativeBody", "GovernmentBody") else None
    return None


def _decide_types(mentions: list[RawMention]) -> dict[str, str]:
    """One type per name key: forced context first, then words in the name, then the majority of spaCy's votes."""
    votes: dict[str, Counter] = defaultdict(Counter)
    first_name: dict[str, str] = {}  # the first mention's text of each key, whose words may say its kind
    for m in mentions:
        key = name_key(m.text)
        first_name.setdefault(key, m.text)
        kind = _mention_type(m)
        if kind is None:
            continue
        weight = 5 if m.forced else 1
        votes[key][kind if kind == "Person" else "org"] += weight
        votes[key]["keyword:" + kind] += 0
    decided: dict[str, str] = {}
    for key, counter in votes.items():
        keyword = organization_type(first_name[key])
        person, org = counter["Person"], counter["org"]
        if keyword and person < 5:
            decided[key] = keyword
        elif person >= org and person > 0:
            decided[key] = "Person"
        elif org > 0:
            decided[key] = keyword or "Organization"
    return decided


def _acronyms(name: str) -> set[str]:
    """Initials a name may be shortened to: "Department of Justice" -> DJ, DOJ; "United States Department of
    Agriculture" -> USDA, DA."""
    out = set()
    name = _LEGAL_FORM.sub("", name)  # "Blue River Energy, L.L.C." -> BRE
    forms = [name, re.sub(r"^(?:the|U\.S\.|United States)\s+", "", name)]
    if " of " in name:
        forms.append(name.split(" of ", 1)[1])  # "Department of Health and Human Services" -> HHS
    for form in forms:
        words = re.findall(r"[A-Za-z][\w'-]*", form)
        out.add("".join(w[0].upper() for w in words if w.lower() not in MINOR_WORDS))
        out.add("".join(w[0].upper() for w in words if w.lower() not in ("the", "and", "&")))
    return out


_LEGAL_FORM = re.compile(r",?\s+(?:L\.L\.C\.|LLC|L\.P\.|LLP|Inc\.?|Incorporated|Corp\.?|Co\.|Ltd\.?|P\.C\.|PLLC)$")


_GENERATIONS = frozenset(suffix.lower() for suffix in NAME_SUFFIXES)


def _surname(words: list[str]) -> str:
    """The last word of a name before a generational suffix: "james p kennedy jr" -> kennedy."""
    while len(words) > 2 and words[-1] in _GENERATIONS:
        words = words[:-1]
    return words[-1]


def _written_surname(name: str) -> str:
    """The key of a written name's last word, a double-barrelled one whole ("boudreau hassan" of "Élise
    Boudreau-Hassan"), before a generational suffix."""
    words = name.split()
    while len(words) > 2 and name_key(words[-1]) in _GENERATIONS:
        words = words[:-1]
    return name_key(words[-1]) if words else ""


def _suffix(words: list[str]) -> str:
    """A name's generational suffix ("jr" of "duane hollister jr"), or ""."""
    return words[-1] if len(words) > 2 and words[-1] in _GENERATIONS else ""


def _is_generic(name: str) -> bool:
    key = name_key(name)
    return " " not in key and not name.isupper() and (key in ORGANIZATION_NOUNS or key in GENERIC_NAME_WORDS)


def _not_a_body(name: str) -> bool:
    """ "Presidential Medal of Freedom", "International Women's Day", "Human Space Program"."""
    words = name_key(name).split()
    if not words or re.match(r"(?:united nations|world)\b", name_key(name)):
        return False
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    return head in NOT_A_BODY_HEADS or words[-1] in NOT_A_BODY_HEADS or (head in PLACE_HEADS and len(words) > 1)


_BODY_FIRST = re.compile(r"^(.+?) (department|ministry|office|agency)$")


@lru_cache(maxsize=4096)
def _group_key(name: str) -> str:
    """The key organizations are grouped by: without "the", "U.S.", "United States"; "Justice Department"
    read as "department of justice"."""
    key = re.sub(r"^(?:the |u s |us |united states )+", "", name_key(name))
    # "Harlow Foods Inc." and "Harlow Foods", "Brightwater Ltd": one company whatever its legal form
    key = re.sub(r"(?<=\w) (?:inc|incorporated|ltd|limited|llc|l l c|plc|corp|co|llp|pty ltd)$", "", key)
    match = _BODY_FIRST.match(key)
    if match and " of " not in key:
        key = f"{match.group(2)} of {match.group(1)}"
    return key


_RELATIVE_BEFORE = re.compile(r"(?:\b(?:his|her|their)|['’]s?)\s+(?:(?:late|then-|ex-|former|estranged|eldest|"
                             r"youngest|older|younger)\s*)?(?:" + "|".join(sorted(KINSHIP_NOUNS)) + r"),?\s+$",
                             re.IGNORECASE)
_SPEECH_WORDS = re.compile(r"\b(?:said|says|told|tells|testified|testifies|evidence|testimony)\b")
_PERSONAL_PRONOUN = re.compile(r"(?:" + "|".join(PRONOUN_GENDER) + r")\b", re.IGNORECASE)


def _holds(words: list[str], part: list[str], *, prefix: bool = False) -> bool:
    """Whether ``part`` is a run of ``words`` (at their start, with ``prefix``)."""
    starts = [0] if prefix else range(len(words) - len(part) + 1)
    return any(words[i:i + len(part)] == part for i in starts)


def _written_as_a_name(group: _Group) -> bool:
    """Whether a body's most used name is capitalized throughout ("Tracefield Analytics", not "Senedd committee")."""
    name = group.keys.most_common(1)[0][0]
    return all(w[:1].isupper() or w in ("of", "and", "&", "the", "for", "on", "to") for w in name.split())


class Resolver:
    """The entities of one document and the lookups that turn ``Ref``s into entity ids."""

    def __init__(self, text: str, mentions: list[RawMention], quote_spans: list[tuple[int, int]], *,
                 sentences: list[int] | None = None, roles: dict[int, tuple[str, int | None]] | None = None,
                 published: date | None = None, addressees: dict[int, Ref] | None = None):
        self.text = text
        self.addressees = addressees or {}
        """A pronoun answering a question put to someone ("... asked Mr Doe why. He said"): that person's mention."""
        self.published = published
        """The publication date of the page the text came from, when known: it dates "testified Tuesday"."""
        self.sentences = sorted(sentences or [])
        self.roles = roles or {}
        self.pronoun_offsets = sorted(o for o in self.roles if _PERSONAL_PRONOUN.match(text, o))
        self.quote_spans = sorted(quote_spans)
        unique: dict[tuple[int, int], RawMention] = {}
        for m in mentions:
            existing = unique.get((m.begin, m.end))
            if existing is None or (m.forced and not existing.forced):
                unique[(m.begin, m.end)] = m
        self.mentions = sorted(unique.values(), key=lambda m: (m.begin, -m.end))
        self.types = _decide_types(self.mentions)
        self.entity_of_mention: dict[tuple[int, int], str] = {}
        self.entities: dict[str, Entity] = {}
        self.gender: dict[str, str] = {}
        self.occupations: dict[str, set[str]] = defaultdict(set)
        """Role nouns the text gives each person ("president", "bookkeeper")."""
        self.generic: set[str] = set()
        """Entities named by common words only: kept only when a fact refers to one (``kept_entities``)."""
        self.descriptions: dict[str, set[str]] = defaultdict(set)
        """The common nouns the text calls a body by ("Polaris, the nonprofit ...": nonprofit)."""
        """Entities a title or a spouse noun marks as women ("f") or men ("m")."""
        self._build()
        self._index()

    def span(self, begin: int, end: int) -> Span:
        """The evidence span ``text[begin:end]``."""
        return Span(begin, end, self.text[begin:end])

    def in_quote(self, position: int) -> bool:
        i = bisect.bisect_right(self.quote_spans, (position, float("inf"))) - 1
        return i >= 0 and self.quote_spans[i][0] <= position < self.quote_spans[i][1]

    # --- building entities -----------------------------------------------------------------------------------

    def _headline_only_keys(self) -> set[str]:
        """Name keys met only in title-case lines ("Department Of Justice Secures More Than $2 Billion"), where
        spaCy's entity boundaries are unreliable."""
        headlines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text) if is_headline(m.group(0))
                     and not wrapped(self.text, m.end()) and not FIELD_LINE.match(m.group(0))]
        inside: set[str] = set()
        outside: set[str] = set()
        for m in self.mentions:
            key = _group_key(m.text)
            if any(b <= m.begin < e for b, e in headlines):
                inside.add(key)
            else:
                outside.add(key)
        # a person named in a header line ("HON. STENY H. HOYER") whose surname the text uses ("Mr. HOYER.")
        surnames = {k.split()[-1] for k in outside if k}
        kept = {k for k in inside if self.types.get(k) == "Person" and len(k.split()) > 1
                and k.split()[-1] in surnames}
        return inside - outside - kept

    def _build(self) -> None:
        groups: dict[str, _Group] = {}
        headline_only = self._headline_only_keys()
        person_keys = {key for key, kind in self.types.items() if kind == "Person"}
        person_words = {w for key in person_keys for w in key.split()}
        # the last words of a person's name: "farouk hensley" and "hensley" of "Nadia Farouk-Hensley"
        surnames = {" ".join(key.split()[i:]) for key in person_keys for i in range(1, len(key.split()))}
        for m in self.mentions:
            if _group_key(m.text) in headline_only and not m.forced:
                continue
            key = name_key(m.text)
            kind = self.types.get(key)
            if kind is None and m.label == "CONTEXT" and " " not in key and key in person_words:
                kind = "Person"  # an untagged "Altman" after "Sam Altman"
            if kind != "Person" and not m.forced and not m.text.isupper() and organization_type(m.text) is None \
                    and m.label not in ("CONTEXT", "LAW", "EVENT") and (
                        key in surnames or (" " not in key and key in person_words and kind is not None)
                        or any(" ".join(key.split()[i:]) in person_keys for i in range(1, len(key.split())))):
                # "said Phillips" after "Beth Phillips", or "Anjali Raghunathan" where "Raghunathan said", tagged
                # as a body or a place: a person's name
                kind = "Person"
            if kind is None:
                continue
            written = m.text
            if "\n" in m.text and "\n\n" not in m.text and wrapped(self.text, m.begin + m.text.find("\n")):
                written = unwrap(m.text)  # "the Daytona\nEducational and Industrial School"
            valid = looks_like_person_name(written) if kind == "Person" else (
                looks_like_org_name(written) or bool(m.forced and _LOWER_CASE_PANEL_NAME.fullmatch(written)))
            if not valid or (kind != "Person" and not m.forced and (_not_a_body(m.text) or self._not_a_body_name(
                    m.text, person_words))):
                continue
            if kind != "Person":
                key = _group_key(m.text)
            group = groups.setdefault(key, _Group(kind))
            group.mentions.append(m)
            group.keys[m.text] += 1
            group.forced = group.forced or bool(m.forced)
            group.generic = group.generic and m.generic
        self._merge_people(groups)
        self._merge_organizations(groups)
        for group in {id(g): g for g in groups.values()
                      if self._only_a_modifier(g) or self._chamber_only_before_a_noun(g)}.values():
            for key in [k for k, g in groups.items() if g is group]:
                del groups[key]
        for key, group in list(groups.items()):
            if group.type == "Person" and all(self._not_a_name(n) for n in group.keys):
                del groups[key]
        used: set[str] = set()
        for group in sorted({id(g): g for g in groups.values()}.values(), key=_Group.first):
            name = self._canonical(group)
            entity_id = slugify(name)
            while entity_id in used:
                entity_id += "-2"
            used.add(entity_id)
            mentions = sorted({(m.begin, m.end): m for m in group.mentions}.values(), key=lambda m: m.begin)
            name = unwrap(name)
            aliases = sorted(({unwrap(m.text) for m in mentions} | {unwrap(self.text[m.begin:m.end])
                                                                    for m in mentions if m.label == "PERSON"}) - {name})
            method = "spacy:ner+context" if group.forced else "spacy:ner"
            if all(m.label == "CONTEXT" for m in mentions):
                method = "rule:context"
            self.entities[entity_id] = Entity(entity_id, group.type, name, aliases,
                                              [Span(m.begin, m.end, self.text[m.begin:m.end]) for m in mentions],
                                              confidence("person" if group.type == "Person" else "organization",
                                                         method), method)
            if group.generic:
                self.generic.add(entity_id)
            for m in mentions:
                self.occupations[entity_id] |= m.occupations
            for m in mentions:
                self.entity_of_mention[(m.begin, m.end)] = entity_id
                if m.described:
                    self.descriptions[entity_id].add(m.described)
            genders = Counter(m.gender for m in mentions if m.gender)
            if len(genders) == 1:
                self.gender[entity_id] = next(iter(genders))

    def _only_a_modifier(self, group: _Group) -> bool:
        """One capitalized word the text only puts before a common noun after an article or a possessive ("a Dayton
        mother", "an Adelaide youth shelter", "her Spring Branch home", "a Methodist pastor"): the place or kind of
        the thing named, not a body (an acronym, or a name with a body's word, stays one: "an NHS trust")."""
        if group.type not in ORGANIZATION_TYPES or group.forced or any(
                len(n.split()) > 2 or n.isupper() or organization_type(n) for n in group.keys):
            return False
        # a mention the tagger called a place ("a network in Nunavut") is no body's either
        bodies = [m for m in group.mentions if m.label not in ("GPE", "LOC")]
        # ... or opens a line: a headline's "Halifax food rescue charity marks ...", "Edinburgh payroll start-up X sold"
        return bool(bodies) and all(self.roles.get(m.begin, ("other", None))[0] == "modifier"
                                    and (_MODIFIER_BEFORE.search(self.text, max(0, m.begin - 12), m.begin)
                                         or m.begin == 0 or self.text[m.begin - 1] == "\n")
                                    for m in bodies)

    def _chamber_only_before_a_noun(self, group: _Group) -> bool:
        """A chamber's bare name that the text only puts before a common noun ("told a state Senate committee",
        "House bill", "tell Senate panel"): the kind of committee or bill, not the chamber as a body; the body the
        testimony names is the committee's full name where the text gives it."""
        if group.forced or not all(n.strip() in _CHAMBER_WORDS for n in group.keys):
            return False
        for m in group.mentions:
            after = re.match(r"\s+([A-Za-z]+)", self.text[m.end:m.end + 30])
            if after is None or after.group(1) not in _AFTER_A_CHAMBER:
                return False
        return True

    def _canonical(self, group: _Group) -> str:
        if group.type == "Person":
            return max(group.keys, key=lambda n: (len(n.split()), group.keys[n], len(n)))
        acronyms = {n for n in group.keys if n.isupper() and " " not in n}
        candidates = [n for n in group.keys if n not in acronyms] or list(group.keys)
        named = [n for n in candidates if not _is_generic(n)]
        candidates = named or candidates  # "the Committee" merged into the committee it stands for
        if group.prefer_long:
            return max(candidates, key=lambda n: (len(n), group.keys[n]))
        return max(candidates, key=lambda n: (group.keys[n], len(n)))

    def _not_a_body_name(self, name: str, person_words: set[str]) -> bool:
        """Not an organization whatever spaCy said: a US state's postal code ("Tallahassee, FL"), titles only
        ("Prosecutor General", "President & CEO")."""
        words = name_key(name).split()
        if name.strip() in STATE_CODES:
            return True
        return bool(words) and all(w in TITLES or w in ("and", "ceo", "coo", "cfo", "general", "prosecutor") for w in words)

    def _not_a_name(self, name: str) -> bool:
        """A one-word "person" that is a title, a role (one or several: "MPs") or a common noun: "Speaker",
        "Founder", "(Laughter.)", "the Moon"."""
        if " " in name.strip():
            return False
        word = name.strip().lower()
        return word in TITLES or word in PERSON_NOUNS or word in NOT_PERSON_NAMES or (
            word.endswith("s") and word[:-1] in TITLES | PERSON_NOUNS) or bool(
            re.search(rf"\b[Tt]he {re.escape(name.strip())}\b", self.text))

    def _merge_people(self, groups: dict[str, _Group]) -> None:
        people = {k: g for k, g in groups.items() if g.type == "Person"}
        full = {k: g for k, g in people.items() if len(k.split()) > 1}
        # "Jane B. Doe" and "Jane Doe": same first and last words
        by_ends: dict[tuple[str, str], list[str]] = defaultdict(list)
        for k in full:
            words = k.split()
            by_ends[(words[0], _surname(words))].append(k)
        for keys in by_ends.values():
            suffixes = {_suffix(k.split()) for k in keys} - {""}
            # "Duane Hollister Sr." and "Duane Hollister Jr.": father and son, two people, each with his own
            parts = [[k for k in keys if _suffix(k.split()) == s] for s in suffixes] if len(suffixes) > 1 else [keys]
            for part in parts:
                if len(part) < 2:
                    continue
                target = groups[max(part, key=lambda k: len(groups[k].mentions))]
                for k in part:
                    if groups[k] is not target:
                        target.mentions += groups[k].mentions
                        target.keys += groups[k].keys
                        groups[k] = target
        last_names: dict[str, set[int]] = defaultdict(set)
        first_names: dict[str, set[int]] = defaultdict(set)
        for k in full:
            last_names[_surname(k.split())].add(id(groups[k]))
            first_names[k.split()[0]].add(id(groups[k]))
        by_id = {id(groups[k]): groups[k] for k in full}
        for key, group in people.items():
            if groups[key] is not group:
                continue
            if len(key.split()) == 1:
                candidates = last_names.get(key) or first_names.get(key) or set()
            else:  # "Farouk-Hensley" after "Nadia Farouk-Hensley": the last words of a longer name
                words = key.split()
                candidates = {id(groups[k]) for k in full if len(k.split()) > len(words)
                              and k.split()[-len(words):] == words and groups[k] is not group}
            if len(candidates) > 1 and len(key.split()) == 1:
                # "Hassan" where the text names Karim Hassan and Élise Boudreau-Hassan: the one whose surname it is
                # whole, not the last part of a double-barrelled one
                exact = {c for c in candidates if any(_written_surname(n) == key for n in by_id[c].keys)}
                candidates = exact or candidates
            if len(candidates) == 1:
                target = by_id[next(iter(candidates))]
                own = {m.gender for m in group.mentions} - {None}
                known = {m.gender for m in target.mentions} - {None}
                if len(own) == 1 and len(known) == 1 and own != known and all(
                        self._introduced_as_relative(m.begin) for m in target.mentions if m.begin < group.first()):
                    continue  # "Achterberg and her husband, Ray Achterberg": she is not the husband
            elif len(candidates) > 1:
                # a shared surname: the protagonist, the one the text names first, if named before the short form
                start = group.first()
                gender = {m.gender for m in group.mentions} - {None}
                if len(gender) > 1:
                    gender = set()  # "Mr Doe" and "Mrs Doe" in one text: the title decides nothing here
                if gender:  # "Mrs. Nixon": the one known to be a woman, else one not known to be a man
                    known = {c: {m.gender for m in by_id[c].mentions} - {None} for c in candidates}
                    compatible = {c for c in candidates if not known[c] or known[c] & gender} or candidates
                    # a man known as one only because the text introduced him as "his brother, Donal Doe" is no
                    # likelier "Mr Doe" than the man it named before him
                    candidates = {c for c in compatible if known[c] & gender and not all(
                        self._introduced_as_relative(m.begin) for m in by_id[c].mentions if m.begin < start)} \
                        or compatible
                named = {c: [m.begin for m in by_id[c].mentions if m.begin < start] for c in candidates}
                named = {c: b for c, b in named.items() if b}
                if not named:
                    continue
                # a person introduced as another's relative ("he and his father, Malcolm Doe") is not the one the
                # story calls by the bare surname; the count of the others decides
                relatives = {c for c in named if any(self._introduced_as_relative(m.begin)
                                                     for m in by_id[c].mentions if m.begin < start)}
                if len(named) - len(relatives) >= 1:
                    named = {c: b for c, b in named.items() if c not in relatives} | {
                        c: [b for b in named[c] if not self._introduced_as_relative(b)] for c in relatives}
                    named = {c: b for c, b in named.items() if b}
                # the one the story has speak or testify ("Ciarán McKillop, Eamon's son, told the committee"),
                # then the one named most often before it, then named first
                target = by_id[min(named, key=lambda c: (not any(self._speaks(b) for b in named[c]),
                                                         -len(named[c]), min(named[c])))]
            else:
                continue
            target.mentions += group.mentions
            target.keys += group.keys
            groups[key] = target

    def _speaks(self, begin: int) -> bool:
        """Whether the name at ``begin`` is the subject of a sentence that reports speech or evidence."""
        if self.roles.get(begin, ("other",))[0] not in ("main", "subject"):
            return False
        at = bisect.bisect_right(self.sentences, begin)
        end = self.sentences[at] if at < len(self.sentences) else len(self.text)
        return bool(_SPEECH_WORDS.search(self.text, begin, end))

    def _introduced_as_relative(self, begin: int) -> bool:
        """Whether the name at ``begin`` follows a kinship noun ("his wife, Anne Doe", "Doe's son Tom Doe")."""
        return bool(_RELATIVE_BEFORE.search(self.text, max(0, begin - 40), begin))

    def _merge_organizations(self, groups: dict[str, _Group]) -> None:
        orgs = {k: g for k, g in groups.items() if g.type in ORGANIZATION_TYPES}
        # a bare common word ("the Committee", "the Department", "State"): the body of that kind named nearest
        # before it, or nothing when there is none
        for key, group in list(orgs.items()):
            if groups.get(key) is not group or not all(_is_generic(n) for n in group.keys):
                continue
            start = group.first()
            fits = [(k, g) for k, g in orgs.items() if g is not group and re.search(rf"\b{re.escape(key)}\b", k)]
            # the body named last before it; two names read at the same place ("City Council" inside "City Council
            # committee"): the one the word is the head of, then the one named first, then by name, so that the
            # choice depends on the text alone
            before = [(max((m.begin for m in g.mentions if m.begin < start), default=-1),
                       k.endswith(" " + key), -g.first(), k, g) for k, g in fits]
            before = [b for b in before if b[0] >= 0]
            del groups[key]
            del orgs[key]
            if before:
                target = min(before, key=lambda b: (-b[0], not b[1], -b[2], b[3]))[4]
                target.mentions += group.mentions
                target.keys += group.keys
                groups[key] = target
        # "Eastern District of California" acting as the office, and "U.S. Attorney's Office" written without
        # its district: one office when the document names one district and one such office
        def plain(group: _Group) -> set[str]:
            return {re.sub(r"^(?:the |u s |us |united states )+", "", name_key(n)) for n in group.keys}

        districts = {id(g): g for g in orgs.values() if any(re.match(r"^(?:\w+ )?district of ", k) for k in plain(g))}
        offices = {id(g): g for g in orgs.values() if any(k.startswith("attorney s office") for k in plain(g))}
        if len(districts) >= 1 and len(offices) >= 1 and len({
                re.sub(r".*?((?:\w+ )?district of .*)$", r"\1", k) for g in [*districts.values(), *offices.values()]
                for k in plain(g) if "district of" in k}) == 1:
            target = max([*districts.values(), *offices.values()], key=lambda g: max(len(k) for k in plain(g)))
            target.prefer_long = True
            for key, group in list(orgs.items()):
                if groups[key] is not target and (id(group) in districts or id(group) in offices):
                    target.mentions += group.mentions
                    target.keys += group.keys
                    groups[key] = target
        # "Heathfield" after "Heathfield Care Group", "Energy and Commerce": a short form of the one longer name that
        # holds its words, when it has no word of a body's kind of its own ("Senate" is not the Senate committee)
        people = {k for k, g in groups.items() if g.type == "Person"}
        surnames = {k.split()[-1] for k in people if len(k.split()) > 1}
        for key, group in list(groups.items()):
            if groups.get(key) is not group or group.forced and group.type == "Person":
                continue
            names = list(group.keys)
            if any(organization_type(n) or n.isupper() for n in names) or key in surnames or (
                    group.type == "Person" and len(key.split()) > 1 and key.split()[-1] in surnames):
                continue
            words = key.split()
            longer = {id(g): g for k, g in orgs.items() if g is not group and len(k.split()) > len(words)
                      and _holds(k.split(), words) and organization_type(" ".join(g.keys))}
            if not longer and group.type == "Organization":
                # a body's name also shortens to the start of the one longer body's name that holds no word of a
                # body's kind: "Tracefield" after "Tracefield Analytics"
                longer = {id(g): g for k, g in orgs.items() if g is not group and len(k.split()) > len(words)
                          and _holds(k.split(), words, prefix=True) and _written_as_a_name(g)}
            if len(longer) == 1 and (group.type != "Person" or _holds(next(iter(longer.values())).keys.most_common(1)[0][0]
                                                                     .lower().split(), words, prefix=True)):
                target = next(iter(longer.values()))
                target.mentions += group.mentions
                target.keys += group.keys
                groups[key] = target
        # "Federal Bureau of Investigation (FBI)" written out, or an acronym matching the initials
        long_names = {k: g for k, g in orgs.items() if len(k.split()) > 1}
        for key, group in orgs.items():
            names = list(group.keys)
            if groups[key] is not group or not any(n.isupper() and " " not in n and len(n) >= 2 for n in names):
                continue
            acronym = names[0].upper().replace(".", "")
            matches = {id(g): g for k, g in long_names.items()
                       if any(acronym in _acronyms(n) for n in g.keys)}
            if len(matches) == 1:
                target = next(iter(matches.values()))
                target.mentions += group.mentions
                target.keys += group.keys
                groups[key] = target

    def _index(self) -> None:
        self.ordered: list[tuple[int, str]] = sorted(
            (b, entity_id) for (b, _), entity_id in self.entity_of_mention.items())
        self.starts = [b for b, _ in self.ordered]

    def topic_organization(self) -> str | None:
        """The organization named most often outside quotes, at least twice and more often than any other, and
        not only as a source or a modifier ("According to X", "X students"): what the text reports on."""
        counts: Counter = Counter()
        first: dict[str, int] = {}
        for begin, entity_id in self.ordered:
            if self.entities[entity_id].type in ORGANIZATION_TYPES and not self.in_quote(begin) \
                    and self._role(begin) not in _ASIDE_ROLES:
                counts[entity_id] += 1
                first.setdefault(entity_id, begin)
        if not counts:
            return None
        best = max(counts, key=lambda e: (counts[e], -first[e]))
        if counts[best] < 2 or sorted(counts.values())[-2:] == [counts[best]] * 2:
            return None  # named once, or no more than another body: a guess, and a figure is better left without
        return best

    # --- resolving references --------------------------------------------------------------------------------

    def resolve(self, ref: Ref | None, *, want: str | None = None) -> str | None:
        """The entity id a reference points at, or None."""
        if ref is None:
            return None
        if ref.want == "mention":
            found = self.entity_of_mention.get((ref.begin, ref.end))
            if found is None:
                for (b, e), entity_id in self.entity_of_mention.items():
                    if b < ref.end and ref.begin < e:
                        found = entity_id
                        break
            if found is not None and want is not None and not self._fits(found, want):
                return None
            return found
        if ref.want == "subject":  # the person a fact sheet is about: the first one it names
            return next((e for _, e in self.ordered if self._fits(e, "person")), None)
        noun = self.text[ref.begin:ref.end].lower()
        aside = ("modifier",) if ref.want == "organization" else ()
        if ref.want == "organization" and noun in ORGANIZATION_NOUNS:
            # "the office" is the nearest body called an office, before any nearer body of another kind
            found = self.nearest(ref.begin, "organization", inside_quote=self.in_quote(ref.begin),
                                 word=noun)
            if found is not None:
                return found
            # "the group" after "Polaris, the anti-trafficking nonprofit": the body last described by a noun
            found = self.nearest(ref.begin, "described:" + noun, inside_quote=self.in_quote(ref.begin))
            if found is not None:
                return found
            if noun in NON_STATE_NOUNS:
                # "the group", "the nonprofit": a body of the state named in between (the committee its founder
                # testified before) is not what a reader takes it to mean
                found = self.nearest(ref.begin, "non-state", inside_quote=self.in_quote(ref.begin),
                                     skip_roles=aside)
                if found is not None:
                    return found
        if ref.want == "organization" and noun not in ORGANIZATION_NOUNS and noun not in PRONOUNS and noun.isalpha():
            # "the pantry", "the rescue" (what a founding rule keeps only after a body whose name ends so): that body
            return self.nearest(ref.begin, "organization", inside_quote=self.in_quote(ref.begin), word=noun)
        if ref.want == "description":
            return self.described(ref)
        if ref.want in ("hearing", "court", "setting"):
            return self.setting_body(ref.begin, ref.want)
        if ref.want == "local":
            return self.local_body(ref.begin, LOCAL_BODY_AUDIENCE.get(noun))
        if noun in PRONOUN_GENDER and (want or ref.want) == "person" and ref.begin in self.roles:
            return self.centered(ref.begin, gender=PRONOUN_GENDER[noun])
        found = self.nearest(ref.begin, want or ref.want, inside_quote=self.in_quote(ref.begin),
                             gender=PRONOUN_GENDER.get(noun), skip_roles=aside)
        if found is None and (want or ref.want) == "body":
            found = self.following(ref.begin, "body")  # a witness list before the committee is named
        return found

    def setting_body(self, position: int, kind: str, *, above: int = 0) -> str | None:
        """The most specific body of ``kind`` ("hearing": a subcommittee, then a committee, inquiry or commission,
        then a chamber; "court"; "setting": a hearing's body, else a court) the text names, ranked above
        ``above``: the one named last before ``position``, else the first named after it."""
        if kind == "setting":
            return (self.setting_body(position, "hearing", above=above) or self.setting_body(position, "court")
                    or self.local_body(position))
        ranks = {e: _body_rank(self.entities[e], kind) for e in self.entities
                 if e not in self.generic and e not in self._headline_only}
        ranks = {e: r for e, r in ranks.items() if r > above}
        if not ranks:
            return None
        best = max(ranks.values())
        chosen = {e for e, r in ranks.items() if r == best}
        if kind == "hearing":
            # "the head of the NDIS Quality and Safeguards Commission told a Senate estimates hearing": a
            # legislature's committee hears a regulator, not the other way round
            chosen = {e for e in chosen if self.entities[e].type == "LegislativeBody"} or chosen
        before = [(b, e) for b, e in self.ordered if e in chosen and b < position and not self.in_quote(b)]
        if before:
            return before[-1][1]
        after = [(b, e) for b, e in self.ordered if e in chosen and b >= position and not self.in_quote(b)]
        return after[0][1] if after else None

    def local_body(self, position: int, word: str | None = None) -> str | None:
        """The council, board or commission of a local public hearing the text names ("told supervisors": the
        "Yolo County Board of Supervisors"), the one whose name has ``word`` ("supervisors", "board", "commission",
        "council"; any local body when None): named last before ``position``, else first after it. A company's
        board is no such body, nor one the text names only in its headline."""
        def fits(entity: Entity) -> bool:
            if entity.type not in ORGANIZATION_TYPES:
                return False
            name = entity.name
            if word is None:
                return bool(_LOCAL_BODY.search(name))
            if not re.search(rf"\b{word}", name, re.IGNORECASE):
                return False
            return word in ("supervisors", "commission") or bool(_LOCAL_BODY.search(name)) or entity.type in (
                "LegislativeBody", "GovernmentBody")

        chosen = {e for e, entity in self.entities.items()
                  if e not in self.generic and e not in self._headline_only and fits(entity)}
        before = [(b, e) for b, e in self.ordered if e in chosen and b < position and not self.in_quote(b)]
        if before:
            return before[-1][1]
        after = [(b, e) for b, e in self.ordered if e in chosen and b >= position and not self.in_quote(b)]
        return after[0][1] if after else None

    @property
    def _headline_only(self) -> set[str]:
        """Entities named only in a title-case headline ("Grower Tells Senate Inquiry Prices Are Set"), whose
        bounds spaCy guesses: no body a witness speaks to."""
        if not hasattr(self, "_headline_only_ids"):
            first = self.text.split("\n", 1)[0]
            end = len(first) if is_headline(first) else 0
            self._headline_only_ids = {e.id for e in self.entities.values()
                                       if all(m.end <= end for m in e.mentions)}
        return self._headline_only_ids

    def specific_body(self, entity_id: str, position: int) -> str:
        """``entity_id``, or the body the text names that is more specific than it: a committee for its chamber
        ("told the Senate" where the text names the Senate committee), a named body for a generic one."""
        rank = _body_rank(self.entities[entity_id], "hearing")
        if entity_id in self.generic:
            # "a Senate inquiry": a named body as specific ("Senate Economics References Committee") wins over it,
            # but not a less specific one ("the Senate" for "a Senate subcommittee")
            return self.setting_body(position, "hearing", above=rank - 1) or entity_id
        if rank > 1:
            return entity_id
        court = _body_rank(self.entities[entity_id], "court")
        better = self.setting_body(position, "court" if court else "hearing", above=rank)
        return better or entity_id

    def kept_entities(self, facts) -> list[Entity]:
        """The entities to state: all but those named by common words only that no fact refers to."""
        referenced = {value for fact in facts.all_facts() for value in fact_references(fact)}
        return [e for e in self.entities.values() if e.id not in self.generic or e.id in referenced]

    def described(self, ref: Ref) -> str | None:
        """The person a description stands for ("the founder of X", "a contractor accused of ..."): the person
        named last before it; in a lead that names no one before it, the first person named after its sentence
        (news names the protagonist of its first sentence in the second). An indefinite description ("An official
        from the agency appeared on the same panel") brings in someone new: only the person the next sentence opens
        with ("Deputy Commissioner Anita Roskelley said ...")."""
        k = bisect.bisect_right(self.sentences, ref.end)
        after = self.sentences[k] if k < len(self.sentences) else ref.end
        if _INDEFINITE.match(self.text, ref.begin):
            return self.following(after, "person", reach=60)
        found = self.nearest(ref.begin, "person", inside_quote=self.in_quote(ref.begin))
        if found is not None:
            return found
        noun = re.match(r"[\w-]+", self.text[ref.begin:ref.end])
        if noun is not None:
            # "The president of a surf club told a court ... club president Jenny Kowalski": the one with its noun
            i = bisect.bisect_left(self.starts, after)
            while i < len(self.ordered) and self.starts[i] <= after + 1500:
                entity_id = self.ordered[i][1]
                if self._fits(entity_id, "person") and noun.group(0).lower() in self.occupations[entity_id]:
                    return entity_id
                i += 1
        return self.following(after, "person", reach=800)

    def centered(self, position: int, *, gender: str | None = None) -> str | None:
        """The person a personal pronoun at ``position`` stands for: a subject named before it in another clause of
        its own sentence ("Jane Doe said she ..."); else, sentence by sentence backwards, the subject of the main
        clause, then the subject of another clause, then the person named last, but never one known to be of the
        other gender; else a person named before it in another clause of its own sentence."""
        asked = self.addressees.get(position)
        if asked is not None:
            entity_id = self.entity_of_mention.get((asked.begin, asked.end))
            if entity_id is not None and self._fits(entity_id, "person") and (
                    gender is None or self.gender.get(entity_id, gender) == gender):
                return entity_id
        own_role, own_clause = self.roles[position]
        inside_quote = self.in_quote(position)
        k = bisect.bisect_right(self.sentences, position) - 1
        own_others: list[str] = []
        for index in range(k, -1, -1):
            start = self.sentences[index] if index >= 0 else 0
            end = self.sentences[index + 1] if index + 1 < len(self.sentences) else len(self.text)
            if index < k and end < position - _ANAPHOR_REACH:
                break
            ranked: dict[str, list[str]] = {"main": [], "subject": [], "other": []}
            i = bisect.bisect_left(self.starts, start)
            while i < len(self.ordered) and self.starts[i] < min(end, position):
                begin, entity_id = self.ordered[i]
                i += 1
                if not (inside_quote or not self.in_quote(begin)) or not self._fits(entity_id, "person"):
                    continue
                if gender is not None and self.gender.get(entity_id, gender) != gender:
                    continue
                role, clause = self.roles.get(begin, ("other", None))
                if index == k and own_role != "poss" and clause is not None and clause == own_clause:
                    continue  # "Beth Phillips praised him": not Beth Phillips
                ranked[role if role in ranked else "other"].append(entity_id)
            if index == k:
                own_others = ranked["other"]
                ranked["other"] = []
                if own_role == "poss" and own_others and not ranked["main"] and not ranked["subject"]:
                    # "attended by Graham Pell, who set up X after his wife died": the person just named
                    return own_others[-1]
            if ranked["main"]:
                return ranked["main"][0]
            if index < k:
                # "She later married Tom Baker. In 2013, she testified": the pronoun subject before carries on
                for offset in self._pronoun_subjects(start, end, gender):
                    if offset < position:
                        return self.centered(offset, gender=gender)
            if ranked["subject"]:
                return ranked["subject"][-1]
            if ranked["other"]:
                return ranked["other"][-1]
        return own_others[-1] if own_others else None

    def _pronoun_subjects(self, start: int, end: int, gender: str | None) -> list[int]:
        """Offsets of personal pronouns of ``gender`` that are main-clause subjects between ``start`` and ``end``."""
        out = []
        for offset in self.pronoun_offsets[bisect.bisect_left(self.pronoun_offsets, start):
                                           bisect.bisect_left(self.pronoun_offsets, end)]:
            word = re.match(r"\w+", self.text[offset:offset + 8])
            if self.roles[offset][0] == "main" and word and PRONOUN_GENDER.get(word.group(0).lower()) == gender \
                    and not self.in_quote(offset):
                out.append(offset)
        return out

    def following(self, position: int, want: str, *, reach: int = _ANAPHOR_REACH) -> str | None:
        """The first entity of kind ``want`` named after ``position`` (outside quotes), within ``reach``."""
        i = bisect.bisect_left(self.starts, position)
        while i < len(self.ordered) and self.starts[i] <= position + reach:
            begin, entity_id = self.ordered[i]
            if not self.in_quote(begin) and self._fits(entity_id, want):
                return entity_id
            i += 1
        return None

    def _fits(self, entity_id: str, want: str) -> bool:
        kind = self.entities[entity_id].type
        if want == "person":
            return kind == "Person"
        if want == "organization":
            return kind in ORGANIZATION_TYPES
        if want == "body":
            return kind == "LegislativeBody"
        if want == "non-state":
            return kind == "Organization"
        if want.startswith("described:"):
            noun = want.split(":", 1)[1]
            described = self.descriptions.get(entity_id, set())
            return noun in described or (noun in NON_STATE_NOUNS and bool(described & NON_STATE_NOUNS))
        return True

    def _role(self, begin: int) -> str:
        return self.roles.get(begin, ("other", None))[0]

    def aside_only(self, entity_id: str) -> bool:
        """Whether the text names a body only as a source ("According to X") or a modifier ("X students")."""
        return {self._role(m.begin) for m in self.entities[entity_id].mentions} <= _ASIDE_ROLES

    def nearest(self, position: int, want: str, *, inside_quote: bool = False, word: str | None = None,
                gender: str | None = None, skip_roles: tuple | frozenset = ()) -> str | None:
        """The entity of kind ``want`` named last before ``position`` (whose name holds ``word``, if given; not
        known to be of the other gender than ``gender``: "she" skips "Mr. Ortega")."""
        i = bisect.bisect_left(self.starts, position) - 1
        while i >= 0 and self.starts[i] >= position - _ANAPHOR_REACH:
            begin, entity_id = self.ordered[i]
            if (gender is not None and self.gender.get(entity_id, gender) != gender) or (
                    skip_roles and self._role(begin) in skip_roles):
                i -= 1
                continue
            if (inside_quote or not self.in_quote(begin)) and self._fits(entity_id, want) and (
                    word is None or any(word in name_key(n).split() for n in (
                        self.entities[entity_id].name, *self.entities[entity_id].aliases))):
                return entity_id
            i -= 1
        return None


_INDEFINITE = re.compile(r"(?:an?|another|one)\s", re.IGNORECASE)
"""A description that introduces someone ("a former deckhand", "another mother")."""
_SUBCOMMITTEE = re.compile(r"\bsubcommittee\b", re.IGNORECASE)
_PANEL = re.compile(r"\b(?:committee|inquiry|commission|tribunal|panel|hearing)\b", re.IGNORECASE)
_COURT = re.compile(r"\b(?:court|tribunal)\b", re.IGNORECASE)


def _body_rank(entity: Entity, kind: str) -> int:
    """How specific a body a witness speaks to ``entity`` is (0: none of ``kind``)."""
    if entity.type not in ORGANIZATION_TYPES:
        return 0
    if kind == "court":
        return 1 if _COURT.search(entity.name) else 0
    if _SUBCOMMITTEE.search(entity.name):
        return 3
    if _PANEL.search(entity.name):
        return 2
    return 1 if _CHAMBER_HEAD.search(entity.name) and entity.type == "LegislativeBody" else 0


_LOWER_CASE_PANEL_NAME = re.compile(r"(?:(?:standing|select|joint|special)\s+)?(?:committee|subcommittee)\s+on\s+"
                                    r"[a-z][a-z’'-]+(?:,?\s+(?:and\s+)?[a-z][a-z’'-]+){0,6}")
"""A committee's name a paper writes all in lower case ("the standing committee on social and economic
development"): a name, as its remit tells which committee it is."""
_LOCAL_BODY = re.compile(r"\b(?:City|Town|County|Borough|Village|Township|Parish|School|Planning|Zoning)\b.*"
                         r"\b(?:Council|Board|Commission)\b|\bBoard of (?:Supervisors|Education|Aldermen|Selectmen|"
                         r"(?:County )?Commissioners)\b")
"""A local body that holds public hearings: "Montpelier City Council", "Duluth School Board", "Charleston Planning
Commission", "Fairfax County Board of Supervisors"."""
_CHAMBER_HEAD = re.compile(r"\b(?:senate|house|congress|parliament|assembly|legislature|commons|lords)(?:\s+of\b.*)?$",
                           re.IGNORECASE)
"""A chamber's name ends with its chamber word, or has it before "of" ("House of Commons", "Legislative Assembly of
Manitoba"); "Prairie Commons Credit Union" is no chamber."""


_CHAMBER_WORDS = frozenset({"Senate", "House", "Commons", "Assembly", "Legislature", "Parliament", "Congress"})
_AFTER_A_CHAMBER = (BODY_NOUNS - {"inquiry"}) | {"committees", "panels", "bill", "bills", "hearing", "hearings",
                                                 "vote", "votes", "race", "seat", "candidate", "leader", "majority",
                                                 "minority", "session", "staff", "aide", "aides", "testimony",
                                                 "report", "resolution", "version", "members", "lawmakers"}
"""Common nouns a chamber's bare name qualifies ("a Senate committee", "House bill"); the chamber's own inquiry,
estimates and floor keep it a body ("a Senate estimates hearing", "on the Assembly floor")."""
_MODIFIER_BEFORE = re.compile(r"\b(?:a|an|the|her|his|their|its|some|one|two|several|many)\s+$", re.IGNORECASE)

_ASIDE_ROLES = frozenset({"modifier", "source"})
"""Where a body is named without being an agent: "Brown University students", "According to the ILO"."""
