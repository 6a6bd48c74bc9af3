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
MACRO_F1_FLOOR = 0.92
CATEGORY_FLOORS = {"persons": 0.95, "organizations": 0.88, "foundings": 0.86, "relations": 0.94,
                   "testimonies": 0.91, "quotes": 0.93, "statistics": 0.94}
# Measured on 366 documents with EXTRACTOR_VERSION 62: macro-F1 0.924 (foundings 0.85 -> 0.87 [P 0.94, R 0.82; 105
# gold pairs missed, 122 before], organizations 0.87 -> 0.89), once the words right after a founding verb name the
# body founded whatever the tagger made of them (benchmarks/founding_misses.py gives the misses by family).
# Measured on 366 documents with EXTRACTOR_VERSION 61: macro-F1 0.919 (testimonies 0.91 -> 0.92 [P 0.95, R 0.90;
# 578 -> 591 right, 39 -> 33 wrong]; batches 16-20's 80 alone: testimonies 0.84 -> 0.91, macro 0.849 -> 0.859), once
# speakers at local public hearings testify before the board, council or commission the text names, lower-case
# committee names keep a hyphenated last subject, and a possessive's subcommittee keeps its whole name.
# Measured on 366 documents with EXTRACTOR_VERSION 60: macro-F1 0.916 (persons 0.96, organizations 0.87, foundings
# 0.85 [P 0.92, R 0.79], relations 0.95, testimonies 0.91, quotes 0.94, statistics 0.95), when blind batches 16-20
# (80 articles; 0.849 pooled with 59, foundings 0.68) joined the set and the founding reader was retrained on it.
# Measured on 286 documents with EXTRACTOR_VERSION 58: macro-F1 0.931 (foundings 0.88 -> 0.89 [P 0.94, R 0.85]; the
# learned founding reader is trained on these documents, so this figure is in-sample: its held-out figures are in
# docs/extraction.md), every other category unchanged.
# Measured on 286 documents with EXTRACTOR_VERSION 57: macro-F1 0.931 (persons 0.97, organizations 0.88, foundings
# 0.88, relations 0.97, testimonies 0.92, quotes 0.95, statistics 0.95), when batch 5 (the in-repository blind
# batch until then) joined the set.
# Measured on 270 documents with EXTRACTOR_VERSION 57 (with the rules of 56): macro-F1 0.934 (foundings 0.89
# [P 0.95, R 0.84, 68 missed], organizations 0.88 [P 0.85]; batches 11-13's 48 alone foundings 0.84), once a
# capitalized ordinal opened a body's name ("Second Shift Kitchen").
# Measured on 270 documents with EXTRACTOR_VERSION 56: macro-F1 0.933 (persons 0.97, foundings 0.89, relations 0.97
# [111/2/5], testimonies 0.93 [P 0.95, R 0.91], quotes 0.95 [1132/57/66]; batches 11-13's 48 alone: testimonies
# 0.81 -> 0.90, quotes 0.84 -> 0.89, persons 0.93 -> 0.94, macro 0.825 -> 0.882; blind batch 5 0.888), once
# lower-case committee names with a remit, an answering "he" in an exchange of question and answer, whole surnames
# between namesakes, the gender a kinship possessive gives, names holding a middle name ("Singh", "Kaur") and
# witnesses' names the tagger missed were read.
# Measured on 270 documents with EXTRACTOR_VERSION 55: macro-F1 0.923 (organizations 0.88 [P 0.85, 160 false
# bodies]; blind batch 5 organizations 0.77 -> 0.79, macro 0.877), once one word only ever written before words
# describing a body or people ("Halifax literacy pioneer") was the place they are in.
# Measured on 270 documents with EXTRACTOR_VERSION 54: macro-F1 0.922 (persons 0.97, relations 0.96 [109/3/7],
# foundings 0.88), once a relative named by a first name alone ("and her husband, Frank,") took the surname of the
# person listed with them.
# Measured on 270 documents with EXTRACTOR_VERSION 53: macro-F1 0.921 (foundings 0.88 [P 0.94, R 0.82]; batches
# 11-13's 48 alone foundings 0.76), once a fronted founding phrase described the subject of its main verb past
# "X-based", and "the business" was the one body the text said someone founded.
# Measured on 270 documents with EXTRACTOR_VERSION 52: macro-F1 0.919 (foundings 0.87 [P 0.93, R 0.81]; blind
# batches 11-13's 48 alone foundings 0.60 -> 0.70), once a co-founder after "with" a relative or role noun, "who" a
# parse hung on the founder's employer, titles between listed founders and "the Halifax charity" were read.
# Measured on 270 documents with EXTRACTOR_VERSION 51: macro-F1 0.917 (persons 0.96, organizations 0.88, foundings
# 0.85 [P 0.93, R 0.79], relations 0.95, testimonies 0.90, quotes 0.93, statistics 0.95), when blind batches 11, 12
# and 13 (48 articles; 0.669, 0.777 and 0.848 with 38, 0.782, 0.768 and 0.852 with 51) joined the set.
# Measured on 222 documents with EXTRACTOR_VERSION 50: macro-F1 0.935 (testimonies 0.92 [P 0.95, R 0.90], quotes
# 0.95 [P 0.96, R 0.95]; 0.927, 0.90 and 0.92 with 49), once speakers and witnesses named beside a role, a relative
# clause or another witness ("appeared alongside"), quotes in a headline, a quote or a pronoun after a sentence about
# its speaker and courts named with their seat were read.
# Measured on 222 documents with EXTRACTOR_VERSION 49: macro-F1 0.927 (relations 0.97 [102/2/4]), once an unnamed
# spouse ("her husband") of one of a pair named together ("Cordelia and Everett Banks") was read.
# Measured on 222 documents with EXTRACTOR_VERSION 48: macro-F1 0.925 (organizations 0.88 [P 0.84, 142 false bodies],
# foundings 0.89 [P 0.95, R 0.84; 0.82 with 38]; batch 14's 16 alone: foundings 0.39 with 38, 0.44 with 39 whose
# rule was written before the batch was read, 0.78 with 48), once "the company" a founder started was the body a
# story names most, names cut at "and", roles held at a body, plural founder nouns and founders listed or named
# before as a group were read.
# Measured on 222 documents with EXTRACTOR_VERSION 47: macro-F1 0.923 (persons 0.97 [P 0.96, 48 false persons],
# relations 0.96), once occupations opening a sentence, a party's possessive, "Dad"/"Mum" and "Ont." were no names.
# Measured on 222 documents with EXTRACTOR_VERSION 46: macro-F1 0.920 (relations 0.89 -> 0.95 [P 0.97, R 0.93];
# batch 14's 16 alone 0.832, relations 0.52 -> 0.81), once couples named together ("husband and wife A and B Roe",
# "They married in 2019", "his first marriage, to X") were read.
# Measured on 222 documents with EXTRACTOR_VERSION 39: macro-F1 0.902 (persons 0.96, organizations 0.87, foundings
# 0.84 [R 0.77], relations 0.89, testimonies 0.89, quotes 0.92, statistics 0.95), when batch 14 (16 articles leaning
# to foundings and spouses, 0.737 before any rule for it) joined the set.
# Measured on 206 documents with EXTRACTOR_VERSION 38: macro-F1 0.914 (persons 0.96, organizations 0.87, foundings
# 0.86 [R 0.81], relations 0.94, testimonies 0.89, quotes 0.92, statistics 0.95), when blind batches 9 and 10 joined
# the set.
# Measured on 174 documents with EXTRACTOR_VERSION 38: macro-F1 0.930 (foundings 0.90 [P 0.95, R 0.86], relations
# 0.96), once a name its context makes a person's is never the body founded and "..., a former X, and her husband,
# Y" lists both founders.
# Measured on 174 documents with EXTRACTOR_VERSION 37: macro-F1 0.926 (persons 0.96, organizations 0.87, foundings
# 0.88, relations 0.95, testimonies 0.92, quotes 0.94, statistics 0.95), when blind batches 7 and 8 joined the set.
# Measured on 142 documents with EXTRACTOR_VERSION 37: macro-F1 0.941 (testimonies 0.94: a witness table shared).
# Measured on 142 documents with EXTRACTOR_VERSION 36: macro-F1 0.940 (foundings 0.91, once "the couple" with no
# list before it named the two people of the sentence before).
# Measured on 142 documents with EXTRACTOR_VERSION 35: macro-F1 0.939 (persons 0.97, organizations 0.88, foundings
# 0.90, relations 0.97, testimonies 0.94, quotes 0.96, statistics 0.95); batch 6's 16 alone 0.969 (testimonies
# 0.99, quotes 1.00), once a shared surname named the one the story has speak, witnesses a body heard in one
# sentence, "in his evidence", joint statements, answers to a member's question, a subcommittee named with a
# possessive and a committee's name in lower case were read.
# Measured on 142 documents with EXTRACTOR_VERSION 34: macro-F1 0.928 (organizations 0.87, precision 0.83).
# Measured on 142 documents with EXTRACTOR_VERSION 33: macro-F1 0.925 (persons 0.97, organizations 0.86, foundings
# 0.90, relations 0.97, testimonies 0.88, quotes 0.95, statistics 0.95); batch 6's 16 alone 0.930, once nicknames,
# a spouse's namesake and "Mr Doe" among brothers were read.
# Measured on 142 documents with EXTRACTOR_VERSION 32: macro-F1 0.908 (persons 0.96, organizations 0.86, foundings
# 0.88, relations 0.89, testimonies 0.87, quotes 0.94, statistics 0.95); batch 6's 16 alone 0.915 (0.794 with 31)
# once names marked by a hyphen or a Gaelic particle, long committee names and places before a description were read.
# Measured on 142 documents with EXTRACTOR_VERSION 31: macro-F1 0.880 (persons 0.95, organizations 0.84, foundings
# 0.86, relations 0.85, testimonies 0.81, quotes 0.91, statistics 0.95), when blind batch 6 joined the set.
# Measured on 126 documents with EXTRACTOR_VERSION 31: macro-F1 0.894 (persons 0.95, organizations 0.84, foundings
# 0.87, relations 0.87, testimonies 0.85, quotes 0.93, statistics 0.95), when blind batches 3 and 4 joined the set.
# On the 94 before them: 0.924 with 31, 0.894 with 20. Each batch written by an annotator who had not read
# kg/extract/ was scored before any rule saw it, then joined this set:
# - blind batches 7 and 8 (16 articles each, written while the rules of 32-37 were): 0.776 and 0.799 with
#   EXTRACTOR_VERSION 31, 0.812 and 0.872 with 37;
# - blind batch 6 (16 articles): 0.793 with EXTRACTOR_VERSION 20, 0.794 with 31 (persons 0.94, organizations 0.81,
#   foundings 0.81, spouses 0.77, testimonies 0.53, quotes 0.75, statistics 0.95);
# - blind batch 4 (16 articles): 0.707 with EXTRACTOR_VERSION 20, 0.730 with 31 (persons 0.90, organizations 0.77,
#   foundings 0.54, spouses 0.74, testimonies 0.46, quotes 0.72, statistics 0.97); the list of its founding and
#   spouse constructions reached the rule writers' brief, so those two figures are not blind;
# - blind batch 3 (16 articles): 0.749 with 10, 0.813 with 20; 0.927 with 31 once it was open to rule writers;
# - blind batch 2 (16 articles): 0.708 with EXTRACTOR_VERSION 5, 0.742 with 10 (persons 0.89, organizations 0.73,
#   foundings 0.72, spouses 0.53, testimonies 0.57, quotes 0.84, statistics 0.91); 0.771 with 20;
# - the second writer's 20 articles (constructions in the proportions of docs/news-constructions.md): 0.737 with 7
#   and 8, 0.741 with 9 (foundings 0.56, testimonies 0.56);
# - blind batch 1 (14 articles): 0.629 with 5, 0.731 with 6.
# On the first 42 documents: 0.674 before the news rules, 0.852 with 6, 0.885 with 7.


