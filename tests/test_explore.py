"""The pages of kg serve over real HTTP (httpx against the real server: uvicorn, workers, limits): data IRIs by
content negotiation, a configurable base, search, static files, errors, and the server's guards on pages."""

import json
import re
import threading
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef

from kg.ingest import build_documents
from kg.paths import sources_dir
from kg.store import open_store

ARTICLES = Path(__file__).resolve().parent.parent / "notebooks" / "articles"
ID = "https://w3id.org/kg-news/id/"
KG = "https://w3id.org/kg-news/ontology#"
FOUNDING = URIRef(ID + "fact/thorn-kutcher/founding-thorn")
KUTCHER = URIRef(ID + "person/ashton-kutcher")
FOUNDING_SENTENCE = "In 2012, Kutcher and then-wife Demi Moore co-founded Thorn: Digital Defenders of Children."
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Running:
    def __init__(self, location, **options):
        from kg.serve import make_server

        self.server = make_server(location, port=0, **options)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.server

    def __exit__(self, *exc):
        self.server.close()
        self.thread.join(10)


@pytest.fixture(scope="module")
def location(tmp_path_factory):
    location = tmp_path_factory.mktemp("explore") / "store"
    with open_store(location) as store:
        assert len(build_documents([sources_dir(), ARTICLES], store).built) == 4
    return location


@pytest.fixture(scope="module")
def client(location):
    with Running(location, workers=2, timeout=20) as server, httpx.Client(base_url=server.base_url,
                                                                           timeout=30) as client:
        yield client


