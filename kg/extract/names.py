"""Names of people and organizations: cleaning a surface form, the matching key, and type cues in the words.

Pure string functions shared by the mention rules and the entity resolver: titles ("Sen.", "Rep.") and
possessives ("Kutcher's") come off a name, a key built from NFKC, case folding and a quote map lets two forms
of one name meet, and keywords ("Committee", "Department", "Foundation") say what kind of body a name is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .lexicon import (
    BODY_HEADS,
    GOVERNMENT_NAME_WORDS,
    HEADING_WORDS,
    INNER_TITLES,
    LEGAL_FORMS_PATTERN,
    LEGISLATIVE_NAME_WORDS,
    NAME_BREAKS,
    NAME_PARTICLES,
    ORGANIZATION_NAME_WORDS,
    POST_NOMINALS,
    ROLE_BODIES,
    ROLE_WORDS,
    TITLES,
)

__all__ = [
    "NAME_WORD",
    "extend_organization",
    "extend_organization_back",
    "looks_like_org_name",
    "looks_like_person_name",
    "name_key",
    "organization_type",
    "seat_of_court",
    "strip_name",
    "trim_organization",
]

NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
"""One word of a name: letters, joined by an apostrophe or hyphen ("O'Neill", "Pettaway-Sims")."""

_LEGISLATIVE = re.compile(r"\b(" + "|".join(LEGISLATIVE_NAME_WORDS) + r")\b")
_GOVERNMENT = re.compile(r"\b(" + "|".join(GOVERNMENT_NAME_WORDS) + r")\b")
_ORGANIZATION = re.compile(r"\b(" + "|".join(ORGANIZATION_NAME_WORDS) + r")\b")
_QUOTE_MAP = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A matching key: NFKC, quotes and dashes mapped, case folded, punctuation dropped, spaces squeezed."""
    # cached: the resolver asks for the keys of the same few names of a document thousands of times
    text = unicodedata.normalize("NFKC", name).translate(_QUOTE_MAP).casefold()
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


_LEADING_QUALIFIERS = frozenset({"full", "entire", "whole"})
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_EDGE_PUNCTUATION = " \t\n\r,;:.!?\"'“”‘’()[]{}-–—"


def strip_name(text: str, *, person: bool) -> tuple[int, int]:
    """The ``(start, end)`` of the name inside ``text``: without possessive, edge punctuation and, for a
    person, leading titles ("Sen. Jane Doe's" -> "Jane Doe"); for an organization, without a leading "the"."""
    start, end = 0, len(text)
    while True:
        changed = False
        while start < end and text[start] in _EDGE_PUNCTUATION:
            start += 1
            changed = True
        match = _POSSESSIVE.search(text, start, end)
        if match and match.start() > start:
            end = match.start()
            changed = True
        while end > start and text[end - 1] in _EDGE_PUNCTUATION and not text[start:end].endswith(
                (" Jr.", " Sr.", " Inc.", " Co.", " Corp.", " Ltd.")):
            end -= 1
            changed = True
        if person and not changed:
            # "UVA Law Dean Risa Goluboff", "NOBLE Captain Jane Doe": a capitalized title inside a run of words
            words = list(re.finditer(r"\S+", text[start:end]))
            for j in range(len(words) - 3, 0, -1):
                word = words[j].group(0)
                if word[:1].isupper() and word.lower().rstrip(".") in TITLES | INNER_TITLES:
                    start += words[j + 1].start()
                    changed = True
                    break
        last = re.search(r"\s+(\S+)$", text[start:end])
        if person and last and last.group(1).lower().replace(".", "") in POST_NOMINALS:
            end = start + last.start()  # "Harriet Lomax KC"
            changed = True
            continue
        owner = re.match(r"[^\s'’]+['’]s\s+(?=[A-Z])", text[start:end])
        if person and owner:  # "Labour’s Aileen Roe": a party's or a body's person, not part of her name
            start += owner.end()
            changed = True
            continue
        first = re.match(r"(\S+)\s+", text[start:end])
        if first:
            word = first.group(1).lower().rstrip(".")
            if (person and word.replace("-", "") in TITLES) or word == "the" or (person and word.endswith("-")) \
                    or (not person and first.group(1) in _LEADING_QUALIFIERS):  # "the full Committee on ..."
                start += first.end()
                changed = True
        if not changed:
            return start, end


_LEGAL_SUFFIX = re.compile(r",?\s+(?:" + LEGAL_FORMS_PATTERN + r")(?=$|[\s,;:)(])")
_CONNECTED = re.compile(r"(?P<sep>\s+(?:of|on|for|and|&|into)\s+(?:the\s+)?|,\s+(?:and\s+)?|[ \t]+)"
                        r"(?P<word>[A-Z][\w’'.&-]*)")
_INQUIRY_END = re.compile(r"\b(?:Inquiry|Commission|Investigation|Review)$")
"""A name that "into" continues: "Commission of Inquiry into the Sackville River Bridge Collapse"."""
_ABBREVIATION = re.compile(r"(?<![A-Za-z])(?:[A-Z]\.)+$|(?:Inc|Co|Corp|Ltd|Bros|Jr|Sr|St|Mt|Ft)\.$")
_TRAILING_CONNECTOR = re.compile(r"(?:\s+(?:of|on|for|and|&|the))+\s*$")


