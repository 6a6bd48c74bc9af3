"""Query worker processes: a pool of pre-started processes that evaluate SPARQL queries, one at a time each.

A query past its deadline is stopped by killing its worker (pyoxigraph cannot cancel a query); each worker
runs under an address-space limit (``RLIMIT_AS``), so a query that would take the machine's memory ends its
own worker instead. A dead worker is replaced in the background. Admission is fair between clients: each
client may run a few queries at once, its further queries wait for one of its own to finish, and a worker
that frees up goes to the longest-waiting client under its limit, so clients looping heavy queries cannot
take every worker. A client past its limit may use idle workers beyond half the pool while nobody else waits.
"""

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from .negotiation import GRAPH_TYPES, OFFERS

__all__ = ["Busy", "QueryJob", "WorkerDied", "WorkerPool"]

log = logging.getLogger("kg.serve")

_MIB = 1 << 20


@dataclass(frozen=True)
class QueryJob:
    """One query for a worker: the text, the dataset, the media type per answer kind and the base IRI."""

    query: str
    default_graphs: list[str] | None
    named_graphs: list[str] | None
    media_types: dict[str, str | None]
    base_iri: str
    store: str
    """The snapshot of the store (``kg.snapshot``) to evaluate against."""


class Busy(Exception):
    """No worker could be had in time: ``per_client`` says whether the client's own limit was the reason."""

    def __init__(self, message: str, *, per_client: bool):
        super().__init__(message)
        self.per_client = per_client


class WorkerDied(Exception):
    """The worker running a query died: ``out_of_memory`` when it hit its memory limit."""

    def __init__(self, message: str, *, out_of_memory: bool):
        super().__init__(message)
        self.out_of_memory = out_of_memory


# --- inside a worker ----------------------------------------------------------------------------------------


def _limit_memory(max_memory: int | None) -> None:
    if max_memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))


def _worker_main(conn, path: str, prefixes: dict[str, str], max_memory: int | None) -> None:
    """Evaluate jobs from ``conn`` until it closes; the parent kills this process at a query's deadline.

    The worker reads snapshots of the store (``kg.snapshot``), never the folder a writer changes: each job
    names the snapshot current when it was sent, and the worker moves to it when it is newer.
    """
    from ..snapshot import open_snapshot

    # Ctrl-C reaches the whole process group; the server decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["RUST_BACKTRACE"] = "0"  # a query over the memory limit logs one line, not a trace
    _limit_memory(max_memory)
    try:
        store, opened, lock = open_snapshot(path)
    except (StoreError, MemoryError) as e:
        conn.send(("fatal", f"store {path} cannot be opened for reading: {e}"))
        return
    union = _needs_union(store)
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if job.store != str(opened):
                del store  # close the old snapshot before its lock is let go
                os.close(lock)
                store, opened, lock = open_snapshot(path, Path(job.store))
                union = _needs_union(store)
            reply = _evaluate(store, job, prefixes, union=union)
        except MemoryError:
            reply = ("memory",)
        except Exception:  # noqa: BLE001 - a fault in the worker is reported to the parent, which logs it
            reply = ("fault", traceback.format_exc())
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory",))


