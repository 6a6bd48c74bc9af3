"""One parsed piece of a document: its named mentions and the helpers rules use to point at agents.

Owns collecting mentions from spaCy's entities (titles and possessives stripped, types forced by nearby words such
as "the nonprofit X" or "X, a foundation"; organization names cut at headings and roles, split when they list
several bodies; person names completed with "Jr." or a proper noun spaCy left out), office names the model misses
("U.S. Attorney's Office for the Eastern District of X", found by pattern), and turning a token into a ``Ref``:
the mention it is part of, or an anaphor ("he", "the organization") for the resolver.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .grammar import children, clause_heads, subject_of, verb_of
from .layout import DATELINE, FIELD_LINE, is_headline
from .lexicon import (
    APPEAR_VERBS,
    BARE_ROLES,
    BODY_NOUNS,
    COURT_AUDIENCE,
    FEMALE_KIN,
    FEMALE_TITLES,
    FOUNDER_NOUNS,
    FOUNDING_VERBS,
    HEARING_AUDIENCE,
    HONORIFICS,
    KINSHIP_NOUNS,
    LEADING_ROLES_PATTERN,
    LEGAL_FORMS_PATTERN,
    MALE_KIN,
    MALE_TITLES,
    MIDDLE_NAMES,
    MONTHS,
    NAME_SUFFIXES,
    NON_STATE_NOUNS,
    NOT_FOUNDED_NAME_WORDS,
    NOT_FOUNDED_NOUNS,
    NOT_NAME_WORDS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    PERSON_TITLES,
    PERSONAL_PRONOUNS,
    PIECE_HEADS,
    PLACE_HEADS,
    PLURAL_BODY_WORDS,
    POST_NOMINALS,
    PRONOUN_GENDER,
    PRONOUNS,
    ROLE_OR_BODY_NOUNS,
    TESTIFY_WORDS,
    TITLES,
    TOLD_FORMS,
    WEAK_FOUNDING_VERBS,
    WEEKDAYS,
)
from .names import (
    NAME_WORD,
    extend_organization,
    extend_organization_back,
    organization_type,
    seat_of_court,
    strip_name,
    trim_organization,
)
from .observations import Observations, RawMention, Ref
from .years import YEAR

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from .quotes import QuoteMarks

__all__ = ["NAME_LABELS", "Chunk"]

_NOT_A_NAME_WORD = TITLES | PERSON_NOUNS | NOT_NAME_WORDS
"""A title, a noun for a person or a word that is no name (one set: the rules test words against it often)."""
_FOUNDED_NAME_VERBS = (FOUNDING_VERBS - {"founding"}) | (WEAK_FOUNDING_VERBS - {"form", "formed", "forms", "forming"}) \
    | {"set", "sets", "setting", "open", "opened", "opens"}
"""Verbs whose object is a body founded (with "up" after "set"; "formed" also forms opinions and habits)."""
_MONTHS_AND_DAYS = frozenset(MONTHS) | frozenset(WEEKDAYS)
_WORDS_AFTER_A_NAME = frozenset({"ADP", "CCONJ", "SCONJ", "PART", "PUNCT", "AUX", "VERB", "ADV", "PRON", "DET", "NUM"})
"""What may follow a body's name; a noun or adjective after a capitalized word makes it a modifier."""
_LOWER_AFTER_HYPHEN = re.compile(r"-[a-z]")
# unions tested once per word: built once here rather than at each test
_TITLES_OR_PERSON_NOUNS = TITLES | PERSON_NOUNS
_PERSON_NOUNS_OR_ROLES = PERSON_NOUNS | BARE_ROLES
_PEOPLE_NOUNS = PERSON_NOUNS | KINSHIP_NOUNS | {"founder", "co-founder", "cofounder", "siblings", "parents", "children"}
_AUDIENCE_NOUNS = HEARING_AUDIENCE | COURT_AUDIENCE | BODY_NOUNS