BLIND_MACRO_F1_FLOOR = 0.85
BLIND_CATEGORY_FLOORS = {"persons": 0.91, "organizations": 0.83, "foundings": 0.75, "relations": 0.84,
                         "testimonies": 0.73, "quotes": 0.91, "statistics": 0.93}
# tests/news/blind holds blind batches 15, 24 and 25 (37 articles); with EXTRACTOR_VERSION 62: macro-F1 0.854
# (persons 0.92, organizations 0.84, foundings 0.76, relations 0.85, testimonies 0.74, quotes 0.92, statistics 0.94).
# Batches 24 and 25 (21 articles written from tests/news/CHECKLIST.md by two annotators who had not read
# kg/extract/; no rule written or changed for them, their misses not looked at) scored with 60, the version before
# they were written, then with 62: batch 24 0.804 -> 0.819, batch 25 0.894 -> 0.895; the 21 pooled 0.844 -> 0.852
# (foundings 0.71 -> 0.75 [P 0.76, R 0.74], organizations 0.80 -> 0.81 [P 0.74], testimonies 0.73, quotes 0.91,
# statistics 0.93, persons 0.94, spouses 0.89).
# blind batch 15 (16 articles written from tests/news/CHECKLIST.md by an annotator who had not read kg/extract/),
# no rule written or changed for it, scored with EXTRACTOR_VERSION 51 before the rules of 52-57 were written and
# with 57 after: 0.837 -> 0.843 (persons 0.90, organizations 0.86 -> 0.87, foundings 0.75, spouses 0.75,
# testimonies 0.75 -> 0.73, quotes 0.89 -> 0.93, statistics 0.96). The batch before it (batch 5, 0.857 with 31,
# 0.888 with 57, its figures looked at while two rules of 56 were narrowed) joined tests/news/dev.
# With 58 (the learned founding reader, trained on tests/news/dev and tests/devset only): unchanged, 0.843
# (foundings 0.75). With 61: 0.844 (testimonies 0.73 -> 0.74 [22/6/10 -> 23/7/9]), every other category unchanged.


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
