"""The news development set as a floor: extraction quality on news articles must not drop.

``tests/news/dev`` holds news-style articles (team-written, trial and public-domain, ``tests/news/dev/SOURCES.md``)
with gold facts annotated by ``tests/news/ANNOTATION.md``. The floors sit just below what was measured when they
were set; raise them as extraction improves, never lower them.
"""

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from kg.evaluate import evaluate

NEWS_DEV = Path(__file__).resolve().parent / "news" / "dev"
MACRO_F1_FLOOR = 0.84  # measured 0.852 on 42 documents (0.674 before the news rules, EXTRACTOR_VERSION 6)
CATEGORY_FLOORS = {"persons": 0.93, "organizations": 0.84, "foundings": 0.84, "relations": 0.74,
                   "testimonies": 0.80, "quotes": 0.82, "statistics": 0.92}
# measured 0.94, 0.85, 0.85, 0.75, 0.81, 0.83, 0.93 (before: 0.88, 0.72, 0.54, 0.55, 0.34, 0.77, 0.93)


@pytest.fixture(scope="module")
def report(cached_extract):
    return evaluate(NEWS_DEV / "gold", NEWS_DEV / "docs", extractor=cached_extract)


def test_macro_f1_floor(report):
    assert report.macro_f1 >= MACRO_F1_FLOOR, report.format()


@pytest.mark.parametrize("category", sorted(CATEGORY_FLOORS))
def test_category_floor(report, category):
    assert report.f1(category) >= CATEGORY_FLOORS[category], report.format()
