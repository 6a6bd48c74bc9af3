"""Reading figures as numbers: digits, written numbers, scales ("1.2 million"), percentages, vague counts.

Pure string functions with no spaCy: the statistics rules find a figure and its hedge in the text, and this
module says what value (or range, for "thousands") it denotes.
"""

from __future__ import annotations

import re

from .lexicon import HEDGES

__all__ = ["HEDGE_BEFORE", "NUMBER_PATTERN", "SCALES", "hedge_code", "parse_number", "vague_range"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
_VAGUE = {"dozens": (24, 99), "scores": (40, 99), "hundreds": (100, 999), "thousands": (1_000, 999_999),
          "millions": (1_000_000, 999_999_999), "billions": (1_000_000_000, 999_999_999_999)}

_WORD = "|".join(sorted([*_UNITS, *_TENS, "dozen"], key=len, reverse=True))
_SCALE = "|".join(SCALES)
NUMBER_PATTERN = re.compile(
    r"(?<![\w.,\-–/])"
    r"(?P<currency>\$|US\$|€|£)?\s?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|a\s+dozen|(?:" + _WORD + r")(?:[\s-]+(?:" + _WORD + r"))*"
    r"|a|an|half\s+a)"
    r"(?P<scale>(?:\s+(?:" + _SCALE + r"))+|\s?(?:bn|m)\b)?"
    r"(?P<percent>\s*%|\s+percent\b|\s+per\s+cent\b|\s+percentage\s+points?\b)?"
    r"(?![\w\-–/]|[.,]\d)",
    re.IGNORECASE,
)
"""A figure: optional currency, digits or number words, optional scale words, optional percent sign or word."""

_VAGUE_PATTERN = re.compile(r"\b(?:(?P<prefix>tens|hundreds)\s+of\s+)?(?P<vague>dozens|scores|hundreds|thousands|"
                            r"millions|billions)\b", re.IGNORECASE)

HEDGE_BEFORE = re.compile(
    r"(?P<hedge>" + "|".join(sorted((phrase.replace(" ", r"\s+") for phrase in HEDGES), key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
"""A hedge word or phrase (``lexicon.HEDGES``) ending right before a figure."""


def hedge_code(phrase: str | None) -> str:
    """The hedge code of a phrase found by ``HEDGE_BEFORE`` ("more than" -> more_than); no phrase -> exact."""
    if not phrase:
        return "exact"
    return HEDGES.get(re.sub(r"\s+", " ", phrase.strip().lower()), "exact")


def _words_to_number(words: str) -> float | None:
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[\s-]+", words.lower().strip()):
        if not word or word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in ("a", "an"):
            current += 1
        elif word == "half":
            current += 0.5
        elif word in SCALES:
            scale = SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(number: str, scale: str | None = None) -> float | None:
    """The value of a figure: ``parse_number("1.2", "million") == 1_200_000``; ``"6,000"`` -> 6000."""
    text = number.strip()
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", text):
        value: float | None = float(text.replace(",", ""))
    else:
        value = _words_to_number(text)
    if value is None:
        return None
    for word in (scale or "").lower().split():
        if word == "bn":
            word = "billion"
        elif word == "m":
            word = "million"
        value *= SCALES.get(word, 1)
    return float(round(value, 6))


def vague_range(text: str) -> tuple[float, float] | None:
    """The range a vague count stands for: "thousands" -> (1000, 999999); "hundreds of thousands" -> 1e5.."""
    match = _VAGUE_PATTERN.fullmatch(text.strip())
    if match is None:
        return None
    low, high = _VAGUE[match.group("vague").lower()]
    prefix = (match.group("prefix") or "").lower()
    if prefix == "tens":
        low *= 10
    elif prefix == "hundreds":
        low *= 100
    return float(low), float(high)


VAGUE_PATTERN = _VAGUE_PATTERN
