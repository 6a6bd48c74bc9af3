"""The kg command: exit codes, output on stdout, one-line errors on stderr, and a store left intact."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from kg.cli import main

from .answers import THORN_ANSWERS
from .helpers import assert_isomorphic

KG = [sys.executable, "-m", "kg.cli"]


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(capsys, *args):
    code, out, err = run(capsys, "query", *args, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> tuple[Path, Path]:
    """The bundled corpus built once per module: the store folder and the build's Turtle output."""
    folder = tmp_path_factory.mktemp("built")
    assert main(["build", "-o", str(folder / "thorn.ttl"), "--store", str(folder / "store")]) == 0
    return folder / "store", folder / "thorn.ttl"


@pytest.fixture
def built(built_once, isolated_store, tmp_path):
    """The bundled corpus in the default (per-test) store, and written as Turtle: a copy of the store built once,
    so a test may change it."""
    import shutil

    store, turtle = built_once
    shutil.copytree(store, isolated_store)
    return Path(shutil.copy(turtle, tmp_path / "thorn.ttl"))


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory) -> str:
    """The bundled corpus built once for the tests that only query it (given with --store)."""
    location = tmp_path_factory.mktemp("cli") / "store"
    assert main(["build", "--store", str(location)]) == 0
    return str(location)


@pytest.mark.parametrize("name", sorted(THORN_ANSWERS))
def test_every_named_query_answers_through_the_cli(capsys, shared_store, name):
    params, columns, expected = THORN_ANSWERS[name]
    args = [arg for key, value in params.items() for arg in ("--param", f"{key}={value}")]
    found = rows(capsys, name, *args, "--store", shared_store)
    assert [tuple(row.get(column) for column in columns) for row in found] == expected


def test_evidence_offsets_index_the_document(capsys, built):
    text = Path(__file__).parents[1].joinpath("graph/sources/thorn-kutcher.txt").read_text(encoding="utf-8")
    evidence = rows(capsys, "evidence")
    assert len(evidence) == 12
    for row in evidence:
        assert text[int(row["begin"]):int(row["end"])] == row["text"]


def test_rebuild_is_idempotent_and_export_matches_build_output(capsys, built, tmp_path):
    code, _, err = run(capsys, "build")
    assert code == 0 and "0 built, 1 unchanged" in err
    exported = tmp_path / "export.ttl"
    assert run(capsys, "export", "-o", exported)[0] == 0
    assert_isomorphic(Graph().parse(built), Graph().parse(exported))


@pytest.mark.parametrize("fmt, check", [
    ("csv", lambda out: out.splitlines()[0] == "person,name" and "Demi Moore" in out),
    ("tsv", lambda out: out.splitlines()[0] == "?person\t?name" and '"Demi Moore"' in out),
    ("xml", lambda out: "<sparql" in out and "Demi Moore" in out),
    ("table", lambda out: out.splitlines()[0].split() == ["person", "name"] and out.endswith("(2 rows)\n")),
])
def test_query_formats(capsys, built, fmt, check):
    code, out, _ = run(capsys, "query", "persons", "--format", fmt)
    assert code == 0 and check(out)


def test_query_a_file_and_a_graph_file(capsys, built, tmp_path):
    query = tmp_path / "who.rq"
    query.write_text("PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
                     "SELECT ?name WHERE { ?p a kg:Person ; kg:name ?name } ORDER BY ?name")
    assert [r["name"] for r in rows(capsys, query, "--graph", built)] == ["Ashton Kutcher", "Demi Moore"]


def test_param_binds_a_value(capsys, built):
    found = rows(capsys, "about-person", "--param", "name=Demi Moore")
    assert {r["role"].rsplit("#")[-1] for r in found} == {"foundedBy", "partner"}


@pytest.mark.parametrize("fmt, parse_as", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                             ("trig", "trig"), ("xml", "xml")])
def test_export_formats_read_back(capsys, built, fmt, parse_as):
    code, out, _ = run(capsys, "export", "--format", fmt)
    assert code == 0
    if parse_as == "trig":
        from rdflib import Dataset

        graph = Graph()
        for s, p, o, _ in Dataset().parse(data=out, format="trig").quads():
            graph.add((s, p, o))
    else:
        graph = Graph().parse(data=out, format=parse_as)
    assert_isomorphic(Graph().parse(built), graph)


def test_info_counts_per_class(capsys, built):
    code, out, _ = run(capsys, "info")
    assert code == 0
    assert "documents: 1" in out and "thorn-kutcher.txt" in out
    counts = dict(line.split() for line in out.splitlines() if line.startswith("  kg:"))
    assert counts["kg:Person"] == "2" and counts["kg:Statistic"] == "4" and counts["kg:Quote"] == "4"


# --- bad input: one line on stderr, exit 1, the store unchanged -------------------------------------------

def store_triples(capsys) -> int:
    _, out, _ = run(capsys, "info")
    return int(next(line for line in out.splitlines() if line.startswith("triples:")).split()[1])


def _curated_copy(thorn_sources, change):
    path = thorn_sources / "thorn-kutcher.facts.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return thorn_sources


def _shift_a_span(data):
    data["quotes"][0]["evidence"][0]["begin"] += 1


