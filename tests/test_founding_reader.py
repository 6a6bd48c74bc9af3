"""The learned founding reader: its shipped weights match its code, and it reads invented sentences as a careful
reader does (a founding it is sure of; an employer, a body a witness speaks for, a founding by others it is not)."""

import json

import pytest

from kg.documents import document_from_text

pytest.importorskip("spacy")

from kg.extract import extract, founding_reader


def probabilities(text: str) -> dict[tuple[str, str], float]:
    _, found = founding_reader.candidates(document_from_text("sample.txt", text))
    return {(c["organization"], c["person"]): c["probability"] for c in found}


def model_foundings(text: str) -> list[tuple[str, list[str], int | None]]:
    facts = extract(document_from_text("sample.txt", text))
    by_id = {e.id: e.name for e in facts.entities}
    return sorted((by_id[f.organization], sorted(by_id[x] for x in f.founders), f.year) for f in facts.foundings
                  if f.method == "model:founding-reader")


def test_the_shipped_weights_were_trained_with_this_code_on_development_sets_only():
    data = json.loads(founding_reader.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert data["feature_set"] == founding_reader.FEATURE_SET
    # stale: run python benchmarks/train_foundings.py (it rewrites the file byte for byte from the same code)
    assert data["source_sha256"] == founding_reader.source_fingerprint()
    assert data["corpus"] == ["tests/news/dev", "tests/devset"]
    assert not any("blind" in c for c in data["corpus"])
    assert 0.5 <= data["threshold"] < 1 and data["stacked"] is False
    assert founding_reader.WEIGHTS_FILE.stat().st_size < 400_000


def test_founders_of_a_body_read_with_high_probability():
    found = probabilities("Maya Brandt and Felix Osei set up Greenway Tool Library in 2016. Brandt, a former "
                          "teacher, now chairs the Riverside Allotment Society.")
    threshold = json.loads(founding_reader.WEIGHTS_FILE.read_text(encoding="utf-8"))["threshold"]
    assert found[("Greenway Tool Library", "Maya Brandt")] >= threshold
    assert found[("Greenway Tool Library", "Felix Osei")] >= threshold


@pytest.mark.parametrize("text, pair", [
    # an employer before a name, in a sentence with "set up"
    ("Gareth Lloyd, a solicitor at Pemberton Hale LLP, told the committee that the fund had been set up in 2014.",
     ("Pemberton Hale LLP", "Gareth Lloyd")),
    # "started" work, not a body
    ("Rhys Morgan, a driver for Valley Cabs Ltd, told the inquiry he had started work at 6am.",
     ("Valley Cabs Ltd", "Rhys Morgan")),
    # the body a person chairs, formed by others
    (("Karen Mbeki, who chairs Hillside Residents Association, said the group was formed in 1987 by tenants of "
      "the estate."), ("Hillside Residents Association", "Karen Mbeki")),
])
def test_a_person_beside_a_founding_word_is_not_its_founder(text, pair):
    found = probabilities(text)
    threshold = json.loads(founding_reader.WEIGHTS_FILE.read_text(encoding="utf-8"))["threshold"]
    assert pair in found and found[pair] < threshold
    assert model_foundings(text) == []


def test_a_founding_no_rule_reads_joins_the_facts_with_the_models_method():
    # "set it up": no rule reads a pronoun object of "set up"
    text = ("Kettle Street Pantry came from Hollis Grant, who set it up in 2013 after two years of handing out "
            "groceries from his garage.")
    assert model_foundings(text) == [("Kettle Street Pantry", ["Hollis Grant"], 2013)]


@pytest.mark.parametrize("text", [
    "Dana Whitcombe will launch Northlight Housing Trust next spring, she told reporters.",
    "Dana Whitcombe plans to set up Northlight Housing Trust next year.",
    ("Dana Whitcombe, who has founded two charities, said Northlight Housing Trust will be launched by Paul "
     "Oyelaran in May."),
])
def test_a_founding_still_to_come_is_none(text):
    assert extract(document_from_text("sample.txt", text)).foundings == []


def test_a_biographys_would_later_found_is_a_founding():
    facts = extract(document_from_text("sample.txt", "Dana Whitcombe would later found Northlight Housing Trust."))
    by_id = {e.id: e.name for e in facts.entities}
    assert [(by_id[f.organization], [by_id[x] for x in f.founders]) for f in facts.foundings] == [
        ("Northlight Housing Trust", ["Dana Whitcombe"])]


def test_a_description_before_a_name_is_no_body_of_its_own():
    # "the charity Halden Steps": the name is the body; "the charity" is not read again as the body named before
    found = probabilities("Nadia Pereira wrote to the Marwick Council about her son's care plan. Pereira set up the "
                          "charity Halden Steps in 2015 with her brother, Tomas Pereira.")
    assert ("Marwick Council", "Nadia Pereira") not in found
    assert ("Halden Steps", "Nadia Pereira") in found
