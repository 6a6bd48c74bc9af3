"""Scale benchmark: real-length articles extracted in one process, in two, and on a two-worker Dask cluster.

Articles of about 600 words are put together from the sentences of the development corpora (tests/devset/docs
and tests/news/dev/docs), so extraction does real work on every one. Each mode builds the same articles into
a fresh embedded store (through the bulk loader, as a first load would), in a child process of its own (so its
peak memory is its own), and must end with the same canonical hash. Prints articles and words per second, the ratios against ``--jobs 1``, peak memory of
the building process and of each worker, where the time goes (parse, rules, build, write), and projections
for 1,000,000 articles on 1, 8 and 64 cores from the measured rates. A script, not a test:

    python benchmarks/bench_scale.py                       # 1,000 articles: --jobs 1, --jobs 2, Dask 2 workers
    python benchmarks/bench_scale.py --documents 10000
    python benchmarks/bench_scale.py --documents 40        # a quick look that it works

Exits 1 when an article failed or the modes' canonical hashes differ.

Measure on a quiet machine: the ratios compare wall times, which other work on the machine distorts.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "tests" / "devset" / "docs", ROOT / "tests" / "news" / "dev" / "docs"]
WORDS_PER_ARTICLE = 600
MODES = {"jobs1": "--jobs 1", "jobs2": "--jobs 2", "dask2": "Dask LocalCluster, 2 worker processes"}
PROJECTED_ARTICLES = 1_000_000
PROJECTED_CORES = (1, 8, 64)
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z])")


_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Jr|Sr|Inc|Co|No|Lt|Gen|Col|Sgt|Det|Supt|Rev|Hon"
                          r"|Prof|vs|U\.S|D\.C)|\b[A-Z])\.$")


def sentences() -> list[str]:
    """Every sentence of the development corpora's paragraphs, in a fixed order."""
    found = []
    for folder in CORPORA:
        for path in sorted(folder.glob("*.txt")):
            for paragraph in path.read_text(encoding="utf-8").split("\n"):
                pieces = []
                for piece in _SENTENCE_END.split(paragraph.strip()):
                    if pieces and _ABBREVIATION.search(pieces[-1]):  # "Mrs. Heggins", "Robert K. Tripp"
                        pieces[-1] += " " + piece
                    else:
                        pieces.append(piece)
                # Headings and datelines are no sentences: a sentence has some words and ends like one.
                found.extend(p for p in pieces if len(p.split()) >= 6 and p.rstrip("\"”’)")[-1:] in ".!?")
    return found


def write_articles(folder: Path, count: int) -> int:
    """``count`` articles of about 600 words, paragraphs of three to five sentences; returns the words written."""
    pool = sentences()
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for index in range(count):
        pick = random.Random(index)
        paragraphs, words = [], 0
        while words < WORDS_PER_ARTICLE:
            paragraph = " ".join(pick.choice(pool) for _ in range(pick.randint(3, 5)))
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        title = " ".join(pick.choice(pool).split()[:8]).rstrip(",;:")
        (folder / f"article-{index:07d}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n",
                                                         encoding="utf-8")
        total += words
    return total


_PEAK = """
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

CLUSTER_SETTINGS = {"distributed.worker.profile.enabled": False, "distributed.admin.system-monitor.interval": "5s",
                    "distributed.admin.tick.interval": "1s"}
"""Dask settings for the benchmark's cluster, as docs/scale.md advises for extraction clusters."""

