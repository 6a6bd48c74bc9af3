"""What ``kg build`` reads: files named on the command line, folders, and name clashes with stored documents."""

import pytest

from kg.cli import main
from kg.store import open_store

from .helpers import require_module, write_curated_article


def persons(capsys) -> list[str]:
    capsys.readouterr()
    assert main(["query", "persons", "--format", "csv"]) == 0
    return [line.split(",", 1)[1] for line in capsys.readouterr().out.splitlines()[1:]]


@pytest.fixture
def two_articles_one_name(tmp_path):
    first = write_curated_article(tmp_path / "a", "report.txt", "Jane Roe spoke on Monday.", "Jane Roe")
    second = write_curated_article(tmp_path / "b", "report.txt", "John Doe spoke on Friday.", "John Doe")
    return first, second


def test_a_file_named_like_a_stored_document_from_elsewhere_is_refused(capsys, two_articles_one_name):
    first, second = two_articles_one_name
    assert main(["build", str(first)]) == 0
    assert main(["build", str(second)]) == 1
    err = capsys.readouterr().err
    assert (f"kg: error: {second}: the store already holds a document named 'report.txt', built from {first}; "
            "a file name is a document's identity in the store: rename this file, or pass --replace to replace "
            "the stored document") in err
    assert "0 built, 0 unchanged, 1 failed" in err
    assert persons(capsys) == ["Jane Roe"]  # nothing stored was lost


def test_replace_lets_the_new_file_replace_the_stored_document(capsys, two_articles_one_name):
    first, second = two_articles_one_name
    assert main(["build", str(first)]) == 0
    assert main(["build", str(second), "--replace"]) == 0
    assert persons(capsys) == ["John Doe"]
    assert main(["build", str(second)]) == 0  # now it is the stored one's own file: an ordinary rebuild
    assert "0 built, 1 unchanged" in capsys.readouterr().err


def test_the_same_text_moved_to_another_folder_is_the_same_document(capsys, tmp_path, isolated_store):
    first = write_curated_article(tmp_path / "a", "report.txt", "Jane Roe spoke on Monday.", "Jane Roe")
    moved = write_curated_article(tmp_path / "b", "report.txt", "Jane Roe spoke on Monday.", "Jane Roe")
    assert main(["build", str(first)]) == 0
    assert main(["build", str(moved)]) == 0
    assert "0 built, 1 unchanged" in capsys.readouterr().err
    with open_store(isolated_store, read_only=True) as store:
        assert store.source_of(store.documents()[0].graph) == str(moved)


def test_the_recorded_source_is_kept_out_of_the_graph(capsys, two_articles_one_name, isolated_store):
    first, _ = two_articles_one_name
    assert main(["build", str(first)]) == 0
    capsys.readouterr()
    assert main(["export", "--format", "nt"]) == 0
    assert str(first.parent) not in capsys.readouterr().out
    assert main(["remove", "report.txt"]) == 0
    with open_store(isolated_store, read_only=True) as store:
        assert store.source_of("https://w3id.org/kg-news/id/graph/report") is None


def write_page(folder, name: str, sentence: str, person: str):
    """A saved page whose article is ``sentence``, with a facts file naming ``person`` at its offsets."""
    import json

    page = folder / name
    page.write_text(f"<html><head><title>News</title></head><body><nav><a href='/'>Home</a></nav>"
                    f"<article><p>{sentence}</p></article><footer>Copyright</footer></body></html>", encoding="utf-8")
    begin = sentence.index(person)
    facts = {"format": "kg-facts", "version": 1, "document": name,
             "entities": [{"id": "p", "type": "Person", "name": person,
                           "mentions": [{"begin": begin, "end": begin + len(person), "text": person}]}]}
    (folder / (page.stem + ".facts.json")).write_text(json.dumps(facts), encoding="utf-8")
    return page


@pytest.fixture
def mixed_folder(tmp_path):
    require_module("trafilatura", "html")
    folder = tmp_path / "articles"
    write_curated_article(folder, "roe.txt", "Jane Roe spoke on Monday.", "Jane Roe")
    write_page(folder, "doe.html", "John Doe spoke on Friday about the long road ahead for the town.", "John Doe")
    (folder / "README.md").write_text("# my articles\n", encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    return folder


def test_a_folder_mixes_text_and_pages_and_the_summary_names_the_files_left_out(capsys, mixed_folder):
    assert main(["build", str(mixed_folder)]) == 0
    err = capsys.readouterr().err
    assert (f"kg: 2 built, 0 unchanged, 2 other files left out (not .txt or .html: {mixed_folder / 'README.md'}, "
            f"{mixed_folder / 'notes.json'}) in ") in err
    assert persons(capsys) == ["Jane Roe", "John Doe"]


@pytest.mark.parametrize("name, message", [
    ("README.md", ("README.md: is a .md file, and kg reads articles from .txt (plain text) and .html/.htm "
                  "(saved web pages); save the article in one of these forms")),
    ("notes.json", ("notes.json: is a .json file, and kg reads articles from .txt (plain text) and .html/.htm "
                   "(saved web pages); save the article in one of these forms")),
    ("roe.facts.json", ("roe.facts.json: is a facts file, read from beside its document; name the document "
                       "(roe.txt) instead")),
])
def test_a_file_named_on_the_command_line_must_be_an_article(capsys, mixed_folder, name, message):
    assert main(["build", str(mixed_folder / name)]) == 1
    err = capsys.readouterr().err
    assert err == f"kg: error: {mixed_folder / name}: {message.split(': ', 1)[1]}\n"


def test_a_text_and_a_page_of_one_name_are_refused(capsys, mixed_folder):
    write_curated_article(mixed_folder, "doe.txt", "John Doe wrote.", "John Doe")
    assert main(["build", str(mixed_folder)]) == 1
    assert ("two documents have one name but for the extension (doe.html, doe.txt): "
            in capsys.readouterr().err)
