"""What a query's author is told: syntax errors with a caret, parameters a named query declares, and names
matched as people write them."""

import pytest

from kg.cli import main
from kg.errors import QueryError, QuerySyntaxError
from kg.sparql import QueryParam, declared_params, named_queries

KG_PREFIX = "PREFIX kg: <https://w3id.org/kg-news/ontology#>"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from kg.ingest import build_documents
    from kg.paths import sources_dir
    from kg.store import open_store

    with open_store(tmp_path_factory.mktemp("thorn") / "store") as store:
        build_documents([sources_dir()], store)
        yield store


@pytest.mark.parametrize("query, message, caret_line", [
    ("SELECT ?name WHERE { ?p a kg:Person ; kg:name ?name }",
     "line 1, column 36: the prefix kg: is not declared; add " + KG_PREFIX + " before the query",
     "  SELECT ?name WHERE { ?p a kg:Person ; kg:name ?name }\n" + " " * 37 + "^"),
    ("SELECT ?x\nWHERE { ?x ?p ",
     "line 2, column 15: unexpected end of the query; expected one of ",
     "  WHERE { ?x ?p\n" + " " * 16 + "^"),
    ("SELECT (COUNT(?s) AS ?n WHERE { ?s ?p ?o }",
     "line 1, column 25: unexpected 'WHERE'; expected \")\"",
     "  SELECT (COUNT(?s) AS ?n WHERE { ?s ?p ?o }\n" + " " * 26 + "^"),
    ('SELECT * WHERE { ?s ?p "open }',
     "line 1, column 31: unexpected end of the query (an unclosed quote, bracket or brace?)", None),
])
def test_a_syntax_error_gives_line_column_a_short_expectation_and_a_caret(store, query, message, caret_line):
    with pytest.raises(QuerySyntaxError) as caught:
        store.query(query, label="inline query")
    error = caught.value
    assert str(error).startswith(f"inline query: SPARQL syntax error at {message}")
    assert "\\u{" not in str(error) and len(str(error)) < 200  # no Unicode ranges from the parser
    if caret_line is not None:
        assert error.excerpt == caret_line


def test_the_cli_prints_the_error_line_then_the_caret(capsys, store):
    assert main(["query", "-e", "SELECT * WHERE { ?s ?p }", "--store", store.location]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [("kg: error: inline query: SPARQL syntax error at line 1, column 25: unexpected end of the query; "
                   "expected one of LATERAL, SERVICE"),
                   "  SELECT * WHERE { ?s ?p }",
                   " " * 26 + "^"]


def test_with_params_the_position_is_in_the_text_as_written(store):
    import pyoxigraph as ox

    with pytest.raises(QuerySyntaxError) as caught:
        store.query("SELECT ?x WHERE { ?x ?p ?name ", params={"name": ox.Literal("x")})
    assert (caught.value.line, caught.value.column) == (1, 31)


def test_named_queries_declare_their_parameters():
    assert named_queries()["about-person"].params == (QueryParam(
        "name", 'the person\'s name, an alias or a surname, in any case, e.g. "Ashton Kutcher" or kutcher'),)
    assert [p.name for p in named_queries()["facts-in-span"].params] == ["document", "from", "to"]
    assert {name for name, query in named_queries().items() if query.params} == {"about-person", "facts-in-span"}
    assert declared_params("# question?\n# param x: a value\nSELECT ?x WHERE { ?s ?p ?x }\n# param y: late") == (
        QueryParam("x", "a value"),)


def test_a_named_query_without_its_parameters_is_an_error_that_lists_them(capsys, store):
    assert main(["query", "facts-in-span", "--param", "from=0", "--store", store.location]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: error: facts-in-span needs a value for document, to (its parameters: document: the "
                          "document's IRI, e.g. id:document/thorn-kutcher; from: ")
    with pytest.raises(QueryError, match=r"^about-person needs a value for name \(its parameters: name: "):
        store.query(named_queries()["about-person"].text, label="about-person")


@pytest.mark.parametrize("name", ["Demi Moore", "demi moore", "DEMI MOORE", "Moore", "moore"])
def test_about_person_matches_names_and_surnames_in_any_case(capsys, store, name):
    assert main(["query", "about-person", "--param", f"name={name}", "--format", "csv", "--store",
                 store.location]) == 0
    labels = [line.rsplit(",", 1)[1] for line in capsys.readouterr().out.splitlines()[1:]]
    assert labels == ["founding of Thorn (2012)", "marriage of Ashton Kutcher and Demi Moore"]


def test_about_person_matches_an_alias(capsys, store):
    """"Kutcher" is an alias in the curation file; the surname rule would find him too, so test an alias alone."""
    import pyoxigraph as ox

    query = named_queries()["about-person"].text
    rows = list(store.query(query, params={"name": ox.Literal("ashton kutcher")}))
    assert {row["person"].value for row in rows} == {"https://w3id.org/kg-news/id/person/ashton-kutcher"}
    assert list(store.query(query, params={"name": ox.Literal("Ashton")})) == []  # a first name alone is no surname
    assert list(store.query(query, params={"name": ox.Literal("oore")})) == []  # nor part of a word
