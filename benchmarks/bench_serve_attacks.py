"""kg serve under attack, measured against a real `kg serve` process over the Thorn store.

Prints, for each attack, the figure the endpoint must meet:
  slowloris  1,000 connections trickling header bytes: latency of a legitimate query meanwhile (< 1 s)
  burst      200 simultaneous trivial queries: how many refused (0), p50 and p99 latency (p99 < 1 s)
  heavy      two clients looping four-way cross joins (3 at a time each) beside a third running simple
             queries: the third's p50/p95 latency (p95 < 1 s) and how the heavy ones ended
  memory     two memory-hungry queries at once: peak RSS of the server's process tree against its workers'
             limits, and how the queries ended (503 out_of_memory)
  updates    N runs of an authorized update and its visibility (test_updates_with_a_token's steps): failures (0)
  write      kg build and kg remove in another process, N times, while readers query the server: errors (0)

usage: python benchmarks/bench_serve_attacks.py [--only NAME,...] [--duration S] [--runs N]
The machine's load matters (shared CI boxes are noisy): compare figures from a quiet machine.
"""

import argparse
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

SIMPLE = "SELECT ?name WHERE { ?p a <https://w3id.org/kg-news/ontology#Person> ; " \
         "<https://w3id.org/kg-news/ontology#name> ?name }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"
