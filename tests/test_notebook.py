"""The exploration notebook runs top to bottom and shows the right answers; committed without outputs."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01_explore_thorn.ipynb"


def _text(cell) -> str:
    """Everything a cell printed or displayed, as plain text and HTML."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.extend(output.data.get(kind, "") for kind in ("text/plain", "text/html"))
    return "\n".join(parts)


def _html(cell) -> str:
    return "\n".join(output.data.get("text/html", "") for output in cell.outputs
                     if output.output_type in ("execute_result", "display_data"))


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook run once in a fresh kernel (the ipykernel of this interpreter), from a scratch folder."""
    workdir = tmp_path_factory.mktemp("notebook")
    with pytest.MonkeyPatch.context() as patch:
        # The kernel inherits the environment: no windows, and a default store that is not the user's.
        patch.setenv("MPLBACKEND", "Agg")
        patch.setenv("KG_STORE", str(workdir / "default-store-must-stay-unused"))
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        # jupyter_client maps "python3" to ipykernel in sys.executable, even with no kernel spec installed.
        NotebookClient(notebook, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(workdir)}}).execute()
    assert not (workdir / "default-store-must-stay-unused").exists()
    return {tag: cell for cell in notebook.cells for tag in cell.metadata.get("tags", [])}


def test_committed_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code)


def test_build_reports_the_article(executed):
    assert "1 built, 0 unchanged - thorn-kutcher.txt" in _text(executed["build"])


def test_foundings_frame_names_both_founders(executed):
    lines = _text(executed["foundings"]).splitlines()
    assert any(line.split()[1:] == ["Thorn", "Ashton", "Kutcher", "2012"] for line in lines)
    assert any(line.split()[1:] == ["Thorn", "Demi", "Moore", "2012"] for line in lines)


def test_said_before_congress(executed):
    text = _text(executed["congress"])
    assert "I’m here today to defend the right to pursue happiness" in text
    assert "It’s a simple notion: ‘the right to pursue happiness.’" in text


def test_query_with_parameter(executed):
    text = _text(executed["about-moore"])
    assert "foundedBy" in text and "founding of Thorn (2012)" in text
    assert "partner" in text and "marriage of Ashton Kutcher and Demi Moore" in text


def test_evidence_is_the_sentence_with_the_span_marked(executed):
    assert ("<mark>In 2012, Kutcher and then-wife Demi Moore co-founded Thorn: Digital Defenders of Children."
            "</mark>") in _html(executed["evidence-founding"])
    assert ("<mark>More recent figures have suggested that the organization has helped identify over 6,600 "
            "perpetrators.</mark>") in _html(executed["evidence-figure"])


def test_kutchers_neighbours(executed):
    text = _text(executed["neighbours"])
    for label in ("founding of Thorn (2012)", "marriage of Ashton Kutcher and Demi Moore",
                  "testimony of Ashton Kutcher before Congress (2017)",
                  "interview of Ashton Kutcher with 48 Hours"):
        assert label in text


def test_drawing_holds_the_neighbourhood(executed):
    assert ("13 nodes drawn, the quotes and: 48 Hours, Ashton Kutcher, Congress, Demi Moore, Thorn, "
            "founding of Thorn (2012)") in _text(executed["drawing"])


def test_path_answer_goes_through_the_founding(executed):
    assert ("Demi Moore <-foundedBy- founding of Thorn (2012) -foundedBy-> Ashton Kutcher "
            "<-witness- testimony of Ashton Kutcher before Congress (2017) -testifiedBefore-> Congress"
            ) in _text(executed["path"])
    html = _html(executed["path-evidence"])
    assert "<mark>In 2017, Kutcher testified before Congress," in html


# --- kg.notebook, the helpers the notebook uses ------------------------------------------------------------


def test_query_frame_types_and_parameters(thorn_store):
    from kg.notebook import query_frame

    foundings = query_frame(thorn_store, "foundings")
    assert foundings[["orgName", "founderName", "year"]].values.tolist() == [
        ["Thorn", "Ashton Kutcher", 2012], ["Thorn", "Demi Moore", 2012]]
    about = query_frame(thorn_store, "about-person", name="Demi Moore")
    assert sorted(about["label"]) == ["founding of Thorn (2012)", "marriage of Ashton Kutcher and Demi Moore"]
    inline = query_frame(thorn_store, "SELECT ?n WHERE { ?p <https://w3id.org/kg-news/ontology#name> ?n } "
                                      "ORDER BY ?n LIMIT 1")
    assert inline["n"].tolist() == ["2017 report"]


def test_query_frame_refuses_unknown_parameter_and_construct(thorn_store):
    from kg.errors import QueryError
    from kg.notebook import query_frame

    message = r"parameter nme: the query has no variable \?nme; its variables: .*name"
    with pytest.raises(QueryError, match=message):
        query_frame(thorn_store, "about-person", nme="Demi Moore")
    with pytest.raises(QueryError, match=r"use kg\.network\.to_networkx"):
        query_frame(thorn_store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(("span", "sentence"), [
    ("Demi Moore",
     "In 2012, Kutcher and then-wife Demi Moore co-founded Thorn: Digital Defenders of Children."),
    # No space after the full stop: "perpetrators.A 2017 report" still starts a sentence at "A".
    ("nearly 6,000",
     ("A 2017 report highlighted that Thorn’s technology had contributed to identifying nearly 6,000 child "
      "sex trafficking victims and supported the rescue of more than 100 children from situations where "
      "abuse content was being recorded and distributed.")),
    ("he said", "“I’m here today to defend the right to pursue happiness,” he said."),
])
def test_sentence_bounds(thorn_graph, span, sentence):
    from rdflib import URIRef

    from kg.notebook import sentence_bounds

    text = str(thorn_graph.value(URIRef("https://w3id.org/kg-news/id/document/thorn-kutcher"),
                                 URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString")))
    begin = text.index(span)
    start, stop = sentence_bounds(text, begin, begin + len(span))
    assert text[start:stop] == sentence


def test_evidence_of_an_entity_marks_each_mention(thorn_graph):
    from kg.network import to_networkx
    from kg.notebook import evidence_of

    passages = evidence_of(to_networkx(thorn_graph), "Thorn")
    assert [str(p) for p in passages][:2] == [
        "In 2012, Kutcher and then-wife Demi Moore co-founded [[Thorn: Digital Defenders of Children]].",
        ("Over the years, [[Thorn]] has developed software tools designed to help authorities track online "
         "exploitation, detect patterns, and locate children who are being abused or trafficked.")]
    assert "<mark>Thorn</mark>" in passages[1]._repr_html_()


def test_evidence_of_escapes_html(thorn_graph):
    from kg.network import to_networkx
    from kg.notebook import evidence_of

    html = evidence_of(to_networkx(thorn_graph), "Ashton Kutcher")[0]._repr_html_()
    assert "Ashton Kutcher&#x27;s work" in html
    assert "<mark>Ashton Kutcher</mark>’s acting career" in html
