"""Extraction in worker processes and on a real Dask cluster: the graph of a one-process build, whatever dies."""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import KgError
from kg.ingest import build_documents
from kg.parallel import Extracted, ExtractionJob
from kg.store import canonical_hash, open_store

from .helpers import OneThreadAtATime, require_module

DEVSET = Path(__file__).parent / "devset" / "docs"
# Six short articles of the development set (1,300 words): enough for every worker to get several.
ARTICLES = ["smithsonian-scurlock-bethune-bio", "whitehouse-obama-george-cooper-statement",
            "nih-olpa-hearing-energy-commerce-health-2001", "cr-burgess-heggins-tribute-2013",
            "nasa-cabana-astronaut-bio", "senate-judiciary-jackson-outside-witnesses-2022"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, str, int, int]:
    """The articles, and the canonical hash, triple count and quads written of a build in one process."""
    folder = tmp_path_factory.mktemp("articles")
    for name in ARTICLES:
        shutil.copy(DEVSET / f"{name}.txt", folder)
    with open_store(tmp_path_factory.mktemp("reference") / "store") as store:
        report = build_documents([folder], store, jobs=1)
        assert len(report.built) == len(ARTICLES) and not report.failed
        assert report.engine == "this process"
        return folder, canonical_hash(store), store.count(), store.quads_written


def _worker_processes() -> list:
    """This process's pool workers (children of its forkserver), not the forkserver or the resource tracker."""
    import psutil

    return [child for child in psutil.Process().children(recursive=True)
            if "forkserver" in " ".join(child.cmdline()) and child.parent().pid != os.getpid()]


def test_two_processes_with_a_worker_killed_build_the_graph_of_one(corpus, tmp_path):
    folder, digest, count, quads_written = corpus
    killed = []

    def kill_a_worker_once(index, total, name):
        # Called as the first result is written: the other documents are still in the workers.
        if not killed and name:
            workers = _worker_processes()
            assert len(workers) == 2
            workers[0].kill()
            killed.append(workers[0].pid)

    with open_store(tmp_path / "store") as store:
        report = build_documents([folder], store, jobs=2, progress=kill_a_worker_once)
        assert killed and not report.failed
        assert report.built == sorted(f"{name}.txt" for name in ARTICLES)
        assert report.engine == "2 worker processes"
        assert (canonical_hash(store), store.count()) == (digest, count)
        assert store.quads_written == quads_written  # every document written once
        assert report.words == sum(len((folder / f"{n}.txt").read_text(encoding="utf-8").split()) for n in ARTICLES)
        assert len(report.workers) >= 2 and all(peak > 50 for peak in report.workers.values())
        # The pool started again after the kill: every worker process, old or new, loaded the model once.
        assert set(report.model_loads) == set(report.workers) and set(report.model_loads.values()) == {1}
        assert report.seconds["extract"] > 0 and report.seconds["write"] > 0
        # Each worker's processor time on its documents: parsing one takes tens of milliseconds at least, and
        # one thread's processor time cannot exceed the wall time it ran for (plus the clocks' granularity).
        assert set(report.worker_cpu) == set(report.workers) and min(report.worker_cpu.values()) > 0.02
        assert sum(report.worker_cpu.values()) <= report.seconds["extract"] + report.seconds["build"] + 0.5
        again = build_documents([folder], store, jobs=2)
        # Skip-unchanged is decided before work is sent out: no worker was started at all.
        assert (again.built, len(again.skipped), again.engine) == ([], len(ARTICLES), "this process")
    assert _worker_processes() == []


_BUILDER = textwrap.dedent("""
    import sys
    from kg.ingest import build_documents
    from kg.store import open_store

    def progress(index, total, name):
        print(index, flush=True)

    with open_store(sys.argv[2]) as store:
        build_documents([sys.argv[1]], store, progress=progress, jobs=2)
""")


def test_a_build_killed_with_its_workers_running_leaves_none_behind_and_resumes(corpus, tmp_path, capsys):
    import psutil

    folder, digest, count, _ = corpus
    location = tmp_path / "store"
    process = subprocess.Popen([sys.executable, "-c", _BUILDER, str(folder), str(location)], stdout=subprocess.PIPE,
                               text=True)
    try:
        for line in process.stdout:
            if int(line) >= 2:
                children = psutil.Process(process.pid).children(recursive=True)
                process.send_signal(signal.SIGKILL)
                break
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    assert len(children) >= 3  # the forkserver and two workers at least
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(child) for child in children):
        time.sleep(0.2)
    assert [child.pid for child in children if _alive(child)] == []
    with open_store(location) as store:
        committed = [doc.name for doc in store.documents() if doc.build_key]
    assert 2 <= len(committed) < len(ARTICLES)
    assert main(["build", str(folder), "--jobs", "2", "--store", str(location)]) == 0
    err = capsys.readouterr().err
    assert f"{len(ARTICLES) - len(committed)} built, {len(committed)} unchanged" in err
    assert "extraction in 2 worker processes" in err and "words/s" in err
    with open_store(location) as store:
        assert (canonical_hash(store), store.count()) == (digest, count)