_MODE_CHILD = _PEAK + f"CLUSTER_SETTINGS = {CLUSTER_SETTINGS!r}\n" + r"""
import json, os, sys, time
from kg.ingest import build_documents
from kg.store import canonical_hash, open_store

def main():
    corpus, location, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    # Written through the bulk loader, as a first load of many articles would be.
    options = {"jobs1": {"jobs": 1}, "jobs2": {"jobs": 2}}.get(mode, {})
    cluster = client = None
    if mode == "dask2":
        import dask
        from distributed import Client, LocalCluster
        if sys.argv[4:] != ["dask-defaults"]:
            # What docs/scale.md advises for an extraction cluster: Dask's sampling profiler, system monitor
            # and event-loop tick cost each idle process 3-8% of a core, at no use to a build.
            dask.config.set(CLUSTER_SETTINGS)
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=50)
        client = Client(cluster)
        # A cluster serves many builds: its workers load the model before the clock starts.
        from kg.extract.pipeline import load_pipeline
        client.run(lambda: bool(load_pipeline()))
        options = {"scheduler": client}
    def helpers_cpu():
        # Processor time of the cluster's scheduler and nannies, counted once per process: a LocalCluster
        # runs them inside this (the building) process, whose own figure then holds them.
        if client is None:
            return 0.0
        clock = lambda: (os.getpid(), time.process_time())
        found = dict([client.run_on_scheduler(clock), *client.run(clock, nanny=True).values()])
        return sum(cpu for pid, cpu in found.items() if pid != os.getpid())
    helpers_before = helpers_cpu()
    load_before = os.getloadavg()[0]
    with open_store(location) as store:
        started, cpu, main_cpu = time.perf_counter(), time.process_time(), time.thread_time()
        report = build_documents([corpus], store, bulk=True, **options)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        main_cpu = time.thread_time() - main_cpu  # this thread alone: --jobs 1 extracts here, the loader beside it
        load_after = os.getloadavg()[0]
        helpers = helpers_cpu() - helpers_before
        digest = canonical_hash(store)
    if client is not None:
        client.close()
        cluster.close()
    print(json.dumps({"seconds": seconds, "built": len(report.built), "failed": report.failed[:3],
                      "failed_count": len(report.failed), "words": report.words, "stages": report.seconds,
                      "workers": report.workers, "model_loads": report.model_loads, "engine": report.engine,
                      "hash": digest, "peak_mb": peak_mb(), "builder_cpu": cpu, "main_cpu": main_cpu, "load": [load_before, load_after],
                      "worker_cpu": report.worker_cpu, "helpers_cpu": helpers}))

if __name__ == "__main__":
    main()
"""

_STAGES_CHILD = _PEAK + r"""
import json, shutil, sys, tempfile, time
from pathlib import Path
from kg.build import build_triples
from kg.documents import read_document
from kg.extract import extract
from kg.extract.pipeline import load_pipeline, parse
from kg.namespaces import Minter, data_base_iri
from kg.store import document_nquads, open_store

def main():
    paths = sorted(Path(sys.argv[1]).glob("*.txt"))[: int(sys.argv[2])]
    documents = [read_document(path) for path in paths]
    load_pipeline()
    extract(documents[0])  # warm
    # Processor time of this process (threads included), stage by stage, each article in turn: other work on
    # the machine slows every stage alike, so the shares hold where wall times would not.
    seconds = dict.fromkeys(("parse", "rules", "build"), 0.0)
    built = []
    base = data_base_iri()
    for document in documents:
        started = time.process_time()
        for _ in parse(document.text):
            pass
        parsed = time.process_time()
        facts = extract(document)
        extracted = time.process_time()
        minter = Minter(document.slug, base=base)
        graph = str(minter.graph())
        built.append((graph, document_nquads(build_triples(document, facts, base=base, origin="bench"), graph)))
        # extract() parses the text again, then applies the rules: what it takes beyond a parse is the rules'.
        seconds["parse"] += parsed - started
        seconds["rules"] += max(0.0, (extracted - parsed) - (parsed - started))
        seconds["build"] += time.process_time() - extracted
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-stages-"))
    try:
        with open_store(folder / "store") as store:
            started = time.process_time()
            with store.bulk_writer() as writer:  # the bulk loader's own threads are counted too
                for graph, nquads in built:
                    writer.add(graph, nquads, b"")
            seconds["write"] = time.process_time() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({"documents": len(documents), **seconds}))

if __name__ == "__main__":
    main()
"""


_CEILING_CHILD = r"""
import json, sys, time
from pathlib import Path
from kg.documents import read_document
from kg.extract.pipeline import load_pipeline, parse

def main():
    paths = sorted(Path(sys.argv[1]).glob("*.txt"))[: int(sys.argv[2])]
    texts = [read_document(path).text for path in paths]
    load_pipeline()
    for _ in parse(texts[0]):  # warm
        pass
    print("ready", flush=True)
    sys.stdin.readline()  # the go: every process of a run starts parsing at once
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        for _ in parse(text):
            pass
    print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}), flush=True)

if __name__ == "__main__":
    main()
"""


