"""Pages benchmark: the entity, document, search and figures pages of kg serve on a million-triple store.

Builds the synthetic corpus of bench_store.py (2,000 articles, about a million triples; reused with --workdir),
then times what the server does for each page: the SPARQL queries of kg.web.data and the HTML of kg.web.render,
in this process (p50 and p95 of --repeat runs, wall time, and the median CPU time), then the same pages through
kg serve, where the server's own time is read from each response's Server-Timing header. Search is timed at
several lengths of text, from one letter to a full name, and the search index it answers from (built once per
store snapshot) on its own. Baselines, run in the same process on the same store: raw pyoxigraph listing the facts
that name the same person, with their labels (the least an entity page must ask), and one scan of every name with
a CONTAINS filter (what a SPARQL search costs). The targets: an entity page of a person with 30 facts under
300 ms, a search under 100 ms. Each line ends with the load average when it was measured: on a shared machine,
wall times are only comparable at equal load. A script, not a test:

    python benchmarks/bench_pages.py --workdir /tmp/kg-pages        # builds once, then reuses the store
    python benchmarks/bench_pages.py --documents 200 --repeat 5     # a quick look
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_corpus

from kg.ingest import build_documents
from kg.namespaces import PREFIXES, data_base_iri
from kg.sparql import bind_params
from kg.store import open_store
from kg.web import data
from kg.web.render import Site

ENTITY_TARGET = 0.300
SEARCH_TARGET = 0.100


SEARCHES = ("a", "ga", "gar", "garc", "garcia", "Elena Garcia", "arci", "zq")
"""Texts searched for: one letter (every name holds one), growing prefixes, a full name, text inside a word,
and text no name holds (the search then looks through every label)."""


def timed(function, repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``repeat`` calls after one warm-up."""
    function()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0.5, 0.95) of ``values``, interpolated."""
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def prefixes_text() -> str:
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def people_by_facts(store) -> list[tuple[str, str, int]]:
    prefixes = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    rows = store.query(prefixes + "SELECT ?person ?name (COUNT(DISTINCT ?fact) AS ?facts) WHERE { "
                       "?person a kg:Person ; kg:name ?name . ?fact ?role ?person . ?fact a kg:Fact } "
                       "GROUP BY ?person ?name")
    return sorted(((r["person"].value, r["name"].value, int(r["facts"].value)) for r in rows), key=lambda r: r[2])


def line(label: str, figures: tuple[list[float], list[float] | None], baseline=None, target: float | None = None,
         note: str = "") -> None:
    """One figure: p50 and p95 wall time, median CPU time (when measured here), the ratio of the p50 to the
    baseline's, whether the p95 meets the target, and the load average (1 minute) at the end of the measurement."""
    walls, cpus = figures
    p50, p95 = percentile(walls, 0.5), percentile(walls, 0.95)
    text = f"  {label:46} p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"
    text += f"  CPU {statistics.median(cpus) * 1000:7.1f} ms" if cpus else " " * 17
    if baseline:
        text += f"  {p50 / percentile(baseline[0], 0.5):5.2f}x baseline"
    if target:
        text += f"  (target {target * 1000:.0f} ms: {'met' if p95 < target else 'MISSED'} at p95)"
    text += f"  [load {os.getloadavg()[0]:.1f}]"
    print(text + (f"  {note}" if note else ""))


