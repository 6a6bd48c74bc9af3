"""From observations to entities and facts: one entity per person or organization, every reference resolved.

Owns the type of each name (context the rules forced, then words in the name, then spaCy's votes over all
mentions), alias merging within a document ("Kutcher" = "Ashton Kutcher" when only one Kutcher is named;
"Federal Bureau of Investigation (FBI)" = "FBI"; "the Committee" = the committee named before it), dropping names
that are no entity (awards, days, laws and programmes; one-word titles such as "Speaker"; state codes), resolving
anaphors to the nearest compatible entity, and assembling ``Facts`` with ids derived from content so the same text
always gives the same ids. A figure with no agent of its own is about the organization the text names most.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..documents import Document, slugify
from ..facts import Entity, Facts, Founding, Interview, Marriage, Quote, Span, Statistic, Testimony
from .names import (
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    TITLES,
    looks_like_org_name,
    looks_like_person_name,
    name_key,
    organization_type,
)
from .observations import Observations, RawMention, Ref
from .quotes import QuoteMarks

__all__ = ["assemble"]

_ORG_TYPES = ("Organization", "LegislativeBody", "GovernmentBody")
_ANAPHOR_REACH = 3000
"""How far back (characters) "he" or "the organization" looks for its antecedent."""


@dataclass
class _Group:
    """Mentions of one entity while merging."""

    type: str
    mentions: list[RawMention] = field(default_factory=list)
    keys: Counter = field(default_factory=Counter)
    forced: bool = False
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
    for m in mentions:
        kind = _mention_type(m)
        if kind is None:
            continue
        weight = 5 if m.forced else 1
        votes[name_key(m.text)][kind if kind == "Person" else "org"] += weight
        votes[name_key(m.text)]["keyword:" + kind] += 0
    decided: dict[str, str] = {}
    for key, counter in votes.items():
        names = [m.text for m in mentions if name_key(m.text) == key]
        keyword = organization_type(names[0]) if names else None
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
        out.add("".join(w[0].upper() for w in words if w.lower() not in _MINOR_WORDS))
        out.add("".join(w[0].upper() for w in words if w.lower() not in ("the", "and", "&")))
    return out


_LEGAL_FORM = re.compile(r",?\s+(?:L\.L\.C\.|LLC|L\.P\.|LLP|Inc\.?|Incorporated|Corp\.?|Co\.|Ltd\.?|P\.C\.|PLLC)$")
_HEADLINE_WORD = re.compile(r"[A-Z0-9$“\"'(]")
_MINOR_WORDS = {"a", "an", "the", "of", "in", "on", "for", "and", "or", "to", "at", "by", "with", "from", "as"}


def _surname(words: list[str]) -> str:
    """The last word of a name before a generational suffix: "james p kennedy jr" -> kennedy."""
    while len(words) > 2 and words[-1] in ("jr", "sr", "ii", "iii", "iv"):
        words = words[:-1]
    return words[-1]


_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                   "herself": "f"}
_STATE_CODES = {"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
                 "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
                 "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
                 "VA", "WA", "WV", "WI", "WY", "DC"}
_NOT_NAMES = {"laughter", "applause", "award", "law", "founder", "blogger", "jr", "sr", "cheers", "inaudible"}
_FIELD_LINE = re.compile(r"^[A-Z][A-Z ]{2,}:\s")
"""A fact-sheet field, "NAME: Robert Cabana", "MARITAL STATUS: Married to ...": not a headline."""


def _wrapped(text: str, line_end: int) -> bool:
    """A line of at least 60 characters that a single line break continues: hard-wrapped prose."""
    start = text.rfind("\n", 0, line_end) + 1
    return (line_end - start >= 60 and text[line_end:line_end + 1] == "\n"
            and text[line_end + 1:line_end + 2].strip() != "" and text[line_end - 1:line_end].isalnum())


def unwrap(name: str) -> str:
    """A name written across a hard line break, on one line."""
    return " ".join(name.split()) if "\n" in name else name


def _is_headline(line: str) -> bool:
    """A title-case line without a full stop at its end: "Husband And Wife Sentenced In Scheme"."""
    words = line.split()
    if len(words) < 3 or line.rstrip().endswith((".", "?", "!", ":", "”", '"', ";", ",")) or len(words) > 40:
        return False  # a sentence, or an item of a list ("Jane Doe, Founder, Acme (Cuba);")
    if line.lstrip()[:1] in "·•-–*":
        return False
    capitalized = sum(bool(_HEADLINE_WORD.match(w)) for w in words if w.lower() not in _MINOR_WORDS)
    content = sum(1 for w in words if w.lower() not in _MINOR_WORDS)
    return content > 0 and capitalized / content >= 0.8


_NOT_A_BODY_HEAD = {"award", "awards", "medal", "prize", "day", "month", "week", "act", "amendment", "program",
                    "programme", "ceremony", "festival", "trophy", "cup", "fellowship", "scholarship", "games",
                    "olympics", "bill", "resolution", "treaty", "accord"}
"""Head words of names that are awards, days, laws, programmes or events, not organizations."""
_GENERIC_WORDS = {"state", "national", "federal", "international", "black", "basic", "ranking", "highlights",
                  "u s", "us", "government", "nation", "general"}


def _is_generic(name: str) -> bool:
    key = name_key(name)
    return " " not in key and not name.isupper() and (key in ORGANIZATION_NOUNS or key in _GENERIC_WORDS)


def _not_a_body(name: str) -> bool:
    """ "Presidential Medal of Freedom", "International Women's Day", "Human Space Program"."""
    words = name_key(name).split()
    if not words or re.match(r"(?:united nations|world)\b", name_key(name)):
        return False
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    return head in _NOT_A_BODY_HEAD or words[-1] in _NOT_A_BODY_HEAD


_BODY_FIRST = re.compile(r"^(.+?) (department|ministry|office|agency)$")


def _group_key(name: str) -> str:
    """The key organizations are grouped by: without "the", "U.S.", "United States"; "Justice Department"
    read as "department of justice"."""
    key = re.sub(r"^(?:the |u s |us |united states )+", "", name_key(name))
    match = _BODY_FIRST.match(key)
    if match and " of " not in key:
        key = f"{match.group(2)} of {match.group(1)}"
    return key


class Resolver:
    """The entities of one document and the lookups that turn ``Ref``s into entity ids."""

    def __init__(self, text: str, mentions: list[RawMention], quotes: list[QuoteMarks], *,
                 sentences: list[int] | None = None, roles: dict[int, tuple[str, int | None]] | None = None):
        self.text = text
        self.sentences = sorted(sentences or [])
        self.roles = roles or {}
        self.pronoun_offsets = sorted(o for o in self.roles if re.match(
            r"(?:he|she|him|her|his|hers|himself|herself)\b", text[o:o + 8], re.IGNORECASE))
        self.quote_spans = sorted((q.begin, q.end) for q in quotes)
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
        self.descriptions: dict[str, set[str]] = defaultdict(set)
        """The common nouns the text calls a body by ("Polaris, the nonprofit ...": nonprofit)."""
        """Entities a title or a spouse noun marks as women ("f") or men ("m")."""
        self._build()
        self._index()

    def in_quote(self, position: int) -> bool:
        i = bisect.bisect_right(self.quote_spans, (position, float("inf"))) - 1
        return i >= 0 and self.quote_spans[i][0] <= position < self.quote_spans[i][1]

    # --- building entities -----------------------------------------------------------------------------------

    def _headline_only_keys(self) -> set[str]:
        """Name keys met only in title-case lines ("Department Of Justice Secures More Than $2 Billion"), where
        spaCy's entity boundaries are unreliable."""
        headlines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text) if _is_headline(m.group(0))
                     and not _wrapped(self.text, m.end()) and not _FIELD_LINE.match(m.group(0))]
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
        person_words = {w for m in self.mentions if self.types.get(name_key(m.text)) == "Person"
                        for w in name_key(m.text).split()}
        for m in self.mentions:
            if _group_key(m.text) in headline_only and not m.forced:
                continue
            key = name_key(m.text)
            kind = self.types.get(key)
            if kind is None and m.label == "CONTEXT" and " " not in key and key in person_words:
                kind = "Person"  # an untagged "Altman" after "Sam Altman"
            if kind is None:
                continue
            if kind != "Person" and not m.forced and " " not in key and not m.text.isupper() and (
                    key in person_words and organization_type(m.text) is None):
                kind = "Person"  # "said Phillips" after "Beth Phillips", tagged as an organization
            written = m.text
            if "\n" in m.text and "\n\n" not in m.text and _wrapped(self.text, m.begin + m.text.find("\n")):
                written = unwrap(m.text)  # "the Daytona\nEducational and Industrial School"
            valid = looks_like_person_name(written) if kind == "Person" else looks_like_org_name(written)
            if not valid or (kind != "Person" and not m.forced and (_not_a_body(m.text) or self._not_a_body_name(
                    m.text, person_words))):
                continue
            if kind != "Person":
                key = _group_key(m.text)
            group = groups.setdefault(key, _Group(kind))
            group.mentions.append(m)
            group.keys[m.text] += 1
            group.forced = group.forced or bool(m.forced)
        self._merge_people(groups)
        self._merge_organizations(groups)
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
            aliases = sorted({unwrap(m.text) for m in mentions} - {name})
            method = "spacy:ner+context" if group.forced else "spacy:ner"
            if all(m.label == "CONTEXT" for m in mentions):
                method = "rule:context"
            confidence = 0.9 if len(mentions) > 1 or group.forced else 0.75
            self.entities[entity_id] = Entity(entity_id, group.type, name, aliases,
                                              [Span(m.begin, m.end, m.text) for m in mentions], confidence, method)
            for m in mentions:
                self.entity_of_mention[(m.begin, m.end)] = entity_id
                if m.described:
                    self.descriptions[entity_id].add(m.described)
            genders = Counter(m.gender for m in mentions if m.gender)
            if len(genders) == 1:
                self.gender[entity_id] = next(iter(genders))

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
        if name.strip() in _STATE_CODES:
            return True
        return bool(words) and all(w in TITLES or w in ("and", "ceo", "coo", "cfo", "general", "prosecutor") for w in words)

    def _not_a_name(self, name: str) -> bool:
        """A one-word "person" that is a title, a role or a common noun: "Speaker", "Founder", "(Laughter.)",
        "the Moon"."""
        if " " in name.strip():
            return False
        word = name.strip().lower()
        return word in TITLES or word in PERSON_NOUNS or word in _NOT_NAMES or bool(
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
            if len(keys) > 1:
                target = groups[max(keys, key=lambda k: len(groups[k].mentions))]
                for k in keys:
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
            if len(key.split()) != 1 or groups[key] is not group:
                continue
            candidates = last_names.get(key) or first_names.get(key) or set()
            if len(candidates) == 1:
                target = by_id[next(iter(candidates))]
            elif len(candidates) > 1:
                # a shared surname: the full name written most recently before the first short mention
                start = group.first()
                before = [(max((m.begin for m in by_id[c].mentions if m.begin < start), default=-1), c)
                          for c in candidates]
                latest = max(before)
                if latest[0] < 0:
                    continue
                target = by_id[latest[1]]
            else:
                continue
            target.mentions += group.mentions
            target.keys += group.keys
            groups[key] = target

    def _merge_organizations(self, groups: dict[str, _Group]) -> None:
        orgs = {k: g for k, g in groups.items() if g.type in _ORG_TYPES}
        # a bare common word ("the Committee", "the Department", "State"): the body of that kind named nearest
        # before it, or nothing when there is none
        for key, group in list(orgs.items()):
            if groups.get(key) is not group or not all(_is_generic(n) for n in group.keys):
                continue
            start = group.first()
            fits = [g for k, g in orgs.items() if g is not group and re.search(rf"\b{re.escape(key)}\b", k)]
            before = [(max((m.begin for m in g.mentions if m.begin < start), default=-1), id(g), g) for g in fits]
            before = [b for b in before if b[0] >= 0]
            del groups[key]
            del orgs[key]
            if before:
                target = max(before, key=lambda b: b[:2])[2]
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
            if self.entities[entity_id].type in _ORG_TYPES and not self.in_quote(begin) \
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
            if noun in _NON_STATE_NOUNS:
                # "the group", "the nonprofit": a body of the state named in between (the committee its founder
                # testified before) is not what a reader takes it to mean
                found = self.nearest(ref.begin, "non-state", inside_quote=self.in_quote(ref.begin),
                                     skip_roles=aside)
                if found is not None:
                    return found
        if noun in _PRONOUN_GENDER and (want or ref.want) == "person" and ref.begin in self.roles:
            return self.centered(ref.begin, gender=_PRONOUN_GENDER[noun])
        found = self.nearest(ref.begin, want or ref.want, inside_quote=self.in_quote(ref.begin),
                             gender=_PRONOUN_GENDER.get(noun), skip_roles=aside)
        if found is None and (want or ref.want) == "body":
            found = self.following(ref.begin, "body")  # a witness list before the committee is named
        return found

    def centered(self, position: int, *, gender: str | None = None) -> str | None:
        """The person a personal pronoun at ``position`` stands for: a subject named before it in another clause of
        its own sentence ("Jane Doe said she ..."); else, sentence by sentence backwards, the subject of the main
        clause, then the subject of another clause, then the person named last, but never one known to be of the
        other gender; else a person named before it in another clause of its own sentence."""
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
            if self.roles[offset][0] == "main" and word and _PRONOUN_GENDER.get(word.group(0).lower()) == gender \
                    and not self.in_quote(offset):
                out.append(offset)
        return out

    def following(self, position: int, want: str) -> str | None:
        """The first entity of kind ``want`` named after ``position`` (outside quotes)."""
        i = bisect.bisect_left(self.starts, position)
        while i < len(self.ordered) and self.starts[i] <= position + _ANAPHOR_REACH:
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
            return kind in _ORG_TYPES
        if want == "body":
            return kind == "LegislativeBody"
        if want == "non-state":
            return kind == "Organization"
        if want.startswith("described:"):
            noun = want.split(":", 1)[1]
            described = self.descriptions.get(entity_id, set())
            return noun in described or (noun in _NON_STATE_NOUNS and bool(described & _NON_STATE_NOUNS))
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


def _span(text: str, begin: int, end: int) -> Span:
    return Span(begin, end, text[begin:end])


_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _weekday_year(sentence: str, published) -> int | None:
    """The year of an event a news sentence dates only by weekday ("testified Tuesday"), from the page's
    publication date (``Document.published``): the latest such weekday on or before it, as news writes."""
    match = _WEEKDAY.search(sentence) if published is not None else None
    if match is None:
        return None
    import datetime

    back = (published.weekday() - _WEEKDAYS.index(match.group(1))) % 7
    return (published - datetime.timedelta(days=back)).year


def assemble(document: Document, observations: Observations, quotes: list[QuoteMarks]) -> Facts:
    """Resolve every observation and return the document's ``Facts``."""
    text = document.text
    resolver = Resolver(text, observations.mentions, quotes, sentences=observations.sentences,
                        roles=observations.roles)
    facts = Facts(document=document.name, sha256=document.sha256)
    referenced: set[str] = set()

    foundings: dict[str, Founding] = {}
    for raw in observations.foundings:
        organization = resolver.resolve(raw.organization, want="organization")
        founders = [f for f in (resolver.resolve(r) for r in raw.founders) if f and f != organization]
        if organization is None or not founders:
            continue
        fact = foundings.get(organization)
        if fact is None:
            fact = foundings[organization] = Founding(f"founding-{organization}", organization, [],
                                                      [], None, raw.confidence, raw.method)
        for founder in founders:
            if founder not in fact.founders:
                fact.founders.append(founder)
        evidence = _span(text, *raw.evidence)
        if evidence not in fact.evidence:
            fact.evidence.append(evidence)
        fact.year = fact.year or raw.year
    facts.foundings = list(foundings.values())

    marriages: dict[tuple[str, str], Marriage] = {}
    for raw in observations.marriages:
        a, b = (resolver.resolve(r, want="person") for r in raw.partners)
        if a is None or b is None or a == b:
            continue
        pair = tuple(sorted((a, b)))
        fact = marriages.get(pair)
        if fact is None:
            fact = marriages[pair] = Marriage(f"marriage-{pair[0]}-{pair[1]}", [a, b], [], raw.former,
                                              raw.confidence, raw.method)
        fact.former = fact.former or raw.former
        evidence = _span(text, *raw.evidence)
        if evidence not in fact.evidence:
            fact.evidence.append(evidence)
    facts.marriages = list(marriages.values())

    testimonies: dict[tuple, Testimony] = {}
    weekday_dated: set[tuple[str, str]] = set()
    for raw in observations.testimonies:
        witness = resolver.resolve(raw.witness, want="person")
        body = resolver.resolve(raw.body, want=None if raw.body.want == "body" else "organization")
        if witness is None or body is None:
            continue
        if raw.year is None:
            # Only a year written before the sentence (a dateline, an earlier date) dates it: the sentence's
            # own years were already judged to belong to other clauses, and later ones to later events.
            raw.year = _fallback_year(_reporting_years(text), raw.evidence[0], look_ahead=False)
        if raw.year is None:
            raw.year = _weekday_year(text[raw.evidence[0]:raw.evidence[1]], document.published)
            if raw.year is not None:
                weekday_dated.add((witness, body))
        key = (witness, body, raw.year)
        if key in testimonies:
            continue
        suffix = f"-{raw.year}" if raw.year else ""
        testimonies[key] = Testimony(f"testimony-{witness}-{body}{suffix}", witness, body,
                                     [_span(text, *raw.evidence)], raw.year, raw.topic, raw.confidence, raw.method)
    for witness, body in weekday_dated:
        # Without a publication date these would be one testimony (the first mention's): another yearless
        # mention of the same witness and body ("Delgado told the committee") is the one the weekday dated.
        testimonies.pop((witness, body, None), None)
    facts.testimonies = list(testimonies.values())

    interviews: dict[tuple, Interview] = {}
    for raw in observations.interviews:
        interviewee = resolver.resolve(raw.interviewee, want="person")
        if interviewee is None:
            continue
        key = (interviewee, raw.programme)
        if key in interviews:
            interviews[key].evidence.append(_span(text, *raw.evidence))
            continue
        programme_slug = f"-{slugify(raw.programme)}" if raw.programme else ""
        interviews[key] = Interview(f"interview-{interviewee}{programme_slug}", interviewee,
                                    [_span(text, *raw.evidence)], raw.programme, None, None, raw.confidence,
                                    raw.method)
    facts.interviews = list(interviews.values())

    facts.quotes = _quotes(text, observations, resolver, facts)
    facts.statistics = _statistics(text, observations, resolver)

    for fact in facts.all_facts():
        for attribute in ("organization", "witness", "body", "interviewee", "speaker", "about"):
            value = getattr(fact, attribute, None)
            if value:
                referenced.add(value)
        for attribute in ("founders", "partners"):
            referenced.update(getattr(fact, attribute, []) or [])
    facts.entities = [e for e in resolver.entities.values()]
    return facts


def _quotes(text: str, observations: Observations, resolver: Resolver, facts: Facts) -> list[Quote]:
    out: list[Quote] = []
    previous: Quote | None = None
    previous_end = -1
    seen: set[tuple[int, int]] = set()
    for raw in sorted(observations.quotes, key=lambda q: q.begin):
        if (raw.begin, raw.end) in seen:
            continue
        seen.add((raw.begin, raw.end))
        speaker = resolver.resolve(raw.speaker)
        setting = None
        confidence, method = raw.confidence, raw.method
        if speaker is None and raw.continues and previous is not None and raw.begin - previous_end < 1500:
            speaker, setting = previous.speaker, previous.setting
            confidence = 0.7
        if speaker is not None and setting is None:
            setting = _setting(raw.cue, raw.begin, speaker, facts)
        slug = slugify(" ".join(text[raw.begin:raw.end].split()[:4]))[:40]
        quote = Quote(f"quote-{raw.begin}-{slug}", text[raw.begin:raw.end], [_span(text, raw.begin, raw.end)],
                      speaker, setting, confidence, method)
        out.append(quote)
        previous, previous_end = quote, raw.end
    return out


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


_YEAR_IN_TEXT = re.compile(r"(?<![\d,.$])(?:19[5-9]\d|20\d\d)(?!\d|,\d)")
_NOT_A_REPORTING_YEAR = re.compile(r"(?:since|until|from|born|founded|established|created)(?:\s+\w+){0,3}\s+$",
                                   re.IGNORECASE)


def _reporting_years(text: str) -> list[tuple[int, int]]:
    """``(offset, year)`` of the years a text is written in: datelines, "fiscal year 2014", "in 2017"."""
    out = []
    for match in _YEAR_IN_TEXT.finditer(text):
        if not _NOT_A_REPORTING_YEAR.search(text[max(0, match.start() - 40):match.start()]):
            out.append((match.start(), int(match.group(0))))
    return out


def _paragraph_start(text: str, position: int) -> int:
    """Where the paragraph holding ``position`` starts: after a line break that ends a sentence, a short line or a
    blank line; a line break inside hard-wrapped prose is not one."""
    end = text.rfind("\n", 0, position)
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].rstrip()
        if not line or line.endswith((".", "!", "?", '"', "”", ":")) or len(line) < 60:
            return end + 1
        end = start - 1
    return 0


