"""Every fact extraction returns for a set of documents, as one canonical JSON: to check that a change meant
only to speed extraction up leaves its output byte for byte the same.

usage: python benchmarks/dump_extracted.py OUTPUT.json [FOLDER_OR_FILE ...] [--one-by-one]
(default: the bundled corpus and the development sets, through ``extract_many`` as a build extracts them;
``--one-by-one``: ``extract`` on each document alone. Compare two outputs with cmp.)
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.documents import find_documents, read_document
from kg.extract import extract, extract_many


def main(argv: list[str]) -> None:
    one_by_one = "--one-by-one" in argv
    argv = [arg for arg in argv if arg != "--one-by-one"]
    if not argv:
        sys.exit(__doc__.strip())
    output, sources = Path(argv[0]), argv[1:] or [ROOT / "graph" / "sources", ROOT / "tests" / "devset" / "docs",
                                                  ROOT / "tests" / "news" / "dev" / "docs"]
    paths = sorted(find_documents(sources))
    documents = [read_document(path) for path in paths]
    if one_by_one:
        outcomes = [(document, extract(document)) for document in documents]
    else:
        outcomes = list(extract_many(documents))
    dumped = {}
    for path, (document, facts) in zip(paths, outcomes, strict=True):
        if isinstance(facts, Exception):
            raise facts
        dumped[str(Path(path).resolve().relative_to(ROOT))] = facts.to_json()
    output.write_text(json.dumps(dumped, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(dumped)} documents, {sum(len(v['entities']) for v in dumped.values())} entities -> {output}")


if __name__ == "__main__":
    main(sys.argv[1:])