NAME_LABELS = {"PERSON", "ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "NORP", "GPE", "LOC", "LAW"}
"""spaCy labels kept as mentions; those other than PERSON and ORG only become entities when context says so."""

_NOT_A_PERSON_LABELS = {"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "ORDINAL", "LAW",
                        "EVENT", "LANGUAGE", "QUANTITY"}
_NOT_IN_NAMES = {"PERSON", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "ORDINAL"}
_DISTRICT = r"(?:(?:Eastern|Western|Northern|Southern|Middle|Central)\s+)?District\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
_OFFICE_PATTERN = re.compile(
    r"(?P<office>(?:U\.S\.|United\s+States)\s+Attorney['’]s\s+Office)(?:(?:,\s+|\s+for\s+the\s+)" + _DISTRICT + r")?"
    r"|(?:Eastern|Western|Northern|Southern|Middle|Central)\s+District\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?")
_COURT_KINDS = (r"Common\s+Pleas|Probate|Surrogate['’]s|District|Superior|Circuit|Crown|Magistrates['’]?|Sheriff|Supreme|County|High|Federal|Provincial|"
                r"Family|Youth|Criminal|Bankruptcy|Municipal|Chancery|Coroner['’]s|Appeals?|Claims|Tax|Justice")
_NAME_PARTICLES = frozenset({"Mac", "Mc", "Ó", "Ní", "Nic", "Ua", "Uí", "de", "van", "von", "da", "del", "ap",
                             "bin", "al"})
"""Words inside a name that join its parts ("Ciarán Mac Giolla Bhríde", "Anna van der Berg")."""
_COURT_PATTERN = re.compile(
    r"(?:(?:U\.S\.|United\s+States)\s+)?(?:(?!(?:The|A|An|At|In|On|Before|From|To|For|By|With|And|Earlier|Later|"
    r"Giving|Appearing|Inside|Outside)\b)[A-Z][\w'’.-]*\s+){0,3}?(?:" + _COURT_KINDS + r")\s+Court"
    r"(?:\s+of\s+(?:Justice|Appeals?|Chancery|Queen['’]s\s+Bench|King['’]s\s+Bench|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))?"
    r"(?:\s+for\s+the\s+" + _DISTRICT + r")?"
    r"(?:(?<=High Court)\s+in\s+(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]+\b)?")
"""A named court spaCy's model cuts into pieces: "U.S. District Court for the Northern District of Illinois" (a
place, a body and a district), "Maricopa County Superior Court", "Nelson District Court", "the High Court in
Glasgow" (a court that sits in several cities, named with its seat)."""
_SUBJECTS_COMMITTEE = re.compile(r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+and\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+"
                                 r"(?:Committee|Subcommittee)$")
_CHAMBERS = frozenset({"House", "Senate", "Assembly"})
_LAST_SUBJECT = re.compile(r"\b(?:Committee|Subcommittee|Commission)\s+(?:on|of|for)\s+[^()\n]*(?:,|\s+and)\s+$")
"""Before the last subject of a committee's name ("Committee on Natural Resources and [Wildfire]"): a one-word
"person" or "date" the tagger saw there is the name's last word."""
_SUBJECT_RUN_BEFORE = re.compile(r"(?<![\w.])([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}),\s+$")
_HEAD_AFTER = re.compile(r"\s+(?:Committee|Subcommittee)\b")
_SHORT_COMMITTEE = re.compile(r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+(?:Committee|Subcommittee)$")
_DATELINE_END = re.compile(r"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\([A-Za-z ./]+\)\s*)?[—–-]")
_EMPLOYER_ROLES = frozenset({"executive", "officer", "director", "president", "chairman", "chairwoman", "chair",
                             "founder", "co-founder", "cofounder", "ceo", "partner", "manager", "head", "spokesperson",
                             "spokesman", "spokeswoman", "general", "owner", "trustee", "treasurer", "employee"})
"""Roles held at a body: "chief executive of X", "a director general at X" (a country after them is tagged a place and
stays one: "president of France")."""
_AGE_AFTER = re.compile(r",\s+(?:aged\s+)?\d{1,3},")
"""An age after a name: "Adebayo-Finch, 52," is a person even when the tagger took the name for a place."""
_SENTENCE_OPENERS = frozenset({"however", "meanwhile", "separately", "instead", "still", "yet", "earlier", "later",
                                "today", "yesterday", "now", "then", "also", "overall", "indeed", "last",
                                "next", "first", "finally", "since", "but", "and", "so", "in", "at", "for", "by",
                                "on", "after", "before", "there", "here", "this", "that", "these", "those", "it"})
"""Capitalized words that open sentences and are no names ("However, the company said")."""
_PERSON_AFTER = re.compile(r",\s+(?:who\b|(?:aged\s+)?\d{1,3},)")
"""After a name, what only a person takes: a relative "who", an age ("Dale Pruitt, 61,")."""
_BARE_ROLE_AFTER = re.compile(r", (?P<role>[a-z-]+(?: [a-z-]+)?(?: and [a-z-]+(?: [a-z-]+){0,2})?) (?:of|at|with|for)\b")
"""", president of Marche Boreal", ", chief executive of X": a role noun without an article, then what it is of."""
_PERSON_LOOKALIKE_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "PRODUCT", "FAC", "WORK_OF_ART"}
_WIRE_CREDIT_AFTER = re.compile(r"\)\s*[—–-]")
_DATELINE_PREFIX = re.compile(r"[A-Z][A-Z.'’ -]{2,}(?:,[^—–\n]{0,40})?\s*(?:\([^)\n]{1,30}\)\s*)?[—–-]{1,2}\s*")
"""A dateline before the lead sentence: "ST. PAUL, Minn. — ", "LONDON (Reuters) - "."""
_DATELINE_PLACE = re.compile(r"(?:^|\n)[A-Z][A-Z .,'-]*[A-Z.]\s*$")
_NAME_SUFFIX = re.compile(r",?\s(?:" + "|".join(NAME_SUFFIXES[:2]) + r")\.?(?=[\s,;:)]|$)|\s(?:"
                          + "|".join(NAME_SUFFIXES[2:]) + r")\b")


_GENDERED_TITLE = re.compile(r"\b(?:(?P<m>" + "|".join(MALE_TITLES) + ")|(?P<f>" + "|".join(FEMALE_TITLES)
                             + r"))\.?\s+(?:\S+\s+)?$")


_GENDERED_KIN = re.compile(r"\b(?:(?P<m>" + "|".join(MALE_KIN) + ")|(?P<f>" + "|".join(FEMALE_KIN) + r"))\b,?\s+$",
                           re.IGNORECASE)


def _gender_before(text: str, start: int) -> str | None:
    """ "Mrs. Nixon", "Mr. Kennedy", "Congresswoman Jane Doe", "her son Daire": the gender a title or a kinship
    noun before a name gives."""
    match = _GENDERED_TITLE.search(text, max(0, start - 30), start) or _GENDERED_KIN.search(
        text, max(0, start - 20), start)
    if match is None:
        return None
    return "m" if match.group("m") else "f"


_RELATIVE_WITH_KIN = re.compile(r",\s+who\s+[^,;:.!?\"“”\n]{0,80}?\b(?:(?P<m>his)|(?P<f>her))\s+(?:late\s+|former\s+)?(?:"
                                + "|".join(sorted(KINSHIP_NOUNS)) + r")\b")


def _gender_of_relative_clause(text: str, end: int) -> str | None:
    """ "Fergal Doe, who founded the firm with his brother": the gender the person's own kin noun gives."""
    match = _RELATIVE_WITH_KIN.match(text, end)
    if match is None:
        return None
    return "m" if match.group("m") else "f"


_KIN_WORDS = frozenset(MALE_KIN) | frozenset(FEMALE_KIN) | {"partner", "children", "sons", "daughters", "parents"}
"""Kinship nouns a possessive before them ties to the person named just before ("A and her husband")."""


_ANSWER_LEMMAS = frozenset({"reply", "answer", "respond", "say", "tell", "insist", "concede", "admit", "acknowledge",
                            "accept", "agree", "deny", "explain", "maintain"})
_QUESTION_LEMMAS = frozenset({"ask", "press", "question", "quiz", "grill", "challenge", "tell", "put"})
"""An exchange: someone asks or tells a person something, and "he replied" is that person's answer."""


def _compound_run(token: Token) -> tuple[Token, Token]:
    left = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return (left[0] if left else token), token


_SHARED_SURNAME = re.compile(r"\b(?P<first>[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?) and (?P<last>[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?) "
                             r"(?P<surname>[A-Z][\w'’-]+)\b")
"""Two first names and one surname: "Dale and Marcy Pruitt"."""
_ROLES_BEFORE_NAMES = frozenset({"cofounder", "cofounders", "founder", "founders"})
"""Role words that open a person's name the tagger took for a body's ("Co-founders Priya Rao and Tom Beck")."""
_RELATIVE_BY_FIRST_NAME = re.compile(
    r"\b(?:his|her|their)\s+(?:(?:late|younger|older|elder|twin|eldest|youngest)\s+)?"
    r"(?P<kin>husband|wife|widow|widower|father|mother|son|daughter|brother|sister|grandfather|grandmother)"
    r",\s+(?P<first>[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)(?=\s*,|\s*\.|\s+(?:who|and)\b)")
"""A relative named by a first name alone: "his late father, Hector, in 1998", "her husband, Frank, in the"."""
_PEOPLE_BEFORE_OF = frozenset({"team", "couple", "duo", "pair", "founders", "co-founders", "owners", "siblings",
                               "brothers", "sisters"})
"""Nouns after which "of A and B Roe" names people: "the husband-and-wife team of Pauline and Trevor Roe"."""
_PERSON_NAME_WORD = re.compile(r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?")
_COMMON_NOUN_ENDING = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ship|ing|ics|ure|ism)$")
"""Endings of common nouns, not of names: "Customs and Border Protection" is no pair of people."""
_POSSESSIVE_BODY = re.compile(r"['’]s\s+(?=[A-Z])")
_LEGAL_FORM_AFTER = re.compile(r",?\s+(?:" + LEGAL_FORMS_PATTERN + r"|Inc|Corp|Ltd|PLC|plc)(?=$|[\s,;:.)(])")
"""A legal form right after a name: "Skyward Jump Parks LLC", "Harbour Foods, Inc." (a company, whatever the
tagger called it)."""
_AND_BODY = re.compile(r"\b(?P<keyword>Inc\.?|Corp\.?|Ltd\.?|LLC|Group|Supermarkets|Airlines|Bank|Holdings|Foods|Motors)"
                       r"\s+and\s+(?!the\b)")
_OF_THE_CHAMBER = re.compile(r"\s+of\s+the\s+(?=(?:U\.S\.\s+)?(?:House|Senate|Parliament|Legislature|Assembly)\b)")
_COMMITTEE_HEAD = re.compile(r"\b(?:Committee|Subcommittee|Caucus|Commission)\b")


_TITLED_AFTER_AND = re.compile(r"\s+(?:and|&)\s+(?=(?:" + "|".join(HONORIFICS) + r")\.?\s+[A-Z])")


def _two_bodies(text: str, begin: int, end: int, body_starts: set[int]) -> tuple[int, int] | None:
    """Where the first of two bodies joined by "and" ends and the second starts: "Northlight Capital and Export Development Canada" (a
    first name complete with its keyword), "Northgate Recoveries and Castlemere Credit Services" (two names the
    tagger saw apart), each of two words or more; not "Work and Pensions", "Fire and Rescue Service", "Florida
    Agricultural and Mechanical University" (a head that names one body of both)."""
    name = text[begin:end]
    match = re.fullmatch(r"(?P<left>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)+)\s+(?:and|&)\s+"
                         r"(?P<right>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)+)", name)
    if match is None or " and " in match.group("right") or " and " in match.group("left"):
        return None
    right = begin + match.start("right")
    left_words = match.group("left").split()
    head = match.group("right").split()[-1]
    if organization_type(head) in ("LegislativeBody", "GovernmentBody") or head in PIECE_HEADS \
            or _HEAD_AFTER.match(text, end) or any(ch.isdigit() for ch in name):
        return None  # "House Agriculture and Consumer Affairs Committee": the head names one body of both
    if right in body_starts or (organization_type(left_words[-1]) is not None
                                and organization_type(match.group("right").split()[-1]) is None):
        return begin + match.end("left"), right
    return None


def _organization_pieces(text: str, begin: int, end: int, body_starts: set[int] = frozenset()) -> list[tuple[int, int]]:
    """An organization name that is really a list: "Subcommittee on Health, Committee on Energy and Commerce" (two
    bodies), "History, University of Virginia" and "Board of Directors, Men's Health Network" (a department or
    role, then the body). A piece after a comma that names a body of its own ("Committee", "University") starts a
    new name; the piece before it stays only when it names a body too."""
    two = _two_bodies(text, begin, end, body_starts)
    if two is not None:
        return [(begin, two[0]), (two[1], end)]
    name = text[begin:end]
    titled = _TITLED_AFTER_AND.search(name)
    if titled is not None:  # "the Royal Veterinary College and Dame Felicity Arkwright": a body, then a person
        end = begin + titled.start()
        name = text[begin:end]
    dash = re.search(r"\s+(?:--|[–—])\s+", name)
    if dash is not None and not re.search(r"\bNo\.?\s*\d+$", name[:dash.start()]):
        # a heading "House Committee on Energy and Commerce -- Subcommittee on Health"; not "Portfolio Committee
        # No. 4 – Regional NSW"
        return [piece for piece in ((begin, begin + dash.start()), (begin + dash.end(), end))
                if organization_type(text[piece[0]:piece[1]])] or [(begin, end)]
    owner = _POSSESSIVE_BODY.search(name)
    if owner is not None and organization_type(name[:owner.start()]) and organization_type(name[owner.end():]):
        # "Justice Department's National Security Division": the department, and its division
        return [(begin, begin + owner.start()), (begin + owner.end(), end)]
    if owner is not None and _COMMITTEE_HEAD.search(name[owner.end():]) \
            and organization_type(name[owner.end():]) == "LegislativeBody":
        # "the Senedd's Health and Social Care Committee": the committee (its chamber's name is named elsewhere)
        return [(begin + owner.end(), end)]
    joined = _AND_BODY.search(name)
    if joined is not None and name[joined.end():][:1].isupper():
        # "Southern Cross Supermarkets and Pantry Fresh": a body's name ends at its keyword
        return [(begin, begin + joined.start() + len(joined.group("keyword"))), (begin + joined.end(), end)]
    within = _OF_THE_CHAMBER.search(name)
    if within is not None and _COMMITTEE_HEAD.search(name[:within.start()]) \
            and organization_type(name[within.end():]) == "LegislativeBody":
        # "Subcommittee on Energy, Climate, and Grid Security of the House Energy and Commerce Committee"
        return [(begin, begin + within.start()), (begin + within.end(), end)]
    trailing = re.search(r",\s+and\s+[^,]*['’]s?$", name)
    if trailing is not None:  # "District Court of Appeals, and Leah’s": the sentence goes on
        end = begin + trailing.start()
        name = text[begin:end]
    for match in re.finditer(r",\s+(?:and\s+)?", name):
        rest = name[match.end():]
        head = rest.split()[0] if rest.split() else ""
        last = rest.split()[-1] if rest.split() else ""
        if _SUBJECTS_COMMITTEE.match(rest) and head not in PIECE_HEADS and len(name[:match.start()].split()) <= 3 \
                and not any(w in PIECE_HEADS for w in name[:match.start()].split()):
            continue  # "Environment, Food and Rural Affairs Committee": subjects of one committee
        if head[:1].isupper() and (head in PIECE_HEADS or last in PIECE_HEADS or (
                organization_type(rest) and not organization_type(
                name[:match.start()]))):
            first = (begin, begin + match.start())
            second = (begin + match.end(), end)
            keep_first = organization_type(name[:match.start()]) is not None
            return [first, second] if keep_first else [second]
    return [(begin, end)]



def _a_place(ent: Span) -> bool:
    """A "person" that the words around make a place: "the Eastern Townships", "Brampton, Ont.", "in Darwin and
    Brisbane" (conjoined with a place)."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ == "the" and ent[0].text[:1].isupper() \
            and ent[0].lower_.rstrip(".") not in TITLES:
        return True
    if len(ent) == 1 and before is not None and before.text == "," and ent.start >= 2 \
            and doc[ent.start - 2].ent_type_ == "GPE":
        return True
    if DATELINE.match(ent.sent.text.strip()):
        return True  # "BRAMPTON, Ont. —"
    root = ent.root
    others = [root.head] if root.dep_ == "conj" else []
    others += children(root, "conj")
    # "in Kyogle and Tweed Heads"; but "Cordelia and Everett Banks started ..." with "Cordelia" tagged a place is
    # still a person's name: a name of two words or more conjoined with a place as the subject of a verb
    places = [o for o in others if o.ent_type_ in ("GPE", "LOC")]
    subject = any(t.dep_ in ("nsubj", "nsubjpass") for t in (root, *places))
    return bool(places) and (len(ent) == 1 or not subject)


_KIN_AFTER = re.compile(r"\s+and\s+(?:his|her)\s+(?:late\s+|then-|ex-|former\s+)?(?:" + "|".join(sorted(KINSHIP_NOUNS))
                        + r")\b")
_KIN_BEFORE = re.compile(r"\b(?:his|her|their|my|our)\s+(?:(?:late|then-|ex-|former|estranged|eldest|youngest|"
                         r"older|younger|business|life)\s*)?(?:" + "|".join(sorted(KINSHIP_NOUNS))
                         + r")(?:-in-law)?,\s+$")
"""A relative named in apposition: "his brother-in-law, ", "her partner, "."""
_AGENT_NOUN = re.compile(r"[a-z]+(?:ist|ian|ier|man|woman|wright|smith)$")
"""Endings of nouns for people only: "-er" and "-or" name firms too ("the recycler Cobalt Loop", "a distributor")."""
_AGENT_NOUN_TAGGED_ADJ = re.compile(r"[a-z]+(?:ier|ist|ian)$")
_NOT_OCCUPATIONS = frozenset({"former", "latter", "other", "order", "number", "water", "letter", "center", "centre",
                              "paper", "power", "matter", "corner", "member", "winter", "summer", "quarter"})
_CONSTITUENCY_HOLDERS = frozenset({"mp", "msp", "mla", "mpp", "mha", "ms", "td", "member", "candidate",
                                   "representative", "congressman", "congresswoman", "senator", "councillor"})


def _occupation(token: Token) -> bool:
    """A common noun naming what a person does: "hotelier", "solicitor", "engineer"."""
    if not token.text.isalpha() or not token.text.islower() or token.lower_ in _NOT_OCCUPATIONS:
        return False
    if token.pos_ == "ADJ":  # "hotelier" may be tagged an adjective, "former" is one
        return token.lower_ in PERSON_NOUNS or _AGENT_NOUN_TAGGED_ADJ.fullmatch(token.lower_) is not None
    return token.pos_ == "NOUN" and (token.lower_ in PERSON_NOUNS or _AGENT_NOUN.fullmatch(token.lower_) is not None)


_PLACE_NOUNS = frozenset({"shop", "site", "yard", "yards", "home", "garage", "town", "village", "campus", "hall",
                          "farm", "warehouse", "plant", "depot", "store", "factory", "mill", "suburb", "neighbourhood",
                          "neighborhood", "community", "communities", "hearing", "branch", "bakery", "office",
                          "court", "courthouse", "tribunal", "inquest", "inquiry", "headquarters", "sitting"})
"""Nouns of a place something is in ("a tire shop in Inglewood", "the company's Avonmouth site")."""
_HOME_PEOPLE = frozenset({"mother", "father", "brothers", "sisters", "family", "families", "people", "resident",
                          "residents", "woman", "man", "women", "men", "couple", "girl", "boy", "teenager", "native"})
"""People said to come from a place ("two brothers from Pensacola"); a job's holder may come from a body."""
_JOURNEY_NOUNS = frozenset({"route", "road", "trip", "journey", "flight", "flights", "ferry", "drive", "commute",
                            "routes", "sailings", "crossings", "ferries", "journeys", "trains", "buses"})
_KIND_OF_PLACE_AFTER = frozenset({"based", "born", "area", "raised"})
_KIN_OR_HOME_PEOPLE = KINSHIP_NOUNS | _HOME_PEOPLE


def _a_place_by_its_preposition(ent: Span, before: Token | None, after: Token | None) -> bool:
    """One name word the words around make a place: "the Halifax-based company", "cafés across Ceredigion" (or
    "across the Cariboo"), "two brothers from Pensacola", "a tire shop in Inglewood", "of Ashbourne, Co Meath", "the
    route to Ballymena", "the company's Avonmouth site". Not "a stake in Acme", "donated to Acme", "a director of
    Acme"."""
    doc = ent.doc
    if after is not None and after.text in ("-", "–") and ent.end + 1 < len(doc) \
            and doc[ent.end + 1].lower_ in _KIND_OF_PLACE_AFTER:
        return True
    if before is None:
        return False
    two_before = doc[ent.start - 2] if ent.start >= 2 else None
    if before.lower_ in ("across", "throughout") or (before.lower_ == "the" and two_before is not None
                                                      and two_before.lower_ in ("across", "throughout")):
        return True
    if two_before is None:
        return False
    if before.lower_ == "from" and {two_before.lower_, two_before.lemma_.lower()} & _KIN_OR_HOME_PEOPLE:
        return True  # not "a spokesman from Oxfam", "engineers from Google"
    if before.lower_ == "in" and two_before.lower_ in _PLACE_NOUNS:
        return True
    if before.lower_ == "to" and two_before.lower_ in _JOURNEY_NOUNS:
        return True
    if before.lower_ in ("of", "in", "from") and after is not None and after.text == "," and ent.end + 2 < len(doc) \
            and ((doc[ent.end + 1].ent_type_ == "GPE" and doc[ent.end + 1].ent_iob_ == "B")
                 or (doc[ent.end + 1].text in ("Co", "Co.", "County") and doc[ent.end + 2].text[:1].isupper())):
        return True  # "of Ashbourne, Co Meath": a town and its county
    return before.tag_ == "POS" and after is not None and after.lower_ in _PLACE_NOUNS


def _a_place_by_its_words(ent: Span) -> bool:
    """A name the words around make a place, not a person or a body: a constituency ("the Labour MP for Leeds
    North"), one word after a noun and a preposition of place ("a GP in Maltby", "trains through Millersport"), one
    word before a job ("the Tobermory hotelier Iain MacLeod"; an employer keeps its keyword or capitals: "a Royal
    Mail postman", "an NHS nurse")."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if before is not None and before.lower_ == "for" and ent.start >= 2 \
            and doc[ent.start - 2].lower_.rstrip(".") in _CONSTITUENCY_HOLDERS:
        return organization_type(ent.text) is None
    if before is not None and before.text == "," and re.fullmatch(r"Co\.?\s+[A-Z][a-z]+", ent.text):
        return True  # "of Ashbourne, Co Meath": an Irish county, not a company
    if ent.label_ == "PERSON" and before is not None and ent.start >= 2 and (after is None or after.tag_ != "POS") \
            and organization_type(ent.text) is None:
        two_before = doc[ent.start - 2]
        if before.lower_ in ("in", "near", "outside") and two_before.pos_ == "NOUN":
            return True  # "started the charity in Elliot Lake" (tagged a person)
        if before.lower_ == "from" and _occupation(two_before):
            return True  # "an Inuk hunter from Arviat"
        if len(ent) == 1 and before.lower_ in ("a", "an"):
            return True  # a kind of person, not one: "an Inuk hunter"
    if len(ent) != 1 or ent.text.isupper() or organization_type(ent.text) is not None:
        return False
    if _a_place_by_its_preposition(ent, before, after):
        return True
    if before is not None and before.lower_ in ("near", "outside") and (after is None or after.tag_ != "POS"):
        return True  # "a scrapyard near Bristol" (tagged a body): no body is near a place but its buildings
    if before is not None and before.lower_ in ("in", "near", "through", "outside") and ent.start >= 2 \
            and (after is None or after.tag_ != "POS") and (
                (ent.label_ == "PERSON" and doc[ent.start - 2].pos_ in ("NOUN", "PROPN"))
                or _occupation(doc[ent.start - 2]) or doc[ent.start - 2].text.isupper()):
        return True  # "the Riverside Care Home in Bolton" (tagged a person), "a GP in Maltby"; not "a stake in Acme"
    if ent.label_ == "ORG" and after is not None and _occupation(after) and ent.root.dep_ == "compound" \
            and after.i + 1 < len(doc) and doc[after.i + 1].pos_ == "PROPN" and doc[after.i + 1].text[:1].isupper():
        return True
    return _only_before_a_description(ent)


def _only_before_a_description(ent: Span) -> bool:
    """One word that only ever stands before lower-case words describing a body or people, never alone as a name:
    "Halifax literacy pioneer named ...", "her Dayton living room", "a group of Dayton bus drivers" (the place they
    are in). Not a founder's body ("Thorn co-founder"), not a brand ("the Steamline retail chain"), not a name the
    text also uses on its own ("Google engineers ... Google said"); "a Welsh ... company" is read elsewhere."""
    doc = ent.doc
    if len(ent) != 1 or ent.label_ not in ("ORG", "GPE") or ent.text.isupper() or ent.end >= len(doc) \
            or (ent.start > 0 and doc[ent.start - 1].lower_ in ("a", "an")) \
            or organization_type(ent.text) is not None or ent.root.dep_ not in ("compound", "amod", "nmod"):
        return False
    head = ent.root.head
    words = doc[ent.end:head.i + 1]
    if head.i < ent.end or len(words) > 3 or any(not t.is_lower or t.pos_ not in ("NOUN", "ADJ") for t in words) \
            or head.pos_ != "NOUN" or head.lower_ in FOUNDER_NOUNS:
        return False
    if ent.label_ == "ORG" and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return False  # "the Steamline retail chain": a brand's name
    # everywhere the text writes the word, lower-case words follow it
    return not re.search(rf"\b{re.escape(ent.text)}\b(?!-)(?!\s+[a-z])", doc.text)


_NAME_ORDINALS = frozenset({"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth",
                            "Tenth"})
"""Ordinals that open bodies' names ("Second Harvest", "Third Space") when capitalized inside a sentence."""


def _names_joined_by_and(ents: list[Span]) -> list[Span]:
    """One body's name the tagger cut at its "and": "set up Mendip Hoof and Paw Sanctuary" (two people to the
    tagger), "the Tyne and Wear Community News Trust" ("Tyne" a person): a first part of one or two words with no
    word of a body's own, then "and" and a name ending in one. Not two bodies ("Barclays and Lloyds Bank": the
    first already a body's name to the tagger, and no "the" or founding verb before it: "runs Oxfam and Harbor
    Trust")."""
    from spacy.tokens import Span as SpacySpan

    joined: list[Span] = []
    i = 0
    while i < len(ents):
        first = ents[i]
        second = ents[i + 1] if i + 1 < len(ents) else None
        doc = first.doc
        before = doc[first.start - 1] if first.start > 0 else None
        if second is not None and second.start == first.end + 1 and doc[first.end].lower_ in ("and", "&") \
                and len(first) <= 2 and all(t.text[:1].isupper() and t.is_alpha for t in first) \
                and organization_type(first.text) is None and organization_type(second.text) == "Organization" \
                and second.label_ in ("PERSON", "ORG", "GPE", "PRODUCT", "FAC") \
                and before is not None and (before.lower_ == "the" or (
                    first.label_ in ("PERSON", "GPE", "LOC", "NORP") and before.pos_ in ("VERB", "ADP")
                    and before.lower_ in ("up", "founded", "co-founded", "started", "launched", "established"))):
            joined.append(SpacySpan(doc, first.start, second.end, label="ORG"))
            i += 2
            continue
        start = _untagged_words_and_before(first)
        if start is not None and (not joined or joined[-1].end <= start):
            first = SpacySpan(doc, start, first.end, label="ORG")  # "the Tees and Wear Youth Trust"
        elif before is not None and before.ent_type_ == "ORDINAL" and before.text in _NAME_ORDINALS \
                and not before.is_sent_start and first.label_ in ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "FAC") \
                and first[0].lower_.rstrip(".") not in _TITLES_OR_PERSON_NOUNS \
                and all(t.text[:1].isupper() for t in first):
            # "founded Second Shift Kitchen", "set up the Second Opinion Line": a capitalized ordinal inside a
            # sentence opens the name the tagger started after it
            if joined and joined[-1].end > before.i:
                joined.pop()  # the ordinal, tagged apart
            first = SpacySpan(doc, before.i, first.end, label="ORG")
        joined.append(first)
        i += 1
    return joined