KG = [sys.executable, "-m", "kg.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@contextmanager
def kg_serve(store: Path, *options: str):
    port = free_port()
    process = subprocess.Popen([*KG, "serve", "--store", str(store), "--port", str(port), *options],
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise SystemExit("kg serve did not start")
        time.sleep(0.2)
    try:
        yield process, url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def client_at(address: str, timeout: float = 120) -> httpx.Client:
    return httpx.Client(timeout=timeout, transport=httpx.HTTPTransport(local_address=address))


def timed_get(client: httpx.Client, url: str, query: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    response = client.get(url, params={"query": query})
    kind = response.json().get("error", {}).get("type", "") if response.status_code >= 400 else ""
    return time.perf_counter() - started, response.status_code, kind


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * resource.getpagesize()
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


# --- the attacks --------------------------------------------------------------------------------------------


def slowloris(store: Path, args) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    with kg_serve(store) as (_, url):
        host, port = url.split("//")[1].split("/")[0].split(":")
        slow = []
        for index in range(args.connections):
            sock = socket.create_connection((host, int(port)))
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
            slow.append(sock)
        opened = time.monotonic()
        latencies, statuses = [], []
        # A legitimate client on a fresh connection every half second, while the slow ones trickle a byte each.
        while time.monotonic() - opened < min(args.duration, 12):
            for sock in slow[:50]:
                try:
                    sock.sendall(b"X")
                except OSError:
                    pass
            with httpx.Client(timeout=30) as client:
                latency, status, _ = timed_get(client, url, SIMPLE)
            latencies.append(latency)
            statuses.append(status)
            time.sleep(0.5)
        closed_after = None
        while time.monotonic() - opened < 40:
            alive = 0
            for sock in slow:
                sock.setblocking(False)
                try:
                    alive += sock.recv(1) != b""
                except BlockingIOError:
                    alive += 1
                except OSError:
                    pass
            if alive == 0:
                closed_after = time.monotonic() - opened
                break
            time.sleep(0.5)
        for sock in slow:
            sock.close()
    print(f"slowloris: {args.connections} slow connections open; {len(latencies)} legitimate queries, "
          f"{statuses.count(200)} answered 200, latency max {max(latencies) * 1000:.0f} ms, "
          f"median {statistics.median(latencies) * 1000:.0f} ms (target < 1000 ms); the server closed every slow "
          f"connection after {closed_after:.1f} s" if closed_after else "slowloris: slow connections still open after 40 s")


def _burst_once(url: str, addresses: list[str]) -> list[tuple[float, int, str]]:
    """Each address connects first; then all send one trivial query at once. Raw sockets, so that the
    measuring client (200 threads under one GIL) costs as little as it can next to the server."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    request = (f"GET /sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D HTTP/1.1\r\nHost: {host}\r\n"
               "Accept: application/sparql-results+json\r\nConnection: close\r\n\r\n").encode()
    results: list = [None] * len(addresses)
    gate = threading.Barrier(len(addresses))

    def one(index: int) -> None:
        sock = socket.create_connection((host, int(port)), timeout=60, source_address=(addresses[index], 0))
        with sock:
            gate.wait()
            started = time.perf_counter()
            sock.sendall(request)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
            results[index] = (time.perf_counter() - started, int(data.split(b" ", 2)[1]), "")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(addresses))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def burst(store: Path, args) -> None:
    with kg_serve(store) as (_, url):
        for label, addresses in (("one client", ["127.0.0.1"] * args.burst),
                                 (f"{args.burst} clients", [f"127.0.1.{1 + i % 250}" for i in range(args.burst)])):
            results = _burst_once(url, addresses)
            latencies = [r[0] for r in results]
            refused = [r for r in results if r[1] != 200]
            print(f"burst ({label}): {args.burst} simultaneous queries, {len(refused)} refused "
                  f"({sorted({r[1] for r in refused})}), p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
                  f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms (target < 1000 ms)")


def heavy(store: Path, args) -> None:
    with kg_serve(store, "--timeout", "10") as (_, url):
        stop = time.monotonic() + args.duration
        outcomes: list[tuple[int, str]] = []

        def loop(address: str) -> None:
            with client_at(address) as client:
                while time.monotonic() < stop:
                    _, status, kind = timed_get(client, url, HEAVY)
                    outcomes.append((status, kind))
                    if status == 429:
                        time.sleep(1)

        heavy_threads = [threading.Thread(target=loop, args=(address,))
                         for address in ("127.0.0.2", "127.0.0.3") for _ in range(3)]
        for thread in heavy_threads:
            thread.start()
        time.sleep(1)
        latencies, statuses = [], []
        with client_at("127.0.0.4") as client:
            while time.monotonic() < stop:
                latency, status, _ = timed_get(client, url, SIMPLE)
                latencies.append(latency)
                statuses.append(status)
                time.sleep(0.2)
        for thread in heavy_threads:
            thread.join()
    kinds = {f"{s} {k}".strip(): sum(1 for o in outcomes if o == (s, k)) for s, k in set(outcomes)}
    print(f"heavy: {args.duration:g} s of two clients looping cross joins (3 at a time each): the third client's "
          f"{len(latencies)} simple queries {statuses.count(200)} answered, p50 "
          f"{percentile(latencies, 0.5) * 1000:.0f} ms, p95 {percentile(latencies, 0.95) * 1000:.0f} ms "
          f"(target < 1000 ms); heavy queries ended {kinds}")


def memory(store: Path, args) -> None:
    limit = 1 << 30
    with kg_serve(store, "--max-memory", "1G", "--timeout", "60") as (process, url):
        baseline = tree_rss(process.pid)
        workers = 4
        peak = baseline
        results = []

        def hungry(address: str) -> None:
            with client_at(address) as client:
                results.append(timed_get(client, url, HUNGRY))

        threads = [threading.Thread(target=hungry, args=(a,)) for a in ("127.0.0.2", "127.0.0.3")]
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.05)
        after = timed_get(httpx.Client(timeout=30), url, SIMPLE)
    print(f"memory: two memory-hungry queries at once with --max-memory 1G: process tree RSS {baseline / 2**20:.0f} MiB "
          f"idle, peak {peak / 2**20:.0f} MiB (limit {workers} workers x 1024 MiB = {workers * limit / 2**20:.0f} MiB); "
          f"the queries ended {[(r[1], r[2], round(r[0], 1)) for r in results]}; next simple query {after[1]}")


def updates(store: Path, args) -> None:
    from kg.serve import make_server

    failures = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            copy = Path(folder) / f"store-{run}"
            shutil.copytree(store, copy)
            server = make_server(str(copy), port=0, workers=1, allow_update=True, token="t")
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                with httpx.Client(timeout=30) as client:
                    ask = "ASK { <urn:s> <urn:p> \"added\" }"
                    before = client.get(server.url, params={"query": ask}).json()["boolean"]
                    status = client.post(server.url, content=b"INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> \"added\" } }",
                                         headers={"Content-Type": "application/sparql-update",
                                                  "Authorization": "Bearer t"}).status_code
                    after = client.get(server.url, params={"query": ask})
                    if before is not False or status != 204 or after.status_code != 200 or after.json()["boolean"] is not True:
                        failures.append((run, before, status, after.text[:200]))
            finally:
                server.close()
                thread.join(5)
            shutil.rmtree(copy, ignore_errors=True)
            shutil.rmtree(str(copy) + ".snapshots", ignore_errors=True)
    print(f"updates: {args.runs - len(failures)} of {args.runs} runs of insert-then-see passed; failures {failures[:3]}")


def write_while_serving(store: Path, args) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic import write_corpus

    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "docs"
        write_corpus(docs, 3)
        paths = sorted(docs.glob("*.txt"))
        errors: list[str] = []
        counts: list[int] = []
        with kg_serve(store) as (_, url):
            done = threading.Event()

            def read() -> None:
                with httpx.Client(timeout=30) as client:
                    while not done.is_set():
                        response = client.get(url, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
                        if response.status_code != 200:
                            errors.append(f"{response.status_code} {response.text[:200]}")
                        else:
                            counts.append(int(response.json()["results"]["bindings"][0]["n"]["value"]))

            readers = [threading.Thread(target=read) for _ in range(2)]
            for reader in readers:
                reader.start()
            for cycle in range(args.runs):
                target = paths[cycle % len(paths)]
                for command in (["build", str(target)], ["remove", target.name]):
                    done_run = subprocess.run([*KG, *command, "--store", str(store)], capture_output=True, text=True,
                                              check=False)
                    if done_run.returncode != 0:
                        errors.append(f"kg {command[0]}: {done_run.stderr.strip()[:200]}")
            done.set()
            for reader in readers:
                reader.join()
    print(f"write: {args.runs} cycles of kg build + kg remove beside a serving kg serve, {len(counts)} reader "
          f"queries, {len(errors)} errors {errors[:3]}; triple counts seen {sorted(set(counts))[:6]}")


ATTACKS = {"slowloris": slowloris, "burst": burst, "heavy": heavy, "memory": memory, "updates": updates,
           "write": write_while_serving}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(ATTACKS), help="comma-separated: " + ", ".join(ATTACKS))
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of the heavy-client run")
    parser.add_argument("--runs", type=int, default=200, help="runs of the update and write-while-serving checks")
    parser.add_argument("--connections", type=int, default=1000, help="slowloris connections")
    parser.add_argument("--burst", type=int, default=200, help="simultaneous queries of the burst")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        subprocess.run([*KG, "build", "--store", str(store)], check=True, stderr=subprocess.DEVNULL)
        for name in args.only.split(","):
            ATTACKS[name.strip()](store, args)


if __name__ == "__main__":
    main()
