"""The layout of a news text: headlines, hard-wrapped lines, paragraphs.

Pure string functions over the whole document text, used by the resolver (names met only in a headline) and by
the rules that date facts (a year of the title or of the fact's own paragraph).
"""

from __future__ import annotations

import re

from .lexicon import MINOR_WORDS

__all__ = ["DATELINE", "FIELD_LINE", "is_headline", "is_set_apart_headline", "paragraph_start", "unwrap", "wrapped"]

FIELD_LINE = re.compile(r"^[A-Z][A-Z ]{2,}:\s")
"""A fact-sheet field, "NAME: Robert Cabana", "MARITAL STATUS: Married to ...": not a headline."""

DATELINE = re.compile(r"[A-Z][A-Z.'’-]{2,}(?:[ ,]+[A-Za-z.'’()-]+){0,4}\s*[—–-]{1,2}$")
"""A dateline at the start of a line: "WASHINGTON —", "CRAWLEY, England —", "LONDON (Reuters) -"."""

_HEADLINE_WORD = re.compile(r"[A-Z0-9$“\"'(]")


def wrapped(text: str, line_end: int) -> bool:
    """A line of at least 60 characters that a single line break continues: hard-wrapped prose."""
    start = text.rfind("\n", 0, line_end) + 1
    return (line_end - start >= 60 and text[line_end:line_end + 1] == "\n"
            and text[line_end + 1:line_end + 2].strip() != "" and text[line_end - 1:line_end].isalnum())


def unwrap(name: str) -> str:
    """A name written across a hard line break, on one line."""
    return " ".join(name.split()) if "\n" in name else name


def is_headline(line: str) -> bool:
    """A title-case line without a full stop at its end: "Husband And Wife Sentenced In Scheme"."""
    words = line.split()
    if len(words) < 3 or line.rstrip().endswith((".", "?", "!", ":", "”", '"', ";", ",")) or len(words) > 40:
        return False  # a sentence, or an item of a list ("Jane Doe, Founder, Acme (Cuba);")
    if line.lstrip()[:1] in "·•-–*":
        return False
    capitalized = sum(bool(_HEADLINE_WORD.match(w)) for w in words if w.lower() not in MINOR_WORDS)
    content = sum(1 for w in words if w.lower() not in MINOR_WORDS)
    return content > 0 and capitalized / content >= 0.8


def is_set_apart_headline(text: str, line: str) -> bool:
    """``line``, the first of ``text``, is a headline in any case: a blank line follows it and it ends with no full
    stop ("Founder tells MPs delays are ‘strangling community energy’"); ``is_headline`` wants title case."""
    words = line.split()
    return 3 <= len(words) <= 30 and not line.rstrip().endswith((".", "?", "!", ";")) \
        and text[len(line):len(line) + 2] == "\n\n"


def paragraph_start(text: str, position: int) -> int:
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