def parse_ceiling(corpus: Path, articles: int, *, timeout: float) -> dict:
    """What two cores can give at most: spaCy alone in a process parsing ``articles`` articles, then two such
    processes parsing them at the same moment. Nothing of kg's but the parse, no writer, no shipping: the
    ratio 2 x one's wall time / the pair's is the ceiling for ``--jobs 2`` against ``--jobs 1``, and the
    processor time per article alone and in the pair tells the cores' sharing (caches, memory, the host)
    from other work on the machine (which slows wall time, not processor time)."""
    script = Path(tempfile.mkdtemp(prefix="kg-bench-scale-")) / "ceiling.py"
    script.write_text(_CEILING_CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}

    def run(processes: int) -> list[dict]:
        children = [subprocess.Popen([sys.executable, str(script), str(corpus), str(articles)], env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(processes)]
        try:
            for child in children:
                if child.stdout.readline().strip() != "ready":
                    raise SystemExit("ceiling child failed to load the model")
            for child in children:
                child.stdin.write("go\n")
                child.stdin.flush()
            return [json.loads(child.stdout.readline()) for child in children]
        finally:
            for child in children:
                child.kill()
                child.wait(timeout)

    try:
        load = os.getloadavg()[0]
        alone = run(1)[0]
        pair = run(2)
        load_after = os.getloadavg()[0]
    finally:
        shutil.rmtree(script.parent, ignore_errors=True)
    return {"articles": articles, "alone": alone, "pair": pair, "load": [load, load_after],
            "ratio": 2 * alone["seconds"] / max(one["seconds"] for one in pair)}


def run_child(code: str, *args: str, timeout: float) -> dict:
    script = Path(tempfile.mkdtemp(prefix="kg-bench-scale-")) / "child.py"
    script.write_text(code, encoding="utf-8")  # a file, so worker processes can import the main module
    try:
        # The kg of this checkout, whichever one the environment has installed (workers inherit the path).
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        done = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=timeout,
                              check=False, env=env)
    finally:
        shutil.rmtree(script.parent, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def projection(one: dict, two: dict | None) -> list[tuple[int, float, float, str]]:
    """Hours for ``PROJECTED_ARTICLES`` on 1, 8 and 64 cores: extraction spreads over the cores at the
    efficiency measured from one to two processes, and the one building process bounds the rate (Amdahl)."""
    per_core = one["built"] / one["seconds"]  # articles per second on one core, everything included
    efficiency = min(1.0, (two["built"] / two["seconds"]) / (2 * per_core)) if two else 1.0
    # What the building process does per article when workers extract (read, hash, keys, merges, writes, the
    # bulk loader's thread): its processor time in the --jobs 2 run; without one, what --jobs 1 spent
    # besides extracting and building.
    if two:
        serial = two["builder_cpu"] / two["built"]
    else:
        serial = max(0.0, one["seconds"] - one["stages"]["extract"] - one["stages"]["build"]) / one["built"]
    writer_limit = 1 / serial if serial else float("inf")
    rows = []
    for cores in PROJECTED_CORES:
        rate = per_core if cores == 1 else cores * per_core * efficiency
        bound = "extraction"
        if rate > writer_limit:
            rate, bound = writer_limit, "the writer"
        rows.append((cores, rate, PROJECTED_ARTICLES / rate / 3600, bound))
    return rows


def print_processor_time(results: dict, ceiling: dict | None) -> None:
    """Processor time per article of each process kind, and what it bounds the ratio to on two idle cores.

    Other work on a shared machine stretches wall times but hardly the processor time a process needs per
    article, so these figures compare runs made at different loads."""
    print("\nprocessor time per article (ms; other work on the machine disturbs these much less than wall times)")
    print(f"  {'mode':38} {'builder':>8} {'its main thread':>16} {'workers':>8} {'scheduler+nannies':>18}  (a LocalCluster's run in the builder)")
    for mode, figures in results.items():
        built = max(1, figures["built"])
        workers = sum(figures.get("worker_cpu", {}).values()) if figures["engine"] != "this process" else None
        helpers = figures.get("helpers_cpu") if mode == "dask2" else None
        print(f"  {MODES[mode]:38} {1000 * figures['builder_cpu'] / built:8.1f} "
              f"{1000 * figures.get('main_cpu', 0.0) / built:16.1f} "
              f"{'-' if workers is None else f'{1000 * workers / built:.1f}':>8} "
              f"{'-' if helpers is None else f'{1000 * helpers / built:.1f}':>18}")
    one = results.get("jobs1")
    if one:
        # --jobs 1's critical path is its main thread (extraction; the bulk loader runs beside it). Two cores
        # give at most 2 x that, divided by everything a parallel build makes them do per article.
        critical = one["main_cpu"] / max(1, one["built"])
        for mode in ("jobs2", "dask2"):
            figures = results.get(mode)
            if figures:
                built = max(1, figures["built"])
                work = (figures["builder_cpu"] + sum(figures.get("worker_cpu", {}).values())
                        + (figures.get("helpers_cpu") or 0.0)) / built
                print(f"  {MODES[mode]}: at most {2 * critical / work:.2f}x --jobs 1 on two idle cores "
                      f"(2 x {1000 * critical:.0f} ms of --jobs 1's main thread / {1000 * work:.0f} ms of all its "
                      "processes), before start-up and the last batch; --jobs 1's main thread loads the model too (1-3 s), "
                      "so the bound means something from some hundred articles up")
    if ceiling:
        alone = ceiling["alone"]["cpu"] / ceiling["articles"]
        pair = sum(run["cpu"] for run in ceiling["pair"]) / (2 * ceiling["articles"])
        print(f"  the ceiling: bare spaCy parsing {ceiling['articles']} articles takes {1000 * alone:.0f} ms per "
              f"article alone and {1000 * pair:.0f} ms with a second process parsing at once "
              f"({100 * (pair / alone - 1):+.1f}%): two processes give at most {2 * alone / pair:.2f}x one "
              f"by processor time; by wall time {ceiling['ratio']:.2f}x (load average "
              + "{:.1f}-{:.1f})".format(*ceiling["load"]))
        if max(ceiling["load"]) > 1:
            print("    other work shared the cores during the ceiling runs: both figures say little; measure on a "
                  "quiet machine")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", "--docs", type=int, default=1000, help="articles to build (default 1000)")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--stage-sample", type=int, default=50, help="articles timed stage by stage")
    parser.add_argument("--ceiling-articles", type=int, default=20,
                        help="articles parsed by bare spaCy alone and by two processes at once (0: skip)")
    parser.add_argument("--dask-defaults", action="store_true",
                        help="run the Dask cluster with Dask's default settings, not those docs/scale.md advises")
    parser.add_argument("--workdir", help="keep the articles and stores here (default: a temporary folder)")
    args = parser.parse_args()
    modes = [mode for mode in args.modes.split(",") if mode]
    unknown = [mode for mode in modes if mode not in MODES]
    if unknown or not modes:
        parser.error(f"unknown modes {unknown}; choose from {', '.join(MODES)}")
    if args.documents < 1 or args.stage_sample < 1:
        parser.error("--documents and --stage-sample must be 1 or more")

    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="kg-bench-scale-"))
    try:
        return measure_and_print(args, modes, workdir)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


