"""Extraction on texts that are not ordinary articles: nothing to read, very long, one huge line."""

import pytest

from kg.documents import document_from_text
from kg.facts import check_spans

pytest.importorskip("spacy")

from kg.extract import extract
from kg.extract.pipeline import CHUNK_CHARS, split_text

PARAGRAPH = ("In 2019, Sen. Mary Jones testified before the House Judiciary Committee. “We found more than 300 "
             "victims in the records,” Jones said. The Acme Foundation, which Jones founded in 2004, helped about "
             "1,200 families last year.\n\n")


@pytest.mark.parametrize("text", ["...!!! ??? ---", "123 456 789\n42, 17; 3.5", "“ ” \" ' ( ) [ ]"])
def test_text_without_sentences_gives_empty_facts(text):
    facts = extract(document_from_text("odd.txt", text))
    assert facts.entities == [] and facts.all_facts() == []


@pytest.mark.slow
def test_two_million_characters_are_split_and_processed():
    text = PARAGRAPH * (2_000_000 // len(PARAGRAPH) + 1)
    assert len(text) > 2_000_000
    document = document_from_text("long.txt", text)
    facts = extract(document)  # about 100 s here: spaCy parses some 3,500 words a second on this machine
    check_spans(facts, document.text)
    assert {e.name for e in facts.entities} >= {"Mary Jones", "House Judiciary Committee", "Acme Foundation"}
    # the last paragraph's quote is found, with its offset in the whole text
    assert facts.quotes[-1].evidence[0].begin > 1_990_000
    assert facts.quotes[-1].speaker == "mary-jones"


def test_a_single_five_megabyte_line_is_cut_at_sentence_ends():
    line = PARAGRAPH.replace("\n", " ")
    text = line * (5_000_000 // len(line) + 1)
    pieces = split_text(text)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= CHUNK_CHARS for _, piece in pieces)
    # every cut falls after a sentence end, never inside a word
    assert all(piece.endswith((". ", "year. ")) for _, piece in pieces[:-1])


@pytest.mark.slow
def test_a_long_single_line_is_extracted_with_offsets_kept():
    line = PARAGRAPH.replace("\n", " ")
    text = line * (300_000 // len(line) + 1)
    document = document_from_text("one-line.txt", text)
    facts = extract(document)
    check_spans(facts, document.text)
    assert facts.statistics and facts.testimonies
    assert facts.quotes[-1].evidence[0].begin > 290_000


def test_a_long_line_without_spaces_is_cut_in_windows():
    text = "Word" * 30_000 + " and then Jane Doe said nothing."
    document = document_from_text("blob.txt", text)
    facts = extract(document)
    check_spans(facts, document.text)
