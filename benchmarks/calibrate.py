"""Measure each extraction method's precision on the development corpus and write it as the methods' confidence.

usage: python benchmarks/calibrate.py [GOLD_DIR:DOCS_DIR ...] [--check]
(default: tests/devset and tests/news/dev, each a folder holding gold/ and docs/)

Every document with gold is extracted; every extracted record (entity or fact) is matched against gold the way
``kg evaluate`` scores (``kg.evaluate.score``), and counted right or wrong under its kind and method; a record that
matches only an optional gold item counts neither way. The table printed is per kind and method: right, wrong,
precision. It is written to ``kg/extract/calibration.json``, which ``kg.extract.confidence`` reads. With
``--check`` nothing is written and the exit status says whether the file is up to date.
"""

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.documents import read_document
from kg.evaluate import facts_to_gold, score
from kg.extract import EXTRACTOR_VERSION, extract
from kg.extract.confidence import CALIBRATION_FILE

DEFAULT_SETS = [ROOT / "tests" / "devset", ROOT / "tests" / "news" / "dev"]
CATEGORY_KIND = {"persons": "person", "organizations": "organization", "foundings": "founding",
                 "relations": "marriage", "testimonies": "testimony", "quotes": "quote", "statistics": "statistic"}


def _sets(arguments: list[str]) -> list[tuple[Path, Path]]:
    if not arguments:
        return [(s / "gold", s / "docs") for s in DEFAULT_SETS if (s / "gold").is_dir()]
    out = []
    for argument in arguments:
        gold, _, docs = argument.partition(":")
        out.append((Path(gold), Path(docs)))
    return out


def measure(sets: list[tuple[Path, Path]]) -> tuple[dict, list[str]]:
    """``{kind: {method: {"tp": n, "fp": n}}}`` over every document of ``sets``, and the documents read."""
    counts: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: {"tp": 0, "fp": 0}))
    documents = []
    for gold_dir, docs_dir in sets:
        for gold_path in sorted(gold_dir.glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            document_path = docs_dir / gold.get("document", gold_path.stem + ".txt")
            if not document_path.exists():
                continue
            documents.append(str(document_path.relative_to(ROOT)) if document_path.is_relative_to(ROOT)
                             else str(document_path))
            predicted = facts_to_gold(extract(read_document(document_path)), with_methods=True)
            results = score(gold, predicted, document=gold_path.stem)
            for category, kind in CATEGORY_KIND.items():
                result = results[category]
                for _, item in result.hits:
                    counts[kind][item["method"]]["tp"] += 1
                for _, item in result.wrong:
                    counts[kind][item["method"]]["fp"] += 1
    return counts, documents


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", metavar="GOLD_DIR:DOCS_DIR")
    parser.add_argument("--check", action="store_true", help="only say whether calibration.json is up to date")
    options = parser.parse_args(argv)
    sets = _sets(options.sets)
    counts, documents = measure(sets)
    print(f"{'kind':13} {'method':32} {'right':>5} {'wrong':>5} {'precision':>9}")
    table = {}
    for kind in sorted(counts):
        table[kind] = {}
        for method in sorted(counts[kind]):
            c = counts[kind][method]
            table[kind][method] = dict(c)
            print(f"{kind:13} {method:32} {c['tp']:5} {c['fp']:5} {c['tp'] / (c['tp'] + c['fp']):9.2f}")
    data = {
        "about": "Per kind of record and extraction method: how many records extracted from the development "
                 "corpus matched gold (tp) and how many did not (fp). Written by benchmarks/calibrate.py; read "
                 "by kg/extract/confidence.py, which makes precision = tp / (tp + fp) each record's confidence.",
        "extractor_version": EXTRACTOR_VERSION,
        "documents": len(documents),
        "corpus": sorted({str(Path(d).parent.parent) for d in documents}),
        "methods": table,
    }
    if options.check:
        current = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8")) if CALIBRATION_FILE.exists() else {}
        fresh = current == data
        print("calibration.json is " + ("up to date" if fresh else "out of date: run benchmarks/calibrate.py"))
        return 0 if fresh else 1
    CALIBRATION_FILE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {CALIBRATION_FILE.relative_to(ROOT)} ({len(documents)} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
