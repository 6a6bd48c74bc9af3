"""The project's evaluation: scoring semantics and the Facts -> gold conversion."""

import json

import pytest

from kg.evaluate import evaluate, facts_to_gold, normalize, score, text_match
from kg.facts import Entity, Facts, Founding, Marriage, Quote, Span, Statistic
from kg.facts import Testimony as GivenTestimony

GOLD = {
    "document": "a.txt",
    "persons": [{"name": "Ashton Kutcher", "aliases": ["Kutcher"]}, {"name": "Demi Moore"}],
    "organizations": [{"name": "Thorn", "aliases": ["Digital Defenders of Children"]},
                      {"name": "Congress", "aliases": ["U.S. Congress"]}, {"name": "48 Hours", "optional": True}],
    "foundings": [{"organization": "Thorn", "founders": ["Ashton Kutcher", "Demi Moore"], "year": 2012}],
    "relations": [{"person": "Ashton Kutcher", "relation": "spouse", "other": "Demi Moore", "former": True}],
    "testimonies": [{"speaker": "Ashton Kutcher", "before": "Congress", "year": 2017}],
    "quotes": [{"speaker": "Ashton Kutcher", "text": "I’m here today to defend the right to pursue happiness"}],
    "statistics": [{"value": 6000, "qualifiers": ["approximately"], "year": 2017, "about": "Thorn"},
                   {"value": 1000, "value_max": 999999, "optional": True}],
}


def test_normalize_and_text_match():
    assert normalize("“I’m here,” he said.") == "i m here he said"
    assert text_match("I’m here today to defend the right", "I'm here today to defend the right to pursue")
    assert not text_match("short", "shorter text entirely")


def test_perfect_prediction_scores_one():
    predicted = {**GOLD, "statistics": [{"value": 6000, "qualifier": "nearly", "year": 2017, "about": "Thorn"}]}
    scores = score(GOLD, predicted)
    for category in ("persons", "organizations", "foundings", "relations", "testimonies", "quotes", "statistics"):
        assert (scores[category].fp, scores[category].fn) == (0, 0), category
    assert scores["_stat_attr"] == (1, 1, 1, 1)  # "nearly" is accepted where "approximately" is


def test_last_name_titles_duplicates_and_optional_items():
    predicted = {"persons": [{"name": "Mr Kutcher"}, {"name": "Ashton Kutcher"}, {"name": "Jane Roe"}],
                 "organizations": [{"name": "the U.S. Congress"}, {"name": "48 Hours"}]}
    scores = score(GOLD, predicted)
    persons = scores["persons"]
    assert (persons.tp, persons.fp, persons.fn) == (1, 2, 1)
    assert persons.extras == [("", "Ashton Kutcher (duplicate)"), ("", "Jane Roe")]
    organizations = scores["organizations"]
    assert (organizations.tp, organizations.fp, organizations.fn) == (1, 0, 1)  # 48 Hours is optional


def test_statistics_need_the_year_and_vague_counts_are_ranges():
    predicted = {"statistics": [{"value": 6000, "year": 2016}, {"value": 5000, "qualifier": "at_least"}]}
    statistics = score(GOLD, predicted)["statistics"]
    # 6000 with the wrong year misses the required item; it and 5000 fall in the optional vague range, which
    # absorbs them: neither right nor wrong
    assert (statistics.tp, statistics.fp, statistics.fn) == (0, 0, 1)
    alone = {**GOLD, "statistics": GOLD["statistics"][:1]}
    statistics = score(alone, predicted)["statistics"]
    assert (statistics.tp, statistics.fp, statistics.fn) == (0, 2, 1)


def test_quotes_need_the_speaker():
    predicted = {"quotes": [{"speaker": "Demi Moore", "text": "I’m here today to defend the right to pursue"}]}
    scores = score(GOLD, predicted)
    assert (scores["quotes"].tp, scores["quotes"].fp) == (0, 1)
    assert scores["quote-spans"].tp == 1


def _facts() -> Facts:
    span = Span(0, 5, "Thorn")
    return Facts(
        document="a.txt",
        entities=[Entity("ashton-kutcher", "Person", "Ashton Kutcher", ["Kutcher"], [span]),
                  Entity("demi-moore", "Person", "Demi Moore", [], [span]),
                  Entity("thorn", "Organization", "Thorn", [], [span]),
                  Entity("congress", "LegislativeBody", "Congress", [], [span])],
        foundings=[Founding("f", "thorn", ["ashton-kutcher", "demi-moore"], [span], 2012)],
        marriages=[Marriage("m", ["ashton-kutcher", "demi-moore"], [span], True)],
        testimonies=[GivenTestimony("t", "ashton-kutcher", "congress", [span], 2017)],
        quotes=[Quote("q", "I’m here today to defend the right to pursue happiness", [span], "ashton-kutcher", "t")],
        statistics=[Statistic("s", 6000, "nearly 6,000", "nearly", "victims", [span], "thorn", 2017)],
    )


def test_facts_to_gold():
    gold = facts_to_gold(_facts())
    assert gold["organizations"] == [{"name": "Thorn", "aliases": []}, {"name": "Congress", "aliases": []}]
    assert gold["foundings"] == [{"organization": "Thorn", "founders": ["Ashton Kutcher", "Demi Moore"],
                                  "year": 2012}]
    assert gold["quotes"][0]["setting"] == "testimony before Congress"
    assert gold["statistics"][0]["qualifier"] == "nearly" and gold["statistics"][0]["about"] == "Thorn"
    scores = score(GOLD, gold)
    assert all(scores[c].fn == 0 and scores[c].fp == 0 for c in ("foundings", "relations", "testimonies", "quotes"))


def test_evaluate_reports_misses_and_extras(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold" / "a.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (tmp_path / "docs" / "a.txt").write_text("text", encoding="utf-8")
    report = evaluate(tmp_path / "gold", tmp_path / "docs", extractor=lambda document: _facts())
    assert report.f1("foundings") == 1.0
    assert report.categories["statistics"].tp == 1
    assert report.categories["organizations"].misses == []
    table = report.format()
    assert table.splitlines()[0].split() == ["category", "tp", "fp", "fn", "P", "R", "F1"]
    assert table.splitlines()[-1] == f"macro-F1 {report.macro_f1:.3f}"
    assert report.macro_f1 == pytest.approx(1.0)


def test_evaluate_refuses_a_missing_folder(tmp_path):
    from kg.errors import KgError

    with pytest.raises(KgError, match="no such folder"):
        evaluate(tmp_path / "nope", tmp_path)
