"""The exploration notebooks run top to bottom and show the right answers; committed without outputs."""

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOK = NOTEBOOKS / "01_explore_thorn.ipynb"
SEVERAL = NOTEBOOKS / "02_several_articles.ipynb"


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


def _execute(path: Path, workdir: Path, unused_store: Path) -> dict:
    """Run a notebook in a fresh kernel (the ipykernel of this interpreter) from ``workdir``; its cells by tag."""
    with pytest.MonkeyPatch.context() as patch:
        # The kernel inherits the environment: no windows, and a default store that is not the user's.
        patch.setenv("MPLBACKEND", "Agg")
        patch.setenv("KG_STORE", str(unused_store))
        notebook = nbformat.read(path, as_version=4)
        # jupyter_client maps "python3" to ipykernel in sys.executable, even with no kernel spec installed.
        NotebookClient(notebook, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(workdir)}}).execute()
    assert not unused_store.exists()
    return {tag: cell for cell in notebook.cells for tag in cell.metadata.get("tags", [])}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The Thorn notebook, run once from a scratch folder."""
    workdir = tmp_path_factory.mktemp("notebook")
    return _execute(NOTEBOOK, workdir, workdir / "default-store-must-stay-unused")


@pytest.fixture(scope="module")
def executed_several(tmp_path_factory):
    """The multi-document notebook, run once from notebooks/ (it reads articles/ there) without writing there."""
    before = sorted(NOTEBOOKS.rglob("*"))
    cells = _execute(SEVERAL, NOTEBOOKS, tmp_path_factory.mktemp("notebook") / "default-store-must-stay-unused")
    assert sorted(NOTEBOOKS.rglob("*")) == before
    return cells


@pytest.mark.parametrize("path", [NOTEBOOK, SEVERAL], ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
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


def _graph_page(cell) -> tuple[str, dict]:
    """The page inside the graph's iframe, and the graph data it draws."""
    frame = re.search(r'<iframe srcdoc="([^"]*)"', _html(cell))
    assert frame, _html(cell)[:500]
    page = html.unescape(frame.group(1))
    data = re.search(r"<script type='application/json' id='kg-graph-data'>(.*?)</script>", page, re.DOTALL)
    return page, json.loads(data.group(1))


def test_interactive_graph_is_inline_and_offline(executed):
    assert ("<NeighbourhoodGraph of Ashton Kutcher: 8 facts; 48 Hours, Congress, Demi Moore, Thorn>"
            in _text(executed["graph"]))
    page, data = _graph_page(executed["graph"])
    assert "cytoscape" in page and "<script src" not in page and "<link" not in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)
    nodes = {node["label"]: node for node in data["nodes"]}
    assert nodes["founding of Thorn (2012)"]["evidence"][0]["marked"] == (
        "In 2012, Kutcher and then-wife Demi Moore co-founded Thorn: Digital Defenders of Children.")
    assert nodes["Ashton Kutcher"]["center"] and nodes["Thorn"]["kind"] == "Organization"


def test_several_articles_build_together(executed_several):
    assert ("4 built, 0 unchanged - lantern-project-audit.txt, lantern-project-launch.txt, "
            "thorn-figures-brief.txt, thorn-kutcher.txt") in _text(executed_several["build"])


def test_who_appears_in_which_article(executed_several):
    text = _text(executed_several["several"])
    assert "Ashton Kutcher: lantern-project-audit, thorn-figures-brief, thorn-kutcher" in text
    assert "Priya Raman: lantern-project-audit, lantern-project-launch" in text
    assert "Lantern Project: lantern-project-audit, lantern-project-launch" in text
    table = _html(executed_several["appears"])
    assert re.search(r"<th>Dana Whitfield</th>\s*<td>0</td>\s*<td>0</td>\s*<td>3</td>\s*<td>0</td>", table), table


def test_figures_compared_in_the_notebook(executed_several):
    rows = [re.findall(r"<td>(.*?)</td>", row) for row in
            re.findall(r"<tr>\s*<th>\d+</th>(.*?)</tr>", _html(executed_several["figures"]), re.DOTALL)]
    assert rows == [
        ["Lantern Project", "families housed", "fewer than 900", "less_than", "", "900", "2019", "True",
         "more than 1,200"],
        ["Lantern Project", "families housed", "more than 1,200", "more_than", "1200", "", "2019", "True",
         "fewer than 900"],
        ["Thorn", "child sex trafficking victims identified", "more than 6,000", "more_than", "6000", "", "2017",
         "True", "nearly 6,000"],
        ["Thorn", "child sex trafficking victims identified", "nearly 6,000", "nearly", "", "6000", "2017", "True",
         "more than 6,000"],
        ["Thorn", "perpetrators identified", "at least 6,000", "at_least", "6000", "", "", "False", ""],
        ["Thorn", "perpetrators identified", "over 6,600", "more_than", "6600", "", "", "False", ""]]
    evidence = _html(executed_several["conflict-evidence"])
    for sentence in ("<mark>the Lantern Project housed fewer than 900 families in 2019</mark>",
                     "<mark>housed more than 1,200 families in 2019</mark>",
                     "<mark>its software helped identify more than 6,000 child sex trafficking victims in 2017</mark>"):
        assert sentence in evidence


def test_one_person_across_articles(executed_several):
    _, data = _graph_page(executed_several["graph"])
    facts = sorted(node["label"] for node in data["nodes"] if node["group"] == "fact")
    assert "founding of Lantern Project (2015)" in facts
    assert "testimony of Priya Raman before City Council Housing Committee (2019)" in facts
    documents = {e["documentLabel"] for node in data["nodes"] for e in node.get("evidence", [])}
    assert documents == {"Lantern Project opens its doors to families without a home",
                         "Audit questions housing charity's numbers"}


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
