"""Saved web pages: the article body is the text, the page's metadata goes into the graph, and a publication
date dates what the text dates only by weekday.

``tests/webpages/valley-ledger-literacy.html`` is a news page written for these tests around the text of
``valley-ledger-literacy.txt``, with what real pages carry: navigation, ads (one inside the article), share
buttons, a newsletter form, comments, related links, a footer, Open Graph tags and schema.org JSON-LD.
"""

import datetime
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.documents import read_document
from kg.errors import DocumentError
from kg.namespaces import DCTERMS, KG

from .helpers import require_module

require_module("trafilatura", "html")

PAGES = Path(__file__).parent / "webpages"
PAGE = PAGES / "valley-ledger-literacy.html"
TEXT = PAGES / "valley-ledger-literacy.txt"
DOCUMENT = URIRef("https://w3id.org/kg-news/id/document/valley-ledger-literacy")


def test_the_article_body_is_the_text_and_the_metadata_is_read():
    document = read_document(PAGE)
    assert document.text == TEXT.read_text(encoding="utf-8")  # no nav, ads, share tools, comments or footer
    assert (document.title, document.published, document.authors, document.site_name, document.url) == (
        "Literacy advocate urges senators to fund rural libraries", datetime.date(2019, 6, 11), ("Jordan Blake",),
        "The Valley Ledger", "https://valleyledger.example/2019/06/11/literacy-senate")


def test_a_page_without_an_article_is_refused(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"index.html: no article text found in the page; save the article"):
        read_document(page)


@pytest.fixture(scope="module")
def built_page(tmp_path_factory):
    """The page built into a store, and the graph of that build."""
    require_module("spacy", "extract")
    folder = tmp_path_factory.mktemp("page")
    output = folder / "page.ttl"
    assert main(["build", str(PAGE), "-o", str(output), "--store", str(folder / "store")]) == 0
    return folder / "store", Graph().parse(output)


def test_title_date_authors_site_and_url_are_document_properties(built_page):
    _, graph = built_page
    assert set(graph.predicate_objects(DOCUMENT)) >= {
        (DCTERMS.title, Literal("Literacy advocate urges senators to fund rural libraries")),
        (KG.datePublished, Literal("2019-06-11")),
        (KG.author, Literal("Jordan Blake")),
        (KG.siteName, Literal("The Valley Ledger")),
        (KG.url, Literal("https://valleyledger.example/2019/06/11/literacy-senate",
                         datatype=URIRef("http://www.w3.org/2001/XMLSchema#anyURI"))),
    }


def test_the_page_gives_the_facts_of_its_text_and_dates_the_weekday_testimony():
    require_module("spacy", "extract")
    from dataclasses import replace

    from kg.extract import extract

    from_text, from_page = extract(read_document(TEXT)), extract(read_document(PAGE))
    assert [t.year for t in from_text.testimonies] == [None]  # "testified Tuesday": no year in the text
    assert [t.year for t in from_page.testimonies] == [2019]  # the page was published on 2019-06-11

    def undated(facts) -> str:
        """The facts as JSON with the testimony's year taken out (of its id, and of the quote set at it)."""
        testimonies = [replace(t, year=None) for t in facts.testimonies]
        return json.dumps(replace(facts, document="", testimonies=testimonies).to_json()).replace("-2019", "")

    assert undated(from_page) == undated(from_text)


def test_the_built_page_conforms_to_the_shapes_and_the_ontology(built_page):
    from kg.validate import validate

    _, graph = built_page
    result = validate(graph)
    assert result.messages() == [(True, "SHACL: the graph conforms to the shapes"),
                                 (True, "OWL: the graph is consistent with the ontology (HermiT)")]


@pytest.mark.parametrize("published, weekday, year", [
    (datetime.date(2019, 6, 11), "Tuesday", 2019),  # the day itself
    (datetime.date(2020, 1, 2), "Monday", 2019),  # a Thursday: the Monday before was 2019-12-30
    (datetime.date(2020, 1, 2), "Wednesday", 2020),
    (None, "Tuesday", None),  # a plain-text article has no publication date
])
def test_a_weekday_is_dated_by_the_latest_such_day_up_to_publication(published, weekday, year):
    from kg.extract.years import weekday_year

    assert weekday_year(f"She testified {weekday} before the committee.", published) == year
    assert weekday_year("She testified before the committee.", published) is None