_NOT_A_BODY_TAIL = re.compile(r"\s+for\s+(?:the\s+)?(?:[A-Z][\w’'.&-]*\s+)*(?:Act|Bill|Hearing|Amendment|Program|"
                              r"Programme|Plan)\b.*$")


_NUMBERED_COMMITTEE = re.compile(r"\s+No\.?\s*\d+(?:\s+[–—-]\s+[A-Z][\w’'.&-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w’'.&-]*){0,4})?")


_LOWER_CASE_COMMITTEE = re.compile(r"\b(?:committee|subcommittee) on [a-z]+(?: [a-z]+)?$")
"""A committee's name written in lower case, as some papers do, up to its (last) subject."""
_LOWER_CASE_SUBJECT_AFTER = re.compile(r"\s+and\s+([a-z]+(?:-[a-z]+)?(?:\s+[a-z]+)?)(?=[,.;:]|\s+(?:on|in|at|that|"
                                       r"which|where|last|this|about|to|for|before|during|after|as|while|when)\b)")
_LOWER_CASE_COMMITTEE_ON_NAME = re.compile(r"\b(?:committee|subcommittee) on [A-Z][a-z]+$")
"""A lower-case committee name whose subject opens on a capitalized word ("standing committee on Canadian
heritage"): the subject's noun after it, in lower case, belongs to the name."""
_LOWER_CASE_NOUN_AFTER = re.compile(r"\s+([a-z]+)(?=[,.;:]|\s+(?:on|in|at|that|which|where|last|this|about|to|for|"
                                    r"before|during|after)\b)")
_SEATED_COURT = re.compile(r"\b(?:High Court|Courts)$")
"""British courts that sit in several cities and are named with their seat: "the High Court in Glasgow"."""
_COURT_SEAT = re.compile(r" in ([A-Z][a-z]+)(?=[\s,.;:]|$)")
_NOT_SUBJECT_WORDS = frozenset({"said", "says", "told", "tells", "will", "would", "has", "have", "had", "is", "was",
                                "are", "were", "then", "also", "heard", "asked", "spoke"})


def extend_organization(text: str, begin: int, end: int) -> int:
    """The end of a long organization name that spaCy cut short: "Subcommittee on State, Foreign Operations, and
    Related Programs", "U.S. Agency for International Development"; a new body ("Committee on ...") or a
    parenthesis ends it."""
    trailing = _TRAILING_CONNECTOR.search(text, begin, end)
    if trailing:
        end = trailing.start()
    governed = bool(re.search(r"\s(?:of|on|for|and)\s", text[begin:end]))
    words = len(text[begin:end].split())
    while words < 14:
        numbered = _NUMBERED_COMMITTEE.match(text, end) if text[begin:end].endswith("Committee") else None
        if numbered is not None:  # "Portfolio Committee No. 4 – Regional NSW": a numbered committee, its subject
            end = numbered.end()
            break
        match = _CONNECTED.match(text, end)
        if match is None:
            break
        separator, word = match.group("sep"), match.group("word")
        connector = separator.strip(" \t,") != ""
        if separator.split()[:1] == ["into"] and not _INQUIRY_END.search(text[begin:end]):
            break
        if "\n" in separator:
            break
        bare = word.rstrip(".")  # "on Tuesday." at a sentence end
        if bare in NAME_BREAKS or bare in HEADING_WORDS or (word in BODY_HEADS and not connector and governed
                                                            and " into " not in text[begin:end]):
            break  # "Commission of Investigation into Shannonside House": the thing inquired into keeps its word
        if separator.startswith(",") and (not governed or word in BODY_HEADS):
            break
        if separator.strip(" \t,") == "and" and word in BODY_HEADS:
            break  # "the Criminal Division and U.S. Attorney's Office": two bodies
        if separator.split()[:2] == ["and", "the"] and organization_type(_capitalized_run(text, match.start("word"))):
            break  # "the Community Justice Council and the Denton Convention and Visitors Bureau"
        end = match.end()
        if word.endswith(".") and not _ABBREVIATION.search(word):
            end -= 1  # "... Commerce Committee." at a sentence end
        words += 1
        governed = governed or connector
    lower_subjects = _LOWER_CASE_SUBJECT_AFTER.match(text, end) if _LOWER_CASE_COMMITTEE.search(text, begin, end) \
        else None
    if lower_subjects is not None and not any(w.endswith("ed") or w in _NOT_SUBJECT_WORDS
                                              for w in lower_subjects.group(1).split()):
        end = lower_subjects.end()  # "the House of Commons standing committee on government operations and estimates"
    elif _LOWER_CASE_COMMITTEE_ON_NAME.search(text, begin, end):
        noun = _LOWER_CASE_NOUN_AFTER.match(text, end)
        if noun is not None and not (noun.group(1).endswith(("ed", "ly")) or noun.group(1) in _NOT_SUBJECT_WORDS):
            end = noun.end()  # "the Commons standing committee on Canadian heritage"
    seat = _COURT_SEAT.match(text, end) if _SEATED_COURT.search(text, begin, end) else None
    if seat is not None and seat.group(1) not in NAME_BREAKS:
        end = seat.end()  # "the High Court in Glasgow", "the Business and Property Courts in Bristol"
    tail = _NOT_A_BODY_TAIL.search(text, begin, end)
    if tail is not None and tail.start() > begin:
        end = tail.start()  # "Congress for the Clean Water Act hearing": the body ends before the law
    suffix = _LEGAL_SUFFIX.match(text, end)
    if suffix is not None:  # "United Environment & Energy, L.L.C.": the legal form is part of the name
        end = suffix.end()
    return end