def _untagged_words_and_before(name: Span) -> int | None:
    """Where a body's name starts when one or two capitalized words the tagger left out come before its "and",
    after "the": "the Tees and Wear Youth Trust" tagged "Wear Youth Trust"."""
    doc = name.doc
    if organization_type(name.text) != "Organization" or name.start < 3 or doc[name.start - 1].lower_ not in ("and", "&"):
        return None
    start = name.start - 1
    while start > name.start - 3 and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha \
            and not doc[start - 1].ent_type_ and doc[start - 1].pos_ == "PROPN":
        start -= 1
    if start == name.start - 1 or start < 1 or doc[start - 1].lower_ != "the":
        return None
    return start


_DOUBLE_BARRELLED = re.compile(r"[A-Z][a-zà-ÿ'’]+-[A-Z][a-zà-ÿ'’]+")
"""A double-barrelled surname, which the tagger may take for a common noun ("Gloria Pettaway-Sims")."""


def _surname_word(token: Token) -> bool:
    """A capitalized word after a lone first name that completes it: untagged, or tagged alone as something
    else ("Margaret" + "O'Dowd-Beaulieu" as an organization)."""
    if not (token.pos_ == "PROPN" or _DOUBLE_BARRELLED.fullmatch(token.text)) or not token.text[:1].isupper() \
            or token.text.isupper() \
            or not NAME_WORD.fullmatch(token.text) or token.lower_ in _NOT_A_NAME_WORD:
        return False
    if not token.ent_type_:
        return True
    return token.ent_iob_ == "B" and (token.i + 1 >= len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I") \
        and token.ent_type_ in ("ORG", "GPE", "NORP", "LOC", "PRODUCT", "FAC")


def _extra_name_word(token: Token) -> bool:
    return (token.pos_ == "PROPN" and not token.ent_type_ and token.is_alpha and token.text[:1].isupper()
            and not token.text.isupper() and not {token.lower_, token.lemma_.lower(), token.lower_.removesuffix("s")} & (
                _NOT_A_NAME_WORD))


_MODIFIERS_OF_TITLES = frozenset({"former", "then", "late", "acting", "u.s", "us", "state", "district", "vice",
                                   "majority", "minority", "ranking", "deputy", "assistant", "del", "member",
                                   "officials", "official", "host", "general"})
"""Words of TITLES that modify a title or a body rather than stand before a name ("former", "State", "Deputy")."""


_TITLE_WORDS = (TITLES | PERSON_NOUNS) - _MODIFIERS_OF_TITLES
"""Titles and roles that stand right before a person's name ("MP", "prosecutor", "Detective")."""
_NOT_NAME_WORDS_AFTER_TITLE = _NOT_A_NAME_WORD | POST_NOMINALS


def _name_word_after_title(token: Token) -> bool:
    """A word of a person's name after a title: capitalized, not all capitals (an acronym or a post-nominal), a
    proper noun or a double-barrelled word the tagger took for a common noun ("Fortin-Akande")."""
    return token.text[:1].isupper() and not token.text.isupper() and NAME_WORD.fullmatch(token.text) is not None \
        and (token.pos_ == "PROPN" or _DOUBLE_BARRELLED.fullmatch(token.text) is not None) \
        and token.lower_ not in _NOT_NAME_WORDS_AFTER_TITLE


_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ'’"
_NAME_PART = rf"[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?"
"""One capitalized word of a name, with one inner capital at most ("LeBlanc", "McKillop", "Thériault")."""
_GIVEN_NAME = rf"{_NAME_PART}(?:-{_NAME_PART}|-[a-zß-öø-ÿ]{{2,}})?"
"""A given name, hyphenated too: "Marie-Claude", "Mei-Lin", "Ji-woo"."""
_SURNAME = rf"(?:(?:Ó|Ní|Nic|Uí|Ua|ap|Mac\s+an|Nic\s+an|Mac|Mc)\s+)?(?:[th](?=[{_UPPER}]))?{_NAME_PART}(?:-{_NAME_PART})?"
"""A surname with a Gaelic or Welsh particle ("Ó Laoire", "Ní Bhriain", "Mac an tSaoir", "ap Rhys"), or
double-barrelled ("Comeau-LeBlanc")."""
_MARKED_NAME = re.compile(rf"(?<![\w’'-])(?:{_GIVEN_NAME}\s+){{1,3}}{_SURNAME}(?![\w’'-])")
_NAME_MARK = re.compile(rf"(?:^|\s)(?:Ó|Ní|Nic|Uí|Ua|ap)\s|\bMac\s+(?:an\s|Giolla\s)|[{_LOWER[:-2]}]-[{_UPPER}a-zß-öø-ÿ]")
"""What marks a run of capitalized words as a person's name whatever the tagger made of it: a hyphen inside a
word of the name ("Josée Comeau-LeBlanc", "Marie-Claude Desrosiers", "Ji-woo Park") or a Gaelic particle."""
_NICKNAMED = re.compile(rf"(?<![\w’'-])(?P<given>{_GIVEN_NAME})\s+[\"“‘'][{_UPPER}][{_LOWER}]+[\"”’']\s+"
                        rf"(?P<surname>{_SURNAME}(?:,?\s+(?:Jr|Sr)\.|\s+(?:Jr|Sr|II|III|IV)\b)?)(?![\w’'-])")
"""A name with a nickname in quotes between its words: Deborah "Deb" Kinsella, Margaret “Peggy” McIlvanney."""
_NOT_NAME_PREFIXES = frozenset({"pre", "post", "anti", "non", "co", "self", "mid", "long", "short", "vice", "ex",
                                "multi", "cross", "inter", "trans", "well", "full", "part", "high", "low", "all", "semi",
                                "north", "south", "east", "west", "first", "second", "third", "one", "two", "three",
                                "year", "end", "in", "out", "up", "down", "over", "under", "off", "on", "after",
                                "sub", "super", "ultra", "re", "de", "mini", "micro", "state", "city", "life"})
"""First halves of hyphenated capitalized words that are no names: "Long-Term Care", "Cross-Border Trade"."""
_NOT_NAME_POS = frozenset({"ADP", "AUX", "CCONJ", "DET", "PRON", "SCONJ", "VERB", "ADV", "NUM"})
_COMMON_PLURAL_ENDING = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ship|ing|ics|ism)s?$")


_TITLED_PERSON = re.compile(r"^(?:[Tt]he\s+)?(?:" + "|".join(re.escape(t) for t in PERSON_TITLES) + r")\s+"
                            r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}$")
_HONORIFIC_PERSON = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w.'’-]*){0,3}")
"""An honorific and a surname, with or without the full stop British papers leave off ("Ms Petrakis"): a person."""
_KNIGHTED = re.compile(r"(?:Dame|Sir)\s+[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+)?")
"""A knight or dame, called by the title and given name ("Dame Felicity"): a person."""
_LEADING_ROLE = re.compile(r"(?:" + LEADING_ROLES_PATTERN + ")"
                           r"(?:\s+and\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?\s*(?:,\s+|\s+of\s+(?:the\s+)?)")