def _alive(process) -> bool:
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_dask_cluster_with_a_worker_killed_mid_task_builds_the_graph_of_one_process(corpus, tmp_path, monkeypatch,
                                                                                     capsys):
    distributed = require_module("distributed", "cluster")  # under CI=true a missing Dask fails, never skips
    import kg.parallel

    folder, digest, count, quads_written = corpus
    # The client reads the documents; the workers get texts. This copy is deleted once the build is under way.
    sources = tmp_path / "sources"
    shutil.copytree(folder, sources)
    killed = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster, distributed.Client(cluster) as client:

        def kill_a_busy_worker_once(index, total, name):
            if killed or not name:
                return
            busy = [address for address, keys in client.processing().items() if keys]
            assert busy, "no worker has a task in hand"
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            shutil.rmtree(sources)  # a worker that read files (a retried task's included) would fail now

        # One document per task, so a task is in hand on both workers when the first result arrives.
        monkeypatch.setattr(kg.parallel, "BATCH_WORDS", 1)
        with open_store(tmp_path / "store") as store:
            report = build_documents([sources], store, scheduler=client, progress=kill_a_busy_worker_once)
            assert killed and not sources.exists() and not report.failed
            assert set(report.model_loads.values()) == {1}  # the worker started after the kill included
            assert report.built == sorted(f"{name}.txt" for name in ARTICLES)
            assert report.engine == f"the Dask cluster at {cluster.scheduler_address}"
            assert (canonical_hash(store), store.count()) == (digest, count)
            assert store.quads_written == quads_written  # every document written once
        # The command line connects a client of its own to the scheduler's address.
        assert main(["build", str(folder), "--scheduler", cluster.scheduler_address,
                     "--store", str(tmp_path / "cli")]) == 0
        assert f"extraction in the Dask cluster at {cluster.scheduler_address}" in capsys.readouterr().err
    with open_store(tmp_path / "cli") as store:
        assert canonical_hash(store) == digest


def test_an_unreachable_scheduler_is_a_clear_error():
    require_module("distributed", "cluster")
    from kg.parallel import DaskEngine

    from .oxigraph_server import free_port

    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(KgError, match=f"cannot reach the Dask scheduler at {address} .*start one with 'dask scheduler'"):
        DaskEngine(address, connect_timeout=1).__enter__()


def test_the_bulk_writer_loads_the_last_batch_while_the_last_documents_are_extracted(corpus, tmp_path,
                                                                                   monkeypatch):
    import kg.ingest

    folder, digest, count, _ = corpus
    monkeypatch.setattr(kg.ingest, "TAIL_DOCUMENTS_PER_WORKER", 2)
    with open_store(tmp_path / "store") as store:
        watch = store._handle.store = OneThreadAtATime(store._handle.store, linger=0)
        build_documents([folder], store, jobs=1, bulk=True)  # six articles: far from a full batch
        store._handle.store = watch.store
        # Four articles went to the loader when two were left to extract, the last two at the end.
        quads = watch.batch_sizes
        assert len(quads) == 2 and watch.overlaps == []
        # The keys are loaded apart (each in its document's graph and in the union).
        assert sum(quads) == store.quads_written - 2 * 6 and quads[0] > 2 * quads[1] > 0
        assert (canonical_hash(store), store.count()) == (digest, count)


def test_a_single_small_document_is_extracted_in_this_process(corpus, tmp_path):
    folder, *_ = corpus
    with open_store(tmp_path / "store") as store:
        report = build_documents([folder / f"{ARTICLES[0]}.txt"], store)
        assert report.built == [f"{ARTICLES[0]}.txt"] and report.engine == "this process"


def _jobs(words: list[int]) -> list[ExtractionJob]:
    from kg.documents import document_from_text

    return [ExtractionJob(index, document_from_text(f"{index}.txt", "word " * count), f"urn:graph:{index}",
                          "https://example.org/", f"extraction from {index}.txt")
            for index, count in enumerate(words)]


