"""Query safety, parameters and result formats, independent of any store."""

import json

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, QueryRefusedError
from kg.sparql import (
    MAX_NESTING,
    bind_params,
    check_query,
    format_solutions,
    named_queries,
    parse_param,
    parse_params,
    resolve_query,
)

CONTRACT = {
    "persons": {"person", "name"},
    "organizations": {"org", "name"},
    "foundings": {"org", "orgName", "founder", "founderName", "year"},
    "spouses": {"person", "personName", "other", "otherName", "former"},
    "testimonies": {"testimony", "speakerName", "bodyName", "year"},
    "quotes": {"quote", "speakerName", "text", "setting"},
    "statistics": {"stat", "value", "qualifier", "measure", "year", "aboutName", "source"},
    "evidence": {"fact", "document", "begin", "end", "text"},
    "unsupported": {"fact"},
    "figures-compared": {"aboutName", "measure", "value", "qualifier", "document", "conflict"},
}


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_named_query_has_contract_variables_and_a_question(name):
    query = named_queries()[name]
    assert query.question.endswith("?") or "?" in query.question
    store = ox.Store()
    result = store.query(query.text)
    assert CONTRACT[name] <= {v.value for v in result.variables}


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "select * where { service silent <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o .SERVICE <http://x/> { ?a ?b ?c } }",
    "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "LOAD <file:///etc/passwd>",
    "# comment\nSELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <a:b> <a:c> <a:d> }",
    "DROP ALL",
    "INSERT DATA { <a:b> <a:c> <a:d> }",
])
def test_dangerous_queries_are_refused_before_evaluation(query):
    with pytest.raises(QueryRefusedError):
        check_query(query)


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?service <http://x/load> "SERVICE from LOAD" }',
    "PREFIX ex: <http://ex/> SELECT * WHERE { ?s ex:service ex:from . ?s ex:a.SERVICE ?o } # SERVICE",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "SELECT * WHERE { ?s ?p '''long\nSERVICE string''' }",
])
def test_keywords_inside_names_strings_iris_and_comments_are_fine(query):
    assert check_query(query) == "SELECT"


def test_deep_nesting_and_size_are_capped():
    deep = "SELECT * WHERE { FILTER(" + "(" * (MAX_NESTING + 5) + "1" + ")" * (MAX_NESTING + 5) + ") }"
    with pytest.raises(QueryRefusedError, match="levels deep"):
        check_query(deep)
    with pytest.raises(QueryRefusedError, match="over the limit"):
        check_query("SELECT * WHERE { ?s ?p ?o }" + " " * 200_000)


def test_refusal_names_line_and_column():
    with pytest.raises(QueryRefusedError, match="line 2, column 14: SERVICE"):
        check_query("SELECT * WHERE {\n  ?s ?p ?o . SERVICE <http://x/> {} }")


@pytest.mark.parametrize("spec, expected", [
    ("name=Ashton Kutcher", ox.Literal("Ashton Kutcher")),
    ("year=2017", ox.Literal("2017", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    ("v=1.5", ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))),
    ("c=kg:Person", ox.NamedNode("https://w3id.org/kg-news/ontology#Person")),
    ("p=<https://example.org/x>", ox.NamedNode("https://example.org/x")),
    ("name=O'Brien \" } ; DROP ALL ; {", ox.Literal("O'Brien \" } ; DROP ALL ; {")),
])
def test_parse_param(spec, expected):
    assert parse_param(spec)[1] == expected


@pytest.mark.parametrize("spec, message", [
    ("p=<http://x/> } ; DROP ALL ; { <a>", "is not a valid IRI"),
    ("p=<http://x/a>b>", "is not a valid IRI"),
    ("noequals", "expected NAME=VALUE"),
    ("bad name=x", "expected NAME=VALUE"),
])
def test_bad_params_are_errors(spec, message):
    with pytest.raises(QueryError, match=message):
        parse_param(spec)


def test_param_must_name_a_query_variable():
    with pytest.raises(QueryError, match=r"no variable \?nam; its variables: name, person"):
        parse_params(["nam=x"], "SELECT ?person WHERE { ?person <http://x/n> ?name }")


def test_injection_through_a_param_stays_a_value():
    store = ox.Store()
    iri = ox.NamedNode("http://example.org/alice")
    store.add(ox.Quad(iri, ox.NamedNode("http://example.org/name"), ox.Literal("alice")))
    query = "SELECT ?s WHERE { ?s <http://example.org/name> ?name }"
    hostile = parse_params(['name=alice" || "1"="1'], query)
    assert list(store.query(bind_params(query, hostile))) == []
    honest = parse_params(["name=alice"], query)
    assert [row["s"] for row in store.query(bind_params(query, honest))] == [iri]
    assert len(store) == 1


def test_params_are_visible_to_filters():
    store = ox.Store()
    for i in range(5):
        store.add(ox.Quad(ox.NamedNode(f"http://x/{i}"), ox.NamedNode("http://x/v"), ox.Literal(str(i))))
    query = "SELECT ?s WHERE { ?s <http://x/v> ?v FILTER(xsd:integer(?v) >= ?min) }"
    query = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n" + query
    rows = store.query(bind_params(query, parse_params(["min=3"], query)))
    assert sorted(row["s"].value for row in rows) == ["http://x/3", "http://x/4"]


def test_resolve_query_reports_unknown_names_with_the_valid_ones():
    with pytest.raises(QueryError) as error:
        resolve_query("persns")
    assert "unknown named query 'persns'; valid names:" in str(error.value)
    assert "persons" in str(error.value) and "foundings" in str(error.value)


def test_json_results_follow_the_w3c_format():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/n"), ox.Literal("A")))
    data = json.loads(format_solutions(store.query("SELECT ?s ?n WHERE { ?s ?p ?n }"), "json"))
    assert data == {"head": {"vars": ["s", "n"]},
                    "results": {"bindings": [{"s": {"type": "uri", "value": "http://x/a"},
                                              "n": {"type": "literal", "value": "A"}}]}}


def test_table_format_shortens_known_iris():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://w3id.org/kg-news/id/person/x"),
                      ox.NamedNode("https://w3id.org/kg-news/ontology#name"), ox.Literal("X")))
    table = format_solutions(store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"), "table").decode()
    assert table.splitlines()[2].split() == ["id:person/x", "kg:name", "X"]
    assert table.endswith("(1 row)\n")


def test_unsupported_finds_facts_and_entities_without_a_complete_span():
    store = ox.Store()
    store.update("""PREFIX kg: <https://w3id.org/kg-news/ontology#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        INSERT DATA {
          <urn:supported> a kg:Fact ; kg:evidence <urn:span> .
          <urn:span> nif:referenceContext <urn:doc> ; nif:beginIndex 0 ; nif:endIndex 1 ; nif:anchorOf "x" .
          <urn:bare> a kg:Statistic , kg:Fact .
          <urn:person> a kg:Person ; kg:evidence <urn:half-span> .
          <urn:half-span> nif:beginIndex 0 .
        }""")
    found = [row["fact"].value for row in store.query(named_queries()["unsupported"].text)]
    assert found == ["urn:bare", "urn:person"]
