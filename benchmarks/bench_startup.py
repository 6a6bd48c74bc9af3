"""How fast `kg query persons` starts, against the bare import of rdflib and pyoxigraph.

Prints the median wall time of each over repeated runs and their ratio; the target is a ratio within 2.0.
usage: python benchmarks/bench_startup.py [--runs N]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, KG_STORE=str(Path(folder) / "store"))
        subprocess.run([sys.executable, "-m", "kg.cli", "build"], check=True, env=env, stderr=subprocess.DEVNULL)
        baseline = median_seconds([sys.executable, "-c", "import rdflib, pyoxigraph"], args.runs, env)
        kg_bin = Path(sys.executable).with_name("kg")
        command = [str(kg_bin)] if kg_bin.exists() else [sys.executable, "-m", "kg.cli"]
        query = median_seconds([*command, "query", "persons"], args.runs, env)
    print(f"python -c 'import rdflib, pyoxigraph'  median {baseline * 1000:7.1f} ms")
    print(f"kg query persons                      median {query * 1000:7.1f} ms")
    print(f"ratio {query / baseline:.2f} (target <= 2.00)")


if __name__ == "__main__":
    main()
