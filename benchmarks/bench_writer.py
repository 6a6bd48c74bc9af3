"""The building process's share of a parallel build, per article: real results written without extracting.

In a ``--jobs 2`` build on two cores the building process (reading, keys, Oxigraph's bulk loader, RocksDB's
compactions) takes its processor time from the two workers, so it bounds the ratio to ``--jobs 1``
(docs/scale.md). This measures that share alone: it extracts ``--sample`` of bench_scale.py's 600-word
articles once, then writes ``--documents`` documents made of their N-Quads (copies under new names, so the
store grows as a build's does) through the bulk writer as ``kg build --bulk`` does (graph known to be new, a
build key per document), then compacts as a large build does. For each ``--batch-quads`` size, in a child
process of its own, it prints per article: processor time while writing and while compacting, the part of it
in Python's and Oxigraph's loader threads, in RocksDB's compaction threads and in its flush thread, and the
peak memory of the process (which holds every document's N-Quads besides the writer's batches). A script:

    python benchmarks/bench_writer.py                                   # 1,000 documents, 200,000-quad batches
    python benchmarks/bench_writer.py --batch-quads 200000,500000,1000000

Processor times move little with other work on the machine; wall times do.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import ROOT, write_articles

_CHILD = r"""
import json, os, pickle, shutil, sys, tempfile, threading, time
from rdflib import Literal, URIRef
from kg.namespaces import KG
from kg.store import document_nquads, open_store

def main():
    sample, documents, batch_quads = pickle.load(open(sys.argv[1], "rb")), int(sys.argv[2]), int(sys.argv[3])
    copies = []
    for copy in range(-(-documents // len(sample))):
        for graph, nquads in sample:
            slug = graph.rsplit("/", 1)[-1]
            renamed = f"{slug}-{copy}"
            copies.append((graph.replace(slug, renamed), nquads.replace(slug.encode(), renamed.encode())))
    copies = copies[:documents]
    ticks = os.sysconf("SC_CLK_TCK")
    threads = {}  # thread id -> (name, processor seconds), sampled: a thread's figure survives its end

    def sample_threads():
        for tid in os.listdir("/proc/self/task"):
            try:
                with open(f"/proc/self/task/{tid}/comm") as comm, open(f"/proc/self/task/{tid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                    threads[tid] = (comm.read().strip(), (int(fields[11]) + int(fields[12])) / ticks)
            except OSError:
                pass

    done = threading.Event()
    def sampler():
        while not done.wait(0.02):
            sample_threads()
    threading.Thread(target=sampler, daemon=True).start()
    folder = tempfile.mkdtemp(prefix="kg-bench-writer-")
    try:
        store = open_store(os.path.join(folder, "store"))
        sample_threads()
        before = {tid: seconds for tid, (_, seconds) in threads.items()}  # imports, opening: not the writer's
        started, cpu = time.perf_counter(), time.process_time()
        with store.bulk_writer(max_quads=batch_quads) as writer:
            for graph, nquads in copies:
                key = document_nquads((), graph, [(URIRef(graph + "#document"), KG.buildKey, Literal("key"))])
                writer.add(graph, nquads, key)
        written, written_cpu = time.perf_counter(), time.process_time()
        store.compact()
        compacted, compacted_cpu = time.perf_counter(), time.process_time()
        sample_threads()
        done.set()
        quads = store.quads_written
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    kinds = {}
    for tid, (name, seconds) in threads.items():
        kinds[name] = kinds.get(name, 0.0) + seconds - before.get(tid, 0.0)
    peak = next(int(line.split()[1]) / 1024 for line in open("/proc/self/status") if line.startswith("VmHWM"))
    print(json.dumps({"documents": len(copies), "quads": quads, "write_seconds": written - started,
                      "write_cpu": written_cpu - cpu, "compact_seconds": compacted - written,
                      "compact_cpu": compacted_cpu - written_cpu, "threads": kinds, "peak_mb": peak}))

if __name__ == "__main__":
    main()
"""

_EXTRACT = r"""
import pickle, sys
from pathlib import Path
from kg.documents import read_document
from kg.namespaces import Minter, data_base_iri
from kg.parallel import ExtractionJob, extract_job

base = data_base_iri()
sample = []
for path in sorted(Path(sys.argv[1]).glob("*.txt"))[: int(sys.argv[2])]:
    document = read_document(path)
    graph = str(Minter(document.slug, base=base).graph())
    result = extract_job(ExtractionJob(0, document, graph, base, f"extraction from {path}"))
    if result.error:
        raise SystemExit(result.error)
    sample.append((graph, result.nquads))
pickle.dump(sample, open(sys.argv[3], "wb"))
"""


def run(code: str, *args: str) -> str:
    script = Path(tempfile.mkdtemp(prefix="kg-bench-writer-")) / "child.py"
    script.write_text(code, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, env=env,
                              check=False)
    finally:
        shutil.rmtree(script.parent, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000, help="documents written (default 1000)")
    parser.add_argument("--sample", type=int, default=100, help="articles extracted, then copied (default 100)")
    parser.add_argument("--batch-quads", default="200000", help="bulk batch sizes in quads, comma-separated "
                        "(kg build's is 200000)")
    parser.add_argument("--workdir", help="keep the articles and the extracted sample here")
    args = parser.parse_args()
    sizes = [int(size) for size in args.batch_quads.split(",") if size]
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="kg-bench-writer-"))
    try:
        articles, sample = workdir / f"articles-{args.sample}", workdir / f"sample-{args.sample}.pickle"
        if not articles.exists():
            write_articles(articles, args.sample)
        if not sample.exists():
            print(f"extracting {args.sample} articles ...", flush=True)
            run(_EXTRACT, str(articles), str(args.sample), str(sample))
        print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} before the runs", flush=True)
        print(f"{args.documents:,} documents of bench_scale's articles through the bulk writer, then compacted; "
              "processor time per article (ms)")
        print(f"  {'batch quads':>11} {'writing':>8} {'compacting':>10} {'Python+loader':>13} {'compaction':>10} "
              f"{'flush':>6} {'wall s':>7} {'peak MB':>8} {'load avg':>9}")
        for size in sizes:
            load = os.getloadavg()[0]
            figures = json.loads(run(_CHILD, str(sample), str(args.documents), str(size)).strip().splitlines()[-1])
            per = 1000 / figures["documents"]
            threads = figures["threads"]
            print(f"  {size:>11,} {figures['write_cpu'] * per:8.1f} {figures['compact_cpu'] * per:10.1f} "
                  f"{threads.get('python', 0.0) * per:13.1f} {threads.get('rocksdb:low', 0.0) * per:10.1f} "
                  f"{threads.get('rocksdb:high', 0.0) * per:6.1f} "
                  f"{figures['write_seconds'] + figures['compact_seconds']:7.1f} {figures['peak_mb']:8.0f} "
                  f"{load:4.1f}-{os.getloadavg()[0]:.1f}", flush=True)
        print("  (thread columns cover writing and compacting; RocksDB's compaction threads also run the final "
              "compaction)")
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
