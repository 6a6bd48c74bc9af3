"""The pages of kg serve in a real headless Chromium, as a person uses them: the query page runs a named query
and shows a table, an entity page shows Thorn's founding with its sentence highlighted, clicking a graph node or
a highlight shows the sentence. Every page is checked for requests outside the server and console errors.
Screenshots are saved in the test's temporary folder (``screenshots/``).

One browser for the module; Debian's chromium and chromium-driver (tests/system-packages.txt), no download.
"""

import json
import threading
import time
from pathlib import Path

import pytest

from kg.ingest import build_documents
from kg.paths import sources_dir
from kg.store import open_store

from .helpers import require_program

ARTICLES = Path(__file__).resolve().parent.parent / "notebooks" / "articles"
FOUNDING_SENTENCE = "In 2012, Kutcher and then-wife Demi Moore co-founded Thorn: Digital Defenders of Children."
FOUNDING = "https://w3id.org/kg-news/id/fact/thorn-kutcher/founding-thorn"
KUTCHER_IRI = "https://w3id.org/kg-news/id/person/ashton-kutcher"
WAIT = 20.0


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """kg serve (its real server: uvicorn, workers, limits) over the Thorn article and the example articles."""
    from kg.serve import make_server

    location = tmp_path_factory.mktemp("browser") / "store"
    with open_store(location) as store:
        report = build_documents([sources_dir(), ARTICLES], store)
        assert len(report.built) == 4, report.failed
    server = make_server(location, port=0, workers=2, timeout=20)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.base_url
    finally:
        server.close()
        thread.join(10)


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium through chromedriver, with a fresh profile and the network and console logs on."""
    chromium = require_program("chromium", "chromium")
    chromedriver = require_program("chromedriver", "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


class Visit:
    """A browser session on the server: opens pages, waits for things, and collects what the pages asked for."""

    def __init__(self, driver, base_url: str, screenshots: Path):
        self.driver = driver
        self.base_url = base_url
        self.screenshots = screenshots
        self.requests: list[str] = []
        self.console: list[dict] = []
        self._drain()

    def _drain(self) -> None:
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
        self.console.extend(self.driver.get_log("browser"))

    def open(self, path: str) -> None:
        self.driver.get(self.base_url + path)
        self.until(lambda: self.driver.execute_script("return document.readyState") == "complete", path)

    def until(self, condition, what: str):
        deadline = time.monotonic() + WAIT
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                self.shot("timeout")
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(0.1)

    def find(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def shot(self, name: str) -> Path:
        path = self.screenshots / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def check(self) -> None:
        """Nothing was requested outside the server, and the console holds no error."""
        self._drain()
        outside = [url for url in self.requests if url.split(":", 1)[0] in ("http", "https", "ws", "wss")
                   and not url.startswith(self.base_url + "/")]
        assert outside == [], outside
        errors = [entry for entry in self.console if entry["level"] == "SEVERE"]
        assert errors == [], errors
        assert any(url.startswith(self.base_url) for url in self.requests)


@pytest.fixture
def visit(browser, base_url, screenshots):
    browser.get("about:blank")
    session = Visit(browser, base_url, screenshots)
    yield session
    session.check()


def test_query_page_runs_a_named_query_and_links_iris_to_pages(visit):
    visit.open("/?tab=foundings")
    visit.until(lambda: visit.driver.execute_script(
        "return window.kgYasgui && window.kgYasgui.getTab().getName()") == "foundings", "the foundings tab")
    visit.find(".tabPanel.active .yasqe_queryButton")[0].click()
    rows = visit.until(lambda: visit.find(".tabPanel.active .yasr table.dataTable tbody tr")
                       if len(visit.find(".tabPanel.active .yasr table.dataTable tbody tr")) >= 6 else None,
                       "six rows of foundings")
    texts = [row.text for row in rows]
    assert sum("Thorn" in text and "Ashton Kutcher" in text for text in texts) == 2, texts
    assert any("Lantern Project" in text and "Tom Okafor" in text and "2015" in text for text in texts), texts
    # Literals as plain values, their datatype as a tooltip; "Simple view" off shows the typed terms again.
    years = [(cell.text, cell.get_attribute("title")) for cell in visit.find(".tabPanel.active .yasr td .kg-literal")]
    assert ("2015", "xsd:integer") in years and ("2012", "xsd:integer") in years, years
    visit.find(".tabPanel.active .yasr .switch input[type=checkbox]")[0].click()
    assert any(cell.text == '"2015"^^xsd:integer' for cell in visit.find(".tabPanel.active .yasr td .nonIri")), [
        cell.text for cell in visit.find(".tabPanel.active .yasr td .nonIri")]
    visit.shot("query-page-typed")
    visit.find(".tabPanel.active .yasr .switch input[type=checkbox]")[0].click()
    links = [a.get_attribute("href") for a in visit.find(".tabPanel.active .yasr table a.kg-local")]
    assert visit.base_url + "/id/person/ashton-kutcher" in links, links
    visit.shot("query-page")
    kutcher = next(a for a in visit.find(".tabPanel.active .yasr table a.kg-local")
                   if a.get_attribute("href").endswith("/id/person/ashton-kutcher"))
    kutcher.click()
    visit.until(lambda: visit.find("h1") and visit.find("h1")[0].text == "Ashton Kutcher", "Kutcher's page")


def test_entity_page_shows_the_founding_with_its_sentence_highlighted(visit):
    visit.open("/id/organization/thorn")
    assert visit.find("h1")[0].text == "Thorn"
    marks = [mark for mark in visit.find("#FoundingEvent blockquote.evidence mark")]
    assert FOUNDING_SENTENCE in [mark.text for mark in marks]
    mark = next(mark for mark in marks if mark.text == FOUNDING_SENTENCE)
    assert mark.is_displayed()
    assert mark.value_of_css_property("background-color") == "rgba(255, 241, 168, 1)"
    visit.shot("entity-page")


def test_clicking_a_graph_node_shows_its_sentence(visit):
    visit.open("/id/person/ashton-kutcher")
    visit.until(lambda: visit.find("#kg-graph[data-ready='true']"), "the graph")
    assert _overlapping_labels(visit.driver) == []
    _click_node(visit.driver, FOUNDING)
    mark = visit.until(lambda: visit.find("#kg-graph-details blockquote mark"), "the sentence of the founding")
    assert mark[0].text == FOUNDING_SENTENCE
    assert visit.find("#kg-graph-details h3")[0].text == "founding of Thorn (2012) 2012"
    # The node clicked shows its full label and the roles on its edges; the others keep their short labels.
    assert visit.driver.execute_script("""
        var cy = window.kgGraphs[0], node = cy.$id(arguments[0]);
        return [node.hasClass('full'), node.connectedEdges().map(e => e.hasClass('near') && e.data('label')).sort(),
                cy.edges('.near').length, cy.$id(arguments[1]).data('short')];""", FOUNDING, KUTCHER_IRI) == [
        True, ["founded by", "founded by", "organization founded"], 3, "Ashton Kutcher"]
    # The full label, longer than the short one the layout kept room for, goes where it covers no other label.
    assert _overlapping_labels(visit.driver) == []
    visit.shot("graph-click")


def test_a_dense_neighbourhood_is_drawn_radially_with_labels_apart(visit):
    """Past RADIAL_FROM nodes the graph is drawn on rings with labels along the radius; drawn that way, Kutcher's
    neighbourhood keeps every label clear of the others and every entity's name readable without zooming."""
    visit.open("/id/person/ashton-kutcher")
    visit.until(lambda: visit.find("#kg-graph[data-ready='true']"), "the graph")
    visit.driver.execute_script("""
        var container = document.getElementById('kg-graph');
        window.kgGraphs = [kgGraph.render(container, JSON.parse(document.getElementById('kg-graph-data').textContent),
                                          document.getElementById('kg-graph-details'), {radialFrom: 0})];""")
    assert _overlapping_labels(visit.driver) == []
    placed = visit.driver.execute_script("""
        var cy = window.kgGraphs[0];
        return cy.nodes().map(n => [n.data('short'), n.data('side') || null,
                                    n.renderedCss('font-size') ? parseFloat(n.pstyle('font-size').pfValue) * cy.zoom()
                                                               : 0]);""")
    sides = {label: side for label, side, _ in placed}
    assert sides["Ashton Kutcher"] is None and sides["Congress"] in ("left", "right") and sides["marriage"]
    assert min(size for label, _, size in placed if label in ("Thorn", "Demi Moore", "Congress", "48 Hours")) >= 6
    _click_node(visit.driver, FOUNDING)
    mark = visit.until(lambda: visit.find("#kg-graph-details blockquote mark"), "the sentence of the founding")
    assert mark[0].text == FOUNDING_SENTENCE
    # On rings the clicked fact keeps its short label: its full one would cover the names beside it.
    assert _overlapping_labels(visit.driver) == []
    visit.shot("graph-radial")


