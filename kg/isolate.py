"""Queries in a process of their own, so that a time limit, a memory limit and Ctrl-C can stop them.

pyoxigraph cannot cancel a query, and a query running in the caller's process holds it (and ignores Ctrl-C)
until it ends. ``kg query`` forks before it opens the store and lets the child open, query and format; the
Python API's ``store.query(text, timeout=S)`` starts a fresh interpreter (the caller may hold the store
open with Oxigraph's threads running, which ``fork`` must not copy), which reads the store's snapshot
(``kg.snapshot``), or the file a ``--graph`` store was loaded from. Either way the parent
waits at most the time limit, polling often enough that Ctrl-C stops the query within a second, and kills
the child when it gives up.
"""

import os
import select
import signal
import time
import traceback
from collections.abc import Callable

from .errors import KgError, QueryError, QueryTimeoutError

__all__ = ["DEFAULT_MAX_MEMORY", "DEFAULT_QUERY_TIMEOUT", "parse_memory", "query_in_child", "run_forked"]

DEFAULT_QUERY_TIMEOUT = 60.0
"""Seconds ``kg query`` gives a query unless told otherwise (--timeout)."""
DEFAULT_MAX_MEMORY = 2 << 30
"""Address space a query process may use (RLIMIT_AS); Oxigraph itself reserves about 0.5 GiB of it."""
_POLL = 0.1  # seconds between checks for Ctrl-C while waiting


def parse_memory(text: str) -> int:
    """``2G``, ``1536M``, ``512MiB`` or a number of MiB, as bytes."""
    import re

    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if not match:
        raise KgError(f"--max-memory {text!r}: give a size such as 2G, 1536M or 512 (MiB)")
    number, unit = float(match.group(1)), (match.group(2) or "M").upper()
    size = int(number * {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}[unit])
    if size < 256 << 20:
        raise KgError(f"--max-memory {text!r}: at least 256M (Oxigraph alone reserves about half a gigabyte "
                      "of address space)")
    return size


def limit_memory(max_memory: int | None) -> None:
    """Cap this process's address space (children of a query only)."""
    if max_memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))


def _memory_error(max_memory: int | None, what: str) -> QueryError:
    limit = f"the {max_memory / (1 << 20):,.0f} MiB" if max_memory else "the memory"
    return QueryError(f"{what} needed more than {limit} it may use and was stopped; narrow it (more specific "
                      "patterns, LIMIT) or give a larger --max-memory")


def _timeout_error(timeout: float, what: str) -> QueryTimeoutError:
    return QueryTimeoutError(f"{what} exceeded the {timeout:g} s time limit and was stopped; narrow it (more "
                             "specific patterns, LIMIT) or give a longer --timeout")


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count() + 1  # no /proc: assume a native thread may be running


def run_forked(work: Callable[[], bytes], *, timeout: float | None, max_memory: int | None = None,
               what: str = "the query") -> bytes:
    """``work()`` in a forked child: its bytes, or its ``KgError`` raised here; killed at the deadline or on
    Ctrl-C. The child runs the work from scratch (``kg query`` forks before it opens the store).

    A fork copies only the calling thread: in a process that runs other threads (Oxigraph's, once any store
    was opened; a test runner's, a notebook's) a lock one of them holds would stay held in the child forever.
    There the work runs in this process instead, without the time limit: only the ``kg`` command itself,
    which starts with one thread, gets the limit and Ctrl-C.
    """
    if _threads() > 1:
        return work()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it kills this process
        # The answer, or the error, goes through the pipe; the engine's own last words (an allocation failing
        # under the memory limit) would only add lines to the one-line error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        try:
            limit_memory(max_memory)
            payload = b"ok" + work()
        except KgError as e:
            import pickle

            try:
                payload = b"er" + pickle.dumps(e)  # the error itself, with what it carries (a syntax excerpt)
            except Exception:  # noqa: BLE001 - an unpicklable error still gets its message across
                payload = b"er" + pickle.dumps(KgError(str(e)))
        except MemoryError:
            payload = b"mm"
        except BaseException:  # noqa: BLE001 - a bug: its traceback goes to the parent, which shows it
            payload = b"tb" + traceback.format_exc().encode("utf-8", "replace")
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view):]
        finally:
            os._exit(0)
    os.close(write_end)
    chunks = []
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while True:
            wait = _POLL if deadline is None else max(0.0, min(_POLL, deadline - time.monotonic()))
            ready, _, _ = select.select([read_end], [], [], wait)
            if ready:
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            elif deadline is not None and time.monotonic() >= deadline:
                raise _timeout_error(timeout, what)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    payload = b"".join(chunks)
    if payload.startswith(b"ok"):
        return payload[2:]
    if payload.startswith(b"er"):
        import pickle

        raise pickle.loads(payload[2:])
    if payload.startswith(b"mm"):
        raise _memory_error(max_memory, what)
    if payload.startswith(b"tb"):
        raise RuntimeError(f"{what} failed in its process:\n{payload[2:].decode('utf-8', 'replace')}")
    signal_number = -os.waitstatus_to_exitcode(status)
    if max_memory and signal_number == signal.SIGABRT:
        raise _memory_error(max_memory, what)  # Oxigraph aborts when an allocation fails under the limit
    raise RuntimeError(f"{what} ended its process without an answer (exit status {os.waitstatus_to_exitcode(status)})")