_CONJOINED_FIRST_WORDS = re.compile(r"\b(?:the|a|its|their)\s+((?:[A-Z][\w’'-]*,?\s+){1,3}(?:and|&)\s+)$")
_PANEL_END = re.compile(r"\b(?:Committee|Subcommittee|Commission|Inquiry)$")


def seat_of_court(text: str, begin: int, place: int) -> bool:
    """Whether the place at ``place`` is the seat in a court's name that starts at ``begin`` ("the High Court in
    Glasgow")."""
    return text[place - 4:place] == " in " and bool(_SEATED_COURT.search(text, begin, place - 4))


def extend_organization_back(text: str, begin: int, end: int) -> int:
    """The start of a committee's name whose first words spaCy left out before "and": "the Work and Pensions
    Committee" tagged as "Pensions Committee"."""
    if not _PANEL_END.search(text, begin, end):
        return begin
    found = _CONJOINED_FIRST_WORDS.search(text, max(0, begin - 60), begin)
    return found.start(1) if found is not None else begin


def _capitalized_run(text: str, begin: int) -> str:
    """The capitalized words (and "and", "of") from ``begin``: the name that starts there."""
    match = re.match(r"[A-Z][\w’'.&-]*(?:\s+(?:(?:and|of|for|&)\s+)?[A-Z][\w’'.&-]*)*", text[begin:begin + 120])
    return match.group(0) if match else ""


def trim_organization(text: str, begin: int, end: int) -> int:
    """The end of an organization name without a heading word spaCy ran into ("... Office Testimony"), a
    trailing acronym of the name itself ("Government Accountability Office GAO") or a dangling "on"/"of"."""
    words = list(re.finditer(r"\S+", text[begin:end]))
    for i, word in enumerate(words[1:], start=1):
        bare = word.group(0).rstrip(".,")
        previous = words[i - 1].group(0).lower()
        if bare in HEADING_WORDS or (bare == "For" and i + 1 < len(words) and words[i + 1].group(0) == "Release") \
                or (bare in ROLE_WORDS and previous not in ("of", "the", "for") and not (
                    i + 1 < len(words) and words[i + 1].group(0).rstrip(".,") in ROLE_BODIES)):
            end = begin + words[i - 1].end()
            break
    words = list(re.finditer(r"\S+", text[begin:end]))
    if len(words) >= 3:
        last = words[-1].group(0)
        initials = "".join(w.group(0)[0] for w in words[:-1] if w.group(0)[:1].isupper())
        if last.isupper() and len(last) >= 2 and initials.endswith(last):
            end = begin + words[-2].end()
    trailing = _TRAILING_CONNECTOR.search(text, begin, end)
    if trailing:
        end = trailing.start()
    return len(text[:end].rstrip(" ,"))


def organization_type(name: str) -> str | None:
    """LegislativeBody, GovernmentBody or Organization when the words say so; None when they do not."""
    if _LEGISLATIVE.search(name):
        return "LegislativeBody"
    if _GOVERNMENT.search(name):
        return "GovernmentBody"
    if _ORGANIZATION.search(name):
        return "Organization"
    return None


_PREFIXED_GAELIC = re.compile(r"[th][A-ZÁÉÍÓÚ]")
"""An Irish word with a prefixed letter before its capital: "tSaoir" of "Mac an tSaoir"."""


def looks_like_person_name(name: str) -> bool:
    """Capitalized words (a quoted nickname too: Bin “Ben” Wen), no digits, at most five words, no line break."""
    words = name.split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in name) or "\n" in name:
        return False
    if not all(w[:1].isupper() or w.lower() in NAME_PARTICLES or _PREFIXED_GAELIC.match(w)
               or w[:1] in "'’“\"‘" for w in words):
        return False
    return any(ch.isalpha() for ch in name) and not (len(words) == 1 and name.isupper() and len(name) > 1)


def looks_like_org_name(name: str) -> bool:
    """Starts with a capital or digit, at most ten words (16 for a committee's: "House of Representatives Standing
    Committee on Social Policy and Legal Affairs"), holds a letter, no line break."""
    words = name.split()
    longest = 16 if re.search(r"\b(?:Committee|Subcommittee|Commission)\b", name) else 10
    return (1 <= len(words) <= longest and "\n" not in name and (name[:1].isupper() or name[:1].isdigit())
            and any(ch.isalpha() for ch in name))