_OVERLAPS = """
// Pairs of node labels that overlap, each label taken as the rectangle it is drawn in (rotated with the text
// when the graph is drawn radially), tested with separating axes.
var cy = window.kgGraphs[0];
var nodes = cy.nodes().filter(function (n) { return n.pstyle('label').strValue; });
function corners(n) {
  var box = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
  var angle = n.data('angle');
  if (angle === undefined) return [[box.x1, box.y1], [box.x2, box.y1], [box.x2, box.y2], [box.x1, box.y2]];
  var r = n._private.rstyle, w = r.labelWidth, h = r.labelHeight, p = n.position();
  var s = n.data('side') === 'right' ? 1 : -1, gap = n.width() / 2 + 3;
  var ux = Math.cos(angle), uy = Math.sin(angle), vx = -uy, vy = ux;
  var ax = p.x + s * ux * gap, ay = p.y + s * uy * gap, bx = ax + s * ux * w, by = ay + s * uy * w;
  return [[ax + vx * h / 2, ay + vy * h / 2], [bx + vx * h / 2, by + vy * h / 2],
          [bx - vx * h / 2, by - vy * h / 2], [ax - vx * h / 2, ay - vy * h / 2]];
}
function separated(a, b) {
  var polygons = [a, b];
  for (var k = 0; k < 2; k++) for (var i = 0; i < 4; i++) {
    var p = polygons[k][i], q = polygons[k][(i + 1) % 4], nx = q[1] - p[1], ny = p[0] - q[0];
    var amin = Infinity, amax = -Infinity, bmin = Infinity, bmax = -Infinity;
    a.forEach(function (c) { var d = c[0] * nx + c[1] * ny; amin = Math.min(amin, d); amax = Math.max(amax, d); });
    b.forEach(function (c) { var d = c[0] * nx + c[1] * ny; bmin = Math.min(bmin, d); bmax = Math.max(bmax, d); });
    if (amax <= bmin || bmax <= amin) return true;
  }
  return false;
}
var rects = nodes.map(corners), pairs = [];
for (var i = 0; i < rects.length; i++) for (var j = i + 1; j < rects.length; j++) {
  if (!separated(rects[i], rects[j])) pairs.push([nodes[i].data('short'), nodes[j].data('short')]);
}
return pairs;
"""


