"""Calibrated confidence and ``kg build --min-confidence``: what a threshold keeps, and what it buys."""

import json
from pathlib import Path

import pytest

from kg import facts as model
from kg.cli import main
from kg.documents import document_from_text, read_document
from kg.evaluate import facts_to_gold, score
from kg.extract.confidence import CALIBRATION_FILE, MIN_SUPPORT, UNMEASURED, confidence, keep_confident
from kg.facts import Entity, Facts, Quote, Span, Statistic

NEWS_DEV = Path(__file__).resolve().parent / "news" / "dev"
FACT_CATEGORIES = ("foundings", "relations", "testimonies", "quotes", "statistics")


def _facts() -> Facts:
    span = Span(0, 4, "Jane")
    return Facts(
        document="a.txt",
        entities=[Entity("jane-doe", "Person", "Jane Doe", mentions=[span], confidence=0.6, method="spacy:ner"),
                  Entity("senate", "LegislativeBody", "Senate", mentions=[span], confidence=0.95,
                         method="spacy:ner"),
                  Entity("acme", "Organization", "Acme", mentions=[span], confidence=0.5, method="spacy:ner")],
        testimonies=[model.Testimony("testimony-jane-doe-senate", "jane-doe", "senate", [span], confidence=0.6,
                               method="rule:told-committee")],
        quotes=[Quote("quote-1", "We will", [span], "jane-doe", "testimony-jane-doe-senate", confidence=0.9,
                      method="rule:quote-cue-after")],
        statistics=[Statistic("stat-1", 3.0, "3", "exact", "shelters", [span], "acme", confidence=0.4,
                              method="rule:figure")])


def test_a_threshold_keeps_facts_at_or_above_it_and_the_entities_they_name():
    kept = keep_confident(_facts(), 0.6)
    assert [t.id for t in kept.testimonies] == ["testimony-jane-doe-senate"]
    assert kept.statistics == []
    assert [e.id for e in kept.entities] == ["jane-doe", "senate"]  # acme: below, and only the figure named it


def test_a_quote_whose_setting_is_dropped_keeps_its_words_and_speaker():
    kept = keep_confident(_facts(), 0.7)
    assert kept.testimonies == []
    [quote] = kept.quotes
    assert (quote.text, quote.speaker, quote.setting) == ("We will", "jane-doe", None)
    assert [e.id for e in kept.entities] == ["jane-doe", "senate"]  # Jane Doe still speaks the quote


def test_threshold_zero_keeps_everything():
    facts = _facts()
    assert keep_confident(facts, 0.0) is facts


def test_calibration_is_of_this_extractor():
    from kg.extract import EXTRACTOR_VERSION

    # a rule change bumps EXTRACTOR_VERSION: benchmarks/calibrate.py must then measure the methods again
    assert json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["extractor_version"] == EXTRACTOR_VERSION


def test_confidence_is_the_measured_precision_of_the_method():
    table = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["methods"]
    measured = [(kind, method, c) for kind, methods in table.items() for method, c in methods.items()
                if c["tp"] + c["fp"] >= MIN_SUPPORT]
    assert measured, "calibration.json measures no method on enough records"
    for kind, method, c in measured:
        assert confidence(kind, method) == round(c["tp"] / (c["tp"] + c["fp"]), 3)
    kind = measured[0][0]
    pooled = [c for c in table[kind].values()]
    expected = round(sum(c["tp"] for c in pooled) / sum(c["tp"] + c["fp"] for c in pooled), 3)
    assert confidence(kind, "rule:no-such-method") == expected
    assert confidence("no-such-kind", "rule:x") == UNMEASURED


def _pooled(facts_by_document, gold_by_document, minimum):
    tp = fp = fn = 0
    for name, facts in facts_by_document.items():
        results = score(gold_by_document[name], facts_to_gold(keep_confident(facts, minimum)), document=name)
        for category in FACT_CATEGORIES:
            tp, fp, fn = tp + results[category].tp, fp + results[category].fp, fn + results[category].fn
    return tp / (tp + fp), tp / (tp + fn)


@pytest.mark.slow
def test_raising_the_threshold_trades_recall_for_precision_on_the_news_development_set(cached_extract):
    gold = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((NEWS_DEV / "gold").glob("*.json"))}
    facts = {name: cached_extract(read_document(NEWS_DEV / "docs" / g["document"])) for name, g in gold.items()}
    thresholds = (0.0, 0.85, 0.95)
    precision, recall = zip(*(_pooled(facts, gold, t) for t in thresholds), strict=True)
    assert precision[0] < precision[1] < precision[2], (thresholds, precision)
    assert recall[0] > recall[1] > recall[2], (thresholds, recall)


def _graph_confidences(path: Path) -> list[float]:
    from rdflib import Graph

    from kg.namespaces import KG

    graph = Graph().parse(path)
    return [float(o) for s, o in graph.subject_objects(KG.confidence) if "/fact/" in str(s)]


@pytest.mark.slow
def test_build_with_min_confidence_writes_only_facts_at_or_above_it(tmp_path, cached_extract):
    source = NEWS_DEV / "docs" / "harbour-light-mps.txt"
    all_facts = cached_extract(read_document(source))
    threshold = sorted({f.confidence for f in all_facts.all_facts()})[1]  # drops the least confident kind
    article = tmp_path / "docs" / source.name
    article.parent.mkdir()
    article.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["build", str(article), "-o", str(tmp_path / "all.ttl"), "--store", str(tmp_path / "s1")]) == 0
    assert main(["build", str(article), "-o", str(tmp_path / "kept.ttl"), "--store", str(tmp_path / "s2"),
                 "--min-confidence", str(threshold)]) == 0
    everything, kept = _graph_confidences(tmp_path / "all.ttl"), _graph_confidences(tmp_path / "kept.ttl")
    assert min(everything) < threshold <= min(kept)
    assert sorted(kept) == sorted(c for c in everything if c >= threshold)


def test_curated_facts_are_kept_whatever_the_threshold(tmp_path, thorn_sources):
    assert main(["build", str(thorn_sources), "-o", str(tmp_path / "g.ttl"), "--min-confidence", "1"]) == 0
    confidences = _graph_confidences(tmp_path / "g.ttl")
    assert confidences and set(confidences) == {1.0}


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high"])
def test_min_confidence_outside_zero_to_one_is_a_usage_error(capsys, value):
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--min-confidence", value])
    assert stopped.value.code == 2
    assert f"{value!r} is not a number from 0 to 1" in capsys.readouterr().err


def test_extract_with_a_threshold_drops_the_facts_below_it():
    pytest.importorskip("spacy")
    from kg.extract import extract

    # a quote whose speaker is a pronoun is right less often than a founding stated outright (a sentence about
    # something else between them: right after a sentence about her, "she" is read as her name)
    document = document_from_text("a.txt", "Jane Doe founded the Acme Foundation in 1999. The foundation runs two "
                                           "food banks. “We help families every single day,” she said.")
    facts = extract(document)
    top = max(f.confidence for f in facts.all_facts())
    kept = extract(document, min_confidence=top)
    assert kept.all_facts() and all(f.confidence >= top for f in kept.all_facts())
    assert len(kept.all_facts()) < len(facts.all_facts())
