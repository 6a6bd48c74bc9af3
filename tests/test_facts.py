"""The facts format: round trip, and a clear message naming the place of every malformed part."""

import json

import pytest

from kg.errors import FactsError, SpanMismatchError
from kg.facts import Facts, Span, Statistic, check_spans, dump_facts, load_facts, parse_facts
from kg.paths import sources_dir

THORN_FACTS = sources_dir() / "thorn-kutcher.facts.json"


def minimal(**extra):
    data = {
        "format": "kg-facts", "version": 1, "document": "d.txt",
        "entities": [{"id": "p", "type": "Person", "name": "Jane Doe",
                      "mentions": [{"begin": 0, "end": 8, "text": "Jane Doe"}]}],
    }
    data.update(extra)
    return data


def test_thorn_curation_file_loads_and_round_trips(tmp_path):
    facts = load_facts(THORN_FACTS)
    assert [e.name for e in facts.entities] == ["Ashton Kutcher", "Demi Moore", "Thorn", "Congress"]
    assert facts.foundings[0].founders == ["ashton-kutcher", "demi-moore"]
    assert facts.foundings[0].year == 2012
    assert facts.marriages[0].former is True
    assert [s.hedge for s in facts.statistics] == ["nearly", "more_than", "more_than", "at_least"]
    again = parse_facts(json.loads(dump_facts(facts)))
    assert again == facts


def test_thorn_curation_spans_match_the_article():
    facts = load_facts(THORN_FACTS)
    text = (sources_dir() / "thorn-kutcher.txt").read_text(encoding="utf-8")
    check_spans(facts, text)  # raises on any mismatch
    quote = facts.quotes[3]
    span = quote.evidence[0]
    assert text[span.begin:span.end] == "It’s a simple notion: ‘the right to pursue happiness.’"


def test_dump_writes_one_span_per_line():
    text = dump_facts(load_facts(THORN_FACTS))
    assert '{"begin": 40, "end": 54, "text": "Ashton Kutcher"}' in text


@pytest.mark.parametrize("change, message", [
    ({"format": "other"}, 'format: expected "format": "kg-facts"'),
    ({"version": 9}, "version: unsupported version 9"),
    ({"colour": 1}, "top level: unknown key 'colour'"),
    ({"quotes": [{"id": "q", "txt": "x", "evidence": []}]}, "quotes[0]: unknown key 'txt' for a Quote; valid keys: id, text"),
    ({"quotes": [{"id": "q", "evidence": []}]}, "quotes[0]: Quote lacks the required key 'text'"),
    ({"statistics": [{"id": "s", "value": "many", "surface": "x", "hedge": "exact", "measure": "m",
                      "evidence": []}]}, "statistics[0].value: expected a number, got 'many'"),
    ({"statistics": [{"id": "s", "value": 3, "surface": "x", "hedge": "roughly", "measure": "m",
                      "evidence": []}]}, "statistics[0].hedge: unknown hedge 'roughly'; valid: exact"),
    ({"foundings": [{"id": "f", "organization": "nobody", "founders": ["p"], "evidence": []}]},
     "foundings[0].organization: 'nobody' is not the id of an entity"),
    ({"quotes": [{"id": "q", "text": "x", "setting": "p", "evidence": []}]},
     "quotes[0].setting: 'p' is not the id of a testimony or interview"),
    ({"quotes": [{"id": "q", "text": "x", "evidence": [{"begin": 5, "end": 2, "text": "x"}]}]},
     "quotes[0].evidence[0]: span offsets 5-2 are not an increasing pair"),
    ({"quotes": [{"id": "q", "text": "x", "evidence": [{"begin": 0, "end": 2, "txt": "x"}]}]},
     "quotes[0].evidence[0]: unknown key 'txt' in a span"),
    ({"quotes": [{"id": "p", "text": "x", "evidence": []}]}, "quotes[0].id: id 'p' is already used by entities[0]"),
    ({"marriages": [{"id": "m", "partners": ["p"], "evidence": []}]},
     "marriages[0].partners: a marriage has exactly two partners"),
])
def test_malformed_facts_name_the_place(change, message):
    with pytest.raises(FactsError) as error:
        parse_facts(minimal(**change), origin="x.facts.json")
    assert str(error.value).startswith("x.facts.json: ")
    assert message in str(error.value)