def http_side(location: Path, person: str, facts: int, repeat: int) -> None:
    """The same pages through kg serve (uvicorn, worker processes, limits): the server's time for each, from
    its Server-Timing header, and what the client waited."""
    import threading

    import httpx

    from kg.serve import make_server
    from kg.web.iris import IriMapping

    path = IriMapping.for_base().path_of(person)
    html = {"Accept": "text/html"}

    def serving():
        server = make_server(location, port=0, workers=2, timeout=60)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        return server, thread

    def server_time(response) -> float:
        assert response.status_code == 200, (response.url, response.status_code, response.text[:300])
        return float(response.headers["server-timing"].partition(";dur=")[2]) / 1000

    print("\nthrough kg serve (HTTP on 127.0.0.1, 2 workers; server: the Server-Timing header of each "
          "response; client: the whole request as the client waits for it)")
    # The search index is built once per store snapshot: by the first search when nothing else was asked
    # before it, else in the background by the first page of any kind.
    for first in (None, "/documents"):
        server, thread = serving()
        try:
            with httpx.Client(base_url=server.base_url, timeout=120) as client:
                if first:
                    server_time(client.get(first, headers=html))
                    time.sleep(1.0)  # a reader's pause before typing a name
                duration = server_time(client.get("/search", params={"q": "a"}, headers=html))
                line("GET /search?q=a, the server's first request" if first is None
                     else f"GET /search?q=a, after a first GET {first}", ([duration], None))
        finally:
            server.close()
            thread.join(10)

    server, thread = serving()
    try:
        with httpx.Client(base_url=server.base_url, timeout=120) as client:
            def measure(label, url, *, target=None, times=repeat, **options):
                server_times, client_times = [], []
                server_time(client.get(url, **options))  # warm-up: the workers open the snapshot
                for _ in range(times):
                    started = time.perf_counter()
                    response = client.get(url, **options)
                    client_times.append(time.perf_counter() - started)
                    server_times.append(server_time(response))
                line(label + " (server)", (server_times, None), target=target)
                line(label + " (client)", (client_times, None))

            measure(f"GET {path} ({facts} facts)", path, headers=html, target=ENTITY_TARGET)
            measure(f"GET {path} as Turtle", path, headers={"Accept": "text/turtle"})
            for text in SEARCHES:
                measure(f"GET /search?q={text}", "/search", params={"q": text}, headers=html, target=SEARCH_TARGET,
                        times=repeat * 3)
            measure("GET /id/document/synthetic-000001", "/id/document/synthetic-000001", headers=html)
    finally:
        server.close()
        thread.join(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20, help="runs per page (searches: three times as many)")
    parser.add_argument("--workdir", help="keep the corpus and store here and reuse them (default: a temp folder)")
    parser.add_argument("--skip-full-figures", action="store_true", help="skip figures-compared over everything")
    parser.add_argument("--skip-http", action="store_true", help="skip the timings through kg serve")
    args = parser.parse_args()

    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="kg-bench-pages-"))
    workdir.mkdir(parents=True, exist_ok=True)
    location = workdir / f"store-{args.documents}"
    if not location.exists():
        write_corpus(workdir / f"corpus-{args.documents}", args.documents)
        started = time.perf_counter()
        with open_store(location) as store:
            build_documents([workdir / f"corpus-{args.documents}"], store, bulk=True)
        print(f"built {args.documents} synthetic articles in {time.perf_counter() - started:.0f} s")
    store = open_store(location, read_only=True)
    run = data.store_runner(store)
    raw = store.oxigraph
    site = Site()
    base = data_base_iri()
    print(f"store: {store.count():,} triples in {args.documents} documents ({location})")

    people = people_by_facts(store)
    person, name, facts = min(people, key=lambda p: (abs(p[2] - 30), p[1]))
    busiest = people[-1]
    facts_of = bind_params(prefixes_text() + "SELECT ?fact ?role ?label WHERE { ?fact ?role ?person . "
                           "?fact a kg:Fact ; rdfs:label ?label }", {"person": ox.NamedNode(person)})
    baseline = timed(lambda: list(raw.query(facts_of)), args.repeat)
    print(f"\nentity pages, in this process ({args.repeat} runs; baseline: raw pyoxigraph listing the person's facts)")
    line("raw query of the facts naming the person (baseline)", baseline)
    entity = data.entity_page(run, person)
    assert entity.fact_count == facts, (entity.fact_count, facts)
    line(f"queries of {name} ({facts} facts)", timed(lambda: data.entity_page(run, person), args.repeat), baseline)
    line(f"page of {name}: queries + HTML ({len(site.entity(entity)) // 1024} KB)",
         timed(lambda: site.entity(data.entity_page(run, person)), args.repeat), baseline, ENTITY_TARGET)
    line(f"page of {busiest[1]} ({busiest[2]} facts, the most)",
         timed(lambda: site.entity(data.entity_page(run, busiest[0])), args.repeat))
    body = base + "organization/senate-judiciary-committee"
    body_facts = data.entity_page(run, body).fact_count
    line(f"page of a committee ({body_facts} facts, {data.MAX_FACTS} shown)",
         timed(lambda: site.entity(data.entity_page(run, body)), max(3, args.repeat // 4)))

    print("\nsearch, in this process (names and aliases from the store's search index; baseline: one SPARQL scan "
          "of every kg:name with CONTAINS)")
    scan = prefixes_text() + 'SELECT ?e ?n WHERE { ?e kg:name ?n FILTER(CONTAINS(LCASE(?n), "garcia")) }'
    search_baseline = timed(lambda: list(raw.query(scan)), args.repeat)
    line("raw scan of all names (baseline)", search_baseline)
    index = data.LabelIndex.of(run)
    line(f"search index of {index.entity_count:,} entities ({len(index):,} labels)",
         timed(lambda: data.LabelIndex.of(run), max(3, args.repeat // 4)), search_baseline)
    for text in SEARCHES:
        hits = len(index.search(text))
        line(f"search {text!r} ({hits} hits)", timed(lambda t=text: index.search(t), args.repeat * 3),
             search_baseline, SEARCH_TARGET)

    print("\ndocument and figures pages")
    document = base + "document/synthetic-000001"
    line("document page: queries + HTML", timed(lambda: site.document(data.document_page(run, document)),
                                                args.repeat))
    organization = next(f.links for f in entity.facts if f.kind == "FoundingEvent")
    org = next((link.iri for link in organization if link.role == "organizationFounded"), None)
    if org:
        figures = data.figures_compared(run, about=org)
        line(f"figures of one organization ({len(figures)} rows)",
             timed(lambda: site.figures(data.figures_compared(run, about=org), text=""), args.repeat))
    if not args.skip_full_figures:
        started, cpu = time.perf_counter(), time.process_time()
        rows = data.figures_compared(run)
        line(f"figures-compared over the whole store ({len(rows):,} rows, once)",
             ([time.perf_counter() - started], [time.process_time() - cpu]))
    store.close()
    if not args.skip_http:
        http_side(location, person, facts, args.repeat)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nmachine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; pyoxigraph {ox.__version__}. "
          "Wall time above CPU time means the process waited for a core: on a shared machine, re-run when quiet.")


if __name__ == "__main__":
    main()
