"""Input that would hold or break a build: documents past --max-chars, facts files nested too deep, with NaN,
Infinity, out-of-range confidences or a size past the limit. Each gets one line naming the file and the limit,
and nothing stored is lost; a long document tells of each part as it is extracted."""

import json
import shutil

import pytest

from kg.cli import main
from kg.documents import read_document
from kg.errors import DocumentError, FactsError
from kg.facts import MAX_FACTS_BYTES, MAX_FACTS_DEPTH, load_facts
from kg.paths import sources_dir
from kg.store import open_store

THORN = "thorn-kutcher"


@pytest.fixture
def sources(tmp_path):
    target = tmp_path / "sources"
    shutil.copytree(sources_dir(), target)
    return target


def thorn_facts() -> dict:
    return json.loads((sources_dir() / f"{THORN}.facts.json").read_text(encoding="utf-8"))


def test_a_document_past_max_chars_is_refused_naming_the_option(sources, tmp_path, capsys):
    store = str(tmp_path / "store")
    assert main(["build", str(sources), "--store", store]) == 0
    long = sources / "long.txt"
    long.write_text("The group said it helped 300 families. " * 3_000, encoding="utf-8")  # 117,000 characters
    capsys.readouterr()
    assert main(["build", str(sources), "--store", store, "--max-chars", "100000"]) == 1
    err = capsys.readouterr().err
    assert f"kg: error: {long}: 117,000 characters is over the limit of 100,000 characters for one document; " \
           "split it into articles, or raise the limit with --max-chars" in err
    with open_store(store, read_only=True) as reader:
        assert [doc.name for doc in reader.documents()] == [f"{THORN}.txt"]  # the stored article is untouched


def test_a_file_far_past_the_limit_is_refused_unread(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.truncate(50 << 20)  # 50 MB of sparse file: refused from its size alone
    with pytest.raises(DocumentError, match="52,428,800 bytes are over the limit of 500,000 characters"):
        read_document(huge, max_chars=500_000)


def write_facts(folder, content: str) -> None:
    (folder / f"{THORN}.facts.json").write_text(content, encoding="utf-8")


def with_confidence(value) -> str:
    facts = thorn_facts()
    facts["statistics"][0]["confidence"] = value
    return json.dumps(facts, indent=2)


@pytest.mark.parametrize(("content", "message"), [
    ('{"format": "kg-facts", "entities": ' + "[" * 100_000 + "]" * 100_000 + "}",
     f"line 1, column {35 + MAX_FACTS_DEPTH}: arrays and objects nest deeper than {MAX_FACTS_DEPTH} levels"),
    (json.dumps(thorn_facts(), indent=2).replace('"version": 1', '"version": 1, "x": NaN'),
     "line 3, column 22: NaN is not a number JSON allows"),
    (json.dumps(thorn_facts(), indent=2).replace('"version": 1', '"version": 1, "x": -Infinity'),
     "line 3, column 22: -Infinity is not a number JSON allows"),
    (json.dumps(thorn_facts(), indent=2).replace('"version": 1', '"version": 1, "x": 1e400'),
     "line 3, column 22: 1e400 is too large for a number"),
    (json.dumps(thorn_facts(), indent=2).replace('"version": 1', '"version": 1, "x": ' + "9" * 5000),
     "a number of 5,000 digits"),
    (with_confidence(2.5), "statistics[0].confidence: a confidence is a probability from 0 to 1, not 2.5"),
    (with_confidence(-1), "statistics[0].confidence: a confidence is a probability from 0 to 1, not -1"),
])
def test_bad_numbers_and_nesting_in_facts_give_one_line(sources, tmp_path, capsys, content, message):
    store = str(tmp_path / "store")
    assert main(["build", str(sources), "--store", store]) == 0
    write_facts(sources, content)
    capsys.readouterr()
    assert main(["build", str(sources), "--store", store]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("kg: error:")] == err.splitlines()[:1]
    with open_store(store, read_only=True) as reader:
        assert reader.count() > 300  # the article built before is still there


def test_a_facts_file_past_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / f"{THORN}.facts.json"
    with path.open("wb") as out:
        out.truncate(MAX_FACTS_BYTES + 1)
    with pytest.raises(FactsError, match=f"{MAX_FACTS_BYTES + 1:,} bytes is over the limit of {MAX_FACTS_BYTES:,}"):
        load_facts(path)


def test_a_long_document_reports_each_part_extracted():
    pytest.importorskip("spacy")
    from kg.documents import document_from_text
    from kg.extract import chunk_progress, extract
    from kg.extract.pipeline import CHUNK_CHARS

    text = ("Thorn said on Monday that it had helped 300 families in Boston. " * 700)[: 2 * CHUNK_CHARS + 500]
    calls = []
    extract(document_from_text("long.txt", text), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert chunk_progress("short.txt", 5_000) is None  # a news article says nothing


def test_a_curated_document_is_not_held_to_max_chars(sources, tmp_path, capsys):
    # Curated facts are not extracted: the limit, which bounds extraction time, does not apply.
    store = str(tmp_path / "store")
    assert main(["build", str(sources), "--store", store, "--max-chars", "1000"]) == 0
    with open_store(store, read_only=True) as reader:
        assert [doc.name for doc in reader.documents()] == [f"{THORN}.txt"]