def test_json_syntax_error_gives_line_and_column(tmp_path):
    path = tmp_path / "x.facts.json"
    path.write_text('{\n  "format": "kg-facts",\n  "version": 1,,\n}', encoding="utf-8")
    with pytest.raises(FactsError, match=r"x.facts.json: line 3, column 16: invalid JSON"):
        load_facts(path)


def test_span_mismatch_names_fact_offsets_and_where_the_text_is():
    facts = parse_facts(minimal())
    facts.statistics.append(Statistic(id="stat-1", value=5, surface="five", hedge="exact", measure="m",
                                      evidence=[Span(0, 4, "five")]))
    with pytest.raises(SpanMismatchError) as error:
        check_spans(facts, "Jane Doe saw five birds.", origin="d.facts.json")
    message = str(error.value)
    assert "statistics fact 'stat-1': span 0-4 should read 'five' but the document has 'Jane'" in message
    assert "that text is at 13-17" in message


def test_span_past_the_end():
    facts = parse_facts(minimal())
    with pytest.raises(SpanMismatchError, match="ends past the end of d.txt"):
        check_spans(facts, "Jane")


def test_changed_document_is_detected_by_hash():
    facts = Facts(document="d.txt", sha256="0" * 64)
    with pytest.raises(SpanMismatchError, match="written for a different version of d.txt"):
        check_spans(facts, "text")


def test_every_mistake_of_a_facts_file_is_reported_at_once():
    data = minimal(
        title=3,
        extra="x",
        quotes=[{"id": "q1", "text": "x", "speaker": "nobody", "evidence": []},
                {"id": "q2", "txt": "x", "evidence": [{"begin": 5, "end": 2, "text": "x"}]}],
        statistics=[{"id": "s", "value": 1, "surface": "1", "hedge": "roughly", "measure": "m", "evidence": []}],
    )
    with pytest.raises(FactsError) as error:
        parse_facts(data, origin="x.facts.json")
    assert str(error.value) == (
        "x.facts.json: 7 mistakes: "
        "(1) top level: unknown key 'extra'; valid keys: document, entities, format, foundings, interviews, "
        "marriages, quotes, sha256, source, statements, statistics, testimonies, title, version; "
        "(2) title: expected a string, got 3; "
        "(3) quotes[1]: unknown key 'txt' for a Quote; valid keys: id, text, evidence, speaker, setting, "
        "confidence, method; "
        "(4) quotes[1]: Quote lacks the required key 'text'; "
        "(5) quotes[1].evidence[0]: span offsets 5-2 are not an increasing pair of offsets >= 0; "
        "(6) quotes[0].speaker: 'nobody' is not the id of an entity in this file; "
        "(7) statistics[0].hedge: unknown hedge 'roughly'; valid: exact, approximately, nearly, more_than, "
        "at_least, less_than, at_most")


def test_every_span_mismatch_is_reported_at_once():
    facts = parse_facts(minimal())
    facts.statistics.append(Statistic(id="stat-1", value=5, surface="five", hedge="exact", measure="m",
                                      evidence=[Span(0, 4, "five"), Span(20, 90, "x")]))
    with pytest.raises(SpanMismatchError) as error:
        check_spans(facts, "Jane Doe saw five birds.", origin="d.facts.json")
    assert str(error.value).startswith("d.facts.json: 2 mistakes: (1) statistics fact 'stat-1': span 0-4 should "
                                       "read 'five'")
    assert "(2) statistics fact 'stat-1': span 20-90 ends past the end of d.txt" in str(error.value)
