"""What the rules see in one parsed piece of text, before names are resolved to entities.

Rules run piece by piece (a long document is parsed in chunks and each chunk's spaCy doc is dropped once read),
so they record observations with offsets into the whole document and point at agents through ``Ref``s; the
resolver turns those into entity ids once every mention of the document is known. Each relation family defines
the class of its own records (``RawFounding`` in ``foundings``...); this module keeps them by class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

__all__ = ["Observations", "RawMention", "Ref"]

T = TypeVar("T")


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
    """The name as the text writes it here, or completed: "Dale Pruitt" for "Dale" of "Dale and Marcy Pruitt"."""
    label: str
    """spaCy's entity label, or "CONTEXT" for a name that only a rule found."""
    forced: str | None = None
    """A type the context makes sure of ("co-founded Thorn" -> Organization), or None."""
    gender: str | None = None
    """"f" or "m" when the context says ("Mrs. Doe", "his wife, Jane"): pronouns then skip the other kind."""
    occupations: set[str] = field(default_factory=set)
    """Role nouns the text gives a person here ("club president Jenny Kowalski": club, president): a description
    ("the president of the club") stands for the person with its noun."""
    generic: bool = False
    """A body named only by common words ("a Senate subcommittee"): an entity only if a fact needs it, and the
    named body of that kind wins over it."""
    described: str | None = None
    """The common noun the text calls this body by ("Polaris, the nonprofit ..." -> "nonprofit"): "the group"
    and "the nonprofit" later point at it."""


@dataclass
class Observations:
    """Everything the rules noticed in a document, with document offsets."""

    mentions: list[RawMention] = field(default_factory=list)
    found: dict[type, list] = field(default_factory=dict)
    """What the rules of each family found, by the class of its records (``RawFounding`` ...), in text order."""
    sentences: list[int] = field(default_factory=list)
    """Where each sentence begins, in document order."""
    roles: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    """For a mention or a personal pronoun beginning at an offset: its role in its sentence ("main" for a subject
    of the main clause, "subject" for a subject of another clause that is not a relative clause, participle or
    appositive, "poss" for a possessive pronoun, "modifier" for a name that modifies a noun ("Brown University
    students"), "source" for the object of "according to", else "other") and the offset of its clause's verb."""

    addressees: dict[int, Ref] = field(default_factory=dict)
    """For a "he"/"she" answering in a question-and-answer exchange ("X asked Mr Doe why ... He said"): the person
    the question was put to, whom the pronoun stands for when their gender fits."""

    def add(self, record: object) -> None:
        """Keep what a rule found (a family's raw record, e.g. a ``RawFounding``)."""
        self.found.setdefault(type(record), []).append(record)

    def of(self, kind: type[T]) -> list[T]:
        """The records of one kind, in the order the rules found them."""
        return self.found.get(kind, [])
