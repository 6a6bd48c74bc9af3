"""Calibrated confidence: an extracted record's confidence is the measured precision of the method that found it.

``calibration.json`` beside this module holds, per kind of record (person, organization, founding, marriage,
testimony, quote, statistic) and method (``rule:founding-passive``, ``spacy:ner`` ...), how many of the records
that method extracted from the development corpus were right (``tp``) and wrong (``fp``) against gold, and the
corpus and extractor version it was measured on. ``benchmarks/calibrate.py`` writes it; re-run it whenever rules
change. A method measured on fewer than ``MIN_SUPPORT`` records takes the precision of its whole kind instead,
and a kind never measured takes ``UNMEASURED``. ``keep_confident`` is what ``kg build --min-confidence P`` applies
to extracted facts.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..facts import Facts

__all__ = ["CALIBRATION_FILE", "MIN_SUPPORT", "UNMEASURED", "confidence", "fact_references", "keep_confident"]

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
MIN_SUPPORT = 5
"""Records a method must have extracted on the development corpus for its own precision to be used."""
UNMEASURED = 0.5
"""The confidence of a kind of record the development corpus has no gold for."""


@lru_cache(maxsize=1)
def _table() -> dict:
    try:
        return json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:  # a checkout before the first calibration
        return {"methods": {}}


def _precision(counts: dict) -> float | None:
    total = counts.get("tp", 0) + counts.get("fp", 0)
    return round(counts["tp"] / total, 3) if total else None


def confidence(kind: str, method: str) -> float:
    """The measured precision of ``method`` for records of ``kind`` (see the module docstring)."""
    methods = _table()["methods"]
    counts = methods.get(kind, {}).get(method)
    if counts is not None and counts["tp"] + counts["fp"] >= MIN_SUPPORT:
        return _precision(counts)
    pooled = {"tp": sum(c["tp"] for c in methods.get(kind, {}).values()),
              "fp": sum(c["fp"] for c in methods.get(kind, {}).values())}
    found = _precision(pooled)
    return UNMEASURED if found is None else found


def keep_confident(facts: Facts, minimum: float) -> Facts:
    """``facts`` without the facts whose confidence is below ``minimum``, nor the entities below it that no kept
    fact refers to; a quote whose setting is dropped keeps its words and speaker."""
    if minimum <= 0:
        return facts
    kept = replace(facts)
    for kind in ("foundings", "marriages", "testimonies", "interviews", "quotes", "statistics", "statements"):
        setattr(kept, kind, [f for f in getattr(facts, kind) if f.confidence >= minimum])
    events = {f.id for f in (*kept.testimonies, *kept.interviews)}
    kept.quotes = [q if q.setting is None or q.setting in events else replace(q, setting=None) for q in kept.quotes]
    referenced = {value for fact in kept.all_facts() for value in fact_references(fact)}
    kept.entities = [e for e in facts.entities if e.confidence >= minimum or e.id in referenced]
    return kept


def fact_references(fact) -> list[str]:
    """The entity ids a fact refers to (its organization, founders, partners, witness, body, speaker ...)."""
    out = [getattr(fact, a, None) for a in ("organization", "witness", "body", "interviewee", "interviewer",
                                            "speaker", "about", "subject", "object")]
    out += [*(getattr(fact, "founders", None) or []), *(getattr(fact, "partners", None) or [])]
    return [value for value in out if value]
