"""Crash and resume: builds killed with SIGKILL at random moments always resume to the same graph.

First builds a synthetic corpus twice in one store (the second build must add nothing), then, for each run,
starts ``build_documents`` in a child process, kills it with ``kill -9`` after a random delay, resumes the
build in a fresh process and compares the canonical hash and triple count with an uninterrupted build. Prints
how many documents each crash lost (started but not committed). A script, not a test:

    python benchmarks/kill_resume.py                 # 2,000 articles twice; 20 kills per ingest mode on 300
    python benchmarks/kill_resume.py --runs 5 --kill-documents 100
"""

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_corpus

from kg.ingest import build_documents
from kg.store import canonical_hash, open_store

_BUILDER = """
import sys
from kg.ingest import build_documents
from kg.store import open_store

def progress(index, total, name):
    print(index, flush=True)

with open_store(sys.argv[2]) as store:
    build_documents([sys.argv[1]], store, progress=progress, bulk=sys.argv[3] == "bulk")
"""

_RESUME = """
import json, sys
from kg.ingest import build_documents
from kg.store import canonical_hash, open_store

with open_store(sys.argv[2]) as store:
    keyed = sum(1 for doc in store.documents() if doc.build_key)
    graphs = len(store.documents())
    report = build_documents([sys.argv[1]], store)
    print(json.dumps({"committed": keyed, "graphs": graphs, "rebuilt": len(report.built),
                      "hash": canonical_hash(store), "count": store.count()}))
"""


def reference(corpus: Path, workdir: Path) -> tuple[str, int, float, dict]:
    """Hash, count and time of an uninterrupted build, and what a second build over it did."""
    location = workdir / "reference"
    shutil.rmtree(location, ignore_errors=True)
    with open_store(location) as store:
        started = time.perf_counter()
        first = build_documents([corpus], store)
        seconds = time.perf_counter() - started
        digest, count = canonical_hash(store), store.count()
        started = time.perf_counter()
        second = build_documents([corpus], store)
        again = {"built": len(second.built), "skipped": len(second.skipped), "seconds": time.perf_counter() - started,
                 "same": (canonical_hash(store), store.count()) == (digest, count), "first_built": len(first.built)}
    shutil.rmtree(location, ignore_errors=True)
    return digest, count, seconds, again


def build_window(corpus: Path, location: Path, mode: str) -> float:
    """Seconds from starting a build process in ``mode`` to its exit, uninterrupted."""
    shutil.rmtree(location, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", _BUILDER, str(corpus), str(location), mode], check=True,
                   stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    shutil.rmtree(location, ignore_errors=True)
    return seconds


def one_run(corpus: Path, location: Path, *, mode: str, delay: float) -> dict:
    """Start a build, kill -9 it after ``delay`` seconds, resume it in a fresh process; report the outcome."""
    import json

    shutil.rmtree(location, ignore_errors=True)
    child = subprocess.Popen([sys.executable, "-c", _BUILDER, str(corpus), str(location), mode],
                             stdout=subprocess.PIPE, text=True)
    started = [-1]

    def read():
        for line in child.stdout:
            started[0] = int(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(delay)
    finished = child.poll() is not None
    child.kill()
    child.wait()
    reader.join()
    child.stdout.close()
    resumed = subprocess.run([sys.executable, "-c", _RESUME, str(corpus), str(location)], capture_output=True,
                             text=True, check=True)
    outcome = json.loads(resumed.stdout.strip().splitlines()[-1])
    outcome.update(delay=delay, started=started[0], finished_before_kill=finished)
    # Documents 0 .. started had begun; those without a stored key were lost (redone by the resume).
    # (progress reports index == total once the last document is done)
    begun = min(started[0] + 1, outcome["committed"] + outcome["rebuilt"])
    outcome["lost"] = max(0, begun - outcome["committed"])
    shutil.rmtree(location, ignore_errors=True)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000, help="corpus built twice (0: skip)")
    parser.add_argument("--kill-documents", type=int, default=300, help="corpus of the kill runs")
    parser.add_argument("--runs", type=int, default=20, help="kills per ingest mode")
    parser.add_argument("--modes", default="one,bulk", help="one (a transaction per document), bulk, or both")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="kg-kill-"))
    try:
        if args.documents:
            large = workdir / "large"
            write_corpus(large, args.documents)
            digest, count, seconds, again = reference(large, workdir)
            print(f"{args.documents} articles: first build {again['first_built']} built in {seconds:.1f} s, "
                  f"{count:,} triples; second build: {again['built']} built, {again['skipped']} unchanged in "
                  f"{again['seconds']:.1f} s; same canonical hash and count: {again['same']}")

        corpus = workdir / "kill"
        write_corpus(corpus, args.kill_documents)
        digest, count, seconds, _ = reference(corpus, workdir)
        print(f"\nkill runs on {args.kill_documents} articles: uninterrupted build {seconds:.1f} s, {count:,} triples, "
              f"hash {digest[:16]}")
        failures = 0
        for mode in args.modes.split(","):
            window = build_window(corpus, workdir / "store", mode)
            print(f"\nmode {mode}: {'one transaction per document' if mode == 'one' else 'bulk batches'}; "
                  f"an uninterrupted build process runs {window:.1f} s from start-up to exit")
            print(f"  {'run':>3} {'kill at':>8} {'started':>7} {'committed':>9} {'lost':>4} {'rebuilt':>7}  same graph")
            lost, attempts = [], 0
            # Kills are drawn over this mode's own build window, and runs go on until ``--runs`` kills have
            # landed before the build finished (a kill after the end tests nothing).
            while len(lost) < args.runs and attempts < 3 * args.runs:
                attempts += 1
                delay = rng.uniform(0.2, window)
                outcome = one_run(corpus, workdir / "store", mode=mode, delay=delay)
                same = (outcome["hash"], outcome["count"]) == (digest, count)
                failures += not same
                if not outcome["finished_before_kill"]:
                    lost.append(outcome["lost"])
                note = " (build had finished: not counted)" if outcome["finished_before_kill"] else ""
                print(f"  {attempts:3} {delay:7.2f}s {outcome['started']:7} {outcome['committed']:9} "
                      f"{outcome['lost']:4} {outcome['rebuilt']:7}  {'yes' if same else 'NO'}{note}")
            print(f"  {len(lost)} kills during the build: {sum(1 for x in lost if x == 0)} lost nothing, "
                  f"at most {max(lost, default=0)} document(s) lost per crash")
        print(f"\n{'every run resumed to the same canonical hash and count' if not failures else f'{failures} FAILED'}")
        sys.exit(1 if failures else 0)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
