"""A newcomer's first hour on a fresh store: the README's commands, ``kg validate``, the README's Python snippet
twice in one process, then each thing that got in a new user's way (issue 12), every one with a clear answer and
no traceback. The store folder stays small throughout (``benchmarks/store_folder.py`` prints the full path).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main

from .helpers import require_program, write_curated_article
from .test_docs import blocks

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def kg_process(*args: str, store: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_STORE": str(store)}
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=env,
                          check=False)


@pytest.fixture(scope="module")
def fresh_store(tmp_path_factory) -> Path:
    """A store made by the README's install-and-run line, as a newcomer runs it (each command a process)."""
    store = tmp_path_factory.mktemp("newcomer") / "store"
    line = blocks("sh")[0]
    commands = [command.split() for command in line.split(" && ") if command.startswith("kg ")]
    assert [c[:2] for c in commands] == [["kg", "build"], ["kg", "query"], ["kg", "query"], ["kg", "query"]]
    for command in commands:
        result = kg_process(*command[1:], store=store)
        assert result.returncode == 0 and "Traceback" not in result.stderr, (command, result.stderr)
    return store


def test_kg_validate_after_the_readme_commands(fresh_store):
    require_program("java", "default-jre-headless")
    result = kg_process("validate", store=fresh_store)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "SHACL: the graph conforms to the shapes\nOWL: the graph is consistent with the ontology (HermiT)\n", "")


def test_the_python_snippet_runs_twice_in_one_process(tmp_path):
    snippet = blocks("python")[0]
    result = subprocess.run([sys.executable, "-c", f"{snippet}\n{snippet}"], capture_output=True, text=True,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    once = ["Ashton Kutcher", "Demi Moore",
            ("Demi Moore <-foundedBy- founding of Thorn (2012) -foundedBy-> Ashton Kutcher <-witness- testimony of "
            "Ashton Kutcher before Congress (2017) -testifiedBefore-> Congress")]
    assert result.stdout.splitlines() == once + once


# Each thing that got in the way, as the newcomer met it: (command, exit code, what stderr or stdout must say).
ITEMS = {
    "a named query without its parameters": (
        ["query", "facts-in-span"], 1, "facts-in-span needs a value for document, from, to (its parameters: "),
    "a person by surname in lower case": (
        ["query", "about-person", "--param", "name=kutcher", "--format", "csv"], 0,
        "testimony of Ashton Kutcher before Congress (2017)"),
    "an undeclared prefix": (
        ["query", "-e", "SELECT ?name WHERE { ?p a kg:Person ; kg:name ?name }"], 1,
        "the prefix kg: is not declared; add PREFIX kg: <https://w3id.org/kg-news/ontology#> before the query\n"
        "  SELECT ?name WHERE { ?p a kg:Person ; kg:name ?name }\n" + " " * 37 + "^"),
    "a README named on the command line": (
        ["build", "README.md"], 1, "README.md: is a .md file, and kg reads articles from .txt"),
}


@pytest.mark.parametrize("item", list(ITEMS))
def test_each_item_gets_a_clear_answer(fresh_store, capsys, monkeypatch, tmp_path, item):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text("# notes\n", encoding="utf-8")
    args, code, says = ITEMS[item]
    assert main([*args, "--store", str(fresh_store)]) == code
    out, err = capsys.readouterr()
    assert says in out + err


def test_a_name_clash_a_folder_with_other_files_and_a_facts_file_with_several_mistakes(fresh_store, tmp_path,
                                                                                       capsys):
    first = write_curated_article(tmp_path / "monday", "hearing.txt", "Jane Roe testified on Monday.", "Jane Roe")
    second = write_curated_article(tmp_path / "friday", "hearing.txt", "John Doe spoke on Friday.", "John Doe")
    (tmp_path / "friday" / "notes.json").write_text("{}", encoding="utf-8")
    store = ["--store", str(fresh_store)]
    assert main(["build", str(first.parent), *store]) == 0
    assert main(["build", str(second.parent), *store]) == 1
    err = capsys.readouterr().err
    assert f"built from {first}" in err and "pass --replace" in err and "1 other file left out" in err
    assert main(["build", str(second.parent), "--replace", *store]) == 0

    facts = json.loads((tmp_path / "friday" / "hearing.facts.json").read_text(encoding="utf-8"))
    facts["entities"][0]["type"] = "Persn"
    facts["quotes"] = [{"id": "q", "text": "x", "speaker": "nobody", "evidence": []}]
    (tmp_path / "friday" / "hearing.facts.json").write_text(json.dumps(facts), encoding="utf-8")
    assert main(["build", str(second), *store]) == 1
    assert "hearing.facts.json: 2 mistakes: (1) entities[0].type: unknown type 'Persn'" in capsys.readouterr().err
    assert main(["remove", "hearing.txt", *store]) == 0


def test_the_store_folder_stays_small(tmp_path):
    """The benchmark's path, shortened: the Thorn store, 20 commands, a 1 MB article built and removed."""
    from store_folder import walk

    sizes = []
    final = walk(tmp_path / "store", commands=20, size=1_000_000, report=sizes.append)
    print("\n".join(sizes))
    assert final < 1_000_000  # the Thorn graph alone: under 1 MB once the long article is gone
    assert not list((tmp_path / "store").glob("LOG.old.*"))[1:]
