"""What the rules see in one parsed piece of text, before names are resolved to entities.

Rules run piece by piece (a long document is parsed in chunks and each chunk's spaCy doc is dropped once read),
so they record observations with offsets into the whole document and point at agents through ``Ref``s; the
resolver turns those into entity ids once every mention of the document is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Observations",
    "RawFounding",
    "RawInterview",
    "RawMarriage",
    "RawMention",
    "RawQuote",
    "RawStatistic",
    "RawTestimony",
    "Ref",
]


@dataclass(frozen=True)
class Ref:
    """An agent a rule points at: the mention at ``begin``-``end`` (``want="mention"``), or an anaphor there
    ("he", "the organization") that resolves to the nearest preceding entity of kind ``want``; ``"subject"`` is
    the first person the document names (the subject of a fact sheet)."""

    begin: int
    end: int
    want: str = "mention"


@dataclass
class RawMention:
    begin: int
    end: int
    text: str
    label: str
    """spaCy's entity label, or "CONTEXT" for a name that only a rule found."""
    forced: str | None = None
    """A type the context makes sure of ("co-founded Thorn" -> Organization), or None."""
    gender: str | None = None
    """"f" or "m" when the context says ("Mrs. Doe", "his wife, Jane"): pronouns then skip the other kind."""
    described: str | None = None
    """The common noun the text calls this body by ("Polaris, the nonprofit ..." -> "nonprofit"): "the group"
    and "the nonprofit" later point at it."""


@dataclass
class RawFounding:
    organization: Ref
    founders: list[Ref]
    evidence: tuple[int, int]
    year: int | None
    method: str
    confidence: float


@dataclass
class RawMarriage:
    partners: tuple[Ref, Ref]
    evidence: tuple[int, int]
    former: bool
    method: str
    confidence: float


@dataclass
class RawTestimony:
    witness: Ref
    body: Ref
    evidence: tuple[int, int]
    year: int | None
    method: str
    confidence: float
    topic: str | None = None


@dataclass
class RawInterview:
    interviewee: Ref
    evidence: tuple[int, int]
    programme: str | None
    method: str
    confidence: float


@dataclass
class RawQuote:
    begin: int
    end: int
    speaker: Ref | None
    method: str
    confidence: float
    cue: tuple[int, int] | None = None
    """The attribution clause (for settings: "said during an interview with 48 Hours")."""
    continues: bool = False
    """No cue of its own, but it follows another quote closely: it takes that quote's speaker."""


@dataclass
class RawStatistic:
    value: float
    surface: tuple[int, int]
    hedge: str
    measure: str
    evidence: tuple[int, int]
    method: str
    confidence: float
    about: Ref | None = None
    year: int | None = None
    source: str | None = None
    unit: str | None = None
    vague: bool = False
    value_max: float | None = None
    about_attributed: bool = False
    """``about`` is the body that reports the figure ("..., the group's chief executive said"), not the agent of
    its own clause: a body named only as a source ("According to X", "the agency reported") is no answer."""
    about_blocked: bool = False
    """The sentence names its source ("According to X", "X estimated that ..."): with no agent of its own the
    figure is about no one, rather than the body the document reports on."""
    other_year: bool = False
    """The sentence writes a year that dates something else ("cases since 2007", "up 20 percent from 2020"): no
    year of another sentence dates the figure either."""


@dataclass
class Observations:
    """Everything the rules noticed in a document, with document offsets."""

    mentions: list[RawMention] = field(default_factory=list)
    foundings: list[RawFounding] = field(default_factory=list)
    marriages: list[RawMarriage] = field(default_factory=list)
    testimonies: list[RawTestimony] = field(default_factory=list)
    interviews: list[RawInterview] = field(default_factory=list)
    quotes: list[RawQuote] = field(default_factory=list)
    statistics: list[RawStatistic] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    """Where each sentence begins, in document order."""
    roles: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    """For a mention or a personal pronoun beginning at an offset: its role in its sentence ("main" for a subject
    of the main clause, "subject" for a subject of another clause that is not a relative clause, participle or
    appositive, "poss" for a possessive pronoun, "modifier" for a name that modifies a noun ("Brown University
    students"), "source" for the object of "according to", else "other") and the offset of its clause's verb."""