class Chunk:
    """A spaCy doc for ``text[offset:offset + len(doc.text)]`` and the mentions found in it."""

    def __init__(self, doc: Doc, offset: int, observations: Observations, *, quotes: Sequence[QuoteMarks] = ()):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access
        self.offset = offset
        self.observations = observations
        self.quotes = list(quotes)
        """Every quotation of the document, in order (see ``quotes.find_quote_marks``)."""
        self.quote_starts = [q.open_mark for q in self.quotes]
        self.quote_spans = [(q.begin, q.end) for q in self.quotes]
        first_line = self.text.split("\n", 1)[0]
        self.headline_end = len(first_line) if offset == 0 and is_headline(first_line) else 0
        """Where the document's title-case headline ends (0 when the chunk has none): its words are not sentences
        the rules read ("Charity Founder Tells MPs ...")."""
        self.sentences = list(doc.sents)
        """The doc's sentences, read once: ``doc.sents`` walks every token of the doc on each access."""
        self.sentence_starts = [sent.start for sent in self.sentences]
        from spacy.attrs import LOWER, ORTH, POS

        # Token attributes as arrays of ids: a rule scanning the whole doc for a few words or parts of speech
        # tests these and makes Token objects only for the tokens that pass (``indices_with``).
        self._columns = dict(zip((LOWER, ORTH, POS), doc.to_array([LOWER, ORTH, POS]).T, strict=True))
        self.mention_of_token: dict[int, RawMention] = {}
        self._description: str | None = None
        self._collect_mentions()

    def indices_with(self, attribute: int, values: Iterable[str] | Iterable[int]) -> list[int]:
        """In order, the indices of the tokens whose ``attribute`` (``spacy.attrs.LOWER``, ``ORTH`` or ``POS``) is
        one of ``values`` (strings, or part-of-speech ids for ``POS``)."""
        import numpy
        from spacy.strings import hash_string

        ids = [value if isinstance(value, int) else hash_string(value) for value in values]
        column = self._columns[attribute]
        return numpy.flatnonzero(numpy.isin(column, numpy.array(ids, dtype=column.dtype))).tolist()

    def sentence_of(self, i: int) -> Span:
        """The sentence holding token ``i``."""
        return self.sentences[bisect.bisect_right(self.sentence_starts, i) - 1]

    # --- offsets ---------------------------------------------------------------------------------------------

    def begin(self, token: Token) -> int:
        return self.offset + token.idx

    def end(self, token: Token) -> int:
        return self.offset + token.idx + len(token.text)

    def span_of(self, first: Token, last: Token) -> tuple[int, int]:
        return self.begin(first), self.end(last)

    def sentence_span(self, sent: Span) -> tuple[int, int]:
        """The sentence without surrounding white space."""
        text = sent.text
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        return self.offset + sent.start_char + lead, self.offset + sent.start_char + trail

    # --- mentions --------------------------------------------------------------------------------------------

    def _collect_mentions(self) -> None:
        doc = self.doc
        covered = 0
        ents = _names_joined_by_and(list(doc.ents))  # doc.ents walks the whole doc on each access
        starts = [ent.start_char for ent in ents]
        for number, ent in enumerate(ents):
            if ent.label_ not in NAME_LABELS or ent.start_char < covered:
                continue
            label = ent.label_
            if label == "ORG" and ent.text.isupper() and (ent.start_char == 0 or self.text[ent.start_char - 1] == "\n") \
                    and _DATELINE_END.match(self.text, ent.end_char):
                continue  # a dateline, "WASHINGTON (AP) —": a place
            if label == "ORG" and self.text[ent.start_char - 1:ent.start_char] == "(" \
                    and _WIRE_CREDIT_AFTER.match(self.text, ent.end_char) \
                    and _DATELINE_PLACE.search(self.text, max(0, ent.start_char - 60), ent.start_char - 1):
                continue  # the wire service of a dateline, "ATLANTA (AP) —": no body the story is about
            if label in ("ORG", "GPE", "NORP", "FAC", "PRODUCT") and len(ent) in (2, 3) \
                    and ent[-2].text in MIDDLE_NAMES and ent[-1].text[:1].isupper() and organization_type(ent.text) is None:
                label = "PERSON"  # "Singh Dhaliwal" tagged a body: a given name, a middle name and a surname
            if label == "ORG" and (_TITLED_PERSON.match(ent.text) or _KNIGHTED.fullmatch(ent.text)
                                   or _HONORIFIC_PERSON.fullmatch(ent.text)) \
                    and organization_type(ent.text) is None:
                label = "PERSON"  # "the Honorable Joyce Beatty", "Dame Felicity" tagged as an organization
            if label == "ORG" and 3 <= len(ent) <= 4 and ent[0].lower_.replace("-", "") in _ROLES_BEFORE_NAMES \
                    and organization_type(ent[1:].text) is None \
                    and all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.text.isupper() for t in ent[1:]):
                label = "PERSON"  # "Co-founders Priya Rao and ..." tagged a body with the role before the name
            if label == "PERSON" and len(ent) > 1 and ent[-1].tag_ in ("NNPS", "NNS") and ent[-1].text[-1:] == "s" \
                    and ent[-1].lower_ in PLURAL_BODY_WORDS:
                label = "ORG"  # a plural is no one's surname: "Girl Scouts", "Rich Products", "Buffalo Bills"
            if label == "PERSON" and _LEGAL_FORM_AFTER.match(self.text, ent.end_char):
                label = "ORG"  # "damages from Skyward Jump Parks LLC": a legal form makes it a company's name
            if label == "PERSON" and _a_place(ent):
                continue
            if label in ("PERSON", "ORG") and _a_place_by_its_words(ent):
                continue
            if label == "ORG" and len(ent) == 1 and ent.start > 0 and doc[ent.start - 1].lower_ in ("a", "an") \
                    and ent.root.dep_ not in ("compound", "poss", "nmod") and organization_type(ent.text) is None:
                continue  # "a GP in Maltby": a kind of person or thing, not a body's name
            if label in ("ORG", "GPE") and len(ent) == 1 and ent.start > 0 and doc[ent.start - 1].lower_ in ("a", "an") \
                    and ent.end < len(doc) and doc[ent.end].lower_ in _HOME_PEOPLE and organization_type(ent.text) is None:
                continue  # "A Dayton woman who runs three centres", "a Mesa man": where they live
            person = label == "PERSON"
            name = ent.text.split(" (")[0]  # "International Development (USAID": the acronym is its own mention
            start, stop = strip_name(name, person=person)
            if stop <= start:
                continue
            begin_char, end_char = ent.start_char + start, ent.start_char + stop
            if person and start == 0 and stop == len(ent.text):
                begin_char, end_char = self._whole_person_name(ent, begin_char, end_char)
                covered = end_char
            if label == "ORG":
                role = _LEADING_ROLE.match(self.text, begin_char, end_char)
                if role is not None:  # "Founder of Voces Libres": the name is after the role
                    begin_char = role.end()
                end_char = extend_organization(self.text, begin_char, end_char)
                extended = extend_organization_back(self.text, begin_char, end_char)
                if extended >= covered:  # never into a name already read
                    begin_char = extended
                # a person or a date after the name is not part of it
                for other in ents[number + 1:bisect.bisect_left(starts, end_char)]:
                    if other.label_ == "CARDINAL" and re.search(r"\bNo\.?\s*$", self.text[begin_char:other.start_char]):
                        continue  # "Portfolio Committee No. 4": the number is the name's
                    if begin_char < other.start_char < end_char and other.label_ in _NOT_IN_NAMES and not (
                            other.label_ == "PERSON" and len(other) == 1
                            and _LAST_SUBJECT.search(self.text, begin_char, other.start_char)) and not (
                            other.label_ == "GPE" and seat_of_court(self.text, begin_char, other.start_char)):
                        end_char = len(self.text[:other.start_char].rstrip(" ,"))
                        break
                end_char = trim_organization(self.text, begin_char, end_char)
                covered = end_char
                if not re.search(r"[^\W\d_]{2}", self.text[begin_char:end_char].replace("U.S", "")):
                    continue  # nothing left but "U.S." ("U.S. Magistrate" cut at the title)
                pieces = _organization_pieces(self.text, begin_char, end_char,
                                              {o.start_char for o in ents[number + 1:number + 4] if o.label_ == "ORG"})
            else:
                pieces = [(begin_char, end_char)]
            for begin_char, end_char in pieces:
                span = doc.char_span(begin_char, end_char, alignment_mode="expand")
                if span is None:
                    continue
                forced = self._context_type(ent, span)
                described = self._description if forced == "Organization" else None
                if person and start > 0 and forced is None:
                    forced = "Person"  # a title such as "Sen." was stripped
                mention = RawMention(self.offset + begin_char, self.offset + end_char,
                                     self.text[begin_char:end_char], label, forced)
                # "a Senate inquiry", "a House of Lords committee": common words, not a body's name
                mention.generic = label == "ORG" and self.text[begin_char:end_char].split()[-1] in BODY_NOUNS
                mention.described = described
                if person:
                    # after a title the tagger kept; else "X, who founded it with his brother"
                    mention.gender = _gender_before(self.text, begin_char) or _gender_of_relative_clause(
                        self.text, end_char)
                self.observations.mentions.append(mention)
                for token in span:
                    self.mention_of_token[token.i] = mention
        self._lead_people()
        self._pattern_mentions()
        self._committee_subjects()
        self._shared_surnames()
        self._relatives_by_first_name()
        self._described_people()
        self._described_bodies()
        self._titled_people()
        self._marked_people()
        self._nicknamed_people()
        self._witness_subjects()
        self._conjoined_people()
        self._founded_names()
        self._surname_mentions()

    def _founded_names(self) -> None:
        """The capitalized words right after a founding verb name the body founded, whatever the tagger made of
        them: "co-founded Forward Line Collective in 2017" (tagged a person's "Line Collective"), "founded Books on
        the Bus" (untagged), "launched Dashly with" (tagged a date), "set up the Second Opinion Line" (an event).
        The name runs over capitalized words, joined by "of", "for", "on", "to", "&" (and "the" after them) when no place
        follows, and a possessive "'s" inside it ("Ollie's Beat"). After a verb that also makes things ("started",
        "launched", "opened") the founder must be a person and the name no word of a thing ("Fund", "Campaign")."""
        from spacy.attrs import LOWER

        doc = self.doc
        for i in self.indices_with(LOWER, _FOUNDED_NAME_VERBS):
            verb = doc[i]
            if verb.pos_ not in ("VERB", "AUX") or verb.i + 2 >= len(doc) or verb.idx < self.headline_end \
                    or not verb.text.islower():
                continue  # a headline's capitalized words are not names
            if verb.lower_ in ("found", "founds") and (verb.i == 0 or doc[verb.i - 1].lower_ not in (
                    "to", "help", "helped", "helps", "helping")):
                continue  # "the jury found Ms Doe guilty": the past of "find"
            if verb.i > 1 and doc[verb.i - 1].lower_ in ("was", "were"):
                self._name_before_a_passive(verb)
                continue
            first = verb.i + 1
            if verb.lower_ in ("set", "sets", "setting"):
                if doc[first].lower_ != "up":
                    continue
                first += 1
            if first < len(doc) and doc[first].lower_ == "the" and doc[first].text == "the":
                first += 1
            last = self._capitalized_run(first)
            if last is None:
                continue
            if verb.lower_ not in FOUNDING_VERBS and not self._a_person_made(verb, doc[first], last):
                continue
            self._name_a_founded_body(doc[first], last)

    def _name_before_a_passive(self, verb: Token) -> None:
        """ "Warmth Line was set up in 2014", "Harbor Kitchen was founded in 1998": capitalized words no tagger read,
        opening the sentence as the subject of a founding verb in the passive, name the body founded."""
        doc, sent = self.doc, self.sentence_of(verb.i)
        if verb.lower_ not in FOUNDING_VERBS and not (
                verb.lower_ == "set" and verb.i + 1 < sent.end and doc[verb.i + 1].lower_ == "up"):
            return
        first = sent.start + (doc[sent.start].text == "The")
        last = self._capitalized_run(first) if first < verb.i - 1 else None
        if last is None or last.i != verb.i - 2:
            return
        if any(self.mention_of_token.get(i) is not None or doc[i].pos_ != "PROPN" for i in range(first, verb.i - 1)):
            return  # the tagger's reading of a name stands; "It was founded", "Each was set up"
        self.force(doc[first], doc[verb.i - 2], "Organization")

    def _capitalized_run(self, first: int) -> Token | None:
        """The last word of the name that begins at token ``first`` (None when no name begins there)."""
        doc, sent = self.doc, self.sentence_of(first)
        if first >= sent.end or not self._a_body_name_word(doc[first]) or doc[first].text in _MONTHS_AND_DAYS:
            return None
        last = doc[first]
        i = first + 1
        while i < sent.end:
            token = doc[i]
            if self._a_body_name_word(token):
                last, i = token, i + 1
            elif token.text in ("'s", "’s") and i + 1 < sent.end and self._a_body_name_word(doc[i + 1]):
                last, i = doc[i + 1], i + 2
            elif token.lower_ in ("of", "for", "on", "to", "&") and token.text != "On":
                after = i + 1 + (i + 1 < sent.end and doc[i + 1].lower_ == "the")
                mention = self.mention_of_token.get(after) if after < sent.end else None
                if after >= sent.end or not self._a_body_name_word(doc[after]) or doc[after].text in _MONTHS_AND_DAYS \
                        or (mention is not None and mention.label in ("GPE", "LOC", "FAC", "PERSON", "DATE")) \
                        or self._a_street(after, sent.end):
                    # "opened Hinode Noodle Bar on Hawthorne Boulevard", "launched Parcelo on Tuesday", "for Jo Roe":
                    # a place, a day or a person after the name
                    break
                last, i = doc[after], after + 1
            else:
                break
        if last.i + 2 < sent.end and doc[last.i + 1].text in ("'s", "’s"):
            return None  # "launched Ana Ruiz's campaign": the owner of a thing
        after = doc[last.i + 1] if last.i + 1 < sent.end else None
        if after is not None and ((after.text[:1].islower() and after.pos_ not in _WORDS_AFTER_A_NAME)
                                  or (after.text in ("-", "–") and not last.whitespace_)):
            return None  # "founded the Tulsa company", "the Leeds-based firm": where the body is, before what it is
        places = [m for m in self._mentions_over(doc[first:last.i + 1]) if m.label in ("GPE", "LOC")]
        if places and places[0].begin <= self.offset + doc[first].idx \
                and places[-1].end >= self.offset + last.idx + len(last.text):
            return None  # "founded the Tulsa, Oklahoma, company"
        return last

    def _a_street(self, first: int, end: int) -> bool:
        """Whether the name words from token ``first`` end in a word for a place ("Marsh Road", "Queen's Park")."""
        i = first
        while i < end and self._a_body_name_word(self.doc[i]):
            i += 1
        return self.doc[i - 1].lower_ in PLACE_HEADS

    @staticmethod
    def _a_body_name_word(token: Token) -> bool:
        # not "Leeds-based", "Ohio-born": a place in a word that describes
        return token.text[:1].isupper() and NAME_WORD.fullmatch(token.text) is not None \
            and token.lower_ not in _NOT_A_NAME_WORD and not _LOWER_AFTER_HYPHEN.search(token.text)

    def _a_person_made(self, verb: Token, first: Token, last: Token) -> bool:
        """Whether a verb that also makes things ("started", "launched", "opened") made a body here: a person made
        it, no word of a thing ends the name ("launched the Clean Rivers Campaign") nor follows it ("created
        WordBridge, a free app")."""
        if last.lower_ in NOT_FOUNDED_NAME_WORDS or last.lower_ in NOT_FOUNDED_NOUNS - {"line", "service"}:
            return False
        after = self.doc[last.i + 1:min(last.i + 6, self.sentence_of(last.i).end)]
        if len(after) > 1 and after[0].text == "," and any(t.lower_ in NOT_FOUNDED_NOUNS for t in after[1:]):
            return False
        subject = subject_of(verb)
        if subject is None:
            return False
        if subject.lower_ in ("he", "she", "they", "we", "i", "who"):
            return True
        mention = self.mention_of_token.get(subject.i)
        return mention is not None and self.names_person(mention)

    def _after_a_possessive(self, mention: RawMention) -> bool:
        """Whether ``mention`` begins right after a possessive "'s": the rest of a name the tagger read as a
        person's ("Ollie's Beat" cut to a person "Beat"), not a name its context made a person's."""
        first = min((i for i, m in self.mention_of_token.items() if m is mention), default=0)
        return first > 0 and self.doc[first - 1].text in ("'s", "’s")

    def _name_a_founded_body(self, first: Token, last: Token) -> None:
        """Make ``first``..``last`` one body's mention, in place of the tagger's pieces of it."""
        inside = self._mentions_over(self.doc[first.i:last.i + 1])
        begin, end = self.offset + first.idx, self.offset + last.idx + len(last.text)
        if any(m.forced == "Person" and not self._after_a_possessive(m) for m in inside) or (
                first.i > 0 and self.doc[first.i - 1].lemma_ == "establish" and any(m.label == "PERSON" for m in inside)):
            return  # a name its context made a person's; "established Ms Doe as the favourite"
        for mention in inside:
            if mention.begin < begin - 4 or mention.end > end:
                return  # a longer name the tagger read ("the Acme Group of Companies"): its own reading stands
        if len(inside) == 1 and (inside[0].begin, inside[0].end) == (begin, end):
            if inside[0].label != "ORG" and inside[0].forced is None:
                inside[0].forced = "Organization"  # whole, but typed a person, a date, an event
            return
        for mention in inside:
            self._drop_mention(mention)
        self.force(first, last, "Organization")

    def _pattern_mentions(self) -> None:
        """Office and court names spaCy's model does not tag whole: "U.S. Attorney's Office for the Eastern District
        of California" (and the district alone where it acts: "the Eastern District of California collected ..."),
        "U.S. District Court for the Northern District of Illinois", "Maricopa County Superior Court"."""
        if "District" not in self.text and "Attorney" not in self.text and "Court" not in self.text:
            return
        courts = [m for m in _COURT_PATTERN.finditer(self.text) if "\n" not in m.group(0)]
        # a district inside a court's name is the court's ("... Court for the Northern District of Illinois")
        matches = [m for m in _OFFICE_PATTERN.finditer(self.text)
                   if not any(c.start() < m.end() and m.start() < c.end() for c in courts)] + courts
        for match in matches:
            name = match.group(0)
            if match.re is _OFFICE_PATTERN and match.group("office") is None:
                before = self.text[max(0, match.start() - 20):match.start()]
                if re.search(r"\b(?:for|of|in|from|to)(?:\s+the)?\s+$", before):
                    continue  # "Attorney for the Western District of Missouri": a title, not the office acting
            span = self.doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None:
                continue
            mention = RawMention(self.offset + match.start(), self.offset + match.end(), name, "ORG",
                                 "GovernmentBody")
            overlapping = {id(self.mention_of_token[t.i]) for t in span if t.i in self.mention_of_token}
            if overlapping:  # spaCy's piece of the name ("Office for the Western District of Ohio") goes
                self.observations.mentions[:] = [m for m in self.observations.mentions if id(m) not in overlapping]
                for i, m in list(self.mention_of_token.items()):
                    if id(m) in overlapping:
                        del self.mention_of_token[i]
            self.observations.mentions.append(mention)
            for token in span:
                self.mention_of_token[token.i] = mention

    def _committee_subjects(self) -> None:
        """A committee named by a list of subjects that spaCy's model cuts at a comma or an "and": "Net Zero,
        Energy and Transport Committee" (tagged "Net Zero" and "Energy and Transport Committee"), "Minnesota House
        Housing Finance and Policy Committee" (two names, or one without its head). The subjects before the comma or the "and" belong to the
        committee's name."""
        if "Committee" not in self.text:
            return
        pending = [m for m in self.observations.mentions if m.label == "ORG" and m.begin >= self.offset]
        while pending:
            mention = pending.pop(0)
            if not any(m is mention for m in self.observations.mentions):
                continue  # merged into another name already
            begin, end = mention.begin - self.offset, mention.end - self.offset
            name = self.text[begin:end]
            new_begin = None
            head_after = _HEAD_AFTER.match(self.text, end)
            if head_after is not None and " and " in name and not any(
                    w in PIECE_HEADS for w in name.rsplit(" and ", 1)[1].split()):
                new_begin, end = begin, head_after.end()  # "Housing Finance and Policy" + "Committee"
            elif _SUBJECTS_COMMITTEE.match(name):
                run = _SUBJECT_RUN_BEFORE.search(self.text, max(0, begin - 60), begin)
                words = run.group(1).split() if run is not None else []
                subjects = words[1:] if words and words[0] in _CHAMBERS else words
                if subjects and not any(w in PIECE_HEADS for w in subjects):
                    # "Net Zero, Energy and Transport Committee"; "House Energy, Environment and Natural Resources
                    # Committee" (a chamber, then the first subject)
                    new_begin = run.start(1)
            elif _SHORT_COMMITTEE.match(name) and self.text[max(0, begin - 5):begin] == " and ":
                before = [m for m in self.observations.mentions if m.label == "ORG"
                          and m.end - self.offset == begin - 5 and m.text.split()[-1] not in PIECE_HEADS]
                if before:
                    new_begin = before[0].begin - self.offset  # "... Housing Finance and Policy Committee"
            if new_begin is None or (new_begin, end) == (mention.begin - self.offset, mention.end - self.offset):
                continue
            span = self.doc.char_span(new_begin, end, alignment_mode="expand")
            if span is None:
                continue
            overlapping = {id(self.mention_of_token[t.i]) for t in span if t.i in self.mention_of_token}
            self.observations.mentions[:] = [m for m in self.observations.mentions if id(m) not in overlapping]
            for i, m in list(self.mention_of_token.items()):
                if id(m) in overlapping:
                    del self.mention_of_token[i]
            merged = RawMention(self.offset + new_begin, self.offset + end, self.text[new_begin:end], "ORG",
                                "LegislativeBody")
            self.observations.mentions.append(merged)
            for token in span:
                self.mention_of_token[token.i] = merged
            pending.append(merged)  # "Islands" + "and Natural Environment Committee", then "Rural Affairs, "

    def _shared_surnames(self) -> None:
        """First names that share the surname written after the last of them: "Dale and Marcy Pruitt", "the
        brothers Anand and Vikram Rao", "Siblings Jasmine and Trevor Okonjo" (two people, both with the surname)."""
        for match in _SHARED_SURNAME.finditer(self.text):
            last = self.doc.char_span(match.start("last"), match.end("surname"), alignment_mode="expand")
            first = self.doc.char_span(match.start("first"), match.end("first"), alignment_mode="expand")
            if last is None or first is None or len(first) != 1:
                continue
            words = match.group("first", "last", "surname")
            if any(w.lower() in _NOT_A_NAME_WORD for w in words):
                continue
            before = self.doc[first.start - 1] if first.start > 0 else None
            word_before = re.search(r"(\S+)\s+$", self.text[max(0, match.start("first") - 40):match.start("first")])
            # "the husband-and-wife team of Pauline and Trevor Roe": after "of" only when a couple's or people's
            # noun comes before it, not "the University of Kent and Medway Trust"
            people_of = before is not None and before.lower_ == "of" and before.i > 0 \
                and self.doc[before.i - 1].lower_ in _PEOPLE_BEFORE_OF
            if before is not None and not people_of and (before.lower_ in ("of", "the", "and") or (
                    before.text[:1].isupper() and before.lower_ not in _TITLES_OR_PERSON_NOUNS
                    and not (before.is_sent_start and before.is_stop))) or (
                    word_before is not None and "-" in word_before.group(1) and word_before.group(1)[:1].isupper()):
                continue  # "Nikhil Varma and Jessamyn Clarke-Ortiz", "Ji-woo Park and ...": a surname before "and"
            if any(m.label == "PERSON" and m.text.split()[-1] == words[0] and len(m.text.split()) > 1
                   for m in self.observations.mentions):
                continue  # "Delgado and Samuel Okafor" after "Maria Delgado"
            person = self.mention_of_token.get(last[0].i)
            full = f"{words[1]} {words[2]}"
            exact = self.names_person(person) \
                and (person.begin, person.end) == (self.offset + match.start("last"), self.offset + match.end("surname"))
            # "Paul and Dina Reyes" with "Dina Reyes" tagged a body: a first name tagged a person's vouches for it
            named_first = self.mention_of_token.get(first[0].i)
            # "Naledi and Thabo Mokoena" tagged as one body: three name words with no body's word among them
            whole = person is not None and person.label == "ORG" and not person.forced \
                and (person.begin, person.end) == (self.offset + match.start("first"), self.offset + match.end("surname")) \
                and organization_type(person.text) is None \
                and not any(_COMMON_NOUN_ENDING.search(w) or w.lower() in ORGANIZATION_NOUNS for w in words) \
                and (any(t.dep_ in ("nsubj", "nsubjpass") for t in (*first, *last)) or self._people_noun_before(first))
            if not exact and not whole \
                    and not any(m.text == full and m.label == "PERSON" for m in self.observations.mentions) \
                    and not (named_first is not None and named_first.label == "PERSON" and person is not None
                             and (person.begin, person.end) == (self.offset + match.start("last"),
                                                                self.offset + match.end("surname"))
                             and organization_type(person.text) is None):
                surname = self.mention_of_token.get(last[-1].i)
                if not (self._couple_title_before(first) or (
                        self.names_person(named_first) and self.names_person(surname)
                        and surname.end == self.offset + match.end("surname")
                        and self.mention_of_token.get(last[0].i) in (None, surname)
                        and not any(_COMMON_NOUN_ENDING.search(w) for w in words))):
                    # "Ernst and Young": no person's name "Marcy Pruitt" after the "and"; but "husband and wife
                    # Owen and Carys Pellow", and "Luis and Carmen Varela" with "Luis" and "Varela" tagged people
                    continue
            for mention in self._mentions_over((*first, *last)):
                self._drop_mention(mention)
            for token_span, text in ((first, f"{words[0]} {words[2]}"), (last, full)):
                mention = RawMention(self.offset + token_span.start_char, self.offset + token_span.end_char, text,
                                     "PERSON", "Person")
                self.observations.mentions.append(mention)
                for token in token_span:
                    self.mention_of_token[token.i] = mention

    def _relatives_by_first_name(self) -> None:
        """A relative the text names by a first name alone, set off by commas after "his/her/their" and a kin noun:
        "founded the company with his late father, Hector, in 1998", "with her husband, Frank, in a back room" (the
        first name and the surname of the person it is the relative of, named before in the sentence). Not an
        in-law (no shared surname), and not a name the text completes itself ("her husband, Frank Doe")."""
        for match in _RELATIVE_BY_FIRST_NAME.finditer(self.text):
            if match.start("first") < self.headline_end:
                continue
            span = self.doc.char_span(match.start("first"), match.end("first"))
            if span is None or len(span) != 1 or span[0].lower_ in _NOT_A_NAME_WORD:
                continue
            mention = self.mention_of_token.get(span[0].i)
            if mention is not None and (mention.label not in ("PERSON", "ORG", "GPE", "NORP", "CONTEXT")
                                        or mention.forced not in (None, "Person") or " " in mention.text):
                continue
            kin = self.doc.char_span(match.start("kin"), match.end("kin"))
            surname = self._surname_of_the_owner(kin[0]) if kin is not None else None
            if surname is None or surname == span.text:
                continue
            if mention is not None:
                self._drop_mention(mention)
            gender = "m" if match.group("kin") in MALE_KIN else "f"
            completed = RawMention(self.offset + span.start_char, self.offset + span.end_char,
                                   f"{span.text} {surname}", "PERSON", "Person", gender=gender)
            self.observations.mentions.append(completed)
            self.mention_of_token[span[0].i] = completed

    def _surname_of_the_owner(self, kin: Token) -> str | None:
        """The surname of the person whose relative ``kin`` is: the one it is listed with ("Margaret Ellory and her
        husband"), else the subject of its clause ("Arthur set up the business with his wife"); a bare first name
        completed from a full name the text gave before ("Arthur" after "Arthur Fenwick-Lowe"). None for "he"."""
        owner = kin.head if kin.dep_ == "conj" else None
        if owner is None or not self.names_person(self.mention_of_token.get(owner.i)):
            verb = kin
            while verb.dep_ not in ("ROOT", "relcl", "advcl", "ccomp", "xcomp", "conj") and verb.head.i != verb.i:
                verb = verb.head
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            owner = subjects[0] if subjects else None
            if owner is not None and owner.lower_ in ("who", "that") and verb.dep_ == "relcl":
                owner = verb.head
        mention = self.mention_of_token.get(owner.i) if owner is not None else None
        if not self.names_person(mention):
            return None
        words = mention.text.split()
        if len(words) > 1:
            return words[-1]
        full = [m.text.split() for m in self.observations.mentions if self.names_person(m) and m.begin < mention.begin
                and len(m.text.split()) > 1 and words[0] in (m.text.split()[0], m.text.split()[-1])]
        return full[-1][-1] if full else None

    def _couple_title_before(self, first: Span) -> bool:
        """Whether a couple's or siblings' title stands right before two first names: "husband and wife Owen and Carys
        Pellow", "the husband-and-wife team of Nora and Felix Brandt", "brothers Conor and Eamonn Devlin"."""
        words = [t.lower_ for t in self.doc[max(0, first.start - 6):first.start]]
        text = " ".join(w for w in words if w not in ("-", "–"))
        return bool(re.search(r"\b(?:husband and wife|wife and husband)(?: team)?(?: of)?$", text)
                    or re.search(r"\b(?:brothers|sisters|siblings|twins|cousins)$", text))

    def _people_noun_before(self, first: Span) -> bool:
        """ "its two other founders, Clódagh and Ruairí Conneely": a noun for people, then a comma, before a name."""
        if first.start < 2 or self.doc[first.start - 1].text != ",":
            return False
        noun = self.doc[first.start - 2]
        return noun.pos_ == "NOUN" and bool({noun.lower_, noun.lemma_.lower()} & _PEOPLE_NOUNS)

    def _described_people(self) -> None:
        """An untagged name that the words after it make a person's: "Pierre-Luc Dufresne, an economist with ...",
        "Gloria Pettaway-Sims, 67," (a lone first name tagged as something else, then a surname the tagger left)."""
        from spacy.attrs import POS
        from spacy.symbols import NOUN, PROPN

        doc = self.doc
        resume = 0  # the token after the last name read
        for i in self.indices_with(POS, (PROPN, NOUN)):
            if i < resume:
                continue
            token = doc[i]
            if not token.text[:1].isupper() or not NAME_WORD.fullmatch(token.text) \
                    or token.lower_ in _NOT_A_NAME_WORD:
                continue
            j = i
            while j + 1 < len(doc) and j - i < 2 and doc[j + 1].text[:1].isupper() and NAME_WORD.fullmatch(doc[j + 1].text):
                j += 1
            words = doc[i:j + 1]
            tagged = self._mentions_over(words)
            before = doc[i - 1] if i > 0 else None
            if (before is not None and before.lower_ == "the") or self._employer_of_role(words):
                resume = j + 1
                continue  # "a dairy farmer from the Eastern Townships, who said": a place; "a director at X, who"
            if len(words) >= 2 and not any(m.label == "PERSON" or m.forced for m in tagged) \
                    and all(m.begin >= self.offset + words.start_char and m.end <= self.offset + words.end_char
                            for m in tagged) \
                    and organization_type(words.text) is None and (
                        _PERSON_AFTER.match(self.text, words.end_char) or self._role_after(words)):
                for mention in tagged:
                    self._drop_mention(mention)
                self.force(words[0], words[-1], "Person")
            resume = j + 1

    def _described_bodies(self) -> None:
        """An untagged name that opens a sentence and an appositive makes a body's: "Ledgerly, the Edinburgh payroll
        software company set up by ..., has been bought" (the tagger read the name as an adverb). One or two
        capitalized words, never a word that opens sentences ("However, the company said": "company" is the subject
        of a new clause there), and the appositive's head a noun of a non-state body."""
        doc = self.doc
        for sent in self.sentences:
            first = sent[0]
            if first.i in self.mention_of_token or not first.text[:1].isupper() or first.text.isupper() \
                    or not NAME_WORD.fullmatch(first.text) or first.lower_ in _SENTENCE_OPENERS \
                    or first.lower_ in _NOT_A_NAME_WORD:
                continue
            last = first
            if last.i + 1 < sent.end and doc[last.i + 1].text[:1].isupper() and NAME_WORD.fullmatch(doc[last.i + 1].text) \
                    and last.i + 1 not in self.mention_of_token:
                last = doc[last.i + 1]
            noun = self._noun_after(doc[first.i:last.i + 1])
            if noun is not None and noun.lower_ in NON_STATE_NOUNS:
                self.force(first, last, "Organization")

    def _marked_people(self) -> None:
        """Two to four name words that a hyphen inside a word or a Gaelic particle marks as a person's name:
        "Josée Comeau-LeBlanc appeared ...", "Marie-Claude Desrosiers of the ...", "Ji-woo Park and ...", "Diarmuid
        Ó Laoire SC", "Deirdre Mac an tSaoir". The tagger reads such words as unknown nouns, adjectives or bodies
        ("Mei-Lin Osei" as an organization). A capitalized word on either side makes the run part of a longer name
        ("Baie Sainte-Marie Harvesters Co-operative"), and a name word that is a title, a role or a common word's
        prefix is no person's ("Long-Term Care", "Pre-Budget Consultations")."""
        if "-" not in self.text and not re.search(r"\b(?:Ó|Ní|Nic|Uí|Ua|ap|Mac)\s", self.text):
            return
        doc = self.doc
        for match in _MARKED_NAME.finditer(self.text):
            name = match.group(0)
            if match.start() < self.headline_end or "\n" in name or not _NAME_MARK.search(name):
                continue
            span = doc.char_span(match.start(), match.end())
            if span is None:
                continue
            while len(span) > 2 and (span[0].is_stop or span[0].pos_ in _NOT_NAME_POS
                                     or span[0].lower_.rstrip(".") in _TITLES_OR_PERSON_NOUNS):
                span = span[1:]  # "When Delphine Aucoin-Harlan ...": the sentence's first word is no name's
            if not _NAME_MARK.search(span.text) or len(span.text.split()) < 2:
                continue
            name = span.text
            words = name.split()
            halves = [h.lower() for w in words for h in w.split("-")]
            if any(h in _NOT_A_NAME_WORD or h in _NOT_NAME_PREFIXES for h in halves) \
                    or any(w.split("-")[-1] in _KIND_OF_PLACE_AFTER for w in words) \
                    or organization_type(name) is not None or any(w.lower() in ORGANIZATION_NOUNS for w in words) \
                    or _COMMON_PLURAL_ENDING.search(words[-1]):
                continue
            before = doc[span.start - 1] if span.start > 0 else None
            after = doc[span.end] if span.end < len(doc) else None
            if before is not None and before.text[:1].isupper() and before.is_alpha \
                    and before.lower_.rstrip(".") not in TITLES and not before.is_sent_start:
                continue  # "North Baie Sainte-Marie": more of a longer name
            if before is not None and before.lower_ in ("the", "a", "an"):
                continue  # "the Saint-Laurent Valley": a place or a kind of thing
            if after is not None and after.text[:1].isupper() and after.is_alpha \
                    and after.text.lower().replace(".", "") not in POST_NOMINALS:
                continue  # "Sainte-Marie Harvesters": more of a body's name
            if after is not None and span[-1].dep_ == "compound" and after.pos_ == "NOUN" and after.text.islower():
                continue  # "the Comeau-LeBlanc family boat": a modifier, not the person
            if any(t.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT") for t in span):
                continue
            begin, end = self.begin(span[0]), self.end(span[-1])
            touching = self._mentions_over(span)
            if any(self.names_person(m) and (m.begin, m.end) == (begin, end) for m in touching) \
                    or any((self.names_person(m) or organization_type(m.text)) and not self._only_titles_outside(
                        m, begin, end) for m in touching if m.begin < begin or m.end > end):
                continue  # already a person's name, or part of a longer name the tagger saw
            for mention in touching:
                self._drop_mention(mention)
            self.force(span[0], span[-1], "Person")

    def _nicknamed_people(self) -> None:
        """A given name, a nickname in quotes and a surname: one person, named without the nickname ("Deborah
        Kinsella" for Deborah "Deb" Kinsella), whatever the tagger made of the pieces."""
        if not any(q in self.text for q in "\"“‘'"):
            return
        for match in _NICKNAMED.finditer(self.text):
            if match.start() < self.headline_end or "\n" in match.group(0):
                continue
            words = f"{match.group('given')} {match.group('surname')}".split()
            if any(w.lower() in _NOT_A_NAME_WORD for w in words) \
                    or organization_type(match.group(0)) is not None:
                continue
            span = self.doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None:
                continue
            touching = self._mentions_over(span)
            if any(m.begin < self.offset + match.start() or m.end > self.offset + match.end() for m in touching):
                continue  # part of a longer name
            for mention in touching:
                self._drop_mention(mention)
            mention = RawMention(self.offset + match.start(), self.offset + match.end(), " ".join(words), "PERSON",
                                 "Person")
            self.observations.mentions.append(mention)
            for token in span:
                self.mention_of_token[token.i] = mention

    def _titled_people(self) -> None:
        """Two or three name words right after a title or a person's role are a person's name, whether the tagger
        missed them ("Liberal MP Danielle Fortin-Akande"), cut them ("Detective Sergeant [Aoife] Kelly", "Crown
        prosecutor [Te] Aroha Whitcombe") or called them something else ("prosecutor Adrian [NORP] Belcher KC
        [ORG]"); a post-nominal after them is neither part of the name nor a body."""
        from spacy.attrs import LOWER

        doc = self.doc
        for title in map(doc.__getitem__, self.indices_with(LOWER, _TITLE_WORDS)):
            if title.i + 2 >= len(doc) or not title.is_alpha \
                    or title.text.isupper() and len(title.text) > 3 \
                    or self.begin(title) < self.offset + self.headline_end:
                continue
            run = []
            for token in doc[title.i + 1:title.i + 5]:
                if not _name_word_after_title(token):
                    break
                run.append(token)
            after = doc[run[-1].i + 1] if run and run[-1].i + 1 < len(doc) else None
            if not 2 <= len(run) <= 3 or (after is not None and _name_word_after_title(after)):
                continue
            words = doc[run[0].i:run[-1].i + 1]
            if organization_type(words.text) is not None or any(t.lower_ in ORGANIZATION_NOUNS for t in words) \
                    or any(t.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT") for t in words):
                continue
            begin, end = self.begin(words[0]), self.end(words[-1])
            touching = self._mentions_over(words)
            if any(not self._only_titles_outside(m, begin, end) for m in touching):
                continue  # a longer name the tagger saw stays whole
            exact = [m for m in touching if (m.begin, m.end) == (begin, end)]
            if exact:
                if exact[0].forced != "Person" and (exact[0].label != "PERSON" or exact[0].forced):
                    exact[0].forced = "Person"  # "chair Emma Hurstbridge, an Animal Justice Party MLC": no body
            else:
                for mention in touching:
                    self._drop_mention(mention)
                self.force(words[0], words[-1], "Person")
            suffix = self.mention_of_token.get(after.i) if after is not None else None
            if suffix is not None and suffix.text.lower().replace(".", "") in POST_NOMINALS:
                self._drop_mention(suffix)

    def _witness_subjects(self) -> None:
        """Two or three name words as the subject of testifying, of appearing before a body or of telling a
        committee, MPs, a court or jurors are a person's name, whatever the tagger made of them ("Priyanka Dhaliwal
        told the ... Committee", "Gurpreet Sandhu-Lalonde appeared before ..."): bodies submit, people testify."""
        from spacy.attrs import POS
        from spacy.symbols import AUX, VERB

        doc = self.doc
        for verb in map(doc.__getitem__, self.indices_with(POS, (VERB, AUX))):
            if not self._a_witness_verb(verb):
                continue
            for subject in children(verb, "nsubj"):
                first, _ = _compound_run(subject)
                while first.i > 0 and first.i > subject.i - 2 and doc[first.i - 1].dep_ == "compound" \
                        and doc[first.i - 1].head.i >= first.i and _name_word_after_title(doc[first.i - 1]):
                    first = doc[first.i - 1]
                words = doc[first.i:subject.i + 1]
                if len(words) == 4 and any(t.text in _NAME_PARTICLES for t in words[1:-1]):
                    pass  # "Ciarán Mac Giolla Bhríde was giving evidence": a particle makes four words one name
                elif not 2 <= len(words) <= 3:
                    continue
                if not all(
                        t.text[:1].isupper() and not t.text.isupper() and NAME_WORD.fullmatch(t.text)
                        and t.lower_ not in _NOT_A_NAME_WORD for t in words) \
                        or not _name_word_after_title(words[-1]) \
                        or organization_type(words.text) is not None \
                        or any(t.lower_ in ORGANIZATION_NOUNS or t.ent_type_ in ("GPE", "NORP", "DATE") for t in words):
                    continue
                begin, end = self.begin(words[0]), self.end(words[-1])
                touching = self._mentions_over(words)
                if any(self.names_person(m) or m.forced or not self._only_titles_outside(m, begin, end)
                       for m in touching):
                    continue
                for mention in touching:
                    self._drop_mention(mention)
                self.force(words[0], words[-1], "Person")

    def _a_witness_verb(self, verb: Token) -> bool:
        """Testifying; appearing before someone; telling a hearing's or a court's audience."""
        if verb.pos_ not in ("VERB", "AUX"):
            return False
        if verb.lower_ in TESTIFY_WORDS:
            return True
        if verb.lower_ in APPEAR_VERBS:
            return any(p.lower_ == "before" for p in children(verb, "prep"))
        if verb.lemma_.lower() == "give" and any(o.lower_ == "evidence" for o in children(verb, "dobj")):
            return True  # "X was giving evidence to the inquiry"
        if verb.lower_ in TOLD_FORMS:
            # whom: the words after "told" up to the clause told ("told the legislature's Select Standing Committee
            # on Finance that ..." may be parsed with no object)
            for told in self.doc[verb.i + 1:min(verb.i + 14, verb.sent.end)]:
                if told.lower_ in ("that", ",", ":", ";") or told.pos_ == "VERB" or told.is_quote:
                    break
                mention = self.mention_of_token.get(told.i)
                if told.lower_ in _AUDIENCE_NOUNS or (
                        mention is not None and organization_type(mention.text) == "LegislativeBody"):
                    return True
        return False

    def _lead_people(self) -> None:
        """People of the lead sentence, tagged on the sentence alone: a headline or a dateline parsed with it leads
        the tagger to miss names it finds in the sentence by itself ("ST. PAUL, Minn. — Siobhán O'Dwyer has lived
        ..."), and the lead is where news names its main person."""
        if self.offset != 0 or FIELD_LINE.match(self.text):
            return  # a fact sheet's fields ("NAME: ..."), not a news lead
        line_end = self.text.find("\n")
        headline = line_end > 0 and not self.text[:line_end].rstrip().endswith((".", "?", "!", '"', "”", ":"))
        start = re.compile(r"\s*").match(self.text, line_end if headline else 0).end()
        dateline = _DATELINE_PREFIX.match(self.text, start)
        if dateline is not None:
            start = dateline.end()
        if start >= len(self.text) or not (headline or dateline):
            return
        first = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if first is None or not len(first):
            return
        end = first[0].sent.end_char
        if not self._unnamed_proper_nouns(first[0].sent):
            return  # every name of the lead is already a person's or part of a body's: nothing to tag again
        from spacy.tokens import Span

        from .pipeline import load_pipeline

        # the recognizer alone (it has its own token vectors): a fraction of parsing the sentence again
        nlp = load_pipeline()
        for ent in nlp.get_pipe("ner")(nlp.make_doc(self.text[start:end])).ents:
            if ent.label_ != "PERSON" or len(ent) < 2 or any(t.is_upper and len(t.text.rstrip(".")) > 1 for t in ent):
                continue  # one word or an acronym in it ("NASA Astronaut"): not the lead's person
            name_start, name_stop = strip_name(ent.text, person=True)
            begin, stop = start + ent.start_char + name_start, start + ent.start_char + name_stop
            span = self.doc.char_span(begin, stop)
            if span is None or len(span) < 2:
                continue
            in_document = Span(self.doc, span.start, span.end, label="PERSON")
            if _a_place(in_document) or _a_place_by_its_words(in_document):
                continue  # the words around make it a place
            touching = self._mentions_over(span)
            if any(self.names_person(m) or m.begin < self.offset + begin or m.end > self.offset + stop
                   for m in touching):
                continue
            for mention in touching:
                self._drop_mention(mention)
            mention = RawMention(self.offset + begin, self.offset + stop, self.text[begin:stop], "PERSON", None)
            mention.gender = _gender_before(self.text, begin)
            self.observations.mentions.append(mention)
            for token in span:
                self.mention_of_token[token.i] = mention

    def _unnamed_proper_nouns(self, sent: Span) -> bool:
        """Whether two capitalized proper nouns in a row in ``sent`` are no person's name yet (untagged, or tagged
        as something else): what tagging the sentence again may find."""
        previous = False
        for token in sent:
            mention = self.mention_of_token.get(token.i)
            candidate = token.pos_ in ("PROPN", "NOUN") and token.text[:1].isupper() and not token.is_sent_start \
                or token.pos_ == "PROPN" and token.text[:1].isupper()
            candidate = candidate and not self.names_person(mention) and (
                mention is None or organization_type(mention.text) is None)
            if candidate and previous:
                return True
            previous = candidate
        return False

    def _only_titles_outside(self, mention: RawMention, begin: int, end: int) -> bool:
        """Whether ``mention`` reaches beyond ``begin``..``end`` only over titles before and post-nominals after
        ("[Garda Órla] Ní Dhubhghaill" tagged across the title)."""
        before = self.text[mention.begin - self.offset:max(mention.begin, begin) - self.offset].split()
        after = self.text[min(mention.end, end) - self.offset:mention.end - self.offset].split()
        return all(w.lower().rstrip(".") in TITLES for w in before) \
            and all(w.lower().replace(".", "") in POST_NOMINALS for w in after)

    def _mentions_over(self, tokens) -> list[RawMention]:
        """The mentions any of ``tokens`` belongs to, each once, in the order met."""
        return list({id(m): m for t in tokens if (m := self.mention_of_token.get(t.i)) is not None}.values())

    def _drop_mention(self, mention: RawMention) -> None:
        """Forget ``mention``: a rule found a better name over its tokens."""
        self.observations.mentions[:] = [m for m in self.observations.mentions if m is not mention]
        for k in [k for k, m in self.mention_of_token.items() if m is mention]:
            del self.mention_of_token[k]

    def _role_after(self, words: Span) -> bool:
        """ ", an economist with ...", ", the chief executive of ...", ", president of ...": a role noun in
        apposition after a name."""
        noun = self._noun_after(words)
        if noun is not None and noun.lower_ in _PERSON_NOUNS_OR_ROLES:
            return True
        role = _BARE_ROLE_AFTER.match(self.text, words.end_char)
        return role is not None and role.group("role").split()[-1] in _PERSON_NOUNS_OR_ROLES

    def _conjoined_people(self) -> None:
        """An untagged name conjoined with a person's: "Ana Ruiz and Paul Okoye testified" (a person too)."""
        people = {id(m): m for m in self.mention_of_token.values() if self.names_person(m)}
        for mention in people.values():
            span = self.doc.char_span(mention.begin - self.offset, mention.end - self.offset, alignment_mode="expand")
            if span is None:
                continue
            for other in span.root.conjuncts:
                if other.i in self.mention_of_token or other.pos_ != "PROPN" or not NAME_WORD.fullmatch(other.text):
                    continue
                if any(c.i < other.i and c.left_edge.i > 0 and self.doc[c.left_edge.i - 1].lower_ in ("and", "or")
                       for c in (span.root, *span.root.conjuncts)):
                    continue  # "by A and the GP Dr B, Fermanagh Rural Transport runs ...": past the list's "and"
                first, last = _compound_run(other)
                while first.i < last.i and (first.lower_.rstrip(".") in TITLES or first.text == "."):
                    first = self.doc[first.i + 1]  # "Sens. Harlan Reed": the name after the title
                words = self.doc[first.i:last.i + 1]
                if not 2 <= len(words) <= 3 or any(t.i in self.mention_of_token or not t.text[:1].isupper()
                                                   or t.lower_ in TITLES for t in words) \
                        or organization_type(words.text) is not None:
                    continue
                self.force(first, last, "Person")

    def _surname_mentions(self) -> None:
        """A bare surname spaCy did not tag ("Chon, who later served ...") of a person the document named in full
        before: a mention of that person, unless the word is part of another name ("Chon Foundation")."""
        surnames: dict[str, int] = {}  # surname -> where its full name first appears
        for m in self.observations.mentions:
            if not self.names_person(m):
                continue
            words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", m.text) if w not in NAME_SUFFIXES]
            if len(words) >= 2 and words[-1][:1].isupper() and len(words[-1]) > 1:
                surnames[words[-1]] = min(surnames.get(words[-1], m.begin), m.begin)
        if not surnames:
            return
        from spacy.attrs import ORTH

        doc = self.doc
        for token in map(doc.__getitem__, self.indices_with(ORTH, surnames)):
            first = surnames[token.text]
            if self.begin(token) <= first:
                continue
            tagged = self.mention_of_token.get(token.i)
            if tagged is not None:
                if tagged.label in ("ORG", "PRODUCT", "WORK_OF_ART", "FAC", "NORP") and tagged.text == token.text \
                        and tagged.forced is None:
                    # "Mendes, a former Marine sergeant, spoke" tagged as a product, "Subramanian told the
                    # committee" as a nationality
                    tagged.label = "PERSON"
                elif tagged.label in ("ORG", "PRODUCT", "WORK_OF_ART", "FAC", "NORP") and tagged.forced is None \
                        and tagged.end == self.end(token) and tagged.text.split()[0].lower().rstrip(".") in TITLES \
                        and len(tagged.text.split()) == 2:
                    # "Dr Ngata replied" tagged as a body: the person, without the title
                    tagged.begin, tagged.text, tagged.label = self.begin(token), token.text, "PERSON"
                    tagged.gender = tagged.gender or _gender_before(self.text, token.idx)
                    for i in [i for i, m in self.mention_of_token.items() if m is tagged and i < token.i]:
                        del self.mention_of_token[i]
                continue
            # a common noun or adjective at a sentence's start is a surname only when double-barrelled
            # ("Pettaway-Sims said", tagged as a noun; "Pryce-Jarvis said", as an adjective)
            if not (token.pos_ == "PROPN" or (token.pos_ == "NOUN" and not token.is_sent_start) or (
                    token.pos_ in ("NOUN", "ADJ") and _DOUBLE_BARRELLED.fullmatch(token.text))) \
                    or token.ent_type_ in _NOT_A_PERSON_LABELS:
                continue
            # a title before it is no other name: "Dr Ngata said"
            neighbours = [doc[j] for j in (token.i - 1, token.i + 1) if 0 <= j < len(doc)
                          and not (j == token.i - 1 and doc[j].lower_.rstrip(".") in TITLES)]
            if any(n.text[:1].isupper() and n.is_alpha and (n.pos_ == "PROPN" or n.i in self.mention_of_token)
                   and not n.is_sent_start for n in neighbours) or (
                    token.i > 0 and doc[token.i - 1].text[:1].isupper() and doc[token.i - 1].pos_ == "PROPN"
                    and doc[token.i - 1].lower_.rstrip(".") not in TITLES):
                continue  # part of another name: "Chon Foundation", "Will Smith"
            mention = RawMention(self.begin(token), self.end(token), token.text, "PERSON", None)
            mention.gender = _gender_before(self.text, token.idx)
            self.observations.mentions.append(mention)
            self.mention_of_token[token.i] = mention

    def _whole_person_name(self, ent: Span, begin: int, end: int) -> tuple[int, int]:
        """A person's name spaCy cut short: a generational suffix ("James P. Kennedy, Jr."), or one more
        capitalized proper noun on either side outside any entity ("Farhiyo [Farah Ibrahim]", "[Josephine
        Obiajulu] Odumakin")."""
        doc = self.doc
        suffix = _NAME_SUFFIX.match(self.text, end)
        if suffix is not None:
            return begin, suffix.end()
        before = doc[ent.start - 1] if ent.start > 0 else None
        after = doc[ent.end] if ent.end < len(doc) else None
        if len(ent) < 2:
            if after is not None and ent[-1].whitespace_ == " " and _surname_word(after):
                return begin, after.idx + len(after.text)  # "Margaret [O'Dowd-Beaulieu]", tagged a body
            if before is not None and before.whitespace_ == " " and before.dep_ == "compound" \
                    and before.head.i == ent.start and _surname_word(before) and before.ent_type_ != "NORP" \
                    and self.text.count(before.text + " " + ent.text) > 1:
                # "[Yolanda] Pruitt testified", the given name tagged a place or left out, where the text names her
                # so again ("Desmond and Yolanda Pruitt")
                return before.idx, end
            return begin, end
        if before is not None and ent[0].text in MIDDLE_NAMES and before.whitespace_ == " " and before.is_alpha \
                and before.text[:1].isupper() and not before.text.isupper() \
                and before.lower_ not in _NOT_A_NAME_WORD:
            return before.idx, end  # "[Parminder] Kaur Sandhu": the given name before a middle name, however tagged
        if after is not None and _extra_name_word(after) and ent[-1].whitespace_ == " ":
            end = after.idx + len(after.text)
        elif before is not None and _extra_name_word(before) and before.whitespace_ == " " and (
                before.is_sent_start or before.i == 0):
            begin = before.idx
        return begin, end

    def _context_type(self, ent: Span, span: Span) -> str | None:
        doc = self.doc
        self._description = None
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ in ORGANIZATION_NOUNS and before.pos_ == "NOUN" \
                and before.text.islower() and not (  # not a title-case headline's "Charity Treasurer Tells Jury"
                before.lower_ == "team" and ent.label_ == "PERSON") and not (  # "husband-and-wife team Paul and ..."
                before.lower_ in ROLE_OR_BODY_NOUNS and ent.label_ == "PERSON" and 2 <= len(span) <= 3
                and organization_type(span.text) is None):  # "former taxi operator Nick Papadakis"
            self._description = before.lower_
            return "Organization"  # "the nonprofit Thorn"
        if before is not None and before.lower_.rstrip(".") in TITLES and before.text[:1].isupper() \
                and ent.label_ in ("PERSON", "ORG", "PRODUCT", "GPE", "NORP") \
                and before.idx >= self.headline_end and not (  # not "Charity Treasurer Tells Jury", every word capitalized
                    span.end < len(doc) and doc[span.end].text[:1].isupper()
                    and doc[span.end].lower_ in _TITLES_OR_PERSON_NOUNS):
            return "Person"  # not the place inside a longer title: "Deputy County Attorney Jane Doe"
        if before is not None and before.lower_ in ("of", "at") and span.start >= 2 \
                and doc[span.start - 2].lower_ in _EMPLOYER_ROLES and doc[span.start - 2].pos_ in ("NOUN", "ADJ", "PROPN") \
                and ent.label_ in ("PERSON", "ORG", "PRODUCT", "FAC", "WORK_OF_ART") \
                and not (span.end < len(doc) and doc[span.end].tag_ == "POS"):
            return "Organization"  # "chief executive of Marches Water, told", "a director general at Transport Canada, who"
        if ent.label_ in _PERSON_LOOKALIKE_LABELS and _PERSON_AFTER.match(self.text, span.end_char) \
                and not (before is not None and before.lower_ == "the") and not self._employer_of_role(span) \
                and organization_type(span.text) is None and len(span) <= 4 and not (
                    ent.label_ in ("GPE", "LOC") and (len(span) < 2 or (before is not None and before.text == ","))
                    and not (_DOUBLE_BARRELLED.fullmatch(span.text) and _AGE_AFTER.match(self.text, span.end_char))):
            return "Person"  # "Nadia Farouk-Hensley, who co-founded ...", "Dale Pruitt, 61," (tagged a body)
        if before is not None and before.text == "," and span.start >= 2 and ent.label_ in _PERSON_LOOKALIKE_LABELS \
                and doc[span.start - 2].lower_ in _PERSON_NOUNS_OR_ROLES and doc[span.start - 2].pos_ == "NOUN" \
                and organization_type(span.text) is None and span.end < len(doc) and doc[span.end].text in (",", "."):
            return "Person"  # "The committee's chair, Caroline Bexley-Ward, said", "... from her attorney, Jo Rae."
        # "Polaris, the anti-trafficking nonprofit founded in 2002 by ...": the head of an appositive whose noun
        # names a kind of body
        for child in span.root.children:
            if child.dep_ == "appos" and child.pos_ in ("NOUN", "ADJ") and child.left_edge.i == span.end + 1 \
                    and doc[span.end].text == "," and (
                        child.lower_ in ORGANIZATION_NOUNS or child.lemma_.lower() in ORGANIZATION_NOUNS) \
                    and not any(c.dep_ == "poss" for c in child.children):
                self._description = child.lower_
                return "Organization"
        i = span.end
        last_noun = self._noun_after(span)
        if last_noun is not None and last_noun.lower_ in ORGANIZATION_NOUNS:
            self._description = last_noun.lower_
            return "Organization"
        if ent.label_ == "ORG" and 2 <= len(span) <= 3 and organization_type(span.text) is None \
                and _KIN_AFTER.match(self.text, span.end_char):
            return "Person"  # "Leo Marsh and his cousin, ..." tagged a body
        if before is not None and ent.label_ == "ORG" and _occupation(before) and before.i + 1 == span.start \
                and 2 <= len(span) <= 3 and organization_type(span.text) is None \
                and all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.text.isupper() for t in span):
            return "Person"  # "the Tobermory hotelier Iain MacLeod" tagged a body
        if ent.label_ in ("ORG", "GPE", "NORP", "PRODUCT", "FAC") and 2 <= len(span) <= 3 \
                and organization_type(span.text) is None \
                and all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.text.isupper() for t in span) \
                and _KIN_BEFORE.search(self.text, max(0, span.start_char - 40), span.start_char):
            return "Person"  # "with his brother-in-law, Réjean Thériault" (tagged a body), "her partner, Gethin Rowlands"
        if last_noun is not None and (last_noun.lower_ in PERSON_NOUNS or _occupation(last_noun)) and (
                ent.label_ == "PERSON" or (
                ent.label_ == "ORG" and 2 <= len(span) <= 3 and organization_type(span.text) is None
                and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in span))):
            return "Person"  # "Ella Stone, a former chef" (tagged a body)
        if i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in BARE_ROLES and len(span) > 1 \
                and organization_type(span.text) is None:
            return "Person"  # a list entry "Henriette Ekwe Ebongo, journalist and publisher of Bebela"
        return None

    def _employer_of_role(self, span: Span) -> bool:
        """A name after a role's preposition ("A, a director general at Sport Canada, who said"): the employer in the
        role, which the relative clause after it does not make a person (not a kin noun's "the wife of X, who")."""
        doc = self.doc
        if span.start < 2 or doc[span.start - 1].lower_ not in ("at", "of", "for", "with"):
            return False
        role = doc[span.start - 2]
        if role.pos_ != "NOUN" or role.lower_ in KINSHIP_NOUNS:
            return False
        return role.lower_ in BARE_ROLES or _occupation(role) or any(
            c.dep_ == "compound" and (c.lower_ in BARE_ROLES or _occupation(c)) for c in role.children)

    def _noun_after(self, span: Span) -> Token | None:
        """The head noun of ", a/the ... NOUN" right after a name ("Thorn, the nonprofit", "X, a foundation")."""
        doc = self.doc
        i = span.end
        if not (i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in ("a", "an", "the")):
            return None
        last_noun = None
        for token in doc[i + 2:i + 8]:
            if token.pos_ in ("ADJ", "NOUN", "PROPN", "ADV") or token.text == "-" or (
                    token.dep_ in ("amod", "compound") and token.head.i > token.i):
                if token.pos_ == "NOUN" or token.lower_ in ORGANIZATION_NOUNS:  # "nonprofit" tagged an adjective
                    last_noun = token
                continue
            if token.tag_ == "POS":
                last_noun = None
            break
        following = doc[last_noun.i + 1] if last_noun is not None and last_noun.i + 1 < len(doc) else None
        if following is not None and last_noun.dep_ in ("nsubj", "nsubjpass") and following.pos_ in ("VERB", "AUX") \
                and following.dep_ not in ("acl", "relcl"):
            return None  # "... from the Hewlett Foundation, the group announced": a new clause's subject
        return last_noun

    def mention_at(self, token: Token) -> RawMention | None:
        return self.mention_of_token.get(token.i)

    def force(self, first: Token, last: Token, type_: str) -> Ref | None:
        """Record that tokens ``first``..``last`` name an agent of ``type_`` (a mention spaCy missed or mistyped)."""
        text = self.text[first.idx:last.idx + len(last.text)]
        start, stop = strip_name(text, person=type_ == "Person")
        if stop <= start:
            return None
        begin = first.idx + start
        mention = self.mention_of_token.get(first.i)
        if mention is not None and (mention.begin, mention.end) == (self.offset + begin, self.offset + first.idx + stop):
            mention.forced = type_
            return Ref(mention.begin, mention.end)
        mention = RawMention(self.offset + begin, self.offset + first.idx + stop, text[start:stop], "CONTEXT",
                             type_)
        self.observations.mentions.append(mention)
        for token in self.doc[first.i:last.i + 1]:
            self.mention_of_token[token.i] = mention
        return Ref(mention.begin, mention.end)

    def person_in_a_persons_place(self, ref: Ref) -> None:
        """A name the tagger called a body where only a person can stand (who founded, married or divorced):
        two or three name words with no word of a body's name are a person's; one word only as the subject of an
        active verb ("In 2003, Raman incorporated ...")."""
        mention = self.mention_of_ref(ref)
        if mention is None or mention.forced or mention.label not in ("ORG", "PRODUCT", "WORK_OF_ART"):
            return
        span = self.doc.char_span(mention.begin - self.offset, mention.end - self.offset, alignment_mode="expand")
        if span is None or span.root.dep_ in ("compound", "poss"):
            return  # "Marine Corps veterans", "parishioners at St Clement's church": no one's name
        words = mention.text.split()
        fewest = 1 if span.root.dep_ == "nsubj" else 2
        if fewest <= len(words) <= 3 and all(_PERSON_NAME_WORD.fullmatch(w) for w in words) \
                and organization_type(mention.text) is None \
                and not any(w.lower() in ORGANIZATION_NOUNS or w.lower() in NOT_FOUNDED_NOUNS for w in words):
            mention.forced = "Person"

    def untyped(self, token: Token) -> Ref | None:
        """A proper noun spaCy did not tag ("Altman, who co-founded OpenAI"): a mention whose type the other
        mentions of the same name decide (none: it makes no entity)."""
        if token.pos_ != "PROPN" or not token.text[:1].isupper() or token.i in self.mention_of_token:
            return None
        run = self.force(*_compound_run(token), "CONTEXT")
        if run is None:
            return None
        mention = self.mention_of_token.get(token.i)
        if mention is not None:
            mention.forced = None
        return run

    def mention_of_ref(self, ref: Ref) -> RawMention | None:
        """The mention a ``Ref`` points at exactly (None for an anaphor)."""
        if ref.want != "mention":
            return None
        first = self.doc.char_span(ref.begin - self.offset, ref.end - self.offset, alignment_mode="expand")
        mention = self.mention_at(first[0]) if first is not None and len(first) else None
        return mention if mention is not None and (mention.begin, mention.end) == (ref.begin, ref.end) else None

    @staticmethod
    def names_person(mention: RawMention | None) -> bool:
        """Whether ``mention`` is a person's name: tagged one, or made one by its context ("her husband, Graeme")."""
        return mention is not None and (mention.label == "PERSON" or mention.forced == "Person")

    def is_person(self, ref: Ref) -> bool:
        """Whether ``ref`` names a person (or is an anaphor that may stand for one)."""
        if ref.want != "mention":
            return ref.want in ("person", "agent", "description")
        mention = self.mention_of_ref(ref)
        return self.names_person(mention)

    # --- where names stand ------------------------------------------------------------------------------------

    def record_roles(self) -> None:
        """Record every sentence start, and the grammatical role of each mention and personal pronoun, for the
        resolver to prefer the subject of the sentence before a pronoun over a name in a relative clause
        ("Jada Pinkett Smith, who is married to Will Smith, has spoken ... In 2013, she testified")."""
        from spacy.attrs import LOWER

        doc = self.doc
        roles = self.observations.roles
        # the tokens this reads: those of a mention, and personal pronouns
        candidates = sorted({*self.mention_of_token, *self.indices_with(LOWER, PERSONAL_PRONOUNS)})
        for sent in self.sentences:
            self.observations.sentences.append(self.offset + sent.start_char)
            seen: set[int] = set()
            for i in candidates[bisect.bisect_left(candidates, sent.start):bisect.bisect_left(candidates, sent.end)]:
                token = doc[i]
                mention = self.mention_of_token.get(token.i)
                if mention is not None:
                    if id(mention) in seen:
                        continue
                    seen.add(id(mention))
                    span = doc.char_span(mention.begin - self.offset, mention.end - self.offset,
                                         alignment_mode="expand")
                    role, clause = _grammatical_role(span.root if span is not None else token)
                    if mention.described is None and mention.forced not in ("Person", None) and span is not None:
                        # a name a rule found ("Bridgeway, the agency co-founded by ..."): what the text calls it
                        noun = self._noun_after(span)
                        if noun is not None and noun.lower_ in ORGANIZATION_NOUNS:
                            mention.described = noun.lower_
                    roles[mention.begin] = (role, None if clause is None else self.begin(clause))
                    if span is not None and self.names_person(mention):
                        mention.occupations |= _occupations(span)
                elif token.lower_ in PERSONAL_PRONOUNS and token.pos_ == "PRON":
                    role, clause = _grammatical_role(token)
                    if token.dep_ == "poss":
                        role = "poss"
                    roles[self.begin(token)] = (role, None if clause is None else self.begin(clause))
                    self._gender_of_reporter(token)
                    self._gender_of_kin_owner(token)
                    self._addressee_of_answer(token)

    def _gender_of_reporter(self, pronoun: Token) -> None:
        """ "Tobias Wren testified that he had been told ...": the first subject after the main verb, a pronoun, in a
        sentence that names one person only, its subject, is that person, and gives their gender (a later "Her
        husband" then does not take them for the wife). Not a later one: "X told the court that members had run
        raffles to raise money he took"."""
        root = pronoun.sent.root
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.lower_ not in ("he", "she") or root.pos_ != "VERB" \
                or pronoun.i <= root.i or any(t.dep_ in ("nsubj", "nsubjpass") for t in self.doc[root.i + 1:pronoun.i]):
            return
        speaker = next((c for c in root.children if c.dep_ == "nsubj"), None)
        mention = self.mention_at(speaker) if speaker is not None else None
        people = {id(m) for t in pronoun.sent if self.names_person(m := self.mention_at(t))}
        if self.names_person(mention) and mention.gender is None and len(people) == 1:
            mention.gender = PRONOUN_GENDER[pronoun.lower_]

    def _gender_of_kin_owner(self, pronoun: Token) -> None:
        """ "founded by A, a former manager, and her husband, B", "A set it up with his wife": the person named last
        before a possessive of a kinship noun in its sentence owns it, and the possessive gives their gender (a
        later "he said" then does not take them for the husband)."""
        if pronoun.dep_ != "poss" or pronoun.lower_ not in ("his", "her") or pronoun.head.lower_ not in _KIN_WORDS \
                or pronoun.head.dep_ not in ("pobj", "conj", "appos", "dobj"):
            return
        for token in reversed(list(self.doc[pronoun.sent.start:pronoun.i])):
            mention = self.mention_at(token)
            if mention is None:
                continue
            if self.names_person(mention):
                if mention.gender is None:
                    mention.gender = PRONOUN_GENDER[pronoun.lower_]
                return
            if mention.label in ("ORG", "GPE", "NORP", "CONTEXT"):
                continue

    def _addressee_of_answer(self, pronoun: Token) -> None:
        """ "Counsel X asked Mr Doe why ... He said", "The chair told Mr Doe that ... He replied": the "he" or "she"
        answering is the person the question was put to (the resolver takes them when their gender fits)."""
        verb = pronoun.head
        if pronoun.dep_ != "nsubj" or pronoun.lower_ not in ("he", "she") or verb.lemma_.lower() not in _ANSWER_LEMMAS:
            return
        sent = pronoun.sent
        if sent.start > 0:
            before = self.doc[sent.start - 1].sent
            if "\n\n" in self.text[before.end_char:sent.start_char] or "\n\n" in before.text.strip():
                before = None  # a new paragraph: no exchange carries over
        else:
            before = None
        clauses = [t for t in sent if t.i < pronoun.i] + ([t for t in before] if before is not None else [])
        for asking in clauses:
            if asking.pos_ != "VERB" or asking.lemma_.lower() not in _QUESTION_LEMMAS or asking.dep_ not in (
                    "ROOT", "conj"):
                continue
            # the person right after the verb, whatever the parse made of "Mr" ("asked Mr Doe why")
            after = asking.i + 1
            while after < len(self.doc) and self.doc[after].text.rstrip(".") in HONORIFICS:
                after += 1
            asked = self.mention_at(self.doc[after]) if after < len(self.doc) else None
            asker = next((c for c in asking.children if c.dep_ == "nsubj"), None)
            if self.names_person(asked) and not (asker is not None and asker.lower_ == pronoun.lower_):
                self.observations.addressees[self.begin(pronoun)] = Ref(asked.begin, asked.end)
                return

    # --- references ------------------------------------------------------------------------------------------

    def ref(self, token: Token) -> Ref | None:
        """The agent ``token`` names: its mention, or an anaphor ("he", "the organization") to resolve later."""
        mention = self.mention_of_token.get(token.i)
        if mention is not None:
            return Ref(mention.begin, mention.end)
        lower = token.lower_
        person_noun = token.pos_ == "NOUN" and lower in PERSON_NOUNS
        if person_noun and token.dep_ == "appos" and token.head.i in self.mention_of_token:
            found = self.mention_of_token[token.head.i]  # "Kylie Wanganeen, a Kaurna woman who ..."
            if self.names_person(found):
                return Ref(found.begin, found.end)
        for child in token.children:  # "the actor Ashton Kutcher", "Thorn's technology"
            if child.dep_ in ("compound", "appos", "poss") and child.i in self.mention_of_token:
                found = self.mention_of_token[child.i]
                if person_noun and child.dep_ == "compound" and not self.names_person(found):
                    continue  # "a Kaurna woman", "the former Royal Navy officer": no name of the person
                return Ref(found.begin, found.end)
        for child in token.children:  # "His barrister, Aisha Rahman SC,": the name inside the appositive
            if child.dep_ == "appos":
                for sub in child.subtree:
                    found = self.mention_of_token.get(sub.i)
                    if self.names_person(found):
                        return Ref(found.begin, found.end)
        if lower in PRONOUNS:
            return Ref(self.begin(token), self.end(token), PRONOUNS[lower])
        if token.pos_ == "NOUN" and lower in PERSON_NOUNS:
            # "the founder of X testified": a person the text names before, or names next in a lead
            return Ref(self.begin(token), self.end(token.right_edge), "description")
        if token.pos_ == "NOUN" and lower in ORGANIZATION_NOUNS and any(
                c.lower_ in ("the", "this", "that") for c in token.children):
            return Ref(self.begin(token), self.end(token), "organization")
        return None

    def refs_in(self, token: Token) -> list[Ref]:
        """Agents named by ``token`` and its conjuncts ("Kutcher and then-wife Demi Moore": both)."""
        out: list[Ref] = []
        if token.i not in self.mention_of_token and token.dep_ == "appos" and token.pos_ == "NOUN" \
                and token.head.i in self.mention_of_token:
            return self.refs_in(token.head)  # "Dale and Marcy Pruitt, the husband-and-wife team who ..."
        for candidate in [token, *token.conjuncts]:
            found = self.ref(candidate)
            if found is None:
                # the mention may sit lower in the phrase: "Kutcher's foundation", "co-founder Jane Doe"
                for sub in candidate.subtree:
                    if sub.i in self.mention_of_token and sub.dep_ not in ("pobj",):
                        mention = self.mention_of_token[sub.i]
                        found = Ref(mention.begin, mention.end)
                        break
            if found is not None and found not in out:
                out.append(found)
            for first in [c for c in candidate.lefts if c.dep_ == "nmod"]:
                # "Paul and Dina Reyes": the first name that shares the surname, parsed as a modifier of it
                for other in (first, *first.conjuncts):
                    mention = self.mention_of_token.get(other.i)
                    if self.names_person(mention):
                        ref = Ref(mention.begin, mention.end)
                        if ref not in out:
                            out.append(ref)
            if candidate.i not in self.mention_of_token:
                # "by retired teachers Margaret Osei and Paul Brenner": every name in apposition to the noun
                for child in candidate.children:
                    if child.dep_ == "appos" and child.i in self.mention_of_token:
                        for other in (child, *child.conjuncts):  # "the former Army captain Jo Keller and ..."
                            found = self.ref(other)
                            if found is not None and other.i in self.mention_of_token and found not in out:
                                out.append(found)
        return out

    def year_near(self, sent: Span, anchor: Token | None = None) -> int | None:
        """A year written in the sentence (the one nearest ``anchor`` when there are several)."""
        years = [t for t in sent if YEAR.match(t.text) and t.ent_type_ == "DATE"]
        if anchor is not None:
            # A year inside a clause that does not hold the anchor dates something else: "X, who co-founded
            # Y in 2009, testified on Tuesday" gives the testimony no year.
            around_anchor = {anchor.i, *(a.i for a in anchor.ancestors)}
            years = [t for t in years if all(head.i in around_anchor for head in clause_heads(t))]
            # ... and so does a year of another conjoined verb: "X co-founded Y in 2009 and testified on Tuesday".
            own_verb = verb_of(anchor)
            years = [t for t in years if own_verb is None or verb_of(t) in (None, own_verb)]
            # ... and a year inside the subject's phrase dates the subject: "X, the charity's manager since 2017,
            # told the committee"
            subjects = {t.i for head in (anchor, *anchor.ancestors) for c in head.children
                        if c.dep_ in ("nsubj", "nsubjpass") and not c.left_edge.i <= anchor.i <= c.right_edge.i
                        for t in c.subtree}
            years = [t for t in years if t.i not in subjects]
        if not years:
            return None
        if anchor is None:
            return int(years[0].text)
        return int(min(years, key=lambda t: abs(t.i - anchor.i)).text)


