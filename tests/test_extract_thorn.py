"""Extraction on the Thorn article, with no curation file: the facts a careful reader records."""

from pathlib import Path

import pytest

from kg.documents import read_document
from kg.evaluate import evaluate, facts_to_gold
from kg.facts import check_spans

from .helpers import require_module, require_shared

require_module("spacy", "extract")

from kg.extract import extract

ROOT = Path(__file__).resolve().parent.parent
THORN = ROOT / "graph" / "sources" / "thorn-kutcher.txt"


@pytest.fixture(scope="module")
def thorn():
    document = read_document(THORN)
    return document, extract(document)


def test_spans_match_the_text(thorn):
    document, facts = thorn
    check_spans(facts, document.text)
    assert all(entity.mentions for entity in facts.entities)
    assert all(fact.evidence for fact in facts.all_facts())


def test_entities(thorn):
    _, facts = thorn
    kinds = {e.id: (e.type, e.name) for e in facts.entities}
    assert kinds == {"ashton-kutcher": ("Person", "Ashton Kutcher"), "demi-moore": ("Person", "Demi Moore"),
                     "thorn": ("Organization", "Thorn"), "congress": ("LegislativeBody", "Congress")}
    assert facts.entity("ashton-kutcher").aliases == ["Kutcher"]
    assert facts.entity("thorn").method == "spacy:ner+context"


def test_founding(thorn):
    _, facts = thorn
    [founding] = facts.foundings
    assert (founding.organization, founding.founders, founding.year) == (
        "thorn", ["ashton-kutcher", "demi-moore"], 2012)
    assert founding.method.startswith("rule:") and 0 < founding.confidence <= 1


def test_marriage_is_former(thorn):
    _, facts = thorn
    [marriage] = facts.marriages
    assert marriage.partners == ["ashton-kutcher", "demi-moore"] and marriage.former is True
    assert marriage.evidence[0].text == "Kutcher and then-wife Demi Moore"


def test_testimony(thorn):
    _, facts = thorn
    [testimony] = facts.testimonies
    assert (testimony.witness, testimony.body, testimony.year) == ("ashton-kutcher", "congress", 2017)


def test_quotes_all_by_kutcher_with_settings(thorn):
    _, facts = thorn
    assert [q.text[:20] for q in facts.quotes] == ["What we do at our co", "You can roll up your",
                                                   "I’m here today to de", "It’s a simple notion"]
    assert {q.speaker for q in facts.quotes} == {"ashton-kutcher"}
    assert [q.setting for q in facts.quotes] == ["interview-ashton-kutcher-48-hours"] * 2 + [
        "testimony-ashton-kutcher-congress-2017"] * 2
    [interview] = facts.interviews
    assert interview.programme == "48 Hours"


def test_statistics(thorn):
    _, facts = thorn
    figures = {(s.value, s.hedge): s for s in facts.statistics}
    assert set(figures) == {(6000, "nearly"), (100, "more_than"), (6600, "more_than"), (1000, "at_least")}
    victims = figures[(6000, "nearly")]
    assert (victims.measure, victims.about, victims.year, victims.source) == (
        "child sex trafficking victims identified", "thorn", 2017, "2017 report")
    assert figures[(6600, "more_than")].measure == "perpetrators identified"
    assert figures[(100, "more_than")].about == "thorn"
    vague = figures[(1000, "at_least")]
    assert vague.vague and vague.value_max == 999999 and vague.about == "thorn"


def test_ids_are_stable(thorn):
    document, facts = thorn
    again = extract(document)
    assert [f.id for f in again.all_facts()] == [f.id for f in facts.all_facts()]
    assert facts_to_gold(again) == facts_to_gold(facts)


def test_thorn_scores_above_target():
    report = evaluate(require_shared("corpus/gold"), THORN.parent)
    assert report.macro_f1 >= 0.95
    assert min(report.f1(c) for c in ("persons", "organizations", "quotes", "statistics")) >= 0.8