def _unknown_key(data):
    data["statistics"][0]["valu"] = 6000


def _write(name, data):
    def make(folder):
        (folder / name).write_bytes(data)
        return folder / name
    return make


def _empty_folder(folder):
    (folder / "empty-dir").mkdir()
    return folder / "empty-dir"


@pytest.mark.parametrize("make_source, message", [
    (lambda d: d / "missing.txt", "missing.txt: no such file or folder"),
    (_write("empty.txt", b""), "the file is empty"),
    (_write("latin.txt", "caf\xe9".encode("latin-1")), "not valid utf-8 at byte 3"),
    (_write("paper.txt", b"%PDF-1.4 binary"), "is a PDF, not a text file"),
    (lambda d: _curated_copy(d, _shift_a_span), "quotes fact 'quote-core': span 1248-1338 should read"),
    (lambda d: _curated_copy(d, _unknown_key), "statistics[0]: unknown key 'valu' for a Statistic"),
    (_empty_folder, "the folder holds no .txt or .html files"),
])
def test_bad_sources_fail_with_one_line_and_leave_the_store(capsys, built, thorn_sources, make_source, message):
    before = store_triples(capsys)
    source = make_source(thorn_sources)
    code, _, err = run(capsys, "build", source)
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert store_triples(capsys) == before


@pytest.mark.parametrize("args, message", [
    (["query", "nope"], "unknown named query 'nope'; valid names: about-person"),
    (["query", "-e", "SELECT * WHERE {\n ?s ?p }"], "inline query: SPARQL syntax error at line 2, column"),
    (["query", "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "SERVICE"),
    (["query", "-e", "LOAD <file:///etc/passwd>"], "LOAD reads data from outside the store"),
    (["query", "-e", "DROP ALL"], "is an update"),
    (["query", "persons", "--param", "name=<x> } ; DROP ALL ; {"], "is not a valid IRI"),
    (["query", "persons", "--param", "nobody=1"], "the query has no variable ?nobody"),
    (["query", "persons", "--graph", "missing.ttl"], "missing.ttl: cannot be read"),
    (["remove", "nothing.txt"], "not in the store: nothing.txt"),
])
def test_bad_queries_fail_with_one_line_and_leave_the_store(capsys, built, args, message):
    before = store_triples(capsys)
    code, _, err = run(capsys, *args)
    assert code == 1
    assert message in err
    # One line; a syntax error adds the query line at fault and a caret under the column.
    assert len(err.strip().splitlines()) == (3 if "syntax error" in message else 1)
    assert store_triples(capsys) == before


def test_hostile_param_value_is_only_a_value(capsys, built):
    before = store_triples(capsys)
    assert rows(capsys, "persons", "--param", 'name=alice" || "1"="1') == []
    assert rows(capsys, "persons", "--param", 'name=x" } ; DROP ALL ; { "') == []
    assert store_triples(capsys) == before


def test_query_on_a_missing_store_says_build_first(capsys, tmp_path):
    code, _, err = run(capsys, "query", "persons", "--store", tmp_path / "none")
    assert code == 1 and "does not exist yet; run kg build first" in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["query", "persons", "--format", "yaml"])
    assert exit_info.value.code == 2


def test_named_queries_resolve_from_any_directory(tmp_path):
    result = subprocess.run([*KG, "query", "--list"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "foundings" in result.stdout and "Who founded which organization" in result.stdout


def test_error_in_a_subprocess_has_no_traceback(tmp_path):
    result = subprocess.run([*KG, "build", str(tmp_path / "nope.txt")], capture_output=True, text=True,
                            env={"KG_STORE": str(tmp_path / "s"), "PATH": ""}, check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("kg: error: ") and "Traceback" not in result.stderr


def test_help_ends_with_an_example(capsys):
    for command in ("build", "query", "export", "validate", "info", "remove", "serve"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = capsys.readouterr().out
        assert out.rstrip().splitlines()[-1].strip().startswith(("example:", "kg "))


def test_alias_merges_across_documents_can_be_turned_off(capsys, tmp_path):
    """A second article naming only "Kutcher" joins Ashton Kutcher's node, unless merges are turned off."""
    folder = tmp_path / "articles"
    folder.mkdir()
    text = "Kutcher spoke on Tuesday."
    (folder / "second.txt").write_text(text, encoding="utf-8")
    facts = {"format": "kg-facts", "version": 1, "document": "second.txt",
             "entities": [{"id": "k", "type": "Person", "name": "Kutcher",
                           "mentions": [{"begin": 0, "end": 7, "text": "Kutcher"}]}]}
    (folder / "second.facts.json").write_text(json.dumps(facts), encoding="utf-8")
    from kg.paths import sources_dir

    assert run(capsys, "build", sources_dir(), folder)[0] == 0
    assert [r["name"] for r in rows(capsys, "persons")] == ["Ashton Kutcher", "Demi Moore"]
    assert run(capsys, "build", sources_dir(), folder, "--no-alias-merges")[0] == 0
    assert [r["name"] for r in rows(capsys, "persons")] == ["Ashton Kutcher", "Demi Moore", "Kutcher"]