def measure_and_print(args, modes: list[str], workdir: Path) -> int:
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} before the runs", flush=True)
    corpus = workdir / f"articles-{args.documents}"
    if not corpus.exists():
        written = write_articles(corpus, args.documents)
        print(f"wrote {args.documents:,} articles ({written:,} words) to {corpus}", flush=True)
    timeout = 3600 * 24
    results = {}
    for mode in modes:
        location = workdir / f"store-{mode}"
        shutil.rmtree(location, ignore_errors=True)
        print(f"running {MODES[mode]} ...", flush=True)
        results[mode] = run_child(_MODE_CHILD, str(corpus), str(location), mode,
                                  *(["dask-defaults"] if args.dask_defaults else []), timeout=timeout)
        shutil.rmtree(location, ignore_errors=True)
    ceiling = None
    if args.ceiling_articles > 0:
        print("the ceiling: bare spaCy in one process, then in two at once ...", flush=True)
        ceiling = parse_ceiling(corpus, min(args.ceiling_articles, args.documents), timeout=timeout)
    print("timing the stages one article at a time ...", flush=True)
    stages = run_child(_STAGES_CHILD, str(corpus), str(min(args.stage_sample, args.documents)), timeout=timeout)

    ok = True
    print(f"\n{args.documents:,} articles of about {WORDS_PER_ARTICLE} words; machine: {os.cpu_count()} cores")
    print(f"  {'mode':38} {'seconds':>8} {'articles/s':>10} {'words/s':>8} {'ratio':>6} {'load avg':>10}"
          "  peak MB: builder; each worker")
    base = results.get("jobs1")
    for mode, figures in results.items():
        rate = figures["built"] / figures["seconds"]
        ratio = f"{rate / (base['built'] / base['seconds']):5.2f}x" if base else "   -  "
        workers = ", ".join(f"{peak:.0f}" for peak in figures["workers"].values()
                            if figures["engine"] != "this process")
        load = "{:.1f}-{:.1f}".format(*figures["load"])
        print(f"  {MODES[mode]:38} {figures['seconds']:8.1f} {rate:10.2f} {figures['words'] / figures['seconds']:8.0f} "
              f"{ratio:>6} {load:>10}  {figures['peak_mb']:.0f}; {workers or '-'}")
        loads = sorted(set(figures["model_loads"].values()))
        print(f"  {'':38} model loaded {' or '.join(map(str, loads))} time(s) by each of "
              f"{len(figures['model_loads'])} extracting process(es)")
        if figures["failed_count"] or figures["built"] != args.documents:
            ok = False
            print(f"    {figures['built']} built, {figures['failed_count']} failed, e.g. {figures['failed']}")
    if "dask2" in results:
        print(f"  {'':38} Dask settings: " + ("Dask's defaults" if args.dask_defaults else ", ".join(
            f"{key.removeprefix('distributed.')}={value}" for key, value in CLUSTER_SETTINGS.items())))
    hashes = {figures["hash"] for figures in results.values()}
    ok = ok and len(hashes) == 1
    print(f"  canonical hash: {'the same for every mode, ' + next(iter(hashes)) if len(hashes) == 1 else 'DIFFERS: ' + str(hashes)}")
    if base:
        targets = {"jobs2": 1.7, "dask2": 1.6}
        for mode, target in targets.items():
            if mode in results:
                ratio = (results[mode]["built"] / results[mode]["seconds"]) / (base["built"] / base["seconds"])
                print(f"  {MODES[mode]}: {ratio:.2f}x --jobs 1 (target {target:.2f}x on 2 idle cores: "
                      f"{'met' if ratio >= target else 'NOT met'})")

    print_processor_time(results, ceiling)

    sample = stages["documents"]
    cpu = {name: stages[name] for name in ("parse", "rules", "build", "write")}
    total = sum(cpu.values())
    print(f"\nwhere the time goes: processor time per article, {sample} articles one at a time in one process "
          "(shares hold on a busy machine; the bulk loader's threads are counted)")
    for name, label in (("parse", "parse (spaCy)"), ("rules", "rules (kg.extract beyond the parse)"),
                        ("build", "build (triples, N-Quads)"), ("write", "write (bulk loader)")):
        print(f"  {label:36} {1000 * cpu[name] / sample:8.1f} ms  {100 * cpu[name] / total:5.1f}%")
    if base:
        stage = base["stages"]
        print(f"  in the --jobs 1 build ({base['built']:,} articles, wall seconds): extraction {stage['extract']:.1f}, "
              f"building {stage['build']:.1f}, handing to the writer {stage['write']:.1f}; the rest of "
              f"{base['seconds']:.1f} s is reading, keys, the bulk loader's last batch and compaction")

        two = results.get("jobs2")
        print(f"\nprojected hours for {PROJECTED_ARTICLES:,} articles (per-core rate of --jobs 1"
              + (", efficiency of --jobs 2, the builder's processor time per article" if two else "") + ")")
        if two:
            print(f"  the building process spends {1000 * two['builder_cpu'] / two['built']:.1f} ms of processor "
                  "time per article while workers extract: the most one builder can take in")
        for cores, rate, hours, bound in projection(base, two):
            print(f"  {cores:3} cores  {rate:8.1f} articles/s  {hours:8.1f} h   bound by {bound}")
    print(f"\nload average {os.getloadavg()[0]:.2f} after the runs")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