_DATELINE_AFTER = re.compile(r"[^\n.]{0,30}?\s[-—–]")
_FISCAL = re.compile(r"(?:fiscal|financial|calendar|school|academic)\s+year\s*(?:\([A-Z]+\)\s*)?$|\bFY\s*$",
                     re.IGNORECASE)


def _report_years(text: str, years: list[tuple[int, int]], position: int, sentence: int) -> list[tuple[int, int]]:
    """The years that may date a figure at ``position`` whose sentence (starting at ``sentence``) has none of its
    own: those of its own paragraph before it, of the title, date lines and the lead paragraph, and fiscal years;
    not the year of an event told in an earlier paragraph ("She testified in 2019.") nor a year of its own
    sentence that dates another clause, unless it is the dateline ("WASHINGTON, June 2010 - ...")."""
    paragraph_start = _paragraph_start(text, position)
    lead_end = None
    for match in re.finditer(r"[^\n]+", text):
        if len(match.group(0)) >= 80:
            lead_end = match.end()
            break
    out = []
    for offset, year in years:
        line_start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", offset)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if sentence <= offset < position:
            if offset - line_start < 40 and _DATELINE_AFTER.match(text, offset):
                out.append((offset, year))
            continue
        date_line = len(line.strip()) < 80 and not line.rstrip().endswith((".", "!", "?"))
        if offset >= paragraph_start or date_line or (lead_end is not None and offset < lead_end) \
                or _FISCAL.search(text, max(0, offset - 30), offset):
            out.append((offset, year))
    return out