# --- the Python API: a fresh interpreter per query ----------------------------------------------------------------


def _child_main() -> None:
    """``python -m kg.isolate``: read one job (pickled) on stdin, answer it (pickled) on stdout."""
    import pickle
    import sys

    import pyoxigraph as ox

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    source, text, options, max_memory = pickle.load(sys.stdin.buffer)

    def answer(kind: str, value) -> None:
        sys.stdout.buffer.write(pickle.dumps((kind, value)))
        sys.stdout.buffer.flush()

    try:
        limit_memory(max_memory)
        kind, location = source
        if kind == "file":
            from .store import graph_from_file

            store = graph_from_file(location)
        elif kind == "snapshot":
            from .snapshot import open_snapshot

            store, _, _ = open_snapshot(location, location)
        else:
            store = ox.Store.read_only(location)
        try:
            result = store.query(text, **options)
        except SyntaxError as e:
            return answer("syntax", str(e))
        if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
            answer("results", result.serialize(format=ox.QueryResultsFormat.JSON))
        else:
            answer("graph", ox.serialize(result, format=ox.RdfFormat.N_TRIPLES))
    except MemoryError:
        answer("memory", "")
    except KgError as e:
        answer("kg", str(e))
    except OSError as e:
        answer("store", str(e))


def query_in_child(source: tuple, text: str, options: dict, *, timeout: float,
                   max_memory: int | None = DEFAULT_MAX_MEMORY, label: str = "query"):
    """Evaluate ``text`` on ``source`` (("file", path), ("snapshot", folder) or ("folder", path)) in a child
    process, stopped after ``timeout`` seconds; pyoxigraph results, as ``store.query`` returns them.

    The child is a fresh interpreter (``python -m kg.isolate``), not a fork of this process (which may have
    Oxigraph's threads running) nor a multiprocessing child (which would run the caller's script again).
    """
    import pickle
    import subprocess
    import sys

    import pyoxigraph as ox

    package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    # A session of its own: Ctrl-C at a terminal reaches this process, which then kills the child.
    env["RUST_BACKTRACE"] = "0"  # an allocation failing under the limit prints one line, not a trace
    child = subprocess.Popen([sys.executable, "-m", "kg.isolate"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    deadline = time.monotonic() + timeout
    chunks = []
    try:
        child.stdin.write(pickle.dumps((source, text, options, max_memory)))
        child.stdin.close()
        fd = child.stdout.fileno()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _timeout_error(timeout, label)
            ready, _, _ = select.select([fd], [], [], min(_POLL, remaining))
            if ready:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()
    if not chunks:
        if max_memory and child.returncode == -signal.SIGABRT:
            raise _memory_error(max_memory, label)
        raise RuntimeError(f"{label}: its process ended without an answer (exit code {child.returncode})")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "results":
        return ox.parse_query_results(value, format=ox.QueryResultsFormat.JSON)
    if kind == "graph":
        return [quad.triple for quad in ox.parse(value, format=ox.RdfFormat.N_TRIPLES)]
    if kind == "syntax":
        raise SyntaxError(value)  # the caller names the query, line and column
    if kind == "memory":
        raise _memory_error(max_memory, label)
    if kind == "store":
        raise QueryError(f"{label}: the store could not answer: {value}")
    raise QueryError(value)


if __name__ == "__main__":
    _child_main()
