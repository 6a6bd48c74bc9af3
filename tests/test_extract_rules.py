"""Each extraction rule on a small text made for it."""

import pytest

from kg.documents import document_from_text
from kg.facts import check_spans

pytest.importorskip("spacy")

from kg.extract import extract
from kg.extract.numbers import parse_number, vague_range
from kg.extract.pipeline import split_text


def run(text: str):
    document = document_from_text("sample.txt", text)
    facts = extract(document)
    check_spans(facts, document.text)
    return facts


def names(facts, kind="Person"):
    return sorted(e.name for e in facts.entities if (e.type == "Person") == (kind == "Person"))


def test_straight_quotes_and_said_x_order():
    facts = run('Jane Doe is the director of the agency.\n"We will not stop until every child is safe," said '
                'Jane Doe.')
    [quote] = facts.quotes
    assert quote.text == "We will not stop until every child is safe"
    assert quote.speaker == "jane-doe"


def test_pronoun_speaker_is_the_nearest_person():
    facts = run("Maria Lopez spoke to reporters on Monday. “The program saved hundreds of families from "
                "eviction,” she said.")
    [quote] = facts.quotes
    assert quote.speaker == "maria-lopez"


def test_multi_paragraph_quote_continues_the_speaker():
    facts = run("“The first part of what I have to say is long enough,” said John Smith.\n\n"
                "“And this second paragraph is still my statement about the budget.”")
    assert [q.speaker for q in facts.quotes] == ["john-smith", "john-smith"]


def test_scare_quotes_are_not_quotations():
    facts = run("The senator called the plan a “disaster” in a speech.")
    assert facts.quotes == []


def test_founding_in_a_relative_clause():
    facts = run("Ashton Kutcher spoke about Thorn, which Kutcher founded in 2012, at a conference.")
    [founding] = facts.foundings
    assert founding.organization == "thorn" and founding.founders == ["ashton-kutcher"]
    assert founding.year == 2012
    assert facts.entity("thorn").type == "Organization"


def test_passive_founding():
    facts = run("The Acme Foundation was founded by Jane Doe in 1999.")
    [founding] = facts.foundings
    assert (founding.organization, founding.founders, founding.year) == ("acme-foundation", ["jane-doe"], 1999)


def test_told_a_subcommittee_on_a_weekday_gives_no_year():
    facts = run("Dr. Alan Grant told a Senate subcommittee on Tuesday that the program was underfunded.")
    [testimony] = facts.testimonies
    assert testimony.witness == "alan-grant"
    assert facts.entity(testimony.body).name == "Senate subcommittee"
    assert testimony.year is None


def test_testified_before_with_year():
    facts = run("In 2019, Sen. Mary Jones testified before the House Judiciary Committee about fraud.")
    [testimony] = facts.testimonies
    assert (testimony.witness, testimony.year) == ("mary-jones", 2019)
    assert facts.entity(testimony.body).name == "House Judiciary Committee"


def test_spouse_with_possessive():
    facts = run("Robert Hale and his wife, Linda Hale, attended the ceremony.")
    [marriage] = facts.marriages
    assert set(marriage.partners) == {"robert-hale", "linda-hale"} and marriage.former is False


def test_scale_words_make_the_value():
    facts = run("The agency said about 1.2 million people lost coverage last year.")
    [figure] = facts.statistics
    assert (figure.value, figure.hedge, figure.surface) == (1_200_000, "approximately", "about 1.2 million")
    assert figure.measure.startswith("people")


def test_percentages():
    facts = run("The survey found that 40 percent of adults skipped meals.")
    [figure] = facts.statistics
    assert (figure.value, figure.unit) == (40, "percent")
    assert figure.source == "survey"


def test_vague_count():
    facts = run("The group has helped thousands of refugees find housing.")
    [figure] = facts.statistics
    assert (figure.value, figure.value_max, figure.vague, figure.hedge) == (1000, 999999, True, "at_least")


@pytest.mark.parametrize("text", [
    "The company was incorporated in 2015 and moved its offices.",  # a year
    "The mayor, 54, was elected on March 3.",  # an age and a date
    "The bill passed the chamber 52-48 after a long vote.",  # a vote tally
    "The hearing lasted three hours and ended at noon.",  # a duration
    "Section 230 of the law protects platforms.",  # a number inside a name
])
def test_not_statistics(text):
    assert run(text).statistics == []


def test_title_and_possessive_stripped():
    facts = run("Sen. Jane Doe's bill would fund the program, and Doe said she expects a vote.")
    assert names(facts) == ["Jane Doe"]
    assert facts.entity("jane-doe").aliases == ["Doe"]


def test_sentence_split_without_space_after_full_stop():
    facts = run("The group identified perpetrators.A 2017 report said the group found 600 victims in total.")
    [figure] = facts.statistics
    assert (figure.value, figure.year) == (600, 2017)


def test_acronym_merged_with_the_full_name():
    facts = run("The Federal Bureau of Investigation (FBI) opened a case. The FBI said it had new leads.")
    organizations = [e for e in facts.entities if e.type != "Person"]
    assert [e.name for e in organizations] == ["Federal Bureau of Investigation"]
    assert "FBI" in organizations[0].aliases


def test_confidence_and_method_on_every_fact():
    facts = run("In 2012, Kutcher and then-wife Demi Moore co-founded Thorn. “We build tools,” Kutcher said.")
    for fact in facts.all_facts():
        assert 0 < fact.confidence <= 1 and fact.method.startswith(("rule:", "spacy:"))


@pytest.mark.parametrize(("number", "scale", "value"), [
    ("6,000", None, 6000), ("1.2", "million", 1_200_000), ("two", " million", 2_000_000),
    ("twenty-five", None, 25), ("3.5", " bn", 3_500_000_000),
])
def test_parse_number(number, scale, value):
    assert parse_number(number, scale) == value


def test_vague_ranges():
    assert vague_range("thousands") == (1000, 999999)
    assert vague_range("hundreds of thousands") == (100_000, 999_999)


def test_split_text_keeps_offsets_and_prefers_line_breaks():
    text = ("A sentence here. " * 40 + "\n") * 10
    pieces = split_text(text, limit=1000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])
