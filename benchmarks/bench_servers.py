"""Stores compared: the same synthetic corpus loaded into the embedded store, an Oxigraph server and Virtuoso.

Each server is started for real in a temporary folder (as the tests start them). Prints, per store, the time of
a first build (one write per article), of a second build (every article unchanged) and each named query's
median latency, and checks that the three stores end with the same canonical hash. A script, not a test:

    python benchmarks/bench_servers.py                     # 500 synthetic articles, about 250,000 triples
    python benchmarks/bench_servers.py --documents 100 --repeat 3       # a quick look
"""

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_store import query_params, rewritten
from synthetic import write_corpus

from kg.ingest import build_documents
from kg.remote import RemoteStore
from kg.sparql import named_queries
from kg.store import canonical_hash, open_store


@contextlib.contextmanager
def opened(kind: str, workdir: Path):
    """An empty store of ``kind``, its server running for as long as it is open."""
    if kind == "embedded":
        with open_store(workdir / "embedded") as store:
            yield store
    elif kind == "oxigraph-server":
        from tests.oxigraph_server import oxigraph_server

        with oxigraph_server(workdir / "oxigraph") as url, open_store(url) as store:
            yield store
    else:
        from tests.virtuoso_server import virtuoso_server

        with virtuoso_server(workdir / "virtuoso") as (url, user, password), \
                RemoteStore(url, user=user, password=password, timeout=600) as store:
            yield store


def measure(kind: str, corpus: Path, workdir: Path, repeat: int) -> dict:
    with opened(kind, workdir) as store:
        started = time.perf_counter()
        first = build_documents([corpus], store)
        load = time.perf_counter() - started
        assert not first.failed, first.failed[:3]
        started = time.perf_counter()
        second = build_documents([corpus], store)
        again = time.perf_counter() - started
        assert second.built == [], "a second build must add nothing"
        queries = {}
        params = query_params()
        for name, query in named_queries().items():
            label, text = rewritten(name, query.text)
            times, rows = [], 0
            for _ in range(repeat):
                started = time.perf_counter()
                rows = len(list(store.query(text, params=params.get(name, {}))))
                times.append(time.perf_counter() - started)
            queries[label] = (statistics.median(times), rows)
        return {"load": load, "again": again, "documents": len(first.built), "queries": queries,
                "hash": canonical_hash(store), "triples": store.count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5, help="runs per query for the median")
    parser.add_argument("--stores", default="embedded,oxigraph-server,virtuoso")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-servers-"))
    try:
        corpus = workdir / "corpus"
        write_corpus(corpus, args.documents)
        results = {}
        for kind in args.stores.split(","):
            print(f"measuring {kind} ...", flush=True)
            results[kind] = measure(kind, corpus, workdir, args.repeat)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    kinds = list(results)
    first = results[kinds[0]]
    print(f"\n{args.documents} synthetic articles, {first['triples']:,} triples; one write per article "
          f"(seconds; queries: median of {args.repeat})")
    print(f"  {'':28}" + "".join(f"{kind:>18}" for kind in kinds))
    print(f"  {'first build':28}" + "".join(f"{results[k]['load']:18.2f}" for k in kinds))
    print(f"  {'  articles per second':28}" + "".join(f"{results[k]['documents'] / results[k]['load']:18.1f}"
                                                     for k in kinds))
    print(f"  {'second build (unchanged)':28}" + "".join(f"{results[k]['again']:18.2f}" for k in kinds))
    for name in first["queries"]:
        cells = []
        for kind in kinds:
            seconds, rows = results[kind]["queries"][name]
            mark = "" if rows == first["queries"][name][1] else f" ({rows} rows)"
            cells.append(f"{seconds:.3f}{mark}".rjust(18))
        print(f"  {'query ' + name:28}" + "".join(cells))
    same = len({results[k]["hash"] for k in kinds}) == 1
    print(f"  canonical hash: {'the same in every store' if same else 'DIFFERS'}")


if __name__ == "__main__":
    main()
