"""How big the store folder gets on a newcomer's path: the Thorn store, 50 everyday commands, then a build and a
removal of a 2.8 MB article. Prints the folder's size after each phase.

    python benchmarks/store_folder.py                 # curated facts for the long article (seconds)
    python benchmarks/store_folder.py --extract       # spaCy extraction of it, as a user without facts (minutes)

Before kg wrote nothing on read-only commands, trimmed RocksDB's logs and rewrote the folder on removal, the
same path ended at 279 MB (137 KB of LOG.old per command, a 163 MB write-ahead log, removed text kept).
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from kg.cli import main as kg
from kg.paths import sources_dir
from kg.store import folder_size

EVERYDAY = [
    ["query", "foundings"], ["query", "said-before-congress"], ["query", "statistics"], ["query", "persons"],
    ["query", "about-person", "--param", "name=kutcher"], ["info"], ["export", "--format", "nt"],
    ["validate", "--no-reasoner"], ["build"], ["query", "evidence", "--format", "json"],
]


def long_article(folder: Path, size: int, *, curated: bool) -> Path:
    """The Thorn article repeated to ``size`` characters; with ``curated``, facts naming its first sentence's people."""
    text = (sources_dir() / "thorn-kutcher.txt").read_text(encoding="utf-8")
    article = folder / "long-feature.txt"
    article.write_text((text + "\n\n") * (size // (len(text) + 2) + 1), encoding="utf-8")
    if curated:
        facts = json.loads((sources_dir() / "thorn-kutcher.facts.json").read_text(encoding="utf-8"))
        facts["document"] = article.name
        facts.pop("sha256", None)  # the facts' spans point into the first copy of the text
        (folder / "long-feature.facts.json").write_text(json.dumps(facts), encoding="utf-8")
    return article


def walk(store: Path, *, commands: int = 50, size: int = 2_800_000, extract: bool = False, report=None) -> int:
    """Run the newcomer's path against ``store``; report each phase's folder size; return the final size."""
    quiet = open(os.devnull, "w")  # noqa: SIM115 - closed below
    stdout, stderr = sys.stdout, sys.stderr
    if report is None:
        def report(line: str) -> None:
            print(line, file=stdout, flush=True)
    sys.stdout = sys.stderr = quiet  # the commands' own output is not what is measured
    try:
        def run(*args: str) -> None:
            code = kg([*args, "--store", str(store)])
            if code != 0:
                raise SystemExit(f"kg {' '.join(args)} failed with exit code {code}")

        run("build")
        report(f"after kg build (Thorn):                {folder_size(store) / 1e6:7.2f} MB")
        started = time.perf_counter()
        for index in range(commands):
            run(*EVERYDAY[index % len(EVERYDAY)])
        report(f"after {commands} everyday commands:           {folder_size(store) / 1e6:7.2f} MB "
               f"({time.perf_counter() - started:.1f} s)")
        with tempfile.TemporaryDirectory() as folder:
            article = long_article(Path(folder), size, curated=not extract)
            started = time.perf_counter()
            run("build", str(article), "--max-chars", "0")  # a long feature, extracted with --extract
            report(f"after building a {article.stat().st_size / 1e6:.1f} MB article:      "
                   f"{folder_size(store) / 1e6:7.2f} MB ({time.perf_counter() - started:.1f} s)")
            started = time.perf_counter()
            run("remove", article.name)
        final = folder_size(store)
        report(f"after removing it:                     {final / 1e6:7.2f} MB ({time.perf_counter() - started:.1f} s)")
        return final
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        quiet.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", action="store_true", help="extract the long article with spaCy")
    parser.add_argument("--commands", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        final = walk(Path(folder) / "store", commands=args.commands, extract=args.extract)
    print(f"store folder at the end: {final / 1e6:.2f} MB (target: under 10 MB)")


if __name__ == "__main__":
    main()