@pytest.mark.parametrize(("accept", "media_type", "rdflib_format"), [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    # rdflib's own Accept header when it dereferences an IRI.
    ("application/rdf+xml, text/rdf+xml, text/xml;q=0.1, application/xml;q=0.1, text/plain;q=0.1",
     "application/rdf+xml", "xml"),
])
def test_data_iri_answers_rdf_clients(client, accept, media_type, rdflib_format):
    response = client.get("/id/person/ashton-kutcher", headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert (FOUNDING, URIRef(KG + "foundedBy"), KUTCHER) in graph
    assert {str(name) for name in graph.objects(KUTCHER, URIRef(KG + "name"))} == {"Ashton Kutcher"}


def test_data_iri_answers_browsers_with_the_page(client):
    response = client.get("/id/organization/thorn", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert f"<mark>{FOUNDING_SENTENCE}</mark>" in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["link"] == f'<{ID}organization/thorn>; rel="canonical"'
    # No Accept at all reads as a browser too; ?format= chooses for a link.
    assert "<mark>" in client.get("/id/organization/thorn", headers={"Accept": ""}).text
    nt = client.get("/id/organization/thorn?format=nt", headers={"Accept": BROWSER})
    assert nt.headers["content-type"] == "application/n-triples"
    assert f"<{FOUNDING}> <{KG}organizationFounded> <{ID}organization/thorn> ." in nt.text


def test_document_and_fact_pages(client):
    document = client.get("/id/document/thorn-kutcher", headers={"Accept": BROWSER}).text
    assert re.search(r'<span class="anchor" id="char=253,343"></span><mark class="span" data-facts="f1" '
                     r'title="founding of Thorn \(2012\)" tabindex="0">In 2012, </mark>', document)
    data = json.loads(re.search(r'<script type="application/json" id="kg-span-data">(.*?)</script>', document,
                                re.DOTALL).group(1))
    assert data["f1"]["label"] == "founding of Thorn (2012)"
    assert [link["href"] for link in data["f1"]["links"]] == [
        "/id/person/ashton-kutcher", "/id/person/demi-moore", "/id/organization/thorn"]
    fact = client.get("/id/fact/thorn-kutcher/founding-thorn", headers={"Accept": BROWSER}).text
    assert f"<mark>{FOUNDING_SENTENCE}</mark>" in fact


@pytest.mark.parametrize(("path", "accept", "status"), [
    ("/id/person/nobody", BROWSER, 404),
    ("/id/person/nobody", "text/turtle", 404),
    ("/id/person/..%2F..%2Fetc", BROWSER, 404),
    ("/id/planet/earth", "text/turtle", 404),
    ("/id/person/ashton-kutcher", "application/pdf", 406),
    ("/id/person/ashton-kutcher?format=docx", BROWSER, 406),
])
def test_errors_are_pages_for_browsers_and_json_for_clients(client, path, accept, status):
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == status
    if accept == BROWSER:
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert f"<h1>{status}</h1>" in response.text
    else:
        error = response.json()["error"]
        assert error["status"] == status and error["type"] in ("not_found", "not_acceptable")


def test_search_as_json_and_as_a_page(client):
    hits = client.get("/search", params={"q": "RAMAN"}, headers={"Accept": "application/json"}).json()
    assert hits == [{"iri": ID + "person/priya-raman", "name": "Priya Raman", "type": "Person",
                     "matched": "Raman", "href": "/id/person/priya-raman"}]
    page = client.get("/search", params={"q": "<script>"}, headers={"Accept": BROWSER}).text
    assert "<strong>&lt;script&gt;</strong>" in page and "0 matches" in page
    too_long = client.get("/search", params={"q": "x" * 201}, headers={"Accept": "application/json"})
    assert too_long.status_code == 400 and "at most 200" in too_long.json()["error"]["message"]


def test_search_sees_a_build_made_while_serving(tmp_path):
    """The search index is the snapshot's: a build published while the server runs is found by the next
    search, and the pages say how long the server took."""
    with open_store(tmp_path / "store") as store:
        build_documents([sources_dir()], store)
    with Running(tmp_path / "store", workers=1, timeout=20) as server, httpx.Client(base_url=server.base_url,
                                                                                    timeout=30) as c:
        def names(text):
            response = c.get("/search", params={"q": text}, headers={"Accept": "application/json"})
            assert re.fullmatch(r"page;dur=\d+\.\d", response.headers["server-timing"])
            return [hit["name"] for hit in response.json()]

        assert names("ra") == []
        assert names("kutcher") == ["Ashton Kutcher"]
        with open_store(tmp_path / "store") as store:
            assert len(build_documents([ARTICLES], store).built) == 3
        assert names("ra") == ["Priya Raman"]
        assert names("kutcher") == ["Ashton Kutcher"]


def test_query_page_is_yasgui_with_every_named_query_and_nothing_from_elsewhere(client):
    from kg.sparql import named_queries

    page = client.get("/", headers={"Accept": BROWSER}).text
    config = json.loads(re.search(r'<script type="application/json" id="kg-query-config">(.*?)</script>', page,
                                  re.DOTALL).group(1))
    assert [e["name"] for e in config["examples"]][:2] == ["persons", "foundings"]
    assert {e["name"]: e["query"] for e in config["examples"]} == {n: q.text for n, q in named_queries().items()}
    assert config["prefixes"]["kg"] == KG and config["prefixes"]["id"] == ID
    assert (config["endpoint"], config["dataBase"], config["dataPath"]) == ("/sparql", ID, "/id/")
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/vendor/yasgui/yasgui.min.js" in assets and "/static/vendor/yasgui/yasgui.min.css" in assets
    assert [a for a in assets if a.startswith(("http:", "https:", "//"))] == []


def test_static_files_and_nothing_else(client):
    script = client.get("/static/vendor/yasgui/yasgui.min.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "sourceMappingURL" not in script.text[-200:]
    assert client.get("/static/vendor/cytoscape/LICENSE").status_code == 200
    assert client.get("/static/../../serve/app.py").status_code == 404
    assert client.get("/static/%2e%2e/data.py").status_code == 404


def test_figures_page_lines_up_figures(client):
    page = client.get("/figures", headers={"Accept": BROWSER}).text
    assert page.count('<tr class="conflict">') == 4
    one = client.get("/figures", params={"about": ID + "organization/lantern-project"},
                     headers={"Accept": BROWSER}).text
    assert one.count('<tr class="conflict">') == 2 and "Thorn" not in re.sub(r"<header.*?</header>", "", one,
                                                                              flags=re.DOTALL)
    bad = client.get("/figures", params={"about": "https://example.org/x"}, headers={"Accept": "application/json"})
    assert bad.status_code == 400


def test_a_custom_base_is_served_at_its_own_path(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_BASE_IRI", "https://news.example.org/kg/id/")
    with open_store(tmp_path / "store") as store:
        build_documents([sources_dir()], store)
    with Running(tmp_path / "store", workers=1, timeout=20) as server, httpx.Client(base_url=server.base_url) as c:
        page = c.get("/kg/id/person/ashton-kutcher", headers={"Accept": BROWSER})
        assert page.status_code == 200 and f"<mark>{FOUNDING_SENTENCE}</mark>" in page.text
        assert '<a href="/kg/id/organization/thorn" class="kind-Organization">Thorn</a>' in page.text
        turtle = c.get("/kg/id/person/ashton-kutcher", headers={"Accept": "text/turtle"})
        graph = Graph().parse(data=turtle.text, format="turtle")
        assert (URIRef("https://news.example.org/kg/id/person/ashton-kutcher"), URIRef(KG + "name"), None) in graph
        assert c.get("/id/person/ashton-kutcher", headers={"Accept": BROWSER}).status_code == 404


def test_pages_are_behind_the_servers_limits(location):
    """A page asks the same workers as /sparql: past the URL cap it gets 414, and with every worker busy on a
    long query the page is refused at once with Retry-After instead of waiting."""
    with Running(location, workers=1, timeout=3, queue_timeout=0.3, max_url=2000) as server, \
            httpx.Client(base_url=server.base_url, timeout=30) as c:
        assert c.get("/search", params={"q": "x" * 100}).status_code == 200
        long = c.get("/id/person/" + "a" * 3000, headers={"Accept": BROWSER})
        assert long.status_code == 414
        slow = threading.Thread(target=lambda: c.get("/sparql", params={"query": SLOW}), daemon=True)
        slow.start()
        time.sleep(0.5)
        busy = c.get("/id/person/ashton-kutcher", headers={"Accept": "application/json"})
        assert busy.status_code in (429, 503), busy.text
        assert busy.headers["retry-after"] == "1"
        slow.join(15)
        assert c.get("/id/person/ashton-kutcher", headers={"Accept": BROWSER}).status_code == 200
