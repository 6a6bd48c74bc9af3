"""Which year dates a fact: the years a text is written in, and the year of the report a fact falls back to.

A fact's own clause gives its year first (the family rules read it from the parse); when it gives none, a year
written before it may date it only if it is the time of reporting: a dateline, the title, a date line, the lead,
a fiscal year, or an earlier sentence of its own paragraph; never the year of another event ("founded in 2009").
"""

from __future__ import annotations

import bisect
import re
from datetime import date, timedelta

from .layout import is_headline, paragraph_start
from .lexicon import FISCAL_YEAR_WORDS, NOT_A_REPORTING_YEAR_WORDS, WEEKDAYS

__all__ = ["YEAR", "fallback_year", "headline_years", "report_years", "reporting_years", "weekday_year"]

YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
"""A token that is a year."""

_YEAR_IN_TEXT = re.compile(r"(?<![\d,.$])(?:19[5-9]\d|20\d\d)(?!\d|,\d)")
_NOT_A_REPORTING_YEAR = re.compile(r"(?:" + "|".join(NOT_A_REPORTING_YEAR_WORDS) + r")(?:\s+\w+){0,3}\s+$",
                                   re.IGNORECASE)
_DATELINE_AFTER = re.compile(r"[^\n.]{0,30}?\s[-—–]")
_FISCAL = re.compile(r"(?:" + "|".join(FISCAL_YEAR_WORDS) + r")\s+year\s*(?:\([A-Z]+\)\s*)?$|\bFY\s*$",
                     re.IGNORECASE)


def reporting_years(text: str) -> list[tuple[int, int]]:
    """``(offset, year)`` of the years a text is written in: datelines, "fiscal year 2014", "in 2017"."""
    out = []
    for match in _YEAR_IN_TEXT.finditer(text):
        if not _NOT_A_REPORTING_YEAR.search(text[max(0, match.start() - 40):match.start()]):
            out.append((match.start(), int(match.group(0))))
    return out


def report_years(text: str, years: list[tuple[int, int]], position: int, sentence: int) -> list[tuple[int, int]]:
    """The years that may date a figure at ``position`` whose sentence (starting at ``sentence``) has none of its
    own: those of its own paragraph before it, of the title, date lines and the lead paragraph, and fiscal years;
    not the year of an event told in an earlier paragraph ("She testified in 2019.") nor a year of its own
    sentence that dates another clause, unless it is the dateline ("WASHINGTON, June 2010 - ...")."""
    own_paragraph = paragraph_start(text, position)
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
        if offset >= own_paragraph or date_line or (lead_end is not None and offset < lead_end) \
                or _FISCAL.search(text, max(0, offset - 30), offset):
            out.append((offset, year))
    return out


def fallback_year(years: list[tuple[int, int]], position: int, *, look_ahead: bool = True,
                  until: int | None = None) -> int | None:
    """The year written most recently before ``position`` (else, with ``look_ahead``, the first one after, if it
    is written before ``until``): the time of reporting."""
    i = bisect.bisect_left(years, (position, 0)) - 1
    if i >= 0:
        return years[i][1]
    if not years or not look_ahead or (until is not None and years[0][0] >= until):
        return None
    return years[0][1]


_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")


def weekday_year(sentence: str, published: date | None) -> int | None:
    """The year of an event a news sentence dates only by weekday ("testified Tuesday"), from the page's
    publication date (``Document.published``): the latest such weekday on or before it, as news writes."""
    match = _WEEKDAY.search(sentence) if published is not None else None
    if match is None:
        return None
    back = (published.weekday() - WEEKDAYS.index(match.group(1))) % 7
    return (published - timedelta(days=back)).year


_DATELINE = re.compile(r"[^\n]{0,80}?\s[—–-]{1,2}\s")


def headline_years(text: str) -> list[tuple[int, int]]:
    """``(offset, year)`` of the years of a text's headline (its first line), of its date lines (short lines that
    are no sentence) and of the dateline that opens its first paragraph ("WASHINGTON, June 3, 2024 —"): the time
    of the report, which may date a fact whose own clause gives no year."""
    out = []
    dateline_seen = False
    for number, line in enumerate(re.finditer(r"[^\n]+", text)):
        content = line.group(0).strip()
        short = len(content) < 80 and not content.endswith((".", "!", "?", '"', "”"))
        span = (line.start(), line.end())
        # a headline in sentence case ("Senate estimates 2026: watchdog reports jump in complaints"): the first
        # line, set off by a blank line, with no full stop
        set_off = number == 0 and text[line.end():line.end() + 2] == "\n\n" and len(content) < 160 \
            and not content.endswith((".", "!", "?", '"', "”"))
        if not ((number == 0 and is_headline(content)) or short or set_off):
            if dateline_seen:
                continue
            dateline_seen = True
            dateline = _DATELINE.match(text, line.start(), line.end())
            if dateline is None:
                continue
            span = (line.start(), dateline.end())
        for match in _YEAR_IN_TEXT.finditer(text, *span):
            out.append((match.start(), int(match.group(0))))
    return out
