"""Walking spaCy's dependency parse: children by label, the subject of a verb, the verb or clause a word is in.

Small functions over tokens shared by the rules of every family; they know nothing of mentions or facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["CLAUSE_DEPS", "children", "clause_heads", "governing_verb", "is_passive", "relative_antecedents",
           "subject_of", "verb_of"]

CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "parataxis"})
"""Dependency labels that open a subordinate clause."""


def children(token: Token, *deps: str) -> list[Token]:
    """The children of ``token`` attached with one of ``deps``."""
    return [c for c in token.children if c.dep_ in deps]


def subject_of(token: Token) -> Token | None:
    """The subject of a verb, following conjunctions and auxiliaries up ("X founded A and launched B")."""
    current = token
    for _ in range(4):
        found = children(current, "nsubj", "nsubjpass")
        if found:
            return found[0]
        if current.dep_ == "xcomp" and children(current.head, "dobj"):
            return children(current.head, "dobj")[0]  # "led her to found": the object does the founding
        if current.dep_ in ("conj", "xcomp", "advcl", "ccomp") and current.head.i != current.i:
            current = current.head
        elif current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head.pos_ in ("VERB", "AUX"):
            current = current.head.head  # "after marrying Y, X moved": X
        else:
            break
    return None


def is_passive(token: Token) -> bool:
    """A passive verb ("was founded by"), or a past participle modifying a noun ("a group founded in 2009")."""
    return bool(children(token, "auxpass", "agent", "nsubjpass")) or (token.tag_ == "VBN" and token.dep_ == "acl")


def governing_verb(token: Token) -> Token:
    """The nearest verb at or above ``token``; the root of the parse when there is none."""
    current = token
    while current.head.i != current.i and current.pos_ not in ("VERB", "AUX"):
        current = current.head
    return current


def verb_of(token: Token) -> Token | None:
    """The nearest verb at or above ``token`` in the parse, or None."""
    for candidate in (token, *token.ancestors):
        if candidate.pos_ in ("VERB", "AUX"):
            return candidate
    return None


def clause_heads(token: Token) -> list[Token]:
    """The heads of the subordinate clauses ``token`` sits in, innermost first."""
    return [a for a in (token, *token.ancestors) if a.dep_ in CLAUSE_DEPS]


def relative_antecedents(pronoun: Token) -> list[Token]:
    """What a relative "who" may stand for, nearest first: the noun its clause hangs on, then the nouns above it
    through an appositive's preposition ("A, chief financial officer of X, who told MPs": X, then officer, then A);
    empty when ``pronoun`` opens no relative clause."""
    clause = pronoun.head
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "relcl" or clause.head.i == clause.i:
        return []
    out = [clause.head]
    current = clause.head
    while current.dep_ in ("pobj", "prep", "appos", "compound") and current.head.i != current.i and len(out) < 6:
        current = current.head
        if current.pos_ in ("NOUN", "PROPN"):
            out.append(current)
    return out
