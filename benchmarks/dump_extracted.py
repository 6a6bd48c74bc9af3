"""Every fact ``extract`` returns for a set of documents, as one canonical JSON: to check that a change meant
only to speed extraction up leaves its output byte for byte the same.

usage: python benchmarks/dump_extracted.py OUTPUT.json [FOLDER_OR_FILE ...]
(default: the bundled corpus and the development sets; compare two outputs with cmp)
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.documents import find_documents, read_document
from kg.extract import extract


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit(__doc__.strip())
    output, sources = Path(argv[0]), argv[1:] or [ROOT / "graph" / "sources", ROOT / "tests" / "devset" / "docs",
                                                  ROOT / "tests" / "news" / "dev" / "docs"]
    dumped = {}
    for path in sorted(find_documents(sources)):
        document = read_document(path)
        dumped[str(Path(path).resolve().relative_to(ROOT))] = extract(document).to_json()
    output.write_text(json.dumps(dumped, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(dumped)} documents, {sum(len(v['entities']) for v in dumped.values())} entities -> {output}")


if __name__ == "__main__":
    main(sys.argv[1:])