def _overlapping_labels(driver) -> list:
    return driver.execute_script(_OVERLAPS)


def test_clicking_a_highlight_shows_its_fact_and_entities(visit):
    visit.open("/id/document/thorn-kutcher")
    founding_mark = next(mark for mark in visit.find("#doc-text mark.span")
                         if mark.get_attribute("textContent") == " co-founded ")
    founding_mark.click()
    panel = visit.until(lambda: visit.find("#kg-span-details .span-fact"), "the fact panel")
    titles = [title.text for title in visit.find("#kg-span-details .span-fact h3")]
    assert titles == ["founding of Thorn (2012) 2012"]
    links = {a.text: a.get_attribute("href") for a in panel[0].find_elements("css selector", "dd a")}
    assert links == {"Ashton Kutcher": visit.base_url + "/id/person/ashton-kutcher",
                     "Demi Moore": visit.base_url + "/id/person/demi-moore",
                     "Thorn": visit.base_url + "/id/organization/thorn"}
    selected = "".join(mark.get_attribute("textContent") for mark in visit.find("#doc-text mark.selected"))
    assert selected == FOUNDING_SENTENCE
    visit.shot("document-page")


def test_search_box_and_figures_page(visit):
    visit.open("/documents")
    box = visit.find("header form.search input[name=q]")[0]
    box.send_keys("kutch")
    box.submit()
    visit.until(lambda: visit.find("ul.hits li a"), "search results")
    assert [a.text for a in visit.find("ul.hits li a")] == ["Ashton Kutcher"]
    visit.open("/figures")
    conflicts = [row.text for row in visit.find("tr.conflict")]
    assert len(conflicts) == 4 and any("nearly 6,000" in row for row in conflicts), conflicts
    visit.shot("figures-page")


def _click_node(driver, iri: str) -> None:
    """Click a node of the first cytoscape graph on the page where it is drawn, as a mouse would."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    position = driver.execute_script("return window.kgGraphs[0].$id(arguments[0]).renderedPosition();", iri)
    canvas = driver.find_element(By.ID, "kg-graph")
    box = canvas.rect
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(position["x"] - box["width"] / 2), int(position["y"] - box["height"] / 2)).click().perform()


def test_notebook_graph_works_offline_and_shows_the_sentence(browser, thorn_store, tmp_path, screenshots):
    """The graph a notebook cell shows (kg.notebook.neighbourhood), opened from a file: no server, no network."""
    from selenium.webdriver.common.by import By

    from kg.notebook import neighbourhood

    cell = tmp_path / "cell.html"
    cell.write_text("<!doctype html><html><head><meta charset='utf-8'></head><body>"
                    + neighbourhood(thorn_store, "Ashton Kutcher")._repr_html_() + "</body></html>", encoding="utf-8")
    browser.get("about:blank")
    visit = Visit(browser, cell.as_uri(), screenshots)
    browser.get(cell.as_uri())
    browser.switch_to.frame(browser.find_element(By.TAG_NAME, "iframe"))
    try:
        visit.until(lambda: browser.find_elements(By.CSS_SELECTOR, "#kg-graph[data-ready='true']"), "the graph")
        _click_node(browser, FOUNDING)
        mark = visit.until(lambda: browser.find_elements(By.CSS_SELECTOR, "#kg-graph-details blockquote mark"),
                           "the sentence")
        assert mark[0].text == FOUNDING_SENTENCE
    finally:
        browser.switch_to.default_content()
    visit.shot("notebook-graph")
    visit._drain()
    assert [url for url in visit.requests if url.startswith(("http:", "https:", "ws:", "wss:"))] == []
    assert [entry for entry in visit.console if entry["level"] == "SEVERE"] == []