@pytest.mark.parametrize(("words", "workers", "batch_words", "expected"), [
    # At most batch_words per task, whole documents, in order; a longer document goes alone; the last tasks
    # shrink to a quarter of what is left to send.
    ([300, 300, 300, 5000, 100, 100], 1, 700, [[0, 1], [2], [3], [4], [5]]),
    ([100] * 40, 1, 1000, [list(range(10)), list(range(10, 17)), list(range(17, 22)), list(range(22, 26)),
                           [26, 27, 28], [29, 30], [31, 32]] + [[i] for i in range(33, 40)]),
    # A small build still makes several tasks per worker thread.
    ([100] * 16, 2, 10_000, [[0, 1]] + [[i] for i in range(2, 16)]),
    ([100] * 3, 4, 10_000, [[0], [1], [2]]),
])
def test_dask_tasks_are_batches_of_whole_documents(words, workers, batch_words, expected):
    from kg.parallel import batches

    assert [[job.index for job in batch] for batch in batches(_jobs(words), workers=workers,
                                                              batch_words=batch_words)] == expected


def test_results_cross_the_network_compressed_and_come_back_whole():
    nquads = b"<urn:a> <urn:b> <urn:c> <urn:g> .\n" * 2000
    packed = Extracted(3, nquads=nquads).packed()
    assert packed.compressed and len(packed.nquads) < len(nquads) // 20
    assert (packed.unpacked().nquads, packed.compressed) == (nquads, False)
    assert Extracted(4, error="failed").packed().compressed is False  # nothing to compress


