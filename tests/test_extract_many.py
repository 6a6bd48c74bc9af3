"""``extract_many``: short documents parsed together give each the facts ``extract`` gives it alone, in order,
and a document that fails, in its rules or in the parse of its batch, fails alone."""

from pathlib import Path

import pytest

from kg.documents import document_from_text, read_document

from .helpers import require_module

require_module("spacy", "extract")

import kg.extract.families
import kg.extract.pipeline
from kg.extract import extract, extract_many

DEVSET = Path(__file__).parent / "devset" / "docs"
SHORT = ["smithsonian-scurlock-bethune-bio", "whitehouse-obama-george-cooper-statement",
         "nih-olpa-hearing-energy-commerce-health-2001", "cr-burgess-heggins-tribute-2013"]  # 1,100-1,600 chars


@pytest.fixture(scope="module")
def documents():
    """Four short articles, a text with nothing to read, and the Thorn article (2,650 characters) last."""
    articles = [read_document(DEVSET / f"{name}.txt") for name in SHORT]
    thorn = read_document(Path(__file__).parent.parent / "graph" / "sources" / "thorn-kutcher.txt")
    return [*articles[:2], document_from_text("odd.txt", "123 456 --- ?!"), *articles[2:], thorn]


@pytest.fixture(scope="module")
def alone(documents):
    return [extract(document).to_json() for document in documents]


def _spy_on_batches(monkeypatch) -> list[int]:
    """The number of texts of each call of ``parse_together`` (the real one is called)."""
    sizes: list[int] = []
    real = kg.extract.pipeline.parse_together

    def parse_together(texts):
        sizes.append(len(texts))
        return real(texts)

    monkeypatch.setattr(kg.extract.pipeline, "parse_together", parse_together)
    return sizes


def test_documents_parsed_together_get_the_facts_each_gets_alone(documents, alone, monkeypatch):
    sizes = _spy_on_batches(monkeypatch)
    # Batches of at most 3,100 characters: the first two articles, the third and fourth; and the Thorn article
    # counts as long here, so it is parsed on its own, after the batch before it.
    monkeypatch.setattr(kg.extract.pipeline, "BATCH_CHARS", 3_100)
    monkeypatch.setattr(kg.extract.pipeline, "CHUNK_CHARS", 2_000)
    outcomes = list(extract_many(iter(documents)))
    assert [document for document, _ in outcomes] == documents
    assert [facts.to_json() for _, facts in outcomes] == alone
    assert sizes == [2, 2]  # the unreadable text is never parsed
    thorn = outcomes[-1][1]
    assert {"Thorn", "Ashton Kutcher"} <= {entity.name for entity in thorn.entities}
    assert outcomes[2][1].entities == [] and outcomes[2][1].all_facts() == []
    confident = next(extract_many(documents[:1], min_confidence=0.9))[1]
    assert confident.to_json() == extract(documents[0], min_confidence=0.9).to_json()


def test_a_document_whose_rules_fail_fails_alone_in_its_batch(documents, alone, monkeypatch):
    sizes = _spy_on_batches(monkeypatch)
    real = kg.extract.families.assemble_facts
    failing = documents[1].name

    def assemble_with_a_bug_on_one_document(observations, resolver, facts):
        if facts.document == failing:
            raise TypeError("'int' object is not iterable")
        real(observations, resolver, facts)

    monkeypatch.setattr(kg.extract.families, "assemble_facts", assemble_with_a_bug_on_one_document)
    outcomes = list(extract_many(documents))
    assert sizes == [5]  # one batch: the four articles and the Thorn article
    error = outcomes[1][1]
    assert isinstance(error, TypeError) and str(error) == "'int' object is not iterable"
    assert [facts.to_json() for i, (_, facts) in enumerate(outcomes) if i != 1] == alone[:1] + alone[2:]


def test_a_batch_whose_parse_fails_is_parsed_again_one_document_at_a_time(documents, alone, monkeypatch):
    sizes = _spy_on_batches(monkeypatch)
    real = kg.extract.pipeline._hard_wrap
    failing = documents[3].text

    def hard_wrap_with_a_bug_on_one_text(doc, i, line_start):
        # the sentence fixes run inside the model's pipeline: a bug there breaks the parse of the whole batch
        if doc.text == failing:
            raise IndexError("[E040] Attempt to access token at 9999, max length 12.")
        return real(doc, i, line_start)

    monkeypatch.setattr(kg.extract.pipeline, "_hard_wrap", hard_wrap_with_a_bug_on_one_text)
    outcomes = list(extract_many(documents))
    assert sizes == [5]
    assert [document for document, _ in outcomes] == documents
    assert isinstance(outcomes[3][1], IndexError)
    assert [facts.to_json() for i, (_, facts) in enumerate(outcomes) if i != 3] == alone[:3] + alone[4:]
