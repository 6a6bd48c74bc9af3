"""The development set as a floor: extraction quality on real documents must not drop.

The floors sit just below what was measured when they were set; raise them as extraction improves, never lower
them. The documents are public-domain US government texts with gold facts (``tests/devset/SOURCES.md``).
"""

from pathlib import Path

import pytest

from .helpers import require_module

require_module("spacy", "extract")

from kg.evaluate import evaluate

DEVSET = Path(__file__).resolve().parent / "devset"
MACRO_F1_FLOOR = 0.92  # measured 0.924 on 32 documents (0.532 before the rules of 2026-11-25, then 0.917, 0.921)
CATEGORY_FLOORS = {"persons": 0.90, "organizations": 0.83, "foundings": 0.99, "relations": 0.90,
                   "testimonies": 0.99, "quotes": 0.94, "statistics": 0.84}
# measured 0.91, 0.84, 1.00, 0.91, 1.00, 0.95, 0.85 on the full set with EXTRACTOR_VERSION 6 (the first floors
# were set on 17 documents;
# quotes rose from 0.93 when quotes inside reported speech got their speaker)


@pytest.fixture(scope="module")
def report():
    return evaluate(DEVSET / "gold", DEVSET / "docs")


def test_macro_f1_floor(report):
    assert report.macro_f1 >= MACRO_F1_FLOOR, report.format()


@pytest.mark.parametrize("category", sorted(CATEGORY_FLOORS))
def test_category_floor(report, category):
    assert report.f1(category) >= CATEGORY_FLOORS[category], report.format()