def _needs_union(store: ox.Store) -> bool:
    """kg keeps the set union of its document graphs in the default graph; a store of named graphs only
    (loaded by other tools) is queried through Oxigraph's union instead, so its default graph is not empty."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None


def _evaluate(store: ox.Store, job: QueryJob, prefixes: dict[str, str], *, union: bool = False) -> tuple:
    options = {"base_iri": job.base_iri}
    if job.default_graphs is None and job.named_graphs is None:
        if union:
            options["use_default_graph_as_union"] = True
    else:
        # The protocol's dataset replaces the query's (FROM is overridden); an IRI naming no graph of the
        # store contributes an empty graph. Nothing is ever fetched.
        options["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs or ()]
    try:
        result = store.query(job.query, **options)
    except SyntaxError as e:
        return ("syntax", str(e))
    if isinstance(result, ox.QueryBoolean):
        kind = "boolean"
    elif isinstance(result, ox.QuerySolutions):
        kind = "solutions"
    else:
        kind = "graph"
    media_type = job.media_types[kind]
    if media_type is None:
        return ("not_acceptable", kind)
    if kind == "graph":
        fmt = GRAPH_TYPES[media_type]
        body = ox.serialize(result, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None)
    else:
        body = result.serialize(format=OFFERS[kind][media_type])
    return ("ok", media_type, body)


# --- in the server ------------------------------------------------------------------------------------------


class _Worker:
    def __init__(self, context, path: str, prefixes: dict[str, str], max_memory: int | None):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, path, prefixes, max_memory),
                                       name="kg-serve-worker", daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not start within {timeout:g} s")
        try:
            message = self.conn.recv()
        except (EOFError, OSError) as e:
            self.kill()
            raise StoreError("a query worker exited while starting; if make_server is called from a script, "
                             "guard the script with if __name__ == '__main__' (workers are started by "
                             "multiprocessing's forkserver)") from e
        if message[0] != "ready":
            self.kill()
            raise StoreError(message[1])

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Pre-started workers and fair admission to them (see the module docstring).

    ``acquire``, ``release`` and ``discard`` run on the server's event loop; ``run`` blocks (call it in a
    thread) and raises ``TimeoutError`` at the deadline or ``WorkerDied``, after which the caller discards the
    worker.
    """

    def __init__(self, path: Path | str, size: int, prefixes: dict[str, str], *, max_memory: int | None = None,
                 per_client: int = 1, max_waiting: int = 1000):
        # forkserver, not fork: the server process has threads (and maybe the store open read-write), and
        # forking a threaded process can copy a held lock into the child. The fork server is single-threaded
        # and has kg imported, so a replacement starts in tens of milliseconds, mostly opening the store.
        self._context = multiprocessing.get_context("forkserver")
        # "__main__" too, so each worker does not import the main module (and all it imports) again.
        self._context.set_forkserver_preload(["__main__", "kg.serve.workers"])
        self._path = str(path)
        self._prefixes = prefixes
        self.max_memory = max_memory
        self.size = size
        self.per_client = per_client
        self.reserve = max(1, size // 2)
        """Idle workers a client past its share leaves to others."""
        self.max_waiting = max_waiting
        self._idle: deque[_Worker] = deque()
        self._waiters: deque[tuple[str, asyncio.Future]] = deque()
        self._running: dict[str, int] = {}
        self._waiting: dict[str, int] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._start_lock = threading.Lock()  # respawn threads may start workers at the same moment
        self._closed = False
        self._snapshot, self._snapshot_stamp = "", None
        started = []
        try:
            for _ in range(size):
                started.append(self._new_worker())
            for worker in started:
                worker.wait_ready(30)
        except BaseException:
            for worker in started:
                worker.kill()
            raise
        self._idle.extend(started)

    def _new_worker(self) -> _Worker:
        return _Worker(self._context, self._path, self._prefixes, self.max_memory)

    @property
    def path(self) -> str:
        """The store folder; workers read its snapshots."""
        return self._path

    def snapshot(self) -> str:
        """The store's current snapshot, for the next job (looked up again when its pointer file changes)."""
        from ..snapshot import current_snapshot, snapshots_dir

        try:
            stamp = os.stat(snapshots_dir(self._path) / "CURRENT").st_mtime_ns
        except OSError:
            stamp = None
        if stamp is None or stamp != self._snapshot_stamp:
            found = current_snapshot(self._path)
            if found is None:
                raise StoreError(f"store {self._path} has no snapshot for readers any more; restart kg serve")
            self._snapshot, self._snapshot_stamp = str(found), stamp
        return self._snapshot

    @property
    def busy(self) -> int:
        return sum(self._running.values())

    # --- admission (on the event loop) ---

    async def acquire(self, client: str, wait: float) -> "_Worker":
        """A worker for one query of ``client``, waiting at most ``wait`` seconds; raises ``Busy``."""
        self._loop = asyncio.get_running_loop()
        if self._running.get(client, 0) + self._waiting.get(client, 0) >= self.per_client + self.max_waiting:
            raise Busy(f"this client already has {self.per_client} queries running and {self.max_waiting} "
                       "waiting; wait for them to finish", per_client=True)
        worker = self._take(client)
        if worker is not None:
            return worker
        future = self._loop.create_future()
        self._waiters.append((client, future))
        self._waiting[client] = self._waiting.get(client, 0) + 1
        try:
            return await asyncio.wait_for(future, wait) if wait > 0 else self._fail_now(future)
        except TimeoutError:
            if self._running.get(client, 0) >= self.per_client:
                raise Busy(f"this client has {self.per_client} queries running, the most it may run at once; "
                           "retry when one has finished", per_client=True) from None
            raise Busy(f"all {self.size} query workers are busy; retry shortly", per_client=False) from None
        finally:
            self._waiting[client] -= 1
            if not self._waiting[client]:
                del self._waiting[client]
            try:
                self._waiters.remove((client, future))
            except ValueError:
                pass

    @staticmethod
    def _fail_now(future: asyncio.Future):
        future.cancel()
        raise TimeoutError

    def _take(self, client: str) -> "_Worker | None":
        # Past its share a client may still use a surplus of idle workers while no one else waits: a lone
        # client's burst goes faster, and the reserve stays free for the next client to arrive.
        if self._running.get(client, 0) >= self.per_client and (
                len(self._idle) <= self.reserve
                or any(other != client and not future.done() for other, future in self._waiters)):
            return None
        while self._idle:
            worker = self._idle.popleft()
            if worker.process.is_alive():
                self._running[client] = self._running.get(client, 0) + 1
                return worker
            log.error("a query worker (pid %s) died while idle; starting a replacement", worker.process.pid)
            self._replace(worker)
        return None

    def _dispatch(self) -> None:
        """Hand idle workers to the longest-waiting clients that are under their limit."""
        for client, future in list(self._waiters):
            if not self._idle:
                return
            if future.done():
                continue
            worker = self._take(client)
            if worker is not None:
                self._waiters.remove((client, future))
                future.set_result(worker)

    def release(self, worker: "_Worker", client: str) -> None:
        self._done(client)
        if self._closed:
            worker.kill()
            return
        self._idle.append(worker)
        self._dispatch()

    def discard(self, worker: "_Worker", client: str) -> None:
        """Kill a busy worker (past its deadline or broken) and start another in its place."""
        self._done(client)
        self._replace(worker)

    def _done(self, client: str) -> None:
        self._running[client] -= 1
        if not self._running[client]:
            del self._running[client]

    def _replace(self, worker: "_Worker") -> None:
        worker.kill()
        if not self._closed:
            threading.Thread(target=self._start_one, name="kg-serve-respawn", daemon=True).start()

    def _start_one(self) -> None:
        delay = 0.5
        while not self._closed:
            try:
                with self._start_lock:
                    worker = self._new_worker()
                worker.wait_ready(30)
            except (StoreError, OSError) as e:
                log.error("cannot start a query worker (%s); retrying in %g s", e, delay)
                time.sleep(delay)
                delay = min(delay * 2, 30)
                continue
            if self._closed or self._loop is None or self._loop.is_closed():
                if self._closed:
                    worker.kill()
                else:
                    self._idle.append(worker)
                return
            self._loop.call_soon_threadsafe(self._add_idle, worker)
            return

    def _add_idle(self, worker: "_Worker") -> None:
        if self._closed:
            worker.kill()
            return
        self._idle.append(worker)
        self._dispatch()

    # --- a query (in a thread) ---

    def run(self, worker: "_Worker", job: QueryJob, timeout: float) -> tuple:
        """Send ``job`` to ``worker`` and wait for its reply at most ``timeout`` seconds."""
        try:
            worker.conn.send(job)
            answered = worker.conn.poll(timeout)
            reply = worker.conn.recv() if answered else None
        except (EOFError, OSError) as e:
            worker.process.join(1)
            raise self._death(worker) from e
        if not answered:
            raise TimeoutError(f"no answer within {timeout:g} s")
        if reply[0] == "memory":
            raise WorkerDied(self._memory_message(), out_of_memory=True)
        return reply

    def _death(self, worker: "_Worker") -> WorkerDied:
        code = worker.process.exitcode
        # Oxigraph aborts (SIGABRT) when an allocation fails; under RLIMIT_AS that is the memory limit.
        if self.max_memory and code == -signal.SIGABRT:
            return WorkerDied(self._memory_message(), out_of_memory=True)
        return WorkerDied(f"a query worker died while answering (exit code {code})", out_of_memory=False)

    def _memory_message(self) -> str:
        return (f"the query needed more than the {self.max_memory / _MIB:,.0f} MiB a query worker may use and "
                "was stopped; narrow it (more specific patterns, LIMIT) or start kg serve with a larger "
                "--max-memory")

    def close(self) -> None:
        self._closed = True
        while self._idle:
            self._idle.popleft().kill()
