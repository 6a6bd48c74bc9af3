"""Where pyoxigraph crashes or stalls on deep and long queries: the measurements behind kg.guard's limits.

For each query shape, finds by bisection (each try in a child process) the smallest size that kills the
process (SIGSEGV: its stack overflowed), and with --planning the size at which planning alone, on an empty
store, takes longer than --seconds. Prints them beside the limits kg.guard applies (an eighth of the crash
count, or the planning limit) and whether the guard refuses a query of the crashing size.

usage: python benchmarks/guard_thresholds.py [--planning] [--seconds 2] [SHAPE ...]
Takes minutes per shape on a loaded machine (each try starts a Python process).
"""

import argparse
import subprocess
import sys
import time

P = "<urn:p>"
SHAPES = {
    "not_chain": ("not", lambda n: "ASK { FILTER(" + "!" * n + "true) }"),
    "plus_chain": ("operator", lambda n: "SELECT ?x { BIND(" + "+".join(["1"] * n) + " AS ?x) }"),
    "times_chain": ("operator", lambda n: "SELECT ?x { BIND(" + "*".join(["2"] * n) + " AS ?x) }"),
    "or_chain": ("bar", lambda n: "ASK { FILTER(" + "||".join(["false"] * n) + ") }"),
    "and_chain": ("amp", lambda n: "ASK { FILTER(" + "&&".join(["true"] * n) + ") }"),
    "paren_nest": ("nesting", lambda n: "ASK { FILTER(" + "(" * n + "true" + ")" * n + ") }"),
    "brace_nest": ("nesting", lambda n: "ASK " + "{" * n + "}" * n),
    "exists_nest": ("nesting", lambda n: "ASK { " + "FILTER EXISTS { " * n + "?s ?p ?o" + " }" * n + " }"),
    "subselect_nest": ("nesting", lambda n: "SELECT * " + "{ SELECT * " * n + "{ ?s ?p ?o }" + " }" * n),
    "minus_run": ("minus", lambda n: "SELECT * { ?s ?p ?o " + "MINUS { ?s ?p 1 } " * n + "}"),
    "optional_run": ("optional", lambda n: "SELECT * { ?s ?p ?o " + "OPTIONAL { ?s ?p ?x } " * n + "}"),
    "union_run": ("union", lambda n: "SELECT * { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }"),
    "filter_run": ("filter", lambda n: "SELECT * { ?s ?p ?o " + "FILTER(?o != 1) " * n + "}"),
    "bind_run": ("bind", lambda n: "SELECT * { ?s ?p ?o " + "".join(f"BIND(1 AS ?b{i}) " for i in range(n)) + "}"),
    "group_run": ("group", lambda n: "SELECT * { ?s ?p ?o " + "{ ?s ?p ?o } " * n + "}"),
    "object_list": ("comma", lambda n: "SELECT * { ?s " + P + " " + ", ".join(["1"] * n) + " }"),
    "predicate_list": ("semicolon", lambda n: "SELECT * { ?s " + " ; ".join([P + " 1"] * n) + " }"),
    "triples": ("dot", lambda n: "SELECT * { " + " ".join(f"?s{i} {P} ?o{i} ." for i in range(n)) + " }"),
    "path_seq": ("path", lambda n: "SELECT * { ?s " + "/".join([P] * n) + " ?o }"),
    "path_alt": ("bar", lambda n: "SELECT * { ?s " + "|".join([P] * n) + " ?o }"),
    "collection": ("collection", lambda n: "SELECT * { ?s " + P + " (" + " ".join(["1"] * n) + ") }"),
    "in_list": ("argument", lambda n: "ASK { FILTER(1 IN (" + ",".join(["1"] * n) + ")) }"),
    "values": (None, lambda n: "SELECT * { VALUES ?x { " + " ".join(str(i) for i in range(n)) + " } }"),
}
CHILD = """
import sys, time
sys.path.insert(0, {here!r})
from guard_thresholds import SHAPES
import pyoxigraph as ox
text = SHAPES[sys.argv[1]][1](int(sys.argv[2]))
started = time.perf_counter()
result = ox.Store().query(text)
if not isinstance(result, ox.QueryBoolean):
    list(result)
print(time.perf_counter() - started)
"""


def run(name: str, n: int, timeout: float) -> tuple[str, float]:
    """("crash" | "slow" | "ok", seconds) of one try in a child process."""
    from pathlib import Path

    code = CHILD.format(here=str(Path(__file__).parent))
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", code, name, str(n)], capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "slow", time.perf_counter() - started
    if done.returncode < 0:
        return "crash", 0.0
    return "ok", float(done.stdout.strip() or 0) if done.returncode == 0 else 0.0


def bisect(name: str, failing, *, start: int = 100, top: int = 100_000) -> int | None:
    """The smallest size for which ``failing(name, n)`` holds (within 5%), or None up to ``top``."""
    low, n = 0, start
    while not failing(name, n):
        low, n = n, n * 3
        if n > top:
            return None
    high = n
    while high - low > max(1, low // 20):
        middle = (low + high) // 2
        if failing(name, middle):
            high = middle
        else:
            low = middle
    return high


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapes", nargs="*", default=list(SHAPES))
    parser.add_argument("--planning", action="store_true", help="also measure where planning takes --seconds")
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    from kg.errors import QueryRefusedError
    from kg.guard import check_query, limits

    allowed = limits()
    for name in args.shapes:
        structure, shape = SHAPES[name]
        crash = bisect(name, lambda shape_name, n: run(shape_name, n, 60)[0] == "crash")
        line = f"{name:15} crashes at {crash if crash else 'none up to 100,000':>8}"
        if args.planning:
            def too_slow(shape_name: str, n: int) -> bool:
                outcome, seconds = run(shape_name, n, 120)
                return outcome == "slow" or seconds > args.seconds

            slow = bisect(name, too_slow, start=25)
            line += f"   planning over {args.seconds:g} s at {slow if slow else '-':>6}"
        if structure:
            line += f"   kg.guard limit: {allowed[structure]:,} {structure}"
        if crash:
            try:
                check_query(shape(crash))
                line += "   NOT REFUSED"
            except QueryRefusedError:
                line += "   refused"
        print(line, flush=True)


if __name__ == "__main__":
    main()
