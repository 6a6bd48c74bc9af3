"""Gold files of the news corpus agree with the gold schema and with their documents.

Every ``tests/news/*/gold/NAME.json`` is checked against ``tests/news/*/docs/NAME.txt`` without extraction (no
spaCy): known keys and types (``../shared/corpus/GOLD-SCHEMA.md``), accepted hedge codes, finite values, every quote
text verbatim in the document, every name a fact uses resolving to one person or organization of the file the way
the scorer resolves names, no entity listed twice; and every document has a gold file and a row in its set's
``SOURCES.md``. A gold file that breaks these rules would silently score as misses or extras, so it fails here.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

# the scorer's own name resolution, so that "resolves" here means what scoring does
from kg.evaluate import _Names, normalize

NEWS = Path(__file__).resolve().parent / "news"
GOLD_FILES = sorted(NEWS.glob("*/gold/*.json"))
DOCUMENTS = sorted(NEWS.glob("*/docs/*.txt"))

QUALIFIERS = {"exact", "approximately", "more_than", "at_least", "less_than", "at_most"}
CATEGORY_KEYS = {
    "persons": ({"name"}, {"aliases", "optional"}),
    "organizations": ({"name"}, {"aliases", "optional"}),
    "foundings": ({"organization", "founders"}, {"year", "optional"}),
    "relations": ({"person", "relation", "other"}, {"former", "optional"}),
    "testimonies": ({"speaker", "before"}, {"year", "quotes", "optional"}),
    "quotes": ({"speaker", "text"}, {"setting", "optional"}),
    "statistics": ({"value", "qualifiers"}, {"value_max", "measure", "year", "about", "source", "optional"}),
}
TOP_KEYS = {"document", "source", *CATEGORY_KEYS}
QUOTE_MARKS = "\"“”"


def _is_text(value) -> bool:
    return isinstance(value, str) and value.strip() == value and bool(value)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_year(where: str, item: dict, text: str, problems: list[str]) -> None:
    year = item.get("year")
    if year is None:
        return
    if not isinstance(year, int) or isinstance(year, bool) or not 1000 <= year <= 2100:
        problems.append(f"{where}: year {year!r} is not a four-digit integer or null")
    elif str(year) not in text:
        # a year is recorded only when the fact's clause, the dateline or the headline gives it
        problems.append(f"{where}: year {year} does not occur in the document")


def _check_shape(gold: dict, problems: list[str]) -> None:
    unknown = set(gold) - TOP_KEYS
    if unknown:
        problems.append(f"unknown top-level keys {sorted(unknown)}")
    for key in ("document", "source"):
        if not _is_text(gold.get(key)):
            problems.append(f"'{key}' must be a non-empty string")
    for category, (required, allowed) in CATEGORY_KEYS.items():
        items = gold.get(category, [])
        if not isinstance(items, list):
            problems.append(f"'{category}' must be a list")
            gold[category] = []
            continue
        for n, item in enumerate(items):
            where = f"{category}[{n}]"
            if not isinstance(item, dict):
                problems.append(f"{where}: must be an object")
                items[n] = {}
                continue
            if missing := required - set(item):
                problems.append(f"{where}: missing {sorted(missing)}")
            if extra := set(item) - required - allowed:
                problems.append(f"{where}: unknown keys {sorted(extra)}")
            if "optional" in item and not isinstance(item["optional"], bool):
                problems.append(f"{where}: 'optional' must be true or false")


def _check_entities(gold: dict, text: str, problems: list[str]) -> None:
    seen: dict[str, str] = {}
    words = set(normalize(text).split())
    for category in ("persons", "organizations"):
        for n, entity in enumerate(gold.get(category, [])):
            where = f"{category}[{n}]"
            aliases = entity.get("aliases", [])
            if not _is_text(entity.get("name")) or not isinstance(aliases, list) or not all(
                    _is_text(a) for a in aliases):
                problems.append(f"{where}: name and aliases must be non-empty strings")
                continue
            if absent := [w for w in normalize(entity["name"]).split() if w not in words]:
                # the fullest name the text gives: each of its words is in the text ("John and Jane Doe")
                problems.append(f"{where}: {entity['name']!r} has words the document lacks: {absent}")
            for form in (entity["name"], *aliases):
                key = normalize(form)
                if key in seen and seen[key] != where:
                    problems.append(f"{where}: {form!r} already names {seen[key]} (an entity listed twice?)")
                seen.setdefault(key, where)


def _check_references(gold: dict, text: str, problems: list[str]) -> None:
    people = _Names([e for e in gold.get("persons", []) if _is_text(e.get("name"))])
    organizations = _Names([e for e in gold.get("organizations", []) if _is_text(e.get("name"))])
    agents = _Names(people.items + organizations.items)

    def resolve(where: str, name, names: _Names, kind: str) -> None:
        if not _is_text(name) or names.find(name) is None:
            problems.append(f"{where}: {name!r} is not a {kind} of this file (name, alias or unique surname)")

    for n, founding in enumerate(gold.get("foundings", [])):
        where = f"foundings[{n}]"
        resolve(where, founding.get("organization"), organizations, "organization")
        founders = founding.get("founders")
        if not isinstance(founders, list) or not founders:
            problems.append(f"{where}: 'founders' must be a non-empty list")
            continue
        for founder in founders:
            resolve(where, founder, people, "person")
        _check_year(where, founding, text, problems)
    for n, relation in enumerate(gold.get("relations", [])):
        where = f"relations[{n}]"
        if relation.get("relation") != "spouse":
            problems.append(f"{where}: relation {relation.get('relation')!r} is not 'spouse'")
        if not isinstance(relation.get("former", False), bool):
            problems.append(f"{where}: 'former' must be true or false")
        resolve(where, relation.get("person"), people, "person")
        resolve(where, relation.get("other"), people, "person")
    quote_texts = {q.get("text") for q in gold.get("quotes", [])}
    witnesses: dict[tuple, int] = {}
    for n, testimony in enumerate(gold.get("testimonies", [])):
        where = f"testimonies[{n}]"
        resolve(where, testimony.get("speaker"), people, "person")
        body = agents.find(testimony.get("before"))
        pair = (people.find(testimony.get("speaker")), normalize(testimony.get("before")) if body is None else body)
        if pair in witnesses:
            problems.append(f"{where}: same witness and body as testimonies[{witnesses[pair]}] (one entry each)")
        witnesses.setdefault(pair, n)
        before = testimony.get("before")
        if agents.find(before) is None:
            # a body the text never names is recorded in the text's own words ("lawmakers") and is optional
            if not testimony.get("optional"):
                problems.append(f"{where}: body {before!r} is not an organization of this file, and the "
                                f"testimony is not optional")
            elif not _is_text(before) or normalize(before) not in normalize(text):
                problems.append(f"{where}: generic body {before!r} is not words of the document")
        _check_year(where, testimony, text, problems)
        for quote in testimony.get("quotes", []):
            if quote not in quote_texts:
                problems.append(f"{where}: quote {quote!r} is not in the quotes list")
    quoted: dict[tuple, int] = {}
    for n, quote in enumerate(gold.get("quotes", [])):
        where = f"quotes[{n}]"
        if quote.get("speaker") is not None:
            resolve(where, quote["speaker"], people, "person")
        said = (people.find(quote.get("speaker")), quote.get("text"))
        if said in quoted:
            problems.append(f"{where}: the same speaker and text as quotes[{quoted[said]}]")
        quoted.setdefault(said, n)
        body = quote.get("text")
        if not _is_text(body):
            problems.append(f"{where}: text must be a non-empty string")
            continue
        if body not in text:
            problems.append(f"{where}: text {body!r} does not occur verbatim in the document")
        if body[0] in QUOTE_MARKS or body[-1] in QUOTE_MARKS + ",":
            problems.append(f"{where}: text {body!r} keeps its quote marks or a trailing comma")
    for n, statistic in enumerate(gold.get("statistics", [])):
        where = f"statistics[{n}]"
        value, value_max = statistic.get("value"), statistic.get("value_max")
        if not _is_number(value):
            problems.append(f"{where}: value {value!r} is not a finite number")
        elif value_max is not None and (not _is_number(value_max) or value_max < value):
            problems.append(f"{where}: value_max {value_max!r} is not a finite number >= value {value}")
        qualifiers = statistic.get("qualifiers")
        if not isinstance(qualifiers, list) or not qualifiers or not set(qualifiers) <= QUALIFIERS:
            problems.append(f"{where}: qualifiers {qualifiers!r} are not a non-empty list of {sorted(QUALIFIERS)}")
        if statistic.get("about") is not None:
            resolve(where, statistic["about"], agents, "person or organization")
        _check_year(where, statistic, text, problems)


def gold_problems(gold: dict, text: str) -> list[str]:
    """Every way ``gold`` breaks the schema or disagrees with its document ``text``; empty when it is sound."""
    problems: list[str] = []
    if not isinstance(gold, dict):
        return ["the file is not a JSON object"]
    gold = json.loads(json.dumps(gold))  # checks may patch malformed parts; never the caller's copy
    _check_shape(gold, problems)
    _check_entities(gold, text, problems)
    _check_references(gold, text, problems)
    return problems


def _set_and_name(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.stem}"


def test_news_corpus_has_gold():
    assert GOLD_FILES, f"no gold files under {NEWS}/*/gold/"


@pytest.mark.parametrize("path", GOLD_FILES, ids=_set_and_name)
def test_gold_agrees_with_schema_and_document(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert gold.get("document") == path.stem + ".txt", f"{path}: 'document' must be {path.stem}.txt"
    document = path.parent.parent / "docs" / gold["document"]
    assert document.exists(), f"{path}: its document {document} is missing"
    problems = gold_problems(gold, document.read_text(encoding="utf-8"))
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", DOCUMENTS, ids=_set_and_name)
def test_document_has_gold_and_a_source_row(path):
    gold = path.parent.parent / "gold" / (path.stem + ".json")
    assert gold.exists(), f"{path}: no gold file {gold}"
    sources = path.parent.parent / "SOURCES.md"
    assert sources.exists() and re.search(rf"\b{re.escape(path.name)}\b", sources.read_text(encoding="utf-8")), (
        f"{path}: not listed in {sources}")


# --- the checker itself: a broken gold file must be reported -------------------------------------------------

TEXT = ("Ana Ruiz and her husband, Tomás Ruiz, founded Casa Verde in 2015. Ruiz testified before the Senate "
        "Finance Committee. \"We need 40 more beds,\" she said. Nearly 3,000 families asked for help.")
SOUND = {
    "document": "a.txt", "source": "written for this test",
    "persons": [{"name": "Ana Ruiz", "aliases": ["Ruiz"]}, {"name": "Tomás Ruiz"}],
    "organizations": [{"name": "Casa Verde"}, {"name": "Senate Finance Committee"},
                      {"name": "Senate", "optional": True}],
    "foundings": [{"organization": "Casa Verde", "founders": ["Ana Ruiz", "Tomás Ruiz"], "year": 2015}],
    "relations": [{"person": "Ana Ruiz", "relation": "spouse", "other": "Tomás Ruiz", "former": False}],
    "testimonies": [{"speaker": "Ana Ruiz", "before": "Senate Finance Committee", "year": None,
                     "quotes": ["We need 40 more beds"]}],
    "quotes": [{"speaker": "Ana Ruiz", "text": "We need 40 more beds"}],
    "statistics": [{"value": 3000, "qualifiers": ["approximately", "at_most", "less_than"],
                    "measure": "families who asked for help", "year": None, "about": None}],
}


def _broken(change) -> dict:
    gold = json.loads(json.dumps(SOUND))
    change(gold)
    return gold


def test_sound_gold_has_no_problems():
    assert gold_problems(SOUND, TEXT) == []


@pytest.mark.parametrize("change, expected", [
    (lambda g: g["quotes"][0].update(text="We need 50 more beds"), "does not occur verbatim"),
    (lambda g: g["quotes"][0].update(text="We need 40 more beds,"), "trailing comma"),
    (lambda g: g["quotes"][0].update(speaker="Ruiz Ana"), "is not a person of this file"),
    (lambda g: g["foundings"][0].update(organization="Casa Roja"), "is not a organization of this file"),
    (lambda g: g["foundings"][0].update(year=2016), "year 2016 does not occur"),
    (lambda g: g["testimonies"][0].update(before="the jury"), "is not an organization of this file"),
    (lambda g: g["testimonies"][0].update(quotes=["We need 40 more"]), "not in the quotes list"),
    # two Ruizes: a bare surname names neither unless it is listed as an alias
    (lambda g: (g["persons"][0].pop("aliases"), g["relations"][0].update(person="Ruiz")),
     "is not a person of this file"),
    (lambda g: g["statistics"][0].update(value=float("nan")), "not a finite number"),
    (lambda g: g["statistics"][0].update(value_max=2000), "value_max 2000"),
    (lambda g: g["statistics"][0].update(qualifiers=["nearly"]), "qualifiers ['nearly']"),
    (lambda g: g["statistics"][0].update(about="Casa Azul"), "not a person or organization"),
    (lambda g: g["statistics"][0].update(unit="families"), "unknown keys ['unit']"),
    (lambda g: g["persons"].append({"name": "ana ruiz"}), "already names persons[0]"),
    (lambda g: g["organizations"].append({"name": "Verde", "aliases": ["Casa Verde"]}), "already names"),
    (lambda g: g.update(comment="x"), "unknown top-level keys ['comment']"),
    (lambda g: g["persons"][1].update(name="Tomas Ruíz"), "has words the document lacks: ['tomas', 'ruíz']"),
    (lambda g: g["testimonies"].append({"speaker": "Ruiz", "before": "Senate Finance Committee"}),
     "same witness and body as testimonies[0]"),
    (lambda g: g["quotes"].append({"speaker": "Ana Ruiz", "text": "We need 40 more beds"}), "same speaker and text"),
])
def test_broken_gold_is_reported(change, expected):
    problems = gold_problems(_broken(change), TEXT)
    assert any(expected in problem for problem in problems), problems


def test_optional_generic_body_must_be_words_of_the_text():
    def generic(words):
        return lambda g: g["testimonies"][0].update(before=words, optional=True)

    assert gold_problems(_broken(generic("Senate Finance")), TEXT) == []
    assert "is not words of the document" in " ".join(gold_problems(_broken(generic("the jury")), TEXT))
