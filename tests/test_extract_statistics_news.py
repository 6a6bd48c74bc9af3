"""Reported figures on the constructions news uses: the value, hedge, year and a readable measure of each, on short
invented texts, and the numbers that are no figure of the article."""

import pytest

from kg.documents import document_from_text
from kg.facts import check_spans

from .helpers import require_module

require_module("spacy", "extract")

from kg.extract import extract


def figures(text: str) -> list[tuple[float, str, str, int | None]]:
    document = document_from_text("sample.txt", text)
    facts = extract(document)
    check_spans(facts, document.text)
    return sorted((s.value, s.hedge, s.measure, s.year) for s in facts.statistics)


@pytest.mark.parametrize(("text", "expected"), [
    # the measure is a readable phrase of the text, with what changes its meaning
    ("Harbour Light runs 31 shelters across the city.", (31, "exact", "shelters run", None)),
    ("Of those refused, 40 percent were women.", (40, "exact", "percent who were women", None)),
    ("About 40 percent of fourth-graders were reading below grade level when they joined.",
     (40, "approximately", "percent of fourth-graders reading below grade level", None)),
    ("The group served 1,200 low-income families.", (1200, "exact", "low-income families served", None)),
    ("Nearly 3,000 people attended the vigil on Sunday.", (3000, "nearly", "people attended the vigil", None)),
    ("The startup raised $85 million from investors.", (85_000_000, "exact", "dollars raised", None)),
    # a count of hours or minutes that is a reported figure
    ("Ambulance crews lost more than 9,400 hours waiting outside hospitals.",
     (9400, "more_than", "hours lost", None)),
    ("Every tutor completes 20 hours of training.", (20, "exact", "hours of training completed", None)),
    # a share written as a ratio
    ("Nearly four in 10 rural hospitals were losing money.",
     (40, "nearly", "percent of rural hospitals losing money", None)),
    ("Around one in five cells could not be used.", (20, "approximately", "percent of cells", None)),
    # the year of the study a figure comes from
    ("A 2024 survey by the Hollis Trust found that 58 percent of parents did not know the rules.",
     (58, "exact", "percent of parents know the rules", 2024)),
])
def test_figure_phrasings(text, expected):
    assert figures(text) == [expected]


def test_a_figure_compared_with_an_earlier_one_keeps_its_year_and_what_it_counts():
    assert figures("The pantries recorded 1.4 million visits in 2024, up from 980,000 in 2019.") == [
        (980_000, "exact", "visits recorded", 2019), (1_400_000, "exact", "visits recorded", 2024)]


def test_two_figures_of_one_value_that_count_different_things_are_two_facts():
    text = ("Three residents died during the heat wave. The owner is charged with three counts of involuntary "
            "manslaughter.")
    assert [(value, measure) for value, _, measure, _ in figures(text)] == [(3, "counts of involuntary manslaughter"), (3, "residents died during the heat wave")]


def test_the_unit_of_a_rate_is_no_figure():
    assert [value for value, *_ in figures("Research has yielded $20 for every $1 spent.")] == [20]


@pytest.mark.parametrize("text", [
    "The two men had agreed to count dormant accounts as active.",
    "One of two brothers fighting over the bakery testified on Monday.",
    "Every hour in the queue is an hour a 999 call goes unanswered.",
    "The figures cover the four weeks to 9 March.",
    "The hearing was held in 2123 Rayburn House Office Building.",
    "O'Rourke treated an elderly man in the back of her ambulance for nine hours.",
    "“I have written hundreds of these reports,” Munro said.",
    "Raman, 52, founded the charity in 2009.",
    "House Bill 2218 would fund the sirens.",
])
def test_not_figures(text):
    assert figures(text) == []