def _occupations(span: Span) -> set[str]:
    """The role nouns the text gives a person's name: "club president Jenny Kowalski", "Yolanda Ferris, the
    charity's former bookkeeper", "The charity's bookkeeper, Yolanda Ferris"."""
    doc = span.doc
    found = {t.lemma_.lower() for t in doc[max(0, span.start - 3):span.start] if t.pos_ == "NOUN"}
    root = span.root
    found |= {c.lemma_.lower() for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"}
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        found.add(root.head.lemma_.lower())
    return found


def _grammatical_role(token: Token) -> tuple[str, Token | None]:
    """("main" | "subject" | "other", the verb of the clause) for the phrase headed by ``token``; a name in
    apposition to a subject ("The group's chief executive, Catherine Chen, said") or conjoined with one stands
    where that subject stands."""
    if token.dep_ == "compound" and token.head.pos_ == "NOUN":
        return "modifier", verb_of(token)  # "Brown University students"
    if token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according":
        return "source", verb_of(token)  # "According to the International Labour Organization"
    current = token
    while current.dep_ in ("appos", "conj", "compound") and current.head.i != current.i:
        current = current.head
    verb = verb_of(current)
    if current.dep_ not in ("nsubj", "nsubjpass") or verb is None:
        return "other", verb
    clause = verb
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "ROOT":
        return "main", verb
    if any(a.dep_ in ("relcl", "acl", "appos") for a in (clause, *clause.ancestors)):
        return "other", verb
    return "subject", verb
