"""Extraction away from the writer: in worker processes on this machine, or on a Dask cluster.

Owns the unit of work (``ExtractionJob``: one document's text in; ``Extracted``: its facts and N-Quads out),
the engines that run it (in this process, a local process pool whose workers load the spaCy model once, or
an existing Dask cluster), and how each recovers when a worker dies. Every engine extracts a run of documents
at once (``extract_jobs``: short texts parsed together, ``kg.extract.extract_many``), one result per document.
Workers never touch the store: skip-unchanged decisions, build keys, merges and every write stay with the one
writer in ``kg.ingest``.
Results come back in the order they finish, each keyed by the index of its document.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .documents import Document
from .errors import KgError

__all__ = [
    "DaskEngine",
    "Extracted",
    "ExtractionJob",
    "InProcessEngine",
    "ProcessPoolEngine",
    "available_cores",
    "batches",
    "extract_batch",
    "extract_job",
    "extract_jobs",
    "undo_eager_memory_trim",
]

MAX_ATTEMPTS = 3
"""A document in flight when its worker process died this many times is reported as failed, not retried
(it is probably what kills the worker). Dask counts the same way (``distributed.scheduler.allowed-failures``)."""

BATCH_WORDS = 10_000
"""Words per task (a Dask task, or a call of a pool's worker) at most: some seconds of parsing, so a task's
overhead (milliseconds) is small against it, and a worker that dies loses little; about what the model parses
in one call (``kg.extract.pipeline.BATCH_CHARS``). Tasks shrink as the build nears its end (``batches``)."""


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it, else the CPU count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _versions() -> tuple[str, str, int]:
    from . import __version__
    from .build import BUILDER_VERSION
    from .extract import EXTRACTOR_VERSION

    return __version__, EXTRACTOR_VERSION, BUILDER_VERSION


@dataclass(frozen=True)
class ExtractionJob:
    """One document to extract and build, with everything a worker on another machine needs."""

    index: int
    """Position of the document in the build; results are keyed by it."""
    document: Document
    graph_name: str
    base: str
    """The data base IRI of the client (a worker's own ``KG_BASE_IRI`` must not matter)."""
    origin: str
    """How messages name where the facts came from (``extraction from PATH``)."""
    min_confidence: float = 0.0
    """Extracted facts below this calibrated confidence are left out (``kg build --min-confidence``)."""

    @property
    def words(self) -> int:
        return len(self.document.text.split())


@dataclass
class Extracted:
    """What a worker sends back for one document."""

    index: int
    facts: object | None = None
    """The document's ``Facts``; None when extraction failed."""
    nquads: bytes = b""
    """Its triples as ``kg.store.document_nquads`` text in its graph and the union, without the build key and
    without cross-document merges (the writer adds the key, and rebuilds the few documents merges touch)."""
    error: str | None = None
    """A ``KgError`` message: this document failed, the others go on."""
    words: int = 0
    extract_seconds: float = 0.0
    build_seconds: float = 0.0
    worker: str = ""
    """Host and process id of the worker."""
    peak_mb: float = 0.0
    """Peak resident memory of the worker process so far."""
    versions: tuple = field(default_factory=tuple)
    """kg, extractor and builder versions of the worker: a cluster must run the client's kg."""
    model_loads: int = 0
    """How many times the worker process has loaded the spaCy model so far (1: once per process, as meant)."""
    cpu_seconds: float = 0.0
    """Processor time of the worker process (all its threads) while it extracted and built this document: the
    cost of the work where other load on the machine makes wall times say little."""
    compressed: bool = False
    """``nquads`` is zlib-compressed (results shipped over a cluster's network); ``unpacked()`` undoes it."""

    def packed(self) -> Extracted:
        """This result with its N-Quads compressed for the network: 300 KB of N-Quads per 600-word article
        shrink to about 18 KB (Dask sends frames uncompressed by default) for 1-2 ms of the worker's time."""
        import zlib

        if self.compressed or not self.nquads:
            return self
        self.nquads, self.compressed = zlib.compress(self.nquads, 1), True
        return self

    def unpacked(self) -> Extracted:
        import zlib

        if self.compressed:
            self.nquads, self.compressed = zlib.decompress(self.nquads), False
        return self


def peak_memory_mb() -> float:
    """Peak resident memory of this process in MB (VmHWM on Linux; ru_maxrss elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def extract_job(job: ExtractionJob) -> Extracted:
    """Extract and build one document (``extract_jobs`` of it alone)."""
    return next(extract_jobs([job]))


def extract_jobs(jobs: Iterable[ExtractionJob]) -> Iterator[Extracted]:
    """Extract and build each document, in order, one result each; short texts are parsed together.

    A ``KgError``, or an unexpected error of the rules on a document's text (a bug, reported as such), is that
    document's failure, and the others are built; only running out of memory stops the caller. A document's
    times are those spent on it since the previous result: the first of a run parsed together carries the
    parse of them all, so sums over a build are right, not each document's share."""
    import socket
    from collections import deque

    from .build import build_triples
    from .extract import chunk_progress, extract_many
    from .extract.confidence import keep_confident
    from .extract.pipeline import load_pipeline
    from .store import document_nquads

    worker, versions = f"{socket.gethostname()}:{os.getpid()}", _versions()
    read: deque[ExtractionJob] = deque()  # jobs whose documents extraction has taken, not yet answered

    def documents() -> Iterator[Document]:
        for job in jobs:
            read.append(job)
            yield job.document

    # Every job of a build has the same minimum; applied per job all the same (it is the last step of extract).
    outcomes = extract_many(documents(), progress=lambda d: chunk_progress(d.name, len(d.text)))
    while True:
        cpu, started = time.process_time(), time.perf_counter()
        outcome = next(outcomes, None)
        if outcome is None:
            return
        job = read.popleft()
        extracted = time.perf_counter()
        result = Extracted(job.index, words=job.words, worker=worker, versions=versions)
        try:
            _, facts = outcome
            if isinstance(facts, Exception):
                raise facts
            facts = keep_confident(facts, job.min_confidence)
            triples = build_triples(job.document, facts, base=job.base, origin=job.origin)
            result.nquads = document_nquads(triples, job.graph_name)
            result.facts = facts
            result.extract_seconds = extracted - started
            result.build_seconds = time.perf_counter() - extracted
        except KgError as e:
            result.error = str(e)
        except MemoryError:
            raise  # the process, not this document, is in trouble
        except Exception as e:  # noqa: BLE001 - any bug of the rules, reported below as one
            # A bug of the rules on one document's wording must not stop a build of thousands: the others are
            # built and the build still fails (exit status 1) naming this one.
            result.error = (f"{job.document.path or job.document.name}: extraction stopped on an internal error "
                            f"({type(e).__name__}: {e}); this is a bug in kg, not in the document: please report "
                            "it with the document. The other documents were built; the next build retries this one")
        result.peak_mb = peak_memory_mb()
        result.model_loads = load_pipeline.cache_info().misses
        result.cpu_seconds = time.process_time() - cpu
        yield result


def extract_batch(jobs: list[ExtractionJob]) -> list[Extracted]:
    """The Dask task: several documents, so that a task's overhead is small against its work; their N-Quads
    go back compressed."""
    undo_eager_memory_trim()
    return [result.packed() for result in extract_jobs(jobs)]


def _extract_in_worker(jobs: list[ExtractionJob]) -> list[Extracted]:
    """A pool worker's task: several documents (the results stay uncompressed: they cross a local pipe)."""
    return list(extract_jobs(jobs))


_MMAP_THRESHOLD = 32 * 2**20
"""The largest allocation glibc's heap serves (the top of its own sliding threshold on 64-bit systems)."""


def undo_eager_memory_trim() -> bool:
    """Let glibc's heap keep freed memory for reuse in a process started with ``MALLOC_TRIM_THRESHOLD_`` set.

    Dask's nanny starts every worker with ``MALLOC_TRIM_THRESHOLD_=65536`` (``distributed.nanny.pre-spawn-
    environ``). Setting it also freezes glibc's mmap threshold at 128 KB, so each of spaCy's larger arrays is
    mapped and unmapped anew: 150 times more page faults and 23-26% more processor time per article (8
    articles here: 103,800 minor faults against 700, 506-534 ms against 401-433 ms). This sets both thresholds
    where glibc's own sliding ones end (32 MB, and twice that for trimming); an extraction worker holds 200-260
    MB either way. Returns whether it changed anything (only on glibc, once, when the variable is set)."""
    global _UNDONE
    if _UNDONE or not os.environ.get("MALLOC_TRIM_THRESHOLD_"):
        return False
    _UNDONE = True
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3  # glibc's malloc.h
    return bool(mallopt(m_mmap_threshold, _MMAP_THRESHOLD) and mallopt(m_trim_threshold, 2 * _MMAP_THRESHOLD))


_UNDONE = False


def batches(jobs: Iterable[ExtractionJob], *, workers: int, batch_words: int = BATCH_WORDS) \
        -> Iterator[list[ExtractionJob]]:
    """The jobs in order, cut into batches of whole documents, each of at most ``batch_words`` words and of at
    most a quarter of a worker's share of the words still to send (a longer document is a batch of its own).

    Tasks shrink as the build nears its end, so the workers finish together: with tasks of a fixed size, the
    last one keeps one worker busy for some seconds while the others wait. A small build is shared too."""
    jobs = list(jobs)  # the texts are in memory already; their words size the batches
    remaining = sum(job.words for job in jobs)
    batch: list[ExtractionJob] = []
    words = 0
    for job in jobs:
        limit = max(1, min(batch_words, remaining // (4 * workers)))
        if batch and words + job.words > limit:
            yield batch
            remaining -= words
            batch, words = [], 0
        batch.append(job)
        words += job.words
    if batch:
        yield batch


def _initialize_worker(parent_alive) -> None:
    """Load the model once per worker process, before any document arrives; leave Ctrl-C to the parent; exit
    when the parent is gone, even killed with -9 (a pool's workers otherwise wait for work forever)."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent_alive,), name="kg-parent-watch", daemon=True).start()
    from .extract.pipeline import load_pipeline

    try:
        load_pipeline()
    except KgError:
        pass  # no model: each document reports it (extract raises it again) and the pool stays up


def _exit_with_parent(parent_alive) -> None:
    """Block on a pipe only the parent writes to: it reads end-of-file when the parent process is gone."""
    try:
        parent_alive.recv_bytes()
    except (EOFError, OSError):
        pass
    os._exit(1)


class InProcessEngine:
    """Extraction in this process, one document after another (``jobs=1``, or too little work to share)."""

    workers = 1

    def describe(self) -> str:
        return "this process"

    def run(self, jobs: Iterable[ExtractionJob]) -> Iterator[Extracted]:
        return extract_jobs(jobs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


class ProcessPoolEngine:
    """Extraction in ``workers`` processes of this machine, each loading the model once.

    Workers start with ``forkserver`` (``spawn`` where there is none), never ``fork``: the writer may already
    run threads (the bulk writer's) and a forked copy of a locked lock never unlocks. Documents go out in
    batches (``batches``), parsed together in the worker; at most a few batches per worker are in flight, so
    memory stays bounded however many documents there are. When a worker process dies (killed, out of memory),
    the pool is started again and the documents that were in flight are sent again, each alone; one in flight
    at ``MAX_ATTEMPTS`` deaths is reported as failed.
    """

    def __init__(self, workers: int):
        if workers < 1:
            raise KgError(f"--jobs must be 1 or more, not {workers}")
        self.workers = workers
        self._pool = None
        self._parent_alive = None

    def describe(self) -> str:
        return f"{self.workers} worker processes"

    def _start(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        if self._parent_alive is None:
            # Workers hold the reading end; this process alone holds the writing end, until it exits.
            self._parent_alive = context.Pipe(duplex=False)
        self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_initialize_worker,
                                         initargs=(self._parent_alive[0],))

    def run(self, jobs: Iterable[ExtractionJob]) -> Iterator[Extracted]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        pending = batches(jobs, workers=self.workers)
        retry: list[list[ExtractionJob]] = []
        attempts: dict[int, int] = {}
        in_flight: dict = {}
        window = self.workers * 3
        if self._pool is None:
            self._start()
        while True:
            while len(in_flight) < window:
                batch = retry.pop() if retry else next(pending, None)
                if batch is None:
                    break
                in_flight[self._pool.submit(_extract_in_worker, batch)] = batch
            if not in_flight:
                return
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            lost: list[ExtractionJob] = []
            for future in done:
                batch = in_flight.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    lost.extend(batch)
                    continue
                yield from results
            if lost:
                # Every document in flight is lost with the pool; which one killed its worker is unknown, so
                # each is sent again alone.
                for batch in in_flight.values():
                    lost.extend(batch)
                in_flight.clear()
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._start()
                for job in lost:
                    attempts[job.index] = attempts.get(job.index, 0) + 1
                    if attempts[job.index] >= MAX_ATTEMPTS:
                        yield Extracted(job.index, words=job.words, error=(
                            f"{job.document.path or job.document.name}: the worker process extracting it died "
                            f"{MAX_ATTEMPTS} times (out of memory, or killed); the other documents go on"))
                    else:
                        retry.append([job])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._pool is not None:
            # On an error (Ctrl-C included) the documents not started are dropped, and nothing waits for them.
            self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)
            self._pool = None
        if self._parent_alive is not None:
            for end in self._parent_alive:
                end.close()
            self._parent_alive = None


class DaskEngine:
    """Extraction as tasks on a Dask cluster: batches of document texts go out, facts and N-Quads come back.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``) or a ``distributed.Client``.
    Documents are read where this runs; workers need kg and its ``extract`` extra installed, not the files.
    A worker that dies mid-task has its task run again elsewhere by Dask; results are taken as they finish
    (``as_completed``) and each document is handed to the writer once.
    """

    def __init__(self, scheduler, *, batch_words: int | None = None, connect_timeout: float = 20.0):
        self.scheduler = scheduler
        self.batch_words = batch_words or BATCH_WORDS
        self.connect_timeout = connect_timeout
        self._client = None
        self._own_client = False
        self._futures: dict = {}

    def __enter__(self):
        try:
            from distributed import Client
        except ImportError as e:
            raise KgError("extraction on a Dask cluster needs the distributed package; install it with: "
                          "pip install 'kg[cluster]'") from e
        if isinstance(self.scheduler, Client):
            self._client = self.scheduler
        else:
            try:
                self._client = Client(self.scheduler, timeout=self.connect_timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as e:
                raise KgError(f"cannot reach the Dask scheduler at {self.scheduler} ({e}); start one with "
                              "'dask scheduler' and give its address, e.g. tcp://127.0.0.1:8786") from e
            self._own_client = True
        return self

    def describe(self) -> str:
        return f"the Dask cluster at {self._client.scheduler.address}"

    @property
    def workers(self) -> int:
        info = self._client.scheduler_info(n_workers=-1) if self._client is not None else {}
        return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def run(self, jobs: Iterable[ExtractionJob]) -> Iterator[Extracted]:
        import uuid

        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        pending = batches(jobs, workers=self.workers, batch_words=self.batch_words)
        run = uuid.uuid4().hex[:8]
        window = 2 * self.workers + 2

        def submit(batch):
            # pure=False and a key per run: a batch is always computed, never taken from an earlier build.
            future = self._client.submit(extract_batch, batch, pure=False, key=f"kg-extract-{run}-{batch[0].index}")
            self._futures[future] = batch
            return future

        # range first: zip stops on it without taking (and losing) one more batch.
        stream = as_completed([submit(batch) for _, batch in zip(range(window), pending, strict=False)],
                              loop=self._client.loop)  # our client need not be the process's default one
        for future in stream:
            batch = self._futures.pop(future)
            try:
                results = future.result()
            except KilledWorker:
                results = [Extracted(job.index, words=job.words, error=(
                    f"{job.document.path or job.document.name}: the Dask workers extracting it died "
                    "repeatedly (out of memory, or killed); the other documents go on")) for job in batch]
            finally:
                future.release()
            following = next(pending, None)
            if following is not None:
                stream.add(submit(following))
            for result in results:
                yield result.unpacked()

    def __exit__(self, *exc):
        for future in self._futures:
            future.cancel()
        self._futures.clear()
        if self._own_client and self._client is not None:
            self._client.close()
        self._client = None
