"""Extraction on texts that are not ordinary articles: nothing to read, very long, one huge line."""

import re

import pytest

from kg.documents import document_from_text
from kg.facts import check_spans

from .helpers import require_module

require_module("spacy", "extract")

from kg.extract import extract
from kg.extract.pipeline import CHUNK_CHARS, split_text

PARAGRAPH = ("In 2019, Sen. Mary Jones testified before the House Judiciary Committee. “We found more than 300 "
             "victims in the records,” Jones said. The Acme Foundation, which Jones founded in 2004, helped about "
             "1,200 families last year.\n\n")


@pytest.mark.parametrize("text", ["...!!! ??? ---", "123 456 789\n42, 17; 3.5", "“ ” \" ' ( ) [ ]"])
def test_text_without_sentences_gives_empty_facts(text):
    facts = extract(document_from_text("odd.txt", text))
    assert facts.entities == [] and facts.all_facts() == []


# Filler the parser reads fast: a few 2,000-character words per paragraph. spaCy's cost is per token, so a
# two-million-character text of filler and a few real paragraphs is split, parsed and offset exactly like two
# million characters of prose, in a tenth of the time (about 100 s for prose here).
FILLER_WORD = "ledger" * 330
FILLER_PARAGRAPH = " ".join([FILLER_WORD] * 5) + ".\n\n"


def long_text(size: int, *, separator: str = "") -> str:
    """``PARAGRAPH`` first, in the middle and last, filler between: at least ``size`` characters."""
    half = (size - 3 * len(PARAGRAPH)) // (2 * len(FILLER_PARAGRAPH)) + 1
    filler = (FILLER_PARAGRAPH * half).replace("\n\n", separator or "\n\n")
    paragraph = PARAGRAPH.replace("\n\n", separator or "\n\n")
    return paragraph + filler + paragraph + filler + paragraph


def test_two_million_characters_are_split_and_processed():
    from kg.extract.pipeline import load_pipeline

    text = long_text(2_000_000)
    assert len(text) > 2_000_000 > load_pipeline().max_length  # spaCy alone would refuse it
    assert len(split_text(text)) > 50
    document = document_from_text("long.txt", text)
    facts = extract(document)
    check_spans(facts, document.text)  # every offset points into the whole text
    assert {e.name for e in facts.entities} == {"Mary Jones", "House Judiciary Committee", "Acme Foundation"}
    # the quotes of the first, middle and last paragraphs, each at its offset in the whole text, by one speaker
    assert [q.evidence[0].begin for q in facts.quotes] == [m.start() for m in re.finditer("We found", text)]
    assert {q.speaker for q in facts.quotes} == {"mary-jones"}
    assert [t.year for t in facts.testimonies] == [2019]


def test_a_single_five_megabyte_line_is_cut_at_sentence_ends():
    line = PARAGRAPH.replace("\n", " ")
    text = line * (5_000_000 // len(line) + 1)
    pieces = split_text(text)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= CHUNK_CHARS for _, piece in pieces)
    # every cut falls after a sentence end, never inside a word
    assert all(piece.endswith((". ", "year. ")) for _, piece in pieces[:-1])


def test_a_long_single_line_is_extracted_with_offsets_kept():
    text = long_text(300_000, separator=" ")
    assert "\n" not in text
    document = document_from_text("one-line.txt", text)
    facts = extract(document)
    check_spans(facts, document.text)
    assert facts.statistics and facts.testimonies
    assert facts.quotes[-1].evidence[0].begin == text.rindex("We found") > 290_000


def test_a_long_line_without_spaces_is_cut_in_windows():
    text = "Word" * 30_000 + " and then Jane Doe said nothing."
    document = document_from_text("blob.txt", text)
    facts = extract(document)
    check_spans(facts, document.text)