def test_jobs_default_to_one_process_per_core_when_there_is_enough_to_extract(monkeypatch):
    from types import SimpleNamespace

    import kg.parallel
    from kg.ingest import SMALL_EXTRACTION_WORDS, _engine
    from kg.parallel import InProcessEngine, ProcessPoolEngine

    monkeypatch.setattr(kg.parallel, "available_cores", lambda: 3)
    items = [SimpleNamespace(document=job.document) for job in _jobs([SMALL_EXTRACTION_WORDS // 2] * 5)]
    engine = _engine(None, None, items)  # not entered: no process is started
    assert isinstance(engine, ProcessPoolEngine) and engine.workers == 3
    assert _engine(None, None, items[:2]).workers == 2  # never more workers than documents
    assert isinstance(_engine(None, None, items[:1]), InProcessEngine)  # too few words to be worth a worker
    assert isinstance(_engine(1, None, items), InProcessEngine)
    assert _engine(8, None, items).workers == 5


def test_progress_shows_documents_and_words_per_second(monkeypatch):
    import io
    import re

    from kg.cli import _Progress
    from kg.ingest import BuildReport

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    progress = _Progress(BuildReport(built=["a.txt", "b.txt"], words=1200))
    progress.started -= 2.0  # two seconds into the build
    progress(2, 4, "c.txt")
    assert re.fullmatch(r"\r\[#{15}\.{15}\] 2/4 +1\.0 docs/s +600 words/s c\.txt +", terminal.getvalue())


def test_jobs_must_be_positive(tmp_path, capsys):
    assert main(["build", "--jobs", "0", "--store", str(tmp_path / "store")]) == 1
    assert "--jobs must be 1 or more, not 0" in capsys.readouterr().err


def test_a_worker_running_another_kg_is_refused():
    from kg.ingest import _check_versions
    from kg.parallel import _versions

    ours = _versions()
    _check_versions(Extracted(0, versions=ours))
    with pytest.raises(KgError, match=r"runs kg .* \(extractor old, .* install the same kg on every worker"):
        _check_versions(Extracted(0, worker="node-7:123", versions=(ours[0], "old", ours[2])))


_FAULTS = textwrap.dedent("""
    import resource, sys
    from kg.parallel import undo_eager_memory_trim

    def faults():
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for _ in range(50):
            block = b"x" * 2**20  # filled, so each new mapping of it is faulted in page by page
            del block
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

    eager = faults()
    undone = undo_eager_memory_trim()
    print(eager, undone, faults(), undo_eager_memory_trim())
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_a_dask_worker_keeps_freed_memory_for_reuse_instead_of_mapping_it_anew():
    # Dask's nanny starts workers with this variable; a 1 MB block is then mapped and faulted in (256 pages)
    # at every allocation, and after the undo it is reused from the heap.
    done = subprocess.run([sys.executable, "-c", _FAULTS], capture_output=True, text=True, check=True,
                          env={**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"})
    eager, undone, reused, again = done.stdout.split()
    assert int(eager) > 50 * 200 and undone == "True"
    assert int(reused) < 50 * 20 and again == "False"  # once per process
    plain = subprocess.run([sys.executable, "-c", _FAULTS], capture_output=True, text=True, check=True,
                           env={k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"})
    assert plain.stdout.split()[1] == "False"  # glibc's own sliding thresholds are left alone


def test_a_bug_of_the_rules_on_one_document_fails_that_document_only(tmp_path, monkeypatch):
    import kg.extract.families

    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ARTICLES[:2]:
        shutil.copy(DEVSET / f"{name}.txt", folder)
    real_assemble = kg.extract.families.assemble_facts

    def assemble_with_a_bug_on_one_wording(observations, resolver, facts):
        if facts.document == f"{ARTICLES[0]}.txt":
            raise TypeError("'int' object is not iterable")  # what a rule's min() of one number once raised
        real_assemble(observations, resolver, facts)

    monkeypatch.setattr(kg.extract.families, "assemble_facts", assemble_with_a_bug_on_one_wording)
    with open_store(tmp_path / "store") as store:
        report = build_documents([folder], store, jobs=1)  # both articles parsed together
        assert report.built == [f"{ARTICLES[1]}.txt"]
        [(path, message)] = report.failed
        assert path == str(folder / f"{ARTICLES[0]}.txt")
        assert message.startswith(f"{folder / ARTICLES[0]}.txt: extraction stopped on an internal error "
                                  "(TypeError: 'int' object is not iterable); this is a bug in kg")
        assert "please report it with the document" in message
        monkeypatch.setattr(kg.extract.families, "assemble_facts", real_assemble)
        again = build_documents([folder], store, jobs=1)
        assert again.built == [f"{ARTICLES[0]}.txt"] and again.skipped == [f"{ARTICLES[1]}.txt"] and not again.failed


def test_a_document_that_breaks_the_parse_of_its_batch_fails_alone(corpus, tmp_path, monkeypatch):
    import kg.extract.pipeline

    folder, digest, *_ = corpus
    failing = (folder / f"{ARTICLES[2]}.txt").read_text(encoding="utf-8")
    real_hard_wrap = kg.extract.pipeline._hard_wrap

    def hard_wrap_with_a_bug_on_one_text(doc, i, line_start):
        # the sentence fixes run inside the model's pipeline: a bug there stops the parse of the whole batch
        if doc.text == failing:
            raise IndexError("[E040] Attempt to access token at 9999, max length 12.")
        return real_hard_wrap(doc, i, line_start)

    monkeypatch.setattr(kg.extract.pipeline, "_hard_wrap", hard_wrap_with_a_bug_on_one_text)
    with open_store(tmp_path / "store") as store:
        report = build_documents([folder], store, jobs=1)  # the six articles: one batch
        assert report.built == sorted(f"{name}.txt" for name in ARTICLES if name != ARTICLES[2])
        [(path, message)] = report.failed
        assert path == str(folder / f"{ARTICLES[2]}.txt")
        assert message.startswith(f"{folder / ARTICLES[2]}.txt: extraction stopped on an internal error "
                                  "(IndexError: [E040] Attempt to access token at 9999")
        monkeypatch.setattr(kg.extract.pipeline, "_hard_wrap", real_hard_wrap)
        again = build_documents([folder], store, jobs=1)
        assert again.built == [f"{ARTICLES[2]}.txt"] and not again.failed
        assert canonical_hash(store) == digest


@pytest.mark.parametrize("task", ["extract_batch", "_extract_in_worker"])
def test_a_task_parses_its_documents_together_and_gives_each_what_it_gives_alone(task, monkeypatch):
    import kg.extract.pipeline
    import kg.parallel
    from kg.documents import read_document

    jobs = [ExtractionJob(index, read_document(DEVSET / f"{name}.txt"), f"urn:graph:{index}", "https://example.org/",
                          f"extraction from {name}.txt", min_confidence=0.5)
            for index, name in enumerate(ARTICLES[:3])]
    alone = [kg.parallel.extract_job(job) for job in jobs]
    sizes: list[int] = []
    real_parse_together = kg.extract.pipeline.parse_together

    def parse_together(texts):
        sizes.append(len(texts))
        return real_parse_together(texts)

    monkeypatch.setattr(kg.extract.pipeline, "parse_together", parse_together)
    results = [result.unpacked() for result in getattr(kg.parallel, task)(jobs)]
    assert sizes == [3]  # the Dask task and the pool's worker alike: one call of the model for the three
    assert [(r.index, r.error, r.nquads, r.facts.to_json()) for r in results] == \
        [(a.index, None, a.nquads, a.facts.to_json()) for a in alone]
    assert all(len(r.nquads) > 10_000 for r in results)
