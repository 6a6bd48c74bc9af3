"""The news sets as floors: extraction quality on news articles must not drop.

``tests/news/dev`` holds news-style articles (team-written, trial and public-domain, ``tests/news/dev/SOURCES.md``)
that rules are developed against; ``tests/news/blind`` holds the latest blind batch, scored before any rule was
written or changed for it (``tests/news/blind/SOURCES.md``), whose failures rules are not written against. Gold
facts are annotated by ``tests/news/ANNOTATION.md``. The floors sit just below what was measured when they were set;
raise them as extraction improves, never lower them.
"""

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from kg.evaluate import evaluate

NEWS = Path(__file__).resolve().parent / "news"
NEWS_DEV = NEWS / "dev"
NEWS_BLIND = NEWS / "blind"
MACRO_F1_FLOOR = 0.91
# measured 0.929 on 78 documents with EXTRACTOR_VERSION 17; on 76: 0.878 with 12 (foundings 0.75 -> 0.89 with the
# news founding rules), 0.902 with the organization, spouse and founding-list rules of 17 alone.
# measured 0.830 on 76 documents (EXTRACTOR_VERSION 9) when the second writer's 20 articles (written by an annotator
# who had not read kg/extract/, with constructions in the proportions of docs/news-constructions.md) joined the set;
# on those 20 alone, scored before any rule saw them: 0.737 with 7 and 8, 0.741 with 9 (persons 0.89, organizations
# 0.75, foundings 0.56, spouses 0.67, testimonies 0.56, quotes 0.82, statistics 0.92; 0.95 with 9).
# Before them: 0.860 on 56 documents with 9, 0.822 with 6 when blind batch 1 (14 articles written by an annotator who
# had not read kg/extract/) joined the set; on those 14 alone, scored before any rule saw them: 0.629 with
# EXTRACTOR_VERSION 5 and 0.731 with 6 (quotes 0.81; 0.83 with the quote rules of 7, written before they were seen).
# On the first 42 documents: 0.674 before the news rules, 0.852 with 6, 0.885 with 7.
CATEGORY_FLOORS = {"persons": 0.94, "organizations": 0.85, "foundings": 0.95, "relations": 0.91,
                   "testimonies": 0.87, "quotes": 0.92, "statistics": 0.95}
# measured 0.95, 0.86 (P 0.82), 0.97, 0.93 (persons, organizations, foundings, relations) with EXTRACTOR_VERSION 17;
# 0.94, 0.82, 0.89, 0.88 with 12;
# measured 0.92, 0.80, 0.74, 0.79, 0.70, 0.89, 0.96 on the 76 documents (quotes 0.92 with EXTRACTOR_VERSION 11; on
# the 56 before them, with 9: 0.94, 0.82, 0.78, 0.81, 0.77, 0.94, 0.97). Testimonies on 78 documents (two
# team-written articles of testimony constructions added): 0.72 with 12, 0.84 with 13 (P 0.89, R 0.80),
# 0.88 with 14 (P 0.93, R 0.85; organizations 0.83); quotes 0.93 with 15 (P 0.94, R 0.93);
# testimonies 0.89 with 18 (P 0.93, R 0.85).


BLIND_MACRO_F1_FLOOR = 0.73
# blind batch 2 (16 articles written from tests/news/CHECKLIST.md by an annotator who had not read kg/extract/),
# scored before any rule saw them: 0.708 with EXTRACTOR_VERSION 5, 0.742 with 10 (persons 0.89, organizations 0.73,
# foundings 0.72, spouses 0.53, testimonies 0.57, quotes 0.84, statistics 0.91)
BLIND_CATEGORY_FLOORS = {"persons": 0.88, "organizations": 0.72, "foundings": 0.71, "relations": 0.52,
                         "testimonies": 0.56, "quotes": 0.83, "statistics": 0.90}


@pytest.fixture(scope="module")
def report(cached_extract):
    return evaluate(NEWS_DEV / "gold", NEWS_DEV / "docs", extractor=cached_extract)


@pytest.fixture(scope="module")
def blind_report(cached_extract):
    return evaluate(NEWS_BLIND / "gold", NEWS_BLIND / "docs", extractor=cached_extract)


def test_macro_f1_floor(report):
    assert report.macro_f1 >= MACRO_F1_FLOOR, report.format()


@pytest.mark.parametrize("category", sorted(CATEGORY_FLOORS))
def test_category_floor(report, category):
    assert report.f1(category) >= CATEGORY_FLOORS[category], report.format()


def test_blind_macro_f1_floor(blind_report):
    # only the figures are printed: rules are not written against the blind set's misses
    assert blind_report.macro_f1 >= BLIND_MACRO_F1_FLOOR, blind_report.format(verbose=False)


@pytest.mark.parametrize("category", sorted(BLIND_CATEGORY_FLOORS))
def test_blind_category_floor(blind_report, category):
    assert blind_report.f1(category) >= BLIND_CATEGORY_FLOORS[category], blind_report.format(verbose=False)