_ASIDE_ROLES = frozenset({"modifier", "source"})
"""Where a body is named without being an agent: "Brown University students", "According to the ILO"."""
_NON_STATE_NOUNS = {"group", "nonprofit", "non-profit", "charity", "foundation", "company", "firm", "startup",
                    "organization", "organisation", "alliance", "coalition", "association", "network", "business",
                    "corporation"}


def _fallback_year(years: list[tuple[int, int]], position: int, *, look_ahead: bool = True,
                   until: int | None = None) -> int | None:
    """The year written most recently before ``position`` (else, with ``look_ahead``, the first one after, if it
    is written before ``until``): the time of reporting."""
    i = bisect.bisect_left(years, (position, 0)) - 1
    if i >= 0:
        return years[i][1]
    if not years or not look_ahead or (until is not None and years[0][0] >= until):
        return None
    return years[0][1]


def _richness(raw) -> int:
    return sum(x is not None for x in (raw.year, raw.about, raw.source)) + bool(raw.measure) * 2


def _statistics(text: str, observations: Observations, resolver: Resolver) -> list[Statistic]:
    out: list[Statistic] = []
    years = _reporting_years(text)
    # one fact per figure: a headline and the body often repeat "$2 billion"; keep the fullest sentence
    best: dict[tuple, object] = {}
    for raw in observations.statistics:
        key = (raw.value, raw.value_max, raw.unit)
        if key not in best or _richness(raw) > _richness(best[key]):
            best[key] = raw
    topic = resolver.topic_organization()
    previous: tuple[int, str | None, bool] = (-1, None, False)
    for raw in sorted(best.values(), key=lambda s: s.surface):
        if raw.year is None and not raw.other_year:
            # a year of the report written before (its title, date line or lead, a fiscal year, an earlier sentence
            # of the figure's paragraph), else one later in the figure's own sentence ("announced today that X
            # collected $3 million in fiscal year 2019") or, for a headline, the first one of the text; not the
            # year of an event told in another paragraph
            line_start = text.rfind("\n", 0, raw.surface[0]) + 1
            line_end = text.find("\n", raw.surface[0])
            line = text[line_start:line_end if line_end >= 0 else len(text)]
            headline = _is_headline(line) or (not text[:line_start].strip() and not line.rstrip().endswith(
                (".", "?", "!", '"', "”")))  # the title, however it is capitalized
            raw.year = _fallback_year(_report_years(text, years, raw.surface[0], raw.evidence[0]), raw.surface[0],
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
        evidence = [_span(text, *raw.evidence)]
        out.append(Statistic(f"stat-{raw.surface[0]}-{slugify(surface)[:30]}", raw.value, surface, raw.hedge,
                             raw.measure or "figure", evidence, about, raw.year, raw.source, raw.unit, raw.vague,
                             raw.value_max, raw.confidence, raw.method))
    return out
